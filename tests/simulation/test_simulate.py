"""Tests of trustlab.simulation.generate: determinism, calibration to F1-F9, shape, parameters."""

from __future__ import annotations

import dataclasses
import hashlib

import numpy as np
import pandas as pd
import pytest

from trustlab.simulation.generate import SimulationParameters, simulate_data

COLUMNS = [
    "respondent_id", "network_id", "role", "org_type", "years_in_network", "meeting_frequency",
    "T1", "T2", "T3", "T4", "T5", "T6", "T7", "D1", "D2", "D3", "D4",
]  # fmt: skip
TRUST = ["T1", "T2", "T3", "T4", "T5", "T6", "T7"]
DISTRUST = ["D1", "D2", "D3", "D4"]
ITEMS = TRUST + DISTRUST
FREQUENCIES = [
    "minder dan 1 keer per jaar",
    "1-2 keer per jaar",
    "3-4 keer per jaar",
    "meer dan 4 keer per jaar",
]
ROLES = {"trekker", "partner", "beleidsmaker", "ervaringsdeskundige"}
ORG_TYPES = {"lokaal bestuur", "welzijn en armoede", "cultuur sport jeugd", "andere"}
# SHA-256 of the default sample as written to data/sample/trustlab_sample.csv (items as Int64).
SAMPLE_SHA256 = "404cdf016f782f196f7d5edac1d9a50aaa07ec90c2fb5f5bcecd017a1279c791"


def scores(df):
    """Keyed trust and distrust scale scores as published (T7, D4 reversed; half answered)."""
    keyed = df[ITEMS].astype(float).copy()
    keyed[["T7", "D4"]] = 6 - keyed[["T7", "D4"]]

    def scale(items, min_valid):
        return items.mean(axis=1).where(items.notna().sum(axis=1) >= min_valid)

    return keyed, scale(keyed[TRUST], 4), scale(keyed[DISTRUST], 2)


def cronbach_alpha(items):
    x = items.dropna().to_numpy()
    k = x.shape[1]
    return k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))


def sample_csv_bytes(df):
    out = df.copy()
    out[ITEMS] = out[ITEMS].astype("Int64")
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


@pytest.fixture(scope="module")
def default():
    return simulate_data()


def test_same_seed_gives_identical_data(default):
    again = simulate_data()
    pd.testing.assert_frame_equal(default, again)
    first = hashlib.sha256(default.to_csv(index=False).encode()).hexdigest()
    second = hashlib.sha256(again.to_csv(index=False).encode()).hexdigest()
    assert first == second
    pd.testing.assert_frame_equal(simulate_data(80, seed=7), simulate_data(80, seed=7))


def test_default_sample_bytes_are_pinned(default):
    assert hashlib.sha256(sample_csv_bytes(default)).hexdigest() == SAMPLE_SHA256


def test_different_seed_differs(default):
    other = simulate_data(seed=1)
    assert not default.equals(other)
    assert not default[ITEMS].equals(other[ITEMS])


def test_defaults_reproduce_published_counts(default):
    _, trust, distrust = scores(default)
    assert len(default) == 231  # F1
    assert trust.notna().all() and distrust.notna().all()  # nobody unscoreable
    assert int((trust > 3).sum()) == 166  # F2: 71.9%, "almost 72%"
    assert int((distrust > 3).sum()) == 58  # F3: 25.1%, "one in four"
    counts = default["meeting_frequency"].value_counts()
    assert [int(counts[f]) for f in FREQUENCIES] == [33, 71, 99, 28]  # F4-F7


def test_defaults_trust_steps_up_with_meetings(default):
    _, trust, _ = scores(default)
    high = (trust > 3).groupby(default["meeting_frequency"]).sum()
    assert [int(high[f]) for f in FREQUENCIES] == [20, 34, 87, 25]  # 61 / 48 / 88 / 89 %
    x1, n1, x2, n2 = 34, 71, 87, 99
    pooled = (x1 + x2) / (n1 + n2)
    z = (x2 / n2 - x1 / n1) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    assert z > 2.576  # two-sided p < .01
    means = trust.groupby(default["meeting_frequency"]).mean()
    assert means[FREQUENCIES[2]] - means[FREQUENCIES[1]] > 0.5


def test_defaults_trust_and_distrust_are_distinct_factors(default):
    keyed, trust, distrust = scores(default)
    assert -0.55 < trust.corr(distrust) < -0.30
    assert 0.75 < cronbach_alpha(keyed[TRUST]) < 0.90
    assert 0.75 < cronbach_alpha(keyed[DISTRUST]) < 0.90
    eigenvalues = np.linalg.eigvalsh(keyed.corr().to_numpy())
    assert int((eigenvalues > 1).sum()) == 2


