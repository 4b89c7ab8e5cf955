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
    # a block's linear predictor, probabilities, weights and two scratch arrays, reused by
    # every block and step (the same operations on each number as the whole-array iteration)
    size = next(row_blocks(n)).stop  # the rows of the largest block
    eta_b, mu_b, w_b, a, b = (np.empty(size) for _ in range(5))
    for it in range(1, max_iter + 1):
        # the deviance of this step's estimates and the weights of the next step, in one pass
        gram = np.zeros((X.shape[1], X.shape[1]))
        with one_blas_thread(n), np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            for rows in row_blocks(n):
                xb, yb = X[rows], y[rows]
                m = xb.shape[0]
                e, mu, w, t, u = eta_b[:m], mu_b[:m], w_b[:m], a[:m], b[:m]
                np.matmul(xb, beta, out=e)
                # mu = 1 / (1 + exp(-eta)); an exp overflow gives p = 0 exactly, as intended
                np.exp(np.negative(e, out=mu), out=mu)
                np.divide(1, np.add(1, mu, out=mu), out=mu)
                np.clip(mu, 1e-300, 1 - 1e-16, out=mu)
                # the log-likelihood terms: log(mu) where y is 1, else log1p(-mu)
                np.log1p(np.negative(mu, out=u), out=u)
                np.copyto(u, np.log(mu, out=t), where=yb == 1)
                ll[rows] = u
                np.multiply(mu, np.subtract(1, mu, out=w), out=w)
                # the working response times the weight: w (eta + (y - mu) / w)
                np.divide(np.subtract(yb, mu, out=t), w, out=t)
                np.multiply(w, np.add(e, t, out=t), out=wz[rows])
                gram += (xb.T * w) @ xb
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
    column that is not an indicator they mean nothing (its ``y_sums`` entry is the sum of ``y``
    times the column).

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
    with one_blas_thread(X.shape[0]):
        for rows in row_blocks(X.shape[0]):
            xb = X[rows]
            count = np.count_nonzero(xb == 1, axis=0)
            flags &= count + np.count_nonzero(xb == 0, axis=0) == xb.shape[0]
            ones += count
            # y times an indicator column: sums of 0/1 numbers, exact in any order
            y_sums += y[rows] @ xb
    return flags, ones, y_sums
