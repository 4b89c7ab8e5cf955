"""Effect sizes next to the tests, against R (tests/reference/effect_sizes.R, rcompanion's
formulas by hand): epsilon-squared of Kruskal-Wallis and Cohen's d of adjacent categories.
Tolerance 1e-8 relative (closed forms)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

import trustlab
from rfixtures import fixture
from trustlab.models.effect_sizes import adjacent_d, epsilon_squared


@cache
def analysis():
    return trustlab.analyse(trustlab.load_sample(), n_boot=20)


@pytest.mark.parametrize("scale", ["trust", "distrust"])
def test_epsilon_squared_and_adjacent_d_match_r(scale):
    ref = fixture("effect_sizes")[scale]
    result = analysis().exposure.scales[scale]
    kruskal = result.kruskal
    assert kruskal.n == ref["n"]
    np.testing.assert_allclose(epsilon_squared(kruskal.statistic, kruskal.n),
                               ref["epsilon_squared"], rtol=1e-8)  # fmt: skip
    contrasts = result.contrasts.table
    d = [adjacent_d(result.means.table, lo, up)
         for lo, up in zip(contrasts["lower"], contrasts["upper"], strict=True)]  # fmt: skip
    np.testing.assert_allclose(d, ref["adjacent_d"], rtol=1e-8)
    # analyse computes them once, into the tree the views read
    sizes = result.effect_sizes
    np.testing.assert_allclose(sizes.epsilon_squared, ref["epsilon_squared"], rtol=1e-8)
    np.testing.assert_allclose(sizes.adjacent["d"], ref["adjacent_d"], rtol=1e-8)
    assert list(sizes.adjacent["upper"]) == list(contrasts["upper"])


def test_degenerate_groups_give_nan():
    import pandas as pd

    means = pd.DataFrame(
        {"n": [1, 1], "mean": [2.0, 3.0], "sd": [np.nan, np.nan]}, index=["a", "b"]
    )
    assert np.isnan(adjacent_d(means, "a", "b")) and np.isnan(epsilon_squared(3.0, 1))
