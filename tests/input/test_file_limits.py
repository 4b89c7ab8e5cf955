"""Large and odd data files: they work, or are refused with the limit they pass.

CSV lines beyond the csv module's 131,072-character field limit (a 5,000-column export, a
140 KB free-text comment, one giant line), too many columns, a cell of over a million
characters, an unclosed quote; Parquet list, struct and map columns; Excel sheets with a stray
cell far away, a stale dimension, too many cells. Speed is measured in benchmarks/bench_data.py,
never here: the refusals are bounded by construction (counted while streaming).
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import trustlab
from conftest import make_frame, write_csv, write_xlsx
from trustlab import errors
from trustlab.input import excel, limits


def _survey(path, **kwargs):
    return trustlab.read_survey(path, **kwargs)


# --- CSV ---------------------------------------------------------------------------------------


def test_a_5000_column_export_is_read(tmp_path, frame):
    wide = pd.concat(
        [frame, pd.DataFrame({f"x{i}": range(len(frame)) for i in range(5000)})], axis=1
    )
    survey = _survey(write_csv(wide, tmp_path / "wide.csv"))
    assert survey.n_respondents == 12
    assert survey.data["x4999"].tolist() == [str(i) for i in range(12)]


@pytest.mark.parametrize("text", ["a, b; c " * 20_000, "x" * 140_000], ids=["delims", "plain"])
def test_a_140_kb_free_text_comment_is_read(tmp_path, frame, text):
    frame["opmerking"] = ""
    frame.loc[3, "opmerking"] = text
    survey = _survey(write_csv(frame, tmp_path / "comment.csv"))
    assert survey.data["opmerking"].iloc[3] == text.strip()  # cells are trimmed


def test_a_semicolon_file_with_a_long_comment_keeps_its_delimiter(tmp_path, frame):
    frame["opmerking"] = ""
    frame.loc[0, "opmerking"] = "lang; met, alles " * 10_000
    survey = _survey(write_csv(frame, tmp_path / "be.csv", sep=";"))
    assert survey.source.delimiter == ";"


def test_one_giant_line_is_refused_briefly(tmp_path):
    path = tmp_path / "giant.csv"
    path.write_text("x" * 300_000 + "\n", encoding="utf-8")
    with pytest.raises(errors.MissingColumnError) as info:
        _survey(path)
    assert "The file has: 'xxxx" in str(info.value)
    assert "(300,000 characters)" in str(info.value)
    assert len(str(info.value)) < 1000


def test_more_columns_than_a_spreadsheet_holds_are_refused_before_reading(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(20_000)) + "\n" + "1," * 19_999 + "1\n")
    with pytest.raises(errors.InputFileError) as info:
        _survey(path)
    assert str(info.value) == (
        f"{path}: the file has 20,000 columns; trustlab reads at most 16,384 (the most a "
        "spreadsheet holds, up to column XFD). Keep the survey's columns (the codebook's and a "
        "few more) and save the file again."
    )


def test_a_cell_of_over_a_million_characters_is_refused(tmp_path, frame):
    frame["opmerking"] = ""
    frame.loc[2, "opmerking"] = "y" * (limits.MAX_CELL_CHARS + 1)
    path = write_csv(frame, tmp_path / "long.csv")
    with pytest.raises(errors.InputFileError) as info:
        _survey(path)
    message = str(info.value)
    assert message.startswith(f"{path}: cell R4 holds 1,048,577 characters; trustlab reads at ")
    assert info.value.row == 4
    assert len(message) < 500


def test_an_unclosed_quote_is_named(tmp_path, frame):
    path = write_csv(frame, tmp_path / "q.csv")
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace("R03", '"R03', 1)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(errors.InputFileError, match=r"a quote \(\"\) opened in row 4 is never"):
        _survey(path)


def test_the_csv_field_limit_is_restored(tmp_path, frame):
    import csv

    before = csv.field_size_limit()
    frame.loc[3, "opmerking"] = "x" * 140_000
    _survey(write_csv(frame, tmp_path / "c.csv"))
    assert csv.field_size_limit() == before


# --- Parquet -----------------------------------------------------------------------------------


def _parquet(frame: pd.DataFrame, path, **extra: pa.Array):
    # as Spark or Arrow write them: no pandas metadata (which would ask for the original dtypes)
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    for name, array in extra.items():
        if name in table.column_names:
            table = table.drop_columns([name])
        table = table.append_column(name, array)
    pq.write_table(table, path)
    return path


def test_list_struct_and_map_columns_are_carried_as_text(tmp_path, frame):
    n = len(frame)
    path = _parquet(
        frame,
        tmp_path / "n.parquet",
        tags=pa.array([[1, 2]] * n),
        meta=pa.array([{"a": 1, "b": "x"}] * n),
        pairs=pa.array([[("k", 1)]] * n, type=pa.map_(pa.string(), pa.int64())),
    )
    survey = _survey(path)
    assert survey.data["tags"].iloc[0] == "[1, 2]"
    assert survey.data["meta"].iloc[0] == '{"a": 1, "b": "x"}'
    assert survey.data["pairs"].iloc[0] == '[["k", 1]]'


def test_a_list_in_an_item_column_is_text_where_a_number_was_expected(tmp_path, frame):
    path = _parquet(frame, tmp_path / "i.parquet", T1=pa.array([[1]] * len(frame)))
    with pytest.raises(errors.NonNumericError, match=r"column 'T1': 12 text where a number was "):
        _survey(path)


def test_a_struct_as_respondent_id_is_read_as_its_text(tmp_path, frame):
    ids = pa.array([{"id": i} for i in range(len(frame))])
    survey = _survey(_parquet(frame, tmp_path / "s.parquet", respondent_id=ids))
    assert survey.data["respondent_id"].iloc[1] == '{"id": 1}'


def test_a_parquet_file_with_too_many_columns_is_refused_from_its_schema(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_COLUMNS", 10)
    path = _parquet(make_frame(), tmp_path / "w.parquet")
    with pytest.raises(errors.InputFileError, match="the file has 18 columns; trustlab reads at"):
        _survey(path)


# --- Excel -------------------------------------------------------------------------------------


def _xlsx_with(tmp_path, frame, cells: dict[str, object], name="d.xlsx"):
    path = write_xlsx(frame, tmp_path / name)
    book = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        book.active[ref] = value
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("cell", "used"), [("XFD1048576", "A1:XFD1048576"), ("A1048576", "A1:R1048576")]
)
def test_a_stray_cell_far_away_is_refused_naming_it(tmp_path, frame, cell, used):
    path = _xlsx_with(tmp_path, frame, {cell: "x"})
    with pytest.raises(errors.InputFileError) as info:
        _survey(path)
    assert str(info.value) == (
        f"{path}: the sheet reaches cell {cell} ('x'), a used range {used}, more than the "
        "1,000,000 cells trustlab reads from an Excel sheet (reading Excel is slow, about "
        f"100,000 cells a second). Cell {cell} lies far from the data: if it is a stray entry, "
        "delete it (and the empty rows and columns before it) and save again."
    )


def test_a_stale_dimension_is_ignored(tmp_path, frame):
    # a script emptied the far cell: the sheet still declares A1:R1048576
    path = _xlsx_with(tmp_path, frame, {"A1048576": "x"})
    path = _xlsx_with(tmp_path, frame, {"A1048576": None}, name="d.xlsx")
    assert openpyxl.load_workbook(path, read_only=True).active.max_row == 1048576
    assert _survey(path).n_respondents == 12


def test_a_value_below_the_data_is_a_respondent_row(tmp_path, frame):
    survey = _survey(_xlsx_with(tmp_path, frame, {"A5000": "R99"}))
    assert survey.n_respondents == 13
    assert survey.source_rows[-1] == 5000
    assert any(p.kind == "blank_rows" and p.count == 5000 - 14 for p in survey.problems)


def test_a_sheet_beyond_the_cell_limit_is_refused(tmp_path, frame, monkeypatch):
    monkeypatch.setattr(excel, "MAX_EXCEL_CELLS", 100)
    path = write_xlsx(frame, tmp_path / "d.xlsx")
    with pytest.raises(errors.InputFileError) as info:
        _survey(path)
    assert "the sheet reaches cell Q6 (3), a used range A1:R6, more than the 100 " in str(
        info.value
    )
    assert "Save the sheet as CSV UTF-8, which trustlab reads at any size." in str(info.value)


def test_many_formatted_empty_cells_are_refused(tmp_path, frame, monkeypatch):
    monkeypatch.setattr(excel, "MAX_EXCEL_CELLS", 1000)
    path = write_xlsx(frame, tmp_path / "d.xlsx")
    book = openpyxl.load_workbook(path)
    for row in book.active.iter_rows(min_row=20, max_row=100, max_col=18):
        for cell in row:
            cell.number_format = "0.00"
    book.save(path)
    with pytest.raises(errors.InputFileError, match="stores millions of cells, most of them"):
        _survey(path)


def test_a_sheet_claiming_too_many_rows_is_refused(tmp_path, frame, monkeypatch):
    monkeypatch.setattr(excel, "MAX_EXCEL_ROWS", 10)
    path = write_xlsx(frame, tmp_path / "d.xlsx")
    with pytest.raises(errors.InputFileError, match="claims more than 10 rows"):
        _survey(path)


def test_trailing_empty_rows_and_columns_are_dropped(tmp_path, frame):
    path = _xlsx_with(tmp_path, frame, {"Z40": "tmp"})
    path = _xlsx_with(tmp_path, frame, {"Z40": None}, name="d.xlsx")
    survey = _survey(path)
    assert survey.n_respondents == 12
    assert not any(c.startswith("(unnamed") for c in survey.data.columns)


def test_a_chart_sheet_is_not_read_as_data(tmp_path, frame):
    from openpyxl.chart import BarChart, Reference

    path = write_xlsx(frame, tmp_path / "c.xlsx")
    book = openpyxl.load_workbook(path)
    chart = BarChart()
    chart.add_data(Reference(book.active, min_col=7, min_row=1, max_row=12))
    book.create_chartsheet("grafiek").add_chart(chart)
    book.save(path)
    with pytest.raises(errors.InputFileError, match="sheet 'grafiek' is a chart, not a worksheet"):
        _survey(path, sheet="grafiek")
    assert _survey(path).n_respondents == 12


# --- a file that already holds scores ----------------------------------------------------------


@pytest.mark.parametrize("name", ["trust", "high_distrust", "quadrant"])
def test_a_column_named_as_a_computed_one_is_carried_renamed(tmp_path, frame, name):
    frame[name] = 1
    survey = _survey(write_csv(frame, tmp_path / "s.csv"))
    assert f"{name} (from the file)" in survey.data.columns
    assert name not in survey.data.columns
    notes = [p.message for p in survey.problems if p.kind == "renamed_column"]
    assert any(f"trustlab computes its own {name!r}" in m for m in notes)
    scores = trustlab.score_scales(survey)
    assert name in scores.columns or name == "quadrant"


def test_a_long_cell_in_a_small_parquet_file_is_refused(tmp_path, frame):
    # 1 Mi repeated characters compress to a few kilobytes: the check does not depend on size
    frame["opmerking"] = ""
    frame.loc[5, "opmerking"] = "z" * (limits.MAX_CELL_CHARS + 1)
    path = _parquet(frame, tmp_path / "long.parquet")
    assert path.stat().st_size < 100_000
    with pytest.raises(errors.InputFileError, match="cell R7 holds 1,048,577 characters"):
        _survey(path)
