"""Power by simulation: the lean path equals the models, power rises with n, size is alpha."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import trustlab
from trustlab import plots
from trustlab.cli import main
from trustlab.errors import ModelWarning
from trustlab.models import adjacent_contrasts, mixed_model, ols
from trustlab.simulation.generate import SimulationParameters, simulate_data
from trustlab.simulation.power import PowerError, PowerResult, frequency_effects, power
from trustlab.simulation.power_stats import STATISTICS, PowerSpec, reml_fit, replication_statistics

STAT = {name: i for i, name in enumerate(STATISTICS)}


def _scored(n: int, n_networks: int, seed: int, **parameters) -> pd.DataFrame:
    survey = trustlab.simulate_survey(n, n_networks=n_networks, seed=seed, **parameters)
    scores = trustlab.score_scales(survey).join(survey.data[["network_id", "meeting_frequency"]])
    scores["high01"] = scores["high_trust"].astype("Float64").astype(float)
    return scores


@pytest.mark.parametrize(("n", "seed"), [(231, 1), (100, 2)])
def test_lean_statistics_equal_the_models(n, seed):
    table = simulate_data(n, n_networks=40, seed=seed)
    stats = replication_statistics(table)
    scores = _scored(n, 40, seed)
    # (a) the mixed model: same fixed effects, covariance and Wald F (n = 100, seed 2: tau2 = 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ModelWarning)
        fit = mixed_model(scores, "trust", ["meeting_frequency"], group="network_id")
    b = fit.coefficients["estimate"].to_numpy()[1:]
    v = fit.vcov.to_numpy()[1:, 1:]
    assert stats[STAT["wald_f"]] == pytest.approx(b @ np.linalg.solve(v, b) / 3, rel=1e-6)
    ratio = fit.tau2 / fit.sigma2
    assert stats[STAT["variance_ratio"]] == pytest.approx(ratio, rel=1e-5, abs=1e-12)
    assert stats[STAT["wald_df2"]] == fit.n_groups - 4
    assert stats[STAT["n_obs"]] == fit.n_obs
    # (b) the adjacent contrasts of high trust, cluster-robust
    contrasts = adjacent_contrasts(scores, "high01", "meeting_frequency", cluster="network_id")
    step = contrasts.table.iloc[1]
    for name, column in [
        ("step_estimate", "estimate"),
        ("step_t", "statistic"),
        ("step_p", "p_value"),
        ("step_p_holm", "p_holm"),
    ]:
        assert stats[STAT[name]] == pytest.approx(step[column], rel=1e-9), name
    assert stats[STAT["df_resid"]] == step["df"]


def test_reml_fit_equals_mixed_model_and_ols_sandwich():
    scores = _scored(231, 40, 9).dropna(subset=["trust"])
    codes = scores["meeting_frequency"].cat.codes.to_numpy()
    X = np.column_stack([np.ones(len(scores))] + [(codes == c).astype(float) for c in (1, 2, 3)])
    groups = pd.factorize(scores["network_id"])[0]
    beta, vcov, _, sigma2 = reml_fit(X, scores["trust"].to_numpy(), groups)
    fit = mixed_model(scores, "trust", ["meeting_frequency"], group="network_id")
    np.testing.assert_allclose(beta, fit.coefficients["estimate"], rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(vcov, fit.vcov.to_numpy(), rtol=1e-6)
    assert sigma2 == pytest.approx(fit.sigma2, rel=1e-7)
    # the step's cluster-robust SE is that of models.ols with cluster=
    fit_ols = ols(scores, "high01", ["meeting_frequency"], cluster="network_id")
    v = fit_ols.vcov_cluster.to_numpy()
    se_step = np.sqrt(v[2, 2] + v[1, 1] - 2 * v[1, 2])
    stats = replication_statistics(simulate_data(231, n_networks=40, seed=9))
    step_b = fit_ols.coefficients["estimate"].to_numpy()
    assert stats[STAT["step_t"]] == pytest.approx((step_b[2] - step_b[1]) / se_step, rel=1e-9)


def test_power_rises_with_n():
    res = power(n=(100, 400), reps=60, seed=3, effect=0.5, progress=False, n_jobs=1)
    a, b = res.table["power_association"].tolist(), res.table["power_step"].tolist()
    assert a[1] > a[0] and b[1] > b[0]
    assert res.table["n"].tolist() == [100, 400]
    assert (res.table["failed"] == 0).all()


def test_power_is_alpha_without_an_effect():
    reps = 400
    res = power(n=231, reps=reps, seed=11, effect=0.0, progress=False)
    row = res.table.iloc[0]
    se = np.sqrt(0.05 * 0.95 / reps)
    assert abs(row["power_association"] - 0.05) < 3 * se, row["power_association"]
    assert row["power_step"] < 0.05 + 3 * se  # one-sided and Holm-adjusted: below alpha
    assert row["se_association"] == pytest.approx(
        np.sqrt(row["power_association"] * (1 - row["power_association"]) / reps)
    )


def test_same_seed_same_table_whatever_the_processes():
    one = power(n=(100, 231), reps=30, seed=5, progress=False, n_jobs=1)
    two = power(n=(100, 231), reps=30, seed=5, progress=False, n_jobs=2)
    pd.testing.assert_frame_equal(one.table, two.table)
    pd.testing.assert_frame_equal(one.replications, two.replications)
    other = power(n=(100, 231), reps=30, seed=6, progress=False, n_jobs=1)
    assert not one.replications["wald_f"].equals(other.replications["wald_f"])


def test_a_cell_does_not_depend_on_the_other_cells():
    alone = power(n=231, reps=20, seed=2, progress=False)
    both = power(n=(100, 231), reps=20, seed=2, progress=False)
    pd.testing.assert_frame_equal(
        alone.table.reset_index(drop=True), both.table.iloc[[1]].reset_index(drop=True)
    )


def test_frequency_effects_scale_around_the_weighted_mean():
    p = SimulationParameters()
    assert frequency_effects(1.0)["trust_by_frequency"] == p.trust_by_frequency
    flat = frequency_effects(0.0)
    w = np.array(p.frequency_quota) / sum(p.frequency_quota)
    assert np.allclose(flat["trust_by_frequency"], w @ np.array(p.trust_by_frequency))
    half = np.array(frequency_effects(0.5)["distrust_by_frequency"])
    assert w @ half == pytest.approx(w @ np.array(p.distrust_by_frequency))


def test_large_n_gets_larger_networks_and_a_progress_callback():
    calls = []
    res = power(n=400, reps=4, seed=1, progress=calls.append)
    assert res.table["max_network_size"].tolist() == [20]
    assert [(e.task, e.done, e.total, e.finished) for e in (calls[0], calls[-1])] == [
        ("power", 0, 4, False), ("power", 4, 4, True)]  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"effect": -1.0}, "effect must lie from 0 .no effect. to 1000"),
        ({"effect": 1e308}, "effect must lie from 0 .no effect. to 1000"),
        ({"effect": float("nan")}, "effect must be finite numbers, got nan"),
        ({"reps": 1}, "reps must be a whole number from 2 to 1,000,000, got 1"),
        ({"reps": 10**30}, "reps must be a whole number from 2 to 1,000,000"),
        ({"alpha": 1.5}, "alpha must be a number between 0 and 1, got 1.5"),
        ({"alpha": "x"}, "alpha must be a number between 0 and 1, got 'x'"),
        ({"seed": -3}, "seed must be a whole number from 0 to"),
        ({"seed": float("nan")}, "seed must be a whole number from 0 to"),
        ({"n_jobs": float("inf")}, "n_jobs must be a whole number from 1 to 1,024, got inf"),
        ({"n": 10, "n_networks": 40}, "cannot simulate n = 10 respondents in 40 networks"),
        ({"n": 2.5}, "n must be whole numbers"),
        ({"n": float("nan")}, "n must be finite numbers, got nan"),
        ({"n": 1e308}, "n and n_networks must be whole numbers from 1 to 10,000,000"),
        ({"parameters": {"trust_by_frequency": (0, 0, 0, 0)}}, "set the frequency effects"),
    ],
)
def test_bad_requests_raise_power_errors(kwargs, message):
    with pytest.raises(PowerError, match=message):
        power(**{"reps": 5, "progress": False, **kwargs})


def test_result_display_and_plot(tmp_path):
    res = power(n=(100, 231), reps=10, seed=1, progress=False)
    assert isinstance(res, PowerResult)
    assert res.summary().columns.tolist()[:3] == ["n", "networks", "effect"]
    assert repr(res).startswith("Power by simulation (10 replicates per cell")
    ax = plots.power_curves(res)
    assert len(ax.lines) >= 2 and ax.get_ylim() == (0, 1.02)
    from trustlab.report.reproduce_view import save_power_figure

    assert save_power_figure(res, tmp_path / "p.png").stat().st_size > 1000
    assert PowerSpec.default().lower == "1-2 keer per jaar"


def test_cli_power(tmp_path, capsys):
    figure = tmp_path / "power.png"
    argv = ["power", "--n", "100", "231", "--reps", "12", "--seed", "2", "-o", str(figure),
            "--lang", "en"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Power by simulation (12 replicates per cell, alpha = 0.05, seed 2)" in out
    assert "power (a) association" in out and "Power curves written to" in out
    assert figure.stat().st_size > 1000
    assert main(argv) == 2  # no overwrite without --force
    assert "file exists; use --force" in capsys.readouterr().err
    assert main(["power", "--effect", "-1", "--reps", "5"]) == 2
    assert "effect must lie from 0 (no effect) to 1000" in capsys.readouterr().err


def test_the_exported_function_survives_importing_its_module():
    # importing the module that defines it must not replace the package's export
    import importlib

    module = importlib.import_module("trustlab.simulation.power")
    assert trustlab.power is module.power is power
    assert trustlab.PowerResult is PowerResult


def test_power_never_imports_dask(tmp_path):
    # Dask is an optional extra: the local run (processes included) does not import it
    import os
    import subprocess
    import sys

    code = (
        "import sys; from trustlab.simulation.power import power; "
        "power(n=60, n_networks=15, reps=30, n_jobs=2, progress=False); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path, env=env)  # fmt: skip
    assert run.stdout.strip() == "[]"
