"""Small-sample tests with a cluster-robust covariance, as clubSandwich computes them.

The Satterthwaite degrees of freedom of a contrast ``c' beta`` and the HTZ (Hotelling's T^2 with
Zhang's approximation) degrees of freedom of ``L beta = 0`` both come from the J x J matrices
``P[s, t] = diag_j(g_sj . g_tj) - H_s H_t'`` of Tipton and Pustejovsky (2015), with
``g_sj . g_tj = (L M Psi_j M L')[s, t]`` and ``H_s`` the J x p matrix with rows
``(L M Xi_j Lc)[s, :]`` (``M`` the bread, ``Lc Lc' = M``, ``Psi_j = E_j Theta_j E_j'``,
``Xi_j = E_j U_j``; see :class:`~trustlab.models.covariance.ClusterScores`). Those J x J matrices
are never formed: every trace and sum of squares needed reduces to sums over clusters of p x p
products, so the cost grows with J, not J^2.
"""

from __future__ import annotations

import numpy as np

from trustlab.models.covariance import EIGEN_TOL, ClusterScores, _gram_factor

__all__ = ["satterthwaite_df", "htz", "hotelling", "matrix_power"]


def matrix_power(A: np.ndarray, power: float) -> np.ndarray:
    """``A^power`` of a symmetric matrix through its eigendecomposition, eigenvalues at or below
    1e-12 set to zero (clubSandwich's ``matrix_power``)."""
    vals, vecs = np.linalg.eigh((A + A.T) / 2)
    out = np.zeros_like(vals)
    ok = vals > EIGEN_TOL
    out[ok] = vals[ok] ** power
    return (vecs * out) @ vecs.T


def _pieces(scores: ClusterScores, L: np.ndarray, type: str) -> tuple[np.ndarray, np.ndarray]:
    """``(g, h)``: ``g[j] = L M Psi_j M L'`` (J x q x q), ``h[j] = L M Xi_j Lc`` (J x q x p)."""
    _, psi, xi = scores.parts(type)
    LM = L @ scores.bread
    g = np.einsum("sa,jab,tb->jst", LM, psi, LM)
    h = np.einsum("sa,jab,bc->jsc", LM, xi, _gram_factor(scores.bread))
    return g, h


def satterthwaite_df(scores: ClusterScores, L: np.ndarray, type: str = "CR2") -> np.ndarray:
    """Satterthwaite degrees of freedom of each row ``c`` of ``L``: ``tr(P)^2 / sum(P^2)``, as
    ``clubSandwich::coef_test(test = "Satterthwaite")`` (``2 E^2 / V`` there)."""
    L = np.atleast_2d(np.asarray(L, dtype=float))
    g, h = _pieces(scores, L, type)
    out = np.empty(L.shape[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(L.shape[0]):
            a = g[:, i, i]
            hi = h[:, i, :]
            hh = np.einsum("jc,jc->j", hi, hi)
            trace = a.sum() - hh.sum()
            hth = hi.T @ hi
            sumsq = a @ a - 2 * a @ hh + np.sum(hth * hth)
            out[i] = trace * trace / sumsq
    return out


def htz(scores: ClusterScores, L: np.ndarray, type: str = "CR2") -> float:
    """The HTZ degrees of freedom ``nu = q (q + 1) / sum(Var)`` of ``L beta = 0``, as
    ``clubSandwich::Wald_test(test = "HTZ")`` (its ``total_variance_mat``)."""
    L = np.atleast_2d(np.asarray(L, dtype=float))
    q = L.shape[0]
    g, h = _pieces(scores, L, type)
    omega = g.sum(axis=0) - np.einsum("jsc,jtc->st", h, h)
    root = matrix_power(omega, -0.5)
    g = np.einsum("sa,jab,tb->jst", root, g, root)
    h = np.einsum("sa,jac->jsc", root, h)
    hh = np.einsum("jsc,jtc->jst", h, h)  # h_sj . h_tj
    cross = np.einsum("jsa,jtb->stab", h, h)  # H_s' H_t, p x p for each (s, t)
    diag_g = np.einsum("jss->js", g)
    diag_hh = np.einsum("jss->js", hh)
    # sum(B[s,t] * B[t,s]) and sum(B[s,s] * B[t,t]) for B[s,t] = diag(g[:,s,t]) - H_s H_t'
    term_a = (
        np.einsum("jst,jts->st", g, g)
        - 2 * np.einsum("jst,jst->st", g, hh)
        + np.einsum("stab,stba->st", cross, cross)
    )
    term_b = (
        diag_g.T @ diag_g
        - diag_g.T @ diag_hh
        - diag_hh.T @ diag_g
        + np.einsum("stab,stab->st", cross, cross)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(q * (q + 1) / np.sum(term_a + term_b))


def hotelling(Q: float, q: int, nu: float) -> tuple[float, float, float, float]:
    """Hotelling's T^2 approximation: ``(F, delta, df_denom, p)`` with ``delta = max((nu - q +
    1) / nu, 0)``, ``df_denom = nu - q + 1``, ``F = delta Q / q`` (clubSandwich's
    ``Hotelling_Tsq``); p is NaN when ``df_denom <= 0``."""
    from trustlab.distributions import f as f_dist

    with np.errstate(divide="ignore", invalid="ignore"):
        delta = max((nu - q + 1) / nu, 0.0) if np.isfinite(nu) else np.nan
        df = nu - q + 1
        F = delta * Q / q
        p = float(f_dist.sf(F, q, df)) if df > 0 else np.nan
    return float(F), float(delta), float(df), p
