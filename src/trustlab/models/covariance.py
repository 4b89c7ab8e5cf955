"""Covariance estimators of regression coefficients, in one place, and their standard errors.

Every model (:func:`~trustlab.models.ols`, :func:`~trustlab.models.logit`, the threshold
contrasts) and the power simulation take their cluster-robust covariance from here, so that one
estimator has one implementation. Nothing here knows about surveys.

A covariance matrix computed in floating point can have a (slightly) negative diagonal when the
model is nearly unidentified (separation in a logistic model, a category held by one cluster).
:func:`standard_errors` turns such an entry into NaN, silently: the model that produced it says
why in its own warning; numpy's ``invalid value encountered in sqrt`` never reaches the user.
"""

from __future__ import annotations

import numpy as np

__all__ = ["contrast_standard_errors", "sandwich_cluster", "standard_errors"]


def standard_errors(vcov: np.ndarray) -> np.ndarray:
    """Square roots of the diagonal of ``vcov``; NaN where an entry is negative or NaN.

    Examples
    --------
    >>> standard_errors(np.array([[4.0, 1.0], [1.0, -1e-18]])).tolist()
    [2.0, nan]
    """
    return _sqrt_variances(np.diagonal(np.asarray(vcov, dtype=float)))


def contrast_standard_errors(L: np.ndarray, vcov: np.ndarray) -> np.ndarray:
    """Standard errors of the contrasts ``L @ beta`` (one per row of ``L``), as
    :func:`standard_errors` of ``L @ vcov @ L.T``."""
    L = np.atleast_2d(np.asarray(L, dtype=float))
    return _sqrt_variances(np.einsum("ij,jk,ik->i", L, np.asarray(vcov, dtype=float), L))


def _sqrt_variances(variances: np.ndarray) -> np.ndarray:
    out = np.full(variances.shape, np.nan)
    ok = variances >= 0  # False for NaN too
    out[ok] = np.sqrt(variances[ok])
    return out


def sandwich_cluster(
    bread: np.ndarray,
    scores: np.ndarray,
    cluster: np.ndarray,
    n_params: int,
    resid: np.ndarray | None = None,
) -> np.ndarray:
    """Cluster-robust covariance as ``sandwich::vcovCL(type = "HC1")``.

    ``bread @ M @ bread`` with ``M`` the sum over clusters of the outer products of the summed
    score rows, scaled by ``G / (G - 1) * (n - 1) / (n - k)`` (Stata's ``vce(cluster)``). With
    ``resid``, ``scores`` is the design X and the score rows are ``X * resid`` (formed one column
    at a time: no n x k temporary). With no residual degree of freedom (``n <= k``) or a single
    cluster the estimator is undefined: every entry is NaN.
    """
    n = scores.shape[0]
    n_groups = int(cluster.max()) + 1
    if n <= n_params or n_groups < 2:
        return np.full((n_params, n_params), np.nan)

    def column(j: int) -> np.ndarray:
        return scores[:, j] if resid is None else scores[:, j] * resid

    # per-cluster score sums; bincount per column adds in row order as np.add.at does, but fast
    sums = np.column_stack(
        [
            np.bincount(cluster, weights=column(j), minlength=n_groups)
            for j in range(scores.shape[1])
        ]
    ).reshape(n_groups, scores.shape[1])
    meat = sums.T @ sums
    adj = n_groups / (n_groups - 1) * (n - 1) / (n - n_params)
    return adj * bread @ meat @ bread
