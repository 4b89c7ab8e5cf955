"""OLS against R: lm + sandwich (vcovHC HC3, vcovCL HC1) on PetersenCL and the trust sample."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from rfixtures import FREQ, REF, trust_sample
from rfixtures import fixture as load
from trustlab.models import ModelError, ModelWarning, ols

COVARIATES = ["role", "org_type", "years_in_network"]
CLOSED = 1e-10  # closed form: QR least squares and sandwich matrices


@pytest.fixture(scope="module")
def petersen():
    return pd.read_csv(REF / "data" / "petersen_cl.csv"), load("ols_sandwich")


def test_petersen_coefficients_and_fit(petersen):
    data, want = petersen
    fit = ols(data, "y", ["x"], cluster="firm")
    assert_allclose(fit.coefficients["estimate"], list(want["coefficients"].values()), rtol=CLOSED)
    assert_allclose(fit.sigma, want["sigma"], rtol=CLOSED)
    assert_allclose(fit.r_squared, want["r_squared"], rtol=CLOSED)
    assert fit.n_obs == want["n_obs"] and fit.n_clusters == want["n_clusters"]


@pytest.mark.parametrize(
    ("attr", "key"), [("vcov", "model"), ("vcov_robust", "HC3"), ("vcov_cluster", "CL_firm_HC1")]
)
def test_petersen_vcov(petersen, attr, key):
    data, want = petersen
    fit = ols(data, "y", ["x"], cluster="firm")
    assert_allclose(getattr(fit, attr).to_numpy(), want["vcov"][key]["values"], rtol=1e-9)


def test_petersen_standard_errors(petersen):
    data, want = petersen
    c = ols(data, "y", ["x"], cluster="firm").coefficients
    assert_allclose(c["std_error"], list(want["se"]["model"].values()), rtol=CLOSED)
    assert_allclose(c["std_error_robust"], list(want["se"]["HC3"].values()), rtol=CLOSED)
    assert_allclose(c["std_error_cluster"], list(want["se"]["CL_firm_HC1"].values()), rtol=CLOSED)


@pytest.mark.parametrize(
    ("outcome", "predictors", "categorical", "key"),
    [
        ("trust", ["meeting_frequency", *COVARIATES], None, "trust"),
        ("distrust", ["meeting_frequency", *COVARIATES], None, "distrust"),
        (
            "trust",
            ["meeting_frequency", *COVARIATES],
            {"meeting_frequency": "3-4 keer per jaar"},
            "trust_reference_3_4",
        ),
        ("trust", ["log_per_year", *COVARIATES], None, "trust_log_per_year"),
        ("trust", ["per_year", *COVARIATES], None, "trust_per_year"),
    ],
)
def test_trust_sample_models(outcome, predictors, categorical, key):
    want = load("trust_sample")["ols"][key]
    fit = ols(trust_sample(), outcome, predictors, categorical=categorical, cluster="network_id")
    c = fit.coefficients
    terms = [t.replace("log(per_year)", "log_per_year") for t in want["terms"]]
    terms = [t.replace("freq_ref34", "meeting_frequency") for t in terms]
    assert list(c["term"]) == terms
    assert fit.n_obs == want["n_obs"] and fit.df_resid == want["df_residual"]
    assert fit.n_clusters == want["n_clusters"] and fit.inference == "cluster"
    assert_allclose(c["estimate"], want["estimate"], rtol=CLOSED)
    assert_allclose(c["std_error"], want["se_model"], rtol=CLOSED)
    assert_allclose(c["std_error_robust"], want["se_HC3"], rtol=CLOSED)
    assert_allclose(c["std_error_cluster"], want["se_cluster"], rtol=CLOSED)
    assert_allclose(c["p_value"], want["p_cluster_resid_df"], rtol=1e-8)
    assert_allclose(c["ci_low"], want["ci_cluster_resid_df_low"], rtol=CLOSED)
    assert_allclose(c["ci_high"], want["ci_cluster_resid_df_high"], rtol=CLOSED)
    assert_allclose(fit.sigma, want["sigma"], rtol=CLOSED)
    assert_allclose(fit.r_squared, want["r_squared"], rtol=CLOSED)
    assert_allclose(fit.adj_r_squared, want["adj_r_squared"], rtol=CLOSED)


def test_without_cluster_uses_model_se():
    want = load("trust_sample")["ols"]["trust"]
    fit = ols(trust_sample(), "trust", ["meeting_frequency", *COVARIATES])
    assert fit.inference == "model" and fit.vcov_cluster is None
    assert_allclose(fit.coefficients["p_value"], want["p_model"], rtol=1e-8)
    assert fit.coefficients["std_error_cluster"].isna().all()


def test_cluster_df_clusters_uses_g_minus_one():
    fit = ols(
        trust_sample(), "trust", ["meeting_frequency"], cluster="network_id", cluster_df="clusters"
    )
    assert fit.df_inference == 49


def test_dropped_rows_are_reported():
    d = trust_sample()
    d.loc[[0, 5], "trust"] = np.nan
    d.loc[[5, 7], "role"] = np.nan
    fit = ols(d, "trust", ["meeting_frequency", "role"])
    assert fit.n_obs == 228 and fit.dropped == {"missing trust": 2, "missing role": 1}
    assert set(fit.dropped_rows) == {0, 5, 7}
    assert "3 rows dropped" in repr(fit)


def test_few_clusters_warn():
    d = trust_sample()
    d["region"] = d.index % 5
    with pytest.warns(ModelWarning, match="Only 5 clusters"):
        fit = ols(d, "trust", ["meeting_frequency"], cluster="region")
    assert fit.warnings


def test_empty_category_and_aliased_terms_are_left_out():
    d = trust_sample()
    d = d[d["meeting_frequency"] != "meer dan 4 keer per jaar"].copy()
    d["years_copy"] = 2 * d["years_in_network"]
    with pytest.warns(ModelWarning) as rec:
        fit = ols(d, "trust", ["meeting_frequency", "years_in_network", "years_copy"])
    msgs = " ".join(str(w.message) for w in rec)
    assert "has no rows" in msgs and "linear combination" in msgs
    assert fit.dropped_terms == ("meeting_frequency[meer dan 4 keer per jaar]", "years_copy")
    assert np.isfinite(fit.coefficients["std_error"]).all()


def test_empty_reference_is_replaced():
    d = trust_sample()
    d = d[d["meeting_frequency"] != FREQ[0]]
    with pytest.warns(ModelWarning, match="is the reference instead"):
        fit = ols(d, "trust", ["meeting_frequency"])
    assert fit.levels["meeting_frequency"][0] == FREQ[1]
    assert list(fit.coefficients["term"])[1:] == [f"meeting_frequency[{c}]" for c in FREQ[2:]]


def test_errors_say_what_to_do():
    d = trust_sample()
    with pytest.raises(ModelError, match="not in the data"):
        ols(d, "trust", ["meetings"])
    with pytest.raises(ModelError, match="not a category"):
        ols(d, "trust", ["meeting_frequency"], categorical={"meeting_frequency": "nooit"})
    with pytest.raises(ModelError, match="more rows than coefficients"):
        ols(d.head(2), "trust", ["years_in_network"])
    with pytest.raises(ModelError, match="cluster_df"):
        ols(d, "trust", ["role"], cluster="network_id", cluster_df="g")
