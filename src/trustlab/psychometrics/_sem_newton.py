"""The exact Hessian of the ML discrepancy of a (multi-group) CFA, for Newton steps.

Fisher scoring (the expected information) converges linearly when the model does not fit
exactly: each step shrinks the error by the same factor (about 0.4 to 0.6 on the sample's
invariance models, so 25 to 40 steps to full precision). Newton's method with the observed
Hessian converges quadratically near the optimum. For ``F_g(m(x))``,

``d2F/dx2 = J' (d2F/dm2) J + sum_k (dF/dm_k) d2m_k/dx2``

with ``m = [mu, vech Sigma]``, ``J = dm/dx``. With ``A = Sigma^-1``, ``d = mean - mu`` and
``B = A (S + d d') A``, the second differential of
``F = log|Sigma| + tr(S A) + d' A d`` is
``2 dmu' A dmu + 4 d' A dSigma A dmu + 2 tr(A dSigma B dSigma) - tr(A dSigma A dSigma)``.
``Sigma = Lambda Psi Lambda' + Theta`` and ``mu = nu + Lambda alpha`` are polynomials in the
parameters, so the second derivatives of ``h = g'm`` (``g = dF/dm``, with ``G`` the symmetric
matrix of ``tr(G Sigma) = g_Sigma' vech Sigma``) are: ``2 G_ij Psi_ab`` for two loadings
``Lambda_ia``, ``Lambda_jb``; ``(G Lambda)_ic`` (doubled off the diagonal) for a loading and a
factor (co)variance; ``g_mu_i`` for a loading ``Lambda_ia`` and the latent mean ``alpha_a``;
zero otherwise.
"""

from __future__ import annotations

import numpy as np

from trustlab.psychometrics._sem_algebra import duplication, vech_pairs
from trustlab.psychometrics._sem_spec import SemSpec

__all__ = ["moment_hessian", "structure_hessian"]


def moment_hessian(
    inv: np.ndarray, cov: np.ndarray, d: np.ndarray, meanstructure: bool
) -> np.ndarray:
    """``d2F/dm2`` of one group at ``Sigma^-1 = inv``, sample covariance ``cov`` (divisor n)
    and mean residual ``d``; ``m = [mu, vech Sigma]`` (``vech Sigma`` alone without means).

    The covariance block ``2 D'(B x A)D - D'(A x A)D`` is formed as ``D'((2B - A) x A)D``.
    """
    p = inv.shape[0]
    r, c, mult = vech_pairs(p)
    dup = duplication(p)
    b = inv @ (cov + np.outer(d, d)) @ inv
    h_ss = dup.T @ np.kron(2 * b - inv, inv) @ dup
    if not meanstructure:
        return h_ss
    ad = inv @ d
    h_ms = mult[None, :] * (ad[r][None, :] * inv[c, :].T + ad[c][None, :] * inv[r, :].T)
    return np.block([[2 * inv, h_ms], [h_ms.T, h_ss]])


def structure_hessian(spec: SemSpec, x: np.ndarray, g: int, grad_m: np.ndarray) -> np.ndarray:
    """``sum_k g_k d2m_k/dx2`` (nx, nx) of group ``g`` for the moment gradient ``grad_m``."""
    p = spec.p
    r, c, mult = vech_pairs(p)
    g_mu = grad_m[:p] if spec.meanstructure else np.zeros(p)
    g_s = grad_m[p:] if spec.meanstructure else grad_m
    big_g = np.zeros((p, p))
    big_g[r, c] = g_s / mult
    big_g[c, r] = g_s / mult
    mats = spec.matrices(x[None, :], g)
    lam, psi = mats["lambda"][0], mats["psi"][0]
    out = np.zeros((spec.nx, spec.nx))
    fill = spec.fill[g]
    li, la, lx, _ = fill["lambda"]
    keep = lx >= 0
    li, la, lx = li[keep], la[keep], lx[keep]
    out[np.ix_(lx, lx)] += 2 * big_g[np.ix_(li, li)] * psi[np.ix_(la, la)]
    gl = big_g @ lam
    pb, pc, px, _ = fill["psi"]
    keep = px >= 0
    pb, pc, px = pb[keep], pc[keep], px[keep]
    s = np.where(pb == pc, 1.0, 2.0)
    cross = s[None, :] * (
        (la[:, None] == pb[None, :]) * gl[np.ix_(li, pc)]
        + (la[:, None] == pc[None, :]) * gl[np.ix_(li, pb)]
    )
    out[np.ix_(lx, px)] += cross
    out[np.ix_(px, lx)] += cross.T
    if "alpha" in fill:
        aa, _, ax, _ = fill["alpha"]
        keep = ax >= 0
        aa, ax = aa[keep], ax[keep]
        cross = (la[:, None] == aa[None, :]) * g_mu[li][:, None]
        out[np.ix_(lx, ax)] += cross
        out[np.ix_(ax, lx)] += cross.T
    return out
