"""Effect sizes shown next to the tests: epsilon-squared for Kruskal-Wallis and the standardised
mean difference of adjacent categories.

Formulas as in R's rcompanion (Mangiafico): ``epsilonSquared`` is
``H / ((n^2 - 1) / (n + 1))``, i.e. ``H / (n - 1)``; the standardised difference of two groups is
Cohen's d with the pooled standard deviation,
``(m2 - m1) / sqrt(((n1 - 1) s1^2 + (n2 - 1) s2^2) / (n1 + n2 - 2))``
(``tests/reference/effect_sizes.R`` computes both by hand in R on the sample).
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = ["adjacent_d", "epsilon_squared"]


def epsilon_squared(h: float, n: int) -> float:
    """Epsilon-squared of a Kruskal-Wallis test with statistic ``h`` on ``n`` observations.

    Examples
    --------
    >>> round(epsilon_squared(48.321, 231), 4)
    0.2101
    """
    return float("nan") if n < 2 else h / ((n * n - 1) / (n + 1))


def adjacent_d(means: pd.DataFrame, lower: object, upper: object) -> float:
    """Cohen's d of ``upper`` minus ``lower`` from a table of ``n``, ``mean`` and ``sd`` per
    category (pooled SD); NaN when either group is too small."""
    a, b = means.loc[lower], means.loc[upper]
    df = a["n"] + b["n"] - 2
    if df <= 0:
        return float("nan")
    pooled = math.sqrt(((a["n"] - 1) * a["sd"] ** 2 + (b["n"] - 1) * b["sd"] ** 2) / df)
    return float("nan") if pooled == 0 else float((b["mean"] - a["mean"]) / pooled)
