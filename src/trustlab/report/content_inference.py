"""The report's sections on inference with clusters: the exposure's joint tests (HTZ with CR2
SEs, the mixed model's F and likelihood-ratio tests), each scale as a property of the cluster
(ICC(1), ICC(2), rwg(j), awg and the verdict), within or between clusters (Mundlak) and, when
asked for, the wild cluster bootstrap of the adjacent steps. The model tables are
:mod:`trustlab.report.content_models`'. The per-cluster table is shown as the disclosure rules
allow (:mod:`trustlab.report.cluster_tables`). Nothing here computes a statistic.
"""

from __future__ import annotations

import itertools
from typing import Any

import pandas as pd

from trustlab.analysis import Analysis
from trustlab.report.blocks import Section, Table, apa, ci, p_value, scale_label
from trustlab.report.cluster_tables import protected_clusters

__all__ = ["inference_sections", "wild_table", "within_reading"]

_TITLES = {
    "en": {
        "joint": "Is there an effect of the exposure?",
        "cluster": "A property of the cluster?",
        "within": "Between or within clusters?",
        "wild": "Wild cluster bootstrap",
    },
    "nl": {
        "joint": "Is er een effect van de blootstelling?",
        "cluster": "Een eigenschap van de cluster?",
        "within": "Tussen of binnen clusters?",
        "wild": "Wild cluster bootstrap",
    },
}


def _joint_section(analysis: Analysis, lang: str) -> Section | None:
    rows = []
    for name, result in analysis.exposure.scales.items():
        words = scale_label(analysis, name, lang)
        cl, mi = result.cluster_inference, result.mixed_inference
        tests = []
        if cl is not None:
            tests += [
                ("OLS", "HTZ Wald, CR2", cl.ols_exposure),
                ("Logistic (high)", "HTZ Wald, CR2", cl.logit_exposure),
            ]
        if mi is not None:
            tests += [
                ("Mixed model", "F, Satterthwaite", mi.exposure_test),
                ("Mixed model", "F, Kenward-Roger", mi.exposure_test_kr),
            ]
        for model, how, test in tests:
            if test is not None:
                rows.append(
                    {
                        "Scale": words,
                        "Model": model,
                        "Test": how,
                        "Statistic": apa(test.statistic),
                        "df": f"{test.df_num}, {apa(test.df_denom, 1)}",
                        "p": p_value(test.p_value),
                    }
                )
        if mi is not None and mi.lrt is not None:
            rows.append(
                {
                    "Scale": words,
                    "Model": "Mixed model",
                    "Test": "Likelihood ratio (ML)",
                    "Statistic": apa(mi.lrt.statistic),
                    "df": str(mi.lrt.df),
                    "p": p_value(mi.lrt.p_value),
                }
            )
    if not rows:
        return None
    note = (
        "All categories of the exposure against none: HTZ (Hotelling's T² with Zhang's df, "
        "R clubSandwich::Wald_test) with CR2 SEs; F tests of the mixed model as R lmerTest's "
        "contestMD; the likelihood ratio between ML fits with and without the exposure "
        "(R anova(m0, m1))."
    )
    title = _TITLES[lang]["joint"]
    return Section(title, tables=[Table(title, pd.DataFrame(rows), note)])


def _cluster_section(analysis: Analysis, lang: str, min_cell: int) -> Section | None:
    if not analysis.clusters:
        return None
    nan = float("nan")
    rows, paragraphs, tables = [], [], []
    for name, agreement in analysis.clusters.items():
        words = scale_label(analysis, name, lang)
        icc, rwg, aw = agreement.icc, agreement.rwg, agreement.awg
        need = icc.group_size_for_070 if icc else nan
        rows.append(
            {
                "Scale": words,
                "ICC(1)": apa(icc.icc1 if icc else nan, bounded=True),
                "ICC(2)": apa(icc.icc2 if icc else nan, bounded=True),
                "n for ICC(2) ≥ .70": "–"
                if need != need or need == float("inf")
                else f"{need:.1f}",
                "rwg(j) mean": apa(rwg.mean if rwg else nan, bounded=True),
                "rwg(j) median": apa(rwg.median if rwg else nan, bounded=True),
                "strong (%)": apa(100 * rwg.share_strong, 0) if rwg else "–",
                "awg mean": apa(aw.mean if aw else nan, bounded=True),
            }
        )
        paragraphs.append(f"{words}: {agreement.verdict}")
        full = protected_clusters(agreement, min_cell)
        table = full[~full["hidden"]]
        hidden = int(full["hidden"].sum())
        if full.empty:
            continue
        shown = pd.DataFrame(
            {
                "#": table["cluster"].astype(str),
                "n": table["n"].astype(str),
                "M": [apa(v) for v in table["mean"]],
                "rwg(j)": [apa(v, bounded=True) for v in table["rwg_j"]],
                "Agreement": ["–" if v is None else str(v) for v in table["level"]],
                "awg": [apa(v, bounded=True) for v in table["awg"]],
            }
        )
        note = (
            f"One row per cluster ({analysis.plan.cluster}), numbered from the largest; ids "
            "are not shown. n: respondents with every item answered; M: their mean score. "
            "rwg(j) against the uniform null of the response scale (R multilevel::rwg.j); "
            "awg (R multilevel::awg; '–' where a mean is too close to an end of the scale)."
        )
        if hidden:
            sizes = full.loc[full["hidden"], "n"].value_counts().sort_index(ascending=False)
            note += (
                f" Not shown one by one: {hidden} of {len(full)} clusters, those with fewer than "
                f"{min_cell} respondents ("
                + ", ".join(f"{count} of {size}" for size, count in sizes.items())
                + "), since their values would describe identifiable people; they count in "
                "the mean and median above."
            )
        tables.append(Table(f"{words} per cluster", shown, note))
    summary_note = (
        "ICC(1), ICC(2): one-way ANOVA of the score on the cluster (R multilevel::ICC1, "
        "ICC2). n for ICC(2) ≥ .70: respondents per cluster a replication needs "
        "(Spearman-Brown). Cut-offs: LeBreton & Senter (2008)."
    )
    title = f"{_TITLES[lang]['cluster']} ({analysis.plan.cluster})"
    return Section(
        title,
        paragraphs=paragraphs,
        tables=[Table(title, pd.DataFrame(rows), summary_note), *tables],
    )


