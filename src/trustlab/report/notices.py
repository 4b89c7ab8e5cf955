"""The analysis' warnings in the reader's language, once each, without internal names.

The statistics word their warnings in English, with the step's internal name beside them
(:class:`trustlab.steps.Notice`, kept as it is in ``results.json``). The report and the
terminal show each distinct warning once, translated here by its pattern; a warning without a
known pattern is shown as the statistics worded it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from trustlab.messages import check_lang

__all__ = ["PATTERNS", "notice_text", "notice_texts", "problem_text"]

#: (pattern of the English message, its Dutch words); fields are the pattern's named groups.
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?P<low>\d+) of (?P<size>\d+) expected counts are below 5, so the chi-square "
                r"approximation may be poor; the Monte Carlo p-value \((?P<n>\d+) tables\) is "
                r"the one to report\."),
     "{low} van de {size} verwachte aantallen zijn kleiner dan 5, dus de chikwadraatbenadering "
     "kan slecht zijn; de Monte-Carlo-p-waarde ({n} tabellen) is de waarde om te rapporteren."),
    (re.compile(r"Only (?P<n>\d+) clusters: cluster-robust SEs are unreliable with fewer than "
                r"(?P<min>\d+)\."),
     "Slechts {n} clusters: geclusterde standaardfouten zijn onbetrouwbaar met minder dan "
     "{min}."),
    (re.compile(r"Only (?P<n>\d+) groups: the between-group variance is poorly estimated\."),
     "Slechts {n} groepen: de variantie tussen groepen is slecht geschat."),
    (re.compile(r"The logistic regression did not converge in (?P<n>\d+) iterations\."),
     "De logistische regressie convergeerde niet in {n} iteraties."),
    (re.compile(r"The proportional-odds model did not converge; the estimates may be off\."),
     "Het proportionele-oddsmodel convergeerde niet; de schattingen kunnen afwijken."),
    (re.compile(r"Empty categories left out of the chi-square test: (?P<list>.+)\."),
     "Lege categorieën weggelaten uit de chikwadraattoets: {list}."),
    (re.compile(r"The variance between '(?P<g>[^']+)' groups is estimated as 0 \(a singular "
                r"fit\): the random intercept adds nothing; the fixed effects equal OLS\."),
     "De variantie tussen de groepen is op 0 geschat (een singuliere fit): het willekeurige "
     "intercept voegt niets toe; de vaste effecten zijn gelijk aan OLS."),
    (re.compile(r"Separation: the outcome is \(almost\) perfectly predicted for (?P<list>.+?); "
                r"their estimates and SEs are not finite.*"),
     "Separatie: de uitkomst wordt (bijna) perfect voorspeld voor {list}; hun schattingen en "
     "standaardfouten zijn niet eindig. Voeg de categorie samen met een buur of gebruik een "
     "gepenaliseerd (Firth-)model."),
]  # fmt: skip


def notice_text(message: str, lang: str) -> str:
    """``message`` (as the statistics worded it) in ``lang``.

    Examples
    --------
    >>> notice_text("Only 15 groups: the between-group variance is poorly estimated.", "nl")
    'Slechts 15 groepen: de variantie tussen groepen is slecht geschat.'
    """
    if check_lang(lang) == "en":
        return message
    for pattern, dutch in PATTERNS:
        found = pattern.fullmatch(message.strip())
        if found:
            return dutch.format(**found.groupdict())
    return message


def notice_texts(messages: Iterable[str], lang: str) -> list[str]:
    """Every distinct message once, in ``lang`` (in the order they first came)."""
    return list(dict.fromkeys(notice_text(m, lang) for m in messages))


#: Problems found in a data file (:mod:`trustlab.input.parse`): (pattern, Dutch words).
PROBLEMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?P<n>\d+) missing answer\(s\) \((?P<list>.+)\)\."),
     "{n} ontbrekende antwoorden ({list})."),
    (re.compile(r"(?P<n>\d+) respondent\(s\) without a value for (?P<col>.+)\."),
     "{n} respondent(en) zonder waarde voor {col}."),
    (re.compile(r"(?P<n>\d+) respondent\(s\) without an? (?P<col>.+): (?P<cells>.+)\."),
     "{n} respondent(en) zonder {col}: {cells}."),
    (re.compile(r"(?P<n>\d+) empty row\(s\) skipped: (?P<cells>.+)\."),
     "{n} lege rij(en) overgeslagen: {cells}."),
    (re.compile(r"(?P<n>\d+) column\(s\) not in the codebook, carried along unchanged: "
                r"(?P<list>.+)\."),
     "{n} kolom(men) niet in het codeboek, ongewijzigd meegenomen: {list}."),
    (re.compile(r"column (?P<col>'.+?'): (?P<n>\d+) text where a number was expected: "
                r"(?P<cells>.+)\. Expected (?P<expected>.+)\.", re.DOTALL),
     "kolom {col}: {n} tekst(en) waar een getal verwacht werd: {cells}. Verwacht: {expected}."),
    (re.compile(r"column (?P<col>'.+?'): (?P<n>\d+) value\(s\) outside the response range "
                r"(?P<range>\S+): (?P<cells>.+)\. Expected (?P<expected>.+)\.", re.DOTALL),
     "kolom {col}: {n} waarde(n) buiten het antwoordbereik {range}: {cells}. Verwacht: "
     "{expected}."),
    (re.compile(r"column (?P<col>'.+?'): (?P<n>\d+) value\(s\) outside the allowed range: "
                r"(?P<cells>.+)\. Expected (?P<expected>.+)\.", re.DOTALL),
     "kolom {col}: {n} waarde(n) buiten het toegelaten bereik: {cells}. Verwacht: {expected}."),
    (re.compile(r"column (?P<col>'.+?'): (?P<n>\d+) unknown category label\(s\): "
                r"(?P<cells>.+)\. Expected (?P<expected>.+)\.", re.DOTALL),
     "kolom {col}: {n} onbekende categorie(ën): {cells}. Verwacht: {expected}."),
]  # fmt: skip

#: Phrases inside a problem's fields (cells, what was expected), English -> Dutch.
_PHRASES = [
    (re.compile(r"\brow (\d+)"), r"rij \1"),
    (re.compile(r" and (\d+) more\b"), r" en nog \1"),
    (re.compile(r"\ba whole number from (\S+) to (\S+)"), r"een geheel getal van \1 tot \2"),
    (re.compile(r"\ba number from (\S+) to (\S+)"), r"een getal van \1 tot \2"),
    (re.compile(r"\ba number of at least (\S+)"), r"een getal van minstens \1"),
    (re.compile(r"\ba number of at most (\S+)"), r"een getal van hoogstens \1"),
    (re.compile(r"\ba number\b"), "een getal"),
    (re.compile(r", or a missing code \("), ", of een code voor ontbrekend ("),
    (re.compile(r"\bone of "), "een van "),
    (re.compile(r" \(or the code "), " (of de code "),
]


def _dutch_phrases(text: str) -> str:
    for pattern, dutch in _PHRASES:
        text = pattern.sub(dutch, text)
    return text


def problem_text(problem: object, lang: str) -> str:
    """A problem found in the data file (:class:`trustlab.input.parse.Problem`) in ``lang``.

    Examples
    --------
    >>> problem_text("column 'T1': 2 value(s) outside the response range 1..5: row 2 ('6'), "
    ...              "row 3 ('7'). Expected a whole number from 1 to 5.", "nl")
    "kolom 'T1': 2 waarde(n) buiten het antwoordbereik 1..5: rij 2 ('6'), rij 3 ('7'). Verwacht: een geheel getal van 1 tot 5."
    """  # noqa: E501
    message = str(getattr(problem, "message", problem))
    if check_lang(lang) == "en":
        return message
    for pattern, dutch in PROBLEMS:
        found = pattern.fullmatch(message.strip())
        if found:
            fields = {k: _dutch_phrases(v) for k, v in found.groupdict().items()}
            return dutch.format(**fields)
    return notice_text(message, lang)
