"""Polychoric correlations against psych::polychoric and polycor::polychor (polychoric.json).

Tolerances: correlations and thresholds 1e-6 absolute (the issue's tolerance; the agreement
is about 1e-11 because psych's Brent search is reproduced step by step). polycor's default
optimiser stops at a relative tolerance of 1e-8 with finite-difference steps of 1e-3, so its
rho and SE are compared at 1e-4; its run with tight control settings at 1e-6.
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
from trustlab.psychometrics import polychoric, polychoric_pair

TOL = 1e-6
ITEMS = [f"T{i}" for i in range(1, 8)] + [f"D{i}" for i in range(1, 5)]
SURVEY = [f"y{i}" for i in range(1, 9)]


def fx() -> dict:
    return fixture("polychoric")


@cache
def _poly(name: str, **kwargs):
    frames = {
        "bfi25": lambda: data("bfi25.csv"),
        "sample": lambda: data("trust_items.csv")[ITEMS],
        "survey": lambda: data("ordinal_survey.csv")[SURVEY],
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PsychometricWarning)
        return polychoric(frames[name](), **dict(kwargs))


def poly(name: str, **kwargs):
    return _poly(name, **{k: v for k, v in sorted(kwargs.items())})


@pytest.mark.parametrize("name", ["bfi25", "sample", "survey"])
def test_rho_matches_psych(name):
    got = poly(name).rho
    want = table(fx()[name]["rho"])
    assert list(got.index) == list(want.index)
    assert_allclose(got.to_numpy(), want.to_numpy(), rtol=0, atol=TOL)


@pytest.mark.parametrize("name", ["bfi25", "sample", "survey"])
def test_tau_matches_psych(name):
    got = poly(name).tau
    want = table(fx()[name]["tau"])
    assert_allclose(got.to_numpy(), want.to_numpy(), rtol=0, atol=TOL)


def test_bfi_local_thresholds_match_psych():
    got = poly("bfi25", global_thresholds=False).rho
    assert_allclose(got.to_numpy(), table(fx()["bfi25_local"]["rho"]).to_numpy(), atol=TOL)


def test_sample_local_thresholds_with_correction_match_psych():
    res = poly("sample", global_thresholds=False)
    assert res.n_corrected == 48  # psych: "48 cells were adjusted for 0 values"
    assert_allclose(res.rho.to_numpy(), table(fx()["sample_local"]["rho"]).to_numpy(), atol=TOL)


def test_sample_local_thresholds_without_correction_match_psych():
    res = poly("sample", global_thresholds=False, correct=0.0)
    want = table(fx()["sample_local_correct0"]["rho"]).to_numpy()
    assert_allclose(res.rho.to_numpy(), want, atol=TOL)


def test_tight_tolerance_gives_the_exact_optimum():
    # psych's own likelihood optimised with optimize(tol = 1e-12) in R. Brent's search compares
    # function values, and within ~1e-8 of the optimum the likelihood changes by less than its
    # rounding error, so both searches settle within a few 1e-8 of each other, not closer.
    res = poly("sample", tol=1e-12)
    assert_allclose(res.rho.to_numpy(), table(fx()["sample_exact"]).to_numpy(), atol=1e-7)


def test_psych_default_tolerance_is_not_the_exact_optimum():
    # why the Brent search is reproduced: psych's answer is up to ~1e-5 from the optimum
    diff = np.abs(poly("sample").rho.to_numpy() - table(fx()["sample_exact"]).to_numpy())
    assert diff.max() > 1e-7


@pytest.mark.parametrize(
    ("key", "frame", "x", "y"),
    [
        ("polycor_T1_D1", "trust_items.csv", "T1", "D1"),
        ("polycor_A1_A2", "bfi25.csv", "A1", "A2"),
        ("polycor_y1_y3", "ordinal_survey.csv", "y1", "y3"),
    ],
)
def test_pair_matches_polycor_tight(key, frame, x, y):
    d = data(frame)
    res = polychoric_pair(d[x], d[y])
    want = fx()[key]["tight"]
    assert_allclose(res.rho, want["rho"], atol=TOL)
    assert_allclose(res.se, want["se"], rtol=TOL)
    assert_allclose(res.chi2, want["chisq"], rtol=TOL)
    assert res.df == want["df"]


@pytest.mark.parametrize(
    ("key", "frame", "x", "y"),
    [("polycor_T1_D1", "trust_items.csv", "T1", "D1"), ("polycor_A1_A2", "bfi25.csv", "A1", "A2")],
)
def test_pair_matches_polycor_default(key, frame, x, y):
    d = data(frame)
    res = polychoric_pair(d[x], d[y])
    want = fx()[key]["default"]
    assert res.n == want["n"]
    assert_allclose(res.row_thresholds, want["row_cuts"], atol=1e-12)
    assert_allclose(res.col_thresholds, want["col_cuts"], atol=1e-12)
    assert_allclose(res.rho, want["rho"], atol=1e-4)
    assert_allclose(res.se, want["se"], rtol=1e-4)


def test_matrix_se_equals_the_pair_se_with_the_same_thresholds():
    d = data("ordinal_survey.csv")[SURVEY].dropna()
    mat = polychoric(d, tol=1e-12)
    pair = polychoric_pair(d["y2"], d["y1"])
    assert_allclose(mat.rho.loc["y2", "y1"], pair.rho, atol=1e-9)
    assert_allclose(mat.se.loc["y2", "y1"], pair.se, rtol=1e-7)


def test_reversing_an_item_flips_the_sign():
    d = data("trust_items.csv")[ITEMS].copy()
    d["T7"] = 6 - d["T7"]
    res = polychoric(d, tol=1e-12)
    base = poly("sample", tol=1e-12)
    assert_allclose(res.rho.loc["T7", "T1"], -base.rho.loc["T7", "T1"], atol=1e-9)


def test_unequal_highest_answers_switch_to_local_thresholds():
    d = data("trust_items.csv")[ITEMS].copy()
    d.loc[d["T5"] == 5, "T5"] = 4
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = polychoric(d)
    assert any("highest answer" in str(w.message) for w in caught)
    assert not res.global_thresholds


def test_non_integer_answers_are_refused():
    d = pd.DataFrame({"a": [1, 2, 2.5, 3], "b": [1, 2, 3, 3]})
    with pytest.raises(PsychometricError, match="non-integer"):
        polychoric(d)


def test_too_many_categories_are_refused():
    d = pd.DataFrame({"a": np.arange(1, 11), "b": np.arange(10, 0, -1)})
    with pytest.raises(PsychometricError, match="at most 8"):
        polychoric(d)


def test_constant_item_is_refused():
    d = pd.DataFrame({"a": [1, 2, 3, 2], "b": [2, 2, 2, 2]})
    with pytest.raises(PsychometricError, match="'b' has no variance"):
        polychoric(d)


def test_summary_and_repr():
    res = poly("survey")
    assert res.summary().shape == (8, 8)
    assert "Polychoric correlations: 8 items" in repr(res)
    assert (res.n_pairs.to_numpy().diagonal() <= res.n_obs).all()


@pytest.mark.parametrize("r", [-0.99, -0.93, -0.5, 0.0, 0.29, 0.6, 0.9, 0.926, 0.999])
def test_bivariate_normal_cdf_against_quadrature(r):
    from scipy.integrate import quad
    from scipy.stats import norm

    from trustlab.psychometrics._bivariate import bvn_cdf

    for h, k in [(-2.5, -1.7), (0.0, 0.4), (0.7, -0.3), (2.1, 1.9)]:
        want = quad(
            lambda x, k=k: norm.pdf(x) * norm.cdf((k - r * x) / np.sqrt(1 - r * r)),
            -np.inf,
            h,
            epsabs=1e-15,
            epsrel=1e-13,
        )[0]
        assert_allclose(bvn_cdf(h, k, r), want, rtol=0, atol=1e-14)


def test_answer_codes_take_one_byte_and_count_as_a_crosstab():
    from trustlab.psychometrics._polychoric_core import codes_of, pair_tables

    rng = np.random.default_rng(2)
    values = rng.integers(1, 9, size=(500, 3)).astype(float)  # eight categories, the most
    values[rng.random(values.shape) < 0.1] = np.nan
    codes, categories = codes_of(values, ("a", "b", "c"))
    assert codes.dtype == np.int8 and categories.tolist() == list(range(1, 9))
    tab = pair_tables(codes, 8, np.array([2]), np.array([0]))[0]
    both = ~np.isnan(values[:, 2]) & ~np.isnan(values[:, 0])
    direct = pd.crosstab(values[both, 2], values[both, 0]).reindex(
        index=range(1, 9), columns=range(1, 9), fill_value=0
    )
    np.testing.assert_array_equal(tab, direct.to_numpy(dtype=float))


def test_pair_tables_over_row_blocks_count_as_pair_by_pair(tmp_path, monkeypatch):
    from trustlab.psychometrics import _polychoric_core
    from trustlab.psychometrics._polychoric_core import pair_index, pair_tables

    monkeypatch.setattr(_polychoric_core, "PAIR_BLOCK_CELLS", 15 * 233)  # blocks of 233 rows

    rng = np.random.default_rng(4)
    answers = pd.DataFrame(rng.integers(1, 6, size=(3000, 6)).astype(float))
    answers[answers.sample(frac=0.1, random_state=1) > 0] = np.nan  # missing answers
    answers.to_csv(tmp_path / "a.csv", index=False)
    values = pd.read_csv(tmp_path / "a.csv").to_numpy()
    codes = np.where(np.isnan(values), -1, values - 1).astype(np.int8)
    rows, cols = pair_index(6)
    tables = pair_tables(codes, 5, rows, cols)
    for m, (i, j) in enumerate(zip(rows, cols, strict=True)):
        both = ~np.isnan(values[:, i]) & ~np.isnan(values[:, j])
        expected = pd.crosstab(values[both, i], values[both, j]).to_numpy(dtype=float)
        np.testing.assert_array_equal(tables[m], expected)


def test_codes_of_over_row_blocks(monkeypatch):
    from trustlab.psychometrics import _polychoric_core
    from trustlab.psychometrics._polychoric_core import codes_of

    monkeypatch.setattr(_polychoric_core, "PAIR_BLOCK_CELLS", 3 * 50)  # blocks of 50 rows
    rng = np.random.default_rng(6)
    values = rng.integers(2, 7, size=(333, 3)).astype(float)
    values[rng.uniform(size=values.shape) < 0.1] = np.nan
    codes, categories = codes_of(values, ("a", "b", "c"))
    np.testing.assert_array_equal(codes, np.where(np.isnan(values), -1, values - 2))
    assert codes.dtype == np.int8 and categories.tolist() == [2.0, 3.0, 4.0, 5.0, 6.0]
    # as before the row blocks: the first such answer in row order (2.5, in c), and the first
    # column holding one (a)
    values[[120, 300], [2, 0]] = [2.5, 3.25]
    with pytest.raises(PsychometricError, match=r"Item 'a' holds a non-integer answer \(.*2\.5"):
        codes_of(values, ("a", "b", "c"))
