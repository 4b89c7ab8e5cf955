"""The report's sections on inference with clusters: the exposure's joint tests (HTZ with CR2
SEs, the mixed model's F and likelihood-ratio tests), each scale as a property of the cluster
(ICC(1), ICC(2), rwg(j), awg and the verdict), within or between clusters (Mundlak) and, when
asked for, the wild cluster bootstrap of the adjacent steps. The model tables are
:mod:`trustlab.report.content_models`'. The per-cluster table is shown as the disclosure rules
allow (:mod:`trustlab.report.cluster_tables`). Words from :mod:`trustlab.report.words`, verdicts
from :mod:`trustlab.report.readings`. Nothing here computes a statistic.
"""

from __future__ import annotations

import itertools
from typing import Any

import pandas as pd

from trustlab.analysis import Analysis
from trustlab.report.blocks import Section, Table, apa, ci, p_value, scale_label
from trustlab.report.cluster_tables import (
    DOCUMENT_ROWS,
    LISTED_ROWS,
    hidden_sizes,
    protected_clusters,
)
from trustlab.report.labels import variable_label
from trustlab.report.names import scale_slugs
from trustlab.report.readings import cluster_reading, level_words, within_reading
from trustlab.report.words import say

__all__ = ["inference_sections", "wild_table"]


def _joint_rows(analysis: Analysis, name: str, result: Any, lang: str) -> list[dict[str, str]]:
    words = scale_label(analysis, name, lang)
    cl, mi = result.cluster_inference, result.mixed_inference
    tests = []
    if cl is not None:
        tests += [
            ("m_ols", "test_htz", cl.ols_exposure),
            ("m_logit", "test_htz", cl.logit_exposure),
        ]
    if mi is not None:
        tests += [("m_mixed", "test_f_satterthwaite", mi.exposure_test),
                  ("m_mixed", "test_f_kr", mi.exposure_test_kr)]  # fmt: skip
    sep = "; " if lang == "nl" else ", "
    rows = [
        {say("h_scale", lang): words, say("h_model", lang): say(model, lang),
         say("h_test", lang): say(how, lang),
         say("h_statistic", lang): apa(test.statistic, lang=lang),
         "df": f"{test.df_num}{sep}{apa(test.df_denom, 1, lang=lang)}",
         "p": p_value(test.p_value, lang)}
        for model, how, test in tests if test is not None
    ]  # fmt: skip
    if mi is not None and mi.lrt is not None:
        rows.append({say("h_scale", lang): words, say("h_model", lang): say("m_mixed", lang),
                     say("h_test", lang): say("test_lrt", lang),
                     say("h_statistic", lang): apa(mi.lrt.statistic, lang=lang),
                     "df": str(mi.lrt.df), "p": p_value(mi.lrt.p_value, lang)})  # fmt: skip
    return rows


def _joint_section(analysis: Analysis, lang: str) -> Section | None:
    rows = []
    for name, result in analysis.exposure.scales.items():
        rows += _joint_rows(analysis, name, result, lang)
    if not rows:
        return None
    title = say("t_joint", lang)
    return Section(title, tables=[Table(title, pd.DataFrame(rows), say("note_joint", lang))])


def _summary_row(agreement: Any, words: str, lang: str) -> dict[str, str]:
    nan = float("nan")
    icc, rwg, aw = agreement.icc, agreement.rwg, agreement.awg
    need = icc.group_size_for_070 if icc else nan
    return {
        say("h_scale", lang): words,
        "ICC(1)": apa(icc.icc1 if icc else nan, bounded=True, lang=lang),
        "ICC(2)": apa(icc.icc2 if icc else nan, bounded=True, lang=lang),
        say("h_n_icc2", lang): "–"
        if need != need or need == float("inf")
        else apa(need, 1, lang=lang),
        say("h_rwg_mean", lang): apa(rwg.mean if rwg else nan, bounded=True, lang=lang),
        say("h_rwg_median", lang): apa(rwg.median if rwg else nan, bounded=True, lang=lang),
        say("h_strong", lang): apa(100 * rwg.share_strong, 0, lang=lang) if rwg else "–",
        say("h_awg_mean", lang): apa(aw.mean if aw else nan, bounded=True, lang=lang),
    }


def _count(number: int, lang: str) -> str:
    """A count with thousands separated as the language writes them (12,345 / 12.345)."""
    text = f"{number:,}"
    return text.replace(",", ".") if lang == "nl" else text


