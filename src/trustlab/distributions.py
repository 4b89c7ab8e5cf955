"""Tail probabilities and quantiles of the distributions trustlab's tests use.

The same functions of :mod:`scipy.special` that :mod:`scipy.stats` evaluates for these
distributions, with :mod:`scipy.stats`' conventions at the edges (a statistic below the support
has ``cdf`` 0 and ``sf`` 1; an invalid parameter gives NaN), without importing
:mod:`scipy.stats`: importing it takes about half a second, which every ``python -m trustlab``
command would pay before doing anything. Each object is called as its :mod:`scipy.stats`
namesake (``chi2.sf(x, df)``, ``t.ppf(q, df)``, ``beta.ppf(q, a, b)``); tests compare every
function with :mod:`scipy.stats` on a grid.

Examples
--------
>>> from trustlab.distributions import chi2, norm, t
>>> round(float(chi2.sf(3.841458820694124, 1)), 12)
0.05
>>> round(float(norm.ppf(0.975)), 10)
1.9599639845
>>> round(float(2 * t.sf(2.0, 10)), 10)
0.0733880348
"""

from __future__ import annotations

import numpy as np
import scipy.special as sc

__all__ = ["beta", "chi2", "f", "ncx2", "norm", "rankdata", "ranks_and_ties", "t"]


def _float(*values: object) -> list[np.ndarray]:
    return [np.asarray(v, dtype=float) for v in values]


def _below_support(x: np.ndarray, value: float, result: np.ndarray) -> np.ndarray:
    """``value`` where ``x < 0`` (scipy.stats' convention below a support starting at 0)."""
    out = np.where(x < 0, value, result)
    return out[()] if out.ndim == 0 else out


def _quantile(q: np.ndarray, value: np.ndarray, lower: float, upper: float) -> np.ndarray:
    """``value`` inside (0, 1); the support's ends at 0 and 1; NaN outside [0, 1]."""
    out = np.where(q == 0, lower, np.where(q == 1, upper, value))
    out = np.where((q < 0) | (q > 1), np.nan, out)
    return out[()] if out.ndim == 0 else out


def _positive(result: np.ndarray, *params: np.ndarray) -> np.ndarray:
    """NaN where a parameter is not positive (as scipy.stats' argument check)."""
    bad = np.zeros(np.shape(result), dtype=bool)
    for p in params:
        bad = bad | ~(p > 0)
    out = np.where(bad, np.nan, result)
    return out[()] if out.ndim == 0 else out


class _Norm:
    """The standard normal distribution."""

    @staticmethod
    def cdf(x: object) -> np.ndarray:
        return sc.ndtr(*_float(x))

    @staticmethod
    def sf(x: object) -> np.ndarray:
        return sc.ndtr(-np.asarray(x, dtype=float))

    @staticmethod
    def ppf(q: object) -> np.ndarray:
        q = np.asarray(q, dtype=float)
        return _quantile(q, sc.ndtri(q), -np.inf, np.inf)

    @staticmethod
    def isf(q: object) -> np.ndarray:
        q = np.asarray(q, dtype=float)
        return _quantile(q, -sc.ndtri(q), np.inf, -np.inf)


class _T:
    """Student's t distribution with ``df`` degrees of freedom (``df`` may be infinite)."""

    @staticmethod
    def cdf(x: object, df: object) -> np.ndarray:
        x, df = _float(x, df)
        return _positive(sc.stdtr(df, x), df)

    @staticmethod
    def sf(x: object, df: object) -> np.ndarray:
        x, df = _float(x, df)
        return _positive(sc.stdtr(df, -x), df)

    @staticmethod
    def ppf(q: object, df: object) -> np.ndarray:
        q, df = _float(q, df)
        return _positive(_quantile(q, sc.stdtrit(df, q), -np.inf, np.inf), df)


class _Chi2:
    """The chi-square distribution with ``df`` degrees of freedom."""

    @staticmethod
    def cdf(x: object, df: object) -> np.ndarray:
        x, df = _float(x, df)
        return _positive(_below_support(x, 0.0, sc.chdtr(df, np.maximum(x, 0))), df)

    @staticmethod
    def sf(x: object, df: object) -> np.ndarray:
        x, df = _float(x, df)
        return _positive(_below_support(x, 1.0, sc.chdtrc(df, np.maximum(x, 0))), df)

    @staticmethod
    def ppf(q: object, df: object) -> np.ndarray:
        q, df = _float(q, df)
        return _positive(_quantile(q, 2 * sc.gammaincinv(df / 2, q), 0.0, np.inf), df)


