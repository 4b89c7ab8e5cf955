"""Reading every format, and every bad input, with real files written to tmp_path."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

import trustlab
from conftest import FREQ, ITEMS, WRITERS, make_frame, write, write_belgian, write_csv
from trustlab import errors


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the formats -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_every_format_gives_identical_data(tmp_path, frame, fmt):
    reference = trustlab.read_survey(write(frame, tmp_path, "csv")).data
    survey = trustlab.read_survey(write(frame, tmp_path, fmt))
    pd.testing.assert_frame_equal(survey.data, reference)


def test_canonical_columns_and_types(tmp_path, frame):
    data = trustlab.read_survey(write_csv(frame, tmp_path / "d.csv")).data
    assert list(data.columns) == [
        "respondent_id", "network_id", "role", "org_type", "years_in_network",
        "meeting_frequency", *ITEMS, "opmerking",
    ]  # fmt: skip
    for item in ITEMS:
        assert data[item].dtype == np.float64
    assert data["meeting_frequency"].cat.ordered
    assert list(data["meeting_frequency"].cat.categories) == FREQ
    assert list(data["role"].cat.categories) == [
        "trekker", "partner", "beleidsmaker", "ervaringsdeskundige",
    ]  # fmt: skip
    assert data["respondent_id"].tolist() == [f"R{i:02d}" for i in range(1, 13)]
    assert pd.api.types.is_string_dtype(data["respondent_id"])
    # raw answers, not reverse-keyed; missing answers are NaN
    assert data["T7"].tolist() == frame["T7"].tolist()
    assert np.isnan(data.loc[1, "T2"]) and np.isnan(data.loc[4, "D3"])


def test_belgian_csv_is_sniffed(tmp_path, frame):
    path = write_belgian(frame, tmp_path / "be.csv")
    raw = path.read_bytes()
    assert b";" in raw and b"\r\n" in raw and b"2,5" in raw and "één".encode("cp1252") in raw
    survey = trustlab.read_survey(path)
    assert survey.source.encoding == "cp1252" and survey.source.delimiter == ";"
    assert survey.data["years_in_network"].tolist()[:4] == [2.5, 9.0, 0.5, 12.0]
    assert survey.data.loc[0, "opmerking"] == "één"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1252", "cp1252")],
)
def test_encodings(tmp_path, frame, encoding, expected):
    path = write_csv(frame, tmp_path / "e.csv", sep="\t", encoding=encoding)
    survey = trustlab.read_survey(path)
    assert survey.source.encoding == expected and survey.source.delimiter == "\t"
    assert survey.data.loc[0, "opmerking"] == "één"
    assert survey.data.columns[0] == "respondent_id"  # no BOM left in the first header


def test_year_nine_is_nine_years_not_missing(tmp_path, frame):
    survey = trustlab.read_survey(write_csv(frame, tmp_path / "d.csv"))
    assert survey.data.loc[1, "years_in_network"] == 9.0


def test_declared_missing_codes_become_missing(tmp_path, frame):
    frame = frame.astype({"T1": object, "D1": object})
    frame.loc[0, "T1"] = 9
    frame.loc[1, "T1"] = 99
    frame.loc[2, "T1"] = " Weet niet "
    frame.loc[3, "D1"] = "n.v.t."
    frame.loc[4, "D1"] = "GEEN ANTWOORD"
    survey = trustlab.read_survey(write_csv(frame, tmp_path / "d.csv"))
    assert survey.data["T1"].isna().tolist()[:4] == [True, True, True, False]
    assert survey.data["D1"].isna().tolist()[3:5] == [True, True]
    assert dict(survey.missing_code_counts["T1"]) == {"9": 1, "99": 1, "Weet niet": 1}


def test_labels_match_after_trimming_whitespace_and_case(tmp_path, frame):
    frame.loc[0, "meeting_frequency"] = "\u00a03-4 KEER per jaar\u00a0"
    frame.loc[1, "role"] = " Partner\t"
    frame.loc[2, "meeting_frequency"] = "3 à 4 keer per jaar"  # an alias
    frame.loc[3, "meeting_frequency"] = "1-2 times a year"  # the English label
    survey = trustlab.read_survey(write_csv(frame, tmp_path / "d.csv"))
    data = survey.data
    assert data.loc[0, "meeting_frequency"] == "3-4 keer per jaar"
    assert data.loc[1, "role"] == "partner"
    assert data.loc[2, "meeting_frequency"] == "3-4 keer per jaar"
    assert data.loc[3, "meeting_frequency"] == "1-2 keer per jaar"


def test_numeric_codes_of_categories(tmp_path, frame):
    codes = {label: code for code, label in enumerate(FREQ)}
    frame["meeting_frequency"] = frame["meeting_frequency"].map(codes)
    survey = trustlab.read_survey(write_csv(frame, tmp_path / "d.csv"))
    assert survey.data["meeting_frequency"].tolist() == [FREQ[i % 4] for i in range(12)]


def test_response_labels_in_item_columns(tmp_path, frame):
    frame = frame.astype({"T4": object})
    frame.loc[0, "T4"] = "helemaal eens"
    frame.loc[1, "T4"] = "Strongly disagree"
    survey = trustlab.read_survey(write_csv(frame, tmp_path / "d.csv"))
    assert survey.data["T4"].tolist()[:2] == [5.0, 1.0]


def test_blank_rows_are_skipped_and_rows_keep_spreadsheet_numbers(tmp_path, frame):
    path = write_csv(frame, tmp_path / "d.csv")
    lines = path.read_text().splitlines()
    lines.insert(3, "," * 17)  # between respondents 2 and 3: spreadsheet row 4
    path.write_text("\n".join(lines) + "\n\n")
    survey = trustlab.read_survey(path)
    assert survey.n_respondents == 12
    assert survey.source_rows.tolist()[:4] == [2, 3, 5, 6]
    assert any(p.kind == "blank_rows" and p.cells[0][0] == 4 for p in survey.problems)


def test_unknown_columns_are_carried_with_a_note(tmp_path, frame):
    frame["leeftijd"] = 40
    survey = trustlab.read_survey(write_csv(frame, tmp_path / "d.csv"))
    assert survey.data["leeftijd"].tolist() == ["40"] * 12
    note = next(p for p in survey.problems if p.kind == "unknown_columns")
    assert note.severity == "note"
    assert note.message == (
        "2 column(s) not in the codebook, carried along unchanged: 'opmerking', 'leeftijd'."
    )


def test_headers_match_ignoring_case_and_spaces(tmp_path, frame):
    frame = frame.rename(columns={"T1": " t1 ", "network_id": "Network_ID"})
    survey = trustlab.read_survey(write_csv(frame, tmp_path / "d.csv"))
    assert survey.data["T1"].tolist() == make_frame()["T1"].tolist()
    assert sum(p.kind == "renamed_column" for p in survey.problems) == 2


def test_input_file_is_never_modified(tmp_path, frame):
    for fmt in WRITERS:
        path = write(frame, tmp_path, fmt)
        before, mtime = _sha(path), path.stat().st_mtime_ns
        trustlab.read_survey(path)
        trustlab.inspect_survey(path)
        assert (_sha(path), path.stat().st_mtime_ns) == (before, mtime)


def test_excel_sheet_by_name(tmp_path, frame):
    path = tmp_path / "d.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="uitleg", index=False)
        frame.to_excel(writer, sheet_name="antwoorden", index=False)
    assert trustlab.read_survey(path, sheet="antwoorden").n_respondents == 12
    with pytest.raises(errors.InputFileError, match="no worksheet 'nope'"):
        trustlab.read_survey(path, sheet="nope")


def test_spss_value_labels_are_used_not_codes(tmp_path, frame):
    import pyreadstat

    survey = trustlab.read_survey(write(frame, tmp_path, "sav"))
    # codes 1..4 in the file, 0..3 in the codebook: the labels decide
    assert survey.data["meeting_frequency"].tolist() == frame["meeting_frequency"].tolist()
    out = frame.copy()
    out["meeting_frequency"] = [3.0] * 12  # a coded category with no label
    labels = {"meeting_frequency": {1.0: FREQ[0], 2.0: FREQ[1]}}
    pyreadstat.write_sav(out, str(tmp_path / "u.sav"), variable_value_labels=labels)
    with pytest.raises(errors.UnknownCategoryError) as info:
        trustlab.read_survey(tmp_path / "u.sav")
    assert (info.value.column, info.value.row, info.value.value) == ("meeting_frequency", 2, 3.0)


def test_spss_user_missing_values_are_missing(tmp_path, frame):
    import pyreadstat

    out = frame.copy()
    out.loc[0, "T5"] = (
        8.0  # outside the codebook's codes: only the SPSS declaration makes it missing
    )
    path = tmp_path / "m.sav"
    pyreadstat.write_sav(out, str(path), missing_ranges={"T5": [8.0]})
    assert np.isnan(trustlab.read_survey(path).data.loc[0, "T5"])


# --- bad input: one test per case, exact column, row, value and message ----------------------


def test_missing_file(tmp_path):
    path = tmp_path / "nope.csv"
    with pytest.raises(errors.MissingFileError) as info:
        trustlab.read_survey(path)
    assert str(info.value) == f"{path}: file not found."
    assert isinstance(info.value, FileNotFoundError) and info.value.file == str(path)


def test_unknown_extension(tmp_path):
    path = tmp_path / "data.docx"
    path.write_text("x")
    with pytest.raises(errors.UnsupportedFormatError) as info:
        trustlab.read_survey(path)
    assert info.value.value == ".docx"
    assert "cannot read '.docx' files. Expected one of: .csv, .dta" in str(info.value)


def test_folder_instead_of_file(tmp_path):
    (tmp_path / "map.csv").mkdir()
    with pytest.raises(errors.InputFileError, match=r"map.csv: not a file \(is it a folder\?\)"):
        trustlab.read_survey(tmp_path / "map.csv")


@pytest.mark.parametrize(
    ("name", "what"),
    [("d.xlsx", "an Excel workbook"), ("d.sav", "an SPSS file"), ("d.dta", "a Stata file"),
     ("d.parquet", "a Parquet file")],
)  # fmt: skip
def test_unreadable_files(tmp_path, name, what):
    path = tmp_path / name
    path.write_text("respondent_id,T1\nR1,3\n")
    with pytest.raises(errors.InputFileError) as info:
        trustlab.read_survey(path)
    assert str(info.value).startswith(f"{path}: cannot be read as {what} (")


@pytest.mark.parametrize("content", [b"", b"  \r\n\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "leeg.csv"
    path.write_bytes(content)
    with pytest.raises(errors.InputFileError, match=r"leeg\.csv: the file is empty"):
        trustlab.read_survey(path)


def test_header_only(tmp_path, frame):
    path = write_csv(frame.iloc[:0], tmp_path / "d.csv")
    with pytest.raises(errors.NoRespondentsError) as info:
        trustlab.read_survey(path)
    assert str(info.value) == f"{path}: the file has a header but no respondents (0 data rows)."


def test_not_a_text_file(tmp_path):
    path = tmp_path / "foto.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(errors.InputFileError, match=r"foto\.csv: this is not a text file"):
        trustlab.read_survey(path)


def test_ragged_row(tmp_path, frame):
    path = write_csv(frame, tmp_path / "d.csv")
    lines = path.read_text().splitlines()
    lines[4] += ",extra"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(errors.InputFileError) as info:
        trustlab.read_survey(path)
    assert info.value.row == 5
    assert "row 5 has 19 fields but the header has 18 (comma-separated)" in str(info.value)


def test_required_column_missing_suggests_closest(tmp_path, frame):
    path = write_csv(
        frame.rename(columns={"meeting_frequency": "meeting_freq"}), tmp_path / "d.csv"
    )
    with pytest.raises(errors.MissingColumnError) as info:
        trustlab.read_survey(path)
    err = info.value
    assert (err.column, err.suggestion, err.file) == (
        "meeting_frequency",
        "meeting_freq",
        str(path),
    )
    assert str(err).startswith(
        f"{path}: required column 'meeting_frequency' not found. Did you mean 'meeting_freq'?"
    )


def test_several_columns_missing_are_all_named(tmp_path, frame):
    path = write_csv(frame.drop(columns=["D3", "D4"]), tmp_path / "d.csv")
    with pytest.raises(errors.MissingColumnError, match=r"'D3' not found \(also missing: 'D4'\)"):
        trustlab.read_survey(path)


def test_duplicate_column_names(tmp_path, frame):
    path = write_csv(frame, tmp_path / "d.csv")
    text = path.read_text().replace("D1,D2", "D1,D1", 1)
    path.write_text(text)
    with pytest.raises(errors.DuplicateColumnError) as info:
        trustlab.read_survey(path)
    assert str(info.value) == (
        f"{path}: columns N and O have the same name 'D1'; rename one of them so that each "
        "column has its own name."
    )


def test_item_value_out_of_range(tmp_path, frame):
    frame.loc[3, "T3"] = 6
    path = write_csv(frame, tmp_path / "d.csv")
    with pytest.raises(errors.OutOfRangeError) as info:
        trustlab.read_survey(path)
    err = info.value
    assert (err.column, err.row, err.value) == ("T3", 5, "6")
    assert str(err) == (
        f"{path}: column 'T3': 1 value(s) outside the response range 1..5: row 5 ('6'). "
        "Expected a whole number from 1 to 5, or a missing code (9, 99, 'weet niet', "
        "'geen antwoord', 'n.v.t.')."
    )


def test_many_bad_cells_list_first_five_and_count(tmp_path, frame):
    frame["T1"] = [0, 6, 7, 3, 8, 2.5, 4, 10, 1, 5, 2, 3]
    path = write_csv(frame, tmp_path / "d.csv")
    with pytest.raises(errors.OutOfRangeError) as info:
        trustlab.read_survey(path)
    err = info.value
    assert err.cells == [(2, "0"), (3, "6"), (4, "7"), (6, "8"), (7, "2.5"), (9, "10")]
    assert (
        "6 value(s) outside the response range 1..5: row 2 ('0'), row 3 ('6'), row 4 ('7'), "
        "row 6 ('8'), row 7 ('2.5') and 1 more." in str(err)
    )


def test_unknown_category_label(tmp_path, frame):
    frame.loc[1, "meeting_frequency"] = "wekelijks"
    path = write_csv(frame, tmp_path / "d.csv")
    with pytest.raises(errors.UnknownCategoryError) as info:
        trustlab.read_survey(path)
    err = info.value
    assert (err.column, err.row, err.value) == ("meeting_frequency", 3, "wekelijks")
    assert str(err) == (
        f"{path}: column 'meeting_frequency': 1 unknown category label(s): row 3 ('wekelijks'). "
        "Expected one of 'minder dan 1 keer per jaar', '1-2 keer per jaar', '3-4 keer per jaar', "
        "'meer dan 4 keer per jaar' (or the code 0, 1, 2, 3)."
    )


def test_string_missing_codes_apply_only_where_declared(tmp_path, frame):
    frame.loc[0, "role"] = "weet niet"
    path = write_csv(frame, tmp_path / "d.csv")
    with pytest.raises(errors.UnknownCategoryError) as info:
        trustlab.read_survey(path)
    assert (info.value.column, info.value.row, info.value.value) == ("role", 2, "weet niet")


def test_text_in_numeric_item(tmp_path, frame):
    frame = frame.astype({"T2": object})
    frame.loc[5, "T2"] = "vier"
    path = write_csv(frame, tmp_path / "d.csv")
    with pytest.raises(errors.NonNumericError) as info:
        trustlab.read_survey(path)
    err = info.value
    assert (err.column, err.row, err.value) == ("T2", 7, "vier")
    assert str(err).startswith(
        f"{path}: column 'T2': 1 text where a number was expected: row 7 ('vier'). Expected a "
        "whole number from 1 to 5"
    )


def test_text_in_numeric_covariate(tmp_path, frame):
    frame = frame.astype({"years_in_network": object})
    frame.loc[0, "years_in_network"] = "drie"
    path = write_csv(frame, tmp_path / "d.csv")
    with pytest.raises(errors.NonNumericError) as info:
        trustlab.read_survey(path)
    assert (info.value.column, info.value.row, info.value.value) == ("years_in_network", 2, "drie")
    assert info.value.expected == "a number from 0 to 60"


def test_duplicate_respondent_ids_name_both_rows(tmp_path, frame):
    frame.loc[7, "respondent_id"] = "R02"
    path = write_csv(frame, tmp_path / "d.csv")
    with pytest.raises(errors.DuplicateIdError) as info:
        trustlab.read_survey(path)
    err = info.value
    assert err.rows == [3, 9] and err.column == "respondent_id" and err.value == "R02"
    assert str(err) == (
        f"{path}: column 'respondent_id': duplicate respondent id 'R02' in rows 3 and 9. "
        "Each respondent needs a unique id."
    )


def test_missing_respondent_id(tmp_path, frame):
    frame.loc[2, "respondent_id"] = ""
    with pytest.raises(errors.MissingIdError) as info:
        trustlab.read_survey(write_csv(frame, tmp_path / "d.csv"))
    assert (info.value.column, info.value.row) == ("respondent_id", 4)


def test_item_missing_for_everyone(tmp_path, frame):
    frame["D2"] = 9  # only missing codes
    path = write_csv(frame, tmp_path / "d.csv")
    with pytest.raises(errors.EmptyItemError) as info:
        trustlab.read_survey(path)
    assert info.value.column == "D2"
    assert str(info.value) == (
        f"{path}: column 'D2': no respondent has a valid answer (all 12 cells are empty or "
        "missing codes). Check the column, or remove the item from the codebook."
    )


def test_several_problems_name_the_others(tmp_path, frame):
    frame.loc[0, "T1"] = 6
    frame.loc[1, "D4"] = 0
    frame.loc[2, "meeting_frequency"] = "soms"
    path = write_csv(frame, tmp_path / "d.csv")
    with pytest.raises(errors.UnknownCategoryError) as info:  # columns in codebook order
        trustlab.read_survey(path)
    message = str(info.value)
    assert "Also found 2 other problem(s): 'T1': column 'T1'; 'D4': column 'D4'." in message
    assert f"python -m trustlab validate {path}" in message


def test_every_error_is_a_trustlab_error():
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.TrustlabError) or issubclass(cls, errors.TrustlabWarning)
    assert trustlab.TrustlabError is errors.TrustlabError
