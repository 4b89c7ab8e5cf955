"""Glossary entries for inference with clusters and groups (nl and en), merged into
:data:`trustlab.report.glossary.GLOSSARY`: CR2, Satterthwaite, HTZ, Kenward-Roger, ICC(1),
ICC(2), rwg(j), awg, within and between, the wild cluster bootstrap, polychoric correlations and
ordinal reliability, WLSMV and measurement invariance (configural, metric, scalar, strict).
"""

from __future__ import annotations

__all__ = ["INFERENCE_GLOSSARY"]

#: key -> per language: (term, what it means, words whose presence in the report calls for it).
INFERENCE_GLOSSARY: dict[str, dict[str, tuple[str, str, tuple[str, ...]]]] = {
    "cr2": {
        "en": ("CR2 (cluster-robust standard error)", "A standard error that allows respondents "
               "of the same cluster to resemble each other, corrected (Bell-McCaffrey) so that "
               "it is not too small when there are few clusters.", ("CR2",)),
        "nl": ("CR2 (clusterrobuuste standaardfout)", "Een standaardfout die toelaat dat "
               "respondenten van dezelfde cluster op elkaar lijken, gecorrigeerd "
               "(Bell-McCaffrey) zodat ze bij weinig clusters niet te klein uitvalt.", ("CR2",))},
    "hc1": {
        "en": ("HC1", "The usual cluster-robust standard error (as Stata and R sandwich "
               "compute it); shown for comparison, it can be too small with few clusters.",
               ("HC1",)),
        "nl": ("HC1", "De gebruikelijke clusterrobuuste standaardfout (zoals Stata en R sandwich "
               "ze berekenen); ter vergelijking getoond, ze kan bij weinig clusters te klein "
               "zijn.", ("HC1",))},
    "satterthwaite": {
        "en": ("Satterthwaite degrees of freedom (df)", "Degrees of freedom estimated from the "
               "data, so that a test with few clusters does not claim more certainty than it "
               "has.", ("Satterthwaite",)),
        "nl": ("Vrijheidsgraden volgens Satterthwaite (df)", "Vrijheidsgraden die uit de gegevens "
               "geschat worden, zodat een toets met weinig clusters geen grotere zekerheid "
               "claimt dan hij heeft.", ("Satterthwaite",))},
    "htz": {
        "en": ("HTZ test", "A test of several coefficients at once (all categories of the "
               "exposure) with CR2 standard errors: Hotelling's T² with Zhang's small-sample df.",
               ("HTZ",)),
        "nl": ("HTZ-toets", "Een toets van meerdere coëfficiënten tegelijk (alle categorieën van "
               "de blootstelling) met CR2-standaardfouten: Hotellings T² met de "
               "vrijheidsgraden van Zhang voor kleine steekproeven.", ("HTZ",))},
    "kenward": {
        "en": ("Kenward-Roger", "Another small-sample correction of the F test of a mixed "
               "model; close to Satterthwaite's when both are trustworthy.", ("Kenward",)),
        "nl": ("Kenward-Roger", "Een andere correctie voor kleine steekproeven van de F-toets "
               "van een multiniveaumodel; ligt dicht bij die van Satterthwaite als beide "
               "betrouwbaar zijn.", ("Kenward",))},
    "icc1": {
        "en": ("ICC(1)", "The share of the variation in a score that lies between clusters; .01 "
               "small, .10 medium, .25 large.", ("ICC(1)",)),
        "nl": ("ICC(1)", "Het deel van de variatie in een score dat tussen clusters ligt; 0,01 "
               "klein, 0,10 middelgroot, 0,25 groot.", ("ICC(1)",))},
    "icc2": {
        "en": ("ICC(2)", "How reliable the mean of a cluster is as a measure of that cluster; "
               ".70 or more is usually asked.", ("ICC(2)",)),
        "nl": ("ICC(2)", "Hoe betrouwbaar het gemiddelde van een cluster is als maat voor die "
               "cluster; meestal wordt 0,70 of meer gevraagd.", ("ICC(2)",))},
    "rwg": {
        "en": ("rwg(j)", "How much the members of a cluster agree on a scale, compared with "
               "answers given at random; from 0 (no agreement) to 1 (full agreement).",
               ("rwg(j)",)),
        "nl": ("rwg(j)", "Hoe sterk de leden van een cluster het eens zijn over een schaal, "
               "vergeleken met willekeurige antwoorden; van 0 (geen overeenstemming) tot 1 "
               "(volledige overeenstemming).", ("rwg(j)",))},
    "awg": {
        "en": ("awg", "Agreement within a cluster like rwg(j), but taking into account that a "
               "mean near an end of the scale leaves less room to disagree; from -1 to 1.",
               ("awg",)),
        "nl": ("awg", "Overeenstemming binnen een cluster zoals rwg(j), maar rekening houdend "
               "met het feit dat een gemiddelde dicht bij een uiteinde van de schaal minder "
               "ruimte laat om het oneens te zijn; van -1 tot 1.", ("awg",))},
    "within_between": {
        "en": ("Within and between effects", "Within: how a respondent's score moves with their "
               "own deviation from the cluster's mean; between: how the clusters' means move "
               "together; contextual: the difference (Mundlak).", ("Mundlak",)),
        "nl": ("Binnen- en tusseneffecten", "Binnen: hoe de score van een respondent meebeweegt "
               "met de eigen afwijking van het clustergemiddelde; tussen: hoe de gemiddelden "
               "van de clusters samen bewegen; contextueel: het verschil (Mundlak).",
               ("Mundlak",))},
    "wild": {
        "en": ("Wild cluster bootstrap", "Recomputes a test many times with the clusters' "
               "residuals flipped at random; a check of the p-value with few clusters.",
               ("Wild cluster",)),
        "nl": ("Wild cluster bootstrap", "Herberekent een toets vele keren met de residuen van "
               "de clusters willekeurig omgeklapt; een controle van de p-waarde bij weinig "
               "clusters.", ("Wild cluster",))},
    "polychoric": {
        "en": ("Polychoric correlation, ordinal α and ω", "The correlation two answer scales "
               "would have as continuous measures; ordinal alpha and omega are computed from "
               "it, treating the answers as ordered categories.", ("polychoric",)),
        "nl": ("Polychorische correlatie, ordinale α en ω", "De correlatie die twee "
               "antwoordschalen zouden hebben als continue maten; ordinale alfa en omega worden "
               "ermee berekend, met de antwoorden als geordende categorieën.",
               ("polychorisch",))},
    "wlsmv": {
        "en": ("WLSMV", "An estimator for factor models of ordered answers (weighted least "
               "squares, mean- and variance-adjusted), as R lavaan and Mplus offer it.",
               ("WLSMV",)),
        "nl": ("WLSMV", "Een schattingsmethode voor factormodellen van geordende antwoorden "
               "(gewogen kleinste kwadraten, gecorrigeerd voor gemiddelde en variantie), zoals "
               "in R lavaan en Mplus.", ("WLSMV",))},
    "invariance": {
        "en": ("Measurement invariance", "Whether a scale measures the same thing in every "
               "group, checked step by step: configural (same items, same factor), metric "
               "(equal loadings: relations may be compared), scalar (equal intercepts: means may "
               "be compared), strict (equal residual variances).", ("invariance",)),
        "nl": ("Meetinvariantie", "Of een schaal in elke groep hetzelfde meet, stap voor stap "
               "nagegaan: configuraal (dezelfde items, dezelfde factor), metrisch (gelijke "
               "ladingen: verbanden mogen vergeleken worden), scalair (gelijke intercepten: "
               "gemiddelden mogen vergeleken worden), strikt (gelijke residuele varianties).",
               ("invariantie",))},
    "cfi": {
        "en": ("CFI, RMSEA", "How well a factor model fits: CFI near 1 and RMSEA near 0 are "
               "good; an invariance level holds while CFI drops by at most .010 and RMSEA rises "
               "by at most .015.", ("RMSEA",)),
        "nl": ("CFI, RMSEA", "Hoe goed een factormodel past: CFI dicht bij 1 en RMSEA dicht bij "
               "0 zijn goed; een invariantieniveau houdt stand zolang CFI met hoogstens 0,010 "
               "daalt en RMSEA met hoogstens 0,015 stijgt.", ("RMSEA",))},
}  # fmt: skip
