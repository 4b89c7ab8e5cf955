"""The item matrix of the psychometrics (``_common`` and ``_layout``): one copy of the
answers at most, the same numbers as the plain numpy/pandas conversions, and the caller's data
never changed."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from trustlab.errors import PsychometricError, PsychometricWarning
from trustlab.psychometrics import polychoric
from trustlab.psychometrics._common import as_item_matrix, check_variance, complete_rows
from trustlab.psychometrics._layout import BLOCK_ROWS, float_matrix, move_rows_up, views_frame
from trustlab.psychometrics.polychoric import polychoric_of

#: More rows than two blocks, and not a multiple of a block: every block path, a short last one.
N = 2 * BLOCK_ROWS + 1_234


def _columns(n: int = N, seed: int = 3) -> pd.DataFrame:
    """Five items of several dtypes (float, nullable int, int, bool), as separate columns,
    with missing answers and rows without any."""
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 6, (n, 5)).astype(float)
    x[rng.random((n, 5)) < 0.1] = np.nan
    x[rng.random(n) < 0.05] = np.nan  # rows without any answer
    data = pd.DataFrame(index=range(n))
    data["a"] = x[:, 0]  # a column at a time: a block each, as a file read gives them
    data["b"] = pd.array([None if np.isnan(v) else int(v) for v in x[:, 1]], dtype="Int64")
    data["c"] = x[:, 2]
    data["d"] = np.where(np.isnan(x[:, 3]), 3, x[:, 3]).astype(np.int64)
    data["e"] = x[:, 4] > 2
    return data


def test_the_float_matrix_is_numpys_conversion_in_row_order():
    data = _columns()
    values = float_matrix(data)
    expected = np.ascontiguousarray(data.to_numpy(dtype=float, na_value=np.nan))
    assert values.flags.c_contiguous and values.shape == (N, 5)
    np.testing.assert_array_equal(values, expected)  # NaN where missing, every other bit equal


@pytest.mark.parametrize("order", ["C", "F"])
def test_rows_moved_up_are_the_selected_rows(order):
    rng = np.random.default_rng(8)
    x = np.asarray(rng.normal(size=(N, 4)), order=order)
    keep = rng.random(N) < 0.7
    keep[:3] = [False, True, False]  # the first row moved, the first block not full
    expected = x[keep]
    moved = move_rows_up(x, keep)
    assert np.shares_memory(moved, x)  # in place, no copy
    np.testing.assert_array_equal(moved, expected)


def test_rows_moved_up_when_none_or_all_are_kept():
    x = np.arange(12.0).reshape(6, 2)
    assert move_rows_up(x.copy(), np.zeros(6, dtype=bool)).shape == (0, 2)
    np.testing.assert_array_equal(move_rows_up(x.copy(), np.ones(6, dtype=bool)), x)


def test_a_table_of_columns_gives_one_matrix_of_its_own_without_empty_rows():
    data = _columns()
    before = data.copy(deep=True)
    items = as_item_matrix(data)
    full = data.to_numpy(dtype=float, na_value=np.nan)
    answered = ~np.isnan(full).all(axis=1)
    assert items.owned and items.has_missing and items.values.flags.c_contiguous
    np.testing.assert_array_equal(items.values, full[answered])
    pd.testing.assert_frame_equal(data, before)


def test_a_single_float_block_is_read_where_it_is_and_not_owned():
    x = np.random.default_rng(1).integers(1, 6, (50, 3)).astype(float)
    data = pd.DataFrame(x, columns=list("abc"))  # one block: to_numpy gives a view of it
    block = data["a"].to_numpy()
    items = as_item_matrix(data, any_layout=True)
    assert not items.owned and np.may_share_memory(items.values, block)
    in_rows = as_item_matrix(data)  # in row order: a copy of its own (the block is by column)
    assert in_rows.owned and in_rows.values.flags.c_contiguous
    assert not np.may_share_memory(in_rows.values, block)
    np.testing.assert_array_equal(in_rows.values, x)
    # several blocks: the conversion is new memory, given back transposed
    split = pd.DataFrame(index=range(50))
    for j, c in enumerate("abc"):  # a column at a time: a block each (a dict is one block)
        split[c] = x[:, j].copy()
    converted = as_item_matrix(split, any_layout=True)
    assert converted.owned and not np.may_share_memory(converted.values, x)


def test_complete_rows_of_a_matrix_of_ones_own_are_the_copied_ones():
    data = _columns()
    copied = complete_rows(as_item_matrix(data.to_numpy(dtype=float, na_value=np.nan)))
    owned = as_item_matrix(data)
    kept = complete_rows(owned)
    assert kept.owned and not kept.has_missing
    assert np.shares_memory(kept.values, owned.values)  # in place
    np.testing.assert_array_equal(kept.values, copied.values)
    assert not copied.has_missing and len(copied.values) < N


def test_complete_rows_of_the_callers_array_are_a_copy():
    x = np.array([[1.0, 2.0], [np.nan, 1.0], [3.0, 1.0], [2.0, 2.0]])
    before = x.copy()
    kept = complete_rows(as_item_matrix(x))
    np.testing.assert_array_equal(kept.values, before[[0, 2, 3]])
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize("constant", [3.0, 1e50])
def test_check_variance_names_the_constant_item(constant):
    x = np.random.default_rng(2).integers(1, 6, (40, 3)).astype(float)
    check_variance(x, ["a", "b", "c"])  # every item varies: nothing raised
    x[:, 1] = constant  # 1e50 keeps a rounding residue of its mean: no variance either
    with pytest.raises(PsychometricError, match="Item 'b' has no variance"):
        check_variance(x, ["a", "b", "c"])


def test_check_variance_of_an_item_answered_once():
    x = np.array([[1.0, 2.0], [2.0, np.nan], [3.0, np.nan]])
    with pytest.raises(PsychometricError, match="Item 'b' has no variance"):
        check_variance(x, ["a", "b"])


def test_polychoric_of_an_item_matrix_is_polychoric_and_warns_at_the_caller():
    data = _columns(n=400, seed=4)[["a", "b", "c"]]
    data.loc[data["c"] == 5, "c"] = 4  # another highest answer: a message
    with warnings.catch_warnings(record=True) as public:
        warnings.simplefilter("always", PsychometricWarning)
        expected = polychoric(data)
    with warnings.catch_warnings(record=True) as inner:
        warnings.simplefilter("always", PsychometricWarning)
        result = polychoric_of(as_item_matrix(data))
    pd.testing.assert_frame_equal(result.rho, expected.rho, check_exact=True)
    pd.testing.assert_frame_equal(result.tau, expected.tau, check_exact=True)
    assert public and [str(w.message) for w in public] == [str(w.message) for w in inner]
    assert {w.filename for w in public} == {__file__}  # the caller's line, not trustlab's
    assert {w.filename for w in inner} == {__file__}


def test_a_view_of_the_frame_is_never_taken_for_a_conversion():
    # under pandas' copy-on-write a view is read-only anyway; pandas 2.2 without it gives a
    # writeable one, which reverse keying in place would change
    data = pd.DataFrame(np.arange(12.0).reshape(4, 3), columns=list("abc"))
    assert views_frame(data.to_numpy(), data)
    assert not views_frame(data.to_numpy().copy(), data)
    assert not views_frame(np.zeros((4, 3)), data.astype("Int64"))  # no float column to view
