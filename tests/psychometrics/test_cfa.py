"""trustlab.psychometrics.cfa against lavaan 0.6-14 (tests/reference/fixtures/cfa_*.json).

Fixtures: cfa_holzinger.json (tests/reference/psychometrics.R) and cfa_extra.json
(tests/reference/cfa_extra.R). One statistic per test. Tolerances:

* RTOL = 1e-4 relative for ML estimates, SEs, z, CIs and fit statistics, as the issue asks.
  Observed: about 1e-6 on the Holzinger models and up to 3e-5 on the badly fitting one-factor
  model, where lavaan's nlminb stops with a gradient of 5e-6 and a slightly *higher* F_ML than
  trustlab's (gradient 1e-8); see test_one_factor_optimum_is_at_least_lavaans.
* Counts (npar, df, baseline.df, ntotal) exactly.
* Wald p-values with ATOL_P = 1e-9 absolute (lavaan computes 2 * (1 - pnorm(|z|)), which loses
  relative precision for |z| > 7) and RTOL_P = 1e-3 relative: a relative error e in z moves p
  by about z^2 e relatively, so the 3e-5 differences of the one-factor z (lavaan's early stop,
  above) become 2e-4 in p at z = 2.8.
* Values that are zero in theory (chisq, srmr of a just-identified model) with ATOL_ZERO = 1e-8.
"""

from __future__ import annotations

import dataclasses
import importlib
import warnings
from functools import cache

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from rfixtures import REF, fixture
from trustlab.errors import TrustlabError, TrustlabWarning
from trustlab.psychometrics._cfa_fit import CFAModel, _discrepancy
from trustlab.psychometrics.cfa import (
    CFAConvergenceWarning,
    CFAError,
    CFAResult,
    CFAWarning,
    HeywoodWarning,
    cfa,
)

cfa_module = importlib.import_module("trustlab.psychometrics.cfa")  # the module, not the function
HOLZ = fixture("cfa_holzinger")
EXTRA = fixture("cfa_extra")
OMEGA = fixture("omega")

RTOL = 1e-4
ATOL_P = 1e-9
RTOL_P = 1e-3
ATOL_ZERO = 1e-8

THREE = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"], "speed": ["x7", "x8", "x9"]}
TWO = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"]}
ONE = {"g": [f"x{i}" for i in range(1, 10)]}
TWO_ITEM = {"visual": ["x1", "x2"], "textual": ["x4", "x5"], "speed": ["x7", "x8"]}
JUST = {"textual": ["x4", "x5", "x6"]}

# case: (fixture, data file, model, std_lv)
CASES = {
    "three_factor": (HOLZ["three_factor"], "holzinger9.csv", THREE, False),
    "two_factor": (HOLZ["two_factor"], "holzinger9.csv", TWO, True),
    "one_factor": (EXTRA["one_factor"], "holzinger9.csv", ONE, False),
    "just_identified": (EXTRA["just_identified"], "holzinger9.csv", JUST, True),
    "listwise": (EXTRA["listwise"], "holzinger9_na.csv", THREE, False),
}


@cache
def data(name: str) -> pd.DataFrame:
    return pd.read_csv(REF / "data" / name)


@cache
def fitted(case: str) -> CFAResult:
    _, file, model, std_lv = CASES[case]
    return cfa(data(file), model, std_lv=std_lv)


@cache
def fitted_two_item() -> CFAResult:
    with pytest.warns(HeywoodWarning, match="'x8'"):
        return cfa(data("holzinger9.csv"), TWO_ITEM)


def ref_value(v):
    return np.nan if v is None else v


# --------------------------------------------------------------------------------------------
# Fit measures
# --------------------------------------------------------------------------------------------
CONTINUOUS = [
    "fmin",
    "chisq",
    "pvalue",
    "baseline.chisq",
    "baseline.pvalue",
    "cfi",
    "tli",
    "logl",
    "unrestricted.logl",
    "aic",
    "bic",
    "bic2",
    "rmsea",
    "rmsea.ci.lower",
    "rmsea.ci.upper",
    "rmsea.pvalue",
    "srmr",
]
COUNTS = ["npar", "df", "baseline.df", "ntotal"]


