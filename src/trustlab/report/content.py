"""What the report says, independent of its format: sections of text, tables and figures.

The HTML and Markdown renderers (:mod:`trustlab.report.html`, :mod:`trustlab.report.markdown`)
draw the same :class:`Section` list, so the two reports cannot drift apart. Numbers are
formatted here in APA style (two decimals; no leading zero for values that cannot exceed 1 such
as p-values, proportions of variance and reliability coefficients; ``p < .001``). Nothing here
computes a statistic: it only reads the :class:`~trustlab.analysis.Analysis`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from trustlab.analysis import Analysis

__all__ = ["Section", "Table", "apa", "build_sections", "p_value"]


@dataclass(frozen=True)
class Table:
    """A formatted table: every cell already a string; ``note`` below it (APA style)."""

    title: str
    frame: pd.DataFrame
    note: str = ""


@dataclass(frozen=True)
class Section:
    """A heading with paragraphs, tables and figures (figure names, see the report's figures)."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)  # (figure name, caption)


def apa(value: float, digits: int = 2, *, bounded: bool = False) -> str:
    """APA number: ``digits`` decimals; no leading zero when ``bounded`` (|value| <= 1).

    Examples
    --------
    >>> apa(0.87940), apa(0.87940, bounded=True), apa(-0.2301), apa(float("nan"))
    ('0.88', '.88', '-0.23', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:.{digits}f}"
    if bounded:
        text = text.replace("0.", ".", 1)
    return text


def p_value(p: float) -> str:
    """APA p-value: ``< .001`` or three decimals without the leading zero."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "–"
    return "< .001" if p < 0.001 else apa(p, 3, bounded=True)


def _ci(low: float, high: float, *, bounded: bool = False, percent: bool = False) -> str:
    if percent:
        return f"[{100 * low:.1f}, {100 * high:.1f}]"
    return f"[{apa(low, bounded=bounded)}, {apa(high, bounded=bounded)}]"


T = {
    "nl": {
        "data": "Gegevens", "scales": "Schalen en betrouwbaarheid", "items": "Items van",
        "shares": "Hoog vertrouwen en wantrouwen", "freq": "Vergaderfrequentie",
        "quadrants": "Vertrouwen x wantrouwen per vergaderfrequentie", "tests": "Toetsen",
        "models": "Modellen", "threshold": "De drempel (F8)", "warnings": "Waarschuwingen",
        "methods": "Methode",
    },
    "en": {
        "data": "Data", "scales": "Scales and reliability", "items": "Items of",
        "shares": "High trust and distrust", "freq": "Meeting frequency",
        "quadrants": "Trust x distrust by meeting frequency", "tests": "Tests",
        "models": "Models", "threshold": "The threshold (F8)", "warnings": "Warnings",
        "methods": "Methods",
    },
}  # fmt: skip


def build_sections(analysis: Analysis, *, lang: str = "en", min_cell: int = 5) -> list[Section]:
    """The report's sections for ``analysis`` in ``lang``."""
    t = T[lang]
    sections = [_data_section(analysis, lang, t)]
    sections.append(_scales_section(analysis, lang, t))
    study = analysis.study
    if study is not None:
        sections.append(_shares_section(analysis, lang, t))
        sections.append(_frequency_section(analysis, lang, t))
        if study.quadrants is not None:
            sections.append(_quadrant_section(analysis, lang, t, min_cell))
        sections.append(_tests_section(analysis, lang, t))
        sections.append(_models_section(analysis, lang, t))
        sections.append(_threshold_section(analysis, lang, t))
    if analysis.warnings:
        sections.append(Section(t["warnings"], paragraphs=list(analysis.warnings)))
    sections.append(_methods_section(analysis, lang, t))
    return sections


def _data_section(analysis: Analysis, lang: str, t: dict) -> Section:
    survey = analysis.survey
    quality = analysis.quality
    source = survey.source
    name = source.path.replace("\\", "/").rsplit("/", 1)[-1] if source else "–"
    networks = survey.n_networks
    if lang == "nl":
        text = [
            f"{survey.n_respondents} respondenten"
            + (f" in {networks} netwerken" if networks else "")
            + f", gelezen uit {name} met het codeboek '{survey.codebook.study}'."
        ]
    else:
        text = [
            f"{survey.n_respondents} respondents"
            + (f" in {networks} networks" if networks else "")
            + f", read from {name} with the codebook '{survey.codebook.study}'."
        ]
    missing = int(quality.items["missing"].sum())
    cells = survey.n_respondents * len(quality.items)
    text.append(
        (
            f"Ontbrekende antwoorden: {missing} van {cells}"
            if lang == "nl"
            else f"Missing answers: {missing} of {cells}"
        )
        + f" ({100 * missing / cells:.1f}%)."
    )
    liners = len(quality.straight_liners)
    if liners:
        text.append(
            f"{liners} "
            + (
                "respondent(en) gaven op elk item hetzelfde antwoord."
                if lang == "nl"
                else "respondent(s) gave the same answer to every item."
            )
        )
    return Section(t["data"], paragraphs=text, figures=[("likert", "")])


def _scales_section(analysis: Analysis, lang: str, t: dict) -> Section:
    cb = analysis.survey.codebook
    rows = []
    for name, row in analysis.summary().iterrows():
        rows.append({
            "Scale" if lang == "en" else "Schaal": cb.scales[name].label.get(lang),
            "k": f"{row['items']:.0f}", "n": f"{row['n scored']:.0f}",
            "α": apa(row["alpha"], bounded=True),
            "95% CI α": _ci(row["alpha ci low"], row["alpha ci high"], bounded=True),
            "ω": apa(row["omega"], bounded=True),
            "95% CI ω": _ci(row["omega ci low"], row["omega ci high"], bounded=True),
        })  # fmt: skip
    note = ("α: Cronbach's alpha (pairwise, as R psych::alpha), Feldt CI; ω: McDonald's omega "
            "total from a one-factor ML model, percentile bootstrap CI "
            f"(seed {analysis.seed}).")  # fmt: skip
    tables = [Table(t["scales"], pd.DataFrame(rows), note)]
    for name, scale in analysis.scales.items():
        items = scale.summary()
        frame = pd.DataFrame({
            "Item": items.index,
            "Text" if lang == "en" else "Tekst": [
                cb.item(i).text.get(lang) + (" (R)" if items.loc[i, "reversed"] else "")
                for i in items.index],
            "n": [f"{v:.0f}" for v in items["n"]],
            "M": [apa(v) for v in items["mean"]], "SD": [apa(v) for v in items["sd"]],
            "r.drop": [apa(v, bounded=True) for v in items["r_drop"]],
            "α if dropped": [apa(v, bounded=True) for v in items["alpha_if_dropped"]],
        })  # fmt: skip
        note = "(R) reverse-keyed: min + max − answer; M and SD of the keyed item."
        tables.append(Table(f"{t['items']} {cb.scales[name].label.get(lang)}", frame, note))
    return Section(t["scales"], tables=tables, figures=[("item_correlations", ""),
                                                          ("trust_distrust", "")])  # fmt: skip


def _shares_section(analysis: Analysis, lang: str, t: dict) -> Section:
    cb = analysis.survey.codebook
    rows = []
    for key, share in analysis.study.shares.items():
        if share is None:
            continue
        scale = key.removeprefix("high_")
        rows.append({
            "": f"{cb.scales[scale].label.get(lang)} ({analysis.scores.attrs['rules'][scale]})",
            "n": str(share.count), "N": str(share.n), "%": f"{100 * share.estimate:.1f}",
            "95% CI (Wilson)": _ci(share.ci_low, share.ci_high, percent=True),
            "95% CI (exact)": _ci(share.exact_ci_low, share.exact_ci_high, percent=True),
        })  # fmt: skip
    return Section(t["shares"], tables=[Table(t["shares"], pd.DataFrame(rows))])


def _frequency_section(analysis: Analysis, lang: str, t: dict) -> Section:
    study = analysis.study
    freq = analysis.survey.codebook.meeting_frequency
    table = study.meeting_frequency.table
    high = study.high_by_frequency.get("trust")
    means = study.means.get("trust")
    rows = []
    for cat in freq.categories:
        label = cat.get(lang) + (" *" if cat.assumed else "")
        row = {("Category" if lang == "en" else "Categorie"): label,
               "n": f"{table.loc[cat.label, 'n']:.0f}",
               "%": f"{table.loc[cat.label, 'percent']:.1f}"}  # fmt: skip
        if high is not None:
            h = high.loc[cat.label]
            row["% high trust" if lang == "en" else "% hoog vertrouwen"] = (
                f"{100 * h['share']:.1f} {_ci(h['ci_low'], h['ci_high'], percent=True)}"
            )
        if means is not None and cat.label in means.table.index:
            m = means.table.loc[cat.label]
            row["M trust" if lang == "en" else "M vertrouwen"] = (
                f"{apa(m['mean'])} {_ci(m['ci_low'], m['ci_high'])}"
            )
        rows.append(row)
    note = (
        "* Category assumed: the published source does not name it (finding F7). "
        "Brackets: 95% CI (Wilson for percentages, t for means)."
    )
    return Section(t["freq"], tables=[Table(t["freq"], pd.DataFrame(rows), note)],
                   figures=[("meeting_frequency", ""), ("high_trust_by_frequency", ""),
                            ("scale_means_by_frequency", "")])  # fmt: skip


def _quadrant_section(analysis: Analysis, lang: str, t: dict, min_cell: int) -> Section:
    crosstab = analysis.study.quadrants
    counts = crosstab.counts
    freq = analysis.survey.codebook.meeting_frequency
    labels = {c.label: c.get(lang) for c in freq.categories}
    from trustlab.scales import QUADRANTS

    quadrant = {q["nl"]: q[lang] for q in QUADRANTS.values()}
    quadrant.update({q["en"]: q[lang] for q in QUADRANTS.values()})
    shown = counts.astype(object).mask(counts < min_cell, f"< {min_cell}").astype(str)
    shown = shown.rename(columns=labels)
    shown.index = [quadrant.get(str(i), str(i)) for i in shown.index]
    shown = shown.reset_index(names="")
    note = (f"Counts; cells with fewer than {min_cell} respondents are suppressed "
            "(these data describe people in poverty).")  # fmt: skip
    return Section(t["quadrants"], tables=[Table(t["quadrants"], shown, note)])


def _tests_section(analysis: Analysis, lang: str, t: dict) -> Section:
    rows = []
    names = {"chi_square_quadrant_frequency": "Quadrant x meeting frequency (chi-square)",
             "kruskal_trust": "Trust by meeting frequency (Kruskal-Wallis)",
             "kruskal_distrust": "Distrust by meeting frequency (Kruskal-Wallis)",
             "jonckheere_trust": "Trend in trust (Jonckheere-Terpstra)",
             "jonckheere_distrust": "Trend in distrust (Jonckheere-Terpstra)",
             "cochran_armitage_high_trust": "Trend in high trust (Cochran-Armitage)"}  # fmt: skip
    for key, test in analysis.study.tests.items():
        if test is None:
            continue
        extra = test.extra or {}
        detail = ""
        if "cramers_v" in extra:
            detail = f"V = {apa(extra['cramers_v'], bounded=True)}"
        if extra.get("p_value_monte_carlo") is not None:
            detail += f"; Monte Carlo p {p_value(extra['p_value_monte_carlo'])}"
        rows.append({"Test": names.get(key, key), "Statistic": apa(test.statistic),
                     "df": "–" if test.df is None else f"{test.df:g}",
                     "p": p_value(test.p_value), "": detail})  # fmt: skip
    return Section(t["tests"], tables=[Table(t["tests"], pd.DataFrame(rows))])


def _coef_table(model, title: str, *, se: str, odds: bool = False) -> Table:
    coefs = model.coefficients
    rows = []
    for _, row in coefs.iterrows():
        error = row[se] if se in row and row[se] == row[se] else row["std_error"]
        entry = {
            "Term": row["term"],
            "B": apa(row["estimate"]),
            "SE": apa(error),
            "p": p_value(row["p_value"]),
            "95% CI": _ci(row["ci_low"], row["ci_high"]),
        }
        if odds:
            entry["OR"] = apa(row["odds_ratio"])
        rows.append(entry)
    note = f"n = {model.n_obs}. " + ("SE: network-clustered (R sandwich::vcovCL, HC1)."
                                     if se == "std_error_cluster" else "")  # fmt: skip
    return Table(title, pd.DataFrame(rows), note)


def _models_section(analysis: Analysis, lang: str, t: dict) -> Section:
    models = analysis.study.models
    tables = []
    specs = [("ols_trust", "OLS: trust", "std_error_cluster", False),
             ("mixed_trust", "Mixed model (random network intercept): trust", "std_error", False),
             ("logit_high_trust", "Logistic regression: high trust", "std_error_cluster", True),
             ("ols_distrust", "OLS: distrust", "std_error_cluster", False)]  # fmt: skip
    for key, title, se, odds in specs:
        if models.get(key) is not None:
            tables.append(_coef_table(models[key], title, se=se, odds=odds))
    paragraphs = []
    mixed = models.get("mixed_trust")
    if mixed is not None:
        paragraphs.append(f"ICC of trust (null model): {apa(mixed.icc_null, bounded=True)}.")
    return Section(t["models"], paragraphs=paragraphs, tables=tables,
                   figures=[("coefficients", ""), ("predicted_high_trust", "")])  # fmt: skip


def _threshold_section(analysis: Analysis, lang: str, t: dict) -> Section:
    threshold = analysis.study.threshold
    paragraphs = []
    statement = threshold.get("statement")
    if statement is not None:
        paragraphs.append(statement.statement[lang])
    tables = []
    contrasts = threshold.get("contrasts")
    if contrasts is not None:
        rows = [
            {
                "Contrast": r["contrast"],
                "Difference": apa(r["estimate"]),
                "SE": apa(r["std_error"]),
                "p": p_value(r["p_value"]),
                "p (Holm)": p_value(r["p_holm"]),
            }
            for _, r in contrasts.table.iterrows()
        ]
        tables.append(
            Table(
                "Adjacent categories: difference in mean trust",
                pd.DataFrame(rows),
                "Backward-difference contrasts (R MASS::contr.sdif), Holm-adjusted.",
            )
        )
    stick = threshold.get("broken_stick")
    if stick is not None:
        paragraphs.append(
            f"Broken stick on meetings per year: knot at {stick.knot:g}; slope "
            f"{apa(stick.slope_before)} before and {apa(stick.slope_after)} after "
            f"(change p {p_value(stick.change_p)}, not adjusted for the knot search)."
        )
    return Section(t["threshold"], paragraphs=paragraphs, tables=tables)


def _methods_section(analysis: Analysis, lang: str, t: dict) -> Section:
    cb = analysis.survey.codebook
    rules = analysis.scores.attrs["rules"]
    text = [
        "Scale scores are the mean of the answered items (reverse-keyed items as min + max − "
        "answer) when at least min_valid items are answered: "
        + ", ".join(f"{n} {s.min_valid} of {len(s.items)}" for n, s in cb.scales.items())
        + ". "
        + "High: "
        + ", ".join(f"{n} {r}" for n, r in rules.items())
        + ".",
        "Every statistic is checked against R (psych, lavaan, sandwich, lme4, ordinal); "
        f"trustlab seed {analysis.seed}.",
    ]
    return Section(t["methods"], paragraphs=text)
