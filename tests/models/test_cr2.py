"""CR2 (Bell-McCaffrey) covariance, Satterthwaite t tests and the HTZ Wald test against
clubSandwich 0.5.8 (tests/reference/cluster_inference.R) for OLS and the logit, on the trust
sample, the held-out survey and datasets::ChickWeight."""

from __future__ import annotations

import warnings
from functools import cache

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from rfixtures import chickweight, heldout_survey, trust_sample
from rfixtures import fixture as load
from trustlab.models import (
    ModelError,
    coef_test,
    constrain_adjacent,
    constrain_pairwise,
    constrain_zero,
    contrast_test,
    logit,
    ols,
    wald_test,
)
from trustlab.models import covariance as cov

# Closed forms on both sides (observed agreement 1e-11 or better: OLS by QR, the logit by IRLS
# to convergence on both sides, see the fixture's notes); the Satterthwaite and HTZ degrees of
# freedom are closed forms too (observed 1e-13).
CLOSED = 1e-8

TS = ["meeting_frequency", "role", "org_type", "years_in_network"]
MODELS = {
    "trust_ols": (ols, trust_sample, "trust", TS, "network_id"),
    "trust_logit": (logit, trust_sample, "high_trust", TS, "network_id"),
    "heldout_ols": (ols, heldout_survey, "score", ["contact", "role", "tenure"], "team"),
    "heldout_logit": (logit, heldout_survey, "high", ["contact", "tenure"], "team"),
    "chick_ols": (ols, chickweight, "weight", ["Time", "Diet"], "Chick"),
    "chick_logit": (logit, chickweight, "heavy", ["Time", "Diet"], "Chick"),
    "chick_one_cluster_diet": (ols, None, "weight", ["Time", "Diet"], "Chick"),
}
NAMES = list(MODELS)


@cache
def fitted(name: str):
    model, data, outcome, predictors, cluster = MODELS[name]
    if data is None:  # Diet 4 held by one chick: its dummy is constant within that cluster
        d = chickweight()
        data_ = d[(d["Diet"] != "D4") | (d["Chick"] == "C41")]
    else:
        data_ = data()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # separation / few-cluster warnings are not tested here
        return model(data_, outcome, predictors, cluster=cluster)


def ref(name: str) -> dict:
    return load("cluster_inference")["models"][name]


@pytest.mark.parametrize("name", NAMES)
def test_terms_and_estimates_are_r_s(name):
    fit, r = fitted(name), ref(name)
    assert list(fit.coefficients["term"]) == r["terms"]
    assert_allclose(fit.coefficients["estimate"], r["estimate"], rtol=CLOSED)


@pytest.mark.parametrize("vcov_type", cov.CR_TYPES)
@pytest.mark.parametrize("name", NAMES)
def test_vcov_cr(name, vcov_type):
    fit, r = fitted(name), ref(name)
    expected = np.array(r["vcov"][vcov_type]["values"])
    assert_allclose(cov.vcov_cr(fit.cluster_scores, vcov_type), expected, rtol=CLOSED, atol=0)


@pytest.mark.parametrize("name", NAMES)
def test_cr1s_is_the_fits_vcovcl_hc1(name):
    fit, r = fitted(name), ref(name)
    assert_allclose(fit.coefficients["std_error_cluster"], r["se_CR1S_vcovCL"], rtol=CLOSED)
    res = coef_test(fit, vcov_type="CR1S")
    assert_allclose(res.table["std_error"], r["se_CR1S_vcovCL"], rtol=CLOSED)


@pytest.mark.parametrize("column", ["se", "tstat", "df", "p"])
@pytest.mark.parametrize("name", NAMES)
def test_coef_test_satterthwaite(name, column):
    res, r = coef_test(fitted(name)), ref(name)["coef_test"]
    ours = {"se": "std_error", "tstat": "statistic", "df": "df", "p": "p_value"}[column]
    assert_allclose(res.table[ours], r[column], rtol=CLOSED)


@pytest.mark.parametrize("level", [0.95, 0.90])
@pytest.mark.parametrize("name", NAMES)
def test_conf_int(name, level):
    res = coef_test(fitted(name), confidence_level=level)
    r = ref(name)["conf_int" if level == 0.95 else "conf_int_90"]
    assert_allclose(res.table["ci_low"], r["low"], rtol=CLOSED)
    assert_allclose(res.table["ci_high"], r["high"], rtol=CLOSED)


@pytest.mark.parametrize("vcov_type", ["CR1S", "CR0"])
@pytest.mark.parametrize("name", NAMES)
def test_satterthwaite_df_of_other_estimators(name, vcov_type):
    res = coef_test(fitted(name), vcov_type=vcov_type)
    assert_allclose(res.table["df"], ref(name)[f"df_satterthwaite_{vcov_type}"], rtol=CLOSED)


