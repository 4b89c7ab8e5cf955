"""Pieces of the models for large data: category codes, and products over blocks of rows.

Survey columns are coded once (a categorical column's own codes, reordered) instead of compared
row by row as Python objects, and the products a model needs (X'WX, leverages, the HC3 meat) are
added up over blocks of rows, so that no temporary as large as the design matrix is made.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sparse
from threadpoolctl import ThreadpoolController

__all__ = [
    "CHUNK_ROWS",
    "category_codes",
    "cluster_codes",
    "cluster_sums",
    "hc3_meat",
    "new_matrix",
    "one_blas_thread",
    "reused_matrices",
    "same_rows",
    "used_cluster_codes",
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


def cluster_sums(
    X: np.ndarray, cluster: np.ndarray, n_groups: int, weights: np.ndarray | None = None
) -> np.ndarray:
    """Sums of the rows of ``X`` (times ``weights``) per cluster: ``n_groups`` x k.

    Entry ``(g, j)`` is ``np.bincount(cluster, weights=X[:, j] * weights)[g]`` to the last bit:
    the product with a sparse cluster-by-row matrix holding ``weights`` (a column per row: no
    sort) adds each cluster's terms in row order from zero, as ``bincount`` does, but reads X
    once, row by row, instead of once per (strided) column, and makes no n-row temporary.

    Examples
    --------
    >>> X = np.array([[1.0, 2.0], [1.0, 3.0], [1.0, 5.0]])
    >>> cluster_sums(X, np.array([1, 0, 1]), 2, weights=np.array([0.5, 1.0, 2.0])).tolist()
    [[1.0, 3.0], [2.5, 11.0]]
    """
    n = X.shape[0]
    data = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    # 32-bit positions where they fit, as scipy would convert them (made here: no 64-bit copy)
    index = np.int32 if max(n + 1, n_groups) < np.iinfo(np.int32).max else np.int64
    starts = np.arange(n + 1, dtype=index)
    indicator = sparse.csc_matrix(
        (data, cluster.astype(index, copy=False), starts), shape=(n_groups, n)
    )
    out = np.asarray(indicator @ np.ascontiguousarray(X, dtype=float))
    return out.reshape(n_groups, X.shape[1])


#: Rows per block of the large-data products below: a block of a 12-term design is 6 MB, so the
#: temporaries stay this small whatever the number of respondents.
CHUNK_ROWS = 65_536


def row_blocks(n: int, size: int | None = None) -> Iterator[slice]:
    """Consecutive row slices of at most ``size`` (default ``CHUNK_ROWS``) rows covering
    ``range(n)``."""
    size = size or CHUNK_ROWS
    for start in range(0, n, size):
        yield slice(start, min(start + size, n))


#: The spare memory of the current reused_matrices() block (None outside one).
_SPARE: ContextVar[list[np.ndarray] | None] = ContextVar("trustlab_spare", default=None)


@contextlib.contextmanager
def reused_matrices() -> Iterator[None]:
    """Within this block, :func:`new_matrix` (each design matrix) reuses the memory of an
    earlier matrix that nothing refers to any more, instead of asking for new memory.

    Every new page of a matrix costs a page fault when it is first written: the 29 design
    matrices of the exposure step at 10 million respondents were 9.5 s of CPU, most of it
    the kernel's. One spare (the largest) is kept until the block ends.

    Examples
    --------
    >>> with reused_matrices():
    ...     a = new_matrix(1000, 3)
    ...     b = new_matrix(1000, 3)  # a is still in use: new memory
    ...     shared_ab = np.shares_memory(a, b)
    ...     del a, b
    ...     c = new_matrix(500, 4)  # a's memory again
    >>> shared_ab, c.shape, c.flags.c_contiguous
    (False, (500, 4), True)
    """
    token, last = _SPARE.set([]), _LAST.set({})
    try:
        yield
    finally:
        _SPARE.reset(token)
        _LAST.reset(last)


#: The last value of each kind made by same_rows() in the current reused_matrices() block,
#: with what it was made from.
_LAST: ContextVar[dict[str, tuple[tuple, Any, Any]] | None] = ContextVar(
    "trustlab_last", default=None
)


def _equal(a: Any, b: Any) -> bool:
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.dtype == b.dtype
            and a.shape == b.shape
            and bool(np.array_equal(a, b))
        )
    if isinstance(a, pd.Index) or isinstance(b, pd.Index):
        return isinstance(a, pd.Index) and isinstance(b, pd.Index) and a.equals(b)
    return type(a) is type(b) and bool(a == b)


def same_rows(kind: str, source: tuple, keep: np.ndarray | None, make: Callable[[], Any]) -> Any:
    """``make()`` for the rows ``keep`` (None: every row) of what ``source`` holds (arrays,
    indexes, plain values: compared by value); within :func:`reused_matrices`, the value of
    the last call of this ``kind`` when its source and rows were the same.

    The models of one scale use the same rows: their cluster codes and row labels are made
    once (each is a pass over millions of rows), compared by a pass over the rows and the
    source instead. The value is shared: it must not be changed in place.

    Examples
    --------
    >>> made = []
    >>> def codes():
    ...     made.append(1)
    ...     return np.array([0, 1])
    >>> with reused_matrices():
    ...     a = same_rows("codes", (np.array([5, 7]),), None, codes)
    ...     b = same_rows("codes", (np.array([5, 7]),), None, codes)
    >>> a is b, len(made)
    (True, 1)
    """
    last = _LAST.get()
    if last is None:
        return make()
    hit = last.get(kind)
    if (
        hit is not None
        and len(hit[0]) == len(source)
        and all(_equal(a, b) for a, b in zip(hit[0], source, strict=True))
        and (hit[1] is None) == (keep is None)
        and (keep is None or _equal(hit[1], keep))
    ):
        return hit[2]
    value = make()
    last[kind] = (source, keep, value)
    return value


def _references(spare: list[np.ndarray]) -> int:
    return sys.getrefcount(spare[0])


#: What :func:`_references` counts for an array that only its list holds. Measured, not
#: assumed: interpreters differ in the temporary references they count (Python 3.14 borrows
#: some), and a count one too low would hand out memory a live matrix still uses.
_ALONE = _references([np.empty(1)])


def _free(spare: list[np.ndarray]) -> bool:
    """Whether nothing but ``spare`` refers to its array (no matrix or view of it is alive:
    each holds a reference of its own)."""
    return _references(spare) == _ALONE


#: A matrix of less than 1 / SMALL of the spare's numbers is new memory, never the spare: a
#: small design kept by its result (a mixed model's subsample of 200,000 rows, kept with the
#: fit) would hold the spare's gigabyte, and the next large design would need new memory.
SMALL = 8


def new_matrix(n: int, k: int) -> np.ndarray:
    """An uninitialised n x k matrix of floats (C order); within :func:`reused_matrices`, in
    the spare memory when nothing refers to it any more and it is large enough (and the
    matrix not much smaller: see :data:`SMALL`)."""
    spare = _SPARE.get()
    size = n * k
    if spare is None or (spare and size * SMALL < spare[0].size):
        return np.empty((n, k))
    if spare and spare[0].size >= size and _free(spare):
        return spare[0][:size].reshape(n, k)
    memory = np.empty(size)
    if not spare or _free(spare):  # the larger one is kept
        spare[:] = [memory]
    return memory.reshape(n, k)


#: The BLAS thread pools of this process (found when first needed; see one_blas_thread).
_POOLS: list[ThreadpoolController] = []


def one_blas_thread(n_rows: int) -> contextlib.AbstractContextManager:
    """One BLAS thread for the products over the row blocks of ``n_rows`` rows (more than one
    block; nothing changes for fewer rows).

    A block times a small matrix (65,536 x 12 times 12 x 12) is too small to share: OpenBLAS's
    second thread made such products ten times slower, in CPU and in wall time, on this
    2-core machine under load (its threads wait for each other), and a CPU-clock profile of
    the 10-million-respondent command charged most of the HC3 meat's 50 s to them. The
    products of a block are the same numbers with any number of threads: each thread computes
    whole entries of the result (tested).
    """
    if n_rows <= CHUNK_ROWS:
        return contextlib.nullcontext()
    if not _POOLS:
        _POOLS.append(ThreadpoolController())
    return _POOLS[0].limit(limits=1, user_api="blas")


def weighted_gram(X: np.ndarray, w: np.ndarray | None = None) -> np.ndarray:
    """``X' diag(w) X`` accumulated over row blocks (no n x k temporary)."""
    k = X.shape[1]
    out = np.zeros((k, k))
    with one_blas_thread(X.shape[0]):
        for rows in row_blocks(X.shape[0]):
            xb = X[rows]
            out += (xb.T * w[rows]) @ xb if w is not None else xb.T @ xb
    return out