def _per_cluster(analysis: Analysis, name: str, agreement: Any, words: str, lang: str,
                 min_cell: int) -> Table | None:  # fmt: skip
    if agreement.rwg is None:
        return None
    hidden, total, sizes = hidden_sizes(agreement, min_cell)
    if total == 0:
        return None
    # the shown clusters (min_cell or more respondents) are the first rows of the table
    table = protected_clusters(agreement, min_cell, limit=DOCUMENT_ROWS)
    table = table[~table["hidden"]]
    shown = pd.DataFrame({
        "#": table["cluster"].astype(str),
        "n": table["n"].astype(str),
        "M": [apa(v, lang=lang) for v in table["mean"]],
        "rwg(j)": [apa(v, bounded=True, lang=lang) for v in table["rwg_j"]],
        say("h_agreement", lang): ["–" if v is None else level_words(v, lang)
                                   for v in table["level"]],
        "awg": [apa(v, bounded=True, lang=lang) for v in table["awg"]],
    })  # fmt: skip
    cluster = variable_label(analysis, analysis.plan.cluster, lang)
    note = say("note_per_cluster", lang, cluster=cluster)
    if total - hidden > len(shown):
        slug = scale_slugs(analysis.plan.scales)[name]
        note += say("note_clusters_listed", lang, shown=_count(len(shown), lang),
                    of=_count(total - hidden, lang), min_cell=min_cell,
                    file=f"tables/clusters_{slug}.csv",
                    listed=_count(LISTED_ROWS, lang))  # fmt: skip
    if hidden:
        listed = ", ".join(say("clusters_of_size", lang, count=_count(count, lang), size=size)
                           for size, count in sizes.items())  # fmt: skip
        note += say("note_clusters_hidden", lang, hidden=_count(hidden, lang),
                    total=_count(total, lang), min_cell=min_cell, sizes=listed)  # fmt: skip
    return Table(_cap(say("t_per_cluster", lang, x=words)), shown, note)


def _cluster_section(analysis: Analysis, lang: str, min_cell: int) -> Section | None:
    if not analysis.clusters:
        return None
    rows, paragraphs, tables = [], [], []
    for name, agreement in analysis.clusters.items():
        words = scale_label(analysis, name, lang)
        rows.append(_summary_row(agreement, words, lang))
        paragraphs.append(cluster_reading(analysis, agreement, words, lang))
        table = _per_cluster(analysis, name, agreement, words, lang, min_cell)
        if table is not None:
            tables.append(table)
    cluster = variable_label(analysis, analysis.plan.cluster, lang)
    title = say("t_cluster", lang, cluster=cluster)
    summary = Table(title, pd.DataFrame(rows), say("note_cluster_summary", lang))
    return Section(title, paragraphs=paragraphs, tables=[summary, *tables])


def _within_section(analysis: Analysis, lang: str) -> Section | None:
    tables, paragraphs = [], []
    score = analysis.plan.exposure.score_label.get(lang) if analysis.plan.exposure else ""
    for name, result in analysis.exposure.scales.items():
        wb = result.within_between
        if wb is None:
            continue
        words = scale_label(analysis, name, lang)
        rows = [
            {say("h_wb_effect", lang): say(str(r["effect"]), lang),
             "B": apa(r["estimate"], lang=lang), "SE": apa(r["std_error"], lang=lang),
             "df": apa(r["df"], 1, lang=lang), "p": p_value(r["p_value"], lang),
             say("h_ci", lang): ci(r["ci_low"], r["ci_high"], lang=lang)}
            for _, r in wb.table.iterrows()
        ]  # fmt: skip
        note = say("note_within", lang, x=words, score=score)
        tables.append(Table(_cap(say("t_within_of", lang, x=words)), pd.DataFrame(rows), note))
        paragraphs.append(within_reading(analysis, wb, words, lang))
    if not tables:
        return None
    return Section(say("t_within", lang), paragraphs=paragraphs, tables=tables)


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
            rows.append({
                say("h_scale", lang): words,
                say("h_outcome", lang): say("o_mean" if r["outcome"] == "mean" else "o_high",
                                            lang),
                say("h_contrast", lang): steps.get(r["contrast"], r["contrast"]),
                say("h_difference", lang): apa(r["estimate"], lang=lang),
                "p": p_value(r["p_value"], lang),
                say("h_ci", lang): ci(r["ci_low"], r["ci_high"], lang=lang),
            })  # fmt: skip
    if not rows:
        return None
    how = (say("wild_all", lang) if info["full_enumeration"]
           else say("wild_seed", lang, seed=analysis.seed))  # fmt: skip
    note = say("note_wild", lang, weights=info["weights"], b=info["n_boot"], how=how)
    return Table(say("t_wild", lang), pd.DataFrame(rows), note)


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


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
