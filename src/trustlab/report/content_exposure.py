"""The report's sections against the exposure: per category, quadrants, tests, models, threshold.

Every scale of the plan gets the same tables; the quadrant table is shown as the disclosure
rules allow (:mod:`trustlab.report.suppression`). Nothing here computes a statistic.
"""

from __future__ import annotations

import pandas as pd

from trustlab.analysis import Analysis
from trustlab.messages import quadrant_label
from trustlab.report import meaning
from trustlab.report.blocks import Section, T, Table, apa, ci, p_text, p_value, scale_label
from trustlab.report.captions import alt_text, caption
from trustlab.report.content_inference import wild_table
from trustlab.report.content_models import (
    contrasts_note,
    logit_table,
    mixed_table,
    ols_table,
    stick_p,
)
from trustlab.report.labels import category, term
from trustlab.report.names import figure_name, scale_slugs
from trustlab.report.suppression import quadrant_table
from trustlab.report.threshold_words import threshold_text
from trustlab.report.words import say

__all__ = ["exposure_sections"]


def _category(analysis: Analysis, label: str, lang: str) -> str:
    return category(analysis, label, lang)


def _term(analysis: Analysis, name: str, lang: str) -> str:
    return term(analysis, name, lang)


def _exposure_table(analysis: Analysis, lang: str) -> Table:
    exposure = analysis.exposure
    table = exposure.frequency.table if exposure.frequency is not None else None
    rows = []
    for label in exposure.categories:
        row = {say("h_category", lang): _category(analysis, label, lang)}
        if table is not None:
            row["n"] = f"{table.loc[label, 'n']:.0f}"
            row["%"] = apa(table.loc[label, "percent"], 1, lang=lang)
        for name, result in exposure.scales.items():
            words = scale_label(analysis, name, lang)
            if result.high is not None:
                h = result.high.table.loc[label]
                row[say("h_high_of", lang, x=words)] = (
                    f"{apa(100 * h['share'], 1, lang=lang)} "
                    f"{ci(h['ci_low'], h['ci_high'], percent=True, lang=lang)}"
                )
            if result.means is not None and label in result.means.table.index:
                m = result.means.table.loc[label]
                row[say("h_mean_of", lang, x=words)] = (
                    f"{apa(m['mean'], lang=lang)} {ci(m['ci_low'], m['ci_high'], lang=lang)}"
                )
        rows.append(row)
    note = say("note_exposure", lang)
    if any(c.assumed for c in analysis.plan.exposure.categories):
        note = say("note_assumed", lang) + note
    title = analysis.plan.exposure.label.get(lang)
    return Table(title[:1].upper() + title[1:], pd.DataFrame(rows), note)


def _quadrant_section(analysis: Analysis, lang: str, min_cell: int) -> Section:
    t = T[lang]
    protected = quadrant_table(analysis, min_cell=min_cell)
    counts = protected.counts
    shown = counts.astype(object).where(~protected.hidden, None)
    shown = shown.map(lambda v: "–" if v is None else f"{v:.0f}")
    shown.columns = [_category(analysis, c, lang) for c in shown.columns]
    shown.index = [quadrant_label(i, lang) for i in shown.index]
    shown = shown.reset_index(names="")
    note = say("note_quadrants", lang, min_cell=min_cell)
    paragraphs = []
    if protected.n_hidden == protected.hidden.size:
        paragraphs.append(say("quadrants_hidden", lang))
    quadrants = analysis.dimensions.quadrants
    if quadrants is not None:
        parts = [f"{quadrant_label(k, lang)}: {row['n']:.0f} ({apa(row['percent'], 1, lang=lang)}%)"
                 for k, row in quadrants.table.iterrows()]  # fmt: skip
        paragraphs.insert(0, "; ".join(parts) + ".")
    return Section(
        t["quadrants"], paragraphs=paragraphs, tables=[Table(t["quadrants"], shown, note)]
    )


def _test_row(name: str, symbol: str, test, effect: str, lang: str) -> dict[str, str]:
    return {say("h_test", lang): name,
            say("h_statistic", lang): f"{symbol} = {apa(test.statistic, lang=lang)}",
            "df": "–" if test.df is None else f"{test.df:g}", "p": p_value(test.p_value, lang),
            say("h_effect", lang): effect}  # fmt: skip


def _tests_section(analysis: Analysis, lang: str, min_cell: int) -> Section:
    rows = []
    dims = analysis.dimensions
    notes = []
    mc = ""
    exposure_words = analysis.plan.exposure.label.get(lang)
    if dims is not None and dims.chi_square is not None:
        protected = quadrant_table(analysis, min_cell=min_cell)
        if protected is not None and protected.n_hidden:
            notes.append(say("chi_withheld", lang))
        else:
            test = dims.chi_square
            extra = test.extra or {}
            effect = f"V = {apa(extra.get('cramers_v'), bounded=True, lang=lang)}"
            if extra.get("p_value_monte_carlo") is not None:
                mc = say("monte_carlo", lang, p=p_text(extra["p_value_monte_carlo"], lang))
            rows.append(_test_row(say("test_chi_square", lang, exposure=exposure_words), "χ²",
                                  test, effect, lang))  # fmt: skip
    for name, result in analysis.exposure.scales.items():
        words = scale_label(analysis, name, lang)
        if result.kruskal is not None:
            sizes = result.effect_sizes
            eps = sizes.epsilon_squared if sizes is not None else float("nan")
            rows.append(_test_row(f"{words}: {say('test_kruskal', lang)}", "H", result.kruskal,
                                  f"ε² = {apa(eps, bounded=True, lang=lang)}", lang))  # fmt: skip
        if result.jonckheere is not None:
            rows.append(_test_row(f"{words}: {say('test_jonckheere', lang)}", "JT",
                                  result.jonckheere, "", lang))  # fmt: skip
        if result.cochran_armitage is not None:
            rows.append(_test_row(f"{words}: {say('test_cochran_armitage', lang)}", "χ²",
                                  result.cochran_armitage, "", lang))  # fmt: skip
    return Section(T[lang]["tests"], paragraphs=notes,
                   tables=[Table(T[lang]["tests"], pd.DataFrame(rows),
                                 say("note_tests", lang, mc=mc))],
                   summary=meaning.tests(analysis, lang))  # fmt: skip


