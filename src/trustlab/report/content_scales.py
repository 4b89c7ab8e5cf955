"""The report's sections on the data and the scales: respondents, reliability, items, shares.

Every scale of the plan is shown the same way; nothing here computes a statistic.
"""

from __future__ import annotations

from pathlib import PurePath

import pandas as pd

from trustlab.analysis import Analysis
from trustlab.report.blocks import Section, T, Table, apa, ci, scale_label
from trustlab.report.names import figure_name

__all__ = ["data_section", "methods_section", "scale_sections"]


def data_section(analysis: Analysis, lang: str) -> Section:
    """Respondents, file, missing answers, straight-liners and what could not run."""
    t = T[lang]
    survey = analysis.survey
    quality = analysis.quality
    source = survey.source
    name = PurePath(source.path.replace("\\", "/")).name if source else "–"
    clusters = survey.n_networks
    if lang == "nl":
        where = f" in {clusters} clusters ({analysis.plan.cluster})" if clusters else ""
        text = [f"{survey.n_respondents} respondenten{where}, gelezen uit {name} met het "
                f"codeboek '{survey.codebook.study}'."]  # fmt: skip
    else:
        where = f" in {clusters} clusters ({analysis.plan.cluster})" if clusters else ""
        text = [f"{survey.n_respondents} respondents{where}, read from {name} with the codebook "
                f"'{survey.codebook.study}'."]  # fmt: skip
    missing = int(quality.items["missing"].sum())
    cells = survey.n_respondents * len(quality.items)
    share = f" ({100 * missing / cells:.1f}%)." if cells else "."
    text.append(("Ontbrekende antwoorden: " if lang == "nl" else "Missing answers: ")
                + (f"{missing} van {cells}" if lang == "nl" else f"{missing} of {cells}")
                + share)  # fmt: skip
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
    text += [f"{t['not_run']}: {note}" for note in analysis.not_run]
    return Section(t["data"], paragraphs=text, figures=[("likert", "")])


def _reliability_table(analysis: Analysis, lang: str) -> Table:
    rows = []
    for name, row in analysis.summary().iterrows():
        rows.append({
            "Scale" if lang == "en" else "Schaal": scale_label(analysis, name, lang),
            "k": f"{row['items']:.0f}", "n": f"{row['n scored']:.0f}",
            "α": apa(row["alpha"], bounded=True),
            "95% CI α": ci(row["alpha ci low"], row["alpha ci high"], bounded=True),
            "ω": apa(row["omega"], bounded=True),
            "95% CI ω": ci(row["omega ci low"], row["omega ci high"], bounded=True),
            "ordinal α": _with_ci(row, "ordinal alpha"),
            "ordinal ω": _with_ci(row, "ordinal omega"),
        })  # fmt: skip
    note = ("α: Cronbach's alpha (pairwise, as R psych::alpha), Feldt CI; ω: McDonald's omega "
            "total from a one-factor ML model, percentile bootstrap CI "
            f"({analysis.n_boot} resamples, seed {analysis.seed}). Ordinal α and ω: the same on "
            "the polychoric correlations of the answers (R psych::polychoric, alpha, fa with "
            "fm = 'ml'), which treat the answers as ordered categories")  # fmt: skip
    boots = {s.ordinal.n_boot for s in analysis.scales.values() if s.ordinal is not None}
    note += (f"; percentile bootstrap CI ({max(boots)} resamples)." if boots and max(boots)
             else " (no CI: analyse(..., n_boot_ordinal=1000) adds bootstrap CIs).")  # fmt: skip
    return Table(T[lang]["scales"], pd.DataFrame(rows), note)


def _with_ci(row: pd.Series, key: str) -> str:
    value = apa(row[key], bounded=True)
    low, high = row[f"{key} ci low"], row[f"{key} ci high"]
    return value if low != low else f"{value} {ci(low, high, bounded=True)}"


def _item_table(analysis: Analysis, name: str, lang: str) -> Table:
    cb = analysis.survey.codebook
    scale = analysis.scales[name]
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
    }) if len(items.columns) else pd.DataFrame({"Item": list(scale.items)})  # fmt: skip
    note = "(R) reverse-keyed: min + max − answer; M and SD of the keyed item."
    if scale.negative_items:
        note += (" Correlating negatively with the rest of the scale: "
                 f"{', '.join(scale.negative_items)} (reverse-keyed? set 'reverse: true' in the "
                 "codebook).")  # fmt: skip
    return Table(f"{T[lang]['items']} {scale_label(analysis, name, lang)}", frame, note)


def _shares_table(analysis: Analysis, lang: str) -> Table:
    rows = []
    for name, scale in analysis.scales.items():
        share = scale.share_high
        if share is None:
            continue
        rows.append({
            "": f"{scale_label(analysis, name, lang)} ({scale.rule})",
            "n": str(share.count), "N": str(share.n), "%": apa(100 * share.estimate, 1),
            "95% CI (Wilson)": ci(share.ci_low, share.ci_high, percent=True),
            "95% CI (exact)": ci(share.exact_ci_low, share.exact_ci_high, percent=True),
        })  # fmt: skip
    return Table(T[lang]["shares"], pd.DataFrame(rows))


def scale_sections(analysis: Analysis, lang: str) -> list[Section]:
    """The data, reliability and share-high sections."""
    t = T[lang]
    tables = [_reliability_table(analysis, lang)]
    tables += [_item_table(analysis, name, lang) for name in analysis.scales]
    figures = [("item_correlations", "")]
    if analysis.dimensions is not None:
        figures.append((figure_name("dimensions"), ""))
    return [
        data_section(analysis, lang),
        Section(t["scales"], tables=tables, figures=figures),
        Section(t["shares"], tables=[_shares_table(analysis, lang)]),
    ]


def methods_section(analysis: Analysis, lang: str) -> Section:
    """How the scores were made and checked."""
    plan = analysis.plan
    text = [
        "Scale scores are the mean of the answered items (reverse-keyed items as min + max − "
        "answer) when at least min_valid items are answered: "
        + ", ".join(f"{n} {s.min_valid} of {len(s.items)}" for n, s in plan.scales.items())
        + ". High: "
        + ", ".join(f"{n} {s.rule}" for n, s in analysis.scales.items())
        + ".",
        "Every statistic is checked against R (psych, lavaan, sandwich, clubSandwich, lme4, "
        "lmerTest, pbkrtest, performance, multilevel, ordinal); "
        f"trustlab seed {analysis.seed}.",
    ]
    return Section(T[lang]["methods"], paragraphs=text)
