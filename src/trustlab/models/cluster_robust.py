"""Few-cluster inference for OLS and logistic regression, as clubSandwich computes it.

With few clusters (networks) the usual cluster-robust standard errors (``sandwich::vcovCL``
HC1, Stata's ``vce(cluster)``, clubSandwich's "CR1S") are too small and their t tests reject too
often. The bias-reduced linearisation "CR2" of Bell and McCaffrey (2002), with Satterthwaite
degrees of freedom for single coefficients and contrasts and the HTZ test (Hotelling's T^2 with
Zhang's approximation, Tipton and Pustejovsky 2015) for several at once, is the recommended
correction (Pustejovsky and Tipton 2018; Imbens and Kolesar 2016).

- :func:`coef_test`: every coefficient, as ``clubSandwich::coef_test(fit, vcov = "CR2", test =
  "Satterthwaite")`` with ``conf_int``;
- :func:`contrast_test`: rows of a contrast matrix one at a time, Holm-adjusted, as
  ``clubSandwich::linear_contrast`` and ``p.adjust(p, "holm")``;
- :func:`wald_test`: all rows at once, as ``clubSandwich::Wald_test(fit, constraints, vcov =
  "CR2", test = "HTZ")``;
- :func:`constrain_zero`, :func:`constrain_adjacent`, :func:`constrain_pairwise`: contrast
  matrices by term names (``clubSandwich::constrain_zero``, ``constrain_pairwise``).

Each takes a fit from :func:`~trustlab.models.ols` or :func:`~trustlab.models.logit` with a
``cluster``; the fit keeps the per-cluster pieces needed (``fit.cluster_scores``), not the data.

References
----------
Bell, R. M., & McCaffrey, D. F. (2002). Bias reduction in standard errors for linear regression
with multi-stage samples. Survey Methodology, 28(2), 169-181.
Tipton, E., & Pustejovsky, J. E. (2015). Small-sample adjustments for tests of moderators and
model fit using robust variance estimation in meta-regression. Journal of Educational and
Behavioral Statistics, 40(6), 604-634.
Pustejovsky, J. E., & Tipton, E. (2018). Small-sample methods for cluster-robust variance
estimation and hypothesis testing in fixed effects models. Journal of Business & Economic
Statistics, 36(4), 672-683.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab.models._common import ModelError, check_confidence_level, holm
from trustlab.models._small_sample import hotelling, htz, satterthwaite_df
from trustlab.models.covariance import (
    CR_MAX_CLUSTERS,
    CR_TYPES,
    ClusterScores,
    contrast_standard_errors,
    vcov_cr,
)
from trustlab.results import ResultMixin

__all__ = [
    "ClusterCoefTest",
    "ClusterWaldTest",
    "coef_test",
    "contrast_test",
    "wald_test",
    "constrain_zero",
    "constrain_adjacent",
    "constrain_pairwise",
    "T_TESTS",
    "WALD_TESTS",
]

#: Reference distributions of :func:`coef_test` (clubSandwich's names): t with Satterthwaite df,
#: t with J - 1 df, t with J - p df, the normal.
T_TESTS = ("Satterthwaite", "naive-t", "naive-tp", "z")
#: Tests of :func:`wald_test` (clubSandwich's names).
WALD_TESTS = ("HTZ", "chi-sq", "Naive-F", "Naive-Fp")

COEF_TEST_COLUMNS = [
    "term",
    "estimate",
    "std_error",
    "statistic",
    "df",
    "p_value",
    "ci_low",
    "ci_high",
]


@dataclass(frozen=True, repr=False, eq=False)
class ClusterCoefTest(ResultMixin):
    """t tests of coefficients (or contrasts) with a cluster-robust covariance.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per coefficient or contrast: ``term``, ``estimate``, ``std_error`` (square root
        of the diagonal of the CR covariance), ``statistic`` (t), ``df`` (Satterthwaite, J - 1,
        J - p or inf), ``p_value`` (two-sided), ``ci_low``, ``ci_high``; for contrasts also
        ``p_holm`` (Holm over the rows).
    vcov : pandas.DataFrame
        The CR covariance of the estimates in ``table``.
    vcov_type : str
        ``"CR2"``, ``"CR1S"``, ... (:data:`~trustlab.models.covariance.CR_TYPES`).
    test : str
        One of :data:`T_TESTS`.
    n_obs, n_clusters : int
    confidence_level : float
    """

    table: pd.DataFrame
    vcov: pd.DataFrame
    vcov_type: str
    test: str
    n_obs: int
    n_clusters: int
    confidence_level: float

    def summary(self) -> pd.DataFrame:
        """The table, indexed by term."""
        return self.table.set_index("term")

    def _title(self) -> str:
        return (
            f"Cluster-robust t tests ({self.vcov_type}, {self.test} df): n = {self.n_obs}, "
            f"{self.n_clusters} clusters"
        )


@dataclass(frozen=True, repr=False, eq=False)
class ClusterWaldTest(ResultMixin):
    """A Wald test of ``L beta = null`` with a cluster-robust covariance.

    Attributes
    ----------
    statistic : float
        The F statistic (for HTZ ``delta Q / q``; for the others ``Q / q``).
    wald : float
        ``Q = (L b - c)' (L V L')^-1 (L b - c)``.
    delta : float
        The HTZ scaling ``(nu - q + 1) / nu`` (1 for the other tests).
    df_num : int
        ``q``, the rows of ``L``.
    df_denom : float
        ``nu - q + 1`` for HTZ; inf, J - 1, J - p for the others.
    p_value : float
    test, vcov_type : str
    hypothesis : pandas.DataFrame
        ``L``, with the terms as columns.
    null_value : numpy.ndarray
    n_obs, n_clusters : int
    """

    statistic: float
    wald: float
    delta: float
    df_num: int
    df_denom: float
    p_value: float
    test: str
    vcov_type: str
    hypothesis: pd.DataFrame
    null_value: np.ndarray
    n_obs: int
    n_clusters: int

    def summary(self) -> pd.DataFrame:
        """One row: test, F, df_num, df_denom, p_value."""
        return pd.DataFrame(
            {
                "test": [self.test],
                "statistic": [self.statistic],
                "df_num": [self.df_num],
                "df_denom": [self.df_denom],
                "p_value": [self.p_value],
            }
        ).set_index("test")

    def _title(self) -> str:
        rows = ", ".join(map(str, self.hypothesis.index))
        return f"Wald test ({self.vcov_type}, {self.test}) of {rows} = 0"


def _fit_parts(fit: Any) -> tuple[ClusterScores, np.ndarray, list[str]]:
    scores = getattr(fit, "cluster_scores", None)
    n_clusters = getattr(fit, "n_clusters", None) or 0
    if scores is None and n_clusters > CR_MAX_CLUSTERS:
        raise ModelError(
            f"The fit has {n_clusters:,} clusters, more than {CR_MAX_CLUSTERS:,}: its per-cluster "
            "pieces are not kept, and with so many clusters the small-sample corrections are "
            "negligible; use the fit's std_error_cluster (CR1S, sandwich::vcovCL HC1)."
        )
    if scores is None:
        raise ModelError(
            "The fit has no cluster-robust pieces: fit the model with cluster=<column> "
            "(at least two clusters), e.g. ols(data, outcome, predictors, cluster='network_id')."
        )
    coef = fit.coefficients
    return scores, coef["estimate"].to_numpy(dtype=float), list(coef["term"])


def _check(value: str, allowed: Sequence[str], name: str) -> str:
    if value not in allowed:
        raise ModelError(f"{name} must be one of {', '.join(allowed)}; got {value!r}.")
    return value


def _t_df(scores: ClusterScores, L: np.ndarray, vcov_type: str, test: str) -> np.ndarray:
    J, p = scores.n_clusters, scores.n_params
    if test == "Satterthwaite":
        return satterthwaite_df(scores, L, vcov_type)
    df = {"naive-t": J - 1, "naive-tp": J - p, "z": np.inf}[test]
    return np.full(L.shape[0], float(df))


def _t_table(
    names: Sequence[str], est: np.ndarray, se: np.ndarray, df: np.ndarray, level: float
) -> pd.DataFrame:
    from trustlab.distributions import t as t_dist

    with np.errstate(divide="ignore", invalid="ignore"):
        stat = est / se
        p = 2 * t_dist.sf(np.abs(stat), df)
        q = t_dist.ppf(1 - (1 - level) / 2, df)
    return pd.DataFrame(
        {
            "term": list(names),
            "estimate": est,
            "std_error": se,
            "statistic": stat,
            "df": df,
            "p_value": p,
            "ci_low": est - q * se,
            "ci_high": est + q * se,
        }
    )


def coef_test(
    fit: Any,
    *,
    vcov_type: str = "CR2",
    test: str = "Satterthwaite",
    confidence_level: float | None = None,
) -> ClusterCoefTest:
    """t tests and confidence intervals of every coefficient with a cluster-robust covariance.

    As ``clubSandwich::coef_test(fit, vcov = vcov_type, cluster = ..., test = test)`` and
    ``conf_int(...)``: SE from ``vcovCR``; t = estimate / SE; p and CI from t with the
    Satterthwaite degrees of freedom of Bell and McCaffrey (default), J - 1, J - p, or the
    normal.

    Parameters
    ----------
    fit : OLSResult or LogitResult
        Fitted with ``cluster=`` (at least two clusters).
    vcov_type : {"CR2", "CR1S", "CR1", "CR1p", "CR0"}
        ``"CR1S"`` is ``sandwich::vcovCL(type = "HC1")``, the fit's ``std_error_cluster``.
    test : {"Satterthwaite", "naive-t", "naive-tp", "z"}
    confidence_level : float, optional
        Default: the fit's.

    Examples
    --------
    >>> import warnings
    >>> import pandas as pd
    >>> from trustlab.models import ols
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 2.5, 4.0, 5.5, 5.0, 3.0, 6.5],
    ...                    "x": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 1.5, 6.0],
    ...                    "g": ["a", "a", "b", "b", "c", "c", "d", "d"]})
    >>> with warnings.catch_warnings():  # ols warns that 4 clusters are few
    ...     warnings.simplefilter("ignore")
    ...     fit = ols(df, "y", ["x"], cluster="g")
    >>> coef_test(fit).table[["term", "std_error", "df", "p_value"]].round(4)
              term  std_error      df  p_value
    0  (Intercept)     0.2366  1.5408   0.0612
    1            x     0.0502  1.8856   0.0041

    In R: ``clubSandwich::coef_test(lm(y ~ x, df), vcov = "CR2", cluster = df$g)`` gives SE
    0.2366, 0.0502, df 1.54, 1.89 and p 0.0612, 0.00414.
    """
    scores, beta, terms = _fit_parts(fit)
    _check(vcov_type, CR_TYPES, "vcov_type")
    _check(test, T_TESTS, "test")
    level = check_confidence_level(
        fit.confidence_level if confidence_level is None else confidence_level
    )
    V = vcov_cr(scores, vcov_type)
    L = np.eye(len(beta))
    se = contrast_standard_errors(L, V)
    df = _t_df(scores, L, vcov_type, test)
    return ClusterCoefTest(
        table=_t_table(terms, beta, se, df, level),
        vcov=pd.DataFrame(V, index=terms, columns=terms),
        vcov_type=vcov_type,
        test=test,
        n_obs=scores.n_obs,
        n_clusters=scores.n_clusters,
        confidence_level=level,
    )


def _as_contrasts(fit: Any, terms: list[str], contrasts: Any) -> tuple[np.ndarray, list[str]]:
    """A q x p matrix (and row names) from a DataFrame with term columns, a Series indexed by
    term (one contrast), an array, a term name, a list of term names or a categorical
    predictor's name (all its dummies)."""
    if isinstance(contrasts, pd.Series):  # one contrast, indexed by term
        contrasts = contrasts.to_frame(name=contrasts.name or "contrast").T
    if isinstance(contrasts, pd.DataFrame):
        unknown = [c for c in contrasts.columns if c not in terms]
        if unknown:
            raise ModelError(
                f"Contrast column {unknown[0]!r} is not a term of the model "
                f"(terms: {', '.join(terms)})."
            )
        L = contrasts.reindex(columns=terms, fill_value=0.0).to_numpy(dtype=float)
        return L, [str(i) for i in contrasts.index]
    if isinstance(contrasts, str) or (
        isinstance(contrasts, Sequence) and all(isinstance(c, str) for c in contrasts)
    ):
        frame = constrain_zero(fit, contrasts)
        return frame.to_numpy(dtype=float), list(frame.index)
    L = np.atleast_2d(np.asarray(contrasts, dtype=float))
    if L.shape[1] != len(terms):
        raise ModelError(
            f"The contrast matrix has {L.shape[1]} columns; the model has {len(terms)} terms "
            f"({', '.join(terms)})."
        )
    return L, [f"contrast {i + 1}" for i in range(L.shape[0])]


