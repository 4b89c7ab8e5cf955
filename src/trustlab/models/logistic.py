"""Logistic regression: coefficients, odds ratios, robust and clustered SEs, marginal effects.

Fitted by iteratively reweighted least squares on a design matrix built from the columns (no
formula string). Standard errors as R's ``glm`` (inverse Fisher information) and ``sandwich``
(``vcovHC(type = "HC3")``, ``vcovCL(type = "HC1")``); z statistics and Wald intervals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab.models._common import (
    INTERCEPT,
    LARGE_N,
    MIN_CLUSTERS,
    ModelError,
    check_confidence_level,
    hc3_meat,
    sandwich_cluster,
    standard_errors,
    warn,
    weighted_gram,
)
from trustlab.models._design import build_design
from trustlab.models._logit_effects import marginal_effects, z_columns
from trustlab.models._logit_effects import predicted as predicted_probabilities
from trustlab.models._logit_large import indicator_sums, irls_rows
from trustlab.models.covariance import (
    CR_MAX_CLUSTERS,
    ClusterScores,
    cluster_scores_logistic,
)
from trustlab.models.regression import RegressionResult

__all__ = ["LogitResult", "logit"]


@dataclass(frozen=True, repr=False, eq=False, kw_only=True)
class LogitResult(RegressionResult):
    """A fitted logistic regression.

    Attributes
    ----------
    coefficients : pandas.DataFrame
        One row per term: ``term``, ``estimate`` (log odds), ``std_error`` (model),
        ``std_error_robust`` (HC3), ``std_error_cluster`` (``vcovCL`` HC1; NaN without a
        cluster), ``statistic`` (z), ``p_value``, ``ci_low``, ``ci_high`` (Wald, log-odds
        scale), ``odds_ratio``, ``or_ci_low``, ``or_ci_high``. z, p and CI use the cluster SE
        when there is a cluster, else the model SE. Terms affected by separation have NaN
        inference (see ``separation``).
    marginal_effects : pandas.DataFrame
        Average marginal effects on the probability scale: for a dummy, the mean over all
        respondents of ``p(level) - p(reference)`` with everyone set to the level and to the
        reference; for a numeric predictor, ``mean p(1 - p) * beta``. Columns ``term``,
        ``estimate``, ``std_error`` (delta method, model vcov), ``std_error_cluster``,
        ``statistic``, ``p_value``, ``ci_low``, ``ci_high`` (from the SE used for inference).
    predicted : pandas.DataFrame or None
        Average predicted probability per category of ``by`` (everyone set to the category):
        ``probability``, ``std_error``, ``std_error_cluster``, ``ci_low``, ``ci_high`` (Wald on
        the probability scale, clipped to [0, 1]).
    by : str or None
        The categorical predictor behind ``predicted``.
    inference : str
        ``"cluster"`` or ``"model"``.
    vcov, vcov_robust, vcov_cluster : pandas.DataFrame
    log_likelihood, deviance, null_deviance, aic : float
    n_obs, n_rows : int
    dropped : dict
    dropped_rows : tuple
    dropped_terms : tuple of str
    n_clusters : int or None
    converged : bool
    iterations : int
    separation : tuple of str
        Terms whose estimate runs off to infinity (a category where every outcome is 0, or
        every outcome is 1, or fitted probabilities of 0 or 1).
    outcome : str
    levels : dict
    confidence_level : float
    warnings : tuple of str
    cluster_scores : ClusterScores or None
        (Not exported by ``to_dict``.) With a cluster (at least two, at most
        ``CR_MAX_CLUSTERS``): the per-cluster pieces
        behind every cluster-robust covariance (CR0 ... CR2; CR2 only within
        ``CR2_DENSE_MAX_WORK``) and its small-sample tests (see
        :func:`~trustlab.models.coef_test`, :func:`~trustlab.models.wald_test`).
    """

    _private = ("dropped_rows", "cluster_scores")

    marginal_effects: pd.DataFrame
    predicted: pd.DataFrame | None
    by: str | None
    inference: str
    vcov_robust: pd.DataFrame
    vcov_cluster: pd.DataFrame | None
    log_likelihood: float
    deviance: float
    null_deviance: float
    aic: float
    n_clusters: int | None
    converged: bool
    iterations: int
    separation: tuple[str, ...]
    cluster_scores: ClusterScores | None = None

    def _title(self) -> str:
        cl = f", {self.n_clusters} clusters" if self.n_clusters else ""
        return (
            f"Logistic regression of {self.outcome}: n = {self.n_obs}{cl}; "
            f"p-values and CIs from the {self.inference} SE"
        )

    def _notes(self) -> list[str]:
        return list(self.warnings)


def _irls(X: np.ndarray, y: np.ndarray, max_iter: int = 100) -> tuple[np.ndarray, bool, int]:
    """Newton-Raphson / IRLS for the logit link, starting as R's glm (mu = (y + 0.5) / 2)."""
    if X.shape[0] > LARGE_N:  # normal equations, a pass over row blocks per step
        return irls_rows(X, y, max_iter)
    mu = (y + 0.5) / 2
    eta = np.log(mu / (1 - mu))
    beta = np.zeros(X.shape[1])
    dev_old = np.inf
    for it in range(1, max_iter + 1):
        w = mu * (1 - mu)
        z = eta + (y - mu) / w
        sw = np.sqrt(w)
        beta = np.linalg.lstsq(X * sw[:, None], z * sw, rcond=None)[0]
        eta = X @ beta
        with np.errstate(over="ignore"):  # exp overflow gives p = 0 exactly, as intended
            mu = 1 / (1 + np.exp(-eta))
        mu = np.clip(mu, 1e-300, 1 - 1e-16)
        dev = _deviance(y, mu)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < 1e-12:
            return beta, True, it
        dev_old = dev
    return beta, False, max_iter


