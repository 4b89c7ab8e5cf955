"""Titles and alternative texts of the report's figures, in Dutch and English.

The caption is the figure's title under its number (APA 7); the alternative text says what the
figure shows for a reader who cannot see it (HTML ``alt``, Word's description).
"""

from __future__ import annotations

from trustlab.messages import check_lang

__all__ = ["ALT", "CAPTIONS", "alt_text", "caption"]

CAPTIONS: dict[str, dict[str, str]] = {
    "likert": {"en": "Answers per Item", "nl": "Antwoorden per item"},
    "item_correlations": {"en": "Correlations Between the Items",
                          "nl": "Correlaties tussen de items"},
    "dimensions": {"en": "Trust and Distrust per Respondent",
                   "nl": "Vertrouwen en wantrouwen per respondent"},
    # more respondents than the scatter draws (trustlab.scales.MAX_POINTS)
    "dimensions_sample": {"en": "Trust and Distrust per Respondent: a Random Sample of {shown} "
                                "of {n}",
                          "nl": "Vertrouwen en wantrouwen per respondent: een willekeurige "
                                "steekproef van {shown} van {n}"},
    "exposure": {"en": "Respondents per Category of {exposure}",
                 "nl": "Respondenten per categorie van {exposure}"},
    "means_by_exposure": {"en": "Mean Scale Scores per Category of {exposure}",
                          "nl": "Gemiddelde schaalscores per categorie van {exposure}"},
    "high_by_exposure": {"en": "Share With High {x} per Category of {exposure}",
                         "nl": "Aandeel met hoog {x} per categorie van {exposure}"},
    "coefficients": {"en": "Model Estimates for {x}", "nl": "Modelschattingen voor {x}"},
    "predicted_high": {"en": "Predicted Probability of High {x}",
                       "nl": "Voorspelde kans op hoog {x}"},
}  # fmt: skip

ALT: dict[str, dict[str, str]] = {
    "likert": {
        "en": "Stacked horizontal bars, one per item: the percentage of each answer, disagreeing "
              "answers to the left of the middle and agreeing ones to the right.",
        "nl": "Gestapelde horizontale balken, één per item: het percentage van elk antwoord, "
              "oneens links van het midden en eens rechts ervan."},
    "item_correlations": {
        "en": "A triangle of coloured cells: the correlation of every pair of items, blue for "
              "positive and red for negative, with the value in each cell.",
        "nl": "Een driehoek van gekleurde cellen: de correlatie van elk paar items, blauw voor "
              "positief en rood voor negatief, met de waarde in elke cel."},
    "dimensions": {
        "en": "A scatter plot of the trust score against the distrust score, one point per "
              "respondent, with the high cut-offs as lines and the count in each quadrant.",
        "nl": "Een spreidingsdiagram van de vertrouwensscore tegen de wantrouwenscore, één punt "
              "per respondent, met de grenzen voor hoog als lijnen en het aantal per kwadrant."},
    "exposure": {
        "en": "Bars: the percentage of respondents in each category of {exposure}, with 95% "
              "confidence intervals.",
        "nl": "Staven: het percentage respondenten in elke categorie van {exposure}, met 95%-"
              "betrouwbaarheidsintervallen."},
    "means_by_exposure": {
        "en": "Lines: the mean score of each scale per category of {exposure}, with 95% "
              "confidence intervals.",
        "nl": "Lijnen: de gemiddelde score van elke schaal per categorie van {exposure}, met 95%-"
              "betrouwbaarheidsintervallen."},
    "high_by_exposure": {
        "en": "Bars: the percentage with high {x} per category of {exposure}, with 95% "
              "confidence intervals and the 50% line.",
        "nl": "Staven: het percentage met hoog {x} per categorie van {exposure}, met 95%-"
              "betrouwbaarheidsintervallen en de lijn van 50%."},
    "coefficients": {
        "en": "Points with horizontal lines: each model term's estimate for {x} with its 95% "
              "confidence interval, against a vertical line at zero.",
        "nl": "Punten met horizontale lijnen: de schatting van elke modelterm voor {x} met het "
              "95%-betrouwbaarheidsinterval, tegenover een verticale lijn bij nul."},
    "predicted_high": {
        "en": "Points with intervals: the predicted probability of high {x} per category of "
              "{exposure}, from the logistic regression.",
        "nl": "Punten met intervallen: de voorspelde kans op hoog {x} per categorie van "
              "{exposure}, uit de logistische regressie."},
}  # fmt: skip


def caption(kind: str, lang: str, **fields: str) -> str:
    """The title of a figure of ``kind`` (``high_by_exposure``) in ``lang``.

    Examples
    --------
    >>> caption("likert", "nl")
    'Antwoorden per item'
    """
    return CAPTIONS[kind][check_lang(lang)].format(**fields)


def alt_text(name: str, lang: str, **fields: str) -> str:
    """What the figure ``name`` (``high_by_exposure_trust``) shows, in words."""
    kind = next((k for k in sorted(ALT, key=len, reverse=True) if name.startswith(k)), None)
    if kind is None:
        return ""
    return ALT[kind][check_lang(lang)].format_map(_Blank(fields))


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "…"