@pytest.mark.parametrize("stat", CONTINUOUS)
@pytest.mark.parametrize("case", list(CASES))
def test_fit_measure(case, stat):
    # RTOL relative; ATOL_ZERO for values that are 0 in theory (just-identified chisq, srmr);
    # baseline.pvalue is 0 in lavaan (underflow) and ~1e-100 here, also covered by ATOL_ZERO.
    ref = ref_value(CASES[case][0]["fit_measures"][stat])
    assert_allclose(fitted(case).fit[stat], ref, rtol=RTOL, atol=ATOL_ZERO, equal_nan=True)


@pytest.mark.parametrize("stat", COUNTS)
@pytest.mark.parametrize("case", list(CASES))
def test_fit_count(case, stat):
    # exact
    assert fitted(case).fit[stat] == CASES[case][0]["fit_measures"][stat]


@pytest.mark.parametrize("case", list(CASES))
def test_attributes_mirror_fit(case):
    # exact: the named attributes are the same numbers as the fit dict
    res = fitted(case)
    assert res.chi2 == res.fit["chisq"] and res.df == res.fit["df"]
    assert res.rmsea_ci == (res.fit["rmsea.ci.lower"], res.fit["rmsea.ci.upper"])
    assert (res.cfi, res.tli, res.srmr) == (res.fit["cfi"], res.fit["tli"], res.fit["srmr"])


# --------------------------------------------------------------------------------------------
# Parameter estimates and the standardised solution
# --------------------------------------------------------------------------------------------
def _ours_vs_lavaan(case: str, table: str, column: str, ours_table: str, ours_column: str):
    ref = pd.DataFrame(CASES[case][0][table])
    ours = getattr(fitted(case), ours_table)
    assert list(ours["lhs"]) == list(ref["lhs"])
    assert list(ours["op"]) == list(ref["op"])
    assert list(ours["rhs"]) == list(ref["rhs"])
    return ours[ours_column].to_numpy(float), ref[column].to_numpy(float)


@pytest.mark.parametrize("column", ["est", "se", "z", "ci.lower", "ci.upper"])
@pytest.mark.parametrize("case", list(CASES))
def test_parameter_estimates(case, column):
    # RTOL relative (NaN z of fixed parameters must match NaN; se 0 of fixed ones exactly 0)
    ours, ref = _ours_vs_lavaan(case, "parameter_estimates", column, "parameters", column)
    assert_allclose(ours, ref, rtol=RTOL, atol=0, equal_nan=True)


@pytest.mark.parametrize("case", list(CASES))
def test_parameter_pvalues(case):
    # ATOL_P absolute (lavaan's 2 * (1 - pnorm(|z|)) is imprecise for |z| > 7), RTOL_P relative
    ours, ref = _ours_vs_lavaan(case, "parameter_estimates", "pvalue", "parameters", "pvalue")
    assert_allclose(ours, ref, rtol=RTOL_P, atol=ATOL_P, equal_nan=True)


@pytest.mark.parametrize("column", ["est.std", "se", "z"])
@pytest.mark.parametrize("case", list(CASES))
def test_standardized_solution(case, column):
    # RTOL relative; delta-method SEs (complex-step Jacobian, lavaan uses the same approach)
    ours, ref = _ours_vs_lavaan(case, "standardized_solution", column, "standardized", column)
    assert_allclose(ours, ref, rtol=RTOL, atol=0, equal_nan=True)


@pytest.mark.parametrize("case", list(CASES))
def test_standardized_pvalues(case):
    # ATOL_P absolute, RTOL_P relative (see test_parameter_pvalues)
    ours, ref = _ours_vs_lavaan(case, "standardized_solution", "pvalue", "standardized", "pvalue")
    assert_allclose(ours, ref, rtol=RTOL_P, atol=ATOL_P, equal_nan=True)


@pytest.mark.parametrize("column", ["std.lv", "std.all"])
@pytest.mark.parametrize("case", ["three_factor", "two_factor"])
def test_standardized_point(case, column):
    # RTOL relative
    ours, ref = _ours_vs_lavaan(case, "standardized_point", column, "parameters", column)
    assert_allclose(ours, ref, rtol=RTOL, atol=0)


