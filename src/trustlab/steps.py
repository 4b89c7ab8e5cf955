"""Running the steps of an analysis: a step that cannot run becomes a notice, never a crash.

:func:`trustlab.analyse` runs dozens of statistics on data it has never seen. Each runs through
:class:`Steps`: a :class:`~trustlab.errors.TrustlabError` (the statistic refuses these data, with
a reason) is recorded as a :class:`Notice` that says what was not computed and why, and every
trustlab warning raised inside a step is recorded too; other warnings pass on as they came.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from trustlab.errors import TrustlabError, TrustlabWarning
from trustlab.progress import Tracker

__all__ = ["Notice", "Steps", "unique_notices"]

T = TypeVar("T")


@dataclass(frozen=True)
class Notice:
    """Something an analysis step said: a warning, or why a statistic was not computed.

    Attributes
    ----------
    step : str
        Where it arose, as trustlab names the step (``"ols trust"``); for ``results.json``
        and debugging, not for readers.
    message : str
        What happened, in words.
    skipped : bool
        True when the statistic was not computed.
    """

    step: str
    message: str
    skipped: bool = False

    def __str__(self) -> str:
        return f"{self.step}: {self.message}"


def unique_notices(notices: list[Notice] | tuple[Notice, ...]) -> list[Notice]:
    """The notices without repeats (the same step and message once)."""
    return list(dict.fromkeys(notices))


class Steps:
    """Runs one step at a time and keeps what each said (:attr:`notices`)."""

    def __init__(self, tracker: Tracker | None = None) -> None:
        self.notices: list[Notice] = []
        self.tracker = tracker

    def note(self, step: str, message: str, *, skipped: bool = False) -> None:
        """Record a notice of the analysis itself (e.g. a subsample it drew)."""
        self.notices.append(Notice(step, message, skipped))

    def run(self, step: str, work: Callable[[], T], *, reraise: bool = False) -> T | None:
        """``work()``, or None when it raises a :class:`TrustlabError` (recorded as a notice;
        with ``reraise`` the error propagates, its warnings recorded first)."""
        if self.tracker is not None:
            self.tracker.step(step)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", TrustlabWarning)
            try:
                result: Any = work()
            except TrustlabError as exc:
                if reraise:
                    raise
                self.note(step, f"not computed: {exc}", skipped=True)
                result = None
            except np.linalg.LinAlgError:  # a last net: say it, never a traceback
                self.note(
                    step,
                    "not computed: the model is singular on these data (too few respondents "
                    "for its number of terms, or terms that duplicate each other).",
                    skipped=True,
                )
                result = None
        for w in caught:
            if issubclass(w.category, TrustlabWarning):
                self.note(step, str(w.message))
            else:  # not ours to keep: pass it on as it came
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        return result
