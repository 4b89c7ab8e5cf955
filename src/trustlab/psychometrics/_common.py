"""Shared pieces of the psychometrics modules: errors, warnings, input checks, matrix helpers.

Nothing here knows about surveys or codebooks: the functions take DataFrames or arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab.errors import PsychometricError, PsychometricWarning, brief
from trustlab.psychometrics._layout import float_matrix, move_rows_up, one_float_block, views_frame

__all__ = [
    "PsychometricError",
    "PsychometricWarning",
    "ItemMatrix",
    "as_item_matrix",
    "apply_reverse",
    "check_item_count",
    "check_scale_range",
    "MAX_ITEMS",
    "complete_rows",
    "check_variance",
    "check_item_spread",
    "check_pair_counts",
    "cov2cor",
    "smc",
    "as_correlation",
]


@dataclass(frozen=True)
class ItemMatrix:
    """Items as a float matrix with their names (missing values are NaN).

    ``owned``: ``values`` was made for this matrix (a conversion or a copy, no view of the
    caller's data), so reverse keying may change it in place instead of copying it (at ten
    million respondents a copy of the items is half a gigabyte).
    """

    values: np.ndarray
    names: tuple[str, ...]
    has_missing: bool = True
    owned: bool = False


def as_item_matrix(
    data: Any, *, what: str = "items", min_items: int = 2, any_layout: bool = False
) -> ItemMatrix:
    """Check and convert a DataFrame or 2-D array of items to a float matrix.

    Rows in which every item is missing carry no information and are dropped. A DataFrame gives
    a row-major (C-ordered) matrix; with ``any_layout=True`` a numeric DataFrame's own buffer is
    returned without a copy when it has one (column-major, possibly read-only), which the
    callers that only read the matrix use to save a full copy of a large table.
    """
    if isinstance(data, pd.DataFrame):
        check_item_count(data.shape[1], what)
        names = tuple(str(c) for c in data.columns)
        if len(set(names)) != len(names):
            dup = sorted({n for n in names if names.count(n) > 1})
            raise PsychometricError(
                f"The {what} have duplicate column names: {', '.join(dup)}. Rename them first.",
                column=dup[0],
            )
        if all(_plain_numeric(dtype) for dtype in data.dtypes):
            if any_layout or one_float_block(data):  # a view of a single float block
                values = data.to_numpy(dtype=float, na_value=np.nan)
                if not any_layout:
                    values = np.ascontiguousarray(values)
            else:  # one copy in row order, not a column-ordered one first
                values = float_matrix(data)
        else:
            values = _convert_columns(data, names, what)
        # an array of its own (not a view of the frame's data, which pandas' copy-on-write
        # makes read-only but pandas 2.2 without it does not): made here
        owned = values.flags.writeable and not views_frame(values, data)
    else:
        owned = False  # possibly the caller's own array
        try:
            values = np.asarray(data, dtype=float)
        except (TypeError, ValueError) as exc:
            raise PsychometricError(
                f"The {what} must be numeric: a DataFrame or a 2-D array of numbers ({exc})."
            ) from exc
        if values.ndim != 2:
            raise PsychometricError(
                f"The {what} must be a 2-D table (rows = respondents, columns = items); "
                f"got an array with {values.ndim} dimension(s)."
            )
        names = tuple(f"item{i + 1}" for i in range(values.shape[1]))
        check_item_count(values.shape[1], what)
    if values.shape[1] < min_items:
        raise PsychometricError(
            f"At least {min_items} items are needed; got {values.shape[1]}. Pass a table with "
            f"one column per item.",
            expected=f"at least {min_items} items",
        )
    if values.shape[0] == 0:
        raise PsychometricError(
            f"The {what} have no rows (no respondents); at least 2 are needed.",
            expected="at least 2 respondents",
        )
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf, or a huge sum: checked below
        total = values.sum()
    if np.isfinite(total):  # one cheap pass: no NaN and no infinity anywhere
        _check_magnitude(values.min(), values.max(), values, names)
        return ItemMatrix(values=values, names=names, has_missing=False, owned=owned)
    # the smallest and largest answers, NaN skipped, without a copy (fmin/fmax ignore NaN)
    low, high = np.fmin.reduce(values, axis=None), np.fmax.reduce(values, axis=None)
    if np.isinf(low) or np.isinf(high):
        col = names[int(np.nonzero(np.isinf(values).any(axis=0))[0][0])]
        raise PsychometricError(
            f"Item {col!r} holds an infinite value; replace it by a valid answer or missing.",
            column=col,
        )
    _check_magnitude(low, high, values, names)
    missing = np.isnan(values)
    if not missing.any():  # the sum overflowed; the values are finite
        return ItemMatrix(values=values, names=names, has_missing=False, owned=owned)
    keep = ~missing.all(axis=1)
    del missing
    if keep.all():  # no empty rows: no copy
        return ItemMatrix(values=values, names=names, owned=owned)
    if owned:  # our own conversion: the answered rows moved up in it, not copied
        return ItemMatrix(values=move_rows_up(values, keep), names=names, owned=True)
    return ItemMatrix(values=np.ascontiguousarray(values[keep]), names=names, owned=True)


#: The most items (columns) the item statistics take: they hold several k x k matrices (32 MB
#: each at 2,000 items) and invert one (O(k^3): seconds at 2,000 items, minutes at 10,000); a
#: scale, or even a whole questionnaire, has far fewer items.
MAX_ITEMS = 2_000


def check_item_count(k: int, what: str = "items") -> None:
    """Refuse more than :data:`MAX_ITEMS` items, before any k x k matrix is formed."""
    if k > MAX_ITEMS:
        raise PsychometricError(
            f"The {what} have {k:,} columns; trustlab's item statistics take at most "
            f"{MAX_ITEMS:,} items (they "
            f"form and invert {MAX_ITEMS:,} x {MAX_ITEMS:,} matrices; a scale has far fewer "
            "items). Select the items of one scale.",
            expected=f"at most {MAX_ITEMS:,} items",
        )


def _plain_numeric(dtype: Any) -> bool:
    return not isinstance(dtype, pd.CategoricalDtype) and pd.api.types.is_numeric_dtype(dtype)


def _convert_columns(data: pd.DataFrame, names: tuple[str, ...], what: str) -> np.ndarray:
    """Column-by-column conversion, for tables with text or categorical columns."""
    columns = []
    for name, col in zip(names, data.columns, strict=True):
        series = data[col]
        if not _plain_numeric(series.dtype):
            converted = pd.to_numeric(series, errors="coerce")
            bad = series.notna() & converted.isna()
            if bad.any():
                value = series[bad].iloc[0]
                raise PsychometricError(
                    f"Item {name!r} holds a non-numeric value ({value!r}); the {what} must be "
                    "numbers (give the numeric answers, not their labels).",
                    column=name,
                    value=value,
                    expected="a number",
                )
            series = converted
        columns.append(series.to_numpy(dtype=float, na_value=np.nan))
    return np.column_stack(columns) if columns else np.empty((len(data), 0), dtype=float)


def apply_reverse(
    items: ItemMatrix, reverse: Sequence[Any], scale_range: tuple[float, float] | None
) -> tuple[ItemMatrix, tuple[bool, ...]]:
    """Reverse-key the named items as ``min + max - x`` on the declared ``scale_range``."""
    if isinstance(reverse, (str, int)):
        reverse = (reverse,)
    reverse = tuple(reverse)
    flags = [False] * len(items.names)
    if not reverse:
        return items, tuple(flags)
    if scale_range is None:
        raise PsychometricError(
            "Reverse keying needs the declared response range: pass scale_range=(min, max), "
            "for example scale_range=(1, 5) for a five-point scale. trustlab never infers the "
            "range from the data.",
            expected="scale_range=(min, max)",
        )
    low, high = check_scale_range(scale_range)
    for key in reverse:
        if key in items.names:
            idx = items.names.index(key)
        elif isinstance(key, (int, np.integer)) and 0 <= key < len(items.names):
            idx = int(key)
        else:
            raise PsychometricError(
                f"Reverse-keyed item {key!r} is not among the items ({', '.join(items.names)}).",
                column=str(key),
                expected="one of the item names",
            )
        flags[idx] = True
    values = items.values if items.owned else items.values.copy()  # ours: no second copy
    for idx, flag in enumerate(flags):
        if not flag:
            continue
        col = values[:, idx]
        outside = ~np.isnan(col) & ((col < low) | (col > high))
        if outside.any():
            value = col[outside][0]
            raise PsychometricError(
                f"Item {items.names[idx]!r} holds {value:g}, outside the declared scale_range "
                f"{low:g}..{high:g}; fix the value or the range before reverse keying.",
                column=items.names[idx],
                value=value,
                expected=f"a value from {low:g} to {high:g}",
            )
        values[:, idx] = low + high - col
    keyed = ItemMatrix(values=values, names=items.names, has_missing=items.has_missing, owned=True)
    return keyed, tuple(flags)


def check_scale_range(scale_range: Any) -> tuple[float, float] | None:
    """``None``, or ``(min, max)`` as two finite numbers with ``min < max``."""
    if scale_range is None:
        return None
    try:
        low, high = (float(v) for v in scale_range)
    except (TypeError, ValueError):
        raise PsychometricError(
            f"scale_range must be a pair of numbers (min, max); got {brief(scale_range)}.",
            expected="scale_range=(min, max)",
        ) from None
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise PsychometricError(
            f"scale_range must be (min, max) with finite min < max; got {brief(scale_range)}.",
            expected="scale_range=(min, max)",
        )
    if max(abs(low), abs(high)) > MAX_MAGNITUDE:
        raise PsychometricError(
            f"scale_range must lie within +/- {MAX_MAGNITUDE:g}; got {brief(scale_range)}.",
            expected=f"values within +/- {MAX_MAGNITUDE:g}",
        )
    return low, high


def complete_rows(items: ItemMatrix, *, min_rows: int = 2) -> ItemMatrix:
    """Keep the rows in which every item is answered (listwise deletion).

    Of a matrix of one's own (``items.owned``) the complete rows are moved up in place, not
    copied: ``items`` is then used up (use the matrix returned).
    """
    if not items.has_missing:
        keep = np.ones(items.values.shape[0], dtype=bool)
    else:
        keep = ~np.isnan(items.values).any(axis=1)
    if keep.sum() < min_rows:
        raise PsychometricError(
            f"Only {int(keep.sum())} respondent(s) answered every item; at least {min_rows} are "
            "needed. Use fewer items or nan_policy='pairwise'.",
            expected=f"at least {min_rows} complete rows",
        )
    if keep.all():
        return ItemMatrix(values=items.values, names=items.names, has_missing=False,
                          owned=items.owned)  # fmt: skip
    # a matrix of our own gives its complete rows in place (the one passed in is then used up)
    values = move_rows_up(items.values, keep) if items.owned else items.values[keep]
    return ItemMatrix(values=values, names=items.names, has_missing=False, owned=True)


def check_variance(values: np.ndarray, names: Sequence[str]) -> None:
    """Raise for items without variance (constant answers), which make correlations undefined."""
    k = values.shape[1]
    sd, largest, counts = np.empty(k), np.empty(k), np.empty(k, dtype=np.int64)
    # a column at a time: nanstd of the whole matrix holds two copies of it (at ten million
    # respondents a gigabyte); the check needs each item's spread, not its last bit
    for j in range(k):
        column = values[:, j]
        with np.errstate(invalid="ignore"):
            sd[j] = np.nanstd(column)
            largest[j] = np.nanmax(np.abs(column)) if len(column) else np.nan
        counts[j] = len(column) - np.count_nonzero(np.isnan(column))
    # a constant column of large numbers (1e50) keeps a rounding residue of its mean
    sd = np.where(sd <= 1e-12 * largest, 0.0, sd)
    check_item_spread(counts, sd, names)


def check_item_spread(counts: np.ndarray, spread: np.ndarray, names: Sequence[str]) -> None:
    """Raise for the first item answered by fewer than 2 or with a spread (sd, variance) not > 0."""
    for name, s, n in zip(names, spread, counts, strict=True):
        if n < 2 or not s > 0:
            raise PsychometricError(
                f"Item {name!r} has no variance (every respondent gave the same answer, or fewer "
                "than 2 answered it); drop it from the scale.",
                column=name,
                expected="an item with at least two different answers",
            )


def check_pair_counts(counts: np.ndarray, names: Sequence[str] = ()) -> None:
    """Raise for the first pair of items answered together by fewer than 2 respondents."""
    if (counts < 2).any():
        i, j = np.argwhere(counts < 2)[0]
        a, b = (names[i], names[j]) if names else (i, j)
        raise PsychometricError(
            f"Items {a!r} and {b!r} are answered together by fewer than 2 respondents, so their "
            "covariance is undefined; use other items or more data.",
            column=str(a),
        )


def cov2cor(cov: np.ndarray) -> np.ndarray:
    """Scale a covariance matrix to a correlation matrix (R's ``cov2cor``)."""
    sd = np.sqrt(np.diag(cov))
    r = cov / np.outer(sd, sd)
    np.fill_diagonal(r, 1.0)
    return r


#: Answers beyond this magnitude are refused: covariances reach its square (1e100) and the
#: statistics multiply covariances with each other (sums of squares over rows, the item table's
#: ratios, G6's inverse), which stays far below the largest double (1.8e308) for any number of
#: rows; no rating scale comes anywhere near it.
MAX_MAGNITUDE = 1e50


def _check_magnitude(low: float, high: float, values: np.ndarray, names) -> None:
    """Refuse answers so large that their squares overflow, naming the first such item."""
    if not (low < -MAX_MAGNITUDE or high > MAX_MAGNITUDE):
        return
    with np.errstate(invalid="ignore"):
        col = names[int(np.nonzero((np.abs(values) > MAX_MAGNITUDE).any(axis=0))[0][0])]
    raise PsychometricError(
        f"Item {col!r} holds a value beyond {MAX_MAGNITUDE:g} in size; its squares overflow. "
        "These are not answers on a scale: check the column (a code or an id read as an item?).",
        column=col,
        expected=f"values within +/- {MAX_MAGNITUDE:g}",
    )


def smc(r: np.ndarray) -> np.ndarray:
    """Squared multiple correlations ``1 - 1 / diag(R^-1)`` (``psych::smc`` for invertible R)."""
    try:
        inv = np.linalg.inv(r)
    except np.linalg.LinAlgError:
        inv = np.linalg.pinv(r)
    with np.errstate(divide="ignore", invalid="ignore"):  # a singular R: an item fully explained
        out = 1.0 - 1.0 / np.diag(inv)
    return np.clip(out, 0.0, 1.0)


def as_correlation(
    data: Any, *, n: int | None = None, what: str = "data"
) -> tuple[np.ndarray, tuple[str, ...], int | None]:
    """A correlation matrix from raw data (complete cases) or a correlation matrix as given.

    A square, symmetric input with a unit diagonal is taken as a correlation matrix; anything
    else is raw data, of which the complete cases are correlated.
    """
    try:
        if isinstance(data, pd.DataFrame):
            arr = data.to_numpy(dtype=float, na_value=np.nan) if data.shape[0] else None
        else:
            arr = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        arr = None  # not numeric: as_item_matrix below names the offending cell
    if (
        arr is not None
        and arr.ndim == 2
        and arr.shape[0] == arr.shape[1]
        and not np.isnan(arr).any()
        and np.allclose(arr, arr.T)
        and np.allclose(np.diag(arr), 1.0)
    ):
        names = (
            tuple(str(c) for c in data.columns)
            if isinstance(data, pd.DataFrame)
            else tuple(f"item{i + 1}" for i in range(arr.shape[0]))
        )
        if arr.shape[0] < 2:
            raise PsychometricError("A correlation matrix of at least 2 items is needed.")
        return arr.copy(), names, n
    items = complete_rows(as_item_matrix(data, what=what), min_rows=3)
    check_variance(items.values, items.names)
    r = np.corrcoef(items.values, rowvar=False)
    return r, items.names, items.values.shape[0] if n is None else n
