"""The threshold analysis against R: contr.sdif + p.adjust(holm), broken stick by hand."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from rfixtures import FREQ, REF, trust_sample
from trustlab.models import (
    ModelError,
    ModelWarning,
    adjacent_contrasts,
    broken_stick,
    holm,
    proportion,
    threshold_statement,
)

EN = dict(
    zip(
        FREQ,
        [
            "less than once a year",
            "1-2 times a year",
            "3-4 times a year",
            "more than 4 times a year",
        ],
        strict=True,
    )
)
CLOSED = 1e-10


@pytest.fixture(scope="module")
def ref() -> dict:
    return json.loads((REF / "fixtures" / "trust_sample.json").read_text())["threshold"]


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return trust_sample()


def test_holm_matches_p_adjust(ref):
    assert_allclose(holm(ref["sdif"]["p_value"]), ref["sdif"]["p_holm"], rtol=1e-14)
    assert_allclose(holm(ref["welch_p"]), ref["welch_p_holm"], rtol=1e-14)
    assert np.isnan(holm([0.01, np.nan, 0.02])[1])
    assert_allclose(holm([0.01, np.nan, 0.02])[[0, 2]], [0.02, 0.02])


def test_adjacent_contrasts_match_contr_sdif(sample, ref):
    want = ref["sdif"]
    r = adjacent_contrasts(sample, "trust", "meeting_frequency")
    t = r.table
    assert list(t["lower"]) == FREQ[:3] and list(t["upper"]) == FREQ[1:]
    assert_allclose(t["estimate"], want["estimate"], rtol=CLOSED)
    assert_allclose(t["std_error"], want["se"], rtol=CLOSED)
    assert_allclose(t["p_value"], want["p_value"], rtol=1e-8)
    assert_allclose(t["p_holm"], want["p_holm"], rtol=1e-8)
    assert (t["df"] == want["df"]).all() and r.inference == "model"


def test_adjacent_contrasts_with_covariates_and_cluster(sample, ref):
    want = ref["sdif_covariates_cluster"]
    r = adjacent_contrasts(
        sample,
        "trust",
        "meeting_frequency",
        covariates=["role", "org_type", "years_in_network"],
        cluster="network_id",
    )
    t = r.table
    assert r.inference == "cluster"
    assert_allclose(t["estimate"], want["estimate"], rtol=CLOSED)
    assert_allclose(t["std_error"], want["se"], rtol=CLOSED)
    assert_allclose(t["p_value"], want["p_value"], rtol=1e-8)
    assert_allclose(t["p_holm"], want["p_holm"], rtol=1e-8)
    assert "adjusted for role" in repr(r)


def test_adjacent_contrasts_skip_an_empty_category(sample):
    d = sample[sample["meeting_frequency"] != FREQ[1]]
    with pytest.warns(ModelWarning, match="has no rows"):
        r = adjacent_contrasts(d, "trust", "meeting_frequency")
    assert list(r.table["contrast"]) == [f"{FREQ[2]} - {FREQ[0]}", f"{FREQ[3]} - {FREQ[2]}"]
    means = d.groupby("meeting_frequency", observed=True)["trust"].mean()
    assert_allclose(r.table["estimate"].iloc[0], means[FREQ[2]] - means[FREQ[0]], rtol=1e-12)


def test_broken_stick_matches_r(sample, ref):
    want = ref["broken_stick"]
    bs = broken_stick(sample, "trust", "per_year")
    assert list(bs.profile.index) == want["knots"]
    assert_allclose(bs.profile["rss"], want["rss"], rtol=CLOSED)
    assert bs.knot == want["best_knot"]
    assert_allclose(bs.fit.coefficients["estimate"], want["coefficients"], rtol=CLOSED)
    assert_allclose(bs.fit.coefficients["std_error"], want["se"], rtol=CLOSED)
    assert_allclose(bs.slope_after, want["slope_after"], rtol=CLOSED)
    assert_allclose(bs.change, want["coefficients"][2], rtol=CLOSED)
    assert bs.linear_rss >= bs.profile["rss"].min()
    assert "conditional" in repr(bs)


def test_broken_stick_needs_candidates():
    d = pd.DataFrame({"y": [1.0, 2.0, 3.0, 4.0], "x": [0.0, 1.0, 0.0, 1.0]})
    with pytest.raises(ModelError, match="No candidate knot"):
        broken_stick(d, "y", "x")


def test_statement_on_the_sample(sample):
    shares = pd.Series(
        {
            c: proportion(sample.loc[sample["meeting_frequency"] == c, "high_trust"]).estimate
            for c in FREQ
        }
    )
    contrasts = adjacent_contrasts(sample, "trust", "meeting_frequency")
    s = threshold_statement(
        shares, outcome={"nl": "vertrouwen", "en": "trust"}, labels_en=EN, contrasts=contrasts
    )
    # shares 20/33 = 60.6%, 34/71 = 47.9%, 87/99 = 87.9%, 25/28 = 89.3%
    assert s.first_high == "3-4 keer per jaar" and not s.monotone
    assert s.statement["nl"].startswith("Vertrouwen is hoog vanaf '3-4 keer per jaar'")
    assert "from '3-4 times a year' on" in s.statement["en"]
    assert "47.9%" in s.statement["en"] and "statistically significant" in s.statement["en"]
    assert "'less than once a year' (60.6%) also meets the rule" in s.statement["en"]
    assert s.summary()["meets_rule"].tolist() == [True, False, True, True]


def test_statement_by_mean_and_no_threshold():
    means = pd.Series([2.5, 2.8, 3.4, 3.6], index=list("abcd"))
    s = threshold_statement(means, cutoff=3, as_share=False)
    assert s.first_high == "c" and s.monotone and s.rule == "mean > 3"
    assert "mean above 3.00" in s.statement["en"]
    low = threshold_statement(pd.Series([0.2, 0.6, 0.4], index=list("abc")))
    assert low.first_high is None
    assert "not high from any category" in low.statement["en"]
    assert "geen enkele categorie" in low.statement["nl"]
    everywhere = threshold_statement(pd.Series([0.7, 0.8], index=["x", "y"]))
    assert everywhere.first_high == "x" and "every category" in everywhere.statement["en"]


def test_cr1s_from_a_cr2_fit_that_fell_back_equals_a_cr1s_fit(monkeypatch):
    import warnings

    from trustlab.errors import TrustlabWarning
    from trustlab.models import linear
    from trustlab.models.threshold import adjacent_contrasts, as_cr1s

    rng = np.random.default_rng(4)
    n = 300
    frame = pd.DataFrame({"g": rng.choice(list("abcd"), n), "c": rng.integers(0, 60, n)})
    frame["y"] = rng.normal(size=n) + (frame["g"] > "b")
    frame.loc[[3, 7], "y"] = np.nan  # dropped rows: a warning a refit says again
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", TrustlabWarning)
        cr1s = adjacent_contrasts(frame, "y", "g", cluster="c", vcov_type="CR1S")
    cr2 = adjacent_contrasts(frame, "y", "g", cluster="c", vcov_type="CR2")
    assert cr2.vcov_type == "CR2" and as_cr1s(cr2) is None  # few clusters: CR2 itself
    monkeypatch.setattr(linear, "CR_MAX_CLUSTERS", 10)
    with pytest.warns(TrustlabWarning, match="CR2 is not computed"):
        fell_back = adjacent_contrasts(frame, "y", "g", cluster="c", vcov_type="CR2")
    assert fell_back.vcov_type == "CR1S"
    assert any("CR2 is not computed" in w for w in fell_back.warnings)
    with warnings.catch_warnings(record=True) as again:
        warnings.simplefilter("always", TrustlabWarning)
        reused = as_cr1s(fell_back)
    pd.testing.assert_frame_equal(reused.table, cr1s.table)
    assert reused.warnings == cr1s.warnings
    assert [str(w.message) for w in again] == [str(w.message) for w in said]
    for name in ("inference", "outcome", "group", "covariates", "n_obs", "dropped",
                 "confidence_level", "vcov_type"):  # fmt: skip
        assert getattr(reused, name) == getattr(cr1s, name)
