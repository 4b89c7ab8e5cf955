"""A second process for the independent parts of one job, started early and stopped, not
joined, at the end.

``python -m trustlab analyse`` starts one :class:`Worker` before it imports anything heavy, so
that the worker's start-up (pandas, scipy) overlaps the first process's own; there the worker
is a fork of the first process (on Linux; elsewhere, or once numpy or a thread is running, a
fresh interpreter is spawned: see :func:`_can_fork`). The first
process then hands it pieces of work that need nothing from each other: the measurement
invariance across groups while it fits the other models (:func:`trustlab.analyse`'s
``executor``), the report's figures while it writes the other files
(:mod:`trustlab.report.figure_worker`).

A piece of work is a module-level function and its arguments (:meth:`Worker.submit`), sent
without waiting for the worker to read it; :meth:`Task.result` waits for the answer. Whatever
happens to the worker, the answer is the same: if it cannot start, dies or is gone, the function
runs in the calling process instead. The worker holds nothing worth keeping, so :meth:`close`
stops it (a Python process with pandas and matplotlib loaded takes half a second to exit
politely). The two processes share one small :attr:`Worker.board` of integers (shared memory)
on which either can claim a piece of work first.

Only trustlab's own objects pass between trustlab's own processes (pickled); nothing read from a
file is ever unpickled.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import os
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any

from threadpoolctl import threadpool_limits

__all__ = [
    "BOARD_SIZE", "Task", "Worker", "answer_or_call", "one_blas_thread", "paused_gc",
    "worker_helps",
]  # fmt: skip

#: Places on the shared board (:attr:`Worker.board`).
BOARD_SIZE = 256

#: How often (seconds) a wait for the worker checks that it is still alive.
_POLL = 0.05

#: Thread pools of the numerical libraries, one thread each in the worker (unless set): two
#: processes already share the cores, and idle BLAS threads spin.
_ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

#: The worker's shared board, as it received it at start.
_BOARD: list[Any] = []


def _serve(conn: Connection, board: Any, theirs: Connection | None = None) -> None:
    """The worker: run each function it is sent, in order, and send back what it returned or
    raised. ``theirs``: the first process's end of the pipe, closed here at once (a forked
    worker has it too: holding it open, it would never see the first process go)."""
    if theirs is not None:
        theirs.close()
    _BOARD[:] = [board]
    while True:
        try:
            task_id, fn, args, kwargs = conn.recv()
        except (EOFError, OSError):  # the first process is gone or done
            return
        try:
            answer = (task_id, True, fn(*args, **kwargs))
        except Exception as exc:  # sent back, raised again by Task.result
            answer = (task_id, False, exc)
        try:
            conn.send(answer)
        except (EOFError, OSError):
            return
        except Exception as exc:  # an answer that cannot be pickled
            conn.send((task_id, False, RuntimeError(f"{type(exc).__name__}: {exc}")))


def _can_fork() -> bool:
    """Whether the worker can be a fork of this process: on Linux, in a process that has no
    other thread yet and has not loaded numpy (the command, which starts its worker before it
    imports anything heavy). A fork needs no new interpreter, no loading of the first
    process's modules and no resource tracker (a third process that spawn starts): about
    0.2 s of CPU on the sample's report. Anywhere else (a test run, a notebook, macOS,
    Windows) the worker is spawned."""
    return (
        sys.platform.startswith("linux")
        and threading.active_count() == 1
        and "numpy" not in sys.modules
    )


def board() -> Any:
    """The shared board, in the worker (None in a process that is not one)."""
    return _BOARD[0] if _BOARD else None


def worker_helps() -> bool:
    """Whether a second process would shorten the work: the environment variable
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


def one_blas_thread() -> contextlib.AbstractContextManager:
    """One thread in this process's BLAS and OpenMP pools (numpy's and scipy's OpenBLAS), for
    the time the process shares the cores with a worker (as the worker has from its start).

    On the sample, the first process's idle BLAS threads spin while the worker computes:
    0.25 s of CPU, 0.1 s of the command's time. The numbers of data that small are the same
    with one thread or more (tested); large data, whose long sums a thread count can move in
    their last digits, are never shared with a worker."""
    return threadpool_limits(limits=1)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No automatic garbage collection while the block runs (as before it afterwards).

    For the imports of pandas, scipy, matplotlib and trustlab: they make several hundred
    thousand objects that all stay, and the collector, started every 700 new objects, walked
    them 235 times (0.12 s of each process of ``python -m trustlab analyse`` on the sample),
    finding nothing to free.

    Examples
    --------
    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def answer_or_call(
    answer: tuple[bool, Any] | None, call: tuple[Callable[..., Any], tuple, dict]
) -> Any:
    """What a call made in another process gave: its value, or its exception raised here; when
    it could not be made there (``answer`` None), ``call`` (function, args, kwargs) made here.

    Examples
    --------
    >>> answer_or_call((True, 3), (abs, (-4,), {})), answer_or_call(None, (abs, (-4,), {}))
    (3, 4)
    """
    if answer is not None:
        ok, value = answer
        if ok:
            return value
        raise value
    fn, args, kwargs = call
    return fn(*args, **kwargs)


