"""``report.docx``: the report's sections as a Word document a thesis can take over.

The same :class:`~trustlab.report.blocks.Section` list as the HTML and Markdown reports, laid
out in APA 7 style: numbered tables (bold number, italic title above, three horizontal rules:
above and below the header row and below the last row, no vertical lines, a *Note.* below),
numbered figures (number and italic title above the image), plain headings. Text from the data
is written as text (python-docx escapes it), never as markup. The bytes are the same for the
same analysis: the archive's time stamps are fixed (:func:`stable_zip`).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from trustlab import __version__
from trustlab.analysis import Analysis
from trustlab.report.blocks import Section, T, Table, number_label
from trustlab.report.content import build_sections

__all__ = ["render_docx", "stable_zip"]

_FIXED = (1980, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*)>[^<]*<")
_WIDTH = 6.3  # inches of text width on A4 with 2.5 cm margins
_BLACK = RGBColor(0, 0, 0)


def stable_zip(data: bytes) -> bytes:
    """The zip archive ``data`` with every entry's time stamp fixed: same content, same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = _STAMP.sub(rb"\1>2000-01-01T00:00:00Z<", data)
            target.writestr(fixed, data)
    return out.getvalue()


def _is_number(text: str) -> bool:
    stripped = text.strip().replace("%", "").replace("< ", "").replace("[", "").replace("]", "")
    stripped = stripped.replace(",", "").replace(";", "").replace(".", "").replace(" ", "")
    return bool(stripped) and stripped.lstrip("-−+").isdigit()


def _border(cell, *, top: bool = False, bottom: bool = False, size: int = 8) -> None:
    """Horizontal rules on a cell (``size`` in eighths of a point)."""
    borders = cell._tc.get_or_add_tcPr().first_child_found_in("w:tcBorders")
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        cell._tc.get_or_add_tcPr().append(borders)
    for edge, on in (("top", top), ("bottom", bottom)):
        if on:
            element = OxmlElement(f"w:{edge}")
            element.set(qn("w:val"), "single")
            element.set(qn("w:sz"), str(size))
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
            borders.append(element)


def _repeat_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _cell_text(
    cell, text: str, *, bold: bool = False, right: bool = False, size: float = 9.5
) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.space_before = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _caption(doc, label: str, title: str) -> None:
    """APA caption: the bold number on its own line, the italic title below it."""
    number = doc.add_paragraph()
    number.paragraph_format.space_before = Pt(12)
    number.paragraph_format.space_after = Pt(0)
    number.paragraph_format.keep_with_next = True
    number.add_run(label).bold = True
    heading = doc.add_paragraph()
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.keep_with_next = True
    heading.add_run(title).italic = True


#: Inches a character takes at the table's 9.5 pt (digits of the usual sans fonts, with room),
#: and a cell's left and right padding together.
_CHAR, _PAD = 0.09, 0.2


def _widths(frame, columns: list[str], numeric: list[bool]) -> tuple[list[Inches], float]:
    """Column widths and the table's font size. A number never wraps: its column gets the
    width of its longest entry (and of the header's longest word); text columns share the rest,
    wrapping at word boundaries. When even that is wider than the page, the whole table gets a
    smaller font, in proportion (not below 6.5 pt)."""
    fixed, least, wish = [], [], []
    for j, name in enumerate(columns):
        word = max([len(w) for w in name.split()] + [1])
        values = list(frame.iloc[:, j])
        longest = max([len(v) for v in values] + [1])
        longest_word = max([len(w) for v in values for w in v.split()] + [word])
        if numeric[j]:
            fixed.append(max(longest, word) * _CHAR + _PAD)
            least.append(0.0)
            wish.append(0.0)
        else:
            fixed.append(0.0)
            least.append(min(longest_word, 30) * _CHAR + _PAD)
            wish.append(max(min(longest, 30), 5) * _CHAR + _PAD)
    base = [f + m for f, m in zip(fixed, least, strict=True)]
    total = sum(base)
    if total > _WIDTH:
        scale = _WIDTH / total
        return [Inches(w * scale) for w in base], max(6.5, 9.5 * scale)
    spare = _WIDTH - total
    extra = [max(w - m, 0.0) for w, m in zip(wish, least, strict=True)]
    room = sum(extra)
    if room == 0:
        return [Inches(w) for w in base], 9.5
    share = min(1.0, spare / room)
    widths = [b + e * share for b, e in zip(base, extra, strict=True)]
    leftover = _WIDTH - sum(widths)  # text columns take what is left, so the table is full width
    text = [not n for n in numeric]
    if leftover > 0 and any(text):
        per = leftover / sum(text)
        widths = [w + per if t else w for w, t in zip(widths, text, strict=True)]
    return [Inches(w) for w in widths], 9.5


