"""The terminal summary of an analysis (rich tables). Views only: nothing here computes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trustlab.report.terminal import print_quality

if TYPE_CHECKING:
    from rich.console import Console

    from trustlab.analysis import Analysis

__all__ = ["print_analysis"]


def _ci(low: float, high: float) -> str:
    return f"[{low:.2f}, {high:.2f}]"


def print_analysis(analysis: Analysis, out: Console, *, lang: str = "nl") -> None:
    """Print the analysis: the data summary, then per scale reliability and the item table."""
    from rich import box
    from rich.table import Table

    print_quality(analysis.quality, out, lang=lang, survey=analysis.survey)
    cb = analysis.survey.codebook
    summary = analysis.summary()
    table = Table(title="Scales", title_justify="left", box=box.SIMPLE_HEAD)
    for name in (
        "scale",
        "items",
        "n scored",
        "alpha [95% CI]",
        "omega [95% CI]",
        "high",
        "n high",
        "%",
    ):
        left = name in ("scale", "high")
        table.add_column(name, justify="left" if left else "right", no_wrap=name != "scale")
    for name, row in summary.iterrows():
        omega = (
            "-"
            if row["omega"] != row["omega"]
            else f"{row['omega']:.2f} "
            + (
                _ci(row["omega ci low"], row["omega ci high"])
                if row["omega ci low"] == row["omega ci low"]
                else ""
            )
        )
        table.add_row(
            cb.scales[name].label.get(lang),
            f"{row['items']:.0f}",
            f"{row['n scored']:.0f}",
            f"{row['alpha']:.2f} {_ci(row['alpha ci low'], row['alpha ci high'])}",
            omega,
            analysis.scores.attrs["rules"][name],
            f"{row['n high']:.0f}",
            f"{row['% high']:.1f}",
        )
    out.print(table)
    for name, scale in analysis.scales.items():
        items = Table(
            title=f"Items of {cb.scales[name].label.get(lang)}", title_justify="left",
            box=box.SIMPLE_HEAD,
        )  # fmt: skip
        for column in ("item", "text", "n", "mean", "sd", "r.drop", "alpha if dropped"):
            items.add_column(column, justify="left" if column in ("item", "text") else "right")
        for item, row in scale.summary().iterrows():
            text = cb.item(item).text.get(lang) + (" (R)" if row["reversed"] else "")
            items.add_row(
                item, text, f"{row['n']:.0f}", f"{row['mean']:.2f}", f"{row['sd']:.2f}",
                f"{row['r_drop']:.2f}", f"{row['alpha_if_dropped']:.2f}",
            )  # fmt: skip
        out.print(items)
    out.print("(R) reverse-keyed: scored as min + max - answer. Alpha: Feldt CI; omega: "
              f"percentile bootstrap CI (seed {analysis.seed}).")  # fmt: skip
    if analysis.study is not None:
        _print_study(analysis, out, lang)
    for message in analysis.warnings:
        out.print(f"[yellow]warning:[/yellow] {message}")


def _pct(value: float) -> str:
    return "-" if value != value else f"{100 * value:.1f}%"


def _p(value: float) -> str:
    if value != value:
        return "-"
    return "< .001" if value < 0.001 else f"{value:.3f}".lstrip("0")


def _print_study(analysis: Analysis, out: Console, lang: str) -> None:
    from rich import box
    from rich.table import Table

    study = analysis.study
    cb = analysis.survey.codebook
    freq = cb.meeting_frequency
    shares = Table(title="High trust and distrust", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("", "n", "of", "%", "95% CI (Wilson)", "95% CI (exact)"):
        shares.add_column(column, justify="left" if column == "" else "right")
    for name, share in study.shares.items():
        if share is None:
            continue
        scale = name.removeprefix("high_")
        shares.add_row(
            f"high {cb.scales[scale].label.get(lang)} ({analysis.scores.attrs['rules'][scale]})",
            str(share.count),
            str(share.n),
            _pct(share.estimate),
            f"[{_pct(share.ci_low)}, {_pct(share.ci_high)}]",
            f"[{_pct(share.exact_ci_low)}, {_pct(share.exact_ci_high)}]",
        )
    out.print(shares)
    by = Table(title=f"By {freq.label.get(lang)}", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("category", "n", "high trust [95% CI]", "mean trust [95% CI]", "mean distrust"):
        by.add_column(column, justify="left" if column == "category" else "right")
    high = study.high_by_frequency.get("trust")
    for cat in freq.categories:
        row_h = high.loc[cat.label] if high is not None else None
        cells = [cat.get(lang) + (" *" if cat.assumed else ""), str(int(row_h["n"]))]
        cells.append(f"{_pct(row_h['share'])} [{_pct(row_h['ci_low'])}, {_pct(row_h['ci_high'])}]")
        for scale in ("trust", "distrust"):
            means = study.means.get(scale)
            if means is None or cat.label not in means.table.index:
                cells.append("-")
                continue
            m = means.table.loc[cat.label]
            text = f"{m['mean']:.2f}"
            if scale == "trust":
                text += f" [{m['ci_low']:.2f}, {m['ci_high']:.2f}]"
            cells.append(text)
        by.add_row(*cells)
    out.print(by)
    _print_effects(analysis, out, lang)


def _print_effects(analysis: Analysis, out: Console, lang: str) -> None:
    from rich import box
    from rich.table import Table

    study = analysis.study
    cb = analysis.survey.codebook
    f = cb.meeting_frequency.column
    labels = {c.label: c.get(lang) for c in cb.meeting_frequency.categories}
    ref = labels[study.reference]
    table = Table(
        title=f"Key effects: meeting frequency vs {ref}", title_justify="left", box=box.SIMPLE_HEAD
    )
    for column in ("model", *[labels[c] for c in labels if c != study.reference]):
        table.add_column(column, justify="left" if column == "model" else "right")
    specs = [
        ("ols_trust", "trust, OLS (network-clustered SE)", "std_error_cluster"),
        ("mixed_trust", "trust, mixed model (random network)", "std_error"),
        ("logit_high_trust", "high trust, logit: odds ratio", None),
        ("ols_distrust", "distrust, OLS (network-clustered SE)", "std_error_cluster"),
    ]
    for key, title, se in specs:
        model = study.models.get(key)
        if model is None:
            continue
        coefs = model.coefficients.set_index("term")
        cells = []
        for cat in labels:
            if cat == study.reference:
                continue
            term = f"{f}[{cat}]"
            if term not in coefs.index:
                cells.append("-")
                continue
            row = coefs.loc[term]
            if se is None:
                cells.append(f"{row['odds_ratio']:.2f} (p {_p(row['p_value'])})")
            else:
                error = row[se] if row[se] == row[se] else row["std_error"]
                cells.append(f"{row['estimate']:+.2f} ({error:.2f}), p {_p(row['p_value'])}")
        table.add_row(title, *cells)
    out.print(table)
    mixed = study.models.get("mixed_trust")
    if mixed is not None:
        out.print(f"Networks: ICC of trust (null model) = {mixed.icc_null:.2f}")
    tests = study.tests
    lines = []
    chi = tests.get("chi_square_quadrant_frequency")
    if chi is not None:
        mc = chi.extra.get("p_value_monte_carlo")
        extra = f", Monte Carlo p {_p(mc)}" if mc is not None else ""
        lines.append(
            f"quadrant x frequency: chi2({chi.df:.0f}) = {chi.statistic:.2f}, "
            f"p {_p(chi.p_value)}{extra}, Cramer's V = {chi.extra['cramers_v']:.2f}"
        )
    for key, name in (
        ("jonckheere_trust", "Jonckheere-Terpstra trend, trust"),
        ("cochran_armitage_high_trust", "Cochran-Armitage trend, high trust"),
    ):
        test = tests.get(key)
        if test is not None:
            lines.append(f"{name}: statistic {test.statistic:.2f}, p {_p(test.p_value)}")
    for line in lines:
        out.print(line)
    statement = study.threshold.get("statement")
    if statement is not None:
        out.print(f"[bold]Threshold (F8):[/bold] {statement.statement[lang]}")
