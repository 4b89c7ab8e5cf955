"""The data-quality report behind `trustlab validate`."""

from __future__ import annotations

import numpy as np
import pandas as pd

import trustlab
from conftest import ITEMS, write_csv
from trustlab.input.quality import straight_liners


def test_straight_liners_need_half_the_items():
    items = pd.DataFrame(
        {
            "a": [2, 2, np.nan, 1],
            "b": [2, 3, np.nan, np.nan],
            "c": [2, 2, 2, np.nan],
            "d": [2.0] * 4,
        }
    )
    assert straight_liners(items).tolist() == [True, False, True, False]
    assert straight_liners(items, min_answered=4).tolist() == [True, False, False, False]


def test_straight_liners_table_gives_each_ones_answer_and_row(tmp_path, frame):
    frame[ITEMS] = (np.arange(len(frame))[:, None] + np.arange(len(ITEMS))) % 5 + 1.0
    frame.loc[2, ITEMS] = 4.0  # the same answer everywhere
    frame.loc[5, ITEMS] = 2.0  # the same answer everywhere, one item skipped
    frame.loc[5, "T3"] = np.nan
    survey = trustlab.read_survey(write_csv(frame, tmp_path / "d.csv"))
    liners = survey.quality().straight_liners
    assert liners["row"].tolist() == [4, 7]  # spreadsheet rows: the header is row 1
    assert liners["respondent"].tolist() == frame["respondent_id"].iloc[[2, 5]].tolist()
    assert liners["answer"].tolist() == [4.0, 2.0]  # the answer given, not NaN for the skip


def test_report_counts_missing_codes_and_bad_cells(tmp_path, frame):
    frame = frame.astype({"T1": object})
    frame.loc[0, "T1"] = 9
    frame.loc[1, "T1"] = "weet niet"
    frame.loc[2, "T1"] = 8
    frame.loc[3, "T1"] = "acht"
    report = trustlab.inspect_survey(write_csv(frame, tmp_path / "d.csv"))
    assert not report.usable
    row = report.items.loc["T1"]
    assert (row["answered"], row["missing"], row["non-numeric"], row["out of range"]) == (
        8,
        4,
        1,
        1,
    )
    assert row["missing codes"] == "9: 1, weet niet: 1"
    assert report.items.loc["T2", "missing"] == 1
    assert [p.kind for p in report.errors] == ["non_numeric", "out_of_range"]
    assert (report.n_respondents, report.n_networks) == (12, 3)


def test_survey_quality_matches_inspect(tmp_path, frame):
    path = write_csv(frame, tmp_path / "d.csv")
    from_survey = trustlab.read_survey(path).quality()
    inspected = trustlab.inspect_survey(path)
    pd.testing.assert_frame_equal(from_survey.items, inspected.items)
    assert from_survey.usable and inspected.usable
    assert list(from_survey.items.index) == ITEMS
    assert "12 respondents, 3 networks; usable" in repr(from_survey)
    assert "<table" in from_survey._repr_html_()