def test_one_factor_optimum_is_at_least_lavaans():
    # Why the one-factor estimates differ from lavaan by up to 3e-5: lavaan's end point has a
    # higher F_ML than ours (exact comparison of the objective at both points).
    res = fitted("one_factor")
    ref = pd.DataFrame(EXTRA["one_factor"]["parameter_estimates"])
    model = CFAModel(res.model, std_lv=False)
    s = res.sample_cov.to_numpy()
    x_lavaan = ref["est"].to_numpy()[list(res.parameters["free"])]
    logdet = np.linalg.slogdet(s)[1]
    assert res.fit["fmin"] * 2 <= _discrepancy(model, x_lavaan, s, logdet)


# --------------------------------------------------------------------------------------------
# Derived results: factor correlations, loadings table, reliability, difference test
# --------------------------------------------------------------------------------------------
def test_factor_correlations_three_factor():
    # RTOL relative, against lavaan's std.all factor covariances
    ref = pd.DataFrame(HOLZ["three_factor"]["standardized_solution"])
    corr = fitted("three_factor").factor_correlations
    for lhs, rhs, value in ref.loc[(ref["op"] == "~~") & (ref["lhs"] != ref["rhs"]), :][
        ["lhs", "rhs", "est.std"]
    ].itertuples(index=False):
        if lhs in corr.index and rhs in corr.index:
            assert_allclose(corr.loc[lhs, rhs], value, rtol=RTOL)
            assert_allclose(corr.loc[rhs, lhs], value, rtol=RTOL)


def test_loadings_table_two_factor():
    # RTOL relative: loadings[std_all] are lavaan's std.all loadings, indexed by item
    ref = pd.DataFrame(HOLZ["two_factor"]["standardized_solution"])
    ref = ref[ref["op"] == "=~"].set_index("rhs")
    load = fitted("two_factor").loadings
    assert list(load.index) == ["x1", "x2", "x3", "x4", "x5", "x6"]
    assert list(load["factor"]) == ["visual"] * 3 + ["textual"] * 3
    assert_allclose(load["std_all"], ref.loc[load.index, "est.std"], rtol=RTOL)
    assert_allclose(load["std_all_se"], ref.loc[load.index, "se"], rtol=RTOL)


def test_omega_matches_lavaan_std_all():
    # RTOL relative: omega of x4..x6 from std.all (omega.json, lavaan std.lv = TRUE)
    ref = OMEGA["holzinger_x4_x6"]["lavaan_cfa"]["omega_std_all"]
    assert_allclose(fitted("just_identified").reliability.loc["textual", "omega"], ref, rtol=RTOL)


def test_reliability_formulas():
    # 1e-12 relative: omega and AVE from the std.all loadings as documented
    res = fitted("three_factor")
    for factor, items in THREE.items():
        lam = res.loadings.loc[items, "std_all"].to_numpy()
        theta = res.residual_variances.loc[items, "std_all"].to_numpy()
        omega = lam.sum() ** 2 / (lam.sum() ** 2 + theta.sum())
        assert_allclose(res.reliability.loc[factor, "omega"], omega, rtol=1e-12)
        assert_allclose(res.reliability.loc[factor, "ave"], np.mean(lam**2), rtol=1e-12)
        assert res.reliability.loc[factor, "n_items"] == 3


@pytest.mark.parametrize(
    ("column", "key"), [("chisq_diff", "Chisq_diff"), ("df_diff", "Df_diff"), ("pvalue", "Pr")]
)
def test_chisq_difference_test(column, key):
    # RTOL relative (the p-value, 6e-49, comes from pchisq, not pnorm, so it is precise)
    table = fitted("three_factor").compare(fitted("one_factor"))
    assert list(table.index) == ["model", "other"]  # sorted by df: three-factor (24) first
    assert_allclose(table[column].iloc[1], EXTRA["lrt"][key][1], rtol=RTOL)


def test_compare_needs_same_data():
    with pytest.raises(CFAError, match="same items"):
        fitted("three_factor").compare(fitted("listwise"))


