"""Ordinal alpha and omega, polychoric parallel analysis and EFA (ordinal_reliability.json).

Tolerances: the alpha statistics are closed forms of the polychoric matrix, which agrees with
psych to about 1e-11, so they are compared at 1e-6 (the polychoric tolerance). Loadings and
omega come from psych's ML factoring (optimiser tolerance, as tests/test_omega.py): 1e-5;
rotated loadings 1e-4 (GPArotation's eps 1e-5, as tests/test_structure.py); fit statistics
1e-6 relative; fa.parallel's observed eigenvalues 1e-9 (pc, closed form) and 1e-6 (fa,
through a minres fit).
"""

from __future__ import annotations

import warnings
from functools import cache

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from rfixtures import data, fixture, table
from trustlab.errors import PsychometricError, PsychometricWarning
from trustlab.psychometrics import (
    efa,
    ordinal_reliability,
    parallel_analysis,
    polychoric,
)
from trustlab.psychometrics._polychoric_core import bootstrap_polychoric, codes_of

TOL = 1e-6
SCALES = {
    "trust": ("trust_items.csv", [f"T{i}" for i in range(1, 8)], ["T7"], (1, 5)),
    "distrust": ("trust_items.csv", [f"D{i}" for i in range(1, 5)], ["D4"], (1, 5)),
    "bfi_agree": ("bfi25.csv", [f"A{i}" for i in range(1, 6)], ["A1"], (1, 6)),
    "survey_f1": ("ordinal_survey.csv", [f"y{i}" for i in range(1, 5)], [], None),
}
SAMPLE = [f"T{i}" for i in range(1, 8)] + [f"D{i}" for i in range(1, 5)]
SURVEY = [f"y{i}" for i in range(1, 9)]


def fx() -> dict:
    return fixture("ordinal_reliability")


@cache
def rel(name: str, n_boot: int = 0, seed: int = 1):
    file, items, reverse, scale_range = SCALES[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PsychometricWarning)
        return ordinal_reliability(
            data(file)[items], reverse=reverse, scale_range=scale_range, n_boot=n_boot, seed=seed
        )


@pytest.mark.parametrize("name", list(SCALES))
def test_polychoric_matrix_of_the_keyed_items_matches_psych(name):
    got = rel(name).polychoric.rho.to_numpy()
    assert_allclose(got, table(fx()[name]["rho"]).to_numpy(), atol=TOL)


@pytest.mark.parametrize("name", list(SCALES))
@pytest.mark.parametrize(
    ("psych", "attr"),
    [
        ("raw_alpha", "alpha"),
        ("std.alpha", "alpha"),
        ("G6(smc)", "g6"),
        ("average_r", "average_r"),
        ("S/N", "signal_noise"),
        ("median_r", "median_r"),
    ],
)
def test_ordinal_alpha_totals_match_psych(name, psych, attr):
    assert_allclose(getattr(rel(name), attr), fx()[name]["total"][psych], rtol=TOL)


@pytest.mark.parametrize("name", list(SCALES))
@pytest.mark.parametrize(
    ("psych", "column"),
    [
        ("raw_alpha", "alpha_if_dropped"),
        ("G6", "g6_if_dropped"),
        ("average_r", "average_r_if_dropped"),
        ("SN", "signal_noise_if_dropped"),
        ("var_r", "var_r_if_dropped"),
        ("med_r", "median_r_if_dropped"),
    ],
)
def test_ordinal_alpha_if_dropped_matches_psych(name, psych, column):
    want = np.array(fx()[name]["alpha_drop"][psych], dtype=float)
    assert_allclose(rel(name).items[column].to_numpy(), want, rtol=TOL, atol=1e-12)


@pytest.mark.parametrize("name", list(SCALES))
@pytest.mark.parametrize(
    ("psych", "column"), [("r", "std_r"), ("r_cor", "r_cor"), ("r_drop", "r_drop")]
)
def test_ordinal_item_statistics_match_psych(name, psych, column):
    want = np.array(fx()[name]["item_stats"][psych], dtype=float)
    assert_allclose(rel(name).items[column].to_numpy(), want, rtol=TOL)


@pytest.mark.parametrize("name", list(SCALES))
def test_ordinal_omega_loadings_match_psych_fa_ml(name):
    want = pd.Series(fx()[name]["fa_ml_loadings"])
    assert_allclose(rel(name).loadings[want.index].to_numpy(), want.to_numpy(), atol=1e-5)


@pytest.mark.parametrize("name", list(SCALES))
def test_ordinal_omega_matches_psych_fa_ml(name):
    assert_allclose(rel(name).omega, fx()[name]["omega"], atol=1e-5)


def test_ordinal_omega_is_not_psychs_omega_tot():
    # psych::omega divides by the observed sum(R): close, but a different quantity
    res, ref = rel("trust"), fx()["trust"]
    assert abs(res.omega - ref["psych_omega_tot"]) > 1e-5
    assert abs(res.omega - ref["psych_omega_tot"]) < 5e-3


def test_bootstrap_is_reproducible_with_a_seed():
    a = rel("distrust", 200, 7)
    fresh = ordinal_reliability(
        data("trust_items.csv")[SCALES["distrust"][1]],
        reverse=["D4"],
        scale_range=(1, 5),
        n_boot=200,
        seed=7,
    )
    assert_allclose(fresh.bootstrap_alpha, a.bootstrap_alpha, rtol=0, atol=0)
    assert fresh.alpha_ci == a.alpha_ci and fresh.omega_ci == a.omega_ci


