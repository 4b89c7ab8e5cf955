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

from dataclasses import dataclass

import numpy as np

from trustlab.errors import ModelError
from trustlab.models._large import cluster_sums

__all__ = [
    "CR_MAX_CLUSTERS",
    "CR_TYPES",
    "ClusterScores",
    "cluster_scores_linear",
    "cluster_scores_logistic",
    "contrast_standard_errors",
    "sandwich_cluster",
    "standard_errors",
    "vcov_cr",
]


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

    # per-cluster score sums, added in row order (as np.add.at and bincount do)
    sums = cluster_sums(scores, cluster, n_groups, weights=resid)
    meat = sums.T @ sums
    adj = n_groups / (n_groups - 1) * (n - 1) / (n - n_params)
    return adj * bread @ meat @ bread


# --------------------------------------------------------------------------------------------
# Cluster-robust covariance with clubSandwich's small-sample adjustments (CR0 ... CR2)
# --------------------------------------------------------------------------------------------

#: The cluster-robust estimators, by clubSandwich's names. CR0 is the plain sandwich; CR1
#: multiplies it by J / (J - 1), CR1p by J / (J - p), CR1S by J (N - 1) / ((J - 1)(N - p))
#: (= ``sandwich::vcovCL(type = "HC1")`` = Stata's ``vce(cluster)``, what ``std_error_cluster``
#: reports); CR2 is Bell and McCaffrey's bias-reduced linearisation.
CR_TYPES = ("CR0", "CR1", "CR1p", "CR1S", "CR2")

#: clubSandwich's ``matrix_power`` treats eigenvalues at or below this as zero (an absolute
#: threshold), both in the CR2 adjustment ``(I - H_jj)^(-1/2)`` and in ``Omega^(-1/2)``.
EIGEN_TOL = 1e-12

#: Fits keep their per-cluster pieces (:class:`ClusterScores`, clusters x p x p) only up to this
#: many clusters. The small-sample corrections are for few clusters; with thousands CR2 and CR1S
#: agree closely, and the pieces of millions of small clusters would not fit in memory.
CR_MAX_CLUSTERS = 5_000

#: The logistic CR2 adjustment needs an eigendecomposition of an n_j x n_j matrix per cluster
#: (work proportional to the sum of n_j^3); it is not computed above this much work (about ten
#: seconds; e.g. one cluster of 2,000 rows or 125 of 400). The linear one has no such limit.
CR2_DENSE_MAX_WORK = 1e10

#: Clusters are processed in batches of at most this many matrix cells (batch x n_j x n_j).
_BATCH_CELLS = 4_000_000


