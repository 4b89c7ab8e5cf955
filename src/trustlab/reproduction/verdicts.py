"""Verdict texts and the summary paragraph of :func:`trustlab.reproduce`, in English and Dutch.

Only words here: every number comes from the reproduction table; rounding happens in the text.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from trustlab.reproduction.findings import TARGETS, fmt

__all__ = ["paragraph", "pvalue", "verdicts"]


def pvalue(p: float, lang: str = "en") -> str:
    """``p = 0.012`` or ``p < 0.001`` (decimal comma in Dutch).

    Examples
    --------
    >>> pvalue(0.01234), pvalue(2e-9, "nl")
    ('p = 0.012', 'p < 0,001')
    """
    text = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
    return text.replace(".", ",") if lang == "nl" else text


def _ci(lo: float, hi: float, unit: str, lang: str) -> str:
    label = "95% CI" if lang == "en" else "95%-BI"
    return f"{label} {fmt(lo, unit, lang)} to {fmt(hi, unit, lang)}".replace(
        " to ", " to " if lang == "en" else " tot "
    )


def _share_texts(row: pd.Series, lang: str) -> tuple[str, str]:
    target = TARGETS[row["finding"]]
    obs = fmt(row["observed"], "%", lang)
    published = target.published_en if lang == "en" else target.published_nl
    if math.isnan(row["observed"]):
        none = "no data" if lang == "en" else "geen gegevens"
        return none, none
    out = row["outside_by"]
    pp = fmt(abs(out), "pp", lang)
    if lang == "en":
        short = "consistent" if row["consistent"] else (
            f"not consistent: {pp} {'above' if out > 0 else 'below'} the band")  # fmt: skip
        text = (
            f"{obs} ({row['count']} of {row['n']}; {_ci(row['ci_low'], row['ci_high'], '%', lang)})"
            f" against published {published!r} (band {target.band()}): "
        )
        if row["consistent"]:
            text += "inside the band."
        else:
            text += f"{pp} {'above' if out > 0 else 'below'} the band; " + (
                "the 95% CI reaches the band, so sampling error could explain the difference."
                if row["within_sampling_error"]
                else "the 95% CI does not reach the band: more than sampling error."
            )
        if target.assumption:
            text += (
                " ASSUMPTION: the remainder is taken to be 'minder dan 1 keer per jaar' (fewer "
                "than once a year / no fixed meetings); the source does not name it."
            )
        return short, text
    band = target.band().replace(",", ";").replace(".", ",")
    short = "in overeenstemming" if row["consistent"] else (
        f"niet in overeenstemming: {pp} {'boven' if out > 0 else 'onder'} de marge")  # fmt: skip
    text = (
        f"{obs} ({row['count']} van {row['n']}; {_ci(row['ci_low'], row['ci_high'], '%', lang)})"
        f" tegenover gepubliceerd '{published}' (marge {band}): "
    )
    if row["consistent"]:
        text += "binnen de marge."
    else:
        text += f"{pp} {'boven' if out > 0 else 'onder'} de marge; " + (
            "het 95%-BI raakt de marge, dus de steekproeffout kan het verschil verklaren."
            if row["within_sampling_error"]
            else "het 95%-BI raakt de marge niet: meer dan steekproeffout."
        )
    if target.assumption:
        text += (
            " VERONDERSTELLING: de rest wordt opgevat als 'minder dan 1 keer per jaar' (geen vaste "
            "vergaderingen); de bron noemt die categorie niet."
        )
    return short, text


def _f1_texts(row: pd.Series, n_networks: int | None, lang: str) -> tuple[str, str]:
    n = int(row["observed"])
    diff = n - int(TARGETS["F1"].value)
    if lang == "en":
        where = f" in {n_networks} networks" if n_networks else ""
        short = "consistent" if row["consistent"] else f"not consistent: {diff:+d} respondents"
        return short, f"{n} respondents{where} against 231 published."
    where = f" in {n_networks} netwerken" if n_networks else ""
    short = "in overeenstemming" if row["consistent"] else (
        f"niet in overeenstemming: {diff:+d} respondenten")  # fmt: skip
    return short, f"{n} respondenten{where} tegenover 231 gepubliceerd."


def _method(vcov_type: str | None, en: bool) -> str:
    """Which standard errors the F8 step's p-value comes from, in words."""
    words = {
        "CR2": ("CR2 cluster-robust SE, Satterthwaite df",
                "CR2-clusterrobuuste SE, Satterthwaite-vrijheidsgraden"),
        "CR1S": ("HC1 cluster-robust SE", "HC1-clusterrobuuste SE"),
        None: ("model-based SE", "modelgebaseerde SE"),
    }[vcov_type]  # fmt: skip
    return f"; {words[0] if en else words[1]}"


