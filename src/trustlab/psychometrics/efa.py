"""Exploratory factor analysis (ML or minres; varimax, oblimin or promax), as ``psych::fa``."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from trustlab._arguments import whole_number
from trustlab.distributions import chi2, ncx2
from trustlab.distributions import chi2 as chi2_dist
from trustlab.psychometrics._common import (
    PsychometricError,
    PsychometricWarning,
    as_item_matrix,
    check_variance,
    complete_rows,
)
from trustlab.psychometrics._factor import fit_factors
from trustlab.psychometrics._rotation import rotate
from trustlab.results import ResultMixin

__all__ = ["EFAResult", "efa", "correlation_of"]

METHODS = ("ml", "minres")
ROTATIONS = ("varimax", "oblimin", "promax", "none")


@dataclass(frozen=True, repr=False, eq=False)
class EFAResult(ResultMixin):
    """An exploratory factor analysis.

    Factors are named ``F1..Fk`` in order of variance explained; each factor's sign is chosen
    so that its largest loading in absolute value is positive (see :func:`efa`).

    Attributes
    ----------
    loadings : pandas.DataFrame
        Items x factors: the rotated pattern loadings.
    communalities : pandas.Series
        ``diag(L Phi L')``, the variance of each item explained by the factors.
    uniquenesses : pandas.Series
        ``1 - communalities``.
    variance : pandas.DataFrame
        psych's ``Vaccounted``: rows ``SS loadings``, ``Proportion Var``, ``Cumulative Var``,
        ``Proportion Explained``, ``Cumulative Proportion``; for oblique rotations the SS
        loadings are ``diag(Phi L'L)``.
    factor_correlations : pandas.DataFrame or None
        Phi, for oblique rotations (oblimin, promax), with the signs of the loadings (a flipped
        factor flips its correlations); None for orthogonal ones.
    rotation_matrix : numpy.ndarray
        The rotation matrix, in the extraction's factor order and signs (before the sign
        normalisation and reordering).
    extraction_index : tuple of int
        For each factor F1..Fk, its column (1-based) in the extraction before reordering; psych
        labels factors by this number (``ML2``, ``MR1``, ...).
    method, rotation : str
        ``"ml"`` or ``"minres"``; ``"varimax"``, ``"oblimin"``, ``"promax"`` or ``"none"``.
    n_obs : int
        Complete cases analysed.
    n_factors : int
        Number of factors.
    objective : float
        ``tr(Sigma^-1 R) - log det(Sigma^-1 R) - p`` with ``Sigma = L Phi L' + diag(u)``.
    chi2 : float
        psych's ``STATISTIC``: ``objective * (n - 1 - (2p + 5) / 6 - 2k / 3)`` (Bartlett's
        correction); also given for minres, as psych does.
    dof : int
        ``p (p - 1) / 2 - p k + k (k - 1) / 2``.
    pvalue : float
        Upper tail of chi-square(``dof``) at ``chi2``.
    rmsea : float
        ``sqrt(max(chi2 / (dof n) - 1 / (n - 1), 0))`` (psych's formula).
    rmsea_ci : tuple of float
        90% interval from the noncentral chi-square, as psych.
    tli : float
        Tucker-Lewis index ``(M0 - Mm) / (M0 - 1 / nm)`` with ``M0 = F0 / (p (p - 1) / 2)``,
        ``Mm = objective / dof`` and ``nm`` the Bartlett-corrected n.
    bic : float
        ``chi2 - dof log(n)``.
    eigenvalues : numpy.ndarray
        Eigenvalues of the correlation matrix (psych's ``e.values``).
    common_eigenvalues : numpy.ndarray
        Eigenvalues of R with the communalities on its diagonal (psych's ``values``).
    converged : bool
        Whether the extraction converged.
    warnings : tuple of str
        The messages also issued as :class:`PsychometricWarning`.
    """

    loadings: pd.DataFrame
    communalities: pd.Series
    uniquenesses: pd.Series
    variance: pd.DataFrame
    factor_correlations: pd.DataFrame | None
    rotation_matrix: np.ndarray
    extraction_index: tuple[int, ...]
    method: str
    rotation: str
    n_obs: int
    n_factors: int
    objective: float
    chi2: float
    dof: int
    pvalue: float
    rmsea: float
    rmsea_ci: tuple[float, float]
    tli: float
    bic: float
    eigenvalues: np.ndarray
    common_eigenvalues: np.ndarray
    converged: bool
    warnings: tuple[str, ...] = field(default=())

    def summary(self) -> pd.DataFrame:
        """Loadings with communality (h2) and uniqueness (u2) per item, as psych prints them."""
        table = self.loadings.copy()
        table["h2"] = self.communalities
        table["u2"] = self.uniquenesses
        return table

    def _title(self) -> str:
        return (
            f"Exploratory factor analysis: {self.n_factors} factor(s), {self.method}, "
            f"{self.rotation} rotation, n = {self.n_obs}"
        )

    def _notes(self) -> list[str]:
        fit = (
            f"chi2({self.dof}) = {self.chi2:.2f}, p = {self.pvalue:.3g}, RMSEA = {self.rmsea:.3f} "
            f"[{self.rmsea_ci[0]:.3f}, {self.rmsea_ci[1]:.3f}], TLI = {self.tli:.3f}, "
            f"BIC = {self.bic:.2f}"
        )
        return [fit, *self.warnings]


def correlation_of(data: Any, cor: str, correct: float = 0.5) -> tuple[Any, np.ndarray]:
    """The items and their correlation matrix: Pearson of the complete cases, or polychoric
    (pairwise, every row with an answer kept) for ``cor="polychoric"``."""
    if cor == "polychoric":
        from trustlab.psychometrics.polychoric import polychoric_of

        items = as_item_matrix(data, min_items=3)
        r = polychoric_of(items, correct=correct).rho.to_numpy()
        if not np.isfinite(r).all():
            raise PsychometricError(
                "Some polychoric correlations could not be estimated (items answered together "
                "by too few respondents); the factor model needs every correlation."
            )
        return items, r
    items = complete_rows(as_item_matrix(data, min_items=3), min_rows=3)
    check_variance(items.values, items.names)
    return items, np.corrcoef(items.values, rowvar=False)


def largest_loading_signs(loadings: np.ndarray) -> np.ndarray:
    """+1 or -1 per factor: the sign of the factor's largest loading in absolute value.

    Multiplying each column by its sign makes that loading positive (trustlab's rule; the first
    item wins a tie).
    """
    lam = np.asarray(loadings, dtype=float)
    top = lam[np.argmax(np.abs(lam), axis=0), np.arange(lam.shape[1])]
    return np.where(top < 0, -1.0, 1.0)


def _rmsea_ci(chi2: float, dof: int, n: int, rmsea: float) -> tuple[float, float]:
    """psych's 90% RMSEA interval: noncentrality where the chi-square cdf is .95 / .05."""

    if dof <= 0:
        return float("nan"), float("nan")

    def solve(target: float) -> float:
        def g(lam: float) -> float:
            return (ncx2.cdf(chi2, dof, lam) if lam > 0 else _chi2_cdf(chi2, dof)) - target

        if g(0.0) < 0:
            return 0.0
        hi = max(n, chi2) + 2 * n
        while g(hi) > 0:
            hi *= 2
        return brentq(g, 0.0, hi, xtol=1e-12, rtol=1e-14)

    lam_u, lam_l = solve(0.05), solve(0.95)
    upper = float(np.sqrt(lam_u / ((n - 1) * dof)))
    lower = float(min(np.sqrt(lam_l / ((n - 1) * dof)), rmsea))
    return lower, upper


def _chi2_cdf(x: float, dof: int) -> float:

    return float(chi2.cdf(x, dof))


def efa(
    data: Any,
    n_factors: int,
    *,
    method: Literal["ml", "minres"] = "ml",
    rotation: Literal["varimax", "oblimin", "promax", "none"] = "oblimin",
    cor: Literal["pearson", "polychoric"] = "pearson",
    correct: float = 0.5,
) -> EFAResult:
    """Exploratory factor analysis of the correlation matrix, as R's ``psych::fa``.

    Parameters
    ----------
    data : pandas.DataFrame or array_like
        Item scores; respondents with any missing item are dropped (complete cases).
    n_factors : int
        Number of factors to extract.
    method : {"ml", "minres"}
        Maximum likelihood (``fm = "ml"``) or minimum residual (``fm = "minres"``), both fitted
        over the uniquenesses with ``scipy.optimize.minimize`` (L-BFGS-B, bounds 0.005..1).
    rotation : {"oblimin", "varimax", "promax", "none"}
        ``"oblimin"`` (psych's default; GPArotation's quartimin, Jennrich 2002), ``"varimax"``
        (``stats::varimax``), ``"promax"`` (psych's Kaiser-normalised Promax, m = 4) or none.
    cor : {"pearson", "polychoric"}
        Factor the Pearson correlations of the complete cases (default), or the polychoric
        correlations of ordinal items (psych's ``fa(x, cor = "poly")``): the matrix of
        :func:`~trustlab.psychometrics.polychoric` (pairwise, as psych), with n the number of
        respondents (psych's ``n.obs = nrow(x)``) in the fit statistics.
    correct : float
        psych's continuity correction of the polychoric correlations (with ``cor="polychoric"``).

    Returns
    -------
    EFAResult

    Notes
    -----
    Sign and order (deliberately not psych's sign rule): each factor is flipped so that its
    largest loading in absolute value is positive (the first such item if two tie), and the
    factor correlations are flipped with it (``phi_ij * s_i * s_j``); then the factors are
    ordered by variance explained (SS loadings; ``diag(Phi L'L)`` for oblique rotations), as
    psych orders them. psych instead flips each factor so that its loadings *sum* to a positive
    number; the two rules differ only for a factor whose dominant loadings are negative while
    the column sum is positive (or the reverse), and then only in that factor's sign, never in
    the fit, communalities or variance explained. To compare with ``psych::fa``, apply the
    same rule to psych's loadings (flip column j by the sign of its largest ``|loading|``, and
    ``Phi`` by ``s s'``). The rotations run R's algorithms with R's convergence criteria
    (eps 1e-5), so rotated loadings agree with R to about 1e-5; unrotated ML/minres loadings to
    about 1e-6.

    Examples
    --------
    >>> import numpy as np
    >>> from trustlab.psychometrics import efa
    >>> rng = np.random.default_rng(1)
    >>> f = rng.normal(size=(500, 2))
    >>> x = np.column_stack([f[:, 0]] * 3 + [f[:, 1]] * 3) + rng.normal(size=(500, 6))
    >>> res = efa(x, 2, rotation="varimax")
    >>> res.loadings.abs().idxmax(axis=1).tolist()  # the item's main factor
    ['F2', 'F2', 'F2', 'F1', 'F1', 'F1']
    >>> round(res.tli, 2) > 0.95  # psych::fa(x, 2, fm = "ml") gives the same TLI
    True
    """
    if method not in METHODS:
        raise PsychometricError(f"method must be 'ml' or 'minres'; got {method!r}.")
    if rotation not in ROTATIONS:
        raise PsychometricError(
            f"rotation must be one of {', '.join(map(repr, ROTATIONS))}; got {rotation!r}."
        )
    k = whole_number(n_factors, "n_factors", minimum=1, error=PsychometricError)
    if cor not in ("pearson", "polychoric"):
        raise PsychometricError(f"cor must be 'pearson' or 'polychoric'; got {cor!r}.")
    items, r = correlation_of(data, cor, correct)
    n, p = items.values.shape
    dof = p * (p - 1) // 2 - p * k + k * (k - 1) // 2
    if k >= p or dof < 0:
        raise PsychometricError(
            f"{n_factors} factor(s) cannot be extracted from {p} items (degrees of freedom "
            f"{dof} < 0); use fewer factors.",
            expected="1 <= n_factors with p(p-1)/2 - pk + k(k-1)/2 >= 0",
        )
    fit = fit_factors(r, k, method)
    messages = []
    if not fit.converged:
        messages.append(f"The {method} extraction did not converge ({fit.message}).")
    if fit.heywood:
        names = ", ".join(repr(items.names[i]) for i in fit.heywood)
        messages.append(
            f"Heywood case: the uniqueness of {names} reached its lower bound (0.005); "
            "consider fewer factors or dropping the item."
        )

    lam, rot, phi = rotate(fit.loadings, rotation)
    signs = largest_loading_signs(lam)
    lam = lam * signs
    if phi is not None:
        phi = phi * np.outer(signs, signs)
        ss = np.diag(phi @ lam.T @ lam)
    else:
        ss = np.sum(lam**2, axis=0)
    order = np.argsort(-ss, kind="stable")
    lam, ss = lam[:, order], ss[order]
    if phi is not None:
        phi = phi[np.ix_(order, order)]
    phi_full = np.eye(k) if phi is None else phi
    model = lam @ phi_full @ lam.T
    h2 = np.diag(model).copy()
    u2 = 1 - h2

    sigma = model.copy()
    np.fill_diagonal(sigma, 1.0)
    m = np.linalg.solve(sigma, r)
    objective = float(np.trace(m) - np.linalg.slogdet(m)[1] - p)
    nm = n - 1 - (2 * p + 5) / 6 - 2 * k / 3
    chi2 = objective * nm
    f0 = -np.linalg.slogdet(r)[1]

    if dof > 0:
        pvalue = float(chi2_dist.sf(chi2, dof))
        rmsea = float(np.sqrt(max(chi2 / (dof * n) - 1 / (n - 1), 0.0)))
        tli = float((f0 / (p * (p - 1) / 2) - objective / dof) / (f0 / (p * (p - 1) / 2) - 1 / nm))
        rmsea_ci = _rmsea_ci(chi2, dof, n, rmsea)
    else:
        pvalue = rmsea = tli = float("nan")
        rmsea_ci = (float("nan"), float("nan"))

    names = [f"F{i + 1}" for i in range(k)]
    variance = pd.DataFrame(
        [ss, ss / p, np.cumsum(ss) / p, ss / ss.sum(), np.cumsum(ss) / ss.sum()],
        index=[
            "SS loadings",
            "Proportion Var",
            "Cumulative Var",
            "Proportion Explained",
            "Cumulative Proportion",
        ],
        columns=names,
    )
    reduced = r.copy()
    np.fill_diagonal(reduced, h2)
    for message in messages:
        warnings.warn(message, PsychometricWarning, stacklevel=2)
    return EFAResult(
        loadings=pd.DataFrame(lam, index=list(items.names), columns=names),
        communalities=pd.Series(h2, index=list(items.names), name="h2"),
        uniquenesses=pd.Series(u2, index=list(items.names), name="u2"),
        variance=variance,
        factor_correlations=None if phi is None else pd.DataFrame(phi, names, names),
        rotation_matrix=rot,
        extraction_index=tuple(int(i) + 1 for i in order),
        method=method,
        rotation=rotation,
        n_obs=n,
        n_factors=k,
        objective=objective,
        chi2=float(chi2),
        dof=int(dof),
        pvalue=pvalue,
        rmsea=rmsea,
        rmsea_ci=rmsea_ci,
        tli=tli,
        bic=float(chi2 - dof * np.log(n)),
        eigenvalues=np.linalg.eigvalsh(r)[::-1],
        common_eigenvalues=np.linalg.eigvalsh(reduced)[::-1],
        converged=fit.converged,
        warnings=tuple(messages),
    )
