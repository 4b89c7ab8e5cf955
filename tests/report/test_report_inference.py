"""The report's inference with clusters, each scale as a property of the cluster and the
invariance across groups: every p-value says which method it comes from, the numbers are the
analysis's (CR2 + Satterthwaite with a cluster, checked against clubSandwich in
tests/test_exposure.py), no cluster id leaves, and a study without a cluster or groups says what
did not run."""

from __future__ import annotations

from functools import cache

import pandas as pd

import trustlab
from rfixtures import REF
from trustlab.report.blocks import apa, p_value
from trustlab.report.content import build_sections


@cache
def sample():
    return trustlab.analyse(trustlab.load_sample(), n_boot=0)


@cache
def sections(min_cell: int = 5, lang: str = "en") -> dict:
    return {s.title: s for s in build_sections(sample(), lang=lang, min_cell=min_cell)}


def _table(section, title):
    return next(t for t in section.tables if t.title == title)


def test_the_ols_table_is_cr2_with_satterthwaite_df_and_hc1_beside():
    table = _table(sections()["Models"], "Linear Regression (OLS) of trust in the network approach")
    tests = sample().exposure.scales["trust"].cluster_inference.ols.table
    fit = sample().exposure.scales["trust"].ols.coefficients
    assert list(table.frame.columns) == ["Term", "B", "SE", "df", "p", "95% CI", "SE (HC1)"]
    assert table.frame["SE"].tolist() == [apa(v) for v in tests["std_error"]]
    assert table.frame["df"].tolist() == [apa(v, 1) for v in tests["df"]]
    assert table.frame["p"].tolist() == [p_value(v) for v in tests["p_value"]]
    assert table.frame["SE (HC1)"].tolist() == [apa(v) for v in fit["std_error_cluster"]]
    assert "CR2 (Bell-McCaffrey)" in table.note and "Satterthwaite df" in table.note
    assert "HTZ Wald test, F(3, 17.8) = 13.66, p < .001" in table.note
    assert "SE (HC1): sandwich::vcovCL, for comparison" in table.note
    dutch = _table(sections(lang="nl")["Modellen"],
                   "Lineaire regressie (OLS) van vertrouwen in de netwerkaanpak")  # fmt: skip
    assert dutch.frame["df"].tolist() == [apa(v, 1, lang="nl") for v in tests["df"]]
    assert "HTZ-Waldtoets, F(3; 17,8) = 13,66, p < ,001" in dutch.note
    assert "vrijheidsgraden volgens Satterthwaite" in dutch.note


def test_the_mixed_model_table_has_lmertests_df_r2_icc_and_the_exposures_tests():
    title = "Mixed Model of trust in the network approach (Random Intercept per Cluster)"
    table = _table(sections()["Models"], title)
    mixed = sample().exposure.scales["trust"].mixed_inference
    assert table.frame["df"].tolist() == [apa(v, 1) for v in mixed.coefficients.table["df"]]
    for words in ("Satterthwaite (R lmerTest)", "R² marginal .25, conditional .33",
                  "ICC (adjusted) .10, 95% CI [.00, .24]", "(Kenward-Roger)",
                  "likelihood ratio χ²(3) = 36.30, p < .001 (ML fits)"):  # fmt: skip
        assert words in table.note, words


def test_the_logistic_table_and_the_steps_say_cr2():
    logit = _table(sections()["Models"],
                   "Logistic Regression of High trust in the network approach")  # fmt: skip
    assert "CR2 (Bell-McCaffrey)" in logit.note and "HTZ Wald" in logit.note
    title = "Adjacent Categories: Difference in Mean trust in the network approach"
    steps = _table(sections()["The threshold"], title)
    cr2 = sample().exposure.scales["trust"].contrasts.table
    assert steps.frame["p (Holm)"].tolist() == [p_value(v) for v in cr2["p_holm"]]
    assert "CR2 cluster-robust SE with Satterthwaite df" in steps.note
    assert "With HC1 SEs (sandwich::vcovCL) the Holm p-values would be .376, < .001, .688" in (
        steps.note
    )
    stick = " ".join(sections()["The threshold"].paragraphs)
    assert "CR2, Satterthwaite df; not adjusted for the search for the bend" in stick
    dutch = " ".join(sections(lang="nl")["De drempel"].paragraphs)
    assert "CR2, vrijheidsgraden volgens Satterthwaite; niet gecorrigeerd" in dutch


def test_the_exposures_joint_tests():
    table = _table(sections()["Is there an effect of the exposure?"],
                   "Is there an effect of the exposure?").frame  # fmt: skip
    trust = table[table["Scale"] == "trust in the network approach"]
    assert trust["Test"].tolist() == ["HTZ Wald, CR2", "HTZ Wald, CR2", "F, Satterthwaite",
                                      "F, Kenward-Roger", "Likelihood ratio (ML)"]  # fmt: skip
    assert trust["df"].tolist()[:3] == ["3, 17.8", "3, 19.0", "3, 78.9"]
    dutch = _table(sections(lang="nl")["Is er een effect van de blootstelling?"],
                   "Is er een effect van de blootstelling?").frame  # fmt: skip
    assert dutch["df"].tolist()[:3] == ["3; 17,8", "3; 19,0", "3; 78,9"]
    assert dutch["Model"].tolist()[2] == "Multiniveaumodel"