@pytest.mark.parametrize("key", ["Fstat", "delta", "df_denom", "p_val"])
@pytest.mark.parametrize("name", NAMES)
def test_htz_wald_test_of_the_exposure(name, key):
    r = ref(name)
    w = wald_test(fitted(name), r["exposure"])
    assert list(w.hypothesis.index) == r["exposure_terms"]
    assert w.df_num == r["wald_exposure"]["df_num"] == len(r["exposure_terms"])
    ours = {"Fstat": w.statistic, "delta": w.delta, "df_denom": w.df_denom, "p_val": w.p_value}
    assert_allclose(ours[key], r["wald_exposure"][key], rtol=CLOSED)


@pytest.mark.parametrize("test", ["chi-sq", "Naive-F", "Naive-Fp", "HTZ"])
@pytest.mark.parametrize("name", NAMES)
def test_other_wald_tests(name, test):
    r = ref(name)["wald_exposure_all_tests"]
    i = r["test"].index(test)
    df_denom = np.inf if r["df_denom"][i] is None else r["df_denom"][i]  # JSON null = Inf
    w = wald_test(fitted(name), ref(name)["exposure"], test=test)
    assert_allclose(
        [w.statistic, w.df_denom, w.p_value], [r["Fstat"][i], df_denom, r["p_val"][i]], rtol=CLOSED
    )


@pytest.mark.parametrize("column", ["estimate", "se", "df", "ci_low", "ci_high", "p", "p_holm"])
@pytest.mark.parametrize("name", NAMES)
def test_adjacent_contrasts(name, column):
    r = ref(name)
    fit = fitted(name)
    L = constrain_adjacent(fit, r["exposure"])
    assert list(L.index) == r["adjacent"]["contrast"]
    assert_allclose(L.to_numpy(), np.array(r["adjacent"]["L"]["values"]), rtol=0)
    res = contrast_test(fit, L)
    ours = {"se": "std_error", "p": "p_value"}.get(column, column)
    assert_allclose(res.table[ours], r["adjacent"][column], rtol=CLOSED)


@pytest.mark.parametrize("name", NAMES)
def test_each_adjacent_contrast_alone_is_a_one_row_htz_test(name):
    r, fit = ref(name)["adjacent"], fitted(name)
    L = constrain_adjacent(fit, ref(name)["exposure"])
    for i in range(len(L)):
        w = wald_test(fit, L.iloc[[i]])
        assert_allclose(
            [w.statistic, w.df_denom, w.p_value],
            [r["wald_F"][i], r["wald_df_denom"][i], r["wald_p"][i]],
            rtol=CLOSED,
        )


@pytest.mark.parametrize("name", NAMES)
def test_the_joint_test_does_not_depend_on_how_the_contrasts_are_written(name):
    r, fit = ref(name), fitted(name)
    w = wald_test(fit, constrain_adjacent(fit, r["exposure"]))
    joint = r["adjacent"]["joint"]
    assert_allclose(
        [w.statistic, w.df_denom, w.p_value],
        [joint["Fstat"], joint["df_denom"], joint["p_val"]],
        rtol=CLOSED,
    )
    assert_allclose(w.p_value, r["wald_exposure"]["p_val"], rtol=CLOSED)


@pytest.mark.parametrize("name", NAMES)
def test_pairwise_contrasts(name):
    r, fit = ref(name)["pairwise"], fitted(name)
    L = constrain_pairwise(fit, ref(name)["exposure"])
    assert list(L.index) == r["hypothesis"]
    tests = [wald_test(fit, L.iloc[[i]]) for i in range(len(L))]
    assert_allclose([w.statistic for w in tests], r["Fstat"], rtol=CLOSED)
    assert_allclose([w.df_denom for w in tests], r["df_denom"], rtol=CLOSED)
    assert_allclose([w.p_value for w in tests], r["p_val"], rtol=CLOSED)


@pytest.mark.parametrize("name", NAMES)
def test_a_contrast_given_as_a_matrix(name):
    r, fit = ref(name)["top_vs_second"], fitted(name)
    w = wald_test(fit, np.array(r["L"]["values"]))
    assert_allclose(
        [w.statistic, w.delta, w.df_denom, w.p_value],
        [r["wald"]["Fstat"], r["wald"]["delta"], r["wald"]["df_denom"], r["wald"]["p_val"]],
        rtol=CLOSED,
    )


def test_constrain_zero_and_a_null_value():
    fit = fitted("trust_ols")
    L = constrain_zero(fit, "years_in_network")
    assert list(L.index) == ["years_in_network"] and L.to_numpy().sum() == 1
    b = float(fit.coefficients.set_index("term").loc["years_in_network", "estimate"])
    at_estimate = wald_test(fit, L, null_value=b)
    assert at_estimate.statistic == 0 and at_estimate.p_value == 1
    t = coef_test(fit).table.set_index("term").loc["years_in_network"]
    w = wald_test(fit, ["years_in_network"])
    assert_allclose(w.statistic, t["statistic"] ** 2, rtol=1e-12)
    assert_allclose(w.df_denom, t["df"], rtol=1e-12)


