"""The report's words in Dutch and English: one catalogue, looked up with :func:`say`.

Every key has both languages (``tests/report/test_words.py`` checks it); a text with fields
(``{n}``) is filled in by :func:`say`. The statistics return keys and numbers; the views (the
report in HTML, Markdown and Word, the workbook, the terminal) take their words from here.
"""

from __future__ import annotations

from trustlab.messages import check_lang
from trustlab.report.words_figures import FIGURES
from trustlab.report.words_inference import INFERENCE_WORDS
from trustlab.report.words_terminal import TERMINAL

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
    "ordinal alpha": {"en": "Ordinal alpha", "nl": "Ordinale alfa"},
    "ordinal alpha ci low": {"en": "Ordinal alpha 95% CI lower",
                             "nl": "Ordinale alfa 95%-BI onder"},
    "ordinal alpha ci high": {"en": "Ordinal alpha 95% CI upper",
                              "nl": "Ordinale alfa 95%-BI boven"},
    "ordinal omega": {"en": "Ordinal omega", "nl": "Ordinale omega"},
    "ordinal omega ci low": {"en": "Ordinal omega 95% CI lower",
                             "nl": "Ordinale omega 95%-BI onder"},
    "ordinal omega ci high": {"en": "Ordinal omega 95% CI upper",
                              "nl": "Ordinale omega 95%-BI boven"},
    "effect": {"en": "Effect", "nl": "Effect"},
    "rwg(j) mean": {"en": "rwg(j) mean", "nl": "rwg(j) gemiddeld"},
    "rwg(j) median": {"en": "rwg(j) median", "nl": "rwg(j) mediaan"},
    "awg mean": {"en": "awg mean", "nl": "awg gemiddeld"},
    "n for ICC(2) .70": {"en": "n for ICC(2) ≥ .70", "nl": "n voor ICC(2) ≥ 0,70"},
    "cluster": {"en": "Cluster (1 = largest)", "nl": "Cluster (1 = grootste)"},
    "rwg_j": {"en": "rwg(j)", "nl": "rwg(j)"},
    "level": {"en": "Agreement", "nl": "Overeenstemming"},
    "awg": {"en": "awg", "nl": "awg"},
    "hidden": {"en": "Withheld (small)", "nl": "Niet getoond (klein)"},
    "chisq": {"en": "Chi-square", "nl": "Chikwadraat"},
    "chisq_diff": {"en": "Chi-square difference", "nl": "Verschil in chikwadraat"},
    "df_diff": {"en": "df difference", "nl": "Verschil in df"},
    "pvalue": {"en": "p", "nl": "p"},
    "cfi": {"en": "CFI", "nl": "CFI"},
    "rmsea": {"en": "RMSEA", "nl": "RMSEA"},
    "delta_cfi": {"en": "ΔCFI", "nl": "ΔCFI"},
    "delta_rmsea": {"en": "ΔRMSEA", "nl": "ΔRMSEA"},
    "holds": {"en": "Holds", "nl": "Houdt stand"},
    "freed": {"en": "Released", "nl": "Vrijgelaten"},
    "reference": {"en": "Compared with", "nl": "Vergeleken met"},
    "level_name": {"en": "Model", "nl": "Model"},
}  # fmt: skip

