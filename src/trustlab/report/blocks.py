"""The building blocks of the report's content: sections, tables and APA number formats.

Numbers are formatted in APA style, per language: two decimals; a decimal point in English and
a decimal comma in Dutch; in English no leading zero for values that cannot exceed 1 (p-values,
proportions of variance, reliability coefficients: ``.88``), in Dutch the zero is kept
(``0,88``) except in p-values (``p < ,001``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from trustlab.analysis import Analysis

__all__ = ["T", "Section", "Table", "apa", "ci", "number_label", "p_text", "p_value",
           "scale_label"]  # fmt: skip


@dataclass(frozen=True)
class Table:
    """A formatted table: every cell already a string; ``note`` below it (APA style).

    ``values`` optionally holds the same table with numbers as numbers (for the workbook) and
    ``formats`` their display formats by column (Excel number formats such as ``0.00``).
    """

    title: str
    frame: pd.DataFrame
    note: str = ""
    values: pd.DataFrame | None = None
    formats: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # the contract of every view: text in every cell, a missing one shown as a dash
        # (a missing label in a text column crashed the HTML and Word reports)
        frame = self.frame
        if any(not isinstance(v, str) for v in frame.to_numpy(dtype=object).ravel()):
            cells = frame.astype(object).where(frame.notna(), "–")
            object.__setattr__(self, "frame", cells.map(str))

    def rows(self) -> list[list[str]]:
        """The cells as text, row by row (what every view writes: no view converts them again)."""
        return self.frame.to_numpy(dtype=object).tolist()


@dataclass(frozen=True)
class Section:
    """A heading with paragraphs, tables and figures (figure names, see the report's figures).

    ``summary`` is the plain-words paragraph ("what this means") shown first; ``alts`` says in
    words what each figure shows (the alternative text).
    """

    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)  # (figure name, caption)
    summary: str = ""
    alts: dict[str, str] = field(default_factory=dict)  # figure name -> what it shows


def apa(value: float | None, digits: int = 2, *, bounded: bool = False, lang: str = "en") -> str:
    """APA number: ``digits`` decimals; in English no leading zero when ``bounded``.

    Examples
    --------
    >>> apa(0.87940), apa(0.87940, bounded=True), apa(-0.2301), apa(float("nan"))
    ('0.88', '.88', '-0.23', '–')
    >>> apa(0.87940, bounded=True, lang="nl"), apa(71.94, 1, lang="nl")
    ('0,88', '71,9')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:.{digits}f}"
    if bounded and lang == "en":
        text = text.replace("0.", ".", 1)
    return text.replace(".", ",") if lang == "nl" else text


def p_value(p: float | None, lang: str = "en") -> str:
    """APA p-value: ``< .001`` or three decimals without the leading zero (``,035`` in Dutch).

    Examples
    --------
    >>> p_value(0.0004), p_value(0.0345, "nl"), p_value(3.3e-10, "nl")
    ('< .001', ',035', '< ,001')
    """
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "–"
    sep = "," if lang == "nl" else "."
    if p < 0.001:
        return f"< {sep}001"
    return f"{p:.3f}".replace("0.", sep, 1).replace("1.000", f"1{sep}000")


def p_text(p: float | None, lang: str = "en") -> str:
    """``p = .035`` or ``p < .001`` (in running text).

    Examples
    --------
    >>> p_text(0.0345), p_text(0.00001, "nl")
    ('p = .035', 'p < ,001')
    """
    shown = p_value(p, lang)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"


def ci(
    low: float, high: float, *, bounded: bool = False, percent: bool = False, lang: str = "en"
) -> str:
    """A confidence interval in brackets: ``[.84, .90]`` or, as percentages, ``[65.7, 77.3]``.

    Examples
    --------
    >>> ci(0.841, 0.902, bounded=True), ci(0.657, 0.773, percent=True, lang="nl")
    ('[.84, .90]', '[65,7; 77,3]')
    """
    sep = "; " if lang == "nl" else ", "  # a comma inside the interval would read as a decimal
    if percent:
        return f"[{apa(100 * low, 1, lang=lang)}{sep}{apa(100 * high, 1, lang=lang)}]"
    return f"[{apa(low, bounded=bounded, lang=lang)}{sep}{apa(high, bounded=bounded, lang=lang)}]"


def number_label(kind: str, number: int, lang: str) -> str:
    """``Table 3`` / ``Tabel 3``, ``Figure 2`` / ``Figuur 2``."""
    words = {"table": {"en": "Table", "nl": "Tabel"}, "figure": {"en": "Figure", "nl": "Figuur"}}
    return f"{words[kind][lang]} {number}"


T = {
    "nl": {
        "data": "Gegevens", "scales": "Schalen en betrouwbaarheid", "items": "Items van",
        "shares": "Hoge scores", "exposure": "Blootstelling", "tests": "Toetsen",
        "quadrants": "Vertrouwen x wantrouwen", "models": "Modellen",
        "threshold": "De drempel", "warnings": "Waarschuwingen", "methods": "Methode",
        "not_run": "Niet uitgevoerd", "glossary": "Woordenlijst", "note": "Noot.",
        "report": "trustlab-rapport",
    },
    "en": {
        "data": "Data", "scales": "Scales and reliability", "items": "Items of",
        "shares": "High scores", "exposure": "Exposure", "tests": "Tests",
        "quadrants": "Trust x distrust", "models": "Models", "threshold": "The threshold",
        "warnings": "Warnings", "methods": "Methods", "not_run": "Not run",
        "glossary": "Glossary", "note": "Note.", "report": "trustlab report",
    },
}  # fmt: skip


def scale_label(analysis: Analysis, name: str, lang: str) -> str:
    """The scale's label in ``lang``."""
    return analysis.plan.scales[name].label.get(lang)
