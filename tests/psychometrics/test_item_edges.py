"""Regression tests of the item statistics at their numeric edges (issue 17, item 4).

Each case once reached a numpy/scipy exception or warning, or took minutes; now it gives a
result that says what happened, or a PsychometricError with the bound. Speed is measured in
benchmarks/bench_limits.py, never here.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import trustlab
from trustlab.errors import CFAError, PsychometricError, TrustlabWarning
from trustlab.psychometrics._alpha_stats import drop_one_stats, drop_one_stats_loop, inverse
from trustlab.psychometrics._common import MAX_ITEMS


@pytest.fixture
def items() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    level = rng.integers(1, 6, (40, 1))
    return pd.DataFrame(np.clip(level + rng.integers(-1, 2, (40, 5)), 1, 5).astype(float),
                        columns=[f"q{i}" for i in range(5)])  # fmt: skip


def _quiet(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrustlabWarning)
        return fn()


@pytest.mark.parametrize(
    ("call", "message"),
    [(lambda x: trustlab.efa(x, float("nan")), "n_factors must be a whole number of at least 1"),
     (lambda x: trustlab.efa(x, 10**30), "10000000000000000000000000000.. factor"),
     (lambda x: trustlab.efa(x, 2.5), "n_factors must be a whole number"),
     (lambda x: trustlab.omega(x, n_boot=float("inf")), "n_boot must be a whole number from 0"),
     (lambda x: trustlab.omega(x, n_boot=0, seed=-1), "seed must be a whole number of at least"),
     (lambda x: trustlab.omega(x, n_boot=0, seed=float("nan")), "seed must be a whole number"),
     (lambda x: trustlab.parallel_analysis(x, n_iter=10**9), "n_iter must be a whole number from"),
     (lambda x: trustlab.parallel_analysis(x, quantile="x"), "quantile must be a number between"),
     (lambda x: trustlab.bartlett_sphericity(x, n=float("inf")), "n must be a whole number"),
     (lambda x: trustlab.cronbach_alpha(x, ci_method="bootstrap", n_boot=1e308),
      "n_boot must be a whole number from 100 to 1,000,000"),
     (lambda x: trustlab.cronbach_alpha(x, scale_range=float("nan")),
      "scale_range must be a pair of numbers"),
     (lambda x: trustlab.cronbach_alpha(x, scale_range=(1, float("inf"))),
      "scale_range must be .min, max. with finite min < max")],
)  # fmt: skip
def test_bad_arguments_are_psychometric_errors(items, call, message):
    # efa(n_factors=nan) was a bare ValueError; seeds and n_boot reached numpy's errors
    with pytest.raises(PsychometricError, match=message):
        _quiet(lambda: call(items))


def test_no_rows(items):
    # "zero-size array to reduction operation minimum which has no identity" (ValueError)
    for fn in (trustlab.cronbach_alpha, trustlab.kmo, trustlab.omega):
        with pytest.raises(PsychometricError, match="have no rows"):
            fn(items.iloc[:0])


@pytest.mark.parametrize("value", [np.inf, 1e308, -1e51])
def test_cfa_refuses_infinite_or_huge_answers(items, value):
    # CFA dropped infinite rows silently; 1e308 was "Eigenvalues did not converge"
    items.loc[4, "q2"] = value
    with pytest.raises(CFAError, match=r"Item 'q2' holds .* \(row 4\)"):
        trustlab.cfa(items, {"F": list(items.columns)})


def test_cfa_of_unrelated_items_does_not_crash_the_optimiser():
    # trust-exact diverged to infinite parameters: scipy's "array must not contain infs or
    # NaNs" (ValueError) and overflow warnings; BFGS takes over now
    rng = np.random.default_rng(41)
    frame = pd.DataFrame(rng.normal(size=(40, 3)), columns=list("yxz"))
    try:
        _quiet(lambda: trustlab.cfa(frame, {"F": ["y", "x", "z"]}))
    except CFAError as exc:
        assert "identified" in str(exc) or "admissible" in str(exc)


def test_more_items_than_the_limit_are_refused_before_any_matrix():
    # cronbach_alpha on 10,000 items took 248 s (an SVD, three inversions of 10,000 x 10,000)
    wide = pd.DataFrame(np.ones((3, MAX_ITEMS + 1)))
    for fn in (trustlab.cronbach_alpha, trustlab.kmo, trustlab.omega, trustlab.efa):
        args = (wide, 1) if fn is trustlab.efa else (wide,)
        with pytest.raises(
            PsychometricError,
            match="have 2,001 columns; trustlab's item statistics take at most 2,000 items",
        ):
            fn(*args)
    with pytest.raises(PsychometricError, match="have 2,001 columns"):
        trustlab.psychometrics.StreamingAlpha([f"q{i}" for i in range(MAX_ITEMS + 1)])


def test_the_shared_inverse_gives_the_reference_drop_one_statistics():
    # one Cholesky condition estimate and one inverse instead of an SVD and three inversions:
    # the drop-one identities agree with refitting without each item
    rng = np.random.default_rng(2)
    x = rng.normal(size=(200, 8)) + rng.normal(size=(200, 1))
    c = np.cov(x, rowvar=False)
    r = np.corrcoef(x, rowvar=False)
    inv = inverse(r)
    assert inv.positive and not inv.singular
    fast, slow = drop_one_stats(c, r, inv), drop_one_stats_loop(c)
    for a, b in zip(fast, slow, strict=True):
        for key in a:
            np.testing.assert_allclose(a[key], b[key], rtol=1e-9, atol=1e-12)


def test_a_singular_correlation_matrix_is_known_as_singular():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(5, 8))  # fewer respondents than items
    inv = inverse(np.corrcoef(x, rowvar=False))
    assert inv.singular and not inv.positive


@pytest.mark.parametrize(
    "table",
    [{"i0": [2.0, 1, 3], "i1": [2.0, 1, 1], "i2": [2.0, 4, 2]},
     {"i0": [4.0, 4, 4, 3, 4], "i1": [1.0, 1, 1, 2, 1]},
     {"i0": [1.0, 2, 1], "i1": [3.0, 2, 3]}],
)  # fmt: skip
@pytest.mark.parametrize("level", [0.8, 0.95])
def test_a_total_score_that_is_the_same_for_everyone(table, level):
    # found three times by the fuzzing campaign (alpha on hostile tables, reverse keying, the
    # Feldt CI): the square root of the total variance's rounding residue (-1e-16), "invalid
    # value encountered in sqrt", and an alpha of 1.8e16
    table = pd.DataFrame(table)
    res = _quiet(lambda: trustlab.cronbach_alpha(table, confidence_level=level))
    assert np.isnan(res.alpha) and np.isnan(res.ci[0])
    assert any("the items cancel each other out" in w for w in res.warnings)


def test_kmo_of_an_item_uncorrelated_with_all_is_explained():
    # 0 / 0 in the per-item MSA ("invalid value encountered in divide")
    r = np.eye(3)
    r[0, 1] = r[1, 0] = 0.5
    with pytest.warns(trustlab.TrustlabWarning, match="correlate with no other item"):
        res = trustlab.kmo(r)
    assert np.isnan(res.per_item.iloc[2])


def test_a_constant_column_of_huge_numbers_has_no_variance(items):
    items["q4"] = 1e50  # the rounding residue of its mean counted as variance
    with pytest.raises(PsychometricError, match="Item 'q4' has no variance"):
        trustlab.kmo(items)


def _answers(kind: str):
    rng = np.random.default_rng(11)
    level = rng.integers(2, 5, 300)
    x = np.clip(level[:, None] + rng.integers(-1, 2, (300, 4)), 1, 5).astype(float)
    x[:, 1] = 6 - x[:, 1]  # worded the other way: reversed by the statistic
    x[5, 1] = np.nan  # a missing answer: the rows are selected too
    x[9] = np.nan  # a row without answers: dropped, in place when the matrix is the statistic's
    if kind == "ndarray":
        return x
    if kind == "one block":
        return pd.DataFrame(x, columns=list("abcd"))
    data = pd.DataFrame(index=range(len(x)))
    for j, c in enumerate("abcd"):  # a column at a time: a block each (a dict is one block)
        data[c] = x[:, j].copy()
    return data


@pytest.mark.parametrize("kind", ["ndarray", "one block", "columns"])
@pytest.mark.parametrize("statistic", ["alpha", "omega", "ordinal"])
def test_reverse_keying_in_place_never_changes_the_callers_data(kind, statistic):
    from trustlab.psychometrics import cronbach_alpha, omega, ordinal_reliability

    data = _answers(kind)
    before = np.array(data, dtype=float, copy=True)
    reverse = [1] if kind == "ndarray" else ["b"]
    run = {
        "alpha": lambda d: cronbach_alpha(d, reverse=reverse, scale_range=(1, 5)).alpha,
        "omega": lambda d: omega(d, reverse=reverse, scale_range=(1, 5), n_boot=0).omega_total,
        "ordinal": lambda d: (
            ordinal_reliability(d, reverse=reverse, scale_range=(1, 5), n_boot=0).alpha
        ),
    }[statistic]
    value = run(data)
    np.testing.assert_array_equal(np.array(data, dtype=float), before)  # untouched
    assert value == run(_answers(kind))  # and the same number as on fresh data