def test_the_cluster_section_shows_no_ids_and_no_small_clusters():
    section = sections()["A property of the cluster? (network_id)"]
    summary = section.tables[0].frame.set_index("Scale")
    assert summary.loc["trust in the network approach", "ICC(1)"] == ".26"
    assert summary.loc["trust in the network approach", "n for ICC(2) ≥ .70"] == "6.8"
    assert section.paragraphs[0].startswith(
        "Partly: the clusters (network_id) differ in trust in the network approach"
    )
    per = _table(section, "Trust in the network approach per cluster")
    rwg = sample().clusters["trust"].rwg.table
    assert len(per.frame) == int((rwg["n"] >= 5).sum())  # only clusters of 5 or more
    assert (per.frame["n"].astype(int) >= 5).all()
    text = per.frame.to_string() + per.note
    assert not any(cluster in text for cluster in rwg["group"])  # no id leaves
    hidden = int((rwg["n"] < 5).sum())
    assert f"Not shown one by one: {hidden} of 50 clusters" in per.note
    every = sections(0)["A property of the cluster? (network_id)"]
    shown = _table(every, "Trust in the network approach per cluster")
    assert len(shown.frame) == 50  # min_cell 0: every cluster, still without ids
    dutch = sections(lang="nl")["Een eigenschap van de cluster? (network_id)"]
    assert dutch.paragraphs[0].startswith("Gedeeltelijk: de clusters (network_id) verschillen")
    assert dutch.tables[0].frame["n voor ICC(2) ≥ 0,70"].tolist()[0] == "6,8"


def test_within_and_between_in_words():
    section = sections()["Between or within clusters?"]
    assert section.paragraphs[0] == (
        "Trust in the network approach follows the cluster's mean meetings per year "
        "(between effect), not the respondent's own deviation from it (within effect not "
        "distinguishable from 0)."
    )
    dutch = sections(lang="nl")["Tussen of binnen clusters?"]
    assert dutch.paragraphs[0].startswith(
        "Vertrouwen in de netwerkaanpak volgt het clustergemiddelde van vergaderingen per jaar"
    )
    assert "Satterthwaite (R lmerTest)" in section.tables[0].note


def test_is_the_scale_the_same_for_every_role():
    section = sections()["Is the scale the same for every group? (role in the network)"]
    assert section.paragraphs[0].startswith(
        "Partial strict invariance holds across role in the network (released: residual "
        "variance of T4)"
    )
    assert (
        "The means of trust in the network approach per role in the network may be compared."
        in section.paragraphs[0]
    )
    fit = _table(section, "Trust in the network approach: invariance across role in the network")
    assert fit.frame["Holds"].tolist() == ["–", "yes", "yes", "yes"]
    assert fit.frame["Released"].tolist()[-1] == "residual variance of T4"
    means = _table(section, "Trust in the network approach by role in the network").frame
    assert means["Group"].tolist() == ["coordinator", "partner organisation",
                                       "policy maker (local government)",
                                       "expert by experience of poverty"]  # fmt: skip
    dutch = sections(lang="nl")["Is de schaal dezelfde voor elke groep? (rol in het netwerk)"]
    assert dutch.paragraphs[0].startswith("Partiële strikte invariantie houdt stand over rol in")
    assert "residuele variantie van T4" in dutch.paragraphs[0]


def test_ordinal_reliability_beside_pearsons():
    table = _table(sections()["Scales and reliability"], "Scales and reliability")
    row = table.frame.iloc[0]
    assert (row["Ordinal α"], row["Ordinal ω"]) == (".90", ".90")
    dutch = _table(sections(lang="nl")["Schalen en betrouwbaarheid"], "Schalen en betrouwbaarheid")
    assert (dutch.frame.iloc[0]["Ordinale α"], dutch.frame.iloc[0]["Ordinale ω"]) == (
        "0,90",
        "0,90",
    )
    assert "polychorische" in dutch.note
    assert "polychoric" in table.note and "n_boot_ordinal" in table.note


def test_a_study_without_cluster_or_groups_says_what_did_not_run():
    data = pd.read_csv(REF / "data" / "study_welzijn.csv")
    data["contact"] = pd.Categorical(data["contact"], ["maandelijks", "wekelijks", "dagelijks"],
                                     ordered=True)  # fmt: skip
    result = trustlab.analyse(
        data, scales={"engagement": ["e1", "e2", "e3", "e4", "e5"]}, reverse=["e3"],
        response_range=(1, 7), exposure="contact", id="deelnemer", n_boot=0,
    )  # fmt: skip
    titles = [s.title for s in build_sections(result, lang="en")]
    assert not any(
        t.startswith(("A property", "Between or within", "Is the scale")) for t in titles
    )
    models = next(s for s in build_sections(result, lang="en") if s.title == "Models")
    assert all("CR2" not in t.note for t in models.tables)
    assert models.tables[0].note.endswith("SE: model-based.")
    data_section = build_sections(result, lang="en")[0]
    said = " ".join(data_section.paragraphs)
    assert "Not run: No cluster is declared" in said
    assert "within-between decomposition and the agreement within clusters" in said
    assert "Not run: No grouping variables are declared" in said
    dutch = " ".join(build_sections(result, lang="nl")[0].paragraphs)
    assert "Niet uitgevoerd: Er is geen cluster opgegeven" in dutch
    assert "Niet uitgevoerd: Er zijn geen groeperingsvariabelen opgegeven" in dutch
    assert "CR2" in dutch and "No cluster" not in dutch
