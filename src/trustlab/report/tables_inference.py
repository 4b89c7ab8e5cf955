"""The spreadsheet tables of inference with clusters and groups (``tables/*.csv`` and
``tables.xlsx``, beside :func:`trustlab.report.save.tables`): the CR2 + Satterthwaite tests of
the OLS and logistic models, the mixed model's Satterthwaite table, within and between, each
scale as a property of the cluster (the per-cluster table as the disclosure rules allow: no ids,
small clusters' statistics withheld) and the invariance fits and means per group (small groups'
withheld). Nothing here computes a statistic.
"""

from __future__ import annotations

import pandas as pd

from trustlab.analysis import Analysis
from trustlab.report.cluster_tables import protected_clusters, protected_group_means
from trustlab.report.names import scale_slugs

__all__ = ["inference_tables"]


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in str(text).lower()).strip("_") or "group"


def inference_tables(analysis: Analysis, *, min_cell: int = 5) -> dict[str, pd.DataFrame]:
    """The named tables of inference with clusters and groups (empty without either)."""
    slugs = scale_slugs(analysis.plan.scales)
    out: dict[str, pd.DataFrame] = {}
    if analysis.exposure is not None:
        for name, result in analysis.exposure.scales.items():
            slug = slugs[name]
            cl, mi = result.cluster_inference, result.mixed_inference
            for kind in ("ols", "logit"):
                tests = getattr(cl, kind) if cl is not None else None
                if tests is not None:
                    out[f"model_{kind}_cr2_{slug}"] = tests.table
            if mi is not None and mi.coefficients is not None:
                out[f"model_mixed_lmertest_{slug}"] = mi.coefficients.table
            if result.within_between is not None:
                out[f"within_between_{slug}"] = result.within_between.table
    if analysis.clusters:
        out["clusters"] = pd.concat([a.summary() for a in analysis.clusters.values()])
        for name, agreement in analysis.clusters.items():
            table = protected_clusters(agreement, min_cell)
            if not table.empty:
                out[f"clusters_{slugs[name]}"] = table
    for group, per_scale in analysis.invariance.items():
        for name, comparison in per_scale.items():
            slug = f"{slugs[name]}_{_slug(group)}"
            if comparison.invariance is not None:
                out[f"invariance_{slug}"] = comparison.summary()
            if comparison.means is not None:
                out[f"{slug}_means"] = protected_group_means(comparison.means, min_cell)
    return out
