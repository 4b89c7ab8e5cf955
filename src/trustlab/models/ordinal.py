"""Proportional-odds (cumulative logit) regression, as ``ordinal::clm``, with a nominal test.

The model is ``logit P(Y <= j) = theta_j - x' beta`` (clm's and polr's parametrisation). It is
fitted as ``clm`` fits it: Newton-Raphson with step halving on the analytic gradient and
Hessian (:mod:`trustlab.models._cumulative`), from clm's starting values (thresholds at the
logits of the cumulative shares, effects zero). The covariance is the inverse observed
information (the analytic Hessian at the optimum) in clm's order (thresholds, effects).

The proportional-odds assumption is tested per predictor as ``ordinal::nominal_test`` does: a
likelihood-ratio test against the model in which that predictor's effects differ per threshold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from trustlab.distributions import chi2, norm
from trustlab.models._common import (
    INTERCEPT,
    ModelError,
    check_confidence_level,
    warn,
)
from trustlab.models._cumulative import CumulativeData, NewtonFit, newton
from trustlab.models._design import _drop_aliased, build_design
from trustlab.models.covariance import standard_errors
from trustlab.models.regression import RegressionResult

__all__ = ["OrdinalResult", "ordinal_logit"]


@dataclass(frozen=True, repr=False, eq=False, kw_only=True)
class OrdinalResult(RegressionResult):
    """A fitted proportional-odds logistic regression.

    Attributes
    ----------
    coefficients : pandas.DataFrame
        Thresholds first (``term`` ``"1|2"``, ``"2|3"``, ...) then the effects
        (``variable[level]`` or the column): ``estimate``, ``std_error`` (inverse observed
        information), ``std_error_robust``, ``std_error_cluster`` (NaN), ``statistic`` (z),
        ``p_value``, ``ci_low``, ``ci_high`` (Wald), and ``odds_ratio`` (``exp(beta)``, the odds
        of a *higher* answer; NaN for thresholds).
    thresholds : pandas.Series
        ``theta_j`` by ``"j|j+1"`` label.
    nominal_test : pandas.DataFrame
        Per predictor: ``df``, ``log_likelihood`` of the model with that predictor nominal,
        ``lr_statistic``, ``p_value`` (as ``ordinal::nominal_test``). A small p-value means the
        effect differs between thresholds (proportional odds violated).
    log_likelihood : float
    aic : float
    vcov : pandas.DataFrame
        Covariance of thresholds and effects (clm's order).
    categories : list
        The outcome's categories, in order (those observed).
    outcome : str
    n_obs, n_rows : int
    dropped : dict
    dropped_rows : tuple
    dropped_terms : tuple of str
    levels : dict
    converged : bool
    confidence_level : float
    warnings : tuple of str
    """

    _private = ("dropped_rows",)

    thresholds: pd.Series
    nominal_test: pd.DataFrame
    log_likelihood: float
    aic: float
    categories: list[Any]
    converged: bool

    def _title(self) -> str:
        return (
            f"Proportional-odds logistic regression of {self.outcome}: n = {self.n_obs}, "
            f"logLik = {self.log_likelihood:.4f}"
        )

    def _notes(self) -> list[str]:
        return list(self.warnings)


def _start(y: np.ndarray, n_cat: int, k: int) -> np.ndarray:
    """clm's starting values: thresholds at the logits of the cumulative shares, effects 0."""
    share = np.cumsum(np.bincount(y, minlength=n_cat))[:-1] / y.size
    start = np.zeros(k)
    start[: n_cat - 1] = np.log(share / (1 - share))
    return start


def _fit_cum(
    y: np.ndarray, Xp: np.ndarray, Xn: np.ndarray, n_cat: int, start: np.ndarray
) -> NewtonFit:
    """Maximise the cumulative-logit likelihood from ``start`` (Newton, analytic Hessian);
    from clm's own start where ``start`` gives an answer no probability (the nominal model
    started at a proportional-odds fit whose thresholds ran off under separation)."""
    data = CumulativeData.build(y, Xp, Xn, n_cat)
    try:
        return newton(data, start)
    except ValueError:
        return newton(data, _start(y, n_cat, start.size))


def _vcov(hess: np.ndarray) -> np.ndarray:
    """Inverse observed information (NaN where the information is singular)."""
    try:
        return np.linalg.inv(-hess)
    except np.linalg.LinAlgError:
        return np.full(hess.shape, np.nan)


def _without_threshold_aliases(design: Any, store: list[str]) -> Any:
    """Leave out terms aliased with the thresholds (a constant column, or dummies of every
    category), which act as the intercept: R's ``clm`` reports them as not defined."""
    n = design.X.shape[0]
    X = np.column_stack([np.ones(n), design.X])
    _, terms, variables, aliased = _drop_aliased(
        X, ["(thresholds)", *design.terms], ["", *design.term_variable]
    )
    if not aliased:
        return design
    for term in aliased:
        warn(
            f"Term {term} is constant among the used rows, or a combination of other terms and "
            "a constant: it is aliased with the thresholds and left out, as R reports it as NA.",
            store,
        )
    keep = [design.terms.index(t) for t in terms[1:]]
    return replace(
        design,
        X=design.X[:, keep],
        terms=tuple(terms[1:]),
        term_variable=tuple(variables[1:]),
        dropped_terms=(*design.dropped_terms, *aliased),
    )


def ordinal_logit(
    data: pd.DataFrame,
    outcome: str,
    predictors: Sequence[str],
    *,
    categorical: Mapping[str, Any] | Sequence[str] | None = None,
    confidence_level: float = 0.95,
) -> OrdinalResult:
    """Proportional-odds logistic regression of an ordered outcome (a Likert item).

    As ``ordinal::clm(factor(outcome, ordered = TRUE) ~ predictors)``: the outcome's categories
    are its observed values (or categories) in order; effects are log odds ratios of a higher
    answer. The proportional-odds test is in ``nominal_test``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1, 2, 2, 3, 1, 3, 3, 2, 3, 1],
    ...                    "x": [0, 0, 1, 1, 0, 1, 1, 0, 0, 1]})
    >>> fit = ordinal_logit(df, "y", ["x"])
    >>> fit.summary()["estimate"].round(4)  # R: clm(ordered(y) ~ x): -0.27347 1.13772 1.44439
    term
    1|2   -0.2735
    2|3    1.1377
    x      1.4444
    Name: estimate, dtype: float64
    """
    level = check_confidence_level(confidence_level)
    design = build_design(data, outcome, predictors, categorical=categorical, intercept=False)
    store = list(design.warnings)
    design = _without_threshold_aliases(design, store)
    used = data.loc[design.index, outcome]
    if isinstance(used.dtype, pd.CategoricalDtype):
        cats = [c for c in used.cat.categories if (used == c).any()]
        empty = [c for c in used.cat.categories if c not in cats]
        if empty:
            warn(f"Categories of {outcome!r} with no answers are left out: {empty}.", store)
        y = pd.Categorical(used, categories=cats).codes.astype(int)
    else:
        cats = sorted(used.unique().tolist())
        y = np.searchsorted(np.asarray(cats), used.to_numpy())
    n_cat = len(cats)
    if n_cat < 3:
        raise ModelError(
            f"{outcome!r} has {n_cat} observed categories; a proportional-odds model needs 3 "
            "or more (use logit() for two)."
        )
    X = design.X
    n, p = X.shape
    if INTERCEPT in design.terms:  # pragma: no cover - built without intercept
        raise ModelError("internal: intercept in an ordinal design")

    fit = _fit_cum(y, X, np.zeros((n, 0)), n_cat, _start(y, n_cat, n_cat - 1 + p))
    converged = fit.converged
    if not converged:
        warn("The proportional-odds model did not converge; the estimates may be off.", store)
    est = fit.params
    theta, beta = est[: n_cat - 1], est[n_cat - 1 :]
    if not np.isfinite(est).all():  # pragma: no cover - Newton steps keep finite values
        raise ModelError(
            f"The proportional-odds model of {outcome!r} has no finite estimates: the "
            "predictors separate the answer categories (some answers occur only at one end of "
            "a predictor). Merge sparse answer categories or collect more answers."
        )
    vcov = _vcov(fit.hessian)
    shown = [int(c) if isinstance(c, float) and c.is_integer() else c for c in cats]
    labels = [f"{shown[j]}|{shown[j + 1]}" for j in range(n_cat - 1)]
    terms = labels + list(design.terms)
    se = standard_errors(vcov)
    with np.errstate(over="ignore"):  # an odds ratio beyond 1e308: separation, said below
        odds = np.exp(beta)
    if not np.isfinite(se).all() or fit.loglik > -1e-6 or not np.isfinite(odds).all():
        warn(
            "Separation: the predictors predict every answer (almost) perfectly, so some "
            "estimates run off and their standard errors are not finite; merge sparse answer "
            "categories or collect more answers.",
            store,
        )

    z = est / se
    qz = norm.ppf(1 - (1 - level) / 2)
    coef = pd.DataFrame(
        {
            "term": terms,
            "estimate": est,
            "std_error": se,
            "std_error_robust": np.nan,
            "std_error_cluster": np.nan,
            "statistic": z,
            "p_value": 2 * norm.sf(np.abs(z)),
            "ci_low": est - qz * se,
            "ci_high": est + qz * se,
            "odds_ratio": np.concatenate([np.full(n_cat - 1, np.nan), odds]),
        }
    )
    ll = fit.loglik
    rows = []
    for var in dict.fromkeys(design.term_variable):
        cols = [j for j, v in enumerate(design.term_variable) if v == var]
        rest = [j for j in range(p) if j not in cols]
        start = np.concatenate([theta, np.zeros((n_cat - 1) * len(cols)), beta[rest]])
        ll_nom = _fit_cum(y, X[:, rest], X[:, cols], n_cat, start).loglik
        df = (n_cat - 2) * len(cols)
        lr = max(2 * (ll_nom - ll), 0.0)
        rows.append((var, df, ll_nom, lr, float(chi2.sf(lr, df)) if df else np.nan))
    nominal = pd.DataFrame(
        rows, columns=["predictor", "df", "log_likelihood", "lr_statistic", "p_value"]
    ).set_index("predictor")
    return OrdinalResult(
        coefficients=coef,
        thresholds=pd.Series(theta, index=labels),
        nominal_test=nominal,
        log_likelihood=ll,
        aic=-2 * ll + 2 * len(est),
        vcov=pd.DataFrame(vcov, index=terms, columns=terms),
        categories=cats,
        outcome=outcome,
        n_obs=n,
        n_rows=design.n_rows,
        dropped=design.dropped,
        dropped_rows=design.dropped_rows,
        dropped_terms=design.dropped_terms,
        levels=design.levels,
        converged=converged,
        confidence_level=level,
        warnings=tuple(store),
    )
