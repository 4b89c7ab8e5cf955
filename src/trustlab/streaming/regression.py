"""OLS and logistic regression with cluster-robust SEs, one bucket of respondents at a time.

The models read the columns :class:`~trustlab.streaming.store.Spill` wrote, bucket by bucket,
and keep only k x k sums: ``X'X`` and ``X'y`` (OLS: then one pass for the residuals); ``X'WX``
and ``X'Wz`` per IRLS step (logit: one pass per step, the deviance of the step before computed
in the same pass, so the iterations and the estimates are those of
:func:`trustlab.models.logit`). A last pass adds the HC3 meat (the leverages from
``(X'X)^-1``) and the cluster-robust meat: every network lies in one bucket, so its score sum
is complete there. The covariances are those of the in-memory fits: model, HC3
(``sandwich::vcovHC``) and CR1S (``sandwich::vcovCL(type = "HC1")``, Stata's
``vce(cluster)``), which is also what the in-memory p-values and CIs of these models use.

:func:`fit_all` fits several models in lockstep: each model is a generator fed the rows of one
bucket at a time, so a round reads every bucket once for all of them, and models with the same
terms share the bucket's design matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab.errors import TrustlabError
from trustlab.models._common import INTERCEPT, ModelError, standard_errors
from trustlab.models.linear import _t_table
from trustlab.models.logistic import _coef_table
from trustlab.results import ResultMixin
from trustlab.streaming.store import Spill

__all__ = ["StreamedRegression", "Term", "design", "fit_all", "fit_logit", "fit_ols"]


@dataclass(frozen=True)
class Term:
    """One column of the design: the intercept (``kind="one"``), the indicator of category
    ``code`` of a code column (``"dummy"``), a numeric column (``"value"``), or a number per
    category of a code column (``"lookup"``, with ``values``)."""

    name: str
    kind: str
    column: str | None = None
    code: int = -1
    values: tuple[float, ...] = ()


@dataclass(frozen=True, repr=False, eq=False)
class StreamedRegression(ResultMixin):
    """A regression fitted on every respondent of data read in chunks.

    Attributes
    ----------
    model : str
        ``"ols"`` or ``"logit"``.
    outcome : str
    terms : tuple of str
    coefficients : pandas.DataFrame
        As the in-memory fit's table: ``estimate``, ``std_error`` (model), ``std_error_robust``
        (HC3), ``std_error_cluster`` (CR1S), ``statistic``, ``p_value``, ``ci_low``,
        ``ci_high`` (from the cluster SE with a cluster; t on the residual df for OLS, z for
        the logit), and for the logit the odds ratios.
    vcov, vcov_robust, vcov_cluster : pandas.DataFrame
        Model, HC3 and CR1S covariance (``vcov_cluster`` None without a cluster).
    vcov_type : str
        The cluster-robust estimator: ``"CR1S"``.
    n_obs, n_rows : int
        Respondents used, and read.
    n_clusters : int or None
    dropped_terms : tuple of str
        Dummies of categories no used respondent is in.
    df_resid : int
    r_squared, sigma : float
        OLS only (NaN for the logit).
    deviance, null_deviance : float
        Logit only (NaN for OLS).
    iterations : int
        IRLS steps (passes) of the logit; 0 for OLS.
    converged : bool
    confidence_level : float
    """

    model: str
    outcome: str
    terms: tuple[str, ...]
    coefficients: pd.DataFrame
    vcov: pd.DataFrame
    vcov_robust: pd.DataFrame
    vcov_cluster: pd.DataFrame | None
    vcov_type: str
    n_obs: int
    n_rows: int
    n_clusters: int | None
    dropped_terms: tuple[str, ...]
    df_resid: int
    r_squared: float
    sigma: float
    deviance: float
    null_deviance: float
    iterations: int
    converged: bool
    confidence_level: float

    def summary(self) -> pd.DataFrame:
        """The coefficient table."""
        return self.coefficients

    def _title(self) -> str:
        cl = f", {self.n_clusters:,} clusters ({self.vcov_type})" if self.n_clusters else ""
        return f"{self.model.upper()} of {self.outcome} on every respondent: n = {self.n_obs:,}{cl}"


class _Data:
    """The design of one model: its outcome, its terms and whether it is clustered."""

    def __init__(
        self, spill: Spill, outcome: str, terms: Sequence[Term], cluster: bool,
        label: str | None = None,
    ) -> None:  # fmt: skip
        self.spill, self.outcome, self.terms, self.cluster = spill, outcome, list(terms), cluster
        self.label = label or outcome
        needed = {outcome} | {t.column for t in terms if t.column is not None}
        self.columns = sorted(needed) + (["hash", "has_cluster"] if cluster else [])
        self.key = (tuple(self.terms), cluster)

    def n_rows(self) -> int:
        return int(self.spill.rows.sum())


def _design(cols: dict[str, np.ndarray], terms: Sequence[Term], cluster: bool):
    """The rows with every predictor (and the cluster), and their design matrix."""
    keep = np.ones(len(cols["hash"]), dtype=bool)
    for t in terms:
        if t.kind in ("dummy", "lookup"):
            keep &= cols[t.column] >= 0
        elif t.kind == "value":
            keep &= ~np.isnan(cols[t.column])
    if cluster:
        keep &= cols["has_cluster"] == 1
    everyone = bool(keep.all())

    def used(column: str) -> np.ndarray:
        return cols[column] if everyone else cols[column][keep]

    X = np.empty((int(keep.sum()), len(terms)))
    for j, t in enumerate(terms):
        if t.kind == "one":
            X[:, j] = 1.0
        elif t.kind == "dummy":
            np.equal(used(t.column), t.code, out=X[:, j], casting="unsafe")
        elif t.kind == "value":
            X[:, j] = used(t.column)
        else:
            X[:, j] = np.asarray(t.values)[used(t.column)]
    return keep, everyone, X


def design(
    spill: Spill, outcome: str, terms: Sequence[Term], *, cluster: bool, label: str | None = None
) -> _Data:
    """The design of a model for :func:`fit_all` (``label``: the outcome's name in the result)."""
    return _Data(spill, outcome, terms, cluster, label)


def fit_all(spill: Spill, models: dict[str, tuple[str, _Data]], on_error) -> dict[str, Any]:
    """Fit the models in lockstep: each round reads every bucket once and hands its rows to
    every model still fitting (OLS takes two rounds, the logit one per IRLS step and two more);
    models with the same terms share one design matrix per bucket. ``models`` maps a name to
    ``("ols" | "logit", design)``; ``on_error(name, exc)`` is told of a model that fails."""
    makers = {"ols": _ols, "logit": _logit}
    running = {}
    for name, (kind, data) in models.items():
        gen = makers[kind](data)
        next(gen)
        running[name] = (gen, data)
    done: dict[str, Any] = {}
    while running:
        columns = sorted({c for _, d in running.values() for c in d.columns} | {"hash"})
        for b in range(spill.n_buckets):
            if not spill.rows[b] or not running:
                continue
            cols = spill.read(b, columns)
            designs: dict[Any, Any] = {}
            for name, (gen, data) in list(running.items()):
                if data.key not in designs:
                    designs[data.key] = _design(cols, data.terms, data.cluster)
                keep, everyone, X = designs[data.key]
                y = cols[data.outcome] if everyone else cols[data.outcome][keep]
                h = (cols["hash"] if everyone else cols["hash"][keep]) if data.cluster else None
                ok = ~np.isnan(y)
                if not ok.all():
                    X, y, h = X[ok], y[ok], None if h is None else h[ok]
                _send(name, gen, (X, y, h), running, done, on_error)
        for name, (gen, _) in list(running.items()):
            _send(name, gen, None, running, done, on_error)
    return done


def _send(name, gen, item, running, done, on_error) -> None:
    try:
        gen.send(item)
    except StopIteration as stop:
        done[name] = stop.value
        running.pop(name)
    except (TrustlabError, np.linalg.LinAlgError) as exc:
        on_error(name, exc)
        done[name] = None
        running.pop(name)


def _cluster_meat(X: np.ndarray, resid: np.ndarray, hashes: np.ndarray) -> tuple[np.ndarray, int]:
    _, codes = np.unique(hashes, return_inverse=True)
    g = int(codes.max()) + 1 if codes.size else 0
    sums = np.column_stack([np.bincount(codes, weights=X[:, j] * resid, minlength=g)
                            for j in range(X.shape[1])]).reshape(g, X.shape[1])  # fmt: skip
    return sums.T @ sums, g


def _used_terms(data: _Data, gram: np.ndarray) -> tuple[list[int], list[str]]:
    """Dummies with no used respondent are left out (as the in-memory design leaves out an
    empty category); an empty reference category is refused."""
    keep, dropped = [], []
    for j, t in enumerate(data.terms):
        if t.kind == "dummy" and gram[j, j] == 0:
            dropped.append(t.name)
        else:
            keep.append(j)
    return keep, dropped


def _frame(v: np.ndarray, terms: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame(v, index=list(terms), columns=list(terms))


def _ols(data: _Data, confidence_level: float = 0.95):
    """OLS of the design's outcome on its terms, as :func:`trustlab.models.ols`: a generator
    given the rows of each bucket, ``None`` at the end of each pass; returns the result."""
    cluster = data.cluster
    k = len(data.terms)
    gram, xty, n, sum_y = np.zeros((k, k)), np.zeros(k), 0, 0.0
    while (batch := (yield)) is not None:
        X, y, _ = batch
        gram += X.T @ X
        xty += X.T @ y
        n += y.size
        sum_y += float(y.sum())
    use, dropped = _used_terms(data, gram)
    all_used = len(use) == len(data.terms)
    names = [data.terms[j].name for j in use]
    k = len(use)
    if n <= k:
        raise ModelError(f"{n} rows for {k} coefficients: the model needs more rows.")
    xtx_inv = np.linalg.inv(gram[np.ix_(use, use)])
    # the normal equations: their error, about cond(X'X) * 1e-16 (1e-11 for these designs), is
    # far below what is reported; no pass for a refinement
    beta = xtx_inv @ xty[use]
    ybar = sum_y / n
    rss = tss = 0.0
    meat_hc3, meat_cl, n_groups = np.zeros((k, k)), np.zeros((k, k)), 0
    while (batch := (yield)) is not None:
        X, y, hashes = batch
        X = X if all_used else X[:, use]
        resid = y - X @ beta
        rss += float(resid @ resid)
        tss += float(np.sum((y - ybar) ** 2))
        h = ((X @ xtx_inv) * X).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            meat_hc3 += (X * (resid**2 / (1 - h) ** 2)[:, None]).T @ X
        if hashes is not None:
            part, g = _cluster_meat(X, resid, hashes)
            meat_cl += part
            n_groups += g
    df_resid = n - k
    sigma2 = rss / df_resid
    v_model = sigma2 * xtx_inv
    v_hc3 = xtx_inv @ meat_hc3 @ xtx_inv
    v_cl = _cr1s(xtx_inv, meat_cl, n_groups, n, k) if cluster else None
    se_cl = standard_errors(v_cl) if v_cl is not None else np.full(k, np.nan)
    se_used = se_cl if v_cl is not None else standard_errors(v_model)
    table = _t_table(names, beta, standard_errors(v_model), standard_errors(v_hc3), se_cl,
                     se_used, float(df_resid), confidence_level)  # fmt: skip
    r2 = 1 - rss / tss if tss > 0 else float("nan")
    return StreamedRegression(
        model="ols", outcome=data.label, terms=tuple(names), coefficients=table,
        vcov=_frame(v_model, names), vcov_robust=_frame(v_hc3, names),
        vcov_cluster=None if v_cl is None else _frame(v_cl, names), vcov_type="CR1S",
        n_obs=n, n_rows=data.n_rows(), n_clusters=n_groups if cluster else None,
        dropped_terms=tuple(dropped), df_resid=df_resid, r_squared=float(r2),
        sigma=float(np.sqrt(sigma2)), deviance=float("nan"), null_deviance=float("nan"),
        iterations=0, converged=True, confidence_level=confidence_level,
    )  # fmt: skip


def _cr1s(bread: np.ndarray, meat: np.ndarray, g: int, n: int, k: int) -> np.ndarray | None:
    if g < 2 or n <= k:
        return None
    return g / (g - 1) * (n - 1) / (n - k) * bread @ meat @ bread


def _deviance(y: np.ndarray, p: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(-2 * np.where(y == 1, np.log(p), np.log1p(-p)).sum())


def _mu(X: np.ndarray, beta: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # exp overflow gives p = 0 exactly, as intended
        return np.clip(1 / (1 + np.exp(-(X @ beta))), 1e-300, 1 - 1e-16)


def _logit(data: _Data, confidence_level: float = 0.95, max_iter: int = 100):
    """Logistic regression of the 0/1 outcome, as :func:`trustlab.models.logit` (IRLS from R's
    glm start, the same convergence rule), one pass per step: a generator as :func:`_ols`."""
    outcome, cluster = data.outcome, data.cluster
    k_all = len(data.terms)
    gram, xwz, n, n_one = np.zeros((k_all, k_all)), np.zeros(k_all), 0, 0.0
    while (batch := (yield)) is not None:  # the first step, from mu = (y + 0.5) / 2
        X, y, _ = batch
        mu = (y + 0.5) / 2
        w = mu * (1 - mu)
        z = np.log(mu / (1 - mu)) + (y - mu) / w
        gram += (X * w[:, None]).T @ X
        xwz += X.T @ (w * z)
        n += y.size
        n_one += float(y.sum())
    if n_one in (0, n):
        raise ModelError(f"Every used value of {outcome!r} is the same: nothing to model.")
    use, dropped = _used_terms(data, gram)
    all_used = len(use) == len(data.terms)
    names = [data.terms[j].name for j in use]
    k = len(use)
    beta = np.linalg.solve(gram[np.ix_(use, use)], xwz[use])
    dev_old, converged, iterations, wgram = np.inf, False, max_iter, gram[np.ix_(use, use)]
    for it in range(1, max_iter + 1):
        # the deviance of this step's estimates, and the sums of the next step, in one pass
        dev, wgram, xwz = 0.0, np.zeros((k, k)), np.zeros(k)
        while (batch := (yield)) is not None:
            X, y, _ = batch
            X = X if all_used else X[:, use]
            mu = _mu(X, beta)
            dev += _deviance(y, mu)
            w = mu * (1 - mu)
            wgram += (X * w[:, None]).T @ X
            xwz += X.T @ (w * (X @ beta) + (y - mu))
        if abs(dev - dev_old) / (abs(dev) + 0.1) < 1e-12:
            converged, iterations = True, it
            break
        dev_old = dev
        beta = np.linalg.solve(wgram, xwz)
    bread = np.linalg.inv(wgram)
    meat_hc3, meat_cl, n_groups, dev = np.zeros((k, k)), np.zeros((k, k)), 0, 0.0
    ybar = n_one / n
    null_dev = 0.0
    while (batch := (yield)) is not None:
        X, y, hashes = batch
        X = X if all_used else X[:, use]
        with np.errstate(over="ignore"):
            p = 1 / (1 + np.exp(-(X @ beta)))
        w = p * (1 - p)
        resid = y - p
        dev += _deviance(y, p)
        null_dev += _deviance(y, np.full(y.size, ybar))
        h = w * ((X @ bread) * X).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            meat_hc3 += (X * (resid**2 / (1 - h) ** 2)[:, None]).T @ X
        if hashes is not None:
            part, g = _cluster_meat(X, resid, hashes)
            meat_cl += part
            n_groups += g
    v_hc3 = bread @ meat_hc3 @ bread
    v_cl = _cr1s(bread, meat_cl, n_groups, n, k) if cluster else None
    v_used = bread if v_cl is None else v_cl
    table = _coef_table(names, beta, bread, v_hc3, v_cl, v_used, confidence_level, ())
    if INTERCEPT not in names:  # pragma: no cover - every model here has an intercept
        raise ModelError("the streamed logit needs an intercept")
    return StreamedRegression(
        model="logit", outcome=data.label, terms=tuple(names), coefficients=table,
        vcov=_frame(bread, names), vcov_robust=_frame(v_hc3, names),
        vcov_cluster=None if v_cl is None else _frame(v_cl, names), vcov_type="CR1S",
        n_obs=n, n_rows=data.n_rows(), n_clusters=n_groups if cluster else None,
        dropped_terms=tuple(dropped), df_resid=n - k, r_squared=float("nan"),
        sigma=float("nan"), deviance=dev, null_deviance=null_dev, iterations=iterations,
        converged=converged, confidence_level=confidence_level,
    )  # fmt: skip


def fit_ols(
    spill: Spill, outcome: str, terms: Sequence[Term], *, cluster: bool
) -> StreamedRegression:
    """OLS of ``outcome`` on ``terms`` over every bucket: as :func:`trustlab.models.ols`."""
    return _one(spill, "ols", outcome, terms, cluster)


def fit_logit(
    spill: Spill, outcome: str, terms: Sequence[Term], *, cluster: bool
) -> StreamedRegression:
    """The logit of the 0/1 ``outcome`` on ``terms``: as :func:`trustlab.models.logit`."""
    return _one(spill, "logit", outcome, terms, cluster)


def _one(spill: Spill, kind: str, outcome: str, terms: Sequence[Term], cluster: bool):
    def fail(name: str, exc: BaseException) -> None:
        raise exc

    return fit_all(spill, {"m": (kind, _Data(spill, outcome, terms, cluster))}, fail)["m"]
