"""The random-intercept model as lmerTest 3.1, pbkrtest 0.5 and performance 0.10 report it
(tests/reference/mixed_inference.R): Satterthwaite and Kenward-Roger t and F tests, Nakagawa's
R2, the ICC's profile interval and the likelihood-ratio test, on the trust sample, the held-out
survey, ChickWeight and sleepstudy."""

from __future__ import annotations

import warnings
from functools import cache

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from rfixtures import REF, chickweight, heldout_survey, trust_sample
from rfixtures import fixture as load
from trustlab.models import (
    ModelError,
    constrain_adjacent,
    fixed_effects_test,
    icc_interval,
    likelihood_ratio_test,
    mixed_anova,
    mixed_contrast_test,
    mixed_f_test,
    mixed_model,
    ols,
    r2_nakagawa,
)
from trustlab.models._lmm_derivatives import varpar_derivatives

# lme4 stops its optimiser about 1e-7 relative from the optimum (trustlab's profile is polished
# to it): estimates, SEs, R2 and F agree to ~1e-8, asserted at 1e-5. lmerTest's Satterthwaite df
# come from numerical derivatives (numDeriv) at lme4's estimates; ours are exact: observed
# agreement ~1e-8, asserted at 1e-4. Kenward-Roger is a closed form at the estimates (1e-8
# observed, 1e-5 asserted, df 1e-4). The ICC profile interval is computed on both sides from
# the exact REML criterion (R optimises theta itself): ends observed 5e-14, asserted 1e-7.
MIXED = 1e-5
DF = 1e-4
PROFILE = 1e-7
MINIMUM = 1e-6

TS = ["meeting_frequency", "role", "org_type", "years_in_network"]


def sleepstudy() -> pd.DataFrame:
    return pd.read_csv(REF / "data" / "sleepstudy.csv")


MODELS = {
    "trust": (trust_sample, "trust", TS, "network_id"),
    "heldout": (heldout_survey, "score", ["contact", "role", "tenure"], "team"),
    "chick": (chickweight, "weight", ["Time", "Diet"], "Chick"),
    "sleep": (sleepstudy, "Reaction", ["Days"], "Subject"),
    "trust_exposure_only": (trust_sample, "trust", ["meeting_frequency"], "network_id"),
}
NAMES = list(MODELS)


@cache
def fitted(name: str, reml: bool = True):
    data, outcome, predictors, group = MODELS[name]
    return mixed_model(data(), outcome, predictors, group=group, reml=reml)


def ref(name: str) -> dict:
    return load("mixed_inference")["models"][name]


@pytest.mark.parametrize("name", NAMES)
def test_fits_are_lme4_s(name):
    fit, r = fitted(name), ref(name)
    assert list(fit.coefficients["term"]) == r["terms"] and fit.n_obs == r["n_obs"]
    assert_allclose(fit.coefficients["estimate"], r["estimate"], rtol=MIXED)
    assert_allclose([fit.tau2, fit.sigma2], [r["tau2"], r["sigma2"]], rtol=MIXED)


@pytest.mark.parametrize("name", NAMES)
def test_lmertest_vcov_of_the_variance_parameters(name):
    fit, r = fitted(name), ref(name)
    der = varpar_derivatives(fit.stats, fit.tau2, fit.sigma2, reml=True)
    assert_allclose(der.vcov_varpar, np.array(r["vcov_varpar"]["values"]), rtol=DF)
    assert der.negative_eigenvalues == 0


@pytest.mark.parametrize("column", ["se", "t", "p", "ci_low", "ci_high"])
@pytest.mark.parametrize("name", NAMES)
def test_satterthwaite_t_tests(name, column):
    res, r = fixed_effects_test(fitted(name)), ref(name)
    ours = {"se": "std_error", "t": "statistic", "p": "p_value"}.get(column, column)
    tol = DF if column in ("p", "ci_low", "ci_high") else MIXED  # p and CI move with the df
    assert_allclose(res.table[ours], r[column], rtol=tol)


