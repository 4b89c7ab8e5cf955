"""Writing an analysis as a report folder: report.html, report.md, report.docx, results.json,
tables (``tables/*.csv`` and ``tables.xlsx``, see :mod:`trustlab.report.spreadsheet`), figures
(``figures/*.png``, and ``*.svg`` when asked for).

The figures are drawn here (:mod:`trustlab.report.figures`), the files made in memory from the
result tree (:mod:`trustlab.report.files`) and written through a
:class:`~trustlab.report.folder.ReportFolder`, which makes the folder appear all at once.
"""

from __future__ import annotations

from pathlib import Path

from trustlab.analysis import Analysis
from trustlab.report.figure_worker import FigureJob
from trustlab.report.figures import report_figures
from trustlab.report.files import Drawn, files_of, neutralise_formulas, tables, write_files
from trustlab.report.folder import ReportFolder

__all__ = ["neutralise_formulas", "report_files", "save_report", "tables", "write_report"]


def _drawn(
    analysis: Analysis, figures: bool | FigureJob, lang: str, svg: bool
) -> Drawn | FigureJob | None:
    if isinstance(figures, FigureJob):
        return figures
    return report_figures(analysis, lang=lang, svg=svg) if figures else None


def report_files(
    analysis: Analysis,
    *,
    min_cell: int = 5,
    lang: str = "en",
    figures: bool | FigureJob = True,
    svg: bool = False,
) -> dict[str, bytes]:
    """Every file of the report folder as ``{relative path: bytes}``.

    ``figures``: draw the figures (True; with ``svg``, an SVG copy of each as well), leave them
    out (False), or take them from a :class:`~trustlab.report.figure_worker.FigureJob` already
    drawing them in a second process (the files that need no figure are made first).
    """
    drawn = _drawn(analysis, figures, lang, svg)
    return files_of(analysis, drawn, min_cell=min_cell, lang=lang)


def save_report(
    analysis: Analysis,
    out: str | Path,
    *,
    force: bool = False,
    min_cell: int = 5,
    lang: str = "en",
    figures: bool = True,
    svg: bool = False,
) -> list[Path]:
    """Write the report folder ``out``: ``report.html``, ``report.md``, ``report.docx``,
    ``results.json``, ``tables/*.csv``, ``tables.xlsx`` and (with ``figures``)
    ``figures/*.png`` (with ``svg`` too, ``figures/*.svg``: the same figures as vector
    graphics, for a journal or a poster).

    The folder appears all at once; an existing one is only replaced with ``force=True``, and
    then only trustlab's own files in it (see :mod:`trustlab.report.folder`). Returns the paths
    written, relative to ``out``.
    """
    folder = ReportFolder.open(out, force=force)
    return write_report(analysis, folder, min_cell=min_cell, lang=lang, figures=figures, svg=svg)


def write_report(
    analysis: Analysis,
    folder: ReportFolder,
    *,
    min_cell: int = 5,
    lang: str = "en",
    figures: bool | FigureJob = True,
    svg: bool = False,
) -> list[Path]:
    """Write the report into an opened :class:`ReportFolder` and move it into place."""
    try:
        drawn = _drawn(analysis, figures, lang, svg)
    except BaseException:
        folder.abandon()
        raise
    return write_files(folder, analysis, drawn, min_cell=min_cell, lang=lang)
