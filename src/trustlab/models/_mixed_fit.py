"""Maximising the profiled (RE)ML likelihood of :mod:`trustlab.models.mixed`, and its cross-check.

The profile is a function of one number, ``r = tau2 / sigma2``: a grid in ``log r`` finds the
best region and Brent's search the maximum within it. Where the grid signals a problem (more than
one local maximum, a ratio running off the grid), or on request, statsmodels' ``MixedLM`` is
fitted with several optimisers; each candidate is scored with the exact log-likelihood, the best
start is polished by the same search, and the best fit of all is kept.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import brentq, minimize_scalar

from trustlab.models._common import warn

__all__ = ["OPTIMIZERS", "crosscheck_notes", "fit_profile"]

#: statsmodels optimisers tried, in order (each a ``method=`` list for ``MixedLM.fit``).
OPTIMIZERS: tuple[tuple[str, ...], ...] = (("powell", "lbfgs"), ("nm", "lbfgs"), ("lbfgs",))


def _statsmodels_fits(
    X: np.ndarray, y: np.ndarray, groups: np.ndarray, reml: bool
) -> list[tuple[str, float, bool]]:
    """``(name, r, converged)`` from statsmodels MixedLM with each optimiser."""
    # imported here, not at the top: statsmodels is only the cross-check of a fit that signals
    # a problem, and its import (0.15-0.3 s) would otherwise delay every command's start
    from statsmodels.regression.mixed_linear_model import MixedLM

    out = []
    model = MixedLM(y, X, groups=groups)
    for method in OPTIMIZERS:
        name = "statsmodels " + "+".join(method)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fit = model.fit(reml=reml, method=list(method), maxiter=2000)
            tau2 = float(np.asarray(fit.cov_re)[0, 0])
            out.append((name, tau2 / float(fit.scale), bool(fit.converged)))
        except (np.linalg.LinAlgError, ValueError, ZeroDivisionError) as exc:  # rare
            out.append((f"{name} (failed: {exc})", np.nan, False))
    return out


#: The grid of log(tau2 / sigma2) scanned before Brent's search (r from 2e-9 to 5e8).
_GRID = np.linspace(-20.0, 20.0, 41)


def _polish(profile: Any, r0: float, bounds: tuple[float, float] | None = None) -> float:
    """Maximise the profiled log-likelihood in log r (bounded Brent around the start)."""

    start = np.log(max(r0, 1e-8)) if np.isfinite(r0) else 0.0
    res = minimize_scalar(
        profile.m2ll,
        bounds=bounds or (min(start, 0.0) - 20, max(start, 0.0) + 20),
        method="bounded",
        options={"xatol": 1e-10, "maxiter": 500},
    )
    return float(np.exp(res.x))


def _slope(profile: Any, t: float) -> float:
    """The derivative of -2 log-likelihood in ``t = log r``, in closed form (see
    ``_Profile.search``)."""
    return profile.search(t, slope=True)


def _scan(profile: Any) -> tuple[float, list[str]]:
    """The profile's maximum: a grid in log r, then the root of its slope (Brent) between the
    best point's neighbours (bounded Brent on the likelihood where the slope has no sign change).

    Returns the variance ratio and what signals a problem (then statsmodels' optimisers are
    run as a cross-check): a profile with more than one local maximum on the grid, or whose
    maximum lies at the grid's upper end (the between-cluster variance runs off).
    """
    m2ll = np.array([profile.m2ll(t) for t in _GRID])
    if not np.isfinite(m2ll).any():
        return 1.0, ["the likelihood is not finite at any variance ratio"]
    problems = []
    tol = 1e-9 * max(1.0, float(np.abs(m2ll[np.isfinite(m2ll)]).max()))
    inner = (m2ll[1:-1] < m2ll[:-2] - tol) & (m2ll[1:-1] < m2ll[2:] - tol)
    ends = [m2ll[0] < m2ll[1] - tol, m2ll[-1] < m2ll[-2] - tol]
    if int(inner.sum()) + sum(ends) > 1:
        problems.append("the profiled likelihood has more than one local maximum")
    i = int(np.argmin(m2ll))
    if i == _GRID.size - 1 or not np.isfinite(m2ll[max(i - 1, 0) : i + 2]).all():
        problems.append("the variance ratio runs off to the end of the search")
    lo, hi = _GRID[max(i - 1, 0)], _GRID[min(i + 1, _GRID.size - 1)]
    if 0 < i < _GRID.size - 1 and not problems:
        a, b = _slope(profile, lo), _slope(profile, hi)
        if a < 0 < b:
            t = brentq(lambda t: _slope(profile, t), lo, hi, xtol=1e-14, rtol=1e-15, maxiter=200)
            return float(np.exp(t)), problems
    return _polish(profile, float(np.exp(_GRID[i])), (lo, hi)), problems


def fit_profile(
    profile: Any, groups: np.ndarray, reml: bool, crosscheck: bool | None = None
) -> tuple[float, str, pd.DataFrame, list[str]]:
    """The variance ratio maximising the exact profile, the fit's name, every fit tried, and
    the problems the profile signalled. statsmodels' optimisers run when ``crosscheck`` is
    True, or is None and the profile signals a problem; their best start is polished too."""
    r_scan, problems = _scan(profile)
    rows = [("profile (grid, Brent)", profile.loglik(r_scan), r_scan, not problems)]
    if crosscheck or (crosscheck is None and problems):
        cands = _statsmodels_fits(profile.X, profile.y, groups, reml)
        for name, r, conv in cands:
            ll = profile.loglik(r) if np.isfinite(r) and r >= 0 else -np.inf
            rows.append((name, ll, r, conv))
        best = max(rows[1:], key=lambda row: row[1])
        r_pol = _polish(profile, best[2])
        rows.append(("profile (Brent, polished)", profile.loglik(r_pol), r_pol, True))
    zero_ll = profile.loglik(0.0)
    rows.append(("boundary tau2 = 0", zero_ll, 0.0, True))
    best = max(rows, key=lambda row: row[1])
    if zero_ll >= best[1] - 1e-9:  # as lme4: an optimum at the boundary is reported as 0
        best = rows[-1]
    table = pd.DataFrame(
        [
            {
                "optimizer": n,
                "log_likelihood": ll,
                "tau2": r * profile.parts(r)["sigma2"] if np.isfinite(r) else np.nan,
                "sigma2": profile.parts(r)["sigma2"] if np.isfinite(r) else np.nan,
                "converged": c,
            }
            for n, ll, r, c in rows
        ]
    ).set_index("optimizer")
    return best[2], best[0], table, problems


def crosscheck_notes(
    table: pd.DataFrame, problems: list[str], crosscheck: bool | None, allowed: bool, n: int,
    max_n: int | None, store: list[str],
) -> None:  # fmt: skip
    """Warnings about the cross-check: skipped although wanted, or better than statsmodels."""
    wanted = crosscheck or (crosscheck is None and problems)
    signal = f" ({'; '.join(problems)})" if problems else ""
    if wanted and not allowed:
        warn(
            f"{n:,} rows: statsmodels' optimisers (the cross-check{signal}) are skipped above "
            f"crosscheck_max_n={max_n:,}; the exact profiled likelihood is maximised directly.",
            store,
        )
        return
    statsmodels = table[table.index.str.startswith("statsmodels")]
    if statsmodels.empty:
        if problems:
            warn(
                f"The profiled likelihood signals a problem{signal}; statsmodels' optimisers "
                "(the cross-check) were not run (crosscheck=False): check the estimates.",
                store,
            )
        return
    gap = table["log_likelihood"].max() - statsmodels["log_likelihood"].max()
    if gap > 1e-6:
        warn(
            f"statsmodels' optimisers stopped {gap:.2g} log-likelihood units below the optimum; "
            "the profile optimisation found the better fit that is reported.",
            store,
        )
    if problems:
        warn(
            f"The profiled likelihood needed a cross-check{signal}: statsmodels' optimisers "
            "were run too and the best of every fit is reported.",
            store,
        )
