"""Keep freed memory in the process instead of handing it back to the system (glibc on Linux).

glibc's ``malloc`` serves every block of 32 MB or more (and, by default, every block from
128 kB up) with its own ``mmap`` and unmaps it on ``free``: the next array of the same size is
then mapped anew and each of its pages is zeroed by the kernel on first touch. An analysis of ten
million respondents makes thousands of temporaries of 80 MB (one number per respondent), and
this faulting in of fresh pages cost 60-75 s of system time of its 4 minutes.

:func:`keep_freed_memory` tells glibc (``mallopt``) to serve large blocks from its heap and to
keep what is freed for the next block: the pages are faulted in once. The peak memory is what
the analysis holds at its largest, as before (plus what fragmentation of the heap adds; measured
on ten million respondents, see the README). ``python -m trustlab analyse`` calls it once at its
start; the library never changes the allocator of a Python session that imports it.
Elsewhere (macOS, Windows, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["keep_freed_memory", "release_kept_memory"]

# mallopt's parameters (glibc's malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_MAX = -4
#: Free memory at the top of the heap that glibc keeps (bytes): the largest ``int``, 2 GB.
_KEEP = 2**31 - 1
#: glibc, once :func:`keep_freed_memory` has set it to keep freed memory.
_KEPT: list[ctypes.CDLL] = []


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


def release_kept_memory() -> None:
    """Hand the freed memory kept since :func:`keep_freed_memory` back to the system
    (``malloc_trim``): once the analysis is done, as the report then makes Python objects,
    which never reuse the heap's large free blocks (kept, they would add to the peak). Nothing
    if :func:`keep_freed_memory` was not called.

    Examples
    --------
    >>> release_kept_memory()  # in a process that keeps nothing: nothing to do
    """
    for libc in _KEPT:
        libc.malloc_trim(0)
