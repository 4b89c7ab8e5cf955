"""Within-between (Mundlak) decomposition against lmerTest (tests/reference/mixed_inference.R)
on the trust sample (meetings per year) and the held-out survey (contacts per month)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from rfixtures import fixture as load
from rfixtures import heldout_survey, trust_sample
from trustlab.models import ModelError, within_between

# As test_mixed_satterthwaite.py: lme4's optimum (estimates, SEs at 1e-5) and lmerTest's
# numerical derivatives (Satterthwaite df, and the p-values and CIs that use them, at 1e-4).
MIXED = 1e-5
DF = 1e-4

CASES = {
    "trust": (
        trust_sample,
        "trust",
        "per_year",
        "network_id",
        ["role", "org_type", "years_in_network"],
    ),
    "heldout": (heldout_survey, "score", "per_month", "team", ["role", "tenure"]),
}


@cache
def result(name: str):
    data, outcome, x, group, covariates = CASES[name]
    return within_between(data(), outcome, x, group=group, covariates=covariates)


def ref(name: str) -> dict:
    return load("mixed_inference")["mundlak"][name]


@pytest.mark.parametrize("name", list(CASES))
def test_the_model_is_lmertest_s(name):
    res, r = result(name), ref(name)
    x = CASES[name][2]
    terms = [
        t.replace("x_within", f"{x}_within").replace("x_between", f"{x}_between")
        for t in r["terms"]
    ]
    assert list(res.fit.coefficients["term"]) == terms
    assert_allclose(res.fit.coefficients["estimate"], r["estimate"], rtol=MIXED)


@pytest.mark.parametrize("column", ["estimate", "se", "t", "df", "p"])
@pytest.mark.parametrize("name", list(CASES))
def test_within_and_between_effects(name, column):
    res, r = result(name), ref(name)
    table = res.summary()
    i_w, i_b = r["terms"].index("x_within"), r["terms"].index("x_between")
    ours = {"se": "std_error", "t": "statistic", "p": "p_value"}.get(column, column)
    tol = DF if column in ("df", "p") else MIXED
    assert_allclose(
        table.loc[["within", "between"], ours], [r[column][i_w], r[column][i_b]], rtol=tol
    )


@pytest.mark.parametrize("column", ["estimate", "se", "t", "df", "p", "ci_low", "ci_high"])
@pytest.mark.parametrize("name", list(CASES))
def test_contextual_effect(name, column):
    row, r = result(name).summary().loc["contextual"], ref(name)["contextual"]
    ours = {"se": "std_error", "t": "statistic", "p": "p_value"}.get(column, column)
    tol = DF if column in ("df", "p", "ci_low", "ci_high") else MIXED
    assert_allclose(row[ours], r[column], rtol=tol)


@pytest.mark.parametrize("name", list(CASES))
def test_the_contextual_effect_is_the_group_mean_s_coefficient_next_to_raw_x(name):
    row, r = result(name).summary().loc["contextual"], ref(name)["raw_x_model"]
    assert_allclose([row["estimate"], row["std_error"]], [r["estimate"], r["se"]], rtol=MIXED)
    assert_allclose(row["df"], r["df"], rtol=DF)
    within = result(name).summary().loc["within"]
    assert_allclose(within["estimate"], r["within"], rtol=MIXED)


def test_the_reading_in_words():
    res = result("trust")
    assert res.summary().index.tolist() == ["within", "between", "contextual"]
    assert res.reading and "per_year" in res.reading
    assert "Within and between network_id effects of per_year on trust" in repr(res)


def test_group_means_use_the_rows_of_the_model_only():
    d = trust_sample()
    d.loc[d.index[:5], "years_in_network"] = np.nan
    res = within_between(
        d, "trust", "per_year", group="network_id", covariates=["years_in_network"]
    )
    used = d.dropna(subset=["years_in_network"])
    means = used.groupby("network_id")["per_year"].mean()
    assert res.fit.n_obs == len(used)
    # the between column is constant within a network and equal to the mean of the rows used
    frame = used.assign(b=used["network_id"].map(means))
    assert_allclose(np.sort(frame["b"].unique()), np.sort(means.unique()), rtol=1e-15)


def test_bad_input_is_refused():
    d = trust_sample()
    with pytest.raises(ModelError, match="numeric"):
        within_between(d, "trust", "meeting_frequency", group="network_id")
    with pytest.raises(ModelError, match="once"):
        within_between(d, "trust", "per_year", group="network_id", covariates=["per_year"])
    clash = d.assign(per_year_between=1.0)
    with pytest.raises(ModelError, match="rename it"):
        within_between(clash, "trust", "per_year", group="network_id")
    with pytest.raises(ModelError, match="not in the data"):
        within_between(pd.DataFrame({"y": [1.0]}), "y", "x", group="g")


def test_an_exposure_without_variation_within_clusters_is_refused_in_words():
    d = trust_sample()
    same = d.assign(per_year=d.groupby("network_id")["per_year"].transform("first"))
    with pytest.warns(Warning), pytest.raises(ModelError, match="within part of 'per_year' is not"):
        within_between(same, "trust", "per_year", group="network_id")
