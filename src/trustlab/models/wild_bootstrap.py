"""The wild cluster bootstrap of an OLS coefficient (restricted, WCR), as boottest and
fwildclusterboot compute it.

For ``H0: c' beta = r`` the restricted model is fitted under the null; each bootstrap sample keeps
its fitted values and multiplies every cluster's restricted residuals by one weight ``v_g``
(Rademacher ``+-1``, or Webb's six points ``+-sqrt(1/2), +-1, +-sqrt(3/2)``); the bootstrap t is
the CR1S (``sandwich::vcovCL`` HC1) t of the refitted model. The p-value is the share of
bootstrap |t| above the data's |t| (fwildclusterboot's "two-tailed"); the confidence interval is
the set of ``r`` whose p-value exceeds ``1 - confidence_level`` (test inversion).

Nothing is refitted: following Roodman, Nielsen, MacKinnon and Webb (2019, "Fast and wild"),
the numerator and the squared CR1S standard error of every bootstrap sample are linear and
quadratic in ``r`` with coefficients that are per-cluster sums, so one pass over a B x G weight
matrix gives the bootstrap statistics at every ``r``, and the interval costs O(B) per point
tried. The per-cluster sums come from the fit (``fit.cluster_scores``), not the data.

With G clusters there are only 2^G Rademacher sign vectors; when 2^G <= n_boot all of them are
used (full enumeration, as boottest and fwildclusterboot do) and the result is exact and
deterministic. With few clusters, Rademacher weights give at most 2^(G-1) distinct values of
|t*|; Webb's six-point weights (Webb 2023) do better there, and ``weights="auto"`` uses them
when G <= 12.

References
----------
Cameron, A. C., Gelbach, J. B., & Miller, D. L. (2008). Bootstrap-based improvements for
inference with clustered errors. Review of Economics and Statistics, 90(3), 414-427.
Roodman, D., Nielsen, M. O., MacKinnon, J. G., & Webb, M. D. (2019). Fast and wild: Bootstrap
inference in Stata using boottest. The Stata Journal, 19(1), 4-60.
Webb, M. D. (2023). Reworking wild bootstrap-based inference for clustered errors. Canadian
Journal of Economics, 56(3), 839-858.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab.models._common import ModelError, check_confidence_level
from trustlab.models.covariance import vcov_cr
from trustlab.results import ResultMixin

__all__ = [
    "WildBootstrapResult",
    "wild_cluster_bootstrap",
    "WEBB_MAX_CLUSTERS",
    "WEIGHTS",
    "TIE_TOL",
]

#: ``weights="auto"`` uses Webb's six-point weights up to this many clusters, Rademacher above.
WEBB_MAX_CLUSTERS = 12
#: The weight distributions.
WEIGHTS = ("auto", "rademacher", "webb")
_WEBB = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])
#: A draw counts as more extreme only if ``|t*| > |t| (1 + TIE_TOL)``. Weights ``v`` and ``-v``
#: give bootstrap t of opposite sign, so under full enumeration the all-minus-one vector ties
#: with the data's t exactly, at every null value; rounding alone would decide a strict
#: ``|t*| > |t|`` (as it does in fwildclusterboot). Exact ties never count here, as in exact
#: arithmetic.
TIE_TOL = 1e-10
#: Draws are processed in batches of at most this many weights (batch x G).
_BATCH_CELLS = 2_000_000


@dataclass(frozen=True, repr=False, eq=False)
class WildBootstrapResult(ResultMixin):
    """A wild cluster bootstrap test (WCR) of one coefficient or linear combination.

    Attributes
    ----------
    hypothesis : str
        The term (or ``"contrast"``) tested.
    contrast : pandas.Series
        ``c``, indexed by term.
    estimate : float
        ``c' b``.
    null_value : float
        ``r`` of ``H0: c' beta = r``.
    statistic : float
        The data's t with the CR1S (``vcovCL`` HC1) standard error.
    p_value : float
        Share of the B bootstrap draws with ``|t*| > |t|`` (ties, such as the all-minus-one
        sign vector's, not counted: :data:`TIE_TOL`).
    ci_low, ci_high : float
        Ends of ``{r : p(r) > 1 - confidence_level}`` found by bisection (+-inf when the p-value
        stays above the level however far ``r`` goes, which can happen with very few clusters).
    confidence_level : float
    bootstrap_statistics : numpy.ndarray
        The B bootstrap t at the null.
    n_boot : int
        B (2^G under full enumeration).
    weights : str
        ``"rademacher"`` or ``"webb"``.
    full_enumeration : bool
    seed : int or None
    n_obs, n_clusters : int
    """

    _private = ("bootstrap_statistics",)

    hypothesis: str
    contrast: pd.Series
    estimate: float
    null_value: float
    statistic: float
    p_value: float
    ci_low: float
    ci_high: float
    confidence_level: float
    bootstrap_statistics: np.ndarray
    n_boot: int
    weights: str
    full_enumeration: bool
    seed: int | None
    n_obs: int
    n_clusters: int

    def summary(self) -> pd.DataFrame:
        """One row: estimate, t, p-value and interval."""
        return pd.DataFrame(
            {
                "estimate": [self.estimate],
                "null_value": [self.null_value],
                "statistic": [self.statistic],
                "p_value": [self.p_value],
                "ci_low": [self.ci_low],
                "ci_high": [self.ci_high],
            },
            index=pd.Index([self.hypothesis], name="term"),
        )

    def _title(self) -> str:
        how = "full enumeration" if self.full_enumeration else f"seed {self.seed}"
        return (
            f"Wild cluster bootstrap (WCR, {self.weights} weights, B = {self.n_boot}, {how}): "
            f"n = {self.n_obs}, {self.n_clusters} clusters"
        )


def _contrast(fit: Any, term: Any, terms: list[str]) -> tuple[np.ndarray, str]:
    if isinstance(term, str):
        if term not in terms:
            raise ModelError(f"{term!r} is not a term of the model (terms: {', '.join(terms)}).")
        return np.eye(len(terms))[terms.index(term)], term
    if isinstance(term, pd.Series):
        unknown = [t for t in term.index if t not in terms]
        if unknown:
            raise ModelError(f"{unknown[0]!r} is not a term of the model.")
        return term.reindex(terms, fill_value=0.0).to_numpy(dtype=float), str(
            term.name or "contrast"
        )
    c = np.asarray(term, dtype=float).ravel()
    if c.size != len(terms):
        raise ModelError(f"The contrast has {c.size} entries; the model has {len(terms)} terms.")
    return c, "contrast"


def _draws(n_clusters: int, n_boot: int, weights: str, seed: Any) -> tuple[np.ndarray, bool, str]:
    """The B x G weight matrix, whether it is the full enumeration, and the weights used."""
    if weights == "auto":
        weights = "webb" if n_clusters <= WEBB_MAX_CLUSTERS else "rademacher"
    if weights == "rademacher" and n_clusters < 63 and 2**n_clusters <= n_boot:
        b = np.arange(2**n_clusters, dtype=np.int64)[:, None]
        signs = 1 - 2 * ((b >> np.arange(n_clusters)) & 1)
        return signs.astype(np.int8), True, weights
    rng = np.random.default_rng(seed)
    if weights == "rademacher":
        return (
            (2 * rng.integers(0, 2, size=(n_boot, n_clusters), dtype=np.int8) - 1),
            False,
            (weights),
        )
    return rng.integers(0, 6, size=(n_boot, n_clusters), dtype=np.int8), False, weights


def wild_cluster_bootstrap(
    fit: Any,
    term: str | pd.Series | Sequence[float],
    *,
    null_value: float = 0.0,
    n_boot: int = 9999,
    weights: str = "auto",
    seed: int | np.random.Generator | None = None,
    confidence_level: float = 0.95,
    conf_int: bool = True,
) -> WildBootstrapResult:
    """Wild cluster bootstrap test and confidence interval of an OLS coefficient (WCR).

    As ``fwildclusterboot::boottest(fit, param, clustid, B, type = "rademacher" | "webb",
    impose_null = TRUE, p_val_type = "two-tailed")`` and Stata's ``boottest``: restricted
    residuals, cluster-level weights, CR1S t statistics with ``G/(G-1) (N-1)/(N-k)``.

    Parameters
    ----------
    fit : OLSResult
        Fitted with ``cluster=``.
    term : str, pandas.Series or sequence of float
        The coefficient, or a linear combination ``c`` (a Series indexed by term, or one
        number per term).
    null_value : float, default 0
    n_boot : int, default 9999
        B. With Rademacher weights and 2^G <= B every sign vector is used once (B = 2^G).
    weights : {"auto", "rademacher", "webb"}
        ``"auto"``: Webb's six-point weights with 12 clusters or fewer, else Rademacher.
    seed : int or numpy.random.Generator, optional
        The draws come from ``numpy.random.default_rng(seed)``; the same seed gives the same
        result. Not used under full enumeration.
    confidence_level : float, default 0.95
    conf_int : bool, default True
        Invert the test for the interval (a bisection on each side).

    Examples
    --------
    >>> import warnings
    >>> import pandas as pd
    >>> from trustlab.models import ols
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 2.5, 4.0, 5.5, 5.0, 3.0, 6.5, 4.0, 3.5],
    ...                    "x": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 1.5, 6.0, 2.0, 3.5],
    ...                    "g": list("ppqqrrsstt")})
    >>> with warnings.catch_warnings():  # ols warns that 5 clusters are few
    ...     warnings.simplefilter("ignore")
    ...     fit = ols(df, "y", ["x"], cluster="g")
    >>> res = wild_cluster_bootstrap(fit, "x", weights="rademacher")  # 2^5 = 32 sign vectors
    >>> res.full_enumeration, res.n_boot, res.p_value
    (True, 32, 0.0625)

    In R, refitting ``lm(y ~ x)`` on each of the 32 bootstrap samples (the by-hand algorithm of
    ``tests/reference/cluster_inference.R``) gives the same p-value, 0.0625.
    """
    if not (
        getattr(fit, "cluster_scores", None) is not None and fit.cluster_scores.model == ("linear")
    ):
        raise ModelError(
            "The wild cluster bootstrap needs an OLS fit with a cluster: "
            "ols(data, outcome, predictors, cluster=<column>)."
        )
    if weights not in WEIGHTS:
        raise ModelError(f"weights must be one of {', '.join(WEIGHTS)}; got {weights!r}.")
    if int(n_boot) < 1:
        raise ModelError(f"n_boot must be a positive whole number; got {n_boot!r}.")
    level = check_confidence_level(confidence_level)
    s = fit.cluster_scores
    terms = list(fit.coefficients["term"])
    beta = fit.coefficients["estimate"].to_numpy(dtype=float)
    c, name = _contrast(fit, term, terms)
    J, N, k = s.n_clusters, s.n_obs, s.n_params
    V, full, used = _draws(J, int(n_boot), weights, seed)
    stats = _WcrStatistics(s.bread, s.score_sums, s.gram, beta, c, V, used, N, k)
    r0 = float(null_value)
    t0, tb = stats.t(r0)
    p_value = _exceed(t0, tb)
    ci = (np.nan, np.nan)
    if conf_int:
        se = float(np.sqrt(c @ vcov_cr(s, "CR1S") @ c))
        ci = _invert(stats.p, float(c @ beta), se, 1 - level)
    return WildBootstrapResult(
        hypothesis=name,
        contrast=pd.Series(c, index=terms),
        estimate=float(c @ beta),
        null_value=r0,
        statistic=float(t0),
        p_value=p_value,
        ci_low=ci[0],
        ci_high=ci[1],
        confidence_level=level,
        bootstrap_statistics=tb,
        n_boot=int(V.shape[0]),
        weights=used,
        full_enumeration=full,
        seed=seed if isinstance(seed, int | None) else None,
        n_obs=N,
        n_clusters=J,
    )


class _WcrStatistics:
    """The data's and the bootstrap t of ``H0: c' beta = r`` for any ``r``: numerator
    ``A + B r`` and squared SE ``ssc (CC + 2 CD r + DD r^2)``, each a vector over the draws."""

    def __init__(
        self,
        M: np.ndarray,
        s0: np.ndarray,
        gram: np.ndarray,
        beta: np.ndarray,
        c: np.ndarray,
        V: np.ndarray,
        weights: str,
        N: int,
        k: int,
    ) -> None:
        J = s0.shape[0]
        mc = M @ c
        cmc = float(c @ mc)
        cb = float(c @ beta)
        a = s0 @ mc  # sum_i in g of (x_i' M c) u_i
        cg = np.einsum("a,jab,b->j", mc, gram, mc)  # sum_i in g of (x_i' M c)^2
        d = gram @ mc  # sum_i in g of x_i (x_i' M c)
        dm = d @ M
        # restricted residuals u(r) = P + Q r, Q_i = -(x_i' M c) / c'Mc, P = u + Q' c'b ...
        num_a = a + cg * cb / cmc
        num_b = -cg / cmc
        p1 = s0 + d * (cb / cmc)
        q1 = -d / cmc
        pa, pq = p1 @ dm.T, q1 @ dm.T  # J x J: (P1_g . dm_c), (Q1_g . dm_c)
        self.ssc = J / (J - 1) * (N - 1) / (N - k)
        ones = np.ones((1, J))
        self._data = self._sums(ones, num_a, num_b, pa, pq)
        parts = []
        step = max(1, _BATCH_CELLS // J)
        for lo in range(0, V.shape[0], step):
            w = (
                V[lo : lo + step].astype(float)
                if weights == "rademacher"
                else _WEBB[V[lo : lo + step]]
            )
            parts.append(self._sums(w, num_a, num_b, pa, pq))
        self._boot = tuple(np.concatenate(x) for x in zip(*parts, strict=True))

    @staticmethod
    def _sums(
        w: np.ndarray, num_a: np.ndarray, num_b: np.ndarray, pa: np.ndarray, pq: np.ndarray
    ) -> tuple[np.ndarray, ...]:
        C = w * num_a - w @ pa
        D = w * num_b - w @ pq
        return (
            w @ num_a,
            w @ num_b,
            np.einsum("bj,bj->b", C, C),
            np.einsum("bj,bj->b", C, D),
            np.einsum("bj,bj->b", D, D),
        )

    def _t(self, sums: tuple[np.ndarray, ...], r: float) -> np.ndarray:
        A, B, CC, CD, DD = sums
        with np.errstate(divide="ignore", invalid="ignore"):
            return (A + B * r) / np.sqrt(self.ssc * (CC + 2 * CD * r + DD * r * r))

    def t(self, r: float) -> tuple[float, np.ndarray]:
        """The data's t and the bootstrap t at ``r``."""
        return float(self._t(self._data, r)[0]), self._t(self._boot, r)

    def p(self, r: float) -> float:
        return _exceed(*self.t(r))


def _exceed(t0: float, tb: np.ndarray) -> float:
    """Share of draws with ``|t*| > |t| (1 + TIE_TOL)``: exact ties never count."""
    return float(np.mean(np.abs(tb) > abs(t0) * (1 + TIE_TOL)))


def _invert(
    p: Callable[[float], float], estimate: float, se: float, alpha: float
) -> tuple[float, float]:
    """Ends of ``{r : p(r) > alpha}``: from the estimate, step out by 1, 2, 4, ... standard
    errors until ``p <= alpha``, then bisect until the midpoint equals an end (at most 200
    halvings); the midpoint of the final bracket. +-inf if no step up to 2^60 SEs leaves."""
    ends = []
    for side in (-1.0, 1.0):
        inner, step = estimate, 1.0
        outer = estimate + side * step * se
        while p(outer) > alpha and step < 2.0**60:
            step *= 2.0
            outer = estimate + side * step * se
        if p(outer) > alpha:
            ends.append(side * np.inf)
            continue
        for _ in range(200):
            mid = (inner + outer) / 2
            if mid in (inner, outer):
                break
            if p(mid) > alpha:
                inner = mid
            else:
                outer = mid
        ends.append((inner + outer) / 2)
    return ends[0], ends[1]
