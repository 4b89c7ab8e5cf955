"""File names of the report's figures and tables: safe names, never paths.

A scale's name comes from the user's codebook and may hold anything (``x/../../tmp/data``,
``CON``, a thousand characters). Every name that reaches the file system goes through
:func:`safe_name`: ASCII letters, digits, ``_`` and ``-`` only, at most 40 characters, never
empty, never a name Windows reserves; and :func:`scale_slugs` keeps the names of several scales
apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["MAX_NAME", "figure_name", "safe_name", "scale_slugs"]

#: The longest name part trustlab writes (the rest of the file name adds a prefix and suffix).
MAX_NAME = 40
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}  # fmt: skip


def safe_name(text: str, *, fallback: str) -> str:
    """``text`` as a safe file-name part, or ``fallback`` when nothing safe is left.

    Examples
    --------
    >>> safe_name("x/../../../tmp/t/data", fallback="scale1")
    'x_tmp_t_data'
    >>> safe_name("vertrouwen in het netwerk", fallback="scale1")
    'vertrouwen_in_het_netwerk'
    >>> safe_name("../..", fallback="scale1"), safe_name("CON", fallback="scale2")
    ('scale1', 'scale2')
    """
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", ascii_text)
    name = re.sub(r"_+", "_", name).strip("_-")[:MAX_NAME].strip("_-")
    if not name or name.lower() in _RESERVED:
        return fallback
    return name


def scale_slugs(names: Iterable[str]) -> dict[str, str]:
    """A distinct safe name for each scale (``scale1``, ``scale2``, ... where needed)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for i, name in enumerate(names, start=1):
        slug = safe_name(name, fallback=f"scale{i}")
        if slug.lower() in taken:
            slug = f"{slug[: MAX_NAME - 4]}_{i}"
        taken.add(slug.lower())
        out[name] = slug
    return out


def figure_name(kind: str, slug: str | None = None) -> str:
    """The name of a report figure (without extension): ``kind`` or ``kind_slug``."""
    return kind if slug is None else f"{kind}_{slug}"
