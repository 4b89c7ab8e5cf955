"""Hypothesis tests against R: chisq.test, kruskal.test, prop.trend.test, Jonckheere by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from rfixtures import REF, trust_sample
from rfixtures import fixture as load
from trustlab.models import (
    ModelError,
    ModelWarning,
    chi_square_test,
    cochran_armitage,
    cochran_armitage_counts,
    jonckheere_terpstra,
    kruskal_wallis,
)

CLOSED = 1e-10  # closed-form statistics; R writes 15-17 significant digits


@pytest.fixture(scope="module")
def simple() -> dict:
    return load("simple_tests")


@pytest.fixture(scope="module")
def ref() -> dict:
    return load("trust_sample")["tests"]


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return trust_sample()


def test_chi_square_2x2(simple):
    want = simple["chisq_2x2_pearson"]
    r = chi_square_test(table=want["table"]["values"])
    assert_allclose(r.statistic, want["statistic"], rtol=CLOSED)
    assert_allclose(r.p_value, want["p_value"], rtol=CLOSED)
    assert r.df == 1
    assert_allclose(r.extra["expected"].to_numpy(), want["expected"]["values"], rtol=CLOSED)
    assert_allclose(r.extra["cramers_v"], np.sqrt(want["statistic"] / 70), rtol=CLOSED)


def test_chi_square_2x3(simple):
    # the fixture's note says some expected counts are below 5, but the smallest is 6.2:
    # no warning, and no Monte Carlo p-value unless asked for
    want = simple["chisq_2x3"]
    r = chi_square_test(table=want["table"]["values"])
    assert_allclose(r.statistic, want["statistic"], rtol=CLOSED)
    assert_allclose(r.p_value, want["p_value"], rtol=CLOSED)
    assert_allclose(r.extra["expected"].to_numpy(), want["expected"]["values"], rtol=CLOSED)
    assert "p_value_monte_carlo" not in r.extra and not r.warnings
    r = chi_square_test(table=want["table"]["values"], monte_carlo=True, seed=1)
    assert 0 < r.extra["p_value_monte_carlo"] < 1 and r.extra["n_resamples"] == 2000


def test_chi_square_trust_sample(sample, ref):
    want = ref["chisq"]
    with pytest.warns(ModelWarning, match="expected counts are below 5"):
        r = chi_square_test(sample, "meeting_frequency", "quadrant", n_resamples=2000, seed=3)
    assert_allclose(r.statistic, want["statistic"], rtol=CLOSED)
    assert r.df == want["df"]
    assert_allclose(r.p_value, want["p_value"], rtol=CLOSED)
    assert_allclose(r.extra["cramers_v"], want["cramers_v"], rtol=CLOSED)
    assert_allclose(r.extra["expected"].to_numpy(), want["expected"]["values"], rtol=CLOSED)
    # R (B = 1e5): 2e-5, i.e. no simulated table as extreme; ours with B = 2000 likewise
    assert r.extra["p_value_monte_carlo"] == pytest.approx(1 / 2001)


def test_monte_carlo_p_value_agrees_with_exact_within_mc_error():
    # the Monte Carlo p estimates the permutation p-value of the chi-square statistic; R's
    # chisq.test(simulate.p.value = TRUE, B = 1e5) with set.seed(1) gives 0.02976
    tab = [[20, 10], [15, 25]]
    r = chi_square_test(table=tab, monte_carlo=True, n_resamples=20000, seed=11)
    assert abs(r.extra["p_value_monte_carlo"] - 0.02976) < 4 * np.sqrt(0.03 * 0.97 / 20000)


def test_monte_carlo_is_reproducible_with_seed():
    tab = [[3, 1, 0], [1, 4, 2]]
    with pytest.warns(ModelWarning):
        a = chi_square_test(table=tab, seed=5).extra["p_value_monte_carlo"]
    with pytest.warns(ModelWarning):
        b = chi_square_test(table=tab, seed=5).extra["p_value_monte_carlo"]
    assert a == b


def test_chi_square_drops_empty_rows():
    tab = pd.DataFrame([[10, 12], [0, 0], [11, 9]], index=["a", "b", "c"])
    with pytest.warns(ModelWarning, match="Empty categories left out"):
        r = chi_square_test(table=tab)
    assert r.df == 1
    with pytest.raises(ModelError, match="at least two"):
        chi_square_test(table=[[1, 2]])


def test_kruskal_airquality(simple):
    want = simple["kruskal"]
    d = pd.read_csv(REF / "data" / "airquality_ozone.csv")
    r = kruskal_wallis(d, "Ozone", "Month")
    assert r.n == want["n_used"] and r.n_dropped == 37
    assert_allclose(r.statistic, want["statistic"], rtol=CLOSED)
    assert_allclose(r.p_value, want["p_value"], rtol=CLOSED)
    assert r.df == want["parameter"]["df"]


def test_kruskal_trust_sample(sample, ref):
    r = kruskal_wallis(sample, "trust", "meeting_frequency")
    assert_allclose(r.statistic, ref["kruskal"]["statistic"], rtol=CLOSED)
    assert_allclose(r.p_value, ref["kruskal"]["p_value"], rtol=CLOSED)


@pytest.mark.parametrize(
    ("outcome", "key"), [("trust", "jonckheere"), ("distrust", "jonckheere_distrust")]
)
def test_jonckheere_matches_r_by_hand(sample, ref, outcome, key):
    want = ref[key]
    r = jonckheere_terpstra(sample, outcome, "meeting_frequency")
    assert r.statistic == want["statistic"] and r.n == want["n"]
    assert_allclose(r.extra["mean"], want["mean"], rtol=CLOSED)
    assert_allclose(r.extra["variance"], want["variance"], rtol=CLOSED)
    assert_allclose(r.extra["z"], want["z"], rtol=CLOSED)
    assert_allclose(r.p_value, want["p_two_sided"], rtol=CLOSED)
    up = jonckheere_terpstra(sample, outcome, "meeting_frequency", alternative="increasing")
    assert_allclose(up.p_value, want["p_increasing"], rtol=CLOSED)


def test_jonckheere_without_ties_has_the_classic_variance():
    d = pd.DataFrame({"y": [1.0, 3, 2, 5, 4, 6], "g": list("aabbcc")})
    r = jonckheere_terpstra(d, "y", "g")
    n, nk = 6, np.array([2, 2, 2])
    classic = (n**2 * (2 * n + 3) - np.sum(nk**2 * (2 * nk + 3))) / 72
    assert_allclose(r.extra["variance"], classic, rtol=1e-12)
    assert r.statistic == 10  # a<b: 3, a<c: 4, b<c: 3
    with pytest.raises(ModelError, match="alternative"):
        jonckheere_terpstra(d, "y", "g", alternative="up")


@pytest.mark.parametrize("key", ["trend", "trend_scores"])
def test_cochran_armitage_counts(simple, key):
    want = simple[key]
    r = cochran_armitage_counts(want["x"], want["n"], scores=want["score"])
    assert_allclose(r.statistic, want["statistic"], rtol=CLOSED)
    assert_allclose(r.p_value, want["p_value"], rtol=CLOSED)


def test_cochran_armitage_trust_sample(sample, ref):
    want = ref["cochran_armitage"]
    r = cochran_armitage(sample, "high_trust", "meeting_frequency")
    assert r.extra["successes"] == want["x"] and r.extra["totals"] == want["n"]
    assert_allclose(r.statistic, want["statistic"], rtol=CLOSED)
    assert_allclose(r.p_value, want["p_value"], rtol=CLOSED)
    assert r.extra["z"] > 0
    assert "Trend in Proportions" in repr(r)


def test_cochran_armitage_rejects_non_binary():
    d = pd.DataFrame({"y": [0, 2, 1], "g": ["a", "b", "b"]})
    with pytest.raises(ModelError, match="0/1"):
        cochran_armitage(d, "y", "g")
