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

__all__ = ["PATTERNS", "PROBLEMS", "dutch_phrases", "notice_text", "notice_texts", "problem_text"]

#: What needs a cluster, as the plan's notes name it (:meth:`trustlab.plan.Plan.notes`).
_CLUSTERED_EN = (
    "cluster-robust standard errors (CR2 with Satterthwaite df, HTZ tests; HC1), the mixed "
    "models (lmerTest's df, R2, ICC, likelihood-ratio test), the within-between decomposition "
    "and the agreement within clusters (ICC(1), ICC(2), rwg(j), awg)"
)
_CLUSTERED = re.escape(_CLUSTERED_EN)
_CLUSTERED_NL = (
    "clusterrobuuste standaardfouten (CR2 met vrijheidsgraden volgens Satterthwaite, HTZ-toetsen; "
    "HC1), de multiniveaumodellen (vrijheidsgraden van lmerTest, R², ICC, likelihoodratiotoets), "
    "de opsplitsing binnen-tussen en de overeenstemming binnen clusters (ICC(1), ICC(2), rwg(j), "
    "awg)"
)

#: (pattern of the English message, its words in each language); fields are the pattern's
#: named groups. Variants of one warning (the linear and the logistic models word the few-
#: clusters warning slightly apart) share one entry, so each warning is shown once.
PATTERNS: list[tuple[re.Pattern[str], dict[str, str]]] = [
    (re.compile(r"(?P<low>\d+) of (?P<size>\d+) expected counts are below 5, so the chi-square "
                r"approximation may be poor; the Monte Carlo p-value \((?P<n>\d+) tables\) is "
                r"the one to report\."),
     {"en": "{low} of {size} expected counts are below 5, so the chi-square approximation may "
            "be poor; the Monte Carlo p-value ({n} tables) is the one to report.",
      "nl": "{low} van de {size} verwachte aantallen zijn kleiner dan 5, dus de "
            "chikwadraatbenadering kan slecht zijn; de Monte-Carlo-p-waarde ({n} tabellen) is "
            "de waarde om te rapporteren."}),
    (re.compile(r"Only (?P<n>\d+) clusters: cluster-robust SEs are unreliable with fewer than "
                r"(?P<min>\d+)(; read the p-values with caution)?\."),
     {"en": "Only {n} clusters: standard errors that allow for clustering are unreliable with "
            "fewer than {min}; read the p-values with caution.",
      "nl": "Slechts {n} clusters: standaardfouten die rekening houden met clusters zijn "
            "onbetrouwbaar met minder dan {min}; lees de p-waarden met voorzichtigheid."}),
    (re.compile(r"Only (?P<n>\d+) groups: the between-group variance is poorly estimated\."),
     {"en": "Only {n} groups: the between-group variance is poorly estimated.",
      "nl": "Slechts {n} groepen: de variantie tussen groepen is slecht geschat."}),
    (re.compile(r"The logistic regression did not converge in (?P<n>\d+) iterations\."),
     {"en": "The logistic regression did not converge in {n} iterations.",
      "nl": "De logistische regressie convergeerde niet in {n} iteraties."}),
    (re.compile(r"The proportional-odds model did not converge; the estimates may be off\."),
     {"en": "The proportional-odds model did not converge; the estimates may be off.",
      "nl": "Het proportionele-oddsmodel convergeerde niet; de schattingen kunnen afwijken."}),
    (re.compile(r"Empty categories left out of the chi-square test: (?P<list>.+)\."),
     {"en": "Empty categories left out of the chi-square test: {list}.",
      "nl": "Lege categorieën weggelaten uit de chikwadraattoets: {list}."}),
    (re.compile(r"The variance between '(?P<g>[^']+)' groups is estimated as 0 \(a singular "
                r"fit\): the random intercept adds nothing; the fixed effects equal OLS\."),
     {"en": "The variance between '{g}' groups is estimated as 0 (a singular fit): the random "
            "intercept adds nothing; the fixed effects equal OLS.",
      "nl": "De variantie tussen de groepen ('{g}') is op 0 geschat (een singuliere fit): het "
            "willekeurige intercept voegt niets toe; de vaste effecten zijn gelijk aan OLS."}),
    (re.compile(r"Separation: the outcome is \(almost\) perfectly predicted for (?P<list>.+?); "
                r"their estimates and SEs are not finite(?P<rest>.*)"),
     {"en": "Separation: the outcome is (almost) perfectly predicted for {list}; their "
            "estimates and SEs are not finite{rest}",
      "nl": "Separatie: de uitkomst wordt (bijna) perfect voorspeld voor {list}; hun schattingen "
            "en standaardfouten zijn niet eindig. Voeg de categorie samen met een buur of "
            "gebruik een gepenaliseerd (Firth-)model."}),
    # what the plan leaves out (Analysis.not_run)
    (re.compile(r"No cluster is declared: respondents are treated as independent; cluster-robust "
                r"standard errors, the mixed models and the ICC are not run\."),
     {"en": "No cluster is declared: respondents are treated as independent; cluster-robust "
            "standard errors, the mixed models and the ICC are not run.",
      "nl": "Er is geen cluster opgegeven: respondenten worden als onafhankelijk behandeld; "
            "clusterrobuuste standaardfouten, de multiniveaumodellen en de ICC worden niet "
            "berekend."}),
    (re.compile(r"The cluster column (?P<c>'[^']+') is not in the data: cluster-robust standard "
                r"errors, the mixed models and the ICC are not run\."),
     {"en": "The cluster column {c} is not in the data: cluster-robust standard errors, the "
            "mixed models and the ICC are not run.",
      "nl": "De clusterkolom {c} staat niet in de gegevens: clusterrobuuste standaardfouten, de "
            "multiniveaumodellen en de ICC worden niet berekend."}),
    (re.compile(r"All respondents are in one (?P<c>'[^']+'): cluster-robust standard errors, the "
                r"mixed models and the ICC need at least two clusters and are not run\."),
     {"en": "All respondents are in one {c}: cluster-robust standard errors, the mixed models "
            "and the ICC need at least two clusters and are not run.",
      "nl": "Alle respondenten zitten in één {c}: clusterrobuuste standaardfouten, de "
            "multiniveaumodellen en de ICC hebben minstens twee clusters nodig en worden niet "
            "berekend."}),
    (re.compile(r"The covariate (?P<c>'[^']+') is not in the data \(the codebook marks it as not "
                r"required\): the models are run without it\."),
     {"en": "The covariate {c} is not in the data (the codebook marks it as not required): the "
            "models are run without it.",
      "nl": "De covariaat {c} staat niet in de gegevens (het codeboek noemt ze niet verplicht): "
            "de modellen worden zonder berekend."}),
    (re.compile(r"No trust and distrust dimensions are declared: the quadrants and the "
                r"trust-distrust correlation are not run \(declare 'dimensions' to add them\)\."),
     {"en": "No trust and distrust dimensions are declared: the quadrants and the trust-distrust "
            "correlation are not run (declare 'dimensions' to add them).",
      "nl": "Er zijn geen dimensies vertrouwen en wantrouwen opgegeven: de kwadranten en de "
            "correlatie tussen vertrouwen en wantrouwen worden niet berekend (geef 'dimensions' "
            "op om ze toe te voegen)."}),
    (re.compile(r"The trend in the logarithm of the exposure's score is not run: it needs every "
                r"score above 0\."),
     {"en": "The trend in the logarithm of the exposure's score is not run: it needs every score "
            "above 0.",
      "nl": "De trend in de logaritme van de score van de blootstelling wordt niet berekend: "
            "daarvoor moet elke score boven 0 liggen."}),
    (re.compile(r"The categories of the exposure (?P<c>'[^']+') have no scores: the trend models "
                r"and the broken stick \(which need a number per category\) are not run\. Give "
                r"each category a score \(e\.g\. meetings per year\) to add them\."),
     {"en": "The categories of the exposure {c} have no scores: the trend models and the broken "
            "stick (which need a number per category) are not run. Give each category a score "
            "(e.g. meetings per year) to add them.",
      "nl": "De categorieën van de blootstelling {c} hebben geen scores: de trendmodellen en de "
            "geknikte lijn (die een getal per categorie nodig hebben) worden niet berekend. Geef "
            "elke categorie een score (bv. vergaderingen per jaar) om ze toe te voegen."}),
    # what the plan does not run (Plan.notes)
    (re.compile(r"No cluster is declared: respondents are treated as independent; "
                + _CLUSTERED + r" are not run\. Declare 'cluster' in the codebook \(or "
                r"cluster= in Python\) when respondents are nested in networks, teams or "
                r"schools\."),
     {"en": "No cluster is declared: respondents are treated as independent; " + _CLUSTERED_EN
            + " are not run. Declare 'cluster' in the codebook (or cluster= in Python) when "
            "respondents are nested in networks, teams or schools.",
      "nl": "Er is geen cluster opgegeven: respondenten worden als onafhankelijk behandeld; "
            + _CLUSTERED_NL + " worden niet uitgevoerd. Geef 'cluster' op in het codeboek (of "
            "cluster= in Python) als respondenten genest zijn in netwerken, teams of scholen."}),
    (re.compile(r"The cluster column '(?P<c>[^']+)' is not in the data: " + _CLUSTERED
                + r" are not run\."),
     {"en": "The cluster column '{c}' is not in the data: " + _CLUSTERED_EN + " are not run.",
      "nl": "De clusterkolom '{c}' staat niet in de gegevens: " + _CLUSTERED_NL
            + " worden niet uitgevoerd."}),
    (re.compile(r"All respondents are in one '(?P<c>[^']+)': " + _CLUSTERED + r" need at least "
                r"two clusters and are not run\."),
     {"en": "All respondents are in one '{c}': " + _CLUSTERED_EN + " need at least two clusters "
            "and are not run.",
      "nl": "Alle respondenten zitten in één '{c}': " + _CLUSTERED_NL + " vragen minstens twee "
            "clusters en worden niet uitgevoerd."}),
    (re.compile(r"The covariate '(?P<c>[^']+)' is not in the data \(the codebook marks it as not "
                r"required\): the models are run without it\."),
     {"en": "The covariate '{c}' is not in the data (the codebook marks it as not required): "
            "the models are run without it.",
      "nl": "De covariaat '{c}' staat niet in de gegevens (het codeboek markeert ze als niet "
            "verplicht): de modellen worden zonder uitgevoerd."}),
    (re.compile(r"No grouping variables are declared: whether each scale measures the same in "
                r"every group \(measurement invariance\) is not tested \(declare 'groups', "
                r"e\.g\. a role or organisation type, to add it\)\."),
     {"en": "No grouping variables are declared: whether each scale measures the same in every "
            "group (measurement invariance) is not tested (declare 'groups', e.g. a role or "
            "organisation type, to add it).",
      "nl": "Er zijn geen groeperingsvariabelen opgegeven: of elke schaal in elke groep "
            "hetzelfde meet (meetinvariantie), wordt niet getoetst (geef 'groups' op, bv. een "
            "rol of type organisatie, om dat toe te voegen)."}),
    (re.compile(r"The grouping variable '(?P<g>[^']+)' is not in the data: measurement "
                r"invariance across it is not tested\."),
     {"en": "The grouping variable '{g}' is not in the data: measurement invariance across it "
            "is not tested.",
      "nl": "De groeperingsvariabele '{g}' staat niet in de gegevens: meetinvariantie over die "
            "variabele wordt niet getoetst."}),
    (re.compile(r"No trust and distrust dimensions are declared: the quadrants and the "
                r"trust-distrust correlation are not run \(declare 'dimensions' to add them\)\."),
     {"en": "No trust and distrust dimensions are declared: the quadrants and the trust-distrust "
            "correlation are not run (declare 'dimensions' to add them).",
      "nl": "Er zijn geen dimensies vertrouwen en wantrouwen opgegeven: de kwadranten en de "
            "correlatie tussen vertrouwen en wantrouwen worden niet uitgevoerd (geef "
            "'dimensions' op om ze toe te voegen)."}),
    (re.compile(r"No exposure is declared: the scales are described \(reliability, scores, share "
                r"high\), but no tests or models against an exposure are run\. Declare one under "
                r"'exposure' in the codebook \(or exposure= in Python\)\."),
     {"en": "No exposure is declared: the scales are described (reliability, scores, share "
            "high), but no tests or models against an exposure are run. Declare one under "
            "'exposure' in the codebook (or exposure= in Python).",
      "nl": "Er is geen blootstelling opgegeven: de schalen worden beschreven "
            "(betrouwbaarheid, scores, aandeel hoog), maar toetsen of modellen tegenover een "
            "blootstelling worden niet uitgevoerd. Geef er een op onder 'exposure' in het "
            "codeboek (of exposure= in Python)."}),
    (re.compile(r"The exposure column '(?P<c>[^']+)' is not in the data: no tests or models "
                r"against the exposure are run\."),
     {"en": "The exposure column '{c}' is not in the data: no tests or models against the "
            "exposure are run.",
      "nl": "De blootstellingskolom '{c}' staat niet in de gegevens: toetsen of modellen "
            "tegenover de blootstelling worden niet uitgevoerd."}),
    (re.compile(r"The exposure '(?P<c>[^']+)' has (?P<n>\d+) category with answers: nothing to "
                r"compare, so no tests or models against it are run\."),
     {"en": "The exposure '{c}' has {n} category with answers: nothing to compare, so no tests "
            "or models against it are run.",
      "nl": "De blootstelling '{c}' heeft {n} categorie met antwoorden: er valt niets te "
            "vergelijken, dus toetsen of modellen ertegenover worden niet uitgevoerd."}),
    (re.compile(r"The categories of the exposure '(?P<c>[^']+)' have no scores: the trend models, "
                r"the broken stick and the within-between decomposition \(which need a number "
                r"per category\) are not run\. Give each category a score \(e\.g\. meetings "
                r"per year\) to add them\."),
     {"en": "The categories of the exposure '{c}' have no scores: the trend models, the broken "
            "stick and the within-between decomposition (which need a number per category) are "
            "not run. Give each category a score (e.g. meetings per year) to add them.",
      "nl": "De categorieën van de blootstelling '{c}' hebben geen scores: de trendmodellen, de "
            "geknikte lijn en de opsplitsing binnen-tussen (die een getal per categorie vragen) "
            "worden niet uitgevoerd. Geef elke categorie een score (bv. vergaderingen per jaar) "
            "om ze toe te voegen."}),
    (re.compile(r"The trend in the logarithm of the exposure's score is not run: it needs every "
                r"score above 0\."),
     {"en": "The trend in the logarithm of the exposure's score is not run: it needs every "
            "score above 0.",
      "nl": "De trend in het logaritme van de score van de blootstelling wordt niet uitgevoerd: "
            "die vraagt elke score boven 0."}),
]  # fmt: skip

