"""``report.docx``: the report's sections as a Word document a thesis can take over.

The same :class:`~trustlab.report.blocks.Section` list as the HTML and Markdown reports, laid
out in APA 7 style: numbered tables (bold number, italic title above, three horizontal rules:
above and below the header row and below the last row, no vertical lines, a *Note.* below),
numbered figures (number and italic title above the image), plain headings. Text from the data
is written as text (escaped), never as markup. Each table is built as one ``w:tbl`` XML string
and parsed once: python-docx's cell-by-cell API took a second for the sample's 26 tables. The
bytes are the same for the same analysis: the archive's time stamps are fixed (:func:`stable_zip`).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.simpletypes import ST_HpsMeasure
from docx.shared import Inches, Pt, RGBColor

from trustlab import __version__
from trustlab.analysis import Analysis
from trustlab.report.blocks import Section, T, Table, number_label
from trustlab.report.content import build_sections

__all__ = ["WordDraft", "render_docx", "stable_zip"]

_FIXED = (1980, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*)>[^<]*<")
_WIDTH = 6.3  # inches of text width on A4 with 2.5 cm margins
_BLACK = RGBColor(0, 0, 0)


#: Members that are compressed already (the figures): stored as they are, not deflated again
_PICTURES = (".png", ".jpg", ".jpeg", ".gif")


def stable_zip(data: bytes) -> bytes:
    """The zip archive ``data`` with every entry's time stamp fixed: same content, same bytes.
    Pictures are stored, the rest deflated (deflating a PNG again takes time and saves
    nothing)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = [(i.filename, source.read(i.filename), i.external_attr)
                   for i in source.infolist()]  # fmt: skip
    return _archive(members)


def _archive(members: list[tuple[str, bytes, int]]) -> bytes:
    """A zip archive of ``(name, data, external attributes)`` in that order, as
    :func:`stable_zip` makes it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data, attributes in members:
            fixed = zipfile.ZipInfo(name, date_time=_FIXED)
            fixed.compress_type = (
                zipfile.ZIP_STORED if name.lower().endswith(_PICTURES) else zipfile.ZIP_DEFLATED
            )
            fixed.external_attr = attributes
            if name == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = _STAMP.sub(rb"\1>2000-01-01T00:00:00Z<", data)
            target.writestr(fixed, data)
    return out.getvalue()


class _Members:
    """Stands in for python-docx's zip writer: keeps each member, in the order written."""

    def __init__(self) -> None:
        self.members: list[tuple[str, bytes, int]] = []

    def write(self, uri: Any, blob: bytes) -> None:
        self.members.append((uri.membername, blob, 0o600 << 16))  # as ZipFile.writestr sets


def _docx_bytes(doc: Any) -> bytes:
    """``doc`` saved as :func:`stable_zip` of its ``save``, without python-docx deflating the
    pictures first (0.03 s for a report's figures): python-docx's package writer writes its
    members to :class:`_Members`, in the order and with the content of its own save. With a
    python-docx whose writer differs, its save is used."""
    package = doc.part.package
    try:
        parts = list(package.iter_parts())
        for part in parts:
            part.before_marshal()
        members = _Members()
        PackageWriter._write_content_types_stream(members, parts)
        PackageWriter._write_pkg_rels(members, package.rels)
        PackageWriter._write_parts(members, parts)
    except AttributeError:  # another python-docx
        buffer = io.BytesIO()
        doc.save(buffer)
        return stable_zip(buffer.getvalue())
    return _archive(members.members)


def _is_number(text: str) -> bool:
    stripped = text.strip().replace("%", "").replace("< ", "").replace("[", "").replace("]", "")
    stripped = stripped.replace(",", "").replace(";", "").replace(".", "").replace(" ", "")
    return bool(stripped) and stripped.lstrip("-−+").isdigit()


