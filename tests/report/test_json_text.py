"""indented_json: the bytes of json.dumps(..., ensure_ascii=False, indent=2, allow_nan=False),
checked on generated documents, on corner cases and on the sample's results.json."""

from __future__ import annotations

import json
import math
from enum import IntEnum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import trustlab
from trustlab.report.json_export import analysis_to_dict
from trustlab.report.json_text import indented_json


def reference(document):
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)


finite = st.floats(allow_nan=False, allow_infinity=False)
leaves = st.one_of(st.none(), st.booleans(), st.integers(), finite, st.text())
keys = st.one_of(st.text(), st.integers(), finite, st.booleans(), st.none())
documents = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.tuples(children, children),
        st.dictionaries(keys, children, max_size=5),
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(documents)
def test_same_text_as_the_standard_library(document):
    assert indented_json(document) == reference(document)


@pytest.mark.parametrize(
    "document",
    [
        {},
        [],
        "text",
        1.5,
        None,
        {"a": {}, "b": [], "c": [[]], "d": [{}]},
        {'é ü \u2028 \x00 "quoted" \\': ["\n\t", "😀"]},
        {3: "int key", 2.5: "float key", True: "bool key", None: "null key", "": [1, {}]},
        [1e300, -0.0, 5e-324, 2**70, True, False],
        {"row": {"x": 1, "y": [1, 2]}, "flat": {"x": 1, "y": 2}},
        [IntEnum("E", "A B").A, 3],  # an int subclass is written as the int
    ],
)
def test_corner_cases(document):
    assert indented_json(document) == reference(document)


@pytest.mark.parametrize("bad", [math.nan, [1.0, math.inf], {"a": {"b": -math.inf}}, {math.nan: 1}])
def test_no_nan_or_infinity(bad):
    with pytest.raises(ValueError):
        reference(bad)
    with pytest.raises(ValueError):
        indented_json(bad)


@pytest.mark.parametrize("bad", [{"a": object()}, [{1, 2}], {(1, 2): "tuple key"}])
def test_what_json_cannot_hold(bad):
    with pytest.raises(TypeError):
        reference(bad)
    with pytest.raises(TypeError):
        indented_json(bad)


def test_the_sample_results_document():
    document = analysis_to_dict(trustlab.analyse(trustlab.load_sample(), n_boot=50))
    assert indented_json(document) == reference(document)
