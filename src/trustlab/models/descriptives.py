"""Descriptives: frequency tables, proportions with Wilson and exact CIs, cross-tables
(group means: :mod:`trustlab.models.group_means`).

Every table keeps the categories in their order and shows empty categories with n = 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab.distributions import beta, norm
from trustlab.models._common import (
    ModelError,
    categories_of,
    category_codes,
    check_columns,
    check_confidence_level,
)
from trustlab.results import ResultMixin

__all__ = [
    "FrequencyTable",
    "frequency_table",
    "ProportionResult",
    "proportion",
    "wilson_interval",
    "frequency_from_counts",
    "exact_interval",
    "Crosstab",
    "crosstab",
]


def _z(level: float) -> float:

    return float(norm.ppf(1 - (1 - level) / 2))


def _counts(count: Any, n: Any) -> tuple[np.ndarray, np.ndarray]:
    """``count`` and ``n`` as float arrays, refused unless finite with ``0 <= count <= n``.

    NaN stays NaN (an unknown count gives an unknown interval).
    """
    try:
        x = np.asarray(count, dtype=float)
        m = np.asarray(n, dtype=float)
        np.broadcast_shapes(x.shape, m.shape)
    except (TypeError, ValueError) as exc:
        raise ModelError(
            f"count and n must be numbers, or arrays of numbers of the same shape ({exc})."
        ) from None
    with np.errstate(invalid="ignore"):
        # NaN compares False everywhere (an unknown count is not a bad one), except in != below
        bad = np.isinf(x) | np.isinf(m) | (x < 0) | (x > m) | (m < 0) | (m > MAX_COUNT)
        bad |= ((x != np.round(x)) & ~np.isnan(x)) | ((m != np.round(m)) & ~np.isnan(m))
    if bad.any():
        i = np.unravel_index(int(np.flatnonzero(bad)[0]), bad.shape)
        xi, mi = np.broadcast_to(x, bad.shape)[i], np.broadcast_to(m, bad.shape)[i]
        raise ModelError(
            f"The count must be a whole number between 0 and n (and n between 0 and "
            f"{MAX_COUNT:g}); got count {xi:g} of n {mi:g}.",
            value=float(xi),
            expected="0 <= count <= n",
        )
    return x, m


#: The largest number of observations an interval is computed for.
MAX_COUNT = 1e15


def wilson_interval(
    count: Any, n: Any, *, confidence_level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval, as R's ``prop.test(x, n, correct = FALSE)$conf.int``.

    Works elementwise on arrays; ``n = 0`` gives NaN.

    Examples
    --------
    >>> lo, hi = wilson_interval(166, 231)
    >>> print(f"{lo:.6f} {hi:.6f}")  # R: prop.test(166, 231, correct = FALSE): 0.657415 0.772662
    0.657415 0.772662
    """
    z = _z(check_confidence_level(confidence_level))
    x, n = _counts(count, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        z22n = z**2 / (2 * n)
        half = z * np.sqrt(p * (1 - p) / n + z22n / (2 * n))
        lo = (p + z22n - half) / (1 + 2 * z22n)
        hi = (p + z22n + half) / (1 + 2 * z22n)
    # at 0 (or n) successes the bound is 0 (or 1) exactly, as R's prop.test; the formula
    # leaves a rounding residue (3e-18) that would put the interval beside the estimate
    lo = np.where((x == 0) & (n > 0), 0.0, lo)
    hi = np.where((x == n) & (n > 0), 1.0, hi)
    return np.maximum(lo, 0.0)[()], np.minimum(hi, 1.0)[()]


def exact_interval(
    count: Any, n: Any, *, confidence_level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Exact Clopper-Pearson interval, as R's ``binom.test(x, n)$conf.int``.

    Examples
    --------
    >>> lo, hi = exact_interval(166, 231)
    >>> print(f"{lo:.6f} {hi:.6f}")  # R: binom.test(166, 231): 0.655900 0.775622
    0.655900 0.775622
    """

    alpha = 1 - check_confidence_level(confidence_level)
    x, n = _counts(count, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        lo = np.where(x > 0, beta.ppf(alpha / 2, x, n - x + 1), 0.0)
        hi = np.where(x < n, beta.ppf(1 - alpha / 2, x + 1, n - x), 1.0)
    bad = n <= 0
    lo, hi = np.where(bad, np.nan, lo), np.where(bad, np.nan, hi)
    return lo[()], hi[()]


@dataclass(frozen=True, repr=False, eq=False)
class FrequencyTable(ResultMixin):
    """Counts and percentages of an (ordered) categorical, with Wilson CIs.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per category, in order, empty categories included: ``n``, ``percent`` (of the
        non-missing answers), ``proportion``, ``ci_low``, ``ci_high`` (Wilson interval of the
        proportion).
    n : int
        Non-missing answers (the denominator).
    n_missing : int
        Missing answers, not counted in the percentages.
    confidence_level : float
        Level of the intervals.
    """

    table: pd.DataFrame
    n: int
    n_missing: int
    confidence_level: float

    def summary(self) -> pd.DataFrame:
        """The table itself."""
        return self.table

    def _title(self) -> str:
        return f"Frequency table: n = {self.n} ({self.n_missing} missing)"


def frequency_table(
    values: Any, *, categories: Sequence[Any] | None = None, confidence_level: float = 0.95
) -> FrequencyTable:
    """Frequency table with percentages and Wilson confidence intervals.

    Parameters
    ----------
    values : pandas.Series or array-like
        The answers. An (ordered) categorical keeps its category order, empty ones included.
    categories : sequence, optional
        The categories and their order (default: the categorical's, else the sorted values).
        A value outside them raises :class:`ModelError`.
    confidence_level : float, default 0.95

    Examples
    --------
    >>> import pandas as pd
    >>> x = pd.Categorical(["a", "b", "b", None], categories=["a", "b", "c"], ordered=True)
    >>> frequency_table(pd.Series(x)).table[["n", "percent"]]
       n    percent
    a  1  33.333333
    b  2  66.666667
    c  0   0.000000
    """
    level = check_confidence_level(confidence_level)
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    cats = categories_of(series, categories)
    codes = category_codes(series, cats)
    stray = (codes < 0) & series.notna().to_numpy()
    unknown = sorted(set(series[stray].astype(object)), key=str) if stray.any() else []
    if unknown:
        raise ModelError(
            f"Value {unknown[0]!r} is not one of the categories ({', '.join(map(str, cats))}). "
            "Add it to categories or recode it.",
            value=unknown[0],
        )
    n_k = np.bincount(codes[codes >= 0], minlength=len(cats))
    return frequency_from_counts(
        n_k, cats, name=series.name, n_missing=int(series.isna().sum()), confidence_level=level
    )


def frequency_from_counts(
    counts: Any,
    categories: Sequence[Any],
    *,
    name: Any = None,
    n_missing: int = 0,
    confidence_level: float = 0.95,
) -> FrequencyTable:
    """The :func:`frequency_table` of data already counted per category (data read in chunks).

    Examples
    --------
    >>> frequency_from_counts([1, 2, 0], ["a", "b", "c"], n_missing=1).table["percent"].round(2)
    a    33.33
    b    66.67
    c     0.00
    Name: percent, dtype: float64
    """
    level = check_confidence_level(confidence_level)
    n_k = np.asarray(counts, dtype=np.int64)
    total = int(n_k.sum())
    lo, hi = wilson_interval(n_k, total, confidence_level=level)
    prop = n_k / total if total else np.full(len(categories), np.nan)
    table = pd.DataFrame(
        {
            "n": n_k,
            "percent": 100 * prop,
            "proportion": prop,
            "ci_low": lo,
            "ci_high": hi,
        },
        index=pd.Index(list(categories), name=name),
    )
    return FrequencyTable(table, total, int(n_missing), level)


@dataclass(frozen=True, repr=False, eq=False)
class ProportionResult(ResultMixin):
    """A proportion with its Wilson and exact (Clopper-Pearson) confidence intervals.

    Attributes
    ----------
    count : int
        Number of successes (True / 1).
    n : int
        Non-missing observations.
    n_missing : int
        Missing observations (not in ``n``).
    estimate : float
        ``count / n``.
    ci_low, ci_high : float
        Wilson score interval (R: ``prop.test(count, n, correct = FALSE)``).
    exact_ci_low, exact_ci_high : float
        Clopper-Pearson interval (R: ``binom.test(count, n)``).
    confidence_level : float
    """

    count: int
    n: int
    n_missing: int
    estimate: float
    ci_low: float
    ci_high: float
    exact_ci_low: float
    exact_ci_high: float
    confidence_level: float

    def summary(self) -> pd.DataFrame:
        """One row: count, n, estimate and both intervals."""
        return pd.DataFrame(
            {
                "count": [self.count],
                "n": [self.n],
                "estimate": [self.estimate],
                "ci_low": [self.ci_low],
                "ci_high": [self.ci_high],
                "exact_ci_low": [self.exact_ci_low],
                "exact_ci_high": [self.exact_ci_high],
            }
        )

    def _title(self) -> str:
        return f"Proportion: {self.count} of {self.n}"


def proportion(
    values: Any, n: int | None = None, *, confidence_level: float = 0.95
) -> ProportionResult:
    """Proportion with Wilson and exact Clopper-Pearson confidence intervals.

    Parameters
    ----------
    values : array-like of bool / 0-1, or int
        The flags (missing values are left out and counted), or a count of successes when
        ``n`` is given.
    n : int, optional
        Number of trials, when ``values`` is a count.
    confidence_level : float, default 0.95

    Examples
    --------
    >>> r = proportion(166, 231)
    >>> print(f"{r.estimate:.4f} [{r.ci_low:.4f}, {r.ci_high:.4f}]")  # R prop.test: .6574 .7727
    0.7186 [0.6574, 0.7727]
    """
    level = check_confidence_level(confidence_level)
    if n is not None:
        _counts(values, n)  # finite, 0 <= count <= n
        try:
            count, total, n_missing = int(values), int(n), 0
        except (TypeError, ValueError, OverflowError):
            raise ModelError(
                f"The count and n must be whole numbers, got {values!r}, {n!r}."
            ) from None
        if count != values or total != n:
            raise ModelError(f"The count and n must be whole numbers, got {values!r}, {n!r}.")
    else:
        series = pd.Series(values)
        present = series.dropna()
        try:
            flags = present.astype(float).to_numpy()
        except (TypeError, ValueError) as exc:
            raise ModelError("The values must be True/False or 0/1.") from exc
        if not np.isin(flags, [0.0, 1.0]).all():
            bad = flags[~np.isin(flags, [0.0, 1.0])][0]
            raise ModelError(f"The values must be True/False or 0/1, got {bad!r}.", value=bad)
        count, total, n_missing = int(flags.sum()), int(flags.size), int(series.isna().sum())
    if total == 0:
        raise ModelError("No non-missing values: a proportion needs at least one observation.")
    lo, hi = wilson_interval(count, total, confidence_level=level)
    elo, ehi = exact_interval(count, total, confidence_level=level)
    return ProportionResult(
        count, total, n_missing, count / total, float(lo), float(hi), float(elo), float(ehi), level
    )


@dataclass(frozen=True, repr=False, eq=False)
class Crosstab(ResultMixin):
    """A cross-table of two categorical columns with row percentages.

    Attributes
    ----------
    counts : pandas.DataFrame
        Counts, rows and columns in category order (empty categories kept).
    row_percent : pandas.DataFrame
        Each row as a percentage of its total (NaN for an empty row).
    n : int
        Rows with both columns answered.
    n_dropped : int
        Rows with either column missing.
    """

    counts: pd.DataFrame
    row_percent: pd.DataFrame
    n: int
    n_dropped: int

    def summary(self) -> pd.DataFrame:
        """Counts with the row percentage in brackets is for display; this is counts + totals."""
        out = self.counts.copy()
        out["total"] = out.sum(axis=1)
        return out

    def _title(self) -> str:
        return f"Cross-table: n = {self.n} ({self.n_dropped} dropped for missing values)"


def crosstab(data: pd.DataFrame, row: str, column: str) -> Crosstab:
    """Cross-table of two categorical columns with row percentages.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"g": ["a", "a", "b"], "q": ["x", "y", "y"]})
    >>> crosstab(df, "g", "q").row_percent
    q      x      y
    g
    a   50.0   50.0
    b    0.0  100.0
    """
    check_columns(data, [row, column])
    rows, cols = categories_of(data[row]), categories_of(data[column])
    # category codes and one bincount: no copy of the columns (millions of rows in seconds)
    r, c = category_codes(data[row], rows), category_codes(data[column], cols)
    ok = (r >= 0) & (c >= 0)
    cells = np.bincount(r[ok] * len(cols) + c[ok], minlength=len(rows) * len(cols))
    counts = pd.DataFrame(
        cells.reshape(len(rows), len(cols)),
        index=pd.Index(rows, name=row),
        columns=pd.Index(cols, name=column),
    )
    totals = counts.sum(axis=1).to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = 100 * counts.to_numpy(dtype=float) / totals[:, None]
    row_percent = pd.DataFrame(pct, index=counts.index, columns=counts.columns)
    return Crosstab(counts.astype(int), row_percent, int(ok.sum()), int((~ok).sum()))
