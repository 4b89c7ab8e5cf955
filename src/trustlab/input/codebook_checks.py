"""Limits and cross-checks of a codebook, used by :mod:`trustlab.input.codebook_parse`.

The limits are stated in the messages that enforce them and listed with their reasons in
``docs/limits.md``.
"""

from __future__ import annotations

from typing import Any

from trustlab.input.schema import Scale

__all__ = [
    "MAX_CATEGORIES",
    "MAX_ITEMS",
    "MAX_NUMBER",
    "MAX_TEXT",
    "check_item_count",
    "check_not_derived",
    "check_response_range",
    "derived_columns",
]

#: The most answer categories a response scale may have (0..100: a percentage or slider scale).
MAX_CATEGORIES = 101
#: The largest magnitude of a number in a codebook: whole numbers are exact in a 64-bit float
#: (how answers are stored) only up to 2**53, about 9.007e15.
MAX_NUMBER = 10**15
#: The longest text (a name, label or wording) in a codebook, in characters.
MAX_TEXT = 10_000
#: The most items a codebook declares: the most columns trustlab reads from a file.
MAX_ITEMS = 16_384


def derived_columns(scales: dict[str, Scale] | list[str]) -> dict[str, str]:
    """The columns trustlab adds next to the survey's (:func:`trustlab.score_scales` and the
    study frame), each with what it holds."""
    names = {"quadrant": "the quadrant", "meetings_per_year": "meetings per year",
             "log_meetings_per_year": "log meetings per year"}  # fmt: skip
    for scale in scales:
        names |= {scale: f"the score of scale {scale!r}",
                  f"{scale}_n": f"the number of items answered on scale {scale!r}",
                  f"{scale}_sum": f"the sum score of scale {scale!r}",
                  f"{scale}_z": f"the z-score of scale {scale!r}",
                  f"high_{scale}": f"the high flag of scale {scale!r}"}  # fmt: skip
    return names


def check_not_derived(ctx: Any, columns: list[str], scales: dict[str, Scale]) -> None:
    """Refuse a declared column whose name trustlab gives to a column it computes."""
    derived = derived_columns(scales)
    for column in columns:
        if column in derived:
            raise ctx.fail(
                "columns",
                f"the column {column!r} has the name trustlab gives to {derived[column]}; "
                "rename the column (in the file and the codebook) or the scale, so that the "
                "two cannot be confused.",
            )


def check_response_range(ctx: Any, lo: int, hi: int) -> None:
    """Refuse a response scale of more than :data:`MAX_CATEGORIES` answers."""
    if hi - lo + 1 > MAX_CATEGORIES:
        raise ctx.fail(
            "response_scale",
            f"the range {lo}..{hi} has {hi - lo + 1:,} answer categories; trustlab accepts at "
            f"most {MAX_CATEGORIES} (0..100, a percentage or slider scale), because every "
            "category of an item is counted, tabulated and plotted. Declare a wider variable "
            "under covariates (type: numeric) instead.",
        )


def check_item_count(ctx: Any, items: Any) -> None:
    """Refuse a codebook of more items than a data file may have columns."""
    if isinstance(items, list) and len(items) > MAX_ITEMS:
        raise ctx.fail(
            "items",
            f"the codebook declares {len(items):,} items; trustlab reads at most {MAX_ITEMS:,} "
            "columns from a file (the most a spreadsheet holds), so most could never be found.",
        )