def contrast_test(
    fit: Any,
    contrasts: Any,
    *,
    vcov_type: str = "CR2",
    test: str = "Satterthwaite",
    confidence_level: float | None = None,
) -> ClusterCoefTest:
    """t tests of linear combinations ``c' beta``, one row of the contrast matrix at a time,
    with Holm-adjusted p-values over the rows.

    As ``clubSandwich::linear_contrast(fit, vcov = "CR2", contrasts = L, test =
    "Satterthwaite", p_values = TRUE)`` and ``p.adjust(p, "holm")``.

    Parameters
    ----------
    fit : OLSResult or LogitResult
        Fitted with ``cluster=``.
    contrasts : DataFrame, array, str or list of str
        A DataFrame with terms as columns (rows name the contrasts; e.g. from
        :func:`constrain_adjacent`), a q x p array, or term names / a categorical predictor
        (each of its coefficients against zero).
    vcov_type, test, confidence_level
        As in :func:`coef_test`.
    """
    scores, beta, terms = _fit_parts(fit)
    _check(vcov_type, CR_TYPES, "vcov_type")
    _check(test, T_TESTS, "test")
    level = check_confidence_level(
        fit.confidence_level if confidence_level is None else confidence_level
    )
    L, names = _as_contrasts(fit, terms, contrasts)
    V = vcov_cr(scores, vcov_type)
    table = _t_table(
        names, L @ beta, contrast_standard_errors(L, V), _t_df(scores, L, vcov_type, test), level
    )
    table.insert(table.columns.get_loc("p_value") + 1, "p_holm", holm(table["p_value"]))
    return ClusterCoefTest(
        table=table,
        vcov=pd.DataFrame(L @ V @ L.T, index=names, columns=names),
        vcov_type=vcov_type,
        test=test,
        n_obs=scores.n_obs,
        n_clusters=scores.n_clusters,
        confidence_level=level,
    )


