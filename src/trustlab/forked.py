"""One piece of work in a fork of this process: for data too large to send to another one.

``python -m trustlab analyse`` on millions of respondents fits the exposure models in its own
process while a fork of it analyses everything else: the scales, the dimensions, the clusters,
the groups and the quality report (:func:`trustlab.analyse` with a :class:`ForkExecutor`); for
the report, one fork draws the figures and another makes the tables while the command writes
the rest (:mod:`trustlab.report.figure_worker`, :func:`trustlab.report.files.write_files`).
A fork sees this process's memory as it was when it was made: the operating system copies a
page only when one of the two writes to it, so the survey (gigabytes at ten million
respondents) costs the fork nothing to receive, where the worker of :mod:`trustlab.worker`
would be sent a pickled copy. The fork makes one call, sends back what it returned (pickled
into a pipe, unpickled from it as it comes) and exits.

Whatever happens to the fork, the answer is the same: if it cannot be made (not Linux), dies
(killed for its memory) or its answer cannot be pickled, :meth:`ForkedTask.result` makes the
call in this process instead.

Only trustlab's own objects pass between the two processes; nothing read from a file is ever
unpickled.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import warnings
from collections.abc import Callable
from typing import Any

from trustlab.worker import answer_or_call

__all__ = ["ForkExecutor", "ForkedTask", "can_fork", "room_for_fork"]

#: Bytes buffered at each end of the fork's pipe.
_CHUNK = 1 << 20

#: Memory the command and a fork analysing a survey need together, in multiples of the survey's
#: data in memory: at ten million respondents (1.38 GB of data) one process alone peaks at
#: 5.1 GB (3.7 times), the two together at 6.0-6.1 GB (up to 4.5 times; measured as the sum of
#: both processes' proportional memory every half second). A fork is made only with this much
#: available: on a machine with less, the analysis takes longer in one process, not to swap.
FORK_MEMORY = 5.0


def can_fork() -> bool:
    """Whether a piece of work can go to a fork of this process: on Linux only (macOS's system
    libraries are not safe to use in a fork of a process that has used them; Windows has no
    fork)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def available_memory() -> int | None:
    """Bytes of memory the system can give without swapping (``MemAvailable`` of Linux's
    ``/proc/meminfo``), or None where that is not known."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def room_for_fork(data_bytes: int) -> bool:
    """Whether a fork can analyse data taking ``data_bytes`` in memory beside this process:
    Linux (:func:`can_fork`), and :data:`FORK_MEMORY` times that much memory available (the
    two processes share the data; what each computes is its own). Without that room the
    work is better done one step after the other than swapped.

    Examples
    --------
    >>> from trustlab.forked import room_for_fork
    >>> room_for_fork(10**15)  # a petabyte of data: no machine has five times that free
    False
    """
    free = available_memory()
    return can_fork() and free is not None and free >= FORK_MEMORY * data_bytes


class ForkedTask:
    """One call made in a fork of this process (see the module's description).

    Examples
    --------
    >>> from trustlab.forked import ForkedTask
    >>> task = ForkedTask(divmod, (17, 5), {})
    >>> task.result()
    (3, 2)
    """

    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        self._call = (fn, args, kwargs)
        self._pid: int | None = None
        self._fd: int | None = None
        if can_fork():
            self._start()

    @property
    def in_fork(self) -> bool:
        """Whether a fork is making the call (False: :meth:`result` makes it here)."""
        return self._pid is not None

    def _start(self) -> None:
        for stream in (sys.stdout, sys.stderr):  # nothing buffered here is written twice
            with contextlib.suppress(Exception):
                stream.flush()
        read, write = os.pipe()
        with warnings.catch_warnings():
            # Python 3.12 warns of a fork of a process with threads: the fork runs numpy,
            # pandas and scipy only, whose thread pools (OpenBLAS) are made anew in a fork
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the fork (coverage does not follow it)
            os.close(read)
            _serve_once(write, *self._call)
        os.close(write)
        self._pid, self._fd = pid, read

    def result(self) -> Any:
        """What the function returned (its exception is raised here, as if called here)."""
        answer = self._collect() if self._pid is not None else None
        return answer_or_call(answer, self._call)  # no fork, or it died: made here

    def _collect(self) -> tuple[bool, Any] | None:
        # unpickled as it comes (never the whole answer as bytes as well: hundreds of MB for
        # the clusters of millions of respondents)
        answer = None
        try:
            pipe = os.fdopen(self._fd, "rb", buffering=_CHUNK, closefd=False)  # type: ignore[arg-type]
            with pipe:
                answer = pickle.load(pipe)
        except Exception:  # the fork died mid-way: a cut-off pickle fails in many ways
            answer = None
        finally:
            self._reap()
        return answer if self._status == 0 else None

    def _reap(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._pid is not None:
            _, status = os.waitpid(self._pid, 0)
            self._status = os.waitstatus_to_exitcode(status)
            self._pid = None

    def cancel(self) -> None:
        """Stop the fork, if it is still at work (when this process gives up the job)."""
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._reap()


def _serve_once(write: int, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    """In the fork: make the call, write the answer, exit (never return into the caller's
    code; no exit handler of the first process runs here)."""
    code = 1
    try:
        try:
            answer = (True, fn(*args, **kwargs))
        except Exception as exc:  # sent back, raised again by ForkedTask.result
            answer = (False, exc)
        with os.fdopen(write, "wb", buffering=_CHUNK) as pipe:  # pickled as it is written
            pickle.dump(answer, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    except BaseException:  # an interrupt, an answer that cannot be pickled: result() makes it
        pass
    finally:
        os._exit(code)


class ForkExecutor:
    """An executor for :func:`trustlab.analyse` whose work runs in a fork of this process.

    :func:`trustlab.analyse` gives it everything but the exposure models
    (:func:`trustlab.besides_exposure.besides_exposure`) while it fits those itself.

    Examples
    --------
    >>> from trustlab.forked import ForkExecutor
    >>> ForkExecutor().submit(pow, 2, 10).result()
    1024
    """

    #: The work sees this process's memory: send it anything, however large.
    forks = True

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> ForkedTask:
        """Start ``fn(*args, **kwargs)`` in a fork; :meth:`ForkedTask.result` gives what it
        returned."""
        return ForkedTask(fn, args, kwargs)