_RULE = '<w:{0} w:val="single" w:sz="12" w:space="0" w:color="000000"/>'
_RULES = {
    (True, True): "<w:tcBorders>" + _RULE.format("top") + _RULE.format("bottom") + "</w:tcBorders>",
    (False, True): "<w:tcBorders>" + _RULE.format("bottom") + "</w:tcBorders>",
    (False, False): "",
}
_SPECIAL = re.compile(r"([\t\r\n])")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _run(text: str) -> str:
    """The content of a ``w:r`` holding ``text``, as python-docx writes it: a tab becomes
    ``w:tab``, a line break ``w:br``, other text ``w:t`` (escaped: data never becomes markup),
    with ``xml:space="preserve"`` when it starts or ends with white space."""
    parts = []
    for piece in _SPECIAL.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            keep = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{keep}>{escape(piece)}</w:t>")
    return "".join(parts)


def _cell(text: str, width: int, rules: tuple[bool, bool], right: bool, size: str) -> str:
    """One ``w:tc``: fixed width, the table's horizontal rules (top, bottom), 0 pt spacing."""
    align = '<w:jc w:val="right"/>' if right else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{_RULES[rules]}</w:tcPr>'
        f'<w:p><w:pPr><w:spacing w:after="0" w:before="0"/>{align}</w:pPr>'
        f'<w:r><w:rPr><w:b w:val="0"/><w:sz w:val="{size}"/></w:rPr>{_run(text)}</w:r></w:p></w:tc>'
    )


def _caption(doc, label: str, title: str) -> None:
    """APA caption: the bold number on its own line, the italic title below it (``doc``: what
    gives the next paragraph, a document or a :class:`_Before`)."""
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


def _widths(
    data: list[list[str]], columns: list[str], numeric: list[bool]
) -> tuple[list[Inches], float]:
    """Column widths and the table's font size. A number never wraps: its column gets the
    width of its longest entry (and of the header's longest word); text columns share the rest,
    wrapping at word boundaries. When even that is wider than the page, the whole table gets a
    smaller font, in proportion (not below 6.5 pt)."""
    fixed, least, wish = [], [], []
    for j, name in enumerate(columns):
        word = max([len(w) for w in name.split()] + [1])
        values = data[j]
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


def _table_xml(rows: list[list[str]], columns: list[str]) -> str:
    """The APA table as one ``w:tbl`` (the XML python-docx would build cell by cell, at a
    fraction of the cost): left-aligned, fixed layout on the column widths of :func:`_widths`,
    a repeated header row, rules above and below the header and below the last row, numbers
    right-aligned (except in the first column)."""
    data = [[row[j] for row in rows] for j in range(len(columns))]  # column by column
    numeric = [bool(rows) and all(_is_number(v) or v in ("–", "") for v in d) for d in data]
    lengths, font = _widths(data, columns, numeric)
    widths = [w.twips for w in lengths]
    size = ST_HpsMeasure.convert_to_xml(Pt(font))
    right = [n and j > 0 for j, n in enumerate(numeric)]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)  # LibreOffice lays out by it
    cells = list(zip(widths, right, strict=True))
    lines = [(columns, (True, True))]  # the header row: a rule above and below
    lines += [(row, (False, i == len(rows))) for i, row in enumerate(rows, 1)]  # a rule below
    xml = []
    for values, rules in lines:
        xml.append('<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>' if rules[0] else "<w:tr>")
        xml += [_cell(v, w, rules, r, size) for v, (w, r) in zip(values, cells, strict=True)]
        xml.append("</w:tr>")
    return (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:type="auto" w:w="0"/><w:jc w:val="left"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" w:firstRow="1" '
        'w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(xml)}</w:tbl>"
    )


def _table(doc, table: Table, number: int, lang: str) -> None:
    _caption(doc, number_label("table", number, lang), table.title)
    columns = [str(c) for c in table.frame.columns]
    xml = _table_xml(table.rows(), columns)
    if _NOT_XML.search(xml):  # as python-docx (lxml) refuses such text
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes "
                         "or control characters")  # fmt: skip
    doc.element.body._insert_tbl(parse_xml(xml))
    if table.note:
        note = doc.add_paragraph()
        note.paragraph_format.space_before = Pt(4)
        note.add_run(T[lang]["note"]).italic = True
        note.add_run(" " + table.note).font.size = Pt(10)


