"""Wild cluster bootstrap (WCR) against the same algorithm written by hand in R
(tests/reference/cluster_inference.R refits the model on every bootstrap sample): exact under
full enumeration, within Monte Carlo error with random weights."""

from __future__ import annotations

import warnings
from functools import cache

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from rfixtures import data, trust_sample
from rfixtures import fixture as load
from trustlab.models import ModelError, logit, ols, wild_cluster_bootstrap
from trustlab.models.wild_bootstrap import TIE_TOL, _WcrStatistics

# Full enumeration is deterministic: the p-value is a count over 2^G sign vectors (compared
# exactly), the t statistic and the interval ends (bisection to the last representable point on
# both sides) are closed forms computed two ways (refits in R, sums here): observed 1e-13.
EXACT = 1e-8
TOP = "meeting_frequency[meer dan 4 keer per jaar]"
TS = ["meeting_frequency", "role", "org_type", "years_in_network"]


def ref() -> dict:
    return load("wild_bootstrap")


@cache
def small_fits() -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 10 and 12 clusters: ols warns that they are few
        ho = ols(data("heldout_10_teams.csv"), "score", ["per_month", "tenure"], cluster="team")
        d = trust_sample()
        d12 = d[d["network_id"].isin([f"N{i:02d}" for i in range(1, 13)])]
        ts = ols(d12, "trust", ["per_year", "years_in_network"], cluster="network_id")
    return {"heldout_10_teams": (ho, "per_month"), "trust_12_networks": (ts, "per_year")}


@cache
def full_fit():
    return ols(trust_sample(), "trust", TS, cluster="network_id")


@pytest.mark.parametrize("case", ["heldout_10_teams", "trust_12_networks"])
def test_full_enumeration_p_value_is_r_s_exactly(case):
    fit, term = small_fits()[case]
    r = ref()["full_enumeration"][case]
    res = wild_cluster_bootstrap(fit, term, weights="rademacher", conf_int=False)
    assert res.full_enumeration and res.n_boot == r["B"] == 2 ** r["n_clusters"]
    assert res.p_value == r["p_value"]


@pytest.mark.parametrize("case", ["heldout_10_teams", "trust_12_networks"])
def test_full_enumeration_p_value_away_from_zero(case):
    fit, term = small_fits()[case]
    res = wild_cluster_bootstrap(fit, term, weights="rademacher", null_value=0.1, conf_int=False)
    assert res.p_value == ref()["full_enumeration"][case]["p_value_r1"]


@pytest.mark.parametrize("case", ["heldout_10_teams", "trust_12_networks"])
def test_full_enumeration_t_statistic(case):
    fit, term = small_fits()[case]
    res = wild_cluster_bootstrap(fit, term, weights="rademacher", conf_int=False)
    assert_allclose(res.statistic, ref()["full_enumeration"][case]["t_stat"], rtol=EXACT)
    # the data's t is the CR1S (vcovCL HC1) t
    row = fit.coefficients.set_index("term").loc[term]
    assert_allclose(res.statistic, row["estimate"] / row["std_error_cluster"], rtol=1e-12)


@pytest.mark.parametrize("case", ["heldout_10_teams", "trust_12_networks"])
def test_full_enumeration_confidence_interval(case):
    fit, term = small_fits()[case]
    res = wild_cluster_bootstrap(fit, term, weights="rademacher")
    assert_allclose(
        [res.ci_low, res.ci_high], ref()["full_enumeration"][case]["conf_int"], rtol=EXACT
    )


def test_the_interval_ends_are_where_the_p_value_crosses_the_level():
    fit, term = small_fits()["trust_12_networks"]
    res = wild_cluster_bootstrap(fit, term, weights="rademacher")
    assert res.ci_low < res.estimate < res.ci_high
    for end, inside in ((res.ci_low, 1), (res.ci_high, -1)):
        step = 1e-9 * abs(end)
        inner = wild_cluster_bootstrap(
            fit, term, weights="rademacher", null_value=end + inside * step, conf_int=False
        )
        outer = wild_cluster_bootstrap(
            fit, term, weights="rademacher", null_value=end - inside * step, conf_int=False
        )
        assert inner.p_value > 0.05 >= outer.p_value


def test_the_all_minus_one_sign_vector_ties_and_does_not_count():
    fit, term = small_fits()["heldout_10_teams"]
    res = wild_cluster_bootstrap(fit, term, weights="rademacher", conf_int=False)
    tb = res.bootstrap_statistics
    # sign vectors v and -v give opposite t*; v = all ones (row 0) reproduces the data's t
    assert_allclose(tb[0], res.statistic, rtol=1e-12)
    assert_allclose(tb[-1], -res.statistic, rtol=1e-12)
    assert_allclose(np.sort(np.abs(tb[: 2**9])), np.sort(np.abs(tb[2**9 :])), rtol=1e-12)
    count = np.abs(tb) > abs(res.statistic) * (1 + TIE_TOL)
    assert res.p_value == count.mean() and not count[0] and not count[-1]