#: Every other word of the report, by key.
WORDS: dict[str, dict[str, str]] = {
    "yes": {"en": "yes", "nl": "ja"},
    "no": {"en": "no", "nl": "nee"},
    "test_kruskal": {"en": "Kruskal-Wallis", "nl": "Kruskal-Wallis"},
    "test_jonckheere": {"en": "Jonckheere-Terpstra (trend)", "nl": "Jonckheere-Terpstra (trend)"},
    "test_cochran_armitage": {"en": "Cochran-Armitage (trend in % high)",
                              "nl": "Cochran-Armitage (trend in % hoog)"},
    "test_chi_square": {"en": "Quadrant x {exposure} (chi-square)",
                        "nl": "Kwadrant x {exposure} (chikwadraat)"},
    # the data section
    "respondents": {"en": "{n} respondents{where}, read from {file} with the codebook '{study}'.",
                    "nl": "{n} respondenten{where}, gelezen uit {file} met het codeboek "
                          "'{study}'."},
    "in_clusters": {"en": " in {n} clusters ({cluster})", "nl": " in {n} clusters ({cluster})"},
    "missing": {"en": "Missing answers: {missing} of {cells}{share}.",
                "nl": "Ontbrekende antwoorden: {missing} van {cells}{share}."},
    "straight": {"en": "{n} respondent(s) gave the same answer to every item.",
                 "nl": "{n} respondent(en) gaven op elk item hetzelfde antwoord."},
    # column headers
    "h_scale": {"en": "Scale", "nl": "Schaal"},
    "h_category": {"en": "Category", "nl": "Categorie"},
    "h_text": {"en": "Text", "nl": "Tekst"},
    "h_ci": {"en": "95% CI", "nl": "95%-BI"},
    "h_ci_of": {"en": "95% CI {x}", "nl": "95%-BI {x}"},
    "h_r_drop": {"en": "Corrected item-total correlation",
                 "nl": "Gecorrigeerde item-totaalcorrelatie"},
    "h_alpha_drop": {"en": "Cronbach's alpha if item deleted",
                     "nl": "Cronbachs alfa als item weggelaten"},
    "h_high_of": {"en": "% high {x} [95% CI]", "nl": "% hoog {x} [95%-BI]"},
    "h_mean_of": {"en": "M {x} [95% CI]", "nl": "M {x} [95%-BI]"},
    "h_test": {"en": "Test", "nl": "Toets"},
    "h_statistic": {"en": "Statistic", "nl": "Toetsingsgrootheid"},
    "h_effect": {"en": "Effect size", "nl": "Effectgrootte"},
    "h_term": {"en": "Term", "nl": "Term"},
    "h_or": {"en": "OR", "nl": "OR"},
    "h_or_ci": {"en": "95% CI OR", "nl": "95%-BI OR"},
    "h_contrast": {"en": "Contrast", "nl": "Contrast"},
    "h_difference": {"en": "Difference", "nl": "Verschil"},
    "h_d": {"en": "d", "nl": "d"},
    # notes
    "note_reliability": {
        "en": "α: Cronbach's alpha (pairwise, as R psych::alpha), Feldt CI; ω: McDonald's "
              "omega total from a one-factor ML model, percentile bootstrap CI ({boot} "
              "resamples, seed {seed}).",
        "nl": "α: Cronbachs alfa (paarsgewijs, zoals R psych::alpha), BI volgens Feldt; ω: "
              "McDonalds omega (totaal) uit een ML-model met één factor, percentiel-bootstrap-BI "
              "({boot} trekkingen, seed {seed})."},
    "note_items": {"en": "(R) reverse-keyed: min + max − answer; M and SD of the keyed item.",
                   "nl": "(R) omgekeerd gescoord: min + max − antwoord; M en SD van het "
                         "gescoorde item."},
    "note_negative": {"en": " Correlating negatively with the rest of the scale: {items} "
                            "(reverse-keyed? set 'reverse: true' in the codebook).",
                      "nl": " Correleert negatief met de rest van de schaal: {items} (omgekeerd "
                            "geformuleerd? zet 'reverse: true' in het codeboek)."},
    "note_shares": {"en": "High: the scale's rule ({rules}). CI: Wilson and exact "
                          "(Clopper-Pearson).",
                    "nl": "Hoog: de regel van de schaal ({rules}). BI: Wilson en exact "
                          "(Clopper-Pearson)."},
    "h_wilson": {"en": "95% CI (Wilson)", "nl": "95%-BI (Wilson)"},
    "h_exact": {"en": "95% CI (exact)", "nl": "95%-BI (exact)"},
    "note_exposure": {"en": "Brackets: 95% CI (Wilson for percentages, t for means).",
                      "nl": "Tussen haken: 95%-BI (Wilson voor percentages, t voor gemiddelden)."},
    "note_assumed": {"en": "* Category assumed: the published source does not name it. ",
                     "nl": "* Categorie verondersteld: de gepubliceerde bron noemt ze niet. "},
    "note_quadrants": {
        "en": "Counts. '–': suppressed, because fewer than {min_cell} respondents are in the "
              "cell, or because the cell could be recomputed from the totals that are shown "
              "(complementary suppression): these data describe people in poverty.",
        "nl": "Aantallen. '–': niet getoond, omdat minder dan {min_cell} respondenten in de cel "
              "zitten, of omdat de cel uit de getoonde totalen te herberekenen is "
              "(complementaire onderdrukking): deze gegevens beschrijven mensen in armoede."},
    "quadrants_hidden": {
        "en": "The table is not shown cell by cell: with the shares of high scores per category "
              "published, every cell could otherwise be recomputed.",
        "nl": "De tabel wordt niet cel per cel getoond: met de gepubliceerde aandelen hoge "
              "scores per categorie zou anders elke cel te herberekenen zijn."},
    "chi_withheld": {
        "en": "The chi-square test of quadrant x exposure is withheld: its statistic would let "
              "a reader recompute the suppressed cells.",
        "nl": "De chikwadraattoets van kwadrant x blootstelling wordt niet getoond: met de "
              "toetsingsgrootheid zou een lezer de onderdrukte cellen kunnen herberekenen."},
    "note_tests": {
        "en": "ε²: epsilon-squared, H / (n − 1); V: Cramér's V. Trend tests use the order of "
              "the categories.{mc}",
        "nl": "ε²: epsilon-kwadraat, H / (n − 1); V: Cramérs V. Trendtoetsen gebruiken de "
              "volgorde van de categorieën.{mc}"},
    "monte_carlo": {"en": " Monte Carlo p for the chi-square test: {p}.",
                    "nl": " Monte-Carlo-p voor de chikwadraattoets: {p}."},
    "note_model": {"en": "n = {n}. Reference categories: {refs}.",
                   "nl": "n = {n}. Referentiecategorieën: {refs}."},
    "note_model_noref": {"en": "n = {n}.", "nl": "n = {n}."},
    "note_cluster": {"en": " SE clustered by {cluster} (as R sandwich::vcovCL, HC1).",
                     "nl": " SE geclusterd per {cluster} (zoals R sandwich::vcovCL, HC1)."},
    "note_logit": {"en": " OR: odds ratio, exp(B), with its 95% CI.",
                   "nl": " OR: odds ratio, exp(B), met het 95%-BI."},
    "note_contrasts": {
        "en": "Backward-difference contrasts (as R MASS::contr.sdif), Holm-adjusted; d: the "
              "difference in SDs of the two categories (pooled).",
        "nl": "Opeenvolgende verschillen (zoals R MASS::contr.sdif), Holm-gecorrigeerd; d: het "
              "verschil in standaarddeviaties van de twee categorieën (gepoold)."},
    # titles
    "t_ols": {"en": "Linear Regression (OLS) of {x}", "nl": "Lineaire regressie (OLS) van {x}"},
    "t_mixed": {"en": "Mixed Model of {x} (Random Intercept per Cluster)",
                "nl": "Multiniveaumodel van {x} (willekeurig intercept per cluster)"},
    "t_logit": {"en": "Logistic Regression of High {x}",
                "nl": "Logistische regressie van hoog {x}"},
    "t_contrasts": {"en": "Adjacent Categories: Difference in Mean {x}",
                    "nl": "Opeenvolgende categorieën: verschil in gemiddelde {x}"},
    "t_items": {"en": "Item Statistics of {x}", "nl": "Itemstatistieken van {x}"},
    "icc": {"en": "ICC of {x} (null model): {v}: {pct}% of the variance lies between clusters.",
            "nl": "ICC van {x} (nulmodel): {v}: {pct}% van de variantie ligt tussen clusters."},
    # the threshold in words
    "rule_share": {"en": "share above {cut}", "nl": "aandeel boven {cut}"},
    "rule_mean": {"en": "mean above {cut}", "nl": "gemiddelde boven {cut}"},
    "thr_none": {"en": "{X} is not high from any category on: even in '{top}' it is {v} "
                       "(rule: {rule}).",
                 "nl": "{X} is in geen enkele categorie vanaf een bepaalde drempel hoog: zelfs "
                       "in '{top}' is het {v} (regel: {rule})."},
    "thr_first": {"en": "{X} is high from '{first}' on: {rule} in '{first}' and every higher "
                        "category ({values})",
                  "nl": "{X} is hoog vanaf '{first}': {rule} in '{first}' en elke hogere "
                        "categorie ({values})"},
    "thr_all": {"en": ", so in every category.", "nl": ", dus in alle categorieën."},
    "thr_against": {"en": ", against {v} in '{below}'.", "nl": ", tegenover {v} in '{below}'."},
    "thr_step": {"en": " The difference in mean from '{below}' is {d} (Holm {p}): {sig}.",
                 "nl": " Het verschil in gemiddelde met '{below}' is {d} (Holm {p}): {sig}."},
    "significant": {"en": "statistically significant", "nl": "statistisch significant"},
    "not_significant": {"en": "not statistically significant",
                        "nl": "niet statistisch significant"},
    "thr_not_single": {"en": " Not a single step: {list} also meets the rule.",
                       "nl": " Geen zuivere drempel: ook {list} voldoet aan de regel."},
    "stick": {"en": "Broken stick (a line with one bend) of {x} on {score}: bend at {knot}; "
                    "slope {before} before and {after} after (change {p}, {how}; not adjusted for "
                    "the search for the bend).",
              "nl": "Geknikte lijn (broken stick) van {x} op {score}: knik bij {knot}; helling "
                    "{before} ervoor en {after} erna (verandering {p}, {how}; niet gecorrigeerd "
                    "voor het zoeken naar de knik)."},
    # methods
    "methods_scores": {
        "en": "Scale scores are the mean of the answered items (reverse-keyed items as min + "
              "max − answer) when enough items are answered: {valid}. High: {rules}.",
        "nl": "Schaalscores zijn het gemiddelde van de beantwoorde items (omgekeerd gescoorde "
              "items als min + max − antwoord) als genoeg items beantwoord zijn: {valid}. "
              "Hoog: {rules}."},
    "of": {"en": "{a} of {b}", "nl": "{a} van {b}"},
    "methods_r": {
        "en": "Every statistic is checked against R (psych, lavaan, sandwich, clubSandwich, lme4, "
              "lmerTest, pbkrtest, performance, multilevel, ordinal); trustlab seed {seed}.",
        "nl": "Elke statistiek is gecontroleerd met R (psych, lavaan, sandwich, clubSandwich, "
              "lme4, lmerTest, pbkrtest, performance, multilevel, ordinal); trustlab-seed "
              "{seed}."},
    "report": {"en": "trustlab report", "nl": "trustlab-rapport"},
}  # fmt: skip
for _part in (TERMINAL, INFERENCE_WORDS):  # kept in their own modules; a key is said once
    _twice = WORDS.keys() & _part.keys()
    if _twice:
        raise RuntimeError(f"words defined twice in the catalogue: {sorted(_twice)}")
    WORDS.update(_part)
WORDS.update({f"fig_{key}": words for key, words in FIGURES.items()})  # the figures' words


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
