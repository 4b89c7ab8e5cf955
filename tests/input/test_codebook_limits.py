"""Hostile codebooks: billion laughs, deep nesting, duplicate keys, huge files and numbers.

Each is refused with a short CodebookError naming the file and the line or key, from the
library and from ``trustlab codebook check`` (exit 2); none reaches an internal error. Speed is
not timed here (see benchmarks/bench_data.py): the refusals are bounded by construction (the
expanded size is computed from the composed nodes; a file is read at most 1 MiB far).
"""

from __future__ import annotations

import copy

import pytest
import yaml

import trustlab
from trustlab.cli import main
from trustlab.errors import CodebookError
from trustlab.input.codebook import codebook_from_dict, load_codebook
from trustlab.input.codebook_checks import MAX_CATEGORIES, MAX_TEXT
from trustlab.input.codebook_yaml import MAX_CODEBOOK_BYTES, MAX_NESTING, MAX_NODES, load_yaml


def billion_laughs(levels: int = 9) -> str:
    """Nine nested anchors of nine aliases each: 9**10 (3.5e9) values in about 600 bytes."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def raw() -> dict:
    return copy.deepcopy(trustlab.default_codebook().raw)


def _refused(tmp_path, text: str | bytes, capsys) -> str:
    path = tmp_path / "cb.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert len(message) < 600, message
    assert info.value.file == str(path)
    assert main(["codebook", "check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"trustlab: error: {message}\n"
    return message


def test_billion_laughs_is_refused_by_its_expanded_size(tmp_path, capsys):
    text = billion_laughs()
    assert len(text) < 700
    message = _refused(tmp_path, text, capsys)
    assert f"more than {MAX_NODES:,} values" in message
    assert "billion laughs" in message
    assert "line 7" in message  # the anchor whose expansion first passes the limit


def test_a_few_aliases_are_fine(tmp_path, raw):
    # anchors and aliases are legitimate YAML: the same categories for two covariates
    text = yaml.safe_dump(raw, sort_keys=False)
    text = text.replace("covariates:\n", "covariates:\n", 1)
    data = load_yaml("a: &x [1, 2]\nb: *x\nc: {<<: {k: 1}, j: 2}\n", "cb.yaml")
    assert data == {"a": [1, 2], "b": [1, 2], "c": {"k": 1, "j": 2}}


def test_recursive_alias_is_refused(tmp_path, capsys):
    message = _refused(tmp_path, "a: &a [1, *a]\n", capsys)
    assert "the alias *a refers to the list or mapping it is inside of" in message


@pytest.mark.parametrize("text", ["study: " + "[" * 100_000 + "]" * 100_000,
                                  "study: " + "{a: " * 5_000 + "1" + "}" * 5_000],
                         ids=["lists", "mappings"])  # fmt: skip
def test_deep_nesting_is_refused_with_the_maximum(tmp_path, capsys, text):
    message = _refused(tmp_path, text, capsys)
    assert f"nest more than {MAX_NESTING} levels deep" in message


def test_nesting_at_the_limit_is_read():
    text = "a: " + "[" * (MAX_NESTING - 1) + "]" * (MAX_NESTING - 1)
    assert load_yaml(text, "cb.yaml") is not None


@pytest.mark.parametrize(
    ("text", "key", "line", "first"),
    [("study: x\nstudy: y\n", "'study'", 2, 1),
     ("items:\n  - column: T1\n    reverse: true\n    reverse: false\n", "'reverse'", 4, 3),
     ("{a: 1, a: 2}\n", "'a'", 1, 1)],
)  # fmt: skip
def test_duplicate_keys_are_refused_naming_key_and_line(tmp_path, capsys, text, key, line, first):
    message = _refused(tmp_path, text, capsys)
    assert f"line {line}: the key {key} appears twice" in message
    assert f"(first at line {first})" in message


def test_duplicate_reverse_key_in_a_real_codebook(tmp_path, raw, capsys):
    text = yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)
    text = text.replace("  reverse: true\n", "  reverse: true\n  reverse: false\n", 1)
    message = _refused(tmp_path, text, capsys)
    assert "the key 'reverse' appears twice" in message


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path, capsys):
    message = _refused(tmp_path, "study: " + "x" * MAX_CODEBOOK_BYTES, capsys)
    assert "larger than 1,048,576 bytes (1 MiB)" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [("study: " + "9" * 5000, "more than 4,300 digits"),
     ("study: 2021-02-30\n", "a value YAML cannot convert (day is out of range for month)"),
     ("study: \x07\n", "character 0x0007 at position 7"),
     (b"study: \xff\xfe\x00x\n", "not UTF-8 text"),
     ("? [a]\n: b\n", "found unhashable key"),
     ("a: *nowhere\n", "found undefined alias 'nowhere'")],
    ids=["digits", "date", "control", "encoding", "unhashable", "undefined-alias"],
)  # fmt: skip
def test_other_unreadable_yaml(tmp_path, capsys, text, expected):
    assert expected in _refused(tmp_path, text, capsys)


def test_a_folder_as_codebook(tmp_path, capsys):
    (tmp_path / "cb.yaml").mkdir()
    with pytest.raises(CodebookError, match="is a folder, not a codebook file"):
        load_codebook(tmp_path / "cb.yaml")


# --- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [(("response_scale", "max"), 10**400, "expected a number between -10^15 and 10^15, got a "
                                           "401-digit number."),
     (("response_scale", "min"), -(10**20), "expected a number between -10^15 and 10^15"),
     (("scales", "trust", "min_valid"), 10**400, "401-digit number"),
     (("high", "cutoff"), 1e300, "whole numbers beyond that are not exact"),
     (("study",), 10**5000, "expected a text, got a 5,001-digit number.")],
    ids=["max", "min", "min_valid", "cutoff", "study"],
)  # fmt: skip
def test_huge_numbers_are_refused(raw, where, value, expected):
    target = raw
    for key in where[:-1]:
        target = target.setdefault(key, {})
    target[where[-1]] = value
    with pytest.raises(CodebookError) as info:
        codebook_from_dict(raw)
    assert expected in str(info.value)
    assert len(str(info.value)) < 400


def test_a_huge_integer_in_a_yaml_file(tmp_path, raw, capsys):
    text = yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)
    text = text.replace("  max: 5\n", "  max: " + "9" * 400 + "\n", 1)
    message = _refused(tmp_path, text, capsys)
    assert "response_scale.max: expected a number between -10^15 and 10^15, got a 400-digit" in (
        message
    )


@pytest.mark.parametrize("top", [10**7, 10**9, MAX_CATEGORIES + 1])
def test_response_ranges_beyond_101_categories_are_refused(raw, top):
    raw["response_scale"] = {"min": 1, "max": top}
    with pytest.raises(CodebookError) as info:
        codebook_from_dict(raw)
    assert f"has {top:,} answer categories; trustlab accepts at most {MAX_CATEGORIES}" in str(
        info.value
    )


def test_a_percentage_scale_is_accepted(raw):
    raw["response_scale"] = {"min": 0, "max": 100}
    raw["missing_codes"] = []
    cb = codebook_from_dict(raw)
    assert len(cb.response_scale.values) == 101


def test_an_item_named_as_its_scale_is_refused(raw):
    raw["items"][0]["column"] = "trust"
    raw["scales"]["trust"]["items"][0] = "trust"
    with pytest.raises(CodebookError) as info:
        codebook_from_dict(raw)
    assert str(info.value) == (
        "codebook: columns: the column 'trust' has the name trustlab gives to the score of scale "
        "'trust'; rename the column (in the file and the codebook) or the scale, so that the two "
        "cannot be confused."
    )


@pytest.mark.parametrize("name", ["high_distrust", "trust_n", "quadrant", "meetings_per_year"])
def test_a_covariate_named_as_a_computed_column_is_refused(raw, name):
    raw["covariates"][0]["column"] = name
    with pytest.raises(CodebookError, match=f"the column '{name}' has the name trustlab gives"):
        codebook_from_dict(raw)


def test_a_huge_text_is_refused_and_not_echoed(raw):
    raw["study"] = "x" * (MAX_TEXT + 1)
    with pytest.raises(CodebookError) as info:
        codebook_from_dict(raw)
    assert f"the text has {MAX_TEXT + 1:,} characters; trustlab accepts at most" in str(info.value)
    assert len(str(info.value)) < 300


def test_an_unknown_huge_key_is_not_echoed(raw):
    raw["x" * 1_000_000] = 1
    with pytest.raises(CodebookError) as info:
        codebook_from_dict(raw)
    assert "unknown key 'xxxx" in str(info.value)
    assert len(str(info.value)) < 500


def test_a_deeply_nested_value_is_not_echoed(raw):
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    raw["study"] = deep
    with pytest.raises(CodebookError, match=r"expected a text, got a list \(\[\[\[\[") as info:
        codebook_from_dict(raw)
    assert len(str(info.value)) < 200


def test_more_items_than_a_file_can_have_columns_are_refused(raw):
    template = raw["items"][0]
    raw["items"] = [dict(template, column=f"Q{i}") for i in range(16_385)]
    with pytest.raises(CodebookError, match="the codebook declares 16,385 items; trustlab reads"):
        codebook_from_dict(raw)
