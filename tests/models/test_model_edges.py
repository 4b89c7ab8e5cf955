"""Regression tests of the models and tests at their numeric edges (issue 17, item 4).

Each case once reached a numpy/scipy exception or warning (named in the test); now it gives a
result that says what happened, or a ModelError naming the column, row and bound. A
RuntimeWarning fails the suite, so "no numpy warning" needs no assertion of its own.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import trustlab
from trustlab.errors import ModelError, ModelWarning, TrustlabWarning


@pytest.fixture
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n = 60
    return pd.DataFrame({
        "y": rng.normal(size=n), "x": rng.normal(size=n),
        "b": rng.integers(0, 2, n).astype(float),
        "g": pd.Categorical(rng.choice(["a", "b", "c"], n), categories=["a", "b", "c", "d"],
                            ordered=True),
        "cl": rng.choice([f"c{i}" for i in range(6)], n), "o": rng.integers(1, 5, n).astype(float),
    })  # fmt: skip


def _quiet(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrustlabWarning)
        return fn()


MODELS = {
    "ols": (lambda f: trustlab.ols(f, "y", ["x"]), "y"),
    "logit": (lambda f: trustlab.logit(f, "b", ["x"]), "b"),
    "mixed": (lambda f: trustlab.mixed_model(f, "y", ["x"], group="cl"), "y"),
    "ordinal": (lambda f: trustlab.ordinal_logit(f, "o", ["x"]), "o"),
    "contrasts": (lambda f: trustlab.adjacent_contrasts(f, "y", "g", covariates=["x"]), "y"),
}


@pytest.mark.parametrize("value", [np.inf, -np.inf, 1e308, -1e51])
@pytest.mark.parametrize("role", ["predictor", "outcome"])
@pytest.mark.parametrize("model", sorted(MODELS))
def test_infinite_or_huge_values_are_refused_naming_column_and_row(frame, value, role, model):
    # ols with an infinite predictor was numpy's LinAlgError ("SVD did not converge"); an
    # infinite outcome gave all-NaN coefficients and "invalid value encountered in subtract"
    fit, outcome = MODELS[model]
    column = "x" if role == "predictor" else outcome
    frame.loc[7, column] = value
    with pytest.raises(ModelError) as info:
        _quiet(lambda: fit(frame))
    assert f"{column!r} holds" in str(info.value) and "(row 7)" in str(info.value)
    assert info.value.column == column


def test_perfect_separation_on_a_binary_predictor_is_a_warning(frame):
    # once numpy's LinAlgError
    frame["s"] = frame["b"]
    for cluster in (None, "cl"):
        res = _quiet(lambda c=cluster: trustlab.logit(frame, "b", ["s"], cluster=c))
        assert res.separation == ("s",)
        assert any("Separation" in w for w in res.warnings)
        assert np.isnan(res.coefficients.set_index("term").loc["s", "p_value"])


def test_an_intercept_only_logit_with_clusters(frame):
    # a constant predictor is aliased with the intercept: the marginal effects were built from
    # arrays of different lengths (pandas' ValueError)
    res = _quiet(lambda: trustlab.logit(frame.assign(x=1.0), "b", ["x"], cluster="cl"))
    assert res.dropped_terms == ("x",) and res.marginal_effects.empty


def test_a_constant_predictor_of_an_ordinal_model_is_left_out(frame):
    # statsmodels: "There should not be a constant in the model" (ValueError)
    res = _quiet(lambda: trustlab.ordinal_logit(frame.assign(x=1.0), "o", ["x", "y"]))
    assert "x" in res.dropped_terms
    assert any("aliased with the thresholds" in w for w in res.warnings)
    assert "x" not in set(res.coefficients["term"])


def test_a_constant_outcome_of_a_mixed_model_is_refused(frame):
    with pytest.raises(ModelError, match=r"has the same value \(1\) in every used row"):
        _quiet(lambda: trustlab.mixed_model(frame.assign(y=1.0), "y", ["x"], group="cl"))


@pytest.mark.parametrize("test", [trustlab.kruskal_wallis, trustlab.jonckheere_terpstra])
def test_rank_tests_refuse_a_constant_outcome(frame, test):
    # "divide by zero encountered in scalar divide" (all ranks tied)
    with pytest.raises(ModelError, match=r"has the same value \(2\) in every row used"):
        test(frame.assign(y=2.0), "y", "g")


def test_jonckheere_terpstra_on_two_observations():
    # the tie terms divided 0 by 0 ("invalid value encountered in scalar divide")
    df = pd.DataFrame({"y": [0.1, -0.1], "g": ["b", "c"]})
    res = trustlab.jonckheere_terpstra(df, "y", "g")
    assert res.statistic == 0.0 and 0 <= res.p_value <= 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"knots": [1e308]}, "No knot gives a broken stick"),
     ({"knots": [float("nan")]}, "each knot must be a finite number"),
     ({"knots": 3.0}, "knots must be a list of numbers")],
)  # fmt: skip
def test_broken_stick_knots(frame, kwargs, message):
    # a knot outside the data left the hinge out of the model: pandas' KeyError
    with pytest.raises(ModelError, match=message):
        _quiet(lambda: trustlab.broken_stick(frame, "y", "x", **kwargs))


def test_broken_stick_with_too_many_candidate_knots(frame):
    big = pd.DataFrame({"y": np.arange(1500.0) % 7, "x": np.arange(1500.0)})
    with pytest.raises(ModelError, match="has 1,500 distinct values, so 1,498 candidate knots"):
        trustlab.broken_stick(big, "y", "x")


@pytest.mark.parametrize(
    ("count", "n"), [(5e-324, 5), (2.5, 5), (np.inf, 5), (3, 2), (-1, 5), (1, 1e308)]
)
@pytest.mark.parametrize("interval", [trustlab.wilson_interval, trustlab.exact_interval])
def test_interval_counts_are_whole_numbers_within_n(interval, count, n):
    # a denormal count overflowed scipy's beta function (boost OverflowError); n = 1e308
    # overflowed in the Wilson formula
    with pytest.raises(ModelError, match="The count must be a whole number between 0 and n"):
        interval(count, n)


def test_interval_of_an_unknown_count_is_unknown():
    low, high = trustlab.wilson_interval(np.nan, 10)
    assert np.isnan(low) and np.isnan(high)


@pytest.mark.parametrize("p", [[0.5, -1e308], [np.inf], [1.5]])
def test_holm_refuses_what_is_not_a_p_value(p):
    with pytest.raises(ModelError, match="A p-value must lie between 0 and 1"):
        trustlab.holm(p)


def test_chi_square_refuses_an_infinite_count():
    with pytest.raises(ModelError, match="finite counts from 0 to 1e15"):
        trustlab.chi_square_test(table=[[1, np.inf], [2, 3]])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"n_resamples": float("nan")}, "n_resamples must be a whole number from 1 to 1,000,000"),
     ({"n_resamples": 10**30}, "n_resamples must be a whole number from 1 to 1,000,000"),
     ({"seed": -1}, "seed must be a whole number of at least 0"),
     ({"seed": 2.5}, "seed must be a whole number of at least 0, got 2.5")],
)  # fmt: skip
def test_chi_square_arguments(frame, kwargs, message):
    with pytest.raises(ModelError, match=message):
        trustlab.chi_square_test(frame, "g", "cl", monte_carlo=True, **kwargs)


def test_threshold_statement_names_a_category_without_data():
    # the analysis printed "the share is nan%" for an empty meeting-frequency category
    s = trustlab.threshold_statement({"<1": 0.72, "1-2": 0.4, "3-4": np.nan})
    assert "nan" not in s.statement["en"] and "nan" not in s.statement["nl"]
    assert s.statement["en"].endswith("Without data (left out): '3-4'.")
    with pytest.raises(ModelError, match="cutoff must be a number between"):
        trustlab.threshold_statement({"a": 0.2}, cutoff=1e308)


def test_group_means_refuses_an_infinite_outcome(frame):
    frame.loc[3, "y"] = np.inf  # "invalid value encountered in subtract" in numpy's std
    with pytest.raises(ModelError, match=r"The outcome 'y' holds an infinite value \(row 3\)"):
        trustlab.group_means(frame, "y", "g")


@pytest.mark.parametrize("level", [float("nan"), "x", None, 1.0])
def test_confidence_level_must_be_a_number_between_0_and_1(frame, level):
    with pytest.raises(ModelError, match="confidence_level must be"):
        trustlab.ols(frame, "y", ["x"], confidence_level=level)


def test_fuzz_finding_trend_scores_a_denormal_apart():
    # the squares of scores 5e-324 apart underflowed to 0: 0 / 0 ("invalid value encountered
    # in scalar divide"); the statistic is invariant to rescaling the scores, which now happens
    tiny = trustlab.cochran_armitage_counts([0, 1], [50, 50], scores=[-0.0, 5e-324])
    plain = trustlab.cochran_armitage_counts([0, 1], [50, 50], scores=[1, 2])
    assert tiny.statistic == pytest.approx(plain.statistic, rel=1e-12)
    assert tiny.p_value == pytest.approx(plain.p_value, rel=1e-12)


def test_fuzz_finding_ordinal_model_predicting_every_answer():
    # three respondents, three answers, one predictor: a perfect fit with NaN standard errors
    # and no word about it
    df = pd.DataFrame({"x": [-0.0, -0.535669, 0.361595], "o": [3.0, 4.0, 2.0]})
    res = _quiet(lambda: trustlab.ordinal_logit(df, "o", ["x"]))
    assert any("Separation" in w for w in res.warnings)


def test_ordinal_predictor_spanning_fifty_orders_of_magnitude_is_said_not_to_converge():
    # fuzzing (tools/fuzz.py, round of 2026-11-30): statsmodels took x = [1e50, 0.36, 1.3, 0.95]
    # for a constant and raised a bare ValueError. The Newton fit (clm's) says in a warning that
    # it did not converge, and returns what it has
    frame = pd.DataFrame({"o": [1, 3, 2, 0], "x": [1e50, 0.361595055, 1.30400005, 0.947080963]})
    with pytest.warns(ModelWarning, match="did not converge"):
        res = trustlab.ordinal_logit(frame, "o", ["x"])
    assert not res.converged
    assert "did not converge" in " ".join(res.warnings)
