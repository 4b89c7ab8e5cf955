"""What a random-intercept model says about its variance, as performance and lme4 report it.

- :func:`r2_nakagawa`: marginal and conditional R2 (``performance::r2_nakagawa``);
- :func:`icc_interval`: the ICC with a profile-likelihood confidence interval;
- :func:`likelihood_ratio_test`: two nested ML fits (``anova(m0, m1)``).

Each takes a :class:`~trustlab.models.MixedResult` from :func:`~trustlab.models.mixed_model`
(the t and F tests of its fixed effects are in :mod:`trustlab.models.mixed_inference`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from trustlab.distributions import chi2
from trustlab.models._common import ModelError, check_confidence_level
from trustlab.models.mixed import MixedResult
from trustlab.models.mixed_inference import check_fit
from trustlab.results import ResultMixin

__all__ = [
    "MixedR2",
    "ICCInterval",
    "LikelihoodRatioTest",
    "r2_nakagawa",
    "icc_interval",
    "likelihood_ratio_test",
]


@dataclass(frozen=True, repr=False, eq=False)
class MixedR2(ResultMixin):
    """Nakagawa's R2 of a random-intercept model.

    Attributes
    ----------
    marginal : float
        ``var_fixed / (var_fixed + var_random + var_residual)``: the fixed effects' share.
    conditional : float
        ``(var_fixed + var_random) / total``: fixed and random effects together.
    var_fixed : float
        Variance of the fitted fixed part ``X b`` (n - 1 divisor).
    var_random, var_residual : float
        ``tau2`` and ``sigma2``.
    """

    marginal: float
    conditional: float
    var_fixed: float
    var_random: float
    var_residual: float

    def summary(self) -> pd.DataFrame:
        """One row: marginal and conditional R2 and the three variances."""
        return pd.DataFrame(
            {
                "marginal": [self.marginal],
                "conditional": [self.conditional],
                "var_fixed": [self.var_fixed],
                "var_random": [self.var_random],
                "var_residual": [self.var_residual],
            },
            index=pd.Index(["R2 (Nakagawa)"]),
        )


def r2_nakagawa(fit: MixedResult) -> MixedR2:
    """Marginal and conditional R2 (Nakagawa & Schielzeth 2013; Nakagawa, Johnson & Schielzeth
    2017), as ``performance::r2_nakagawa(lmer(...))`` for a random intercept.

    Examples
    --------
    >>> import pandas as pd
    >>> from trustlab.models import mixed_model
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 2.5, 4.0, 3.0, 5.5, 6.0, 7.5, 4.0, 4.5, 3.0, 5.0],
    ...                    "x": [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1],
    ...                    "g": list("aabbccddeeff")})
    >>> r2 = r2_nakagawa(mixed_model(df, "y", ["x"], group="g"))
    >>> round(r2.marginal, 4), round(r2.conditional, 4)  # performance: 0.13215 0.83734
    (0.1322, 0.8373)
    """
    fit = check_fit(fit)
    s = fit.stats
    b = fit.coefficients["estimate"].to_numpy(dtype=float)
    mean_fit = float(s.xs.sum(axis=0) @ b) / s.n_obs
    var_fixed = float(b @ s.xtx @ b - s.n_obs * mean_fit**2) / (s.n_obs - 1)
    total = var_fixed + fit.tau2 + fit.sigma2
    return MixedR2(
        marginal=var_fixed / total,
        conditional=(var_fixed + fit.tau2) / total,
        var_fixed=var_fixed,
        var_random=fit.tau2,
        var_residual=fit.sigma2,
    )


@dataclass(frozen=True, repr=False, eq=False)
class ICCInterval(ResultMixin):
    """The ICC ``tau2 / (tau2 + sigma2)`` of a random-intercept model with a profile-likelihood
    confidence interval.

    Attributes
    ----------
    icc, ci_low, ci_high : float
    theta, theta_low, theta_high : float
        ``tau / sigma`` and its interval (lme4's parameter).
    confidence_level : float
    criterion : str
        ``"REML"`` or ``"ML"``: the likelihood profiled.
    """

    icc: float
    ci_low: float
    ci_high: float
    theta: float
    theta_low: float
    theta_high: float
    confidence_level: float
    criterion: str

    def summary(self) -> pd.DataFrame:
        """One row: ICC and its interval."""
        return pd.DataFrame(
            {"icc": [self.icc], "ci_low": [self.ci_low], "ci_high": [self.ci_high]},
            index=pd.Index([f"ICC ({self.criterion} profile)"]),
        )


def icc_interval(fit: MixedResult, *, confidence_level: float = 0.95) -> ICCInterval:
    """The ICC with a profile-likelihood interval.

    The (RE)ML criterion profiled over the fixed effects and ``sigma`` is a function of ``theta =
    tau / sigma`` alone (lme4's ``devFunOnly`` deviance); the interval is ``{theta : dev(theta) -
    min dev <= qchisq(level, 1)}`` (lower end 0 when ``theta = 0`` is inside), mapped to the ICC
    ``theta^2 / (1 + theta^2)``. A likelihood-ratio interval is invariant to that monotone map,
    so this is the profile interval of the ICC itself. R: ``lmer(..., devFunOnly = TRUE)`` with
    ``optimize`` and ``uniroot`` (``tests/reference/mixed_inference.R``); not
    ``performance::icc(ci = )``, which bootstraps.

    Examples
    --------
    >>> import pandas as pd
    >>> from trustlab.models import mixed_model
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 2.5, 4.0, 3.0, 5.5, 6.0, 7.5, 4.0, 4.5, 3.0, 5.0],
    ...                    "g": list("aabbccddeeff")})
    >>> res = icc_interval(mixed_model(df, "y", [], group="g"))
    >>> round(res.icc, 4), round(res.ci_low, 4), round(res.ci_high, 4)
    (0.6262, 0.0, 0.9285)

    R's profile of the REML criterion gives 0.62617 and (0, 0.92848).
    """
    from scipy.optimize import brentq, minimize_scalar

    fit = check_fit(fit)
    level = check_confidence_level(confidence_level)
    prof = fit.stats.profile(fit.reml)

    def dev(theta: float) -> float:
        return float(prof.parts(theta * theta)["m2ll"])

    t_hat = float(np.sqrt(max(fit.tau2, 0.0) / fit.sigma2))
    if t_hat > 0:
        res = minimize_scalar(
            dev,
            bounds=(t_hat * (1 - 1e-3), t_hat * (1 + 1e-3)),
            method="bounded",
            options={"xatol": 1e-14 * max(t_hat, 1.0)},
        )
        t_hat = float(res.x) if res.fun < dev(t_hat) else t_hat
    d_min = dev(t_hat)
    crit = float(chi2.ppf(level, 1))

    def f(theta: float) -> float:
        return dev(theta) - d_min - crit

    low = 0.0 if f(0.0) <= 0 else brentq(f, 0.0, t_hat, xtol=1e-15, rtol=1e-15, maxiter=500)
    high = max(t_hat, 1e-3)
    while f(high) <= 0:
        high *= 2
        if high > 1e8:
            raise ModelError("The ICC's upper profile limit is not finite (too few groups).")
    high = brentq(f, t_hat, high, xtol=1e-15, rtol=1e-15, maxiter=500)

    def icc(theta: float) -> float:
        return theta * theta / (1 + theta * theta)

    return ICCInterval(
        icc=icc(t_hat),
        ci_low=icc(low),
        ci_high=icc(high),
        theta=t_hat,
        theta_low=float(low),
        theta_high=float(high),
        confidence_level=level,
        criterion="REML" if fit.reml else "ML",
    )


@dataclass(frozen=True, repr=False, eq=False)
class LikelihoodRatioTest(ResultMixin):
    """Likelihood-ratio test of two nested ML fits: ``statistic`` (chi-square), ``df``,
    ``p_value``, ``log_likelihood_reduced``, ``log_likelihood_full``, ``dropped_terms`` (in the
    full model only)."""

    statistic: float
    df: int
    p_value: float
    log_likelihood_reduced: float
    log_likelihood_full: float
    dropped_terms: tuple[str, ...]

    def summary(self) -> pd.DataFrame:
        """One row: chi-square, df, p."""
        return pd.DataFrame(
            {"statistic": [self.statistic], "df": [self.df], "p_value": [self.p_value]},
            index=pd.Index(["LRT"]),
        )

    def _title(self) -> str:
        return f"Likelihood-ratio test (ML) of {', '.join(self.dropped_terms)}"


def likelihood_ratio_test(reduced: MixedResult, full: MixedResult) -> LikelihoodRatioTest:
    """Likelihood-ratio test of two nested random-intercept models fitted by ML, as
    ``anova(m0, m1)`` in R (which refits REML fits by ML; here fit both with
    ``mixed_model(..., reml=False)`` on the same rows)."""
    for fit in (reduced, full):
        check_fit(fit)
        if fit.reml:
            raise ModelError(
                "The likelihood-ratio test compares ML fits: use mixed_model(..., reml=False) "
                "(REML likelihoods of models with different fixed effects are not comparable)."
            )
    if (reduced.n_obs, reduced.outcome, reduced.group) != (full.n_obs, full.outcome, full.group):
        raise ModelError(
            "The two fits must share the outcome, the group and the rows used "
            f"({reduced.n_obs} and {full.n_obs} rows)."
        )
    t_red, t_full = list(reduced.coefficients["term"]), list(full.coefficients["term"])
    if not set(t_red) < set(t_full):
        raise ModelError("The reduced model's terms must be a proper subset of the full model's.")
    stat = 2 * (full.log_likelihood - reduced.log_likelihood)
    df = len(t_full) - len(t_red)
    return LikelihoodRatioTest(
        statistic=float(stat),
        df=df,
        p_value=float(chi2.sf(stat, df)),
        log_likelihood_reduced=reduced.log_likelihood,
        log_likelihood_full=full.log_likelihood,
        dropped_terms=tuple(t for t in t_full if t not in t_red),
    )
