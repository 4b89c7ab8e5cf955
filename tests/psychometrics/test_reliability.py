"""Cronbach's alpha against psych::alpha 2.2.9 (fixtures alpha.json and alpha_extra.json).

psych computes alpha and its item table in closed form, so trustlab matches it to rounding
error (about 1e-14 here); the tests use a relative tolerance of 1e-9.
"""

from __future__ import annotations

import dataclasses
import warnings
from functools import cache

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from rfixtures import PSYCH_ALPHA_DROP as DROP
from rfixtures import PSYCH_ALPHA_ITEM as ITEM
from rfixtures import PSYCH_ALPHA_TOTAL as TOTAL
from rfixtures import data, fixture, table
from trustlab.errors import TrustlabError, TrustlabWarning
from trustlab.psychometrics import (
    AlphaResult,
    PsychometricError,
    PsychometricWarning,
    cronbach_alpha,
)

RTOL = 1e-9  # closed-form statistic: R and numpy agree to ~1e-14


# case -> (fixture file, fixture key, data, cronbach_alpha keywords)
CASES = {
    "bfi_pairwise": ("alpha", "bfi_agree_pairwise", "bfi_agree", {"nan_policy": "pairwise"}),
    "bfi_listwise": ("alpha", "bfi_agree_listwise", "bfi_agree", {"nan_policy": "listwise"}),
    "holzinger_x1_x3": ("alpha", "holzinger_x1_x3", ("x1", "x2", "x3"), {}),
    "holzinger_x4_x6": ("alpha", "holzinger_x4_x6", ("x4", "x5", "x6"), {}),
    # psychometrics_extra.R: conscientiousness, keys = c(1, 1, 1, -1, -1)
    "consc_pairwise": ("alpha_extra", "bfi_consc_pairwise", "bfi_consc", {}),
    "consc_listwise": (
        "alpha_extra",
        "bfi_consc_listwise",
        "bfi_consc",
        {"nan_policy": "listwise"},
    ),
}
# psych keys -> trustlab reverse: keyed items become 7 - x on the declared 1..6 scale
KEYING = {
    "bfi_agree": {"reverse": ["A1"], "scale_range": (1, 6)},
    "bfi_consc": {"reverse": ["C4", "C5"], "scale_range": (1, 6)},
}


def case_data(case: str) -> pd.DataFrame:
    source = CASES[case][2]
    if source == "bfi_agree":
        return data("bfi_agree.csv")
    if source == "bfi_consc":
        return data("bfi25.csv")[["C1", "C2", "C3", "C4", "C5"]]
    return data("holzinger9.csv")[list(source)]


@cache
def result(case: str) -> AlphaResult:
    _file, _key, source, kwargs = CASES[case]
    kwargs = {**kwargs, **KEYING.get(source, {})}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PsychometricWarning)
        return cronbach_alpha(case_data(case), **kwargs)


def expected(case: str) -> dict:
    return fixture(CASES[case][0])[CASES[case][1]]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("stat", TOTAL)
def test_total_statistic_matches_psych(case, stat):
    assert_allclose(getattr(result(case), TOTAL[stat]), expected(case)["total"][stat], rtol=RTOL)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("stat", ITEM)
def test_item_statistic_matches_psych(case, stat):
    ref = table(expected(case)["item_stats"])[stat].to_numpy()
    assert_allclose(result(case).items[ITEM[stat]].to_numpy(dtype=float), ref, rtol=RTOL)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("stat", DROP)
def test_alpha_if_dropped_matches_psych(case, stat):
    ref = table(expected(case)["alpha_drop"])[stat].to_numpy()
    # var.r is NA in R when two items remain (one correlation); trustlab gives NaN too
    assert_allclose(result(case).items[DROP[stat]].to_numpy(dtype=float), ref, rtol=RTOL)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("bound", ["lower", "upper"])
def test_feldt_ci_matches_psych_alpha_ci(case, bound):
    feldt = expected(case)["feldt"]
    res = result(case)
    assert res.n_obs == feldt["n_obs_used"]
    assert_allclose(res.ci[0 if bound == "lower" else 1], feldt[bound], rtol=RTOL)