def wald_test(
    fit: Any,
    constraints: Any,
    *,
    vcov_type: str = "CR2",
    test: str = "HTZ",
    null_value: float | Sequence[float] = 0.0,
) -> ClusterWaldTest:
    """Joint test of ``L beta = null_value`` with a cluster-robust covariance.

    As ``clubSandwich::Wald_test(fit, constraints = L, vcov = "CR2", test = "HTZ")``: ``Q =
    (L b - c)' (L V L')^-1 (L b - c)``; HTZ refers ``F = delta Q / q`` to F(q, nu - q + 1) with
    ``nu`` from the Satterthwaite-type approximation of Zhang and ``delta = (nu - q + 1) / nu``;
    ``"chi-sq"`` refers Q to chi-square(q); ``"Naive-F"`` and ``"Naive-Fp"`` refer Q / q to
    F(q, J - 1) and F(q, J - p). The HTZ test does not depend on how the rows of ``L`` are
    written (only on the hypothesis they span).

    Parameters
    ----------
    fit : OLSResult or LogitResult
        Fitted with ``cluster=``.
    constraints : DataFrame, array, str or list of str
        As in :func:`contrast_test`; a categorical predictor's name tests all its dummies
        (the exposure's joint test).
    vcov_type : str, default "CR2"
    test : {"HTZ", "chi-sq", "Naive-F", "Naive-Fp"}
    null_value : float or sequence of float, default 0

    Examples
    --------
    >>> import warnings
    >>> import pandas as pd
    >>> from trustlab.models import ols
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 2.5, 4.0, 5.5, 5.0, 3.0, 6.5, 4.0, 3.5],
    ...                    "k": list("ababcbcacc"), "g": list("ppqqrrsstt")})
    >>> with warnings.catch_warnings():  # ols warns that 5 clusters are few
    ...     warnings.simplefilter("ignore")
    ...     fit = ols(df, "y", ["k"], cluster="g")
    >>> w = wald_test(fit, "k")  # both dummies of k
    >>> round(w.statistic, 4), round(w.df_denom, 4), round(w.p_value, 4)
    (0.0643, 2.1877, 0.9394)

    In R: ``clubSandwich::Wald_test(lm(y ~ k, df), constrain_zero(2:3), vcov = "CR2", cluster
    = df$g, test = "HTZ")`` gives F 0.0643, df_denom 2.19, p 0.939.
    """
    scores, beta, terms = _fit_parts(fit)
    _check(vcov_type, CR_TYPES, "vcov_type")
    _check(test, WALD_TESTS, "test")
    L, names = _as_contrasts(fit, terms, constraints)
    q = L.shape[0]
    null = np.broadcast_to(np.asarray(null_value, dtype=float), (q,)).copy()
    V = vcov_cr(scores, vcov_type)
    diff = L @ beta - null
    try:
        chol = np.linalg.cholesky(L @ V @ L.T)
        z = np.linalg.solve(chol, diff)
        Q = float(z @ z)
    except np.linalg.LinAlgError:
        Q = np.nan  # as clubSandwich: the contrast's covariance is not positive definite
    from trustlab.distributions import chi2
    from trustlab.distributions import f as f_dist

    J, p = scores.n_clusters, scores.n_params
    if test == "HTZ":
        F, delta, df2, pval = hotelling(Q, q, htz(scores, L, vcov_type))
    elif test == "chi-sq":
        F, delta, df2, pval = Q / q, 1.0, np.inf, float(chi2.sf(Q, q))
    else:
        df2 = float(J - 1 if test == "Naive-F" else J - p)
        F, delta = Q / q, 1.0
        pval = float(f_dist.sf(F, q, df2)) if df2 > 0 else np.nan
    return ClusterWaldTest(
        statistic=float(F),
        wald=Q,
        delta=float(delta),
        df_num=q,
        df_denom=float(df2),
        p_value=float(pval),
        test=test,
        vcov_type=vcov_type,
        hypothesis=pd.DataFrame(L, index=names, columns=terms),
        null_value=null,
        n_obs=scores.n_obs,
        n_clusters=scores.n_clusters,
    )


