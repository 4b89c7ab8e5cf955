"""McDonald's omega total from a one-factor maximum-likelihood factor model."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from trustlab._arguments import MAX_RESAMPLES, as_generator, whole_number
from trustlab.psychometrics._bootstrap import check_confidence_level, percentile_interval
from trustlab.psychometrics._centred import correlations
from trustlab.psychometrics._common import (
    PsychometricError,
    PsychometricWarning,
    apply_reverse,
    as_item_matrix,
    check_scale_range,
    check_variance,
    complete_rows,
)
from trustlab.psychometrics._factor import LOWER, UPPER, fit_factors
from trustlab.results import ResultMixin

__all__ = ["OmegaResult", "omega"]


@dataclass(frozen=True, repr=False, eq=False)
class OmegaResult(ResultMixin):
    """McDonald's omega total of a one-factor model.

    Attributes
    ----------
    omega_total : float
        ``(sum l)^2 / ((sum l)^2 + sum psi)`` with standardised loadings ``l`` and
        uniquenesses ``psi = 1 - l^2``: the reliability of the sum of standardised items.
    loadings : pandas.Series
        One-factor ML loadings on the correlation matrix (psych ``fa(fm = "ml")``), signed so
        that their sum is positive.
    uniquenesses : pandas.Series
        ``1 - loadings^2``.
    ci : tuple of float
        Bootstrap percentile interval ``(low, high)``; NaN when ``n_boot=0``.
    confidence_level : float
        Confidence level of ``ci``.
    n_boot : int
        Bootstrap resamples (those whose fit failed are left out of ``ci``).
    n_obs : int
        Complete cases used (omega is always listwise).
    n_rows : int
        Rows in the input.
    n_items : int
        Number of items.
    objective : float
        ML discrepancy ``tr(S^-1 R) - log det(S^-1 R) - p`` at the solution.
    chi2 : float
        psych's Bartlett-corrected ``(n - 1 - (2p + 5) / 6 - 2/3) * objective``.
    dof : int
        ``p (p - 1) / 2 - p``; 0 for three items (omega is then exactly identified).
    reversed_items : tuple of str
        Items reverse-keyed as ``min + max - x`` on the declared ``scale_range``.
    bootstrap_distribution : numpy.ndarray or None
        The bootstrap omegas.
    warnings : tuple of str
        The messages also issued as :class:`PsychometricWarning`.
    """

    _private = ("bootstrap_distribution",)

    omega_total: float
    loadings: pd.Series
    uniquenesses: pd.Series
    ci: tuple[float, float]
    confidence_level: float
    n_boot: int
    n_obs: int
    n_rows: int
    n_items: int
    objective: float
    chi2: float
    dof: int
    reversed_items: tuple[str, ...]
    bootstrap_distribution: np.ndarray | None = None
    warnings: tuple[str, ...] = field(default=())

    def summary(self) -> pd.DataFrame:
        """Loadings and uniquenesses per item, omega total (with CI) as the last row."""
        table = pd.DataFrame({"loading": self.loadings, "uniqueness": self.uniquenesses})
        table.loc["omega_total", "loading"] = self.omega_total
        table.loc["omega_total", "ci_low"] = self.ci[0]
        table.loc["omega_total", "ci_high"] = self.ci[1]
        return table

    def _title(self) -> str:
        return f"McDonald's omega total (one-factor ML): {self.n_items} items, n = {self.n_obs}"

    def _notes(self) -> list[str]:
        return list(self.warnings)


def _omega_of(loadings: np.ndarray) -> float:
    s = loadings.sum() ** 2
    return float(s / (s + np.sum(1 - loadings**2)))


def _one_factor(
    r: np.ndarray, start: np.ndarray | None = None, *, precise: bool = True
) -> tuple[np.ndarray, Any]:
    fit = fit_factors(r, 1, "ml", start=start, precise=precise)
    lam = fit.loadings[:, 0]
    return (lam if lam.sum() >= 0 else -lam), fit


def _map(rs: np.ndarray, psi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One step of the ML fixed point for a stack: the new uniquenesses and the loadings."""
    scale = 1.0 / np.sqrt(psi)
    values, vectors = np.linalg.eigh(rs * scale[:, :, None] * scale[:, None, :])
    top = np.sqrt(np.maximum(values[:, -1] - 1.0, 0.0))
    lam = np.sqrt(psi) * vectors[:, :, -1] * top[:, None]
    return np.clip(1.0 - lam**2, LOWER, UPPER), lam


