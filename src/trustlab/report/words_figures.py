"""The words of trustlab's figures (titles, axes, legends, notes), in Dutch and English.

Part of the one catalogue: :data:`trustlab.report.words.WORDS` holds each of these under
``fig_<key>`` (checked by the same test: both languages, the same fields); the figures look them
up with :func:`trustlab.plots._style.word`.
"""

from __future__ import annotations

__all__ = ["FIGURES"]

FIGURES: dict[str, dict[str, str]] = {
    "percent_answers": {"nl": "% van de antwoorden", "en": "% of answers"},
    "percent_respondents": {"nl": "% van de respondenten", "en": "% of respondents"},
    "reverse_note": {
        "nl": "(R) = omgekeerd geformuleerd item (in de schaal omgekeerd gescoord)",
        "en": "(R) = reverse-worded item (reverse-scored in the scale)",
    },
    "likert_title": {"nl": "Antwoorden per item", "en": "Answers per item"},
    "wilson": {
        "nl": "95%-betrouwbaarheidsinterval (Wilson)",
        "en": "95% confidence interval (Wilson)",
    },
    "ci_short": {"nl": "95%-BI", "en": "95% CI"},
    "freq_title": {
        "nl": "{variable}: respondenten per categorie",
        "en": "{variable}: respondents per category",
    },
    "mean_score": {"nl": "gemiddelde schaalscore", "en": "mean scale score"},
    "means_title": {"nl": "Gemiddelde scores naar {variable}", "en": "Mean scores by {variable}"},
    "midpoint": {"nl": "middelpunt", "en": "midpoint"},
    "share_high": {"nl": "% met hoog {scale}", "en": "% with high {scale}"},
    "high_title": {"nl": "Hoog {scale} naar {variable}", "en": "High {scale} by {variable}"},
    "scatter_title": {"nl": "{trust} en {distrust}", "en": "{trust} and {distrust}"},
    "sample_note": {
        "nl": "{shown} van {n} respondenten getoond (willekeurige steekproef)",
        "en": "{shown} of {n} respondents shown (random sample)",
    },
    "jitter_note": {"nl": "punten licht verschoven (jitter)", "en": "points slightly jittered"},
    "cutoff": {"nl": "grens hoog", "en": "high cutoff"},
    "corr_title": {
        "nl": "Correlaties tussen de items (omgekeerde items gehercodeerd)",
        "en": "Item correlations (reverse-worded items recoded)",
    },
    "pairwise": {"nl": "paarsgewijze Pearson-correlaties", "en": "pairwise Pearson correlations"},
    "scree_title": {
        "nl": "Screeplot met parallelle analyse",
        "en": "Scree plot with parallel analysis",
    },
    "eigenvalue": {"nl": "eigenwaarde", "en": "eigenvalue"},
    "rank": {"nl": "factor / component", "en": "factor / component"},
    "observed_pc": {"nl": "componenten, geobserveerd", "en": "components, observed"},
    "simulated_pc": {"nl": "componenten, gesimuleerd", "en": "components, simulated"},
    "observed_fa": {"nl": "factoren, geobserveerd", "en": "factors, observed"},
    "simulated_fa": {"nl": "factoren, gesimuleerd", "en": "factors, simulated"},
    "suggested": {
        "nl": "voorgesteld: {f} factor(en), {c} component(en)",
        "en": "suggested: {f} factor(s), {c} component(s)",
    },
    "loadings_title": {"nl": "Factorladingen", "en": "Factor loadings"},
    "std_loadings_title": {
        "nl": "Gestandaardiseerde factorladingen (CFA)",
        "en": "Standardised factor loadings (CFA)",
    },
    "coef_title": {"nl": "Geschatte effecten", "en": "Estimated effects"},
    "odds_ratio": {
        "nl": "odds ratio (95%-BI, logaritmische schaal)",
        "en": "odds ratio (95% CI, log scale)",
    },
    "estimate": {"nl": "schatting (95%-BI)", "en": "estimate (95% CI)"},
    "reference_cat": {"nl": "referentie", "en": "reference"},
    "predicted_title": {
        "nl": "Voorspelde kans op hoog {scale}",
        "en": "Predicted probability of high {scale}",
    },
    "predicted_label": {
        "nl": "gemiddelde voorspelde kans (95%-BI)",
        "en": "average predicted probability (95% CI)",
    },
    "probability": {"nl": "kans op hoog {scale}", "en": "probability of high {scale}"},
    "no_data": {"nl": "geen gegevens", "en": "no data"},
    "model": {"nl": "model", "en": "model"},
    "high": {"nl": "hoog", "en": "high"},
    "mixed": {"nl": "multiniveaumodel", "en": "mixed model"},
    "mean": {"nl": "gemiddelde", "en": "mean"},
    "percentile": {"nl": " ({q}e percentiel)", "en": " ({q}th percentile)"},
    "grey_loading": {"nl": "grijs: |lading| < {cutoff}", "en": "grey: |loading| < {cutoff}"},
    "power_a": {"nl": "(a) vertrouwen ~ vergaderfrequentie", "en": "(a) trust ~ meeting frequency"},
    "power_b": {"nl": "(b) F8-stap 1-2 -> 3-4", "en": "(b) F8 step 1-2 -> 3-4"},
    "power_design": {"nl": " ({networks} netwerken, effect {effect})",
                     "en": " ({networks} networks, effect {effect})"},
    "power_n": {"nl": "respondenten (n)", "en": "respondents (n)"},
    "power": {"nl": "power", "en": "power"},
    "power_title": {"nl": "Power door simulatie ({reps} replicaties, alfa = {alpha})",
                    "en": "Power by simulation ({reps} replicates, alpha = {alpha})"},
}  # fmt: skip
