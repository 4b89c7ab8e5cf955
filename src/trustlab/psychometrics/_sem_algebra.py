"""vech and the duplication matrix in lavaan's order, cached per number of items."""

from __future__ import annotations

import functools

import numpy as np

__all__ = ["duplication", "vech_pairs"]


@functools.cache
def duplication(p: int) -> np.ndarray:
    """The duplication matrix D (p^2 x p(p+1)/2) for lavaan's column-wise vech (read-only)."""
    c, r = np.triu_indices(p)
    d = np.zeros((p * p, len(r)))
    for k, (i, j) in enumerate(zip(r, c, strict=True)):
        d[i * p + j, k] = 1.0
        d[j * p + i, k] = 1.0
    d.flags.writeable = False
    return d


@functools.cache
def vech_pairs(p: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, columns and multiplicities (1 on the diagonal, 2 off it) of lavaan's vech."""
    c, r = np.triu_indices(p)
    mult = np.where(r == c, 1.0, 2.0)
    for a in (r, c, mult):
        a.flags.writeable = False
    return r, c, mult


def _vech(p: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of lavaan's ``vech`` (column-wise lower triangle with the diagonal)."""
    c, r = np.triu_indices(p)
    return r, c


def _vech_offdiag(p: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of ``vech(x, diagonal = FALSE)``: (2,1), (3,1), ..., (3,2), ..."""
    c, r = np.triu_indices(p, 1)
    return r, c
