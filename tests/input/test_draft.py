"""Drafting a codebook from data."""

from __future__ import annotations

import yaml

import trustlab
from conftest import write_csv
from trustlab.input.codebook import load_codebook
from trustlab.input.draft import draft_codebook, draft_codebook_yaml


def test_draft_from_canonical_columns_reuses_the_default(tmp_path, frame):
    frame = frame.astype({"T1": object})
    frame.loc[0, "T1"] = 9
    frame.loc[1, "T1"] = "weet niet"
    path = write_csv(frame, tmp_path / "d.csv")
    draft = draft_codebook(path)
    cb = load_codebook(draft)
    default = trustlab.default_codebook()
    assert cb.columns() == default.columns()
    assert cb.reverse_keyed() == ["T7", "D4"]
    assert cb.scales["trust"].items == default.scales["trust"].items
    assert cb.missing_for("T1") == ({9.0}, {"weet niet"})
    assert cb.meeting_frequency == default.meeting_frequency
    assert trustlab.read_survey(path, codebook=cb).n_respondents == 12


def test_draft_from_unknown_columns(tmp_path):
    path = tmp_path / "eigen.csv"
    path.write_text(
        "id;groep;geslacht;leeftijd;V1;V2;W1;W2\n"
        "1;A;man;34;1;7;2;99\n2;A;vrouw;51;4;5;6;3\n3;B;vrouw;29;7;2;1;5\n"
    )
    draft = draft_codebook(path)
    assert draft["id"] == "id" and draft["cluster"] == "groep"
    assert draft["response_scale"] == {"min": 1, "max": 7}
    assert draft["missing_codes"] == [{"columns": "items", "codes": [99]}]
    assert draft["scales"] == {"V": {"items": ["V1", "V2"]}, "W": {"items": ["W1", "W2"]}}
    kinds = {c["column"]: c["type"] for c in draft["covariates"]}
    assert kinds == {"geslacht": "categorical", "leeftijd": "numeric"}
    text = draft_codebook_yaml(path)
    assert text.startswith("# Codebook drafted by `trustlab codebook init` from eigen.csv.")
    survey = trustlab.read_survey(path, codebook=load_codebook(yaml.safe_load(text)))
    assert survey.data["W2"].isna().tolist() == [True, False, False]
