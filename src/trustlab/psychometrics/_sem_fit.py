"""Estimation of a :class:`~trustlab.psychometrics._sem_spec.SemSpec` as lavaan does it.

- ML (continuous items, means and covariances per group): ``F = sum_g (N_g / N) F_g`` with
  ``F_g = log|Sigma| + tr(S Sigma^-1) - log|S| - p + (m - mu)' Sigma^-1 (m - mu)`` (S with
  divisor N_g); lavaan's ``fmin = F / 2``, ``chisq = N F``. Standard errors from the expected
  information.
- DWLS (ordinal items; WLSMV): ``F = sum_g ((N_g - 1) / N) (s_g - m_g)' W_g (s_g - m_g)`` with
  ``s_g`` the sample thresholds and polychoric correlations and ``W_g = diag(Gamma_g)^-1``;
  lavaan's ``fmin = F / 2``, ``chisq = N F``. Robust (sandwich) standard errors
  ``E^-1 (sum_g f_g D' W Gamma W D) E^-1 / (N - G)`` with ``E = sum_g f_g D' W D``.

ML is minimised by Newton's method with the observed Hessian (:mod:`._sem_newton`; Fisher
scoring where that is not positive definite), DWLS by Gauss-Newton, both with a backtracking
line search on the analytic gradient, to a gradient far below lavaan's tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from trustlab.psychometrics._sem_algebra import vech_pairs
from trustlab.psychometrics._sem_newton import moment_hessian, structure_hessian
from trustlab.psychometrics._sem_spec import SemSpec
from trustlab.psychometrics._sem_start import start_values

__all__ = ["GroupStats", "SemFit", "fit_sem"]


@dataclass
class GroupStats:
    """Sample statistics of one group.

    ML: ``mean``, ``cov`` (divisor n), ``n``. DWLS: ``th``, ``cov`` (the polychoric matrix),
    ``obs`` (lavaan's WLS.obs), ``gamma`` (NACOV, N times the asymptotic covariance of
    ``obs``), ``w`` (its inverse diagonal), ``n``.
    """

    n: int
    cov: np.ndarray
    mean: np.ndarray | None = None
    th: np.ndarray | None = None
    obs: np.ndarray | None = None
    gamma: np.ndarray | None = None
    w: np.ndarray | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class SemFit:
    """A fitted model: the parameters, objective, Jacobians and information."""

    spec: SemSpec
    theta: np.ndarray
    x: np.ndarray
    fmin: float  # lavaan's fmin
    chisq_groups: np.ndarray
    delta_x: list  # per group d moments / d x
    delta: list  # per group d moments / d theta
    information: np.ndarray  # unit expected information in theta (lavaan's "information")
    vcov: np.ndarray  # theta
    converged: bool
    iterations: int
    max_gradient: float

    @property
    def chisq(self) -> float:
        return float(np.sum(self.chisq_groups))


def _ml_group(spec: SemSpec, x: np.ndarray, g: int, st: GroupStats):
    """F_g, dF_g/dm (m = [mu, vech Sigma]) and the unit information of m."""
    imp = spec.implied(x[None, :], g)
    sigma, mu = imp["cov"][0], imp["mean"][0]
    p = spec.p
    try:
        chol = np.linalg.cholesky(sigma)
    except np.linalg.LinAlgError:
        return np.inf, None, None
    inv = np.linalg.inv(sigma)
    d = st.mean - mu
    logdet = 2 * np.sum(np.log(np.diag(chol)))
    f = logdet + np.sum(st.cov * inv) - st.extra["logdet"] - p + d @ inv @ d
    w = inv - inv @ (st.cov + np.outer(d, d)) @ inv
    r, c, mult = vech_pairs(p)
    gs = mult * w[r, c]
    grad = np.concatenate([-2 * inv @ d, gs])
    return float(f), grad, inv


def _ml_info(inv: np.ndarray) -> np.ndarray:
    """The unit information of ``[mu, vech Sigma]``: ``Sigma^-1`` and ``D'(A x A)D / 2``.

    ``D'(A x A)D`` is formed entry by entry, ``m_ij m_kl (A_ik A_jl + A_il A_jk) / 2`` with
    ``m`` the vech multiplicities, instead of through the p^2 x p^2 Kronecker product.
    """
    p = inv.shape[0]
    r, c, mult = vech_pairs(p)
    pair = inv[np.ix_(r, r)] * inv[np.ix_(c, c)] + inv[np.ix_(r, c)] * inv[np.ix_(c, r)]
    i22 = 0.25 * pair * np.outer(mult, mult)
    out = np.zeros((p + i22.shape[0],) * 2)
    out[:p, :p] = inv
    out[p:, p:] = i22
    return out


def objective(spec: SemSpec, theta: np.ndarray, stats: list[GroupStats], estimator: str):
    """F (twice lavaan's fmin), per-group chi-squares, and per-group pieces for the gradient."""
    x = spec.x_of(theta)
    n_total = sum(st.n for st in stats)
    total = 0.0
    parts = []
    chis = np.zeros(spec.n_groups)
    for g, st in enumerate(stats):
        if estimator == "ML":
            f, grad_m, inv = _ml_group(spec, x, g, st)
            if not np.isfinite(f):
                return np.inf, None, None
            total += st.n / n_total * f
            chis[g] = st.n * f
            parts.append((grad_m, inv))
        else:
            m = spec.moments(x[None, :], g)[0]
            resid = st.obs - m
            f = float(np.sum(resid * resid * st.w))
            total += (st.n - 1) / n_total * f
            chis[g] = (st.n - 1) * f
            parts.append((resid, None))
    return total, chis, parts


def _grad_info(spec, theta, stats, estimator, parts, information: bool = True):
    """The gradient, the expected information (Fisher's ``hess``; zeros when ``information``
    is False and the caller has no use for it) and the Jacobians of every group."""
    x = spec.x_of(theta)
    n_total = sum(st.n for st in stats)
    grad = np.zeros(spec.npar)
    hess = np.zeros((spec.npar, spec.npar))
    dx_list, d_list, info_g = [], [], []
    for g, st in enumerate(stats):
        dx = spec.jacobian_x(x, g)
        d = dx @ spec.K
        dx_list.append(dx)
        d_list.append(d)
        if estimator == "ML":
            grad_m, inv = parts[g]
            fg = st.n / n_total
            grad += fg * (d.T @ grad_m)
            if information:
                i1 = _ml_info(inv)
                info_g.append(i1)
                hess += 2 * fg * d.T @ i1 @ d
        else:
            resid = parts[g][0]
            cg = (st.n - 1) / n_total
            grad += -2 * cg * d.T @ (st.w * resid)
            hess += 2 * cg * d.T @ (st.w[:, None] * d)
            info_g.append(None)
    return grad, hess, dx_list, d_list, info_g


def fit_sem(
    spec: SemSpec,
    stats: list[GroupStats],
    estimator: str,
    *,
    start: np.ndarray | None = None,
    max_iter: int = 2000,
) -> SemFit:
    """Minimise the discrepancy; return the estimates with Jacobians, information and vcov."""
    theta = start_values(spec, [{"cov": s.cov, "mean": s.mean, "th": s.th} for s in stats])
    if start is not None:
        theta = start.copy()
    f, chis, parts = objective(spec, theta, stats, estimator)
    if not np.isfinite(f):
        theta = _safe_start(spec, stats, theta)
        f, chis, parts = objective(spec, theta, stats, estimator)
    converged = False
    it = 0
    grad = np.full(spec.npar, np.nan)
    newton = estimator == "ML" and spec.meanstructure
    for it in range(1, max_iter + 1):  # noqa: B007
        grad, hess, dx_list, _, _ = _grad_info(spec, theta, stats, estimator, parts,
                                               information=not newton)  # fmt: skip
        if newton:  # the observed Hessian where it is positive definite, else Fisher's
            hess = _observed_hessian(spec, theta, stats, parts, dx_list)
            try:
                np.linalg.cholesky(hess)
            except np.linalg.LinAlgError:
                _, hess, _, _, _ = _grad_info(spec, theta, stats, estimator, parts)
        try:
            step = np.linalg.solve(hess, -grad)
        except np.linalg.LinAlgError:
            step = -np.linalg.pinv(hess) @ grad
        decrement = -float(grad @ step)
        if decrement < 1e-22 * max(1.0, abs(f)):
            converged = True
            break
        if decrement < 1e-10 * max(1.0, abs(f)):
            # near the optimum the decrease is below the rounding of F: take the full step
            new = theta + step
            fn, chis_n, parts_n = objective(spec, new, stats, estimator)
            if np.isfinite(fn) and fn <= f + 1e-12 * max(1.0, abs(f)):
                theta, f, chis, parts = new, fn, chis_n, parts_n
                continue
        t = 1.0
        while True:
            new = theta + t * step
            fn, chis_n, parts_n = objective(spec, new, stats, estimator)
            if np.isfinite(fn) and fn <= f - 1e-4 * t * decrement:
                break
            t /= 2
            if t < 1e-10:
                break
        if t < 1e-10:
            converged = decrement < 1e-16 * max(1.0, abs(f))
            break
        theta, f, chis, parts = new, fn, chis_n, parts_n
    grad, hess, dx_list, d_list, _ = _grad_info(spec, theta, stats, estimator, parts)
    info = hess / 2 if estimator == "ML" else _dwls_info(stats, d_list)
    vcov = _vcov(stats, estimator, d_list, info)
    return SemFit(
        spec=spec,
        theta=theta,
        x=spec.x_of(theta),
        fmin=f / 2,
        chisq_groups=np.maximum(chis, 0.0) if chis is not None else np.full(spec.n_groups, np.nan),
        delta_x=dx_list,
        delta=d_list,
        information=info,
        vcov=vcov,
        converged=converged,
        iterations=it,
        max_gradient=float(np.max(np.abs(grad))) if grad.size else 0.0,
    )


def _observed_hessian(spec, theta, stats, parts, dx_list) -> np.ndarray:
    """The exact Hessian of the ML discrepancy in theta (see :mod:`._sem_newton`)."""
    x = spec.x_of(theta)
    n_total = sum(st.n for st in stats)
    hx = np.zeros((spec.nx, spec.nx))
    for g, st in enumerate(stats):
        grad_m, inv = parts[g]
        d = st.mean - spec.implied(x[None, :], g)["mean"][0]
        jac = dx_list[g]
        hm = moment_hessian(inv, st.cov, d, spec.meanstructure)
        hx += st.n / n_total * (jac.T @ hm @ jac + structure_hessian(spec, x, g, grad_m))
    return spec.K.T @ hx @ spec.K


def _dwls_info(stats: list[GroupStats], d_list: list) -> np.ndarray:
    n_total = sum(st.n for st in stats)
    return sum(
        st.n / n_total * d.T @ (st.w[:, None] * d) for st, d in zip(stats, d_list, strict=True)
    )


def _vcov(stats, estimator, d_list, info) -> np.ndarray:
    n_total = sum(st.n for st in stats)
    if estimator == "ML":
        return np.linalg.inv(n_total * info) if info.size else info
    e_inv = np.linalg.inv(info) if info.size else info
    meat = sum(
        st.n / n_total * (st.w[:, None] * d).T @ st.gamma @ (st.w[:, None] * d)
        for st, d in zip(stats, d_list, strict=True)
    )
    # lavaan divides by N - G for every estimator but (normal-likelihood) ML
    return e_inv @ meat @ e_inv / (n_total - len(stats))


def _safe_start(spec: SemSpec, stats: list[GroupStats], theta: np.ndarray) -> np.ndarray:
    """Shrink the factor covariances and loadings of a start with a non-positive-definite
    implied matrix until it is admissible."""
    out = theta.copy()
    for _ in range(30):
        for rw in spec.par_rows:
            if rw.kind == "psi" and rw.a != rw.b:
                out[rw.pid] *= 0.5
        f, _, _ = objective(spec, out, stats, "ML" if not spec.ordinal else "DWLS")
        if np.isfinite(f):
            break
    return out
