"""trustlab.models._logit_large: the row-block IRLS is the whole-array IRLS to the last bit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal

from trustlab.models import _large
from trustlab.models._logit_large import irls_rows


def _whole_array_irls(X, y, max_iter=100):
    """The iteration as logit ran it on many rows before the row blocks (the reference)."""
    mu = (y + 0.5) / 2
    eta = np.log(mu / (1 - mu))
    beta = np.zeros(X.shape[1])
    dev_old = np.inf
    for it in range(1, max_iter + 1):
        w = mu * (1 - mu)
        z = eta + (y - mu) / w
        beta = np.linalg.solve(_large.weighted_gram(X, w), X.T @ (w * z))
        eta = X @ beta
        with np.errstate(over="ignore"):
            mu = 1 / (1 + np.exp(-eta))
        mu = np.clip(mu, 1e-300, 1 - 1e-16)
        with np.errstate(divide="ignore", invalid="ignore"):
            dev = float(-2 * np.where(y == 1, np.log(mu), np.log1p(-mu)).sum())
        if abs(dev - dev_old) / (abs(dev) + 0.1) < 1e-12:
            return beta, True, it
        dev_old = dev
    return beta, False, max_iter


@pytest.fixture
def data(tmp_path):
    rng = np.random.default_rng(21)
    n = 4000
    df = pd.DataFrame({"x": rng.normal(size=n).round(3), "g": rng.integers(0, 3, n)})
    eta = -0.3 + 0.8 * df["x"] + 0.5 * (df["g"] == 2)
    df["y"] = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(float)
    path = tmp_path / "logit.csv"
    df.to_csv(path, index=False)
    df = pd.read_csv(path)
    X = np.column_stack([np.ones(n), df["x"], df["g"] == 1, df["g"] == 2]).astype(float)
    return X, df["y"].to_numpy(dtype=float)


def test_irls_rows_is_the_whole_array_iteration_bit_for_bit(data, monkeypatch):
    X, y = data
    monkeypatch.setattr(_large, "CHUNK_ROWS", 256)  # many blocks, the last one short
    beta, converged, iterations = irls_rows(X, y)
    ref_beta, ref_converged, ref_iterations = _whole_array_irls(X, y)
    assert converged and ref_converged and iterations == ref_iterations > 2
    assert_array_equal(beta, ref_beta)


def test_irls_rows_stops_after_max_iter_with_the_last_estimates(data):
    X, y = data
    beta, converged, iterations = irls_rows(X, y, max_iter=2)
    ref_beta, _, _ = _whole_array_irls(X, y, max_iter=2)
    assert (converged, iterations) == (False, 2)
    assert_array_equal(beta, ref_beta)


def _separated_one_by_one(X, y):
    """The dummies with one outcome only, column by column (as logit looked for them before)."""
    out = []
    for j in range(X.shape[1]):
        col = X[:, j]
        in_cat = col == 1
        if (in_cat | (col == 0)).all() and in_cat.any() and y[in_cat].min() == y[in_cat].max():
            out.append(j)
    return out


def test_indicator_sums_find_the_separated_dummies_as_column_by_column(data, monkeypatch):
    from trustlab.models._logit_large import indicator_sums

    X, y = data
    monkeypatch.setattr(_large, "CHUNK_ROWS", 300)
    y = y.copy()
    y[X[:, 2] == 1] = 1.0  # every outcome of the first dummy is 1: separated
    X = np.column_stack([X, np.zeros(len(y)), 2 * X[:, 3]])  # an empty dummy, a non-indicator
    flags, ones, y_sums = indicator_sums(X, y)
    found = [j for j in range(X.shape[1]) if flags[j] and ones[j] > 0 and y_sums[j] in (0, ones[j])]
    assert found == _separated_one_by_one(X, y) == [2]
    assert flags.tolist() == [True, False, True, True, True, False]
    assert_array_equal(ones[[0, 2, 3, 4]], X[:, [0, 2, 3, 4]].sum(axis=0))
    for j in (0, 2, 3, 4):  # the outcome's sum over each indicator's ones, exactly
        assert y_sums[j] == y[X[:, j] == 1].sum()


def _reference_average(design, beta, var, level):
    """Average probability and gradient with everyone at ``level``, from fresh arrays."""
    base = design.X @ beta
    for j, v in enumerate(design.term_variable):
        if v == var:
            base = base - design.X[:, j] * beta[j]
    target = f"{var}[{level}]"
    shift = beta[design.terms.index(target)] if target in design.terms else 0.0
    p = 1 / (1 + np.exp(-(base + shift)))
    dens = p * (1 - p)
    grad = (dens @ design.X) / len(p)
    for j, v in enumerate(design.term_variable):
        if v == var:
            grad[j] = 0.0
    if target in design.terms:
        grad[design.terms.index(target)] = dens.mean()
    return float(p.mean()), grad


def test_predicted_probabilities_in_reused_arrays_equal_fresh_ones(tmp_path):
    from trustlab.models import logit
    from trustlab.models._design import build_design

    rng = np.random.default_rng(8)
    df = pd.DataFrame(
        {
            "g": rng.choice(["a", "b", "c"], 900),
            "h": rng.choice(["u", "v"], 900),
            "x": rng.normal(size=900).round(3),
        }
    )
    df["y"] = (rng.uniform(size=900) < 0.3 + 0.2 * (df["g"] == "b")).astype(float)
    df.to_csv(tmp_path / "d.csv", index=False)
    df = pd.read_csv(tmp_path / "d.csv")
    fit = logit(df, "y", ["g", "h", "x"], by="g")
    design = build_design(df, "y", ["g", "h", "x"])
    beta = fit.coefficients["estimate"].to_numpy()
    for i, level in enumerate(["a", "b", "c"]):
        prob, _ = _reference_average(design, beta, "g", level)
        assert fit.predicted["probability"].iloc[i] == prob
    p_b, g_b = _reference_average(design, beta, "h", "v")
    p_a, g_a = _reference_average(design, beta, "h", "u")
    ame = fit.marginal_effects.set_index("term")
    assert ame.loc["h[v]", "estimate"] == p_b - p_a
    se = np.sqrt((g_b - g_a) @ fit.vcov.to_numpy() @ (g_b - g_a))
    np.testing.assert_allclose(ame.loc["h[v]", "std_error"], se, rtol=1e-14)


def test_predicted_from_the_marginal_effects_averages_equals_its_own_pass(tmp_path, monkeypatch):
    from trustlab.models import _logit_effects, logit
    from trustlab.models._design import build_design

    monkeypatch.setattr(_logit_effects, "_STEP", 64)  # the element-wise work in many steps
    rng = np.random.default_rng(9)
    n = 1000
    df = pd.DataFrame(
        {
            "g": pd.Categorical(rng.choice(["a", "b", "c"], n), categories=["a", "b", "c", "d"]),
            "h": rng.choice(["u", "v"], n),
            "x": rng.normal(size=n).round(3),
        }
    )
    df["y"] = (rng.uniform(size=n) < 0.3 + 0.2 * (df["g"] == "b")).astype(float)
    df.to_pickle(tmp_path / "d.pkl")
    df = pd.read_pickle(tmp_path / "d.pkl")
    with pytest.warns(Warning, match="no rows"):  # category d is empty: its term is left out
        design = build_design(df, "y", ["g", "h", "x"])
        fit = logit(df, "y", ["g", "h", "x"], by="g")
    beta = fit.coefficients["estimate"].to_numpy()
    v = fit.vcov.to_numpy()
    averages = {}
    ame = _logit_effects.marginal_effects(design, beta, v, None, 0.95, averages=averages, by="g")
    assert sorted(averages) == ["a", "b", "c", "d"]
    own = _logit_effects.predicted(design, "g", beta, v, None, 0.95)
    shared = _logit_effects.predicted(design, "g", beta, v, None, 0.95, averages)
    pd.testing.assert_frame_equal(shared, own, check_exact=True)
    # the fit's covariance came through a DataFrame (another memory layout): its SEs may
    # differ in the last bit, its probabilities may not
    assert_array_equal(fit.predicted["probability"], own["probability"])
    assert own.loc["d"].isna().all()  # the empty category: NaN, not the reference's value
    for level in ("a", "b", "c"):  # the averages equal the whole-array reference to the bit
        prob, grad = _reference_average(design, beta, "g", level)
        assert averages[level][0] == prob
        assert_array_equal(averages[level][1], grad)
    assert_array_equal(fit.marginal_effects["estimate"], ame["estimate"])


def test_marginal_effects_of_numeric_predictors_equal_the_plain_formula_bit_for_bit(
    tmp_path, monkeypatch
):
    from trustlab.models import _logit_effects, logit
    from trustlab.models._design import build_design

    rng = np.random.default_rng(10)
    n = 1200
    df = pd.DataFrame(
        {"g": rng.choice(["a", "b"], n), "x": rng.normal(size=n), "z": rng.uniform(size=n)}
    )
    df["y"] = (rng.uniform(size=n) < 1 / (1 + np.exp(-(0.4 * df["x"] - df["z"])))).astype(float)
    df.to_pickle(tmp_path / "d.pkl")
    df = pd.read_pickle(tmp_path / "d.pkl")
    design = build_design(df, "y", ["g", "x", "z"])
    beta = logit(df, "y", ["g", "x", "z"]).coefficients["estimate"].to_numpy()
    v = np.eye(len(beta))
    seen = []  # the gradients behind the standard errors
    se = _logit_effects._se
    monkeypatch.setattr(_logit_effects, "_se", lambda grads, v: seen.append(grads) or se(grads, v))
    ame = _logit_effects.marginal_effects(design, beta, v, None, 0.95).set_index("term")
    p = 1 / (1 + np.exp(-(design.X @ beta)))
    dens = p * (1 - p)
    for i, term in enumerate(("x", "z"), start=1):  # after g[b]: each numeric predictor
        j = design.terms.index(term)
        e_j = np.zeros(len(beta))
        e_j[j] = 1.0
        grad = dens.mean() * e_j + beta[j] * ((dens * (1 - 2 * p)) @ design.X) / n
        assert ame.loc[term, "estimate"] == float(dens.mean() * beta[j])
        assert_array_equal(seen[0][i], grad)
