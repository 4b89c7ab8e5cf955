"""analyse_dataset: every statistic on every respondent equals the in-memory analyse of the same
data (whose statistics are checked against R fixtures elsewhere); results independent of the
chunking; memory bounded by a chunk and the subsample (rows held, never time)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

import trustlab
from trustlab.cli import main
from trustlab.errors import OutOfRangeError
from trustlab.models import chi_square_test, kruskal_wallis

CLOSED = 1e-8  # closed forms (sums, tables, OLS by the normal equations)
GLM = 1e-6  # the logit (IRLS)


@pytest.fixture(scope="module")
def sample() -> trustlab.Survey:
    return trustlab.load_sample()


@pytest.fixture(scope="module")
def memory(sample):
    return trustlab.analyse(sample, n_boot=0, progress=False)


@pytest.fixture(scope="module")
def folder(sample, tmp_path_factory):
    """The sample as a folder of three Parquet files (as a pipeline writes a dataset)."""
    path = tmp_path_factory.mktemp("dataset")
    data = sample.data
    for i, part in enumerate((data.iloc[:80], data.iloc[80:160], data.iloc[160:])):
        part.to_parquet(path / f"part-{i}.parquet")
    return path


@pytest.fixture(scope="module")
def streamed(folder):
    return trustlab.analyse_dataset(folder, chunk_rows=50, n_boot=0, progress=False)


def test_counts_and_chunks(streamed, sample):
    assert streamed.n_respondents == 231
    assert streamed.n_chunks == 6  # 80 + 80 + 71 rows in chunks of at most 50: 2 + 2 + 2
    assert streamed.n_networks == sample.data["network_id"].nunique()


@pytest.mark.parametrize("scale", ["trust", "distrust"])
def test_scale_statistics_equal_the_in_memory_analysis(streamed, memory, scale):
    s, m = streamed.scales[scale], memory.scales[scale]
    assert (s.n_scored, s.n_unscored) == (m.n_scored, m.n_unscored)
    assert_allclose([s.mean, s.sd], [m.mean, m.sd], rtol=CLOSED)
    assert (s.share_high.count, s.share_high.n) == (m.share_high.count, m.share_high.n)
    assert_allclose([s.share_high.ci_low, s.share_high.exact_ci_high],
                    [m.share_high.ci_low, m.share_high.exact_ci_high], rtol=CLOSED)  # fmt: skip
    assert_allclose([s.alpha.alpha, *s.alpha.ci], [m.alpha.alpha, *m.alpha.ci], rtol=CLOSED)
    assert_allclose(
        s.alpha.items[["r_drop", "alpha_if_dropped"]].to_numpy(),
        m.alpha.items[["r_drop", "alpha_if_dropped"]].to_numpy(),
        rtol=CLOSED,
    )
    pd.testing.assert_frame_equal(s.answers, m.answers, check_dtype=False)


@pytest.mark.parametrize("scale", ["trust", "distrust"])
def test_tables_and_tests_equal_the_in_memory_analysis(streamed, memory, scale):
    s, m = streamed.exposure[scale], memory.exposure.scales[scale]
    pd.testing.assert_frame_equal(s.means.table, m.means.table, rtol=CLOSED, check_dtype=False)
    pd.testing.assert_frame_equal(s.high.table, m.high.table, rtol=CLOSED, check_dtype=False)
    assert (s.means.n_dropped, s.high.n_dropped) == (m.means.n_dropped, m.high.n_dropped)
    pd.testing.assert_frame_equal(streamed.frequency.table, memory.exposure.frequency.table,
                                  rtol=CLOSED, check_dtype=False)  # fmt: skip
    assert_allclose([s.kruskal.statistic, s.kruskal.p_value],
                    [m.kruskal.statistic, m.kruskal.p_value], rtol=CLOSED)  # fmt: skip
    assert_allclose(
        [s.cochran_armitage.statistic, s.cochran_armitage.p_value],
        [m.cochran_armitage.statistic, m.cochran_armitage.p_value],
        rtol=CLOSED,
    )
    frame = memory.scores.assign(f=memory.survey.data["meeting_frequency"])
    chi = chi_square_test(frame, "f", f"high_{scale}")
    assert_allclose([s.chi_square.statistic, s.chi_square.p_value],
                    [chi.statistic, chi.p_value], rtol=CLOSED)  # fmt: skip


@pytest.mark.parametrize("scale", ["trust", "distrust"])
@pytest.mark.parametrize(("model", "rtol"), [("ols", CLOSED), ("trend", CLOSED),
                                             ("trend_log", CLOSED), ("logit", GLM)])  # fmt: skip
def test_models_equal_the_in_memory_analysis(streamed, memory, scale, model, rtol):
    s = getattr(streamed.exposure[scale], model)
    m = getattr(memory.exposure.scales[scale], model)
    assert list(s.coefficients["term"]) == list(m.coefficients["term"])
    assert (s.n_obs, s.n_clusters) == (m.n_obs, m.n_clusters)
    columns = ["estimate", "std_error", "std_error_robust", "std_error_cluster", "statistic",
               "p_value", "ci_low", "ci_high"]  # fmt: skip
    assert_allclose(s.coefficients[columns].to_numpy(float),
                    m.coefficients[columns].to_numpy(float), rtol=rtol)  # fmt: skip
    if model == "logit":
        assert s.iterations == m.iterations
        assert_allclose([s.deviance, s.null_deviance], [m.deviance, m.null_deviance], rtol=rtol)
    else:
        assert_allclose(s.r_squared, m.r_squared, rtol=rtol)


def test_the_subsample_is_the_whole_survey_when_it_fits(streamed, memory):
    sub = streamed.subsample
    assert streamed.subsample_size == 231
    assert sub.survey.data["respondent_id"].tolist() == memory.survey.data["respondent_id"].tolist()
    assert_allclose(
        sub.exposure.scales["trust"].mixed.coefficients["estimate"],
        memory.exposure.scales["trust"].mixed.coefficients["estimate"],
        rtol=1e-10,
    )


def _numbers(result) -> list[float]:
    out = []
    for s in result.scales.values():
        out += [s.mean, s.sd, s.alpha.alpha, s.share_high.estimate]
    for e in result.exposure.values():
        out += [e.kruskal.statistic, e.chi_square.statistic]
        for fit in (e.ols, e.trend, e.trend_log, e.logit):
            out += fit.coefficients[["estimate", "std_error_cluster"]].to_numpy().ravel().tolist()
    return out


def test_csv_and_any_chunk_size_give_the_same_numbers(streamed, sample, tmp_path):
    path = tmp_path / "survey.csv"
    sample.data.to_csv(path, index=False, sep=";")
    for rows in (7, 1000):
        again = trustlab.analyse_dataset(path, chunk_rows=rows, n_boot=0, progress=False)
        assert again.n_respondents == 231
        # the chunking changes only the order of the sums (and the number of buckets)
        assert_allclose(_numbers(again), _numbers(streamed), rtol=1e-10)


def test_memory_is_bounded_and_the_subsample_is_whole_networks(folder, sample):
    runs = [trustlab.analyse_dataset(folder, chunk_rows=rows, n_boot=0, subsample=60,
                                     progress=False) for rows in (20, 45)]  # fmt: skip
    data = sample.data
    for rows, run in zip((20, 45), runs, strict=True):
        # at most a chunk and twice the subsample (pruned whenever it passes that)
        assert run.max_rows_held <= rows + 2 * 60 + data["network_id"].value_counts().max()
        sub = run.subsample.survey.data
        assert 60 <= len(sub) < 60 + data["network_id"].value_counts().max()
        chosen = set(sub["network_id"])
        assert len(sub) == int(data["network_id"].isin(chosen).sum())  # whole networks
        assert run.subsample_networks == len(chosen)
        assert any(n.step == "subsample" for n in run.subsample.notices)
    first, second = (r.subsample.survey.data["respondent_id"].tolist() for r in runs)
    assert first == second  # the hash decides, not the chunking


def test_a_bad_cell_is_named_by_its_row_in_the_file(sample, tmp_path):
    data = sample.data.astype(object)
    data.loc[148, "T3"] = 6  # file row 150 (the header is row 1)
    path = tmp_path / "bad.csv"
    data.to_csv(path, index=False)
    with pytest.raises(OutOfRangeError) as streamed_error:
        trustlab.analyse_dataset(path, chunk_rows=50, n_boot=0, progress=False)
    with pytest.raises(OutOfRangeError) as whole_error:
        trustlab.read_survey(path)
    assert streamed_error.value.row == whole_error.value.row == 150
    assert str(streamed_error.value) == str(whole_error.value)


def test_the_command_line_streams_a_folder(folder, tmp_path, capsys):
    out = tmp_path / "report"
    code = main(["analyse", str(folder), "--out", str(out), "--boot", "0", "--lang", "en",
                 "--chunk-rows", "100"])  # fmt: skip
    assert code == 0
    saved = json.loads((out / "every_respondent.json").read_text(encoding="utf-8"))
    assert saved["n_respondents"] == 231
    assert saved["scales"]["trust"]["alpha"]["alpha"] == pytest.approx(0.879400905, rel=1e-9)
    ols = pd.read_csv(out / "tables" / "every_respondent_ols_trust.csv")
    assert "std_error_cluster" in ols.columns
    assert (out / "report.html").exists()
    assert "every respondent" in capsys.readouterr().out.lower()


def test_kruskal_wallis_from_counts_equals_the_ranks():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"y": rng.integers(1, 9, 300) / 4, "g": rng.choice(list("abcd"), 300)})
    table = frame.value_counts().unstack("g", fill_value=0)
    from trustlab.models import kruskal_wallis_counts

    a, b = kruskal_wallis_counts(table), kruskal_wallis(frame, "y", "g")
    assert_allclose([a.statistic, a.p_value], [b.statistic, b.p_value], rtol=CLOSED)
