"""report.html and report.md: content, APA formatting and escaping of everything from the data."""

from __future__ import annotations

import copy
import re
from functools import cache

import trustlab
from trustlab.input.codebook import load_codebook
from trustlab.report.content import apa, build_sections, p_value
from trustlab.report.html import render_html
from trustlab.report.markdown import render_markdown

EVIL = "<script>alert(1)</script>"


@cache
def analysis():
    return trustlab.analyse(trustlab.load_sample(), n_boot=50)


def test_apa_numbers():
    assert [apa(0.8794, bounded=True), apa(-0.2301), apa(3.0)] == [".88", "-0.23", "3.00"]
    assert [p_value(0.0004), p_value(0.0345), p_value(0.5)] == ["< .001", ".035", ".500"]


def test_sections_in_both_languages():
    en = [s.title for s in build_sections(analysis(), lang="en")]
    nl = [s.title for s in build_sections(analysis(), lang="nl")]
    assert en[:3] == ["Data", "Scales and reliability", "High scores"]
    assert nl[:3] == ["Gegevens", "Schalen en betrouwbaarheid", "Hoge scores"]
    assert "The threshold" in en and "Methods" in en


def test_html_is_self_contained_and_has_the_key_numbers():
    page = render_html(analysis(), lang="en")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not re.search(r"""(src|href)=["']https?://""", page)  # nothing from the network
    assert "<script" not in page
    assert "71.9" in page and "[65.7, 77.3]" in page  # high trust with its Wilson CI
    assert "complementary suppression" in page  # the quadrant table's cells are hidden
    assert "minder dan 1 keer per jaar" not in page or "less than once a year" in page


def test_markdown_has_the_same_tables():
    text = render_markdown(analysis(), lang="nl")
    assert text.startswith("# Vertrouwen in lokale netwerken")
    # Dutch numbers: decimal comma, a semicolon between the limits of an interval
    assert "| vertrouwen in de netwerkaanpak | 7 | 231 | 0,88 | \\[0,85; 0,90\\] |" in text
    assert "## De drempel" in text


def test_strings_from_the_codebook_are_escaped(tmp_path):
    raw = copy.deepcopy(trustlab.default_codebook().raw)
    raw["study"]["name"] = EVIL
    raw["items"][0]["text"] = {"nl": EVIL, "en": EVIL}
    raw["exposure"]["categories"][2]["en"] = EVIL
    raw["scales"]["trust"]["label"] = {"nl": EVIL, "en": EVIL}
    codebook = load_codebook(raw)
    survey = trustlab.read_survey(trustlab.sample_path(), codebook=codebook)
    page = render_html(trustlab.analyse(survey, n_boot=0), lang="en")
    assert EVIL not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page


def test_report_files_are_written(tmp_path):
    written = trustlab.save_report(analysis(), tmp_path / "r", lang="nl", figures=False)
    names = {str(p) for p in written}
    assert {"report.html", "report.md", "results.json"} <= names
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in page


def test_a_header_is_right_aligned_over_numbers_only():
    import pandas as pd

    from trustlab.report.blocks import Table
    from trustlab.report.html import _table

    frame = pd.DataFrame([["T1", "Regels zijn duidelijk.", "3,67"]], columns=["Item", "Tekst", "M"])
    html = _table(Table("Items", frame), 1, "nl")
    assert '<th class="">Item</th><th class="">Tekst</th><th class="num">M</th>' in html


def test_an_interval_is_a_number_that_never_breaks():
    import pandas as pd

    from trustlab.report.blocks import Table
    from trustlab.report.html import STYLE, _table

    frame = pd.DataFrame([["trust", "[0,85; 0,90]"]], columns=["Schaal", "95%-BI α"])
    html = _table(Table("Schalen", frame), 1, "nl")
    assert '<td class="num">[0,85; 0,90]</td>' in html
    assert "table.apa td.num { white-space: nowrap; }" in STYLE
