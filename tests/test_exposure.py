"""analyse() wires every scale against the exposure right: its results on the sample against R.

R's numbers come from tests/reference/trust_models.R (fixtures/trust_sample.json), which scores
the sample by hand and fits lm/sandwich, glm, lmer, clm and prop.trend.test. Tolerances as the
models' own tests: 1e-8 relative for closed-form results (OLS, tests, shares), 1e-6 for the
logistic fit, 1e-5 for the mixed model (an iterative REML fit).
"""

from __future__ import annotations

from functools import cache

import numpy as np
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
