"""The closed-form statistics of psych::alpha: totals, item descriptives and the item table."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.linalg import LinAlgError
from scipy.linalg import cholesky, lapack

from trustlab.errors import PsychometricWarning
from trustlab.psychometrics._common import (
    cov2cor,
    smc,
)

__all__ = ["Inverse", "alpha_core", "inverse", "item_table", "matrix_item_columns"]

#: Above this condition number the correlation matrix counts as singular (psych then works with
#: pseudo-inverses); the drop-one identities of :func:`drop_one_stats` need a true inverse.
SINGULAR = 1e8


@dataclass(frozen=True)
class Inverse:
    """The correlation matrix's inverse (``None`` when it has none), computed once for the
    SMCs, G6 and the item table; its eigenvalues (ascending) when it is not positive definite
    (``positive``), NaN otherwise."""

    matrix: np.ndarray | None
    eigenvalues: np.ndarray
    singular: bool
    positive: bool = False

    @property
    def smallest(self) -> float:
        """The smallest eigenvalue (NaN when only known to be positive)."""
        return float(self.eigenvalues[0])


def inverse(r: np.ndarray) -> Inverse:
    """The inverse of ``r``, and whether it is singular from LAPACK's estimate of the condition
    number on its Cholesky factor (O(k^2) once factored) instead of an SVD, which costs ten
    times more at a thousand items. Only a matrix that is not positive definite (pairwise
    correlations, copies of items, fewer respondents than items) takes the slower road through
    its eigenvalues."""
    k = r.shape[0]
    if not np.isfinite(r).all():
        return Inverse(None, np.full(k, np.nan), True)
    try:
        factor = cholesky(r, lower=True, check_finite=False)
    except LinAlgError:
        factor = None
    if factor is not None:
        rcond, info = lapack.dpocon(factor, np.abs(r).sum(axis=0).max(), uplo="L")
        if info == 0 and rcond > 0:
            # the inverse by LU, as psych's solve(): the same digits as R's, not the factor's
            try:
                matrix = np.linalg.inv(r)
            except LinAlgError:  # positive definite to Cholesky, exactly singular to LU
                matrix = None
            singular = matrix is None or 1 / rcond > SINGULAR
            # positive definite: every eigenvalue is positive; only their sign is used
            return Inverse(matrix, np.full(k, np.nan), singular, positive=True)
    eig = np.linalg.eigvalsh(r)
    low, high = np.abs(eig).min(), np.abs(eig).max()
    try:
        matrix = np.linalg.inv(r)
    except np.linalg.LinAlgError:
        matrix = None
    return Inverse(matrix, eig, not (low > 0 and high / low <= SINGULAR))


def _smc(r: np.ndarray, inv: Inverse | None) -> np.ndarray:
    if inv is None or inv.matrix is None:
        return smc(r)  # psych's smc: the pseudo-inverse when there is no inverse
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.clip(1.0 - 1.0 / np.diag(inv.matrix), 0.0, 1.0)


def alpha_core(c: np.ndarray, inv: Inverse | None = None) -> dict[str, float]:
    """psych's ``alpha.1``: every total statistic from a covariance matrix ``c``.

    Items that copy or mirror each other give infinite or undefined statistics (as in R);
    :func:`trustlab.cronbach_alpha` explains them in a warning instead of numpy's. ``inv`` is
    the correlation matrix's :func:`inverse`, when the caller has it already.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return _alpha_core(c, inv)


def _alpha_core(c: np.ndarray, inv: Inverse | None) -> dict[str, float]:
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
        "g6": 1 - (k - _smc(r, inv).sum()) / sum_r,
        "average_r": av_r,
        "signal_noise": k * av_r / (1 - av_r),
        "q": q,
        "var_r": float(np.var(off, ddof=1)) if off.size > 1 else float("nan"),
        "median_r": float(np.median(off)),
    }


def drop_one_stats_loop(c: np.ndarray) -> list[dict[str, float]]:
    """:func:`alpha_core` of ``c`` without each item in turn, one refit per item (reference)."""
    k = c.shape[0]
    if k <= 2:
        return [dict.fromkeys(alpha_core(c), np.nan) for _ in range(k)]
    out = []
    for i in range(k):
        rest = np.delete(np.arange(k), i)
        out.append(alpha_core(c[np.ix_(rest, rest)]))
    return out