# --------------------------------------------------------------------------------------------
# A Heywood case: three 2-item factors (lavaan warns "some estimated ov variances are negative")
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("stat", ["chisq", "cfi", "tli", "rmsea", "aic", "bic", "srmr", "npar"])
def test_two_item_fit(stat):
    # RTOL relative: F_ML is flat along the speed factor, but its minimum value is well defined
    ref = EXTRA["two_item"]["fit_measures"][stat]
    assert_allclose(fitted_two_item().fit[stat], ref, rtol=RTOL)


def test_two_item_estimates():
    # The speed factor (x7, x8; correlations with the others about 0.01) is nearly
    # unidentified: SE of the x8 loading is 135, and lavaan's nlminb stops with a gradient of
    # 1.6e-3 and a higher F_ML than ours (checked below). So the visual and textual parameters
    # are compared with RTOL, those involving the speed factor with 2e-3 relative.
    res = fitted_two_item()
    ref = pd.DataFrame(EXTRA["two_item"]["parameter_estimates"])
    speed = (
        ref["lhs"].isin(["speed", "x7", "x8"]) | ref["rhs"].isin(["speed", "x7", "x8"])
    ).to_numpy()
    est = res.parameters["est"].to_numpy()
    assert_allclose(est[~speed], ref["est"][~speed], rtol=RTOL)
    assert_allclose(est[speed], ref["est"][speed], rtol=2e-3)
    model = CFAModel(res.model, std_lv=False)
    s = res.sample_cov.to_numpy()
    x_lavaan = ref["est"].to_numpy()[list(res.parameters["free"])]
    assert res.fit["fmin"] * 2 <= _discrepancy(model, x_lavaan, s, np.linalg.slogdet(s)[1])
    assert res.residual_variances.loc["x8", "est"] < 0
    assert res.converged
    assert any("Heywood" in w for w in res.warnings)


# --------------------------------------------------------------------------------------------
# Listwise deletion and the result object
# --------------------------------------------------------------------------------------------
def test_listwise_records_dropped_rows():
    res = fitted("listwise")
    raw = data("holzinger9_na.csv")
    assert res.n_rows == 301 and res.n_obs == EXTRA["listwise"]["n_complete"] == 263
    assert res.dropped == tuple(raw.index[raw.isna().any(axis=1)])
    assert res.missing == "listwise" and res.estimator == "ML"


def test_unused_columns_are_ignored():
    df = data("holzinger9.csv").assign(note=["x"] * 301, extra=np.nan)
    res = cfa(df, TWO, std_lv=True)
    assert res.n_obs == 301
    assert_allclose(res.chi2, fitted("two_factor").chi2, rtol=1e-10)


def test_result_display_and_frozen():
    res = fitted("three_factor")
    table = res.summary()
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns[:4]) == ["lhs", "op", "rhs", "free"]
    assert "CFA (ML, 3 factor(s), n = 301)" in repr(res)
    assert "<table" in res._repr_html_()
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.chi2 = 0.0
    assert res.vcov.shape == (21, 21)
    assert res.converged and res.warnings == ()


def test_sample_and_implied_cov():
    # 1e-12 relative: S uses divisor N
    res = fitted("three_factor")
    x = data("holzinger9.csv").to_numpy()
    assert_allclose(res.sample_cov.to_numpy(), np.cov(x, rowvar=False, ddof=0), rtol=1e-12)
    assert list(res.implied_cov.index) == [f"x{i}" for i in range(1, 10)]


# --------------------------------------------------------------------------------------------
# Errors and warnings
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("model", "match"),
    [
        ({"a": ["x1", "x2", "x3"], "b": ["x3", "x4", "x5"]}, "'x3' is named also on 'a'"),
        ({"a": ["x1", "x2", "x2"]}, "'x2' is named twice"),
        ({"a": ["x1", "x2", "x3"], "b": ["x4"]}, "Factor 'b' has 1 item"),
        ({"a": ["x1", "x2"]}, "2-item factor is identified only when it correlates"),
        ({"a": ["x1", "x2", "x3"], "b": ["x4", "x5", "xx6"]}, "Did you mean 'x6'"),
        ({"x1": ["x2", "x3", "x4"], "b": ["x1", "x5", "x6"]}, "has the name of an item"),
        ({}, "non-empty dict"),
        ({"a": "x1 + x2 + x3"}, "must be a list of column names"),
    ],
)
def test_model_errors(model, match):
    with pytest.raises(CFAError, match=match) as info:
        cfa(data("holzinger9.csv"), model)
    assert isinstance(info.value, TrustlabError)