def _f8_texts(info: dict[str, Any], shares: pd.DataFrame, labels: list[str], lang: str):
    en = lang == "en"
    if "f8" not in info:
        why = info.get("f8_problem", "")
        return ("not assessed" if en else "niet te beoordelen"), why
    f8 = info["f8"]
    s = f8["step"]
    low, mid, top = (fmt(shares.loc[label, "share"], "%", lang) for label in labels[-3:])
    step = fmt(100 * s["estimate"], "pp", lang, signed=True)
    ci = _ci(100 * s["ci_low"], 100 * s["ci_high"], "pp", lang)
    holm = pvalue(s["p_holm"], lang).replace("p", "Holm p", 1) + _method(f8.get("vcov_type"), en)
    later = ""
    if not f8["after"].empty:
        a = f8["after"].iloc[0]
        change = "change " if en else "verschil "
        later = (
            change
            + f"{fmt(100 * a['estimate'], 'pp', lang, signed=True)}, "
            + pvalue(a["p_holm"], lang).replace("p", "Holm p", 1)
        )
    reasons_en, reasons_nl = [], []
    if not f8["rises"]:
        reasons_en.append("no significant rise from 1-2 to 3-4")
        reasons_nl.append("geen significante stijging van 1-2 naar 3-4")
    if f8["drops"]:
        reasons_en.append("a significant drop after 3-4")
        reasons_nl.append("een significante daling na 3-4")
    if not f8["majority"]:
        reasons_en.append("not above 50% from 3-4 on")
        reasons_nl.append("niet boven 50% vanaf 3-4")
    if en:
        short = "consistent" if not reasons_en else "not consistent: " + "; ".join(reasons_en)
        text = (
            f"High trust {low} at 1-2 meetings a year, {mid} at 3-4 (step {step}, {ci}, {holm}) "
            f"and {top} above 4 ({later})."
        )
        return short, text
    short = "in overeenstemming" if not reasons_nl else (
        "niet in overeenstemming: " + "; ".join(reasons_nl))  # fmt: skip
    text = (
        f"Hoog vertrouwen {low} bij 1-2 vergaderingen per jaar, {mid} bij 3-4 (stap {step}, {ci}, "
        f"{holm}) en {top} boven 4 ({later})."
    )
    return short, text


def _f9_texts(row: pd.Series, corr: dict, comparison: Any, two: Any, lang: str):
    en = lang == "en"
    r = fmt(corr["r"], "r", lang)
    ci = _ci(corr["ci_low"], corr["ci_high"], "r", lang)
    reasons_en, reasons_nl = [], []
    if not corr["ci_high"] < 0:
        reasons_en.append("no clearly negative correlation")
        reasons_nl.append("geen duidelijk negatieve correlatie")
    if comparison is None:
        reasons_en.append("factor models not fitted")
        reasons_nl.append("factormodellen niet geschat")
        cfa_en = cfa_nl = ""
    else:
        diff, ddf, p = (comparison[c].iloc[1] for c in ("chisq_diff", "df_diff", "pvalue"))
        rho = fmt(float(two.factor_correlations.iloc[0, 1]), "r", lang)
        chi = f"{diff:.1f}" if en else f"{diff:.1f}".replace(".", ",")
        if not p < 0.05:
            reasons_en.append("one factor fits as well as two")
            reasons_nl.append("één factor past even goed als twee")
        cfa_en = (
            f" Two factors fit better than one: chi-square difference {chi} (df {ddf:.0f}), "
            f"{pvalue(p, lang)}; factor correlation {rho}."
        )
        cfa_nl = (
            f" Twee factoren passen beter dan één: chikwadraatverschil {chi} (df {ddf:.0f}), "
            f"{pvalue(p, lang)}; factorcorrelatie {rho}."
        )
        if not p < 0.05:
            cfa_en = cfa_en.replace("fit better than", "do not fit better than")
            cfa_nl = cfa_nl.replace("passen beter dan", "passen niet beter dan")
    k, m = corr.get("high_trust_low_distrust", 0), corr.get("high_trust", 0)
    if en:
        short = "consistent" if not reasons_en else "not consistent: " + "; ".join(reasons_en)
        text = f"Trust and distrust correlate r = {r} ({ci}).{cfa_en}"
        text += f" {k} of the {m} respondents with high trust have low distrust."
        return short, text
    short = "in overeenstemming" if not reasons_nl else (
        "niet in overeenstemming: " + "; ".join(reasons_nl))  # fmt: skip
    text = f"Vertrouwen en wantrouwen correleren r = {r} ({ci}).{cfa_nl}"
    text += f" {k} van de {m} respondenten met hoog vertrouwen hebben laag wantrouwen."
    return short, text


