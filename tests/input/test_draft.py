"""Drafting a codebook from data: a draft that analyse runs on the same file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyreadstat
import yaml

import trustlab
from conftest import write_csv
from trustlab.cli import main
from trustlab.input.codebook import load_codebook
from trustlab.input.draft import draft, draft_codebook, draft_codebook_yaml


def test_draft_from_canonical_columns_is_the_default(tmp_path, frame):
    frame = frame.astype({"T1": object})
    frame.loc[0, "T1"] = 9
    frame.loc[1, "T1"] = "weet niet"
    path = write_csv(frame, tmp_path / "d.csv")
    cb = load_codebook(draft_codebook(path))
    default = trustlab.default_codebook()
    assert cb.columns() == default.columns()
    assert cb.reverse_keyed() == ["T7", "D4"]
    assert cb.scales["trust"].items == default.scales["trust"].items
    assert cb.missing_for("T1")[0] >= {9.0} and "weet niet" in cb.missing_for("T1")[1]
    assert cb.exposure == default.exposure
    assert trustlab.read_survey(path, codebook=cb).n_respondents == 12


def test_draft_from_unknown_columns(tmp_path):
    path = tmp_path / "eigen.csv"
    path.write_text(
        "id;groep;geslacht;leeftijd;V1;V2;W1;W2\n"
        "1;A;man;34;1;7;2;99\n2;A;vrouw;51;4;5;6;3\n3;B;vrouw;29;7;2;1;5\n"
    )
    result = draft_codebook(path)
    assert result["id"] == "id" and result["cluster"] == "groep"
    assert result["response_scale"] == {"min": 1, "max": 7}
    assert result["missing_codes"] == [{"columns": "items", "codes": [99]}]
    assert result["scales"] == {"V": {"items": ["V1", "V2"]}, "W": {"items": ["W1", "W2"]}}
    kinds = {c["column"]: c.get("type", "categorical") for c in result["covariates"]}
    assert kinds == {"geslacht": "categorical", "leeftijd": "numeric"}
    text = draft_codebook_yaml(path)
    assert text.startswith("# Codebook drafted by `trustlab codebook init` from eigen.csv.")
    assert "reverse: true" in text  # the comment asking for reverse keys
    survey = trustlab.read_survey(path, codebook=load_codebook(yaml.safe_load(text)))
    assert survey.data["W2"].isna().tolist() == [True, False, False]


def _belgian(path, n=120, seed=3):
    rng = np.random.default_rng(seed)
    freq = ["minder dan 1 keer per jaar", "1-2 keer per jaar", "3-4 keer per jaar",
            "meer dan 4 keer per jaar"]  # fmt: skip
    level = rng.integers(1, 6, n)
    frame = pd.DataFrame({
        "Respondent": [f"R{i}" for i in range(n)],
        "Netwerk": [f"N{k}" for k in rng.integers(1, 16, n)],
        "Rol": rng.choice(["trekker", "partner", "beleidsmaker"], n),
        "Vergaderfrequentie": rng.choice(freq, n),
    })  # fmt: skip
    for i in range(1, 8):
        frame[f"vertrouwen_{i}"] = np.clip(level + rng.integers(-1, 2, n), 1, 5)
    for i in range(1, 5):
        frame[f"wantrouwen_{i}"] = np.clip(6 - level + rng.integers(-1, 2, n), 1, 5)
    frame.to_csv(path, sep=";", index=False, encoding="cp1252")
    return path


def test_a_belgian_csv_with_its_own_names_runs_from_init_to_report(tmp_path, capsys):
    # issue 12: this file printed an empty table and stopped with an internal error
    data = _belgian(tmp_path / "be.csv")
    assert main(["codebook", "init", str(data), "-o", str(tmp_path / "cb.yaml")]) == 0
    text = (tmp_path / "cb.yaml").read_text(encoding="utf-8")
    cb = load_codebook(tmp_path / "cb.yaml")
    assert list(cb.scales) == ["vertrouwen", "wantrouwen"]
    assert cb.exposure.column == "Vergaderfrequentie" and cb.cluster == "Netwerk"
    assert cb.exposure.labels == ["minder dan 1 keer per jaar", "1-2 keer per jaar",
                                  "3-4 keer per jaar", "meer dan 4 keer per jaar"]  # fmt: skip
    assert "assumed" not in text and "Rules and norms" not in text  # nothing of the default
    assert "proposed from its name" in text
    out = tmp_path / "report"
    assert main(["analyse", str(data), "--codebook", str(tmp_path / "cb.yaml"), "--out",
                 str(out), "--boot", "0"]) == 0  # fmt: skip
    result = trustlab.analyse(data, codebook=tmp_path / "cb.yaml", n_boot=0)
    assert sorted(result.exposure.scales) == ["vertrouwen", "wantrouwen"]
    assert result.exposure.scales["wantrouwen"].ols is not None
    assert "internal error" not in capsys.readouterr().err


def test_labelled_spss_columns_stay_categorical(tmp_path):
    # issue 12: labelled categorical columns became one-item scales and analyse refused the draft
    rng = np.random.default_rng(11)
    n = 90
    level = rng.integers(1, 6, n)
    frame = pd.DataFrame({"resp": np.arange(1, n + 1, dtype=float),
                          "contact": rng.integers(1, 6, n).astype(float),
                          "sex": rng.integers(1, 4, n).astype(float)})  # fmt: skip
    agree = {1.0: "helemaal oneens", 2.0: "oneens", 3.0: "neutraal", 4.0: "eens",
             5.0: "helemaal eens"}  # fmt: skip
    labels = {"contact": {1.0: "nooit", 2.0: "jaarlijks", 3.0: "maandelijks",
                          4.0: "wekelijks", 5.0: "dagelijks"},
              "sex": {1.0: "man", 2.0: "vrouw", 3.0: "anders"}}  # fmt: skip
    for prefix, k in (("a", 4), ("b", 3), ("c", 5)):
        for i in range(1, k + 1):
            frame[f"{prefix}{i}"] = np.clip(level + rng.integers(-1, 2, n), 1, 5).astype(float)
            labels[f"{prefix}{i}"] = agree
    path = tmp_path / "survey.sav"
    pyreadstat.write_sav(frame, str(path), variable_value_labels=labels)
    result = draft(path, exposure="contact")
    cb = load_codebook(result.codebook)
    assert list(cb.scales) == ["a", "b", "c"]
    assert cb.exposure.labels == ["nooit", "jaarlijks", "maandelijks", "wekelijks", "dagelijks"]
    assert [c.code for c in cb.exposure.categories] == [1, 2, 3, 4, 5]
    sex = next(v for v in cb.covariates if v.column == "sex")
    assert sex.labels == ["man", "vrouw", "anders"]
    assert cb.response_scale.labels[5].nl == "helemaal eens"
    analysis = trustlab.analyse(path, codebook=cb, n_boot=0)
    assert sorted(analysis.exposure.scales) == ["a", "b", "c"]
    assert analysis.exposure.frequency.table["n"].sum() == n


def test_without_an_exposure_the_draft_says_how_to_set_one(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("id,x1,x2,x3\n1,1,2,1\n2,3,3,2\n3,4,4,5\n4,2,1,2\n")
    text = draft_codebook_yaml(path)
    assert "exposure:" not in text.replace("# ", "")
    assert "--exposure" in text
    result = trustlab.analyse(path, codebook=load_codebook(yaml.safe_load(text)), n_boot=0)
    assert result.exposure is None
    assert any("No exposure is declared" in note for note in result.not_run)
