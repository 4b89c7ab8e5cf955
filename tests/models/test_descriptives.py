"""Descriptives against R: prop.test / binom.test intervals, frequency table, means per category."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from rfixtures import fixture as load
from rfixtures import trust_sample
from trustlab.models import (
    ModelError,
    crosstab,
    exact_interval,
    frequency_table,
    group_means,
    proportion,
    wilson_interval,
)

CLOSED = 1e-10  # closed-form statistics (R writes 15-17 significant digits)


@pytest.fixture(scope="module")
def simple() -> dict:
    return load("simple_tests")


@pytest.fixture(scope="module")
def ref() -> dict:
    return load("trust_sample")["descriptives"]


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return trust_sample()


def test_wilson_matches_prop_test(simple):
    lo, hi = wilson_interval(166, 231)
    assert_allclose([lo, hi], simple["prop_wilson"]["conf_int"], rtol=CLOSED)


def test_exact_matches_binom_test(simple):
    lo, hi = exact_interval(166, 231)
    assert_allclose([lo, hi], simple["binom"]["conf_int"], rtol=CLOSED)


def test_exact_interval_edges():
    lo, hi = exact_interval([0, 10], [10, 10])
    assert lo[0] == 0 and hi[1] == 1
    assert_allclose([hi[0], lo[1]], [1 - 0.025 ** (1 / 10), 0.025 ** (1 / 10)], rtol=1e-12)


@pytest.mark.parametrize("flag", ["high_trust", "high_distrust"])
def test_shares_match_r(sample, ref, flag):
    r = proportion(sample[flag])
    want = ref[flag]
    assert (r.count, r.n) == (want["count"], want["n"])
    assert_allclose(r.estimate, want["estimate"], rtol=CLOSED)
    assert_allclose([r.ci_low, r.ci_high], want["wilson"], rtol=CLOSED)
    assert_allclose([r.exact_ci_low, r.exact_ci_high], want["exact"], rtol=CLOSED)


def test_proportion_counts_missing_and_rejects_bad_values():
    r = proportion([True, False, None, True])
    assert (r.count, r.n, r.n_missing) == (2, 3, 1)
    with pytest.raises(ModelError, match="True/False or 0/1"):
        proportion([0, 1, 2])
    with pytest.raises(ModelError, match="between 0 and n"):
        proportion(5, 3)


def test_frequency_table_matches_r(sample, ref):
    t = frequency_table(sample["meeting_frequency"]).table
    want = ref["frequency"]
    assert list(t.index) == want["levels"]
    assert t["n"].tolist() == want["n"]
    assert_allclose(t["percent"], want["percent"], rtol=CLOSED)
    assert_allclose(t["ci_low"], want["ci_low"], rtol=CLOSED)
    assert_allclose(t["ci_high"], want["ci_high"], rtol=CLOSED)


def test_frequency_table_keeps_empty_categories_and_rejects_unknown():
    s = pd.Series(pd.Categorical(["a", "a"], categories=["a", "b"], ordered=True))
    t = frequency_table(s).table
    assert t.loc["b", "n"] == 0 and t.loc["b", "ci_low"] == 0
    with pytest.raises(ModelError, match="not one of the categories"):
        frequency_table(["a", "z"], categories=["a", "b"])


def test_crosstab_matches_r(sample, ref):
    ct = crosstab(sample, "meeting_frequency", "quadrant")
    want = ref["crosstab"]
    assert list(ct.counts.index) == want["counts"]["rownames"]
    assert list(ct.counts.columns) == want["counts"]["colnames"]
    assert_allclose(ct.counts.to_numpy(), want["counts"]["values"], rtol=0)
    assert_allclose(ct.row_percent.to_numpy(), want["row_percent"]["values"], rtol=CLOSED)
    assert ct.n == 231 and "total" in ct.summary().columns


@pytest.mark.parametrize("outcome", ["trust", "distrust"])
def test_group_means_match_t_test(sample, ref, outcome):
    t = group_means(sample, outcome, "meeting_frequency").table
    want = ref[f"{outcome}_by_frequency"]
    assert t["n"].tolist() == want["n"]
    for col in ("mean", "sd", "ci_low", "ci_high"):
        assert_allclose(t[col], want[col], rtol=CLOSED, err_msg=col)


def test_group_means_shows_empty_category():
    df = pd.DataFrame(
        {"y": [1.0, 2.0, 4.0], "g": pd.Categorical(["a", "a", "c"], categories=["a", "b", "c"])}
    )
    t = group_means(df, "y", "g").table
    assert t.loc["b", "n"] == 0 and np.isnan(t.loc["b", "mean"])
    assert np.isnan(t.loc["c", "sd"])  # one observation: no sd
    assert "y by g" in repr(group_means(df, "y", "g"))
