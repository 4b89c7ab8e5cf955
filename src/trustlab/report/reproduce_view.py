"""Terminal views of a reproduction (F1-F9 against data) and of a power analysis.

Views only: the numbers come from :class:`~trustlab.reproduction.reproduce.Reproduction` and
:class:`~trustlab.simulation.power.PowerResult`; here they are rounded and laid out with rich.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from trustlab.reproduction.reproduce import Reproduction
    from trustlab.simulation.power import PowerResult

__all__ = ["print_power", "print_reproduction", "save_power_figure"]

#: Short names of the findings for the table (the result holds the full descriptions).
_LABELS = {
    "en": ("respondents", "high trust", "high distrust", "meets 3-4 times a year",
           "meets > 4 times a year", "meets 1-2 times a year", "remainder: < 1 a year",
           "high trust from 3-4 on", "two dimensions"),
    "nl": ("respondenten", "hoog vertrouwen", "hoog wantrouwen", "vergadert 3-4 keer per jaar",
           "vergadert > 4 keer per jaar", "vergadert 1-2 keer per jaar", "rest: < 1 keer per jaar",
           "hoog vertrouwen vanaf 3-4", "twee dimensies"),
}  # fmt: skip
_HEADERS = {
    "en": ("", "finding", "published", "band", "data", "95% CI", "verdict"),
    "nl": ("", "bevinding", "gepubliceerd", "marge", "gegevens", "95%-BI", "oordeel"),
}


def print_reproduction(result: Reproduction, out: Console, *, lang: str = "nl") -> None:
    """Print the F1-F9 table, the paragraph, the rule for "consistent" and any warnings."""
    from rich import box
    from rich.table import Table

    from trustlab.reproduction.findings import fmt

    en = lang == "en"
    title = "Published findings against the data" if en else "Gepubliceerde bevindingen"
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for i, name in enumerate(_HEADERS["en" if en else "nl"]):
        table.add_column(
            name,
            justify="right" if i in (4, 5) else "left",
            no_wrap=i in (0, 3, 4, 5),
            min_width=20 if i == 6 else None,
        )
    labels = _LABELS["en" if en else "nl"]
    for i, (_, row) in enumerate(result.table.iterrows()):
        unit = row["unit"]
        ci = (
            ""
            if row["ci_low"] != row["ci_low"]
            else f"{fmt(row['ci_low'], unit, lang, short=True)} - "
            f"{fmt(row['ci_high'], unit, lang, short=True)}"
        )
        observed = fmt(row["observed"], unit, lang, signed=unit == "pp", short=True)
        verdict = row["verdict" if en else "oordeel"]
        colour = "green" if row["consistent"] else "bold red"
        band = row["band"] if en else row["band"].replace(",", ";").replace(".", ",")
        table.add_row(
            row["finding"] + (" *" if row["assumption"] else ""),
            labels[i] if i < len(labels) else row["description" if en else "beschrijving"],
            row["published" if en else "gepubliceerd"],
            band,
            observed,
            ci,
            f"[{colour}]{verdict}[/{colour}]",
        )
    out.print(table)
    for _, row in result.table.iterrows():
        out.print(f"[bold]{row['finding']}[/bold] {row['explanation' if en else 'toelichting']}")
    out.print()
    out.print(result.paragraph(lang))
    out.print()
    if en:
        out.print(
            "* ASSUMPTION: the source does not name the remainder category (F7); trustlab takes "
            "it to be 'minder dan 1 keer per jaar' (fewer than once a year)."
        )
        out.print(f"[dim]Rule: {result.rule}[/dim]")
    else:
        out.print(
            "* VERONDERSTELLING: de bron noemt de restcategorie (F7) niet; trustlab vat ze op "
            "als 'minder dan 1 keer per jaar'."
        )
        out.print(f"[dim]Regel: {result.rule_nl}[/dim]")
    for message in result.warnings:
        out.print(f"[yellow]warning:[/yellow] {message}")


def print_power(result: PowerResult, out: Console) -> None:
    """Print the power table with Monte Carlo SEs, the two tests and the run time."""
    from rich import box
    from rich.table import Table

    table = Table(title=result._title(), title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("n", "networks", "effect", "power (a) association", "power (b) F8 step"):
        table.add_column(name, justify="right")
    for _, row in result.table.iterrows():
        table.add_row(
            f"{row['n']:.0f}",
            f"{row['networks']:.0f}" + ("" if row["max_network_size"] == 8 else " †"),
            f"{row['effect']:g}",
            f"{row['power_association']:.3f} ± {row['se_association']:.3f}",
            f"{row['power_step']:.3f} ± {row['se_step']:.3f}",
        )
    out.print(table)
    for key, text in result.tests.items():
        out.print(f"({key}) {text}")
    out.print("± one Monte Carlo standard error, sqrt(p (1 - p) / reps).")
    if (result.table["max_network_size"] != 8).any():
        sizes = ", ".join(
            f"n = {r.n}: up to {r.max_network_size}"
            for r in result.table.itertuples()
            if r.max_network_size != 8
        )
        out.print(f"† networks larger than the simulator's 8 respondents were needed ({sizes}).")
    failed = int(result.table["failed"].sum())
    if failed:
        out.print(
            f"[yellow]{failed} replicate(s) gave no test statistic (counted as not rejecting)."
            "[/yellow]"
        )
    out.print(
        f"{len(result.replications)} simulated surveys in {result.elapsed:.1f} s "
        f"({result.n_jobs} process{'es' if result.n_jobs > 1 else ''}, seed {result.seed})."
    )


def save_power_figure(result: PowerResult, path: str | Path) -> Path:
    """Draw the power curves (:func:`trustlab.plots.power_curves`) and save them to ``path``."""
    from matplotlib.figure import Figure

    from trustlab.plots.power import power_curves

    figure = Figure(figsize=(6.4, 4.2), constrained_layout=True)
    power_curves(result, ax=figure.subplots())
    path = Path(path)
    figure.savefig(path, dpi=150)
    return path
