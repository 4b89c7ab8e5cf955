"""The share with a flag (high trust, say) per category of an ordered variable, with CIs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab.models._common import (
    ModelError,
    categories_of,
    category_codes,
    check_columns,
    check_confidence_level,
)
from trustlab.models.descriptives import exact_interval, wilson_interval
from trustlab.results import ResultMixin

__all__ = ["GroupShares", "shares_by_group", "shares_from_counts"]


@dataclass(frozen=True, repr=False, eq=False)
class GroupShares(ResultMixin):
    """The share with a flag per category.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per category, in order (empty categories kept with n = 0 and NaN): ``count``
        (with the flag), ``n`` (answered), ``share``, ``ci_low``, ``ci_high`` (Wilson, as R's
        ``prop.test(correct = FALSE)``), ``exact_low``, ``exact_high`` (Clopper-Pearson, as
        ``binom.test``).
    flag, group : str
    n_dropped : int
        Rows with a missing flag or category.
    confidence_level : float
    """

    table: pd.DataFrame
    flag: str
    group: str
    n_dropped: int
    confidence_level: float

    def summary(self) -> pd.DataFrame:
        """The table itself."""
        return self.table

    def _title(self) -> str:
        return f"Share with {self.flag} by {self.group}"


def shares_by_group(
    data: pd.DataFrame, flag: str, group: str, *, confidence_level: float = 0.95
) -> GroupShares:
    """Count, n and share with ``flag`` (0/1 or True/False) per category of ``group``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"high": [1, 0, 1, 1], "g": ["a", "a", "b", "b"]})
    >>> shares_by_group(df, "high", "g").table[["count", "n", "share"]]
       count  n  share
    g
    a      1  2    0.5
    b      2  2    1.0
    """
    level = check_confidence_level(confidence_level)
    check_columns(data, [flag, group])
    cats = categories_of(data[group])
    values = pd.to_numeric(data[flag].astype("Float64"), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan
    )
    codes = category_codes(data[group], cats)
    ok = (codes >= 0) & ~np.isnan(values)
    if not np.isin(values[ok], [0.0, 1.0]).all():
        raise ModelError(f"The flag {flag!r} must be 0/1 or True/False.", column=flag)
    count = np.bincount(codes[ok], weights=values[ok], minlength=len(cats)).astype(np.int64)
    n = np.bincount(codes[ok], minlength=len(cats)).astype(np.int64)
    return shares_from_counts(count, n, cats, flag=flag, group=group,
                              n_dropped=int((~ok).sum()), confidence_level=level)  # fmt: skip


def shares_from_counts(
    count: Any,
    n: Any,
    categories: Sequence[Any],
    *,
    flag: str,
    group: str,
    n_dropped: int = 0,
    confidence_level: float = 0.95,
) -> GroupShares:
    """The :func:`shares_by_group` of data already counted per category (data read in chunks).

    Examples
    --------
    >>> shares_from_counts([1, 2], [2, 2], ["a", "b"], flag="high", group="g").table.share
    g
    a    0.5
    b    1.0
    Name: share, dtype: float64
    """
    level = check_confidence_level(confidence_level)
    cats = list(categories)
    count = np.asarray(count, dtype=np.int64)
    n = np.asarray(n, dtype=np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = count / np.where(n > 0, n, np.nan)
    low, high = wilson_interval(count, n, confidence_level=level)
    exact_low, exact_high = exact_interval(count, n, confidence_level=level)
    table = pd.DataFrame(
        {
            "count": count,
            "n": n,
            "share": share,
            "ci_low": low,
            "ci_high": high,
            "exact_low": exact_low,
            "exact_high": exact_high,
        },
        index=pd.Index(cats, name=group),
    )
    return GroupShares(table, flag, group, int(n_dropped), level)