@pytest.mark.parametrize("name", NAMES)
def test_satterthwaite_df(name):
    res = fixed_effects_test(fitted(name))
    assert_allclose(res.table["df"], ref(name)["df"], rtol=DF)


@pytest.mark.parametrize("column", ["se", "df", "t", "p"])
@pytest.mark.parametrize("name", NAMES)
def test_kenward_roger_t_tests(name, column):
    res, r = fixed_effects_test(fitted(name), ddf="Kenward-Roger"), ref(name)["kenward_roger"]
    ours = {"se": "std_error", "t": "statistic", "p": "p_value"}.get(column, column)
    assert_allclose(res.table[ours], r[column], rtol=MIXED if column in ("se", "t") else DF)


@pytest.mark.parametrize("ddf", ["Satterthwaite", "Kenward-Roger"])
@pytest.mark.parametrize("name", NAMES)
def test_f_test_of_the_exposure_as_contestmd(name, ddf):
    r = ref(name)["contest_md" if ddf == "Satterthwaite" else "contest_md_kr"]
    exposure = ref(name)["exposure"]
    res = mixed_f_test(fitted(name), exposure, ddf=ddf)
    assert list(res.hypothesis.index) == ref(name)["exposure_terms"]
    assert res.df_num == r["num_df"]
    assert_allclose(res.statistic, r["F"], rtol=MIXED)
    assert_allclose(res.df_denom, r["den_df"], rtol=DF)
    assert_allclose(res.p_value, r["p"], rtol=DF)


@pytest.mark.parametrize("ddf", ["Satterthwaite", "Kenward-Roger"])
@pytest.mark.parametrize("name", NAMES)
def test_anova_type_3(name, ddf):
    r = ref(name)["anova_type3" if ddf == "Satterthwaite" else "anova_type3_kr"]
    res = mixed_anova(fitted(name), ddf=ddf).table
    assert list(res["term"]) == r["term"]
    assert list(res["df_num"]) == r["num_df"]
    assert_allclose(res["statistic"], r["F"], rtol=MIXED)
    assert_allclose(res["df_denom"], r["den_df"], rtol=DF)
    assert_allclose(res["p_value"], r["p"], rtol=DF)


def test_a_single_predictor_s_anova_uses_lmertest_s_type_1_contrasts():
    r = ref("trust_exposure_only")
    anova = mixed_anova(fitted("trust_exposure_only")).table.iloc[0]
    direct = mixed_f_test(fitted("trust_exposure_only"), "meeting_frequency")
    # the same F, two different Satterthwaite df, each as lmerTest computes it
    assert_allclose(anova["statistic"], direct.statistic, rtol=1e-12)
    assert abs(anova["df_denom"] / direct.df_denom - 1) > 1e-4
    assert_allclose(anova["df_denom"], r["anova_type3"]["den_df"][0], rtol=DF)
    assert_allclose(direct.df_denom, r["contest_md"]["den_df"], rtol=DF)


@pytest.mark.parametrize("key", ["marginal", "conditional", "var_fixed", "var_random"])
@pytest.mark.parametrize("name", NAMES)
def test_r2_nakagawa(name, key):
    res, r = r2_nakagawa(fitted(name)), ref(name)["r2_nakagawa"]
    assert_allclose(getattr(res, key), r[key], rtol=MIXED)
    assert_allclose(res.var_residual, r["var_residual"], rtol=MIXED)


@pytest.mark.parametrize("name", NAMES)
def test_icc_is_performance_s_adjusted_icc(name):
    res = icc_interval(fitted(name))
    assert_allclose(res.icc, ref(name)["icc_adjusted"], rtol=MIXED)


