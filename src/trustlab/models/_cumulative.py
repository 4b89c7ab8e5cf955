"""The cumulative-logit likelihood with its analytic gradient and Hessian, and clm's Newton.

The model is ``logit P(Y <= j) = theta_j + xn' gamma_j - xp' beta`` for the categories
``j = 0 .. J-2`` (``gamma`` are the nominal effects, one per threshold; ``beta`` the
proportional ones). The parameters are ``theta`` (J-1), then ``gamma`` (J-1 x q, threshold
major), then ``beta`` (p): for ``xn`` empty, ``ordinal::clm``'s order (thresholds, effects).

For a respondent in category ``y``, ``P = F(a) - F(b)`` with ``a = eta_y`` (``+inf`` for the
last category) and ``b = eta_{y-1}`` (``-inf`` for the first). With ``da``, ``db`` the
derivatives of ``a`` and ``b`` in the parameters (rows of two design matrices), the gradient of
``log P`` is ``(f(a) da - f(b) db) / P`` and its Hessian
``(f'(a) da da' - f'(b) db db') / P - g g'`` with ``f = F (1 - F)`` and ``f' = f (1 - 2F)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit

__all__ = ["CumulativeData", "NewtonFit", "loglik_derivatives", "newton"]


@dataclass(frozen=True)
class CumulativeData:
    """The derivatives of ``a`` and ``b`` in the parameters, built once per model.

    ``Da`` and ``Db`` are n x k; the rows of respondents in the last (first) category are
    zero in ``Da`` (``Db``), and ``has_a`` (``has_b``) says which rows have an ``a`` (``b``).
    """

    Da: np.ndarray
    Db: np.ndarray
    has_a: np.ndarray
    has_b: np.ndarray

    @classmethod
    def build(cls, y: np.ndarray, Xp: np.ndarray, Xn: np.ndarray, n_cat: int) -> CumulativeData:
        """From the category codes ``y`` (0 .. n_cat-1) and the two designs."""
        j1 = n_cat - 1
        n, q = Xn.shape
        k = j1 + j1 * q + Xp.shape[1]
        has_a, has_b = y < j1, y > 0
        rows = np.arange(n)
        Da = np.zeros((n, k))
        Db = np.zeros((n, k))
        for D, has, j in ((Da, has_a, y), (Db, has_b, y - 1)):
            r, jj = rows[has], j[has]
            D[r, jj] = 1.0
            for m in range(q):  # gamma_{j, m} sits at j1 + j * q + m
                D[r, j1 + jj * q + m] = Xn[has, m]
            D[has, j1 + j1 * q :] = -Xp[has]
        return cls(Da=Da, Db=Db, has_a=has_a, has_b=has_b)


def loglik_derivatives(
    params: np.ndarray, data: CumulativeData, hessian: bool = True
) -> tuple[float, np.ndarray, np.ndarray | None]:
    """Log-likelihood, gradient and (optionally) Hessian at ``params``.

    The log-likelihood is ``-inf`` (gradient and Hessian zero) where a category's
    probability is not positive (thresholds out of order).
    """
    a = data.Da @ params
    b = data.Db @ params
    Fa = np.where(data.has_a, expit(a), 1.0)
    Fb = np.where(data.has_b, expit(b), 0.0)
    prob = Fa - Fb
    k = params.size
    if not np.all(prob > 0):
        return -np.inf, np.zeros(k), np.zeros((k, k)) if hessian else None
    fa = Fa * (1 - Fa)  # zero where there is no a (Fa = 1) or no b (Fb = 0)
    fb = Fb * (1 - Fb)
    G = (fa / prob)[:, None] * data.Da - (fb / prob)[:, None] * data.Db
    grad = G.sum(axis=0)
    ll = float(np.log(prob).sum())
    if not hessian:
        return ll, grad, None
    wa = fa * (1 - 2 * Fa) / prob
    wb = fb * (1 - 2 * Fb) / prob
    H = (data.Da.T * wa) @ data.Da - (data.Db.T * wb) @ data.Db - G.T @ G
    return ll, grad, (H + H.T) / 2


@dataclass(frozen=True)
class NewtonFit:
    """The estimates, log-likelihood, gradient and Hessian at the end of :func:`newton`."""

    params: np.ndarray
    loglik: float
    gradient: np.ndarray
    hessian: np.ndarray
    converged: bool
    iterations: int


def _direction(grad: np.ndarray, hess: np.ndarray) -> np.ndarray:
    """The Newton step ``-H^-1 g``; where ``-H`` is not positive definite, it is made so by
    adding to its diagonal (as clm does) so that the step still climbs."""
    info = -hess
    shift = 0.0
    scale = max(float(np.abs(np.diag(info)).max(initial=0.0)), 1.0)
    for _ in range(60):
        try:
            chol = np.linalg.cholesky(info + shift * np.eye(info.shape[0]))
        except np.linalg.LinAlgError:
            shift = max(2 * shift, 1e-8 * scale)
            continue
        z = np.linalg.solve(chol, grad)
        return np.linalg.solve(chol.T, z)
    return grad / scale  # pragma: no cover - a gradient step when nothing else works


def newton(
    data: CumulativeData,
    start: np.ndarray,
    *,
    gtol: float = 1e-10,
    maxiter: int = 200,
    max_halvings: int = 60,
) -> NewtonFit:
    """Maximise the likelihood by Newton-Raphson with step halving (``ordinal::clm``'s method).

    Stops when the largest absolute gradient is below ``gtol`` after a full or halved step
    (the quadratic convergence of Newton's method takes the estimates to the precision of a
    double one step after clm's own tolerance of 1e-6 is reached), or when no step along the
    Newton direction raises the likelihood (then at its maximum to the precision of a double).
    """
    params = np.asarray(start, dtype=float).copy()
    ll, grad, hess = loglik_derivatives(params, data)
    if not np.isfinite(ll):
        raise ValueError("the starting values give a category no probability")
    converged = False
    it = 0
    for it in range(1, maxiter + 1):  # noqa: B007 - the count is reported
        if np.max(np.abs(grad), initial=0.0) < gtol:
            converged = True
            break
        step = _direction(grad, hess)
        t = 1.0
        for _ in range(max_halvings):
            trial = params + t * step
            ll_new, grad_new, hess_new = loglik_derivatives(trial, data)
            if np.isfinite(ll_new) and ll_new >= ll - 1e-12 * abs(ll):
                break
            t /= 2
        else:
            # no step raises the likelihood: at the maximum to the precision of a double
            converged = np.max(np.abs(grad), initial=0.0) < 1e-6
            break
        params, ll, grad, hess = trial, ll_new, grad_new, hess_new
    if hess is None:  # pragma: no cover - loglik_derivatives gives the Hessian unless told not to
        raise ValueError("the likelihood's Hessian was not computed")
    return NewtonFit(params, ll, grad, hess, converged, it)
