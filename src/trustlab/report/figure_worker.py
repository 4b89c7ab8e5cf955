"""The report's figures drawn by a :class:`~trustlab.worker.Worker` while the calling process
writes everything else, the two sharing the figures that are left when it is done.

Drawing the dozen figures (matplotlib's text layout and rasterising) is the largest part of
writing a report, and importing matplotlib a large part of starting one. :func:`draw` hands the
analysis to the worker, which draws the figures in report order while the calling process
prints the summary and makes the JSON, the tables, the spreadsheet and the Markdown, which need
no figure. When that is done, :meth:`FigureJob.result` looks at the shared board: if three
figures or more are still to start (or the worker has not started on them), the calling
process loads matplotlib and draws from the last one back while the worker goes on from the
front; each figure is claimed on the board before it is drawn, so none is drawn twice.
Otherwise the calling process waits, and never loads matplotlib at all.

This module imports nothing heavy: the figures module (and with it matplotlib) is loaded where
a figure is drawn (in the worker; here only to help, or when there is no worker: one core,
``TRUSTLAB_JOBS=1``, or the worker died). Large data are not copied to the worker: a fork of
the calling process, which sees them as they are, draws the figures instead (on Linux). The
figures are the same bytes either way (same code, same matplotlib settings: the worker is a
fresh interpreter with matplotlib's defaults).
"""

from __future__ import annotations

import dataclasses
import gc
import sys
import types
from typing import Any

from trustlab.forked import ForkedTask, can_fork
from trustlab.worker import BOARD_SIZE, Task, Worker, board, paused_gc

__all__ = [
    "HELP_FROM", "MAX_RESPONDENTS", "Drawn", "FigureJob", "FigureWorker", "draw_figures",
    "drawable",
]  # fmt: skip

#: Above this many respondents the analysis is not copied to the worker (the copy would cost
#: more than the drawing saves): a fork of the calling process draws the figures (or, without
#: fork, the calling process).
MAX_RESPONDENTS = 50_000

#: The calling process helps when at least this many figures are still to start (loading
#: matplotlib costs it about as much as drawing two).
HELP_FROM = 3

#: Figures as drawn: ``{name: (png, svg)}`` in report order (``svg`` None unless asked for).
Drawn = dict[str, tuple[bytes, bytes | None]]

# the board: place i says who draws figure i (0: nobody yet); the last place holds the number
# of figures, once the worker knows it
_FREE, _WORKER, _CALLER = 0, 1, 2
_COUNT = BOARD_SIZE - 1


def draw_figures(analysis: Any, lang: str, svg: bool) -> Drawn:
    """Every figure of ``analysis`` drawn in this process (matplotlib is loaded here, on the
    first call: see the module's description)."""
    from trustlab.report.figures import report_figures

    return report_figures(analysis, lang=lang, svg=svg)


def preload() -> None:
    """In the worker, first: load what the analysis needs (not matplotlib yet: the first
    process may hand over part of the analysis before it needs any figure). What the imports
    made is then taken out of the garbage collector's reach (see ``trustlab.cli``): the worker
    keeps it to the end."""
    with paused_gc():  # nothing to free among what imports make
        import trustlab.analysis  # noqa: F401

    gc.freeze()


def skip_3d_toolkit() -> None:
    """Before matplotlib is loaded, in a process of trustlab's own that draws report figures
    (the command's own, and its worker): matplotlib's 3D toolkit (``mpl_toolkits.mplot3d``,
    which matplotlib loads with itself: 0.07 s of each process) is not loaded. No report figure
    is 3D; matplotlib then registers no ``"3d"`` projection, as where the toolkit is missing.
    Never in a program that imports trustlab (a notebook may draw in 3D)."""
    if "matplotlib" in sys.modules or "mpl_toolkits.mplot3d" in sys.modules:
        return
    toolkit = types.ModuleType("mpl_toolkits.mplot3d", "Not loaded by trustlab's report.")
    toolkit.Axes3D = None  # type: ignore[attr-defined]
    sys.modules["mpl_toolkits.mplot3d"] = toolkit


def warm_up() -> None:
    """In the worker, after the first piece of work: load matplotlib and the figures (whose
    modules then leave the garbage collector's reach). A throwaway figure drawn as well saved
    the first real figure nothing: it cost its own 0.06 s."""
    skip_3d_toolkit()
    with paused_gc():
        import trustlab.report.figures  # noqa: F401

    gc.freeze()


def drawable(analysis: Any) -> Any:
    """``analysis`` as the figures need it, lighter to copy to the worker: without the
    invariance across groups (no figure shows it; its fitted models were half of the copy) and
    without the regressions' per-cluster pieces (``cluster_scores``, kept for the tests of
    coefficients that no figure makes: 80% of the rest). The same figures (tested)."""
    exposure = analysis.exposure
    if exposure is not None:
        scales = {name: _without_cluster_pieces(s) for name, s in exposure.scales.items()}
        exposure = dataclasses.replace(exposure, scales=scales)
    return dataclasses.replace(analysis, invariance={}, exposure=exposure)


def _without_cluster_pieces(scale: Any) -> Any:
    models = {
        f.name: dataclasses.replace(model, cluster_scores=None)
        for f in dataclasses.fields(scale)
        if getattr(model := getattr(scale, f.name), "cluster_scores", None) is not None
    }
    return dataclasses.replace(scale, **models)


