"""The report's section "is the scale the same for every group?", per grouping variable.

For each grouping variable of the plan: in words which level of measurement invariance holds
for each scale and whether the groups' means may be compared; the fit of each level (chi-square,
CFI, RMSEA and their changes, with the cut-offs and their sources); groups too small for the
model, said plainly; the observed means per group for description (small groups' withheld as
the disclosure rules ask). Words from :mod:`trustlab.report.words`. Nothing here computes a
statistic.
"""

from __future__ import annotations

import pandas as pd

from trustlab.analysis import Analysis
from trustlab.groups import GroupComparison
from trustlab.report.blocks import Section, Table, apa, ci, p_value, scale_label
from trustlab.report.cluster_tables import protected_group_means
from trustlab.report.labels import variable_label
from trustlab.report.readings import invariance_reading, released
from trustlab.report.words import say

__all__ = ["group_sections"]


def _group_label(analysis: Analysis, column: str, value: str, lang: str) -> str:
    variable = {v.column: v for v in analysis.survey.codebook.variables()}.get(column)
    if variable is None:
        return str(value)
    words = {c.label: c.get(lang) for c in variable.categories}
    return words.get(value, str(value))


def _fit_row(level: str, fit, inv, lang: str) -> dict[str, str]:
    row = {
        say("h_model", lang): say(f"lvl_{level}", lang),
        "χ²": apa(fit.chi2, lang=lang),
        "df": str(fit.df),
        "CFI": apa(fit.fit["cfi"], 3, bounded=True, lang=lang),
        "RMSEA": apa(fit.fit["rmsea"], 3, bounded=True, lang=lang),
        "Δχ² (df)": "–", "p": "–", "ΔCFI": "–", "ΔRMSEA": "–",
        say("h_holds", lang): "–", say("h_released", lang): "",
    }  # fmt: skip
    if level in inv.comparisons.index:
        c = inv.comparisons.loc[level]
        freed = c["freed"]
        names = [n.strip() for n in str(freed).split(",")] if freed else []
        row |= {
            "Δχ² (df)": f"{apa(c['chisq_diff'], lang=lang)} ({c['df_diff']:.0f})",
            "p": p_value(c["pvalue"], lang),
            "ΔCFI": apa(c["delta_cfi"], 3, bounded=True, lang=lang),
            "ΔRMSEA": apa(c["delta_rmsea"], 3, bounded=True, lang=lang),
            say("h_holds", lang): say("yes" if c["holds"] else "no", lang),
            say("h_released", lang): released(names, lang),
        }
    return row


def _fit_table(analysis: Analysis, comparison: GroupComparison, words: str, lang: str) -> Table:
    inv = comparison.invariance
    rows = [_fit_row(level, fit, inv, lang) for level, fit in inv.fits.items()]
    n = ", ".join(
        f"{_group_label(analysis, comparison.group, g, lang)} {k}" for g, k in inv.n_obs.items()
    )
    group = variable_label(analysis, comparison.group, lang)
    return Table(_cap(say("t_invariance", lang, x=words, group=group)), pd.DataFrame(rows),
                 say("note_invariance", lang, n=n))  # fmt: skip


def _means_table(
    analysis: Analysis, comparison: GroupComparison, words: str, lang: str, min_cell: int
) -> Table:
    table = protected_group_means(comparison.means, min_cell)
    left = comparison.left_out
    yes, no = say("yes", lang), say("no", lang)
    rows = [
        {
            say("h_group", lang): _group_label(analysis, comparison.group, g, lang),
            "n": f"{r['n']:.0f}",
            "M": apa(r["mean"], lang=lang),
            say("h_ci", lang): ci(r["ci_low"], r["ci_high"], lang=lang),
            say("h_in_model", lang): no if g in left else (yes if comparison.invariance else "–"),
        }
        for g, r in table.iterrows()
    ]
    note = say("note_group_means", lang) + say(
        "means_ok" if comparison.means_comparable else "means_not", lang
    )
    if int(table["hidden"].sum()):
        note += say("groups_hidden", lang, min_cell=min_cell)
    group = variable_label(analysis, comparison.group, lang)
    return Table(_cap(say("t_group_means", lang, x=words, group=group)), pd.DataFrame(rows), note)


def group_sections(analysis: Analysis, lang: str, min_cell: int) -> list[Section]:
    """One section per grouping variable (none without grouping variables: the plan's notes
    say so)."""
    sections = []
    for group, per_scale in analysis.invariance.items():
        paragraphs, tables = [], []
        for name, comparison in per_scale.items():
            words = scale_label(analysis, name, lang)
            paragraphs.append(invariance_reading(analysis, comparison, words, lang))
            if comparison.invariance is not None:
                tables.append(_fit_table(analysis, comparison, words, lang))
            if comparison.means is not None:
                tables.append(_means_table(analysis, comparison, words, lang, min_cell))
        title = say("t_groups", lang, group=variable_label(analysis, group, lang))
        sections.append(Section(title, paragraphs=paragraphs, tables=tables))
    return sections


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
