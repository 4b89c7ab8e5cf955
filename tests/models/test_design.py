"""trustlab.models._design: design matrices, built once per block of shared designs."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal

from trustlab.errors import ModelWarning
from trustlab.models import _common, _large, linear, logistic
from trustlab.models._design import build_design, shared_designs


@pytest.fixture
def data(tmp_path):
    rng = np.random.default_rng(5)
    n = 1500
    df = pd.DataFrame(
        {
            "g": rng.choice(["a", "b", "c"], n),
            "x": rng.normal(size=n).round(3),
            "cl": rng.integers(0, 40, n),
            "e": rng.choice(["p", "q"], n),
        }
    )
    df["y"] = (1 + 0.5 * df["x"] + (df["g"] == "b") + rng.normal(size=n)).round(4)
    df["hi"] = (df["y"] > 1.5).astype(float)
    df.loc[[3, 70], "y"] = np.nan
    df.loc[[3, 70], "hi"] = np.nan
    df.loc[5, "x"] = np.nan
    path = tmp_path / "survey.csv"
    df.to_csv(path, index=False)
    out = pd.read_csv(path)
    out["g"] = pd.Categorical(out["g"], categories=["a", "b", "c", "d"])  # "d" is empty
    return out


def _columns_one_by_one(df, predictors, keep):
    """The design the plain way: each column of the rows used, filled whole."""
    cols = [np.ones(int(keep.sum()))]
    for name in predictors:
        col = df[name][keep]
        if not pd.api.types.is_float_dtype(col.dtype):
            cats = list(col.cat.categories) if hasattr(col, "cat") else sorted(col.unique())
            cols += [(col == c).to_numpy(dtype=float) for c in cats[1:] if (col == c).any()]
        else:
            cols.append(col.to_numpy(dtype=float))
    return np.column_stack(cols)


def test_the_design_is_filled_by_blocks_as_column_by_column(data, monkeypatch):
    monkeypatch.setattr(_large, "CHUNK_ROWS", 101)  # many blocks, the last one short
    with pytest.warns(ModelWarning, match="Category 'd'"):
        design = build_design(data, "y", ["g", "x", "e"], cluster="cl")
    keep = data[["y", "g", "x", "e", "cl"]].notna().all(axis=1).to_numpy()
    assert_array_equal(design.X, _columns_one_by_one(data, ["g", "x", "e"], keep))
    assert_array_equal(design.y, data["y"][keep].to_numpy())
    assert design.dropped == {"missing y": 2, "missing x": 1}
    assert design.dropped_rows == (3, 5, 70)
    assert design.gram is None  # few rows: no X'X was formed


def test_the_indicators_of_adjacent_variables_and_a_moved_reference_fill_as_one_by_one(
    data, monkeypatch
):
    # two categorical predictors side by side (each variable's indicators in one comparison)
    # and a reference that is not the first category (the codes compared are not in order)
    monkeypatch.setattr(_large, "CHUNK_ROWS", 64)
    with pytest.warns(ModelWarning, match="Category 'd'"):
        design = build_design(data, "y", ["e", "g", "x"], categorical={"g": "c"})
    keep = data[["y", "g", "x", "e"]].notna().all(axis=1).to_numpy()
    g = data["g"][keep]
    expected = np.column_stack(
        [np.ones(int(keep.sum())), (data["e"][keep] == "q").to_numpy(dtype=float)]
        + [(g == c).to_numpy(dtype=float) for c in ("a", "b")]
        + [data["x"][keep].to_numpy()]
    )
    assert design.terms == ("(Intercept)", "e[q]", "g[a]", "g[b]", "x")
    assert_array_equal(design.X, expected)


def test_many_rows_keep_the_gram_matrix_of_the_aliasing_check(data, monkeypatch):
    monkeypatch.setattr(_common, "LARGE_N", 10)
    design = build_design(data, "y", ["x", "e"])
    assert_array_equal(design.gram, design.X.T @ design.X)
    data["x2"] = 2 * data["x"]
    with pytest.warns(ModelWarning, match="linear combination"):
        aliased = build_design(data, "y", ["x", "x2"])
    assert aliased.gram is None  # a column was dropped: X'X is not that of the kept columns


def test_shared_designs_build_once_and_give_the_same_fits(data, monkeypatch):
    monkeypatch.setattr(_common, "LARGE_N", 10)
    monkeypatch.setattr(linear, "LARGE_N", 10)
    monkeypatch.setattr(logistic, "LARGE_N", 10)
    args = dict(categorical={"g": "b"}, cluster="cl")
    with warnings.catch_warnings(record=True) as alone:
        warnings.simplefilter("always")
        fit = linear.ols(data, "y", ["g", "x"], **args)
        lg = logistic.logit(data, "hi", ["g", "x"], **args)
    with warnings.catch_warnings(record=True) as together:
        warnings.simplefilter("always")
        with shared_designs():
            a = build_design(data, "y", ["g", "x"], **args)
            b = build_design(data, "hi", ["g", "x"], **args)
            fit2 = linear.ols(data, "y", ["g", "x"], **args)
            lg2 = logistic.logit(data, "hi", ["g", "x"], **args)
            other = build_design(data, "y", ["x"], cluster="cl")  # other predictors
            fewer = build_design(data, "x", ["g"], **args)  # other rows
    assert a.X is b.X and a.y is not b.y
    assert other.X is not a.X and fewer.X is not a.X
    assert_array_equal(b.y, data["hi"].dropna()[data["x"].notna()].to_numpy())
    # every model warns as it does alone (the empty category "d")
    messages = [str(w.message) for w in alone if issubclass(w.category, ModelWarning)]
    again = [str(w.message) for w in together if issubclass(w.category, ModelWarning)]
    assert messages == again[2:4] and messages[0] == again[0] == again[1]
    assert_array_equal(fit2.summary().to_numpy(float), fit.summary().to_numpy(float))
    assert fit2.warnings == fit.warnings and lg2.warnings == lg.warnings
    assert_array_equal(lg2.summary().to_numpy(float), lg.summary().to_numpy(float))
    assert_array_equal(lg2.marginal_effects.iloc[:, 1:], lg.marginal_effects.iloc[:, 1:])
    # outside the block nothing is kept
    assert build_design(data, "hi", ["x"]).X is not build_design(data, "y", ["x"]).X
