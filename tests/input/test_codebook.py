"""The codebook: the default, loading from YAML, and every rejection naming key and file."""

from __future__ import annotations

import copy

import pytest
import yaml

import trustlab
from trustlab.errors import CodebookError
from trustlab.input.codebook import HighRule, load_codebook


@pytest.fixture
def raw() -> dict:
    return copy.deepcopy(trustlab.default_codebook().raw)


def _write(tmp_path, data, name="cb.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_default_codebook_is_the_illustrative_instrument():
    cb = trustlab.default_codebook()
    assert cb.columns() == [
        "respondent_id", "network_id", "role", "org_type", "years_in_network",
        "meeting_frequency", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "D1", "D2", "D3", "D4",
    ]  # fmt: skip
    assert cb.reverse_keyed() == ["T7", "D4"]
    assert (cb.response_scale.min, cb.response_scale.max, cb.response_scale.midpoint) == (1, 5, 3.0)
    assert cb.response_scale.labels[1].nl == "helemaal oneens"
    assert cb.response_scale.labels[5].en == "strongly agree"
    assert cb.scales["trust"].min_valid == 4 and cb.scales["distrust"].min_valid == 2
    assert cb.scales["trust"].high == HighRule("midpoint", True)
    assert cb.scales["trust"].high.threshold(cb.response_scale) == 3.0
    assert cb.scales["trust"].high.describe(cb.response_scale) == "mean > 3"
    freq = cb.exposure
    assert freq.column == "meeting_frequency" and freq.score_label.en == "meetings per year"
    assert cb.dimensions.trust == "trust" and cb.dimensions.distrust == "distrust"
    assert cb.groups == ("role",)
    assert [(c.label, c.code, c.score) for c in freq.categories] == [
        ("minder dan 1 keer per jaar", 0, 0.5),
        ("1-2 keer per jaar", 1, 1.5),
        ("3-4 keer per jaar", 2, 3.5),
        ("meer dan 4 keer per jaar", 3, 6.0),
    ]
    assert [c.assumed for c in freq.categories] == [True, False, False, False]
    assert cb.covariates[0].labels == ["trekker", "partner", "beleidsmaker", "ervaringsdeskundige"]
    assert cb.covariates[1].labels == [
        "lokaal bestuur", "welzijn en armoede", "cultuur sport jeugd", "andere",
    ]  # fmt: skip
    assert cb.missing_for("T1") == ({9.0, 99.0}, {"weet niet", "geen antwoord", "n.v.t."})
    assert cb.missing_for("years_in_network") == (set(), set())
    assert cb.item("T1").text.en == "Rules and norms in our network are clear."


def test_round_trip_through_yaml(tmp_path):
    cb = trustlab.default_codebook()
    path = tmp_path / "cb.yaml"
    path.write_text(cb.to_yaml(), encoding="utf-8")
    again = load_codebook(path)
    assert again.columns() == cb.columns()
    assert again.scales == cb.scales and again.exposure == cb.exposure
    assert again.dimensions == cb.dimensions and again.groups == cb.groups
    assert again.source == str(path)


def test_min_valid_default_rounds_half_up(raw):
    raw["scales"]["trust"]["items"] = ["T1", "T2", "T3", "T4", "T5"]
    for item in raw["items"]:
        if item["column"] in ("T6", "T7"):
            item["scale"] = "distrust"
    raw["scales"]["distrust"]["items"] += ["T6", "T7"]
    cb = load_codebook(raw)
    assert cb.scales["trust"].min_valid == 3 and cb.scales["distrust"].min_valid == 3


def test_explicit_min_valid_and_high_rule(raw):
    raw["scales"]["trust"]["min_valid"] = 7
    raw["scales"]["distrust"]["high"] = {"cutoff": 3.5, "strict": False}
    cb = load_codebook(raw)
    assert cb.scales["trust"].min_valid == 7
    assert cb.scales["distrust"].high.describe(cb.response_scale) == "mean >= 3.5"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d.update(scale={"x": 1}),
            "cb.yaml: scale: unknown key 'scale'. Did you mean 'scales'? Allowed here: ",
        ),
        (
            lambda d: d["items"][3].update(revers=True),
            "cb.yaml: items[3].revers: unknown key 'revers'. Did you mean 'reverse'?",
        ),
        (
            lambda d: d["scales"]["trust"]["items"].append("T11"),
            "cb.yaml: scales.trust.items: item 'T11' is not declared under items. "
            "Did you mean 'T1'?",
        ),
        (
            lambda d: d["response_scale"].update(min=5, max=1),
            "cb.yaml: response_scale: min (5) must be smaller than max (1).",
        ),
        (
            lambda d: d["response_scale"]["labels"].update({7: "zeven"}),
            "cb.yaml: response_scale.labels.7: label for 7, outside the range 1..5.",
        ),
        (
            lambda d: d["response_scale"].update(max=9.5),
            "cb.yaml: response_scale.max: expected a whole number, got 9.5.",
        ),
        (
            lambda d: d["missing_codes"][0].update(codes=[3, 99]),
            "cb.yaml: missing_codes[0].codes: missing code 3 lies inside the valid range of 'T1'",
        ),
        (
            lambda d: d["scales"]["trust"].update(min_valid=8),
            "cb.yaml: scales.trust.min_valid: must lie between 1 and the number of items (7), "
            "got 8.",
        ),
        (
            lambda d: d["items"][0].update(scale="vertrouwen"),
            "cb.yaml: scales.trust.items: item 'T1' is declared with scale 'vertrouwen'.",
        ),
        (
            lambda d: d["exposure"]["categories"][2].update(score=1),
            "cb.yaml: exposure.categories: the scores must increase from one category to the "
            "next (the categories are listed in order, lowest first).",
        ),
        (
            lambda d: d["exposure"]["categories"][0]["aliases"].append("1-2 keer per jaar"),
            "cb.yaml: exposure.categories: '1-2 keer per jaar' would match both",
        ),
        (
            lambda d: d["covariates"][0]["categories"][1].update(label="trekker"),
            "cb.yaml: covariates[0].categories: two categories have the label 'trekker'.",
        ),
        (
            lambda d: d["exposure"]["categories"][0].pop("score"),
            "cb.yaml: exposure.categories: category 'minder dan 1 keer per jaar' has no score "
            "while others have one; give every category a score (e.g. meetings per year) or "
            "none.",
        ),
        (
            lambda d: d.update(dimensions={"trust": "trust", "distrust": "vertrouwen"}),
            "cb.yaml: dimensions.distrust: 'vertrouwen' is not a scale declared under scales.",
        ),
        (
            lambda d: d.update(groups=["years_in_network"]),
            "cb.yaml: groups: 'years_in_network' is not a categorical variable of the codebook",
        ),
        (
            lambda d: d.update(meeting_frequency=d["exposure"]),
            "cb.yaml: meeting_frequency: meeting_frequency is the older name of exposure; "
            "declare the exposure once.",
        ),
        (
            lambda d: d["exposure"].update(reference="wekelijks"),
            "cb.yaml: exposure.reference: 'wekelijks' is not one of the categories",
        ),
        (
            lambda d: d.pop("id"),
            "cb.yaml: id: this key is required.",
        ),
        (
            lambda d: d["covariates"][2].update(min=70),
            "cb.yaml: covariates[2]: min (70) must be smaller than max (60).",
        ),
        (
            lambda d: d["high"].update(cutoff=5),
            "cb.yaml: scales.trust.high.cutoff: cutoff 5 lies outside the response range 1..5.",
        ),
        (
            lambda d: d.update(cluster="T1"),
            "cb.yaml: columns: 'T1' is declared twice.",
        ),
    ],
)
def test_invalid_codebooks_name_key_and_file(tmp_path, raw, change, message):
    change(raw)
    path = _write(tmp_path, raw)
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert str(info.value).startswith(str(path.parent) + "/" + message)
    assert info.value.file == str(path)