def test_results_display_and_summarise():
    fit = fitted("trust_ols")
    res = coef_test(fit)
    assert list(res.summary().columns) == [
        "estimate",
        "std_error",
        "statistic",
        "df",
        "p_value",
        "ci_low",
        "ci_high",
    ]
    assert "CR2, Satterthwaite df" in repr(res) and "50 clusters" in repr(res)
    w = wald_test(fit, "meeting_frequency")
    assert w.summary().index.tolist() == ["HTZ"] and "<table" in w._repr_html_()
    assert "Wald test (CR2, HTZ)" in repr(w)


def test_naive_reference_distributions():
    fit = fitted("trust_ols")
    assert (coef_test(fit, test="naive-t").table["df"] == 49).all()
    assert (coef_test(fit, test="naive-tp").table["df"] == 50 - 11).all()
    assert np.isinf(coef_test(fit, test="z").table["df"]).all()


def test_without_a_cluster_the_tests_say_what_is_missing():
    fit = ols(trust_sample(), "trust", TS)
    assert fit.cluster_scores is None
    with pytest.raises(ModelError, match="cluster="):
        coef_test(fit)
    with pytest.raises(ModelError, match="cluster="):
        wald_test(fit, "meeting_frequency")


def test_bad_arguments_are_refused_with_the_allowed_values():
    fit = fitted("trust_ols")
    with pytest.raises(ModelError, match="CR0, CR1, CR1p, CR1S, CR2"):
        coef_test(fit, vcov_type="CR3")
    with pytest.raises(ModelError, match="Satterthwaite"):
        coef_test(fit, test="KR")
    with pytest.raises(ModelError, match="HTZ"):
        wald_test(fit, "meeting_frequency", test="HTA")
    with pytest.raises(ModelError, match="not a term"):
        wald_test(fit, pd.DataFrame({"nonsense": [1.0]}))
    with pytest.raises(ModelError, match="neither a term nor a categorical"):
        constrain_zero(fit, "nonsense")
    with pytest.raises(ModelError, match="columns"):
        wald_test(fit, np.ones((1, 3)))
    with pytest.raises(ModelError, match="not a categorical predictor"):
        constrain_adjacent(fit, "years_in_network")


def test_logistic_cr2_is_left_out_above_the_cluster_size_limit():
    _, data, outcome, predictors, cluster = MODELS["trust_logit"]
    fit = fitted("trust_logit")
    d = data()
    from trustlab.models._design import build_design

    design = build_design(d, outcome, predictors, cluster=cluster)
    b = fit.coefficients["estimate"].to_numpy()
    p = 1 / (1 + np.exp(-(design.X @ b)))
    small = cov.cluster_scores_logistic(
        design.X, design.y - p, p, design.cluster, fit.vcov.to_numpy(), max_work=100.0
    )
    assert small.cr2_score_sums is None
    with pytest.raises(ModelError, match="CR2 was not computed"):
        cov.vcov_cr(small, "CR2")
    assert_allclose(cov.vcov_cr(small, "CR1S"), cov.vcov_cr(fit.cluster_scores, "CR1S"))


def test_with_very_many_clusters_the_fit_keeps_no_per_cluster_pieces(monkeypatch):
    from trustlab.models import cluster_robust, linear

    monkeypatch.setattr(linear, "CR_MAX_CLUSTERS", 10)
    monkeypatch.setattr(cluster_robust, "CR_MAX_CLUSTERS", 10)
    fit = ols(trust_sample(), "trust", TS, cluster="network_id")
    assert fit.cluster_scores is None and fit.coefficients["std_error_cluster"].notna().all()
    with pytest.raises(ModelError, match="50 clusters, more than 10"):
        coef_test(fit)


def test_a_contrast_as_a_series_indexed_by_term():
    fit = fitted("trust_ols")
    c = pd.Series(
        {"meeting_frequency[3-4 keer per jaar]": 1.0, "meeting_frequency[1-2 keer per jaar]": -1.0},
        name="F8 step",
    )
    res = contrast_test(fit, c)
    step = contrast_test(fit, constrain_adjacent(fit, "meeting_frequency")).table.iloc[1]
    assert res.table["term"].tolist() == ["F8 step"]
    assert_allclose(
        res.table.iloc[0][["estimate", "std_error", "df"]].to_numpy(float),
        step[["estimate", "std_error", "df"]].to_numpy(float),
        rtol=1e-12,
    )
