"""ICC(1), ICC(2), rwg(j) and awg against the multilevel package (tests/reference/agreement.R) on
multilevel's bh1996 and lq2002, the trust sample's items and the held-out survey."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from rfixtures import data, heldout_survey, trust_sample
from rfixtures import fixture as load
from trustlab.models import ModelError
from trustlab.models._group_items import GroupItems
from trustlab.models.agreement import (
    AGREEMENT_LEVELS,
    agreement_level,
    agreement_levels,
    awg,
    group_icc,
    group_size_for_icc2,
    icc1_size,
    rwg_j,
    spearman_brown,
    uniform_null_variance,
)

# Closed forms (one-way ANOVA mean squares, item variances): observed agreement 1e-13.
CLOSED = 1e-8

ICC_CASES = {
    "bh1996_wbeing": (lambda: data("bh1996.csv"), "WBEING", "GRP"),
    "bh1996_lead": (lambda: data("bh1996.csv"), "LEAD", "GRP"),
    "trust": (trust_sample, "trust", "network_id"),
    "distrust": (trust_sample, "distrust", "network_id"),
    "heldout_score": (heldout_survey, "score", "team"),
}


def ref() -> dict:
    return load("agreement")


def keyed_items() -> pd.DataFrame:
    d = data("trust_items_networks.csv").copy()
    d["T7r"] = 6 - d["T7"]
    d["D4r"] = 6 - d["D4"]
    return d


def heldout_items() -> pd.DataFrame:
    d = heldout_survey()
    d["Q5r"] = 8 - d["Q5"]
    return d


T_ITEMS = ["T1", "T2", "T3", "T4", "T5", "T6", "T7r"]
D_ITEMS = ["D1", "D2", "D3", "D4r"]
Q_ITEMS = ["Q1", "Q2", "Q3", "Q4", "Q5r"]
LEAD = [f"LEAD{i:02d}" for i in range(1, 12)]
RWG_CASES = {
    "lq2002_lead": (lambda: data("lq2002_lead.csv"), LEAD, "COMPID", {"null_variance": 2.0}),
    "trust": (keyed_items, T_ITEMS, "network_id", {"scale_points": 5}),
    "distrust": (keyed_items, D_ITEMS, "network_id", {"scale_points": 5}),
    "heldout": (heldout_items, Q_ITEMS, "team", {"scale_points": 7}),
    "trust_ranvar1": (keyed_items, T_ITEMS, "network_id", {"null_variance": 1.0}),
}
AWG_CASES = {
    "lq2002_lead": (lambda: data("lq2002_lead.csv"), LEAD, "COMPID", (1, 5)),
    "trust": (keyed_items, T_ITEMS, "network_id", (1, 5)),
    "heldout": (heldout_items, Q_ITEMS, "team", (1, 7)),
    "lq2002_lead01": (lambda: data("lq2002_lead.csv"), "LEAD01", "COMPID", (1, 5)),
}


@pytest.mark.parametrize("key", ["icc1", "icc2", "ms_between", "ms_within", "F", "p"])
@pytest.mark.parametrize("case", list(ICC_CASES))
def test_group_icc(case, key):
    frame, value, group = ICC_CASES[case]
    res, r = group_icc(frame(), value, group), ref()["icc"][case]
    ours = {"F": res.statistic, "p": res.p_value}.get(key, getattr(res, key, None))
    assert_allclose(ours, r[key], rtol=CLOSED)


@pytest.mark.parametrize("case", list(ICC_CASES))
def test_group_icc_counts(case):
    frame, value, group = ICC_CASES[case]
    res, r = group_icc(frame(), value, group), ref()["icc"][case]
    assert (res.n_obs, res.n_groups, res.df_between, res.df_within) == (
        r["n_obs"],
        r["n_groups"],
        r["df_between"],
        r["df_within"],
    )
    assert_allclose(res.group_size, r["group_size"], rtol=1e-15)


def _by_group(table: pd.DataFrame, r: dict, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Our column and R's, matched by group id (R sorts ids as text in its locale)."""
    ours = table.assign(key=table["group"].astype(str)).set_index("key")[column]
    theirs = pd.Series(r[column if column != "n" else "n"], index=r["group"], dtype=float)
    assert sorted(ours.index) == sorted(theirs.index)
    return ours.loc[theirs.index].to_numpy(dtype=float), theirs.to_numpy()


