"""The bivariate normal model behind polychoric correlations, vectorised over many tables.

- :func:`bvn_cdf`: ``P(X < h, Y < k)`` for standard bivariate normal ``(X, Y)`` with correlation
  ``r``, by Genz's (2004) refinement of Drezner & Wesolowsky's (1990) method: Gauss-Legendre
  quadrature with 6, 12 or 20 points depending on ``|r|`` and an asymptotic expansion for
  ``|r| >= 0.925``. About 1e-15 absolute, the algorithm of R's ``pbivnorm`` (lavaan) and
  ``mnormt::biv.nt.prob`` (psych's ``sadmvn`` in two dimensions).
- :func:`cell_probabilities`: the probabilities of every cell of a stack of contingency tables,
  from the thresholds and the correlation of each table.
- :func:`brent_minimize`: R's ``optimize`` (Brent's 1973 golden-section and parabolic search)
  run in lockstep on many one-dimensional problems, so that psych's ``polychoric`` (which calls
  ``optimize`` with its default tolerance) is reproduced step by step.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
from scipy.special import ndtr

__all__ = [
    "bvn_cdf",
    "bvn_pdf",
    "cell_probabilities",
    "cell_derivatives",
    "brent_minimize",
]

TWOPI = 2.0 * np.pi


@cache
def _legendre(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``n // 2`` negative Gauss-Legendre nodes on [-1, 1] and their weights."""
    x, w = np.polynomial.legendre.leggauss(n)
    half = x < 0
    return x[half], w[half]


def _bvnu(h: np.ndarray, k: np.ndarray, r: np.ndarray) -> np.ndarray:
    """``P(X > h, Y > k)`` for finite ``h``, ``k`` and ``|r| < 1`` (broadcast 1-D arrays)."""
    out = np.empty(h.shape)
    hk = h * k
    ar = np.abs(r)
    small = ar < 0.925
    for lo, hi, n in ((0.0, 0.3, 6), (0.3, 0.75, 12), (0.75, 0.925, 20)):
        m = small & (ar >= lo) & (ar < hi)
        if not m.any():
            continue
        x, w = _legendre(n)
        hs = (h[m] ** 2 + k[m] ** 2) / 2
        asr = np.arcsin(r[m])
        total = np.zeros(int(m.sum()))
        for xi, wi in zip(x, w, strict=True):
            for sign in (1.0, -1.0):
                sn = np.sin(asr * (sign * xi + 1) / 2)
                total += wi * np.exp((sn * hk[m] - hs) / (1 - sn * sn))
        out[m] = total * asr / (2 * TWOPI) + ndtr(-h[m]) * ndtr(-k[m])
    m = ~small
    if m.any():
        x, w = _legendre(20)
        hh, kk, rr = h[m], k[m].copy(), r[m]
        neg = rr < 0
        kk[neg] = -kk[neg]
        hkm = hh * kk
        a_s = (1 - rr) * (1 + rr)
        a = np.sqrt(a_s)
        bs = (hh - kk) ** 2
        c = (4 - hkm) / 8
        d = (12 - hkm) / 16
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            bvn = (
                a
                * np.exp(-(bs / a_s + hkm) / 2)
                * (1 - c * (bs - a_s) * (1 - d * bs / 5) / 3 + c * d * a_s * a_s / 5)
            )
            b = np.sqrt(bs)
            tail = np.exp(-hkm / 2) * np.sqrt(TWOPI) * ndtr(-b / a) * b
            tail = tail * (1 - c * bs * (1 - d * bs / 5) / 3)
            bvn = np.where(hkm > -160, bvn - tail, bvn)
            half = a / 2
            for xi, wi in zip(x, w, strict=True):
                xs = (half * (xi + 1)) ** 2
                rs = np.sqrt(1 - xs)
                bvn += (
                    half
                    * wi
                    * (
                        np.exp(-bs / (2 * xs) - hkm / (1 + rs)) / rs
                        - np.exp(-(bs / xs + hkm) / 2) * (1 + c * xs * (1 + d * xs))
                    )
                )
                xs = a_s * (-xi + 1) ** 2 / 4
                rs = np.sqrt(1 - xs)
                bvn += (
                    half
                    * wi
                    * np.exp(-(bs / xs + hkm) / 2)
                    * (np.exp(-hkm * (1 - rs) / (2 * (1 + rs))) / rs - (1 + c * xs * (1 + d * xs)))
                )
        bvn = -bvn / TWOPI
        pos = ~neg
        bvn[pos] = bvn[pos] + ndtr(-np.maximum(hh[pos], kk[pos]))
        bvn[neg] = -bvn[neg] + np.maximum(0.0, ndtr(-hh[neg]) - ndtr(-kk[neg]))
        out[m] = bvn
    return out


