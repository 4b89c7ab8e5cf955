"""The terminal summary of an analysis (rich tables). Views only: nothing here computes.

Every scale of the plan is shown the same way; texts from the user's files are escaped.
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from trustlab.analysis import Analysis
from trustlab.report.suppression import quadrant_table
from trustlab.report.terminal import esc, print_quality
from trustlab.report.terminal_inference import print_exposure_inference, print_groups_and_clusters

__all__ = ["print_analysis"]


def _ci(low: float, high: float) -> str:
    return f"[{low:.2f}, {high:.2f}]"


def _pct(value: float) -> str:
    return "-" if value != value else f"{100 * value:.1f}%"


def _p(value: float) -> str:
    if value != value:
        return "-"
    return "< .001" if value < 0.001 else f"{value:.3f}".lstrip("0")


def print_analysis(
    analysis: Analysis, out: Console, *, lang: str = "nl", min_cell: int = 5
) -> None:
    """Print the analysis: data, per scale reliability and items, then the exposure."""
    print_quality(analysis.quality, out, lang=lang, survey=analysis.survey)
    for note in analysis.not_run:
        out.print(f"[dim]not run:[/dim] {esc(note)}")
    _print_scales(analysis, out, lang)
    if analysis.exposure is not None:
        _print_exposure(analysis, out, lang, min_cell)
    print_groups_and_clusters(analysis, out, lang)
    for message in dict.fromkeys(n.message for n in analysis.notices):
        out.print(f"[yellow]warning:[/yellow] {esc(message)}")


def _label(analysis: Analysis, name: str, lang: str) -> str:
    return esc(analysis.plan.scales[name].label.get(lang))


def _print_scales(analysis: Analysis, out: Console, lang: str) -> None:
    cb = analysis.survey.codebook
    table = Table(title="Scales", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("scale", "items", "n scored", "alpha [95% CI]", "omega [95% CI]",
                 "ordinal alpha, omega", "high", "n high", "%"):  # fmt: skip
        left = name in ("scale", "high")
        table.add_column(name, justify="left" if left else "right", no_wrap=name != "scale")
    for name, row in analysis.summary().iterrows():
        omega = "-" if row["omega"] != row["omega"] else f"{row['omega']:.2f} " + (
            _ci(row["omega ci low"], row["omega ci high"])
            if row["omega ci low"] == row["omega ci low"] else "")  # fmt: skip
        alpha = "-" if row["alpha"] != row["alpha"] else (
            f"{row['alpha']:.2f} {_ci(row['alpha ci low'], row['alpha ci high'])}")  # fmt: skip
        ordinal = ", ".join("-" if v != v else f"{v:.2f}"
                            for v in (row["ordinal alpha"], row["ordinal omega"]))  # fmt: skip
        table.add_row(
            _label(analysis, name, lang), f"{row['items']:.0f}", f"{row['n scored']:.0f}", alpha,
            omega, ordinal, analysis.scales[name].rule, f"{row['n high']:.0f}",
            f"{row['% high']:.1f}",
        )  # fmt: skip
    out.print(table)
    for name, scale in analysis.scales.items():
        items = Table(title=f"Items of {_label(analysis, name, lang)}", title_justify="left",
                      box=box.SIMPLE_HEAD)  # fmt: skip
        for column in ("item", "text", "n", "mean", "sd", "r.drop", "alpha if dropped"):
            items.add_column(column, justify="left" if column in ("item", "text") else "right")
        for item, row in scale.summary().iterrows():
            if "r_drop" not in row:
                continue
            text = esc(cb.item(item).text.get(lang)) + (" (R)" if row["reversed"] else "")
            items.add_row(
                esc(item), text, f"{row['n']:.0f}", f"{row['mean']:.2f}", f"{row['sd']:.2f}",
                f"{row['r_drop']:.2f}", f"{row['alpha_if_dropped']:.2f}",
            )  # fmt: skip
        out.print(items)
        for item in scale.negative_items:
            out.print(f"[yellow]check:[/yellow] item {esc(item)} correlates negatively with the "
                      f"rest of {_label(analysis, name, lang)}: reverse-keyed? set "
                      "'reverse: true' for it in the codebook.")  # fmt: skip
    out.print("(R) reverse-keyed: scored as min + max - answer. Alpha: Feldt CI; omega: "
              f"percentile bootstrap CI (seed {analysis.seed}); ordinal alpha and omega: on the "
              "polychoric correlations.")  # fmt: skip


def _print_exposure(analysis: Analysis, out: Console, lang: str, min_cell: int) -> None:
    exposure = analysis.exposure
    plan = analysis.plan
    categories = plan.exposure.categories
    words = {c.label: esc(c.get(lang)) + (" *" if c.assumed else "") for c in categories}
    title = f"By {esc(plan.exposure.label.get(lang))}"
    by = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    by.add_column("category")
    by.add_column("n", justify="right")
    for name in exposure.scales:
        by.add_column(f"high {_label(analysis, name, lang)} [95% CI]", justify="right")
        by.add_column(f"mean {_label(analysis, name, lang)}", justify="right")
    table = exposure.frequency.table if exposure.frequency is not None else None
    for label in exposure.categories:
        cells = [words[label], "-" if table is None else f"{table.loc[label, 'n']:.0f}"]
        for result in exposure.scales.values():
            h = result.high.table.loc[label] if result.high is not None else None
            cells.append(
                "-"
                if h is None
                else f"{_pct(h['share'])} [{_pct(h['ci_low'])}, {_pct(h['ci_high'])}]"
            )
            means = result.means.table if result.means is not None else None
            cells.append("-" if means is None or label not in means.index else
                         f"{means.loc[label, 'mean']:.2f}")  # fmt: skip
        by.add_row(*cells)
    out.print(by)
    reference = exposure.reference
    others = [c for c in exposure.categories if c != reference]
    effects = Table(
        title=f"Key effects: {esc(plan.exposure.label.get(lang))} vs {words[reference]}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    effects.add_column("model")
    for c in others:
        effects.add_column(words[c], justify="right")
    for name, result in exposure.scales.items():
        label = _label(analysis, name, lang)
        cr2, lmer = result.cluster_inference, result.mixed_inference
        safe = cr2 is not None and cr2.ols is not None
        satt = lmer is not None and lmer.coefficients is not None
        specs = [(cr2.ols if safe else result.ols,
                  f"{label}, OLS" + (" (CR2, Satterthwaite df)" if safe else ""),
                  "std_error" if safe else "std_error_cluster"),
                 (lmer.coefficients if satt else result.mixed,
                  f"{label}, mixed model" + (" (Satterthwaite df)" if satt else ""), "std_error"),
                 (result.logit, f"high {label}, logit: odds ratio"
                  + (" (CR2, Satterthwaite df)" if cr2 is not None and cr2.logit else ""),
                  None)]  # fmt: skip
        logit_p = {} if cr2 is None or cr2.logit is None else dict(
            zip(cr2.logit.table["term"], cr2.logit.table["p_value"], strict=True))  # fmt: skip
        for model, title_, se in specs:
            if model is None:
                continue
            coefs = (model.table if hasattr(model, "table") else model.coefficients).set_index(
                "term")  # fmt: skip
            cells = []
            for c in others:
                term = f"{exposure.column}[{c}]"
                if term not in coefs.index:
                    cells.append("-")
                    continue
                row = coefs.loc[term]
                if se is None:
                    p = logit_p.get(term, row["p_value"])
                    cells.append(f"{row['odds_ratio']:.2f} (p {_p(p)})")
                else:
                    error = row[se] if row[se] == row[se] else row["std_error"]
                    cells.append(f"{row['estimate']:+.2f} ({error:.2f}), p {_p(row['p_value'])}")
            effects.add_row(title_, *cells)
    out.print(effects)
    print_exposure_inference(analysis, out, lang)
    dims = analysis.dimensions
    if dims is not None and dims.chi_square is not None:
        protected = quadrant_table(analysis, min_cell=min_cell)
        if protected is not None and protected.n_hidden:
            out.print("quadrant x exposure: table and chi-square test withheld (small cells; "
                      "see the report).")  # fmt: skip
        else:
            chi = dims.chi_square
            mc = chi.extra.get("p_value_monte_carlo")
            extra = f", Monte Carlo p {_p(mc)}" if mc is not None else ""
            out.print(
                f"quadrant x exposure: chi2({chi.df:.0f}) = {chi.statistic:.2f}, "
                f"p {_p(chi.p_value)}{extra}, Cramer's V = {chi.extra['cramers_v']:.2f}"
            )
    for name, result in exposure.scales.items():
        for test, kind in (
            (result.jonckheere, "Jonckheere-Terpstra trend"),
            (result.cochran_armitage, "Cochran-Armitage trend, high"),
        ):
            if test is not None:
                out.print(f"{kind}, {_label(analysis, name, lang)}: statistic "
                          f"{test.statistic:.2f}, p {_p(test.p_value)}")  # fmt: skip
        if result.statement is not None:
            out.print(f"[bold]Threshold:[/bold] {esc(result.statement.statement[lang])}")
