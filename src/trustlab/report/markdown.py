"""``report.md``: the same sections as the HTML report, as Markdown (figures as linked files).

Every text is written literally: the characters Markdown would read as markup (links, images,
emphasis, raw HTML such as ``<img onerror=...>``) are escaped with a backslash, so a study name,
an item text, a category label or a file name from the user's data can never become a link or
markup in a viewer.
"""

from __future__ import annotations

import re

from trustlab import __version__
from trustlab.analysis import Analysis
from trustlab.report.blocks import Section, T, Table, number_label
from trustlab.report.content import build_sections

__all__ = ["md_escape", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~&])")


def md_escape(text: object) -> str:
    r"""``text`` with every Markdown special character escaped, on one line.

    Examples
    --------
    >>> md_escape("[x](javascript:alert(1)) <img src=x>")
    '\\[x\\]\\(javascript:alert\\(1\\)\\) \\<img src=x\\>'
    """
    return _SPECIAL.sub(r"\\\1", str(text)).replace("\r", " ").replace("\n", " ")


def _table(table: Table, number: int, lang: str) -> str:
    columns = table.frame.columns
    lines = [f"**{number_label('table', number, lang)}**", "", f"*{md_escape(table.title)}*", ""]
    lines.append("| " + " | ".join(md_escape(c) for c in columns) + " |")
    lines.append("|" + "|".join("---" for _ in columns) + "|")
    lines += ["| " + " | ".join(md_escape(v) for v in row) + " |" for row in table.rows()]
    if table.note:
        lines += ["", f"*{T[lang]['note']}* {md_escape(table.note)}"]
    return "\n".join(lines)


def render_markdown(
    analysis: Analysis, *, lang: str = "en", figures: dict[str, str] | None = None,
    min_cell: int = 5, sections: list[Section] | None = None,
) -> str:  # fmt: skip
    """The report as Markdown. ``figures`` maps figure names to relative image paths."""
    figures = figures or {}
    study = analysis.survey.codebook.study
    parts = [f"# {md_escape(study)}", "", f"{T[lang]['report']}, trustlab {__version__}", ""]
    tables = numbered = 0
    if sections is None:
        sections = build_sections(analysis, lang=lang, min_cell=min_cell)
    for section in sections:
        parts += [f"## {md_escape(section.title)}", ""]
        if section.summary:
            parts += [f"> {md_escape(section.summary)}", ""]
        for paragraph in section.paragraphs:
            parts += [md_escape(paragraph), ""]
        for table in section.tables:
            tables += 1
            parts += [_table(table, tables, lang), ""]
        for name, caption in section.figures:
            if name in figures:
                numbered += 1
                alt = section.alts.get(name) or caption or name
                parts += [f"**{number_label('figure', numbered, lang)}**", "",
                          f"*{md_escape(caption or name)}*", "",
                          f"![{md_escape(alt)}]({figures[name]})", ""]  # fmt: skip
    return "\n".join(parts).rstrip() + "\n"
