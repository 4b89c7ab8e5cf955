"""The report folder: results.json, tables, safe and atomic writing."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

import trustlab
from trustlab.cli import main
from trustlab.errors import InputFileError
from trustlab.report.save import check_output, neutralise_formulas, save_analysis


@cache
def analysis():
    return trustlab.analyse(trustlab.load_sample(), n_boot=50)


def test_results_json_schema():
    data = json.loads(analysis().to_json())
    assert data["schema_version"] == 1 and data["trustlab_version"] == trustlab.__version__
    assert data["source"] == {"file": "trustlab_sample.csv", "format": "csv"}
    assert (data["n_respondents"], data["n_networks"]) == (231, 50)
    for key in ("scales", "shares", "meeting_frequency", "tests", "models", "warnings"):
        assert key in data
    share = data["shares"]["high_trust"]
    assert (share["count"], share["n"]) == (166, 231)
    assert share["ci_low"] < share["estimate"] < share["ci_high"]
    assert {"exact_ci_low", "exact_ci_high"} <= set(share)
    assert [c["category"] for c in data["meeting_frequency"]] == [
        "minder dan 1 keer per jaar", "1-2 keer per jaar", "3-4 keer per jaar",
        "meer dan 4 keer per jaar",
    ]  # fmt: skip
    assert [c["n"] for c in data["meeting_frequency"]] == [33, 71, 99, 28]
    assert data["meeting_frequency"][0]["assumed"] is True
    for test in data["tests"].values():
        assert {"statistic", "df", "p_value"} <= set(test)
    row = data["models"]["ols_trust"]["coefficients"][2]
    assert row["term"] == "meeting_frequency[3-4 keer per jaar]"
    assert set(row) >= {"term", "estimate", "std_error", "std_error_robust", "std_error_cluster",
                        "statistic", "p_value", "ci_low", "ci_high"}  # fmt: skip
    assert "odds_ratio" in data["models"]["logit_high_trust"]["coefficients"][0]
    assert 0 < data["models"]["mixed_trust"]["icc"] < 1
    contrast = data["threshold"]["contrasts"][1]
    assert {"estimate", "std_error", "p_value", "p_holm"} <= set(contrast)
    assert data["threshold"]["statement"]["first_high"] == "3-4 keer per jaar"
    assert set(data["models"]["ordinal"]) == set(trustlab.default_codebook().item_columns)


def test_small_cells_are_suppressed_and_no_respondent_rows():
    data = json.loads(analysis().to_json(min_cell=5))
    quadrants = data["quadrants"]
    assert quadrants["min_cell"] == 5 and quadrants["suppressed_cells"] == 4
    counts = [v for row in quadrants["counts"].values() for v in row.values()]
    assert all(v is None or v >= 5 for v in counts)
    text = analysis().to_json()
    assert "R001" not in text and "N39" not in text  # no respondent or network ids


def test_same_seed_gives_byte_identical_json():
    again = trustlab.analyse(trustlab.load_sample(), n_boot=50)
    assert again.to_json() == analysis().to_json()


def test_save_writes_the_folder_atomically(tmp_path):
    written = analysis().save(tmp_path / "rapport")
    assert Path("results.json") in written and Path("tables/model_ols_trust.csv") in written
    files = sorted(p.relative_to(tmp_path / "rapport") for p in (tmp_path / "rapport").rglob("*")
                   if p.is_file())  # fmt: skip
    assert files == sorted(written)  # nothing else, no staging left behind
    assert [p.name for p in tmp_path.iterdir()] == ["rapport"]  # nothing outside the folder
    table = pd.read_csv(tmp_path / "rapport" / "tables" / "quadrants.csv", index_col=0)
    assert table.loc["hoog vertrouwen, hoog wantrouwen", "minder dan 1 keer per jaar"] == "<5"


def test_existing_folder_needs_force(tmp_path):
    out = tmp_path / "rapport"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(InputFileError, match="the folder exists and is not empty; use --force"):
        check_output(out, force=False)
    save_analysis(analysis(), out, force=True)
    assert (out / "keep.txt").read_text() == "mine" and (out / "results.json").is_file()
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputFileError, match="exists and is not a folder"):
        check_output(tmp_path / "file", force=True)


def test_interrupted_save_leaves_nothing_half_written(tmp_path, monkeypatch):
    import os

    calls = []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return os.rename(src, dst)

    monkeypatch.setattr("trustlab.report.save.os.replace", failing_replace)
    with pytest.raises(KeyboardInterrupt):
        save_analysis(analysis(), tmp_path / "r")
    leftovers = [p.name for p in (tmp_path / "r").iterdir()]
    assert not any(name.startswith(".trustlab-partial") for name in leftovers)
    for path in (tmp_path / "r").rglob("*"):  # files already moved are complete, never partial
        if path.is_file() and path.suffix == ".json":
            json.loads(path.read_text())


def test_formulas_are_neutralised():
    frame = pd.DataFrame({"label": ["=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "-2", "ok"],
                          "value": [1.0, -2.0, 3.0, 4.0, 5.0]})  # fmt: skip
    out = neutralise_formulas(frame)
    assert out["label"].tolist() == ['\'=HYPERLINK("x")', "'+1", "'@SUM(A1)", "'-2", "ok"]
    assert out["value"].tolist() == [1.0, -2.0, 3.0, 4.0, 5.0]  # numbers stay numbers


def test_cli_writes_results_json_and_refuses_to_overwrite(tmp_path, capsys):
    sample = str(trustlab.sample_path())
    assert main(["analyse", sample, "--out", "out", "--boot", "20"]) == 0
    captured = capsys.readouterr().out
    assert "Report written to out/" in captured and "Key effects" in captured
    data = json.loads((tmp_path / "out" / "results.json").read_text())
    assert data["shares"]["high_trust"]["count"] == 166
    digest = hashlib.sha256((tmp_path / "out" / "results.json").read_bytes()).hexdigest()
    assert main(["analyse", sample, "--out", "out", "--boot", "20"]) == 2
    assert "use --force" in capsys.readouterr().err
    assert main(["analyse", sample, "--out", "out", "--boot", "20", "--force"]) == 0
    again = hashlib.sha256((tmp_path / "out" / "results.json").read_bytes()).hexdigest()
    assert again == digest  # same seed, same bytes


def test_input_file_is_not_changed_by_analyse(tmp_path):
    sample = trustlab.sample_path()
    before = hashlib.sha256(sample.read_bytes()).hexdigest()
    assert main(["analyse", str(sample), "--out", "o", "--boot", "10"]) == 0
    assert hashlib.sha256(sample.read_bytes()).hexdigest() == before