def test_codebook_file_problems(tmp_path):
    with pytest.raises(CodebookError, match="codebook file not found"):
        load_codebook(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("study: [unclosed\n")
    with pytest.raises(CodebookError, match=r"bad.yaml: not valid YAML at line 2"):
        load_codebook(bad)
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    with pytest.raises(CodebookError, match="the codebook is empty"):
        load_codebook(empty)


def test_yaml_is_loaded_safely(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("study: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(CodebookError, match="not valid YAML"):
        load_codebook(path)


def test_read_survey_with_a_codebook_path(tmp_path, raw, frame):
    from conftest import write_csv

    raw["missing_codes"].append({"columns": ["years_in_network"], "codes": [99]})
    frame.loc[0, "years_in_network"] = 99
    path = _write(tmp_path, raw)
    survey = trustlab.read_survey(write_csv(frame, tmp_path / "d.csv"), codebook=path)
    assert survey.data["years_in_network"].isna().tolist()[:2] == [True, False]
    assert survey.codebook.source == str(path)


def test_optional_covariate_may_be_absent(tmp_path, raw, frame):
    from conftest import write_csv

    raw["covariates"][1]["required"] = False
    survey = trustlab.read_survey(
        write_csv(frame.drop(columns="org_type"), tmp_path / "d.csv"),
        codebook=load_codebook(raw),
    )
    assert "org_type" not in survey.data
    assert any(p.kind == "absent_column" and p.column == "org_type" for p in survey.problems)