@pytest.mark.parametrize("case", CASES)
def test_item_names_and_reverse_flags(case):
    ref = table(expected(case)["item_stats"])
    res = result(case)
    assert [n.rstrip("-") for n in ref.index] == list(res.items.index)
    assert [n.endswith("-") for n in ref.index] == res.items["reversed"].tolist()


# psych's use = "complete.obs" makes only the covariance listwise; those statistics must equal
# trustlab's listwise ones (the item n/mean/sd, total mean/sd and Feldt n stay available-case).
COMPLETE_OBS = {
    "bfi_listwise": ("alpha", "bfi_agree_complete_obs"),
    "consc_listwise": ("alpha_extra", "bfi_consc_complete_obs"),
}


@pytest.mark.parametrize("case", COMPLETE_OBS)
@pytest.mark.parametrize(
    ("stat", "attr"), [(s, TOTAL[s]) for s in ("raw_alpha", "std.alpha", "G6(smc)", "average_r")]
)
def test_listwise_covariance_equals_psych_complete_obs(case, stat, attr):
    name, key = COMPLETE_OBS[case]
    ref = fixture(name)[key]["total"][stat]
    assert_allclose(getattr(result(case), attr), ref, rtol=RTOL)


@pytest.mark.parametrize("case", COMPLETE_OBS)
@pytest.mark.parametrize("stat", ["raw.r", "std.r", "r.cor", "r.drop"])
def test_listwise_item_correlations_equal_psych_complete_obs(case, stat):
    name, key = COMPLETE_OBS[case]
    ref = table(fixture(name)[key]["item_stats"])[stat].to_numpy()
    assert_allclose(result(case).items[ITEM[stat]].to_numpy(), ref, rtol=RTOL)


def test_pairwise_keeps_available_case_n_and_means():
    res = result("bfi_pairwise")
    assert res.n_obs == 2800 and res.n_rows == 2800
    assert res.items["n"].tolist() == [2784, 2773, 2774, 2781, 2784]
    assert result("bfi_listwise").n_obs == 2709


def test_conscientiousness_n_and_reversed_items():
    res = result("consc_pairwise")
    assert res.n_obs == 2800 and res.reversed_items == ("C4", "C5")
    assert res.items["n"].tolist() == list(table(expected("consc_pairwise")["item_stats"])["n"])
    assert result("consc_listwise").n_obs == expected("consc_listwise")["n_rows"]


