""" "What this means": one short paragraph per section, in plain words, made from the results.

Each function reads the finished analysis and says its main finding the way a reader would
retell it ("72% of respondents have high trust; trust is clearly higher from 3-4 times a year
on"). Nothing is computed here beyond choosing words for numbers that are already there.
"""

from __future__ import annotations

from trustlab.analysis import Analysis
from trustlab.report.blocks import apa, p_text, scale_label
from trustlab.report.labels import category

__all__ = ["exposure", "models", "scales", "shares", "tests", "threshold"]

MEANING = {
    "rel_excellent": {"en": "excellent", "nl": "uitstekend"},
    "rel_good": {"en": "good", "nl": "goed"},
    "rel_acceptable": {"en": "acceptable", "nl": "aanvaardbaar"},
    "rel_questionable": {"en": "questionable", "nl": "twijfelachtig"},
    "rel_poor": {"en": "poor", "nl": "zwak"},
    "scales": {"en": "What this means: the items of each scale measure the same thing {how}: "
                     "{list}.",
               "nl": "Wat dit betekent: de items van elke schaal meten {how} hetzelfde: {list}."},
    "scale_rel": {"en": "{x} α = {a} ({word})", "nl": "{x} α = {a} ({word})"},
    "how_all": {"en": "well enough", "nl": "voldoende"},
    "how_not": {"en": "not equally well", "nl": "niet even goed"},
    "shares": {"en": "What this means: {list}.", "nl": "Wat dit betekent: {list}."},
    "share_one": {"en": "{pct}% of respondents have high {x}", "nl": "{pct}% van de respondenten "
                  "heeft hoog {x}"},
    "exposure": {"en": "What this means: the largest group meets {top} ({pct}%). High {x} ranges "
                       "from {low} ({low_pct}%) to {high} ({high_pct}%).",
                 "nl": "Wat dit betekent: de grootste groep vergadert {top} ({pct}%). Hoog {x} "
                       "gaat van {low} ({low_pct}%) tot {high} ({high_pct}%)."},
    "tests_differ": {"en": "{X} differs between the categories ({p}; ε² = {e}, a {size} effect)",
                     "nl": "{X} verschilt tussen de categorieën ({p}; ε² = {e}, een {size} "
                           "effect)"},
    "tests_same": {"en": "{X} does not clearly differ between the categories ({p})",
                   "nl": "{X} verschilt niet duidelijk tussen de categorieën ({p})"},
    "size_small": {"en": "small", "nl": "klein"},
    "size_medium": {"en": "medium", "nl": "middelgroot"},
    "size_large": {"en": "large", "nl": "groot"},
    "size_tiny": {"en": "negligible", "nl": "verwaarloosbaar"},
    "models_higher": {"en": "{X} is higher than in '{ref}' in {list}, with the other variables "
                            "held equal",
                      "nl": "{X} ligt hoger dan in '{ref}' in {list}, bij gelijke andere "
                            "variabelen"},
    "models_lower": {"en": "{X} is lower than in '{ref}' in {list}, with the other variables held "
                           "equal",
                     "nl": "{X} ligt lager dan in '{ref}' in {list}, bij gelijke andere "
                           "variabelen"},
    "models_none": {"en": "{X} does not clearly differ from '{ref}' in any category, with the "
                          "other variables held equal",
                    "nl": "{X} verschilt in geen enkele categorie duidelijk van '{ref}', bij "
                          "gelijke andere variabelen"},
    "threshold_clear": {"en": "{X} is clearly higher from '{first}' on",
                        "nl": "{X} ligt duidelijk hoger vanaf '{first}'"},
    "threshold_some": {"en": "{X} is high from '{first}' on, but the step from the category "
                             "below is not statistically significant",
                       "nl": "{X} is hoog vanaf '{first}', maar de stap vanaf de categorie eronder "
                             "is niet statistisch significant"},
    "threshold_none": {"en": "{X} is not high in any category from some point on",
                       "nl": "{X} is in geen enkele categorie vanaf een bepaald punt hoog"},
    "what": {"en": "What this means: {list}.", "nl": "Wat dit betekent: {list}."},
}  # fmt: skip


def _join(parts: list[str], lang: str) -> str:
    """The parts as one sentence: only the first starts with a capital."""
    if not parts:
        return ""
    parts = [parts[0]] + [p[:1].lower() + p[1:] for p in parts[1:]]
    return _say("what", lang, list="; ".join(parts))


def _say(key: str, lang: str, **fields: object) -> str:
    return MEANING[key][lang].format(**fields)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _reliability(value: float) -> str:
    for cut, word in ((0.9, "excellent"), (0.8, "good"), (0.7, "acceptable"),
                      (0.6, "questionable")):  # fmt: skip
        if value >= cut:
            return f"rel_{word}"
    return "rel_poor"