#: A statistic that could not be computed: ``not computed: <why>`` (:class:`trustlab.steps.Steps`).
_NOT_COMPUTED = {"en": "not computed: ", "nl": "niet berekend: "}


def notice_text(message: str, lang: str) -> str:
    """``message`` (as the statistics worded it) in ``lang``, in the catalogue's words.

    Examples
    --------
    >>> notice_text("Only 15 groups: the between-group variance is poorly estimated.", "nl")
    'Slechts 15 groepen: de variantie tussen groepen is slecht geschat.'
    """
    check_lang(lang)
    text = message.strip()
    if text.startswith(_NOT_COMPUTED["en"]):
        return _NOT_COMPUTED[lang] + notice_text(text[len(_NOT_COMPUTED["en"]) :], lang)
    for pattern, words in PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            fields = {k: v or "" for k, v in found.groupdict().items()}
            return words[lang].format(**fields)
    return message


def notice_texts(messages: Iterable[str], lang: str) -> list[str]:
    """Every distinct message once, in ``lang`` (in the order they first came).

    Examples
    --------
    >>> notice_texts(["Only 15 clusters: cluster-robust SEs are unreliable with fewer than 20.",
    ...               "Only 15 clusters: cluster-robust SEs are unreliable with fewer than 20; "
    ...               "read the p-values with caution."], "en")  # doctest: +NORMALIZE_WHITESPACE
    ['Only 15 clusters: standard errors that allow for clustering are unreliable with fewer
      than 20; read the p-values with caution.']
    """
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
    (re.compile(r"column (?P<col>'.+?'): duplicate respondent id (?P<list>.+?)\. Each respondent "
                r"needs a unique id\."),
     "kolom {col}: dubbele respondent-id {list}. Elke respondent heeft een eigen id nodig."),
    (re.compile(r"column (?P<col>'.+?'): (?P<n>\d+) respondent\(s\) without an id: (?P<cells>.+)\. "
                r"Every respondent needs an id\."),
     "kolom {col}: {n} respondent(en) zonder id: {cells}. Elke respondent heeft een id nodig."),
    (re.compile(r"column (?P<col>'.+?'): no respondent has a valid answer \(all (?P<n>\d+) cells "
                r"are empty or missing codes\)\. Check the column, or remove the item from the "
                r"codebook\."),
     "kolom {col}: geen enkele respondent heeft een geldig antwoord (alle {n} cellen zijn leeg of "
     "codes voor ontbrekend). Controleer de kolom, of haal het item uit het codeboek."),
    (re.compile(r"column (?P<col>'.+?'): (?P<n>\d+) unknown category label\(s\): "
                r"(?P<cells>.+)\. Expected (?P<expected>.+)\.", re.DOTALL),
     "kolom {col}: {n} onbekende categorie(ën): {cells}. Verwacht: {expected}."),
]  # fmt: skip

