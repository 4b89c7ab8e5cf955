"""trustlab.distributions against scipy.stats (the same scipy.special functions: equal to the
last digit) and R's pchisq for the noncentral upper tail; and the start-up it exists for."""

import subprocess
import sys

import numpy as np
import pytest
import scipy.stats as st

from trustlab import distributions as d

X = np.array([-1.0, 0.0, 1e-8, 0.3, 1.0, 1.96, 3.84, 10.0, 60.0, 400.0, np.inf, np.nan])
Q = np.array([-0.1, 0.0, 1e-12, 0.001, 0.025, 0.5, 0.95, 0.975, 0.999999, 1.0, 1.5, np.nan])
DF = [0.5, 1.0, 2.0, 3.0, 7.5, 30.0, 250.0]


@pytest.mark.parametrize("df", DF)
def test_chi2_t_equal_scipy_stats(df):
    # the same scipy.special functions scipy.stats calls: equal, not merely close
    np.testing.assert_array_equal(d.chi2.sf(X, df), st.chi2.sf(X, df))
    np.testing.assert_array_equal(d.chi2.cdf(X, df), st.chi2.cdf(X, df))
    np.testing.assert_array_equal(d.chi2.ppf(Q, df), st.chi2.ppf(Q, df))
    np.testing.assert_array_equal(d.t.sf(X, df), st.t.sf(X, df))
    np.testing.assert_array_equal(d.t.cdf(X, df), st.t.cdf(X, df))
    np.testing.assert_array_equal(d.t.ppf(Q, df), st.t.ppf(Q, df))


@pytest.mark.parametrize(("dfn", "dfd"), [(1, 5), (2, 30.5), (4, 200), (12, 3)])
def test_f_equal_scipy_stats(dfn, dfd):
    np.testing.assert_array_equal(d.f.sf(X, dfn, dfd), st.f.sf(X, dfn, dfd))
    np.testing.assert_array_equal(d.f.cdf(X, dfn, dfd), st.f.cdf(X, dfn, dfd))
    np.testing.assert_array_equal(d.f.ppf(Q, dfn, dfd), st.f.ppf(Q, dfn, dfd))


def test_norm_and_beta_equal_scipy_stats():
    np.testing.assert_array_equal(d.norm.cdf(X), st.norm.cdf(X))
    np.testing.assert_array_equal(d.norm.sf(X), st.norm.sf(X))
    np.testing.assert_array_equal(d.norm.ppf(Q), st.norm.ppf(Q))
    np.testing.assert_array_equal(d.norm.isf(Q), st.norm.isf(Q))
    for a, b in [(1, 20), (3, 5), (0.5, 0.5), (40, 2)]:
        np.testing.assert_array_equal(d.beta.ppf(Q, a, b), st.beta.ppf(Q, a, b))
        u = np.array([0.0, 0.1, 0.5, 0.99, 1.0])
        np.testing.assert_array_equal(d.beta.cdf(u, a, b), st.beta.cdf(u, a, b))


def test_infinite_df_is_the_normal():
    assert d.t.sf(1.96, np.inf) == st.t.sf(1.96, np.inf) == st.norm.sf(1.96)
    assert d.t.ppf(0.975, np.inf) == st.t.ppf(0.975, np.inf)
    assert d.t.ppf(0.975, np.inf) == pytest.approx(st.norm.ppf(0.975), rel=1e-15)


def test_invalid_parameters_are_nan_as_in_scipy_stats():
    for value in (d.t.sf(1.0, 0), d.chi2.sf(1.0, -1), d.f.sf(1.0, 0, 3), d.beta.ppf(0.5, 0, 2)):
        assert np.isnan(value)
    assert np.isnan(st.t.sf(1.0, 0)) and np.isnan(st.beta.ppf(0.5, 0, 2))


def test_scalars_in_scalars_out():
    value = d.chi2.sf(3.0, 2)
    assert isinstance(value, np.float64) and value == st.chi2.sf(3.0, 2)
    assert isinstance(d.ncx2.sf(3.0, 2, 1.0), np.float64)
    assert d.t.sf(np.array([1.0, 2.0]), 5).shape == (2,)


# R 4.2.2: pchisq(x, df, ncp = ncp, lower.tail = FALSE), options(digits = 17)
NCX2 = [  # x, df, ncp, upper tail (R), lower tail (R)
    (60.0, 3.0, 2.0, 6.7674639774800725e-10, 9.9999999932325356e-01),
    (5.0, 3.0, 2.0, 4.0659481991684437e-01, 5.9340518008315557e-01),
    (150.0, 20.0, 40.0, 5.7292109769494620e-07, 9.9999942707890233e-01),
    (30.0, 10.0, 120.0, 9.9999999927291139e-01, 7.2708860933020201e-10),
]


@pytest.mark.parametrize(("x", "df", "nc", "upper", "lower"), NCX2)
def test_ncx2_against_r(x, df, nc, upper, lower):
    # R's pnchisq is accurate to about 1e-9 relative (its own documentation, and the gap
    # to scipy.stats' Boost value here); scipy.stats' Boost value agrees to 1e-12
    assert d.ncx2.sf(x, df, nc) == pytest.approx(upper, rel=1e-8)
    assert d.ncx2.cdf(x, df, nc) == pytest.approx(lower, rel=1e-8)
    assert d.ncx2.sf(x, df, nc) == pytest.approx(st.ncx2.sf(x, df, nc), rel=1e-12)
    assert d.ncx2.cdf(x, df, nc) == pytest.approx(st.ncx2.cdf(x, df, nc), rel=1e-12)


def test_ncx2_edges():
    x = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_array_equal(d.ncx2.sf(x, 3, 0.0), st.chi2.sf(x, 3))
    np.testing.assert_array_equal(d.ncx2.cdf(x, 3, 0.0), st.chi2.cdf(x, 3))
    assert d.ncx2.sf(-1.0, 3, 2.0) == 1.0 and d.ncx2.cdf(-1.0, 3, 2.0) == 0.0
    assert np.isnan(d.ncx2.sf(np.nan, 3, 2.0))
    assert d.ncx2.sf(np.inf, 3, 2.0) == 0.0


def test_rankdata_is_scipy_stats_average():
    rng = np.random.default_rng(3)
    for values in ([3.0, 1.0, 3.0, 2.0], rng.integers(1, 6, 200), rng.normal(size=50), [7.0]):
        np.testing.assert_array_equal(d.rankdata(values), st.rankdata(values))


def test_analysis_never_imports_scipy_stats():
    """The reason this module exists: ``scipy.stats`` costs about half a second to import."""
    code = (
        "import sys, trustlab; trustlab.analyse(trustlab.load_sample(), n_boot=20); "
        "import trustlab.report.save, trustlab.report.terminal_analysis; "
        "print('scipy.stats' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_ranks_and_ties_from_one_sort_equal_rankdata_and_unique():
    from trustlab.distributions import rankdata, ranks_and_ties

    values = np.random.default_rng(2).integers(0, 40, 5000) / 4 - 3.0  # many ties
    ranks, ties = ranks_and_ties(values)
    np.testing.assert_array_equal(ranks, rankdata(values))
    np.testing.assert_array_equal(ties, np.unique(values, return_counts=True)[1])
    assert ties.dtype == np.unique(values, return_counts=True)[1].dtype
