"""``power`` on a Dask cluster: the same table as the local run for the same seed."""

from __future__ import annotations

import pandas as pd
import pytest

from trustlab.simulation.power import PowerError, power

distributed = pytest.importorskip("distributed")

DESIGN = {"n": (60, 120), "n_networks": 15, "reps": 30, "seed": 7, "effect": (0.0, 1.0)}


@pytest.fixture(scope="module")
def client():
    # two worker processes with one thread each, started (and stopped) by the test
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                 dashboard_address=None) as cluster,
        distributed.Client(cluster) as c,
    ):  # fmt: skip
        yield c


def test_a_local_cluster_gives_the_local_table(client):
    local = power(**DESIGN, n_jobs=1, progress=False)
    remote = power(**DESIGN, client=client, progress=False)
    pd.testing.assert_frame_equal(remote.table, local.table)
    pd.testing.assert_frame_equal(remote.replications, local.replications)
    assert remote.engine.startswith("dask tcp://") and remote.n_jobs == 2
    assert local.engine == "this process"


def test_progress_is_reported_from_the_cluster(client):
    calls = []
    power(n=60, n_networks=15, reps=30, seed=1, client=client,
          progress=lambda event: calls.append((event.done, event.total)))  # fmt: skip
    assert calls[-1] == (30, 30) and [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_a_client_must_be_a_dask_client():
    with pytest.raises(PowerError, match=r"client must be a dask\.distributed Client"):
        power(n=60, reps=2, client="tcp://localhost:8786", progress=False)


def test_the_command_runs_on_the_cluster(client, capsys):
    from trustlab.cli import main

    args = ["power", "--n", "60", "--networks", "15", "--reps", "30", "--seed", "7", "--lang", "en"]
    assert main([*args, "--jobs", "1"]) == 0
    local = capsys.readouterr().out
    assert main([*args, "--scheduler", client.scheduler.address]) == 0
    remote = capsys.readouterr().out

    def table(text):  # the power table and the tests, without the run time
        return text.split("simulated surveys in")[0]

    assert table(remote) == table(local) and "0.0" in table(local)
