"""The moments of psych::alpha: the covariance matrix and the available-case item statistics.

Computed block by block from sufficient statistics (cross-products, pair counts, sums, the moments
of the total score), so the working memory is a few k x k matrices and one block of rows whatever
the number of respondents; :class:`PairwiseMoments` also adds up chunks read one at a time
(:class:`~trustlab.psychometrics.StreamingAlpha`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from trustlab.psychometrics._common import PsychometricError, check_item_spread, check_pair_counts

__all__ = ["PairwiseMoments", "descriptives"]


#: Rows per block of the moment accumulation: a block of working columns stays in the CPU cache,
#: so no full-size temporary (centred copy, mask, zero-filled copy) is ever made. The pairwise
#: pass forms its mask products only over the rows with a missing answer, so it uses blocks as
#: large (measured fastest on 1,000,000 x 20 with 1% missing: 8,192 rows over 2,048 and 32,768).
BLOCK_ROWS = 8192
PAIRWISE_BLOCK_ROWS = 8192


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
    # one pass: centred by the first block's means (close to the item means, so no
    # cancellation), the sums of the centred columns give the means and correct C exactly
    centre = x[: min(n, BLOCK_ROWS)].mean(axis=0)
    cross = np.zeros((k, k))
    sums = np.zeros(k)
    buf = np.empty((min(n, BLOCK_ROWS), k))
    ones = np.ones(min(n, BLOCK_ROWS))
    for rows in _row_blocks(n):
        b = buf[: rows.stop - rows.start]
        np.subtract(x[rows], centre, out=b)
        cross += b.T @ b  # symmetric rank-k update (BLAS syrk)
        sums += ones[: len(b)] @ b
    means = centre + sums / n
    c = (cross - np.outer(sums, sums) / n) / (n - 1)
    check_variances(np.diag(c), names)
    sd = np.sqrt(np.diag(c))
    # the variance of the total; a constant total (items that mirror each other) leaves it a
    # hair below zero by cancellation: 0 then, and raw_r is NaN (0 / 0), as R's cor() gives
    total_sd = np.sqrt(max(c.sum(), 0.0)) / k
    with np.errstate(divide="ignore", invalid="ignore"):
        raw_r = (c.sum(axis=0) / k) / (total_sd * sd)
    if total_sd == 0:
        raw_r = np.full(k, np.nan)
    return c, {
        "n": np.full(k, n),
        "mean": means,
        "sd": sd,
        "raw_r": raw_r,
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

    The sufficient statistics of :class:`PairwiseMoments`, added up block by block.
    """
    # one pass, centred by the available means of the first block (close to the item means;
    # the sums give the means themselves and correct C exactly)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = _available_means(x[: min(len(x), BLOCK_ROWS)])
    moments = PairwiseMoments(centre)
    moments.update(x)
    return moments.finish(names)


