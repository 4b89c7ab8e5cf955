"""The items of a scale by group, for the agreement indices (rwg(j), awg): the complete rows, the
group codes, and the items' group means and variances, each computed once.

:func:`trustlab.models.rwg_j` and :func:`trustlab.models.awg` of one scale need the same group
means and variances of the same items: given one :class:`GroupItems`, the second takes them from
the first (on ten million respondents, a copy of the answers and a pass over them saved).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from trustlab.models._common import ModelError, check_columns

__all__ = ["GroupItems"]


class GroupItems:
    """``items`` of ``data`` by ``group``, computed when first asked for (any error then, as
    the agreement index asking would raise it) and kept.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [4, 4, 5, 2, 1, 4], "g": ["x", "x", "x", "y", "y", "y"]})
    >>> shared = GroupItems(df, ["a"], "g")
    >>> codes, labels, ok = shared.rows()
    >>> codes.tolist(), list(labels), shared.moments()[1].round(4).ravel().tolist()
    ([0, 0, 0, 1, 1, 1], ['x', 'y'], [0.3333, 2.3333])
    """

    def __init__(self, data: pd.DataFrame, items: Sequence[str] | str, group: str) -> None:
        self.data, self.group = data, group
        self.items = (items,) if isinstance(items, str) else tuple(items)
        self._rows: tuple[list[np.ndarray] | None, np.ndarray, pd.Index, np.ndarray] | None = None
        self._moments: tuple[np.ndarray, np.ndarray] | None = None

    def rows(self) -> tuple[np.ndarray, pd.Index, np.ndarray]:
        """The group code of each complete row, the groups' labels (sorted) and which rows of
        ``data`` are complete."""
        if self._rows is None:
            self._rows = _item_frame(self.data, self.items, self.group)
        _, codes, labels, ok = self._rows
        return codes, labels, ok

    def moments(self) -> tuple[np.ndarray, np.ndarray]:
        """Per group and item: the mean and the variance (n - 1; NaN for a group of one)."""
        if self._moments is None:
            self.rows()
            columns, codes, labels, ok = self._rows
            self._moments = _group_var(columns, ok, codes, len(labels))
            self._rows = None, codes, labels, ok  # the answers themselves are done with
        return self._moments


def _item_frame(
    data: pd.DataFrame, items: Sequence[str], group: str
) -> tuple[list[np.ndarray], np.ndarray, pd.Index, np.ndarray]:
    items = [items] if isinstance(items, str) else list(items)
    check_columns(data, [*items, group])
    frame = data[items]
    try:
        if all(pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t)
               for t in frame.dtypes):  # fmt: skip
            columns = [frame[c].to_numpy(dtype=float, na_value=np.nan) for c in items]
        else:
            columns = [pd.to_numeric(frame[c], errors="raise").to_numpy(dtype=float)
                       for c in items]  # fmt: skip
    except (TypeError, ValueError) as exc:
        raise ModelError(f"The items {items} must be numeric answers.") from exc
    ok = data[group].notna().to_numpy().copy()  # written below
    for x in columns:
        ok &= ~np.isnan(x)
    codes, labels = pd.factorize(data[group][ok], sort=True)
    # the items' columns as they are (no respondents x items matrix: at ten million
    # respondents 0.5 GB); their complete rows are taken one item at a time. The labels as
    # factorize gives them: of a categorical cluster, its categories by code (no Python
    # string per cluster: at two million clusters 0.1 GB and a second)
    return columns, codes, labels, ok


def _group_var(
    columns: list[np.ndarray], ok: np.ndarray, codes: np.ndarray, G: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per group and item: the mean and the variance (n - 1; NaN for a group of one), over the
    complete rows ``ok`` of each item's column."""
    n = np.bincount(codes, minlength=G).astype(float)
    means = np.empty((G, len(columns)))
    ss = np.empty((G, len(columns)))
    for j, column in enumerate(columns):  # one item at a time: no respondents x items copy
        x = column[ok]
        means[:, j] = np.bincount(codes, weights=x, minlength=G) / n
        # the deviations and their squares in x's own memory (the same numbers as d = x - m
        # and d * d; at ten million respondents two arrays fewer)
        np.subtract(x, means[codes, j], out=x)
        ss[:, j] = np.bincount(codes, weights=np.multiply(x, x, out=x), minlength=G)
    # the variances in the sums of squares' memory (two million clusters: 0.1 GB per copy)
    many = n > 1
    ss[many] /= n[many, None] - 1
    ss[~many] = np.nan
    return means, ss