@pytest.mark.parametrize("name", [*NAMES, "trust_null"])
def test_icc_profile_interval(name):
    if name == "trust_null":
        fit = mixed_model(trust_sample(), "trust", [], group="network_id")
        r = load("mixed_inference")["trust_null"]["icc_profile"]
    else:
        fit, r = fitted(name), ref(name)["icc_profile"]
    res = icc_interval(fit)
    # the minimum of a smooth criterion is located only to ~sqrt(machine eps) (the criterion
    # is flat there), by R's optimize and by our Brent alike: observed 4e-7 on theta
    assert_allclose([res.theta, res.icc], [r["theta"], r["icc"]], rtol=MINIMUM)
    # the ends are crossings of a steep criterion: located to ~1e-12 on both sides
    assert_allclose([res.theta_low, res.theta_high], r["theta_ci"], rtol=PROFILE)
    assert_allclose([res.ci_low, res.ci_high], r["icc_ci"], rtol=PROFILE)


@pytest.mark.parametrize("name", NAMES)
def test_likelihood_ratio_test_of_the_exposure(name):
    data, outcome, predictors, group = MODELS[name]
    r = ref(name)["lrt"]
    exposure = ref(name)["exposure"]
    full = mixed_model(data(), outcome, predictors, group=group, reml=False)
    reduced = mixed_model(
        data(), outcome, [p for p in predictors if p != exposure], group=group, reml=False
    )
    res = likelihood_ratio_test(reduced, full)
    assert res.df == r["df"]
    assert_allclose(
        [res.log_likelihood_reduced, res.log_likelihood_full],
        [r["loglik_null"], r["loglik_full"]],
        rtol=1e-9,
    )
    assert_allclose(res.statistic, r["chisq"], rtol=MIXED)
    assert_allclose(res.p_value, r["p"], rtol=DF)


def test_adjacent_contrasts_in_the_mixed_model():
    fit = fitted("trust")
    L = constrain_adjacent(fit, "meeting_frequency")
    res = mixed_contrast_test(fit, L)
    est = fit.coefficients.set_index("term")["estimate"]
    assert_allclose(
        res.table["estimate"].iloc[1],
        est["meeting_frequency[3-4 keer per jaar]"] - est["meeting_frequency[1-2 keer per jaar]"],
        rtol=1e-12,
    )
    # the first step is the first dummy: the same test as the coefficient's
    coef = (
        fixed_effects_test(fit).table.set_index("term").loc["meeting_frequency[1-2 keer per jaar]"]
    )
    assert_allclose(
        res.table.iloc[0][["std_error", "df"]].to_numpy(float),
        coef[["std_error", "df"]].to_numpy(float),
        rtol=1e-12,
    )


def test_results_display():
    fit = fitted("trust")
    assert "Satterthwaite df" in repr(fixed_effects_test(fit))
    assert "F test (Kenward-Roger df)" in repr(
        mixed_f_test(fit, "meeting_frequency", ddf="Kenward-Roger")
    )
    assert r2_nakagawa(fit).summary().index.tolist() == ["R2 (Nakagawa)"]
    assert "<table" in icc_interval(fit)._repr_html_()


def test_bad_requests_are_refused():
    fit = fitted("trust")
    with pytest.raises(ModelError, match="ddf must be one of"):
        fixed_effects_test(fit, ddf="between-within")
    with pytest.raises(ModelError, match="mixed_model"):
        fixed_effects_test(ols(trust_sample(), "trust", TS))
    ml = fitted("sleep", reml=False)
    with pytest.raises(ModelError, match="REML"):
        fixed_effects_test(ml, ddf="Kenward-Roger")
    with pytest.raises(ModelError, match="ML fits"):
        likelihood_ratio_test(fitted("sleep"), fitted("sleep"))
    with pytest.raises(ModelError, match="proper subset"):
        likelihood_ratio_test(ml, ml)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        other = mixed_model(sleepstudy().iloc[:90], "Reaction", [], group="Subject", reml=False)
    with pytest.raises(ModelError, match="rows used"):
        likelihood_ratio_test(other, ml)
