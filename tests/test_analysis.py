"""analyse() on the shipped sample against psych (tests/reference/fixtures/sample_psych.json).

This checks the whole chain, file -> codebook -> reverse keys -> statistics, against R.
Tolerances: 1e-9 relative for closed-form alpha and its table (R and numpy agree to ~1e-15),
1e-4 relative for omega (an iterative ML factor fit).
"""

from __future__ import annotations

import warnings
from functools import cache

import numpy as np
import pytest
from numpy.testing import assert_allclose

import trustlab
from rfixtures import fixture
from trustlab.analysis import analyse

R = fixture("sample_psych")


@cache
def result():
    return analyse(trustlab.load_sample(), n_boot=200, seed=7)


@pytest.mark.parametrize("scale", ["trust", "distrust"])
@pytest.mark.parametrize(("ours", "theirs"), [("alpha", "raw_alpha"), ("std_alpha", "std_alpha"),
                                              ("average_r", "average_r")])  # fmt: skip
def test_alpha_matches_psych(scale, ours, theirs):
    assert_allclose(getattr(result().scales[scale].alpha, ours), R[scale][theirs], rtol=1e-9)


@pytest.mark.parametrize("scale", ["trust", "distrust"])
def test_feldt_ci_matches_psych(scale):
    ci = result().scales[scale].alpha.ci
    assert_allclose(ci, [R[scale]["feldt_lower"], R[scale]["feldt_upper"]], rtol=1e-9)


@pytest.mark.parametrize("scale", ["trust", "distrust"])
@pytest.mark.parametrize("column", ["r_drop", "alpha_if_dropped"])
def test_item_table_matches_psych(scale, column):
    table = result().scales[scale].alpha.items[column]
    expected = R[scale][column]
    assert_allclose(table[list(expected)].to_numpy(), list(expected.values()), rtol=1e-9)


@pytest.mark.parametrize("scale", ["trust", "distrust"])
def test_omega_matches_psych_fa_ml(scale):
    fitted = result().scales[scale].omega
    assert fitted.n_obs == R[scale]["omega_n"]
    assert_allclose(fitted.omega_total, R[scale]["omega"], rtol=1e-4)
    low, high = fitted.ci
    assert low < fitted.omega_total < high


@pytest.mark.parametrize("scale", ["trust", "distrust"])
def test_scores_match_r(scale):
    scores = result().scores
    assert_allclose(scores[scale].mean(), R[scale]["score_mean"], rtol=1e-12)
    assert int(scores[f"high_{scale}"].sum()) == R[scale]["n_high"]


def test_summary_and_display():
    summary = result().summary()
    assert list(summary.index) == ["trust", "distrust"]
    assert summary.loc["trust", "n high"] == 166 and summary.loc["distrust", "n high"] == 58
    assert summary.loc["trust", "items"] == 7 and summary.loc["trust", "n scored"] == 231
    assert "trustlab analysis: 231 respondents in 50 clusters (network_id)" in repr(result())
    assert result().scales["trust"].reversed_items == ("T7",)
    assert "<table" in result()._repr_html_()


def test_same_seed_same_numbers():
    again = analyse(trustlab.load_sample(), n_boot=200, seed=7)
    assert again.scales["trust"].omega.ci == result().scales["trust"].omega.ci
    other = analyse(trustlab.load_sample(), n_boot=200, seed=8)
    assert other.scales["trust"].omega.ci != result().scales["trust"].omega.ci


def test_psychometric_warnings_are_collected_not_raised(tmp_path):
    from conftest import make_frame, write_csv

    frame = make_frame(40)
    rng = np.random.default_rng(3)
    for item in ("D1", "D2", "D3", "D4"):
        frame[item] = rng.integers(1, 6, 40).astype(float)  # unrelated answers: alpha near 0
    survey = trustlab.read_survey(write_csv(frame, tmp_path / "d.csv"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        analysis = analyse(survey, n_boot=0)
    said = [n for n in analysis.notices if n.step == "alpha distrust"]
    assert said and all(not n.skipped for n in said)
    for notice in said:
        assert f"alpha distrust: {notice.message}" in analysis.warnings
    assert any("below 0.70" in n.message for n in said)
