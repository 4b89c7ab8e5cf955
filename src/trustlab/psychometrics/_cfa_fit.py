"""The numerical core of :func:`trustlab.psychometrics.cfa.cfa`.

A simple-structure CFA: every item loads on one factor, the factors covary freely and every item
has a free residual variance, so ``Sigma = Lambda Phi Lambda' + Theta`` with ``Theta`` diagonal.
The maximum-likelihood discrepancy ``F_ML = log|Sigma| + tr(S Sigma^-1) - log|S| - p`` is
minimised with a trust-region Newton method (``scipy.optimize.minimize(method="trust-exact")``)
with the analytic gradient and the exact analytic Hessian (quadratic convergence also for
badly fitting models, where Fisher scoring converges only linearly). Standard errors use the
expected information, as lavaan's default. Nothing here knows about surveys or files.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from trustlab.psychometrics._sem_start import standardised_start

__all__ = [
    "CFAModel",
    "FitOutput",
    "fit_model",
    "hessian",
    "information",
]


@dataclass(frozen=True)
class _Row:
    lhs: str
    op: str
    rhs: str
    kind: str  # "lambda", "theta" or "phi"
    a: int  # item (lambda, theta) or first factor (phi)
    b: int  # factor (lambda), item (theta) or second factor (phi)
    free: bool
    value: float  # the fixed value when not free


class CFAModel:
    """The parameter layout of a simple-structure CFA in lavaan's parameter-table order.

    Rows: loadings factor by factor, residual variances item by item, factor variances, then
    factor covariances ``(1, 2), (1, 3), ..., (2, 3), ...``. Marker identification fixes the
    first loading of each factor to 1; ``std_lv`` fixes the factor variances to 1 instead.
    """

    def __init__(self, factors: dict[str, list[str]], *, std_lv: bool) -> None:
        self.factor_names = tuple(factors)
        self.items = tuple(item for items in factors.values() for item in items)
        self.p = len(self.items)
        self.k = len(self.factor_names)
        self.std_lv = std_lv
        rows: list[_Row] = []
        for j, (name, items) in enumerate(factors.items()):
            for t, item in enumerate(items):
                free = std_lv or t > 0
                rows.append(_Row(name, "=~", item, "lambda", self.items.index(item), j, free, 1.0))
        for i, item in enumerate(self.items):
            rows.append(_Row(item, "~~", item, "theta", i, i, True, 0.0))
        for j, name in enumerate(self.factor_names):
            rows.append(_Row(name, "~~", name, "phi", j, j, not std_lv, 1.0))
        for j in range(self.k):
            for m in range(j + 1, self.k):
                f1, f2 = self.factor_names[j], self.factor_names[m]
                rows.append(_Row(f1, "~~", f2, "phi", j, m, True, 0.0))
        self.rows = tuple(rows)
        self.free_rows = tuple(r for r in rows if r.free)
        self.npar = len(self.free_rows)
        self.df = self.p * (self.p + 1) // 2 - self.npar

    def matrices(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``Lambda`` (p x k), ``Phi`` (k x k) and the residual variances ``theta`` (p)."""
        dtype = x.dtype
        lam = np.zeros((self.p, self.k), dtype=dtype)
        phi = np.zeros((self.k, self.k), dtype=dtype)
        theta = np.zeros(self.p, dtype=dtype)
        values = iter(x)
        for r in self.rows:
            v = next(values) if r.free else r.value
            if r.kind == "lambda":
                lam[r.a, r.b] = v
            elif r.kind == "theta":
                theta[r.a] = v
            else:
                phi[r.a, r.b] = phi[r.b, r.a] = v
        return lam, phi, theta

    def sigma(self, x: np.ndarray) -> np.ndarray:
        lam, phi, theta = self.matrices(x)
        return lam @ phi @ lam.T + np.diag(theta)

    def derivatives(self, x: np.ndarray) -> np.ndarray:
        """``d Sigma / d x_k`` for every free parameter, shape (npar, p, p)."""
        lam, phi, _ = self.matrices(x)
        lp = lam @ phi
        out = np.zeros((self.npar, self.p, self.p))
        for k, r in enumerate(self.free_rows):
            d = out[k]
            if r.kind == "lambda":
                d[r.a, :] += lp[:, r.b]
                d[:, r.a] += lp[:, r.b]
            elif r.kind == "theta":
                d[r.a, r.a] = 1.0
            else:
                d += np.outer(lam[:, r.a], lam[:, r.b])
                if r.a != r.b:
                    d += np.outer(lam[:, r.b], lam[:, r.a])
        return out

    def normalize_signs(self, x: np.ndarray) -> np.ndarray:
        """With ``std_lv``, reflect factors whose loadings sum to a negative number.

        The likelihood is the same after reflecting a factor (its loadings and covariances
        change sign), so this only picks lavaan's usual orientation.
        """
        if not self.std_lv:
            return x
        lam, _, _ = self.matrices(x)
        sign = np.where(lam.sum(axis=0) < 0, -1.0, 1.0)
        out = x.copy()
        for k, r in enumerate(self.free_rows):
            if r.kind == "lambda":
                out[k] *= sign[r.b]
            elif r.kind == "phi":
                out[k] *= sign[r.a] * sign[r.b]
        return out

    def scales(self, s: np.ndarray) -> np.ndarray:
        """The natural unit of each free parameter, from the item standard deviations."""
        sd = np.sqrt(np.diag(s))
        marker = np.ones(self.k)
        if not self.std_lv:
            for j in range(self.k):
                first = next(rw for rw in self.rows if rw.kind == "lambda" and rw.b == j)
                marker[j] = sd[first.a]
        out = []
        for rw in self.free_rows:
            if rw.kind == "lambda":
                out.append(sd[rw.a] / marker[rw.b])
            elif rw.kind == "theta":
                out.append(s[rw.a, rw.a])
            else:
                out.append(marker[rw.a] * marker[rw.b])
        return np.array(out)

    def start(self, s: np.ndarray) -> np.ndarray:
        """Starting values: per-factor principal-component loadings on the correlations.

        Loadings ``l`` come from the first eigenpair of each factor's correlation block (shrunk
        by 0.9), factor correlations from the between-block correlations divided by the loadings,
        residual variances ``(1 - l^2) s_ii``; then the marker or std.lv scaling is applied.
        """
        sd = np.sqrt(np.diag(s))
        r = s / np.outer(sd, sd)
        fac = np.array([next(rw.b for rw in self.rows if rw.rhs == it) for it in self.items])
        std_load, corr = standardised_start(r, fac, self.k)
        load = std_load * sd
        scale = np.ones(self.k)
        if not self.std_lv:
            for j in range(self.k):
                first = next(rw for rw in self.rows if rw.kind == "lambda" and rw.b == j)
                scale[j] = load[first.a]
        x = []
        for rw in self.free_rows:
            if rw.kind == "lambda":
                x.append(load[rw.a] / scale[rw.b])
            elif rw.kind == "theta":
                x.append((1 - std_load[rw.a] ** 2) * s[rw.a, rw.a])
            else:
                x.append(corr[rw.a, rw.b] * scale[rw.a] * scale[rw.b])
        return np.array(x, dtype=float)


