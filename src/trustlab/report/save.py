"""Writing an analysis to a folder: results.json and the tables (and, with figures, the report).

Everything is first written into a hidden staging folder inside the output folder and moved
into place only when complete, so an interrupted run never leaves a half-written report; an
existing output folder is only written into with ``force=True``; nothing is written outside it.
CSV cells that a spreadsheet would run as a formula (text starting with ``=``, ``+``, ``-`` or
``@``) are neutralised with a leading apostrophe.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from trustlab.errors import InputFileError

if TYPE_CHECKING:
    from trustlab.analysis import Analysis

__all__ = ["check_output", "neutralise_formulas", "save_analysis", "tables"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    index = [
        f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA_START) else v for v in out.index
    ]
    out.index = pd.Index(index, name=out.index.name)
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            out[column] = values.map(
                lambda v: f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA_START) else v
            )
    out.columns = [
        f"'{c}" if isinstance(c, str) and c.startswith(_FORMULA_START) else c for c in out.columns
    ]
    return out


def tables(analysis: Analysis, *, min_cell: int = 5) -> dict[str, pd.DataFrame]:
    """The analysis as named tables (no respondent-level rows; small cells suppressed)."""
    out: dict[str, pd.DataFrame] = {"scales": analysis.summary()}
    for name, scale in analysis.scales.items():
        out[f"items_{name}"] = scale.summary()
    study = analysis.study
    if study is None:
        return out
    if study.meeting_frequency is not None:
        out["meeting_frequency"] = study.meeting_frequency.table
    for name, share in study.high_by_frequency.items():
        out[f"high_{name}_by_frequency"] = share
    for name, means in study.means.items():
        if means is not None:
            out[f"{name}_by_frequency"] = means.table
    shares = {k: v.summary().iloc[0] for k, v in study.shares.items() if v is not None}
    if shares:
        out["shares"] = pd.DataFrame(shares).T
    if study.quadrants is not None:
        counts = study.quadrants.counts
        out["quadrants"] = counts.astype(object).mask(counts < min_cell, f"<{min_cell}")
    tests = {k: v.summary().iloc[0] for k, v in study.tests.items() if v is not None}
    if tests:
        out["tests"] = pd.DataFrame(tests).T
    for name, model in study.models.items():
        if name == "ordinal":
            continue
        if model is not None:
            out[f"model_{name}"] = model.coefficients
    contrasts = study.threshold.get("contrasts")
    if contrasts is not None:
        out["adjacent_contrasts"] = contrasts.table
    return out


def check_output(out: str | Path, force: bool) -> None:
    """Raise unless ``out`` is a new or empty folder, or ``force`` allows writing into it."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputFileError(f"{out}: exists and is not a folder.", file=str(out))
    if out.exists() and any(out.iterdir()) and not force:
        raise InputFileError(
            f"{out}: the folder exists and is not empty; use --force to overwrite it, or "
            "choose another folder with --out.",
            file=str(out),
        )


def save_analysis(
    analysis: Analysis,
    out: str | Path,
    *,
    force: bool = False,
    min_cell: int = 5,
    lang: str = "en",
    figures: bool = True,
) -> list[Path]:
    """Write the report folder: ``report.html``, ``report.md``, ``results.json``,
    ``tables/*.csv`` and (with ``figures``) ``figures/*.png`` and ``*.svg``.

    Returns the paths written, relative to ``out``.
    """
    from trustlab.report.html import render_html
    from trustlab.report.markdown import render_markdown

    out = Path(out)
    check_output(out, force)
    out.mkdir(parents=True, exist_ok=True)
    drawn = _figures(analysis, lang) if figures else {}
    files: dict[str, bytes] = {"results.json": analysis.to_json(min_cell=min_cell).encode()}
    files["report.html"] = render_html(
        analysis, lang=lang, figures={k: v[0] for k, v in drawn.items()}, min_cell=min_cell
    ).encode("utf-8")
    files["report.md"] = render_markdown(
        analysis, lang=lang, figures={k: f"figures/{k}.png" for k in drawn}, min_cell=min_cell
    ).encode("utf-8")
    for name, (png, svg) in drawn.items():
        files[f"figures/{name}.png"] = png
        files[f"figures/{name}.svg"] = svg
    for name, table in tables(analysis, min_cell=min_cell).items():
        text = neutralise_formulas(table).to_csv(lineterminator="\n")
        files[f"tables/{name}.csv"] = text.encode("utf-8")
    staging = Path(tempfile.mkdtemp(prefix=".trustlab-partial-", dir=out))
    try:
        for name, data in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for name in files:  # everything is complete: move it into place
            final = out / name
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [Path(name) for name in files]


def _figures(analysis: Analysis, lang: str) -> dict[str, tuple[bytes, bytes]]:
    """The report's figures as (PNG, SVG) bytes."""
    from trustlab.report.figures import report_figures

    return report_figures(analysis, lang=lang)
