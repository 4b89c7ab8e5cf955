"""The terminal summary of an analysis (rich tables). Views only: nothing here computes.

Every scale of the plan is shown the same way; texts from the user's files are escaped. The
words come from the catalogue (:func:`trustlab.report.words.say`) and the numbers are formatted
by the report's helpers (:mod:`trustlab.report.blocks`), so the terminal and the report agree
to the character (``0,88 [0,85; 0,90]`` in Dutch).
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from trustlab.analysis import Analysis
from trustlab.report.blocks import apa, ci, p_text
from trustlab.report.content_scales import rule_words
from trustlab.report.labels import category, variable_label
from trustlab.report.notices import notice_text, notice_texts
from trustlab.report.suppression import quadrant_table
from trustlab.report.terminal import esc, print_quality
from trustlab.report.terminal_inference import print_exposure_inference, print_groups_and_clusters
from trustlab.report.threshold_words import threshold_text
from trustlab.report.words import say

__all__ = ["print_analysis"]


def _pct(value: float, lang: str) -> str:
    return "–" if value != value else f"{apa(100 * value, 1, lang=lang)}%"


def _signed(value: float, lang: str) -> str:
    text = apa(value, lang=lang)
    return text if value != value or value < 0 else "+" + text


def print_analysis(
    analysis: Analysis, out: Console, *, lang: str = "nl", min_cell: int = 5
) -> None:
    """Print the analysis in ``lang``: data, per scale reliability and items, the exposure,
    then each distinct warning once."""
    print_quality(analysis.quality, out, lang=lang, survey=analysis.survey)
    for note in analysis.not_run:
        out.print(f"[dim]{say('tm_not_run', lang)}[/dim] {esc(notice_text(note, lang))}")
    _print_scales(analysis, out, lang)
    if analysis.exposure is not None:
        _print_exposure(analysis, out, lang, min_cell)
    print_groups_and_clusters(analysis, out, lang)
    for message in notice_texts((n.message for n in analysis.notices), lang):
        out.print(f"[yellow]{say('tm_warning', lang)}[/yellow] {esc(message)}")


def _label(analysis: Analysis, name: str, lang: str) -> str:
    return esc(analysis.plan.scales[name].label.get(lang))


def _print_scales(analysis: Analysis, out: Console, lang: str) -> None:
    cb = analysis.survey.codebook
    table = Table(title=say("tm_scales", lang), title_justify="left", box=box.SIMPLE_HEAD)
    keys = (
        "h_scale",
        "items",
        "n",
        "tm_alpha_ci",
        "tm_omega_ci",
        "tm_ordinal",
        "tm_high",
        "tm_n_high",
        "%",
    )
    headers = [say(k, lang) if k[:2] in ("h_", "tm") else k for k in keys]
    headers[0] = headers[0].lower()
    for i, name in enumerate(headers):
        table.add_column(name, justify="left" if i in (0, 6) else "right", no_wrap=i != 0)
    for name, row in analysis.summary().iterrows():
        alpha = omega = "–"
        if row["alpha"] == row["alpha"]:
            interval = ci(row["alpha ci low"], row["alpha ci high"], bounded=True, lang=lang)
            alpha = f"{apa(row['alpha'], bounded=True, lang=lang)} {interval}"
        if row["omega"] == row["omega"]:
            omega = apa(row["omega"], bounded=True, lang=lang) + (
                " " + ci(row["omega ci low"], row["omega ci high"], bounded=True, lang=lang)
                if row["omega ci low"] == row["omega ci low"] else "")  # fmt: skip
        table.add_row(
            _label(analysis, name, lang), f"{row['items']:.0f}", f"{row['n scored']:.0f}", alpha,
            omega, _ordinal(row, lang), rule_words(analysis.scales[name].rule, lang),
            f"{row['n high']:.0f}",
            apa(row["% high"], 1, lang=lang),
        )  # fmt: skip
    out.print(table)
    for name, scale in analysis.scales.items():
        x = _label(analysis, name, lang)
        items = Table(title=say("tm_items_of", lang, x=x), title_justify="left",
                      box=box.SIMPLE_HEAD)  # fmt: skip
        for column in ("item", say("tm_text", lang), "n", say("tm_mean", lang), "sd",
                       say("tm_r_drop", lang), say("tm_alpha_drop", lang)):  # fmt: skip
            left = column in ("item", say("tm_text", lang))
            items.add_column(column, justify="left" if left else "right")
        for item, row in scale.summary().iterrows():
            if "r_drop" not in row:
                continue
            text = esc(cb.item(item).text.get(lang)) + (" (R)" if row["reversed"] else "")
            items.add_row(
                esc(item), text, f"{row['n']:.0f}", apa(row["mean"], lang=lang),
                apa(row["sd"], lang=lang), apa(row["r_drop"], bounded=True, lang=lang),
                apa(row["alpha_if_dropped"], bounded=True, lang=lang),
            )  # fmt: skip
        out.print(items)
        for item in scale.negative_items:
            out.print(f"[yellow]{say('tm_check', lang)}[/yellow] "
                      f"{say('tm_negative', lang, item=esc(item), x=x)}")  # fmt: skip
    out.print(say("tm_scales_note", lang, boot=analysis.n_boot, seed=analysis.seed))


def _ordinal(row, lang: str) -> str:
    """Ordinal alpha and omega (on the polychoric correlations), or dashes."""
    values = (row.get("ordinal alpha", float("nan")), row.get("ordinal omega", float("nan")))
    return ", ".join("–" if v != v else apa(v, bounded=True, lang=lang) for v in values)


def _print_exposure(analysis: Analysis, out: Console, lang: str, min_cell: int) -> None:
    exposure = analysis.exposure
    plan = analysis.plan
    words = {c.label: esc(category(analysis, c.label, lang)) for c in plan.exposure.categories}
    exposure_words = esc(plan.exposure.label.get(lang))
    by = Table(title=say("tm_by", lang, x=exposure_words), title_justify="left",
               box=box.SIMPLE_HEAD)  # fmt: skip
    by.add_column(say("tm_category", lang))
    by.add_column("n", justify="right")
    for name in exposure.scales:
        by.add_column(say("tm_high_ci", lang, x=_label(analysis, name, lang)), justify="right")
        by.add_column(say("tm_mean_of", lang, x=_label(analysis, name, lang)), justify="right")
    table = exposure.frequency.table if exposure.frequency is not None else None
    for label in exposure.categories:
        cells = [words[label], "–" if table is None else f"{table.loc[label, 'n']:.0f}"]
        for result in exposure.scales.values():
            h = result.high.table.loc[label] if result.high is not None else None
            cells.append("–" if h is None else f"{_pct(h['share'], lang)} "
                         f"{ci(h['ci_low'], h['ci_high'], percent=True, lang=lang)}")  # fmt: skip
            means = result.means.table if result.means is not None else None
            cells.append("–" if means is None or label not in means.index else
                         apa(means.loc[label, "mean"], lang=lang))  # fmt: skip
        by.add_row(*cells)
    out.print(by)
    _print_effects(analysis, out, lang, words)
    for name, result in exposure.scales.items():
        if result.mixed is not None:
            out.print(say("tm_icc", lang, x=_label(analysis, name, lang),
                          v=apa(result.mixed.icc_null, bounded=True, lang=lang)))  # fmt: skip
    dims = analysis.dimensions
    if dims is not None and dims.chi_square is not None:
        protected = quadrant_table(analysis, min_cell=min_cell)
        if protected is not None and protected.n_hidden:
            out.print(say("tm_chi_withheld", lang, exposure=exposure_words))
        else:
            chi = dims.chi_square
            mc = chi.extra.get("p_value_monte_carlo")
            extra = say("tm_mc", lang, p=p_text(mc, lang)) if mc is not None else ""
            v = apa(chi.extra["cramers_v"], bounded=True, lang=lang)
            out.print(say("tm_chi", lang, exposure=exposure_words, df=f"{chi.df:.0f}",
                          stat=apa(chi.statistic, lang=lang), p=p_text(chi.p_value, lang),
                          mc=extra, v=v))  # fmt: skip
    for name, result in exposure.scales.items():
        x = _label(analysis, name, lang)
        for test, key in ((result.jonckheere, "tm_jt"), (result.cochran_armitage, "tm_ca")):
            if test is not None:
                out.print(say(key, lang, x=x, stat=apa(test.statistic, lang=lang),
                              p=p_text(test.p_value, lang)))  # fmt: skip
        if result.statement is not None:
            words_x = analysis.plan.scales[name].label.get(lang)
            out.print(f"[bold]{say('tm_threshold', lang)}[/bold] "
                      f"{esc(threshold_text(analysis, result, words_x, lang))}")  # fmt: skip


def _print_effects(analysis: Analysis, out: Console, lang: str, words: dict[str, str]) -> None:
    """The exposure's effects in each model, against the reference category."""
    exposure = analysis.exposure
    reference = exposure.reference
    others = [c for c in exposure.categories if c != reference]
    title = say("tm_key_effects", lang, x=esc(analysis.plan.exposure.label.get(lang)),
                ref=words[reference])  # fmt: skip
    effects = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    effects.add_column(say("tm_model", lang))
    for c in others:
        effects.add_column(words[c], justify="right")
    clustered = False
    for name, result in exposure.scales.items():
        x = _label(analysis, name, lang)
        cr2, lmer = result.cluster_inference, result.mixed_inference
        safe = cr2 is not None and cr2.ols is not None
        satt = lmer is not None and lmer.coefficients is not None
        logit_safe = cr2 is not None and cr2.logit is not None
        specs = [(cr2.ols if safe else result.ols,
                  say("tm_ols", lang, x=x) + (say("tm_cr2", lang) if safe else ""),
                  "std_error" if safe else "std_error_cluster"),
                 (lmer.coefficients if satt else result.mixed,
                  say("tm_mixed", lang, x=x) + (say("tm_satt", lang) if satt else ""),
                  "std_error"),
                 (result.logit, say("tm_logit", lang, x=x)
                  + (say("tm_cr2", lang) if logit_safe else ""), None)]  # fmt: skip
        logit_p = {} if not logit_safe else dict(
            zip(cr2.logit.table["term"], cr2.logit.table["p_value"], strict=True))  # fmt: skip
        for model, row_title, se in specs:
            if model is None:
                continue
            coefs = (model.table if hasattr(model, "table") else model.coefficients).set_index(
                "term")  # fmt: skip
            cells = []
            for c in others:
                term = f"{exposure.column}[{c}]"
                if term not in coefs.index:
                    cells.append("–")
                    continue
                row = coefs.loc[term]
                p = p_text(logit_p.get(term, row["p_value"]) if se is None else row["p_value"],
                           lang)  # fmt: skip
                if se is None:
                    cells.append(f"{apa(row['odds_ratio'], lang=lang)}, {p}")
                else:
                    robust = se in row and row[se] == row[se]
                    error = row[se] if robust else row["std_error"]
                    clustered |= robust and (se == "std_error_cluster" or safe)
                    cells.append(f"{_signed(row['estimate'], lang)} ({apa(error, lang=lang)}), {p}")
            effects.add_row(row_title, *cells)
    out.print(effects)
    print_exposure_inference(analysis, out, lang)
    cluster = analysis.plan.cluster
    if cluster is not None and clustered:
        out.print(say("tm_effects_note", lang,
                      cluster=esc(variable_label(analysis, cluster, lang))))  # fmt: skip
    else:
        out.print(say("tm_effects_note_plain", lang))
