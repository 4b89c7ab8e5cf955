"""The building blocks of the report's content: sections, tables and APA number formats.

Numbers are formatted in APA style (two decimals; no leading zero for values that cannot exceed
1 such as p-values, proportions of variance and reliability coefficients; ``p < .001``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from trustlab.analysis import Analysis

__all__ = ["T", "Section", "Table", "apa", "ci", "p_value", "scale_label"]


@dataclass(frozen=True)
class Table:
    """A formatted table: every cell already a string; ``note`` below it (APA style)."""

    title: str
    frame: pd.DataFrame
    note: str = ""


@dataclass(frozen=True)
class Section:
    """A heading with paragraphs, tables and figures (figure names, see the report's figures)."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)  # (figure name, caption)


def apa(value: float | None, digits: int = 2, *, bounded: bool = False) -> str:
    """APA number: ``digits`` decimals; no leading zero when ``bounded`` (|value| <= 1).

    Examples
    --------
    >>> apa(0.87940), apa(0.87940, bounded=True), apa(-0.2301), apa(float("nan"))
    ('0.88', '.88', '-0.23', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:.{digits}f}"
    if bounded:
        text = text.replace("0.", ".", 1)
    return text


def p_value(p: float | None) -> str:
    """APA p-value: ``< .001`` or three decimals without the leading zero."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "–"
    return "< .001" if p < 0.001 else apa(p, 3, bounded=True)


def ci(low: float, high: float, *, bounded: bool = False, percent: bool = False) -> str:
    """A confidence interval in brackets: ``[.84, .90]`` or, as percentages, ``[65.7, 77.3]``."""
    if percent:
        return f"[{apa(100 * low, 1)}, {apa(100 * high, 1)}]"
    return f"[{apa(low, bounded=bounded)}, {apa(high, bounded=bounded)}]"


T = {
    "nl": {
        "data": "Gegevens", "scales": "Schalen en betrouwbaarheid", "items": "Items van",
        "shares": "Hoge scores", "exposure": "Blootstelling", "tests": "Toetsen",
        "quadrants": "Vertrouwen x wantrouwen", "models": "Modellen",
        "threshold": "De drempel", "warnings": "Waarschuwingen", "methods": "Methode",
        "not_run": "Niet uitgevoerd",
    },
    "en": {
        "data": "Data", "scales": "Scales and reliability", "items": "Items of",
        "shares": "High scores", "exposure": "Exposure", "tests": "Tests",
        "quadrants": "Trust x distrust", "models": "Models", "threshold": "The threshold",
        "warnings": "Warnings", "methods": "Methods", "not_run": "Not run",
    },
}  # fmt: skip


def scale_label(analysis: Analysis, name: str, lang: str) -> str:
    """The scale's label in ``lang``."""
    return analysis.plan.scales[name].label.get(lang)