def _batch_fit(rs: np.ndarray, psi0: np.ndarray, tol: float = 1e-10) -> np.ndarray:
    """Omega of a stack of correlation matrices by the ML fixed point, in one batch.

    At the one-factor ML solution the uniquenesses satisfy ``psi = 1 - lambda^2`` with
    ``lambda = psi^1/2 v (e - 1)^1/2`` from the largest eigenpair ``(e, v)`` of
    ``psi^-1/2 R psi^-1/2`` (factanal's conditions). That map is iterated for all resamples
    at once with batched eigen decompositions, accelerated by SQUAREM (Varadhan and Roland
    2008: two map steps, an extrapolation along them, one stabilising step), each resample
    leaving the batch once a map step moves it by less than ``tol``. It agrees with one
    optimiser call per resample to ~1e-7 (the optimiser's tolerance) at a fraction of the
    cost. Resamples that do not settle (or that hit the bound of a Heywood case) get NaN and
    are refitted by the optimiser.
    """
    b = len(rs)
    psi = np.tile(psi0, (b, 1))
    lam = np.zeros_like(psi)
    delta = np.full(b, np.inf)
    active = np.arange(b)
    for _ in range(700):
        r, p0 = rs[active], psi[active]
        p1, _ = _map(r, p0)
        p2, _ = _map(r, p1)
        step, curve = p1 - p0, p2 - 2 * p1 + p0
        size, bend = np.linalg.norm(step, axis=1), np.linalg.norm(curve, axis=1)
        alpha = -np.divide(size, bend, out=np.ones_like(size), where=bend > 0)
        alpha = np.minimum(alpha, -1.0)[:, None]  # -1: the two plain steps
        jump = np.clip(p0 - 2 * alpha * step + alpha**2 * curve, LOWER, UPPER)
        new, lam_new = _map(r, jump)
        moved = np.abs(new - jump).max(axis=1)
        psi[active], lam[active], delta[active] = new, lam_new, moved
        active = active[moved >= tol]
        if not active.size:
            break
    total = np.abs(lam.sum(axis=1)) ** 2
    omegas = total / (total + (1.0 - lam**2).sum(axis=1))
    bad = (delta >= tol) | (psi <= LOWER).any(axis=1) | ~np.isfinite(omegas)
    return np.where(bad, np.nan, omegas)


