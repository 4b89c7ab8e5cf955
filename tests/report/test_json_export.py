"""results.json (schema_version 2): a walk of the result tree, validated by its shipped schema,
with the default study's numbers exactly those of schema 1 (the adjacent steps' HC1 numbers now
under ``contrasts_hc1``: ``contrasts`` and the statement use CR2 with Satterthwaite df), no
respondent-level data and no cluster ids."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema
import numpy as np

import trustlab
from trustlab.report.json_export import analysis_to_dict, analysis_to_json
from trustlab.report.json_schema import results_schema, schema_text, shipped_schema

V1 = json.loads((Path(__file__).parent / "data" / "results_v1_sample.json").read_text())


@cache
def analysis():
    # as `python -m trustlab analyse` ran it when schema 1 was written: 1000 resamples, seed 2020
    return trustlab.analyse(trustlab.load_sample())


@cache
def document():
    return json.loads(analysis_to_json(analysis()))


def test_header_and_roles():
    data = document()
    assert data["schema_version"] == 2 and data["trustlab_version"] == trustlab.__version__
    assert data["source"] == {"file": "trustlab_sample.csv", "format": "csv"}
    assert (data["n_respondents"], data["n_clusters"]) == (231, 50)
    assert list(data["scales"]) == ["trust", "distrust"]  # keyed by the scales' names
    assert list(data["exposure"]["scales"]) == ["trust", "distrust"]
    assert data["plan"]["exposure"]["column"] == "meeting_frequency"
    assert data["plan"]["dimensions"] == {"trust": "trust", "distrust": "distrust"}


def test_every_written_file_validates_against_the_shipped_schema(tmp_path):
    jsonschema.Draft202012Validator.check_schema(shipped_schema())
    jsonschema.validate(document(), shipped_schema())
    trustlab.save_report(analysis(), tmp_path / "r", figures=False)
    jsonschema.validate(json.loads((tmp_path / "r" / "results.json").read_text()), shipped_schema())


def test_the_shipped_schema_is_current():
    assert shipped_schema() == results_schema(), (
        "trustlab/data/results.schema.json is out of date: run "
        "python -m trustlab.report.json_schema"
    )
    assert json.loads(schema_text()) == results_schema()


def test_no_respondent_level_data():
    text = analysis_to_json(analysis())
    assert "R001" not in text and "N39" not in text  # no respondent or network ids
    # as keys: "residuals" is also a word of lavaan's group.equal list (an invariance level)
    for key in ("fitted", "residuals", "dropped_rows", "bootstrap_distribution",
                "cluster_scores", "bootstrap_statistics", "bootstrap_alpha", "engine"):  # fmt: skip
        assert f'"{key}":' not in text, key


def test_same_seed_gives_byte_identical_json():
    again = trustlab.analyse(trustlab.load_sample())
    assert analysis_to_json(again) == analysis_to_json(analysis())


def _close(ours, theirs, rtol=0.0):
    ours = np.asarray([np.nan if v is None else v for v in np.ravel(ours)], dtype=float)
    theirs = np.asarray([np.nan if v is None else v for v in np.ravel(theirs)], dtype=float)
    # exactly the same numbers as schema 1 (the same computation, only the tree is new), except
    # where issue 16 replaced an optimiser by an exact method: there to that statistic's
    # tolerance against R
    if rtol:
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=0)
    else:
        np.testing.assert_array_equal(ours, theirs)


def test_the_default_studys_numbers_are_unchanged_from_schema_1():
    data = document()
    for scale in ("trust", "distrust"):
        old, new = V1["scales"][scale], data["scales"][scale]
        _close(new["alpha"]["alpha"], old["alpha"]["estimate"])
        _close(new["alpha"]["ci"], [old["alpha"]["ci_low"], old["alpha"]["ci_high"]])
        _close(new["omega"]["omega_total"], old["omega"]["estimate"])
        # the bootstrap's batched fixed point now converges faster (SQUAREM) to the same
        # tolerance (1e-10 on the uniquenesses)
        _close(new["omega"]["ci"], [old["omega"]["ci_low"], old["omega"]["ci_high"]], 1e-10)
        _close(new["mean"], old["mean"])
        _close(new["sd"], old["sd"])
        _close([r["r_drop"] for r in new["alpha"]["items"]],
               [r["r_drop"] for r in old["items_table"]])  # fmt: skip
        share, old_share = new["share_high"], V1["shares"][f"high_{scale}"]
        _close(
            [share["count"], share["n"], share["ci_low"], share["ci_high"]],
            [old_share["count"], old_share["n"], old_share["ci_low"], old_share["ci_high"]],
        )
    models = {"ols": "ols_{}", "trend": "trend_{}", "trend_log": "trend_log_{}",
              "mixed": "mixed_{}"}  # fmt: skip
    for scale in ("trust", "distrust"):
        for kind, key in models.items():
            old = V1["models"][key.format(scale)]["coefficients"]
            new = data["exposure"]["scales"][scale][kind]["coefficients"]
            # the mixed model's variance ratio is now the exact root of the profile's slope
            # (schema 1: Brent's search to ~1e-7); lme4 agreement is checked at 1e-5
            rtol = 1e-5 if kind == "mixed" else 0
            for column in ("estimate", "std_error", "std_error_cluster", "p_value", "ci_low"):
                _close([r[column] for r in new], [r[column] for r in old], rtol)
    old = V1["models"]["logit_high_trust"]["coefficients"]
    new = data["exposure"]["scales"]["trust"]["logit"]["coefficients"]
    _close([r["odds_ratio"] for r in new], [r["odds_ratio"] for r in old])
    for item, old in V1["models"]["ordinal"].items():
        new = data["exposure"]["ordinal"][item]["coefficients"]
        # clm's Newton now (schema 1: statsmodels' BFGS, ~1e-7 from clm); clm is checked at 1e-6
        _close([r["estimate"] for r in new], [r["estimate"] for r in old["coefficients"]], 1e-6)
    tests = V1["tests"]
    for scale in ("trust", "distrust"):
        new = data["exposure"]["scales"][scale]
        _close(new["kruskal"]["statistic"], tests[f"kruskal_{scale}"]["statistic"])
        _close(new["jonckheere"]["p_value"], tests[f"jonckheere_{scale}"]["p_value"])
    _close(data["exposure"]["scales"]["trust"]["cochran_armitage"]["statistic"],
           tests["cochran_armitage_high_trust"]["statistic"])  # fmt: skip
    threshold = data["exposure"]["scales"]["trust"]
    # schema 1's adjacent steps used the HC1 (sandwich::vcovCL) SEs: they are kept, unchanged,
    # as contrasts_hc1; `contrasts` and the statement's Holm p now come from CR2 with
    # Satterthwaite df (the few-cluster-safe default; checked against clubSandwich in
    # tests/test_exposure.py)
    old_steps = V1["threshold"]["contrasts"]
    for column in ("estimate", "std_error", "p_value", "p_holm"):
        _close([r[column] for r in threshold["contrasts_hc1"]["table"]],
               [r[column] for r in old_steps])  # fmt: skip
    _close([r["estimate"] for r in threshold["contrasts"]["table"]],
           [r["estimate"] for r in old_steps])  # fmt: skip
    assert threshold["contrasts"]["vcov_type"] == "CR2"
    assert threshold["contrasts_hc1"]["vcov_type"] == "CR1S"
    _close(threshold["broken_stick"]["knot"], V1["threshold"]["broken_stick"]["knot"])
    hc1, cr2 = old_steps[1]["p_holm"], threshold["contrasts"]["table"][1]["p_holm"]
    old_text = V1["threshold"]["statement"]["en"]
    assert f"(Holm p = {hc1:.3g})" in old_text
    expected = old_text.replace(f"(Holm p = {hc1:.3g})",
                                f"(Holm p = {cr2:.3g}; CR2, Satterthwaite df)")  # fmt: skip
    assert threshold["statement"]["statement"]["en"] == expected
    frequency = data["exposure"]["frequency"]["table"]
    _close([r["n"] for r in frequency], [c["n"] for c in V1["meeting_frequency"]])


def test_the_quadrant_table_and_its_test_are_withheld_while_cells_are_hidden():
    data = analysis_to_dict(analysis(), min_cell=5)
    table = data["dimensions"]["by_exposure"]
    assert all(v is None for row in table["counts"] for k, v in row.items() if k != "quadrant")
    assert data["dimensions"]["chi_square"] is None
    assert any("withheld" in line for line in data["disclosure"])
    shown = analysis_to_dict(analysis(), min_cell=0)  # 0: everything is shown
    assert shown["dimensions"]["chi_square"]["statistic"] > 0
    # ... but the clusters' ids, which never leave
    assert shown["disclosure"] == [f"{s} per cluster: ids replaced by numbers (1 = the largest "
                                   "cluster)." for s in ("trust", "distrust")]  # fmt: skip
