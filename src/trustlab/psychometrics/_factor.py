"""Factor extraction by maximum likelihood and minimum residual (psych's ``fm="ml"``/``"minres"``).

Both fits minimise a discrepancy over the uniquenesses ``psi`` with ``scipy.optimize.minimize``
(L-BFGS-B, bounds 0.005..1 as psych and ``factanal``), the loadings following from ``psi`` in
closed form:

- ML: ``F(psi) = sum_{j>k} (e_j - log e_j) - (p - k)`` with ``e`` the eigenvalues of
  ``psi^-1/2 R psi^-1/2``; loadings ``psi^1/2 V_k (E_k - 1)^1/2`` (``factanal``'s FAfn/FAgr).
- minres: ``F(psi) = sum_{j>k} e_j^2`` with ``e`` the eigenvalues of ``R - diag(psi)``, the
  unweighted least-squares discrepancy whose minimum is psych's minres solution (its
  off-diagonal residuals are then minimal and its diagonal residuals zero); loadings
  ``V_k E_k^1/2`` of ``R - diag(psi)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from trustlab.errors import PsychometricError

__all__ = ["FactorFit", "fit_factors", "LOWER", "UPPER"]

LOWER, UPPER = 0.005, 1.0


@dataclass(frozen=True)
class FactorFit:
    """Unrotated extraction: loadings (p x k, eigen order), uniquenesses and fit details."""

    loadings: np.ndarray
    psi: np.ndarray
    converged: bool
    message: str
    heywood: tuple[int, ...]


def _ml_parts(psi: np.ndarray, r: np.ndarray, k: int) -> tuple[float, np.ndarray, np.ndarray]:
    sc = 1.0 / np.sqrt(psi)
    values, vectors = np.linalg.eigh(r * np.outer(sc, sc))
    values, vectors = values[::-1], vectors[:, ::-1]
    rest = values[k:]
    f = float(np.sum(rest - np.log(rest)) - (len(psi) - k))
    loadings = np.sqrt(psi)[:, None] * vectors[:, :k] * np.sqrt(np.maximum(values[:k] - 1, 0))
    grad = (np.sum(loadings**2, axis=1) + psi - np.diag(r)) / psi**2
    return f, grad, loadings


def _uls_parts(psi: np.ndarray, r: np.ndarray, k: int) -> tuple[float, np.ndarray, np.ndarray]:
    values, vectors = np.linalg.eigh(r - np.diag(psi))
    values, vectors = values[::-1], vectors[:, ::-1]
    rest = values[k:]
    f = float(np.sum(rest**2))
    grad = -2.0 * (vectors[:, k:] ** 2) @ rest
    loadings = vectors[:, :k] * np.sqrt(np.maximum(values[:k], 0))
    return f, grad, loadings


def fit_factors(
    r: np.ndarray, k: int, method: str, *, start: np.ndarray | None = None, precise: bool = True
) -> FactorFit:
    """Extract ``k`` factors from the correlation matrix ``r`` by ``"ml"`` or ``"minres"``.

    ``precise=False`` stops earlier (for bootstrap refits, where 1e-7 is plenty).
    """

    parts = _ml_parts if method == "ml" else _uls_parts
    p = r.shape[0]
    smallest = float(np.linalg.eigvalsh(r)[0])
    if not np.isfinite(r).all() or smallest <= 1e-10:
        raise PsychometricError(
            "the item correlation matrix is not positive definite (smallest eigenvalue "
            f"{smallest:.3g}), so no factor model can be fitted. This happens with fewer "
            "complete respondents than items, or with an item that is a copy or a sum of others; "
            "collect more complete answers or drop the redundant item."
        )
    if start is None:
        start = (1 - 0.5 * k / p) / np.diag(np.linalg.inv(r))  # factanal's start
    start = np.clip(start, LOWER, UPPER)

    def fun(psi: np.ndarray) -> tuple[float, np.ndarray]:
        f, g, _ = parts(psi, r, k)
        return f, g

    options = {
        "ftol": 1e-15 if precise else 1e-11,
        "gtol": 1e-11 if precise else 1e-8,
        "maxiter": 5000,
        "maxcor": 20,
    }
    bounds = [(LOWER, UPPER)] * p
    # L-BFGS-B may stop "abnormally" when its line search cannot improve in double precision;
    # what counts is the projected gradient at the solution. A restart from the point reached
    # (fresh curvature memory) usually finishes the job.
    for _ in range(4):
        res = minimize(fun, start, jac=True, method="L-BFGS-B", bounds=bounds, options=options)
        psi = res.x
        _, grad, loadings = parts(psi, r, k)
        at_low, at_high = psi <= LOWER * (1 + 1e-9), psi >= UPPER * (1 - 1e-12)
        free = (~at_low | (grad < 0)) & (~at_high | (grad > 0))
        gmax = float(np.max(np.abs(grad[free]), initial=0.0))
        if res.success or gmax < (1e-8 if precise else 1e-5):
            break
        start = psi
    converged = bool(res.success) or gmax < 1e-5
    heywood = tuple(int(i) for i in np.nonzero(psi <= LOWER * (1 + 1e-6))[0])
    return FactorFit(
        loadings=loadings,
        psi=psi,
        converged=converged,
        message=str(res.message),
        heywood=heywood,
    )
