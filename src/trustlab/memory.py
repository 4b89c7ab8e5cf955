"""Keep freed memory in the process instead of handing it back to the system (glibc on Linux).

glibc's ``malloc`` serves every block of 32 MB or more (and, by default, every block from
128 kB up) with its own ``mmap`` and unmaps it on ``free``: the next array of the same size is
then mapped anew and each of its pages is zeroed by the kernel on first touch. An analysis of ten
million respondents makes thousands of temporaries of 80 MB (one number per respondent), and
this faulting in of fresh pages cost 60-75 s of system time of its 4 minutes.

:func:`keep_freed_memory` tells glibc (``mallopt``) to serve large blocks from its heap and to
keep what is freed for the next block: the pages are faulted in once. What is kept but cannot
be reused (a free block of the wrong size) would add to the peak memory (6.55 GB instead of 5.39
GB on ten million respondents), so :func:`release_kept_memory` hands it back: at the start of
each step of an analysis when more than :data:`KEPT_AT_MOST` was freed, and all of it once the
analysis is done. ``python -m trustlab analyse`` calls :func:`keep_freed_memory` once at its
start; the library never changes the allocator of a Python session that imports it.
Elsewhere (macOS, Windows, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["KEPT_AT_MOST", "keep_freed_memory", "release_kept_memory"]

# mallopt's parameters (glibc's malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_MAX = -4
#: Free memory at the top of the heap that glibc keeps (bytes): the largest ``int``, 2 GB.
_KEEP = 2**31 - 1
#: Freed memory (bytes) kept across a step of an analysis at most (:func:`release_kept_memory`).
KEPT_AT_MOST = 512 * 2**20
#: glibc, once :func:`keep_freed_memory` has set it to keep freed memory.
_KEPT: list[ctypes.CDLL] = []
#: The least free memory glibc held since the last ``malloc_trim`` (bytes).
_LEAST = [0]


def _glibc() -> ctypes.CDLL | None:
    """The C library of this process if it is glibc (it has ``gnu_get_libc_version``)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018 - glibc only (musl has mallopt without effect)
        return libc
    except (OSError, AttributeError):
        return None


def keep_freed_memory() -> bool:
    """Serve large blocks from glibc's heap and keep freed memory for the next ones; True if
    glibc took both settings, False where there is no glibc (nothing changes then).

    Examples
    --------
    It changes the allocator of the whole process, so it is called in a process of its own:

    >>> import subprocess, sys
    >>> code = "from trustlab.memory import keep_freed_memory; print(keep_freed_memory())"
    >>> run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    >>> run.stdout.strip() in ("True", "False")
    True
    """
    libc = _glibc()
    if libc is None:
        return False
    libc.mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    libc.mallopt.restype = ctypes.c_int
    trim = libc.mallopt(_M_TRIM_THRESHOLD, _KEEP)
    kept = bool(libc.mallopt(_M_MMAP_MAX, 0)) and bool(trim)
    if kept:
        _KEPT[:] = [libc]
    return kept


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]  # fmt: skip


def _free_bytes(libc: ctypes.CDLL) -> int:
    """The bytes glibc holds free (``mallinfo2().fordblks``; glibc 2.33 on), or -1 unknown."""
    try:
        mallinfo2 = libc.mallinfo2
    except AttributeError:
        return -1
    mallinfo2.restype = _MallInfo2
    return int(mallinfo2().fordblks)


def release_kept_memory(above: int = 0) -> None:
    """Hand the freed memory kept since :func:`keep_freed_memory` back to the system
    (``malloc_trim``), if more than ``above`` bytes were freed since glibc held the least free
    memory (or the amount is unknown).

    The steps of an analysis call it with a bound (:data:`KEPT_AT_MOST`): holes that the next
    step cannot fill (a block of another size) then never add up to much more than the bound
    on top of the peak; the command calls it without one once the analysis is done, as the
    report then makes Python objects, which never reuse the heap's large free blocks. Nothing
    if :func:`keep_freed_memory` was not called.

    Examples
    --------
    >>> release_kept_memory()  # in a process that keeps nothing: nothing to do
    """
    for libc in _KEPT:
        free = _free_bytes(libc)
        # what was freed since glibc held the least free memory (the rest was handed back)
        _LEAST[0] = min(_LEAST[0], free)
        if above and free >= 0 and free - _LEAST[0] <= above:
            continue
        libc.malloc_trim(0)
        _LEAST[0] = _free_bytes(libc)
