"""The report's sections on the data and the scales: respondents, reliability, items, shares.

Every scale of the plan is shown the same way; nothing here computes a statistic.
"""

from __future__ import annotations

import re
from pathlib import PurePath

import pandas as pd

from trustlab.analysis import Analysis
from trustlab.report import meaning
from trustlab.report.blocks import Section, T, Table, apa, ci, scale_label
from trustlab.report.captions import alt_text, caption
from trustlab.report.names import figure_name
from trustlab.report.notices import notice_text
from trustlab.report.words import say
from trustlab.scales import MAX_POINTS

__all__ = ["data_section", "methods_section", "rule_words", "scale_sections"]


def rule_words(rule: str, lang: str) -> str:
    """A scale's high rule in words: ``mean > 3`` / ``gemiddelde > 3``."""
    if lang != "nl":
        return rule
    words = {"mean": "gemiddelde", "share": "aandeel", "sum": "som", "median": "mediaan"}
    return re.sub(r"[a-z]+|\d+\.\d+", lambda m: words.get(m[0], m[0].replace(".", ",")), rule)


def data_section(analysis: Analysis, lang: str) -> Section:
    """Respondents, file, missing answers, straight-liners and what could not run."""
    t = T[lang]
    survey = analysis.survey
    quality = analysis.quality
    source = survey.source
    name = PurePath(source.path.replace("\\", "/")).name if source else "–"
    clusters = survey.n_networks
    where = say("in_clusters", lang, n=clusters, cluster=analysis.plan.cluster) if clusters else ""
    text = [say("respondents", lang, n=survey.n_respondents, where=where, file=name,
                study=survey.codebook.study)]  # fmt: skip
    missing = int(quality.items["missing"].sum())
    cells = survey.n_respondents * len(quality.items)
    share = f" ({apa(100 * missing / cells, 1, lang=lang)}%)" if cells else ""
    text.append(say("missing", lang, missing=missing, cells=cells, share=share))
    liners = len(quality.straight_liners)
    if liners:
        text.append(say("straight", lang, n=liners))
    text += [f"{t['not_run']}: {notice_text(note, lang)}" for note in analysis.not_run]
    return Section(t["data"], paragraphs=text, figures=[("likert", caption("likert", lang))],
                   alts={"likert": alt_text("likert", lang)})  # fmt: skip


def _reliability_table(analysis: Analysis, lang: str) -> Table:
    rows = []
    for name, row in analysis.summary().iterrows():
        rows.append({
            say("h_scale", lang): scale_label(analysis, name, lang),
            "k": f"{row['items']:.0f}", "n": f"{row['n scored']:.0f}",
            "α": apa(row["alpha"], bounded=True, lang=lang),
            say("h_ci_of", lang, x="α"): ci(row["alpha ci low"], row["alpha ci high"],
                                            bounded=True, lang=lang),
            "ω": apa(row["omega"], bounded=True, lang=lang),
            say("h_ci_of", lang, x="ω"): ci(row["omega ci low"], row["omega ci high"],
                                            bounded=True, lang=lang),
            say("h_ordinal_of", lang, x="α"): _with_ci(row, "ordinal alpha", lang),
            say("h_ordinal_of", lang, x="ω"): _with_ci(row, "ordinal omega", lang),
        })  # fmt: skip
    note = say("note_reliability", lang, boot=analysis.n_boot, seed=analysis.seed)
    note += " " + say("note_ordinal", lang)
    boots = {s.ordinal.n_boot for s in analysis.scales.values() if s.ordinal is not None}
    note += (say("note_ordinal_boot", lang, boot=max(boots)) if boots and max(boots)
             else say("note_ordinal_noboot", lang))  # fmt: skip
    return Table(T[lang]["scales"], pd.DataFrame(rows), note)


def _with_ci(row: pd.Series, key: str, lang: str) -> str:
    value = apa(row[key], bounded=True, lang=lang)
    low, high = row[f"{key} ci low"], row[f"{key} ci high"]
    return value if low != low else f"{value} {ci(low, high, bounded=True, lang=lang)}"


