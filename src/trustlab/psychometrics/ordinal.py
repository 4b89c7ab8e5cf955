"""Ordinal reliability: alpha and omega on the polychoric correlation matrix, with bootstrap CIs.

Ordinal alpha (Zumbo, Gadermann & Zeisser 2007) is Cronbach's alpha computed from the polychoric
correlations of the items instead of their Pearson correlations, as ``psych::alpha(R)`` does when
given ``R = psych::polychoric(x)$rho``; ordinal omega is the one-factor omega of the same matrix
(``psych::fa(R, 1, fm = "ml")``). Both describe the reliability of the latent continuous
responses behind the answer categories. The confidence intervals resample respondents and
recompute the polychoric matrix of every resample (all resamples and item pairs at once).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from trustlab.psychometrics._alpha_stats import alpha_core, matrix_item_columns
from trustlab.psychometrics._bivariate import R_OPTIMIZE_TOL
from trustlab.psychometrics._bootstrap import (
    check_confidence_level,
    percentile_interval,
    resample_counts,
)
from trustlab.psychometrics._common import (
    PsychometricError,
    PsychometricWarning,
    apply_reverse,
    as_item_matrix,
)
from trustlab.psychometrics._polychoric_core import bootstrap_polychoric, codes_of
from trustlab.psychometrics.omega import _omega_of, _one_factor, omega_of_matrices
from trustlab.psychometrics.polychoric import PolychoricResult, polychoric_of
from trustlab.results import ResultMixin

__all__ = ["OrdinalReliabilityResult", "ordinal_reliability"]


@dataclass(frozen=True, repr=False, eq=False)
class OrdinalReliabilityResult(ResultMixin):
    """Ordinal alpha and omega of a scale, from its polychoric correlation matrix.

    Attributes
    ----------
    alpha : float
        Ordinal alpha, ``k / (k - 1) * (1 - k / sum(R))`` with ``R`` the polychoric matrix
        (``psych::alpha(R)$total$raw_alpha``; raw and standardised alpha coincide).
    alpha_ci : tuple of float
        Bootstrap percentile interval of ``alpha``; NaN without resamples.
    g6 : float
        Guttman's lambda 6 of ``R`` (psych's ``G6(smc)``).
    average_r, median_r : float
        Mean and median of the polychoric inter-item correlations.
    signal_noise : float
        ``k * average_r / (1 - average_r)``.
    omega : float
        Ordinal omega total, ``(sum l)^2 / ((sum l)^2 + sum(1 - l^2))`` with the loadings ``l``
        of a one-factor ML model of ``R`` (``psych::fa(R, 1, fm = "ml")``); NaN for fewer than
        three items.
    omega_ci : tuple of float
        Bootstrap percentile interval of ``omega``.
    loadings : pandas.Series
        The one-factor loadings (signed so that their sum is positive).
    items : pandas.DataFrame
        Per item, as ``psych::alpha(R)``: ``std_r`` (item-total r), ``r_cor``, ``r_drop`` and the
        statistics with the item dropped (``alpha_if_dropped``, ``g6_if_dropped``,
        ``average_r_if_dropped``, ``signal_noise_if_dropped``, ``var_r_if_dropped``,
        ``median_r_if_dropped``); the ``loading`` and ``uniqueness`` of the omega model; and
        ``reversed``.
    polychoric : PolychoricResult
        The polychoric matrix behind the statistics (with its thresholds and pair counts).
    confidence_level : float
        Level of the intervals.
    n_boot : int
        Bootstrap resamples drawn.
    n_boot_failed : int
        Resamples left out of the intervals (an item with a single answer category in the
        resample, or a matrix no one-factor model fits).
    bootstrap_alpha, bootstrap_omega : numpy.ndarray or None
        The resampled values (NaN for failed resamples).
    n_obs : int
        Respondents with at least one answer (pairwise deletion, as psych's polychoric).
    n_rows : int
        Rows in the input.
    n_items : int
        Number of items, k.
    reversed_items : tuple of str
        Items reverse-keyed as ``min + max - x`` on the declared ``scale_range``.
    warnings : tuple of str
        The messages also issued as :class:`PsychometricWarning`.
    """

    _private = ("bootstrap_alpha", "bootstrap_omega")

    alpha: float
    alpha_ci: tuple[float, float]
    g6: float
    average_r: float
    median_r: float
    signal_noise: float
    omega: float
    omega_ci: tuple[float, float]
    loadings: pd.Series
    items: pd.DataFrame
    polychoric: PolychoricResult
    confidence_level: float
    n_boot: int
    n_boot_failed: int
    bootstrap_alpha: np.ndarray | None
    bootstrap_omega: np.ndarray | None
    n_obs: int
    n_rows: int
    n_items: int
    reversed_items: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())

    def summary(self) -> pd.DataFrame:
        """Ordinal alpha and omega with their intervals, and the correlation summaries."""
        rows = {
            "ordinal_alpha": (self.alpha, *self.alpha_ci),
            "ordinal_omega": (self.omega, *self.omega_ci),
            "G6(smc)": (self.g6, np.nan, np.nan),
            "average_r": (self.average_r, np.nan, np.nan),
            "median_r": (self.median_r, np.nan, np.nan),
            "S/N": (self.signal_noise, np.nan, np.nan),
        }
        pct = f"{self.confidence_level:.0%}"
        return pd.DataFrame.from_dict(
            rows, orient="index", columns=["value", f"ci_low ({pct})", f"ci_high ({pct})"]
        )

    def _title(self) -> str:
        return (
            f"Ordinal reliability (polychoric): {self.n_items} items, n = {self.n_obs}, "
            f"{self.n_boot} bootstrap resamples"
        )

    def _notes(self) -> list[str]:
        return list(self.warnings)


def _alpha_of(rs: np.ndarray) -> np.ndarray:
    k = rs.shape[-1]
    return k / (k - 1) * (1 - k / rs.sum(axis=(-2, -1)))


def ordinal_reliability(
    items: Any,
    *,
    reverse: Sequence[Any] = (),
    scale_range: tuple[float, float] | None = None,
    confidence_level: float = 0.95,
    n_boot: int = 1000,
    seed: Any = None,
    correct: float = 0.5,
    tol: float = R_OPTIMIZE_TOL,
) -> OrdinalReliabilityResult:
    """Ordinal alpha and omega with bootstrap confidence intervals.

    The polychoric matrix ``R`` is computed as :func:`~trustlab.psychometrics.polychoric`
    (psych's ``polychoric``: pairwise, psych's thresholds and search). Ordinal alpha and the
    item table are ``psych::alpha(R)``; ordinal omega is the omega of a one-factor ML model
    of ``R`` (``psych::fa(R, 1, fm = "ml")``, trustlab's :func:`~trustlab.psychometrics.omega`
    machinery). The intervals are bootstrap percentile intervals: ``n_boot`` resamples of the
    respondents, each with its own polychoric matrix (thresholds and correlations
    re-estimated the same way) and its own alpha and omega.

    Parameters
    ----------
    items : pandas.DataFrame or array_like
        One column per item, answers as whole numbers (at most 8 categories); NaN = missing.
    reverse : sequence of str, optional
        Items to reverse-key as ``min + max - x`` on ``scale_range`` (this only flips the sign
        of their correlations; the thresholds mirror).
    scale_range : tuple (min, max), optional
        The declared response range; required with ``reverse``.
    confidence_level : float
        Level of the intervals.
    n_boot : int
        Bootstrap resamples (0: no intervals).
    seed : int or numpy.random.Generator, optional
        Seed of the resampling; the same seed gives the same intervals.
    correct : float
        psych's continuity correction (used only with per-pair thresholds).
    tol : float
        Tolerance of the polychoric search (psych's by default).

    Returns
    -------
    OrdinalReliabilityResult

    Raises
    ------
    PsychometricError
        Fewer than 2 items (3 for omega is not an error: omega is then NaN), answers that are
        not whole numbers or more than 8 categories, an item without variance.

    Notes
    -----
    Ordinal alpha and the item table agree with ``psych::alpha(polychoric(x)$rho)`` to about
    1e-10 and ordinal omega with ``psych::fa(R, 1, fm = "ml")`` to about 1e-6 (psych's optimiser).
    ``psych::omega(R, 1)$omega.tot`` divides by the observed ``sum(R)`` instead of the
    model-implied total and so differs slightly (as for :func:`~trustlab.psychometrics.omega`).

    Examples
    --------
    >>> import pandas as pd
    >>> from trustlab.psychometrics import ordinal_reliability
    >>> answers = {"a": "222222232213121123332223222212", "b": "213222332122122112232312222213",
    ...            "c": "232223321123112112132322322223", "d": "322122231112131222132322321113"}
    >>> d = pd.DataFrame({k: [int(c) for c in v] for k, v in answers.items()})
    >>> res = ordinal_reliability(d, n_boot=0)  # n_boot=1000, seed=... for the intervals
    >>> # R: R <- psych::polychoric(d)$rho; psych::alpha(R)$total$raw_alpha gives 0.8066703
    >>> # and psych::fa(R, 1, fm = "ml") loadings give omega 0.8126443
    >>> round(res.alpha, 6), round(res.omega, 6)
    (0.80667, 0.812644)
    """
    level = check_confidence_level(confidence_level)
    n_boot = int(n_boot)
    if n_boot < 0:
        raise PsychometricError(f"n_boot must be 0 or more; got {n_boot!r}.")
    data = as_item_matrix(items, min_items=2)
    n_rows = len(items) if hasattr(items, "__len__") else data.values.shape[0]
    data, flags = apply_reverse(data, reverse, scale_range)
    names = list(data.names)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PsychometricWarning)
        poly = polychoric_of(data, correct=correct, tol=tol)  # the keyed answers, not a copy
    messages = [str(w.message) for w in caught if issubclass(w.category, PsychometricWarning)]
    r = poly.rho.to_numpy()
    if not np.isfinite(r).all():
        raise PsychometricError(
            "Some polychoric correlations could not be estimated (a pair of items answered "
            "together by too few respondents); ordinal alpha and omega need every correlation."
        )
    k = len(names)
    core = alpha_core(r)
    columns = matrix_item_columns(r, None)
    columns.pop("ase_if_dropped")
    table = pd.DataFrame(columns, index=pd.Index(names, name="item"))
    omega_value = float("nan")
    psi0 = None
    if k >= 3:
        lam, fit = _one_factor(r)
        omega_value = _omega_of(lam)
        psi0 = fit.psi
        table["loading"] = lam
        table["uniqueness"] = 1 - lam**2
        if fit.heywood:
            bad = ", ".join(repr(names[i]) for i in fit.heywood)
            messages.append(
                f"Heywood case in the one-factor model of the polychoric matrix: the uniqueness "
                f"of {bad} is at its lower bound (0.005); ordinal omega may be too high."
            )
    else:
        table["loading"] = np.nan
        table["uniqueness"] = np.nan
    table["reversed"] = list(flags)

    boot_alpha = boot_omega = None
    alpha_ci = omega_ci = (float("nan"), float("nan"))
    failed = 0
    if n_boot > 0:
        codes, _ = codes_of(data.values, data.names)
        n_cat = int(codes.max()) + 1
        rng = np.random.default_rng(seed)
        n = codes.shape[0]
        alphas, omegas = [], []
        npairs = k * (k - 1) // 2
        for weights in resample_counts(rng, n, n_boot, cells_per_row=max(1, npairs)):
            for part in np.array_split(weights, max(1, len(weights) // 100)):
                rs = bootstrap_polychoric(
                    codes,
                    n_cat,
                    part,
                    global_thresholds=poly.global_thresholds,
                    correct=correct,
                    tol=tol,
                    start=r,
                )
                alphas.append(_alpha_of(rs))
                omegas.append(
                    omega_of_matrices(rs, psi0) if psi0 is not None else np.full(len(rs), np.nan)
                )
        boot_alpha = np.concatenate(alphas)
        boot_omega = np.concatenate(omegas)
        failed = int((~np.isfinite(boot_alpha) | (np.isnan(boot_omega) & (psi0 is not None))).sum())
        alpha_ci = percentile_interval(boot_alpha, level)
        if psi0 is not None:
            omega_ci = percentile_interval(boot_omega, level)
        if failed:
            messages.append(
                f"{failed} of {n_boot} bootstrap resamples gave no polychoric matrix (an item "
                "with a single answer category in the resample) or no one-factor fit and were "
                "left out of the intervals; with so few respondents the intervals are rough."
            )
    for message in messages:
        warnings.warn(message, PsychometricWarning, stacklevel=2)
    return OrdinalReliabilityResult(
        alpha=float(core["raw_alpha"]),
        alpha_ci=alpha_ci,
        g6=float(core["g6"]),
        average_r=float(core["average_r"]),
        median_r=float(core["median_r"]),
        signal_noise=float(core["signal_noise"]),
        omega=omega_value,
        omega_ci=omega_ci,
        loadings=table["loading"].rename("loading"),
        items=table,
        polychoric=poly,
        confidence_level=level,
        n_boot=n_boot,
        n_boot_failed=failed,
        bootstrap_alpha=boot_alpha,
        bootstrap_omega=boot_omega,
        n_obs=poly.n_obs,
        n_rows=n_rows,
        n_items=k,
        reversed_items=tuple(nm for nm, f in zip(names, flags, strict=True) if f),
        warnings=tuple(messages),
    )
