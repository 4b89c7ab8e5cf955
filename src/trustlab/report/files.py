"""The files of a report folder, made in memory from the result tree: report.html, report.md,
report.docx, results.json, tables (``tables/*.csv`` and ``tables.xlsx``, see
:mod:`trustlab.report.spreadsheet`) and the figures already drawn.

Nothing here draws (and nothing here loads matplotlib): the figures come drawn, as a mapping or
as a :class:`~trustlab.report.figure_worker.FigureJob` still drawing them in a second process,
waited for only once every file that needs no figure is made. :mod:`trustlab.report.save`
draws them and writes the folder. Every file name is trustlab's own
(:mod:`trustlab.report.names`): a scale named ``../../data`` gives ``tables/items_data.csv``,
never a path. CSV cells that a spreadsheet would run as a formula (text starting with ``=``,
``+``, ``-`` or ``@``) are neutralised with a leading apostrophe.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from trustlab.analysis import Analysis
from trustlab.forked import ForkedTask
from trustlab.report.cluster_tables import LISTED_ROWS
from trustlab.report.content import build_sections
from trustlab.report.figure_worker import Drawn, FigureJob
from trustlab.report.folder import ReportFolder
from trustlab.report.html import render_html
from trustlab.report.json_export import analysis_to_json
from trustlab.report.markdown import render_markdown
from trustlab.report.names import scale_slugs
from trustlab.report.spreadsheet import SheetTable, by_value, labelled_tables, to_csv, to_xlsx
from trustlab.report.suppression import quadrant_table
from trustlab.report.tables_inference import inference_tables
from trustlab.report.word import WordDraft

__all__ = ["Drawn", "files_of", "neutralise_formulas", "tables", "write_files"]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutral(value: object) -> object:
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would execute (``=cmd()``) with an apostrophe.

    Examples
    --------
    >>> import pandas as pd
    >>> neutralise_formulas(pd.DataFrame({"a": ["=1+1", "ok"], "b": [-1.5, 2.0]}))
           a    b
    0  '=1+1 -1.5
    1     ok  2.0
    """
    out = frame.copy()
    if not isinstance(out.index, pd.RangeIndex):  # numbers need no protection
        out.index = pd.Index([_neutral(v) for v in out.index], name=out.index.name)
    for j, (_, values) in enumerate(frame.items()):
        if isinstance(values.dtype, pd.StringDtype):  # text only: once per distinct text
            if values.str.startswith(_FORMULA_START).any():  # at once; most tables have none
                out.isetitem(j, by_value(values, _neutral))
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            out.isetitem(j, values.map(_neutral))
    out.columns = [_neutral(c) for c in out.columns]
    return out


def tables(analysis: Analysis, *, min_cell: int = 5) -> dict[str, pd.DataFrame]:
    """The analysis as named tables (safe names; no respondent-level rows; small cells hidden)."""
    slugs = scale_slugs(analysis.plan.scales)
    out: dict[str, pd.DataFrame] = {"scales": analysis.summary()}
    for name, scale in analysis.scales.items():
        out[f"items_{slugs[name]}"] = scale.summary()
    exposure = analysis.exposure
    if exposure is not None:
        if exposure.frequency is not None:
            out["exposure"] = exposure.frequency.table
        for name, result in exposure.scales.items():
            slug = slugs[name]
            if result.high is not None:
                out[f"high_{slug}_by_exposure"] = result.high.table
            if result.means is not None:
                out[f"{slug}_by_exposure"] = result.means.table
            for kind in ("ols", "trend", "trend_log", "mixed", "logit"):
                model = getattr(result, kind)
                if model is not None:
                    out[f"model_{kind}_{slug}"] = model.coefficients
            if result.contrasts is not None:
                out[f"adjacent_contrasts_{slug}"] = result.contrasts.table
            tests = {k: t.summary().iloc[0] for k in ("kruskal", "jonckheere", "cochran_armitage")
                     if (t := getattr(result, k)) is not None}  # fmt: skip
            if tests:
                out[f"tests_{slug}"] = pd.DataFrame(tests).T
    shares = {name: s.share_high.summary().iloc[0] for name, s in analysis.scales.items()
              if s.share_high is not None}  # fmt: skip
    if shares:
        out["shares"] = pd.DataFrame(shares).T
    protected = quadrant_table(analysis, min_cell=min_cell)
    if protected is not None:
        out["quadrants"] = protected.counts.astype(object).where(~protected.hidden, f"<{min_cell}*")
    out.update(inference_tables(analysis, min_cell=min_cell))
    return out