def test_reverse_equals_keying_by_hand():
    raw = data("bfi_agree.csv")
    by_hand = raw.assign(A1=7 - raw["A1"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PsychometricWarning)
        res = cronbach_alpha(by_hand)
    assert_allclose(res.alpha, result("bfi_pairwise").alpha, rtol=1e-14)
    assert res.reversed_items == () and result("bfi_pairwise").reversed_items == ("A1",)


def test_array_input_gives_the_same_alpha_as_a_dataframe():
    df = case_data("holzinger_x4_x6")
    res = cronbach_alpha(df.to_numpy())
    assert_allclose(res.alpha, result("holzinger_x4_x6").alpha, rtol=1e-14)
    assert list(res.items.index) == ["item1", "item2", "item3"]


def test_rows_without_any_answer_are_dropped():
    df = case_data("holzinger_x4_x6")
    padded = pd.concat([df, pd.DataFrame(np.nan, index=[1000, 1001], columns=df.columns)])
    res = cronbach_alpha(padded)
    assert res.n_obs == 301 and res.n_rows == 303
    assert_allclose(res.alpha, result("holzinger_x4_x6").alpha, rtol=1e-14)


# ---- warnings -------------------------------------------------------------------------------


def test_warns_when_dropping_an_item_raises_alpha():
    with pytest.warns(PsychometricWarning, match="would rise.*'A1'"):
        res = cronbach_alpha(data("bfi_agree.csv"), reverse=["A1"], scale_range=(1, 6))
    assert any("would rise" in m for m in res.warnings)


def test_warns_on_negative_item_rest_correlation():
    with pytest.warns(PsychometricWarning) as record:
        res = cronbach_alpha(data("bfi_agree.csv"))  # A1 left unreversed
    messages = [str(w.message) for w in record]
    assert any("'A1'" in m and "negatively" in m and "reverse" in m for m in messages)
    assert res.items.loc["A1", "r_drop"] < 0


def test_warns_on_alpha_below_070():
    with pytest.warns(PsychometricWarning, match=r"below 0\.70"):
        cronbach_alpha(case_data("holzinger_x1_x3"))


def test_no_warning_for_a_good_scale():
    with warnings.catch_warnings():
        warnings.simplefilter("error", TrustlabWarning)
        res = cronbach_alpha(case_data("holzinger_x4_x6"))
    assert res.warnings == ()


# ---- errors ---------------------------------------------------------------------------------


def test_reverse_without_scale_range_is_an_error():
    with pytest.raises(PsychometricError, match="scale_range"):
        cronbach_alpha(data("bfi_agree.csv"), reverse=["A1"])


def test_errors_are_trustlab_errors():
    assert issubclass(PsychometricError, TrustlabError)
    assert issubclass(PsychometricWarning, TrustlabWarning)


def test_fewer_than_two_items():
    with pytest.raises(PsychometricError, match="At least 2 items"):
        cronbach_alpha(case_data("holzinger_x4_x6")[["x4"]])


def test_fewer_than_two_complete_rows():
    df = pd.DataFrame({"a": [1, 2, np.nan], "b": [np.nan, 3, 4], "c": [1, 2, 3]})
    with pytest.raises(PsychometricError, match="Only 1 respondent"):
        cronbach_alpha(df, nan_policy="listwise")


def test_pairwise_needs_two_joint_answers_per_pair():
    df = pd.DataFrame({"a": [1, 2, np.nan, np.nan], "b": [np.nan, np.nan, 3, 4], "c": [1, 2, 3, 5]})
    with pytest.raises(PsychometricError, match="'a' and 'b'"):
        cronbach_alpha(df)


def test_zero_variance_item_is_named():
    df = case_data("holzinger_x4_x6").assign(x5=3.0)
    with pytest.raises(PsychometricError, match="'x5' has no variance"):
        cronbach_alpha(df)


def test_unknown_reverse_item():
    with pytest.raises(PsychometricError, match="'A9' is not among"):
        cronbach_alpha(data("bfi_agree.csv"), reverse=["A9"], scale_range=(1, 6))


def test_answer_outside_declared_range():
    with pytest.raises(PsychometricError, match="outside the declared scale_range") as info:
        cronbach_alpha(data("bfi_agree.csv"), reverse=["A1"], scale_range=(1, 5))
    assert info.value.column == "A1" and info.value.value == 6


def test_non_numeric_item():
    df = pd.DataFrame({"a": ["1", "2", "x"], "b": [1, 2, 3]})
    with pytest.raises(PsychometricError, match="non-numeric value \\('x'\\)"):
        cronbach_alpha(df)


@pytest.mark.parametrize(
    "kwargs",
    [{"nan_policy": "all"}, {"ci_method": "exact"}, {"boot_ci": "basic"}, {"confidence_level": 95}],
)
def test_invalid_options(kwargs):
    with pytest.raises(PsychometricError):
        cronbach_alpha(case_data("holzinger_x4_x6"), **kwargs)


# ---- bootstrap ------------------------------------------------------------------------------


@pytest.mark.parametrize("boot_ci", ["bca", "percentile"])
def test_bootstrap_is_reproducible_with_a_seed(boot_ci):
    df = case_data("holzinger_x4_x6")
    a = cronbach_alpha(df, ci_method="bootstrap", n_boot=2000, seed=11, boot_ci=boot_ci)
    b = cronbach_alpha(df, ci_method="bootstrap", n_boot=2000, seed=11, boot_ci=boot_ci)
    assert a.ci == b.ci
    assert a.bootstrap_distribution.tobytes() == b.bootstrap_distribution.tobytes()
    assert a.ci_method == f"bootstrap-{boot_ci}"
    assert a.ci[0] < a.alpha < a.ci[1]


@pytest.mark.parametrize("method", ["BCa", "percentile"])
def test_bootstrap_agrees_with_scipy(method):
    # Different random draws, so agreement is up to Monte Carlo error (~0.002 at 10,000).
    from scipy.stats import bootstrap

    df = case_data("holzinger_x1_x3")
    x = df.to_numpy()

    def alpha(*cols):
        c = np.cov(np.stack(cols, -1), rowvar=False)
        return 1.5 * (1 - np.trace(c) / c.sum())

    ref = bootstrap(
        tuple(x.T),
        alpha,
        paired=True,
        vectorized=False,
        n_resamples=10_000,
        method=method,
        rng=np.random.default_rng(3),
    ).confidence_interval
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PsychometricWarning)
        res = cronbach_alpha(
            df, ci_method="bootstrap", seed=4, boot_ci="bca" if method == "BCa" else "percentile"
        )
    assert_allclose(res.ci, (ref.low, ref.high), atol=0.01)


