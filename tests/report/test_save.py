"""The report folder's files: tables with safe names, formulas neutralised, the CLI's run."""

from __future__ import annotations

import copy
import hashlib
import json
from functools import cache
from pathlib import Path

import pandas as pd

import trustlab
from trustlab.cli import main
from trustlab.report.save import neutralise_formulas, report_files, save_report


@cache
def analysis():
    return trustlab.analyse(trustlab.load_sample(), n_boot=50)


def test_save_writes_every_file_and_nothing_else(tmp_path):
    written = save_report(analysis(), tmp_path / "rapport")
    assert Path("results.json") in written and Path("tables/model_ols_trust.csv") in written
    files = sorted(p.relative_to(tmp_path / "rapport") for p in (tmp_path / "rapport").rglob("*")
                   if p.is_file() and p.name != ".trustlab-manifest.json")  # fmt: skip
    assert files == sorted(written)  # nothing else, no staging left behind
    assert [p.name for p in tmp_path.iterdir()] == ["rapport"]  # nothing outside the folder


def test_the_quadrant_table_shows_no_hidden_cell(tmp_path):
    save_report(analysis(), tmp_path / "r", figures=False)
    table = pd.read_csv(tmp_path / "r" / "tables" / "quadrants.csv", index_col=0)
    # every cell of the sample's table is hidden: the published shares per category would
    # otherwise let a reader recompute the small ones (see tests/test_disclosure.py)
    assert (table == "<5*").all().all()


def test_formulas_are_neutralised():
    frame = pd.DataFrame({"label": ["=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "-2", "ok"],
                          "value": [1.0, -2.0, 3.0, 4.0, 5.0]})  # fmt: skip
    out = neutralise_formulas(frame)
    assert out["label"].tolist() == ['\'=HYPERLINK("x")', "'+1", "'@SUM(A1)", "'-2", "ok"]
    assert out["value"].tolist() == [1.0, -2.0, 3.0, 4.0, 5.0]  # numbers stay numbers
    # text columns (pandas' string dtype) with missing values, tabs and carriage returns
    text = pd.DataFrame({"a": pd.array(["\tcmd", None, "\rx", "fine"], dtype="string"),
                         "b": pd.array(["safe", None, "text", "too"], dtype="string")})  # fmt: skip
    out = neutralise_formulas(text)
    assert out["a"].fillna("NA").tolist() == ["'\tcmd", "NA", "'\rx", "fine"]
    assert out["b"].fillna("NA").tolist() == ["safe", "NA", "text", "too"]
    assert text["a"].tolist()[0] == "\tcmd"  # the frame given is left as it was


def test_hostile_scale_names_give_safe_file_names(tmp_path):
    # issue 17: a scale named x/../../../tmp/t/data overwrote the user's data.csv
    from conftest import make_frame, write_csv

    victim = write_csv(make_frame(30), tmp_path / "data.csv")
    before = victim.read_bytes()
    raw = copy.deepcopy(trustlab.default_codebook().raw)
    hostile = "x/../../../" + str(tmp_path).lstrip("/") + "/data"
    raw["scales"] = {hostile if k == "trust" else k: v for k, v in raw["scales"].items()}
    for item in raw["items"]:
        item["scale"] = hostile if item["scale"] == "trust" else item["scale"]
    raw["dimensions"]["trust"] = hostile
    result = trustlab.analyse(victim, codebook=trustlab.load_codebook(raw), n_boot=0)
    names = report_files(result, figures=False)
    assert all(".." not in n and not n.startswith("/") and n.count("/") <= 1 for n in names)
    save_report(result, tmp_path / "out", figures=False)
    assert victim.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv", "out"]


def test_cli_writes_results_json_and_refuses_to_overwrite(tmp_path, capsys):
    sample = str(trustlab.sample_path())
    assert main(["analyse", sample, "--out", "out", "--boot", "20"]) == 0
    captured = capsys.readouterr().out  # in Dutch, the default
    assert "Rapport geschreven naar out/" in captured and "Belangrijkste effecten" in captured
    data = json.loads((tmp_path / "out" / "results.json").read_text())
    assert data["scales"]["trust"]["share_high"]["count"] == 166
    digest = hashlib.sha256((tmp_path / "out" / "results.json").read_bytes()).hexdigest()
    assert main(["analyse", sample, "--out", "out", "--boot", "20"]) == 2
    assert "gebruik --force" in capsys.readouterr().err
    assert main(["analyse", sample, "--out", "out", "--boot", "20", "--force"]) == 0
    again = hashlib.sha256((tmp_path / "out" / "results.json").read_bytes()).hexdigest()
    assert again == digest  # same seed, same bytes


def test_input_file_is_not_changed_by_analyse(tmp_path):
    sample = trustlab.sample_path()
    before = hashlib.sha256(sample.read_bytes()).hexdigest()
    assert main(["analyse", str(sample), "--out", "o", "--boot", "10"]) == 0
    assert hashlib.sha256(sample.read_bytes()).hexdigest() == before
