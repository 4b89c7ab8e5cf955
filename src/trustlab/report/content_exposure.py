"""The report's sections against the exposure: per category, quadrants, tests, models, threshold.

Every scale of the plan gets the same tables; the quadrant table is shown as the disclosure
rules allow (:mod:`trustlab.report.suppression`). Nothing here computes a statistic.
"""

from __future__ import annotations

import pandas as pd

from trustlab.analysis import Analysis
from trustlab.messages import quadrant_label
from trustlab.report.blocks import Section, T, Table, apa, ci, p_value, scale_label
from trustlab.report.content_inference import wild_table
from trustlab.report.content_models import (
    contrasts_note,
    logit_table,
    mixed_table,
    ols_table,
    stick_p,
)
from trustlab.report.names import figure_name, scale_slugs
from trustlab.report.suppression import quadrant_table

__all__ = ["exposure_sections"]


def _category(analysis: Analysis, label: str, lang: str) -> str:
    for cat in analysis.plan.exposure.categories:
        if cat.label == label:
            return cat.get(lang) + (" *" if cat.assumed else "")
    return label


def _term(analysis: Analysis, term: str, lang: str) -> str:
    """``meeting frequency: 3-4 times a year`` for ``meeting_frequency[3-4 keer per jaar]``."""
    cb = analysis.survey.codebook
    labels = {v.column: v for v in cb.variables()}
    if term.endswith("]") and "[" in term:
        column, level = term[:-1].split("[", 1)
        variable = labels.get(column)
        if variable is not None:
            words = {c.label: c.get(lang) for c in variable.categories}
            return f"{variable.label.get(lang)}: {words.get(level, level)}"
        return f"{column}: {level}"
    variable = labels.get(term)
    if variable is not None:
        return variable.label.get(lang)
    exposure = analysis.plan.exposure
    if exposure is not None and term.startswith(exposure.column + " ("):
        log = "log " if "log" in term else ""
        return log + exposure.score_label.get(lang)
    return term


def _exposure_table(analysis: Analysis, lang: str) -> Table:
    exposure = analysis.exposure
    table = exposure.frequency.table if exposure.frequency is not None else None
    rows = []
    for label in exposure.categories:
        row = {("Category" if lang == "en" else "Categorie"): _category(analysis, label, lang)}
        if table is not None:
            row["n"] = f"{table.loc[label, 'n']:.0f}"
            row["%"] = apa(table.loc[label, "percent"], 1)
        for name, result in exposure.scales.items():
            words = scale_label(analysis, name, lang)
            if result.high is not None:
                h = result.high.table.loc[label]
                key = f"% high {words}" if lang == "en" else f"% hoog {words}"
                row[key] = (
                    f"{apa(100 * h['share'], 1)} {ci(h['ci_low'], h['ci_high'], percent=True)}"
                )
            if result.means is not None and label in result.means.table.index:
                m = result.means.table.loc[label]
                row[f"M {words}"] = f"{apa(m['mean'])} {ci(m['ci_low'], m['ci_high'])}"
        rows.append(row)
    note = "Brackets: 95% CI (Wilson for percentages, t for means)."
    if any(c.assumed for c in analysis.plan.exposure.categories):
        note = "* Category assumed: the published source does not name it. " + note
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
    note = (f"Counts. '–': suppressed, because fewer than {min_cell} respondents are in the cell, "
            "or because the cell could be recomputed from the totals that are shown "
            "(complementary suppression): these data describe people in poverty.")  # fmt: skip
    paragraphs = []
    if protected.n_hidden == protected.hidden.size:
        paragraphs.append(
            "The table is not shown cell by cell: with the shares of high scores per category "
            "published, every cell could otherwise be recomputed."
        )
    quadrants = analysis.dimensions.quadrants
    if quadrants is not None:
        parts = [f"{quadrant_label(k, lang)}: {row['n']:.0f} ({apa(row['percent'], 1)}%)"
                 for k, row in quadrants.table.iterrows()]  # fmt: skip
        paragraphs.insert(0, "; ".join(parts) + ".")
    return Section(
        t["quadrants"], paragraphs=paragraphs, tables=[Table(t["quadrants"], shown, note)]
    )


def _test_row(name: str, test, extra: str = "") -> dict[str, str]:
    return {"Test": name, "Statistic": apa(test.statistic),
            "df": "–" if test.df is None else f"{test.df:g}", "p": p_value(test.p_value),
            "": extra}  # fmt: skip


