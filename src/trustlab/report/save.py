"""Writing an analysis as a report folder: report.html, report.md, report.docx, results.json,
tables (``tables/*.csv`` and ``tables.xlsx``, see :mod:`trustlab.report.spreadsheet`), figures.

The files are made in memory from the result tree (:func:`report_files`) and written through a
:class:`~trustlab.report.folder.ReportFolder`, which makes the folder appear all at once. Every
file name is trustlab's own (:mod:`trustlab.report.names`): a scale named ``../../data`` gives
``tables/items_data.csv``, never a path. CSV cells that a spreadsheet would run as a formula
(text starting with ``=``, ``+``, ``-`` or ``@``) are neutralised with a leading apostrophe.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trustlab.analysis import Analysis
from trustlab.report.cluster_tables import LISTED_ROWS
from trustlab.report.content import build_sections
from trustlab.report.figure_worker import FigureJob
from trustlab.report.figures import report_figures
from trustlab.report.folder import ReportFolder
from trustlab.report.html import render_html
from trustlab.report.json_export import analysis_to_json
from trustlab.report.markdown import render_markdown
from trustlab.report.names import scale_slugs
from trustlab.report.spreadsheet import SheetTable, by_value, labelled_tables, to_csv, to_xlsx
from trustlab.report.suppression import quadrant_table
from trustlab.report.tables_inference import inference_tables
from trustlab.report.word import render_docx

__all__ = ["neutralise_formulas", "report_files", "save_report", "tables", "write_report"]

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
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.StringDtype):  # text only: once per distinct text
            out[column] = by_value(values, _neutral)
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            out[column] = values.map(_neutral)
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


def report_files(
    analysis: Analysis,
    *,
    min_cell: int = 5,
    lang: str = "en",
    figures: bool | FigureJob = True,
) -> dict[str, bytes]:
    """Every file of the report folder as ``{relative path: bytes}``.

    ``figures``: draw the figures (True), leave them out (False), or take them from a
    :class:`~trustlab.report.figure_worker.FigureJob` already drawing them in a second process
    (the files that need no figure are made first, while it draws).
    """
    files: dict[str, bytes] = {
        "results.json": analysis_to_json(analysis, min_cell=min_cell).encode("utf-8")
    }
    sheets = [
        SheetTable(t.name, neutralise_formulas(t.frame), t.formats)
        for t in labelled_tables(analysis, tables(analysis, min_cell=min_cell), lang)
    ]
    for sheet in sheets:
        files[f"tables/{sheet.name}.csv"] = to_csv(sheet, lang)
    # a workbook lists at most LISTED_ROWS rows of a table (the largest clusters first; Excel
    # stops at 1,048,576): the CSV files have every row
    files["tables.xlsx"] = to_xlsx(
        [SheetTable(s.name, s.frame.iloc[:LISTED_ROWS], s.formats) for s in sheets]
    )
    sections = build_sections(analysis, lang=lang, min_cell=min_cell)  # one text, three formats
    if isinstance(figures, FigureJob):
        drawn = figures.result()
    else:
        drawn = report_figures(analysis, lang=lang) if figures else {}
    pngs = {k: v[0] for k, v in drawn.items()}
    files["report.html"] = render_html(
        analysis, lang=lang, figures=pngs, min_cell=min_cell, sections=sections
    ).encode("utf-8")
    files["report.md"] = render_markdown(
        analysis, lang=lang, figures={k: f"figures/{k}.png" for k in drawn}, min_cell=min_cell,
        sections=sections,
    ).encode("utf-8")  # fmt: skip
    files["report.docx"] = render_docx(
        analysis, lang=lang, figures=pngs, min_cell=min_cell, sections=sections
    )
    for name, (png, svg) in drawn.items():
        files[f"figures/{name}.png"] = png
        files[f"figures/{name}.svg"] = svg
    return files


def save_report(
    analysis: Analysis,
    out: str | Path,
    *,
    force: bool = False,
    min_cell: int = 5,
    lang: str = "en",
    figures: bool = True,
) -> list[Path]:
    """Write the report folder ``out``: ``report.html``, ``report.md``, ``report.docx``,
    ``results.json``, ``tables/*.csv``, ``tables.xlsx`` and (with ``figures``)
    ``figures/*.png`` and ``*.svg``.

    The folder appears all at once; an existing one is only replaced with ``force=True``, and
    then only trustlab's own files in it (see :mod:`trustlab.report.folder`). Returns the paths
    written, relative to ``out``.
    """
    folder = ReportFolder.open(out, force=force)
    return write_report(analysis, folder, min_cell=min_cell, lang=lang, figures=figures)


def write_report(
    analysis: Analysis,
    folder: ReportFolder,
    *,
    min_cell: int = 5,
    lang: str = "en",
    figures: bool | FigureJob = True,
) -> list[Path]:
    """Write the report into an opened :class:`ReportFolder` and move it into place."""
    try:
        files = report_files(analysis, min_cell=min_cell, lang=lang, figures=figures)
        for name, data in files.items():
            folder.write(name, data)
    except BaseException:
        folder.abandon()
        raise
    return folder.commit()
