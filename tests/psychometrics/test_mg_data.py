"""Splitting rows by group for the multi-group CFA: lavaan's group order (first appearance among
the complete rows), merged groups, chosen groups, and the rows of each group in the data's
order, compared with a row-by-row split written out here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from trustlab.errors import CFAError
from trustlab.psychometrics._mg_data import split_groups

ITEMS = ("a", "b", "c")


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n = 400
    frame = pd.DataFrame({i: rng.integers(1, 6, n).astype(float) for i in ITEMS})
    frame.loc[rng.choice(n, 60, replace=False), "b"] = np.nan
    groups = rng.choice(["x", "y", "z", "w"], n).astype(object)
    groups[rng.choice(n, 25, replace=False)] = None
    frame["g"] = groups
    # the first row is incomplete and of group "z", the second complete and of "x": lavaan's
    # order starts with "x"
    frame.loc[0, ["g", "b"]] = ["z", np.nan]
    frame.loc[1, ["g", "b"]] = ["x", 3.0]
    frame.index = pd.RangeIndex(100, 100 + n)
    return frame


def _by_rows(frame: pd.DataFrame, groups=None, merge=None):
    """The split computed row by row."""
    mapping = {str(k): str(v) for k, v in (merge or {}).items()}
    order: list[str] = []
    values: dict[str, list[list[float]]] = {}
    dropped = []
    for label, row in zip(frame.index, frame.itertuples(index=False), strict=True):
        answers = [getattr(row, i) for i in ITEMS]
        if pd.isna(row.g) or any(np.isnan(answers)):
            dropped.append(label)
            continue
        name = mapping.get(str(row.g), str(row.g))
        if name not in values:
            order.append(name)
            values[name] = []
        values[name].append(answers)
    chosen = [str(g) for g in groups] if groups is not None else order
    return chosen, [np.array(values[g]) for g in chosen], tuple(dropped)


@pytest.mark.parametrize(
    "groups, merge",
    [(None, None), (["z", "x"], None), (None, {"y": "yz", "z": "yz"})],
)
def test_the_split_equals_a_row_by_row_split(groups, merge):
    frame = _frame()
    out = split_groups(frame, ITEMS, "g", groups=groups, merge=merge)
    labels, values, dropped = _by_rows(frame, groups, merge)
    assert out.labels == labels
    assert groups is not None or out.labels[0] == "x"
    assert len(out.values) == len(values)
    for got, want in zip(out.values, values, strict=True):
        np.testing.assert_array_equal(got, want)
    assert out.dropped_rows == dropped
    assert out.n_rows == 400
    assert out.notes[-1] == "25 respondent(s) without a value of 'g' were left out."
    if merge:
        assert out.notes[0] == "Groups 'y', 'z' were merged into 'yz'."


def test_a_group_without_complete_rows_is_named():
    frame = _frame()
    frame.loc[frame["g"] == "w", "a"] = np.nan
    with pytest.raises(CFAError, match=r"Group\(s\) \['w'\] have no complete respondents"):
        split_groups(frame, ITEMS, "g", groups=["w", "x"])
    assert "w" not in split_groups(frame, ITEMS, "g").labels


def test_numbers_and_their_text_are_one_group():
    frame = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [2.0, 2, 3, 5], "c": [1.0, 3, 3, 4],
                          "g": [1, "1", 2, 2]})  # fmt: skip
    out = split_groups(frame, ITEMS, "g")
    assert out.labels == ["1", "2"]
    np.testing.assert_array_equal(out.values[0], [[1, 2, 1], [2, 2, 3]])