@pytest.mark.parametrize("case", list(RWG_CASES))
def test_rwg_j_per_group(case):
    frame, items, group, null = RWG_CASES[case]
    res = rwg_j(frame(), items, group, **null)
    ours, theirs = _by_group(res.table, ref()["rwg_j"][case], "rwg_j")
    assert_allclose(ours, theirs, rtol=CLOSED, atol=1e-14)  # exact zeros where truncated


@pytest.mark.parametrize("case", list(RWG_CASES))
def test_rwg_j_group_sizes(case):
    frame, items, group, null = RWG_CASES[case]
    res = rwg_j(frame(), items, group, **null)
    ours, theirs = _by_group(res.table, ref()["rwg_j"][case], "n")
    np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("case", list(RWG_CASES))
def test_rwg_j_mean_and_median(case):
    frame, items, group, null = RWG_CASES[case]
    res, r = rwg_j(frame(), items, group, **null), ref()["rwg_j"][case]
    assert_allclose([res.mean, res.median], [r["mean"], r["median"]], rtol=CLOSED)
    assert res.n_groups_defined == r["n_groups_defined"]
    assert_allclose(res.null_variance, r["ranvar"], rtol=1e-15)


@pytest.mark.parametrize("case", list(AWG_CASES))
def test_awg_per_group(case):
    frame, items, group, (lo, hi) = AWG_CASES[case]
    res = awg(frame(), items, group, scale_min=lo, scale_max=hi)
    ours, theirs = _by_group(res.table, ref()["awg"][case], "awg")
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs))
    assert_allclose(ours, theirs, rtol=CLOSED, equal_nan=True)
    assert_allclose(res.mean, ref()["awg"][case]["mean"], rtol=CLOSED)


def test_spearman_brown_and_the_group_size_for_icc2():
    r = ref()["spearman_brown"]
    assert_allclose(group_size_for_icc2(r["trust"]["icc1"]), r["trust"]["k_for_070"], rtol=CLOSED)
    assert_allclose(
        group_size_for_icc2(r["bh1996_wbeing"]["icc1"]),
        r["bh1996_wbeing"]["k_for_070"],
        rtol=CLOSED,
    )
    res = group_icc(trust_sample(), "trust", "network_id")
    # multilevel's ICC(2) is Spearman-Brown of its ICC(1) at the mean group size N / G
    assert_allclose(spearman_brown(res.icc1, res.group_size), res.icc2, rtol=1e-12)
    assert_allclose(spearman_brown(res.icc1, res.group_size_for_070), 0.70, rtol=1e-12)
    assert group_size_for_icc2(-0.01) == np.inf
    with pytest.raises(ModelError, match="target"):
        group_size_for_icc2(0.2, target=1.0)


def test_readings_follow_lebreton_and_senter():
    assert [agreement_level(v) for v in (0.0, 0.3, 0.31, 0.5, 0.51, 0.7, 0.71, 0.9, 0.91, 1.0)] == [
        "lack of agreement",
        "lack of agreement",
        "weak agreement",
        "weak agreement",
        "moderate agreement",
        "moderate agreement",
        "strong agreement",
        "strong agreement",
        "very strong agreement",
        "very strong agreement",
    ]
    assert agreement_level(np.nan) == "undefined"
    assert [icc1_size(v) for v in (0.005, 0.01, 0.1, 0.25)] == [
        "negligible",
        "small",
        "medium",
        "large",
    ]


def test_trust_verdicts_in_words():
    icc = group_icc(trust_sample(), "trust", "network_id")
    assert icc.size == "large" and not icc.reliable_means
    assert "ICC(1) = 0.26: large" in icc.verdict and "groups of 7 respondents" in icc.verdict
    rw = rwg_j(keyed_items(), T_ITEMS, "network_id", scale_points=5, score="T1")
    assert rw.level == "strong agreement" and "LeBreton & Senter 2008" in rw.verdict
    assert list(rw.table.columns) == ["group", "n", "rwg_j", "level", "score_mean"]
    assert rw.n_obs < rw.n_rows  # rows with a missing item are left out, as rwg.j does
    assert "rwg(j) on 7 items" in repr(rw) and icc.summary().index.tolist() == ["trust"]


