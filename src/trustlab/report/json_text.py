"""JSON text indented by two spaces, the bytes of ``json.dumps(document, ensure_ascii=False,
indent=2, allow_nan=False)``, made mostly by the standard library's C encoder.

Given ``indent``, Python's :mod:`json` (before 3.13) leaves its C encoder for its pure-Python
one, which visits every number and string as a Python call: 0.08 s for the sample's
``results.json``, 8 s for ten million respondents'. Here only the containers that hold other
containers are walked in Python; a container of plain values (a table's row, a list of
numbers) is written by the C encoder in one call, told to put each item on its own line at
that container's depth, which is exactly what the indented encoder writes for it.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["indented_json"]

_STEP = "  "

_PLAIN = (str, int, float, bool, type(None))


def indented_json(document: Any) -> str:
    """``document`` as ``json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)``
    writes it, to the byte (without a final newline).

    Raises ``ValueError`` for NaN or infinities and ``TypeError`` for what JSON cannot hold,
    as ``json.dumps`` does.

    Examples
    --------
    >>> import json
    >>> doc = {"a": [1, 2.5, None], "b": {"c": "é", "d": []}, "e": [{"f": True}]}
    >>> indented_json(doc) == json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)
    True
    >>> print(indented_json({"x": [1, 2]}))
    {
      "x": [
        1,
        2
      ]
    }
    """
    parts: list[str] = []
    _write(document, 0, parts, {})
    return "".join(parts)


def _encoder(depth: int, encoders: dict[int, json.JSONEncoder]) -> json.JSONEncoder:
    """A one-line encoder whose item separator breaks the line and indents to ``depth``."""
    encoder = encoders.get(depth)
    if encoder is None:
        encoder = encoders[depth] = json.JSONEncoder(
            ensure_ascii=False, allow_nan=False, separators=(",\n" + _STEP * depth, ": ")
        )
    return encoder


def _write(value: Any, depth: int, parts: list[str], encoders: dict) -> None:
    if isinstance(value, dict):
        items = value.items()
        children = value.values()
        opening, closing = "{", "}"
    elif isinstance(value, (list, tuple)):
        items = None
        children = value
        opening, closing = "[", "]"
    else:  # a plain value: the C encoder, as json.dumps would
        parts.append(_encoder(depth, encoders).encode(value))
        return
    if not value:
        parts.append(opening + closing)
        return
    inner = "\n" + _STEP * (depth + 1)
    if all(isinstance(child, _PLAIN) for child in children):
        # "[a,\n<indent>b]" from the C encoder: "[" + "\n<indent>" + "a,...b" + "\n" + "]"
        text = _encoder(depth + 1, encoders).encode(value)
        parts.append(opening + inner + text[1:-1] + "\n" + _STEP * depth + closing)
        return
    parts.append(opening)
    first = True
    if items is None:
        for child in children:
            parts.append(inner if first else "," + inner)
            first = False
            _write(child, depth + 1, parts, encoders)
    else:
        keys = _encoder(depth + 1, encoders)
        for key, child in items:
            parts.append(inner if first else "," + inner)
            first = False
            parts.append(_key(key, keys) + ": ")
            _write(child, depth + 1, parts, encoders)
    parts.append("\n" + _STEP * depth + closing)


def _key(key: Any, encoder: json.JSONEncoder) -> str:
    """A dict key as JSON writes it: text as a string; a number, bool or None as its JSON text
    in quotes (``1.5`` as ``"1.5"``, ``True`` as ``"true"``)."""
    if isinstance(key, str):
        return encoder.encode(key)
    # the one-item dict's encoding carries the key exactly as json converts it
    text = encoder.encode({key: 0})
    return text[1 : text.rindex(": ")]