def _discrepancy(model: CFAModel, x: np.ndarray, s: np.ndarray, logdet_s: float) -> float:
    sigma = model.sigma(x)
    try:
        chol = np.linalg.cholesky(sigma)
    except np.linalg.LinAlgError:
        return np.inf
    logdet = 2 * np.sum(np.log(np.diag(chol)))
    inv = np.linalg.inv(sigma)
    return float(logdet + np.sum(s * inv) - logdet_s - model.p)


def _gradient(model: CFAModel, x: np.ndarray, s: np.ndarray) -> np.ndarray:
    inv = np.linalg.inv(model.sigma(x))
    w = inv - inv @ s @ inv
    return np.einsum("kij,ij->k", model.derivatives(x), w)


def hessian(model: CFAModel, x: np.ndarray, s: np.ndarray) -> np.ndarray:
    """The exact Hessian of ``F_ML``.

    With ``A_k = Sigma^-1 dSigma_k``, ``B = Sigma^-1 S`` and ``W = Sigma^-1 - Sigma^-1 S
    Sigma^-1``: ``H_kl = tr(W d2Sigma_kl) + tr(B A_l A_k) + tr(A_l B A_k) - tr(A_l A_k)``. Only
    loading-loading and loading-factor-covariance pairs have a second derivative of ``Sigma``.
    """
    lam, phi, _ = model.matrices(x)
    inv = np.linalg.inv(model.sigma(x))
    b = inv @ s
    w = inv - b @ inv  # Sigma^-1 - Sigma^-1 S Sigma^-1
    a = np.einsum("ij,kjl->kil", inv, model.derivatives(x))
    ab = np.einsum("kij,jl->kil", a, b)
    h = (
        np.einsum("ij,ljm,kmi->kl", b, a, a)
        + np.einsum("lij,kji->kl", ab, a)
        - np.einsum("lij,kji->kl", a, a)
    )
    rows = model.free_rows
    for k, r in enumerate(rows):
        if r.kind != "lambda":
            continue
        for m, q in enumerate(rows):
            if q.kind == "lambda":
                h[k, m] += 2 * phi[r.b, q.b] * w[r.a, q.a]
            elif q.kind == "phi" and r.b in (q.a, q.b):
                u = lam[:, q.b] if q.a == r.b else np.zeros(model.p)
                if q.b == r.b and q.a != q.b:
                    u = u + lam[:, q.a]
                h[k, m] += 2 * (w @ u)[r.a]
                h[m, k] = h[k, m]
    return (h + h.T) / 2


