"""Input checks of :func:`trustlab.psychometrics.cfa.cfa`: the model, the columns, the data."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from trustlab.errors import CFAError
from trustlab.psychometrics._centred import centred_products
from trustlab.psychometrics._common import MAX_MAGNITUDE, check_item_count

__all__ = ["check_model", "item_columns", "sample_cov", "select"]


def check_model(model: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(model, Mapping) or not model:
        raise CFAError(
            "The model must be a non-empty dict of factor name -> item names, for example "
            '{"trust": ["T1", "T2", "T3"], "distrust": ["D1", "D2", "D3"]}.',
            expected="a dict {factor: [items]}",
        )
    out: dict[str, tuple[str, ...]] = {}
    seen: dict[str, str] = {}
    for factor, items in model.items():
        if isinstance(items, str) or not hasattr(items, "__iter__"):
            raise CFAError(
                f"The items of factor {factor!r} must be a list of column names; got {items!r}.",
                column=str(factor),
                expected="a list of column names",
            )
        items = tuple(str(i) for i in items)
        for item in items:
            if item in seen:
                where = "twice" if seen[item] == factor else f"also on {seen[item]!r}"
                raise CFAError(
                    f"Item {item!r} is named {where} in factor {factor!r}; in a "
                    "simple-structure model each item loads on exactly one factor.",
                    column=item,
                    expected="each item in one factor, once",
                )
            seen[item] = str(factor)
        out[str(factor)] = items
    for factor, items in out.items():
        if factor in seen:
            raise CFAError(
                f"Factor {factor!r} has the name of an item; give the factor another name.",
                column=factor,
            )
        if len(items) < 2 or (len(items) == 2 and len(out) == 1):
            raise CFAError(
                f"Factor {factor!r} has {len(items)} item(s). A factor on its own needs at "
                "least 3 items to be identified; a 2-item factor is identified only when it "
                "correlates with another factor. Add items, or merge the factor into another.",
                column=factor,
                expected="at least 3 items (2 with correlated factors)",
            )
    return out


#: Rows per block of :func:`select` (the block stays in the cache).
_BLOCK_ROWS = 65_536


def select(data: Any, items: tuple[str, ...]) -> tuple[np.ndarray, tuple[Any, ...], int]:
    """The complete rows of ``items`` as floats, the index labels of the rows dropped, and the
    number of rows (the checks of :func:`item_columns` first). Only the complete rows are
    copied (at ten million respondents not the whole table and then its complete rows)."""
    columns = item_columns(data, items)
    complete = np.ones(len(data), dtype=bool)
    for column in columns:
        complete &= ~np.isnan(column)
    rows = np.flatnonzero(complete)
    values = np.empty((len(rows), len(items)))
    for start in range(0, len(rows), _BLOCK_ROWS):  # filled a block at a time (in the cache)
        block, at = values[start : start + _BLOCK_ROWS], rows[start : start + _BLOCK_ROWS]
        for j, column in enumerate(columns):
            block[:, j] = column[at]
    return values, tuple(data.index[~complete]), len(data)


def item_columns(data: Any, items: tuple[str, ...]) -> list[np.ndarray]:
    """Each of ``items`` as an array of floats (NaN where missing; the data's own when they
    are floats already, not a copy), after checking the data frame, the names, the numeric
    answers and their magnitude."""
    if not isinstance(data, pd.DataFrame):
        raise CFAError(
            f"cfa() takes a pandas DataFrame with one column per item; got {type(data).__name__}.",
            expected="a pandas DataFrame",
        )
    check_item_count(len(items), "items in the model")
    columns = [str(c) for c in data.columns]
    for item in items:
        if item not in columns:
            close = difflib.get_close_matches(item, columns, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise CFAError(
                f"Item {item!r} of the model is not a column of the data.{hint}",
                column=item,
                expected="a column of the data",
            )
    frame = data.iloc[:, [columns.index(i) for i in items]]
    columns_of = []
    for j, item in enumerate(items):
        col = frame.iloc[:, j]
        if isinstance(col.dtype, np.dtype) and col.dtype.kind == "f":  # numeric already
            columns_of.append(col.to_numpy())
            continue
        num = pd.to_numeric(col, errors="coerce")
        bad = col.notna() & num.isna()
        if bad.any() or isinstance(col.dtype, pd.CategoricalDtype):
            value = col[bad].iloc[0] if bad.any() else col.dropna().iloc[0]
            raise CFAError(
                f"Item {item!r} holds a non-numeric value ({value!r}); give the numeric answers.",
                column=item,
                value=value,
                expected="a number",
            )
        columns_of.append(num.to_numpy(dtype=float, na_value=np.nan))
    huge_at = None  # the first too large answer in row order (then item order)
    for j, col in enumerate(columns_of):
        with np.errstate(invalid="ignore"):
            huge = np.flatnonzero(np.abs(col) > MAX_MAGNITUDE)  # infinities too; NaN is not
        if huge.size and (huge_at is None or huge[0] < huge_at[0]):
            huge_at = int(huge[0]), j
    if huge_at is not None:
        row, j = huge_at
        value = float(columns_of[j][row])
        what = "an infinite value" if np.isinf(value) else f"the value {value:g}"
        raise CFAError(
            f"Item {items[j]!r} holds {what} (row {data.index[row]!r}); give answers within "
            f"+/- {MAX_MAGNITUDE:g}, or mark the cell missing (NaN).",
            column=items[j],
            value=value,
            expected=f"a finite number within +/- {MAX_MAGNITUDE:g}",
        )
    return columns_of


def sample_cov(x: np.ndarray, items: tuple[str, ...], *, overwrite: bool = False) -> np.ndarray:
    """The covariance matrix of the rows of ``x`` (divisor n), as ``np.cov(x, rowvar=False,
    ddof=0)``; with ``overwrite``, ``x`` is centred in place instead of in a copy (the same
    operations in the same order: the same bits), and is then the centred data."""
    n, p = x.shape
    if n <= p:
        raise CFAError(
            f"Only {n} complete case(s) for {p} items; the sample covariance matrix is singular. "
            "At least p + 1 complete cases are needed (and many more for stable estimates).",
            expected=f"more than {p} complete cases",
        )
    # with overwrite np.cov's own steps, on x rather than on a copy of it
    s = centred_products(x, n) if overwrite else np.cov(x, rowvar=False, ddof=0)
    for item, v in zip(items, np.diag(s), strict=True):
        if not v > 0:
            raise CFAError(
                f"Item {item!r} has no variance among the complete cases; drop it from the model.",
                column=item,
            )
    d = 1 / np.sqrt(np.diag(s))
    eig = np.linalg.eigvalsh(s * np.outer(d, d))
    if eig[0] < 1e-10:
        raise CFAError(
            "The sample covariance matrix of the items is not positive definite (smallest "
            f"eigenvalue of the correlation matrix {eig[0]:.3g}): some items are linear "
            "combinations of others (for example a total score next to its items). Remove them.",
            expected="a positive-definite covariance matrix",
        )
    return s
