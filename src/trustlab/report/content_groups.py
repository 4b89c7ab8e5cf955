"""The report's section "is the scale the same for every group?", per grouping variable.

For each grouping variable of the plan: in words which level of measurement invariance holds
for each scale and whether the groups' means may be compared; the fit of each level (chi-square,
CFI, RMSEA and their changes, with the cut-offs and their sources); groups too small for the
model, said plainly; the observed means per group for description (small groups' withheld as
the disclosure rules ask). Nothing here computes a statistic.
"""

from __future__ import annotations

import pandas as pd

from trustlab.analysis import Analysis
from trustlab.groups import GroupComparison
from trustlab.report.blocks import Section, Table, apa, ci, p_value, scale_label
from trustlab.report.cluster_tables import protected_group_means

__all__ = ["group_sections"]

_TITLE = {
    "en": "Is the scale the same for every group?",
    "nl": "Is de schaal dezelfde voor elke groep?",
}
_LEVEL = {
    "configural": "Configural (same items, same factor)",
    "metric": "Metric (equal loadings)",
    "scalar": "Scalar (equal intercepts)",
    "strict": "Strict (equal residual variances)",
}


def _group_label(analysis: Analysis, column: str, value: str, lang: str) -> str:
    variable = {v.column: v for v in analysis.survey.codebook.variables()}.get(column)
    if variable is None:
        return str(value)
    words = {c.label: c.get(lang) for c in variable.categories}
    return words.get(value, str(value))


def _fit_table(analysis: Analysis, comparison: GroupComparison, words: str, lang: str) -> Table:
    inv = comparison.invariance
    rows = []
    for level, fit in inv.fits.items():
        row = {
            "Model": _LEVEL[level],
            "χ²": apa(fit.chi2),
            "df": str(fit.df),
            "CFI": apa(fit.fit["cfi"], 3, bounded=True),
            "RMSEA": apa(fit.fit["rmsea"], 3, bounded=True),
            "Δχ² (df)": "–",
            "p": "–",
            "ΔCFI": "–",
            "ΔRMSEA": "–",
            "Holds": "–",
            "Released": "",
        }
        if level in inv.comparisons.index:
            c = inv.comparisons.loc[level]
            row |= {
                "Δχ² (df)": f"{apa(c['chisq_diff'])} ({c['df_diff']:.0f})",
                "p": p_value(c["pvalue"]),
                "ΔCFI": apa(c["delta_cfi"], 3, bounded=True),
                "ΔRMSEA": apa(c["delta_rmsea"], 3, bounded=True),
                "Holds": "yes" if c["holds"] else "no",
                "Released": c["freed"] or "",
            }
        rows.append(row)
    n = ", ".join(
        f"{_group_label(analysis, comparison.group, g, lang)} {k}" for g, k in inv.n_obs.items()
    )
    note = (
        f"One-factor model of the keyed items, fitted by ML in all groups at once (items "
        f"treated as continuous; R lavaan cfa(group = , group.equal = )); complete "
        f"respondents per group: {n}. Each level against the last that held: chi-square "
        "difference (lavTestLRT); a level holds while CFI drops by at most .010 and RMSEA "
        "rises by at most .015 (Chen 2007; Cheung & Rensvold 2002). Released: constraints "
        "freed one at a time by the largest score test (lavTestScore), partial invariance "
        "(Byrne, Shavelson & Muthén 1989)."
    )
    return Table(f"{words}: invariance across {comparison.group}", pd.DataFrame(rows), note)


def _means_table(
    analysis: Analysis, comparison: GroupComparison, words: str, lang: str, min_cell: int
) -> Table:
    table = protected_group_means(comparison.means, min_cell)
    left = comparison.left_out
    rows = [
        {
            "Group": _group_label(analysis, comparison.group, g, lang),
            "n": f"{r['n']:.0f}",
            "M": apa(r["mean"]),
            "95% CI": ci(r["ci_low"], r["ci_high"]),
            "In the model": "no" if g in left else ("yes" if comparison.invariance else "–"),
        }
        for g, r in table.iterrows()
    ]
    note = "Observed mean scale score per group (t CI), for description" + (
        "; the groups' means may be compared (scalar invariance holds)."
        if comparison.means_comparable
        else "; do not compare them: scalar invariance does not hold or was not tested."
    )
    hidden = int(table["hidden"].sum())
    if hidden:
        note += f" Withheld ('–'): groups of fewer than {min_cell} respondents."
    return Table(f"{words} by {comparison.group}", pd.DataFrame(rows), note)


def group_sections(analysis: Analysis, lang: str, min_cell: int) -> list[Section]:
    """One section per grouping variable (none without grouping variables: the plan's notes
    say so)."""
    sections = []
    for group, per_scale in analysis.invariance.items():
        paragraphs, tables = [], []
        for name, comparison in per_scale.items():
            words = scale_label(analysis, name, lang)
            paragraphs.append(f"{words}: {comparison.verdict}")
            if comparison.invariance is not None:
                tables.append(_fit_table(analysis, comparison, words, lang))
            if comparison.means is not None:
                tables.append(_means_table(analysis, comparison, words, lang, min_cell))
        sections.append(Section(f"{_TITLE[lang]} ({group})", paragraphs=paragraphs, tables=tables))
    return sections
