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


# Each bad input of the catalogue (tests/bad_inputs.py) is tested in test_bad_inputs.py; the
# tests below cover variants and details the catalogue does not show.


def test_missing_file_is_also_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        trustlab.read_survey(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    ("name", "what"),
    [("d.dta", "a Stata file"), ("d.parquet", "a Parquet file"), ("d.xlsx", "an Excel workbook")],
)  # fmt: skip
def test_unreadable_files(tmp_path, name, what):
    path = tmp_path / name
    path.write_text("respondent_id,T1\nR1,3\n")
    with pytest.raises(errors.InputFileError) as info:
        trustlab.read_survey(path)
    assert str(info.value).startswith(f"{path}: cannot be read as {what} (")


def test_whitespace_only_file_is_empty(tmp_path):
    content = b"  \r\n\n"
    path = tmp_path / "leeg.csv"
    path.write_bytes(content)
    with pytest.raises(errors.InputFileError, match=r"leeg\.csv: the file is empty"):
        trustlab.read_survey(path)


def test_several_columns_missing_are_all_named(tmp_path, frame):
    path = write_csv(frame.drop(columns=["D3", "D4"]), tmp_path / "d.csv")
    with pytest.raises(errors.MissingColumnError, match=r"'D3' not found \(also missing: 'D4'\)"):
        trustlab.read_survey(path)


def test_many_bad_cells_keep_every_cell(tmp_path, frame):
    frame["T1"] = [0, 6, 7, 3, 8, 2.5, 4, 10, 1, 5, 2, 3]
    path = write_csv(frame, tmp_path / "d.csv")
    with pytest.raises(errors.OutOfRangeError) as info:
        trustlab.read_survey(path)
    err = info.value
    assert err.cells == [(2, "0"), (3, "6"), (4, "7"), (6, "8"), (7, "2.5"), (9, "10")]


def test_string_missing_codes_apply_only_where_declared(tmp_path, frame):
    frame.loc[0, "role"] = "weet niet"
    path = write_csv(frame, tmp_path / "d.csv")
    with pytest.raises(errors.UnknownCategoryError) as info:
        trustlab.read_survey(path)
    assert (info.value.column, info.value.row, info.value.value) == ("role", 2, "weet niet")


def test_several_problems_name_the_others(tmp_path, frame):
    frame.loc[0, "T1"] = 6
    frame.loc[1, "D4"] = 0
    frame.loc[2, "meeting_frequency"] = "soms"
    path = write_csv(frame, tmp_path / "d.csv")
    with pytest.raises(errors.UnknownCategoryError) as info:  # columns in codebook order
        trustlab.read_survey(path)
    message = str(info.value)
    assert ("Also found 2 other problem(s): 'T1': 1 value(s) outside the response range 1..5; "
            "'D4': 1 value(s) outside the response range 1..5.") in message  # fmt: skip
    assert f"python -m trustlab validate {path}" in message


def test_every_error_is_a_trustlab_error():
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.TrustlabError) or issubclass(cls, errors.TrustlabWarning)
    assert trustlab.TrustlabError is errors.TrustlabError