def _item_table(analysis: Analysis, name: str, lang: str) -> Table:
    cb = analysis.survey.codebook
    scale = analysis.scales[name]
    items = scale.summary()
    frame = pd.DataFrame({
        "Item": items.index,
        say("h_text", lang): [
            cb.item(i).text.get(lang) + (" (R)" if items.loc[i, "reversed"] else "")
            for i in items.index],
        "n": [f"{v:.0f}" for v in items["n"]],
        "M": [apa(v, lang=lang) for v in items["mean"]],
        "SD": [apa(v, lang=lang) for v in items["sd"]],
        say("h_r_drop", lang): [apa(v, bounded=True, lang=lang) for v in items["r_drop"]],
        say("h_alpha_drop", lang): [apa(v, bounded=True, lang=lang)
                                    for v in items["alpha_if_dropped"]],
    }) if len(items.columns) else pd.DataFrame({"Item": list(scale.items)})  # fmt: skip
    note = say("note_items", lang)
    if scale.negative_items:
        note += say("note_negative", lang, items=", ".join(scale.negative_items))
    return Table(say("t_items", lang, x=scale_label(analysis, name, lang)), frame, note)


def _shares_table(analysis: Analysis, lang: str) -> Table:
    rows, rules = [], []
    for name, scale in analysis.scales.items():
        share = scale.share_high
        if share is None:
            continue
        rules.append(f"{scale_label(analysis, name, lang)}: {rule_words(scale.rule, lang)}")
        rows.append({
            say("h_scale", lang): scale_label(analysis, name, lang),
            "n": str(share.count), "N": str(share.n), "%": apa(100 * share.estimate, 1, lang=lang),
            say("h_wilson", lang): ci(share.ci_low, share.ci_high, percent=True, lang=lang),
            say("h_exact", lang): ci(share.exact_ci_low, share.exact_ci_high, percent=True,
                                     lang=lang),
        })  # fmt: skip
    return Table(T[lang]["shares"], pd.DataFrame(rows), say("note_shares", lang,
                                                            rules="; ".join(rules)))  # fmt: skip


def _scatter_caption(analysis: Analysis, lang: str) -> str:
    """The scatter's title; with more respondents than it draws, that it shows a sample."""
    quadrants = analysis.dimensions.quadrants if analysis.dimensions is not None else None
    n = quadrants.n if quadrants is not None else 0  # respondents with both scores
    if n <= MAX_POINTS:
        return caption("dimensions", lang)
    sep = "." if lang == "nl" else ","
    shown, total = (f"{v:,}".replace(",", sep) for v in (MAX_POINTS, n))
    return caption("dimensions_sample", lang, shown=shown, n=total)


def scale_sections(analysis: Analysis, lang: str) -> list[Section]:
    """The data, reliability and share-high sections."""
    t = T[lang]
    tables = [_reliability_table(analysis, lang)]
    tables += [_item_table(analysis, name, lang) for name in analysis.scales]
    figures = [("item_correlations", caption("item_correlations", lang))]
    if analysis.dimensions is not None:
        figures.append((figure_name("dimensions"), _scatter_caption(analysis, lang)))
    return [
        data_section(analysis, lang),
        Section(t["scales"], tables=tables, figures=figures,
                summary=meaning.scales(analysis, lang),
                alts={name: alt_text(name, lang) for name, _ in figures}),
        Section(t["shares"], tables=[_shares_table(analysis, lang)],
                summary=meaning.shares(analysis, lang)),
    ]  # fmt: skip


def methods_section(analysis: Analysis, lang: str) -> Section:
    """How the scores were made and checked."""
    plan = analysis.plan
    valid = ", ".join(
        f"{scale_label(analysis, n, lang)} {say('of', lang, a=s.min_valid, b=len(s.items))}"
        for n, s in plan.scales.items()
    )
    rules = ", ".join(
        f"{scale_label(analysis, n, lang)} {rule_words(s.rule, lang)}"
        for n, s in analysis.scales.items()
    )
    text = [say("methods_scores", lang, valid=valid, rules=rules),
            say("methods_r", lang, seed=analysis.seed)]  # fmt: skip
    return Section(T[lang]["methods"], paragraphs=text)