def test_the_uniform_null_variance():
    assert uniform_null_variance(5) == 2.0 and uniform_null_variance(7) == 4.0
    with pytest.raises(ModelError, match="whole number"):
        uniform_null_variance(4.5)


def test_bad_input_is_refused():
    d = keyed_items()
    with pytest.raises(ModelError, match="either scale_points"):
        rwg_j(d, T_ITEMS, "network_id")
    with pytest.raises(ModelError, match="either scale_points"):
        rwg_j(d, T_ITEMS, "network_id", scale_points=5, null_variance=2.0)
    with pytest.raises(ModelError, match="scale_min must be below"):
        awg(d, T_ITEMS, "network_id", scale_min=5, scale_max=1)
    with pytest.raises(ModelError, match="at least two groups"):
        group_icc(pd.DataFrame({"y": [1.0, 2.0], "g": ["a", "a"]}), "y", "g")
    with pytest.raises(ModelError, match="not numbers"):
        group_icc(pd.DataFrame({"y": ["x", "2"], "g": ["a", "b"]}), "y", "g")


def test_agreement_levels_read_each_value_as_agreement_level():
    values = np.array([-0.2, 0.0, 0.3, 0.30000001, 0.5, 0.50001, 0.7, 0.71, 0.9, 0.905, 1.0,
                       1.2, np.nan, np.inf, -np.inf])  # fmt: skip
    assert agreement_levels(values).tolist() == [agreement_level(v) for v in values]


@pytest.mark.parametrize("case", ["trust", "heldout"])
def test_rwg_j_and_awg_sharing_the_group_moments_give_the_same_tables(case):
    frame, items, group, (lo, hi) = AWG_CASES[case]
    d = frame()
    shared = GroupItems(d, items, group)
    rwg = rwg_j(d, items, group, scale_points=int(hi - lo + 1), shared=shared)
    aw = awg(d, items, group, scale_min=lo, scale_max=hi, shared=shared)
    alone = rwg_j(d, items, group, scale_points=int(hi - lo + 1))
    pd.testing.assert_frame_equal(rwg.table, alone.table, check_exact=True)
    aw_alone = awg(d, items, group, scale_min=lo, scale_max=hi)
    pd.testing.assert_frame_equal(aw.table, aw_alone.table, check_exact=True)
    assert (rwg.mean, aw.mean, rwg.n_obs) == (alone.mean, aw_alone.mean, alone.n_obs)
    assert shared._rows[0] is None  # the answers themselves are not kept


def test_a_shared_refusal_is_raised_by_each_index():
    d = pd.DataFrame({"a": ["x", "y"], "g": ["p", "p"]})
    shared = GroupItems(d, ["a"], "g")
    with pytest.raises(ModelError, match="numeric answers"):
        rwg_j(d, ["a"], "g", scale_points=5, shared=shared)
    with pytest.raises(ModelError, match="numeric answers"):
        awg(d, ["a"], "g", scale_min=1, scale_max=5, shared=shared)


def test_a_categorical_cluster_gives_its_categories_as_the_tables_groups():
    # the analysis codes the cluster once (categorical): the tables then label each group by
    # its category, not by a text per group (two million clusters at ten million respondents)
    text = keyed_items()
    coded = text.assign(network_id=pd.Categorical(text["network_id"]))
    for make in (
        lambda d: rwg_j(d, T_ITEMS, "network_id", scale_points=5, score="T1"),
        lambda d: awg(d, T_ITEMS, "network_id", scale_min=1, scale_max=5, score="T1"),
    ):
        by_text, by_code = make(text).table, make(coded).table
        assert isinstance(by_code["group"].dtype, pd.CategoricalDtype)
        assert by_code["group"].cat.categories is coded["network_id"].cat.categories
        assert by_code["group"].tolist() == by_text["group"].tolist()
        pd.testing.assert_frame_equal(
            by_code.drop(columns="group"), by_text.drop(columns="group"), check_exact=True
        )


def test_the_levels_of_a_table_are_the_readings_of_its_values():
    res = rwg_j(keyed_items(), T_ITEMS, "network_id", scale_points=5)
    level = res.table["level"]
    assert list(level.cat.categories) == [*(label for _, label in AGREEMENT_LEVELS), "undefined"]
    assert level.tolist() == [agreement_level(v) for v in res.table["rwg_j"]]