#: Figures by their place in the report: ``{i: (name, drawn or None)}``.
Share = dict[int, tuple[str, Any]]


def _draw_in_worker(analysis: Any, lang: str, svg: bool) -> tuple[int, Share]:
    """The worker's share: each figure, in report order, that it claims first on the board;
    and how many figures there are."""
    from trustlab.report.figures import figure_specs, render_figure

    specs = list(figure_specs(analysis, lang=lang).items())
    shared = board()
    if shared is None or len(specs) >= _COUNT:  # not in a worker: every figure
        return len(specs), {i: (n, render_figure(s, svg=svg)) for i, (n, s) in enumerate(specs)}
    with shared.get_lock():
        shared[_COUNT] = len(specs)
    out = {}
    for i, (name, spec) in enumerate(specs):
        with shared.get_lock():
            if shared[i] != _FREE:  # the caller took it, and all after it
                break
            shared[i] = _WORKER
        out[i] = (name, render_figure(spec, svg=svg))
    return len(specs), out


class FigureJob:
    """The figures of one analysis, being drawn (see the module's description)."""

    def __init__(
        self, analysis: Any, lang: str, svg: bool, worker: Worker | None, *, fork: bool = False
    ) -> None:
        self._request = (analysis, lang, svg)
        self._board = worker.board if worker is not None else None
        self._task: Task | None = None
        # large data: drawn in a fork, which sees the analysis without a copy
        self._forked = ForkedTask(draw_figures, self._request, {}) if fork else None
        if worker is not None and self._board is not None:
            with self._board.get_lock():
                self._board[:] = [_FREE] * BOARD_SIZE
            self._task = worker.submit(_draw_in_worker, drawable(analysis), lang, svg)

    @property
    def forked(self) -> bool:
        """Whether a fork draws the figures (large data, on Linux)."""
        return self._forked is not None and self._forked.in_fork

    @property
    def in_worker(self) -> bool:
        """Whether the worker (or a fork) was given the figures (False: the caller draws them
        all)."""
        if self._forked is not None:
            return self._forked.in_fork
        return self._task is not None and self._task.in_worker

    def _to_start(self) -> int | None:
        """Figures nobody has started yet (None while the worker has not counted them: it
        has not started on them)."""
        with self._board.get_lock():  # type: ignore[union-attr]
            count = self._board[_COUNT]  # type: ignore[index]
            if count == 0:
                return None
            return sum(1 for i in range(count) if self._board[i] == _FREE)  # type: ignore[index]

    def result(self) -> Drawn:
        """Every figure as ``{name: (png, svg)}`` in report order (``svg`` None unless asked
        for; figures that cannot be drawn on these data are left out)."""
        if self._forked is not None:  # drawn there, or (it could not) here
            return self._forked.result()
        if not self.in_worker:
            return draw_figures(*self._request)
        left = self._to_start()
        mine = self._help() if left is None or left >= HELP_FROM else {}
        count, theirs = self._task.result()  # type: ignore[union-attr]
        drawn = {**theirs, **mine}
        if len(drawn) < count:  # cannot happen while the board is kept: a last net
            return draw_figures(*self._request)
        return {name: figure for name, figure in (drawn[i] for i in range(count))
                if figure is not None}  # fmt: skip

    def _help(self) -> Share:
        """Draw from the last figure back until one is taken."""
        with paused_gc():  # matplotlib's import: see trustlab.worker.paused_gc
            from trustlab.report.figures import figure_specs, render_figure

        analysis, lang, svg = self._request
        specs = list(figure_specs(analysis, lang=lang).items())
        shared = self._board
        out = {}
        for i in reversed(range(len(specs))):
            with shared.get_lock():  # type: ignore[union-attr]
                if shared[i] != _FREE:  # type: ignore[index]
                    break
                shared[i] = _CALLER  # type: ignore[index]
            name, spec = specs[i]
            out[i] = (name, render_figure(spec, svg=svg))
        return out


class FigureWorker(Worker):
    """A :class:`~trustlab.worker.Worker` that also draws report figures (:meth:`draw`). It
    loads trustlab as soon as it starts, and matplotlib after the first piece of work it is
    given (or when it is asked for figures).

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
        super().__init__(start=start)
        #: Whether a second process helps here (the worker started): for large data, whose
        #: figures a fork draws, the worker itself may be closed early
        self.helps = self.started
        self._warm = not self.started
        if self.started:
            super().submit(preload)  # nobody waits for these

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Task:
        """As :meth:`Worker.submit`; the first call is followed by the worker's warm-up for
        the figures (matplotlib), which thus waits for the work the first process needs."""
        task = super().submit(fn, *args, **kwargs)
        self._warm_up()
        return task

    def _warm_up(self) -> None:
        if not self._warm:
            self._warm = True
            super().submit(warm_up)

    def draw(self, analysis: Any, *, lang: str = "en", svg: bool = False) -> FigureJob:
        """Start drawing the figures of ``analysis`` (in the worker if the data are small);
        ``svg``: an SVG copy of each figure as well."""
        small = analysis.survey.n_respondents <= MAX_RESPONDENTS
        if small:
            self._warm_up()
        # large data: a fork draws them (it sees the analysis; the worker would get a copy)
        fork = not small and self.helps and can_fork()
        return FigureJob(analysis, lang, svg, self if small and self.started else None,
                         fork=fork)  # fmt: skip