def test_two_item_factors_allowed_with_correlated_factors():
    res = cfa(data("holzinger9.csv"), {"a": ["x4", "x5"], "b": ["x1", "x2", "x3"]})
    assert res.df == 4 and res.converged


def test_non_positive_definite_sample_covariance():
    df = data("holzinger9.csv").assign(total=lambda d: d["x4"] + d["x5"] + d["x6"])
    with pytest.raises(CFAError, match="not positive definite"):
        cfa(df, {"a": ["x4", "x5", "x6", "total"], "b": ["x1", "x2", "x3"]})


def test_constant_item():
    df = data("holzinger9.csv").assign(x3=2.0)
    with pytest.raises(CFAError, match="'x3' has no variance") as info:
        cfa(df, THREE)
    assert info.value.column == "x3"


def test_too_few_rows():
    with pytest.raises(CFAError, match="complete case"):
        cfa(data("holzinger9.csv").head(5), THREE)


def test_non_numeric_item():
    df = data("holzinger9.csv").astype({"x2": object})
    df.loc[4, "x2"] = "vier"
    with pytest.raises(CFAError, match="'vier'"):
        cfa(df, THREE)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"estimator": "MLR"}, "only 'ML'"), ({"missing": "fiml"}, "only 'listwise'")],
)
def test_unsupported_options(kwargs, match):
    with pytest.raises(CFAError, match=match):
        cfa(data("holzinger9.csv"), THREE, **kwargs)


def test_not_a_dataframe():
    with pytest.raises(CFAError, match="DataFrame"):
        cfa(data("holzinger9.csv").to_numpy(), THREE)


def test_convergence_warning(monkeypatch):
    real = cfa_module.fit_model

    def not_converged(*args, **kwargs):
        return dataclasses.replace(real(*args, **kwargs), converged=False)

    monkeypatch.setattr(cfa_module, "fit_model", not_converged)
    with pytest.warns(CFAConvergenceWarning, match="did not converge"):
        res = cfa(data("holzinger9.csv"), THREE)
    assert not res.converged and "did not converge" in res.warnings[0]


def test_warning_classes():
    assert issubclass(HeywoodWarning, CFAWarning)
    assert issubclass(CFAConvergenceWarning, CFAWarning)
    assert issubclass(CFAWarning, TrustlabWarning)
    assert issubclass(CFAError, TrustlabError)


def test_no_warning_for_proper_solution():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cfa(data("holzinger9.csv"), TWO, std_lv=True)


def test_std_lv_orientation_and_reflection():
    # Reversing x4..x6 reflects the textual factor: with std_lv its loadings stay positive
    # (signs normalised so each factor's loadings sum > 0) and the factor correlation changes
    # sign; the likelihood and the absolute estimates are unchanged (RTOL relative).
    df = data("holzinger9.csv").copy()
    df[["x4", "x5", "x6"]] *= -1
    res = cfa(df, TWO, std_lv=True)
    ref = fitted("two_factor")
    assert (res.loadings["est"] > 0).all()
    assert_allclose(res.chi2, ref.chi2, rtol=RTOL)
    assert_allclose(res.parameters["est"].abs(), ref.parameters["est"].abs(), rtol=RTOL)
    r = ref.factor_correlations.loc["visual", "textual"]
    assert_allclose(res.factor_correlations.loc["visual", "textual"], -r, rtol=RTOL)


def test_normalize_signs_reflects_whole_factor():
    # exact: loadings of a factor and its covariances flip sign together (std_lv only)
    model = CFAModel(TWO, std_lv=True)
    x = np.arange(1.0, model.npar + 1)
    lam, _, theta = model.matrices(x)
    lam[:3, 0] *= -1
    flipped = np.array(
        [
            lam[r.a, r.b] if r.kind == "lambda" else theta[r.a] if r.kind == "theta" else -1.0
            for r in model.free_rows
        ]
    )
    out = model.normalize_signs(flipped)
    assert_allclose(out[:6], x[:6], rtol=0)
    assert out[-1] == 1.0  # the visual-textual covariance, reflected once
    assert CFAModel(TWO, std_lv=False).normalize_signs(flipped) is flipped


