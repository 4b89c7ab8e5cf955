"""trustlab.models._large: the blocked and sparse products equal the plain ones to the last bit."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_array_equal

from trustlab.models import _large
from trustlab.models.covariance import sandwich_cluster


def _bincount_sums(X, cluster, n_groups, weights=None):
    cols = [X[:, j] if weights is None else X[:, j] * weights for j in range(X.shape[1])]
    return np.column_stack([np.bincount(cluster, weights=c, minlength=n_groups) for c in cols])


def test_cluster_sums_equal_bincount_per_column_bit_for_bit():
    rng = np.random.default_rng(11)
    X = rng.normal(size=(5000, 6)) * [1.0, 3.7, 1e3, 1e-4, 2.0, 1.0]
    X[:, 0] = 1.0
    w = rng.normal(size=5000) * 2.3
    cluster = rng.integers(0, 700, 5000)
    cluster[cluster == 5] = 6  # an empty cluster keeps its row of zeros
    for weights in (w, None):
        sums = _large.cluster_sums(X, cluster, 700, weights=weights)
        assert sums.shape == (700, 6)
        assert_array_equal(sums, _bincount_sums(X, cluster, 700, weights))
    assert_array_equal(_large.cluster_sums(X, cluster, 700)[5], np.zeros(6))


def test_sandwich_cluster_equals_the_bincount_sandwich_bit_for_bit():
    rng = np.random.default_rng(12)
    X = np.column_stack([np.ones(3000), rng.normal(size=(3000, 3))])
    resid = rng.normal(size=3000)
    cluster = rng.integers(0, 250, 3000)
    bread = np.linalg.inv(X.T @ X)
    sums = _bincount_sums(X, cluster, 250, resid)
    adj = 250 / 249 * (3000 - 1) / (3000 - 4)
    expected = adj * bread @ (sums.T @ sums) @ bread
    assert_array_equal(sandwich_cluster(bread, X, cluster, 4, resid=resid), expected)
    scores = X * resid[:, None]
    assert_array_equal(sandwich_cluster(bread, scores, cluster, 4), expected)


def test_hc3_meat_equals_leverages_then_weighted_gram_bit_for_bit(monkeypatch):
    monkeypatch.setattr(_large, "CHUNK_ROWS", 97)  # many blocks, the last one short
    rng = np.random.default_rng(13)
    X = np.column_stack([np.ones(1000), rng.normal(size=(1000, 4))])
    resid = rng.normal(size=1000)
    w = rng.uniform(0.05, 0.25, size=1000)
    _hc3_meat_is_the_formula(X, resid, w)


def _hc3_meat_is_the_formula(X, resid, w):
    """hc3_meat, with and without IRLS weights, bit for bit the leverages then the gram."""
    A = np.linalg.inv(X.T @ X)
    h = _large.row_quadratic(X, A)
    assert_array_equal(
        _large.hc3_meat(X, resid, A), _large.weighted_gram(X, resid**2 / (1 - h) ** 2)
    )
    assert_array_equal(
        _large.hc3_meat(X, resid, A, w=w),
        _large.weighted_gram(X, resid**2 / (1 - w * h) ** 2),
    )


def test_hc3_meat_of_a_leverage_one_row_is_nan_without_a_warning():
    # a dummy held by one row: its leverage is 1, HC3 is undefined there (as R's NaN); numpy's
    # RuntimeWarnings are errors in the tests
    X = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    A = np.linalg.inv(X.T @ X)  # diag(1, 1/2): the first row's leverage is exactly 1
    resid = np.array([0.1, 0.3, -0.3])  # an infinite weight: inf times 0 in the product
    meat = _large.hc3_meat(X, resid, A)
    assert not np.isfinite(meat).any()  # the infinite weight reaches every entry


def test_one_blas_thread_limits_blas_only_for_more_than_one_block_and_gives_it_back():
    from threadpoolctl import threadpool_info

    def blas_threads():
        return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]

    before = blas_threads()
    with _large.one_blas_thread(_large.CHUNK_ROWS):  # one block: nothing changes
        assert blas_threads() == before
    with _large.one_blas_thread(_large.CHUNK_ROWS + 1):
        assert blas_threads() and set(blas_threads()) == {1}
    assert blas_threads() == before


def test_block_products_with_one_blas_thread_equal_those_with_two(monkeypatch):
    import contextlib

    from threadpoolctl import threadpool_limits

    n = 2 * _large.CHUNK_ROWS + 5  # blocks large enough for OpenBLAS to share, a short one
    rng = np.random.default_rng(14)
    X = np.column_stack([np.ones(n), rng.normal(size=(n, 11))])
    w, resid = rng.uniform(0.05, 0.25, size=n), rng.normal(size=n)
    A = np.linalg.inv(X.T @ X)

    def products():
        return _large.weighted_gram(X, w), _large.row_quadratic(X, A), _large.hc3_meat(X, resid, A)

    one = products()
    monkeypatch.setattr(_large, "one_blas_thread", lambda n_rows: contextlib.nullcontext())
    with threadpool_limits(2):
        two = products()
    for got, expected in zip(one, two, strict=True):
        assert_array_equal(got, expected)


def test_hc3_meat_in_parts_of_blocks_equals_the_whole_block_formula():
    # two blocks, the first in 8 parts of _PART rows, the second short: the leverages of a part
    # are those of the whole block to the last bit, for one column and for twelve
    n = _large.CHUNK_ROWS + 3
    rng = np.random.default_rng(15)
    for k in (1, 12):
        X = np.column_stack([np.ones(n), rng.normal(size=(n, k - 1)).round(2)])
        resid = rng.normal(size=n)
        w = rng.uniform(0.05, 0.25, size=n)
        _hc3_meat_is_the_formula(X, resid, w)


def test_new_matrix_reuses_only_memory_nothing_refers_to():
    with _large.reused_matrices():
        a = _large.new_matrix(100, 3)
        a[:] = 1.0
        column = a[:, 1]  # a view keeps the memory in use
        del a
        b = _large.new_matrix(100, 3)
        assert not np.shares_memory(b, column)
        assert (column == 1.0).all()
        del column, b
        c = _large.new_matrix(50, 6)  # the first matrix's memory, as a new C-order matrix
        assert c.shape == (50, 6) and c.flags.c_contiguous and c.flags.writeable
        bigger = _large.new_matrix(100, 4)  # more than the spare: new memory
        assert not np.shares_memory(bigger, c)
        del c
        d = _large.new_matrix(101, 1)
        e = _large.new_matrix(101, 1)  # d holds the spare: new memory
        assert not np.shares_memory(d, e)
    outside = _large.new_matrix(10, 2)
    assert outside.flags.owndata and outside.shape == (10, 2)


def test_a_much_smaller_matrix_never_takes_the_spare():
    # a mixed model's design of a 200,000-row subsample, kept with its fit, must not hold the
    # spare of the ten-million-row designs: the next of those would need new memory
    with _large.reused_matrices():

        def address(a):
            return a.__array_interface__["data"][0]

        big = _large.new_matrix(800, 10)
        spare = address(big)  # its address only: a reference would keep the spare in use
        del big
        small = _large.new_matrix(99, 10)  # less than an eighth of the spare: new memory
        assert address(small) != spare
        after = _large.new_matrix(200, 10)  # an eighth or more: the spare, while small lives
        assert address(after) == spare and after.shape == (200, 10)
        del after
        assert address(_large.new_matrix(800, 10)) == spare


def test_designs_in_reused_memory_equal_new_ones_and_never_overwrite_a_live_one(monkeypatch):
    import pandas as pd

    from trustlab.models import _common, linear
    from trustlab.models._design import build_design

    monkeypatch.setattr(_common, "LARGE_N", 100)
    monkeypatch.setattr(linear, "LARGE_N", 100)
    rng = np.random.default_rng(16)
    n = 900
    df = pd.DataFrame(
        {
            "y": rng.normal(size=n),
            "g": pd.Categorical(rng.choice(["a", "b", "c"], n)),
            "x": rng.normal(size=n),
            "cl": rng.integers(0, 30, n),
        }
    )
    plain = [build_design(df, "y", p, cluster="cl").X.copy() for p in (["g", "x"], ["x"])]
    fits = [linear.ols(df, "y", p, cluster="cl").coefficients for p in (["g", "x"], ["x"])]
    with _large.reused_matrices():
        first = build_design(df, "y", ["g", "x"], cluster="cl")
        second = build_design(df, "y", ["x"], cluster="cl")  # first is alive: its own memory
        assert not np.shares_memory(first.X, second.X)
        assert_array_equal(first.X, plain[0])
        assert_array_equal(second.X, plain[1])
        del first, second
        again = [linear.ols(df, "y", p, cluster="cl").coefficients for p in (["g", "x"], ["x"])]
    for got, expected in zip(again, fits, strict=True):
        pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_same_rows_makes_a_value_once_per_source_and_rows():
    import pandas as pd

    made = []

    def make():
        made.append(1)
        return object()

    raw, cats = np.array([3, 1, 2]), pd.Index(["a", "b"])
    keep = np.array([True, False, True])
    outside = _large.same_rows("k", (raw,), None, make)  # outside a block: made every time
    assert _large.same_rows("k", (raw,), None, make) is not outside
    with _large.reused_matrices():
        first = _large.same_rows("k", (raw, cats, False), keep, make)
        assert _large.same_rows("k", (raw.copy(), cats.copy(), False), keep.copy(), make) is first
        assert len(made) == 3
        for source, rows in (
            ((raw, cats, True), keep),  # another value
            ((raw, pd.Index(["a", "c"]), False), keep),  # other categories
            ((np.array([3, 1, 4]), cats, False), keep),  # other codes
            ((raw.astype(np.int8), cats, False), keep),  # another dtype
            ((raw, cats, False), ~keep),  # other rows
            ((raw, cats, False), None),  # every row
        ):
            assert _large.same_rows("k", source, rows, make) is not first
        assert len(made) == 9
        assert _large.same_rows("other kind", (raw, cats, False), None, make) is not first


def test_designs_of_the_same_rows_share_cluster_codes_and_labels_equal_to_their_own(tmp_path):
    import pandas as pd

    from trustlab.models._design import build_design

    rng = np.random.default_rng(17)
    n = 400
    df = pd.DataFrame(
        {
            "y": rng.normal(size=n),
            "z": rng.normal(size=n),
            "x": rng.normal(size=n),
            "cl": pd.Categorical(rng.choice([f"n{i:02d}" for i in range(30)], n)),
        },
        index=pd.RangeIndex(100, 100 + n),
    )
    df.loc[df.index[[3, 50]], "y"] = np.nan
    df.loc[df.index[[7]], "z"] = np.nan
    alone = [build_design(df, o, ["x"], cluster="cl") for o in ("y", "y", "z")]
    with _large.reused_matrices():
        together = [
            build_design(df, "y", ["x"], cluster="cl"),
            build_design(df[["x", "cl", "y"]].assign(w=1.0), "y", ["x"], cluster="cl"),
            build_design(df, "z", ["x"], cluster="cl"),  # other rows
        ]
    assert together[1].cluster is together[0].cluster
    assert together[1].index is together[0].index
    assert together[2].cluster is not together[0].cluster
    for a, t in zip(alone, together, strict=True):
        assert_array_equal(t.cluster, a.cluster)
        assert t.index.equals(a.index) and t.dropped_rows == a.dropped_rows
    assert together[2].dropped_rows == (107,)
