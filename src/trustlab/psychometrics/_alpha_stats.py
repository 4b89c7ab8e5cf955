"""The closed-form statistics of psych::alpha: totals, item descriptives and the item table."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from trustlab.psychometrics._common import (
    PsychometricError,
    check_item_spread,
    check_pair_counts,
    cov2cor,
    smc,
)

__all__ = ["alpha_core", "descriptives", "item_table", "check_variances"]


def alpha_core(c: np.ndarray) -> dict[str, float]:
    """psych's ``alpha.1``: every total statistic from a covariance matrix ``c``."""
    k = c.shape[0]
    r = cov2cor(c)
    total, trace = c.sum(), np.trace(c)
    sum_r = r.sum()
    off = r[np.tril_indices(k, -1)]
    av_r = (sum_r - k) / (k * (k - 1))
    cc = c @ c
    q = (2 * k**2 / ((k - 1) ** 2 * total**3)) * (
        total * (np.trace(cc) + trace**2) - 2 * trace * cc.sum()
    )
    return {
        "raw_alpha": (1 - trace / total) * k / (k - 1),
        "std_alpha": (1 - k / sum_r) * k / (k - 1),
        "g6": 1 - (k - smc(r).sum()) / sum_r,
        "average_r": av_r,
        "signal_noise": k * av_r / (1 - av_r),
        "q": q,
        "var_r": float(np.var(off, ddof=1)) if off.size > 1 else float("nan"),
        "median_r": float(np.median(off)),
    }


#: Rows per block of the moment accumulation: a block of working columns stays in the CPU cache,
#: so no full-size temporary (centred copy, mask, zero-filled copy) is ever made. The pairwise
#: pass makes several small products per block; smaller blocks keep BLAS on one thread there,
#: which measured faster than threads waking for each small product (2 cores).
BLOCK_ROWS = 8192
PAIRWISE_BLOCK_ROWS = 2048


def _row_blocks(n: int, size: int = BLOCK_ROWS) -> Iterator[slice]:
    for start in range(0, n, size):
        yield slice(start, min(start + size, n))


def descriptives(
    x: np.ndarray, complete: bool, names: Sequence[str]
) -> tuple[np.ndarray, dict[str, Any]]:
    """Covariance matrix C and the available-case item and total-score statistics.

    Raises for an item without variance, and (pairwise) for a pair of items answered together
    by fewer than 2 respondents.
    """
    if complete:
        return _complete_descriptives(x, names)
    return _pairwise_descriptives(x, names)


def _complete_descriptives(x: np.ndarray, names: Sequence[str]) -> tuple[np.ndarray, dict]:
    """Complete data: C from one centred cross-product, accumulated block by block.

    Everything else follows from C (the total score is the item mean, so
    ``cov(total, x) = C 1 / k`` and ``var(total) = sum(C) / k^2``).
    """
    n, k = x.shape
    means = x.mean(axis=0)
    cross = np.zeros((k, k))
    sums = np.zeros(k)
    buf = np.empty((min(n, BLOCK_ROWS), k))
    for rows in _row_blocks(n):
        b = buf[: rows.stop - rows.start]
        np.subtract(x[rows], means, out=b)
        cross += b.T @ b  # symmetric rank-k update (BLAS syrk)
        sums += b.sum(axis=0)
    # the sums of the centred columns are zero up to rounding; subtracting them keeps C exact
    # whatever rounding the means carry
    c = (cross - np.outer(sums, sums) / n) / (n - 1)
    check_variances(np.diag(c), names)
    sd = np.sqrt(np.diag(c))
    total_sd = np.sqrt(c.sum()) / k
    return c, {
        "n": np.full(k, n),
        "mean": means,
        "sd": sd,
        "raw_r": (c.sum(axis=0) / k) / (total_sd * sd),
        "total_mean": float(means.mean()),
        "total_sd": float(total_sd),
    }