def test_bootstrap_batches_equal_one_resample_at_a_time():
    df = case_data("holzinger_x4_x6")
    res = cronbach_alpha(df, ci_method="bootstrap", n_boot=200, seed=5, boot_ci="percentile")
    rng = np.random.default_rng(5)
    x = df.to_numpy()
    idx = rng.integers(0, len(x), size=(200, len(x)))
    by_hand = []
    for rows in idx:
        c = np.cov(x[rows], rowvar=False)
        by_hand.append(1.5 * (1 - np.trace(c) / c.sum()))
    assert_allclose(res.bootstrap_distribution, by_hand, rtol=1e-10)


def test_pairwise_bootstrap_with_missing_answers():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PsychometricWarning)
        res = cronbach_alpha(
            data("bfi_agree.csv"),
            reverse=["A1"],
            scale_range=(1, 6),
            ci_method="bootstrap",
            n_boot=500,
            seed=1,
            boot_ci="percentile",
        )
    assert res.bootstrap_distribution.shape == (500,)
    assert res.ci[0] < res.alpha < res.ci[1]
    # a pairwise resample equals psych's pairwise alpha of that resample
    rng = np.random.default_rng(1)
    x = data("bfi_agree.csv").assign(A1=lambda d: 7 - d["A1"]).to_numpy()
    rows = rng.integers(0, len(x), size=(1, len(x)))[0]
    c = pd.DataFrame(x[rows]).cov().to_numpy()  # pandas cov is pairwise, like R
    assert_allclose(res.bootstrap_distribution[0], 1.25 * (1 - np.trace(c) / c.sum()), rtol=1e-10)


# ---- the result object ----------------------------------------------------------------------


def test_result_is_frozen_and_displays():
    res = result("holzinger_x4_x6")
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.alpha = 0.5  # type: ignore[misc]
    summary = res.summary()
    assert isinstance(summary, pd.DataFrame)
    assert summary.loc["raw_alpha", "value"] == res.alpha
    assert "Cronbach's alpha: 3 items, n = 301" in repr(res)
    assert "<table" in res._repr_html_()


# ---- the blocked one-pass moments against a straightforward implementation ----------------


def _pairwise_cov(values: np.ndarray) -> np.ndarray:
    """Covariances from pairwise-complete observations, as R's ``cov(x, use = "pairwise")``:
    each uses the rows where both items are answered, with the means of those rows."""
    mask = ~np.isnan(values)
    x0 = np.where(mask, values - np.nanmean(values, axis=0), 0.0)
    m = mask.astype(float)
    counts = m.T @ m
    sums = x0.T @ m  # sums[i, j] = sum of item i over rows where i and j are answered
    return (x0.T @ x0 - sums * sums.T / counts) / (counts - 1)


