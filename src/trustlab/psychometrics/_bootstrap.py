"""Vectorised bootstrap helpers: resample counts and percentile / BCa intervals."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from scipy.special import ndtr, ndtri

from trustlab.psychometrics._common import PsychometricError

__all__ = [
    "resample_counts",
    "percentile_interval",
    "bca_interval",
    "check_confidence_level",
    "batch_alpha",
    "jackknife_alpha",
]

#: Resamples are processed in batches so memory stays bounded (batch x n x k floats).
BATCH_CELLS = 4_000_000


def check_confidence_level(confidence_level: float) -> float:

    try:
        level = float(confidence_level)
    except (TypeError, ValueError) as exc:
        raise PsychometricError(
            f"confidence_level must be a number between 0 and 1; got {confidence_level!r}."
        ) from exc
    if not 0.0 < level < 1.0:
        raise PsychometricError(
            "confidence_level must be between 0 and 1 (for example 0.95); "
            f"got {confidence_level!r}."
        )
    return level


def resample_counts(
    rng: np.random.Generator, n: int, n_boot: int, *, cells_per_row: int = 1
) -> Iterator[np.ndarray]:
    """Yield batches of bootstrap weights: ``counts[b, i]`` = times row ``i`` is drawn.

    Each resample draws ``n`` row indices uniformly with replacement (``rng.integers``); batches
    are drawn in order, so the same seed gives the same resamples whatever the batch size.
    """
    batch = max(1, min(n_boot, BATCH_CELLS // max(1, n * cells_per_row)))
    done = 0
    while done < n_boot:
        b = min(batch, n_boot - done)
        idx = rng.integers(0, n, size=(b, n))
        flat = idx + (np.arange(b) * n)[:, None]
        yield np.bincount(flat.ravel(), minlength=b * n).reshape(b, n).astype(float)
        done += b


def percentile_interval(boot: np.ndarray, confidence_level: float) -> tuple[float, float]:
    """Percentile interval of a bootstrap distribution (NaN resamples ignored)."""
    boot = boot[np.isfinite(boot)]
    if boot.size == 0:
        return float("nan"), float("nan")
    tail = (1.0 - confidence_level) / 2.0
    low, high = np.quantile(boot, [tail, 1.0 - tail])
    return float(low), float(high)


def bca_interval(
    boot: np.ndarray, estimate: float, jackknife: np.ndarray, confidence_level: float
) -> tuple[float, float]:
    """Bias-corrected and accelerated interval (Efron 1987), as ``scipy.stats.bootstrap``.

    ``z0 = Phi^-1(share of resamples below the estimate)``; the acceleration ``a`` comes from the
    jackknife (leave-one-row-out) estimates: ``a = sum(d^3) / (6 * sum(d^2)^1.5)`` with
    ``d = mean(jackknife) - jackknife``.
    """

    boot = boot[np.isfinite(boot)]
    jackknife = jackknife[np.isfinite(jackknife)]
    z0 = ndtri(np.mean(boot < estimate))
    d = jackknife.mean() - jackknife
    denom = 6.0 * np.sum(d**2) ** 1.5
    a = np.sum(d**3) / denom if denom > 0 else 0.0
    tail = (1.0 - confidence_level) / 2.0
    z = ndtri(np.array([tail, 1.0 - tail]))
    levels = ndtr(z0 + (z0 + z) / (1.0 - a * (z0 + z)))
    if not np.all(np.isfinite(levels)):
        return float("nan"), float("nan")
    low, high = np.quantile(boot, levels)
    return float(low), float(high)


def batch_alpha(x0: np.ndarray, mask: np.ndarray | None, w: np.ndarray) -> np.ndarray:
    """Raw alpha for each row of weights ``w`` (resample counts), with pairwise covariances
    as R's ``cov(use = "pairwise")``."""
    k = x0.shape[1]
    xw = w[:, :, None] * x0[None]  # (b, n, k)
    cross = np.matmul(xw.transpose(0, 2, 1), x0)  # (b, k, k)
    if mask is None:
        n = w.sum(axis=1)[:, None, None]
        s = xw.sum(axis=1)
        cov = (cross - s[:, :, None] * s[:, None, :] / n) / (n - 1)
    else:
        m = mask.astype(float)
        counts = np.matmul((w[:, :, None] * m[None]).transpose(0, 2, 1), m)
        sums = np.matmul(xw.transpose(0, 2, 1), m)
        with np.errstate(divide="ignore", invalid="ignore"):
            cov = (cross - sums * sums.transpose(0, 2, 1) / counts) / (counts - 1)
        cov[np.broadcast_to((counts < 2).any(axis=(1, 2))[:, None, None], cov.shape)] = np.nan
    trace = np.trace(cov, axis1=1, axis2=2)
    total = cov.sum(axis=(1, 2))
    return (1 - trace / total) * k / (k - 1)


def jackknife_alpha(x0: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """Leave-one-row-out raw alpha for every row, by downdating the cross-product sums."""
    m = np.ones_like(x0) if mask is None else mask.astype(float)
    k = x0.shape[1]
    counts = m.T @ m - m[:, :, None] * m[:, None, :]
    cross = x0.T @ x0 - x0[:, :, None] * x0[:, None, :]
    sums = x0.T @ m - x0[:, :, None] * m[:, None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = (cross - sums * sums.transpose(0, 2, 1) / counts) / (counts - 1)
        trace = np.trace(cov, axis1=1, axis2=2)
        return (1 - trace / cov.sum(axis=(1, 2))) * k / (k - 1)
