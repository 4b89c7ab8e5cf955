"""Is a scale a property of the cluster, or only of the respondents in it?

Where the plan declares a cluster (networks, teams, schools), :func:`analyse_clusters` adds per
scale: ICC(1) and ICC(2) of the score from a one-way ANOVA on the cluster (as
``multilevel::ICC1``, ``ICC2``), within-cluster agreement rwg(j) on the keyed items against the
uniform null of the k-point response scale (``multilevel::rwg.j``) per cluster, with its mean
and median, awg (``multilevel::awg``), the respondents per cluster a replication needs for
ICC(2) >= .70 (Spearman-Brown), and a verdict in plain words with the usual cut-offs and their
sources (LeBreton & Senter 2008). The statistics are :mod:`trustlab.models.agreement`'s.

References
----------
LeBreton, J. M., & Senter, J. L. (2008). Answers to 20 questions about interrater reliability
and interrater agreement. Organizational Research Methods, 11(4), 815-852.
Brown, R. D., & Hauenstein, N. M. A. (2005). Interrater agreement reconsidered: An alternative
to the rwg indices. Organizational Research Methods, 8(2), 165-184.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from trustlab.models import GroupAgreement, GroupICC, awg, group_icc, rwg_j
from trustlab.models._group_items import GroupItems
from trustlab.models.agreement import ICC2_RELIABLE
from trustlab.plan import Plan
from trustlab.results import ResultMixin
from trustlab.steps import Steps

__all__ = ["ClusterAgreement", "analyse_clusters", "cluster_verdict"]


@dataclass(frozen=True, repr=False, eq=False)
class ClusterAgreement(ResultMixin):
    """One scale as a property of the cluster.

    Attributes
    ----------
    scale, cluster : str
    icc : GroupICC or None
        ICC(1), ICC(2) of the score (one-way ANOVA on the cluster), the ANOVA's F test and the
        respondents per cluster needed for ICC(2) >= .70 (``group_size_for_070``).
    rwg : GroupAgreement or None
        rwg(j) per cluster (``table``: ``group``, ``n`` with every item answered, ``rwg_j``,
        ``level`` and ``score_mean``, the mean score of those respondents), its ``mean`` and
        ``median`` over the clusters with two or more respondents.
    awg : GroupAgreement or None
        Brown and Hauenstein's awg per cluster and its mean (undefined where a cluster's mean
        is too close to an end of the scale).
    verdict : str
        Whether the scale may be read as a property of the cluster, in words, with the
        cut-offs and their sources.
    """

    scale: str
    cluster: str
    icc: GroupICC | None
    rwg: GroupAgreement | None
    awg: GroupAgreement | None
    verdict: str

    def summary(self) -> pd.DataFrame:
        """ICC(1), ICC(2), mean and median rwg(j), mean awg and the cluster size for .70."""
        nan = float("nan")
        icc, rwg, aw = self.icc, self.rwg, self.awg
        return pd.DataFrame(
            {
                "ICC(1)": [icc.icc1 if icc else nan],
                "ICC(2)": [icc.icc2 if icc else nan],
                "rwg(j) mean": [rwg.mean if rwg else nan],
                "rwg(j) median": [rwg.median if rwg else nan],
                "awg mean": [aw.mean if aw else nan],
                "n for ICC(2) .70": [icc.group_size_for_070 if icc else nan],
            },
            index=pd.Index([self.scale], name="scale"),
        )

    def _title(self) -> str:
        return f"{self.scale} as a property of the {self.cluster}"

    def _notes(self) -> list[str]:
        return [self.verdict]


def _needed(icc: GroupICC) -> str:
    k = icc.group_size_for_070
    if not math.isfinite(k):
        return "no cluster size brings ICC(2) to .70, since ICC(1) is not above 0"
    return (
        f"a cluster needs {math.ceil(k)} respondents for ICC(2) >= .70 (Spearman-Brown; now "
        f"{icc.group_size:.1f} on average)"
    )


def cluster_verdict(scale: str, cluster: str, icc: GroupICC | None,
                    rwg: GroupAgreement | None) -> str:  # fmt: skip
    """Whether ``scale`` is a property of the clusters in the column ``cluster``, in plain words,
    from ICC(1), ICC(2) and rwg(j) with LeBreton & Senter's (2008) cut-offs."""
    if icc is None and rwg is None:
        return f"Whether {scale} is a property of the clusters ({cluster}) could not be assessed."
    parts = []
    differ = agree = reliable = False
    if icc is not None:
        differ = icc.icc1 >= 0.10
        reliable = icc.icc2 >= ICC2_RELIABLE
        parts.append(
            f"ICC(1) = {icc.icc1:.2f}: {icc.size} differences between clusters (.01 small, .10 "
            "medium, .25 large; LeBreton & Senter 2008, after Murphy & Myors 1998). ICC(2) = "
            f"{icc.icc2:.2f}: the cluster means are {'' if reliable else 'not '}reliable by the "
            f"usual standard of .70 (LeBreton & Senter 2008); {_needed(icc)}."
        )
    if rwg is not None:
        agree = rwg.mean > 0.70
        parts.append(
            f"Within a cluster, respondents show {rwg.level}: mean rwg(j) = {rwg.mean:.2f} "
            f"(median {rwg.median:.2f}) over the {rwg.n_groups_defined} clusters with two or "
            "more respondents (.00-.30 lack of agreement, .31-.50 weak, .51-.70 moderate, "
            ".71-.90 strong, .91-1.00 very strong; LeBreton & Senter 2008)."
        )
    where = f"the clusters ({cluster})"
    if differ and agree and reliable:
        head = f"Yes: {scale} behaves as a property of {where}; their means may be used."
    elif differ and agree:
        head = (
            f"Partly: {where} differ in {scale} and their members agree, but the cluster means "
            "are not yet reliable (too few respondents per cluster); read them with care."
        )
    elif differ:
        head = (
            f"Partly: {where} differ in {scale}, but their members do not agree strongly; a "
            "cluster's mean hides real differences within it."
        )
    elif icc is not None and icc.icc1 < 0.01:
        head = f"No: {scale} hardly differs between {where}; it is each respondent's own view."
    else:
        head = (
            f"Not clearly: {scale} differs little between {where} or their members disagree; "
            "it is mainly each respondent's own view, not a shared property of the cluster."
        )
    return " ".join([head, *parts])