def test_random_weights_are_seed_stable():
    fit = full_fit()
    a = wild_cluster_bootstrap(fit, TOP, n_boot=999, seed=11, conf_int=False)
    b = wild_cluster_bootstrap(fit, TOP, n_boot=999, seed=11, conf_int=False)
    c = wild_cluster_bootstrap(fit, TOP, n_boot=999, seed=12, conf_int=False)
    assert_array_equal(a.bootstrap_statistics, b.bootstrap_statistics)
    assert a.p_value == b.p_value and a.seed == 11
    assert not np.array_equal(a.bootstrap_statistics, c.bootstrap_statistics)
    assert a.weights == "rademacher" and not a.full_enumeration and a.n_boot == 999


@pytest.mark.parametrize("weights", ["rademacher", "webb"])
def test_random_weights_agree_with_r_within_monte_carlo_error(weights):
    r = ref()["random"]
    res = wild_cluster_bootstrap(full_fit(), TOP, weights=weights, n_boot=9999, seed=2024)
    assert_allclose(res.statistic, r["t_stat"], rtol=EXACT)
    p_r = r[f"p_{weights}"]
    # the two p-values are independent Monte Carlo estimates (B = 9,999 and 99,999)
    mc_se = np.sqrt(p_r * (1 - p_r) * (1 / 9999 + 1 / r["B"]))
    assert abs(res.p_value - p_r) < 4 * mc_se
    assert res.ci_low < res.estimate < res.ci_high


def test_auto_weights_are_webb_with_few_clusters():
    fit, term = small_fits()["heldout_10_teams"]
    few = wild_cluster_bootstrap(fit, term, n_boot=999, seed=1, conf_int=False)
    assert few.weights == "webb" and not few.full_enumeration
    assert set(np.round(few.bootstrap_statistics, 12)).__len__() > 2**9  # more than Rademacher
    many = wild_cluster_bootstrap(full_fit(), TOP, n_boot=99, seed=1, conf_int=False)
    assert many.weights == "rademacher"


def test_a_linear_combination_as_a_series_or_a_vector():
    fit = full_fit()
    terms = list(fit.coefficients["term"])
    c = np.zeros(len(terms))
    c[terms.index(TOP)] = 1.0
    by_term = wild_cluster_bootstrap(fit, TOP, n_boot=199, seed=3, conf_int=False)
    by_vector = wild_cluster_bootstrap(fit, c, n_boot=199, seed=3, conf_int=False)
    assert_array_equal(by_term.bootstrap_statistics, by_vector.bootstrap_statistics)
    assert by_vector.hypothesis == "contrast" and by_term.hypothesis == TOP
    assert list(by_term.summary().columns) == [
        "estimate",
        "null_value",
        "statistic",
        "p_value",
        "ci_low",
        "ci_high",
    ]
    assert "Wild cluster bootstrap (WCR, rademacher weights, B = 199, seed 3)" in repr(by_term)


def test_the_sums_reproduce_a_refit_of_every_bootstrap_sample():
    # the fast algebra against the textbook algorithm on a tiny problem
    rng = np.random.default_rng(5)
    n, G = 40, 6
    g = np.repeat(np.arange(G), n // G + 1)[:n]
    X = np.column_stack([np.ones(n), rng.normal(size=n), rng.normal(size=n)])
    y = X @ [1.0, 0.3, -0.2] + rng.normal(size=n) + rng.normal(size=G)[g]
    M = np.linalg.inv(X.T @ X)
    u = y - X @ (M @ X.T @ y)
    s0 = np.vstack([X[g == j].T @ u[g == j] for j in range(G)])
    gram = np.stack([X[g == j].T @ X[g == j] for j in range(G)])
    V = rng.choice([-1, 1], size=(7, G)).astype(np.int8)
    c, r = np.array([0.0, 1.0, 0.0]), 0.25
    fast = _WcrStatistics(M, s0, gram, M @ X.T @ y, c, V, "rademacher", n, 3).t(r)[1]
    Xr = X[:, [0, 2]]
    br = np.linalg.lstsq(Xr, y - r * X[:, 1], rcond=None)[0]
    fit_r = Xr @ br + r * X[:, 1]
    ssc = G / (G - 1) * (n - 1) / (n - 3)
    slow = []
    for v in V:
        ys = fit_r + (y - fit_r) * v[g]
        b = M @ X.T @ ys
        e = ys - X @ b
        S = np.array([(X[g == j] @ M @ c) @ e[g == j] for j in range(G)])
        slow.append((c @ b - r) / np.sqrt(ssc * S @ S))
    assert_allclose(fast, slow, rtol=1e-11)


def test_only_for_ols_with_a_cluster():
    with pytest.raises(ModelError, match="OLS fit with a cluster"):
        wild_cluster_bootstrap(ols(trust_sample(), "trust", TS), TOP)
    lg = logit(trust_sample(), "high_trust", TS, cluster="network_id")
    with pytest.raises(ModelError, match="OLS fit with a cluster"):
        wild_cluster_bootstrap(lg, TOP)
    with pytest.raises(ModelError, match="weights must be one of"):
        wild_cluster_bootstrap(full_fit(), TOP, weights="mammen")
    with pytest.raises(ModelError, match="not a term"):
        wild_cluster_bootstrap(full_fit(), "nonsense")
    with pytest.raises(ModelError, match="n_boot"):
        wild_cluster_bootstrap(full_fit(), TOP, n_boot=0)
