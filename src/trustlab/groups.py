"""Is the scale the same for every group? Measurement invariance across each grouping variable.

For every grouping variable the plan declares (``groups`` in the codebook: a role, an
organisation type) and every scale, :func:`analyse_groups` fits the scale's one-factor model
in all groups at once with more and more parameters equal (configural, metric, scalar, strict;
:func:`~trustlab.psychometrics.measurement_invariance`, lavaan's ``group.equal`` sequence with
the partial search of ``lavTestScore``) and says in words which level holds and whether the
groups' means may be compared. Groups too small for the model are left out of it (and said to
be); the observed mean score of every group is shown beside it, for description.

The items are the keyed answers; the model is fitted by ML (items treated as continuous,
lavaan's default), which keeps groups that do not use every answer category (the ordinal
WLSMV model cannot estimate their thresholds).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from trustlab.models import GroupMeans, group_means
from trustlab.plan import Plan
from trustlab.psychometrics import InvarianceResult, measurement_invariance
from trustlab.results import ResultMixin
from trustlab.steps import Notice, Steps

__all__ = ["ESTIMATOR", "GroupComparison", "analyse_groups", "groups_in_worker"]

#: The estimator of the invariance models in :func:`trustlab.analyse`.
ESTIMATOR = "ML"


@dataclass(frozen=True, repr=False, eq=False)
class GroupComparison(ResultMixin):
    """One scale across the groups of one grouping variable.

    Attributes
    ----------
    group : str
        The grouping column.
    scale : str
    means : GroupMeans or None
        The observed mean score per group (t CIs), for description.
    invariance : InvarianceResult or None
        The configural -> metric -> scalar -> strict sequence (None when it could not run:
        ``verdict`` says why).
    level : str or None
        The highest level that holds (``"configural"`` ... ``"strict"``), None when not run.
    partial : bool
        Whether that level holds only with released constraints.
    means_comparable : bool
        Whether (partial) scalar invariance holds, so that the groups' means may be compared.
    left_out : dict of str to str
        Groups left out of the invariance models, with the reason (too few complete
        respondents for the model, a singular covariance matrix).
    estimator : str
        ``"ML"``.
    verdict : str
        In plain words: which level holds, whether means may be compared, and what happened to
        groups too small for the model.
    """

    group: str
    scale: str
    means: GroupMeans | None
    invariance: InvarianceResult | None
    level: str | None
    partial: bool
    means_comparable: bool
    left_out: dict[str, str]
    estimator: str
    verdict: str

    def summary(self) -> pd.DataFrame:
        """The fit of every level and the comparisons (empty when not run)."""
        return self.invariance.summary() if self.invariance is not None else pd.DataFrame()

    def _title(self) -> str:
        return f"Is {self.scale} the same for every {self.group}?"

    def _notes(self) -> list[str]:
        return [self.verdict]


def _verdict(scale: str, group: str, inv: InvarianceResult | None, why: str) -> str:
    if inv is None:
        return (
            f"Whether {scale} measures the same in every {group} could not be tested: {why} "
            f"The {group} means below are descriptive only; do not read their differences as "
            "differences in the same construct."
        )
    compare = (
        f"The {group} means of {scale} may be compared."
        if inv.means_comparable
        else f"The {group} means of {scale} should not be compared: a difference could come "
        "from how the items work in a group rather than from the construct."
    )
    parts = [inv.verdict, compare]
    for label, reason in inv.dropped_groups.items():
        parts.append(
            f"{reason} Whether {scale} means the same in {label!r} is therefore unknown: its "
            "observed mean is shown for description only and is not part of the comparison."
        )
    return " ".join(parts)


def groups_in_worker(
    plan: Plan, keyed: pd.DataFrame, scores: pd.DataFrame, data: pd.DataFrame
) -> tuple[dict[str, dict[str, GroupComparison]], list[Notice]]:
    """:func:`analyse_groups` as a piece of work for another process: its result and what its
    steps said (the notices, in order)."""
    steps = Steps()
    return analyse_groups(plan, keyed, scores, data, steps), steps.notices


def analyse_groups(
    plan: Plan, keyed: pd.DataFrame, scores: pd.DataFrame, data: pd.DataFrame, steps: Steps
) -> dict[str, dict[str, GroupComparison]]:
    """Per grouping variable present in ``data`` and per scale: the invariance sequence of the
    scale's one-factor model on the keyed items, and the observed means per group."""
    out: dict[str, dict[str, GroupComparison]] = {}
    for group in plan.groups:
        if group not in data.columns:
            continue
        per_scale = {}
        for scale, spec in plan.scales.items():
            items = list(spec.items)
            frame = keyed[items].assign(**{group: data[group], "_score": scores[scale]})
            means = steps.run(f"means {scale} by {group}",
                              lambda f=frame, g=group: group_means(f, "_score", g))  # fmt: skip
            if means is not None:
                means = dataclasses.replace(means, outcome=scale)
            step = f"invariance {scale} by {group}"
            inv = steps.run(step, lambda f=frame, i=items, s=scale, g=group: measurement_invariance(
                f, {s: i}, g, estimator=ESTIMATOR))  # fmt: skip
            why = next((n.message for n in steps.notices if n.step == step and n.skipped), "")
            per_scale[scale] = GroupComparison(
                group=group,
                scale=scale,
                means=means,
                invariance=inv,
                level=inv.level if inv is not None else None,
                partial=bool(inv.partial) if inv is not None else False,
                means_comparable=bool(inv.means_comparable) if inv is not None else False,
                left_out=dict(inv.dropped_groups) if inv is not None else {},
                estimator=ESTIMATOR,
                verdict=_verdict(scale, group, inv, why.removeprefix("not computed: ")),
            )
        out[group] = per_scale
    return out
