"""The terminal summary, drawn with rich. Views only: nothing here computes a statistic.

Every text that comes from the user's files (file names, column and category labels, item
texts) is escaped before it reaches rich, so ``[bold]`` or ``[/]`` in a label prints as typed
and never as markup.
"""

from __future__ import annotations

import os
import sys

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from trustlab.input.quality import QualityReport
from trustlab.input.source import Source
from trustlab.input.survey import Survey
from trustlab.report.blocks import apa
from trustlab.report.notices import problem_text
from trustlab.report.words import WORDS, column_label, say

__all__ = ["console", "esc", "number", "print_quality", "source_text"]


def esc(text: object) -> str:
    """``text`` for rich: markup characters escaped."""
    return escape(str(text))


class _Console(Console):
    """rich's console, except when its reader leaves (``trustlab analyse data.csv | head``):
    rich would end the command there; here the output goes nowhere from then on and the
    command carries on (the report folder is what it makes)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def console() -> Console:
    """A console for standard output; plain text (no colours) when it is not a terminal."""
    out = _Console(highlight=False, soft_wrap=True)
    if not out.is_terminal:  # files and pipes: wide enough that tables do not wrap
        out = _Console(highlight=False, soft_wrap=True, width=110)
    return out


def source_text(source: Source, lang: str) -> str:
    """How the file was read, in ``lang``: ``CSV, utf-8, gescheiden door komma's``."""
    if source.format != "csv":
        key = f"tm_{source.format}"
        return say(key, lang) if key in WORDS else source.format.capitalize()
    name = "tab" if source.delimiter == "\t" else source.delimiter
    key = f"tm_delim_{name}"
    delimiter = say(key, lang) if key in WORDS else repr(source.delimiter)
    return say("tm_csv", lang, encoding=source.encoding, delimiter=delimiter)


#: Columns of the quality report's item table -> catalogue keys of their headers.
_ITEM_COLUMNS = {"scale": "h_scale", "answered": "tm_answered", "missing": "tm_missing",
                 "missing codes": "tm_missing_codes", "non-numeric": "tm_non_numeric",
                 "out of range": "tm_out_of_range"}  # fmt: skip


def print_quality(
    report: QualityReport, out: Console, *, lang: str = "nl", survey: Survey | None = None
) -> None:
    """Print the data-quality summary of a survey file, in ``lang``."""
    source = report.source
    out.print(f"[bold]{esc(source.path)}[/bold]  ({esc(source_text(source, lang))})")
    where = (
        say("tm_in_clusters", lang, n=report.n_networks) if report.n_networks is not None else ""
    )
    out.print(say("tm_respondents", lang, n=report.n_respondents, where=where))
    if survey is not None:
        _print_categories(survey, out, lang)
    table = Table(title=say("tm_items", lang), title_justify="left", box=box.SIMPLE_HEAD)
    for name in ["item", *report.items.columns]:
        left = name in ("item", "scale", "missing codes")
        header = say(_ITEM_COLUMNS[name], lang) if name in _ITEM_COLUMNS else column_label(
            name, lang)  # fmt: skip
        table.add_column(esc(header.lower()), justify="left" if left else "right",
                         no_wrap=name in ("item", "scale"))  # fmt: skip
    reversed_ = f" ({say('tm_reversed', lang)})"
    for item, row in report.items.iterrows():
        cells = [str(v).replace(" (reversed)", reversed_) if k == "scale" else str(v)
                 for k, v in row.items()]  # fmt: skip
        table.add_row(esc(item), *(esc(v) for v in cells))
    out.print(table)
    liners = report.straight_liners
    shown = ", ".join(
        say("tm_straight_one", lang, id=esc(r.respondent), row=r.row, answer=f"{r.answer:g}")
        for r in liners.itertuples()
    )
    listed = f"{len(liners)}: {shown}" if len(liners) else say("tm_none", lang)
    out.print(say("tm_straight", lang, list=listed))
    if report.unknown_columns:
        columns = ", ".join(esc(c) for c in report.unknown_columns)
        out.print(say("tm_unknown_columns", lang, list=columns))
    for problem in report.notes:
        if problem.kind not in ("unknown_columns",):
            out.print(f"[dim]{say('tm_note', lang)}[/dim] {esc(problem_text(problem, lang))}")
    for problem in report.errors:
        out.print(f"[bold red]{say('tm_error', lang)}[/bold red] "
                  f"{esc(problem_text(problem, lang))}")  # fmt: skip
    verdict = (
        f"[green]{say('tm_usable', lang)}[/green]"
        if report.usable
        else f"[bold red]{say('tm_not_usable', lang, n=len(report.errors))}[/bold red]"
    )
    out.print(say("tm_verdict", lang, verdict=verdict))


def _print_categories(survey: Survey, out: Console, lang: str) -> None:
    exposure = survey.codebook.exposure
    if exposure is None or exposure.column not in survey.data:
        return
    counts = survey.data[exposure.column].value_counts(sort=False)
    n = int(counts.sum())
    title = esc(exposure.label.get(lang))
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(say("tm_category", lang))
    if exposure.scores is not None:
        table.add_column(esc(exposure.score_label.get(lang)), justify="right")
    table.add_column("n", justify="right")
    table.add_column("%", justify="right")
    for cat in exposure.categories:
        count = int(counts.get(cat.label, 0))
        label = esc(cat.get(lang)) + (" *" if cat.assumed else "")
        share = apa(100 * count / n, 1, lang=lang) if n else "–"
        score = [number(cat.score, lang)] if exposure.scores is not None else []
        table.add_row(label, *score, str(count), share)
    out.print(table)
    if any(c.assumed for c in exposure.categories):
        out.print(say("tm_assumed", lang))


def number(value: float, lang: str) -> str:
    """A number as short as it is (``0.5``, ``6``), with the language's decimal sign."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "nl" else text