def _table(doc, table: Table, number: int, lang: str) -> None:
    _caption(doc, number_label("table", number, lang), table.title)
    frame = table.frame.astype(str)
    columns = [str(c) for c in frame.columns]
    grid = doc.add_table(rows=len(frame) + 1, cols=len(columns))
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    numeric = [
        len(frame) > 0 and all(_is_number(v) or v in ("–", "") for v in frame.iloc[:, j])
        for j in range(len(columns))
    ]
    grid.autofit = False
    widths, size = _widths(frame, columns, numeric)
    for col, width in zip(grid._tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = width  # LibreOffice lays the table out by its grid
    for j, width in enumerate(widths):
        for cell in grid.columns[j].cells:
            cell.width = width
    rows = list(grid.rows)  # grid.rows[i] walks the rows before i: a long table took hours
    header = rows[0]
    _repeat_header(header)
    for j, name in enumerate(columns):
        cell = header.cells[j]
        _cell_text(cell, name, right=numeric[j] and j > 0, size=size)
        _border(cell, top=True, bottom=True, size=12)
    for i, row in enumerate(frame.itertuples(index=False), start=1):
        for j, value in enumerate(row):
            cell = rows[i].cells[j]
            _cell_text(cell, value, right=numeric[j] and j > 0, size=size)
            if i == len(frame):
                _border(cell, bottom=True, size=12)
    if table.note:
        note = doc.add_paragraph()
        note.paragraph_format.space_before = Pt(4)
        note.add_run(T[lang]["note"]).italic = True
        note.add_run(" " + table.note).font.size = Pt(10)


def _figure(doc, png: bytes, number: int, caption: str, lang: str) -> None:
    _caption(doc, number_label("figure", number, lang), caption)
    doc.add_picture(io.BytesIO(png), width=Inches(_WIDTH))
    doc.paragraphs[-1].paragraph_format.keep_together = True


def _describe(doc, alt: str) -> None:
    """The alternative text of the picture just added (Word's "description")."""
    inline = doc.inline_shapes[-1]._inline
    inline.docPr.set("descr", alt)


def _styles(doc, lang: str) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "nl-BE" if lang == "nl" else "en-US")
    normal.element.rPr.append(language)
    for name, size in (("Title", 20), ("Heading 1", 14), ("Heading 2", 12)):
        style = doc.styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = _BLACK
    section = doc.sections[0]
    section.page_height, section.page_width = Inches(11.69), Inches(8.27)  # A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(0.98))


def render_docx(
    analysis: Analysis,
    *,
    lang: str = "en",
    figures: dict[str, bytes] | None = None,
    min_cell: int = 5,
    sections: list[Section] | None = None,
) -> bytes:
    """The report as a Word document (bytes). ``figures`` maps figure names to PNG bytes."""
    figures = figures or {}
    sections = sections if sections is not None else build_sections(
        analysis, lang=lang, min_cell=min_cell
    )  # fmt: skip
    doc = Document()
    _styles(doc, lang)
    study = analysis.survey.codebook.study
    props = doc.core_properties
    props.title, props.author, props.language = study, "trustlab", lang
    props.created = props.modified = datetime(2000, 1, 1, tzinfo=UTC)
    doc.add_heading(study, level=0)
    title = T[lang]["report"]
    doc.add_paragraph(f"{title}, trustlab {__version__}")
    tables = figs = 0
    for section in sections:
        doc.add_heading(section.title, level=1)
        if section.summary:
            doc.add_paragraph(section.summary)
        for paragraph in section.paragraphs:
            doc.add_paragraph(paragraph)
        for table in section.tables:
            tables += 1
            _table(doc, table, tables, lang)
        for name, caption in section.figures:
            if name in figures:
                figs += 1
                _figure(doc, figures[name], figs, caption or name, lang)
                _describe(doc, section.alts.get(name) or caption or name)
    buffer = io.BytesIO()
    doc.save(buffer)
    return stable_zip(buffer.getvalue())