#: Phrases inside a problem's fields (cells, what was expected), English -> Dutch.
_PHRASES = [
    (re.compile(r"\brow (\d+)"), r"rij \1"),
    (re.compile(r"\bin rows (\d+) and (\d+)"), r"in rijen \1 en \2"),
    (re.compile(r" and (\d+) more\b"), r" en nog \1"),
    (re.compile(r"\ba whole number from (\S+) to (\S+)"), r"een geheel getal van \1 tot \2"),
    (re.compile(r"\ba number from (\S+) to (\S+)"), r"een getal van \1 tot \2"),
    (re.compile(r"\ba number of at least (\S+)"), r"een getal van minstens \1"),
    (re.compile(r"\ba number of at most (\S+)"), r"een getal van hoogstens \1"),
    (re.compile(r"\ba number\b"), "een getal"),
    (re.compile(r", or a missing code \("), ", of een code voor ontbrekend ("),
    (re.compile(r"\bone of "), "een van "),
    (re.compile(r" \(or the code "), " (of de code "),
    (
        re.compile(r"\bvalue\(s\) outside the response range\b"),
        "waarde(n) buiten het antwoordbereik",
    ),
    (
        re.compile(r"\bvalue\(s\) outside the allowed range\b"),
        "waarde(n) buiten het toegelaten bereik",
    ),
    (re.compile(r"\btext where a number was expected\b"), "tekst(en) waar een getal verwacht werd"),
    (re.compile(r"\bunknown category label\(s\)"), "onbekende categorie(ën)"),
]


def dutch_phrases(text: str) -> str:
    """The phrases of a problem's fields (rows, what was expected) in Dutch."""
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
            fields = {k: dutch_phrases(v) for k, v in found.groupdict().items()}
            return dutch.format(**fields)
    return notice_text(message, lang)
