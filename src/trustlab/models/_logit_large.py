"""The logistic IRLS on many rows: each step's deviance and next weights in one pass over rows.

The same arithmetic as the whole-array iteration of :func:`trustlab.models.logistic.logit`
(the same numbers to the last bit, tested), without its dozen temporaries of one number per
row per step: the linear predictor, probabilities, log-likelihood terms and working responses of
a block of rows stay in the cache, and only two arrays of n numbers are kept for the whole fit.
"""

from __future__ import annotations

import numpy as np

from trustlab.models._large import one_blas_thread, row_blocks, weighted_gram

__all__ = ["irls_rows"]


def irls_rows(X: np.ndarray, y: np.ndarray, max_iter: int = 100) -> tuple[np.ndarray, bool, int]:
    """Newton-Raphson / IRLS for the logit link on the normal equations, starting as R's glm
    (``mu = (y + 0.5) / 2``); stops when the deviance changes by less than 1e-12 relative.

    Returns the estimates, whether they converged and the number of iterations.

    Examples
    --------
    >>> X = np.column_stack([np.ones(8), np.arange(1.0, 9.0)])
    >>> y = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    >>> beta, converged, iterations = irls_rows(X, y)
    >>> beta.round(4).tolist(), converged  # R glm: -1.9494, 0.4332
    ([-1.9494, 0.4332], True)
    """
    n = X.shape[0]
    mu = (y + 0.5) / 2
    eta = np.log(mu / (1 - mu))
    w = mu * (1 - mu)
    wz = w * (eta + (y - mu) / w)
    beta = np.linalg.solve(weighted_gram(X, w), X.T @ wz)
    del mu, eta, w
    ll = np.empty(n)
    dev_old = np.inf
    for it in range(1, max_iter + 1):
        # the deviance of this step's estimates and the weights of the next step, in one pass
        gram = np.zeros((X.shape[1], X.shape[1]))
        with one_blas_thread(n):
            for rows in row_blocks(n):
                xb, yb = X[rows], y[rows]
                eta_b = xb @ beta
                with np.errstate(over="ignore"):  # exp overflow gives p = 0 exactly
                    mu_b = 1 / (1 + np.exp(-eta_b))
                mu_b = np.clip(mu_b, 1e-300, 1 - 1e-16)
                with np.errstate(divide="ignore", invalid="ignore"):
                    ll[rows] = np.where(yb == 1, np.log(mu_b), np.log1p(-mu_b))
                w_b = mu_b * (1 - mu_b)
                wz[rows] = w_b * (eta_b + (yb - mu_b) / w_b)
                gram += (xb.T * w_b) @ xb
        dev = float(-2 * ll.sum())
        if abs(dev - dev_old) / (abs(dev) + 0.1) < 1e-12:
            return beta, True, it
        dev_old = dev
        if it < max_iter:
            beta = np.linalg.solve(gram, X.T @ wz)
    return beta, False, max_iter


def indicator_sums(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per column of X, in one pass over row blocks: whether it holds only 0 and 1, its count
    of ones and the sum of ``y`` (0/1) over its ones.

    Counts and sums of 0/1 numbers are whole numbers, exact in any order of addition; for a
    column that is not an indicator they mean nothing.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0, 2.5], [1.0, 1.0, 0.0], [1.0, 1.0, 1.0]])
    >>> flags, ones, y_sums = indicator_sums(X, np.array([1.0, 0.0, 0.0]))
    >>> flags.tolist(), ones.tolist(), y_sums[:2].tolist()
    ([True, True, False], [3.0, 2.0, 1.0], [1.0, 0.0])
    """
    k = X.shape[1]
    flags = np.ones(k, dtype=bool)
    ones, y_sums = np.zeros(k), np.zeros(k)
    for rows in row_blocks(X.shape[0]):
        xb = X[rows]
        is_one = xb == 1
        flags &= (is_one | (xb == 0)).all(axis=0)
        ones += is_one.sum(axis=0)
        y_sums += y[rows] @ is_one
    return flags, ones, y_sums
