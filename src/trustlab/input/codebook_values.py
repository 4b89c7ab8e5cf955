"""Reading single values of a codebook: texts, numbers, flags, lists and mappings checked
against the keys :mod:`trustlab.input.codebook_keys` declares, each failure a
:class:`~trustlab.errors.CodebookError` naming the file and the key path."""

from __future__ import annotations

import math
from typing import Any

from trustlab.errors import CodebookError, brief, digits
from trustlab.input.codebook_checks import MAX_NUMBER, MAX_TEXT
from trustlab.input.codebook_keys import SECTIONS
from trustlab.input.labels import closest
from trustlab.input.schema import Text

__all__ = [
    "Context",
    "as_bool",
    "as_list",
    "as_number",
    "as_str",
    "as_text",
    "check_section",
    "check_unique",
    "kind_of",
]


class Context:
    """Where we are in the codebook, for messages."""

    def __init__(self, source: str | None) -> None:
        self.source = source or "codebook"

    def fail(self, key: str, message: str) -> CodebookError:
        return CodebookError(f"{self.source}: {key}: {message}", file=self.source, column=key)

    def keys(self, data: Any, key: str, allowed: set[str], required: set[str] = frozenset()):
        if not isinstance(data, dict):
            raise self.fail(key, f"expected a mapping (key: value lines), got {kind_of(data)}.")
        for name in data:
            if name not in allowed:
                hint = closest(str(name)[:MAX_TEXT], allowed)
                tip = f" Did you mean {hint!r}?" if hint else ""
                shown = brief(name, quote=False) if isinstance(name, str) else brief(name)
                where = f"{key}.{shown}" if key else shown
                raise self.fail(
                    where,
                    f"unknown key {brief(name)}.{tip} Allowed here: {', '.join(sorted(allowed))}.",
                )
        for name in sorted(required):
            if name not in data or data[name] is None:
                raise self.fail(f"{key}.{name}" if key else name, "this key is required.")
        return data


def check_section(ctx: Context, data: Any, key: str, section: str) -> None:
    """Check ``data`` against the keys :data:`~trustlab.input.codebook_keys.SECTIONS` declares."""
    declared = SECTIONS[section]
    ctx.keys(data, key, declared.allowed, declared.required)


def kind_of(value: Any) -> str:
    return "nothing" if value is None else f"a {type(value).__name__} ({brief(value)})"


def as_str(ctx: Context, value: Any, key: str) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise ctx.fail(key, f"expected a text, got {kind_of(value)}.")
    if isinstance(value, int) and abs(value) > MAX_NUMBER:
        raise ctx.fail(key, f"expected a text, got a {digits(value):,}-digit number.")
    text = str(value).strip()
    if not text:
        raise ctx.fail(key, "expected a text, got an empty one.")
    if len(text) > MAX_TEXT:
        raise ctx.fail(
            key,
            f"the text has {len(text):,} characters; trustlab accepts at most {MAX_TEXT:,} "
            f"(a name, label or question wording is far shorter): {brief(text)}.",
        )
    return text


def as_text(ctx: Context, value: Any, key: str, default: str = "") -> Text:
    if value is None:
        return Text(default, default)
    if isinstance(value, dict):
        ctx.keys(value, key, {"nl", "en"})
        nl = as_str(ctx, value["nl"], f"{key}.nl") if "nl" in value else ""
        en = as_str(ctx, value["en"], f"{key}.en") if "en" in value else ""
        return Text(nl or en or default, en or nl or default)
    text = as_str(ctx, value, key)
    return Text(text, text)


def as_number(ctx: Context, value: Any, key: str, *, integer: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        expected = "a whole number" if integer else "a number"
        raise ctx.fail(key, f"expected {expected}, got {kind_of(value)}.")
    if isinstance(value, int) and abs(value) > MAX_NUMBER:  # before float(): 10**400 overflows
        raise ctx.fail(key, f"expected a number between -10^15 and 10^15, got {brief(value)}.")
    if not math.isfinite(value) or (integer and value != int(value)):
        raise ctx.fail(
            key, f"expected {'a whole' if integer else 'a finite'} number, got {value!r}."
        )
    if abs(value) > MAX_NUMBER:
        raise ctx.fail(
            key,
            f"expected a number between -10^15 and 10^15, got {value!r}; whole numbers beyond "
            "that are not exact in the 64-bit floating point in which answers are stored.",
        )
    return int(value) if integer else float(value)


def as_bool(ctx: Context, value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise ctx.fail(key, f"expected true or false, got {kind_of(value)}.")
    return value


def as_list(ctx: Context, value: Any, key: str) -> list:
    if not isinstance(value, list):
        raise ctx.fail(key, f"expected a list, got {kind_of(value)}.")
    return value


def check_unique(ctx: Context, names: list[str], key: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ctx.fail(key, f"{name!r} is declared twice.")
        seen.add(name)
