"""trustlab.forked: one call in a fork of this process, with the same answer as made here."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache

import pytest

import trustlab
from trustlab import forked
from trustlab.forked import ForkedTask, ForkExecutor, available_memory, can_fork, room_for_fork
from trustlab.report.json_export import analysis_to_json
from trustlab.simulation.sample import sample_path

pytestmark = pytest.mark.skipif(not can_fork(), reason="a fork is made on Linux only")


def _pid_and(value):
    return os.getpid(), value


def _fail(message):
    raise ValueError(message)


def _die_unless(pid):
    if os.getpid() != pid:  # in the fork: it dies without an answer
        os._exit(3)
    return "made here"


def _unpicklable():
    return lambda: 1  # a lambda cannot be pickled


def _half_picklable():
    return ["x" * 300_000, lambda: 2]  # the text is sent before the lambda fails


def test_the_call_is_made_in_a_fork_and_its_answer_comes_back():
    task = ForkedTask(_pid_and, (41,), {})
    assert task.in_fork
    pid, value = task.result()
    assert value == 41 and pid != os.getpid()
    assert not task.in_fork  # reaped


def test_an_exception_in_the_fork_is_raised_here():
    task = ForkExecutor().submit(_fail, "no answer")
    with pytest.raises(ValueError, match=r"^no answer$"):
        task.result()


def test_a_fork_that_dies_leaves_the_call_to_this_process():
    task = ForkedTask(_die_unless, (os.getpid(),), {})
    assert task.result() == "made here"


def test_an_answer_that_cannot_be_pickled_is_made_here():
    task = ForkedTask(_unpicklable, (), {})
    assert task.result()() == 1
    half = ForkedTask(_half_picklable, (), {}).result()  # a part came through the pipe
    assert half[0] == "x" * 300_000 and half[1]() == 2


def test_cancel_stops_the_fork():
    task = ForkedTask(_pid_and, ("x" * 10**6,), {})  # an answer larger than a pipe holds
    pid = task._pid
    task.cancel()
    assert not task.in_fork
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone, and reaped


def test_without_fork_the_call_is_made_here(monkeypatch):
    monkeypatch.setattr(forked.sys, "platform", "darwin")
    assert not can_fork()
    task = ForkedTask(_pid_and, (5,), {})
    assert not task.in_fork
    assert task.result() == (os.getpid(), 5)


def test_room_for_a_fork_is_the_available_memory(monkeypatch):
    monkeypatch.setattr(forked, "available_memory", lambda: 5_000)
    assert room_for_fork(1_000) and not room_for_fork(1_001)
    monkeypatch.setattr(forked, "available_memory", lambda: None)  # not known: no fork
    assert not room_for_fork(1)


def test_available_memory_reads_linux_meminfo():
    free = available_memory()
    assert isinstance(free, int) and free > 0


@cache
def _serial():
    return trustlab.analyse(trustlab.load_sample(), n_boot=40, progress=False)


def test_analyse_with_a_fork_gives_the_same_analysis():
    result = trustlab.analyse(trustlab.load_sample(), n_boot=40, progress=False,
                              executor=ForkExecutor())  # fmt: skip
    assert result.clusters and result.invariance and result.dimensions is not None
    assert result.notices == _serial().notices
    assert analysis_to_json(result) == analysis_to_json(_serial())


def test_the_notices_of_the_fork_keep_their_place(three_scales):
    # a notice from a scale (before the models' notices) and from the models: in the order of
    # the analysis made in one process
    df, roles = three_scales
    alone = trustlab.analyse(df, **roles)
    fork = trustlab.analyse(df, executor=ForkExecutor(), **roles)
    said = [n.step for n in alone.notices]
    assert said.index("keys a") < said.index("keys c") < said.index("ols a")
    assert fork.notices == alone.notices
    assert analysis_to_json(fork) == analysis_to_json(alone)


def test_the_command_forks_for_large_data_and_writes_the_same_report(tmp_path):
    # MAX_RESPONDENTS below the sample: the sample counts as large data, analysed beside a
    # fork and drawn by another; the report is the one the command writes in one process
    code = (
        "import os, sys; from trustlab.cli import main; from trustlab.report import "
        "figure_worker; from trustlab import forked; figure_worker.MAX_RESPONDENTS = 10; "
        "made = []; real = forked.ForkedTask._start\n"
        "def start(self): made.append(1); real(self)\n"
        "forked.ForkedTask._start = start\n"
        f"main(['analyse', {str(sample_path())!r}, '--out', sys.argv[1], '--boot', '0'])\n"
        "print('forks', len(made))"
    )
    folders = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        env = {**os.environ, "TRUSTLAB_JOBS": jobs}
        run = subprocess.run([sys.executable, "-W", "error", "-c", code, str(out)], check=True,
                             capture_output=True, text=True, env=env, cwd=tmp_path)  # fmt: skip
        # one fork for the analysis, one for the figures, one for the tables
        assert run.stdout.splitlines()[-1] == f"forks {3 if jobs == '2' else 0}"
        folders[jobs] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*")
                         if p.is_file()}  # fmt: skip
    assert folders["1"] == folders["2"]