def _figure(doc, png: bytes, number: int, caption: str, alt: str, lang: str) -> None:
    """The numbered figure, its picture described by ``alt`` (Word's "description")."""
    _caption(doc, number_label("figure", number, lang), caption)
    paragraph = doc.add_paragraph()
    shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Inches(_WIDTH))
    paragraph.paragraph_format.keep_together = True
    shape._inline.docPr.set("descr", alt)


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


class _Before:
    """New paragraphs placed before ``marker`` (a paragraph), in the order they are added."""

    def __init__(self, marker) -> None:
        self._marker = marker

    def add_paragraph(self):
        return self._marker.insert_paragraph_before()


class WordDraft:
    """The Word report made before its figures are drawn: every section, table and text at once
    (0.1 s for the sample), the figures put in their places by :meth:`finish`, numbered in the
    order they come. The same bytes as :func:`render_docx` with the same figures.

    Examples
    --------
    >>> import trustlab
    >>> analysis = trustlab.analyse(trustlab.load_sample(), n_boot=0)
    >>> draft = WordDraft(analysis, lang="en")
    >>> draft.finish({}) == render_docx(analysis, lang="en")
    True
    """

    def __init__(
        self,
        analysis: Analysis,
        *,
        lang: str = "en",
        min_cell: int = 5,
        sections: list[Section] | None = None,
    ) -> None:
        sections = sections if sections is not None else build_sections(
            analysis, lang=lang, min_cell=min_cell
        )  # fmt: skip
        self._lang = lang
        self._doc = doc = Document()
        _styles(doc, lang)
        study = analysis.survey.codebook.study
        props = doc.core_properties
        props.title, props.author, props.language = study, "trustlab", lang
        props.created = props.modified = datetime(2000, 1, 1, tzinfo=UTC)
        doc.add_heading(study, level=0)
        heading = doc.styles["Heading 1"].style_id
        title = T[lang]["report"]
        doc.add_paragraph(f"{title}, trustlab {__version__}")
        #: where figures may go: (an empty paragraph, the figure's name, caption, description)
        self._places: list[tuple[Any, str, str, str]] = []
        tables = 0
        for section in sections:
            # python-docx looks the style up by name in every add_heading (1-2 ms each)
            doc.add_paragraph(section.title)._p.style = heading
            if section.summary:
                doc.add_paragraph(section.summary)
            for paragraph in section.paragraphs:
                doc.add_paragraph(paragraph)
            for table in section.tables:
                tables += 1
                _table(doc, table, tables, lang)
            for name, caption in section.figures:
                alt = section.alts.get(name) or caption or name
                self._places.append((doc.add_paragraph(), name, caption or name, alt))

    def finish(self, figures: dict[str, bytes] | None = None) -> bytes:
        """The document (bytes) with ``figures`` (name to PNG bytes; a figure not given is
        left out, its number going to the next). A draft is finished once."""
        figures = figures or {}
        number = 0
        for marker, name, caption, alt in self._places:
            if name in figures:
                number += 1
                _figure(_Before(marker), figures[name], number, caption, alt, self._lang)
            marker._p.getparent().remove(marker._p)
        self._places = []
        return _docx_bytes(self._doc)


def render_docx(
    analysis: Analysis,
    *,
    lang: str = "en",
    figures: dict[str, bytes] | None = None,
    min_cell: int = 5,
    sections: list[Section] | None = None,
) -> bytes:
    """The report as a Word document (bytes). ``figures`` maps figure names to PNG bytes."""
    return WordDraft(analysis, lang=lang, min_cell=min_cell, sections=sections).finish(figures)
