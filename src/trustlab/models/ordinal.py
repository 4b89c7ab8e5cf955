"""Proportional-odds (cumulative logit) regression, as ``ordinal::clm``, with a nominal test.

The model is ``logit P(Y <= j) = theta_j - x' beta`` (clm's and polr's parametrisation). It is
fitted with statsmodels' ``OrderedModel`` (logit; BFGS, then Newton to confirm), whose own
parameters are the first threshold and
the logs of the increments between thresholds, ``theta_j = theta_{j-1} + exp(c_j)``; trustlab
converts them to thresholds ``theta_j``. The covariance is the inverse observed information in
clm's parametrisation (thresholds, effects), from trustlab's analytic gradient.

The proportional-odds assumption is tested per predictor as ``ordinal::nominal_test`` does: a
likelihood-ratio test against the model in which that predictor's effects differ per threshold.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import expit
from scipy.stats import chi2, norm
from statsmodels.miscmodels.ordinal_model import OrderedModel

from trustlab.models._common import (
    INTERCEPT,
    ModelError,
    _drop_aliased,
    build_design,
    check_confidence_level,
    warn,
)
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


def _cum_loglik(
    params: np.ndarray, y: np.ndarray, Xp: np.ndarray, Xn: np.ndarray, n_cat: int
) -> tuple[float, np.ndarray]:
    """Log-likelihood and gradient of ``logit P(Y <= j) = theta_j + Xn gamma_j - Xp beta``.

    ``params`` = thresholds (J-1), then gamma (J-1 x q, threshold-major), then beta (p).
    """
    j1 = n_cat - 1
    q = Xn.shape[1]
    theta = params[:j1]
    gamma = params[j1 : j1 + j1 * q].reshape(j1, q)
    beta = params[j1 + j1 * q :]
    eta = theta[None, :] + Xn @ gamma.T - (Xp @ beta)[:, None]  # n x (J-1)
    cdf = expit(eta)  # no overflow warning where eta is far in a tail
    pdf = cdf * (1 - cdf)
    n = y.size
    rows = np.arange(n)
    upper = np.where(y < j1, cdf[rows, np.minimum(y, j1 - 1)], 1.0)
    lower = np.where(y > 0, cdf[rows, np.maximum(y - 1, 0)], 0.0)
    prob = upper - lower
    if np.any(prob <= 0):
        return -np.inf, np.zeros_like(params)
    a = np.where(y < j1, pdf[rows, np.minimum(y, j1 - 1)], 0.0) / prob
    b = np.where(y > 0, pdf[rows, np.maximum(y - 1, 0)], 0.0) / prob
    D = np.zeros((n, j1))
    np.add.at(D, (rows[y < j1], y[y < j1]), a[y < j1])
    np.add.at(D, (rows[y > 0], y[y > 0] - 1), -b[y > 0])
    grad = np.concatenate([D.sum(axis=0), (D.T @ Xn).ravel(), -(Xp.T @ D.sum(axis=1))])
    return float(np.log(prob).sum()), grad


def _fit_cum(
    y: np.ndarray, Xp: np.ndarray, Xn: np.ndarray, n_cat: int, start: np.ndarray
) -> tuple[np.ndarray, float]:
    """Maximise the cumulative-logit likelihood from ``start`` (BFGS, analytic gradient)."""

    def f(x: np.ndarray) -> tuple[float, np.ndarray]:
        ll, g = _cum_loglik(x, y, Xp, Xn, n_cat)
        return (-ll, -g) if np.isfinite(ll) else (np.inf, np.zeros_like(x))

    res = minimize(f, start, jac=True, method="BFGS", options={"gtol": 1e-9, "maxiter": 5000})
    return res.x, -float(res.fun)


def _observed_vcov(est: np.ndarray, y: np.ndarray, X: np.ndarray, n_cat: int) -> np.ndarray:
    """Inverse observed information in (thresholds, effects), by central differences of the
    analytic gradient (statsmodels' numerical Hessian agrees with clm's to only ~1e-5)."""
    none = np.zeros((y.size, 0))
    k = est.size
    hess = np.zeros((k, k))
    for j in range(k):
        h = 1e-5 * max(1.0, abs(est[j]))
        e = np.zeros(k)
        e[j] = h
        hess[:, j] = (
            _cum_loglik(est + e, y, X, none, n_cat)[1] - _cum_loglik(est - e, y, X, none, n_cat)[1]
        ) / (2 * h)
    hess = (hess + hess.T) / 2
    try:
        return np.linalg.inv(-hess)
    except np.linalg.LinAlgError:
        return np.full((k, k), np.nan)


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

    try:
        model = OrderedModel(y, X, distr="logit")
    except ValueError as exc:  # statsmodels: a predictor numerically constant (values of 1e50)
        raise ModelError(
            f"The proportional-odds model of {outcome!r} cannot be fitted: a predictor is "
            f"numerically indistinguishable from a constant ({exc}); its values span too many "
            "orders of magnitude. Rescale it (e.g. its logarithm) or leave it out."
        ) from None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            first = model.fit(method="bfgs", disp=False, maxiter=5000, gtol=1e-10)
            # BFGS may stop on "precision loss" at the optimum; a Newton step confirms it
            fit = model.fit(start_params=first.params, method="newton", disp=False, maxiter=100)
        except np.linalg.LinAlgError as exc:
            raise ModelError(
                f"The proportional-odds model of {outcome!r} cannot be fitted ({exc}): too few "
                "respondents for the number of answer categories and predictors, or an answer "
                "category that no one (or everyone) in a group chose. Merge sparse categories "
                "or collect more answers."
            ) from None
    converged = bool(fit.mle_retvals.get("converged", False))
    if not converged:
        warn("The proportional-odds model did not converge; the estimates may be off.", store)
    sm = np.asarray(fit.params, dtype=float)
    beta, c = sm[:p], sm[p:]
    with np.errstate(over="ignore"):  # threshold gaps run off under separation: checked below
        theta = np.cumsum(np.concatenate([[c[0]], np.exp(c[1:])]))
    if not (np.isfinite(theta).all() and np.isfinite(beta).all()):
        raise ModelError(
            f"The proportional-odds model of {outcome!r} has no finite estimates: the "
            "predictors separate the answer categories (some answers occur only at one end of "
            "a predictor). Merge sparse answer categories or collect more answers."
        )
    est = np.concatenate([theta, beta])
    vcov = _observed_vcov(est, y, X, n_cat)
    shown = [int(c) if isinstance(c, float) and c.is_integer() else c for c in cats]
    labels = [f"{shown[j]}|{shown[j + 1]}" for j in range(n_cat - 1)]
    terms = labels + list(design.terms)
    se = standard_errors(vcov)
    with np.errstate(over="ignore"):  # an odds ratio beyond 1e308: separation, said below
        odds = np.exp(beta)
    if not np.isfinite(se).all() or fit.llf > -1e-6 or not np.isfinite(odds).all():
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
    ll = float(fit.llf)
    rows = []
    for var in dict.fromkeys(design.term_variable):
        cols = [j for j, v in enumerate(design.term_variable) if v == var]
        rest = [j for j in range(p) if j not in cols]
        start = np.concatenate([theta, np.zeros((n_cat - 1) * len(cols)), beta[rest]])
        _, ll_nom = _fit_cum(y, X[:, rest], X[:, cols], n_cat, start)
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
