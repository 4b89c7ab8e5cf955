"""Scale scores: keying from the declared range, min_valid, high flags and quadrants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import trustlab
from conftest import make_frame, write_csv
from trustlab.errors import TrustlabError
from trustlab.scales import QUADRANT_KEYS, quadrants, reverse_key, scale_score, score_scales


def test_reverse_key_uses_the_declared_range_not_the_data():
    items = pd.DataFrame({"T7": [2.0, 3.0, 4.0]})  # observed range 2..4, declared 1..5
    assert reverse_key(items, ["T7"], (1, 5))["T7"].tolist() == [4.0, 3.0, 2.0]
    assert reverse_key(items, ["T7"], (0, 10))["T7"].tolist() == [8.0, 7.0, 6.0]
    with pytest.raises(TrustlabError, match=r"cannot reverse-key \['T9'\]"):
        reverse_key(items, ["T9"], (1, 5))


def test_scale_score_min_valid_and_sum():
    items = pd.DataFrame({"a": [4.0, 2.0, np.nan, 1.0], "b": [5.0, np.nan, np.nan, 1.0],
                          "c": [3.0, 4.0, 1.0, 1.0], "d": [4.0, np.nan, np.nan, 2.0]})  # fmt: skip
    score, n = scale_score(items, min_valid=2)
    np.testing.assert_array_equal(score.to_numpy(), [4.0, 3.0, np.nan, 1.25])
    assert n.tolist() == [4, 2, 1, 4]
    total, _ = scale_score(items, min_valid=2, method="sum")
    np.testing.assert_array_equal(total.to_numpy(), [16.0, 12.0, np.nan, 5.0])
    with pytest.raises(TrustlabError, match="method must be 'mean' or 'sum'"):
        scale_score(items, min_valid=2, method="median")


def test_score_scales_by_hand(tmp_path):
    frame = make_frame()
    items = ["T1", "T2", "T3", "T4", "T5", "T6", "T7"]
    frame.loc[0, items] = [4, 4, 4, 4, 4, 4, 2]  # T7 keyed 4: mean 4 -> high
    frame.loc[2, items] = [3, 3, 3, 3, 3, 3, 3]  # mean exactly 3: not high (strictly above)
    frame.loc[3, ["D1", "D2", "D3", "D4"]] = [np.nan, np.nan, np.nan, 5]  # 1 of 4: not scored
    frame.loc[5, ["D1", "D2", "D3", "D4"]] = [5, 4, np.nan, 1]  # D4 keyed 5: mean 14/3
    survey = trustlab.read_survey(write_csv(frame, tmp_path / "d.csv"))
    scores = score_scales(survey, sums=True, z=True)
    assert scores.loc[0, "trust"] == 4.0 and bool(scores.loc[0, "high_trust"]) is True
    assert scores.loc[2, "trust"] == 3.0 and bool(scores.loc[2, "high_trust"]) is False
    assert np.isnan(scores.loc[3, "distrust"]) and scores.loc[3, "distrust_n"] == 1
    assert pd.isna(scores.loc[3, "high_distrust"]) and pd.isna(scores.loc[3, "quadrant"])
    assert scores.loc[5, "distrust"] == pytest.approx(14 / 3, rel=1e-15)
    assert scores.loc[5, "distrust_sum"] == pytest.approx(4 * 14 / 3, rel=1e-15)
    assert scores.attrs["unscored"]["distrust"] == {
        "not_scored": 1, "reason": "answered fewer than 2 of the 4 items", "rows": [3],
    }  # fmt: skip
    assert scores.attrs["rules"] == {"trust": "mean > 3", "distrust": "mean > 3"}
    z = scores["trust_z"]
    assert z.mean() == pytest.approx(0, abs=1e-12) and z.std(ddof=1) == pytest.approx(1, rel=1e-12)
    assert scores.loc[0, "quadrant"] in ("high_trust_low_distrust", "high_trust_high_distrust")


def test_quadrants():
    t = pd.Series(pd.array([True, True, False, False, pd.NA], dtype="boolean"))
    d = pd.Series(pd.array([False, True, False, True, True], dtype="boolean"))
    q = quadrants(t, d)
    assert q.tolist()[:4] == list(QUADRANT_KEYS)
    assert pd.isna(q.iloc[4])


def test_sample_reproduces_the_published_shares():
    scores = score_scales(trustlab.load_sample())
    assert int(scores["high_trust"].sum()) == 166  # F2: almost 72% of 231
    assert int(scores["high_distrust"].sum()) == 58  # F3: one in four