def _reference_descriptives(x: np.ndarray) -> tuple[np.ndarray, dict]:
    """The plain computation: pairwise covariance by masked products of the centred data
    (``_pairwise_cov``), NaN-aware means and sds, and ``raw_r`` item by item with
    ``np.corrcoef``."""
    c = _pairwise_cov(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        total = np.nanmean(x, axis=1)
    raw_r = np.empty(x.shape[1])
    for i in range(x.shape[1]):
        ok = ~np.isnan(x[:, i]) & ~np.isnan(total)
        raw_r[i] = np.corrcoef(total[ok], x[ok, i])[0, 1]
    return c, {
        "n": (~np.isnan(x)).sum(axis=0),
        "mean": np.nanmean(x, axis=0),
        "sd": np.nanstd(x, axis=0, ddof=1),
        "raw_r": raw_r,
        "total_mean": np.nanmean(total),
        "total_sd": np.nanstd(total, ddof=1),
    }


def _random_answers(n: int, k: int, seed: int, missing: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    f = rng.standard_normal((n, 1))
    x = np.clip(np.round(3 + 1.1 * (0.6 * f + 0.8 * rng.standard_normal((n, k)))), 1, 5)
    x[rng.random(x.shape) < missing] = np.nan
    return x


def _assert_matches_reference(res, x: np.ndarray, rtol: float = 1e-12) -> None:
    from trustlab.psychometrics._alpha_stats import alpha_core

    keep = ~np.isnan(x).all(axis=1)
    c, desc = _reference_descriptives(x[keep])
    core = alpha_core(c)
    assert res.n_obs == keep.sum()
    assert_allclose(res.alpha, core["raw_alpha"], rtol=rtol)
    assert_allclose(res.std_alpha, core["std_alpha"], rtol=rtol)
    assert_allclose(
        res.correlations.to_numpy(),
        c / np.sqrt(np.outer(np.diag(c), np.diag(c))),
        rtol=rtol,
        atol=rtol,
    )
    assert_allclose(res.items["n"].to_numpy(), desc["n"], rtol=0)
    for col in ("mean", "sd", "raw_r"):
        assert_allclose(res.items[col].to_numpy(), desc[col], rtol=rtol, err_msg=col)
    assert_allclose(res.mean, desc["total_mean"], rtol=rtol)
    assert_allclose(res.sd, desc["total_sd"], rtol=rtol)


@pytest.mark.parametrize("missing", [0.01, 0.2])
@pytest.mark.parametrize("n", [50, 5000])  # one block and several blocks of rows
def test_pairwise_fast_path_equals_reference(n, missing):
    x = _random_answers(n, 7, seed=n, missing=missing)
    x[3, :] = np.nan  # a row without any answer is dropped by both
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PsychometricWarning)
        res = cronbach_alpha(x)
    _assert_matches_reference(res, x)


@pytest.mark.parametrize("n", [50, 20_000])
def test_listwise_fast_path_equals_reference(n):
    x = _random_answers(n, 6, seed=n + 1, missing=0.02)
    complete = x[~np.isnan(x).any(axis=1)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PsychometricWarning)
        res = cronbach_alpha(x, nan_policy="listwise")
        plain = cronbach_alpha(complete)
    _assert_matches_reference(res, complete)
    assert res.n_obs == len(complete) and res.n_rows == n
    assert_allclose(res.items["r_drop"], plain.items["r_drop"], rtol=1e-13)


@pytest.mark.parametrize("missing", [0.0, 0.05])
def test_large_means_lose_no_precision(missing):
    """Items around 1e6: the blocked products centre first, so shift-invariant statistics keep
    their digits (the uncentred one-pass formula would lose about 12 of them)."""
    x = _random_answers(3000, 6, seed=11, missing=missing)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PsychometricWarning)
        small = cronbach_alpha(x)
        large = cronbach_alpha(x + 1e6)
    for attr in ("alpha", "std_alpha", "g6", "average_r", "sd"):
        assert_allclose(getattr(large, attr), getattr(small, attr), rtol=1e-12, err_msg=attr)
    assert_allclose(large.mean, small.mean + 1e6, rtol=1e-15)
    for col in ("sd", "raw_r", "std_r", "r_drop", "alpha_if_dropped"):
        assert_allclose(large.items[col], small.items[col], rtol=1e-12, err_msg=col)
    assert_allclose(large.items["mean"], small.items["mean"] + 1e6, rtol=1e-15)
    if missing:
        _assert_matches_reference(large, x + 1e6, rtol=1e-11)


def test_complete_dataframe_equals_ndarray():
    x = _random_answers(20_000, 8, seed=5, missing=0.0)
    df = pd.DataFrame(x, columns=[f"q{i}" for i in range(8)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PsychometricWarning)
        a, b = cronbach_alpha(df), cronbach_alpha(x)
    assert_allclose(a.alpha, b.alpha, rtol=1e-13)
    assert_allclose(
        a.items.drop(columns="reversed").to_numpy(dtype=float),
        b.items.drop(columns="reversed").to_numpy(dtype=float),
        rtol=1e-12,
    )
    assert_allclose(a.correlations.to_numpy(), b.correlations.to_numpy(), rtol=1e-13)
    _assert_matches_reference(a, x)
    # mixed column types take the column-by-column conversion and give the same numbers
    mixed = df.astype({"q0": "int64", "q1": "Int64", "q2": "float32"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PsychometricWarning)
        assert_allclose(cronbach_alpha(mixed).alpha, a.alpha, rtol=1e-13)