def scales(analysis: Analysis, lang: str) -> str:
    """How reliable the scales are, in words (George & Mallery's labels for alpha)."""
    parts, keys = [], []
    for name, row in analysis.summary().iterrows():
        if row["alpha"] != row["alpha"]:
            continue
        key = _reliability(row["alpha"])
        keys.append(key)
        parts.append(_say("scale_rel", lang, x=scale_label(analysis, name, lang),
                          a=apa(row["alpha"], bounded=True, lang=lang),
                          word=_say(key, lang)))  # fmt: skip
    if not parts:
        return ""
    good = all(k in ("rel_excellent", "rel_good", "rel_acceptable") for k in keys)
    how = _say("how_all" if good else "how_not", lang)
    return _say("scales", lang, how=how, list="; ".join(parts))


def shares(analysis: Analysis, lang: str) -> str:
    """The share with a high score on each scale."""
    parts = [_say("share_one", lang, pct=apa(100 * s.share_high.estimate, 0, lang=lang),
                  x=scale_label(analysis, n, lang))
             for n, s in analysis.scales.items() if s.share_high is not None]  # fmt: skip
    return _say("shares", lang, list="; ".join(parts)) if parts else ""


def exposure(analysis: Analysis, lang: str) -> str:
    """The largest category and the range of the first scale's share high over categories."""
    result = analysis.exposure
    if result is None or result.frequency is None:
        return ""
    freq = result.frequency.table
    top = freq["n"].idxmax()
    name, scale = next(((n, r) for n, r in result.scales.items() if r.high is not None),
                       (None, None))  # fmt: skip
    if scale is None:
        return ""
    share = scale.high.table["share"].dropna()
    low, high = share.idxmin(), share.idxmax()

    def cat(label: object) -> str:
        return category(analysis, str(label), lang).rstrip(" *")

    return _say("exposure", lang, top=cat(top), pct=apa(freq.loc[top, "percent"], 0, lang=lang),
                x=scale_label(analysis, name, lang), low=cat(low),
                low_pct=apa(100 * share[low], 0, lang=lang), high=cat(high),
                high_pct=apa(100 * share[high], 0, lang=lang))  # fmt: skip


def _size(eps: float) -> str:
    # the bands rcompanion's documentation gives for epsilon-squared
    for cut, key in ((0.26, "size_large"), (0.08, "size_medium"), (0.01, "size_small")):
        if eps >= cut:
            return key
    return "size_tiny"


def tests(analysis: Analysis, lang: str) -> str:
    """Whether each scale differs between the categories (Kruskal-Wallis)."""
    parts = []
    for name, result in analysis.exposure.scales.items():
        test = result.kruskal
        if test is None:
            continue
        words = _cap(scale_label(analysis, name, lang))
        if test.p_value < 0.05:
            eps = result.effect_sizes.epsilon_squared if result.effect_sizes else float("nan")
            parts.append(_say("tests_differ", lang, X=words, p=p_text(test.p_value, lang),
                              e=apa(eps, bounded=True, lang=lang),
                              size=_say(_size(eps), lang)))  # fmt: skip
        else:
            parts.append(_say("tests_same", lang, X=words, p=p_text(test.p_value, lang)))
    return _join(parts, lang)


def models(analysis: Analysis, lang: str) -> str:
    """Which exposure categories differ from the reference in the linear model."""
    exposure = analysis.plan.exposure
    parts = []
    for name, result in analysis.exposure.scales.items():
        model = result.ols
        if model is None:
            continue
        words = _cap(scale_label(analysis, name, lang))
        ref = category(analysis, exposure.reference_label, lang).rstrip(" *")
        higher, lower = [], []
        for _, row in model.coefficients.iterrows():
            term = str(row["term"])
            if not term.startswith(exposure.column + "[") or not row["p_value"] < 0.05:
                continue
            label = category(analysis, term[len(exposure.column) + 1 : -1], lang).rstrip(" *")
            shown = f"'{label}' (B = {apa(row['estimate'], lang=lang)})"
            (higher if row["estimate"] > 0 else lower).append(shown)
        if higher:
            parts.append(_say("models_higher", lang, X=words, ref=ref, list=", ".join(higher)))
        if lower:
            parts.append(_say("models_lower", lang, X=words, ref=ref, list=", ".join(lower)))
        if not higher and not lower:
            parts.append(_say("models_none", lang, X=words, ref=ref))
    return _join(parts, lang)


def threshold(analysis: Analysis, lang: str) -> str:
    """From which category on each scale is high."""
    parts = []
    for name, result in analysis.exposure.scales.items():
        statement = result.statement
        if statement is None:
            continue
        words = _cap(scale_label(analysis, name, lang))
        first = statement.first_high
        if first is None:
            parts.append(_say("threshold_none", lang, X=words))
            continue
        label = category(analysis, str(first), lang).rstrip(" *")
        table = result.contrasts.table if result.contrasts is not None else None
        step = None if table is None else table[table["upper"] == first]
        clear = step is not None and len(step) and float(step["p_holm"].iloc[0]) < 0.05
        parts.append(_say("threshold_clear" if clear else "threshold_some", lang, X=words,
                          first=label))  # fmt: skip
    return _join(parts, lang)
