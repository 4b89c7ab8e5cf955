"""trustlab.worker: a second process whose answers are the caller's own, whatever happens to it."""

from __future__ import annotations

import math
import operator
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from functools import cache

import pytest
from threadpoolctl import threadpool_info

import trustlab
from trustlab.report.json_export import analysis_to_json
from trustlab.worker import Worker, one_blas_thread


def test_a_call_in_the_worker_is_the_call_here():
    with Worker(start=True) as worker:
        assert worker.started and worker.pid != os.getpid()
        tasks = [worker.submit(math.comb, n, 3) for n in range(3, 40)]
        assert all(t.in_worker for t in tasks)
        assert [t.result() for t in reversed(tasks)] == [math.comb(n, 3) for n in range(39, 2, -1)]


def test_an_exception_in_the_worker_is_raised_here():
    with Worker(start=True) as worker:
        task = worker.submit(operator.truediv, 1, 0)
        with pytest.raises(ZeroDivisionError):
            task.result()
        assert worker.submit(divmod, 7, 2).result() == (3, 1)  # the worker goes on


def test_without_a_worker_the_call_is_made_here():
    with Worker(start=False) as worker:
        task = worker.submit(divmod, 17, 5)
        assert not worker.started and worker.pid is None and not task.in_worker
        assert task.result() == (3, 2)


def test_a_dead_worker_leaves_the_call_to_the_caller():
    worker = Worker(start=True)
    try:
        task = worker.submit(sorted, [3, 1, 2])
        os.kill(worker.pid, signal.SIGKILL)
        assert task.result() == [1, 2, 3]  # answered by the worker before it died, or here
        assert worker.submit(max, 4, 9).result() == 9  # here
    finally:
        worker.close()


def test_what_cannot_be_sent_is_made_here():
    with Worker(start=True) as worker:
        task = worker.submit(map, lambda x: x + 1, [1, 2])  # a lambda cannot be pickled
        assert list(task.result()) == [2, 3]


def test_close_stops_the_worker():
    worker = Worker(start=True)
    pid = worker.pid
    assert worker.submit(abs, -2).result() == 2
    worker.close()
    assert not worker.started and worker.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert worker.submit(abs, -3).result() == 3  # closed: made here


@cache
def serial():
    return trustlab.analyse(trustlab.load_sample(), n_boot=40, progress=False)


@pytest.mark.parametrize("kind", ["worker", "pool"])
def test_analyse_with_an_executor_gives_the_same_analysis(kind):
    survey = trustlab.load_sample()
    executor = Worker(start=True) if kind == "worker" else ProcessPoolExecutor(1)
    with executor:
        result = trustlab.analyse(survey, n_boot=40, progress=False, executor=executor)
    assert result.invariance.keys() == serial().invariance.keys() and result.invariance
    assert result.notices == serial().notices
    assert analysis_to_json(result) == analysis_to_json(serial())


def test_one_blas_thread_while_the_cores_are_shared_and_the_same_numbers():
    survey = trustlab.load_sample()
    threads = [pool["num_threads"] for pool in threadpool_info()]
    every = analysis_to_json(trustlab.analyse(survey, progress=False))  # 1,000 resamples
    with one_blas_thread():
        assert all(pool["num_threads"] == 1 for pool in threadpool_info())
        one = analysis_to_json(trustlab.analyse(survey, progress=False))
    assert [pool["num_threads"] for pool in threadpool_info()] == threads  # given back
    assert one == every


def test_three_scales_shared_with_a_worker_give_the_same_analysis(three_scales):
    # the worker takes the first two scales and the groups, the caller the third: the same
    # scales in the same order, the same notices in the same order (one from a scale in each
    # process)
    df, roles = three_scales
    alone = trustlab.analyse(df, **roles)
    with Worker(start=True) as worker:
        shared = trustlab.analyse(df, executor=worker, **roles)
    assert list(shared.scales) == list(alone.scales) == ["a", "b", "c"]
    assert shared.notices == alone.notices
    said = [n.step for n in alone.notices]
    assert said.index("keys a") < said.index("alpha c") < said.index("keys c") < said.index("ols a")
    assert analysis_to_json(shared) == analysis_to_json(alone)


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True,
                          text=True, check=True, timeout=120).stdout  # fmt: skip


def test_the_commands_worker_is_a_fork_and_goes_when_the_first_process_goes():
    # worker._can_fork: a fresh process without numpy or threads (the command's case) forks its
    # worker: no resource tracker; the fork closes the first process's end of the pipe, so it
    # sees the first process go and ends (it would otherwise wait for ever)
    code = (
        "import os, sys, time, operator\n"
        "from trustlab.worker import Worker\n"
        "w = Worker(start=True)\n"
        "print(type(w._process).__name__, w.submit(operator.add, 2, 3).result(), flush=True)\n"
        "import multiprocessing.resource_tracker as rt\n"
        "print('TRACKER', rt._resource_tracker._pid, flush=True)\n"
        "print('PID', w.pid, flush=True)\n"
        "os._exit(0)\n"  # gone without closing the worker
    )
    out = _run(code)
    assert "ForkProcess 5" in out and "TRACKER None" in out
    pid = int(out.split("PID ")[1].split()[0])
    for _ in range(600):  # the worker reads EOF and returns: wait (up to 30 s) for it to go
        try:
            with open(f"/proc/{pid}/stat") as stat:  # a zombie has gone too
                if stat.read().rsplit(")", 1)[-1].split()[0] == "Z":
                    break
        except FileNotFoundError:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, signal.SIGKILL)
        raise AssertionError("the forked worker outlived the first process")


def test_a_process_that_has_loaded_numpy_spawns_its_worker():
    code = (
        "import numpy, operator\n"
        "from trustlab.worker import Worker\n"
        "with Worker(start=True) as w:\n"
        "    print(type(w._process).__name__, w.submit(operator.mul, 2, 3).result(), flush=True)\n"
    )
    assert "SpawnProcess 6" in _run(code)
