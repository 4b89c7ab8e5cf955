"""Derivatives of the random-intercept model behind lmerTest's Satterthwaite and pbkrtest's
Kenward-Roger degrees of freedom, in closed form from the sufficient statistics.

lmerTest differentiates numerically (``numDeriv``) the deviance ``d(theta, sigma)`` (REML or ML,
with the fixed effects profiled out at ``theta``) and ``Cov(b)(theta, sigma) = sigma^2 K^-1``,
``K = X' (I + theta^2 Z Z')^-1 X``, ``theta = tau / sigma``. For a random intercept every piece
is a sum over groups with weights ``w_g(r) = r / (1 + n_g r)`` in ``r = theta^2``, so the
Hessian and the Jacobian are computed exactly here (they agree with lmerTest's numerical ones to
its differencing error, about 1e-7 relative).

Kenward-Roger (pbkrtest's ``vcovAdj`` and ``Lb_ddf``): with ``Sigma = tau2 Z Z' + sigma2 I``,
``G_1 = Z Z'``, ``G_2 = I``, every product ``X' Sigma^-1 G_i Sigma^-1 ... X`` and trace reduces
per group to multiples of ``X_g' X_g`` and ``xs_g xs_g'`` (``xs_g`` the group's column sums).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from trustlab.models.mixed import RandomInterceptStats

__all__ = ["VarparDerivatives", "varpar_derivatives", "KenwardRoger", "kenward_roger"]

#: lmerTest treats eigenvalues of the deviance Hessian within this of zero as zero.
HESSIAN_TOL = 1e-8


@dataclass(frozen=True)
class VarparDerivatives:
    """``hessian``: of the deviance in ``(theta, sigma)``; ``vcov_varpar = 2 hessian^+``
    (lmerTest's, the Moore-Penrose inverse over eigenvalues above 1e-8); ``jacobian``: the two
    p x p derivatives of ``Cov(b)``; ``vcov``: ``Cov(b)``."""

    hessian: np.ndarray
    vcov_varpar: np.ndarray
    jacobian: tuple[np.ndarray, np.ndarray]
    vcov: np.ndarray
    negative_eigenvalues: int


def _group_weighted(xs: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``sum_g w_g xs_g xs_g'``."""
    return (xs.T * w) @ xs


def varpar_derivatives(
    stats: RandomInterceptStats, tau2: float, sigma2: float, reml: bool
) -> VarparDerivatives:
    """Exact Hessian of the (RE)ML deviance in ``(theta, sigma)`` and Jacobian of ``Cov(b)``."""
    n_g, xs, ys = stats.sizes, stats.xs, stats.ys
    n, p = stats.n_obs, stats.n_params
    r = tau2 / sigma2
    t, s = np.sqrt(r), np.sqrt(sigma2)
    den = 1 + n_g * r
    w, w1, w2 = r / den, 1 / den**2, -2 * n_g / den**3
    K = stats.xtx - _group_weighted(xs, w)
    K1, K2 = -_group_weighted(xs, w1), -_group_weighted(xs, w2)
    Kinv = np.linalg.inv(K)
    beta = Kinv @ (stats.xty - xs.T @ (w * ys))
    es = ys - xs @ beta  # residual sums per group
    rss = stats.yty - 2 * beta @ stats.xty + beta @ stats.xtx @ beta - np.sum(w * es**2)
    rss1 = -np.sum(w1 * es**2)
    beta1 = -Kinv @ (xs.T @ (w1 * es))
    rss2 = -np.sum(w2 * es**2) + 2 * np.sum(w1 * es * (xs @ beta1))
    f1 = np.sum(n_g / den) + rss1 / sigma2
    f2 = -np.sum(n_g**2 / den**2) + rss2 / sigma2
    if reml:
        KiK1 = Kinv @ K1
        f1 += np.trace(KiK1)
        f2 += np.trace(Kinv @ K2) - np.trace(KiK1 @ KiK1)
    m = n - p if reml else n
    H = np.empty((2, 2))
    H[0, 0] = 4 * r * f2 + 2 * f1
    H[0, 1] = H[1, 0] = 2 * t * (-2 * rss1 / s**3)
    H[1, 1] = 6 * rss / sigma2**2 - 2 * m / sigma2
    vals, vecs = np.linalg.eigh(H)
    pos = vals > HESSIAN_TOL
    h_inv = (vecs[:, pos] / vals[pos]) @ vecs[:, pos].T
    jac_t = sigma2 * (-Kinv @ K1 @ Kinv) * 2 * t
    jac_s = 2 * s * Kinv
    return VarparDerivatives(
        hessian=H,
        vcov_varpar=2 * h_inv,
        jacobian=(jac_t, jac_s),
        vcov=sigma2 * Kinv,
        negative_eigenvalues=int(np.sum(vals < -HESSIAN_TOL)),
    )


def satterthwaite(der: VarparDerivatives, ell: np.ndarray) -> float:
    """lmerTest's ``contest1D`` df of ``ell' b``: ``2 V^2 / (g' A g)``, ``V = ell' C ell``,
    ``g_i = ell' J_i ell``, ``A = vcov_varpar``."""
    var = float(ell @ der.vcov @ ell)
    g = np.array([ell @ J @ ell for J in der.jacobian])
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(2 * var * var / (g @ der.vcov_varpar @ g))


def fstat_ddf(nu: np.ndarray, tol: float = 1e-8) -> float:
    """lmerTest's ``get_Fstat_ddf``: the df of a mean of q squared t statistics."""
    nu = np.asarray(nu, dtype=float)
    if nu.size == 1:
        return float(nu[0])
    if np.all(np.abs(np.diff(nu)) < tol):
        return float(nu.mean())
    if np.any(nu <= 2):
        return 2.0
    E = np.sum(nu / (nu - 2))
    return float(2 * E / (E - nu.size))


@dataclass(frozen=True)
class KenwardRoger:
    """pbkrtest's adjusted covariance ``vcov_adj`` (``vcovAdj``), with the pieces its degrees of
    freedom need: ``P`` (the two ``-X' Sigma^-1 G_i Sigma^-1 X``), ``W`` (2 x inverse expected
    information of ``(tau2, sigma2)``) and ``vcov`` (the unadjusted ``Cov(b)``)."""

    vcov_adj: np.ndarray
    vcov: np.ndarray
    P: tuple[np.ndarray, np.ndarray]
    W: np.ndarray


def kenward_roger(stats: RandomInterceptStats, tau2: float, sigma2: float) -> KenwardRoger:
    """Kenward-Roger's adjusted ``Cov(b)`` of a REML random-intercept fit (pbkrtest 0.5)."""
    n_g, xs, xtx = stats.sizes, stats.xs, stats.xtx
    a = 1 / sigma2
    c = sigma2 / (sigma2 + n_g * tau2)  # Sigma_g^-1 = a (I - w J), c = 1 - n w
    w = tau2 / (sigma2 + n_g * tau2)
    Phi = np.linalg.inv(a * (xtx - _group_weighted(xs, w)))
    P1 = -(a**2) * _group_weighted(xs, c**2)
    P2 = -(a**2) * (xtx - _group_weighted(xs, (1 - c**2) / n_g))
    Q = {
        (0, 0): a**3 * _group_weighted(xs, c**3 * n_g),
        (0, 1): a**3 * _group_weighted(xs, c**3),
        (1, 1): a**3 * (xtx - _group_weighted(xs, (1 - c**3) / n_g)),
    }
    Q[(1, 0)] = Q[(0, 1)]
    Kt = np.array(
        [
            [a**2 * np.sum(c**2 * n_g**2), a**2 * np.sum(c**2 * n_g)],
            [a**2 * np.sum(c**2 * n_g), a**2 * np.sum(n_g - (1 - c**2))],
        ]
    )
    P = (P1, P2)
    IE2 = np.empty((2, 2))
    for i in range(2):
        for j in range(2):
            IE2[i, j] = Kt[i, j] - 2 * np.sum(Phi * Q[(i, j)]) + np.sum((Phi @ P[i]) * (P[j] @ Phi))
    eig = np.linalg.eigvalsh(IE2)
    W = 2 * (np.linalg.inv(IE2) if np.min(np.abs(eig)) > 1e-10 else np.linalg.pinv(IE2))
    U = np.zeros_like(Phi)
    for i in range(2):
        for j in range(2):
            U += W[i, j] * (Q[(i, j)] - P[i] @ Phi @ P[j])
    return KenwardRoger(vcov_adj=Phi + 2 * Phi @ U @ Phi, vcov=Phi, P=P, W=W)


def kr_ddf(kr: KenwardRoger, L: np.ndarray) -> tuple[float, float]:
    """pbkrtest's denominator df and F scaling of ``L b = 0`` (``.KR_adjust``, ``Lb_ddf``)."""
    L = np.atleast_2d(L)
    V0 = kr.vcov
    Theta = L.T @ np.linalg.solve(L @ V0 @ L.T, L)
    TV = Theta @ V0
    u = [TV @ Pi @ V0 for Pi in kr.P]
    A1 = A2 = 0.0
    for i in range(2):
        for j in range(i, 2):
            e = 1.0 if i == j else 2.0
            A1 += e * kr.W[i, j] * np.trace(u[i]) * np.trace(u[j])
            A2 += e * kr.W[i, j] * np.sum(u[i] * u[j].T)
    q = int(np.linalg.matrix_rank(L))
    B = (A1 + 6 * A2) / (2 * q)
    g = ((q + 1) * A1 - (q + 4) * A2) / ((q + 2) * A2)
    c1 = g / (3 * q + 2 * (1 - g))
    c2 = (q - g) / (3 * q + 2 * (1 - g))
    c3 = (q + 2 - g) / (3 * q + 2 * (1 - g))
    V0_ = 1 + c1 * B
    V1 = 1 - c2 * B
    V2 = 1 - c3 * B
    V0_ = 0.0 if abs(V0_) < 1e-10 else V0_
    x, y = 1 - A2 / q, V1
    ratio = 1.0 if abs(x) < 1e-14 and abs(y) < 1e-14 else x / y
    rho = 1 / q * ratio**2 * V0_ / V2
    df2 = 4 + (q + 2) / (q * rho - 1)
    scaling = 1.0 if abs(df2 - 2) < 0.01 else df2 * (1 - A2 / q) / (df2 - 2)
    return float(df2), float(scaling)
