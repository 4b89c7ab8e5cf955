"""Effect sizes shown next to the tests: epsilon-squared for Kruskal-Wallis and the standardised
mean difference of adjacent categories.

Formulas as in R's rcompanion (Mangiafico): ``epsilonSquared`` is
``H / ((n^2 - 1) / (n + 1))``, i.e. ``H / (n - 1)``; the standardised difference of two groups is
Cohen's d with the pooled standard deviation,
``(m2 - m1) / sqrt(((n1 - 1) s1^2 + (n2 - 1) s2^2) / (n1 + n2 - 2))``
(``tests/reference/effect_sizes.R`` computes both by hand in R on the sample).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from trustlab.results import ResultMixin

__all__ = ["EffectSizes", "adjacent_d", "effect_sizes", "epsilon_squared"]


@dataclass(frozen=True, repr=False, eq=False)
class EffectSizes(ResultMixin):
    """The effect sizes of one scale against the exposure.

    Attributes
    ----------
    epsilon_squared : float
        Of the Kruskal-Wallis test (NaN when the test did not run).
    adjacent : pandas.DataFrame
        One row per adjacent pair of categories: ``lower``, ``upper`` and Cohen's ``d``
        (pooled SD) of the mean score, higher minus lower.
    """

    epsilon_squared: float
    adjacent: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """The adjacent standardised differences."""
        return self.adjacent

    def _title(self) -> str:
        return f"Effect sizes: epsilon-squared = {self.epsilon_squared:.3f}"


def effect_sizes(kruskal: Any, means: pd.DataFrame | None) -> EffectSizes:
    """Epsilon-squared of ``kruskal`` (a test result with ``statistic`` and ``n``, or None) and
    Cohen's d between adjacent categories of ``means`` (``n``, ``mean``, ``sd`` per category,
    in order)."""
    eps = float("nan") if kruskal is None else epsilon_squared(kruskal.statistic, kruskal.n)
    rows = []
    if means is not None:
        labels = list(means.index)
        for lower, upper in itertools.pairwise(labels):
            rows.append({"lower": lower, "upper": upper, "d": adjacent_d(means, lower, upper)})
    return EffectSizes(eps, pd.DataFrame(rows, columns=["lower", "upper", "d"]))


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
