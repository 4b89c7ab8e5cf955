"""The words of trustlab's outputs, in Dutch and English: one catalogue for every view.

Statistics return keys and numbers; the views (report, figures, terminal) give them words from
here, in the language of the output.
"""

from __future__ import annotations

from trustlab.errors import TrustlabError

__all__ = ["LANGUAGES", "QUADRANTS", "check_lang", "quadrant_label"]

#: The languages of the outputs.
LANGUAGES = ("nl", "en")

#: The four quadrants of Lewicki, McAllister & Bies (1998) by key
#: (:data:`trustlab.scales.QUADRANT_KEYS`): in Dutch, in English, and Lewicki's own name.
QUADRANTS = {
    "high_trust_low_distrust": {
        "nl": "hoog vertrouwen, laag wantrouwen",
        "en": "high trust, low distrust",
        "lewicki": "high-value congruence",
    },
    "high_trust_high_distrust": {
        "nl": "hoog vertrouwen, hoog wantrouwen",
        "en": "high trust, high distrust",
        "lewicki": "trust but verify",
    },
    "low_trust_low_distrust": {
        "nl": "laag vertrouwen, laag wantrouwen",
        "en": "low trust, low distrust",
        "lewicki": "casual acquaintance",
    },
    "low_trust_high_distrust": {
        "nl": "laag vertrouwen, hoog wantrouwen",
        "en": "low trust, high distrust",
        "lewicki": "undesirable eventualities expected",
    },
}


def check_lang(lang: str) -> str:
    """``lang`` when it is "nl" or "en", else a :class:`TrustlabError`."""
    if lang not in LANGUAGES:
        raise TrustlabError(f"lang must be 'nl' or 'en', got {lang!r}.", expected="'nl' or 'en'")
    return lang


def quadrant_label(key: str, lang: str) -> str:
    """The words of a quadrant key in ``lang`` (the key itself when unknown).

    Examples
    --------
    >>> quadrant_label("high_trust_low_distrust", "nl")
    'hoog vertrouwen, laag wantrouwen'
    """
    return QUADRANTS.get(str(key), {}).get(check_lang(lang), str(key))
