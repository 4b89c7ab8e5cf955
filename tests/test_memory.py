"""keep_freed_memory: glibc keeps freed blocks for the next ones (no page faults for a second
array of the same size); elsewhere nothing changes. Run in a fresh process: the setting is the
process's, and the test session's own allocator stays as it is."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from trustlab import memory

# a second 80 MB array after the first was freed: the pages it touches that were not mapped yet
PROGRAM = """
import resource, sys
import numpy as np
from trustlab.memory import keep_freed_memory
kept = keep_freed_memory() if sys.argv[1] == "keep" else None
a = np.ones(10_000_000)
total = float(a.sum())
del a
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
b = np.ones(10_000_000)
after = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
print(kept, total == float(b.sum()) == 1e7, after - before)
"""


def _run(mode: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROGRAM, mode], capture_output=True,
                          text=True, check=True)  # fmt: skip
    return done.stdout.split()


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="glibc on Linux only",
)
def test_glibc_keeps_the_freed_array_for_the_next_one():
    kept, same, faults = _run("keep")
    assert kept == "True" and same == "True"
    assert int(faults) < 100  # the 20,000 pages of the freed array are used again


RELEASE = """
import os, sys
import numpy as np
from trustlab.memory import keep_freed_memory, release_kept_memory
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
keep_freed_memory()
a = np.ones(10_000_000)
del a
kept = rss()
release_kept_memory()
print(kept - rss())
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="glibc on Linux only",
)
def test_released_memory_goes_back_to_the_system():
    done = subprocess.run([sys.executable, "-c", RELEASE], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert int(done.stdout) > 70_000_000  # the 80 MB array freed and kept, then handed back


BOUND = """
import os
import numpy as np
from trustlab.memory import KEPT_AT_MOST, keep_freed_memory, release_kept_memory
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
keep_freed_memory()
out = []
for size in (30_000_000, 100_000_000):  # 240 MB: kept; 800 MB: more than KEPT_AT_MOST
    a = np.ones(size)
    del a
    kept = rss()
    release_kept_memory(above=KEPT_AT_MOST)
    out.append(kept - rss())
print(*out)
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="glibc on Linux only",
)
def test_a_step_hands_back_only_more_than_the_bound():
    done = subprocess.run([sys.executable, "-c", BOUND], capture_output=True, text=True,
                          check=True)  # fmt: skip
    small, large = map(int, done.stdout.split())
    assert small < 10_000_000 and large > 700_000_000


def test_nothing_changes_without_glibc(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert memory._glibc() is None
    assert memory.keep_freed_memory() is False
    monkeypatch.setattr(sys, "platform", "win32")
    assert memory.keep_freed_memory() is False


def test_without_the_setting_the_numbers_are_the_same():
    kept, same, _ = _run("default")
    assert kept == "None" and same == "True"
