"""The likelihood-ratio test of terms of a random-intercept model, from the fit alone.

``anova(m0, m1)`` in R refits both models by maximum likelihood. For a random intercept the ML
criterion, profiled over the fixed effects and ``sigma``, is a function of one number, ``r =
tau2 / sigma2``, and of the model's sufficient statistics (``X'X``, ``X'y``, ``y'y`` and the
per-group sums), which the REML fit keeps (``MixedResult.stats``). The reduced model's statistics
are the rows and columns of the full model's that it keeps. So :func:`drop_lrt` needs no data
and no refit of the rows: it maximises the two one-dimensional profiles exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import minimize_scalar

from trustlab.models._common import INTERCEPT, ModelError
from trustlab.models.cluster_robust import constrain_zero
from trustlab.models.mixed import MixedResult, RandomInterceptStats
from trustlab.models.mixed_variance import LikelihoodRatioTest

__all__ = ["drop_lrt", "ml_log_likelihood"]

#: The grid of ``log r`` that brackets the ML optimum before Brent's method polishes it.
_LOG_R_GRID = np.linspace(-18.0, 8.0, 105)


def _subset(stats: RandomInterceptStats, keep: Sequence[int]) -> RandomInterceptStats:
    keep = list(keep)
    return RandomInterceptStats(
        xtx=stats.xtx[np.ix_(keep, keep)],
        xty=stats.xty[keep],
        yty=stats.yty,
        xs=stats.xs[:, keep],
        ys=stats.ys,
        sizes=stats.sizes,
        n_obs=stats.n_obs,
        n_params=len(keep),
    )


def ml_log_likelihood(stats: RandomInterceptStats) -> tuple[float, float]:
    """The maximised ML log-likelihood of a random-intercept model and its ``r = tau2 /
    sigma2`` (0 at the boundary), lme4's convention (``logLik(lmer(..., REML = FALSE))``)."""
    profile = stats.profile(False)

    def m2ll(log_r: float) -> float:
        return float(profile.parts(float(np.exp(log_r)))["m2ll"])

    values = np.array([m2ll(t) for t in _LOG_R_GRID])
    i = int(np.argmin(values))
    lo, hi = _LOG_R_GRID[max(i - 1, 0)], _LOG_R_GRID[min(i + 1, _LOG_R_GRID.size - 1)]
    res = minimize_scalar(m2ll, bounds=(lo, hi), method="bounded", options={"xatol": 1e-12})
    best_m2ll, best_r = float(res.fun), float(np.exp(res.x))
    if values[i] < best_m2ll:
        best_m2ll, best_r = float(values[i]), float(np.exp(_LOG_R_GRID[i]))
    at_zero = float(profile.parts(0.0)["m2ll"])
    if at_zero <= best_m2ll + 1e-9:  # as lme4: an optimum at the boundary is reported as 0
        best_m2ll, best_r = at_zero, 0.0
    return -0.5 * best_m2ll, best_r


def drop_lrt(fit: MixedResult, which: str | Sequence[str]) -> LikelihoodRatioTest:
    """Likelihood-ratio test of dropping terms from a random-intercept model, both models
    fitted by ML, as ``anova(m0, m1)`` of ``lme4::lmer(..., REML = FALSE)`` fits.

    ``which``: a categorical predictor (all its dummies, e.g. the exposure) or term names. The
    two ML fits come from the fit's sufficient statistics (see the module), on the rows the fit
    used.

    Examples
    --------
    >>> import pandas as pd
    >>> from trustlab.models import mixed_model
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 2.5, 4.0, 3.0, 5.5, 6.0, 7.5, 4.0, 4.5, 3.0, 5.0],
    ...                    "x": [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1],
    ...                    "g": list("aabbccddeeff")})
    >>> res = drop_lrt(mixed_model(df, "y", ["x"], group="g"), "x")
    >>> round(res.statistic, 4), res.df, round(res.p_value, 4)
    (5.5244, 1, 0.0188)

    In R: ``anova(lmer(y ~ 1 + (1 | g), df, REML = FALSE), lmer(y ~ x + (1 | g), df, REML =
    FALSE))`` gives Chisq 5.52441 on 1 df, p 0.018753.
    """
    from trustlab.distributions import chi2

    if not isinstance(fit, MixedResult) or fit.stats is None:
        raise ModelError("Expected a fit from mixed_model(data, outcome, predictors, group=...).")
    terms = list(fit.coefficients["term"])
    dropped = list(constrain_zero(fit, which).index)
    if INTERCEPT in dropped:
        raise ModelError("The intercept stays in both models; name the terms to drop.")
    keep = [i for i, t in enumerate(terms) if t not in dropped]
    ll_full, _ = ml_log_likelihood(fit.stats)
    ll_reduced, _ = ml_log_likelihood(_subset(fit.stats, keep))
    stat = max(2.0 * (ll_full - ll_reduced), 0.0)
    df = len(dropped)
    return LikelihoodRatioTest(
        statistic=float(stat),
        df=df,
        p_value=float(chi2.sf(stat, df)),
        log_likelihood_reduced=ll_reduced,
        log_likelihood_full=ll_full,
        dropped_terms=tuple(dropped),
    )
