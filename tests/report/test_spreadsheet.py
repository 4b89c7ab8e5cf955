"""tables/*.csv and tables.xlsx: the language's CSV convention, labelled headers, numbers as
numbers, no internal names, rounded (full precision in results.json only)."""

from __future__ import annotations

import io
import re
from functools import cache

import openpyxl
import pandas as pd
import pytest

import trustlab
from trustlab.report.save import report_files
from trustlab.report.spreadsheet import _sheet_name

INTERNAL = re.compile(r"\w\[[^\]]+\]")  # variable[level]


@cache
def analysis():
    return trustlab.analyse(trustlab.load_sample(), n_boot=50)


@cache
def files(lang: str) -> dict[str, bytes]:
    return report_files(analysis(), lang=lang, figures=False)


@pytest.mark.parametrize(("lang", "sep", "decimal"), [("nl", ";", ","), ("en", ",", ".")])
def test_csv_files_follow_the_languages_convention(lang, sep, decimal):
    data = files(lang)["tables/model_ols_trust.csv"]
    assert data.startswith("\ufeff".encode())  # UTF-8 with BOM: Excel reads the accents
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].split(sep)[0] == "Term"  # no index column
    table = pd.read_csv(io.BytesIO(data), sep=sep, decimal=decimal, encoding="utf-8-sig")
    ols = analysis().exposure.scales["trust"].ols.coefficients
    assert table.shape == (len(ols), len(ols.columns))
    assert table.iloc[:, 1].tolist() == ols["estimate"].round(4).tolist()
    intercept = "(Constante)" if lang == "nl" else "(Intercept)"
    frequency = "vergaderfrequentie" if lang == "nl" else "meeting frequency"
    assert table["Term"].iloc[0] == intercept
    assert table["Term"].iloc[2] == f"{frequency}: " + (
        "3-4 keer per jaar" if lang == "nl" else "3-4 times a year"
    )
    for name, data in files(lang).items():
        if name.endswith(".csv"):
            assert not INTERNAL.search(data.decode("utf-8-sig")), name


def test_counts_are_whole_numbers_and_p_values_keep_four_digits():
    text = files("nl")["tables/tests_trust.csv"].decode("utf-8-sig")
    kruskal = analysis().exposure.scales["trust"].kruskal
    row = next(line for line in text.splitlines() if line.startswith("Kruskal-Wallis"))
    assert row.split(";")[1] == "3" and f"{kruskal.p_value:.4g}".replace(".", ",") in row


def test_workbook_has_a_sheet_per_table_with_numbers_and_formats():
    book = openpyxl.load_workbook(io.BytesIO(files("en")["tables.xlsx"]))
    csvs = sorted(n[len("tables/") : -4] for n in files("en") if n.endswith(".csv"))
    assert sorted(book.sheetnames) == csvs
    sheet = book["items_trust"]
    header = [c.value for c in sheet[1]]
    assert header[-2:] == ["Corrected item-total correlation", "Cronbach's alpha if item deleted"]
    first = [c for c in sheet[2]]
    items = analysis().scales["trust"].summary()
    assert first[0].value == "T1" and first[2].value == 227 and first[2].number_format == "0"
    assert first[-1].value == round(items["alpha_if_dropped"].iloc[0], 4)
    assert first[-1].number_format == "0.00"
    shares = book["high_trust_by_exposure"]
    assert isinstance(shares["D2"].value, float) and shares["D2"].number_format == "0.0%"


def test_sheet_names_are_safe_short_and_distinct():
    taken: set[str] = set()
    names = [_sheet_name("a" * 40, taken), _sheet_name("a" * 40, taken), _sheet_name("x/y?", taken)]
    assert names == ["a" * 31, "a" * 29 + "_2", "x_y_"]


def test_workbook_bytes_are_the_same_for_the_same_analysis():
    again = report_files(analysis(), lang="en", figures=False)
    assert again["tables.xlsx"] == files("en")["tables.xlsx"]


def test_the_inference_tables_reach_the_workbook_without_cluster_ids():
    book = openpyxl.load_workbook(io.BytesIO(files("nl")["tables.xlsx"]))
    cr2 = analysis().exposure.scales["trust"].cluster_inference.ols.table
    sheet = book["model_ols_cr2_trust"]
    assert [c.value for c in sheet[1]][:5] == ["Term", "Schatting", "SE", "Toetsingsgrootheid",
                                               "df"]  # fmt: skip
    assert sheet["E2"].value == round(cr2["df"].iloc[0], 4)
    per = pd.read_csv(io.BytesIO(files("nl")["tables/clusters_trust.csv"]), sep=";", decimal=",",
                      encoding="utf-8-sig")  # fmt: skip
    rwg = analysis().clusters["trust"].rwg.table
    assert per["Cluster (1 = grootste)"].tolist() == list(range(1, len(rwg) + 1))  # no ids
    small = per[per["n"] < 5]
    assert small["Gemiddelde"].isna().all() and (small["Niet getoond (klein)"] == "ja").all()
    assert not set(map(str, rwg["group"])) & set(per.astype(str).to_numpy().ravel())
    levels = pd.read_csv(io.BytesIO(files("nl")["tables/invariance_trust_role.csv"]), sep=";",
                         decimal=",", encoding="utf-8-sig")["Model"]  # fmt: skip
    assert levels.tolist()[0] == "Configuraal (dezelfde items, dezelfde factor)"


def test_by_value_says_each_value_as_a_call_per_cell_would():
    import numpy as np

    from trustlab.report.readings import level_words
    from trustlab.report.spreadsheet import by_value

    levels = pd.Series(["strong agreement", None, "weak agreement", "strong agreement", None,
                        "undefined"] * 3, dtype=object)  # fmt: skip
    assert by_value(levels, lambda v: level_words(v, "nl")) == [
        v if v is None else level_words(v, "nl") for v in levels
    ]
    flags = pd.Series([True, False, np.nan, True])
    assert by_value(flags, lambda v: "ja" if v else "nee")[:2] == ["ja", "nee"]
    assert np.isnan(by_value(flags, lambda v: "ja" if v else "nee")[2])
