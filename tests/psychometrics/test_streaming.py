"""StreamingAlpha: alpha from chunks equals psych::alpha (fixtures alpha.json, alpha_extra.json).

The sums are exact for any chunking; what differs from one pass over all rows is rounding, so the
statistics are checked against R with the tolerance of the in-memory tests (1e-9 relative,
closed form) and against ``cronbach_alpha`` on the same rows to 1e-12.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from rfixtures import PSYCH_ALPHA_ITEM as ITEM
from rfixtures import PSYCH_ALPHA_TOTAL as TOTAL
from rfixtures import data, fixture, table
from trustlab.psychometrics import (
    PsychometricError,
    PsychometricWarning,
    StreamingAlpha,
    cronbach_alpha,
)

RTOL = 1e-9  # closed form, as tests/test_reliability.py

# fixture key -> (data, items, reverse on 1..6)
CASES = {
    "bfi_agree_pairwise": ("alpha", "bfi_agree.csv", ["A1", "A2", "A3", "A4", "A5"], ["A1"]),
    "bfi_consc_pairwise": ("alpha_extra", "bfi25.csv", ["C1", "C2", "C3", "C4", "C5"],
                           ["C4", "C5"]),
}  # fmt: skip


def streamed(frame: pd.DataFrame, items, reverse, chunk: int) -> object:
    acc = StreamingAlpha(items, reverse=reverse, scale_range=(1, 6))
    for start in range(0, len(frame), chunk):
        acc.update(frame.iloc[start : start + chunk])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PsychometricWarning)
        return acc.result()


@pytest.mark.parametrize("key", CASES)
@pytest.mark.parametrize("chunk", [97, 1000, 10_000])
def test_streamed_alpha_matches_psych(key, chunk):
    name, file, items, reverse = CASES[key]
    frame = data(file)
    res = streamed(frame, items, reverse, chunk)
    ref = fixture(name)[key]
    for stat, attr in TOTAL.items():
        assert_allclose(getattr(res, attr), ref["total"][stat], rtol=RTOL, err_msg=stat)
    stats = table(ref["item_stats"])
    for stat, column in ITEM.items():
        assert_allclose(res.items[column].to_numpy(float), stats[stat].to_numpy(), rtol=RTOL)
    assert res.n_obs == ref["feldt"]["n_obs_used"]
    assert_allclose(res.ci, (ref["feldt"]["lower"], ref["feldt"]["upper"]), rtol=RTOL)
    assert res.items["reversed"].tolist() == [i in reverse for i in items]


def test_streamed_equals_in_memory_on_the_same_rows():
    rng = np.random.default_rng(11)
    x = np.clip(np.round(3 + rng.normal(size=(20_000, 6)) + rng.normal(size=(20_000, 1))), 1, 5)
    x[:, 2] = 6 - x[:, 2]  # a reverse-worded item
    x[rng.random(x.shape) < 0.05] = np.nan
    x[:7] = np.nan  # respondents without any answer are skipped by both
    frame = pd.DataFrame(x, columns=[f"q{i}" for i in range(6)])
    frame["other"] = "text"  # columns that are not items are ignored
    whole = cronbach_alpha(frame.iloc[:, :6], reverse=["q2"], scale_range=(1, 5))
    acc = StreamingAlpha(list(frame.columns[:6]), reverse=["q2"], scale_range=(1, 5))
    for rows in np.array_split(np.arange(len(frame)), 13):
        acc.update(frame.iloc[rows])
    res = acc.result()
    assert (res.n_obs, res.n_rows) == (whole.n_obs, whole.n_rows) == (19_993, 20_000)
    for attr in ("alpha", "std_alpha", "g6", "average_r", "mean", "sd", "ase"):
        assert_allclose(getattr(res, attr), getattr(whole, attr), rtol=1e-12, err_msg=attr)
    assert_allclose(res.ci, whole.ci, rtol=1e-12)
    assert_allclose(res.items.to_numpy(float), whole.items.to_numpy(float), rtol=1e-10)


def test_streaming_errors_are_explained():
    with pytest.raises(PsychometricError, match="at least 2 items"):
        StreamingAlpha(["a"])
    acc = StreamingAlpha(["a", "b"])
    with pytest.raises(PsychometricError, match="no column 'b'"):
        acc.update(pd.DataFrame({"a": [1.0]}))
    with pytest.raises(PsychometricError, match="Only 0 respondent"):
        acc.result()
    acc.update(pd.DataFrame({"a": [np.nan], "b": [np.nan]}))  # nobody answered: nothing added
    with pytest.raises(PsychometricError, match="Only 0 respondent"):
        acc.result()
    with pytest.raises(PsychometricError, match="scale_range"):
        StreamingAlpha(["a", "b"], reverse=["a"]).update(pd.DataFrame({"a": [1.0], "b": [2.0]}))
    assert repr(acc) == "StreamingAlpha(2 items, 0 respondents so far)"
