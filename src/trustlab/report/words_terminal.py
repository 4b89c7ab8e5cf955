"""The words of the terminal and the command line, in Dutch and English.

Part of the one catalogue: :data:`trustlab.report.words.WORDS` takes these keys in, so they are
looked up with :func:`trustlab.report.words.say` like every other word of the report (and
checked by the same test: both languages, the same fields). Kept in their own module so that
the report's words and the terminal's can be edited apart.
"""

from __future__ import annotations

__all__ = ["TERMINAL"]

TERMINAL: dict[str, dict[str, str]] = {
    # the data summary (validate, and the top of analyse)
    "tm_csv": {"en": "CSV, {encoding}, {delimiter}-separated",
               "nl": "CSV, {encoding}, gescheiden door {delimiter}"},
    "tm_delim_;": {"en": "semicolon", "nl": "puntkomma's"},
    "tm_delim_,": {"en": "comma", "nl": "komma's"},
    "tm_delim_tab": {"en": "tab", "nl": "tabs"},
    "tm_delim_|": {"en": "vertical bar", "nl": "verticale strepen"},
    "tm_excel": {"en": "Excel workbook", "nl": "Excel-werkmap"},
    "tm_spss": {"en": "SPSS file", "nl": "SPSS-bestand"},
    "tm_stata": {"en": "Stata file", "nl": "Stata-bestand"},
    "tm_parquet": {"en": "Parquet file", "nl": "Parquet-bestand"},
    "tm_respondents": {"en": "{n} respondents{where}", "nl": "{n} respondenten{where}"},
    "tm_in_clusters": {"en": " in {n} clusters", "nl": " in {n} clusters"},
    "tm_items": {"en": "Items", "nl": "Items"},
    "tm_answered": {"en": "answered", "nl": "beantwoord"},
    "tm_missing": {"en": "missing", "nl": "ontbrekend"},
    "tm_missing_codes": {"en": "missing codes", "nl": "codes voor ontbrekend"},
    "tm_non_numeric": {"en": "non-numeric", "nl": "niet numeriek"},
    "tm_out_of_range": {"en": "out of range", "nl": "buiten bereik"},
    "tm_reversed": {"en": "reversed", "nl": "omgekeerd"},
    "tm_straight": {"en": "Straight-lining respondents (same answer on every item): {list}",
                    "nl": "Respondenten met overal hetzelfde antwoord (straight-lining): {list}"},
    "tm_straight_one": {"en": "{id} (row {row}, all {answer})",
                        "nl": "{id} (rij {row}, overal {answer})"},
    "tm_none": {"en": "none", "nl": "geen"},
    "tm_unknown_columns": {"en": "Columns not in the codebook (carried along): {list}",
                           "nl": "Kolommen die niet in het codeboek staan (meegenomen): {list}"},
    "tm_note": {"en": "note:", "nl": "opmerking:"},
    "tm_error": {"en": "error:", "nl": "fout:"},
    "tm_warning": {"en": "warning:", "nl": "waarschuwing:"},
    "tm_check": {"en": "check:", "nl": "controleer:"},
    "tm_not_run": {"en": "not run:", "nl": "niet uitgevoerd:"},
    "tm_verdict": {"en": "Verdict: {verdict}", "nl": "Oordeel: {verdict}"},
    "tm_usable": {"en": "usable", "nl": "bruikbaar"},
    "tm_not_usable": {"en": "NOT usable ({n} error(s))", "nl": "NIET bruikbaar ({n} fout(en))"},
    "tm_category": {"en": "category", "nl": "categorie"},
    "tm_assumed": {"en": "* category assumed (not named in the published source)",
                   "nl": "* categorie verondersteld (niet genoemd in de gepubliceerde bron)"},
    # the analysis
    "tm_scales": {"en": "Scales", "nl": "Schalen"},
    "tm_alpha_ci": {"en": "alpha [95% CI]", "nl": "alfa [95%-BI]"},
    "tm_omega_ci": {"en": "omega [95% CI]", "nl": "omega [95%-BI]"},
    "tm_high": {"en": "high", "nl": "hoog"},
    "tm_n_high": {"en": "n high", "nl": "n hoog"},
    "tm_items_of": {"en": "Items of {x}", "nl": "Items van {x}"},
    "tm_text": {"en": "text", "nl": "tekst"},
    "tm_mean": {"en": "mean", "nl": "gemiddelde"},
    "tm_r_drop": {"en": "corrected item-total r", "nl": "gecorrigeerde item-totaal-r"},
    "tm_alpha_drop": {"en": "alpha if deleted", "nl": "alfa zonder item"},
    "tm_negative": {"en": "item {item} correlates negatively with the rest of {x}: reverse-keyed? "
                          "set 'reverse: true' for it in the codebook.",
                    "nl": "item {item} correleert negatief met de rest van {x}: omgekeerd "
                          "geformuleerd? zet 'reverse: true' voor dit item in het codeboek."},
    "tm_scales_note": {"en": "(R) reverse-keyed: scored as min + max − answer. Alpha: Feldt CI; "
                             "omega: percentile bootstrap CI ({boot} resamples, seed {seed}).",
                       "nl": "(R) omgekeerd gescoord: min + max − antwoord. Alfa: BI volgens "
                             "Feldt; omega: percentiel-bootstrap-BI ({boot} trekkingen, seed "
                             "{seed})."},
    "tm_by": {"en": "By {x}", "nl": "Per categorie van {x}"},
    "tm_high_ci": {"en": "% high {x} [95% CI]", "nl": "% hoog {x} [95%-BI]"},
    "tm_mean_of": {"en": "mean {x}", "nl": "gemiddelde {x}"},
    "tm_key_effects": {"en": "Key effects: {x} compared with {ref}",
                       "nl": "Belangrijkste effecten: {x} vergeleken met {ref}"},
    "tm_model": {"en": "model", "nl": "model"},
    "tm_ols": {"en": "{x}, OLS: B (SE)", "nl": "{x}, OLS: B (SE)"},
    "tm_mixed": {"en": "{x}, mixed model: B (SE)", "nl": "{x}, multiniveaumodel: B (SE)"},
    "tm_logit": {"en": "high {x}, logistic: odds ratio", "nl": "hoog {x}, logistisch: odds ratio"},
    "tm_effects_note": {"en": "B: difference in mean score; SE clustered by {cluster} for OLS "
                              "(CR2 with Satterthwaite df where marked, else HC1).",
                        "nl": "B: verschil in gemiddelde score; SE geclusterd per {cluster} "
                              "voor OLS (CR2 met vrijheidsgraden volgens Satterthwaite waar "
                              "aangegeven, anders HC1)."},
    "tm_cr2": {"en": " (CR2, Satterthwaite df)",
               "nl": " (CR2, vrijheidsgraden volgens Satterthwaite)"},
    "tm_satt": {"en": " (Satterthwaite df)", "nl": " (vrijheidsgraden volgens Satterthwaite)"},
    "tm_ordinal": {"en": "ordinal α, ω", "nl": "ordinale α, ω"},
    "tm_effects_note_plain": {"en": "B: difference in mean score.",
                              "nl": "B: verschil in gemiddelde score."},
    "tm_icc": {"en": "ICC of {x} (null model) = {v}", "nl": "ICC van {x} (nulmodel) = {v}"},
    "tm_chi_withheld": {"en": "Quadrant x {exposure}: table and chi-square test withheld (small "
                              "cells; see the report).",
                        "nl": "Kwadrant x {exposure}: tabel en chikwadraattoets niet getoond "
                              "(kleine cellen; zie het rapport)."},
    "tm_chi": {"en": "Quadrant x {exposure}: χ²({df}) = {stat}, {p}{mc}, Cramér's V = {v}",
               "nl": "Kwadrant x {exposure}: χ²({df}) = {stat}, {p}{mc}, Cramérs V = {v}"},
    "tm_mc": {"en": ", Monte Carlo {p}", "nl": ", Monte-Carlo-{p}"},
    "tm_jt": {"en": "Jonckheere-Terpstra trend test, {x}: statistic {stat}, {p}",
              "nl": "Jonckheere-Terpstra-trendtoets, {x}: toetsingsgrootheid {stat}, {p}"},
    "tm_ca": {"en": "Cochran-Armitage trend test in % high, {x}: statistic {stat}, {p}",
              "nl": "Cochran-Armitage-trendtoets in % hoog, {x}: toetsingsgrootheid {stat}, {p}"},
    "tm_threshold": {"en": "Threshold:", "nl": "Drempel:"},
    # the command line
    "cli_reading": {"en": "Reading and analysing {file} ...",
                    "nl": "{file} lezen en analyseren ..."},
    "cli_writing": {"en": "Writing the report to {folder}/ ...",
                    "nl": "Het rapport schrijven naar {folder}/ ..."},
    "cli_error": {"en": "trustlab: error: {message}", "nl": "trustlab: fout: {message}"},
    "cli_interrupted": {"en": "trustlab: interrupted", "nl": "trustlab: onderbroken"},
    "cli_internal": {"en": "trustlab: internal error ({error}). This is a bug in trustlab; please "
                           "report it with the output of the same command run with --debug.",
                     "nl": "trustlab: interne fout ({error}). Dit is een fout in trustlab; meld "
                           "ze met de uitvoer van hetzelfde commando met --debug."},
    "cli_written": {"en": "Report written to {folder}/ ({n} files).",
                    "nl": "Rapport geschreven naar {folder}/ ({n} bestanden)."},
    # reproduce and power
    "rp_title": {"en": "Published findings against the data",
                 "nl": "Gepubliceerde bevindingen tegenover de gegevens"},
    "rp_finding": {"en": "finding", "nl": "bevinding"},
    "rp_published": {"en": "published", "nl": "gepubliceerd"},
    "rp_band": {"en": "band", "nl": "marge"},
    "rp_data": {"en": "data", "nl": "gegevens"},
    "rp_ci": {"en": "95% CI", "nl": "95%-BI"},
    "rp_verdict": {"en": "verdict", "nl": "oordeel"},
    "rp_F1": {"en": "respondents", "nl": "respondenten"},
    "rp_F2": {"en": "high trust", "nl": "hoog vertrouwen"},
    "rp_F3": {"en": "high distrust", "nl": "hoog wantrouwen"},
    "rp_F4": {"en": "meets 3-4 times a year", "nl": "vergadert 3-4 keer per jaar"},
    "rp_F5": {"en": "meets > 4 times a year", "nl": "vergadert > 4 keer per jaar"},
    "rp_F6": {"en": "meets 1-2 times a year", "nl": "vergadert 1-2 keer per jaar"},
    "rp_F7": {"en": "remainder: < 1 a year", "nl": "rest: < 1 keer per jaar"},
    "rp_F8": {"en": "high trust from 3-4 on", "nl": "hoog vertrouwen vanaf 3-4"},
    "rp_F9": {"en": "two dimensions", "nl": "twee dimensies"},
    "rp_assumption": {"en": "* ASSUMPTION: the source does not name the remainder category (F7); "
                            "trustlab takes it to be 'minder dan 1 keer per jaar' (fewer than "
                            "once a year).",
                      "nl": "* VERONDERSTELLING: de bron noemt de restcategorie (F7) niet; "
                            "trustlab vat ze op als 'minder dan 1 keer per jaar'."},
    "rp_rule": {"en": "Rule: {rule}", "nl": "Regel: {rule}"},
    "pw_title": {"en": "Power by simulation ({reps} replicates per cell, alpha = {alpha}, "
                       "seed {seed})",
                 "nl": "Power door simulatie ({reps} replicaties per cel, alfa = {alpha}, "
                       "seed {seed})"},
    "pw_networks": {"en": "networks", "nl": "netwerken"},
    "pw_effect": {"en": "effect", "nl": "effect"},
    "pw_power_a": {"en": "power (a) association", "nl": "power (a) samenhang"},
    "pw_power_b": {"en": "power (b) F8 step", "nl": "power (b) F8-stap"},
    "pw_test_a": {"en": "trust score ~ meeting frequency: random intercept per network (REML), "
                        "joint Wald test of the frequency terms, F(q, G - k)",
                  "nl": "vertrouwensscore ~ vergaderfrequentie: willekeurig intercept per "
                        "netwerk (REML), gezamenlijke Wald-toets van de frequentietermen, "
                        "F(q, G - k)"},
    "pw_test_b": {"en": "F8 step: share with high trust, adjacent contrast '1-2' -> '3-4' "
                        "positive with Holm-adjusted p < alpha (cluster-robust, as "
                        "adjacent_contrasts)",
                  "nl": "F8-stap: aandeel met hoog vertrouwen, opeenvolgend contrast '1-2' -> "
                        "'3-4' positief met Holm-gecorrigeerde p < alfa (clusterrobuust, zoals "
                        "adjacent_contrasts)"},
    "pw_se": {"en": "± one Monte Carlo standard error, sqrt(p (1 - p) / reps).",
              "nl": "± één Monte-Carlo-standaardfout, sqrt(p (1 - p) / reps)."},
    "pw_larger": {"en": "† networks larger than the simulator's 8 respondents were needed "
                        "({sizes}).",
                  "nl": "† netwerken groter dan de 8 respondenten van de simulator waren nodig "
                        "({sizes})."},
    "pw_up_to": {"en": "n = {n}: up to {size}", "nl": "n = {n}: tot {size}"},
    "pw_failed": {"en": "{n} replicate(s) gave no test statistic (counted as not rejecting).",
                  "nl": "{n} replicatie(s) gaven geen toetsingsgrootheid (geteld als niet "
                        "verworpen)."},
    "pw_done": {"en": "{n} simulated surveys in {s} s ({jobs} {processes}, seed {seed}).",
                "nl": "{n} gesimuleerde surveys in {s} s ({jobs} {processes}, seed {seed})."},
    "pw_process": {"en": "process", "nl": "proces"},
    "pw_processes": {"en": "processes", "nl": "processen"},
    "pw_written": {"en": "Power curves written to {file}.",
                   "nl": "Powercurves geschreven naar {file}."},
    # inference with clusters, agreement and invariance (terminal_inference.py)
    "ti_joint": {"en": "Exposure, all categories, {x}: {tests}",
                 "nl": "Blootstelling, alle categorieën, {x}: {tests}"},
    "ti_htz": {"en": "OLS HTZ (CR2) {f}", "nl": "OLS HTZ (CR2) {f}"},
    "ti_mixed_f": {"en": "mixed model {f} (Satterthwaite)",
                   "nl": "multiniveaumodel {f} (Satterthwaite)"},
    "ti_lrt": {"en": "likelihood ratio χ²({df}) = {x}, {p}",
               "nl": "likelihoodratio χ²({df}) = {x}, {p}"},
    "ti_mixed": {"en": "Mixed model, {x}: R² marginal {m}, conditional {c}; ICC {icc} {ci} "
                       "(null model {null})",
                 "nl": "Multiniveaumodel, {x}: R² marginaal {m}, conditioneel {c}; ICC {icc} "
                       "{ci} (nulmodel {null})"},
    "ti_within": {"en": "Within or between, {x}: {reading}",
                  "nl": "Binnen of tussen, {x}: {reading}"},
    "ti_note": {"en": "With clusters, p-values of OLS, logit and the adjacent steps: CR2 "
                      "standard errors with Satterthwaite df (R clubSandwich); HC1 "
                      "(sandwich::vcovCL) in results.json.",
                "nl": "Met clusters: p-waarden van OLS, logit en de aangrenzende stappen met "
                      "CR2-standaardfouten en vrijheidsgraden volgens Satterthwaite (R "
                      "clubSandwich); HC1 (sandwich::vcovCL) staat in results.json."},
    "ti_cluster": {"en": "{x} as a property of the cluster:",
                   "nl": "{x} als eigenschap van de cluster:"},
    "ti_groups": {"en": "Is {x} the same for every {g}?",
                  "nl": "Is {x} dezelfde voor elke {g}?"},
    # progress (transient: on a terminal while the work runs)
    "pg_analysis": {"en": "Analysis", "nl": "Analyse"},
    "pg_power": {"en": "Simulating surveys", "nl": "Surveys simuleren"},
    "pg_alpha": {"en": "Cronbach's alpha", "nl": "Cronbachs alfa"},
    "pg_omega": {"en": "McDonald's omega and its bootstrap CI",
                 "nl": "McDonalds omega en het bootstrap-BI"},
    "pg_share": {"en": "share with a high score", "nl": "aandeel met een hoge score"},
    "pg_exposure": {"en": "respondents per category", "nl": "respondenten per categorie"},
    "pg_means": {"en": "means per category", "nl": "gemiddelden per categorie"},
    "pg_shares": {"en": "high scores per category", "nl": "hoge scores per categorie"},
    "pg_trend": {"en": "trend model", "nl": "trendmodel"},
    "pg_stick": {"en": "broken stick", "nl": "geknikte lijn"},
    "pg_mixed": {"en": "mixed model", "nl": "multiniveaumodel"},
    "pg_contrasts": {"en": "adjacent categories", "nl": "opeenvolgende categorieën"},
    "pg_threshold": {"en": "the threshold", "nl": "de drempel"},
    "pg_tests": {"en": "tests", "nl": "toetsen"},
    "pg_ols": {"en": "linear regression", "nl": "lineaire regressie"},
    "pg_logit": {"en": "logistic regression", "nl": "logistische regressie"},
    "pg_ordinal": {"en": "ordinal model per item", "nl": "ordinaal model per item"},
    "pg_correlation": {"en": "correlation", "nl": "correlatie"},
    "pg_cfa": {"en": "factor models", "nl": "factormodellen"},
    "pg_quadrants": {"en": "quadrants", "nl": "kwadranten"},
    "pg_done_steps": {"en": "{task}: {n} steps in {s} s.", "nl": "{task}: {n} stappen in {s} s."},
    "pg_done_units": {"en": "{task}: {n} done in {s} s.", "nl": "{task}: {n} klaar in {s} s."},
}  # fmt: skip