def analyse_clusters(
    plan: Plan, keyed: pd.DataFrame, scores: pd.DataFrame, cluster: pd.Series, steps: Steps
) -> dict[str, ClusterAgreement]:
    """Per scale: ICC(1), ICC(2), rwg(j), awg and the verdict, from the keyed items, the scores
    and the cluster column (a cluster with at least two clusters present)."""
    scale_min, scale_max = plan.response_scale.min, plan.response_scale.max
    points = int(scale_max - scale_min + 1)
    name = cluster.name
    out = {}
    for scale, spec in plan.scales.items():
        items = list(spec.items)
        frame = keyed[items].assign(**{"_score": scores[scale], "_cluster": cluster})
        run = steps.run
        icc = run(f"ICC {scale}", lambda f=frame: group_icc(f, "_score", "_cluster"))
        shared = GroupItems(frame, items, "_cluster")  # the items' group moments, once for both
        rwg = run(
            f"rwg(j) {scale}",
            lambda f=frame, i=items, s=shared: rwg_j(
                f, i, "_cluster", scale_points=points, score="_score", shared=s
            ),
        )
        aw = run(
            f"awg {scale}",
            lambda f=frame, i=items, s=shared: awg(
                f, i, "_cluster", scale_min=scale_min, scale_max=scale_max, score="_score", shared=s
            ),
        )
        del shared
        icc, rwg, aw = (_named(r, scale, name) for r in (icc, rwg, aw))
        out[scale] = ClusterAgreement(
            scale=scale, cluster=name, icc=icc, rwg=rwg, awg=aw,
            verdict=cluster_verdict(scale, name, icc, rwg),
        )  # fmt: skip
    return out


def _named(result: Any, scale: str, cluster: str) -> Any:
    """The result with the scale's and the cluster's names instead of the working columns."""
    if result is None:
        return None
    changes = {"group": cluster, "verdict": result.verdict.replace("groups", "clusters")}
    if isinstance(result, GroupICC):
        changes["value"] = scale
    return dataclasses.replace(result, **changes)