def files_of(
    analysis: Analysis,
    figures: Drawn | FigureJob | None,
    *,
    min_cell: int = 5,
    lang: str = "en",
) -> dict[str, bytes]:
    """Every file of the report folder as ``{relative path: bytes}``, with ``figures`` as
    drawn (None: no figures)."""
    return dict(_files(analysis, figures, min_cell=min_cell, lang=lang))


def _table_files(analysis: Analysis, *, min_cell: int, lang: str) -> Iterator[tuple[str, bytes]]:
    """The tables as CSV files and as one workbook, one by one as they are made."""
    sheets = [
        SheetTable(t.name, neutralise_formulas(t.frame), t.formats)
        for t in labelled_tables(analysis, tables(analysis, min_cell=min_cell), lang)
    ]
    for sheet in sheets:
        yield f"tables/{sheet.name}.csv", to_csv(sheet, lang)
    # a workbook lists at most LISTED_ROWS rows of a table (the largest clusters first; Excel
    # stops at 1,048,576): the CSV files have every row
    listed = [SheetTable(s.name, s.frame.iloc[:LISTED_ROWS], s.formats) for s in sheets]
    yield "tables.xlsx", to_xlsx(listed)


def table_files(analysis: Analysis, *, min_cell: int, lang: str) -> list[tuple[str, bytes]]:
    """:func:`_table_files` as a list (the work of a fork: see :func:`write_files`)."""
    return list(_table_files(analysis, min_cell=min_cell, lang=lang))


def _files(
    analysis: Analysis, figures: Drawn | FigureJob | None, *, min_cell: int, lang: str,
    fork: bool = False,
) -> Iterator[tuple[str, bytes]]:  # fmt: skip
    """The files of :func:`files_of` one by one, as they are made: those that need no figure
    first (:func:`write_files` writes them while the figures are still being drawn). With
    ``fork``, a fork of this process makes the tables (CSV files, workbook) meanwhile."""
    options = {"min_cell": min_cell, "lang": lang}
    in_fork = ForkedTask(table_files, (analysis,), options) if fork else None
    try:
        yield "results.json", analysis_to_json(analysis, min_cell=min_cell).encode("utf-8")
        if in_fork is None:
            yield from _table_files(analysis, **options)
        yield from _report_files(analysis, figures, min_cell=min_cell, lang=lang)
        if in_fork is not None:
            yield from in_fork.result()
    finally:
        if in_fork is not None:
            in_fork.cancel()  # when a file failed: the fork's work is not wanted


def _report_files(
    analysis: Analysis, figures: Drawn | FigureJob | None, *, min_cell: int, lang: str
) -> Iterator[tuple[str, bytes]]:
    """The Markdown, HTML and Word reports and the figures."""
    sections = build_sections(analysis, lang=lang, min_cell=min_cell)  # one text, three formats
    # the Word report's text is made while the figures are still drawn; they go in at the end
    word = WordDraft(analysis, lang=lang, min_cell=min_cell, sections=sections)
    if isinstance(figures, FigureJob):  # the names are known only once it is done
        figures = figures.result()
    drawn = dict(figures or {})
    paths = {k: f"figures/{k}.png" for k in drawn}
    common = {"lang": lang, "min_cell": min_cell, "sections": sections}
    yield "report.md", render_markdown(analysis, figures=paths, **common).encode("utf-8")
    pngs = {k: v[0] for k, v in drawn.items()}
    yield "report.html", render_html(analysis, figures=pngs, **common).encode("utf-8")
    yield "report.docx", word.finish(pngs)
    for name, (png, svg) in drawn.items():
        yield f"figures/{name}.png", png
        if svg is not None:
            yield f"figures/{name}.svg", svg


def write_files(
    folder: ReportFolder,
    analysis: Analysis,
    figures: Drawn | FigureJob | None,
    *,
    min_cell: int = 5,
    lang: str = "en",
    fork: bool = False,
) -> list[Path]:
    """Make the files (:func:`files_of`), write them into an opened :class:`ReportFolder` and
    move it into place; on any error the folder is abandoned (nothing half-written is left).

    ``fork``: the tables (the CSV files and the workbook, most of the work at millions of
    respondents: a table per cluster) are made by a fork of this process meanwhile (on
    Linux; the same files)."""
    try:  # each file written as soon as it is made
        for name, data in _files(analysis, figures, min_cell=min_cell, lang=lang, fork=fork):
            folder.write(name, data)
    except BaseException:
        folder.abandon()
        raise
    return folder.commit()
