"""The fast paths for large data (issue 8) give what the exact paths give."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from trustlab.input import cells as _cells
from trustlab.input.cells import Column, blank_mask, plain_text
from trustlab.models import _common, _large, linear, logistic


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


def _parsed_ids(values: pd.Series) -> tuple[pd.Series, list]:
    from trustlab.input.parse import _parse_ids

    problems = []
    return _parse_ids(Column("id", values, np.arange(len(values)) + 2, None), problems), problems


@pytest.mark.parametrize("n", [999, 1000, 5000])
def test_plain_distinct_ids_are_taken_as_they_are(monkeypatch, n):
    col = pd.Series([f"R{i:05d}" for i in range(n)], dtype="str")
    assert Column("id", col, np.arange(n) + 2, None).plain_distinct() is (n >= 1000)
    fast, said = _parsed_ids(col)
    monkeypatch.setattr(Column, "plain_distinct", lambda self: False)  # the general path
    exact, said_exact = _parsed_ids(col)
    pd.testing.assert_series_equal(fast, exact)
    assert fast.dtype == exact.dtype and said == said_exact == []


@pytest.mark.parametrize(
    ("at", "value"), [(7, "R00003"), (7, " R00007"), (7, "NA"), (7, None), (7, "r\u00e9")]
)
def test_ids_that_are_not_plain_and_distinct_take_the_general_path(at, value):
    values = [f"R{i:05d}" for i in range(2000)]
    values[at] = value
    col = pd.Series(values, dtype="str")
    assert not Column("id", col, np.arange(2000) + 2, None).plain_distinct()
    ids, problems = _parsed_ids(col)
    if value == "R00003":  # a repeat: found, with both rows
        assert [p.kind for p in problems] == ["duplicate_id"]
        assert problems[0].cells == ((5, "R00003"), (9, "R00003"))
    elif value in (" R00007", "r\u00e9"):  # trimmed (then distinct), or not ASCII: kept
        assert ids[7] == value.strip() and problems == []
    else:  # a blank marker, or no id
        assert pd.isna(ids[7]) and [p.kind for p in problems] == ["missing_id"]


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
    monkeypatch.setattr(_large, "CHUNK_ROWS", 257)  # many row blocks, the last one short
    with pytest.warns(_common.ModelWarning):
        fast = linear.ols(data, "y", ["g", "x", "x2"], cluster="cl")
    assert fast.dropped_terms == exact.dropped_terms == ("x2",)
    a, b = fast.summary(), exact.summary()
    np.testing.assert_allclose(a.to_numpy(float), b.to_numpy(float), rtol=1e-9)
    for v in ("vcov", "vcov_robust", "vcov_cluster"):
        np.testing.assert_allclose(getattr(fast, v), getattr(exact, v), rtol=1e-9)
    lf = logistic.logit(data, "hi", ["g", "x"], cluster="cl")
    np.testing.assert_allclose(
        lf.summary().to_numpy(float), lg.summary().to_numpy(float), rtol=1e-8
    )
    np.testing.assert_allclose(
        lf.marginal_effects.iloc[:, 1:].to_numpy(float),
        lg.marginal_effects.iloc[:, 1:].to_numpy(float),
        rtol=1e-8,
    )
    np.testing.assert_allclose(lf.predicted.to_numpy(float), lg.predicted.to_numpy(float))


def test_row_block_products_equal_the_whole_matrix_products(monkeypatch):
    monkeypatch.setattr(_large, "CHUNK_ROWS", 100)
    assert len(list(_large.row_blocks(1001))) == 11  # ten full blocks and a short one
    rng = np.random.default_rng(3)
    X, w, A = rng.normal(size=(1001, 4)), rng.uniform(size=1001), rng.normal(size=(4, 4))
    np.testing.assert_allclose(_common.weighted_gram(X, w), (X.T * w) @ X, rtol=1e-12)
    np.testing.assert_allclose(_common.weighted_gram(X), X.T @ X, rtol=1e-12)
    np.testing.assert_allclose(
        _common.row_quadratic(X, A), np.einsum("ij,jk,ik->i", X, A, X), rtol=1e-10, atol=1e-12
    )
    cl = rng.integers(0, 30, 1001)
    e = rng.normal(size=1001)
    np.testing.assert_allclose(
        _common.sandwich_cluster(A, X, cl, 4, resid=e),
        _common.sandwich_cluster(A, X * e[:, None], cl, 4),
        rtol=1e-12,
    )


def test_category_and_cluster_codes_match_the_plain_paths():
    values = ["b", "a", None, "c", "a", "b"]
    cat = pd.Series(pd.Categorical(values, categories=["a", "b", "c", "d"]))
    order = ["c", "a", "d", "b"]  # a reordered reference first, "d" unused
    expected = [3, 1, -1, 0, 1, 3]
    assert _common.category_codes(cat, order).tolist() == expected
    assert _common.category_codes(cat.astype(object), order).tolist() == expected
    clusters = pd.Series(["n3", "n1", "n3", "n7", "n1"])
    coded = pd.Series(pd.Categorical(clusters, categories=["n1", "n2", "n3", "n7"]))
    plain = pd.factorize(clusters, sort=True)[0]
    np.testing.assert_array_equal(_common.cluster_codes(coded), plain)  # "n2" empty: skipped
    np.testing.assert_array_equal(_common.cluster_codes(clusters), plain)
    unsorted = pd.Series(pd.Categorical(clusters, categories=["n7", "n3", "n1"]))
    np.testing.assert_array_equal(
        _common.cluster_codes(unsorted), pd.factorize(unsorted, sort=True)[0]
    )  # categories in an order of their own: pandas' codes, in that order
    numbers = pd.Series(pd.Categorical([30, 4, 30, 100, 4]))  # sorted as numbers, not text
    np.testing.assert_array_equal(_common.cluster_codes(numbers), [1, 0, 1, 2, 0])


def test_numeric_columns_parse_as_the_per_cell_path():
    raw = pd.Series([1.0, np.nan, 5.0, 3.0, np.nan] * 50)
    rows = np.arange(len(raw)) + 2
    fast = _cells._parse_cells(raw, rows, {"weet niet"}, None)
    slow = _cells._parse_cells(raw.astype(object), rows, {"weet niet"}, None)
    np.testing.assert_array_equal(fast[0], slow[0])
    assert fast[1] == slow[1] == [] and fast[2] == slow[2]
    np.testing.assert_array_equal(blank_mask(raw), blank_mask(raw.astype(object)))
    ints = pd.Series([1, None, 4], dtype="Int64")
    np.testing.assert_array_equal(_cells._parse_cells(ints, rows[:3], set(), None)[0],
                                  [1.0, np.nan, 4.0])  # fmt: skip


def test_the_model_frame_leaves_the_callers_data_as_it_was():
    import trustlab
    from trustlab.model_frame import model_frame
    from trustlab.plan import Plan

    survey = trustlab.load_sample()
    data = survey.data.copy()
    frame = model_frame(Plan.from_codebook(survey.codebook), data, trustlab.score_scales(survey))
    pd.testing.assert_frame_equal(data, survey.data)
    assert isinstance(frame["network_id"].dtype, pd.CategoricalDtype)


def test_quadrants_vectorised():
    from trustlab.scales import quadrants

    t = pd.array([True, False, None, True], dtype="boolean")
    d = pd.array([False, True, True, True], dtype="boolean")
    out = quadrants(pd.Series(t), pd.Series(d))
    assert out.tolist()[:2] == ["high_trust_low_distrust", "low_trust_high_distrust"]
    assert pd.isna(out.iloc[2]) and out.iloc[3] == "high_trust_high_distrust"


@pytest.mark.parametrize(
    ("ids", "repeat"),
    [
        (["R1", "R2", "R3"], None),
        (["R1", "R2", "R1"], "'R1' in rows 2 and 4"),  # plain texts: a repeated index
        (["R1", " R1 ", "R3"], "'R1' in rows 2 and 3"),  # the same id once trimmed
        (["1", "1.0", "R3"], None),  # texts, not numbers: "1.0" stays "1.0"
    ],
)
def test_duplicate_ids_are_found_on_both_paths(ids, repeat):
    from trustlab.input.parse import _parse_ids

    problems = []
    col = Column("respondent_id", pd.Series(ids, dtype="str"), np.arange(len(ids)) + 2, None)
    series = _parse_ids(col, problems)
    assert series.dtype == pd.Series(["x"]).dtype
    found = [p.message for p in problems if p.kind == "duplicate_id"]
    if repeat is None:
        assert found == []
    else:
        assert len(found) == 1 and repeat in found[0]