def test_defaults_straightliners_and_missing(default):
    answered = default[ITEMS]
    same = answered.notna().all(axis=1) & answered.nunique(axis=1).eq(1)
    assert int(same.sum()) == 2
    assert 0.02 <= answered.isna().to_numpy().mean() <= 0.03


def test_columns_and_dtypes(default):
    assert list(default.columns) == COLUMNS
    for name in ["respondent_id", "network_id", "role", "org_type", "meeting_frequency"]:
        assert pd.api.types.is_string_dtype(default[name]), name
        assert default[name].notna().all()
    for name in ["years_in_network", *ITEMS]:
        assert default[name].dtype == np.float64, name
    assert default["respondent_id"].tolist() == [f"R{i:03d}" for i in range(1, 232)]
    assert default["network_id"].str.fullmatch(r"N\d{2}").all()
    assert default["network_id"].nunique() == 50
    assert set(default["role"]) == ROLES
    assert set(default["org_type"]) == ORG_TYPES
    assert set(default["meeting_frequency"]) == set(FREQUENCIES)
    years = default["years_in_network"]
    assert years.between(0.5, 12).all()
    assert np.allclose(years * 10, np.round(years * 10))
    values = default[ITEMS].to_numpy().ravel()
    assert set(values[~np.isnan(values)]) == {1.0, 2.0, 3.0, 4.0, 5.0}


def test_design_networks_share_a_meeting_frequency(default):
    sizes = default.groupby("network_id").size()
    assert sizes.between(2, 8).all()
    modal = default.groupby("network_id")["meeting_frequency"].agg(lambda s: s.mode().iloc[0])
    agree = default["meeting_frequency"].eq(default["network_id"].map(modal)).mean()
    assert 0.85 < agree < 1


def test_reverse_keyed_items_run_opposite(default):
    raw = default[ITEMS].corr()
    assert raw.loc["T1", "T7"] < 0 < raw.loc["T1", "T2"]
    assert raw.loc["D1", "D4"] < 0 < raw.loc["D1", "D2"]


def test_unknown_parameter_raises():
    with pytest.raises(ValueError, match="bogus_rate"):
        simulate_data(bogus_rate=0.1)


@pytest.mark.parametrize(
    "override",
    [
        {"missing_rate": 1.5},
        {"trust_loadings": (1.0, 1.0)},
        {"residual_correlation": -1.0},
        {"steps": (1.0, 0.0, 2.0, 3.0)},
        {"role_shares": (-1.0, 1.0, 1.0, 1.0)},
    ],
)
def test_invalid_parameter_values_raise(override):
    with pytest.raises(ValueError, match=next(iter(override))):
        simulate_data(**override)


@pytest.mark.parametrize("n", [0, -5, 2.5, True])
def test_invalid_n_raises(n):
    with pytest.raises(ValueError, match="n must be"):
        simulate_data(n)


def test_impossible_network_count_raises():
    with pytest.raises(ValueError, match="n_networks=200"):
        simulate_data(n_networks=200)


@pytest.mark.parametrize("n", [50, 1000])
def test_other_sample_sizes(n):
    df = simulate_data(n, seed=11)
    assert len(df) == n and list(df.columns) == COLUMNS
    assert df["respondent_id"].is_unique
    assert set(df["meeting_frequency"]) == set(FREQUENCIES)
    assert set(df["role"]) == ROLES
    assert set(df["org_type"]) == ORG_TYPES
    counts = df["meeting_frequency"].value_counts()
    expected = np.array([33, 71, 99, 28]) * n / 231
    assert np.all(np.abs([counts[f] - e for f, e in zip(FREQUENCIES, expected, strict=True)]) < 1)
    assert df.groupby("network_id").size().between(2, 8).all()


def test_small_n_and_network_count():
    assert len(simulate_data(1)) == 1
    assert simulate_data(n_networks=40)["network_id"].nunique() == 40


def test_parameters_override():
    df = simulate_data(missing_rate=0)
    assert not df[ITEMS].isna().any().any()
    none = simulate_data(missing_rate=0, n_straightliners=0, neighbour_share=0)
    assert (none.groupby("network_id")["meeting_frequency"].nunique() == 1).all()
    low = simulate_data(trust_by_frequency=(-2.0, -2.0, -2.0, -2.0))
    assert (scores(low)[1] > 3).mean() < 0.2


def test_simulation_parameters_are_frozen_and_documented():
    params = SimulationParameters()
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.missing_rate = 0.5  # type: ignore[misc]
    doc = SimulationParameters.__doc__
    for field in dataclasses.fields(SimulationParameters):
        assert f"\n    {field.name} : " in doc, field.name
    as_lists = SimulationParameters(steps=[-2, -1, 0, 1])
    assert as_lists.steps == (-2.0, -1.0, 0.0, 1.0)
