"""Trend tests for ordered categories: Jonckheere-Terpstra and Cochran-Armitage.

Each returns a :class:`~trustlab.models.tests.TestResult` with ``statistic``, ``df`` and
``p_value``, like R's ``htest``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from trustlab.distributions import chi2, norm
from trustlab.models._common import ModelError, check_finite
from trustlab.models.tests import TestResult, _outcome_by_group, check_not_constant

__all__ = ["cochran_armitage", "cochran_armitage_counts", "jonckheere_terpstra"]


def jonckheere_terpstra(
    data: pd.DataFrame, outcome: str, group: str, *, alternative: str = "two-sided"
) -> TestResult:
    """Jonckheere-Terpstra test for an ordered trend across the categories of ``group``.

    ``J = sum_{i<j} #(x_i < x_j) + #(x_i == x_j) / 2`` over pairs of observations from lower
    (i) and higher (j) categories; the p-value is the normal approximation with the
    tie-corrected variance of Hollander & Wolfe (1999), as ``clinfun::jonckheere.test`` does
    when there are ties. No exact p-value is computed (use it with n of at least a few dozen).

    Parameters
    ----------
    alternative : {"two-sided", "increasing", "decreasing"}
        ``"increasing"``: the outcome rises with the category order.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1, 2, 2, 3, 4, 5, 5, 6], "g": list("aabbbccc")})
    >>> r = jonckheere_terpstra(df, "y", "g", alternative="increasing")
    >>> print(r.statistic, round(r.extra["z"], 4))  # R, by hand (trust_models.R): J = 20.5
    20.5 2.6846
    """

    if alternative not in ("two-sided", "increasing", "decreasing"):
        raise ModelError(
            f"alternative must be 'two-sided', 'increasing' or 'decreasing', got {alternative!r}."
        )
    y, g, cats, n_dropped = _outcome_by_group(data, outcome, group)
    groups = [np.sort(y[g == k]) for k in range(len(cats)) if np.any(g == k)]
    if len(groups) < 2:
        raise ModelError(f"The trend test needs at least two categories of {group!r} with data.")
    check_not_constant(y, outcome, "Jonckheere-Terpstra test")
    stat = 0.0
    for i, lower in enumerate(groups[:-1]):
        for upper in groups[i + 1 :]:
            below = np.searchsorted(upper, lower, side="right")  # upper values <= each lower one
            equal = below - np.searchsorted(upper, lower, side="left")
            stat += float(np.sum(upper.size - below) + 0.5 * np.sum(equal))
    nk = np.array([len(x) for x in groups], dtype=float)
    n = float(nk.sum())
    _, t = np.unique(y, return_counts=True)
    t = t.astype(float)
    mean = (n**2 - np.sum(nk**2)) / 4
    # the tie terms vanish with fewer than 3 (2) observations: their sums are 0, not 0 / 0
    triples = np.sum(nk * (nk - 1) * (nk - 2)) * np.sum(t * (t - 1) * (t - 2))
    pairs = np.sum(nk * (nk - 1)) * np.sum(t * (t - 1))
    var = (
        (n * (n - 1) * (2 * n + 5) - np.sum(nk * (nk - 1) * (2 * nk + 5))
         - np.sum(t * (t - 1) * (2 * t + 5))) / 72
        + (triples / (36 * n * (n - 1) * (n - 2)) if triples else 0.0)
        + (pairs / (8 * n * (n - 1)) if pairs else 0.0)
    )  # fmt: skip
    if not var > 0:
        raise ModelError(
            f"The trend test's variance is 0 for these {int(n)} observations (too few, or all "
            "tied within the categories): there is no trend to test."
        )
    z = (stat - mean) / np.sqrt(var)
    p = {
        "two-sided": 2 * norm.sf(abs(z)),
        "increasing": norm.sf(z),
        "decreasing": norm.cdf(z),
    }[alternative]
    return TestResult(
        "Jonckheere-Terpstra test",
        stat,
        None,
        float(p),
        int(n),
        n_dropped,
        alternative,
        extra={"z": float(z), "mean": float(mean), "variance": float(var)},
    )


def cochran_armitage_counts(
    successes: Sequence[float],
    totals: Sequence[float],
    *,
    scores: Sequence[float] | None = None,
    alternative: str = "two-sided",
) -> TestResult:
    """Cochran-Armitage test for a trend in proportions, from counts per ordered category.

    As R's ``prop.trend.test(successes, totals, score = scores)``: the statistic is the
    chi-square (1 df) ``[sum n_i (p_i - p)(s_i - s)]^2 / [p (1 - p) sum n_i (s_i - s)^2]`` with
    the pooled ``p`` and the n-weighted mean score ``s``; ``extra["z"]`` is its signed root
    (positive when the proportion rises with the score). Default scores 1, 2, ..., k;
    categories with no observations are left out (their score is kept for the others).

    Examples
    --------
    >>> r = cochran_armitage_counts([83, 90, 129, 70], [86, 93, 136, 82])
    >>> print(f"{r.statistic:.4f} {r.p_value:.6f}")  # R: prop.trend.test(...): 8.2249 0.004132
    8.2249 0.004132
    """

    try:
        x = np.asarray(successes, dtype=float)
        n = np.asarray(totals, dtype=float)
        s = np.arange(1, x.size + 1, dtype=float) if scores is None else np.asarray(scores, float)
    except (TypeError, ValueError) as exc:
        raise ModelError(f"successes, totals and scores must be numbers ({exc}).") from None
    if not x.shape == n.shape == s.shape or x.ndim != 1:
        raise ModelError("successes, totals and scores must be 1-D and of the same length.")
    for what, values in (("successes", x), ("totals", n), ("scores", s)):
        check_finite(values, what, range(values.size), "The list")
        if np.isnan(values).any():
            raise ModelError(f"The {what} hold a missing value (NaN); give every count and score.")
    if (x < 0).any() or (x > n).any():
        raise ModelError("Each count of successes must lie between 0 and its total.")
    keep = n > 0
    x, n, s = x[keep], n[keep], s[keep]
    if x.size < 2:
        raise ModelError("The trend test needs at least two categories with observations.")
    if np.all(s == s[0]):
        raise ModelError(
            "The categories with observations all have the same score; a trend needs scores "
            "that differ."
        )
    p = x.sum() / n.sum()
    if p in (0.0, 1.0):
        raise ModelError("Every observation is a success (or none is): there is no trend to test.")
    with np.errstate(all="ignore"):
        z, stat = _trend(x, n, s, p)
    if not (np.isfinite(stat) and np.isfinite(z)):
        # scores a denormal apart (or huge): the squares under- or overflow. The statistic does
        # not change under s -> (s - min) / range, which keeps them in range
        z, stat = _trend(x, n, (s - s.min()) / (s.max() - s.min()), p)
    pv = {
        "two-sided": chi2.sf(stat, 1),
        "increasing": norm.sf(z),
        "decreasing": norm.cdf(z),
    }.get(alternative)
    if pv is None:
        raise ModelError(
            f"alternative must be 'two-sided', 'increasing' or 'decreasing', got {alternative!r}."
        )
    return TestResult(
        "Chi-squared Test for Trend in Proportions",
        float(stat),
        1.0,
        float(pv),
        int(n.sum()),
        alternative=alternative,
        extra={"z": float(z)},
    )


def _trend(x: np.ndarray, n: np.ndarray, s: np.ndarray, p: float) -> tuple[float, float]:
    """Cochran-Armitage's z and chi-square from counts, totals, scores and the pooled share."""
    sbar = np.sum(n * s) / n.sum()
    num = np.sum(n * (x / n - p) * (s - sbar))
    den = p * (1 - p) * np.sum(n * (s - sbar) ** 2)
    return num / np.sqrt(den), num**2 / den


