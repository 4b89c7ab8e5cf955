"""The declared codebook keys: the parser uses them, docs/codebook.md is generated from them, and
the page's complete example is a codebook that trustlab reads and analyses."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import trustlab
from trustlab.errors import CodebookError
from trustlab.input.codebook import load_codebook
from trustlab.input.codebook_keys import EXAMPLE, SECTIONS, reference_page

PAGE = Path(__file__).resolve().parents[2] / "docs" / "codebook.md"

#: Keys the complete example leaves out on purpose: older names, and the study's own flag.
NOT_IN_EXAMPLE = {
    ("", "meeting_frequency"),
    ("exposure.categories", "per_year"),
    ("exposure.categories", "assumed"),
    ("exposure", "type"),
}


def test_the_reference_page_is_current():
    # after changing a key: python tools/codebook_page.py
    assert PAGE.read_text(encoding="utf-8") == reference_page()


def test_every_key_of_every_section_is_on_the_page():
    page = reference_page()
    for path, section in SECTIONS.items():
        assert f"## {section.title}\n" in page, path
        for key in section.keys:
            assert f"| `{key.name}` | {'yes' if key.required else 'no'} |" in page


def _mappings(example: dict) -> dict[str, list[dict]]:
    """The example's mappings, by the section that declares their keys."""
    found: dict[str, list[dict]] = {"": [example]}
    found["study"] = [example["study"]]
    found["response_scale"] = [example["response_scale"]]
    found["missing_codes"] = list(example["missing_codes"])
    found["items"] = list(example["items"])
    found["scales"] = list(example["scales"].values())
    found["high"] = [example["high"]] + [
        s["high"] for s in example["scales"].values() if "high" in s
    ]
    found["exposure"] = [example["exposure"]]
    found["exposure.categories"] = list(example["exposure"]["categories"])
    found["covariates"] = list(example["covariates"])
    found["covariates.categories"] = [
        c for v in example["covariates"] for c in v.get("categories", [])
    ]
    found["dimensions"] = [example["dimensions"]]
    return found


def test_the_complete_example_uses_every_key():
    mappings = _mappings(yaml.safe_load(EXAMPLE))
    assert set(mappings) == set(SECTIONS)
    for path, section in SECTIONS.items():
        used = set().union(*(m.keys() for m in mappings[path]))
        assert used <= section.allowed, path
        expected = {k for k in section.allowed if (path, k) not in NOT_IN_EXAMPLE}
        assert used == expected, (path, expected - used)


@pytest.mark.parametrize("path", sorted(SECTIONS))
def test_the_parser_allows_exactly_the_declared_keys(path):
    example = yaml.safe_load(EXAMPLE)
    target = copy.deepcopy(example)
    _mappings(target)[path][0]["no_such_key"] = 1
    with pytest.raises(CodebookError) as info:
        load_codebook(target)
    allowed = ", ".join(sorted(SECTIONS[path].allowed))
    assert "unknown key 'no_such_key'." in str(info.value)
    assert f"Allowed here: {allowed}." in str(info.value)


@pytest.mark.parametrize("path", sorted(SECTIONS))
def test_the_parser_requires_exactly_the_declared_keys(path):
    for name in sorted(SECTIONS[path].required):
        target = yaml.safe_load(EXAMPLE)
        del _mappings(target)[path][0][name]
        with pytest.raises(CodebookError, match=r"this key is required\."):
            load_codebook(target)


@pytest.mark.parametrize("path", sorted(p for p, s in SECTIONS.items() if s.example))
def test_each_sections_example_is_valid_yaml_with_declared_keys(path):
    snippet = yaml.safe_load(SECTIONS[path].example)
    root = path.split(".")[0]
    assert list(snippet) == [root]
    value = snippet[root]
    entries = value if isinstance(value, list) else [value]
    if path == "scales":
        entries = list(value.values())
    for entry in entries:
        assert set(entry) <= SECTIONS[path].allowed


def test_the_complete_example_reads_and_analyses(tmp_path):
    codebook = load_codebook(yaml.safe_load(EXAMPLE))
    assert codebook.response_scale.values == tuple(range(1, 8))
    assert codebook.exposure.column == "contact"
    assert [c.score for c in codebook.exposure.categories] == [0.5, 1.0, 4.0]
    assert codebook.cluster == "team" and codebook.groups == ("role",)
    assert codebook.scales["climate"].min_valid == 2
    assert codebook.scales["worry"].high.cutoff == 5
    (tmp_path / "codebook.yaml").write_text(EXAMPLE, encoding="utf-8")
    rng = np.random.default_rng(7)
    n = 60
    team = np.repeat(np.arange(1, 7), 10)
    contact = np.array(["zelden", "maandelijks", "wekelijks"])[(team - 1) % 3]
    level = np.array([0.5, 1.0, 4.0])[(team - 1) % 3]
    answers = {
        c: np.clip(np.round(3 + 0.4 * level + rng.normal(0, 1.2, n)), 1, 7).astype(int)
        for c in ("c1", "c2", "w1", "w2", "w3")
    }
    answers["c3"] = 8 - answers["c1"]
    frame = pd.DataFrame(
        {
            "person": np.arange(1, n + 1),
            "team": team,
            "contact": contact,
            "role": np.where(np.arange(n) % 4 == 0, "leider", "lid"),
            **answers,
        }
    )
    frame.to_csv(tmp_path / "data.csv", index=False)
    result = trustlab.analyse(tmp_path / "data.csv", codebook=tmp_path / "codebook.yaml", n_boot=0)
    assert list(result.scales) == ["climate", "worry"]
    assert result.scores["climate"].notna().sum() == n
    # 'age' is optional and not in the file: the models run without it, and the plan says so
    assert any("'age' is not in the data" in note for note in result.not_run)
    assert result.plan.covariates == ("role",)
    # the exposure's categories come from the codebook, in its order
    means = result.exposure.scales["climate"].means
    assert re.search("zelden", str(means)) is not None
