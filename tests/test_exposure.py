"""analyse() wires every scale against the exposure right: its results on the sample against R.

R's numbers come from tests/reference/trust_models.R (fixtures/trust_sample.json), which scores
the sample by hand and fits lm/sandwich, glm, lmer, clm and prop.trend.test. Tolerances as the
models' own tests: 1e-8 relative for closed-form results (OLS, tests, shares), 1e-6 for the
logistic fit, 1e-5 for the mixed model (an iterative REML fit).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

import trustlab
from rfixtures import fixture

R = fixture("trust_sample")


@cache
def analysis():
    return trustlab.analyse(trustlab.load_sample(), n_boot=0)


def exposure(scale: str = "trust"):
    return analysis().exposure.scales[scale]


def coefficients(model, terms):
    return model.coefficients.set_index("term").loc[terms]


@pytest.mark.parametrize("outcome", ["trust", "distrust"])
@pytest.mark.parametrize(("column", "key"), [("estimate", "estimate"), ("std_error", "se_model"),
                                             ("std_error_robust", "se_HC3"),
                                             ("std_error_cluster", "se_cluster")])  # fmt: skip
def test_ols_with_covariates_and_clusters(outcome, column, key):
    ref = R["ols"][outcome]
    ours = coefficients(exposure(outcome).ols, ref["terms"])[column]
    assert_allclose(ours.to_numpy(), ref[key], rtol=1e-8)


@pytest.mark.parametrize(("model", "key"), [("trend", "trust_per_year"),
                                            ("trend_log", "trust_log_per_year")])  # fmt: skip
def test_linear_trends(model, key):
    ref = R["ols"][key]
    fitted = getattr(exposure("trust"), model).coefficients
    assert_allclose(fitted["estimate"].to_numpy(), ref["estimate"], rtol=1e-8)
    assert_allclose(fitted["std_error_cluster"].to_numpy(), ref["se_cluster"], rtol=1e-8)


@pytest.mark.parametrize(("column", "key"), [("estimate", "estimate"),
                                             ("std_error_cluster", "se_cluster")])  # fmt: skip
def test_logit_of_high_trust(column, key):
    ref = R["logit"]
    ours = coefficients(exposure("trust").logit, ref["terms"])[column]
    assert_allclose(ours.to_numpy(), ref[key], rtol=1e-6)


def test_mixed_model_and_icc():
    ref = R["lmm"]["trust"]
    fitted = exposure("trust").mixed
    ours = coefficients(fitted, ref["terms"])
    assert_allclose(ours["estimate"].to_numpy(), ref["estimate"], rtol=1e-5)
    assert_allclose(ours["std_error"].to_numpy(), ref["se"], rtol=1e-5)
    assert_allclose(fitted.icc_null, R["lmm"]["trust_null"]["icc"], rtol=1e-5)


def test_shares_of_high_trust_and_distrust():
    for name in ("trust", "distrust"):
        share, ref = analysis().scales[name].share_high, R["descriptives"][f"high_{name}"]
        assert (share.count, share.n) == (ref["count"], ref["n"])
        assert_allclose([share.ci_low, share.ci_high], ref["wilson"], rtol=1e-10)
        assert_allclose([share.exact_ci_low, share.exact_ci_high], ref["exact"], rtol=1e-8)


def test_tests():
    ref = R["tests"]
    chi = analysis().dimensions.chi_square
    expected = [ref["chisq"]["statistic"], ref["chisq"]["p_value"]]
    assert_allclose([chi.statistic, chi.p_value], expected, rtol=1e-8)
    assert_allclose(chi.extra["cramers_v"], ref["chisq"]["cramers_v"], rtol=1e-8)
    kw = exposure("trust").kruskal
    assert_allclose([kw.statistic, kw.p_value], [ref["kruskal"]["statistic"],
                                                 ref["kruskal"]["p_value"]], rtol=1e-8)  # fmt: skip
    jt = exposure("trust").jonckheere
    assert_allclose(jt.p_value, ref["jonckheere"]["p_two_sided"], rtol=1e-8)
    ca = exposure("trust").cochran_armitage
    assert_allclose([ca.statistic, ca.p_value], [ref["cochran_armitage_per_year"]["statistic"],
                    ref["cochran_armitage_per_year"]["p_value"]], rtol=1e-8)  # fmt: skip


def test_threshold_contrasts_and_statement():
    contrasts = exposure("trust").contrasts.table
    ref = R["threshold"]["sdif"]
    assert_allclose(contrasts["estimate"].to_numpy(), ref["estimate"], rtol=1e-8)
    statement = exposure("trust").statement
    assert statement.first_high == "3-4 keer per jaar"
    assert "3-4 keer per jaar" in statement.statement["nl"]
    assert "3-4 times a year" in statement.statement["en"]


def test_high_trust_per_category_matches_the_counts():
    high = exposure("trust").high.table
    assert high["count"].tolist() == R["tests"]["cochran_armitage"]["x"]
    assert high["n"].tolist() == R["tests"]["cochran_armitage"]["n"]


def test_reference_category_is_configurable():
    result = trustlab.analyse(trustlab.load_sample(), n_boot=0, reference="3-4 keer per jaar")
    terms = result.exposure.scales["trust"].ols.coefficients["term"].tolist()
    assert "meeting_frequency[minder dan 1 keer per jaar]" in terms
    assert "meeting_frequency[3-4 keer per jaar]" not in terms
    ref = R["ols"]["trust_reference_3_4"]
    terms = [t.replace("freq_ref34[", "meeting_frequency[") for t in ref["terms"]]
    ours = coefficients(result.exposure.scales["trust"].ols, terms)["estimate"]
    assert_allclose(ours.to_numpy(), ref["estimate"], rtol=1e-8)
    with pytest.raises(trustlab.TrustlabError, match="is not a category of the exposure"):
        trustlab.analyse(trustlab.load_sample(), n_boot=0, reference="wekelijks")


def test_a_model_that_cannot_be_fitted_is_a_warning_not_a_crash(tmp_path):
    from conftest import make_frame, write_csv

    frame = make_frame(12)
    frame["network_id"] = "N1"  # one network: no mixed model, no clustered SEs
    result = trustlab.analyse(trustlab.read_survey(write_csv(frame, tmp_path / "d.csv")),
                              n_boot=0)  # fmt: skip
    assert result.exposure.scales["trust"].mixed is None
    assert result.exposure.cluster is None
    assert any("one 'network_id'" in note for note in result.not_run)
    assert np.isfinite(result.exposure.scales["trust"].ols.coefficients["estimate"]).all()


# ---- with a cluster: the few-cluster-safe inference and the mixed model as lmerTest reports it
# (tests/reference/analysis_inference.R: clubSandwich 0.5.8, lmerTest 3.1, pbkrtest 0.5,
# performance 0.10). Closed forms (CR2, Satterthwaite and HTZ df of clubSandwich) 1e-8, the
# logit 1e-6, mixed-model quantities 1e-5, lmerTest's numerical Satterthwaite df 1e-4.
INF = fixture("analysis_inference")["sample"]
CLOSED, GLM, MIXED, DF = 1e-8, 1e-6, 1e-5, 1e-4


@pytest.mark.parametrize("scale", ["trust", "distrust"])
@pytest.mark.parametrize("model", ["ols", "logit", "trend", "trend_log", "broken_stick"])
def test_every_regression_has_cr2_satterthwaite_tests(scale, model):
    ref, ours = INF[scale][model], getattr(exposure(scale).cluster_inference, model)
    assert (ours.vcov_type, ours.test) == ("CR2", "Satterthwaite")
    table = ours.table  # in R's order; the exposure's score is named by trustlab
    tol = GLM if model == "logit" else CLOSED
    assert_allclose(table["estimate"].to_numpy(), ref["estimate"], rtol=tol)
    for column, key in (("std_error", "se"), ("df", "df"), ("p_value", "p"), ("ci_low", "ci_low"),
                        ("ci_high", "ci_high")):  # fmt: skip
        assert_allclose(table[column].to_numpy(), ref[key], rtol=tol)
    # the HC1 (CR1S) SEs of the fit itself stay for comparison
    fit = getattr(exposure(scale), model)
    if model == "broken_stick":  # at the same knot as R's
        assert fit.knot == ref["knot"]
        fit = fit.fit
    assert_allclose(fit.coefficients["std_error_cluster"].to_numpy(), ref["se_CR1S"], rtol=tol)


@pytest.mark.parametrize("scale", ["trust", "distrust"])
@pytest.mark.parametrize("model", ["ols", "logit"])
def test_the_exposures_joint_test_is_htz(scale, model):
    ref = INF[scale][model]["exposure_htz"]
    w = getattr(exposure(scale).cluster_inference, f"{model}_exposure")
    assert (w.test, w.vcov_type, w.df_num) == ("HTZ", "CR2", ref["df_num"])
    tol = GLM if model == "logit" else CLOSED
    assert_allclose([w.statistic, w.df_denom, w.p_value], [ref["F"], ref["df_denom"], ref["p"]],
                    rtol=tol)  # fmt: skip


@pytest.mark.parametrize("scale", ["trust", "distrust"])
@pytest.mark.parametrize("kind", ["contrasts", "contrasts_high"])
def test_adjacent_steps_and_holm_come_from_cr2(scale, kind):
    ref, ours = INF[scale][kind], getattr(exposure(scale), kind)
    assert ours.vcov_type == "CR2" and "Satterthwaite" in ours.method
    assert ours.table["contrast"].tolist() == ref["contrast"]
    for column, key in (("estimate", "estimate"), ("std_error", "se"), ("df", "df"),
                        ("p_value", "p"), ("p_holm", "p_holm"), ("ci_low", "ci_low"),
                        ("ci_high", "ci_high")):  # fmt: skip
        assert_allclose(ours.table[column].to_numpy(), ref[key], rtol=CLOSED)
    hc1 = getattr(exposure(scale), f"{kind}_hc1")
    assert hc1.vcov_type == "CR1S" and "vcovCL" in hc1.method
    assert_allclose(hc1.table["estimate"], ours.table["estimate"], rtol=1e-12)


def test_the_statement_says_which_method_its_p_comes_from():
    text = exposure("trust").statement.statement
    p = exposure("trust").contrasts.table["p_holm"].iloc[1]
    assert f"(Holm p = {p:.3g}; CR2, Satterthwaite df)" in text["en"]
    assert f"(Holm p = {p:.3g}; CR2, Satterthwaite df)" in text["nl"]


@pytest.mark.parametrize("scale", ["trust", "distrust"])
def test_the_mixed_model_as_lmertest_and_performance_report_it(scale):
    ref, ours = INF[scale]["mixed"], exposure(scale).mixed_inference
    table = ours.coefficients.table.set_index("term").loc[ref["terms"]]
    assert ours.coefficients.ddf == "Satterthwaite"
    assert_allclose(table["estimate"].to_numpy(), ref["estimate"], rtol=MIXED)
    assert_allclose(table["std_error"].to_numpy(), ref["se"], rtol=MIXED)
    assert_allclose(table["df"].to_numpy(), ref["df"], rtol=DF)
    assert_allclose(table["p_value"].to_numpy(), ref["p"], rtol=DF)
    assert_allclose(table[["ci_low", "ci_high"]].to_numpy().T, [ref["ci_low"], ref["ci_high"]],
                    rtol=DF)  # fmt: skip
    for test, key in ((ours.exposure_test, "exposure_F"), (ours.exposure_test_kr,
                                                           "exposure_F_kr")):  # fmt: skip
        assert test.df_num == ref[key]["num_df"]
        assert_allclose(test.statistic, ref[key]["F"], rtol=MIXED)
        assert_allclose([test.df_denom, test.p_value], [ref[key]["den_df"], ref[key]["p"]],
                        rtol=DF)  # fmt: skip
    assert_allclose([ours.r2.marginal, ours.r2.conditional],
                    [ref["r2_marginal"], ref["r2_conditional"]], rtol=MIXED)  # fmt: skip
    assert_allclose(ours.icc.icc, ref["icc_adjusted"], rtol=MIXED)
    assert_allclose([ours.icc.ci_low, ours.icc.ci_high], ref["icc_ci"], rtol=MIXED)
    lrt = ours.lrt
    assert lrt.df == ref["lrt"]["df"]
    assert_allclose([lrt.statistic, lrt.p_value], [ref["lrt"]["chisq"], ref["lrt"]["p"]],
                    rtol=MIXED)  # fmt: skip
    assert_allclose([lrt.log_likelihood_reduced, lrt.log_likelihood_full],
                    [ref["lrt"]["loglik_null"], ref["lrt"]["loglik_full"]], rtol=1e-8)  # fmt: skip


@pytest.mark.parametrize("scale", ["trust", "distrust"])
def test_within_and_between_networks(scale):
    ref, ours = INF[scale]["within_between"], exposure(scale).within_between
    table = ours.table.set_index("effect").loc[["within", "between", "contextual"]]
    assert ours.group == "network_id" and ours.exposure == "meeting_frequency (score)"
    assert_allclose(table["estimate"].to_numpy(), ref["estimate"], rtol=MIXED)
    assert_allclose(table["std_error"].to_numpy(), ref["se"], rtol=MIXED)
    assert_allclose(table["df"].to_numpy(), ref["df"], rtol=DF)
    assert_allclose(table["p_value"].to_numpy(), ref["p"], rtol=DF)


def test_the_wild_bootstrap_runs_only_when_asked_and_is_seeded():
    assert exposure("trust").cluster_inference.wild_bootstrap is None
    runs = [trustlab.analyse(trustlab.load_sample(), n_boot=0, n_boot_wild=199, seed=s)
            for s in (7, 7, 8)]  # fmt: skip
    tables = [r.exposure.scales["trust"].cluster_inference.wild_bootstrap for r in runs]
    assert tables[0]["contrast"].tolist() == 2 * list(INF["trust"]["contrasts"]["contrast"])
    assert tables[0]["outcome"].tolist() == ["mean"] * 3 + ["high"] * 3
    assert (tables[0]["n_boot"] == 199).all() and (tables[0]["weights"] == "rademacher").all()
    assert tables[0].equals(tables[1]) and not tables[0]["p_value"].equals(tables[2]["p_value"])
    ci = tables[0][["ci_low", "ci_high"]].to_numpy()
    estimate = tables[0]["estimate"].to_numpy()
    assert ((ci[:, 0] < estimate) & (estimate < ci[:, 1])).all()
    cr2 = exposure("trust").contrasts.table
    assert_allclose(estimate[:3], cr2["estimate"], rtol=1e-12)


def test_the_model_frame_takes_the_data_columns_without_copying_them():
    from trustlab.model_frame import model_frame

    survey = trustlab.load_sample()
    plan = trustlab.analyse(survey, n_boot=0).plan
    data = survey.data
    frame = model_frame(plan, data, trustlab.score_scales(survey))
    for column in ("T1", "D4", "years_in_network"):
        assert np.shares_memory(frame[column].to_numpy(), data[column].to_numpy())
        np.testing.assert_array_equal(frame[column].to_numpy(), data[column].to_numpy())
    assert frame["network_id"].cat.categories.tolist() == sorted(data["network_id"].unique())


def test_a_large_analysis_keeps_no_fitted_values_and_the_same_coefficients():

    survey = trustlab.load_sample()
    small = trustlab.analyse(survey, n_boot=0, subsample_above=None).exposure.scales["trust"]
    large = trustlab.analyse(survey, n_boot=0, subsample_above=100)
    scale = large.exposure.scales["trust"]
    for kind in ("ols", "trend", "trend_log"):
        fit, full = getattr(scale, kind), getattr(small, kind)
        assert fit.fitted is None and fit.residuals is None and fit.index is None
        pd.testing.assert_frame_equal(fit.coefficients, full.coefficients)
        assert len(full.fitted) == full.n_obs
    assert scale.broken_stick.fit.fitted is None
    assert scale.broken_stick.knot == small.broken_stick.knot
    said = [n.message for n in large.notices if n.step == "models"]
    assert said == [
        "the regressions' fitted values and residuals are not kept (two numbers per respondent "
        "and model): the data have more than subsample_above=100 respondents; trustlab.ols(...) "
        "gives them."
    ]