def _models_section(analysis: Analysis, lang: str) -> Section:
    tables, paragraphs, figures, alts = [], [], [], {}
    slugs = scale_slugs(analysis.plan.scales)
    exposure = analysis.plan.exposure.label.get(lang)
    for name, result in analysis.exposure.scales.items():
        words = scale_label(analysis, name, lang)
        tables += [
            ols_table(analysis, result, say("t_ols", lang, x=words), lang),
            mixed_table(analysis, result, say("t_mixed", lang, x=words), lang),
            logit_table(analysis, result, say("t_logit", lang, x=words), lang),
        ]
        if result.mixed is not None:
            icc = result.mixed.icc_null
            paragraphs.append(say("icc", lang, x=words, v=apa(icc, bounded=True, lang=lang),
                                  pct=apa(100 * icc, 0, lang=lang)))  # fmt: skip
        for kind in ("coefficients", "predicted_high"):
            figure = figure_name(kind, slugs[name])
            figures.append((figure, caption(kind, lang, x=words, exposure=exposure)))
            alts[figure] = alt_text(kind, lang, x=words, exposure=exposure)
    tables = [t for t in tables if t is not None]
    return Section(T[lang]["models"], paragraphs=paragraphs, tables=tables, figures=figures,
                   summary=meaning.models(analysis, lang), alts=alts)  # fmt: skip


def _threshold_section(analysis: Analysis, lang: str) -> Section:
    paragraphs, tables = [], []
    for name, result in analysis.exposure.scales.items():
        words = scale_label(analysis, name, lang)
        if result.statement is not None:
            paragraphs.append(threshold_text(analysis, result, words, lang))
        if result.contrasts is not None:
            sizes = result.effect_sizes
            d_of = ({} if sizes is None else
                    {(a, b): d for a, b, d in sizes.adjacent[["lower", "upper", "d"]].itertuples(
                        index=False)})  # fmt: skip
            rows = []
            for _, r in result.contrasts.table.iterrows():
                d = d_of.get((r["lower"], r["upper"]), float("nan"))
                rows.append({
                    say("h_contrast", lang): f"{_category(analysis, r['upper'], lang)} − "
                                             f"{_category(analysis, r['lower'], lang)}",
                    say("h_difference", lang): apa(r["estimate"], lang=lang),
                    "SE": apa(r["std_error"], lang=lang),
                    "p": p_value(r["p_value"], lang), "p (Holm)": p_value(r["p_holm"], lang),
                    "d": apa(d, lang=lang)})  # fmt: skip
            tables.append(Table(say("t_contrasts", lang, x=words), pd.DataFrame(rows),
                                contrasts_note(result, lang)))  # fmt: skip
        stick = result.broken_stick
        if stick is not None:
            change_p, how = stick_p(result, lang)
            paragraphs.append(say(
                "stick", lang, x=words, score=analysis.plan.exposure.score_label.get(lang),
                knot=f"{stick.knot:g}".replace(".", "," if lang == "nl" else "."),
                before=apa(stick.slope_before, lang=lang), after=apa(stick.slope_after, lang=lang),
                p=p_text(change_p, lang), how=how))  # fmt: skip
    wild = wild_table(analysis, lang)
    if wild is not None:
        tables.append(wild)
    return Section(T[lang]["threshold"], paragraphs=paragraphs, tables=tables,
                   summary=meaning.threshold(analysis, lang))  # fmt: skip


def exposure_sections(analysis: Analysis, lang: str, min_cell: int) -> list[Section]:
    """The sections against the exposure (empty without one)."""
    if analysis.exposure is None:
        return []
    t = T[lang]
    slugs = scale_slugs(analysis.plan.scales)
    exposure = analysis.plan.exposure.label.get(lang)
    figures = [
        ("exposure", caption("exposure", lang, exposure=exposure)),
        ("means_by_exposure", caption("means_by_exposure", lang, exposure=exposure)),
    ]
    alts = {
        "exposure": alt_text("exposure", lang, exposure=exposure),
        "means_by_exposure": alt_text("means_by_exposure", lang, exposure=exposure),
    }
    for s in analysis.exposure.scales:
        figure = figure_name("high_by_exposure", slugs[s])
        words = scale_label(analysis, s, lang)
        figures.append((figure, caption("high_by_exposure", lang, x=words, exposure=exposure)))
        alts[figure] = alt_text("high_by_exposure", lang, x=words, exposure=exposure)
    sections = [Section(t["exposure"], tables=[_exposure_table(analysis, lang)], figures=figures,
                        summary=meaning.exposure(analysis, lang), alts=alts)]  # fmt: skip
    if analysis.dimensions is not None and analysis.dimensions.by_exposure is not None:
        sections.append(_quadrant_section(analysis, lang, min_cell))
    sections += [
        _tests_section(analysis, lang, min_cell),
        _models_section(analysis, lang),
        _threshold_section(analysis, lang),
    ]
    return sections