def _within_section(analysis: Analysis, lang: str) -> Section | None:
    tables, paragraphs = [], []
    for name, result in analysis.exposure.scales.items():
        wb = result.within_between
        if wb is None:
            continue
        words = scale_label(analysis, name, lang)
        rows = [
            {
                "Effect": r["effect"],
                "B": apa(r["estimate"]),
                "SE": apa(r["std_error"]),
                "df": apa(r["df"], 1),
                "p": p_value(r["p_value"]),
                "95% CI": ci(r["ci_low"], r["ci_high"]),
            }
            for _, r in wb.table.iterrows()
        ]
        score = analysis.plan.exposure.score_label.get(lang)
        note = (
            f"Random-intercept model (REML) of {words} on the cluster's mean {score} "
            "(between) and the respondent's deviation from it (within), with the "
            "covariates; contextual = between − within (Mundlak 1978; Raudenbush & Bryk "
            "2002). df and p: Satterthwaite (R lmerTest)."
        )
        tables.append(Table(f"{words}: within and between", pd.DataFrame(rows), note))
        paragraphs.append(f"{words}: {within_reading(analysis, wb, lang)}")
    if not tables:
        return None
    return Section(_TITLES[lang]["within"], paragraphs=paragraphs, tables=tables)


def within_reading(analysis: Analysis, wb: Any, lang: str) -> str:
    """The within-between reading with the exposure's score and the cluster in words."""
    score = analysis.plan.exposure.score_label.get(lang)
    return wb.reading.replace(f"{wb.group}'s", "cluster's").replace(wb.exposure, score)


def _step_names(analysis: Analysis, lang: str) -> dict[str, str]:
    """``"b - a"`` (the categories' labels) -> the same in ``lang``."""
    cats = analysis.plan.exposure.categories
    return {
        f"{upper.label} - {lower.label}": f"{upper.get(lang)} − {lower.get(lang)}"
        for lower, upper in itertools.pairwise(cats)
    }


def wild_table(analysis: Analysis, lang: str) -> Table | None:
    """The wild cluster bootstrap of the adjacent steps, when it was asked for."""
    rows, info = [], None
    steps = _step_names(analysis, lang)
    for name, result in analysis.exposure.scales.items():
        cl = result.cluster_inference
        if cl is None or cl.wild_bootstrap is None:
            continue
        words = scale_label(analysis, name, lang)
        for _, r in cl.wild_bootstrap.iterrows():
            info = r
            rows.append(
                {
                    "Scale": words,
                    "Outcome": "mean" if r["outcome"] == "mean" else "% high",
                    "Contrast": steps.get(r["contrast"], r["contrast"]),
                    "Difference": apa(r["estimate"]),
                    "p": p_value(r["p_value"]),
                    "95% CI": ci(r["ci_low"], r["ci_high"]),
                }
            )
    if not rows:
        return None
    how = "every sign vector" if info["full_enumeration"] else f"seed {analysis.seed}"
    note = (
        f"Restricted wild cluster bootstrap (WCR), {info['weights']} weights, B = "
        f"{info['n_boot']} ({how}); CI by test inversion (as fwildclusterboot::boottest)."
    )
    return Table(_TITLES[lang]["wild"], pd.DataFrame(rows), note)


def inference_sections(analysis: Analysis, lang: str, min_cell: int) -> list[Section]:
    """The exposure's joint tests, each scale as a property of the cluster, within or between;
    empty parts are left out (the plan's notes say what did not run and why)."""
    sections = []
    if analysis.exposure is not None:
        sections.append(_joint_section(analysis, lang))
    sections.append(_cluster_section(analysis, lang, min_cell))
    if analysis.exposure is not None:
        sections.append(_within_section(analysis, lang))
    return [s for s in sections if s is not None]
