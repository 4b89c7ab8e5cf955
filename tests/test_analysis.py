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


# ---- ordinal reliability next to Pearson's (tests/reference/ordinal_reliability.R: psych's
# alpha of polychoric(keyed)$rho; omega from fa(rho, 1, fm = "ml")): the polychoric matrix 1e-6
# (psych's optimize tolerance), so alpha and omega 1e-6
ORD = fixture("ordinal_reliability")


@pytest.mark.parametrize("scale", ["trust", "distrust"])
def test_ordinal_alpha_and_omega_next_to_pearsons(scale):
    ordinal = result().scales[scale].ordinal
    assert ordinal.reversed_items == result().scales[scale].reversed_items
    assert_allclose(ordinal.alpha, ORD[scale]["total"]["raw_alpha"], rtol=1e-6)
    assert_allclose(ordinal.omega, ORD[scale]["omega"], rtol=1e-6)
    row = result().summary().loc[scale]
    assert (row["ordinal alpha"], row["ordinal omega"]) == (ordinal.alpha, ordinal.omega)
    assert np.isnan(row["ordinal alpha ci low"])  # no resamples unless asked (n_boot_ordinal)


def test_ordinal_cis_when_asked_are_seeded():
    runs = [analyse(trustlab.load_sample(), n_boot=0, n_boot_ordinal=50, seed=s).scales["trust"]
            for s in (3, 3)]  # fmt: skip
    # n_boot=0 switches every bootstrap off, the ordinal one too
    assert np.isnan(runs[0].ordinal.alpha_ci).all() and runs[0].ordinal.n_boot == 0
    runs = [analyse(trustlab.load_sample(), n_boot=20, n_boot_ordinal=50, seed=s).scales["trust"]
            for s in (3, 3)]  # fmt: skip
    first, second = (r.ordinal for r in runs)
    assert first.n_boot == 50 and first.alpha_ci == second.alpha_ci
    assert first.alpha_ci[0] < first.alpha < first.alpha_ci[1]
    assert first.omega_ci[0] < first.omega < first.omega_ci[1]


# ---- each scale as a property of the cluster (tests/reference/analysis_inference.R:
# multilevel::ICC1, ICC2, rwg.j with ranvar = (5^2 - 1) / 12, awg with range 1..5): closed
# forms, 1e-8
AGREE = fixture("analysis_inference")["sample"]


def _nums(values):  # R's NA (a cluster of one, awg undefined) is null in the fixture
    return np.array([np.nan if v is None else v for v in values], dtype=float)


@pytest.mark.parametrize("scale", ["trust", "distrust"])
def test_icc_rwg_and_awg_per_network(scale):
    ref, ours = AGREE[scale]["agreement"], result().clusters[scale]
    assert (ours.scale, ours.cluster) == (scale, "network_id")
    assert_allclose([ours.icc.icc1, ours.icc.icc2, ours.icc.group_size_for_070],
                    [ref["icc1"], ref["icc2"], ref["k_for_070"]], rtol=1e-8)  # fmt: skip
    rwg = ours.rwg.table.set_index("group").loc[ref["group"]]
    assert rwg["n"].tolist() == ref["n"]
    assert_allclose(rwg["rwg_j"].to_numpy(), _nums(ref["rwg_j"]), rtol=1e-8, atol=1e-14)
    assert_allclose(rwg["score_mean"].to_numpy(), _nums(ref["mean"]), rtol=1e-12)
    assert_allclose([ours.rwg.mean, ours.rwg.median], [ref["rwg_mean"], ref["rwg_median"]],
                    rtol=1e-8)  # fmt: skip
    awg = ours.awg.table.set_index("group").loc[ref["awg_group"], "awg"]
    assert_allclose(awg.to_numpy(), _nums(ref["awg"]), rtol=1e-8)
    assert_allclose(ours.awg.mean, ref["awg_mean"], rtol=1e-8)


def test_the_network_verdict_is_worded_with_its_cut_offs():
    trust = result().clusters["trust"]
    assert trust.verdict.startswith(
        "Partly: the clusters (network_id) differ in trust and their members agree, but the "
        "cluster means are not yet reliable"
    )
    for words in ("ICC(1) = 0.26: large", "ICC(2) = 0.61", "a cluster needs 7 respondents",
                  "mean rwg(j) = 0.78", "LeBreton & Senter 2008", ".71-.90 strong"):  # fmt: skip
        assert words in trust.verdict, words
    assert "needs 21 respondents" in result().clusters["distrust"].verdict


# ---- is the scale the same for every role? (tests/reference/invariance.R, lavaan 0.6-14:
# trust by role, ML; chi-squares 1e-6 as tests/psychometrics/test_invariance.py)
INV = fixture("invariance_ml")["trust"]


def test_invariance_across_roles_as_lavaan():
    trust = result().invariance["role"]["trust"]
    assert (trust.group, trust.estimator, trust.level, trust.partial) == ("role", "ML", "strict",
                                                                          True)  # fmt: skip
    inv = trust.invariance
    assert list(inv.groups) == INV["group_labels"]
    assert [inv.n_obs[g] for g in inv.groups] == INV["nobs"]
    for level in ("configural", "metric", "scalar"):
        assert_allclose(inv.fits[level].chi2, INV["fit"][level]["chisq"], rtol=1e-6)
        assert inv.fits[level].df == INV["fit"][level]["df"]
    # strict holds once T4's residual variance is free, as lavaan's partial search
    assert inv.freed["parameter"].tolist() == INV["partial"]["strict"]["group_partial"]
    assert_allclose(inv.fits["strict"].chi2, INV["partial"]["strict"]["chisq"], rtol=1e-6)
    means = inv.latent_means.set_index("group").loc[INV["group_labels"][1:]]
    assert_allclose(means["est"].to_numpy(), INV["scalar_means"]["est"][1:], atol=1e-4)
    assert trust.means_comparable and not trust.left_out
    assert "The role means of trust may be compared." in trust.verdict
    assert trust.means.table["n"].sum() == 231  # observed means per role, for description


def test_a_group_too_small_for_the_model_is_left_out_and_said_so(tmp_path):
    data = trustlab.load_sample().data.copy()
    keep = data["role"] != "ervaringsdeskundige"
    keep |= data.index.isin(data.index[~keep][:8])  # 8 experts by experience: too few
    result = analyse(data[keep], codebook=trustlab.default_codebook(), n_boot=0)
    trust = result.invariance["role"]["trust"]
    assert list(trust.left_out) == ["ervaringsdeskundige"]
    assert "fewer than 21" in trust.left_out["ervaringsdeskundige"]
    assert "Whether trust means the same in 'ervaringsdeskundige' is therefore unknown" in (
        trust.verdict
    )
    assert trust.means.table.loc["ervaringsdeskundige", "n"] == 8  # still described
