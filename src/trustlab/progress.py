"""Progress of long work (the steps of an analysis, power's replicates), shown where it can be.

Every long function takes ``progress``:

- ``True`` (or ``None``, the default): a rich progress display on a terminal; in Jupyter a
  line under the cell that is updated in place (no widgets needed); nothing at all when the
  output is neither (a pipe, a file, a test run).
- ``False``: nothing.
- a callable: called with a :class:`ProgressEvent` at every step and once more when the work
  is done (``event.finished``), to drive a display of your own.

The displays are :class:`TerminalProgress` and :class:`NotebookProgress`; both are callables
of this kind, so ``progress=TerminalProgress(lang="nl")`` picks one (the command line does).

Examples
--------
>>> seen = []
>>> tracker = Tracker(seen.append, "power", total=3)
>>> tracker.advance(2); tracker.advance(1); tracker.finish()
>>> [(e.done, e.total, e.finished) for e in seen]
[(2, 3, False), (3, 3, False), (3, 3, True)]
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from trustlab.report.words import WORDS, say

__all__ = ["NotebookProgress", "ProgressEvent", "TerminalProgress", "Tracker", "resolve"]


@dataclass(frozen=True)
class ProgressEvent:
    """Where long work stands.

    Attributes
    ----------
    task : str
        The work: ``"analysis"`` or ``"power"``.
    step : str
        The step now running, as the analysis names it (``"omega trust"``; as in
        ``results.json``); empty for work counted in units (power's replicates).
    done : int
        Steps started (analysis) or units finished (replicates).
    total : int or None
        How many there are, when known.
    finished : bool
        True once, when the work is done.
    elapsed : float
        Seconds since the work started.
    """

    task: str
    step: str
    done: int
    total: int | None
    finished: bool = False
    elapsed: float = 0.0


Callback = Callable[[ProgressEvent], Any]


def resolve(progress: bool | Callback | None, lang: str = "en") -> Callback | None:
    """The callback for a ``progress=`` argument: a display, the user's callable, or None."""
    if progress is False:
        return None
    if callable(progress):
        return progress
    console = Console()
    if console.is_jupyter:
        return NotebookProgress(lang)
    if console.is_terminal:
        return TerminalProgress(lang, console=console)
    return None


class Tracker:
    """Sends :class:`ProgressEvent` to a callback (or nowhere when it is None)."""

    def __init__(self, callback: Callback | None, task: str, total: int | None = None) -> None:
        self.callback, self.task, self.total = callback, task, total
        self.done = 0
        self.started = time.perf_counter()

    def _send(self, step: str, finished: bool = False) -> None:
        if self.callback is not None:
            elapsed = time.perf_counter() - self.started
            self.callback(ProgressEvent(self.task, step, self.done, self.total, finished, elapsed))

    def start(self) -> None:
        """The work starts (nothing done yet)."""
        self._send("")

    def step(self, name: str) -> None:
        """A step starts."""
        self.done += 1
        self._send(name)

    def advance(self, units: int = 1) -> None:
        """``units`` more are finished."""
        self.done += units
        self._send("")

    def finish(self) -> None:
        """The work is done (the displays close)."""
        self._send("", finished=True)


def describe(event: ProgressEvent, lang: str) -> str:
    """The event in words: ``Analysis: McDonald's omega (trust)``."""
    task = say(f"pg_{event.task}", lang) if f"pg_{event.task}" in WORDS else event.task
    if not event.step:
        return task
    for prefix in sorted(_STEPS, key=len, reverse=True):
        if event.step == prefix or event.step.startswith(prefix + " "):
            # the scale or item the step is about: its last word (``adjacent contrasts high
            # trust`` is about trust); the factor models and the quadrants are about both
            rest = event.step[len(prefix) :].split()
            about = rest[-1] if rest and prefix not in _WHOLE else ""
            words = say(_STEPS[prefix], lang)
            return f"{task}: {words}" + (f" ({about})" if about else "")
    return f"{task}: {event.step}"


#: Prefixes of the analysis' step names -> catalogue keys of their words.
_STEPS = {
    "alpha": "pg_alpha", "omega": "pg_omega", "share high": "pg_share", "exposure": "pg_exposure",
    "means": "pg_means", "shares high": "pg_shares", "trend": "pg_trend",
    "trend log": "pg_trend", "broken stick": "pg_stick", "mixed model": "pg_mixed",
    "adjacent contrasts": "pg_contrasts", "threshold statement": "pg_threshold",
    "kruskal-wallis": "pg_tests", "jonckheere-terpstra": "pg_tests",
    "cochran-armitage": "pg_tests", "ols": "pg_ols", "logit": "pg_logit",
    "ordinal": "pg_ordinal", "correlation": "pg_correlation", "cfa": "pg_cfa",
    "quadrants": "pg_quadrants", "quadrant x exposure": "pg_quadrants", "chi-square": "pg_tests",
}  # fmt: skip


#: Steps about the whole instrument, not one scale or item.
_WHOLE = ("cfa", "chi-square", "quadrant x exposure", "quadrants", "correlation")


class TerminalProgress:
    """A rich progress display on the terminal, gone when the work is done."""

    def __init__(self, lang: str = "en", *, console: Any = None) -> None:
        self.lang, self.console = lang, console
        self.bar: Any = None
        self.task_id: Any = None

    def __call__(self, event: ProgressEvent) -> None:
        if event.finished:
            if self.bar is not None:
                self.bar.stop()
                self.bar = None
            return
        if self.bar is None:
            columns = [SpinnerColumn(), TextColumn("{task.description}")]
            if event.total is not None:
                columns += [BarColumn(), MofNCompleteColumn()]
            self.bar = Progress(*columns, TimeElapsedColumn(), console=self.console,
                                transient=True)  # fmt: skip
            self.bar.start()
            self.task_id = self.bar.add_task("", total=event.total)
        self.bar.update(self.task_id, completed=event.done,
                        description=escape(describe(event, self.lang)))  # fmt: skip


class NotebookProgress:
    """One line under a Jupyter cell, updated in place (an HTML ``<progress>`` bar)."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.handle: Any = None

    def __call__(self, event: ProgressEvent) -> None:
        from IPython.display import HTML, display

        line = _html_line(event, describe(event, self.lang), self.lang)
        if self.handle is None:
            self.handle = display(HTML(line), display_id=True)
        else:
            self.handle.update(HTML(line))


def _html_line(event: ProgressEvent, text: str, lang: str) -> str:
    import html

    seconds = f"{event.elapsed:.1f}".replace(".", "," if lang == "nl" else ".")
    if event.finished:
        key = "pg_done_units" if event.total is not None else "pg_done_steps"
        return html.escape(say(key, lang, task=text, n=event.done, s=seconds))
    bar = (f'<progress value="{event.done}" max="{event.total}"></progress> '
           if event.total else "")  # fmt: skip
    return f"{bar}{html.escape(text)} … {seconds} s"
