"""Measurement invariance across groups: configural, metric, scalar and strict models.

Does a scale measure the same thing in every group? The model is fitted in all groups at once
(:func:`~trustlab.psychometrics.multigroup_cfa`) with more and more parameters constrained equal:
loadings (metric), then intercepts or, for ordinal items, thresholds (scalar), then residual
variances (strict). Each level is compared with the last level that held, by the chi-square
difference test (lavaan's ``lavTestLRT``: plain for ML, the scaled-shifted difference of
Satorra (2000) for WLSMV) and by the changes in CFI and RMSEA (Chen 2007: a level holds while
CFI drops by at most .010 and RMSEA rises by at most .015; Cheung & Rensvold 2002: a CFI drop
of at most .010). A level that fails can hold partially: the equality constraint with the
largest score test (``lavTestScore``) is released, one at a time, until the level holds.
Once scalar (or partial scalar) invariance holds, the groups' latent means may be compared.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from trustlab.errors import CFAError, CFAWarning
from trustlab.psychometrics._cfa_input import check_model
from trustlab.psychometrics._invariance_steps import (
    CUTOFFS,
    compare,
    fit_keys,
    holds,
    latent_means,
    min_size,
    score_frame,
    screen,
    verdict,
)
from trustlab.psychometrics._mg_data import split_groups
from trustlab.psychometrics.multigroup import (
    MultiGroupCFAResult,
    fit_groups,
    ml_group_stats,
)
from trustlab.results import ResultMixin

__all__ = ["InvarianceResult", "measurement_invariance", "CUTOFFS"]


LEVELS = ("configural", "metric", "scalar", "strict")
_EQUAL = {
    "ML": {
        "configural": (),
        "metric": ("loadings",),
        "scalar": ("loadings", "intercepts"),
        "strict": ("loadings", "intercepts", "residuals"),
    },
    "WLSMV": {
        "configural": (),
        "metric": ("loadings",),
        "scalar": ("loadings", "thresholds"),
        "strict": ("loadings", "thresholds", "residuals"),
    },
}


@dataclass(frozen=True, repr=False, eq=False)
class InvarianceResult(ResultMixin):
    """The configural -> metric -> scalar -> strict sequence.

    Attributes
    ----------
    level : str
        The highest level that holds (``"configural"``, ``"metric"``, ``"scalar"`` or
        ``"strict"``), possibly partially.
    partial : bool
        Whether that level holds only with released constraints.
    means_comparable : bool
        Whether (partial) scalar invariance holds, so latent means may be compared.
    verdict : str
        The conclusion in plain words.
    comparisons : pandas.DataFrame
        One row per level after configural: the model it was compared with (``reference``),
        ``chisq``, ``df``, ``chisq_diff``, ``df_diff``, ``pvalue`` (lavTestLRT), ``cfi``,
        ``rmsea``, ``delta_cfi``, ``delta_rmsea``, ``holds`` and the released constraints
        (``freed``).
    fits : dict
        Level -> the final :class:`MultiGroupCFAResult` of that level (with its released
        constraints).
    freed : pandas.DataFrame
        The released constraints in order: ``level``, ``parameter`` (lavaan's
        ``group.partial`` syntax), ``score_X2`` (its univariate score test when released).
    score_tests : dict
        Level -> lavaan's ``lavTestScore(fit)$uni`` of the level's first (fully constrained)
        model: ``parameter``, ``group``, ``X2``, ``pvalue``.
    latent_means : pandas.DataFrame or None
        Latent mean differences from the first (reference) group, from the (partial) scalar
        model: ``group``, ``factor``, ``est``, ``se``, ``z``, ``pvalue``, ``ci.lower``,
        ``ci.upper`` and ``std`` (the difference in reference-group standard deviations of the
        factor); None when scalar invariance does not hold.
    groups : tuple of str
        The groups analysed (the first is the reference).
    n_obs : dict
        Complete respondents per group.
    dropped_groups : dict
        Groups left out, with the reason.
    estimator : str
        ``"ML"`` or ``"WLSMV"``.
    criterion : str
        The decision rule (see :func:`measurement_invariance`).
    warnings : tuple of str
        The messages also issued as :class:`CFAWarning`.
    """

    level: str
    partial: bool
    means_comparable: bool
    verdict: str
    comparisons: pd.DataFrame
    fits: dict[str, MultiGroupCFAResult]
    freed: pd.DataFrame
    score_tests: dict[str, pd.DataFrame]
    latent_means: pd.DataFrame | None
    groups: tuple[str, ...]
    n_obs: dict[str, int]
    dropped_groups: dict[str, str]
    estimator: str
    criterion: str
    warnings: tuple[str, ...] = field(default=())

    def summary(self) -> pd.DataFrame:
        """Fit of every level and the comparisons (the invariance table of a paper)."""
        rows = []
        cfi_key, rmsea_key = fit_keys(self.estimator)
        for name, fit in self.fits.items():
            row = {
                "chisq": fit.chi2,
                "df": fit.df,
                "cfi": fit.fit[cfi_key],
                "rmsea": fit.fit[rmsea_key],
            }
            if self.estimator == "WLSMV":
                row["chisq.scaled"] = fit.fit["chisq.scaled"]
            if name in self.comparisons.index:
                comp = self.comparisons.loc[name]
                row |= {
                    "chisq_diff": comp["chisq_diff"],
                    "df_diff": comp["df_diff"],
                    "pvalue": comp["pvalue"],
                    "delta_cfi": comp["delta_cfi"],
                    "delta_rmsea": comp["delta_rmsea"],
                    "holds": comp["holds"],
                    "freed": comp["freed"],
                }
            rows.append(pd.Series(row, name=name))
        return pd.DataFrame(rows)

    def _title(self) -> str:
        return (
            f"Measurement invariance ({self.estimator}, {len(self.groups)} groups): {self.verdict}"
        )

    def _notes(self) -> list[str]:
        return list(self.warnings)


def measurement_invariance(
    data: pd.DataFrame,
    model: Mapping[str, Any],
    group: str,
    *,
    estimator: Literal["ML", "WLSMV"] = "ML",
    levels: Sequence[str] = LEVELS,
    partial: bool = True,
    criterion: Literal["delta_fit", "chisq", "both"] = "delta_fit",
    alpha: float = 0.05,
    max_free: int = 10,
    groups: Sequence[Any] | None = None,
    merge: Mapping[Any, Any] | None = None,
    min_group_size: int | None = None,
    small_groups: Literal["drop", "error"] = "drop",
    missing: str = "listwise",
) -> InvarianceResult:
    """Configural, metric, scalar and strict invariance of a CFA model across groups.

    Parameters
    ----------
    data : pandas.DataFrame
        The items and the grouping column.
    model : dict
        ``{factor: [item, ...]}`` (simple structure, marker identification).
    group : str
        The grouping column (for example role or organisation type).
    estimator : {"ML", "WLSMV"}
        ``"ML"``: continuous items (lavaan's default). ``"WLSMV"``: ordinal items; the strict
        level is fitted in lavaan's theta parameterization (in the default delta
        parameterization equal residual variances are no constraint at all).
    levels : sequence of str
        The levels to test, in order (a prefix of configural, metric, scalar, strict).
    partial : bool
        Search for partial invariance when a level fails (see ``max_free``).
    criterion : {"delta_fit", "chisq", "both"}
        When a level holds against the last level that held: ``"delta_fit"``: CFI drops by at
        most .010 and RMSEA rises by at most .015 (Chen 2007; for WLSMV the scaled CFI and
        RMSEA); ``"chisq"``: the chi-square difference test is not significant at ``alpha``;
        ``"both"``: both.
    alpha : float
        Level of the chi-square difference tests.
    max_free : int
        At most this many constraints are released per level.
    groups : sequence, optional
        The groups to analyse, in order (the first is the reference group of the latent means).
        Default: every group, in order of first appearance (lavaan's order).
    merge : dict, optional
        Relabel groups first, for example ``{"small role": "other role"}``.
    min_group_size : int, optional
        Groups with fewer complete respondents are left out. Default: the free parameters of
        one group in the configural model of continuous items, ``(p - k)`` loadings,
        ``k (k + 1) / 2`` factor (co)variances, ``p`` intercepts and ``p`` residual variances
        (34 for 11 items on 2 factors; at least ``p + 1``). For ordinal items a group must
        also use every answer category of every item (lavaan cannot estimate thresholds
        otherwise).
    small_groups : {"drop", "error"}
        Leave too-small (or, for WLSMV, too-sparse) groups out with a warning, or refuse.
    missing : {"listwise"}
        Rows with a missing item or group are left out (lavaan's default).

    Returns
    -------
    InvarianceResult

    Raises
    ------
    CFAError
        Fewer than two usable groups, an unknown column or level, a model that cannot be
        fitted.

    Notes
    -----
    The partial search follows common practice (Byrne, Shavelson & Muthen 1989; lavaan's
    ``group.partial``): among the constraints the failing level added, the one with the
    largest univariate score test (``lavTestScore``) is released in every group, the model is
    refitted and compared again. Latent means come from the (partial) scalar model: the first
    group's are fixed at 0, so the others are differences from it.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from trustlab.psychometrics import measurement_invariance
    >>> rng = np.random.default_rng(2)
    >>> f = rng.normal(size=600) + np.repeat([0.0, 0.5], 300)  # group b scores higher
    >>> d = pd.DataFrame({f"x{i}": 0.8 * f + 0.6 * rng.normal(size=600) for i in range(1, 5)})
    >>> d["g"] = np.repeat(["a", "b"], 300)
    >>> res = measurement_invariance(d, {"f": ["x1", "x2", "x3", "x4"]}, "g")
    >>> res.level, res.means_comparable
    ('strict', True)
    >>> # lavaan: cfa(..., group = "g", group.equal = c("loadings", "intercepts")): f ~1 in
    >>> # group b 0.385 (SE 0.069), b's latent mean minus a's
    >>> res.latent_means[["group", "est", "se"]].round(3).values.tolist()
    [['b', 0.385, 0.069]]
    """
    if estimator not in ("ML", "WLSMV"):
        raise CFAError(f"estimator must be 'ML' or 'WLSMV'; got {estimator!r}.")
    if missing != "listwise":
        raise CFAError(
            f"missing={missing!r} is not supported; only 'listwise' (lavaan's default). "
            "Full-information ML is not implemented for multi-group models.",
            expected="'listwise'",
        )
    if criterion not in ("delta_fit", "chisq", "both"):
        raise CFAError(f"criterion must be 'delta_fit', 'chisq' or 'both'; got {criterion!r}.")
    levels = tuple(levels)
    if not levels or levels != LEVELS[: len(levels)]:
        raise CFAError(
            f"levels must be a prefix of {LEVELS}; got {levels!r}.",
            expected="('configural', 'metric', 'scalar', 'strict') or a prefix of it",
        )
    factors = check_model(model)
    items = tuple(i for its in factors.values() for i in its)
    grouped = split_groups(data, items, group, groups=groups, merge=merge)
    if not grouped.labels:
        raise CFAError(
            f"No respondent answered every item of the model and {group!r}.", column=str(group)
        )
    n_th = None
    minimum = int(min_group_size) if min_group_size is not None else min_size(factors)
    screen(grouped, items, minimum, estimator, small_groups)
    if len(grouped.labels) < 2:
        left = ", ".join(f"{g!r} ({r})" for g, r in grouped.dropped_short.items())
        raise CFAError(
            f"Only {len(grouped.labels)} group(s) of {group!r} can be analysed "
            f"({', '.join(map(repr, grouped.labels)) or 'none'}); left out: {left or 'none'}. "
            "Measurement invariance needs at least two groups: merge small groups "
            "(merge={...}) or lower min_group_size.",
            column=str(group),
        )
    if estimator == "ML":
        stats = ml_group_stats(grouped.values, items, grouped.labels)
    else:
        from trustlab.psychometrics._wlsmv import ordinal_group_stats

        stats, n_th = ordinal_group_stats(grouped, items)

    def fit(level: str, released: list[str], param: str = "delta") -> MultiGroupCFAResult:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CFAWarning)
            return fit_groups(
                factors,
                grouped,
                stats,
                estimator=estimator,
                equal=_EQUAL[estimator][level],
                partial=released,
                parameterization=param,
                n_thresholds=n_th,
            )

    fits = {"configural": fit("configural", [])}
    accepted = fits["configural"]
    accepted_level = "configural"
    released: list[str] = []
    comp_rows, freed_rows, scores = [], [], {}
    messages = list(grouped.notes)
    for level in levels[1:]:
        param = "theta" if (estimator == "WLSMV" and level == "strict") else "delta"
        reference = accepted
        if param == "theta":
            reference = fit(accepted_level, released, "theta")
        current = fit(level, released, param)
        table = score_frame(current, estimator)
        scores[level] = table
        kinds = {"metric": {"lambda"}, "scalar": {"nu", "tau"}, "strict": {"theta"}}[level]
        comp = compare(reference, current, estimator)
        ok = holds(comp, criterion, alpha)
        freed_here = []
        while not ok and partial and len(freed_here) < max_free:
            table = score_frame(current, estimator)
            cand = table[table["kind"].isin(kinds) & ~table["parameter"].isin(released)]
            if cand.empty:
                break
            best = cand.loc[cand["X2"].idxmax()]
            released.append(best["parameter"])
            freed_here.append(best["parameter"])
            freed_rows.append(
                {"level": level, "parameter": best["parameter"], "score_X2": best["X2"]}
            )
            current = fit(level, released, param)
            comp = compare(reference, current, estimator)
            ok = holds(comp, criterion, alpha)
        comp_rows.append(
            pd.Series(
                {"reference": accepted_level, **comp, "holds": ok, "freed": ", ".join(freed_here)},
                name=level,
            )
        )
        fits[level] = current
        if not ok:
            for name in freed_here:
                released.remove(name)
            break
        accepted, accepted_level = current, level
    comparisons = pd.DataFrame(comp_rows)
    freed = pd.DataFrame(freed_rows, columns=["level", "parameter", "score_X2"])
    freed = freed[freed["parameter"].isin(released)].reset_index(drop=True)
    partial_level = not freed.empty
    means_ok = accepted_level in ("scalar", "strict")
    latent = None
    if means_ok:
        latent = latent_means(fits["scalar"])
    words = verdict(accepted_level, partial_level, freed, group, estimator)
    for message in messages:
        warnings.warn(message, CFAWarning, stacklevel=2)
    return InvarianceResult(
        level=accepted_level,
        partial=bool(partial_level),
        means_comparable=means_ok,
        verdict=words,
        comparisons=comparisons,
        fits=fits,
        freed=freed,
        score_tests=scores,
        latent_means=latent,
        groups=tuple(grouped.labels),
        n_obs=fits["configural"].n_obs,
        dropped_groups=dict(grouped.dropped_groups),
        estimator=estimator,
        criterion=criterion,
        warnings=tuple(messages),
    )