def verdicts(
    table: pd.DataFrame,
    rows: dict[str, dict[str, Any]],
    shares: pd.DataFrame,
    labels: list[str],
    corr: dict[str, float],
    comparison: Any,
    two: Any,
    n_networks: int | None = None,
) -> dict[str, list[str]]:
    """The columns ``verdict``, ``explanation``, ``oordeel`` and ``toelichting``."""
    out: dict[str, list[str]] = {"verdict": [], "explanation": [], "oordeel": [], "toelichting": []}
    for _, row in table.iterrows():
        for lang, short_col, long_col in (
            ("en", "verdict", "explanation"),
            ("nl", "oordeel", "toelichting"),
        ):
            key = row["finding"]
            if key == "F1":
                short, text = _f1_texts(row, n_networks, lang)
            elif key == "F8":
                short, text = _f8_texts(rows["F8"], shares, labels, lang)
            elif key == "F9":
                short, text = _f9_texts(row, corr, comparison, two, lang)
            else:
                short, text = _share_texts(row, lang)
            out[short_col].append(short)
            out[long_col].append(text)
    return out


def paragraph(
    table: pd.DataFrame,
    n_respondents: int,
    n_networks: int | None,
    high_trust_by_frequency: pd.DataFrame,
    correlation: dict[str, float],
    lang: str,
) -> str:
    """The summary paragraph of a reproduction (see :meth:`Reproduction.paragraph`)."""
    t = table.set_index("finding")
    en = lang == "en"
    k, total = int(t["consistent"].sum()), len(t)
    networks = n_networks
    if en:
        where = f" in {networks} networks" if networks else ""
        head = f"These data ({n_respondents} respondents{where}) are consistent with "
        head += f"all {total}" if k == total else f"{k} of the {total}"
        head += " published findings"
    else:
        where = f" in {networks} netwerken" if networks else ""
        head = f"Deze gegevens ({n_respondents} respondenten{where}) zijn in "
        head += "overeenstemming met "
        head += f"alle {total}" if k == total else f"{k} van de {total}"
        head += " gepubliceerde bevindingen"
    failed = t[~t["consistent"]]
    if len(failed):
        col, short = ("description", "verdict") if en else ("beschrijving", "oordeel")
        items = [
            f"{key} ({row[col]}: {row[short].split(': ', 1)[-1]})" for key, row in failed.iterrows()
        ]
        head += ("; not with " if en else "; niet met ") + ", ".join(items)
    head += "."
    p = {key: fmt(t.loc[key, "observed"], "%", lang) for key in ("F2", "F3", "F4", "F5", "F6")}
    ci = _ci(t.loc["F2", "ci_low"], t.loc["F2", "ci_high"], "%", lang)
    shares = high_trust_by_frequency["share"]
    low, mid, top = (fmt(v, "%", lang) for v in shares.iloc[-3:])
    r = fmt(correlation["r"], "r", lang)
    f7 = fmt(t.loc["F7", "observed"], "%", lang)
    if en:
        body = (
            f" High trust in the network approach: {p['F2']} ({ci}); high distrust: {p['F3']}. "
            f"{p['F4']} meet 3-4 times a year, {p['F6']} 1-2 times and {p['F5']} more than 4 "
            f"times. The share with high trust is {low} at 1-2 meetings a year, {mid} at 3-4 and "
            f"{top} above 4. Trust and distrust correlate r = {r}"
            + (", yet form two distinct factors." if t.loc["F9", "consistent"] else ".")
            + f" The remainder ({f7}, F7) is assumed to be 'fewer than once a year': the source "
            "does not name that category."
        )
    else:
        body = (
            f" Hoog vertrouwen in de netwerkaanpak: {p['F2']} ({ci}); hoog wantrouwen: "
            f"{p['F3']}. {p['F4']} vergadert 3-4 keer per jaar, {p['F6']} 1-2 keer en "
            f"{p['F5']} meer dan 4 keer. Het aandeel met hoog vertrouwen is {low} bij 1-2 "
            f"vergaderingen per jaar, {mid} bij 3-4 en {top} boven 4. Vertrouwen en wantrouwen "
            f"correleren r = {r}"
            + (", maar vormen twee aparte factoren." if t.loc["F9", "consistent"] else ".")
            + f" De rest ({f7}, F7) wordt verondersteld 'minder dan 1 keer per jaar' te zijn: de "
            "bron noemt die categorie niet."
        )
    return head + body
