"""Logistic regression against R: glm(binomial) + sandwich, AME and predicted probabilities."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from rfixtures import FREQ, REF, trust_sample
from rfixtures import fixture as load
from trustlab.models import ModelError, ModelWarning, logit

PREDICTORS = ["meeting_frequency", "role", "org_type", "years_in_network"]
GLM = 1e-7  # IRLS fit (R's glm stops at a relative deviance change of 1e-8)
# R's vcov(glm) uses the IRLS weights of its last iteration, one step before its final
# estimates; ours are at the converged estimates, so SEs agree to ~2e-7, not 1e-10
SE = 1e-6


@pytest.fixture(scope="module")
def petersen_fit():
    d = pd.read_csv(REF / "data" / "petersen_cl.csv")
    d["ybin"] = (d["y"] > 0).astype(int)
    return logit(d, "ybin", ["x"], cluster="firm"), load("logit")["petersen"]


def test_petersen_coefficients(petersen_fit):
    fit, want = petersen_fit
    c = fit.coefficients
    assert_allclose(c["estimate"], list(want["coefficients"].values()), rtol=GLM)
    assert_allclose(c["std_error"], list(want["se_model"].values()), rtol=SE)
    assert_allclose(c["std_error_cluster"], list(want["se_CL_HC1"].values()), rtol=SE)
    assert_allclose(fit.vcov_cluster.to_numpy(), want["vcov_CL_HC1"]["values"], rtol=SE, atol=1e-9)
    assert_allclose(fit.log_likelihood, want["logLik"], rtol=1e-10)
    assert_allclose(fit.deviance, want["deviance"], rtol=1e-10)
    assert_allclose(fit.null_deviance, want["null_deviance"], rtol=1e-10)
    assert_allclose(fit.aic, want["aic"], rtol=1e-10)


def test_petersen_ame(petersen_fit):
    fit, want = petersen_fit
    ame = fit.marginal_effects.set_index("term").loc["x"]
    assert_allclose(ame["estimate"], want["ame"]["x"], rtol=GLM)
    assert_allclose(ame["std_error"], want["ame_se_delta_model"]["x"], rtol=SE)
    assert_allclose(ame["std_error_cluster"], want["ame_se_delta_CL_HC1"]["x"], rtol=SE)


def test_mtcars():
    want = load("logit")["mtcars"]
    fit = logit(pd.read_csv(REF / "data" / "mtcars.csv"), "am", ["wt", "hp"])
    c = fit.coefficients
    assert_allclose(c["estimate"], list(want["coefficients"].values()), rtol=GLM)
    assert_allclose(fit.vcov.to_numpy(), want["vcov_model"]["values"], rtol=SE)
    assert_allclose(fit.log_likelihood, want["logLik"], rtol=1e-9)
    ame = fit.marginal_effects.set_index("term")
    assert_allclose(ame["estimate"], list(want["ame"].values()), rtol=GLM)
    assert_allclose(ame["std_error"], list(want["ame_se_delta_model"].values()), rtol=SE)
    assert fit.predicted is None and fit.inference == "model"


@pytest.fixture(scope="module")
def trust_fit():
    fit = logit(trust_sample(), "high_trust", PREDICTORS, cluster="network_id")
    return fit, load("trust_sample")["logit"]


def test_trust_coefficients(trust_fit):
    fit, want = trust_fit
    c = fit.coefficients
    assert list(c["term"]) == want["terms"] and fit.n_obs == want["n_obs"]
    assert_allclose(c["estimate"], want["estimate"], rtol=GLM)
    assert_allclose(c["std_error"], want["se_model"], rtol=SE)
    assert_allclose(c["std_error_robust"], want["se_HC3"], rtol=SE)
    assert_allclose(c["std_error_cluster"], want["se_cluster"], rtol=SE)
    assert_allclose(c["p_value"], want["p_cluster_z"], rtol=SE)
    assert_allclose(c["odds_ratio"], np.exp(want["estimate"]), rtol=GLM)
    assert_allclose(fit.log_likelihood, want["logLik"], rtol=1e-10)
    assert_allclose(fit.aic, want["aic"], rtol=1e-10)


def test_trust_marginal_effects(trust_fit):
    fit, want = trust_fit
    ame = fit.marginal_effects
    assert len(ame) == len(want["terms"]) - 1  # every term but the intercept
    got = ame.set_index("term").loc[want["ame_terms"]]
    assert_allclose(got["estimate"], want["ame"], rtol=SE)
    assert_allclose(got["std_error"], want["ame_se_model"], rtol=SE)
    assert_allclose(got["std_error_cluster"], want["ame_se_cluster"], rtol=SE)


def test_trust_predicted_probabilities(trust_fit):
    fit, want = trust_fit
    pr = fit.predicted
    assert fit.by == "meeting_frequency" and list(pr.index) == want["predicted_levels"]
    assert_allclose(pr["probability"], want["predicted"], rtol=SE)
    assert_allclose(pr["std_error"], want["predicted_se_model"], rtol=SE)
    assert_allclose(pr["std_error_cluster"], want["predicted_se_cluster"], rtol=SE)
    assert ((pr["ci_low"] >= 0) & (pr["ci_high"] <= 1)).all()


def test_separation_is_flagged_not_hidden():
    d = trust_sample()
    d.loc[d["meeting_frequency"] == FREQ[3], "high_trust"] = 1
    with pytest.warns(ModelWarning, match="Separation"):
        fit = logit(d, "high_trust", ["meeting_frequency"])
    assert fit.separation == (f"meeting_frequency[{FREQ[3]}]",)
    row = fit.coefficients.set_index("term").loc[f"meeting_frequency[{FREQ[3]}]"]
    assert np.isnan(row["p_value"]) and np.isnan(row["ci_low"])
    assert "Separation" in repr(fit)


def test_bad_outcomes():
    d = trust_sample()
    with pytest.raises(ModelError, match="0/1"):
        logit(d, "trust", ["role"])
    d["all_one"] = 1
    with pytest.raises(ModelError, match="nothing to model"):
        logit(d, "all_one", ["role"])
    with pytest.raises(ModelError, match="not a categorical predictor"):
        logit(d, "high_trust", ["role", "years_in_network"], by="years_in_network")


def test_predicted_probability_of_an_empty_category_is_missing_not_the_reference():
    import trustlab

    data = trustlab.load_sample().data.copy()
    data = data[data["meeting_frequency"] != "meer dan 4 keer per jaar"].copy()
    data["high"] = (data["T1"] > 3).astype(float)
    with pytest.warns(trustlab.errors.ModelWarning):
        fit = logit(data, "high", ["meeting_frequency"], by="meeting_frequency")
    predicted = fit.predicted
    assert predicted.loc["meer dan 4 keer per jaar"].isna().all()
    assert predicted.drop("meer dan 4 keer per jaar")["probability"].notna().all()
