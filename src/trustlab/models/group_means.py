"""Means of an outcome per category with t confidence intervals, from rows or from moments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab.distributions import t as t_dist
from trustlab.models._common import (
    ModelError,
    RowLabels,
    categories_of,
    category_codes,
    check_columns,
    check_confidence_level,
    check_finite,
)
from trustlab.results import ResultMixin

__all__ = ["GroupMeans", "group_means", "means_from_moments"]


@dataclass(frozen=True, repr=False, eq=False)
class GroupMeans(ResultMixin):
    """Mean, standard deviation and t-based confidence interval of an outcome per category.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per category (empty ones with n = 0 and NaN): ``n``, ``mean``, ``sd``
        (ddof = 1), ``se``, ``ci_low``, ``ci_high`` (``mean -/+ t(n - 1) * sd / sqrt(n)``, as
        R's ``t.test(x)$conf.int``).
    outcome, group : str
    n_dropped : int
        Rows with a missing outcome or group.
    confidence_level : float
    """

    table: pd.DataFrame
    outcome: str
    group: str
    n_dropped: int
    confidence_level: float

    def summary(self) -> pd.DataFrame:
        """The table itself."""
        return self.table

    def _title(self) -> str:
        return f"{self.outcome} by {self.group}"


def group_means(
    data: pd.DataFrame, outcome: str, group: str, *, confidence_level: float = 0.95
) -> GroupMeans:
    """Mean (sd, t confidence interval) of ``outcome`` per category of ``group``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 3.0, 5.0], "g": ["a", "a", "b", "b"]})
    >>> group_means(df, "y", "g").table[["n", "mean", "ci_low"]]  # R: t.test(c(1, 2)): -4.853
       n  mean    ci_low
    g
    a  2   1.5 -4.853102
    b  2   4.0 -8.706205
    """

    level = check_confidence_level(confidence_level)
    check_columns(data, [outcome, group])
    cats = categories_of(data[group])
    ok = (data[outcome].notna() & data[group].notna()).to_numpy()
    # the complete rows of the column's values, without their labels (no take of the index)
    y = pd.to_numeric(pd.Series(data[outcome].array[ok], copy=False), errors="coerce")
    if y.isna().any():
        raise ModelError(f"The outcome {outcome!r} is not numeric.", column=outcome)
    g = category_codes(data[group], cats)[ok]
    values = y.to_numpy(dtype=float)
    check_finite(values, outcome, RowLabels(data.index, ok), "The outcome")
    n, mean, sd = [], [], []
    for code in range(len(cats)):
        v = values[g == code]
        n.append(v.size)
        mean.append(v.mean() if v.size else np.nan)
        sd.append(v.std(ddof=1) if v.size > 1 else np.nan)
    return means_from_moments(n, mean, sd, cats, outcome=outcome, group=group,
                              n_dropped=int((~ok).sum()), confidence_level=level)  # fmt: skip


def means_from_moments(
    n: Any,
    mean: Any,
    sd: Any,
    categories: Sequence[Any],
    *,
    outcome: str,
    group: str,
    n_dropped: int = 0,
    confidence_level: float = 0.95,
) -> GroupMeans:
    """The :func:`group_means` of data already summarised per category (n, mean, sd with
    ddof = 1): the t CIs as ``t.test``. Used for data read in chunks.

    Examples
    --------
    >>> means_from_moments([2], [1.5], [0.5 ** 0.5], ["a"], outcome="y", group="g").table.ci_low
    g
    a   -4.853102
    Name: ci_low, dtype: float64
    """
    level = check_confidence_level(confidence_level)
    rows = []
    for n_k, mean_k, sd_k in zip(n, mean, sd, strict=True):
        n_k = int(n_k)
        mean_k = float(mean_k) if n_k else np.nan
        sd_k = float(sd_k) if n_k > 1 else np.nan
        se = sd_k / np.sqrt(n_k) if n_k > 1 else np.nan
        q = t_dist.ppf(1 - (1 - level) / 2, n_k - 1) if n_k > 1 else np.nan
        rows.append((n_k, mean_k, sd_k, se, mean_k - q * se, mean_k + q * se))
    table = pd.DataFrame(
        rows,
        columns=["n", "mean", "sd", "se", "ci_low", "ci_high"],
        index=pd.Index(list(categories), name=group),
    )
    return GroupMeans(table, outcome, group, int(n_dropped), level)
