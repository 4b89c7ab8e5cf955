"""Small-cell suppression that nothing published can undo (trustlab.disclosure).

Each test checks the protection by brute force, independently of the integer programme that
chose the cells: every table consistent with what is shown is enumerated, and every hidden cell
must take at least two values among them.
"""

from __future__ import annotations

import itertools
import json

import numpy as np

import trustlab
from trustlab import disclosure
from trustlab.disclosure import cell_range, protect
from trustlab.report.json_export import analysis_to_dict
from trustlab.report.suppression import quadrant_table


def _margins(t: np.ndarray) -> list:
    rows, cols = t.shape
    out = []
    for r in range(rows):
        coef = np.zeros((rows, cols))
        coef[r] = 1
        out.append((coef.ravel(), t[r].sum()))
    for c in range(cols):
        coef = np.zeros((rows, cols))
        coef[:, c] = 1
        out.append((coef.ravel(), t[:, c].sum()))
    return out


def _consistent(t: np.ndarray, hidden: np.ndarray, constraints) -> list[np.ndarray]:
    """Every non-negative integer table that agrees with the visible cells and constraints."""
    cells = np.flatnonzero(hidden.ravel())
    top = int(t.sum())
    found = []
    for values in itertools.product(range(top + 1), repeat=len(cells)):
        x = t.ravel().astype(float).copy()
        x[cells] = values
        if all(abs(coef @ x - value) < 1e-9 for coef, value in constraints):
            found.append(x)
    return found


def test_a_lone_small_cell_gets_complements_until_no_hidden_cell_is_determined():
    t = np.array([[2, 6, 7], [6, 8, 9]])
    hidden = protect(t, min_cell=5, constraints=_margins(t))
    assert hidden[0, 0] and hidden.sum() == 4  # the small cell and three complements
    tables = _consistent(t, hidden, _margins(t))
    for cell in np.flatnonzero(hidden.ravel()):
        assert len({x[cell] for x in tables}) >= 2


def test_nothing_small_nothing_hidden():
    t = np.array([[12, 16], [16, 18]])
    assert not protect(t, min_cell=5, constraints=_margins(t)).any()


def test_cell_range_by_integer_programming():
    t = np.array([[2, 6], [6, 8]])
    hidden = np.array([[True, True], [True, True]])
    # margins 8, 14 (rows) and 8, 14 (columns): the corner cell ranges over 0..8
    assert cell_range(t, hidden, _margins(t), 0) == (0.0, 8.0)


def test_no_suppressed_cell_of_the_sample_can_be_recomputed():
    # issue 17: the sample's four small quadrant cells were recovered exactly from the row
    # percentages and the category totals. With every count the outputs publish (margins, the
    # number with high trust and with high distrust per category), each hidden cell must still
    # take two values or more.
    analysis = trustlab.analyse(trustlab.load_sample(), n_boot=0)
    protected = quadrant_table(analysis, min_cell=5)
    counts = analysis.dimensions.by_exposure.counts.to_numpy()
    hidden = protected.hidden.to_numpy()
    assert hidden.sum() == 16  # with the shares per category published, the whole table
    high_trust = counts[0] + counts[1]
    high_distrust = counts[1] + counts[3]
    total = counts.sum(axis=0)
    both = counts[1].sum()  # the quadrant margin: high trust and high distrust
    values_of = {c: set() for c in range(4)}
    ranges = [range(max(0, high_trust[c] + high_distrust[c] - total[c]),
                    min(high_trust[c], high_distrust[c]) + 1) for c in range(4)]  # fmt: skip
    for x in itertools.product(*ranges):  # each column has one free cell: "both high"
        if sum(x) == both:
            for c in range(4):
                values_of[c].add(x[c])
    assert all(len(v) >= 2 for v in values_of.values())
    # and results.json publishes none of the hidden counts, nor the test that would pin them
    text = json.dumps(analysis_to_dict(analysis, min_cell=5)["dimensions"])
    assert '"chi_square": null' in text


