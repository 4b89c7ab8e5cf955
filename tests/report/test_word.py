"""report.docx: read back with python-docx; APA tables (numbered, titled, three rules, notes)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from functools import cache

import docx
import pandas as pd
import pytest
from docx.oxml.ns import nsmap as NS
from docx.oxml.ns import qn

import trustlab
from trustlab.report import word
from trustlab.report.blocks import Section, Table
from trustlab.report.content import build_sections
from trustlab.report.figures import report_figures
from trustlab.report.word import WordDraft, render_docx

SOFFICE = shutil.which("soffice")


@cache
def analysis():
    return trustlab.analyse(trustlab.load_sample(), n_boot=50)


@cache
def rendered(lang: str) -> bytes:
    figures = {k: v[0] for k, v in report_figures(analysis(), lang=lang).items()}
    return render_docx(analysis(), lang=lang, figures=figures)


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_word_has_every_table_numbered_with_title_and_note(lang):
    document = docx.Document(io.BytesIO(rendered(lang)))
    sections = build_sections(analysis(), lang=lang)
    tables = [t for s in sections for t in s.tables]
    assert len(document.tables) == len(tables)
    texts = _texts(document)
    word = "Table" if lang == "en" else "Tabel"
    for number, table in enumerate(tables, start=1):
        at = texts.index(f"{word} {number}")
        assert texts[at + 1] == table.title  # the italic title follows the bold number
        shown = document.tables[number - 1]
        assert [c.text for c in shown.rows[0].cells] == [str(c) for c in table.frame.columns]
        assert len(shown.rows) == len(table.frame) + 1
    notes = [t for t in texts if t.startswith("Note." if lang == "en" else "Noot.")]
    assert len(notes) == sum(1 for t in tables if t.note)
    assert [s.title for s in sections] == [p.text for p in document.paragraphs
                                           if p.style.name == "Heading 1"]  # fmt: skip


def test_word_tables_have_the_three_apa_rules_and_no_others():
    document = docx.Document(io.BytesIO(rendered("en")))
    for table in document.tables:
        rows = table.rows
        for i, row in enumerate(rows):
            for cell in row.cells:
                borders = cell._tc.tcPr.find(qn("w:tcBorders"))
                edges = set() if borders is None else {e.tag.split("}")[1] for e in borders}
                expected = {"top", "bottom"} if i == 0 else set()
                if i == len(rows) - 1:
                    expected = expected | {"bottom"}
                assert edges == expected


def test_word_figures_are_numbered_images():
    document = docx.Document(io.BytesIO(rendered("en")))
    figures = report_figures(analysis(), lang="en")
    images = [r for r in document.part.rels.values() if "image" in r.reltype]
    # every figure once; the compact Likert chart is the HTML's, for phones
    assert len(images) == len(figures) - 1 == 11 and "likert_compact" in figures
    texts = _texts(document)
    assert [t for t in texts if t.startswith("Figure ")] == [f"Figure {i}" for i in range(1, 12)]


def test_word_pictures_are_stored_as_they_are_and_the_text_deflated():
    # a PNG is compressed already: deflating it again cost time and saved nothing
    with zipfile.ZipFile(io.BytesIO(rendered("en"))) as archive:
        kinds = {i.filename: i.compress_type for i in archive.infolist()}
        pngs = [name for name in kinds if name.endswith(".png")]
        assert len(pngs) == 11 and all(kinds[n] == zipfile.ZIP_STORED for n in pngs)
        assert kinds["word/document.xml"] == zipfile.ZIP_DEFLATED
        assert archive.testzip() is None  # every member's CRC checks
        figures = report_figures(analysis(), lang="en")
        assert sorted(archive.read(n) for n in pngs) == sorted(
            v[0] for k, v in figures.items() if k != "likert_compact"
        )


def test_word_bytes_are_the_same_for_the_same_analysis():
    assert render_docx(analysis(), lang="en") == render_docx(analysis(), lang="en")


def test_a_draft_finished_with_its_figures_is_the_report_made_at_once():
    # report.files makes the text while the figures are drawn (WordDraft), then adds them
    figures = {k: v[0] for k, v in report_figures(analysis(), lang="nl").items()}
    draft = WordDraft(analysis(), lang="nl")
    assert draft.finish(figures) == rendered("nl")


def test_a_figure_left_out_of_a_draft_gives_its_number_to_the_next():
    figures = {k: v[0] for k, v in report_figures(analysis(), lang="en").items()}
    left_out = "means_by_exposure"
    del figures[left_out]
    document = docx.Document(io.BytesIO(WordDraft(analysis(), lang="en").finish(figures)))
    texts = _texts(document)
    assert [t for t in texts if t.startswith("Figure ")] == [f"Figure {i}" for i in range(1, 11)]
    images = [r for r in document.part.rels.values() if "image" in r.reltype]
    assert len(images) == 10
    bare = docx.Document(io.BytesIO(WordDraft(analysis(), lang="en").finish({})))
    body = [p.text for p in bare.paragraphs]
    assert not [t for t in body if t.startswith("Figure ")]
    assert "" not in body  # no empty paragraph where a figure could have gone
    assert len(bare.paragraphs) == len(document.paragraphs) - 3 * 10  # number, title, picture


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_report_to_pdf(tmp_path):
    source = tmp_path / "report.docx"
    source.write_bytes(rendered("nl"))
    profile = "-env:UserInstallation=" + (tmp_path / "lo").as_uri()
    subprocess.run([SOFFICE, profile, "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(source)], capture_output=True, timeout=180,
                   check=True)  # fmt: skip
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type/Page") > 5


def _one_table(tmp_path, frame, title="T", note=""):
    """``frame`` alone as the report's one table, written to and read back from a file."""
    sections = [Section("Only", tables=[Table(title, frame, note=note)])]
    path = tmp_path / "report.docx"
    path.write_bytes(render_docx(analysis(), lang="en", sections=sections))
    return docx.Document(str(path)).tables[0]


