"""Reproduction of the published findings F1-F9: the sample passes, data built to differ do not."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import trustlab
from rfixtures import fixture
from trustlab.cli import main
from trustlab.models import proportion
from trustlab.reproduction.findings import TARGETS
from trustlab.reproduction.reproduce import Reproduction, ReproductionError, reproduce
from trustlab.simulation.generate import SimulationParameters
from trustlab.simulation.power import frequency_effects
from trustlab.simulation.sample import write_sample_csv

FINDINGS = [f"F{i}" for i in range(1, 10)]


@pytest.fixture(scope="module")
def sample_result() -> Reproduction:
    return reproduce()


def _with_high_trust(tmp_path, extra: int, categories=("minder dan 1 keer per jaar",)):
    """The sample with ``extra`` low-trust respondents of ``categories`` made high-trust."""
    survey = trustlab.load_sample()
    scores = trustlab.score_scales(survey)
    low = survey.data.loc[
        (~scores["high_trust"].astype(bool)) & survey.data["meeting_frequency"].isin(categories),
        "respondent_id",
    ]
    assert len(low) >= extra
    chosen = set(low.iloc[:extra])
    table = pd.read_csv(trustlab.sample_path(), dtype={"respondent_id": str})
    rows = table["respondent_id"].isin(chosen)
    table.loc[rows, ["T1", "T2", "T3", "T4", "T5", "T6"]] = 5.0
    table.loc[rows, "T7"] = 1.0  # reverse-keyed: 1 = strongly disagrees with doubting
    return write_sample_csv(table, tmp_path / "more_trust.csv")


def test_the_sample_reproduces_every_finding(sample_result):
    table = sample_result.table
    assert table["finding"].tolist() == FINDINGS
    assert table["consistent"].dtype == bool
    assert table["consistent"].all(), table.loc[~table["consistent"], ["finding", "verdict"]]
    assert sample_result.all_consistent
    assert set(table["verdict"]) == {"consistent"}
    assert set(table["oordeel"]) == {"in overeenstemming"}
    assert (table["outside_by"].dropna() == 0).all()


def test_numbers_are_unrounded_with_wilson_cis(sample_result):
    row = sample_result.table.set_index("finding").loc["F2"]
    p = proportion(166, 231)
    assert row["observed"] == pytest.approx(100 * 166 / 231, rel=1e-12)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((100 * p.ci_low, 100 * p.ci_high))
    assert row["count"] == 166 and row["n"] == 231 and row["unit"] == "%"
    t = sample_result.table.set_index("finding")
    assert t.loc["F3", "count"] == 58
    assert t.loc[["F4", "F5", "F6", "F7"], "count"].tolist() == [99, 28, 71, 33]
    assert t.loc["F1", "observed"] == 231


def test_f7_is_shown_as_an_assumption(sample_result):
    table = sample_result.table.set_index("finding")
    assert table["assumption"].tolist() == [key == "F7" for key in FINDINGS]
    assert "ASSUMPTION" in table.loc["F7", "explanation"]
    assert "VERONDERSTELLING" in table.loc["F7", "toelichting"]
    assert any("F7" in note and "assumption" in note for note in sample_result._notes())


def test_f8_and_f9_use_the_models(sample_result):
    table = sample_result.table.set_index("finding")
    step = sample_result.contrasts.table.iloc[1]
    assert step["lower"] == "1-2 keer per jaar" and step["upper"] == "3-4 keer per jaar"
    assert table.loc["F8", "observed"] == pytest.approx(100 * step["estimate"])
    assert sample_result.contrasts.inference == "cluster"
    # the few-cluster-safe method, and the verdict says so (clubSandwich CR2 + Satterthwaite,
    # tests/reference/analysis_inference.R; closed forms, 1e-8)
    ref = fixture("analysis_inference")["sample"]["trust"]["contrasts_high"]
    assert sample_result.contrasts.vcov_type == "CR2"
    assert step["p_holm"] == pytest.approx(ref["p_holm"][1], rel=1e-8)
    assert table.loc["F8", "ci_low"] == pytest.approx(100 * ref["ci_low"][1], rel=1e-8)
    assert "Holm p < 0.001; CR2 cluster-robust SE, Satterthwaite df)" in table.loc[
        "F8", "explanation"]  # fmt: skip
    assert "CR2-clusterrobuuste SE, Satterthwaite-vrijheidsgraden" in table.loc["F8", "toelichting"]
    shares = sample_result.high_trust_by_frequency["share"]
    assert shares.round(1).tolist() == [60.6, 47.9, 87.9, 89.3]  # data/sample/README.md
    comparison = sample_result.cfa_comparison
    assert comparison["df_diff"].iloc[1] == 1 and comparison["pvalue"].iloc[1] < 1e-10
    assert table.loc["F9", "observed"] == pytest.approx(-0.33, abs=0.005)
    assert table.loc["F9", "ci_high"] < 0 < table.loc["F9", "ci_low"] + 1


def test_a_file_path_gives_the_same_table(sample_result):
    by_path = reproduce(trustlab.sample_path())
    pd.testing.assert_frame_equal(by_path.table, sample_result.table)


def test_77_percent_high_trust_is_not_consistent_with_almost_72(tmp_path):
    result = reproduce(_with_high_trust(tmp_path, 12))
    table = result.table.set_index("finding")
    f2 = table.loc["F2"]
    assert f2["count"] == 178 and f2["observed"] == pytest.approx(100 * 178 / 231)
    assert round(f2["observed"]) == 77
    assert not f2["consistent"]
    assert f2["outside_by"] == pytest.approx(100 * 178 / 231 - 72.0)
    assert f2["verdict"] == "not consistent: 5.1 pp above the band"
    assert f2["oordeel"] == "niet in overeenstemming: 5,1 procentpunt boven de marge"
    assert bool(f2["within_sampling_error"])  # 95% CI 71.2-82.1 reaches the band
    others = table.drop(index="F2")
    assert others["consistent"].all(), others.loc[~others["consistent"], "verdict"]
    assert "not with F2" in result.paragraph("en")
    assert "niet met F2" in result.paragraph("nl")


def test_a_figure_beyond_sampling_error_says_so(tmp_path):
    categories = ("minder dan 1 keer per jaar", "meer dan 4 keer per jaar")
    result = reproduce(_with_high_trust(tmp_path, 16, categories))  # 182 of 231 = 78.8%
    f2 = result.table.set_index("finding").loc["F2"]
    assert not f2["consistent"] and f2["ci_low"] > 72.0
    assert not bool(f2["within_sampling_error"])
    assert f2["explanation"].endswith(
        "the 95% CI does not reach the band: more than sampling error."
    )


def test_no_step_in_the_data_fails_f8():
    survey = trustlab.simulate_survey(231, seed=4, **frequency_effects(0.0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", trustlab.TrustlabWarning)
        result = reproduce(survey)
    f8 = result.table.set_index("finding").loc["F8"]
    assert not f8["consistent"]
    assert f8["verdict"].startswith("not consistent: ")


def test_one_bipolar_dimension_fails_f9():
    mirrored = tuple(-m for m in SimulationParameters().trust_by_frequency)
    survey = trustlab.simulate_survey(
        231,
        residual_correlation=-0.99,
        network_correlation=-0.99,
        network_sd_distrust=0.35,
        distrust_by_frequency=mirrored,
    )  # latent distrust = -(latent trust), give or take a little
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", trustlab.TrustlabWarning)
        result = reproduce(survey)
    table = result.table.set_index("finding")
    assert not table.loc["F9", "consistent"]
    assert table.loc["F9", "verdict"] == "not consistent: one factor fits as well as two"
    assert table.loc["F9", "observed"] < -0.75
    assert result.cfa_comparison["pvalue"].iloc[1] > 0.05
    assert table.loc[["F1", "F4", "F5", "F6", "F7", "F8"], "consistent"].all()


def test_a_larger_study_differs_in_its_count_only_where_it_must():
    result = reproduce(trustlab.simulate_survey(400, seed=7))
    table = result.table.set_index("finding")
    assert not table.loc["F1", "consistent"]
    assert table.loc["F1", "verdict"] == "not consistent: +169 respondents"
    assert table.loc[["F4", "F5", "F6", "F7"], "consistent"].all()  # quota design: 43/12/31/14%


def test_bands_follow_the_published_rounding():
    f4, f2, f3, f6 = (TARGETS[k] for k in ("F4", "F2", "F3", "F6"))
    assert f4.inside(42.5) and not f4.inside(43.5) and f4.band() == "[42.5, 43.5)"
    assert f2.inside(70.5) and f2.inside(71.99) and not f2.inside(72.0)
    assert f3.inside(22.5) and f3.inside(27.5) and not f3.inside(27.6)
    assert not f6.inside(30.0) and f6.inside(35.0) and f6.band() == "(30, 35]"
    assert f2.outside_by(77.0) == pytest.approx(5.0) and f4.outside_by(40.0) == -2.5
    assert f2.overlaps(71.2, 82.1) and not f2.overlaps(72.5, 80.0)


def test_paragraphs_in_both_languages(sample_result):
    en, nl = sample_result.paragraph("en"), sample_result.paragraph("nl")
    assert en.startswith("These data (231 respondents in 50 networks) are consistent with all 9")
    assert nl.startswith("Deze gegevens (231 respondenten in 50 netwerken) zijn in overeenstemming")
    assert "71.9%" in en and "71,9%" in nl
    assert "assumed" in en and "verondersteld" in nl
    with pytest.raises(ReproductionError, match="lang must be"):
        sample_result.paragraph("fr")


def test_display_and_summary(sample_result):
    summary = sample_result.summary()
    assert summary.index.tolist() == FINDINGS
    assert "consistent" in summary.columns
    assert repr(sample_result).startswith("Reproduction of the published findings: 9 of 9")
    assert "<table" in sample_result._repr_html_()


def test_bad_calls_raise_reproduction_errors(tmp_path):
    with pytest.raises(ReproductionError, match="codebook= needs a file"):
        reproduce(codebook="x.yaml")
    with pytest.raises(ReproductionError, match="already has one"):
        reproduce(trustlab.load_sample(), codebook="x.yaml")
    with pytest.raises(ReproductionError, match="Expected an Analysis, a Survey"):
        reproduce(42)
    assert issubclass(ReproductionError, trustlab.TrustlabError)


def test_cli_prints_every_finding(capsys):
    assert main(["reproduce", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    for key in FINDINGS:
        assert f"\n{key} " in out
    assert "consistent with all 9 published findings" in out
    assert "ASSUMPTION" in out
    assert main(["reproduce"]) == 0
    assert "in overeenstemming met alle 9" in capsys.readouterr().out


def test_cli_on_a_file_that_differs(tmp_path, capsys):
    path = _with_high_trust(tmp_path, 12)
    assert main(["reproduce", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "not with F2 (high trust in the network approach: 5.1 pp above the band)" in out
    assert "consistent with 8 of the 9 published findings" in out
    assert "F2 77.1% (178 of 231; 95% CI 71.2% to 82.0%)" in out


def test_cli_errors_exit_2(tmp_path, capsys):
    assert main(["reproduce", "--codebook", str(tmp_path / "cb.yaml")]) == 2
    assert "codebook= needs a file" in capsys.readouterr().err
    assert main(["reproduce", str(tmp_path / "nope.csv")]) == 2


def test_cli_help_does_not_import_pandas():
    import subprocess
    import sys

    code = (
        "import sys\nfrom trustlab.cli import build_parser\nbuild_parser()\n"
        "print('pandas' in sys.modules, 'numpy' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False", "False"]


def test_the_exported_function_survives_importing_its_module():
    # importing the module that defines it must not replace the package's export
    import importlib

    module = importlib.import_module("trustlab.reproduction.reproduce")
    assert trustlab.reproduce is module.reproduce is reproduce
