"""Progress of long work: a callback receives every step of an analysis and power's replicates;
the displays draw on a terminal and in Jupyter, and nothing at all is printed when the output
is neither (a pipe, a file, this test run)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

import trustlab
from trustlab.cli import main
from trustlab.progress import NotebookProgress, ProgressEvent, TerminalProgress, resolve


@pytest.fixture(scope="module")
def events():
    seen: list[ProgressEvent] = []
    trustlab.analyse(trustlab.load_sample(), n_boot=10, progress=seen.append)
    return seen


def test_a_callback_receives_every_step_of_the_analysis(events):
    steps = [e.step for e in events if not e.finished]
    for step in ("alpha trust", "omega trust", "omega distrust", "ols trust", "logit distrust",
                 "mixed model trust", "ordinal T1", "cfa two factors"):  # fmt: skip
        assert step in steps
    assert [e.done for e in events[:-1]] == list(range(1, len(events)))
    assert {e.task for e in events} == {"analysis"} and {e.total for e in events} == {None}
    last = events[-1]
    assert (
        last.finished and last.done == len(events) - 1 and not any(e.finished for e in events[:-1])
    )


def test_the_display_is_silent_when_the_output_is_not_a_terminal(capsys):
    assert resolve(True) is None and resolve(None) is None and resolve(False) is None
    trustlab.analyse(trustlab.load_sample(), n_boot=0, progress=True)
    trustlab.power(n=100, reps=2, seed=1, progress=True)
    assert capsys.readouterr() == ("", "")


def test_the_command_line_in_a_pipe_prints_no_progress(tmp_path, capsys):
    argv = ["analyse", str(trustlab.sample_path()), "--boot", "0", "--out", str(tmp_path / "r")]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Analyse:" not in out and "⠋" not in out and "steps in" not in out


@pytest.mark.parametrize(("lang", "words"), [("en", "Analysis: McDonald's omega and its "
                                              "bootstrap CI (trust)"),
                                             ("nl", "Analyse: McDonalds omega en het "
                                              "bootstrap-BI (trust)")])  # fmt: skip
def test_the_terminal_display_names_the_step_in_words(lang, words, events):
    out = Console(file=io.StringIO(), force_terminal=True, width=200)
    display = TerminalProgress(lang, console=out)
    display(next(e for e in events if e.step == "omega trust"))
    display(events[-1])  # finished: the display stops (transient: it leaves no line)
    assert words in out.file.getvalue()
    assert display.bar is None


def test_the_notebook_display_updates_one_line(monkeypatch):
    shown = []

    class Handle:
        def update(self, obj):
            shown.append(("update", obj.data))

    def display(obj, display_id=False):
        shown.append(("display", obj.data))
        return Handle()

    monkeypatch.setattr("IPython.display.display", display)
    notebook = NotebookProgress("nl")
    notebook(ProgressEvent("power", "", 0, 40, elapsed=0.0))
    notebook(ProgressEvent("power", "", 20, 40, elapsed=1.3))
    notebook(ProgressEvent("power", "", 40, 40, finished=True, elapsed=2.5))
    assert shown == [
        ("display", '<progress value="0" max="40"></progress> Surveys simuleren … 0,0 s'),
        ("update", '<progress value="20" max="40"></progress> Surveys simuleren … 1,3 s'),
        ("update", "Surveys simuleren: 40 klaar in 2,5 s."),
    ]