def test_whether_a_cell_varies_is_whether_its_range_is_wider_than_one_value():
    rng = np.random.default_rng(11)
    for _ in range(25):
        table = rng.integers(0, 9, size=(3, 3))
        hidden = rng.random((3, 3)) < 0.5
        margins = _margins(table)
        for cell in np.flatnonzero(hidden):
            low, high = disclosure.cell_range(table, hidden, margins, int(cell))
            assert disclosure._varies(table, hidden, margins, int(cell)) == (high - low >= 1)


def _count_programs(monkeypatch) -> list:
    """A list that grows by one each time _Spans solves integer programs for a question."""
    programs: list = []
    solve = disclosure._other_table
    monkeypatch.setattr(disclosure, "_other_table", lambda *a: programs.append(1) or solve(*a))
    return programs


def test_tables_found_on_the_way_give_the_same_answers_as_an_integer_program_each(monkeypatch):
    # _Spans answers from the tables it has found where it can: the answers must be those of
    # cell_range, asked in the order a search asks them (hidden sets growing, and others)
    programs = _count_programs(monkeypatch)
    rng = np.random.default_rng(12)
    asked = distinct = 0
    for _ in range(12):
        table = rng.integers(0, 9, size=(3, 4))
        margins = _margins(table)
        span = disclosure._Spans(table, margins)
        hidden = np.zeros(table.shape, dtype=bool)
        for _ in range(6):
            hidden[divmod(int(rng.integers(table.size)), 4)] = True
            trial = hidden | (rng.random(table.shape) < 0.2)
            for mask in (hidden, trial):
                for cell in np.flatnonzero(mask):
                    low, high = disclosure.cell_range(table, mask, margins, int(cell))
                    assert span(mask, int(cell)) == (1.0 if high - low >= 1 else 0.0)
                    asked += 1
        distinct += len(span._known)
    assert asked > 300
    # each distinct question was answered once, and some of them by a table found before
    assert len(programs) < distinct


def _quadrant_like(t: np.ndarray) -> list:
    """The margins and, per column, two sums of two cells each (as the share with high trust
    and with high distrust add quadrant cells of an exposure category)."""
    rows, cols = t.shape
    out = _margins(t)
    for c in range(cols):
        for pair in ((0, 1), (1, 3)):
            coef = np.zeros((rows, cols))
            coef[list(pair), c] = 1
            out.append((coef.ravel(), t[list(pair), c].sum()))
    return out


def test_cells_the_totals_fix_need_no_integer_program(monkeypatch):
    # _Spans._movable: a cell no change of the hidden cells can move (with every published
    # total kept) is fixed; the answers stay those of cell_range, with far fewer programs
    programs = _count_programs(monkeypatch)
    rng = np.random.default_rng(21)
    asked = fixed = 0
    for _ in range(15):
        table = rng.integers(0, 12, size=(4, 3))
        totals = _quadrant_like(table)
        span = disclosure._Spans(table, totals)
        for _ in range(4):
            hidden = rng.random(table.shape) < 0.6
            for cell in np.flatnonzero(hidden):
                low, high = disclosure.cell_range(table, hidden, totals, int(cell))
                before = len(programs)
                assert span(hidden, int(cell)) == (1.0 if high - low >= 1 else 0.0)
                asked += 1
                if not span._movable(hidden.ravel())[cell]:
                    fixed += 1
                    assert high == low  # fixed cells take one value in every table
                    assert len(programs) == before  # and cost no program
    assert asked > 100 and fixed > 30


def test_protect_hides_what_an_integer_program_per_question_would(monkeypatch):
    rng = np.random.default_rng(22)
    tables = [rng.integers(0, 15, size=(4, int(rng.integers(2, 5)))) for _ in range(10)]
    shortcut = [protect(t, min_cell=5, constraints=_quadrant_like(t)) for t in tables]
    disclosure._SEARCHES.clear()
    monkeypatch.setattr(disclosure._Spans, "_movable",
                        lambda self, hidden: np.ones(hidden.size, dtype=bool))  # fmt: skip
    every = [protect(t, min_cell=5, constraints=_quadrant_like(t)) for t in tables]
    disclosure._SEARCHES.clear()
    assert all((a == b).all() for a, b in zip(shortcut, every, strict=True))
    assert sum(int(a.sum()) for a in shortcut) > 10  # some cells were hidden
