"""Ordinal CFA by WLSMV against lavaan 0.6-14 (wlsmv.json).

Tolerances (the issue's): sample thresholds and polychorics 1e-6; WLSMV estimates 1e-5
absolute; standard errors 1e-4 relative; the scaled chi-square and the scaled and robust
indices 1e-4 relative; the unscaled chi-square 1e-6 relative. The agreement is about 1e-7:
lavaan's polychorics come from nlminb (to ~1e-8) and its DWLS estimates stop at nlminb's
tolerance.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from rfixtures import data, fixture, table
from trustlab.errors import CFAError
from trustlab.psychometrics import cfa_ordinal

TRUST = {
    "trust": ["T1", "T2", "T3", "T4", "T5", "T6", "T7r"],
    "distrust": ["D1", "D2", "D3", "D4r"],
}
SURVEY = {"f1": ["y1", "y2", "y3", "y4"], "f2": ["y5", "y6", "y7", "y8"]}
BFI = {"agree": ["A1r", "A2", "A3", "A4", "A5"], "consc": ["C1", "C2", "C3", "C4r", "C5r"]}
CASES = ["trust", "trust_std_lv", "survey", "bfi"]
SCALED = ["chisq.scaled", "pvalue.scaled", "chisq.scaling.factor", "baseline.chisq.scaled",
          "baseline.pvalue.scaled", "baseline.chisq.scaling.factor", "cfi.scaled", "tli.scaled",
          "cfi.robust", "tli.robust", "rmsea.scaled", "rmsea.ci.lower.scaled",
          "rmsea.ci.upper.scaled", "rmsea.pvalue.scaled", "rmsea.robust",
          "rmsea.ci.lower.robust", "rmsea.ci.upper.robust", "rmsea.pvalue.robust"]  # fmt: skip
STANDARD = ["npar", "fmin", "chisq", "df", "baseline.chisq", "baseline.df", "cfi", "tli",
            "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "ntotal", "srmr"]  # fmt: skip


@cache
def frame(case: str) -> pd.DataFrame:
    if case.startswith("trust"):
        d = data("trust_items.csv").copy()
        d["T7r"], d["D4r"] = 6 - d["T7"], 6 - d["D4"]
    elif case == "survey":
        d = data("ordinal_survey.csv")
    else:
        d = data("bfi25.csv").copy()
        d["A1r"], d["C4r"], d["C5r"] = 7 - d["A1"], 7 - d["C4"], 7 - d["C5"]
    return d


@cache
def fitted(case: str):
    model = {"trust": TRUST, "trust_std_lv": TRUST, "survey": SURVEY, "bfi": BFI}[case]
    return cfa_ordinal(frame(case), model, std_lv=case.endswith("std_lv"))


def fx(case: str) -> dict:
    return fixture("wlsmv")[case]


def merged(case: str, key: str) -> pd.DataFrame:
    ref = pd.DataFrame({k: fx(case)[key][k] for k in ("lhs", "op", "rhs", "est", "se")})
    return fitted(case).parameters.merge(ref, on=["lhs", "op", "rhs"], suffixes=("", "_r"))


@pytest.mark.parametrize("case", CASES)
def test_complete_cases_match_lavaan(case):
    assert fitted(case).n_obs == fx(case)["nobs"]


@pytest.mark.parametrize("case", CASES)
def test_sample_thresholds_and_polychorics_match_lavaan(case):
    res = fitted(case)
    p = len(res.polychoric)
    r, c = np.triu_indices(p, 1)
    obs = np.concatenate([res.sample_thresholds, res.polychoric.to_numpy()[c, r]])
    assert_allclose(obs, fx(case)["wls_obs"], atol=1e-6)


@pytest.mark.parametrize("case", CASES)
def test_nacov_matches_lavaan(case):
    want = table(fx(case)["gamma"]).to_numpy()
    assert_allclose(fitted(case).nacov.to_numpy(), want, rtol=1e-6, atol=1e-6 * np.abs(want).max())


@pytest.mark.parametrize("case", CASES)
def test_estimates_match_lavaan(case):
    m = merged(case, "params")
    assert len(m) == len(fitted(case).parameters)
    assert_allclose(m["est"], m["est_r"], rtol=0, atol=1e-5)


@pytest.mark.parametrize("case", CASES)
def test_robust_standard_errors_match_lavaan(case):
    m = merged(case, "params")
    assert_allclose(m["se"], m["se_r"], rtol=1e-4, atol=1e-12)


@pytest.mark.parametrize("case", CASES)
def test_standardized_solution_matches_lavaan(case):
    m = merged(case, "std_all")
    m = m[m["op"].isin(["=~", "~~"])]
    assert_allclose(m["std.all"], m["est_r"], atol=1e-5)
    assert_allclose(m["std.all.se"], m["se_r"], rtol=1e-4, atol=1e-10)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("key", STANDARD)
def test_standard_fit_measures_match_lavaan(case, key):
    assert_allclose(fitted(case).fit[key], fx(case)["fit"][key], rtol=1e-6)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("key", SCALED)
def test_scaled_and_robust_fit_measures_match_lavaan(case, key):
    want = fx(case)["fit"][key]
    assert_allclose(fitted(case).fit[key], want, rtol=1e-4, atol=1e-10)


@pytest.mark.parametrize("case", CASES)
def test_shift_parameter_matches_lavaan(case):
    assert_allclose(fitted(case).shift, fx(case)["shift"], rtol=1e-4)


def test_scaled_chisq_is_the_scaled_shifted_formula():
    res = fitted("survey")
    assert_allclose(res.chi2_scaled, res.chi2 / res.scaling_factor + res.shift, rtol=1e-12)


def test_marker_and_std_lv_fit_the_same():
    a, b = fitted("trust"), fitted("trust_std_lv")
    assert_allclose(a.chi2_scaled, b.chi2_scaled, rtol=1e-8)
    assert_allclose(a.loadings["std_all"], b.loadings["std_all"], atol=1e-6)


def test_result_tables():
    res = fitted("trust")
    assert list(res.loadings.index) == TRUST["trust"] + TRUST["distrust"]
    assert res.thresholds.shape == (11, 4)
    assert res.factor_correlations.loc["trust", "distrust"] < 0
    assert (res.reliability["omega"] > 0.7).all()
    assert "CFA (WLSMV, 2 factor(s), n = 184)" in repr(res)


def test_single_answer_item_is_refused():
    d = frame("survey").copy()
    d["y9"] = 3
    with pytest.raises(CFAError, match="'y9' has a single answer"):
        cfa_ordinal(d, {"f1": ["y1", "y2", "y9"], "f2": ["y5", "y6", "y7"]})


def test_unknown_item_is_refused():
    with pytest.raises(CFAError, match="not a column"):
        cfa_ordinal(frame("survey"), {"f1": ["y1", "y2", "y10"]})
