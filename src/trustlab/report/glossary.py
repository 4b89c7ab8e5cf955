"""The glossary: every statistical term the report uses, explained in a sentence (nl and en).

:func:`glossary_section` reads the report's own text and lists the terms that occur in it, so
the glossary grows and shrinks with what the analysis could show.
"""

from __future__ import annotations

import pandas as pd

from trustlab.report.blocks import Section, T, Table
from trustlab.report.glossary_inference import INFERENCE_GLOSSARY

__all__ = ["GLOSSARY", "glossary_section"]

#: key -> per language: (term, what it means, words whose presence in the report calls for it).
GLOSSARY: dict[str, dict[str, tuple[str, str, tuple[str, ...]]]] = {
    "alpha": {
        "en": ("Cronbach's alpha (α)", "How consistently the items of a scale measure the same "
               "thing, from 0 to 1; .70 or more is usually taken as acceptable.", ("α",)),
        "nl": ("Cronbachs alfa (α)", "Hoe consistent de items van een schaal hetzelfde meten, van "
               "0 tot 1; 0,70 of meer geldt meestal als aanvaardbaar.", ("α",))},
    "omega": {
        "en": ("McDonald's omega (ω)", "Reliability like alpha, but from a factor model that lets "
               "each item weigh differently.", ("ω",)),
        "nl": ("McDonalds omega (ω)", "Betrouwbaarheid zoals alfa, maar uit een factormodel waarin "
               "elk item een eigen gewicht krijgt.", ("ω",))},
    "r_drop": {
        "en": ("Corrected item-total correlation", "The correlation of an item with the sum of "
               "the other items of its scale (r.drop in R, as SPSS names it).",
               ("item-total",)),
        "nl": ("Gecorrigeerde item-totaalcorrelatie", "De correlatie van een item met de som van "
               "de andere items van de schaal (r.drop in R, naam zoals in SPSS).",
               ("item-totaal",))},
    "ci": {
        "en": ("95% confidence interval (CI)", "The range of values compatible with the data; "
               "computed this way, it contains the true value in 95% of samples.", ("CI",)),
        "nl": ("95%-betrouwbaarheidsinterval (BI)", "Het bereik van waarden dat met de gegevens "
               "verenigbaar is; zo berekend bevat het in 95% van de steekproeven de echte waarde.",
               ("BI",))},
    "wilson": {
        "en": ("Wilson and exact intervals", "Two ways to compute the confidence interval of a "
               "percentage; the exact (Clopper-Pearson) one is a little wider.", ("Wilson",)),
        "nl": ("Wilson- en exact interval", "Twee manieren om het betrouwbaarheidsinterval van "
               "een percentage te berekenen; het exacte (Clopper-Pearson) is iets breder.",
               ("Wilson",))},
    "bootstrap": {
        "en": ("Bootstrap", "Recomputing a statistic on many resamples of the respondents to see "
               "how much it varies; gives the interval of omega.", ("bootstrap",)),
        "nl": ("Bootstrap", "Een statistiek herberekenen op vele hertrekkingen van de respondenten "
               "om te zien hoeveel ze varieert; geeft het interval van omega.", ("bootstrap",))},
    "p": {
        "en": ("p-value", "How likely a difference at least this large would be if there were "
               "none in the population; below .05 is called statistically significant.",
               ("p ", "p (")),
        "nl": ("p-waarde", "Hoe waarschijnlijk een verschil van minstens deze grootte is als er in "
               "de populatie geen is; onder ,05 heet statistisch significant.", ("p ", "p ("))},
    "holm": {
        "en": ("Holm correction", "Adjusts p-values when several comparisons are made, so that "
               "chance findings are not over-counted.", ("Holm",)),
        "nl": ("Holm-correctie", "Past p-waarden aan wanneer meerdere vergelijkingen gemaakt "
               "worden, zodat toevalstreffers niet te zwaar meetellen.", ("Holm",))},
    "kruskal": {
        "en": ("Kruskal-Wallis test (H)", "Tests whether scores differ between categories, "
               "using ranks (no normal distribution needed).", ("Kruskal",)),
        "nl": ("Kruskal-Wallistoets (H)", "Toetst of scores tussen categorieën verschillen, op "
               "basis van rangen (geen normale verdeling nodig).", ("Kruskal",))},
    "epsilon": {
        "en": ("Epsilon-squared (ε²)", "Effect size of the Kruskal-Wallis test: the share of "
               "the rank variation that lies between the categories (0 to 1).", ("ε²",)),
        "nl": ("Epsilon-kwadraat (ε²)", "Effectgrootte van de Kruskal-Wallistoets: het deel van "
               "de variatie in rangen dat tussen de categorieën ligt (0 tot 1).", ("ε²",))},
    "jonckheere": {
        "en": ("Jonckheere-Terpstra test (JT)", "Tests whether scores rise (or fall) steadily "
               "over ordered categories.", ("Jonckheere",)),
        "nl": ("Jonckheere-Terpstratoets (JT)", "Toetst of scores geleidelijk stijgen (of dalen) "
               "over geordende categorieën.", ("Jonckheere",))},
    "cochran": {
        "en": ("Cochran-Armitage test", "Tests whether a percentage rises (or falls) steadily "
               "over ordered categories.", ("Cochran",)),
        "nl": ("Cochran-Armitagetoets", "Toetst of een percentage geleidelijk stijgt (of daalt) "
               "over geordende categorieën.", ("Cochran",))},
    "chi": {
        "en": ("Chi-square test (χ²)", "Tests whether two classifications are related; "
               "Cramér's V (0 to 1) says how strongly.", ("chi-square",)),
        "nl": ("Chikwadraattoets (χ²)", "Toetst of twee indelingen samenhangen; Cramérs V (0 tot "
               "1) zegt hoe sterk.", ("chikwadraat",))},
    "ols": {
        "en": ("Linear regression (OLS), B", "Estimates how much the mean score differs for each "
               "term, with the other terms held equal; B is that difference.", ("OLS",)),
        "nl": ("Lineaire regressie (OLS), B", "Schat hoeveel de gemiddelde score verschilt per "
               "term, bij gelijke andere termen; B is dat verschil.", ("OLS",))},
    "reference": {
        "en": ("Reference category", "The category the others are compared with in a model; "
               "it has no row of its own.", ("Reference categor",)),
        "nl": ("Referentiecategorie", "De categorie waarmee de andere vergeleken worden in een "
               "model; ze heeft zelf geen rij.", ("Referentiecategor",))},
    "cluster": {
        "en": ("Clustered standard error (SE)", "An SE that allows respondents of the same "
               "network to resemble each other.", ("clustered",)),
        "nl": ("Geclusterde standaardfout (SE)", "Een SE die toelaat dat respondenten van "
               "hetzelfde netwerk op elkaar lijken.", ("geclusterd",))},
    "mixed": {
        "en": ("Mixed model, random intercept", "A regression that gives each cluster its own "
               "starting level, to separate differences between and within clusters.",
               ("Mixed",)),
        "nl": ("Multiniveaumodel, willekeurig intercept", "Een regressie die elke cluster een "
               "eigen startniveau geeft, om verschillen tussen en binnen clusters te scheiden.",
               ("Multiniveau",))},
    "icc": {
        "en": ("ICC (intraclass correlation)", "The share of the variation in scores that lies "
               "between clusters rather than between people within them.", ("ICC",)),
        "nl": ("ICC (intraclasscorrelatie)", "Het deel van de variatie in scores dat tussen "
               "clusters ligt in plaats van tussen personen binnen een cluster.", ("ICC",))},
    "logit": {
        "en": ("Logistic regression, odds ratio (OR)", "A model for a yes/no outcome; the OR "
               "says how many times higher the odds are than in the reference category.",
               ("Logistic",)),
        "nl": ("Logistische regressie, odds ratio (OR)", "Een model voor een ja/nee-uitkomst; de "
               "OR zegt hoeveel keer hoger de odds zijn dan in de referentiecategorie.",
               ("Logistische",))},
    "d": {
        "en": ("Cohen's d", "A difference in means expressed in standard deviations; about .2 "
               "is small, .5 medium and .8 large.", ("d: ",)),
        "nl": ("Cohens d", "Een verschil in gemiddelden uitgedrukt in standaarddeviaties; "
               "ongeveer 0,2 is klein, 0,5 middelgroot en 0,8 groot.", ("d: ",))},
    "stick": {
        "en": ("Broken stick", "A line with one bend, fitted to see from which value on the "
               "slope changes.", ("Broken stick",)),
        "nl": ("Geknikte lijn (broken stick)", "Een lijn met één knik, om te zien vanaf welke "
               "waarde de helling verandert.", ("broken stick",))},
    "msd": {
        "en": ("M, SD", "The mean and the standard deviation (the typical distance from the "
               "mean).", ("SD",)),
        "nl": ("M, SD", "Het gemiddelde en de standaarddeviatie (de gebruikelijke afstand tot "
               "het gemiddelde).", ("SD",))},
    "suppression": {
        "en": ("Suppressed cells (–)", "Counts left out so that no small group of respondents "
               "can be recognised.", ("suppress",)),
        "nl": ("Onderdrukte cellen (–)", "Aantallen die weggelaten zijn zodat geen kleine groep "
               "respondenten herkenbaar is.", ("onderdruk",))},
}  # fmt: skip
GLOSSARY.update(INFERENCE_GLOSSARY)


def _text(sections: list[Section]) -> str:
    parts = []
    for section in sections:
        parts += [section.title, section.summary, *section.paragraphs]
        for table in section.tables:
            parts += [table.title, table.note, *map(str, table.frame.columns)]
            parts += [str(v) for v in table.frame.to_numpy().ravel()]
    return "\n".join(parts)


def glossary_section(sections: list[Section], lang: str) -> Section:
    """The glossary of the terms that occur in ``sections``."""
    text = _text(sections)
    head = ("Term", "Betekenis") if lang == "nl" else ("Term", "Meaning")
    rows = [{head[0]: term, head[1]: meaning}
            for term, meaning, triggers in (entry[lang] for entry in GLOSSARY.values())
            if any(t in text for t in triggers)]  # fmt: skip
    title = T[lang]["glossary"]
    return Section(title, tables=[Table(title, pd.DataFrame(rows))] if rows else [])
