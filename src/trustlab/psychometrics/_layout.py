"""The layout of an item matrix in memory: the items of a table as one row-ordered float
matrix filled a block of rows at a time, rows moved up in place, and whether a conversion is a
view of the table's own memory.

At ten million respondents each copy of a scale's items is half a gigabyte: these keep an
item statistic to one copy, with the same numbers as numpy's and pandas' own conversions.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["BLOCK_ROWS", "float_matrix", "move_rows_up", "one_float_block", "views_frame"]


def _root(a: np.ndarray) -> Any:
    while isinstance(a.base, np.ndarray):
        a = a.base
    return a.base if a.base is not None else a


def one_float_block(data: pd.DataFrame) -> bool:
    """Whether the columns of ``data`` are float rows of one array (a frame made from a 2-D
    array): then ``to_numpy`` is a view of it, not a copy."""
    if not all(dtype == np.float64 for dtype in data.dtypes):
        return False
    roots = {id(_root(data.iloc[:, j].to_numpy())) for j in range(data.shape[1])}
    return len(roots) == 1


def views_frame(values: np.ndarray, data: pd.DataFrame) -> bool:
    """Whether ``values`` (converted from ``data``) may be a view of the frame's own memory
    rather than a conversion of its own (``to_numpy`` of a table of several column blocks
    is a new array, given back transposed; of a single float block, a view of it)."""
    for j in range(data.shape[1]):
        column = data.iloc[:, j]
        if column.dtype == np.float64 and np.may_share_memory(values, column.to_numpy()):
            return True
    return False


#: Rows per block when items are copied or moved block by block (a block stays in the cache).
BLOCK_ROWS = 16_384


def float_matrix(data: pd.DataFrame) -> np.ndarray:
    """The plain numeric columns of ``data`` as one C-ordered float matrix (NaN where
    missing), filled a block of rows at a time.

    The same numbers as ``np.ascontiguousarray(data.to_numpy(dtype=float))``, without its
    column-ordered copy first: at ten million respondents that held two copies of the items
    (a gigabyte) at once.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1.0, np.nan, 3.0], "b": pd.array([4, None, 6], dtype="Int64")})
    >>> m = float_matrix(df)
    >>> m.tolist(), m.flags.c_contiguous
    ([[1.0, 4.0], [nan, nan], [3.0, 6.0]], True)
    """
    n, k = data.shape
    columns = [data.iloc[:, j].to_numpy(dtype=float, na_value=np.nan) for j in range(k)]
    values = np.empty((n, k))
    part = np.empty((k, min(n, BLOCK_ROWS)))
    for start in range(0, n, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, n)
        block = part[:, : stop - start]
        for j, column in enumerate(columns):
            block[j] = column[start:stop]
        values[start:stop] = block.T
    return values


def move_rows_up(values: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """The rows ``keep`` of ``values`` (an array of one's own) moved up in place, in their
    order: a view of its first rows, the same numbers as ``values[keep]`` without a copy of
    the matrix (at ten million respondents half a gigabyte). The rows below are left as
    they were.

    Examples
    --------
    >>> x = np.arange(10.0).reshape(5, 2)
    >>> move_rows_up(x, np.array([False, True, False, True, True])).tolist()
    [[2.0, 3.0], [6.0, 7.0], [8.0, 9.0]]
    """
    m = 0
    for start in range(0, len(keep), BLOCK_ROWS):
        rows = slice(start, start + BLOCK_ROWS)
        kept = values[rows][keep[rows]]  # a copy of this block's kept rows
        # m <= start: the rows written are this block's or above, never rows still to read
        values[m : m + len(kept)] = kept
        m += len(kept)
    return values[:m]