def row_quadratic(X: np.ndarray, A: np.ndarray) -> np.ndarray:
    """``diag(X A X')`` (e.g. leverages with ``A = (X'X)^-1``) over row blocks."""
    out = np.empty(X.shape[0])
    with one_blas_thread(X.shape[0]):
        for rows in row_blocks(X.shape[0]):
            xb = X[rows]
            out[rows] = np.einsum("ij,ij->i", xb @ A, xb)
    return out


def hc3_meat(
    X: np.ndarray, resid: np.ndarray, A: np.ndarray, w: np.ndarray | None = None
) -> np.ndarray:
    """The HC3 meat ``X' diag(e^2 / (1 - h)^2) X`` with leverages ``h = w diag(X A X')`` (``w``
    the IRLS weights of a GLM, none for OLS), in one pass over row blocks.

    The same numbers, to the last bit, as ``weighted_gram(X, resid**2 / (1 - h) ** 2)`` with
    ``h = row_quadratic(X, A)`` (times ``w``), without reading X twice or keeping ``h``. A
    leverage of 1 gives an infinite or NaN weight, as there (HC3 is undefined).

    Examples
    --------
    >>> X = np.column_stack([np.ones(4), [0.0, 1.0, 2.0, 4.0]])
    >>> resid = np.array([0.5, -0.5, 0.25, -0.25])
    >>> A = np.linalg.inv(X.T @ X)
    >>> h = row_quadratic(X, A)
    >>> bool((hc3_meat(X, resid, A) == weighted_gram(X, resid**2 / (1 - h) ** 2)).all())
    True
    """
    k = X.shape[1]
    out = np.zeros((k, k))
    n = X.shape[0]
    if n == 0:
        return out
    size = next(row_blocks(n)).stop  # the rows of the largest block
    h, omega, xa = np.empty(size), np.empty(size), np.empty((min(size, _PART), k))
    with one_blas_thread(n), np.errstate(divide="ignore", invalid="ignore"):
        for rows in row_blocks(n):
            xb = X[rows]
            m = xb.shape[0]
            hb, ob = h[:m], omega[:m]
            # the leverages a part of the block at a time (each row's the same numbers: a row
            # of xb @ A and its products with xb do not depend on the other rows)
            for start in range(0, m, _PART):
                part = slice(start, min(start + _PART, m))
                xp = xb[part]
                np.einsum("ij,ij->i", np.matmul(xp, A, out=xa[: len(xp)]), xp, out=hb[part])
            if w is not None:
                np.multiply(w[rows], hb, out=hb)
            # omega = resid^2 / (1 - h)^2; a leverage of 1 gives inf or NaN
            np.square(np.subtract(1, hb, out=hb), out=hb)
            np.divide(np.square(resid[rows], out=ob), hb, out=ob)
            out += (xb.T * ob) @ xb
    return out


#: Rows of a part of a block whose leverages are formed together (the part stays in the cache).
_PART = 8_192


def used_cluster_codes(col: pd.Series, make: Callable[[], np.ndarray], rows: Any) -> np.ndarray:
    """The cluster codes of the rows ``rows`` of ``col`` (None: every row), as ``make()``
    gives them; of a categorical column, within :func:`reused_matrices`, once for the models
    of the same rows (see :func:`same_rows`)."""
    if not isinstance(col.dtype, pd.CategoricalDtype):
        return make()
    source = (col.cat.codes.to_numpy(), col.cat.categories, col.cat.ordered)
    return same_rows("cluster codes", source, rows, make)
