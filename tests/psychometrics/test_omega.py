"""McDonald's omega against psych::fa(fm = "ml") and lavaan (fixtures/omega.json)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from numpy.testing import assert_allclose

from rfixtures import data, fixture
from trustlab.psychometrics import OmegaResult, PsychometricError, PsychometricWarning, omega

# ---- omega (tests/reference/fixtures/omega.json) --------------------------------------------
# The one-factor ML fit is iterative: psych's optimiser stops within ~5e-6 of the optimum that
# trustlab reaches, so loadings and omega are compared with a relative tolerance of 1e-4.

RTOL_FIT = 1e-4
OMEGA_CASES = {"bfi_agree": "bfi_agree", "holzinger_x4_x6": ("x4", "x5", "x6")}


@cache
def omega_result(case: str) -> OmegaResult:
    if case == "bfi_agree":  # A1r = 7 - A1, complete cases
        return omega(data("bfi_agree.csv"), reverse=["A1"], scale_range=(1, 6), n_boot=0)
    return omega(data("holzinger9.csv")[list(OMEGA_CASES[case])], n_boot=0)


def omega_expected(case: str) -> dict:
    return fixture("omega")[case]


@pytest.mark.parametrize("case", OMEGA_CASES)
def test_omega_loadings_match_psych_fa_ml(case):
    ref = omega_expected(case)["psych_fa_ml"]["loadings"]
    assert_allclose(omega_result(case).loadings.to_numpy(), list(ref.values()), rtol=RTOL_FIT)


@pytest.mark.parametrize("case", OMEGA_CASES)
def test_omega_uniquenesses_match_psych_fa_ml(case):
    ref = omega_expected(case)["psych_fa_ml"]["uniquenesses"]
    assert_allclose(omega_result(case).uniquenesses.to_numpy(), list(ref.values()), rtol=RTOL_FIT)


@pytest.mark.parametrize("case", OMEGA_CASES)
def test_omega_total_matches_psych_fa_ml(case):
    ref = omega_expected(case)["psych_fa_ml"]["omega"]
    assert_allclose(omega_result(case).omega_total, ref, rtol=RTOL_FIT)


@pytest.mark.parametrize("case", OMEGA_CASES)
def test_omega_total_matches_lavaan_std_all(case):
    ref = omega_expected(case)["lavaan_cfa"]["omega_std_all"]
    assert_allclose(omega_result(case).omega_total, ref, rtol=RTOL_FIT)


@pytest.mark.parametrize("case", OMEGA_CASES)
def test_omega_fit_statistic_matches_psych(case):
    ref = omega_expected(case)["psych_fa_ml"]
    res = omega_result(case)
    assert res.dof == ref["dof"]
    assert res.n_obs == omega_expected(case)["n_obs"]
    # objective is flat at the optimum: 1e-9 relative for bfi; ~0 for the exact 3-item model
    assert_allclose(res.objective, ref["objective"], rtol=1e-6, atol=1e-9)
    assert_allclose(res.chi2, ref["STATISTIC"], rtol=1e-6, atol=1e-6)


def test_omega_bootstrap_is_seeded_and_brackets_omega():
    df = data("holzinger9.csv")[["x4", "x5", "x6"]]
    a = omega(df, n_boot=200, seed=3)
    b = omega(df, n_boot=200, seed=3)
    assert a.ci == b.ci and a.bootstrap_distribution.tobytes() == b.bootstrap_distribution.tobytes()
    assert a.ci[0] < a.omega_total < a.ci[1]
    assert np.isnan(omega_result("holzinger_x4_x6").ci).all()  # n_boot=0: no interval


def test_omega_needs_three_items_and_a_declared_range():
    with pytest.raises(PsychometricError, match="At least 3 items"):
        omega(data("holzinger9.csv")[["x4", "x5"]])
    with pytest.raises(PsychometricError, match="scale_range"):
        omega(data("bfi_agree.csv"), reverse=["A1"])


def test_omega_warns_on_a_heywood_case():
    df = data("holzinger9.csv")[["x1", "x4", "x5", "x6"]]
    df = df.assign(x4b=df["x4"] + np.random.default_rng(0).normal(0, 0.01, len(df)))
    with pytest.warns(PsychometricWarning, match="Heywood case.*'x4'"):
        omega(df, n_boot=0)


def test_omega_result_displays():
    res = omega_result("bfi_agree")
    assert res.summary().loc["omega_total", "loading"] == res.omega_total
    assert res.reversed_items == ("A1",)
    assert "McDonald's omega total" in repr(res)


def test_batched_bootstrap_refits_equal_the_optimiser():
    # the batch fixed point and scipy's L-BFGS-B reach the same one-factor ML fit (1e-6:
    # the optimiser's own stopping rule for bootstrap refits is ~1e-7)
    from trustlab.psychometrics.omega import _batch_fit, _omega_of, _one_factor

    x = data("holzinger9.csv")[["x1", "x2", "x3", "x4", "x5", "x6"]].to_numpy()
    rng = np.random.default_rng(0)
    rs = np.stack([np.corrcoef(x[rng.integers(0, len(x), len(x))], rowvar=False)
                   for _ in range(40)])  # fmt: skip
    _, fit = _one_factor(np.corrcoef(x, rowvar=False))
    batch = _batch_fit(rs, fit.psi)
    single = [_omega_of(_one_factor(r)[0]) for r in rs]
    assert_allclose(batch, single, rtol=1e-6)
