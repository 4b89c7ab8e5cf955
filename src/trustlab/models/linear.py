"""Ordinary least squares with model-based, HC3 and cluster-robust standard errors.

The design matrix is built directly from the columns (no formula string): categorical predictors
are dummy-coded against a reference category and the terms are named ``variable[level]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab.distributions import t as t_dist
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
from trustlab.models._design import Design, build_design
from trustlab.models.covariance import CR_MAX_CLUSTERS, ClusterScores, cluster_scores_linear
from trustlab.models.regression import RegressionResult

__all__ = ["OLSResult", "ols", "fit_ols_design", "COEF_COLUMNS"]

#: Columns of every coefficient table.
COEF_COLUMNS = [
    "term",
    "estimate",
    "std_error",
    "std_error_robust",
    "std_error_cluster",
    "statistic",
    "p_value",
    "ci_low",
    "ci_high",
]


@dataclass(frozen=True, repr=False, eq=False, kw_only=True)
class OLSResult(RegressionResult):
    """A fitted linear regression.

    Attributes
    ----------
    coefficients : pandas.DataFrame
        One row per term: ``term``, ``estimate``, ``std_error`` (model-based,
        ``sigma^2 (X'X)^-1``), ``std_error_robust`` (HC3, as ``sandwich::vcovHC(type =
        "HC3")``), ``std_error_cluster`` (as ``sandwich::vcovCL(cluster, type = "HC1")``; NaN
        without a cluster), ``statistic`` (t), ``p_value``, ``ci_low``, ``ci_high``. The t,
        p-value and CI use the cluster SE when there is a cluster, else the model SE.
    inference : str
        ``"cluster"`` or ``"model"``: the SE behind statistic, p-value and CI.
    df_inference : float
        Degrees of freedom of the t distribution for p-values and CIs: the residual df (as
        ``lmtest::coeftest(m, vcov = vcovCL(...))`` uses) or, with ``cluster_df="clusters"``,
        G - 1 (as Stata).
    vcov, vcov_robust, vcov_cluster : pandas.DataFrame
        The model, HC3 and cluster covariance matrices (``vcov_cluster`` is None without a
        cluster).
    outcome : str
    terms : tuple of str
    levels : dict
        The categories of each categorical predictor, reference first.
    n_obs : int
        Rows used.
    n_rows : int
        Rows in the input.
    dropped : dict
        Rows dropped and why (``{"missing trust": 3}``).
    dropped_rows : tuple
        Index labels of the dropped rows.
    dropped_terms : tuple of str
        Terms left out (empty category, aliased column).
    n_clusters : int or None
    df_resid : int
        ``n - k``.
    sigma : float
        Residual standard error.
    r_squared, adj_r_squared : float
    rss : float
        Residual sum of squares.
    fitted, residuals : numpy.ndarray or None
        For the rows used (``index``). None in an analysis of more respondents than its
        ``subsample_above`` (:func:`trustlab.analyse` keeps no per-respondent arrays of its
        models then; its notices say so): call :func:`ols` for them.
    index : pandas.Index or None
        Labels of the rows used (None with ``fitted``).
    confidence_level : float
    warnings : tuple of str
        Messages also issued as :class:`~trustlab.models.ModelWarning`.
    cluster_scores : ClusterScores or None
        (Not exported by ``to_dict``.) With a cluster (at least two, at most
        ``CR_MAX_CLUSTERS``): the per-cluster pieces
        behind every cluster-robust covariance (CR0 ... CR2), its small-sample tests and the
        wild cluster bootstrap (see
        :func:`~trustlab.models.coef_test`, :func:`~trustlab.models.wald_test`,
        :func:`~trustlab.models.wild_cluster_bootstrap`).
    """

    _private = ("fitted", "residuals", "index", "dropped_rows", "cluster_scores")

    inference: str
    df_inference: float
    vcov_robust: pd.DataFrame
    vcov_cluster: pd.DataFrame | None
    terms: tuple[str, ...]
    n_clusters: int | None
    df_resid: int
    sigma: float
    r_squared: float
    adj_r_squared: float
    rss: float
    fitted: np.ndarray | None
    residuals: np.ndarray | None
    index: pd.Index | None
    cluster_scores: ClusterScores | None = None

    def _title(self) -> str:
        cl = f", {self.n_clusters} clusters" if self.n_clusters else ""
        return (
            f"OLS of {self.outcome}: n = {self.n_obs}{cl}, R^2 = {self.r_squared:.3f}; "
            f"p-values and CIs from the {self.inference} SE"
        )

    def _notes(self) -> list[str]:
        notes = list(self.warnings)
        if self.dropped:
            why = ", ".join(f"{k} ({v})" for k, v in self.dropped.items())
            notes.append(f"{self.n_rows - self.n_obs} rows dropped: {why}.")
        return notes


def _t_table(
    terms: Sequence[str],
    est: np.ndarray,
    se_model: np.ndarray,
    se_robust: np.ndarray,
    se_cluster: np.ndarray,
    se_used: np.ndarray,
    df: float,
    level: float,
) -> pd.DataFrame:

    with np.errstate(invalid="ignore", divide="ignore"):
        stat = est / se_used
    q = t_dist.ppf(1 - (1 - level) / 2, df)
    return pd.DataFrame(
        {
            "term": list(terms),
            "estimate": est,
            "std_error": se_model,
            "std_error_robust": se_robust,
            "std_error_cluster": se_cluster,
            "statistic": stat,
            "p_value": 2 * t_dist.sf(np.abs(stat), df),
            "ci_low": est - q * se_used,
            "ci_high": est + q * se_used,
        }
    )


def _least_squares(
    design: Design,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray, np.ndarray, float]:
    """The estimates, (X'X)^-1, Q of X's QR (None for many rows), the fitted values, the
    residuals and their sum of squares."""
    X, y = design.X, design.y
    n, k = X.shape
    if n <= k:
        raise ModelError(
            f"{n} rows for {k} coefficients: the model needs more rows than coefficients. "
            "Use fewer predictors or merge sparse categories."
        )
    if n > LARGE_N:
        # many rows: the normal equations (the design is checked for aliasing, so X'X is well
        # posed) instead of an n x k QR, refined once with the residuals (which brings the
        # estimates to the accuracy of the QR solution); the leverages as rows of X (X'X)^-1 X'
        # over row blocks, so no n x k temporary is made
        xtx_inv = np.linalg.inv(design.gram if design.gram is not None else X.T @ X)
        beta = xtx_inv @ (X.T @ y)
        resid = X @ beta  # the residuals of the first solution; the array is reused below
        np.subtract(y, resid, out=resid)
        beta = beta + xtx_inv @ (X.T @ resid)
        q = None
    else:
        q, r = np.linalg.qr(X)
        beta = np.linalg.solve(r, q.T @ y)
        r_inv = np.linalg.solve(r, np.eye(k))
        xtx_inv = r_inv @ r_inv.T
        resid = np.empty_like(y)
    fitted = X @ beta
    np.subtract(y, fitted, out=resid)
    return beta, xtx_inv, q, fitted, resid, float(resid @ resid)


def residual_sum_of_squares(design: Design) -> float:
    """The residual sum of squares of the OLS fit of ``design``: the number
    :func:`fit_ols_design` reports as ``rss``, to the last bit, without its standard errors
    (a broken stick's candidate knots need only this)."""
    return _least_squares(design)[-1]


def fit_ols_design(
    design: Design,
    outcome: str,
    *,
    cluster_df: str = "residual",
    confidence_level: float = 0.95,
) -> OLSResult:
    """Fit OLS on a :class:`~trustlab.models._design.Design` (see :func:`ols`)."""
    level = check_confidence_level(confidence_level)
    if cluster_df not in ("residual", "clusters"):
        raise ModelError(f"cluster_df must be 'residual' or 'clusters', got {cluster_df!r}.")
    store = list(design.warnings)
    X, y = design.X, design.y
    n, k = X.shape
    beta, xtx_inv, q, fitted, resid, rss = _least_squares(design)
    df_resid = n - k
    sigma2 = rss / df_resid
    v_model = sigma2 * xtx_inv
    if q is not None:
        h = np.sum(q**2, axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):  # leverage 1: HC3 undefined (NaN)
            omega = resid**2 / (1 - h) ** 2
            meat = weighted_gram(X, omega)
    else:  # the leverages and the meat in one pass over the rows
        meat = hc3_meat(X, resid, xtx_inv)
    with np.errstate(invalid="ignore"):
        v_hc3 = xtx_inv @ meat @ xtx_inv
    v_cl = None
    n_clusters = None
    scores = None
    inference, df_inf = "model", float(df_resid)
    se_model = standard_errors(v_model)
    se_hc3 = standard_errors(v_hc3)
    se_cl = np.full(k, np.nan)
    se_used = se_model
    if design.cluster is not None:
        n_clusters = int(design.cluster.max()) + 1
        if n_clusters < 2:
            warn(
                "All rows are in one cluster: no cluster-robust SE; p-values and CIs use the "
                "model-based SE.",
                store,
            )
        else:
            if n_clusters < MIN_CLUSTERS:
                warn(
                    f"Only {n_clusters} clusters: cluster-robust SEs are unreliable with fewer "
                    f"than {MIN_CLUSTERS}; read the p-values with caution.",
                    store,
                )
            v_cl = sandwich_cluster(xtx_inv, X, design.cluster, k, resid=resid)
            if n_clusters <= CR_MAX_CLUSTERS:
                scores = cluster_scores_linear(X, resid, design.cluster, xtx_inv)
            se_cl = standard_errors(v_cl)
            se_used = se_cl
            inference = "cluster"
            df_inf = float(df_resid if cluster_df == "residual" else n_clusters - 1)
    centred = np.subtract(y, y.mean())
    tss = float(np.sum(np.square(centred, out=centred)))
    del centred
    has_icept = INTERCEPT in design.terms or bool(np.any(np.all(X == 1, axis=0)))
    if not has_icept:
        tss = float(y @ y)
    r2 = 1 - rss / tss if tss > 0 else np.nan
    adj = 1 - (1 - r2) * (n - int(has_icept)) / df_resid
    terms = design.terms

    def frame(v: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(v, index=list(terms), columns=list(terms))

    table = _t_table(terms, beta, se_model, se_hc3, se_cl, se_used, df_inf, level)
    return OLSResult(
        coefficients=table,
        inference=inference,
        df_inference=df_inf,
        vcov=frame(v_model),
        vcov_robust=frame(v_hc3),
        vcov_cluster=None if v_cl is None else frame(v_cl),
        outcome=outcome,
        terms=terms,
        levels=design.levels,
        n_obs=n,
        n_rows=design.n_rows,
        dropped=design.dropped,
        dropped_rows=design.dropped_rows,
        dropped_terms=design.dropped_terms,
        n_clusters=n_clusters,
        df_resid=df_resid,
        sigma=float(np.sqrt(sigma2)),
        r_squared=float(r2),
        adj_r_squared=float(adj),
        rss=rss,
        fitted=fitted,
        residuals=resid,
        index=design.index,
        confidence_level=level,
        warnings=tuple(store),
        cluster_scores=scores,
    )


def ols(
    data: pd.DataFrame,
    outcome: str,
    predictors: Sequence[str],
    *,
    categorical: Mapping[str, Any] | Sequence[str] | None = None,
    cluster: str | None = None,
    cluster_df: str = "residual",
    confidence_level: float = 0.95,
) -> OLSResult:
    """Linear regression with model-based, HC3 and cluster-robust standard errors.

    Parameters
    ----------
    data : pandas.DataFrame
    outcome : str
        The numeric outcome column.
    predictors : sequence of str
        Predictor columns. Category, text and boolean columns are dummy-coded.
    categorical : dict or sequence, optional
        ``{"column": reference}`` to treat a column as categorical and choose its reference
        (``None``: the first category, i.e. the lowest of an ordered categorical).
    cluster : str, optional
        Column of cluster ids (e.g. the network). The cluster-robust covariance is
        ``sandwich::vcovCL(type = "HC1")``: ``G/(G-1) * (n-1)/(n-k)`` times the cluster
        sandwich; with a cluster, statistic, p-value and CI use it. Fewer than 20 clusters give
        a :class:`~trustlab.models.ModelWarning`.
    cluster_df : {"residual", "clusters"}
        t degrees of freedom with a cluster: ``n - k`` (default; what
        ``lmtest::coeftest(m, vcov = vcovCL(...))`` gives) or ``G - 1`` (Stata's choice, more
        conservative with few clusters).
    confidence_level : float, default 0.95

    Returns
    -------
    OLSResult
        Rows with a missing outcome, predictor or cluster are dropped and reported.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 2.5, 4.0, 5.5], "x": [0.0, 1.0, 2.0, 3.0, 4.0]})
    >>> fit = ols(df, "y", ["x"])
    >>> fit.coefficients[["term", "estimate", "std_error"]].round(4)  # R: lm(y ~ x): 0.1155
              term  estimate  std_error
    0  (Intercept)       0.8     0.2828
    1            x       1.1     0.1155
    """
    design = build_design(data, outcome, predictors, categorical=categorical, cluster=cluster)
    return fit_ols_design(design, outcome, cluster_df=cluster_df, confidence_level=confidence_level)