class _F:
    """The F distribution with ``dfn`` and ``dfd`` degrees of freedom."""

    @staticmethod
    def cdf(x: object, dfn: object, dfd: object) -> np.ndarray:
        x, dfn, dfd = _float(x, dfn, dfd)
        return _positive(_below_support(x, 0.0, sc.fdtr(dfn, dfd, np.maximum(x, 0))), dfn, dfd)

    @staticmethod
    def sf(x: object, dfn: object, dfd: object) -> np.ndarray:
        x, dfn, dfd = _float(x, dfn, dfd)
        return _positive(_below_support(x, 1.0, sc.fdtrc(dfn, dfd, np.maximum(x, 0))), dfn, dfd)

    @staticmethod
    def ppf(q: object, dfn: object, dfd: object) -> np.ndarray:
        q, dfn, dfd = _float(q, dfn, dfd)
        return _positive(_quantile(q, sc.fdtri(dfn, dfd, q), 0.0, np.inf), dfn, dfd)


class _Beta:
    """The beta distribution with shapes ``a`` and ``b``."""

    @staticmethod
    def cdf(x: object, a: object, b: object) -> np.ndarray:
        x, a, b = _float(x, a, b)
        return _positive(sc.betainc(a, b, np.clip(x, 0, 1)), a, b)

    @staticmethod
    def ppf(q: object, a: object, b: object) -> np.ndarray:
        q, a, b = _float(q, a, b)
        return _positive(_quantile(q, sc.betaincinv(a, b, q), 0.0, 1.0), a, b)


class _Ncx2:
    """The noncentral chi-square distribution (``df`` degrees of freedom, noncentrality
    ``nc``); with ``nc`` 0, the central one."""

    @staticmethod
    def cdf(x: object, df: object, nc: object) -> np.ndarray:
        x, df, nc = _float(x, df, nc)
        central = sc.chdtr(df, np.maximum(x, 0))
        value = np.where(nc > 0, sc.chndtr(np.maximum(x, 0), df, np.maximum(nc, 0)), central)
        return _positive(_below_support(x, 0.0, value), df)

    @staticmethod
    def sf(x: object, df: object, nc: object) -> np.ndarray:
        """The upper tail as the Poisson mixture of central upper tails, term by term (one
        minus the cdf would lose the digits of a small tail)."""
        x, df, nc = np.broadcast_arrays(*_float(x, df, nc))
        terms = zip(np.maximum(x, 0).ravel(), df.ravel(), np.maximum(nc, 0).ravel(), strict=True)
        out = np.array([_ncx2_sf(*v) for v in terms]).reshape(x.shape)
        return _positive(_below_support(x, 1.0, out), df)


def _ncx2_sf(x: float, df: float, nc: float) -> float:
    if not (np.isfinite(x) and np.isfinite(df) and np.isfinite(nc)):
        return float("nan") if np.isnan([x, df, nc]).any() else float(x < np.inf)
    if nc == 0:
        return float(sc.chdtrc(df, x))
    half = nc / 2
    # the Poisson weights exp(-half) half^j / j! carry all but 1e-17 of their mass within
    # 12 standard deviations of the mean (and 60 terms, for a small noncentrality)
    spread = 12 * np.sqrt(half) + 60
    j = np.arange(max(0.0, np.floor(half - spread)), np.ceil(half + spread) + 1)
    log_w = -half + j * np.log(half) - sc.gammaln(j + 1)
    return float(np.sum(np.exp(log_w) * sc.gammaincc(df / 2 + j, x / 2)))


def rankdata(values: object) -> np.ndarray:
    """Ranks 1..n, ties given the mean of the ranks they span (``scipy.stats.rankdata``'s
    default, R's ``rank``); NaN is not allowed.

    Examples
    --------
    >>> rankdata([3.0, 1.0, 3.0, 2.0]).tolist()
    [3.5, 1.0, 3.5, 2.0]
    """
    return ranks_and_ties(values)[0]


def ranks_and_ties(values: object) -> tuple[np.ndarray, np.ndarray]:
    """:func:`rankdata`'s ranks and the sizes of the groups of equal values, in increasing order
    of the values (``np.unique(values, return_counts=True)[1]``), from one sort.

    Examples
    --------
    >>> ranks, ties = ranks_and_ties([3.0, 1.0, 3.0, 2.0])
    >>> ranks.tolist(), ties.tolist()
    ([3.5, 1.0, 3.5, 2.0], [1, 1, 2])
    """
    x = np.asarray(values, dtype=float).ravel()
    order = np.argsort(x, kind="mergesort")
    ordered = x[order]
    # each run of equal values: its first and last position (1-based) in the sorted order
    new = np.r_[True, ordered[1:] != ordered[:-1]]
    starts = np.flatnonzero(new)
    ends = np.r_[starts[1:], x.size]
    run = np.cumsum(new) - 1
    ranks = np.empty(x.size)
    ranks[order] = ((starts + 1 + ends) / 2)[run]
    return ranks, ends - starts


norm = _Norm()
t = _T()
chi2 = _Chi2()
f = _F()
beta = _Beta()
ncx2 = _Ncx2()
