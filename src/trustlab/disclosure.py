"""Small-cell suppression that the numbers beside a table cannot undo.

The data describe people in poverty: a cross-table cell of fewer than ``min_cell`` respondents is
not shown (primary suppression). That alone protects nothing when the cell can be recomputed from
what *is* shown: the other cells of its row and column, the table's margins, and other published
counts that add up over the same cells (the share with high trust per category adds two quadrant
cells). As statistical offices do, :func:`protect` therefore also suppresses complementary cells
until no suppressed cell is determined by the published numbers: for each suppressed cell it
computes, by integer programming over every table consistent with what is published, the
smallest and largest value the cell can take, and it keeps adding the smallest visible cell that
breaks a tie until every suppressed cell can take at least two values.

Which published totals bind a table is stated by the caller (:func:`quadrant_constraints` for the
quadrant by exposure table of an analysis); a total is used only where it holds exactly on the
data, so the audit is neither weaker nor stronger than what a reader can do.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

__all__ = ["Constraint", "cell_range", "protect"]

#: A published linear total over the cells: (coefficients over the flattened cells, value).
Constraint = tuple[np.ndarray, float]


def _program(
    counts: np.ndarray, hidden: np.ndarray, constraints: Sequence[Constraint]
) -> tuple[np.ndarray, LinearConstraint, Bounds]:
    """The tables that agree with what is published: the visible cells (``~hidden``) and
    ``constraints``, over non-negative integers (the flattened counts, the equalities, the
    bounds)."""
    flat = np.asarray(counts, dtype=float).ravel()
    hidden = np.asarray(hidden, dtype=bool).ravel()
    n = flat.size
    rows = [np.eye(n)[i] for i in np.flatnonzero(~hidden)]
    values = list(flat[~hidden])
    for coef, value in constraints:
        rows.append(np.asarray(coef, dtype=float))
        values.append(float(value))
    equal = LinearConstraint(np.array(rows), np.array(values), np.array(values))
    return flat, equal, Bounds(np.zeros(n), np.full(n, flat.sum()))


def _solve(flat: np.ndarray, equal: LinearConstraint, bounds: Bounds, cell: int,
           sign: float) -> np.ndarray | None:  # fmt: skip
    """A table (flattened, whole numbers) where ``cell`` is smallest (``sign`` 1) or largest
    (-1); None if none is found."""
    c = np.zeros(flat.size)
    c[cell] = sign
    res = milp(c, constraints=equal, bounds=bounds, integrality=np.ones(flat.size))
    return np.round(res.x) if res.success else None


def _extreme(flat: np.ndarray, equal: LinearConstraint, bounds: Bounds, cell: int,
             sign: float) -> float:  # fmt: skip
    """The smallest (``sign`` 1) or largest (-1) value of ``cell``; NaN if none is found."""
    table = _solve(flat, equal, bounds, cell, sign)
    return float(table[cell]) if table is not None else np.nan


def cell_range(
    counts: np.ndarray, hidden: np.ndarray, constraints: Sequence[Constraint], cell: int
) -> tuple[float, float]:
    """The smallest and largest value of flattened ``cell`` over all non-negative integer tables
    that agree with the visible cells (``~hidden``) and ``constraints``."""
    flat, equal, bounds = _program(counts, hidden, constraints)
    return _extreme(flat, equal, bounds, cell, 1.0), _extreme(flat, equal, bounds, cell, -1.0)


def _varies(
    counts: np.ndarray, hidden: np.ndarray, constraints: Sequence[Constraint], cell: int
) -> bool:
    """Whether ``cell`` can take another value than its count in a table that agrees with what
    is published (:func:`cell_range`'s range is wider than one value)."""
    return _other_table(counts, hidden, constraints, cell) is not None


def _other_table(
    counts: np.ndarray, hidden: np.ndarray, constraints: Sequence[Constraint], cell: int
) -> np.ndarray | None:
    """A table that agrees with what is published in which ``cell`` differs from its count
    (flattened), or None if there is none: the largest value of ``cell`` is looked for first,
    its smallest only when the largest is the count itself."""
    flat, equal, bounds = _program(counts, hidden, constraints)
    for sign in (-1.0, 1.0):
        table = _solve(flat, equal, bounds, cell, sign)
        if table is not None and abs(table[cell] - flat[cell]) > 0.5:
            return table
    return None


class _Spans:
    """Whether a cell can take another value (:func:`_varies`) in one table, each (hidden
    cells, cell) solved once: a search asks the same question again after it hides the cell
    that answered it. 1.0 if it can, 0.0 if not (a range of at least one, or none).

    Each table found on the way that differs from the counts answers the question for every
    cell it changes, as long as it agrees with the cells still shown (hiding more cells only
    admits more tables): such a cell needs no integer program of its own. The answers are
    those of :func:`_varies`, with fewer programs solved (155 to 115 for the sample's quadrant
    table).

    A cell that the published equalities alone fix (every direction in which the hidden cells
    can move with all published totals unchanged leaves it as it is: it is not free in the
    null space of the totals over the hidden cells) takes one value in every table, integer or
    not: no program is solved for it (112 of the 115 above). The null space comes from a
    singular value decomposition of a small matrix of the totals' coefficients; a numerical
    slip could only call a free cell fixed, which hides more cells, never fewer.
    """

    def __init__(self, counts: np.ndarray, constraints: Sequence[Constraint]) -> None:
        self.counts, self.constraints = counts, constraints
        self._flat = np.asarray(counts, dtype=float).ravel()
        self._known: dict[tuple[bytes, int], float] = {}
        self._tables: list[np.ndarray] = []  # tables that agree with the margins
        self._totals = (np.array([np.asarray(c, dtype=float) for c, _ in constraints])
                        if constraints else np.zeros((0, self._flat.size)))  # fmt: skip
        self._free: dict[bytes, np.ndarray] = {}  # hidden cells -> which of them can move

    def __call__(self, hidden: np.ndarray, cell: int) -> float:
        hidden = np.asarray(hidden, dtype=bool)
        key = (hidden.tobytes(), int(cell))
        if key not in self._known:
            self._known[key] = 1.0 if self._varies(hidden.ravel(), int(cell)) else 0.0
        return self._known[key]

    def _movable(self, hidden: np.ndarray) -> np.ndarray:
        """Which cells (flattened) some change of the hidden cells that keeps every published
        total moves: the null space of the totals' coefficients over the hidden cells."""
        key = hidden.tobytes()
        if key not in self._free:
            columns = np.flatnonzero(hidden)
            totals = self._totals[:, columns]
            free = np.zeros(hidden.size, dtype=bool)
            if totals.shape[0] == 0:
                free[columns] = True
            else:
                _, sv, vh = np.linalg.svd(totals)
                tol = max(totals.shape) * np.finfo(float).eps * (sv[0] if sv.size else 0.0)
                rank = int(np.sum(sv > tol))
                null = vh[rank:]  # rows: a basis of the directions that keep every total
                free[columns] = (np.abs(null) > 1e-9).any(axis=0)
            self._free[key] = free
        return self._free[key]

    def _varies(self, hidden: np.ndarray, cell: int) -> bool:
        if not self._movable(hidden)[cell]:  # fixed by the totals: the same in every table
            return False
        shown = ~hidden
        for table in self._tables:
            if table[cell] != self._flat[cell] and np.array_equal(table[shown], self._flat[shown]):
                return True
        table = _other_table(self.counts, hidden, self.constraints, cell)
        if table is None:
            return False
        if self._agrees(table, shown):
            self._tables.append(table)
        return True

    def _agrees(self, table: np.ndarray, shown: np.ndarray) -> bool:
        """Whether ``table`` is exactly (in whole numbers) a table the published numbers admit."""
        if (table < 0).any() or not np.array_equal(table[shown], self._flat[shown]):
            return False
        return all(float(np.asarray(coef, dtype=float) @ table) == float(value)
                   for coef, value in self.constraints)  # fmt: skip


def _exposed(span: _Spans, hidden: np.ndarray) -> int | None:
    """The first hidden cell the published numbers determine, or None."""
    for cell in np.flatnonzero(np.asarray(hidden).ravel()):
        if not span(hidden, int(cell)) >= 1:
            return int(cell)
    return None


def _rectangle(counts, hidden, span: _Spans, cell, at) -> np.ndarray:
    """Hide the cheapest rectangle of cells through ``at`` (the classic pattern that no margin
    can undo); failing that, the smallest visible cell of its row or column."""
    r, c = at
    rows, cols = counts.shape
    options = []
    for i in range(rows):
        for j in range(cols):
            if i == r or j == c:
                continue
            corners = [(r, j), (i, c), (i, j)]
            trial = hidden.copy()
            for corner in corners:
                trial[corner] = True
            added = sum(int(counts[k]) for k in corners if not hidden[k])
            options.append((added, i, j, trial))
    for _, _, _, trial in sorted(options, key=lambda o: o[:3]):
        if span(trial, cell) >= 1:
            return trial
    near = [(counts[i, j], i, j) for i in range(rows) for j in range(cols)
            if not hidden[i, j] and (i == r or j == c)]  # fmt: skip
    anywhere = [(counts[i, j], i, j) for i in range(rows) for j in range(cols) if not hidden[i, j]]
    out = hidden.copy()
    if near or anywhere:  # every call hides at least one more cell: the search always ends
        _, i, j = min(near or anywhere)
        out[i, j] = True
    return out


#: The last searches of :func:`protect`, by their inputs: the report's views (terminal, HTML,
#: Markdown, JSON, tables) each protect the same table, and each search solves hundreds of small
#: integer programs.
_SEARCHES: dict[bytes, np.ndarray] = {}
_KEEP = 32


def _key(counts: np.ndarray, min_cell: int, constraints: Sequence[Constraint]) -> bytes:
    parts = [repr((counts.shape, str(counts.dtype), int(min_cell))).encode(), counts.tobytes()]
    for coef, value in constraints:
        parts += [np.asarray(coef, dtype=float).tobytes(), repr(float(value)).encode(), b"|"]
    return b"\0".join(parts)


def protect(
    counts: np.ndarray, *, min_cell: int, constraints: Sequence[Constraint] = ()
) -> np.ndarray:
    """Which cells to hide: those below ``min_cell`` and enough others that none is determined.

    Parameters
    ----------
    counts : 2-D array of int
        The table.
    min_cell : int
        Cells with fewer respondents are hidden (primary suppression); 0 or 1 hides nothing
        but empty cells when 1.
    constraints : sequence of (coefficients, value)
        Other published totals over the flattened cells: the table's own margins, and sums such
        as the number with high trust in a column. Only totals that are published and exact.

    Returns
    -------
    numpy.ndarray of bool
        The cells to hide, shaped as ``counts``.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.array([[2, 10, 12], [9, 11, 13]])
    >>> margins = [(np.repeat(np.eye(2), 3, axis=1)[r], t[r].sum()) for r in range(2)]
    >>> protect(t, min_cell=5, constraints=margins).astype(int).tolist()
    [[1, 1, 0], [0, 0, 0]]
    """
    counts = np.asarray(counts)
    key = _key(counts, min_cell, constraints)
    if key not in _SEARCHES:
        if len(_SEARCHES) >= _KEEP:
            _SEARCHES.pop(next(iter(_SEARCHES)))
        _SEARCHES[key] = _search(counts, min_cell, constraints)
    return _SEARCHES[key].copy()


def _search(counts: np.ndarray, min_cell: int, constraints: Sequence[Constraint]) -> np.ndarray:
    hidden = counts < min_cell
    if not hidden.any():
        return hidden
    shape = counts.shape
    span = _Spans(counts, constraints)
    while (cell := _exposed(span, hidden)) is not None:
        r, c = divmod(cell, shape[1])
        visible = [(counts[i, j], abs(i - r) + abs(j - c), i, j)
                   for i in range(shape[0]) for j in range(shape[1])
                   if not hidden[i, j] and (i == r or j == c)]  # fmt: skip
        if not visible:  # everything in its row and column is hidden: widen to the whole table
            visible = [(counts[i, j], 0, i, j) for i in range(shape[0])
                       for j in range(shape[1]) if not hidden[i, j]]  # fmt: skip
        if not visible:  # the whole table is hidden and still determined (by its margins)
            break
        for _, _, i, j in sorted(visible):
            trial = hidden.copy()
            trial[i, j] = True
            if span(trial, cell) >= 1:
                hidden = trial
                break
        else:
            hidden = _rectangle(counts, hidden, span, cell, (r, c))
    return hidden
