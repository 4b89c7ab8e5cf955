"""docs/r-agreement.md (trustlab vs R, every statistic the R-reference tests check) is current.

The page is regenerated in memory by tools/r_agreement.py from the committed fixtures (about
3 s: every alpha, EFA and CFA case is refitted) and compared with the committed page statistic
by statistic at the tolerance each row states (the one its R-reference test uses), never
character for character: an ill-conditioned quantity such as the Heywood case's SE of 135
differs in its last digits between processors and BLAS libraries.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def r_agreement():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import r_agreement
    finally:
        sys.path.pop(0)
    return r_agreement


@pytest.fixture(scope="module")
def rows(r_agreement):
    return r_agreement.compute()


@pytest.fixture(scope="module")
def page(r_agreement):
    return r_agreement.read_page((ROOT / "docs" / "r-agreement.md").read_text(encoding="utf-8"))


STALE = "docs/r-agreement.md is out of date: run python tools/r_agreement.py"


def test_page_lists_every_statistic(r_agreement, rows, page):
    # the same rows, in the same sections and cases: none added, none gone
    assert set(page) == {r_agreement.page_key(r) for r in rows}, STALE
    assert len(page) == len(rows)


def _close(a: float, b: float, rtol: float, atol: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= atol + rtol * abs(b)


def test_page_values_are_current_at_each_rows_tolerance(r_agreement, rows, page):
    # trustlab's value on the page agrees with a fresh computation at the row's tolerance;
    # R's value (from the committed fixture) to the page's 9 significant digits (5e-9 relative)
    # where the largest difference of a table column falls on the same cell
    stale = []
    for row in rows:
        location, ours, ref = page[r_agreement.page_key(row)]
        rtol, atol = r_agreement.tolerance(row)
        fresh_location = row.statistic.partition(", at ")[2]
        if not _close(ours, row.ours, rtol + 5e-9, atol):
            stale.append((row.case, row.statistic, ours, row.ours))
        if location == fresh_location and not _close(ref, row.ref, 5e-9, 0.0):
            stale.append((row.case, row.statistic, ref, row.ref))
    assert not stale, f"{STALE}: {stale[:5]}"


def test_every_statistic_agrees_with_r_at_its_tolerance(r_agreement, rows):
    bad = [(r.case, r.statistic, r.ours, r.ref, r_agreement.fmt_tolerance(r))
           for r in rows if not r_agreement.within(r)]  # fmt: skip
    assert not bad, bad


def test_every_section_is_on_the_page(rows):
    sections = {r.section for r in rows}
    assert sections == {
        "Cronbach's alpha",
        "Feldt CI",
        "Omega",
        "KMO and Bartlett",
        "Parallel analysis",
        "Exploratory factor analysis",
        "Confirmatory factor analysis",
        "Chi-square difference test",
    }


def test_closed_form_rows_agree_to_rounding(rows):
    # alpha, Feldt, KMO and Bartlett are closed form: 1e-9 relative, as the tests check
    closed = [r for r in rows if r.section in ("Cronbach's alpha", "Feldt CI", "KMO and Bartlett")]
    bad = [(r.case, r.statistic, r.rel_diff) for r in closed if r.rel_diff > 1e-9]
    assert not [b for b in bad if b[2] == b[2]], bad  # NaN (both NA) is fine