def _bootstrap(x: np.ndarray, n_boot: int, rng: np.random.Generator, psi0: np.ndarray):
    """Omega of ``n_boot`` resamples of the rows of ``x`` (chunked to bound memory)."""
    n, p = x.shape
    out = np.full(n_boot, np.nan)
    chunk = max(1, min(n_boot, 20_000_000 // max(1, n * p)))
    for start in range(0, n_boot, chunk):
        rows = rng.integers(0, n, (min(chunk, n_boot - start), n))
        xb = x[rows]
        xb = xb - xb.mean(axis=1, keepdims=True)
        cov = np.einsum("bni,bnj->bij", xb, xb)
        sd = np.sqrt(np.einsum("bii->bi", cov))
        with np.errstate(invalid="ignore", divide="ignore"):
            rs = cov / sd[:, :, None] / sd[:, None, :]
        out[start : start + len(rs)] = omega_of_matrices(rs, psi0)
    return out


def omega_of_matrices(rs: np.ndarray, psi0: np.ndarray) -> np.ndarray:
    """One-factor ML omega of each correlation matrix in a stack (NaN where none fits).

    The batched fixed point (:func:`_batch_fit`) first; matrices it does not settle are refitted
    by the optimiser from ``psi0``. A matrix with NaN (a constant item in a resample) or that is
    not positive definite gives NaN.
    """
    fine = np.isfinite(rs).all(axis=(1, 2))
    fine[fine] = np.linalg.eigvalsh(rs[fine])[:, 0] > 1e-10
    block = np.full(len(rs), np.nan)
    if fine.any():
        block[fine] = _batch_fit(rs[fine], psi0)
    for b in np.flatnonzero(fine & np.isnan(block)):  # not settled: the optimiser decides
        with contextlib.suppress(PsychometricError):
            block[b] = _omega_of(_one_factor(rs[b], start=psi0, precise=False)[0])
    return block


def omega(
    items: Any,
    *,
    reverse: Sequence[Any] = (),
    scale_range: tuple[float, float] | None = None,
    confidence_level: float = 0.95,
    n_boot: int = 1000,
    seed: Any = None,
) -> OmegaResult:
    """McDonald's omega total from a one-factor maximum-likelihood factor model.

    ``omega = (sum l)^2 / ((sum l)^2 + sum psi)``, where ``l`` are the loadings of a one-factor
    ML model fitted to the correlation matrix of the complete cases and ``psi = 1 - l^2`` the
    uniquenesses: the share of the variance of the (standardised) item sum that the common
    factor explains. The model is fitted as ``psych::fa(x, 1, fm = "ml")`` / ``factanal``:
    the ML discrepancy is minimised over the uniquenesses with ``scipy.optimize`` (L-BFGS-B).

    Parameters
    ----------
    items : pandas.DataFrame or array_like
        At least three items (columns); rows with any missing item are dropped.
    reverse : sequence of str, optional
        Items to reverse-key as ``min + max - x`` on ``scale_range``.
    scale_range : tuple (min, max), optional
        The declared response range; required when ``reverse`` is given.
    confidence_level : float
        Confidence level of the bootstrap percentile interval.
    n_boot : int
        Bootstrap resamples of respondents (each refits the model; 0 for no interval).
    seed : int or numpy.random.Generator, optional
        Seed of the bootstrap.

    Returns
    -------
    OmegaResult

    Notes
    -----
    Agrees with psych's ``fa(fm = "ml")`` loadings and omega to about 5e-6 (psych's optimiser
    tolerance). ``psych::omega()$omega.tot`` differs slightly on purpose: it divides by the
    observed ``sum(R)`` instead of the model-implied variance. lavaan's ``std.all`` solution gives
    the same omega to optimiser tolerance.

    Examples
    --------
    >>> import pandas as pd
    >>> from trustlab.psychometrics import omega
    >>> df = pd.DataFrame({"a": [1, 2, 4, 5, 3, 4, 2, 3], "b": [2, 2, 5, 4, 3, 5, 1, 3],
    ...                    "c": [1, 3, 4, 4, 2, 5, 2, 2], "d": [2, 1, 5, 5, 3, 4, 1, 4]})
    >>> res = omega(df, n_boot=0)
    >>> round(res.omega_total, 4)  # psych::fa(df, 1, fm = "ml") loadings -> same omega
    0.9412
    """
    level = check_confidence_level(confidence_level)
    n_boot = whole_number(
        n_boot, "n_boot", minimum=0, maximum=MAX_RESAMPLES, error=PsychometricError
    )
    rng = as_generator(seed, error=PsychometricError)
    check_scale_range(scale_range)
    data = as_item_matrix(items, min_items=3)
    n_rows = len(items) if hasattr(items, "__len__") else data.values.shape[0]
    data, flags = apply_reverse(data, reverse, scale_range)
    data = complete_rows(data, min_rows=4)
    x = data.values
    n, p = x.shape
    check_variance(x, data.names)
    # without a bootstrap the answers are needed no more: centred in place when they are ours
    r = correlations(x, overwrite=data.owned and n_boot == 0)
    lam, fit = _one_factor(r)
    messages = []
    if fit.heywood:
        names = ", ".join(repr(data.names[i]) for i in fit.heywood)
        messages.append(
            f"Heywood case: the uniqueness of {names} is at its lower bound (0.005); the "
            "one-factor model does not fit these items well and omega may be too high."
        )
    if not fit.converged:
        messages.append(f"The one-factor ML fit did not converge ({fit.message}).")

    psi = 1 - lam**2
    sigma = np.outer(lam, lam) + np.diag(psi)
    m = np.linalg.solve(sigma, r)
    objective = float(np.trace(m) - np.linalg.slogdet(m)[1] - p)
    dof = p * (p - 1) // 2 - p

    boot = None
    ci = (float("nan"), float("nan"))
    if n_boot > 0:
        boot = _bootstrap(x, n_boot, rng, fit.psi)
        failed = int(np.isnan(boot).sum())
        if failed:
            messages.append(
                f"{failed} of {int(n_boot)} bootstrap resamples gave a singular correlation "
                "matrix and were left out of omega's CI; with so few respondents the CI is rough."
            )
        ci = percentile_interval(boot, level)

    for message in messages:
        warnings.warn(message, PsychometricWarning, stacklevel=2)
    return OmegaResult(
        omega_total=_omega_of(lam),
        loadings=pd.Series(lam, index=list(data.names), name="loading"),
        uniquenesses=pd.Series(psi, index=list(data.names), name="uniqueness"),
        ci=ci,
        confidence_level=level,
        n_boot=int(n_boot),
        n_obs=n,
        n_rows=n_rows,
        n_items=p,
        objective=objective,
        chi2=float(objective * (n - 1 - (2 * p + 5) / 6 - 2 / 3)),
        dof=dof,
        reversed_items=tuple(nm for nm, f in zip(data.names, flags, strict=True) if f),
        bootstrap_distribution=boot,
        warnings=tuple(messages),
    )