def _terms_of(fit: Any, which: str | Sequence[str]) -> list[str]:
    terms = list(fit.coefficients["term"])
    if isinstance(which, str):
        if which in terms:
            return [which]
        dummies = [t for t in terms if t.startswith(f"{which}[")]
        if dummies:
            return dummies
        raise ModelError(
            f"{which!r} is neither a term nor a categorical predictor of the model "
            f"(terms: {', '.join(terms)})."
        )
    unknown = [t for t in which if t not in terms]
    if unknown:
        raise ModelError(f"{unknown[0]!r} is not a term of the model (terms: {', '.join(terms)}).")
    return list(which)


def constrain_zero(fit: Any, which: str | Sequence[str]) -> pd.DataFrame:
    """Rows selecting coefficients (each against zero), as ``clubSandwich::constrain_zero``.

    ``which``: a term, a list of terms, or a categorical predictor (all its dummies). Returns
    a DataFrame with one row per term (indexed by it) and the model's terms as columns.
    """
    terms = list(fit.coefficients["term"])
    chosen = _terms_of(fit, which)
    L = pd.DataFrame(0.0, index=chosen, columns=terms)
    for t in chosen:
        L.loc[t, t] = 1.0
    return L


def constrain_adjacent(fit: Any, variable: str) -> pd.DataFrame:
    """Backward differences of a categorical predictor's categories (``MASS::contr.sdif``):
    the second against the first (its dummy), the third against the second, and so on; rows
    named ``"b - a"``. Categories without a term (empty) are skipped, so a step spans them."""
    levels = getattr(fit, "levels", {}).get(variable)
    if levels is None:
        raise ModelError(
            f"{variable!r} is not a categorical predictor of the model "
            f"(categorical: {', '.join(getattr(fit, 'levels', {})) or 'none'})."
        )
    terms = list(fit.coefficients["term"])
    present = [levels[0]] + [c for c in levels[1:] if f"{variable}[{c}]" in terms]
    L = pd.DataFrame(0.0, index=[], columns=terms)
    for lower, upper in itertools.pairwise(present):
        row = pd.Series(0.0, index=terms)
        row[f"{variable}[{upper}]"] = 1.0
        if lower != present[0]:
            row[f"{variable}[{lower}]"] = -1.0
        L.loc[f"{upper} - {lower}"] = row
    if L.empty:
        raise ModelError(f"{variable!r} has fewer than two categories with data: no steps.")
    return L


def constrain_pairwise(fit: Any, which: str | Sequence[str]) -> pd.DataFrame:
    """Every pairwise difference of the chosen coefficients, as
    ``clubSandwich::constrain_pairwise`` (rows ``"b - a"`` for each pair a before b)."""
    terms = list(fit.coefficients["term"])
    chosen = _terms_of(fit, which)
    if len(chosen) < 2:
        raise ModelError("Pairwise contrasts need at least two terms.")
    L = pd.DataFrame(0.0, index=[], columns=terms)
    for a, b in itertools.combinations(chosen, 2):
        row = pd.Series(0.0, index=terms)
        row[a], row[b] = -1.0, 1.0
        L.loc[f"{b} - {a}"] = row
    return L
