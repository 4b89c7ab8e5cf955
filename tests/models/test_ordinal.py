"""Proportional-odds regression against ordinal::clm (wine) and the trust sample items."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from rfixtures import REF, trust_sample
from rfixtures import fixture as load
from trustlab.models import ModelError, ordinal_logit

# ML fits: trustlab's Newton (analytic Hessian, gradient to 1e-10) vs clm's Newton (gradTol
# 1e-6); observed agreement ~1e-12 on the estimates and SEs; logLik to 1e-15
FIT = 1e-6
LOGLIK = 1e-9


@pytest.fixture(scope="module")
def wine():
    d = pd.read_csv(REF / "data" / "wine.csv")
    return ordinal_logit(d, "rating", ["temp", "contact"]), load("ordinal_wine")


def test_wine_coefficients(wine):
    fit, want = wine
    clm = want["clm"]
    c = fit.coefficients
    assert list(c["term"]) == ["1|2", "2|3", "3|4", "4|5", "temp[warm]", "contact[yes]"]
    assert_allclose(c["estimate"], list(clm["coefficients"].values()), rtol=FIT)
    assert_allclose(c["std_error"], list(clm["se"].values()), rtol=FIT)
    assert_allclose(c["statistic"], list(clm["z"].values()), rtol=FIT)
    assert_allclose(c["p_value"], list(clm["p_value"].values()), rtol=1e-5)
    assert_allclose(fit.vcov.to_numpy(), clm["vcov"]["values"], rtol=FIT)
    assert_allclose(fit.thresholds, list(clm["thresholds"].values()), rtol=FIT)
    assert_allclose(fit.log_likelihood, clm["logLik"], rtol=LOGLIK)
    assert_allclose(fit.aic, clm["AIC"], rtol=LOGLIK)
    assert fit.n_obs == clm["nobs"] and fit.converged


def test_wine_agrees_with_polr_to_its_optimiser_precision(wine):
    fit, want = wine
    polr = want["polr"]
    c = fit.summary()
    assert_allclose(
        c.loc[["temp[warm]", "contact[yes]"], "estimate"],
        list(polr["coefficients"].values()),
        rtol=1e-4,
    )
    assert_allclose(fit.thresholds, list(polr["zeta"].values()), rtol=1e-4)


def test_wine_nominal_test(wine):
    fit, want = wine
    nt = want["clm"]["nominal_test"]
    got = fit.nominal_test
    assert list(got.index) == nt["terms"][1:]
    assert got["df"].tolist() == nt["Df"][1:]
    assert_allclose(got["log_likelihood"], nt["logLik"][1:], rtol=LOGLIK)
    assert_allclose(got["lr_statistic"], nt["LRT"][1:], rtol=1e-6)
    assert_allclose(got["p_value"], nt["p_value"][1:], rtol=1e-6)


@pytest.mark.parametrize("item", ["T1", "D1"])
def test_trust_sample_items(item):
    want = load("trust_sample")["ordinal"][item]
    d = trust_sample()
    fit = ordinal_logit(d, item, ["meeting_frequency"])
    c = fit.coefficients
    assert list(c["term"]) == want["terms"]
    assert fit.n_obs == want["n_obs"] and fit.dropped == {f"missing {item}": 231 - want["n_obs"]}
    assert_allclose(c["estimate"], want["estimate"], rtol=FIT)
    assert_allclose(c["std_error"], want["se"], rtol=FIT)
    assert_allclose(fit.log_likelihood, want["logLik"], rtol=LOGLIK)
    nt = fit.nominal_test.loc["meeting_frequency"]
    assert nt["df"] == want["nominal_df"]
    # for T1 one cell of the nominal model is empty (a parameter runs off to -inf in both
    # programs); the log-likelihood still converges, to ~1e-8
    assert_allclose(nt["log_likelihood"], want["nominal_logLik"], rtol=1e-7)
    assert_allclose(nt["lr_statistic"], want["nominal_LRT"], rtol=1e-5)
    assert_allclose(nt["p_value"], want["nominal_p"], rtol=1e-5)


def test_needs_three_categories():
    d = pd.DataFrame({"y": [1, 2, 1, 2, 1], "x": [0, 1, 0, 1, 1]})
    with pytest.raises(ModelError, match="3 or more"):
        ordinal_logit(d, "y", ["x"])


def test_odds_ratios_only_for_effects(wine):
    fit, _ = wine
    c = fit.summary()
    assert np.isnan(c.loc["1|2", "odds_ratio"])
    assert_allclose(c.loc["temp[warm]", "odds_ratio"], np.exp(c.loc["temp[warm]", "estimate"]))
    assert "Proportional-odds" in repr(fit)
