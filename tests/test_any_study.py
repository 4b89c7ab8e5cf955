"""Two studies of our own that share nothing with the default codebook, against R.

tests/reference/any_study.R writes the two data files and fixtures/any_study.json:
"welzijn" (7-point items, three scales, an exposure without scores, no clusters) and "teams"
(5-point items, two scales, an exposure with scores, 24 teams as clusters, 99 coded as no
answer). Each study runs through the Python API (a DataFrame and keywords) and through the
command line (``codebook init`` + the edits its comments ask for + ``analyse``); both must give
R's numbers. Tolerances: 1e-8 relative for closed forms (alpha, scores, shares, means, tests,
OLS and sandwich SEs), 1e-5 for the mixed model's ICC (an iterative REML fit).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest
import yaml
from numpy.testing import assert_allclose

import trustlab
from rfixtures import REF, fixture
from trustlab.cli import main

R = fixture("any_study")
CLOSED = 1e-8
WELZIJN = {"engagement": [f"e{i}" for i in range(1, 6)], "burnout": [f"b{i}" for i in range(1, 5)],
           "belonging": ["c1", "c2", "c3"]}  # fmt: skip
TEAMS = {"cohesion": [f"k{i}" for i in range(1, 7)], "conflict": [f"x{i}" for i in range(1, 5)]}
CONTACT = ["maandelijks", "wekelijks", "dagelijks"]
OVERLEG = ["maandelijks", "tweewekelijks", "wekelijks", "tweemaal per week"]


@cache
def welzijn_api():
    data = pd.read_csv(REF / "data" / "study_welzijn.csv")
    data["contact"] = pd.Categorical(data["contact"], categories=CONTACT, ordered=True)
    return trustlab.analyse(data, scales=WELZIJN, reverse=["e3"], response_range=(1, 7),
                            exposure="contact", covariates=["leeftijd", "gender"],
                            id="deelnemer", n_boot=0)  # fmt: skip


@cache
def teams_api():
    data = pd.read_csv(REF / "data" / "study_teams.csv")
    items = [i for columns in TEAMS.values() for i in columns]
    data[items] = data[items].replace(99, np.nan)  # as a pandas user cleans an export
    data["overleg"] = pd.Categorical(data["overleg"], categories=OVERLEG, ordered=True)
    return trustlab.analyse(data, scales=TEAMS, reverse=["k6"], response_range=(1, 5),
                            exposure="overleg", exposure_scores=[1, 2, 4, 8], cluster="team",
                            covariates=["functie"], id="medewerker", n_boot=0)  # fmt: skip


def _draft(tmp_path, name, *options):
    data = REF / "data" / f"study_{name}.csv"
    out = tmp_path / f"{name}.yaml"
    assert main(["codebook", "init", str(data), "-o", str(out), *options]) == 0
    return data, out, yaml.safe_load(out.read_text(encoding="utf-8"))


def _rename(draft, names):
    """Rename the drafted scales (the draft's comment: 'rename them as you like')."""
    draft["scales"] = {names[k]: v for k, v in draft["scales"].items()}
    for item in draft["items"]:
        item["scale"] = names[item["scale"]]


@cache
def welzijn_cli(tmp_path):
    data, path, draft = _draft(tmp_path, "welzijn", "--exposure", "contact")
    assert "cluster" not in draft and draft["id"] == "deelnemer"
    _rename(draft, {"e": "engagement", "b": "burnout", "c": "belonging"})
    for item in draft["items"]:  # 'add reverse: true to every reverse-worded item'
        if item["column"] == "e3":
            item["reverse"] = True
    # 'put the categories in their natural order, lowest first'
    draft["exposure"]["categories"] = [{"label": c} for c in CONTACT]
    path.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["analyse", str(data), "--codebook", str(path), "--out",
                 str(tmp_path / "welzijn-report"), "--boot", "0"]) == 0  # fmt: skip
    return trustlab.analyse(data, codebook=path, n_boot=0)


@cache
def teams_cli(tmp_path):
    data, path, draft = _draft(tmp_path, "teams", "--exposure", "overleg", "--cluster", "team")
    assert draft["missing_codes"] == [{"columns": "items", "codes": [99]}]
    _rename(draft, {"k": "cohesion", "x": "conflict"})
    for item in draft["items"]:
        if item["column"] == "k6":
            item["reverse"] = True
    draft["exposure"]["categories"] = [
        {"label": c, "score": s} for c, s in zip(OVERLEG, [1, 2, 4, 8], strict=True)
    ]
    path.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["analyse", str(data), "--codebook", str(path), "--out",
                 str(tmp_path / "teams-report"), "--boot", "0"]) == 0  # fmt: skip
    return trustlab.analyse(data, codebook=path, n_boot=0)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("any_study")
    return {
        ("welzijn", "api"): welzijn_api(),
        ("teams", "api"): teams_api(),
        ("welzijn", "cli"): welzijn_cli(folder),
        ("teams", "cli"): teams_cli(folder),
    }


