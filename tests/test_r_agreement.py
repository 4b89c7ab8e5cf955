"""docs/r-agreement.md (trustlab vs R, every statistic the R-reference tests check) is current.

The page is regenerated in memory by tools/r_agreement.py from the committed fixtures and
compared as text with the committed page (about 3 s: every alpha, EFA and CFA case is refitted).
"""

from __future__ import annotations

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


def test_agreement_page_is_current(r_agreement, rows):
    page = ROOT / "docs" / "r-agreement.md"
    assert page.read_text(encoding="utf-8") == r_agreement.render(rows), (
        "docs/r-agreement.md is out of date: run python tools/r_agreement.py"
    )


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