def test_bootstrap_intervals_contain_the_estimates():
    res = rel("trust", 200, 3)
    assert res.alpha_ci[0] < res.alpha < res.alpha_ci[1]
    assert res.omega_ci[0] < res.omega < res.omega_ci[1]
    assert res.n_boot_failed == 0
    assert len(res.bootstrap_alpha) == 200


def test_bootstrap_resample_of_every_row_once_is_the_data():
    d = data("trust_items.csv")[SAMPLE]
    codes, cats = codes_of(d.to_numpy(dtype=float), tuple(SAMPLE))
    weights = np.ones((2, len(d)))
    for start in (None, polychoric(d).rho.to_numpy()):
        rs = bootstrap_polychoric(codes, len(cats), weights, global_thresholds=True, start=start)
        # with a start, Newton finds the exact optimum, up to ~1e-5 from psych's search
        tol = 1e-12 if start is None else 5e-5
        assert_allclose(rs[0], polychoric(d).rho.to_numpy(), atol=tol)
    exact = polychoric(d, tol=1e-12).rho.to_numpy()
    rs = bootstrap_polychoric(codes, len(cats), weights, global_thresholds=True, start=exact)
    assert_allclose(rs[1], exact, atol=1e-7)


def test_two_items_give_alpha_without_omega():
    d = data("trust_items.csv")[["T1", "T2"]]
    res = ordinal_reliability(d, n_boot=0)
    assert np.isfinite(res.alpha) and np.isnan(res.omega)


def test_reverse_needs_the_scale_range():
    with pytest.raises(PsychometricError, match="scale_range"):
        ordinal_reliability(data("trust_items.csv")[["T1", "T2", "T7"]], reverse=["T7"])


def test_summary_and_repr():
    res = rel("trust", 200, 3)
    table_ = res.summary()
    assert table_.loc["ordinal_alpha", "value"] == res.alpha
    assert "Ordinal reliability (polychoric): 7 items" in repr(res)


# ---- polychoric parallel analysis and EFA --------------------------------------------------

PARALLEL = {
    "parallel_sample": ("trust_items.csv", SAMPLE),
    "parallel_survey": ("ordinal_survey.csv", SURVEY),
    "parallel_bfi25": ("bfi25.csv", None),
}


@cache
def par(key: str):
    file, cols = PARALLEL[key]
    d = data(file) if cols is None else data(file)[cols]
    return parallel_analysis(d, cor="polychoric", seed=1)


@pytest.mark.parametrize("key", list(PARALLEL))
def test_polychoric_parallel_observed_pc_values_match_psych(key):
    assert_allclose(par(key).observed_pc, fx()[key]["pc_values"], rtol=1e-9)


@pytest.mark.parametrize("key", list(PARALLEL))
def test_polychoric_parallel_observed_fa_values_match_psych(key):
    assert_allclose(par(key).observed_fa, fx()[key]["fa_values"], rtol=0, atol=1e-6)


@pytest.mark.parametrize("key", list(PARALLEL))
def test_polychoric_parallel_keeps_every_respondent(key):
    assert par(key).n_obs == fx()[key]["n_obs"]


EFA = {
    "fa_sample_2": ("trust_items.csv", SAMPLE, 2, "oblimin"),
    "fa_survey_2": ("ordinal_survey.csv", SURVEY, 2, "oblimin"),
    "fa_survey_2_varimax": ("ordinal_survey.csv", SURVEY, 2, "varimax"),
    "fa_bfi25_5": ("bfi25.csv", None, 5, "oblimin"),
}


@cache
def efa_poly(key: str):
    file, cols, k, rotation = EFA[key]
    d = data(file) if cols is None else data(file)[cols]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PsychometricWarning)
        return efa(d, k, rotation=rotation, cor="polychoric")


def psych_loadings(key: str) -> pd.DataFrame:
    """psych's loadings with each factor's largest |loading| made positive (trustlab's rule)."""
    ref = table(fx()[key]["loadings"])
    signs = np.array([np.sign(col[col.abs().idxmax()]) for _, col in ref.items()])
    return ref * signs


@pytest.mark.parametrize("key", list(EFA))
def test_polychoric_efa_loadings_match_psych(key):
    assert_allclose(efa_poly(key).loadings.to_numpy(), psych_loadings(key).to_numpy(), atol=1e-4)


@pytest.mark.parametrize("key", list(EFA))
def test_polychoric_efa_chi2_matches_psych(key):
    assert_allclose(efa_poly(key).chi2, fx()[key]["STATISTIC"], rtol=TOL)


@pytest.mark.parametrize("key", list(EFA))
def test_polychoric_efa_rmsea_matches_psych(key):
    assert_allclose(efa_poly(key).rmsea, fx()[key]["RMSEA"]["RMSEA"], rtol=TOL)


@pytest.mark.parametrize("key", list(EFA))
def test_polychoric_efa_tli_matches_psych(key):
    assert_allclose(efa_poly(key).tli, fx()[key]["TLI"], rtol=TOL)


@pytest.mark.parametrize("key", list(EFA))
def test_polychoric_efa_uses_every_respondent(key):
    assert efa_poly(key).n_obs == fx()[key]["n_obs"]


def test_unknown_correlation_type_is_refused():
    with pytest.raises(PsychometricError, match="cor must be"):
        efa(data("ordinal_survey.csv")[SURVEY], 2, cor="spearman")
    with pytest.raises(PsychometricError, match="cor must be"):
        parallel_analysis(data("ordinal_survey.csv")[SURVEY], cor="tetrachoric")