def test_word_table_text_from_the_data_stays_text(tmp_path):
    tricky = "<w:b/>&amp; \"quoted\" 'single' </w:t>"
    frame = pd.DataFrame({"<b>Item</b> & co": [tricky, " lead\ttab\nline "], "n": ["12", "3"]})
    table = _one_table(tmp_path, frame, title="<i>T</i> & t", note="a < b & c")
    assert [c.text for c in table.rows[0].cells] == ["<b>Item</b> & co", "n"]
    assert [c.text for c in table.columns[0].cells[1:]] == [tricky, " lead\ttab\nline "]
    bold = table._tbl.xpath(".//w:b")  # only the run properties' explicit "not bold"
    assert len(bold) == 6 and {b.get(qn("w:val")) for b in bold} == {"0"}
    assert {e.tag.split("}")[0] for e in table._tbl.iter()} == {"{" + NS["w"]}
    preserved = table._tbl.xpath(".//w:t[@xml:space='preserve']")
    assert [t.text for t in preserved] == [" lead", "line "]  # not the tricky text


def test_word_table_refuses_control_characters_as_python_docx_does(tmp_path):
    frame = pd.DataFrame({"a": ["vertical\x0btab"]})
    with pytest.raises(ValueError, match="XML compatible"):
        _one_table(tmp_path, frame)


def test_word_table_layout_widths_rules_and_alignment(tmp_path):
    frame = pd.DataFrame({"Scale": ["trust in the network approach", "distrust"],
                          "n": ["231", "−12.5"], "CI": ["[.85, .90]", "–"]})  # fmt: skip
    table = _one_table(tmp_path, frame)
    tbl = table._tbl
    assert tbl.xpath("./w:tblPr/w:tblLayout/@w:type") == ["fixed"]
    assert tbl.xpath("./w:tblPr/w:jc/@w:val") == ["left"]
    assert not tbl.xpath(".//w:tblBorders") and not tbl.xpath(".//w:left | .//w:right")
    grid = [int(w) for w in tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
    # numbers never wrap: longest entry (5 and 10 characters) x 0.09 in + 0.2 in, in twips;
    # the text column takes the rest of the 6.3 in
    assert grid == [9072 - 936 - 1584, 936, 1584]
    for row in table.rows:
        assert [int(w) for w in row._tr.xpath("./w:tc/w:tcPr/w:tcW/@w:w")] == grid
        aligned = [tc.xpath("./w:p/w:pPr/w:jc/@w:val") for tc in row._tr.tc_lst]
        assert aligned == [[], ["right"], ["right"]]  # the first column stays left
        assert row._tr.xpath(".//w:sz/@w:val") == ["19"] * 3  # 9.5 pt
    rules = [[(e.tag.split("}")[1], e.get(qn("w:sz"))) for tc in row._tr.tc_lst
              for e in tc.xpath("./w:tcPr/w:tcBorders/*")] for row in table.rows]  # fmt: skip
    assert rules == [[("top", "12"), ("bottom", "12")] * 3, [], [("bottom", "12")] * 3]
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader/@w:val") == ["true"]
    assert not table.rows[1]._tr.xpath("./w:trPr")


def test_word_table_wider_than_the_page_gets_a_smaller_font(tmp_path):
    frame = pd.DataFrame({f"c{j}": ["1234567890"] for j in range(12)})
    table = _one_table(tmp_path, frame)
    grid = [int(w) for w in table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
    assert grid == [756] * 12  # 1.1 in each, scaled by 6.3 / 13.2
    assert set(table._tbl.xpath(".//w:sz/@w:val")) == {"13"}  # 6.5 pt, the smallest


def test_word_table_without_rows_has_its_header_between_two_rules(tmp_path):
    table = _one_table(tmp_path, pd.DataFrame({"a": [], "b": []}, dtype=str))
    assert len(table.rows) == 1 and [c.text for c in table.rows[0].cells] == ["a", "b"]
    edges = table._tbl.xpath(".//w:tcBorders/*")
    assert [e.tag.split("}")[1] for e in edges] == ["top", "bottom"] * 2
    assert not table._tbl.xpath(".//w:jc[@w:val='right']")


def test_the_package_is_written_as_python_docx_saves_it_with_fixed_stamps(monkeypatch):
    # word._docx_bytes collects the members python-docx's writer makes, without its deflating
    # of the pictures; the bytes are those of stable_zip(what Document.save writes)
    figures = {k: v[0] for k, v in report_figures(analysis(), lang="en").items()}
    draft = WordDraft(analysis(), lang="en")
    saved = io.BytesIO()
    got = draft.finish(figures)
    draft._doc.save(saved)
    assert got == word.stable_zip(saved.getvalue())
    # a python-docx without that writer: its own save, the same bytes
    monkeypatch.setattr(word, "PackageWriter", type("PackageWriter", (), {}))
    assert WordDraft(analysis(), lang="en").finish(figures) == got
