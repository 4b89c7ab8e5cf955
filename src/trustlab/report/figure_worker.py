"""Drawing the report's figures in a second process while the first does everything else.

Drawing the dozen figures (matplotlib's text layout and rasterising) is the largest part of
writing a report, and importing matplotlib a large part of starting one. On a machine with two
cores or more, ``python -m trustlab analyse`` starts one :class:`FigureWorker` process before it
imports anything heavy: the worker loads matplotlib and trustlab (and warms matplotlib's fonts)
while the first process loads trustlab, reads the data and analyses them. :meth:`FigureWorker.draw`
hands the worker the analysis; it draws every figure while the first process prints the summary
and makes the JSON, the tables, the spreadsheet and the Markdown, which need no figure, and never
loads matplotlib at all.

This module is the first process's side of that boundary and imports nothing heavy: the figures
module (and with it matplotlib) is loaded where figures are drawn, in the worker, or here when
there is no worker (one core, ``TRUSTLAB_JOBS=1``, large data) or the worker died. The figures
are the same bytes either way (same code, same matplotlib settings: the worker is a fresh
interpreter with matplotlib's defaults). The worker is stopped, not asked to tidy up, once the
figures are in: a Python process with matplotlib and pandas loaded takes half a second to exit
politely, and it holds nothing worth keeping.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["MAX_RESPONDENTS", "FigureJob", "FigureWorker", "draw_figures", "worker_helps"]

#: Above this many respondents the analysis is not copied to the worker (the copy would cost
#: more than the drawing saves): the figures are drawn in the calling process.
MAX_RESPONDENTS = 50_000

#: How often (seconds) a wait for the worker checks that it is still alive.
_POLL = 0.05

Drawn = dict[str, tuple[bytes, bytes | None]]


def draw_figures(analysis: Any, lang: str, svg: bool) -> Drawn:
    """Every figure of ``analysis`` drawn in this process (matplotlib is loaded here, on the
    first call: see the module's description)."""
    from trustlab.report.figures import report_figures

    return report_figures(analysis, lang=lang, svg=svg)


def _serve(conn: Connection) -> None:
    """The worker: load matplotlib and warm its fonts, then draw each analysis it is sent."""
    from trustlab.report.figures import warm_up

    warm_up()
    while True:
        try:
            analysis, lang, svg = conn.recv()
        except (EOFError, OSError):  # the first process is gone or done
            return
        conn.send(draw_figures(analysis, lang, svg))


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
    """The figures of one analysis, being drawn by a :class:`FigureWorker` (or, without one,
    drawn by :meth:`result` in the calling process)."""

    def __init__(self, analysis: Any, lang: str, svg: bool, worker: FigureWorker | None) -> None:
        self._request = (analysis, lang, svg)
        self._worker = worker
        #: whether the worker was given the figures (False: the caller draws them)
        self.in_worker = worker is not None and worker.send(self._request)

    def result(self) -> Drawn:
        """Every figure as ``{name: (png, svg)}`` in report order (``svg`` None unless asked
        for; figures that cannot be drawn on these data are left out)."""
        if self.in_worker and self._worker is not None:
            drawn = self._worker.receive()
            if drawn is not None:
                return drawn
        return draw_figures(*self._request)  # no worker, or it died: draw here


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
        self._process: Any = None
        self._conn: Connection | None = None
        self._sender: threading.Thread | None = None
        if start:
            context = multiprocessing.get_context("spawn")  # no fork of a threaded process
            self._conn, child = context.Pipe()
            self._process = context.Process(target=_serve, args=(child,), daemon=True)
            self._process.start()
            child.close()

    @property
    def pid(self) -> int | None:
        """The worker's process id, or None without a worker."""
        return self._process.pid if self._process is not None else None

    @property
    def started(self) -> bool:
        """Whether a worker process was started."""
        return self._process is not None

    def draw(self, analysis: Any, *, lang: str = "en", svg: bool = False) -> FigureJob:
        """Start drawing the figures of ``analysis`` (in the worker if the data are small);
        ``svg``: an SVG copy of each figure as well."""
        small = analysis.survey.n_respondents <= MAX_RESPONDENTS
        return FigureJob(analysis, lang, svg, self if small and self.started else None)

    def send(self, request: tuple) -> bool:
        """Hand the worker one request without waiting for it to read it (it may still be
        starting): a thread writes it. False when there is no live worker."""
        if self._conn is None or not self._process.is_alive():
            return False
        self._sender = threading.Thread(target=self._write, args=(request,), daemon=True)
        self._sender.start()
        return True

    def _write(self, request: tuple) -> None:
        with contextlib.suppress(OSError, ValueError):  # the worker died: receive() says so
            self._conn.send(request)  # type: ignore[union-attr]

    def receive(self) -> Drawn | None:
        """The worker's answer to the last request, or None if the worker died first."""
        conn = self._conn
        if conn is None:
            return None
        while True:
            try:
                if conn.poll(_POLL):
                    return conn.recv()
            except (EOFError, OSError):
                return None
            if not self._process.is_alive() and not conn.poll():
                return None

    def close(self) -> None:
        """Stop the worker (see the module's description: it is stopped, not asked to exit)."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join(timeout=5)
            self._conn.close()  # type: ignore[union-attr]
            self._process = None
            self._conn = None

    def __enter__(self) -> FigureWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
