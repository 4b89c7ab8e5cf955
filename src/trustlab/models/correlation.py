"""Pearson's correlation of two columns with its test and Fisher-z interval, as ``cor.test``."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from trustlab.distributions import norm
from trustlab.distributions import t as t_dist
from trustlab.models._common import ModelError, check_columns, check_confidence_level
from trustlab.results import ResultMixin

__all__ = ["CorrelationResult", "correlation"]


@dataclass(frozen=True, repr=False, eq=False)
class CorrelationResult(ResultMixin):
    """Pearson's r of two columns (rows with both answered).

    Attributes
    ----------
    x, y : str
        The columns.
    r : float
        Pearson's correlation.
    n : int
        Rows with both columns answered.
    statistic, df, p_value : float
        ``t = r sqrt(n - 2) / sqrt(1 - r^2)`` on ``n - 2`` df, two-sided p.
    ci_low, ci_high : float
        Fisher-z interval, ``tanh(atanh(r) -/+ z sqrt(1 / (n - 3)))`` (NaN for n <= 3).
    confidence_level : float
    """

    x: str
    y: str
    r: float
    n: int
    statistic: float
    df: float
    p_value: float
    ci_low: float
    ci_high: float
    confidence_level: float

    def summary(self) -> pd.DataFrame:
        """One row: r, n, t, df, p and the CI."""
        return pd.DataFrame(
            [[self.r, self.n, self.statistic, self.df, self.p_value, self.ci_low, self.ci_high]],
            columns=["r", "n", "t", "df", "p_value", "ci_low", "ci_high"],
            index=[f"{self.x} ~ {self.y}"],
        )

    def _title(self) -> str:
        return f"Pearson correlation of {self.x} and {self.y}: r = {self.r:.3f}, n = {self.n}"


def correlation(
    data: pd.DataFrame, x: str, y: str, *, confidence_level: float = 0.95
) -> CorrelationResult:
    """Pearson's r with its t test and Fisher-z confidence interval, as R's ``cor.test``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1.0, 2, 3, 4, 5], "b": [2.0, 1, 4, 3, 5]})
    >>> res = correlation(df, "a", "b")
    >>> round(res.r, 4), round(res.p_value, 4), round(res.ci_low, 4)  # R cor.test: .8 .1041 -.2796
    (0.8, 0.1041, -0.2796)
    """
    level = check_confidence_level(confidence_level)
    check_columns(data, [x, y])
    pair = data[[x, y]].apply(pd.to_numeric, errors="coerce").dropna()
    n = len(pair)
    if n < 3:
        raise ModelError(
            f"{n} respondents answered both {x!r} and {y!r}; a correlation test needs 3 or more."
        )
    a, b = pair[x].to_numpy(dtype=float), pair[y].to_numpy(dtype=float)
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ModelError(f"{x!r} or {y!r} holds an infinite value.")
    if a.std() == 0 or b.std() == 0:
        flat = x if a.std() == 0 else y
        raise ModelError(f"{flat!r} has the same value for everyone: no correlation.", column=flat)
    r = float(np.clip(np.corrcoef(a, b)[0, 1], -1.0, 1.0))
    df = n - 2
    with np.errstate(divide="ignore"):
        t = r * math.sqrt(df) / math.sqrt(1 - r * r) if abs(r) < 1 else math.copysign(math.inf, r)
    p = float(2 * t_dist.sf(abs(t), df))
    if n > 3 and abs(r) < 1:
        half = norm.ppf(1 - (1 - level) / 2) / math.sqrt(n - 3)
        low, high = math.tanh(math.atanh(r) - half), math.tanh(math.atanh(r) + half)
    else:
        low = high = math.nan
    return CorrelationResult(x, y, r, n, t, float(df), p, low, high, level)
