"""The report's words in Dutch and English: one catalogue, looked up with :func:`say`.

Every key has both languages (``tests/report/test_words.py`` checks it); a text with fields
(``{n}``) is filled in by :func:`say`. The statistics return keys and numbers; the views (the
report in HTML, Markdown and Word, the workbook, the terminal) take their words from here.
"""

from __future__ import annotations

from trustlab.messages import check_lang

__all__ = ["COLUMNS", "WORDS", "column_label", "say"]

#: Column names of the result tables (as pandas holds them) -> headers a reader understands.
COLUMNS: dict[str, dict[str, str]] = {
    "term": {"en": "Term", "nl": "Term"},
    "estimate": {"en": "Estimate", "nl": "Schatting"},
    "std_error": {"en": "SE", "nl": "SE"},
    "std_error_robust": {"en": "SE (robust, HC3)", "nl": "SE (robuust, HC3)"},
    "std_error_cluster": {"en": "SE (clustered)", "nl": "SE (geclusterd)"},
    "statistic": {"en": "Test statistic", "nl": "Toetsingsgrootheid"},
    "p_value": {"en": "p", "nl": "p"},
    "p_holm": {"en": "p (Holm)", "nl": "p (Holm)"},
    "ci_low": {"en": "95% CI lower", "nl": "95%-BI onder"},
    "ci_high": {"en": "95% CI upper", "nl": "95%-BI boven"},
    "exact_low": {"en": "95% CI lower (exact)", "nl": "95%-BI onder (exact)"},
    "exact_high": {"en": "95% CI upper (exact)", "nl": "95%-BI boven (exact)"},
    "exact_ci_low": {"en": "95% CI lower (exact)", "nl": "95%-BI onder (exact)"},
    "exact_ci_high": {"en": "95% CI upper (exact)", "nl": "95%-BI boven (exact)"},
    "odds_ratio": {"en": "Odds ratio", "nl": "Odds ratio"},
    "or_ci_low": {"en": "Odds ratio 95% CI lower", "nl": "Odds ratio 95%-BI onder"},
    "or_ci_high": {"en": "Odds ratio 95% CI upper", "nl": "Odds ratio 95%-BI boven"},
    "contrast": {"en": "Contrast", "nl": "Contrast"},
    "lower": {"en": "Lower category", "nl": "Lagere categorie"},
    "upper": {"en": "Higher category", "nl": "Hogere categorie"},
    "df": {"en": "df", "nl": "df"},
    "n": {"en": "n", "nl": "n"},
    "N": {"en": "N", "nl": "N"},
    "count": {"en": "n high", "nl": "n hoog"},
    "mean": {"en": "Mean", "nl": "Gemiddelde"},
    "sd": {"en": "SD", "nl": "SD"},
    "se": {"en": "SE", "nl": "SE"},
    "percent": {"en": "%", "nl": "%"},
    "proportion": {"en": "Proportion", "nl": "Proportie"},
    "share": {"en": "Share high", "nl": "Aandeel hoog"},
    "estimate_share": {"en": "Share high", "nl": "Aandeel hoog"},
    "reversed": {"en": "Reverse-keyed", "nl": "Omgekeerd gescoord"},
    "r_drop": {"en": "Corrected item-total correlation",
               "nl": "Gecorrigeerde item-totaalcorrelatie"},
    "alpha_if_dropped": {"en": "Cronbach's alpha if item deleted",
                         "nl": "Cronbachs alfa als item weggelaten"},
    "items": {"en": "Items", "nl": "Items"},
    "n scored": {"en": "n with a score", "nl": "n met een score"},
    "alpha": {"en": "Cronbach's alpha", "nl": "Cronbachs alfa"},
    "alpha ci low": {"en": "Alpha 95% CI lower", "nl": "Alfa 95%-BI onder"},
    "alpha ci high": {"en": "Alpha 95% CI upper", "nl": "Alfa 95%-BI boven"},
    "omega": {"en": "McDonald's omega", "nl": "McDonalds omega"},
    "omega ci low": {"en": "Omega 95% CI lower", "nl": "Omega 95%-BI onder"},
    "omega ci high": {"en": "Omega 95% CI upper", "nl": "Omega 95%-BI boven"},
    "n high": {"en": "n high", "nl": "n hoog"},
    "% high": {"en": "% high", "nl": "% hoog"},
    "variance": {"en": "Variance (under H0)", "nl": "Variantie (onder H0)"},
    "z": {"en": "z", "nl": "z"},
    "item": {"en": "Item", "nl": "Item"},
    "scale": {"en": "Scale", "nl": "Schaal"},
    "quadrant": {"en": "Quadrant", "nl": "Kwadrant"},
    "test": {"en": "Test", "nl": "Toets"},
    "category": {"en": "Category", "nl": "Categorie"},
}  # fmt: skip

#: Every other word of the report, by key.
WORDS: dict[str, dict[str, str]] = {
    "yes": {"en": "yes", "nl": "ja"},
    "no": {"en": "no", "nl": "nee"},
    "test_kruskal": {"en": "Kruskal-Wallis", "nl": "Kruskal-Wallis"},
    "test_jonckheere": {"en": "Jonckheere-Terpstra (trend)", "nl": "Jonckheere-Terpstra (trend)"},
    "test_cochran_armitage": {"en": "Cochran-Armitage (trend in % high)",
                              "nl": "Cochran-Armitage (trend in % hoog)"},
}  # fmt: skip


def column_label(column: object, lang: str) -> str:
    """The header of a result column in ``lang`` (the name itself when it is not a known one)."""
    return COLUMNS.get(str(column), {}).get(check_lang(lang), str(column))


def say(key: str, lang: str, **fields: object) -> str:
    """The words for ``key`` in ``lang``, with ``fields`` filled in.

    Examples
    --------
    >>> say("yes", "nl")
    'ja'
    """
    text = WORDS[key][check_lang(lang)]
    return text.format(**fields) if fields else text
