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

#: Catalogue keys of the table's headers.
_HEADERS = ("", "rp_finding", "rp_published", "rp_band", "rp_data", "rp_ci", "rp_verdict")


def print_reproduction(result: Reproduction, out: Console, *, lang: str = "nl") -> None:
    """Print the F1-F9 table, the paragraph, the rule for "consistent" and any warnings."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from trustlab.report.notices import notice_text
    from trustlab.report.words import WORDS, say
    from trustlab.reproduction.findings import fmt

    en = lang == "en"
    table = Table(title=say("rp_title", lang), title_justify="left", box=box.SIMPLE_HEAD)
    for i, key in enumerate(_HEADERS):
        table.add_column(
            say(key, lang) if key else "",
            justify="right" if i in (4, 5) else "left",
            no_wrap=i in (0, 3, 4, 5),
            min_width=20 if i == 6 else None,
        )
    for _, row in result.table.iterrows():
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
        key = f"rp_{row['finding']}"
        table.add_row(
            row["finding"] + (" *" if row["assumption"] else ""),
            say(key, lang) if key in WORDS else row["description" if en else "beschrijving"],
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
    out.print(say("rp_assumption", lang))
    out.print(f"[dim]{escape(say('rp_rule', lang, rule=result.rule if en else result.rule_nl))}"
              "[/dim]")  # fmt: skip
    for message in dict.fromkeys(notice_text(m, lang) for m in result.warnings):
        out.print(f"[yellow]{say('tm_warning', lang)}[/yellow] {escape(message)}")


def print_power(result: PowerResult, out: Console, *, lang: str = "en") -> None:
    """Print the power table with Monte Carlo SEs, the two tests and the run time."""
    from rich import box
    from rich.table import Table

    from trustlab.report.blocks import apa
    from trustlab.report.words import WORDS, say

    def num(value: float, digits: int = 3) -> str:
        return apa(value, digits, lang=lang)

    alpha = f"{result.alpha:g}".replace(".", "," if lang == "nl" else ".")
    title = say("pw_title", lang, reps=result.reps, alpha=alpha, seed=result.seed)
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for key in ("n", "pw_networks", "pw_effect", "pw_power_a", "pw_power_b"):
        table.add_column(say(key, lang) if key in WORDS else key, justify="right")
    for _, row in result.table.iterrows():
        effect = f"{row['effect']:g}"
        table.add_row(
            f"{row['n']:.0f}",
            f"{row['networks']:.0f}" + ("" if row["max_network_size"] == 8 else " †"),
            effect.replace(".", ",") if lang == "nl" else effect,
            f"{num(row['power_association'])} ± {num(row['se_association'])}",
            f"{num(row['power_step'])} ± {num(row['se_step'])}",
        )
    out.print(table)
    for key, text in result.tests.items():
        words = f"pw_test_{key}"
        out.print(f"({key}) {say(words, lang) if words in WORDS else text}")
    out.print(say("pw_se", lang))
    if (result.table["max_network_size"] != 8).any():
        sizes = ", ".join(
            say("pw_up_to", lang, n=r.n, size=r.max_network_size)
            for r in result.table.itertuples()
            if r.max_network_size != 8
        )
        out.print(say("pw_larger", lang, sizes=sizes))
    failed = int(result.table["failed"].sum())
    if failed:
        out.print(f"[yellow]{say('pw_failed', lang, n=failed)}[/yellow]")
    processes = say("pw_processes" if result.n_jobs > 1 else "pw_process", lang)
    out.print(say("pw_done", lang, n=len(result.replications), s=num(result.elapsed, 1),
                  jobs=result.n_jobs, processes=processes, seed=result.seed))  # fmt: skip


def save_power_figure(result: PowerResult, path: str | Path, *, lang: str = "nl") -> Path:
    """Draw the power curves (:func:`trustlab.plots.power_curves`) and save them to ``path``."""
    from matplotlib.figure import Figure

    from trustlab.plots.power import power_curves

    figure = Figure(figsize=(6.4, 4.2), constrained_layout=True)
    power_curves(result, ax=figure.subplots(), lang=lang)
    path = Path(path)
    figure.savefig(path, dpi=150)
    return path
