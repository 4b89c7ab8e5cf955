"""``report.md``: the same sections as the HTML report, as Markdown (figures as linked files)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trustlab.analysis import Analysis
    from trustlab.report.content import Table

__all__ = ["render_markdown"]


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(table: Table) -> str:
    frame = table.frame.astype(str)
    lines = [f"*{_cell(table.title)}*", ""]
    lines.append("| " + " | ".join(_cell(c) for c in frame.columns) + " |")
    lines.append("|" + "|".join("---" for _ in frame.columns) + "|")
    lines += [
        "| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)
    ]
    if table.note:
        lines += ["", f"*Note.* {_cell(table.note)}"]
    return "\n".join(lines)


def render_markdown(
    analysis: Analysis, *, lang: str = "en", figures: dict[str, str] | None = None,
    min_cell: int = 5,
) -> str:  # fmt: skip
    """The report as Markdown. ``figures`` maps figure names to relative image paths."""
    from trustlab import __version__
    from trustlab.report.content import build_sections

    figures = figures or {}
    study = analysis.survey.codebook.study
    parts = [f"# {study}", "", f"trustlab {__version__}", ""]
    for section in build_sections(analysis, lang=lang, min_cell=min_cell):
        parts += [f"## {section.title}", ""]
        for paragraph in section.paragraphs:
            parts += [paragraph, ""]
        for table in section.tables:
            parts += [_table(table), ""]
        for name, caption in section.figures:
            if name in figures:
                parts += [f"![{caption or name}]({figures[name]})", ""]
    return "\n".join(parts).rstrip() + "\n"
