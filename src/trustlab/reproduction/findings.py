"""The published findings F1-F9 as reproduction targets: wording, number and rounding band.

Each share is published as words ("almost 72%", "one in four"); the band is the set of values
that wording and its rounding allow (see :data:`RULE`). Used by
:mod:`trustlab.reproduction.reproduce`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["RULE", "RULE_NL", "TARGETS", "Target", "fmt"]

#: The rule for "consistent", in English (also in :func:`trustlab.reproduce`'s docstring).
RULE = (
    "A share is consistent with the published figure when the share in the data lies inside the "
    "band that the published wording and rounding allow: '43%' = [42.5, 43.5), 'almost 72%' = "
    "[70.5, 72.0), 'one in four' = [22.5, 27.5], 'well over 30%' = (30, 35]; F7 (not published) "
    "= 100% minus F4-F6 = (9, 16). F1: exactly 231 respondents. F8: the share with high trust "
    "rises significantly from '1-2' to '3-4' (adjacent contrast, Holm p < 0.05; with a cluster "
    "from CR2 cluster-robust SEs with Satterthwaite df, safe with few clusters), does not drop "
    "significantly after, and is above 50% from '3-4' on. F9: trust and distrust correlate "
    "negatively (95% CI below 0) and two factors fit better than one (chi-square difference, "
    "p < 0.05). The 95% CI is shown beside each share; 'within sampling error' says whether it "
    "reaches the band."
)
RULE_NL = (
    "Een aandeel is in overeenstemming met het gepubliceerde cijfer als het aandeel in de "
    "gegevens binnen de marge ligt die de gepubliceerde formulering en afronding toelaten: '43%' "
    "= [42,5; 43,5), 'bijna 72%' = [70,5; 72,0), 'één op vier' = [22,5; 27,5], 'ruim 30%' = "
    "(30; 35]; F7 (niet gepubliceerd) = 100% min F4-F6 = (9; 16). F1: precies 231 respondenten. "
    "F8: het aandeel met hoog vertrouwen stijgt significant van '1-2' naar '3-4' (aangrenzend "
    "contrast, Holm p < 0,05; met clusters uit CR2-clusterrobuuste SE's met Satterthwaite-"
    "vrijheidsgraden, betrouwbaar bij weinig clusters), daalt daarna niet significant en ligt "
    "vanaf '3-4' boven 50%. F9: "
    "vertrouwen en wantrouwen correleren negatief (95%-BI onder 0) en twee factoren passen beter "
    "dan één (chikwadraatverschil, p < 0,05). Het 95%-BI staat naast elk aandeel; 'binnen de "
    "steekproeffout' zegt of het de marge raakt."
)


@dataclass(frozen=True)
class Target:
    """One published finding as a reproduction target.

    Attributes
    ----------
    finding : str
        ``"F1"`` ... ``"F9"``.
    en, nl : str
        What the finding is about, in English and Dutch.
    published_en, published_nl : str
        The published figure as worded.
    value : float
        The published number (NaN when the finding has none).
    low, high : float
        The band the wording and rounding allow (NaN: no band).
    low_closed, high_closed : bool
        Whether the band includes its ends.
    unit : str
        ``"%"``, ``"respondents"``, ``"pp"`` (percentage points) or ``"r"``.
    assumption : bool
        The finding rests on an assumption of trustlab's (F7).
    """

    finding: str
    en: str
    nl: str
    published_en: str
    published_nl: str
    value: float = math.nan
    low: float = math.nan
    high: float = math.nan
    low_closed: bool = True
    high_closed: bool = False
    unit: str = "%"
    assumption: bool = False

    def band(self) -> str:
        """The band as an interval, e.g. ``"[42.5, 43.5)"`` (empty when there is none)."""
        if math.isnan(self.low):
            return ""
        if self.low == self.high:
            return f"{self.low:g}"
        left, right = "[" if self.low_closed else "(", "]" if self.high_closed else ")"
        return f"{left}{self.low:g}, {self.high:g}{right}"

    def inside(self, x: float) -> bool:
        """Whether ``x`` lies in the band."""
        above = x >= self.low if self.low_closed else x > self.low
        below = x <= self.high if self.high_closed else x < self.high
        return bool(above and below)

    def outside_by(self, x: float) -> float:
        """Signed distance from the band: positive above it, negative below, 0 inside."""
        if self.inside(x):
            return 0.0
        return x - self.high if x >= self.high else x - self.low

    def overlaps(self, lo: float, hi: float) -> bool:
        """Whether the interval ``[lo, hi]`` reaches the band."""
        return bool(self.inside(lo) or self.inside(hi) or (lo <= self.low and hi >= self.high))


TARGETS = {
    "F1": Target(
        "F1", "respondents (network actors)", "respondenten (netwerkactoren)",
        "231 network actors", "231 netwerkactoren", 231, 231, 231, True, True, "respondents",
    ),
    "F2": Target(
        "F2", "high trust in the network approach", "hoog vertrouwen in de netwerkaanpak",
        "almost 72%", "bijna 72%", 72, 70.5, 72.0,
    ),
    "F3": Target(
        "F3", "high distrust (vigilant, expects a negative outcome)",
        "hoog wantrouwen (waakzaam, verwacht een negatieve uitkomst)",
        "one in four", "één op vier", 25, 22.5, 27.5, True, True,
    ),
    "F4": Target(
        "F4", "meets 3-4 times a year (the largest group)",
        "vergadert 3-4 keer per jaar (de grootste groep)", "43%", "43%", 43, 42.5, 43.5,
    ),
    "F5": Target(
        "F5", "meets more than 4 times a year", "vergadert meer dan 4 keer per jaar",
        "12%", "12%", 12, 11.5, 12.5,
    ),
    "F6": Target(
        "F6", "meets only 1-2 times a year", "vergadert slechts 1-2 keer per jaar",
        "well over 30%", "ruim 30%", 30, 30.0, 35.0, False, True,
    ),
    "F7": Target(
        "F7", "remainder: fewer than once a year (ASSUMED category)",
        "rest: minder dan 1 keer per jaar (VERONDERSTELDE categorie)",
        "not stated (about 14%)", "niet vermeld (ongeveer 14%)",
        14, 9.0, 16.0, False, False, "%", True,
    ),
    "F8": Target(
        "F8", "high trust from 3-4 meetings a year on",
        "hoog vertrouwen vanaf 3-4 vergaderingen per jaar",
        "from 3-4 meetings a year on, trust is high",
        "vanaf 3-4 vergaderingen per jaar is het vertrouwen hoog", unit="pp",
    ),
    "F9": Target(
        "F9", "trust and distrust are separate dimensions",
        "vertrouwen en wantrouwen zijn aparte dimensies",
        "two correlated but distinct dimensions", "twee samenhangende maar aparte dimensies",
        unit="r",
    ),
}  # fmt: skip


def fmt(x: float, unit: str, lang: str = "en", *, signed: bool = False, short: bool = False) -> str:
    """A number for display, with its unit; Dutch uses a decimal comma.

    ``short``: percentage points as "pp" in Dutch too (for tables).

    Examples
    --------
    >>> fmt(71.86, "%"), fmt(71.86, "%", "nl"), fmt(40.0, "pp", signed=True)
    ('71.9%', '71,9%', '+40.0 pp')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    sign = "+" if signed else ""
    if unit == "respondents":
        text = f"{x:{sign}.0f}"
    elif unit == "r":
        text = f"{x:{sign}.2f}"
    else:
        suffix = "%" if unit == "%" else (" pp" if lang == "en" or short else " procentpunt")
        text = f"{x:{sign}.1f}{suffix}"
    return text.replace(".", ",") if lang == "nl" else text