def cochran_armitage(
    data: pd.DataFrame,
    outcome: str,
    group: str,
    *,
    scores: Sequence[float] | None = None,
    alternative: str = "two-sided",
) -> TestResult:
    """Cochran-Armitage trend test of a 0/1 (True/False) ``outcome`` over ordered ``group``.

    Counts per category (in category order, empty ones included for the default scores) then
    :func:`cochran_armitage_counts`.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"high": [0, 0, 1, 0, 1, 1, 1, 1], "g": list("aabbbccc")})
    >>> print(round(cochran_armitage(df, "high", "g").statistic, 4))  # R: 4.936752
    4.9368
    """
    y, g, cats, n_dropped = _outcome_by_group(data, outcome, group)
    if not np.isin(y, [0.0, 1.0]).all():
        raise ModelError(f"The outcome {outcome!r} must be 0/1 or True/False.", column=outcome)
    k = len(cats)
    x = np.bincount(g, weights=y, minlength=k)
    n = np.bincount(g, minlength=k).astype(float)
    res = cochran_armitage_counts(x, n, scores=scores, alternative=alternative)
    extra = {**res.extra, "successes": x.tolist(), "totals": n.tolist()}
    return TestResult(
        res.method, res.statistic, res.df, res.p_value, res.n, n_dropped, alternative, extra
    )
