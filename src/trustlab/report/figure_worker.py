"""Drawing the report's figures in a second process while the first writes everything else.

Drawing the eleven or so figures (matplotlib's text layout and rasterising) is the largest part
of writing a report. On a machine with two cores or more, :class:`FigureWorker` starts one
worker process early, before the data are read, so that its start-up (Python, matplotlib,
trustlab) overlaps the reading and the analysis. :meth:`FigureWorker.draw` then hands it the
analysis; the worker draws the first three quarters of the figures one by one, in report order,
while the calling process prints the summary and writes the JSON, the tables and the
spreadsheet, then draws the last quarter itself (:meth:`FigureJob.result`): the two processes
finish at about the same time.

The figures are the same bytes as :func:`~trustlab.report.figures.report_figures` gives in one
process (same code, same matplotlib settings: the worker is a fresh interpreter with matplotlib's
defaults). A worker that cannot start or dies leaves the work to the caller: the report is
written all the same, only slower.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from trustlab.analysis import Analysis
from trustlab.report.figures import figure_specs, render_figure

__all__ = ["LOCAL_SHARE", "MAX_RESPONDENTS", "FigureJob", "FigureWorker", "worker_helps"]

#: The share of the figures (the last ones) the caller draws itself, after writing the files
#: that need no figure: about what it takes for both processes to finish together. (A fixed
#: split, not work taken back: cancelling a queued figure races with the executor's own
#: bookkeeping when a worker dies, in Python 3.11.)
LOCAL_SHARE = 0.25

#: Above this many respondents the analysis is not copied to the worker (the copy would cost
#: more than the drawing saves): the figures are drawn in the calling process.
MAX_RESPONDENTS = 50_000

# the worker's state: the analysis it was given and its figure specs per language
_STATE: dict[str, object] = {}


def _ready() -> int:
    """Run first in the worker: importing this module has loaded matplotlib and trustlab."""
    return os.getpid()


def _load(analysis: Analysis) -> None:
    _STATE.clear()
    _STATE["analysis"] = analysis


def _draw(name: str, lang: str) -> tuple[bytes, bytes] | None:
    key = f"specs_{lang}"
    if key not in _STATE:
        _STATE[key] = figure_specs(_STATE["analysis"], lang=lang)  # type: ignore[arg-type]
    return render_figure(_STATE[key][name])  # type: ignore[index]


def worker_helps() -> bool:
    """Whether a second process would shorten the report: the environment variable
    ``TRUSTLAB_JOBS`` if it is set (``1``: one process, ``2`` or more: a worker), otherwise
    whether the machine has a core to spare (at least two cores, and a load average over the
    last minute below the number of cores less one half: on a busy machine a second process
    only takes turns with the first, and its start-up is work of its own)."""
    jobs = os.environ.get("TRUSTLAB_JOBS", "").strip()
    if jobs:
        try:
            return int(jobs) >= 2
        except ValueError:
            return False
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return cores >= 2 and load < cores - 0.5


class FigureJob:
    """The figures of one analysis, being drawn by a :class:`FigureWorker` and the caller."""

    def __init__(self, analysis: Analysis, lang: str, pool: ProcessPoolExecutor | None) -> None:
        self._specs = figure_specs(analysis, lang=lang)
        self._futures: dict[str, Future] = {}
        #: whether the worker was given the figures (False: the caller draws them all)
        self.in_worker = False
        if pool is None:
            return
        names = list(self._specs)
        remote = names[: len(names) - int(len(names) * LOCAL_SHARE)]
        try:
            # the executor copies the analysis to the worker (trustlab's own objects between
            # trustlab's own processes; nothing read from a file is ever unpickled)
            pool.submit(_load, analysis)
            self._futures = {name: pool.submit(_draw, name, lang) for name in remote}
            self.in_worker = True
        except (BrokenProcessPool, RuntimeError):  # a dead or closed worker: draw here
            self._futures = {}
            self.in_worker = False

    def result(self) -> dict[str, tuple[bytes, bytes]]:
        """Every figure as ``{name: (png, svg)}``, in report order (figures that cannot be
        drawn on these data are left out, as :func:`report_figures` does)."""
        drawn: dict[str, tuple[bytes, bytes] | None] = {}
        for name in self._specs:  # the caller's share first, while the worker draws its own
            if name not in self._futures:
                drawn[name] = render_figure(self._specs[name])
        for name, future in self._futures.items():
            try:
                drawn[name] = future.result()
            except BrokenProcessPool:  # the worker died: draw its figures here
                drawn[name] = render_figure(self._specs[name])
        return {name: drawn[name] for name in self._specs if drawn[name] is not None}


class FigureWorker:
    """One worker process that draws report figures (see the module's description).

    Parameters
    ----------
    start : bool, optional
        Start the process. Default: :func:`worker_helps`.

    Examples
    --------
    >>> import trustlab
    >>> from trustlab.report.figure_worker import FigureWorker
    >>> with FigureWorker(start=False) as worker:  # no process: the caller draws
    ...     figures = worker.draw(trustlab.analyse(trustlab.load_sample(), n_boot=0)).result()
    >>> sorted(figures)[:2]
    ['coefficients_distrust', 'coefficients_trust']
    """

    def __init__(self, *, start: bool | None = None) -> None:
        if start is None:
            start = worker_helps()
        self._pool: ProcessPoolExecutor | None = None
        if start:
            context = multiprocessing.get_context("spawn")  # no fork of a threaded process
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            self._ready = self._pool.submit(_ready)

    @property
    def pid(self) -> int | None:
        """The worker's process id (waiting for it to start), or None without a worker."""
        return self._ready.result() if self._pool is not None else None

    @property
    def started(self) -> bool:
        """Whether a worker process was started."""
        return self._pool is not None

    def draw(self, analysis: Analysis, *, lang: str = "en") -> FigureJob:
        """Start drawing the figures of ``analysis`` (in the worker if the data are small)."""
        small = analysis.survey.n_respondents <= MAX_RESPONDENTS
        return FigureJob(analysis, lang, self._pool if small else None)

    def close(self) -> None:
        """Stop the worker (figures not yet drawn are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> FigureWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
