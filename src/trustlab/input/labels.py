"""Matching of text labels and column names as a researcher would expect.

Survey exports are untidy: labels arrive with trailing spaces, no-break spaces from Excel,
different capitals, or composed and decomposed accents. trustlab compares labels after
normalising all of that away, and only that: spelling differences are not forgiven silently.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["normalise_label", "closest"]

_SPACE = re.compile(r"\s+")


def normalise_label(text: object) -> str:
    """Return a comparison key for a label: NFKC, trimmed, inner whitespace collapsed, casefolded.

    NFKC turns the no-break space (U+00A0) and its relatives into a plain space, so a label
    exported by Excel with a trailing no-break space matches the codebook's label.

    Examples
    --------
    >>> normalise_label("  3-4 Keer per\\u00a0jaar\\u00a0")
    '3-4 keer per jaar'
    """
    text = unicodedata.normalize("NFKC", str(text))
    return _SPACE.sub(" ", text).strip().casefold()


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate most similar to ``name`` (ignoring case), or ``None`` if none is close.

    Examples
    --------
    >>> closest("meeting_freq", ["respondent_id", "meeting_frequency", "T1"])
    'meeting_frequency'
    """
    by_key = {normalise_label(c): c for c in candidates}
    match = difflib.get_close_matches(normalise_label(name), list(by_key), n=1, cutoff=0.6)
    return by_key[match[0]] if match else None