def information(model: CFAModel, x: np.ndarray) -> np.ndarray:
    """Unit expected information ``0.5 tr(Sigma^-1 dSigma_k Sigma^-1 dSigma_l)``."""
    inv = np.linalg.inv(model.sigma(x))
    a = np.einsum("ij,kjl->kil", inv, model.derivatives(x))
    return 0.5 * np.einsum("kij,lji->kl", a, a)


@dataclass(frozen=True)
class FitOutput:
    """The optimiser's result."""

    x: np.ndarray
    fmin: float  # F_ML at the solution (lavaan's fmin is half of this)
    converged: bool
    iterations: int
    message: str
    max_gradient: float


def fit_model(model: CFAModel, s: np.ndarray, *, gtol: float = 1e-10) -> FitOutput:
    """Minimise ``F_ML`` from :meth:`CFAModel.start`, with analytic gradient and information."""

    logdet_s = float(np.linalg.slogdet(s)[1])
    x0 = model.start(s)
    # Optimise u = x / c with c the natural scale of each parameter (from the item standard
    # deviations), so that the trust region and gtol do not depend on the units of the items.
    c = model.scales(s)

    def hess(x: np.ndarray) -> np.ndarray:
        return 2.0 * information(model, x)

    problem = {
        "fun": lambda u: _discrepancy(model, c * u, s, logdet_s),
        "x0": x0 / c,
        "jac": lambda u: c * _gradient(model, c * u, s),
    }
    # an unidentified model (items that barely correlate) can send trust-exact's steps to
    # infinity, where its Cholesky solve fails: BFGS, which needs no Hessian, takes over then;
    # the checks in cfa() judge the solution either way
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        try:
            res = minimize(
                **problem,
                hess=lambda u: hessian(model, c * u, s) * np.outer(c, c),
                method="trust-exact",
                options={"gtol": gtol, "maxiter": 1000},
            )
        except (ValueError, np.linalg.LinAlgError):
            res = minimize(**problem, method="BFGS", options={"gtol": 1e-8, "maxiter": 5000})
    if not np.all(np.isfinite(res.x)):
        return FitOutput(c * res.x, np.inf, False, int(res.nit), str(res.message), np.nan)
    res.x = c * res.x
    x = model.normalize_signs(np.asarray(res.x, dtype=float))
    fmin = _discrepancy(model, x, s, logdet_s)
    grad = _gradient(model, x, s) if np.isfinite(fmin) else np.full(model.npar, np.nan)
    max_grad = float(np.max(np.abs(grad))) if grad.size else 0.0
    # trust-exact may stop on rounding ("A bad approximation ...") with a tiny gradient; the
    # fit counts as converged when the decrement g' H^-1 g / 2 (H = twice the expected
    # information; about the decrease of F_ML still to be expected) is negligible, which is
    # scale-free and robust on flat ridges.
    try:
        decrement = float(grad @ np.linalg.solve(hess(x), grad)) / 2
    except np.linalg.LinAlgError:
        decrement = np.inf
    converged = bool(np.isfinite(fmin) and (res.success or abs(decrement) < 1e-13))
    return FitOutput(x, fmin, converged, int(res.nit), str(res.message), max_grad)