def _deviance(y: np.ndarray, p: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        ll = np.where(y == 1, np.log(p), np.log1p(-p))
    return float(-2 * ll.sum())


def logit(
    data: pd.DataFrame,
    outcome: str,
    predictors: Sequence[str],
    *,
    categorical: Mapping[str, Any] | Sequence[str] | None = None,
    cluster: str | None = None,
    by: str | None = None,
    confidence_level: float = 0.95,
) -> LogitResult:
    """Logistic regression of a 0/1 (True/False) outcome.

    Parameters
    ----------
    data : pandas.DataFrame
    outcome : str
        0/1 or boolean column.
    predictors : sequence of str
        As in :func:`~trustlab.models.ols`.
    categorical : dict or sequence, optional
        ``{"column": reference}``, as in :func:`~trustlab.models.ols`.
    cluster : str, optional
        Cluster column: SEs as ``sandwich::vcovCL(glm, type = "HC1")`` and z, p and CIs from
        them (as ``lmtest::coeftest``, which uses the normal for a glm).
    by : str, optional
        Categorical predictor for the average predicted probabilities (default: the first
        categorical predictor).
    confidence_level : float, default 0.95

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [0, 0, 1, 0, 1, 1, 0, 1], "x": [1, 2, 3, 4, 5, 6, 7, 8]})
    >>> fit = logit(df, "y", ["x"])
    >>> fit.coefficients[["term", "estimate", "odds_ratio"]].round(4)  # R glm: -1.9494, 0.4332
              term  estimate  odds_ratio
    0  (Intercept)   -1.9494      0.1424
    1            x    0.4332      1.5422
    """
    level = check_confidence_level(confidence_level)
    design = build_design(data, outcome, predictors, categorical=categorical, cluster=cluster)
    store = list(design.warnings)
    X, y = design.X, design.y
    if not np.isin(y, [0.0, 1.0]).all():
        raise ModelError(
            f"The outcome {outcome!r} must be 0/1 or True/False; recode it first.", column=outcome
        )
    if y.min() == y.max():
        raise ModelError(f"Every used value of {outcome!r} is {int(y[0])}: nothing to model.")
    n, k = X.shape
    if n <= k:
        raise ModelError(f"{n} rows for {k} coefficients: use fewer predictors.")
    beta, converged, iterations = _irls(X, y)
    if not converged:
        warn(f"The logistic regression did not converge in {iterations} iterations.", store)
    with np.errstate(over="ignore"):  # exp overflow gives p = 0 exactly, as intended
        p = 1 / (1 + np.exp(-(X @ beta)))
    w = p * (1 - p)
    resid = y - p
    # the products over row blocks: no n x k temporary, however many respondents
    bread = np.linalg.inv(weighted_gram(X, w))
    v_hc3 = bread @ hc3_meat(X, resid, bread, w=w) @ bread
    del w  # n numbers: gone before the cluster sums
    separation = _separated_terms(design.terms, design.term_variable, X, y, p)
    if separation:
        warn(
            f"Separation: the outcome is (almost) perfectly predicted for {', '.join(separation)}"
            "; their estimates and SEs are not finite and their p-values and CIs are left out. "
            "Merge the category with a neighbour or use a penalised (Firth) model.",
            store,
        )
    v_cl, n_clusters, inference, scores = None, None, "model", None
    if design.cluster is not None:
        n_clusters = int(design.cluster.max()) + 1
        if n_clusters >= 2:
            if n_clusters < MIN_CLUSTERS:
                warn(
                    f"Only {n_clusters} clusters: cluster-robust SEs are unreliable with fewer "
                    f"than {MIN_CLUSTERS}.",
                    store,
                )
            v_cl = sandwich_cluster(bread, X, design.cluster, k, resid=resid)
            if n_clusters <= CR_MAX_CLUSTERS:
                try:
                    with np.errstate(all="ignore"):  # separation: a bread of 1e11, flagged above
                        scores = cluster_scores_logistic(X, resid, p, design.cluster, bread)
                except np.linalg.LinAlgError:  # pragma: no cover - a degenerate separated fit
                    scores = None
            inference = "cluster"
        else:
            warn("All rows are in one cluster: no cluster-robust SE.", store)
    dev = _deviance(y, p)
    del p, resid  # n numbers each: let them go before the counterfactual predictions
    v_used = bread if v_cl is None else v_cl
    coef = _coef_table(design.terms, beta, bread, v_hc3, v_cl, v_used, level, separation)
    cats = [t for t in design.levels]
    by = by if by is not None else (cats[0] if cats else None)
    if by is not None and by not in design.levels:
        raise ModelError(f"by={by!r} is not a categorical predictor of the model.", column=by)
    averages: dict = {}  # the counterfactuals of `by`, computed once for both tables
    ame = marginal_effects(design, beta, bread, v_cl, level, averages=averages, by=by)
    predicted = None
    if by is not None:
        predicted = predicted_probabilities(design, by, beta, bread, v_cl, level, averages)
    ybar = y.mean()
    null_dev = (
        _deviance(y, np.full(n, ybar))
        if INTERCEPT in design.terms
        else _deviance(y, np.full(n, 0.5))
    )

    def frame(v: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(v, index=list(design.terms), columns=list(design.terms))

    return LogitResult(
        coefficients=coef,
        marginal_effects=ame,
        predicted=predicted,
        by=by,
        inference=inference,
        vcov=frame(bread),
        vcov_robust=frame(v_hc3),
        vcov_cluster=None if v_cl is None else frame(v_cl),
        log_likelihood=-dev / 2,
        deviance=dev,
        null_deviance=null_dev,
        aic=dev + 2 * k,
        n_obs=n,
        n_rows=design.n_rows,
        dropped=design.dropped,
        dropped_rows=design.dropped_rows,
        dropped_terms=design.dropped_terms,
        n_clusters=n_clusters,
        converged=converged,
        iterations=iterations,
        separation=separation,
        outcome=outcome,
        levels=design.levels,
        confidence_level=level,
        warnings=tuple(store),
        cluster_scores=scores,
    )


def _separated_terms(
    terms: Sequence[str], term_var: Sequence[str], X: np.ndarray, y: np.ndarray, p: np.ndarray
) -> tuple[str, ...]:
    out = []
    # a dummy whose ones all have the same outcome (y is 0/1: its sum there is 0 or their count)
    indicator, ones, y_sums = indicator_sums(X, y)
    for j, (term, var) in enumerate(zip(terms, term_var, strict=True)):
        if term == INTERCEPT or not (var and term.startswith(f"{var}[")):
            continue
        if indicator[j] and ones[j] > 0 and y_sums[j] in (0.0, ones[j]):
            out.append(term)
    extreme = (p < 1e-8) | (p > 1 - 1e-8)
    if extreme.any() and not out:
        out = [t for t in terms if t != INTERCEPT]
    return tuple(out)


def _coef_table(
    terms: Sequence[str],
    beta: np.ndarray,
    v_model: np.ndarray,
    v_hc3: np.ndarray,
    v_cl: np.ndarray | None,
    v_used: np.ndarray,
    level: float,
    separation: Sequence[str],
) -> pd.DataFrame:
    se_cl = np.full(len(terms), np.nan) if v_cl is None else standard_errors(v_cl)
    table = pd.DataFrame(
        {
            "term": list(terms),
            "estimate": beta,
            "std_error": standard_errors(v_model),
            "std_error_robust": standard_errors(v_hc3),
            "std_error_cluster": se_cl,
            **z_columns(beta, standard_errors(v_used), level),
        }
    )
    bad = table["term"].isin(list(separation))
    table.loc[bad, ["statistic", "p_value", "ci_low", "ci_high"]] = np.nan
    with np.errstate(over="ignore"):  # separated terms: an infinite odds ratio, flagged above
        table["odds_ratio"] = np.exp(table["estimate"])
        table["or_ci_low"] = np.exp(table["ci_low"])
        table["or_ci_high"] = np.exp(table["ci_high"])
    return table