def _tests_section(analysis: Analysis, lang: str, min_cell: int) -> Section:
    rows = []
    dims = analysis.dimensions
    notes = []
    if dims is not None and dims.chi_square is not None:
        protected = quadrant_table(analysis, min_cell=min_cell)
        if protected is not None and protected.n_hidden:
            notes.append("The chi-square test of quadrant x exposure is withheld: its statistic "
                         "would let a reader recompute the suppressed cells.")  # fmt: skip
        else:
            test = dims.chi_square
            extra = test.extra or {}
            detail = f"V = {apa(extra.get('cramers_v'), bounded=True)}"
            if extra.get("p_value_monte_carlo") is not None:
                detail += f"; Monte Carlo p {p_value(extra['p_value_monte_carlo'])}"
            rows.append(_test_row("Quadrant x exposure (chi-square)", test, detail))
    for name, result in analysis.exposure.scales.items():
        words = scale_label(analysis, name, lang)
        for test, kind in (
            (result.kruskal, "Kruskal-Wallis"),
            (result.jonckheere, "Jonckheere-Terpstra, trend"),
            (result.cochran_armitage, "Cochran-Armitage, trend in % high"),
        ):
            if test is not None:
                rows.append(_test_row(f"{words} ({kind})", test))  # fmt: skip
    return Section(T[lang]["tests"], paragraphs=notes,
                   tables=[Table(T[lang]["tests"], pd.DataFrame(rows))])  # fmt: skip


def _models_section(analysis: Analysis, lang: str) -> Section:
    tables, figures = [], []
    slugs = scale_slugs(analysis.plan.scales)
    for name, result in analysis.exposure.scales.items():
        words = scale_label(analysis, name, lang)
        tables += [
            ols_table(analysis, result, f"OLS: {words}", lang),
            mixed_table(analysis, result,
                        f"Mixed model (random intercept per cluster): {words}", lang),
            logit_table(analysis, result, f"Logistic regression: high {words}", lang),
        ]  # fmt: skip
        figures += [(figure_name("coefficients", slugs[name]), ""),
                    (figure_name("predicted_high", slugs[name]), "")]  # fmt: skip
    tables = [t for t in tables if t is not None]
    return Section(T[lang]["models"], tables=tables, figures=figures)


def _threshold_section(analysis: Analysis, lang: str) -> Section:
    paragraphs, tables = [], []
    for name, result in analysis.exposure.scales.items():
        words = scale_label(analysis, name, lang)
        if result.statement is not None:
            paragraphs.append(result.statement.statement[lang])
        if result.contrasts is not None:
            rows = [{"Contrast": f"{_category(analysis, r['upper'], lang)} − "
                                 f"{_category(analysis, r['lower'], lang)}",
                     "Difference": apa(r["estimate"]), "SE": apa(r["std_error"]),
                     "p": p_value(r["p_value"]), "p (Holm)": p_value(r["p_holm"])}
                    for _, r in result.contrasts.table.iterrows()]  # fmt: skip
            tables.append(Table(f"Adjacent categories: difference in mean {words}",
                                pd.DataFrame(rows), contrasts_note(result)))  # fmt: skip
        stick = result.broken_stick
        if stick is not None:
            change_p, how = stick_p(result)
            paragraphs.append(
                f"Broken stick of {words} on {analysis.plan.exposure.score_label.get(lang)}: knot "
                f"at {stick.knot:g}; slope {apa(stick.slope_before)} before and "
                f"{apa(stick.slope_after)} after (change p {p_value(change_p)}, {how}; not "
                "adjusted for the knot search)."
            )
    wild = wild_table(analysis, lang)
    if wild is not None:
        tables.append(wild)
    return Section(T[lang]["threshold"], paragraphs=paragraphs, tables=tables)


def exposure_sections(analysis: Analysis, lang: str, min_cell: int) -> list[Section]:
    """The sections against the exposure (empty without one)."""
    if analysis.exposure is None:
        return []
    t = T[lang]
    slugs = scale_slugs(analysis.plan.scales)
    figures = [("exposure", ""), ("means_by_exposure", "")]
    figures += [(figure_name("high_by_exposure", slugs[s]), "") for s in analysis.exposure.scales]
    sections = [Section(t["exposure"], tables=[_exposure_table(analysis, lang)], figures=figures)]
    if analysis.dimensions is not None and analysis.dimensions.by_exposure is not None:
        sections.append(_quadrant_section(analysis, lang, min_cell))
    sections += [
        _tests_section(analysis, lang, min_cell),
        _models_section(analysis, lang),
        _threshold_section(analysis, lang),
    ]
    return sections
