"""Inference for the random-intercept model as lmerTest, pbkrtest and performance report it.

- :func:`fixed_effects_test`: t tests of the fixed effects with Satterthwaite degrees of freedom
  (``summary(lmerTest::lmer(...))``) or Kenward-Roger's (``summary(m, ddf = "Kenward-Roger")``);
- :func:`mixed_contrast_test`: the same for contrasts (``lmerTest::contest1D``);
- :func:`mixed_f_test`: the F test of several coefficients at once, e.g. an exposure's dummies
  (``lmerTest::contestMD``; ``anova(m, type = 3)`` for a term), Satterthwaite or Kenward-Roger;
- :func:`mixed_anova`: that F test for every predictor (``anova(m, type = 3)`` of a model
  without interactions);

Nakagawa's R2, the ICC's interval and the likelihood-ratio test are in
:mod:`trustlab.models.mixed_variance`.

Each takes a :class:`~trustlab.models.MixedResult` from :func:`~trustlab.models.mixed_model`;
everything follows from the fit's sufficient statistics (``fit.stats``). lmerTest's degrees of
freedom come from numerical derivatives; here they are exact (see
:mod:`trustlab.models._lmm_derivatives`), so the two agree to lmerTest's differencing error and
lme4's optimiser tolerance (about 1e-6 relative).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab.models._common import INTERCEPT, ModelError, check_confidence_level
from trustlab.models._lmm_derivatives import (
    fstat_ddf,
    kenward_roger,
    kr_ddf,
    satterthwaite,
    varpar_derivatives,
)
from trustlab.models.cluster_robust import _as_contrasts, constrain_zero
from trustlab.models.covariance import contrast_standard_errors
from trustlab.models.mixed import MixedResult
from trustlab.results import ResultMixin

__all__ = [
    "MixedCoefTest",
    "MixedFTest",
    "MixedAnova",
    "fixed_effects_test",
    "mixed_contrast_test",
    "mixed_f_test",
    "mixed_anova",
    "DDF_METHODS",
]

#: Denominator degrees of freedom (lmerTest's names).
DDF_METHODS = ("Satterthwaite", "Kenward-Roger")


def check_fit(fit: Any, ddf: str | None = None) -> MixedResult:
    if not isinstance(fit, MixedResult) or fit.stats is None:
        raise ModelError("Expected a fit from mixed_model(data, outcome, predictors, group=...).")
    if ddf is not None:
        if ddf not in DDF_METHODS:
            raise ModelError(f"ddf must be one of {', '.join(DDF_METHODS)}; got {ddf!r}.")
        if ddf == "Kenward-Roger" and not fit.reml:
            raise ModelError("Kenward-Roger's method needs a REML fit (mixed_model(reml=True)).")
    return fit


@dataclass(frozen=True, repr=False, eq=False)
class MixedCoefTest(ResultMixin):
    """t tests of fixed effects (or contrasts) of a random-intercept model.

    Attributes
    ----------
    table : pandas.DataFrame
        ``term``, ``estimate``, ``std_error``, ``statistic`` (t), ``df``, ``p_value``,
        ``ci_low``, ``ci_high``.
    ddf : str
        ``"Satterthwaite"`` (SE from ``vcov(lmer)``) or ``"Kenward-Roger"`` (SE from the
        adjusted covariance, ``pbkrtest::vcovAdj``).
    vcov : pandas.DataFrame
        The covariance behind the standard errors.
    outcome, group : str
    n_obs, n_groups : int
    confidence_level : float
    """

    table: pd.DataFrame
    ddf: str
    vcov: pd.DataFrame
    outcome: str
    group: str
    n_obs: int
    n_groups: int
    confidence_level: float

    def summary(self) -> pd.DataFrame:
        """The table, indexed by term."""
        return self.table.set_index("term")

    def _title(self) -> str:
        return (
            f"Fixed effects of {self.outcome} ({self.ddf} df), random intercept per "
            f"{self.group}: n = {self.n_obs}, {self.n_groups} groups"
        )


def _t_rows(fit: MixedResult, L: np.ndarray, ddf: str) -> tuple[np.ndarray, ...]:
    """Estimate, SE and df of each row of ``L``; and the covariance used."""
    beta = fit.coefficients["estimate"].to_numpy(dtype=float)
    if ddf == "Satterthwaite":
        der = varpar_derivatives(fit.stats, fit.tau2, fit.sigma2, fit.reml)
        V = fit.vcov.to_numpy()
        df = np.array([satterthwaite(der, row) for row in L])
    else:
        kr = kenward_roger(fit.stats, fit.tau2, fit.sigma2)
        V = kr.vcov_adj
        df = np.array([kr_ddf(kr, row)[0] for row in L])
    return L @ beta, contrast_standard_errors(L, V), df, V


def _table(names: Sequence[str], est, se, df, level: float) -> pd.DataFrame:
    from trustlab.distributions import t as t_dist

    with np.errstate(divide="ignore", invalid="ignore"):
        stat = est / se
        q = t_dist.ppf(1 - (1 - level) / 2, df)
    return pd.DataFrame(
        {
            "term": list(names),
            "estimate": est,
            "std_error": se,
            "statistic": stat,
            "df": df,
            "p_value": 2 * t_dist.sf(np.abs(stat), df),
            "ci_low": est - q * se,
            "ci_high": est + q * se,
        }
    )


def fixed_effects_test(
    fit: MixedResult, *, ddf: str = "Satterthwaite", confidence_level: float | None = None
) -> MixedCoefTest:
    """t tests of every fixed effect with Satterthwaite or Kenward-Roger degrees of freedom.

    As ``summary(lmerTest::lmer(...))`` (estimate, SE, df, t, p) and ``contest(m, diag(p), joint
    = FALSE, confint = TRUE)`` (the interval), or with ``ddf = "Kenward-Roger"`` as
    ``summary(m, ddf = "Kenward-Roger")``: SEs from pbkrtest's adjusted covariance.

    Examples
    --------
    >>> import pandas as pd
    >>> from trustlab.models import mixed_model
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 2.5, 4.0, 3.0, 5.5, 6.0, 7.5, 4.0, 4.5, 3.0, 5.0],
    ...                    "x": [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1],
    ...                    "g": list("aabbccddeeff")})
    >>> res = fixed_effects_test(mixed_model(df, "y", ["x"], group="g"))
    >>> res.table[["term", "std_error", "df"]].round(4)
              term  std_error      df
    0  (Intercept)     0.7622  6.5755
    1            x     0.4930  5.2019

    In R: ``summary(lmerTest::lmer(y ~ x + (1 | g), df))`` gives SE 0.76216, 0.49304 and df
    6.5755, 5.2019.
    """
    fit = check_fit(fit, ddf)
    level = check_confidence_level(
        fit.confidence_level if confidence_level is None else confidence_level
    )
    terms = list(fit.coefficients["term"])
    est, se, df, V = _t_rows(fit, np.eye(len(terms)), ddf)
    return MixedCoefTest(
        table=_table(terms, est, se, df, level),
        ddf=ddf,
        vcov=pd.DataFrame(V, index=terms, columns=terms),
        outcome=fit.outcome,
        group=fit.group,
        n_obs=fit.n_obs,
        n_groups=fit.n_groups,
        confidence_level=level,
    )


def mixed_contrast_test(
    fit: MixedResult,
    contrasts: Any,
    *,
    ddf: str = "Satterthwaite",
    confidence_level: float | None = None,
) -> MixedCoefTest:
    """t tests of contrasts ``c' b``, one row at a time, as ``lmerTest::contest1D`` (or
    ``contest(m, L, joint = FALSE, confint = TRUE)``).

    ``contrasts``: a DataFrame with terms as columns (e.g.
    :func:`~trustlab.models.constrain_adjacent`), an array, or term names.
    """
    fit = check_fit(fit, ddf)
    level = check_confidence_level(
        fit.confidence_level if confidence_level is None else confidence_level
    )
    L, names = _as_contrasts(fit, list(fit.coefficients["term"]), contrasts)
    est, se, df, V = _t_rows(fit, L, ddf)
    return MixedCoefTest(
        table=_table(names, est, se, df, level),
        ddf=ddf,
        vcov=pd.DataFrame(L @ V @ L.T, index=names, columns=names),
        outcome=fit.outcome,
        group=fit.group,
        n_obs=fit.n_obs,
        n_groups=fit.n_groups,
        confidence_level=level,
    )


@dataclass(frozen=True, repr=False, eq=False)
class MixedFTest(ResultMixin):
    """An F test of ``L b = 0`` in a random-intercept model.

    Attributes
    ----------
    statistic : float
        F (for Kenward-Roger, pbkrtest's scaled F).
    df_num : int
        The rank of ``L``.
    df_denom : float
        Satterthwaite (lmerTest's ``get_Fstat_ddf`` of the per-direction df) or Kenward-Roger.
    p_value : float
    ddf : str
    hypothesis : pandas.DataFrame
        ``L``, terms as columns.
    """

    statistic: float
    df_num: int
    df_denom: float
    p_value: float
    ddf: str
    hypothesis: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """One row: F, df_num, df_denom, p_value."""
        return pd.DataFrame(
            {
                "statistic": [self.statistic],
                "df_num": [self.df_num],
                "df_denom": [self.df_denom],
                "p_value": [self.p_value],
            },
            index=pd.Index([self.ddf], name="ddf"),
        )

    def _title(self) -> str:
        return f"F test ({self.ddf} df) of {', '.join(map(str, self.hypothesis.index))} = 0"


def _f_test(fit: MixedResult, L: np.ndarray, ddf: str) -> tuple[float, int, float, float]:
    from trustlab.distributions import f as f_dist

    beta = fit.coefficients["estimate"].to_numpy(dtype=float)
    if ddf == "Kenward-Roger":
        kr = kenward_roger(fit.stats, fit.tau2, fit.sigma2)
        df2, scaling = kr_ddf(kr, L)
        q = int(np.linalg.matrix_rank(L))
        Lb = L @ beta
        F = scaling * float(Lb @ np.linalg.solve(L @ kr.vcov_adj @ L.T, Lb)) / q
        return F, q, df2, float(f_dist.sf(F, q, df2))
    # lmerTest's contestMD: the directions of L V L' with their own Satterthwaite df
    der = varpar_derivatives(fit.stats, fit.tau2, fit.sigma2, fit.reml)
    vals, vecs = np.linalg.eigh(L @ fit.vcov.to_numpy() @ L.T)
    order = np.argsort(vals)[::-1]
    d, P = vals[order], vecs[:, order]
    keep = d > max(np.sqrt(np.finfo(float).eps) * d[0], 0)
    q = int(keep.sum())
    if q == 0:
        raise ModelError("The contrast matrix has rank 0: nothing to test.")
    PtL = (P.T @ L)[:q]
    F = float(np.sum((PtL @ beta) ** 2 / d[:q]) / q)
    nu = np.array([satterthwaite(der, row) for row in PtL])
    df2 = fstat_ddf(nu)
    return F, q, df2, float(f_dist.sf(F, q, df2))


def mixed_f_test(fit: MixedResult, constraints: Any, *, ddf: str = "Satterthwaite") -> MixedFTest:
    """F test of several fixed effects at once, as ``lmerTest::contestMD(m, L)`` (Satterthwaite)
    or ``contestMD(m, L, ddf = "Kenward-Roger")`` (pbkrtest's ``KRmodcomp``).

    ``constraints``: a categorical predictor's name (all its dummies: the exposure's test),
    term names, a DataFrame with terms as columns or an array. The F statistic depends only on
    the hypothesis; lmerTest's Satterthwaite df also on how ``L`` is written (it averages the df
    of the directions of ``L V L'``): a predictor's dummies as rows of the identity, as here,
    give what ``anova(m, type = 3)`` reports when the model has two or more predictors (see
    :func:`mixed_anova` for one).

    Examples
    --------
    >>> import pandas as pd
    >>> from trustlab.models import mixed_model
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 2.5, 4.0, 3.0, 5.5, 6.0, 7.5, 4.0, 4.5, 3.0, 5.0],
    ...                    "k": list("abcabcabcaba"), "g": list("aabbccddeeff")})
    >>> res = mixed_f_test(mixed_model(df, "y", ["k"], group="g"), "k")
    >>> round(res.statistic, 4), round(res.df_denom, 4)  # R contestMD(m, L): 0.09325, 5.1563
    (0.0932, 5.1563)
    """
    fit = check_fit(fit, ddf)
    terms = list(fit.coefficients["term"])
    L, names = _as_contrasts(fit, terms, constraints)
    F, q, df2, p = _f_test(fit, L, ddf)
    return MixedFTest(F, q, df2, p, ddf, pd.DataFrame(L, index=names, columns=terms))


@dataclass(frozen=True, repr=False, eq=False)
class MixedAnova(ResultMixin):
    """F tests of each predictor (all its coefficients): ``table`` with ``term``, ``statistic``,
    ``df_num``, ``df_denom``, ``p_value``; ``ddf``."""

    table: pd.DataFrame
    ddf: str

    def summary(self) -> pd.DataFrame:
        """The table, indexed by predictor."""
        return self.table.set_index("term")

    def _title(self) -> str:
        return f"F tests of the fixed effects ({self.ddf} df)"


def mixed_anova(fit: MixedResult, *, ddf: str = "Satterthwaite") -> MixedAnova:
    """The F test of every predictor, as ``anova(lmerTest::lmer(...), type = 3)`` for a model
    without interactions (each predictor's coefficients against zero).

    With two or more predictors lmerTest's type III contrasts (treatment coding) are the rows
    of the identity for each predictor's coefficients; with one predictor it returns the type I
    contrasts, the rows of the predictor's columns in the transposed unit lower factor of the
    Doolittle decomposition of ``X'X`` (entries below 1e-6 in size set to zero, as lmerTest's
    ``doolittle``): the same hypothesis and F, a different Satterthwaite df. Both are
    reproduced here.
    """
    fit = check_fit(fit, ddf)
    terms = [t for t in fit.coefficients["term"] if t != INTERCEPT]
    predictors: list[str] = []
    for t in terms:
        var = next((v for v in fit.levels if t.startswith(f"{v}[")), t)
        if var not in predictors:
            predictors.append(var)
    all_terms = list(fit.coefficients["term"])
    doolittle = _doolittle_rows(fit.stats.xtx) if len(predictors) == 1 else None
    rows = []
    for var in predictors:
        L = constrain_zero(fit, var).to_numpy()
        if doolittle is not None:
            L = doolittle[[all_terms.index(t) for t in constrain_zero(fit, var).index]]
        F, q, df2, p = _f_test(fit, L, ddf)
        rows.append((var, F, q, df2, p))
    table = pd.DataFrame(rows, columns=["term", "statistic", "df_num", "df_denom", "p_value"])
    return MixedAnova(table, ddf)


def _doolittle_rows(xtx: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """``t(doolittle(X'X)$L)`` of lmerTest: the unit lower LU factor (no pivoting) of ``X'X``,
    transposed, entries below ``eps`` in size set to zero."""
    C = np.linalg.cholesky(xtx)  # X'X = C C' = (C / d)(d C'): L = C / d, U = d C', U_ii = d^2
    d = np.diag(C)
    L = np.where(d * d < eps, 0.0, C / np.where(d == 0, 1.0, d))
    np.fill_diagonal(L, 1.0)
    L[np.abs(L) < eps] = 0.0
    return L.T
