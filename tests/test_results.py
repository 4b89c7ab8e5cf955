"""plain(): tables as records with their index first, named as reset_index names it; exact
scalars passed through, NaN and infinities as None."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from trustlab.results import plain


def by_reset_index(frame):
    """The records as ``reset_index`` and one object conversion make them (the definition)."""
    if isinstance(frame.index, pd.MultiIndex):
        frame = frame.reset_index()  # level_1 for an unnamed level
    elif not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None:
        frame = frame.reset_index(names=frame.index.name or "index")
    columns = [str(c) for c in frame.columns]
    return [
        {k: plain(v) for k, v in zip(columns, row, strict=True)}
        for row in frame.to_numpy(dtype=object).tolist()
    ]


VALUES = {"x": [1.5, np.nan, -np.inf], "n": [1, 2, 3], "s": ["a", None, "=c"]}


@pytest.mark.parametrize(
    "index",
    [
        pd.RangeIndex(3),
        pd.RangeIndex(3, name="row"),
        pd.Index(["p", "q", "r"]),
        pd.Index(["p", "q", "r"], name="item"),
        pd.Index([10, 20, 30], name="cluster"),
        pd.Index([0.5, np.nan, 2.0], name="cut"),
        pd.CategoricalIndex(["low", "high", "low"], name="level"),
        pd.Index(["p", "q", "r"], name="x"),  # the name of a column: reset_index refuses
        pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 1)], names=["g", "k"]),
        pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 1)], names=["g", None]),
    ],
)
def test_tables_as_records(index):
    frame = pd.DataFrame(VALUES, index=index)
    frame["s"] = frame["s"].astype("string")
    try:
        expected = by_reset_index(frame)
    except ValueError as exc:  # "cannot insert x, already exists"
        with pytest.raises(ValueError, match=str(exc)):
            plain(frame)
        return
    got = plain(frame)
    assert got == expected
    assert [list(r) for r in got] == [list(r) for r in expected]  # the same field order


def test_a_table_with_levels():
    frame = pd.DataFrame({"v": [1.0, 2.0]}, index=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)]))
    assert plain(frame) == [{"level_0": "a", "level_1": 1, "v": 1.0},
                            {"level_0": "b", "level_1": 2, "v": 2.0}]  # fmt: skip


def test_a_record_for_every_row_and_none_for_what_json_cannot_hold():
    frame = pd.DataFrame({"v": [1.0, math.inf]}, index=pd.Index(["a", "b"], name="k"))
    assert plain(frame) == [{"k": "a", "v": 1.0}, {"k": "b", "v": None}]
    assert plain(pd.DataFrame({"v": []})) == []
    assert plain(pd.DataFrame(index=pd.Index(["a"], name="k"))) == [{"k": "a"}]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.25, 1.25),
        (math.nan, None),
        (-math.inf, None),
        ("text", "text"),
        (7, 7),
        (True, True),
        (None, None),
        (np.float64(0.5), 0.5),
        (np.int64(3), 3),
        (np.bool_(False), False),
        (pd.NA, None),
        ((1, np.float64("nan")), [1, None]),
    ],
)
def test_scalars(value, expected):
    got = plain(value)
    assert got == expected and type(got) is type(expected)