def _available_means(x: np.ndarray) -> np.ndarray:
    """Available-case item means (``np.nanmean``), block by block."""
    n, k = x.shape
    size = min(n, PAIRWISE_BLOCK_ROWS)
    sums = np.zeros(k)
    missing = np.zeros(k, dtype=np.int64)
    buf, nan, ones = np.empty((size, k)), np.empty((size, k), dtype=bool), np.ones(size)
    for rows in _row_blocks(n, size):
        b, m = buf[: rows.stop - rows.start], nan[: rows.stop - rows.start]
        np.isnan(x[rows], out=m)
        np.copyto(b, x[rows])
        np.copyto(b, 0.0, where=m)
        sums += ones[: len(b)] @ b
        missing += np.count_nonzero(m, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / (n - missing)


def _pairwise_descriptives(x: np.ndarray, names: Sequence[str]) -> tuple[np.ndarray, dict]:
    """Pairwise-complete C (R's ``cov(use = "pairwise")``) and the available-case statistics.

    Two passes over the data, block by block. The first gives the available-case item means;
    the second centres each item by its mean, sets missing answers to 0 (``X0``) and forms, with
    BLAS products, ``M'M`` (the pair counts; ``M`` the answered-mask), ``X0'M`` (the sums of item
    i over the rows where j is answered), ``X0'X0`` (the cross-products) and, for ``raw_r``, the
    moments of the centred total score ``t`` (the mean of the answered items) over the rows where
    each item is answered: ``[t, t^2]'M`` and ``X0't``. Centring first keeps the one-pass formula
    ``(cross - s_i s_j / n_ij) / (n_ij - 1)`` free of cancellation.
    """
    n, k = x.shape
    means = _available_means(x)
    known = np.isfinite(means)  # an item nobody answered has no mean (and fails the checks)
    shift = means[known].mean() if known.any() else 0.0
    centre = np.where(known, means, 0.0)
    weights = np.zeros((k, 2))  # M @ weights = [sum of (mean - shift) of the answered, count]
    weights[:, 0] = np.where(known, means - shift, 0.0)
    weights[:, 1] = 1.0
    ones = np.ones(k)
    counts = np.zeros((k, k))
    sums = np.zeros((k, k))
    cross = np.zeros((k, k))
    t_moments = np.zeros((2, k))  # [t, t^2]' M
    xt = np.zeros(k)  # X0' t
    total_sum = total_ss = 0.0
    n_rows = 0  # rows with any answer (all of them after as_item_matrix)
    size = min(n, PAIRWISE_BLOCK_ROWS)
    x0, mf = np.empty((size, k)), np.empty((size, k))
    nan = np.empty((size, k), dtype=bool)
    tt = np.empty((size, 2))
    for rows in _row_blocks(n, size):
        b = rows.stop - rows.start
        a, m, mb, t2 = x0[:b], nan[:b], mf[:b], tt[:b]
        np.isnan(x[rows], out=m)
        np.subtract(x[rows], centre, out=a)
        np.copyto(a, 0.0, where=m)
        np.logical_not(m, out=mb)
        # total - shift = mean of the answered centred items + mean of their (mean - shift)
        part = mb @ weights
        with np.errstate(invalid="ignore", divide="ignore"):
            t = (a @ ones + part[:, 0]) / part[:, 1]
        empty = part[:, 1] == 0
        t[empty] = 0.0  # a row without answers has no total (none after as_item_matrix)
        n_rows += b - int(np.count_nonzero(empty))
        t2[:, 0] = t
        np.multiply(t, t, out=t2[:, 1])
        counts += mb.T @ mb  # symmetric products (BLAS syrk)
        cross += a.T @ a
        sums += a.T @ mb  # sums[i, j] = sum of centred item i over rows where i and j answered
        t_moments += t2.T @ mb
        xt += a.T @ t
        total_sum += t2[:, 0].sum()
        total_ss += t2[:, 1].sum()
    n_item = np.diag(counts).copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = (cross - sums * sums.T / counts) / (counts - 1)
    check_item_spread(n_item, np.diag(cov), names)
    check_pair_counts(counts, names)
    # raw_r: r(total, item i) over the rows where item i is answered
    sx, sxx = np.diag(sums), np.diag(cross)
    st, stt = t_moments
    with np.errstate(invalid="ignore", divide="ignore"):
        raw_r = (xt - sx * st / n_item) / np.sqrt(
            (sxx - sx * sx / n_item) * (stt - st * st / n_item)
        )
    total_ss -= total_sum * total_sum / n_rows
    return cov, {
        "n": n_item.astype(np.int64),
        "mean": means,
        "sd": np.sqrt(np.diag(cov)),
        "raw_r": np.clip(raw_r, -1.0, 1.0),
        "total_mean": float(shift + total_sum / n_rows),
        "total_sd": float(np.sqrt(total_ss / (n_rows - 1))),
    }


def item_table(
    names: Sequence[str],
    c: np.ndarray,
    desc: dict[str, Any],
    n_obs: int,
    reversed_flags: Sequence[bool],
) -> pd.DataFrame:
    k = c.shape[0]
    r = cov2cor(c)
    rc = r.copy()
    np.fill_diagonal(rc, smc(r))
    r_drop = np.empty(k)
    drops: list[dict[str, float]] = []
    for i in range(k):
        rest = np.delete(np.arange(k), i)
        sub = c[np.ix_(rest, rest)]
        with np.errstate(invalid="ignore"):  # negative rest variance sum: NaN, as in R
            r_drop[i] = (c[:, i].sum() - c[i, i]) / np.sqrt(c[i, i] * sub.sum())
        if k > 2:
            drops.append(alpha_core(sub))
        else:
            drops.append(dict.fromkeys(alpha_core(c), np.nan))
    # with unrelated or contradictory items some sums are negative: their roots are NaN, as in R
    with np.errstate(invalid="ignore"):
        std_r = r.sum(axis=0) / np.sqrt(r.sum())
        r_cor = rc.sum(axis=0) / np.sqrt(rc.sum())
        ase = [np.sqrt(d["q"] / n_obs) for d in drops]
    table = pd.DataFrame(
        {
            "n": desc["n"],
            "mean": desc["mean"],
            "sd": desc["sd"],
            "raw_r": desc["raw_r"],
            "std_r": std_r,
            "r_cor": r_cor,
            "r_drop": r_drop,
            "alpha_if_dropped": [d["raw_alpha"] for d in drops],
            "std_alpha_if_dropped": [d["std_alpha"] for d in drops],
            "g6_if_dropped": [d["g6"] for d in drops],
            "average_r_if_dropped": [d["average_r"] for d in drops],
            "signal_noise_if_dropped": [d["signal_noise"] for d in drops],
            "ase_if_dropped": ase,
            "var_r_if_dropped": [d["var_r"] for d in drops],
            "median_r_if_dropped": [d["median_r"] for d in drops],
            "reversed": list(reversed_flags),
        },
        index=pd.Index(list(names), name="item"),
    )
    return table


def check_variances(variances: np.ndarray, names: Sequence[str]) -> None:
    flat = np.nonzero(~(variances > 0))[0]
    if flat.size:
        name = names[int(flat[0])]
        raise PsychometricError(
            f"Item {name!r} has no variance (every respondent gave the same answer); drop it "
            "from the scale.",
            column=name,
            expected="an item with at least two different answers",
        )