class PairwiseMoments:
    """Sufficient statistics of psych::alpha's pairwise statistics, added up block by block.

    Each block of rows centres each item by ``centre``, sets missing answers to 0 (``X0``) and
    adds, with BLAS products, ``M'M`` (the pair counts; ``M`` the answered-mask), ``X0'M`` (the
    sums of item i over the rows where j is answered), ``X0'X0`` (the cross-products) and, for
    ``raw_r``, the moments of the centred total score ``t`` (the mean of the answered items)
    over the rows where each item is answered: ``[t, t^2]'M`` and ``X0't``. The statistics are
    exact for any centre (``(cross - s_i s_j / n_ij) / (n_ij - 1)``); a centre near the item
    means (the means themselves in memory, a first chunk's means when streaming) keeps the
    one-pass formula free of cancellation. Memory: a few k x k matrices and one block.
    """

    def __init__(self, centre: np.ndarray) -> None:
        centre = np.asarray(centre, dtype=float)
        k = len(centre)
        known = np.isfinite(centre)  # an item nobody answered has no mean (and fails the checks)
        self.shift = float(centre[known].mean()) if known.any() else 0.0
        self.centre = np.where(known, centre, 0.0)
        # M @ weights = [sum of (centre - shift) of the answered, count]
        self.weights = np.zeros((k, 2))
        self.weights[:, 0] = np.where(known, centre - self.shift, 0.0)
        self.weights[:, 1] = 1.0
        self.counts = np.zeros((k, k))
        self.sums = np.zeros((k, k))
        self.cross = np.zeros((k, k))
        self.t_moments = np.zeros((2, k))  # [t, t^2]' M
        self.xt = np.zeros(k)  # X0' t
        self.total_sum = 0.0
        self.total_ss = 0.0
        self.n_rows = 0  # rows with any answer

    def update(self, x: np.ndarray) -> None:
        """Add the rows of ``x`` (rows x k, NaN where missing).

        Missing answers are usually few, so the mask products (``M'M``, ``X0'M``, ``[t, t^2]'M``)
        are formed only over the rows with a missing answer; a complete row adds 1 to every pair
        count, its centred answers to every column of ``X0'M`` and its ``t`` to every item.
        """
        n, k = x.shape
        if n == 0:
            return
        size = min(n, PAIRWISE_BLOCK_ROWS)
        x0 = np.empty((size, k))
        nan = np.empty((size, k), dtype=bool)
        tt = np.empty((size, 2))
        ones_k, ones_b = np.ones(k), np.ones(size)
        w0 = float(self.weights[:, 0].sum())
        for rows in _row_blocks(n, size):
            b = rows.stop - rows.start
            a, m, t2 = x0[:b], nan[:b], tt[:b]
            np.isnan(x[rows], out=m)
            np.subtract(x[rows], self.centre, out=a)
            incomplete = np.flatnonzero(m.any(axis=1))
            if len(incomplete):
                np.copyto(a, 0.0, where=m)
            # total - shift = mean of the answered centred items + mean of their centre - shift
            row_sum = a @ ones_k
            t = (row_sum + w0) / k  # complete rows; the others below
            n_empty = 0
            if len(incomplete):
                mb = (~m[incomplete]).astype(float)
                part = mb @ self.weights
                with np.errstate(invalid="ignore", divide="ignore"):
                    t_inc = (row_sum[incomplete] + part[:, 0]) / part[:, 1]
                empty = part[:, 1] == 0
                t_inc[empty] = 0.0  # a row without answers has no total
                n_empty = int(np.count_nonzero(empty))
                t[incomplete] = t_inc
            self.n_rows += b - n_empty
            t2[:, 0] = t
            np.multiply(t, t, out=t2[:, 1])
            self.cross += a.T @ a  # symmetric product (BLAS syrk)
            self.xt += a.T @ t
            col_sum = ones_b[:b] @ a
            t_sum = t2.sum(axis=0)
            self.total_sum += t_sum[0]
            self.total_ss += t_sum[1]
            if len(incomplete):
                a_inc, t2_inc = a[incomplete], t2[incomplete]
                self.counts += mb.T @ mb
                self.sums += a_inc.T @ mb  # sums[i, j]: item i over rows where i, j answered
                self.t_moments += t2_inc.T @ mb
                col_sum = col_sum - a_inc.sum(axis=0)
                t_sum = t_sum - t2_inc.sum(axis=0)
            self.counts += b - len(incomplete)  # complete rows: every pair answered
            self.sums += col_sum[:, None]
            self.t_moments += t_sum[:, None]

    def finish(self, names: Sequence[str]) -> tuple[np.ndarray, dict[str, Any]]:
        """Covariance matrix C and the available-case statistics (as :func:`descriptives`).

        Raises for an item without variance and for a pair of items answered together by
        fewer than 2 respondents.
        """
        counts, sums, cross = self.counts, self.sums, self.cross
        n_item = np.diag(counts).copy()
        with np.errstate(invalid="ignore", divide="ignore"):
            cov = (cross - sums * sums.T / counts) / (counts - 1)
            means = self.centre + np.diag(sums) / n_item
        check_item_spread(n_item, np.diag(cov), names)
        check_pair_counts(counts, names)
        # raw_r: r(total, item i) over the rows where item i is answered
        sx, sxx = np.diag(sums), np.diag(cross)
        st, stt = self.t_moments
        with np.errstate(invalid="ignore", divide="ignore"):
            raw_r = (self.xt - sx * st / n_item) / np.sqrt(
                (sxx - sx * sx / n_item) * (stt - st * st / n_item)
            )
        n_rows = self.n_rows
        # a sum of squares about the mean; cancellation can leave it a hair below zero
        total_ss = max(self.total_ss - self.total_sum * self.total_sum / n_rows, 0.0)
        return cov, {
            "n": n_item.astype(np.int64),
            "mean": means,
            "sd": np.sqrt(np.diag(cov)),
            "raw_r": np.clip(raw_r, -1.0, 1.0),
            "total_mean": float(self.shift + self.total_sum / n_rows),
            "total_sd": float(np.sqrt(total_ss / (n_rows - 1))),
        }


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
