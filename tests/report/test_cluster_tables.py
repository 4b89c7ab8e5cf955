"""The per-cluster tables as published: the same rows as a sort of the analysis' table, only the
rows asked for built, and a study with more clusters than a document lists says where every
cluster is (the report, results.json and tables.xlsx list the largest; the CSV has them all)."""

from __future__ import annotations

import io
import json
from functools import cache

import numpy as np
import openpyxl
import pandas as pd

import trustlab
from trustlab.report import content_inference, json_export, save
from trustlab.report import files as files_module
from trustlab.report.cluster_tables import hidden_sizes, protected_clusters
from trustlab.report.content import build_sections


@cache
def sample():
    return trustlab.analyse(trustlab.load_sample(), n_boot=0)


def _direct(agreement, min_cell: int) -> pd.DataFrame:
    """The published table computed directly from the analysis' rwg(j) and awg tables."""
    table = agreement.rwg.table.rename(columns={"score_mean": "mean"})
    table["awg"] = table["group"].map(agreement.awg.table.set_index("group")["awg"])
    table = table.sort_values("n", ascending=False, kind="stable").reset_index(drop=True)
    hidden = table["n"] < min_cell
    for column in ("mean", "rwg_j", "awg"):
        table.loc[hidden, column] = np.nan
    table["level"] = table["level"].astype(object).where(~hidden, None)
    table.insert(0, "cluster", np.arange(1, len(table) + 1))
    table["hidden"] = hidden.to_numpy()
    return table[["cluster", "n", "mean", "rwg_j", "level", "awg", "hidden"]]


def test_the_published_table_is_the_analysis_sorted_with_small_clusters_hidden():
    agreement = sample().clusters["trust"]
    table = protected_clusters(agreement, 5)
    pd.testing.assert_frame_equal(table, _direct(agreement, 5))
    assert len(table) == 50 and table["n"].is_monotonic_decreasing
    first = protected_clusters(agreement, 5, limit=7)
    pd.testing.assert_frame_equal(first, table.iloc[:7])


def test_hidden_sizes_count_the_small_clusters_by_size():
    agreement = sample().clusters["trust"]
    n = agreement.rwg.table["n"]
    hidden, total, sizes = hidden_sizes(agreement, 5)
    assert (hidden, total) == (int((n < 5).sum()), 50)
    assert sizes == n[n < 5].value_counts().sort_index(ascending=False).to_dict()
    assert list(sizes) == sorted(sizes, reverse=True)


def test_a_report_lists_the_largest_clusters_and_says_where_every_cluster_is(monkeypatch):
    monkeypatch.setattr(content_inference, "DOCUMENT_ROWS", 6)
    monkeypatch.setattr(content_inference, "LISTED_ROWS", 9)
    sections = {s.title: s for s in build_sections(sample(), lang="en", min_cell=5)}
    per = next(t for t in sections["A property of the cluster? (network_id)"].tables
               if t.title == "Trust in the network approach per cluster")  # fmt: skip
    full = protected_clusters(sample().clusters["trust"], 5)
    shown = full[~full["hidden"]]
    assert len(shown) > 6
    assert per.frame["#"].tolist() == [str(i) for i in range(1, 7)]
    assert per.frame["n"].tolist() == [str(n) for n in full["n"].iloc[:6]]
    assert (
        f" Listed here: the 6 largest of the {len(shown)} clusters with 5 or more respondents; "
        "every cluster is in tables/clusters_trust.csv (results.json and tables.xlsx list the "
        "9 largest)." in per.note
    )
    hidden = int(full["hidden"].sum())
    assert f"Not shown one by one: {hidden} of 50 clusters" in per.note
    dutch = {s.title: s for s in build_sections(sample(), lang="nl", min_cell=5)}
    per_nl = next(t for t in dutch["Een eigenschap van de cluster? (network_id)"].tables
                  if t.title.endswith("per cluster"))  # fmt: skip
    assert f"Hier vermeld: de 6 grootste van de {len(shown)} clusters met 5 of meer" in per_nl.note


def test_results_json_and_the_workbook_list_the_largest_and_the_csv_every_cluster(monkeypatch):
    monkeypatch.setattr(json_export, "LISTED_ROWS", 9)
    monkeypatch.setattr(files_module, "LISTED_ROWS", 9)
    files = save.report_files(sample(), lang="en", figures=False)
    document = json.loads(files["results.json"])
    full = protected_clusters(sample().clusters["trust"], 5)
    listed = document["clusters"]["trust"]["rwg"]["table"]
    assert [row["cluster"] for row in listed] == list(range(1, 10))
    assert [row["n"] for row in listed] == full["n"].iloc[:9].tolist()
    assert [row["rwg_j"] for row in listed] == [
        None if np.isnan(v) else v for v in full["rwg_j"].iloc[:9]
    ]
    assert document["clusters"]["trust"]["awg"]["table"] == listed
    assert any(
        "the 9 largest of 50 clusters listed (every cluster: tables/clusters_*.csv)." in said
        for said in document["disclosure"]
    )
    every = pd.read_csv(io.BytesIO(files["tables/clusters_trust.csv"]), encoding="utf-8-sig")
    assert every.iloc[:, 0].tolist() == list(range(1, 51))
    book = openpyxl.load_workbook(io.BytesIO(files["tables.xlsx"]))
    sheet = book["clusters_trust"]
    assert sheet.max_row == 1 + 9  # the header and the nine largest
    assert [sheet.cell(row=i, column=2).value for i in range(2, 11)] == full["n"].iloc[:9].tolist()
