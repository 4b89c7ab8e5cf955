"""Multi-group confirmatory factor analysis, as ``lavaan::cfa(model, data, group = ...)``.

One simple-structure model fitted in several groups at once, with parameters constrained equal
across groups as lavaan's ``group.equal`` (and released as its ``group.partial``): by maximum
likelihood for continuous items (means and covariances), or by WLSMV for ordinal items
(thresholds and polychoric correlations; see :func:`~trustlab.psychometrics.cfa_ordinal`).
The building block of :func:`~trustlab.psychometrics.measurement_invariance`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from trustlab.errors import CFAConvergenceWarning, CFAError, CFAWarning
from trustlab.psychometrics._cfa_input import check_model
from trustlab.psychometrics._mg_data import GroupedData, split_groups
from trustlab.psychometrics._sem_fit import GroupStats, SemFit, fit_sem
from trustlab.psychometrics._sem_spec import EQUAL_KINDS, SemSpec
from trustlab.psychometrics._sem_tests import ml_fit_measures
from trustlab.results import ResultMixin

__all__ = ["MultiGroupCFAResult", "multigroup_cfa", "parse_partial"]

ESTIMATORS = ("ML", "WLSMV")


@dataclass(frozen=True, repr=False, eq=False)
class MultiGroupCFAResult(ResultMixin):
    """A multi-group CFA.

    Attributes
    ----------
    chi2 : float
        lavaan's ``chisq``: ML ``sum_g N_g F_g``; WLSMV the unscaled DWLS statistic
        ``sum_g (N_g - 1) F_g``.
    df : int
        Degrees of freedom: sample statistics of all groups minus free parameters.
    pvalue : float
        p-value of ``chi2`` (for WLSMV use ``fit["pvalue.scaled"]``).
    fit : dict
        Fit measures under lavaan's ``fitMeasures`` names (see :func:`multigroup_cfa`).
    parameters : pandas.DataFrame
        lavaan's ``parameterEstimates``: ``group``, ``lhs``, ``op``, ``rhs``, ``free``,
        ``est``, ``se``, ``z``, ``pvalue``, ``ci.lower``, ``ci.upper`` (95% Wald; fixed
        parameters have ``se = 0``).
    latent_means : pandas.DataFrame
        The latent means (``factor ~1``) of every group with SE, z and p: 0 (fixed) in the
        first group, free in the others once intercepts (thresholds) are equal.
    groups : tuple of str
        The groups analysed, in order (the first is the reference group).
    n_obs : dict
        Complete respondents per group.
    estimator : str
        ``"ML"`` or ``"WLSMV"``.
    parameterization : str
        ``"delta"`` or ``"theta"`` (ordinal items), ``""`` for ML.
    equal : tuple of str
        lavaan's ``group.equal``.
    partial : tuple of str
        Parameters released from the equality constraints (lavaan's ``group.partial``).
    model : dict
        ``{factor: (item, ...)}``.
    n_rows : int
        Rows in the input.
    dropped : tuple
        Index labels of rows left out (a missing item or group).
    dropped_groups : dict
        Groups left out, with the reason.
    converged : bool
        Whether the optimiser converged.
    warnings : tuple of str
        The messages also issued as warnings.
    """

    _private = ("dropped", "engine")

    chi2: float
    df: int
    pvalue: float
    fit: dict[str, float]
    parameters: pd.DataFrame
    latent_means: pd.DataFrame
    groups: tuple[str, ...]
    n_obs: dict[str, int]
    estimator: str
    parameterization: str
    equal: tuple[str, ...]
    partial: tuple[str, ...]
    model: dict[str, tuple[str, ...]]
    n_rows: int
    dropped: tuple[Any, ...]
    dropped_groups: dict[str, str]
    converged: bool
    warnings: tuple[str, ...] = field(default=())
    engine: Any = field(default=None, repr=False)

    def summary(self) -> pd.DataFrame:
        """The parameter table."""
        return self.parameters.copy()

    def _title(self) -> str:
        eq = ", ".join(self.equal) or "none"
        cfi_key = "cfi.scaled" if self.estimator == "WLSMV" else "cfi"
        rmsea_key = "rmsea.scaled" if self.estimator == "WLSMV" else "rmsea"
        return (
            f"Multi-group CFA ({self.estimator}, {len(self.groups)} groups, equal: {eq}): "
            f"chisq = {self.chi2:.3f}, df = {self.df}, CFI = {self.fit[cfi_key]:.3f}, "
            f"RMSEA = {self.fit[rmsea_key]:.3f}"
        )

    def _notes(self) -> list[str]:
        return list(self.warnings)


def parse_partial(spec_factors: dict[str, tuple[str, ...]], partial: Sequence[str], p_th=None):
    """lavaan's ``group.partial`` strings (``"f=~x2"``, ``"x3~1"``, ``"x3|t2"``, ``"x3~~x3"``)
    -> parameter keys ``(kind, a, b)``."""
    items = [i for its in spec_factors.values() for i in its]
    names = list(spec_factors)
    keys = []
    for text in partial:
        t = str(text).replace(" ", "")
        try:
            if "=~" in t:
                f, i = t.split("=~")
                keys.append(("lambda", items.index(i), names.index(f)))
            elif "~~" in t:
                a, b = t.split("~~")
                if a in items:
                    keys.append(("theta", items.index(a), items.index(b)))
                else:
                    ia, ib = sorted((names.index(a), names.index(b)))
                    keys.append(("psi", ia, ib))
            elif "|" in t:
                i, th = t.split("|")
                keys.append(("tau", items.index(i), int(th.lstrip("t")) - 1))
            elif t.endswith("~1"):
                i = t[:-2]
                keys.append(
                    ("nu", items.index(i), 0) if i in items else ("alpha", names.index(i), 0)
                )
            else:
                raise ValueError(t)
        except ValueError as exc:
            raise CFAError(
                f"Cannot read the partial-invariance parameter {text!r}; write it as lavaan "
                "does: 'factor=~item', 'item~1', 'item|t2' or 'item~~item'.",
                value=text,
            ) from exc
    return keys


def _labels(rows) -> list[str]:
    return [f"{r.lhs}{r.op}{r.rhs}" for r in rows]


def ml_group_stats(values: list[np.ndarray], items: tuple[str, ...], labels: list[str]):
    """Means, covariances (divisor n) and log-determinants per group (ML)."""
    stats = []
    p = len(items)
    for lab, x in zip(labels, values, strict=True):
        n = x.shape[0]
        if n <= p:
            raise CFAError(
                f"Group {lab!r} has {n} complete respondent(s) for {p} items; its covariance "
                "matrix is singular. Merge it with another group or leave it out.",
                expected=f"more than {p} complete respondents per group",
            )
        s = np.cov(x, rowvar=False, ddof=0)
        sign, logdet = np.linalg.slogdet(s)
        d = np.sqrt(np.diag(s))
        if sign <= 0 or not (d > 0).all() or np.linalg.eigvalsh(s / np.outer(d, d))[0] < 1e-10:
            raise CFAError(
                f"The covariance matrix of the items in group {lab!r} is not positive definite "
                "(an item without variance, or items that copy each other, in this group).",
            )
        stats.append(GroupStats(n=n, cov=s, mean=x.mean(axis=0), extra={"logdet": logdet}))
    return stats


def build_result(
    spec: SemSpec,
    fit: SemFit,
    stats: list[GroupStats],
    grouped: GroupedData,
    *,
    estimator: str,
    fit_measures: dict[str, float],
    model: dict[str, tuple[str, ...]],
    partial: tuple[str, ...],
    messages: list[str],
) -> MultiGroupCFAResult:
    from trustlab.distributions import norm

    se_theta = np.sqrt(np.clip(np.diag(fit.vcov), 0, None))
    est, se, free = [], [], []
    for r in spec.rows:
        if r.free:
            est.append(fit.theta[r.pid])
            se.append(se_theta[r.pid])
        else:
            est.append(r.value)
            se.append(0.0)
        free.append(r.free)
    est, se = np.array(est), np.array(se)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, est / se, np.nan)
    q = norm.ppf(0.975)
    params = pd.DataFrame(
        {
            "group": [grouped.labels[r.group] for r in spec.rows],
            "lhs": [r.lhs for r in spec.rows],
            "op": [r.op for r in spec.rows],
            "rhs": [r.rhs for r in spec.rows],
            "free": free,
            "est": est,
            "se": se,
            "z": z,
            "pvalue": 2 * norm.sf(np.abs(z)),
            "ci.lower": est - q * se,
            "ci.upper": est + q * se,
        }
    )
    means = params[(params["op"] == "~1") & params["lhs"].isin(spec.factor_names)]
    means = means.rename(columns={"lhs": "factor"})[
        ["group", "factor", "free", "est", "se", "z", "pvalue", "ci.lower", "ci.upper"]
    ].reset_index(drop=True)
    x2 = fit.chisq
    return MultiGroupCFAResult(
        chi2=float(x2),
        df=int(spec.df),
        pvalue=float(fit_measures["pvalue"]),
        fit=fit_measures,
        parameters=params,
        latent_means=means,
        groups=tuple(grouped.labels),
        n_obs={lab: int(st.n) for lab, st in zip(grouped.labels, stats, strict=True)},
        estimator=estimator,
        parameterization=spec.parameterization if spec.ordinal else "",
        equal=tuple(sorted(spec.equal, key=list(EQUAL_KINDS).index)),
        partial=tuple(partial),
        model=model,
        n_rows=grouped.n_rows,
        dropped=grouped.dropped_rows,
        dropped_groups=dict(grouped.dropped_groups),
        converged=fit.converged,
        warnings=tuple(messages),
        engine=(spec, fit, stats),
    )


def fit_groups(
    factors: dict[str, tuple[str, ...]],
    grouped: GroupedData,
    stats: list[GroupStats],
    *,
    estimator: str,
    equal: Sequence[str],
    partial: Sequence[str],
    parameterization: str = "delta",
    n_thresholds: list[int] | None = None,
) -> MultiGroupCFAResult:
    """Fit one multi-group model to prepared group statistics."""
    keys = parse_partial(factors, partial)
    released = frozenset((k, a, b, g) for k, a, b in keys for g in range(1, len(stats)))
    spec = SemSpec(
        {f: list(i) for f, i in factors.items()},
        n_groups=len(stats),
        ordinal=estimator == "WLSMV",
        n_thresholds=n_thresholds,
        parameterization=parameterization,
        equal=tuple(equal),
        released=released,
    )
    if spec.df < 0:
        raise CFAError(
            f"The model has {spec.npar} free parameters but only {spec.df + spec.npar} sample "
            "statistics, so it is not identified; add items or constraints."
        )
    est = "ML" if estimator == "ML" else "DWLS"
    fit = fit_sem(spec, stats, est)
    messages = list(grouped.notes)
    if not fit.converged:
        messages.append(
            f"The {estimator} fit did not converge after {fit.iterations} iterations (largest "
            f"gradient {fit.max_gradient:.2g}); the estimates may be inaccurate."
        )
        warnings.warn(messages[-1], CFAConvergenceWarning, stacklevel=3)
    if estimator == "ML":
        measures = ml_fit_measures(fit, stats)
    else:
        from trustlab.psychometrics._wlsmv import wlsmv_fit_measures

        measures = wlsmv_fit_measures(fit, stats)
    return build_result(
        spec,
        fit,
        stats,
        grouped,
        estimator=estimator,
        fit_measures=measures,
        model=factors,
        partial=tuple(partial),
        messages=messages,
    )


def multigroup_cfa(
    data: pd.DataFrame,
    model: Mapping[str, Any],
    group: str,
    *,
    estimator: str = "ML",
    equal: Sequence[str] = (),
    partial: Sequence[str] = (),
    groups: Sequence[Any] | None = None,
    merge: Mapping[Any, Any] | None = None,
    parameterization: str = "delta",
) -> MultiGroupCFAResult:
    """Multi-group CFA, as ``lavaan::cfa(model, data, group = group, group.equal = equal,
    group.partial = partial)``.

    Parameters
    ----------
    data : pandas.DataFrame
        Items and the grouping column; rows with a missing item or group are left out
        (listwise, lavaan's default).
    model : dict
        ``{factor: [item, ...]}`` (simple structure; marker identification).
    group : str
        The grouping column.
    estimator : {"ML", "WLSMV"}
        ``"ML"``: continuous items, means and covariances. ``"WLSMV"``: ordinal items
        (lavaan's ``ordered = TRUE, estimator = "WLSMV"``).
    equal : sequence of str
        lavaan's ``group.equal``: ``"loadings"``, ``"intercepts"`` (ML), ``"thresholds"``
        (WLSMV), ``"residuals"``.
    partial : sequence of str
        lavaan's ``group.partial``: parameters freed in every group despite ``equal``, written
        as ``"factor=~item"``, ``"item~1"``, ``"item|t1"`` or ``"item~~item"``.
    groups : sequence, optional
        The groups to analyse, in order (the first is the reference). Default: all, in order
        of first appearance (lavaan's order).
    merge : dict, optional
        Relabel groups before the analysis, for example ``{"small role": "other"}``.
    parameterization : {"delta", "theta"}
        For WLSMV (lavaan's default ``delta``).

    Returns
    -------
    MultiGroupCFAResult

    Notes
    -----
    ML fit measures (lavaan's names): ``npar``, ``fmin``, ``chisq``, ``df``, ``pvalue``,
    ``baseline.chisq``, ``baseline.df``, ``baseline.pvalue``, ``cfi``, ``tli``, ``logl``,
    ``unrestricted.logl``, ``aic``, ``bic``, ``bic2``, ``ntotal``, ``rmsea`` (with lavaan's
    ``sqrt(G)`` factor), ``rmsea.ci.lower``, ``rmsea.ci.upper``, ``rmsea.pvalue``, ``srmr``.
    The chi-squares agree with lavaan 0.6-14 to about 1e-9; lavaan's estimates stop about
    1e-5 short of the optimum (its optimiser's tolerance), trustlab's are converged. WLSMV
    fit measures are those of :func:`~trustlab.psychometrics.cfa_ordinal`; as in lavaan 0.6-14
    the robust CFI, TLI and RMSEA are NaN once the thresholds are equal across groups.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from trustlab.psychometrics import multigroup_cfa
    >>> rng = np.random.default_rng(1)
    >>> f = rng.normal(size=400)
    >>> d = pd.DataFrame({f"x{i}": 0.8 * f + 0.6 * rng.normal(size=400) for i in (1, 2, 3, 4)})
    >>> d["g"] = np.repeat(["a", "b"], 200)
    >>> res = multigroup_cfa(d, {"f": ["x1", "x2", "x3", "x4"]}, "g", equal=["loadings"])
    >>> res.df  # 2 x (4 + 10) statistics - (3 loadings + 2 x (4 + 1 + 4)) parameters
    7
    """
    if estimator not in ESTIMATORS:
        raise CFAError(f"estimator must be 'ML' or 'WLSMV'; got {estimator!r}.")
    factors = check_model(model)
    items = tuple(i for its in factors.values() for i in its)
    grouped = split_groups(data, items, group, groups=groups, merge=merge)
    if len(grouped.labels) < 1:
        raise CFAError(f"No group of {group!r} has complete answers to the model's items.")
    if estimator == "ML":
        stats = ml_group_stats(grouped.values, items, grouped.labels)
        n_th = None
    else:
        from trustlab.psychometrics._wlsmv import ordinal_group_stats

        stats, n_th = ordinal_group_stats(grouped, items)
    result = fit_groups(
        factors,
        grouped,
        stats,
        estimator=estimator,
        equal=equal,
        partial=partial,
        parameterization=parameterization,
        n_thresholds=n_th,
    )
    for message in grouped.notes:
        warnings.warn(message, CFAWarning, stacklevel=2)
    return result