def _off_diagonal_drop_stats(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Variance (ddof 1) and median of the off-diagonal correlations without each item.

    The sorted off-diagonal values are shared; for item ``i`` its ``k - 1`` correlations are
    removed by counting (a binary search for the median's rank among the values that remain)
    and by subtracting their centred sums, so each item costs O(k log k), not O(k^2).
    """
    k = r.shape[0]
    values = np.sort(r[np.tril_indices(k, -1)])
    m = values.size
    m2 = m - (k - 1)
    mu = values.mean()
    a1, a2 = (values - mu).sum(), ((values - mu) ** 2).sum()
    var, median = np.empty(k), np.empty(k)
    for i in range(k):
        removed = np.sort(np.delete(r[i], i))
        b = removed - mu
        s1, s2 = a1 - b.sum(), a2 - (b * b).sum()
        var[i] = (s2 - s1 * s1 / m2) / (m2 - 1)

        def order_stat(t: int, removed: np.ndarray = removed) -> float:
            lo, hi = 0, m - 1
            while lo < hi:  # smallest index whose value has more than t remaining at or below
                mid = (lo + hi) // 2
                v = values[mid]
                left = np.searchsorted(values, v, "right") - np.searchsorted(removed, v, "right")
                if left >= t + 1:
                    hi = mid
                else:
                    lo = mid + 1
            return float(values[lo])

        median[i] = (order_stat((m2 - 1) // 2) + order_stat(m2 // 2)) / 2
    return var, median


def drop_one_stats(
    c: np.ndarray, r: np.ndarray, inv: Inverse | None = None
) -> list[dict[str, float]]:
    """The statistics of :func:`alpha_core` with each item dropped, from the full matrices.

    Sums, traces and ``tr(C_-i^2)`` follow from the full ``C`` in O(k) per item, the SMCs of
    ``R_-i`` from the full inverse by the block-inverse identity
    ``diag(R_-i^-1)_j = (R^-1)_jj - (R^-1)_ji^2 / (R^-1)_ii``, and the variance and median of
    the remaining correlations by counting, so the item table costs O(k^3) instead of one refit
    per item (O(k^4)). Agrees with :func:`drop_one_stats_loop` to rounding (tested). An
    ill-conditioned ``R`` (fewer complete respondents than items) has no such identity: up to
    100 items the loop refits with pseudo-inverses as psych's ``smc`` does; above, the G6 column
    is left missing, with a warning.
    """
    k = c.shape[0]
    inv = inverse(r) if inv is None else inv
    singular = inv.singular
    if k <= 3 or not np.isfinite(c).all() or (singular and k <= 100):
        return drop_one_stats_loop(c)
    diag = np.diag(c)
    col = c.sum(axis=0)
    total = c.sum() - 2 * col + diag
    trace = np.trace(c) - diag
    sum_r = r.sum() - 2 * r.sum(axis=0) + 1.0
    k1 = k - 1
    tr_cc = (c * c).sum() - 2 * (c * c).sum(axis=0) + diag**2
    rest_sums = col[:, None] - c  # column i: row sums of C_-i (entry i to be left out)
    ss = (rest_sums**2).sum(axis=0) - (col - diag) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        av_r = (sum_r - k1) / (k1 * (k1 - 1))
        q = (2 * k1**2 / ((k1 - 1) ** 2 * total**3)) * (total * (tr_cc + trace**2) - 2 * trace * ss)
        raw = (1 - trace / total) * k1 / (k1 - 1)
        std = (1 - k1 / sum_r) * k1 / (k1 - 1)
        signal = k1 * av_r / (1 - av_r)
        if singular:
            warnings.warn(
                f"G6 if an item is dropped is not computed: the correlation matrix of these "
                f"{k} items is singular (fewer complete respondents than items), so each would "
                "need its own pseudo-inverse. Every other statistic is computed.",
                PsychometricWarning,
                stacklevel=4,
            )
            g6 = np.full(k, np.nan)
        else:
            m = inv.matrix
            d = np.diag(m)
            smc_sub = np.clip(1.0 - 1.0 / (d[:, None] - m**2 / d[None, :]), 0.0, 1.0)
            np.fill_diagonal(smc_sub, 0.0)
            g6 = 1 - (k1 - smc_sub.sum(axis=0)) / sum_r
    var_r, median_r = _off_diagonal_drop_stats(r)
    keys = ("raw_alpha", "std_alpha", "g6", "average_r", "signal_noise", "q", "var_r",
            "median_r")  # fmt: skip
    columns = (raw, std, g6, av_r, signal, q, var_r, median_r)
    return [{key: float(v[i]) for key, v in zip(keys, columns, strict=True)} for i in range(k)]


def matrix_item_columns(
    c: np.ndarray, n_obs: int | None, inv: Inverse | None = None
) -> dict[str, Any]:
    """The item-table columns that follow from the (co)variance matrix alone: ``std_r``,
    ``r_cor``, ``r_drop`` and the statistics with each item dropped (``ase_if_dropped`` only
    with ``n_obs``). Given a correlation matrix, these are what ``psych::alpha(R)`` reports."""
    r = cov2cor(c)
    inv = inverse(r) if inv is None else inv
    rc = r.copy()
    np.fill_diagonal(rc, _smc(r, inv))
    # a negative rest variance sum gives NaN, a zero one an infinite ratio, as in R
    with np.errstate(invalid="ignore", divide="ignore"):
        r_drop = (c.sum(axis=0) - np.diag(c)) / np.sqrt(
            np.diag(c) * (c.sum() - 2 * c.sum(axis=0) + np.diag(c))
        )
    drops = drop_one_stats(c, r, inv)
    # with unrelated or contradictory items some sums are negative (their roots are NaN) or
    # exactly zero (the ratio is infinite), as in R
    with np.errstate(invalid="ignore", divide="ignore"):
        std_r = r.sum(axis=0) / np.sqrt(r.sum())
        r_cor = rc.sum(axis=0) / np.sqrt(rc.sum())
        ase = [np.sqrt(d["q"] / n_obs) if n_obs else np.nan for d in drops]
    return {
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
    }


def item_table(
    names: Sequence[str],
    c: np.ndarray,
    desc: dict[str, Any],
    n_obs: int,
    reversed_flags: Sequence[bool],
    inv: Inverse | None = None,
) -> pd.DataFrame:
    columns = matrix_item_columns(c, n_obs, inv)
    table = pd.DataFrame(
        {
            "n": desc["n"],
            "mean": desc["mean"],
            "sd": desc["sd"],
            "raw_r": desc["raw_r"],
            **columns,
            "reversed": list(reversed_flags),
        },
        index=pd.Index(list(names), name="item"),
    )
    return table