CASES = [(study, path, scale) for study, scales in (("welzijn", WELZIJN), ("teams", TEAMS))
         for path in ("api", "cli") for scale in scales]  # fmt: skip


@pytest.mark.parametrize(("study", "path", "scale"), CASES)
def test_alpha_and_item_table(results, study, path, scale):
    ref, res = R[study][scale], results[(study, path)].scales[scale]
    assert_allclose(res.alpha.alpha, ref["alpha"], rtol=CLOSED)
    assert_allclose(res.alpha.std_alpha, ref["std_alpha"], rtol=CLOSED)
    assert_allclose(res.alpha.items["r_drop"], list(ref["r_drop"].values()), rtol=CLOSED)
    assert_allclose(res.alpha.items["alpha_if_dropped"], list(ref["alpha_if_dropped"].values()),
                    rtol=CLOSED)  # fmt: skip


@pytest.mark.parametrize(("study", "path", "scale"), CASES)
def test_scores_and_share_high(results, study, path, scale):
    ref, res = R[study][scale], results[(study, path)].scales[scale]
    assert res.n_scored == ref["n_scored"]
    assert_allclose([res.mean, res.sd], [ref["score_mean"], ref["score_sd"]], rtol=CLOSED)
    share = res.share_high
    assert (share.count, share.n) == (ref["high"]["count"], ref["high"]["n"])
    assert_allclose([share.ci_low, share.ci_high], ref["high"]["wilson"], rtol=CLOSED)


@pytest.mark.parametrize(("study", "path", "scale"), CASES)
def test_means_per_exposure_category(results, study, path, scale):
    ref = R[study][scale]["by_exposure"]
    table = results[(study, path)].exposure.scales[scale].means.table
    assert list(table.index) == [r["category"] for r in ref]
    assert table["n"].tolist() == [r["n"] for r in ref]
    for column in ("mean", "sd", "ci_low", "ci_high"):
        assert_allclose(table[column], [r[column] for r in ref], rtol=CLOSED)


@pytest.mark.parametrize(("study", "path", "scale"), CASES)
def test_kruskal_wallis(results, study, path, scale):
    ref = R[study][scale]["kruskal"]
    test = results[(study, path)].exposure.scales[scale].kruskal
    assert_allclose([test.statistic, test.df, test.p_value],
                    [ref["statistic"], ref["df"], ref["p_value"]], rtol=CLOSED)  # fmt: skip


@pytest.mark.parametrize(("study", "path", "scale"), CASES)
def test_ols_with_robust_or_clustered_errors(results, study, path, scale):
    ref = R[study][scale]["ols"]
    coefs = results[(study, path)].exposure.scales[scale].ols.coefficients.set_index("term")
    coefs = coefs.loc[ref["terms"]]
    assert_allclose(coefs["estimate"], ref["estimate"], rtol=CLOSED)
    assert_allclose(coefs["std_error"], ref["se_model"], rtol=CLOSED)
    if study == "teams":
        assert_allclose(coefs["std_error_cluster"], ref["se_cluster"], rtol=CLOSED)
    else:
        assert_allclose(coefs["std_error_robust"], ref["se_HC3"], rtol=CLOSED)
        assert coefs["std_error_cluster"].isna().all()  # no cluster declared


@pytest.mark.parametrize("path", ["api", "cli"])
@pytest.mark.parametrize("scale", list(TEAMS))
def test_null_model_icc(results, path, scale):
    mixed = results[("teams", path)].exposure.scales[scale].mixed
    assert_allclose(mixed.icc_null, R["teams"][scale]["icc_null"], rtol=1e-5, atol=1e-8)


def test_what_does_not_run_is_said_up_front(results):
    welzijn = results[("welzijn", "api")]
    notes = " ".join(welzijn.not_run)
    assert "No cluster is declared" in notes and "have no scores" in notes
    assert "No trust and distrust dimensions" in notes
    assert welzijn.dimensions is None
    scale = welzijn.exposure.scales["engagement"]
    assert scale.mixed is None and scale.trend is None and scale.broken_stick is None
    # without a cluster: no few-cluster inference, no agreement, no within-between, and the
    # notes say so; without grouping variables: no invariance, said too
    for scale in welzijn.exposure.scales.values():
        assert scale.cluster_inference is None and scale.mixed_inference is None
        assert scale.within_between is None and scale.contrasts_hc1 is None
        assert scale.contrasts.vcov_type is None and "model-based" in scale.contrasts.method
    assert welzijn.clusters == {} and welzijn.invariance == {}
    assert "CR2 with Satterthwaite df" in notes and "rwg(j)" in notes
    assert "within-between decomposition" in notes
    assert "No grouping variables are declared" in notes
    assert all(s.ordinal is not None for s in welzijn.scales.values())  # 7 points: polychoric
    teams = results[("teams", "api")]
    assert teams.exposure.scales["cohesion"].trend is not None  # scores: trend models run
    assert teams.exposure.cluster == "team"


