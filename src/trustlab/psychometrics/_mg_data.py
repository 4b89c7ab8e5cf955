"""Splitting survey rows into groups for multi-group CFA: listwise deletion, lavaan's group
order, merging of groups, and the screening of groups too small (or too sparse) for a model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from trustlab.errors import CFAError
from trustlab.psychometrics._cfa_input import item_columns

__all__ = ["GroupedData", "split_groups"]


@dataclass
class GroupedData:
    """Complete rows per group, in lavaan's group order (first appearance in the data)."""

    labels: list[str]
    values: list[np.ndarray]
    n_rows: int
    dropped_rows: tuple[Any, ...]
    dropped_groups: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    dropped_short: dict[str, str] = field(default_factory=dict)

    def drop(self, label: str, reason: str, short: str = "") -> None:
        i = self.labels.index(label)
        del self.labels[i]
        del self.values[i]
        self.dropped_groups[label] = reason
        self.dropped_short[label] = short or reason
        self.notes.append(reason)


def split_groups(
    data: Any,
    items: tuple[str, ...],
    group: str,
    *,
    groups: Sequence[Any] | None = None,
    merge: Mapping[Any, Any] | None = None,
) -> GroupedData:
    """Rows with every item and the group answered, split by group.

    ``merge`` maps group labels to new labels (for example two small roles to one); ``groups``
    chooses and orders the groups (default: every group, in order of first appearance, as
    lavaan).
    """
    if not isinstance(data, pd.DataFrame):
        raise CFAError(
            f"A multi-group CFA takes a pandas DataFrame; got {type(data).__name__}.",
            expected="a pandas DataFrame",
        )
    if group not in data.columns:
        raise CFAError(
            f"The grouping variable {group!r} is not a column of the data.",
            column=str(group),
            expected="a column of the data",
        )
    # the groups coded once, in order of first appearance (lavaan's), by their text
    codes, uniques = pd.factorize(data[group], use_na_sentinel=True)
    names = [str(v) for v in uniques]
    notes: list[str] = []
    if merge:
        mapping = {str(k): str(v) for k, v in merge.items()}
        unknown = sorted(set(mapping) - set(names))
        if unknown:
            raise CFAError(
                f"merge names group(s) {unknown} that do not occur in {group!r}.",
                column=str(group),
            )
        names = [mapping.get(v, v) for v in names]
        for new in sorted(set(mapping.values())):
            old = sorted(k for k, v in mapping.items() if v == new)
            notes.append(f"Groups {', '.join(map(repr, old))} were merged into {new!r}.")
    # each code to its group (values with the same text are one group)
    order = list(dict.fromkeys(names))
    position = {name: i for i, name in enumerate(order)}
    place = np.array([position[v] for v in names] + [-1], dtype=np.intp)
    columns = item_columns(data, items)  # checks the columns (names, numeric answers)
    n_rows = len(data)
    answered = np.ones(n_rows, dtype=bool)
    for column in columns:
        answered &= ~np.isnan(column)
    has_group = codes >= 0
    keep = answered & has_group
    kept = np.flatnonzero(keep)  # the complete rows, taken once below (no copy of them all)
    group_of = place[codes[kept]]
    if groups is not None:
        wanted = [str(g) for g in groups]
        present = {order[i] for i in np.unique(group_of)}
        missing = [g for g in wanted if g not in present]
        if missing:
            raise CFAError(
                f"Group(s) {missing} have no complete respondents in {group!r}.",
                column=str(group),
            )
    else:  # first appearance among the complete rows, as lavaan's group.label
        present, first = np.unique(group_of, return_index=True)
        wanted = [order[i] for i in present[np.argsort(first)]]
    # one stable sort splits the rows by group, each group's rows in the data's order
    sort = np.argsort(group_of, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(group_of, minlength=len(order)))])
    # each group's rows filled one item at a time (not all rows, then each group's: at ten
    # million respondents that would be a second copy of them all)
    out_values = [_rows_of(columns, kept[sort[bounds[i] : bounds[i + 1]]])
                  for i in map(position.get, wanted)]  # fmt: skip
    order = wanted
    dropped_rows = tuple(data.index[~keep])
    if (~has_group).any():
        notes.append(
            f"{int((~has_group).sum())} respondent(s) without a value of {group!r} were left out."
        )
    return GroupedData(
        labels=order,
        values=out_values,
        n_rows=n_rows,
        dropped_rows=dropped_rows,
        notes=notes,
    )


def _rows_of(columns: list[np.ndarray], rows: np.ndarray) -> np.ndarray:
    """The items' answers of ``rows`` (one row per respondent, one column per item)."""
    out = np.empty((len(rows), len(columns)))
    for j, column in enumerate(columns):
        out[:, j] = column[rows]
    return out