class Task:
    """One function call handed to a :class:`Worker` (or, without one, made by
    :meth:`result`)."""

    def __init__(self, worker: Worker | None, fn: Callable[..., Any], args: tuple,
                 kwargs: dict) -> None:  # fmt: skip
        self._call = (fn, args, kwargs)
        self._worker = worker
        self._id = worker.send(fn, args, kwargs) if worker is not None else None

    @property
    def in_worker(self) -> bool:
        """Whether the worker was given the call (False: :meth:`result` makes it here)."""
        return self._id is not None

    def result(self) -> Any:
        """What the function returned (its exception is raised here, as if called here)."""
        answer = None
        if self._worker is not None and self._id is not None:
            answer = self._worker.receive(self._id)
        return answer_or_call(answer, self._call)  # no worker, or it died: made here


class Worker:
    """One worker process (see the module's description).

    Parameters
    ----------
    start : bool, optional
        Start the process. Default: :func:`worker_helps`.

    Examples
    --------
    >>> from trustlab.worker import Worker
    >>> with Worker(start=False) as worker:  # no process: each call is made by result()
    ...     task = worker.submit(divmod, 17, 5)
    ...     task.in_worker, task.result()
    (False, (3, 2))
    """

    def __init__(self, *, start: bool | None = None) -> None:
        if start is None:
            start = worker_helps()
        self._process: Any = None
        self._conn: Connection | None = None
        self._ids = itertools.count()
        self._answers: dict[int, tuple[bool, Any] | None] = {}
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        #: integers both processes can read and claim (a lock guards them), or None
        self.board: Any = None
        if start:
            forked = _can_fork()
            context = multiprocessing.get_context("fork" if forked else "spawn")
            self.board = context.Array("i", BOARD_SIZE)
            self._conn, child = context.Pipe()
            args = (child, self.board, self._conn if forked else None)
            self._process = context.Process(target=_serve, args=args, daemon=True)
            added = [k for k in _ONE_THREAD if k not in os.environ]
            os.environ.update(dict.fromkeys(added, "1"))  # the worker's environment, not ours:
            try:  # numpy reads it when the worker imports it
                self._process.start()
            finally:
                for key in added:
                    del os.environ[key]
            child.close()
            # one thread writes what is sent, in order: a send never waits for the worker
            threading.Thread(target=self._write, daemon=True).start()

    @property
    def pid(self) -> int | None:
        """The worker's process id, or None without a worker."""
        return self._process.pid if self._process is not None else None

    @property
    def started(self) -> bool:
        """Whether a worker process was started (and not closed)."""
        return self._process is not None

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Task:
        """Hand ``fn(*args, **kwargs)`` to the worker (``fn`` defined at a module's top level);
        :meth:`Task.result` gives what it returned."""
        return Task(self if self.started else None, fn, args, kwargs)

    def send(self, fn: Callable[..., Any], args: tuple, kwargs: dict) -> int | None:
        """Queue one call for the worker; its id, or None when there is no live worker."""
        if self._process is None or not self._process.is_alive():
            return None
        task_id = next(self._ids)
        self._outbox.put((task_id, fn, args, kwargs))
        return task_id

    def _write(self) -> None:
        while (message := self._outbox.get()) is not None:
            try:
                self._conn.send(message)  # type: ignore[union-attr]
            except (OSError, ValueError):  # the worker died: receive() says so
                return
            except Exception:  # cannot be pickled: the caller makes the call itself
                self._answers[message[0]] = None

    def receive(self, task_id: int) -> tuple[bool, Any] | None:
        """The worker's answer to one call as ``(ok, value)``, or None if it could not make it
        (died first, or the call could not be sent)."""
        conn = self._conn
        while task_id not in self._answers:
            if conn is None:
                return None
            try:
                if conn.poll(_POLL):
                    got, ok, value = conn.recv()
                    self._answers[got] = (ok, value)
                    continue
            except (EOFError, OSError):
                return None
            if not self._process.is_alive() and not conn.poll():
                return None
        return self._answers.pop(task_id)

    def close(self) -> None:
        """Stop the worker (see the module's description: it is stopped, not asked to exit)."""
        if self._process is not None:
            self._outbox.put(None)
            if self._process.is_alive():
                self._process.terminate()
            self._process.join(timeout=5)
            with contextlib.suppress(OSError):
                self._conn.close()  # type: ignore[union-attr]
            self._process = None
            self._conn = None
            self.board = None  # its lock's semaphore is released with the last reference

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
