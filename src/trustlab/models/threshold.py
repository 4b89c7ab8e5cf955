"""The threshold question: from which ordered category on is the outcome high?

Two pieces here: adjacent-category (backward-difference, ``MASS::contr.sdif``) contrasts of the mean
outcome with Holm-adjusted p-values; a broken-stick (piecewise-linear) fit on a numeric version of
the categories with the knot chosen by profile least squares. The statement in words (nl, en) of
the first category from which the outcome is high is in :mod:`trustlab.models.statement`.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab._arguments import real_number
from trustlab.distributions import t as t_dist
from trustlab.errors import brief
from trustlab.models._common import (
    ModelError,
    check_columns,
    check_finite,
    holm,
    warn,
)
from trustlab.models._design import build_design
from trustlab.models._small_sample import satterthwaite_df
from trustlab.models.covariance import contrast_standard_errors, vcov_cr
from trustlab.models.linear import fit_ols_design, residual_sum_of_squares
from trustlab.results import ResultMixin

__all__ = ["AdjacentContrasts", "adjacent_contrasts", "as_cr1s", "BrokenStick", "broken_stick"]


@dataclass(frozen=True, repr=False, eq=False)
class AdjacentContrasts(ResultMixin):
    """Differences in mean outcome between consecutive categories, Holm-adjusted.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per step (``contrast`` ``"b - a"``, ``lower``, ``upper``): ``estimate`` (mean of
        the higher minus the lower category, adjusted for any covariates), ``std_error``,
        ``statistic`` (t), ``df`` (the residual df, or with CR2 each step's Satterthwaite df),
        ``p_value``, ``p_holm`` (``p.adjust(p, "holm")`` over the steps), ``ci_low``,
        ``ci_high`` (unadjusted).
    inference : str
        ``"cluster"`` or ``"model"``.
    outcome, group : str
    covariates : tuple of str
    n_obs : int
    dropped : dict
    confidence_level : float
    warnings : tuple of str
    vcov_type : str or None
        With a cluster, the covariance behind the SEs: ``"CR1S"`` (``sandwich::vcovCL`` HC1, t
        on the residual df) or ``"CR2"`` (clubSandwich's Bell-McCaffrey covariance with
        Satterthwaite df per step); None without a cluster.
    """

    table: pd.DataFrame
    inference: str
    outcome: str
    group: str
    covariates: tuple[str, ...]
    n_obs: int
    dropped: dict[str, int]
    confidence_level: float
    warnings: tuple[str, ...] = ()
    vcov_type: str | None = None

    @property
    def method(self) -> str:
        """The standard errors and degrees of freedom behind the p-values, in words."""
        if self.inference != "cluster":
            return "model-based SE, t on the residual df"
        if self.vcov_type == "CR2":
            return "CR2 cluster-robust SE with Satterthwaite df (R clubSandwich)"
        return "CR1S/HC1 cluster-robust SE, t on the residual df (R sandwich::vcovCL)"

    def summary(self) -> pd.DataFrame:
        """The table, indexed by contrast."""
        return self.table.set_index("contrast")

    def _title(self) -> str:
        adj = f", adjusted for {', '.join(self.covariates)}" if self.covariates else ""
        return f"Adjacent contrasts of {self.outcome} across {self.group}{adj} (n = {self.n_obs})"

    def _notes(self) -> list[str]:
        return list(self.warnings)


def adjacent_contrasts(
    data: pd.DataFrame,
    outcome: str,
    group: str,
    *,
    covariates: Sequence[str] = (),
    categorical: Mapping[str, Any] | Sequence[str] | None = None,
    cluster: str | None = None,
    cluster_df: str = "residual",
    vcov_type: str = "CR1S",
    confidence_level: float = 0.95,
) -> AdjacentContrasts:
    """Backward-difference contrasts of the mean outcome between consecutive categories.

    As ``lm(outcome ~ group + covariates, contrasts = list(group = MASS::contr.sdif))``: each
    step is the difference between a category and the one below it; p-values from t on the
    residual df (with ``cluster``: the ``vcovCL`` HC1 SE, see :func:`~trustlab.models.ols`),
    Holm-adjusted over the steps. Empty categories are skipped (the step then spans them).

    With ``cluster`` and ``vcov_type="CR2"`` the SEs are clubSandwich's CR2 (Bell-McCaffrey)
    and each step has its own Satterthwaite df, as ``clubSandwich::linear_contrast(fit, vcov =
    "CR2", contrasts = L, test = "Satterthwaite")``: the few-cluster-safe choice (CR1S/HC1
    rejects too often with few clusters). With more clusters than
    :data:`~trustlab.models.covariance.CR_MAX_CLUSTERS` the fit keeps no per-cluster pieces and
    CR1S is used instead, with a warning (the small-sample correction is then negligible).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 2.0, 3.0, 4.0, 4.5, 5.0, 4.0],
    ...                    "g": list("aabbccdd")})
    >>> adjacent_contrasts(df, "y", "g").table[["contrast", "estimate", "p_holm"]].round(4)
      contrast  estimate  p_holm
    0    b - a      1.00  0.3835
    1    c - b      1.75  0.1548
    2    d - c      0.25  0.7149

    In R: ``p.adjust(summary(lm(y ~ g, contrasts = list(g = "contr.sdif")))$coef[2:4, 4],
    "holm")`` gives 0.3835 0.1548 0.7149.
    """
    covariates = tuple(covariates)
    if group in covariates:
        raise ModelError(f"{group!r} is the group; do not list it among the covariates.")
    cat = dict(categorical) if isinstance(categorical, Mapping) else {}
    if categorical is not None and not isinstance(categorical, Mapping):
        cat = {c: None for c in categorical}
    cat.setdefault(group, None)
    if cat[group] is not None:
        raise ModelError("The steps run from the lowest category up; do not set a reference.")
    if vcov_type not in ("CR1S", "CR2"):
        raise ModelError(f"vcov_type must be 'CR1S' or 'CR2', got {vcov_type!r}.")
    design = build_design(data, outcome, [group, *covariates], categorical=cat, cluster=cluster)
    fit = fit_ols_design(design, outcome, cluster_df=cluster_df, confidence_level=confidence_level)
    store = list(fit.warnings)
    used_type = vcov_type if fit.inference == "cluster" else None
    if used_type == "CR2" and fit.cluster_scores is None:
        warn(
            f"{fit.n_clusters:,} {_NO_CR2} (its small-sample correction is then negligible); "
            "the CR1S (HC1) SEs are used.",
            store,
        )
        used_type = "CR1S"
    cats = design.levels[group]
    present = [cats[0]] + [c for c in cats[1:] if f"{group}[{c}]" in design.terms]
    terms = list(design.terms)
    v = (fit.vcov_cluster if fit.vcov_cluster is not None else fit.vcov).to_numpy()
    beta = fit.coefficients["estimate"].to_numpy()
    rows = []
    L = []
    for lower, upper in itertools.pairwise(present):
        ell = np.zeros(len(terms))
        ell[terms.index(f"{group}[{upper}]")] = 1.0
        if lower != present[0]:
            ell[terms.index(f"{group}[{lower}]")] = -1.0
        L.append(ell)
        rows.append((f"{upper} - {lower}", lower, upper))
    if not rows:
        raise ModelError(f"{group!r} has fewer than two categories with data: no steps.")
    L_arr = np.array(L)
    est = L_arr @ beta
    se = contrast_standard_errors(L_arr, v)
    df = fit.df_inference
    if used_type == "CR2":
        se = contrast_standard_errors(L_arr, vcov_cr(fit.cluster_scores, "CR2"))
        df = satterthwaite_df(fit.cluster_scores, L_arr, "CR2")
    with np.errstate(divide="ignore", invalid="ignore"):  # a zero SE (exact fit): inf or NaN
        stat = est / se
    p = 2 * t_dist.sf(np.abs(stat), df)
    q = t_dist.ppf(1 - (1 - fit.confidence_level) / 2, df)
    table = pd.DataFrame(rows, columns=["contrast", "lower", "upper"])
    table["estimate"] = est
    table["std_error"] = se
    table["statistic"] = stat
    table["df"] = df
    table["p_value"] = p
    table["p_holm"] = holm(p)
    table["ci_low"] = est - q * se
    table["ci_high"] = est + q * se
    return AdjacentContrasts(
        table,
        fit.inference,
        outcome,
        group,
        covariates,
        fit.n_obs,
        fit.dropped,
        fit.confidence_level,
        tuple(store),
        used_type,
    )


_NO_CR2 = "clusters: CR2 is not computed for so many clusters"


def as_cr1s(result: AdjacentContrasts) -> AdjacentContrasts | None:
    """The CR1S (HC1) contrasts from a ``vcov_type="CR2"`` result that fell back to CR1S (too
    many clusters): the same fit, without the fallback's warning, whose other warnings are
    issued again as a fit of its own issues them. None when ``result`` used CR2 itself.

    The analysis asks for both; with hundreds of thousands of clusters this saves fitting the
    same model twice on every respondent.
    """
    if result.vcov_type != "CR1S":
        return None
    kept = tuple(w for w in result.warnings if _NO_CR2 not in w)
    for message in kept:
        warn(message, [])
    return dataclasses.replace(result, warnings=kept)


@dataclass(frozen=True, repr=False, eq=False)
class BrokenStick(ResultMixin):
    """A piecewise-linear fit with one knot chosen by profile least squares.

    Attributes
    ----------
    knot : float
        The candidate knot with the smallest residual sum of squares.
    profile : pandas.DataFrame
        ``rss`` per candidate knot.
    slope_before, slope_after : float
        Slope of the outcome in ``x`` below and above the knot.
    slope_before_se, slope_after_se : float
        Their standard errors (conditional on the chosen knot: the knot search is not
        accounted for, so these are optimistic).
    change, change_se, change_p : float
        Difference of the slopes (the hinge coefficient), its SE and p-value (same caveat).
    linear_rss : float
        RSS of the straight line, for comparison.
    fit : OLSResult
        The regression at the chosen knot (terms ``x`` and ``x_after_knot``).
    outcome, x : str
    warnings : tuple of str
    """

    knot: float
    profile: pd.DataFrame
    slope_before: float
    slope_after: float
    slope_before_se: float
    slope_after_se: float
    change: float
    change_se: float
    change_p: float
    linear_rss: float
    fit: Any
    outcome: str
    x: str
    warnings: tuple[str, ...] = ()

    def summary(self) -> pd.DataFrame:
        """Knot, slopes and the change of slope."""
        return pd.DataFrame(
            {
                "estimate": [self.knot, self.slope_before, self.slope_after, self.change],
                "std_error": [np.nan, self.slope_before_se, self.slope_after_se, self.change_se],
            },
            index=["knot", "slope_before", "slope_after", "change"],
        )

    def _title(self) -> str:
        return f"Broken-stick fit of {self.outcome} on {self.x}: knot at {self.knot:g}"

    def _notes(self) -> list[str]:
        return [
            "The knot is chosen from the data; SEs and p-values are conditional on it.",
            *self.warnings,
        ]


#: The most candidate knots of a broken-stick fit (each is one regression).
MAX_KNOTS = 1_000


def broken_stick(
    data: pd.DataFrame,
    outcome: str,
    x: str,
    *,
    knots: Sequence[float] | None = None,
    covariates: Sequence[str] = (),
    cluster: str | None = None,
) -> BrokenStick:
    """Piecewise-linear regression of ``outcome`` on ``x`` with one knot.

    For each candidate knot k, ``outcome ~ x + max(x - k, 0) (+ covariates)`` is fitted by OLS;
    the knot with the least residual sum of squares is kept (profile least squares). Default
    candidates: the distinct observed values of ``x`` strictly between its minimum and maximum
    (with meetings per year 0.5, 1.5, 3.5, 6 these are 1.5 and 3.5).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [2.0, 2.1, 2.3, 3.9, 4.0, 4.1, 4.0, 4.2],
    ...                    "x": [0.5, 0.5, 1.5, 3.5, 3.5, 6, 6, 1.5]})
    >>> bs = broken_stick(df, "y", "x")
    >>> bs.knot, round(bs.slope_before, 4), round(bs.slope_after, 4)  # R: 1.5, 1.3270, 0.1721
    (1.5, 1.327, 0.1721)
    """
    check_columns(data, [outcome, x, *covariates] + ([cluster] if cluster else []))
    xv = pd.to_numeric(data[x], errors="coerce")
    if (data[x].notna() & xv.isna()).any():
        raise ModelError(f"{x!r} must be numeric (e.g. meetings per year).", column=x)
    check_finite(xv.to_numpy(dtype=float), x, xv.index, "The predictor")
    if knots is None:
        vals = np.unique(xv.dropna().to_numpy(dtype=float))
        knots = vals[1:-1].tolist()
        if len(knots) > MAX_KNOTS:
            raise ModelError(
                f"{x!r} has {len(knots) + 2:,} distinct values, so {len(knots):,} candidate knots "
                f"(one fit each); give at most {MAX_KNOTS:,} knots with knots=[...] (for example "
                "the values of its categories).",
                column=x,
            )
    if isinstance(knots, (str, bytes)) or not hasattr(knots, "__iter__"):
        raise ModelError(f"knots must be a list of numbers, got {brief(knots)}.", value=knots)
    knots = [real_number(k, "each knot", error=ModelError) for k in knots]
    if len(knots) > MAX_KNOTS:
        raise ModelError(f"knots holds {len(knots):,} values; give at most {MAX_KNOTS:,}.")
    if not knots:
        raise ModelError(
            f"No candidate knot: {x!r} needs at least three distinct values, or give knots=."
        )
    # only the model's columns: a copy of the whole frame would double the memory of large data
    frame = data[list(dict.fromkeys([outcome, x, *covariates, *([cluster] if cluster else [])]))]
    frame = frame.assign(**{x: xv})  # a new frame (with copy-on-write the others are shared)
    hinge = "x_after_knot"
    while hinge in frame.columns:
        hinge = "_" + hinge
    preds = [x, hinge, *covariates]

    def design_at(k: float) -> Any:
        # a new frame per knot (its columns shared): never one frame whose column changes, which
        # shared_designs() would take for the same design
        at_knot = frame.assign(**{hinge: np.maximum(xv - k, 0.0)})
        return build_design(at_knot, outcome, preds, cluster=cluster)

    # each knot's residual sum of squares; the standard errors only for the best knot's fit
    rss, last = np.full(len(knots), np.nan), None
    for i, k in enumerate(knots):
        # the previous knot's design goes before the next is built (in its memory: see
        # reused_matrices); only the last one is kept, should its knot be the best
        design = last = None
        design = last = design_at(k)
        # a knot outside the data (or with one value beyond it) leaves the hinge constant or
        # aliased with x: no broken stick there
        if {x, hinge} <= set(design.terms):
            rss[i] = residual_sum_of_squares(design)
    if np.isnan(rss).all():
        raise ModelError(
            f"No knot gives a broken stick: at every knot the slope after it is not identified "
            f"(a knot must have at least two distinct values of {x!r} above it and one below)."
        )
    best = int(np.nanargmin(rss))
    design = last if best == len(knots) - 1 else design_at(knots[best])
    del last
    fit = fit_ols_design(design, outcome)
    del design
    linear_rss = residual_sum_of_squares(
        build_design(frame, outcome, [x, *covariates], cluster=cluster)
    )
    v = (fit.vcov_cluster if fit.vcov_cluster is not None else fit.vcov).loc[[x, hinge], [x, hinge]]
    c = fit.summary()
    b1, b2 = c.loc[x, "estimate"], c.loc[hinge, "estimate"]
    after_se = float(np.sqrt(v.to_numpy().sum()))
    return BrokenStick(
        knot=knots[best],
        profile=pd.DataFrame({"rss": rss}, index=pd.Index(knots, name="knot")),
        slope_before=float(b1),
        slope_after=float(b1 + b2),
        slope_before_se=float(np.sqrt(v.iloc[0, 0])),
        slope_after_se=after_se,
        change=float(b2),
        change_se=float(np.sqrt(v.iloc[1, 1])),
        change_p=float(c.loc[hinge, "p_value"]),
        linear_rss=linear_rss,
        fit=fit,
        outcome=outcome,
        x=x,
        warnings=fit.warnings,
    )
