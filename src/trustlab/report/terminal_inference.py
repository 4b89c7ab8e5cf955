"""The terminal's lines on inference with clusters, each scale as a property of the cluster and
the invariance across groups. Views only: nothing here computes.

The per-cluster table is not printed (it is in the report, as the disclosure rules allow, and
in Python: ``analysis.clusters[scale].rwg.table``).
"""

from __future__ import annotations

from rich.console import Console

from trustlab.analysis import Analysis
from trustlab.report.terminal import esc

__all__ = ["print_exposure_inference", "print_groups_and_clusters"]


def _p(value: float) -> str:
    if value != value:
        return "-"
    return "< .001" if value < 0.001 else f"= {value:.3f}".replace("0.", ".", 1)


def _f(test) -> str:
    return f"F({test.df_num}, {test.df_denom:.1f}) = {test.statistic:.2f}, p {_p(test.p_value)}"


def _label(analysis: Analysis, name: str, lang: str) -> str:
    return esc(analysis.plan.scales[name].label.get(lang))


def within_reading(analysis: Analysis, wb, lang: str) -> str:
    """The within-between reading (English, as the terminal is) with the exposure's score and
    the cluster in words."""
    score = analysis.plan.exposure.score_label.get(lang)
    return wb.reading.replace(f"{wb.group}'s", "cluster's").replace(wb.exposure, score)


def print_exposure_inference(analysis: Analysis, out: Console, lang: str) -> None:
    """Per scale: the exposure's joint tests, the mixed model's R2 and ICC, within-between."""
    for name, result in analysis.exposure.scales.items():
        label = _label(analysis, name, lang)
        cl, mi = result.cluster_inference, result.mixed_inference
        tests = []
        if cl is not None and cl.ols_exposure is not None:
            tests.append(f"OLS HTZ (CR2) {_f(cl.ols_exposure)}")
        if mi is not None and mi.exposure_test is not None:
            tests.append(f"mixed model {_f(mi.exposure_test)} (Satterthwaite)")
        if mi is not None and mi.lrt is not None:
            tests.append(f"LRT chi2({mi.lrt.df}) = {mi.lrt.statistic:.2f}, p {_p(mi.lrt.p_value)}")
        if tests:
            out.print(f"Exposure, all categories, {label}: " + "; ".join(tests))
        if mi is not None and mi.r2 is not None and mi.icc is not None:
            out.print(
                f"Mixed model, {label}: R2 marginal {mi.r2.marginal:.2f}, conditional "
                f"{mi.r2.conditional:.2f}; ICC {mi.icc.icc:.2f} [{mi.icc.ci_low:.2f}, "
                f"{mi.icc.ci_high:.2f}] (null model {result.mixed.icc_null:.2f})"
            )
        if result.within_between is not None:
            reading = within_reading(analysis, result.within_between, lang)
            out.print(f"Within or between, {label}: {esc(reading)}")
    if any(r.cluster_inference is not None for r in analysis.exposure.scales.values()):
        out.print(
            "[dim]With clusters, p-values of OLS, logit and the adjacent steps: CR2 SEs with "
            "Satterthwaite df (R clubSandwich); HC1 (sandwich::vcovCL) in results.json.[/dim]"
        )


def print_groups_and_clusters(analysis: Analysis, out: Console, lang: str) -> None:
    """Each scale as a property of the cluster, and whether it is the same for every group."""
    for name, agreement in analysis.clusters.items():
        label = _label(analysis, name, lang)
        out.print(f"[bold]{label} as a property of the cluster:[/bold] {esc(agreement.verdict)}")
    for group, per_scale in analysis.invariance.items():
        for name, comparison in per_scale.items():
            label = _label(analysis, name, lang)
            out.print(
                f"[bold]Is {label} the same for every {esc(group)}?[/bold] "
                f"{esc(comparison.verdict)}"
            )
