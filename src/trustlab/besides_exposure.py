"""The parts of an analysis besides the exposure models, as one piece of work for another
process.

:func:`trustlab.analyse` given a :class:`trustlab.forked.ForkExecutor` (millions of
respondents, in ``python -m trustlab analyse``) fits the exposure models itself while a fork of
it runs :func:`besides_exposure`: the quality report, the groups, the scales, the item
correlations, the dimensions and the clusters.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from trustlab.clusters import ClusterAgreement, analyse_clusters
from trustlab.dimensions import DimensionsResult, analyse_dimensions
from trustlab.groups import GroupComparison, analyse_groups
from trustlab.input.quality import QualityReport
from trustlab.input.survey import Survey
from trustlab.plan import Plan
from trustlab.scale_analysis import ScaleResult, analyse_scale
from trustlab.steps import Notice, Steps

__all__ = ["BesidesExposure", "besides_exposure", "clusters_of", "dimensions_of"]


def dimensions_of(
    plan: Plan, scores: pd.DataFrame, keyed: pd.DataFrame, frame: pd.DataFrame,
    exposure_ok: bool, steps: Steps, seed: int,
) -> DimensionsResult | None:  # fmt: skip
    """The dimensions' statistics (None when the plan declares no dimensions)."""
    if plan.dimensions is None:
        return None
    exposure_column = frame[plan.exposure.column] if exposure_ok else None
    return analyse_dimensions(plan, scores, keyed, exposure_column, steps, seed=seed)


def clusters_of(
    plan: Plan, keyed: pd.DataFrame, scores: pd.DataFrame, frame: pd.DataFrame, steps: Steps
) -> dict[str, ClusterAgreement]:
    """The agreement within clusters per scale (none without a cluster of two or more)."""
    cluster = plan.cluster
    # the cluster as the models have it: coded once (categorical), never again per statistic
    if cluster is not None and cluster in frame.columns and frame[cluster].nunique() > 1:
        return analyse_clusters(plan, keyed, scores, frame[cluster], steps)
    return {}


@dataclass
class BesidesExposure:
    """What :func:`besides_exposure` gives back: everything of an analysis but the exposure
    models, and what the steps said before those models' notices (the scales, the dimensions)
    and after them (the clusters, the groups), each in order."""

    scales: dict[str, ScaleResult]
    correlations: pd.DataFrame
    dimensions: DimensionsResult | None
    clusters: dict[str, ClusterAgreement]
    invariance: dict[str, dict[str, GroupComparison]]
    quality: QualityReport
    said_before: list[Notice]
    said_after: list[Notice]


def besides_exposure(
    plan: Plan, survey: Survey, scores: pd.DataFrame, keyed: pd.DataFrame, frame: pd.DataFrame,
    exposure_ok: bool, scale_options: dict, seed: int,
) -> BesidesExposure:  # fmt: skip
    """Everything of the analysis but the exposure models, as one piece of work for a fork
    (:class:`trustlab.forked.ForkExecutor`): the scales, the item correlations, the
    dimensions, the clusters, the groups and the data's quality report."""
    # the quality report, the item correlations and the groups first, the clusters last: the
    # largest working copies are made while the exposure models are still young (their first
    # design matrices) and before the results of the others (the clusters' tables) are held;
    # the notices are put in the order of the analysis in one process
    quality = survey.quality()
    correlations = keyed.corr(method="pearson", min_periods=3)
    said_groups = Steps()
    invariance = analyse_groups(plan, keyed, scores, survey.data, said_groups)
    steps = Steps()
    scales = {name: analyse_scale(plan, name, survey, scores, steps, **scale_options)
              for name in plan.scales}  # fmt: skip
    dims = dimensions_of(plan, scores, keyed, frame, exposure_ok, steps, seed)
    before, steps = steps.notices, Steps()
    clusters = clusters_of(plan, keyed, scores, frame, steps)
    return BesidesExposure(scales, correlations, dims, clusters, invariance, quality, before,
                           steps.notices + said_groups.notices)  # fmt: skip
