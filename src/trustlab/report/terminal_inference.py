"""The terminal's lines on inference with clusters, each scale as a property of the cluster and
the invariance across groups, in the chosen language (words from the catalogue, readings from
:mod:`trustlab.report.readings`). Views only: nothing here computes.

The per-cluster table is not printed (it is in the report, as the disclosure rules allow, and
in Python: ``analysis.clusters[scale].rwg.table``).
"""

from __future__ import annotations

from typing import Any

from rich.console import Console

from trustlab.analysis import Analysis
from trustlab.report.blocks import apa, ci, p_text
from trustlab.report.readings import cluster_reading, invariance_reading, within_reading
from trustlab.report.terminal import esc
from trustlab.report.words import say

__all__ = ["print_exposure_inference", "print_groups_and_clusters"]


def _f(test: Any, lang: str) -> str:
    df2 = apa(test.df_denom, 1, lang=lang)
    stat = apa(test.statistic, lang=lang)
    return f"F({test.df_num}, {df2}) = {stat}, {p_text(test.p_value, lang)}"


def _label(analysis: Analysis, name: str, lang: str) -> str:
    return esc(analysis.plan.scales[name].label.get(lang))


def print_exposure_inference(analysis: Analysis, out: Console, lang: str) -> None:
    """Per scale: the exposure's joint tests, the mixed model's R2 and ICC, within-between."""
    for name, result in analysis.exposure.scales.items():
        label = _label(analysis, name, lang)
        cl, mi = result.cluster_inference, result.mixed_inference
        tests = []
        if cl is not None and cl.ols_exposure is not None:
            tests.append(say("ti_htz", lang, f=_f(cl.ols_exposure, lang)))
        if mi is not None and mi.exposure_test is not None:
            tests.append(say("ti_mixed_f", lang, f=_f(mi.exposure_test, lang)))
        if mi is not None and mi.lrt is not None:
            tests.append(say("ti_lrt", lang, df=mi.lrt.df, x=apa(mi.lrt.statistic, lang=lang),
                             p=p_text(mi.lrt.p_value, lang)))  # fmt: skip
        if tests:
            out.print(say("ti_joint", lang, x=label, tests="; ".join(tests)))
        if mi is not None and mi.r2 is not None and mi.icc is not None:
            out.print(say(
                "ti_mixed", lang, x=label, m=apa(mi.r2.marginal, bounded=True, lang=lang),
                c=apa(mi.r2.conditional, bounded=True, lang=lang),
                icc=apa(mi.icc.icc, bounded=True, lang=lang),
                ci=ci(mi.icc.ci_low, mi.icc.ci_high, bounded=True, lang=lang),
                null=apa(result.mixed.icc_null, bounded=True, lang=lang)))  # fmt: skip
        if result.within_between is not None:
            reading = within_reading(analysis, result.within_between, label, lang)
            out.print(say("ti_within", lang, x=label, reading=esc(reading)))
    if any(r.cluster_inference is not None for r in analysis.exposure.scales.values()):
        out.print(f"[dim]{say('ti_note', lang)}[/dim]")


def print_groups_and_clusters(analysis: Analysis, out: Console, lang: str) -> None:
    """Each scale as a property of the cluster, and whether it is the same for every group."""
    for name, agreement in analysis.clusters.items():
        label = _label(analysis, name, lang)
        reading = cluster_reading(analysis, agreement, label, lang)
        out.print(f"[bold]{say('ti_cluster', lang, x=label)}[/bold] {esc(reading)}")
    for group, per_scale in analysis.invariance.items():
        for name, comparison in per_scale.items():
            label = _label(analysis, name, lang)
            reading = invariance_reading(analysis, comparison, label, lang)
            group_words = esc(_group_label(analysis, group, lang))
            out.print(f"[bold]{say('ti_groups', lang, x=label, g=group_words)}[/bold] "
                      f"{esc(reading)}")  # fmt: skip


def _group_label(analysis: Analysis, column: str, lang: str) -> str:
    for variable in analysis.survey.codebook.variables():
        if variable.column == column:
            return variable.label.get(lang)
    return column
