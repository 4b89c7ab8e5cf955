"""The shared behaviour of trustlab's result objects: display and plain data.

Every result has documented attributes and a ``summary()`` that returns a pandas DataFrame; this
mixin turns that summary into ``__repr__`` (for the terminal and doctests) and ``_repr_html_``
(for Jupyter), so that every result displays the same way everywhere, and it turns the result's
fields into plain data (:meth:`ResultMixin.to_dict`): ``results.json`` is a walk of the result
tree, not a hand-written mapping.

A result class lists in ``_private`` the fields that :meth:`to_dict` leaves out: respondent-level
data (fitted values, residuals, row labels of dropped respondents: never exported) and large
internal arrays (bootstrap distributions).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
import pandas as pd

__all__ = ["ResultMixin", "plain"]


class ResultMixin:
    """Display and export for result objects that define ``summary() -> DataFrame``."""

    #: Fields left out of :meth:`to_dict` (respondent-level data, large internal arrays).
    _private: ClassVar[tuple[str, ...]] = ()

    def summary(self) -> pd.DataFrame:  # pragma: no cover - every result overrides it
        """A table of the result, for display and export."""
        raise TypeError(f"{type(self).__name__} does not define summary()")

    def _title(self) -> str:
        return type(self).__name__

    def _notes(self) -> list[str]:
        return []

    def to_dict(self) -> dict[str, Any]:
        """The result as plain data (dicts, lists, str, int, float, bool, None).

        Tables become lists of records, NaN and infinities ``None``; nested results are
        walked the same way. Fields in ``_private`` are left out.
        """
        if not dataclasses.is_dataclass(self):  # pragma: no cover - every result is one
            raise TypeError(f"{type(self).__name__} is not a dataclass")
        return {
            f.name: plain(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if f.name not in self._private
        }

    def __repr__(self) -> str:
        with pd.option_context("display.width", 100, "display.max_columns", 20):
            text = [self._title(), self.summary().to_string()]
        text += [f"Note: {note}" for note in self._notes()]
        return "\n".join(text)

    def _repr_html_(self) -> str:
        from html import escape

        notes = "".join(f"<p><em>Note:</em> {escape(n)}</p>" for n in self._notes())
        return f"<p><strong>{escape(self._title())}</strong></p>{self.summary().to_html()}{notes}"


def plain(value: Any) -> Any:
    """``value`` as plain JSON-ready data.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> plain({"a": np.float64("nan"), "b": (1, np.int64(2))})
    {'a': None, 'b': [1, 2]}
    >>> plain(pd.DataFrame({"x": [1.5, 2.0]}, index=pd.Index(["p", "q"], name="k")))
    [{'k': 'p', 'x': 1.5}, {'k': 'q', 'x': 2.0}]
    """
    kind = type(value)  # the cells of tables first: exactly a float, text, int or None
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is str or kind is int or value is None:
        return value
    if isinstance(value, ResultMixin):
        return value.to_dict()
    if isinstance(value, pd.DataFrame):
        return _records(value)
    if isinstance(value, pd.Series):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray, pd.Index)):
        return [plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    return value if isinstance(value, str) else str(value)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table as a list of plain records, its index (unless a default one) as the first field
    (named as ``reset_index`` would name it, without making that frame)."""
    index = frame.index
    columns = [str(c) for c in frame.columns]
    # one conversion of the whole frame: itertuples indexes every column of every frame
    rows = frame.to_numpy(dtype=object).tolist()
    if isinstance(index, pd.RangeIndex) and index.name is None:
        return [{k: plain(v) for k, v in zip(columns, row, strict=True)} for row in rows]
    if isinstance(index, pd.MultiIndex):  # a field per level (level_1 for an unnamed one)
        return _records(frame.reset_index())
    name = index.name or "index"
    if name in frame.columns:
        return _records(frame.reset_index(names=name))  # reset_index says what it makes
    columns.insert(0, str(name))
    return [
        {k: plain(v) for k, v in zip(columns, [label, *row], strict=True)}
        for label, row in zip(index.tolist(), rows, strict=True)
    ]
