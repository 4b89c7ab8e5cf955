"""The report's figures drawn in a second process: the same bytes, whatever happens to it."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from functools import cache

import pytest

import trustlab
from trustlab.forked import can_fork
from trustlab.report import figure_worker
from trustlab.report.figure_worker import FigureWorker
from trustlab.report.figures import report_figures
from trustlab.simulation.sample import sample_path
from trustlab.worker import worker_helps


@cache
def analysis():
    return trustlab.analyse(trustlab.load_sample(), n_boot=0)


@cache
def serial(lang: str = "en"):
    return report_figures(analysis(), lang=lang)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_worker_draws_the_same_bytes_as_one_process(lang):
    with FigureWorker(start=True) as worker:
        job = worker.draw(analysis(), lang=lang)
        assert job.in_worker
        drawn = job.result()
    assert list(drawn) == list(serial(lang))  # same figures, same (report) order
    assert drawn == serial(lang)


def test_without_a_worker_the_caller_draws_everything():
    with FigureWorker(start=False) as worker:
        assert not worker.started and worker.pid is None
        job = worker.draw(analysis())
        assert not job.in_worker
        assert job.result() == serial()


def test_a_worker_that_dies_leaves_the_figures_to_the_caller():
    worker = FigureWorker(start=True)
    os.kill(worker.pid, signal.SIGKILL)
    try:
        job = worker.draw(analysis())
        assert job.result() == serial()
    finally:
        worker.close()


def test_large_data_are_not_copied_to_the_worker_but_drawn_in_a_fork(monkeypatch):
    monkeypatch.setattr(figure_worker, "MAX_RESPONDENTS", analysis().survey.n_respondents - 1)
    with FigureWorker(start=True) as worker:
        job = worker.draw(analysis())
        assert job._task is None  # nothing sent to the worker
        assert job.in_worker is can_fork()  # a fork sees the analysis as it is
        assert job.result() == serial()
    monkeypatch.setattr(figure_worker, "can_fork", lambda: False)
    with FigureWorker(start=True) as worker:
        job = worker.draw(analysis())
        assert not job.in_worker  # no fork: drawn here
        assert job.result() == serial()


@pytest.mark.parametrize(("value", "expected"), [("1", False), ("2", True), ("8", True),
                                                 ("two", False), ("0", False)])  # fmt: skip
def test_trustlab_jobs_decides_whether_a_worker_starts(monkeypatch, value, expected):
    monkeypatch.setenv("TRUSTLAB_JOBS", value)
    assert worker_helps() is expected


def test_without_trustlab_jobs_a_spare_core_decides(monkeypatch):
    monkeypatch.delenv("TRUSTLAB_JOBS")
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert worker_helps() is False
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.setattr(os, "getloadavg", lambda: (3.9, 0.0, 0.0))
    assert worker_helps() is False  # every core busy
    monkeypatch.setattr(os, "getloadavg", lambda: (1.2, 0.0, 0.0))
    assert worker_helps() is True


def test_the_command_writes_the_same_report_with_and_without_a_worker(tmp_path):
    folders = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        env = {**os.environ, "TRUSTLAB_JOBS": jobs}
        subprocess.run([sys.executable, "-m", "trustlab", "analyse", str(sample_path()), "--out",
                        str(out), "--boot", "0"], check=True, capture_output=True, env=env,
                       cwd=tmp_path)  # fmt: skip
        folders[jobs] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*")
                         if p.is_file()}  # fmt: skip
    assert any(name.suffix == ".png" for name in folders["1"])
    assert folders["1"] == folders["2"]


def test_the_first_process_never_loads_matplotlib_when_the_worker_draws(tmp_path):
    # HELP_FROM out of reach: the worker draws every figure (otherwise the first process may
    # load matplotlib to help, when it is done first)
    code = (
        "import sys; from trustlab.cli import main; from trustlab.report import figure_worker; "
        "figure_worker.HELP_FROM = 10**6; "
        f"main(['analyse', {str(sample_path())!r}, '--out', {str(tmp_path / 'r')!r}, "
        "'--boot', '0']); print('matplotlib' in sys.modules)"
    )
    env = {**os.environ, "TRUSTLAB_JOBS": "2"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=tmp_path, check=True)  # fmt: skip
    assert out.stdout.strip().splitlines()[-1] == "False"
    assert len(list((tmp_path / "r" / "figures").glob("*.png"))) == len(serial())


def test_svg_copies_only_when_asked_for(tmp_path):
    for flag, suffixes in (([], {".png"}), (["--svg"], {".png", ".svg"})):
        out = tmp_path / f"r{len(flag)}"
        subprocess.run([sys.executable, "-m", "trustlab", "analyse", str(sample_path()), "--out",
                        str(out), "--boot", "0", *flag], check=True, capture_output=True,
                       cwd=tmp_path)  # fmt: skip
        made = list((out / "figures").iterdir())
        assert {p.suffix for p in made} == suffixes
        assert len(made) == len(serial()) * len(suffixes)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_caller_helps_with_the_figures_left_and_the_bytes_are_the_same(monkeypatch, lang):
    monkeypatch.setattr(figure_worker, "HELP_FROM", 0)  # help whatever is left
    with FigureWorker(start=True) as worker:
        drawn = worker.draw(analysis(), lang=lang).result()
    assert list(drawn) == list(serial(lang))
    assert drawn == serial(lang)


def test_what_the_worker_is_sent_draws_the_same_figures_at_a_third_of_the_bytes():
    sent = figure_worker.drawable(analysis())
    assert sent.invariance == {} and analysis().invariance  # the analysis itself is untouched
    for name, scale in sent.exposure.scales.items():
        full = analysis().exposure.scales[name]
        assert full.ols.cluster_scores is not None and full.logit.cluster_scores is not None
        assert scale.ols.cluster_scores is None and scale.logit.cluster_scores is None
        assert scale.ols.coefficients.equals(full.ols.coefficients)
    light = pickle.dumps(sent)
    assert len(light) < len(pickle.dumps(analysis())) / 3
    assert report_figures(pickle.loads(light), lang="en") == serial("en")


def test_the_commands_processes_load_matplotlib_without_its_3d_toolkit(tmp_path):
    # figure_worker.skip_3d_toolkit: in the command's process (here drawing every figure:
    # TRUSTLAB_JOBS=1) and its worker; a program that calls main() keeps 3D
    out = ["analyse", str(sample_path()), "--boot", "0", "--out"]
    code = (
        "import os, sys\n"
        "from trustlab import cli\n"
        f"cli.main({[*out, str(tmp_path / 'a')]!r})\n"
        "import matplotlib.projections as p\n"
        "print('PROGRAM', '3d' in p.get_projection_names(), flush=True)\n"
    )
    one = {**os.environ, "TRUSTLAB_JOBS": "1"}
    program = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True,
                             text=True, check=True, env=one)  # fmt: skip
    assert "PROGRAM True" in program.stdout
    code = (
        "import os, sys\n"
        "from trustlab import cli\n"
        "def done(status):\n"
        "    import matplotlib.projections as p\n"
        "    toolkit = sys.modules.get('mpl_toolkits.mplot3d')\n"
        "    print('COMMAND', '3d' in p.get_projection_names(), toolkit.Axes3D, status,"
        " 'mpl_toolkits.mplot3d.axes3d' in sys.modules, flush=True)\n"
        "os._exit = done\n"
        f"sys.argv = ['trustlab', *{[*out, str(tmp_path / 'b')]!r}]\n"
        "cli.run()\n"
    )
    command = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True,
                             text=True, check=True, env=one)  # fmt: skip
    assert "COMMAND False None 0 False" in command.stdout
    assert "Axes3D" not in command.stderr  # matplotlib's warning when the toolkit is missing
    assert (tmp_path / "b" / "figures" / "likert.png").read_bytes() == (
        tmp_path / "a" / "figures" / "likert.png"
    ).read_bytes()
    # and the worker, which loads matplotlib in its warm-up
    with FigureWorker(start=True) as worker:
        assert worker.draw(analysis(), lang="en").result() == serial("en")
        probe = "__import__('sys').modules['mpl_toolkits.mplot3d'].Axes3D is None"
        assert worker.submit(eval, probe).result() is True
