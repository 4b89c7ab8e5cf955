"""Linear mixed model with a random intercept per cluster (REML or ML), as ``lme4::lmer``.

statsmodels' ``MixedLM`` can report ``converged=True`` at a point that is not the optimum, so the
model is fitted with several optimisers, each candidate is scored with the exact (lme4-convention)
log-likelihood, a one-dimensional profile optimisation polishes the best, and the best is kept.
Fixed-effect SEs are computed as lme4 does, ``(X' V^-1 X)^-1`` at the estimates.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from scipy.stats import norm
from statsmodels.regression.mixed_linear_model import MixedLM

from trustlab._arguments import whole_number
from trustlab.models._common import ModelError, build_design, check_confidence_level, warn
from trustlab.models.covariance import standard_errors
from trustlab.models.regression import RegressionResult

__all__ = [
    "MixedResult",
    "RandomInterceptStats",
    "mixed_model",
    "random_intercept_fit",
    "OPTIMIZERS",
]

#: statsmodels optimisers tried, in order (each a ``method=`` list for ``MixedLM.fit``).
OPTIMIZERS: tuple[tuple[str, ...], ...] = (("powell", "lbfgs"), ("nm", "lbfgs"), ("lbfgs",))


@dataclass(frozen=True, repr=False, eq=False, kw_only=True)
class MixedResult(RegressionResult):
    """A linear mixed model with a random intercept per cluster.

    Attributes
    ----------
    coefficients : pandas.DataFrame
        Fixed effects: ``term``, ``estimate``, ``std_error`` (lme4's, from
        ``(X' V^-1 X)^-1``), ``std_error_robust`` and ``std_error_cluster`` (NaN: the random
        intercept already models the clustering), ``statistic`` (z), ``p_value``, ``ci_low``,
        ``ci_high`` (Wald, normal; lme4 itself gives no p-values).
    tau2 : float
        Variance of the random intercepts.
    sigma2 : float
        Residual variance.
    icc : float
        ``tau2 / (tau2 + sigma2)`` of this model (adjusted for its fixed effects).
    icc_null : float
        ICC of the null model (intercept only) on the same rows: the share of the variance
        between clusters.
    log_likelihood : float
        REML or ML log-likelihood, lme4's convention (``logLik(lmer)``).
    reml : bool
    aic, bic : float
        From ``log_likelihood`` with fixed effects + 2 variance parameters (as lme4).
    optimizer : str
        The fit that gave the highest log-likelihood.
    optimizers : pandas.DataFrame
        Every fit tried: ``log_likelihood``, ``tau2``, ``sigma2``, ``converged`` (what
        statsmodels reported).
    vcov : pandas.DataFrame
    outcome, group : str
    n_obs, n_rows, n_groups : int
    dropped : dict
    dropped_rows : tuple
    dropped_terms : tuple of str
    levels : dict
    confidence_level : float
    warnings : tuple of str
    stats : RandomInterceptStats or None
        The sufficient statistics of the model, from which its Satterthwaite and Kenward-Roger
        tests, R2 and ICC interval follow (:mod:`trustlab.models.mixed_inference`).
    """

    _private = ("dropped_rows", "stats")

    tau2: float
    sigma2: float
    icc: float
    icc_null: float
    log_likelihood: float
    reml: bool
    aic: float
    bic: float
    optimizer: str
    optimizers: pd.DataFrame
    group: str
    n_groups: int
    stats: RandomInterceptStats | None = None

    def _title(self) -> str:
        kind = "REML" if self.reml else "ML"
        return (
            f"Linear mixed model ({kind}) of {self.outcome}, random intercept per {self.group}: "
            f"n = {self.n_obs}, {self.n_groups} groups, tau2 = {self.tau2:.4g}, "
            f"sigma2 = {self.sigma2:.4g}, ICC (null model) = {self.icc_null:.3f}"
        )

    def _notes(self) -> list[str]:
        return list(self.warnings)


@dataclass(frozen=True, repr=False, eq=False)
class RandomInterceptStats:
    """Sufficient statistics of ``y = X b + u_group + e``: everything the (RE)ML criterion and its
    derivatives need, without the rows.

    Attributes
    ----------
    xtx : numpy.ndarray
        ``X'X`` (p x p).
    xty : numpy.ndarray
        ``X'y``.
    yty : float
        ``y'y``.
    xs : numpy.ndarray
        Column sums of ``X`` per group (groups x p).
    ys : numpy.ndarray
        Sums of ``y`` per group.
    sizes : numpy.ndarray
        Rows per group.
    n_obs, n_params : int
    """

    xtx: np.ndarray
    xty: np.ndarray
    yty: float
    xs: np.ndarray
    ys: np.ndarray
    sizes: np.ndarray
    n_obs: int
    n_params: int

    def profile(self, reml: bool) -> _Profile:
        """The profiled (RE)ML criterion of these statistics."""
        return _Profile.from_stats(self, reml)


class _Profile:
    """Exact profiled (RE)ML log-likelihood of a random-intercept model in ``r = tau2 / sigma2``."""

    def __init__(self, X: np.ndarray, y: np.ndarray, groups: np.ndarray, reml: bool) -> None:
        self.X, self.y, self.g, self.reml = X, y, groups, reml
        self.sizes = np.bincount(groups).astype(float)
        self.n, self.p = X.shape
        # sufficient statistics: every evaluation then costs O(groups p^2), not O(n p)
        self.xtx, self.xty, self.yty = X.T @ X, X.T @ y, float(y @ y)
        self.xs, self.ys = self._gsum(X), self._gsum(y)

    @classmethod
    def from_stats(cls, stats: RandomInterceptStats, reml: bool) -> _Profile:
        """A profile from sufficient statistics alone (no rows: no statsmodels cross-check)."""
        self = cls.__new__(cls)
        self.X = self.y = self.g = None
        self.reml = reml
        self.sizes, self.n, self.p = stats.sizes, stats.n_obs, stats.n_params
        self.xtx, self.xty, self.yty = stats.xtx, stats.xty, stats.yty
        self.xs, self.ys = stats.xs, stats.ys
        return self

    def stats(self) -> RandomInterceptStats:
        return RandomInterceptStats(
            self.xtx, self.xty, self.yty, self.xs, self.ys, self.sizes, self.n, self.p
        )

    def _gsum(self, a: np.ndarray) -> np.ndarray:
        """Sums per group (``bincount`` per column: much faster than ``np.add.at``)."""
        m = self.sizes.size
        if a.ndim == 1:
            return np.bincount(self.g, weights=a, minlength=m)
        return np.column_stack(
            [np.bincount(self.g, weights=a[:, j], minlength=m) for j in range(a.shape[1])]
        ).reshape(m, a.shape[1])

    def parts(self, r: float) -> dict[str, Any]:
        """Estimates at variance ratio ``r``: beta, sigma2, (X'WX)^-1 and -2 log-likelihood."""
        # per group V = s2 (I + r J), so s2 V^-1 = I - r / (1 + n_g r) J
        xs, ys, w = self.xs, self.ys, r / (1 + self.sizes * r)
        xtwx = self.xtx - (xs.T * w) @ xs
        xtwy = self.xty - (xs.T * w) @ ys
        beta = np.linalg.solve(xtwx, xtwy)
        es = ys - xs @ beta
        ete = self.yty - 2 * float(beta @ self.xty) + float(beta @ self.xtx @ beta)
        rss = float(ete - np.sum(es**2 * w))
        logdet = float(np.sum(np.log1p(self.sizes * r)))
        if self.reml:
            dfr = self.n - self.p
            s2 = rss / dfr
            m2ll = dfr * (np.log(2 * np.pi * s2) + 1) + logdet + np.linalg.slogdet(xtwx)[1]
        else:
            s2 = rss / self.n
            m2ll = self.n * (np.log(2 * np.pi * s2) + 1) + logdet
        return {"beta": beta, "sigma2": s2, "xtwx_inv": np.linalg.inv(xtwx), "m2ll": m2ll}

    def loglik(self, r: float) -> float:
        return -0.5 * self.parts(r)["m2ll"]


def _statsmodels_fits(
    X: np.ndarray, y: np.ndarray, groups: np.ndarray, reml: bool
) -> list[tuple[str, float, bool]]:
    """``(name, r, converged)`` from statsmodels MixedLM with each optimiser."""

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


def _polish(profile: _Profile, r0: float) -> float:
    """Maximise the profiled log-likelihood in log r (bounded Brent around the start)."""

    start = np.log(max(r0, 1e-8)) if np.isfinite(r0) else 0.0
    res = minimize_scalar(
        lambda t: profile.parts(float(np.exp(t)))["m2ll"],
        bounds=(min(start, 0.0) - 20, max(start, 0.0) + 20),
        method="bounded",
        options={"xatol": 1e-10, "maxiter": 500},
    )
    return float(np.exp(res.x))


def _fit(
    profile: _Profile, groups: np.ndarray, reml: bool, crosscheck: bool = True
) -> tuple[float, str, pd.DataFrame]:
    cands = _statsmodels_fits(profile.X, profile.y, groups, reml) if crosscheck else []
    rows = []
    for name, r, conv in cands:
        ll = profile.loglik(r) if np.isfinite(r) and r >= 0 else -np.inf
        rows.append((name, ll, r, conv))
    best = max(rows, key=lambda row: row[1]) if rows else ("", -np.inf, 1.0, True)
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
    return best[2], best[0], table


def mixed_model(
    data: pd.DataFrame,
    outcome: str,
    predictors: Sequence[str],
    *,
    group: str,
    categorical: Mapping[str, Any] | Sequence[str] | None = None,
    reml: bool = True,
    confidence_level: float = 0.95,
    crosscheck_max_n: int | None = 50_000,
) -> MixedResult:
    """Linear mixed model with a random intercept per ``group`` (REML by default).

    As ``lme4::lmer(outcome ~ predictors + (1 | group), REML = reml)``. The ICC of the null
    model (``outcome ~ 1 + (1 | group)`` on the same rows) is reported as ``icc_null``.

    Parameters
    ----------
    data : pandas.DataFrame
    outcome : str
    predictors : sequence of str
        May be empty (the null model).
    group : str
        The cluster column (e.g. the network).
    categorical : dict or sequence, optional
        As in :func:`~trustlab.models.ols`.
    reml : bool, default True
    confidence_level : float, default 0.95
    crosscheck_max_n : int or None, default 50,000
        The variance ratio is found by maximising the exact profiled likelihood, started from
        the best of statsmodels' ``MixedLM`` optimisers (a cross-check listed in
        ``optimizers``). statsmodels' fits cost about a second per thousand rows, so above
        this many rows they are skipped (with a warning) and the profile is maximised from
        ``tau2 / sigma2 = 1`` over a wide bracket; ``None`` always runs them.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 2.5, 4.0, 3.0, 5.5, 6.0, 7.5, 4.0, 4.5],
    ...                    "g": ["a", "a", "b", "b", "c", "c", "d", "d", "e", "e"]})
    >>> fit = mixed_model(df, "y", [], group="g")
    >>> round(fit.icc_null, 4), round(fit.log_likelihood, 4)  # R lmer: 0.715976, -18.339546
    (0.716, -18.3395)
    """
    level = check_confidence_level(confidence_level)
    if crosscheck_max_n is not None:
        crosscheck_max_n = whole_number(
            crosscheck_max_n, "crosscheck_max_n", minimum=0, error=ModelError
        )
    design = build_design(data, outcome, predictors, categorical=categorical, cluster=group)
    store = list(design.warnings)
    groups = design.cluster
    n_groups = int(groups.max()) + 1
    n, p = design.X.shape
    if n_groups < 2:
        raise ModelError(
            f"All used rows are in one {group!r}: a random intercept needs at least 2."
        )
    if n - p < 2:
        raise ModelError(f"{n} rows for {p} fixed effects: use fewer predictors.")
    if n_groups < 5:
        warn(f"Only {n_groups} groups: the between-group variance is poorly estimated.", store)
    if n_groups == n:
        raise ModelError(f"Every row is its own {group!r}: the random intercept is not identified.")
    if np.all(design.y == design.y[0]):
        raise ModelError(
            f"The outcome {outcome!r} has the same value ({design.y[0]:g}) in every used row: "
            "there is no variance to split between and within groups.",
            column=outcome,
        )
    prof = _Profile(design.X, design.y, groups, reml)
    crosscheck = crosscheck_max_n is None or n <= crosscheck_max_n
    if not crosscheck:
        warn(
            f"{n:,} rows: statsmodels' optimisers (the cross-check) are skipped above "
            f"crosscheck_max_n={crosscheck_max_n:,}; the exact profiled likelihood is maximised "
            "directly.",
            store,
        )
    r, optimizer, table = _fit(prof, groups, reml, crosscheck)
    sm_best = table.drop(index=["profile (Brent, polished)", "boundary tau2 = 0"])
    gap = table["log_likelihood"].max() - sm_best["log_likelihood"].max()
    if crosscheck and gap > 1e-6:
        warn(
            f"statsmodels' optimisers stopped {gap:.2g} log-likelihood units below the optimum; "
            "the profile optimisation found the better fit that is reported.",
            store,
        )
    parts = prof.parts(r)
    s2 = parts["sigma2"]
    tau2 = r * s2
    if tau2 < 1e-10 * s2:
        warn(
            f"The variance between {group!r} groups is estimated as 0 (a singular fit): the "
            "random intercept adds nothing; the fixed effects equal OLS.",
            store,
        )
    vcov = s2 * parts["xtwx_inv"]
    null = _Profile(np.ones((n, 1)), design.y, groups, reml)
    r0, _, _ = _fit(null, groups, reml, crosscheck)
    icc_null = r0 / (1 + r0)

    est = parts["beta"]
    se = standard_errors(vcov)
    z = est / se
    q = norm.ppf(1 - (1 - level) / 2)
    coef = pd.DataFrame(
        {
            "term": list(design.terms),
            "estimate": est,
            "std_error": se,
            "std_error_robust": np.nan,
            "std_error_cluster": np.nan,
            "statistic": z,
            "p_value": 2 * norm.sf(np.abs(z)),
            "ci_low": est - q * se,
            "ci_high": est + q * se,
        }
    )
    ll = float(table.loc[optimizer, "log_likelihood"])
    n_par = p + 2
    return MixedResult(
        coefficients=coef,
        tau2=float(tau2),
        sigma2=float(s2),
        icc=float(r / (1 + r)),
        icc_null=float(icc_null),
        log_likelihood=ll,
        reml=reml,
        aic=-2 * ll + 2 * n_par,
        bic=-2 * ll + np.log(n) * n_par,
        optimizer=optimizer,
        optimizers=table,
        vcov=pd.DataFrame(vcov, index=list(design.terms), columns=list(design.terms)),
        outcome=outcome,
        group=group,
        n_obs=n,
        n_rows=design.n_rows,
        n_groups=n_groups,
        dropped=design.dropped,
        dropped_rows=design.dropped_rows,
        dropped_terms=design.dropped_terms,
        levels=design.levels,
        confidence_level=level,
        warnings=tuple(store),
        stats=prof.stats(),
    )


def random_intercept_fit(
    X: np.ndarray, y: np.ndarray, groups: np.ndarray, *, reml: bool = True
) -> tuple[np.ndarray, np.ndarray, float, float]:
    """The estimates of ``y = X b + u_group + e`` from the exact profiled (RE)ML alone:
    ``(beta, vcov, r = tau2 / sigma2, sigma2)``, ``vcov`` being lme4's ``sigma2 (X' V^-1 X)^-1``.

    The same criterion and optimiser as :func:`mixed_model` (bounded Brent in ``log r``, ``r = 0``
    when the boundary is at least as good, as lme4 reports it) without the result object and the
    statsmodels cross-check: for the power simulation's thousands of replicates. ``groups`` holds
    codes ``0..G-1``.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> g = np.repeat(np.arange(10), 8)
    >>> y = rng.normal(size=10)[g] + rng.normal(size=80)
    >>> beta, vcov, r, s2 = random_intercept_fit(np.ones((80, 1)), y, g)
    >>> bool(r > 0), vcov.shape
    (True, (1, 1))
    """
    profile = _Profile(X, y, groups, reml)
    r = _polish(profile, 1.0)
    if profile.parts(0.0)["m2ll"] <= profile.parts(r)["m2ll"] + 1e-9:
        r = 0.0
    parts = profile.parts(r)
    return parts["beta"], parts["sigma2"] * parts["xtwx_inv"], r, parts["sigma2"]
