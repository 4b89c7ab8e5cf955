"""The terminal summary, drawn with rich. Views only: nothing here computes a statistic.

Every text that comes from the user's files (file names, column and category labels, item
texts) is escaped before it reaches rich, so ``[bold]`` or ``[/]`` in a label prints as typed
and never as markup.
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from trustlab.input.quality import QualityReport
from trustlab.input.survey import Survey

__all__ = ["console", "esc", "print_quality"]


def esc(text: object) -> str:
    """``text`` for rich: markup characters escaped."""
    return escape(str(text))


def console() -> Console:
    """A console for standard output; plain text (no colours) when it is not a terminal."""
    out = Console(highlight=False, soft_wrap=True)
    if not out.is_terminal:  # files and pipes: wide enough that tables do not wrap
        out = Console(highlight=False, soft_wrap=True, width=110)
    return out


def print_quality(
    report: QualityReport, out: Console, *, lang: str = "nl", survey: Survey | None = None
) -> None:
    """Print the data-quality summary of a survey file."""
    source = report.source
    out.print(f"[bold]{esc(source.path)}[/bold]  ({esc(source.describe())})")
    networks = f" in {report.n_networks} clusters" if report.n_networks is not None else ""
    out.print(f"{report.n_respondents} respondents{networks}")
    if survey is not None:
        _print_categories(survey, out, lang)
    table = Table(title="Items", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ["item", *report.items.columns]:
        left = name in ("item", "scale", "missing codes")
        table.add_column(esc(name), justify="left" if left else "right", no_wrap=True)
    for item, row in report.items.iterrows():
        table.add_row(esc(item), *(esc(v) for v in row.tolist()))
    out.print(table)
    liners = report.straight_liners
    if len(liners):
        shown = ", ".join(
            f"{esc(r.respondent)} (row {r.row}, all {r.answer:g})" for r in liners.itertuples()
        )
        out.print(
            f"Straight-lining respondents (same answer on every item): {len(liners)}: {shown}"
        )
    else:
        out.print("Straight-lining respondents (same answer on every item): none")
    if report.unknown_columns:
        columns = ", ".join(esc(c) for c in report.unknown_columns)
        out.print(f"Columns not in the codebook (carried along): {columns}")
    for problem in report.notes:
        if problem.kind not in ("unknown_columns",):
            out.print(f"[dim]note:[/dim] {esc(problem.message)}")
    for problem in report.errors:
        out.print(f"[bold red]error:[/bold red] {esc(problem.message)}")
    verdict = (
        "[green]usable[/green]"
        if report.usable
        else f"[bold red]NOT usable[/bold red] ({len(report.errors)} error(s))"
    )
    out.print(f"Verdict: {verdict}")


def _print_categories(survey: Survey, out: Console, lang: str) -> None:
    exposure = survey.codebook.exposure
    if exposure is None or exposure.column not in survey.data:
        return
    counts = survey.data[exposure.column].value_counts(sort=False)
    n = int(counts.sum())
    title = esc(exposure.label.get(lang))
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("category")
    if exposure.scores is not None:
        table.add_column(esc(exposure.score_label.get(lang)), justify="right")
    table.add_column("n", justify="right")
    table.add_column("%", justify="right")
    for cat in exposure.categories:
        count = int(counts.get(cat.label, 0))
        label = esc(cat.get(lang)) + (" *" if cat.assumed else "")
        share = f"{100 * count / n:.1f}" if n else "-"
        score = [f"{cat.score:g}"] if exposure.scores is not None else []
        table.add_row(label, *score, str(count), share)
    out.print(table)
    if any(c.assumed for c in exposure.categories):
        out.print("* category assumed (not named in the published source)")
