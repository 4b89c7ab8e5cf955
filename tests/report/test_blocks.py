"""The report's blocks: a table holds text in every cell, whatever its builder gave it."""

from __future__ import annotations

import io
from functools import cache

import numpy as np
import pandas as pd
from docx import Document

import trustlab
from trustlab.report.blocks import Section, Table
from trustlab.report.html import render_html
from trustlab.report.markdown import render_markdown
from trustlab.report.word import render_docx


@cache
def analysis():
    return trustlab.analyse(trustlab.load_sample(), n_boot=0)


def gappy() -> Table:
    frame = pd.DataFrame({"role": ["coordinator", None, np.nan], "n": [12, 3, 4]})
    return Table("Roles", frame)


def test_missing_cells_become_a_dash_and_numbers_text():
    table = gappy()
    assert table.frame.to_numpy().tolist() == [["coordinator", "12"], ["–", "3"], ["–", "4"]]


def test_a_table_of_text_is_kept_as_it_is():
    frame = pd.DataFrame({"a": ["x", "1.00"]})
    assert Table("t", frame).frame is frame


def test_every_format_renders_a_table_with_missing_labels():
    sections = [Section("Roles", tables=[gappy()])]
    html = render_html(analysis(), sections=sections)
    assert '<td class="num">–</td>' in html and "coordinator" in html  # a dash: no number
    assert "| – | 3 |" in render_markdown(analysis(), sections=sections)
    doc = Document(io.BytesIO(render_docx(analysis(), sections=sections)))
    cells = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert cells == [["role", "n"], ["coordinator", "12"], ["–", "3"], ["–", "4"]]
