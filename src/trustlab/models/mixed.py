"""Linear mixed model with a random intercept per cluster (REML or ML), as ``lme4::lmer``.

The variance ratio ``tau2 / sigma2`` maximises the exact (lme4-convention) profiled
log-likelihood: a grid in its logarithm, then the root of the profile's closed-form slope
(Brent's method) between the best point's neighbours. Where that profile signals a problem
(more than one local maximum, a ratio running off), or on request, statsmodels' ``MixedLM`` is
fitted with several optimisers as a cross-check (it can report ``converged=True`` at a point
that is not the optimum): each candidate is scored with the exact log-likelihood, the best
polished, and the best of every fit kept.
Fixed-effect SEs are computed as lme4 does, ``(X' V^-1 X)^-1`` at the estimates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab._arguments import whole_number
from trustlab.distributions import norm
from trustlab.models._common import ModelError, check_confidence_level, warn
from trustlab.models._design import build_design
from trustlab.models._mixed_fit import OPTIMIZERS, crosscheck_notes, fit_profile
from trustlab.models.covariance import standard_errors
from trustlab.models.regression import RegressionResult

__all__ = [
    "MixedResult",
    "RandomInterceptStats",
    "mixed_model",
    "random_intercept_fit",
    "OPTIMIZERS",
]


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
        xs_w = xs.T * w  # once for both products (p x groups)
        xtwx = self.xtx - xs_w @ xs
        xtwy = self.xty - xs_w @ ys
        beta = np.linalg.solve(xtwx, xtwy)
        es = ys - xs @ beta
        ete = self.yty - 2 * float(beta @ self.xty) + float(beta @ self.xtx @ beta)
        rss = float(ete - np.sum(es**2 * w))
        logdet = float(np.sum(np.log1p(self.sizes * r)))
        dfr = self.n - self.p if self.reml else self.n
        s2 = rss / dfr
        # a residual sum of squares lost to rounding (a ratio far beyond the data's): no fit
        m2ll = dfr * (np.log(2 * np.pi * s2) + 1) + logdet if s2 > 0 else np.inf
        if self.reml:
            m2ll += np.linalg.slogdet(xtwx)[1]
        return {"beta": beta, "sigma2": s2, "xtwx_inv": np.linalg.inv(xtwx), "m2ll": m2ll}

    def loglik(self, r: float) -> float:
        return -0.5 * self.parts(r)["m2ll"]

    def by_size(self) -> tuple[np.ndarray, ...]:
        """The group sums gathered per group size: every weight ``w_g = r / (1 + n_g r)`` is
        a function of the size alone, so the searches over ``r`` cost O(sizes p^2), not
        O(groups p^2). Returns the distinct sizes, the groups of each size and, per size, the
        sums of ``xs_g xs_g'``, ``xs_g ys_g`` and ``ys_g^2``."""
        if getattr(self, "_by_size", None) is None:
            sizes, which = np.unique(self.sizes, return_inverse=True)
            xx = np.stack([self.xs[which == k].T @ self.xs[which == k] for k in range(sizes.size)])
            xy = np.stack([self.xs[which == k].T @ self.ys[which == k] for k in range(sizes.size)])
            yy = np.bincount(which, weights=self.ys**2, minlength=sizes.size)
            count = np.bincount(which, minlength=sizes.size).astype(float)
            self._by_size = (sizes, count, xx, xy, yy)
        return self._by_size

    def search(self, t: float, slope: bool = False) -> float:
        """-2 log-likelihood at ``r = exp(t)`` (or, with ``slope``, its derivative in ``t``)
        from the per-size sums (:meth:`by_size`); infinite where ``X'WX`` is numerically
        singular or the residual sum of squares vanishes (a ratio far beyond the data's).

        The derivative, with ``w' = 1 / (1 + n_g r)^2`` and the fixed effects profiled out
        (the residual sum of squares moves by ``-sum w_g' e_g^2``): ``-df sum w_g' e_g^2 / rss
        + sum n_g / (1 + n_g r)``, for REML minus ``tr((X'WX)^-1 sum w_g' xs_g xs_g')``, times r.
        """
        r = float(np.exp(t))
        sizes, count, xx, xy, yy = self.by_size()
        w = r / (1 + sizes * r)
        xtwx = self.xtx - np.tensordot(w, xx, axes=1)
        try:
            beta = np.linalg.solve(xtwx, self.xty - w @ xy)
        except np.linalg.LinAlgError:
            return np.inf
        ete = self.yty - 2 * float(beta @ self.xty) + float(beta @ self.xtx @ beta)
        es2 = yy - 2 * (xy @ beta) + np.einsum("kij,i,j->k", xx, beta, beta)  # sum of e_g^2
        rss = float(ete - w @ es2)
        dfr = self.n - self.p if self.reml else self.n
        if not rss > 0:
            return np.inf
        if slope:
            dw = 1 / (1 + sizes * r) ** 2
            d = -dfr * float(dw @ es2) / rss + float(count @ (sizes / (1 + sizes * r)))
            if self.reml:
                d -= float(np.tensordot(dw, xx, axes=1).ravel() @ np.linalg.inv(xtwx).ravel())
            return r * d
        m2ll = dfr * (np.log(2 * np.pi * rss / dfr) + 1) + float(count @ np.log1p(sizes * r))
        if self.reml:
            m2ll += np.linalg.slogdet(xtwx)[1]
        return float(m2ll)

    def m2ll(self, t: float) -> float:
        """-2 log-likelihood at ``r = exp(t)`` (:meth:`search`)."""
        return self.search(t)


def mixed_model(
    data: pd.DataFrame,
    outcome: str,
    predictors: Sequence[str],
    *,
    group: str,
    categorical: Mapping[str, Any] | Sequence[str] | None = None,
    reml: bool = True,
    confidence_level: float = 0.95,
    crosscheck: bool | None = None,
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
    crosscheck : bool or None, default None
        The variance ratio ``tau2 / sigma2`` is found by maximising the exact profiled
        likelihood (a grid in its logarithm, then the root of its slope). statsmodels' ``MixedLM``
        optimisers are run as a cross-check (listed in ``optimizers``, the best start polished
        too, the best fit kept) when this is True, or when it is None and the profile signals
        a problem (more than one local maximum, or a variance ratio running off); False never.
    crosscheck_max_n : int or None, default 50,000
        statsmodels' fits cost about a second per thousand rows, so above this many rows they
        are skipped (with a warning where they were asked for or signalled); ``None`` runs
        them at any size.

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
    if crosscheck is not None and not isinstance(crosscheck, bool):
        raise ModelError(f"crosscheck must be True, False or None, got {crosscheck!r}.")
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
    allowed = crosscheck_max_n is None or n <= crosscheck_max_n
    check = crosscheck if allowed else False
    r, optimizer, table, problems = fit_profile(prof, groups, reml, check)
    crosscheck_notes(table, problems, crosscheck, allowed, n, crosscheck_max_n, store)
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
    r0, _, _, _ = fit_profile(null, groups, reml, check)
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

    The same criterion and optimiser as :func:`mixed_model` (the exact profile's maximum, ``r = 0``
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
    r, _, _, _ = fit_profile(profile, groups, reml, False)
    parts = profile.parts(r)
    return parts["beta"], parts["sigma2"] * parts["xtwx_inv"], r, parts["sigma2"]