def test_nullable_integer_columns():
    # 1e-10 relative: pandas nullable Int64 with <NA> behaves like float with NaN
    raw = data("holzinger9_na.csv")
    scaled = (raw * 1000).round()
    ints = scaled.astype("Int64")
    res_int = cfa(ints, THREE)
    res_float = cfa(scaled, THREE)
    assert res_int.n_obs == 263
    assert_allclose(res_int.chi2, res_float.chi2, rtol=1e-10)


@pytest.mark.parametrize(("model", "std_lv"), [(THREE, False), (TWO, True)])
def test_analytic_hessian_and_gradient(model, std_lv):
    # 1e-6 absolute (entries are O(1)): analytic derivatives vs central differences at the start
    from trustlab.psychometrics._cfa_fit import _gradient, hessian

    spec = CFAModel(model, std_lv=std_lv)
    s = np.cov(data("holzinger9.csv")[list(spec.items)].to_numpy(), rowvar=False, ddof=0)
    x = spec.start(s)
    logdet = np.linalg.slogdet(s)[1]
    h = 1e-6
    eye = np.eye(spec.npar)
    num_g = [
        (_discrepancy(spec, x + h * e, s, logdet) - _discrepancy(spec, x - h * e, s, logdet))
        / (2 * h)
        for e in eye
    ]
    num_h = [(_gradient(spec, x + h * e, s) - _gradient(spec, x - h * e, s)) / (2 * h) for e in eye]
    assert_allclose(_gradient(spec, x, s), num_g, atol=1e-6)
    assert_allclose(hessian(spec, x, s), np.array(num_h), atol=1e-6)


def test_scale_invariance():
    # RTOL relative: items in other units (x 1000) give the same fit and standardised solution
    scaled = data("holzinger9.csv") * 1000
    res = cfa(scaled, THREE)
    ref = fitted("three_factor")
    assert res.converged
    assert_allclose(res.chi2, ref.chi2, rtol=RTOL)
    assert_allclose(res.standardized["est.std"], ref.standardized["est.std"], rtol=RTOL)


def test_selected_rows_by_blocks_and_the_first_huge_answer_named(tmp_path, monkeypatch):
    from trustlab.psychometrics import _cfa_input

    monkeypatch.setattr(_cfa_input, "_BLOCK_ROWS", 16)  # many blocks, the last one short
    frame = data("holzinger9.csv")
    frame.to_csv(tmp_path / "h.csv", index=False)
    frame = pd.read_csv(tmp_path / "h.csv")
    frame["x2"] = frame["x2"].astype(object)  # converted by to_numeric, as before
    frame.loc[[3, 40], "x2"] = np.nan  # two incomplete rows
    items = ("x1", "x2", "x3")
    values, dropped, n_rows = _cfa_input.select(frame, items)
    complete = frame[list(items)].astype(float).dropna()
    assert_allclose(values, complete.to_numpy(), rtol=0, atol=0)
    assert values.flags.c_contiguous and dropped == (3, 40) and n_rows == len(frame)
    frame.loc[[200, 150], "x3"] = [np.inf, 1e60]
    frame.loc[150, "x1"] = -2e51  # row 150 comes first; in it x1 before x3
    with pytest.raises(CFAError, match=r"'x1' holds the value -2e\+51 \(row 150\)"):
        _cfa_input.select(frame, items)


def test_sample_covariance_in_place_is_numpys_to_the_bit():
    from trustlab.psychometrics._cfa_input import sample_cov

    rng = np.random.default_rng(3)
    x = rng.integers(1, 6, (200_003, 7)) + rng.normal(scale=0.1, size=(200_003, 7))
    expected = np.cov(x, rowvar=False, ddof=0)
    items = tuple("abcdefg")
    assert np.array_equal(sample_cov(x.copy(), items), expected)
    assert np.array_equal(sample_cov(x, items, overwrite=True), expected)
    assert_allclose(x.mean(axis=0), 0, atol=1e-12)  # x is now the centred data
