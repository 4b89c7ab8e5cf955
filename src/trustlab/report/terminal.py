"""The terminal summary, drawn with rich. Views only: nothing here computes a statistic."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from trustlab.input.quality import QualityReport
    from trustlab.input.survey import Survey

__all__ = ["console", "print_quality"]


def console() -> Console:
    """A console for standard output; plain text (no colours) when it is not a terminal."""
    from rich.console import Console

    out = Console(highlight=False, soft_wrap=True)
    if not out.is_terminal:  # files and pipes: wide enough that tables do not wrap
        out = Console(highlight=False, soft_wrap=True, width=110)
    return out


def print_quality(
    report: QualityReport, out: Console, *, lang: str = "nl", survey: Survey | None = None
) -> None:
    """Print the data-quality summary of a survey file."""
    from rich.table import Table

    source = report.source
    out.print(f"[bold]{source.path}[/bold]  ({source.describe()})")
    networks = f" in {report.n_networks} networks" if report.n_networks is not None else ""
    out.print(f"{report.n_respondents} respondents{networks}")
    if survey is not None:
        _print_categories(survey, out, lang)
    from rich import box

    table = Table(title="Items", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ["item", *report.items.columns]:
        left = name in ("item", "scale", "missing codes")
        table.add_column(name, justify="left" if left else "right", no_wrap=True)
    for item, row in report.items.iterrows():
        table.add_row(item, *(str(v) for v in row.tolist()))
    out.print(table)
    liners = report.straight_liners
    if len(liners):
        shown = ", ".join(
            f"{r.respondent} (row {r.row}, all {r.answer:g})" for r in liners.itertuples()
        )
        out.print(
            f"Straight-lining respondents (same answer on every item): {len(liners)}: {shown}"
        )
    else:
        out.print("Straight-lining respondents (same answer on every item): none")
    if report.unknown_columns:
        out.print(
            f"Columns not in the codebook (carried along): {', '.join(report.unknown_columns)}"
        )
    for problem in report.notes:
        if problem.kind not in ("unknown_columns",):
            out.print(f"[dim]note:[/dim] {problem.message}")
    for problem in report.errors:
        out.print(f"[bold red]error:[/bold red] {problem.message}")
    verdict = (
        "[green]usable[/green]"
        if report.usable
        else f"[bold red]NOT usable[/bold red] ({len(report.errors)} error(s))"
    )
    out.print(f"Verdict: {verdict}")


def _print_categories(survey: Survey, out: Console, lang: str) -> None:
    from rich.table import Table

    freq = survey.codebook.meeting_frequency
    if freq is None or freq.column not in survey.data:
        return
    counts = survey.data[freq.column].value_counts(sort=False)
    n = int(counts.sum())
    from rich import box

    table = Table(title=freq.label.get(lang), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("category")
    table.add_column("per year", justify="right")
    table.add_column("n", justify="right")
    table.add_column("%", justify="right")
    for cat in freq.categories:
        count = int(counts.get(cat.label, 0))
        label = cat.get(lang) + (" *" if cat.assumed else "")
        share = f"{100 * count / n:.1f}" if n else "-"
        table.add_row(label, f"{cat.per_year:g}", str(count), share)
    out.print(table)
    if any(c.assumed for c in freq.categories):
        out.print("* category assumed (not named in the published source)")
