"""The closed-form statistics of psych::alpha: totals, item descriptives and the item table."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from trustlab.psychometrics._common import PsychometricError, cov2cor, pairwise_cov, smc

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


def descriptives(
    x: np.ndarray, complete: bool, names: Sequence[str]
) -> tuple[np.ndarray, dict[str, Any]]:
    """Covariance matrix C and the available-case item and total-score statistics.

    Complete data take one centred matrix product; everything else follows from C (the total
    score is the item mean, so ``cov(total, x) = C 1 / k`` and ``var(total) = sum(C) / k^2``).
    """
    n, k = x.shape
    if complete:
        means = x.mean(axis=0)
        xc = x - means
        c = (xc.T @ xc) / (n - 1)
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
    c = pairwise_cov(x)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        total = np.nanmean(x, axis=1)
    raw_r = np.empty(k)
    for i in range(k):
        ok = ~np.isnan(x[:, i]) & ~np.isnan(total)
        raw_r[i] = np.corrcoef(total[ok], x[ok, i])[0, 1]
    return c, {
        "n": (~np.isnan(x)).sum(axis=0),
        "mean": np.nanmean(x, axis=0),
        "sd": np.nanstd(x, axis=0, ddof=1),
        "raw_r": raw_r,
        "total_mean": float(np.nanmean(total)),
        "total_sd": float(np.nanstd(total, ddof=1)),
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
