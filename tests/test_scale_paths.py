"""The fast paths for large data (issue 8) give what the exact paths give."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from trustlab import _cells
from trustlab._cells import Column, blank_mask, plain_text
from trustlab.models import _common, linear, logistic


def _ids(n: int = 3000) -> pd.Series:
    values = [f"R{i:05d}" for i in range(n)]
    values[5] = " R00005 "  # trimmed
    values[6] = "NA"  # blank marker
    values[7] = "n/a"
    values[8] = "R\u00a0x\u00a0"  # no-break space
    values[9] = ""
    values[10] = "#N/A"
    values[11] = "nan"
    return pd.Series(values, dtype="str")


def test_plain_text_marks_only_safe_values():
    uniques = _ids().to_numpy(dtype=object)
    plain = plain_text(uniques)
    assert plain[0] and plain[100]
    assert not plain[5:12].any()


def test_strings_and_blanks_match_the_exact_path(monkeypatch):
    col = _ids()
    rows = np.arange(len(col)) + 2
    fast = Column("id", col, rows, None).strings()
    fast_blank = blank_mask(col)
    monkeypatch.setattr(_cells, "plain_text", lambda u: np.zeros(len(u), dtype=bool))
    assert Column("id", col, rows, None).strings() == fast
    np.testing.assert_array_equal(blank_mask(col), fast_blank)
    assert fast[5] == "R00005" and fast[6] is None and fast[9] is None


def test_numbers_per_distinct_text_match_per_cell():
    cells = ["1", "2", "", "9", "weet niet", "3,5", "x", "4", " 5 ", "NA"] * 300
    col = pd.Series(cells, dtype="str")
    rows = np.arange(len(col)) + 2
    fast = Column("T1", col, rows, None).numbers({9.0}, {"weet niet"})
    values, bad, codes = _cells._parse_cells(col.astype(object), rows, {"weet niet"}, None)
    hit = values == 9.0
    codes["9"] += int(hit.sum())
    values[hit] = np.nan
    np.testing.assert_array_equal(fast[0], values)
    assert fast[1] == bad
    assert fast[2] == codes


@pytest.fixture
def data():
    rng = np.random.default_rng(1)
    n = 3000
    df = pd.DataFrame(
        {
            "g": rng.choice(["a", "b", "c"], n),
            "x": rng.normal(size=n),
            "cl": rng.integers(0, 60, n),
        }
    )
    df["x2"] = 2 * df["x"]  # aliased
    df["y"] = 1 + 0.5 * df["x"] + (df["g"] == "b") + rng.normal(size=n)
    df["hi"] = (df["y"] > 1.5).astype(float)
    return df


def test_large_n_ols_and_logit_agree_with_the_small_n_path(data, monkeypatch):
    with pytest.warns(_common.ModelWarning):
        exact = linear.ols(data, "y", ["g", "x", "x2"], cluster="cl")
    lg = logistic.logit(data, "hi", ["g", "x"], cluster="cl")
    monkeypatch.setattr(_common, "LARGE_N", 10)
    monkeypatch.setattr(linear, "LARGE_N", 10)
    monkeypatch.setattr(logistic, "LARGE_N", 10)
    with pytest.warns(_common.ModelWarning):
        fast = linear.ols(data, "y", ["g", "x", "x2"], cluster="cl")
    assert fast.dropped_terms == exact.dropped_terms == ("x2",)
    a, b = fast.summary(), exact.summary()
    np.testing.assert_allclose(a.to_numpy(float), b.to_numpy(float), rtol=1e-9)
    lf = logistic.logit(data, "hi", ["g", "x"], cluster="cl")
    np.testing.assert_allclose(
        lf.summary().to_numpy(float), lg.summary().to_numpy(float), rtol=1e-8
    )


def test_quadrants_vectorised():
    from trustlab.scales import quadrants

    t = pd.array([True, False, None, True], dtype="boolean")
    d = pd.array([False, True, True, True], dtype="boolean")
    out = quadrants(pd.Series(t), pd.Series(d), lang="en")
    assert out.tolist()[:2] == ["high trust, low distrust", "low trust, high distrust"]
    assert pd.isna(out.iloc[2]) and out.iloc[3] == "high trust, high distrust"
