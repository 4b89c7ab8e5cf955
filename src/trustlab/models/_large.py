"""Pieces of the models for large data: category codes, and products over blocks of rows.

Survey columns are coded once (a categorical column's own codes, reordered) instead of compared
row by row as Python objects, and the products a model needs (X'WX, leverages, the HC3 meat) are
added up over blocks of rows, so that no temporary as large as the design matrix is made.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "CHUNK_ROWS",
    "category_codes",
    "cluster_codes",
    "row_blocks",
    "row_quadratic",
    "weighted_gram",
]


def category_codes(col: pd.Series, cats: Sequence[Any]) -> np.ndarray:
    """Position of each value of ``col`` in ``cats`` (-1 for none): the codes of a categorical
    column reordered, or equality with each category for other columns."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        own = list(col.cat.categories)
        if own == list(cats):
            return col.cat.codes.to_numpy()
        where = {c: i for i, c in enumerate(cats)}
        table = np.array([where.get(c, -1) for c in own] + [-1], dtype=np.int64)
        return table[col.cat.codes.to_numpy()]  # code -1 (missing) takes the last entry
    values = col.astype(object).to_numpy()
    codes = np.full(len(values), -1, dtype=np.int64)
    for i, c in enumerate(cats):
        codes[values == c] = i
    return codes


def cluster_codes(col: pd.Series) -> np.ndarray:
    """Cluster codes 0..G-1 in sorted order of the clusters present (``pd.factorize(sort=True)``);
    a categorical column's own codes, renumbered without its empty categories."""
    if isinstance(col.dtype, pd.CategoricalDtype) and not col.cat.ordered:
        raw = col.cat.codes.to_numpy()
        categories = col.cat.categories
        # already sorted (asked once: an Index keeps the answer, and every model's subset of
        # the column shares its categories); categories of mixed types are not: pandas decides
        if categories.is_monotonic_increasing:
            present = np.bincount(raw, minlength=len(categories)) > 0
            return (np.cumsum(present) - 1)[raw]
    return pd.factorize(col, sort=True)[0]


#: Rows per block of the large-data products below: a block of a 12-term design is 6 MB, so the
#: temporaries stay this small whatever the number of respondents.
CHUNK_ROWS = 65_536


def row_blocks(n: int, size: int | None = None) -> Iterator[slice]:
    """Consecutive row slices of at most ``size`` (default ``CHUNK_ROWS``) rows covering
    ``range(n)``."""
    size = size or CHUNK_ROWS
    for start in range(0, n, size):
        yield slice(start, min(start + size, n))


def weighted_gram(X: np.ndarray, w: np.ndarray | None = None) -> np.ndarray:
    """``X' diag(w) X`` accumulated over row blocks (no n x k temporary)."""
    k = X.shape[1]
    out = np.zeros((k, k))
    for rows in row_blocks(X.shape[0]):
        xb = X[rows]
        out += (xb.T * w[rows]) @ xb if w is not None else xb.T @ xb
    return out


def row_quadratic(X: np.ndarray, A: np.ndarray) -> np.ndarray:
    """``diag(X A X')`` (e.g. leverages with ``A = (X'X)^-1``) over row blocks."""
    out = np.empty(X.shape[0])
    for rows in row_blocks(X.shape[0]):
        xb = X[rows]
        out[rows] = np.einsum("ij,ij->i", xb @ A, xb)
    return out