def test_the_reports_have_no_internal_error_and_no_empty_section(results, tmp_path):
    for key, result in results.items():
        out = tmp_path / "-".join(key)
        trustlab.save_report(result, out, figures=False)
        page = (out / "report.md").read_text(encoding="utf-8")
        sections = page.split("\n## ")[1:]
        assert all(len(section.strip().splitlines()) > 1 for section in sections), key


# ---- the teams study with its cluster: the few-cluster-safe inference, lmerTest and the
# agreement indices as R gives them (tests/reference/analysis_inference.R, as tests/test_exposure.py
# for the sample: closed forms 1e-8, the logit 1e-6, mixed 1e-5, lmerTest's df 1e-4)
INF = fixture("analysis_inference")["teams"]


@pytest.mark.parametrize("path", ["api", "cli"])
@pytest.mark.parametrize("scale", list(TEAMS))
def test_teams_cr2_satterthwaite_and_htz(results, path, scale):
    res = results[("teams", path)].exposure.scales[scale]
    for model, tol in (("ols", CLOSED), ("logit", 1e-6), ("trend", CLOSED),
                       ("trend_log", CLOSED), ("broken_stick", CLOSED)):  # fmt: skip
        ref, table = INF[scale][model], getattr(res.cluster_inference, model).table
        for column, key in (("std_error", "se"), ("df", "df"), ("p_value", "p")):
            assert_allclose(table[column].to_numpy(), ref[key], rtol=tol)
    for model, tol in (("ols", CLOSED), ("logit", 1e-6)):
        ref, w = (
            INF[scale][model]["exposure_htz"],
            getattr(res.cluster_inference, f"{model}_exposure"),
        )
        assert_allclose([w.statistic, w.df_denom, w.p_value], [ref["F"], ref["df_denom"], ref["p"]],
                        rtol=tol)  # fmt: skip
    for kind in ("contrasts", "contrasts_high"):
        ref, table = INF[scale][kind], getattr(res, kind).table
        assert table["contrast"].tolist() == ref["contrast"]
        for column, key in (("std_error", "se"), ("df", "df"), ("p_holm", "p_holm")):
            assert_allclose(table[column].to_numpy(), ref[key], rtol=CLOSED)


@pytest.mark.parametrize("scale", list(TEAMS))
def test_teams_mixed_model_and_within_between(results, scale):
    res = results[("teams", "api")].exposure.scales[scale]
    ref, mixed = INF[scale]["mixed"], res.mixed_inference
    table = mixed.coefficients.table.set_index("term").loc[ref["terms"]]
    assert_allclose(table["std_error"].to_numpy(), ref["se"], rtol=1e-5)
    assert_allclose(table["df"].to_numpy(), ref["df"], rtol=1e-4)
    for test, key in ((mixed.exposure_test, "exposure_F"), (mixed.exposure_test_kr,
                                                            "exposure_F_kr")):  # fmt: skip
        assert_allclose([test.statistic, test.df_denom], [ref[key]["F"], ref[key]["den_df"]],
                        rtol=1e-4)  # fmt: skip
    assert_allclose(mixed.lrt.statistic, ref["lrt"]["chisq"], rtol=1e-5)
    if ref["singular"]:  # conflict: tau2 = 0 (lme4's boundary fit); R2 marginal = conditional
        assert res.mixed.tau2 == 0 and mixed.r2.marginal == mixed.r2.conditional
        assert mixed.icc.icc == 0
    else:
        assert_allclose([mixed.r2.marginal, mixed.r2.conditional],
                        [ref["r2_marginal"], ref["r2_conditional"]], rtol=1e-5)  # fmt: skip
        assert_allclose(mixed.icc.icc, ref["icc_adjusted"], rtol=1e-5)
    wb = res.within_between.table
    assert_allclose(wb["estimate"].to_numpy(), INF[scale]["within_between"]["estimate"],
                    rtol=1e-5)  # fmt: skip
    assert_allclose(wb["df"].to_numpy(), INF[scale]["within_between"]["df"], rtol=1e-4)


@pytest.mark.parametrize("scale", list(TEAMS))
def test_teams_as_a_property_of_the_team(results, scale):
    ref, ours = INF[scale]["agreement"], results[("teams", "api")].clusters[scale]
    assert ours.cluster == "team"
    assert_allclose([ours.icc.icc1, ours.icc.icc2], [ref["icc1"], ref["icc2"]], rtol=CLOSED)
    if ref["icc1"] > 0:
        assert_allclose(ours.icc.group_size_for_070, ref["k_for_070"], rtol=CLOSED)
    else:  # Spearman-Brown solved for k is negative: no team size reaches .70
        assert ours.icc.group_size_for_070 == np.inf and ref["k_for_070"] < 0
        assert ours.verdict.startswith("No: conflict hardly differs between the clusters (team)")
        assert "no cluster size brings ICC(2) to .70, since ICC(1) is not above 0" in ours.verdict
    rwg = ours.rwg.table.set_index("group").loc[ref["group"], "rwg_j"].to_numpy()
    assert_allclose(rwg, np.array(ref["rwg_j"], dtype=float), rtol=CLOSED, atol=1e-14)
    assert_allclose(ours.awg.mean, ref["awg_mean"], rtol=CLOSED)