def bvn_cdf(h: np.ndarray, k: np.ndarray, r: np.ndarray) -> np.ndarray:
    """``P(X < h, Y < k)`` of a standard bivariate normal with correlation ``r``.

    ``h`` and ``k`` may be infinite; ``r`` must lie in (-1, 1). Broadcasts its arguments.
    """
    h, k, r = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (h, k, r)))
    shape = h.shape
    h, k, r = h.ravel(), k.ravel(), r.ravel()
    out = np.empty(h.shape)
    low = (h == -np.inf) | (k == -np.inf)
    out[low] = 0.0
    h_inf = (h == np.inf) & ~low
    k_inf = (k == np.inf) & ~low
    out[h_inf] = ndtr(k[h_inf])
    out[k_inf & ~h_inf] = ndtr(h[k_inf & ~h_inf])
    finite = ~(low | h_inf | k_inf)
    if finite.any():
        # P(X < h, Y < k) = P(-X > -h, -Y > -k)
        out[finite] = _bvnu(-h[finite], -k[finite], r[finite])
    return out.reshape(shape)


def bvn_pdf(h: np.ndarray, k: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Density of the standard bivariate normal with correlation ``r`` (0 at infinite limits)."""
    h, k, r = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (h, k, r)))
    one = 1 - r * r
    with np.errstate(invalid="ignore", over="ignore"):
        q = (h * h - 2 * r * h * k + k * k) / one
        out = np.exp(-q / 2) / (TWOPI * np.sqrt(one))
    return np.where(np.isfinite(h) & np.isfinite(k), out, 0.0)


def _grid(tau: np.ndarray) -> np.ndarray:
    """Thresholds padded with -inf and +inf: (..., K - 1) -> (..., K + 1)."""
    shape = (*tau.shape[:-1], 1)
    return np.concatenate([np.full(shape, -np.inf), tau, np.full(shape, np.inf)], axis=-1)


def _cdf_grid(tau1: np.ndarray, tau2: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """``Phi2(tau1_i, tau2_j; rho)`` on the padded threshold grid of each table, (m, K1+1, K2+1).

    The borders are 0 (a -inf threshold) and the margins ``Phi(tau)`` (a +inf threshold). The
    interior of tables with finite thresholds and ``|rho| < 0.925`` (nearly every polychoric
    table) is computed with the sines of Genz's quadrature once per table rather than per cell;
    the others go through :func:`bvn_cdf`.
    """
    g1, g2 = _grid(tau1), _grid(tau2)
    m = len(rho)
    out = np.empty((m, g1.shape[1], g2.shape[1]))
    out[:, 0, :] = 0.0
    out[:, :, 0] = 0.0
    out[:, -1, 1:] = ndtr(g2[:, 1:])
    out[:, 1:, -1] = ndtr(g1[:, 1:])
    t1, t2 = tau1, tau2
    finite = np.isfinite(t1).all(axis=1) & np.isfinite(t2).all(axis=1)
    ar = np.abs(rho)
    done = np.zeros(m, dtype=bool)
    if t1.shape[1] and t2.shape[1]:
        for lo, hi, n in ((0.0, 0.3, 6), (0.3, 0.75, 12), (0.75, 0.925, 20)):
            sel = np.flatnonzero(finite & (ar >= lo) & (ar < hi))
            if sel.size == 0:
                continue
            x, w = _legendre(n)
            nodes = np.concatenate([x, -x])
            weights = np.concatenate([w, w])
            h = -t1[sel][:, :, None]
            k = -t2[sel][:, None, :]
            hk = h * k
            hs = (h * h + k * k) / 2
            asr = np.arcsin(rho[sel])
            sn = np.sin(asr[:, None] * (nodes + 1) / 2)  # (m, nodes)
            inv = 1 / (1 - sn * sn)
            expo = (sn * inv)[:, None, None, :] * hk[..., None] - hs[..., None] * inv[
                :, None, None, :
            ]
            total = np.exp(expo) @ weights
            out[sel, 1:-1, 1:-1] = total * (asr / (2 * TWOPI))[:, None, None] + ndtr(-h) * ndtr(-k)
            done[sel] = True
        rest = np.flatnonzero(~done)
        if rest.size:
            out[rest, 1:-1, 1:-1] = bvn_cdf(
                t1[rest][:, :, None], t2[rest][:, None, :], rho[rest][:, None, None]
            )
    return out


def cell_probabilities(tau1: np.ndarray, tau2: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """Cell probabilities of a stack of tables: shape (m, K1, K2).

    ``tau1`` (m, K1 - 1) and ``tau2`` (m, K2 - 1) are the (possibly infinite) thresholds of the
    row and column variable of each of the m tables, ``rho`` (m,) their correlations. The
    cumulative probabilities ``Phi2(tau1_i, tau2_j; rho)`` are differenced over rows and columns.
    """
    cdf = _cdf_grid(tau1, tau2, rho)
    return cdf[:, 1:, 1:] - cdf[:, :-1, 1:] - cdf[:, 1:, :-1] + cdf[:, :-1, :-1]


def cell_derivatives(tau1: np.ndarray, tau2: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """``d P_ij / d rho`` for every cell (shape (m, K1, K2)): differences of the density."""
    g1, g2 = _grid(tau1), _grid(tau2)
    dens = bvn_pdf(g1[:, :, None], g2[:, None, :], rho[:, None, None])
    return dens[:, 1:, 1:] - dens[:, :-1, 1:] - dens[:, 1:, :-1] + dens[:, :-1, :-1]


#: R's ``optimize`` default tolerance, ``.Machine$double.eps^0.25``.
R_OPTIMIZE_TOL = float(np.finfo(float).eps ** 0.25)


def brent_minimize(
    f: Callable[[np.ndarray, np.ndarray], np.ndarray],
    lower: float,
    upper: float,
    m: int,
    *,
    tol: float = R_OPTIMIZE_TOL,
    max_iter: int = 500,
) -> tuple[np.ndarray, np.ndarray]:
    """Minimise ``m`` one-dimensional functions on ``[lower, upper]`` as R's ``optimize``.

    Brent's (1973) algorithm, step for step as in R (``Brent_fmin``: golden-section steps,
    parabolic interpolation, the tolerance ``tol1 = sqrt(eps) |x| + tol / 3``), run on all
    problems at once: ``f(x, active)`` returns the values at ``x`` (shape (k,)) of the problems
    whose indices are ``active``. Returns the minimisers and the minima.
    """
    golden = (3.0 - np.sqrt(5.0)) * 0.5
    eps = np.sqrt(np.finfo(float).eps)
    tol3 = tol / 3.0
    a = np.full(m, float(lower))
    b = np.full(m, float(upper))
    v = a + golden * (b - a)
    w = v.copy()
    x = v.copy()
    d = np.zeros(m)
    e = np.zeros(m)
    fx = f(x, np.arange(m)).astype(float)
    fv = fx.copy()
    fw = fx.copy()
    active = np.ones(m, dtype=bool)
    for _ in range(max_iter):
        xm = (a + b) * 0.5
        tol1 = eps * np.abs(x) + tol3
        t2 = tol1 * 2.0
        active &= ~(np.abs(x - xm) <= t2 - (b - a) * 0.5)
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        A, B, X, W, V = a[idx], b[idx], x[idx], w[idx], v[idx]
        FX, FW, FV = fx[idx], fw[idx], fv[idx]
        D, E, XM, T1, T2 = d[idx], e[idx], xm[idx], tol1[idx], t2[idx]
        p = np.zeros(idx.size)
        q = np.zeros(idx.size)
        r = np.zeros(idx.size)
        fit = np.abs(E) > T1
        if fit.any():
            rr = (X - W) * (FX - FV)
            qq = (X - V) * (FX - FW)
            pp = (X - V) * qq - (X - W) * rr
            qq = (qq - rr) * 2.0
            pp = np.where(qq > 0.0, -pp, pp)
            qq = np.abs(qq)
            p = np.where(fit, pp, p)
            q = np.where(fit, qq, q)
            r = np.where(fit, E, r)
            E = np.where(fit, D, E)
        golden_step = (np.abs(p) >= np.abs(q * 0.5 * r)) | (p <= q * (A - X)) | (p >= q * (B - X))
        e_gold = np.where(X < XM, B - X, A - X)
        with np.errstate(divide="ignore", invalid="ignore"):
            d_par = p / q
        u_par = X + d_par
        near = (u_par - A < T2) | (B - u_par < T2)
        d_par = np.where(near, np.where(X >= XM, -T1, T1), d_par)
        E = np.where(golden_step, e_gold, E)
        D = np.where(golden_step, golden * e_gold, d_par)
        U = np.where(np.abs(D) >= T1, X + D, np.where(D > 0.0, X + T1, X - T1))
        FU = f(U, idx).astype(float)
        better = FU <= FX
        # FU <= FX: the new point is the best so far
        A_new = np.where(better, np.where(U < X, A, X), np.where(U < X, U, A))
        B_new = np.where(better, np.where(U < X, X, B), np.where(U < X, B, U))
        to_w = ~better & ((FU <= FW) | (W == X))
        to_v = ~better & ~to_w & ((FU <= FV) | (V == X) | (V == W))
        V_new = np.where(better, W, np.where(to_w, W, np.where(to_v, U, V)))
        FV_new = np.where(better, FW, np.where(to_w, FW, np.where(to_v, FU, FV)))
        W_new = np.where(better, X, np.where(to_w, U, W))
        FW_new = np.where(better, FX, np.where(to_w, FU, FW))
        X_new = np.where(better, U, X)
        FX_new = np.where(better, FU, FX)
        a[idx], b[idx], v[idx], w[idx], x[idx] = A_new, B_new, V_new, W_new, X_new
        fv[idx], fw[idx], fx[idx] = FV_new, FW_new, FX_new
        d[idx], e[idx] = D, E
    return x, fx