@dataclass(frozen=True, repr=False, eq=False)
class ClusterScores:
    """Per-cluster pieces of a fitted regression from which every CR covariance, its
    Satterthwaite degrees of freedom and the wild cluster bootstrap follow, without the data.

    In clubSandwich's notation (``U_j`` the rows of cluster j of the model matrix, ``W_j`` the
    weights, ``Theta_j = W_j^-1`` the working variance, ``A_j`` the adjustment, ``E_j = U_j' W_j
    A_j``): for OLS ``U = X`` and ``W = Theta = I``; for the logit ``U = D X``, ``W = D^-1``,
    ``Theta = D`` with ``D = diag(p (1 - p))``, so that ``U_j' W_j = X_j'``.

    Attributes
    ----------
    model : str
        ``"linear"`` or ``"logistic"``.
    bread : numpy.ndarray
        ``M = (U'WU)^-1`` (p x p): ``(X'X)^-1`` or ``(X'DX)^-1``.
    score_sums : numpy.ndarray
        ``X_j' r_j`` (clusters x p): the summed estimating functions (``A_j = I``); ``r`` the
        residuals (``y - p`` for the logit).
    gram : numpy.ndarray
        ``X_j' X_j`` or ``X_j' D_j X_j`` (clusters x p x p): ``E_j Theta_j E_j'`` and
        ``E_j U_j`` when ``A_j = I``.
    cr2_score_sums, cr2_psi, cr2_xi : numpy.ndarray or None
        With the CR2 adjustment: ``E_j r_j``, ``E_j Theta_j E_j'`` and ``E_j U_j``. None when
        it was not computed (a logit whose clusters need more than :data:`CR2_DENSE_MAX_WORK`).
    n_obs, n_params, n_clusters : int
    cluster_sizes : numpy.ndarray
        Rows per cluster, in the order of the clusters (codes 0..J-1).
    """

    model: str
    bread: np.ndarray
    score_sums: np.ndarray
    gram: np.ndarray
    cr2_score_sums: np.ndarray | None
    cr2_psi: np.ndarray | None
    cr2_xi: np.ndarray | None
    n_obs: int
    n_params: int
    n_clusters: int
    cluster_sizes: np.ndarray

    def parts(self, type: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(E_j r_j, E_j Theta_j E_j', E_j U_j)`` for the estimator ``type`` (see
        :data:`CR_TYPES`); CR0's scaled by its constant for CR1, CR1p and CR1S."""
        if type == "CR2":
            if self.cr2_score_sums is None:
                raise ModelError(
                    "CR2 was not computed for this logistic regression: its clusters are too "
                    "large (the adjustment needs an eigendecomposition of an n_j x n_j matrix "
                    "per cluster). Use vcov_type='CR1S' or the linear model."
                )
            return self.cr2_score_sums, self.cr2_psi, self.cr2_xi
        c = _cr1_constant(type, self.n_clusters, self.n_obs, self.n_params)
        return c * self.score_sums, c * c * self.gram, c * self.gram


def _cr1_constant(type: str, J: int, N: int, p: int) -> float:
    """The factor of clubSandwich's estimating-function adjustment (its square scales CR0)."""
    if type == "CR0":
        return 1.0
    if type == "CR1":
        return float(np.sqrt(J / (J - 1)))
    if type == "CR1p":
        return float(np.sqrt(J / (J - p))) if p < J else np.nan
    if type == "CR1S":
        return float(np.sqrt(J * (N - 1) / ((J - 1) * (N - p))))
    raise ModelError(f"vcov_type must be one of {', '.join(CR_TYPES)}; got {type!r}.")


def vcov_cr(scores: ClusterScores, type: str = "CR2") -> np.ndarray:
    """Cluster-robust covariance ``M (sum_j E_j r_j r_j' E_j') M``, as
    ``clubSandwich::vcovCR(fit, cluster, type)``.

    Examples
    --------
    >>> X = np.column_stack([np.ones(6), [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]])
    >>> y = np.array([1.0, 2.0, 2.5, 4.0, 5.5, 5.0])
    >>> bread = np.linalg.inv(X.T @ X)
    >>> resid = y - X @ (bread @ X.T @ y)
    >>> s = cluster_scores_linear(X, resid, np.array([0, 0, 1, 1, 2, 2]), bread)
    >>> np.sqrt(np.diag(vcov_cr(s, "CR2"))).round(6).tolist()  # clubSandwich: 0.117096 0.030998
    [0.117096, 0.030998]
    """
    s, _, _ = scores.parts(type)
    M = scores.bread
    return M @ (s.T @ s) @ M


def _cluster_grams(X: np.ndarray, cluster: np.ndarray, n_groups: int, w=None) -> np.ndarray:
    """``X_j' diag(w_j) X_j`` per cluster (J x p x p), one ``bincount`` per pair of columns."""
    k = X.shape[1]
    out = np.empty((n_groups, k, k))
    for a in range(k):
        xa = X[:, a] if w is None else X[:, a] * w
        for b in range(a, k):
            out[:, a, b] = np.bincount(cluster, weights=xa * X[:, b], minlength=n_groups)
            out[:, b, a] = out[:, a, b]
    return out


def _score_sums(X: np.ndarray, resid: np.ndarray, cluster: np.ndarray, n_groups: int) -> np.ndarray:
    """``X_j' r_j`` per cluster (J x p), one column at a time (no n x p temporary)."""
    return np.column_stack(
        [
            np.bincount(cluster, weights=X[:, j] * resid, minlength=n_groups)
            for j in range(X.shape[1])
        ]
    ).reshape(n_groups, X.shape[1])


def _gram_factor(gram: np.ndarray) -> np.ndarray:
    """A factor ``C`` with ``C C' = gram`` (Cholesky; the symmetric root if that fails)."""
    try:
        return np.linalg.cholesky(gram)
    except np.linalg.LinAlgError:
        vals, vecs = np.linalg.eigh(gram)
        return vecs * np.sqrt(np.clip(vals, 0.0, None))


def cluster_scores_linear(
    X: np.ndarray, resid: np.ndarray, cluster: np.ndarray, bread: np.ndarray
) -> ClusterScores:
    """The :class:`ClusterScores` of an OLS fit (clubSandwich's ``lm`` method: working model
    independence, ``W = Theta = I``).

    The CR2 adjustment ``A_j = (I - X_j M X_j')^(-1/2)`` (eigenvalues of ``I - H_jj`` at or
    below 1e-12 taken as zero, as clubSandwich's ``matrix_power``) is never formed: with
    ``C C' = X'X`` and ``K_j = C^-1 X_j'X_j C^-T = V diag(l) V'`` (the nonzero eigenvalues of
    ``H_jj``), ``X_j' A_j X_j = C V diag(l f(l)) V' C'``, ``X_j' A_j^2 X_j = C V diag(l f(l)^2)
    V' C'`` and ``X_j' A_j e_j = X_j'e_j + C V diag(f(l) - 1) V' C^-1 X_j'e_j`` with
    ``f(l) = (1 - l)^(-1/2)``. So the cost is that of the per-cluster Gram matrices, whatever the
    cluster sizes.
    """
    n, k = X.shape
    J = int(cluster.max()) + 1
    sizes = np.bincount(cluster, minlength=J)
    s0 = _score_sums(X, resid, cluster, J)
    grams = _cluster_grams(X, cluster, J)
    C = _gram_factor(grams.sum(axis=0))
    C_inv = np.linalg.inv(C)
    K = C_inv @ grams @ C_inv.T
    lam, V = np.linalg.eigh((K + np.swapaxes(K, 1, 2)) / 2)
    one_minus = 1.0 - lam
    f = np.zeros_like(lam)
    ok = one_minus > EIGEN_TOL
    f[ok] = 1.0 / np.sqrt(one_minus[ok])
    CV = C @ V  # J x p x p

    def sandwich_of(d: np.ndarray) -> np.ndarray:
        return np.einsum("jik,jk,jlk->jil", CV, d, CV)

    xi = sandwich_of(lam * f)
    psi = sandwich_of(lam * f * f)
    z = np.einsum("jki,jk->ji", V, np.einsum("ik,jk->ji", C_inv, s0))  # V' C^-1 s0
    s2 = s0 + np.einsum("jik,jk->ji", CV, (f - 1.0) * z)
    return ClusterScores(
        model="linear",
        bread=np.asarray(bread, dtype=float),
        score_sums=s0,
        gram=grams,
        cr2_score_sums=s2,
        cr2_psi=psi,
        cr2_xi=xi,
        n_obs=n,
        n_params=k,
        n_clusters=J,
        cluster_sizes=sizes,
    )


def cluster_scores_logistic(
    X: np.ndarray,
    resid: np.ndarray,
    prob: np.ndarray,
    cluster: np.ndarray,
    bread: np.ndarray,
    *,
    max_work: float | None = None,
) -> ClusterScores:
    """The :class:`ClusterScores` of a logistic regression (clubSandwich's ``glm`` method: the
    working variance is the binomial variance ``v = p (1 - p)``, ``inverse_var = TRUE``).

    CR2: ``A_j = S_j G_j^(-1/2) S_j`` with ``S_j = diag(sqrt(v_j))`` and ``G_j = S_j (I - D_j X_j
    M X_j') D_j S_j = diag(v_j^2) - Z_j M Z_j'``, ``Z_j = diag(v_j^(3/2)) X_j`` (eigenvalues of
    ``G_j`` at or below 1e-12 taken as zero). ``G_j`` is n_j x n_j: clusters of equal size are
    decomposed together in batches; when the sum of n_j^3 exceeds ``max_work`` (default
    :data:`CR2_DENSE_MAX_WORK`) CR2 is not computed.
    """
    n, k = X.shape
    J = int(cluster.max()) + 1
    sizes = np.bincount(cluster, minlength=J)
    v = prob * (1.0 - prob)
    s0 = _score_sums(X, resid, cluster, J)
    grams = _cluster_grams(X, cluster, J, w=v)
    limit = CR2_DENSE_MAX_WORK if max_work is None else max_work
    s2 = psi = xi = None
    if float(np.sum(sizes.astype(float) ** 3)) <= limit:
        s2, psi, xi = _logistic_cr2(X, resid, v, cluster, sizes, np.asarray(bread, dtype=float))
    return ClusterScores(
        model="logistic",
        bread=np.asarray(bread, dtype=float),
        score_sums=s0,
        gram=grams,
        cr2_score_sums=s2,
        cr2_psi=psi,
        cr2_xi=xi,
        n_obs=n,
        n_params=k,
        n_clusters=J,
        cluster_sizes=sizes,
    )


def _logistic_cr2(
    X: np.ndarray,
    resid: np.ndarray,
    v: np.ndarray,
    cluster: np.ndarray,
    sizes: np.ndarray,
    M: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    J, k = sizes.size, X.shape[1]
    order = np.argsort(cluster, kind="stable")
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    s2, psi, xi = np.empty((J, k)), np.empty((J, k, k)), np.empty((J, k, k))
    for m in np.unique(sizes):
        ids = np.flatnonzero(sizes == m)
        step = max(1, _BATCH_CELLS // int(m * m))
        for lo in range(0, ids.size, step):
            batch = ids[lo : lo + step]
            rows = order[starts[batch][:, None] + np.arange(m)]  # clusters x m
            xb, vb, rb = X[rows], v[rows], resid[rows]
            z = vb[..., None] ** 1.5 * xb
            G = -np.einsum("bip,pq,bjq->bij", z, M, z)
            G[:, np.arange(m), np.arange(m)] += vb * vb
            vals, vecs = np.linalg.eigh(G)
            inv_sqrt = np.zeros_like(vals)
            ok = vals > EIGEN_TOL
            inv_sqrt[ok] = 1.0 / np.sqrt(vals[ok])
            sq = np.sqrt(vb)
            A = np.einsum("bik,bk,bjk->bij", vecs, inv_sqrt, vecs) * sq[:, :, None] * sq[:, None, :]
            ax = A @ xb  # A_j X_j (A_j symmetric)
            s2[batch] = np.einsum("bip,bi->bp", ax, rb)
            psi[batch] = np.einsum("bip,bi,biq->bpq", ax, vb, ax)
            xi[batch] = np.einsum("bip,bi,biq->bpq", ax, vb, xb)
    return s2, psi, xi
