"""report.docx: read back with python-docx; APA tables (numbered, titled, three rules, notes)."""

from __future__ import annotations

import io
import shutil
import subprocess
from functools import cache

import docx
import pytest
from docx.oxml.ns import qn

import trustlab
from trustlab.report.content import build_sections
from trustlab.report.figures import report_figures
from trustlab.report.word import render_docx

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


def test_word_bytes_are_the_same_for_the_same_analysis():
    assert render_docx(analysis(), lang="en") == render_docx(analysis(), lang="en")


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
