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

__all__ = ["PATTERNS", "notice_text", "notice_texts"]

#: What needs a cluster, as the plan's notes name it (:meth:`trustlab.plan.Plan.notes`).
_CLUSTERED = re.escape(
    "cluster-robust standard errors (CR2 with Satterthwaite df, HTZ tests; HC1), the mixed "
    "models (lmerTest's df, R2, ICC, likelihood-ratio test), the within-between decomposition "
    "and the agreement within clusters (ICC(1), ICC(2), rwg(j), awg)"
)
_CLUSTERED_NL = (
    "clusterrobuuste standaardfouten (CR2 met vrijheidsgraden volgens Satterthwaite, HTZ-toetsen; "
    "HC1), de multiniveaumodellen (vrijheidsgraden van lmerTest, R², ICC, likelihoodratiotoets), "
    "de opsplitsing binnen-tussen en de overeenstemming binnen clusters (ICC(1), ICC(2), rwg(j), "
    "awg)"
)

#: (pattern of the English message, its Dutch words); fields are the pattern's named groups.
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?P<low>\d+) of (?P<size>\d+) expected counts are below 5, so the chi-square "
                r"approximation may be poor; the Monte Carlo p-value \((?P<n>\d+) tables\) is "
                r"the one to report\."),
     "{low} van de {size} verwachte aantallen zijn kleiner dan 5, dus de chikwadraatbenadering "
     "kan slecht zijn; de Monte-Carlo-p-waarde ({n} tabellen) is de waarde om te rapporteren."),
    (re.compile(r"Only (?P<n>\d+) clusters: cluster-robust SEs are unreliable with fewer than "
                r"(?P<min>\d+)\."),
     "Slechts {n} clusters: geclusterde standaardfouten zijn onbetrouwbaar met minder dan "
     "{min}."),
    (re.compile(r"Only (?P<n>\d+) groups: the between-group variance is poorly estimated\."),
     "Slechts {n} groepen: de variantie tussen groepen is slecht geschat."),
    (re.compile(r"The logistic regression did not converge in (?P<n>\d+) iterations\."),
     "De logistische regressie convergeerde niet in {n} iteraties."),
    (re.compile(r"The proportional-odds model did not converge; the estimates may be off\."),
     "Het proportionele-oddsmodel convergeerde niet; de schattingen kunnen afwijken."),
    (re.compile(r"Empty categories left out of the chi-square test: (?P<list>.+)\."),
     "Lege categorieën weggelaten uit de chikwadraattoets: {list}."),
    (re.compile(r"The variance between '(?P<g>[^']+)' groups is estimated as 0 \(a singular "
                r"fit\): the random intercept adds nothing; the fixed effects equal OLS\."),
     "De variantie tussen de groepen is op 0 geschat (een singuliere fit): het willekeurige "
     "intercept voegt niets toe; de vaste effecten zijn gelijk aan OLS."),
    (re.compile(r"Separation: the outcome is \(almost\) perfectly predicted for (?P<list>.+?); "
                r"their estimates and SEs are not finite.*"),
     "Separatie: de uitkomst wordt (bijna) perfect voorspeld voor {list}; hun schattingen en "
     "standaardfouten zijn niet eindig. Voeg de categorie samen met een buur of gebruik een "
     "gepenaliseerd (Firth-)model."),
    (re.compile(r"No cluster is declared: respondents are treated as independent; "
                + _CLUSTERED + r" are not run\. Declare 'cluster' in the codebook \(or "
                r"cluster= in Python\) when respondents are nested in networks, teams or "
                r"schools\."),
     "Er is geen cluster opgegeven: respondenten worden als onafhankelijk behandeld; "
     + _CLUSTERED_NL + " worden niet uitgevoerd. Geef 'cluster' op in het codeboek (of cluster= "
     "in Python) als respondenten genest zijn in netwerken, teams of scholen."),
    (re.compile(r"The cluster column '(?P<c>[^']+)' is not in the data: " + _CLUSTERED
                + r" are not run\."),
     "De clusterkolom '{c}' staat niet in de gegevens: " + _CLUSTERED_NL
     + " worden niet uitgevoerd."),
    (re.compile(r"All respondents are in one '(?P<c>[^']+)': " + _CLUSTERED + r" need at least "
                r"two clusters and are not run\."),
     "Alle respondenten zitten in één '{c}': " + _CLUSTERED_NL + " vragen minstens twee "
     "clusters en worden niet uitgevoerd."),
    (re.compile(r"The covariate '(?P<c>[^']+)' is not in the data \(the codebook marks it as not "
                r"required\): the models are run without it\."),
     "De covariaat '{c}' staat niet in de gegevens (het codeboek markeert ze als niet verplicht): "
     "de modellen worden zonder uitgevoerd."),
    (re.compile(r"No grouping variables are declared: whether each scale measures the same in "
                r"every group \(measurement invariance\) is not tested \(declare 'groups', "
                r"e\.g\. a role or organisation type, to add it\)\."),
     "Er zijn geen groeperingsvariabelen opgegeven: of elke schaal in elke groep hetzelfde meet "
     "(meetinvariantie), wordt niet getoetst (geef 'groups' op, bv. een rol of type organisatie, "
     "om dat toe te voegen)."),
    (re.compile(r"The grouping variable '(?P<g>[^']+)' is not in the data: measurement "
                r"invariance across it is not tested\."),
     "De groeperingsvariabele '{g}' staat niet in de gegevens: meetinvariantie over die "
     "variabele wordt niet getoetst."),
    (re.compile(r"No trust and distrust dimensions are declared: the quadrants and the "
                r"trust-distrust correlation are not run \(declare 'dimensions' to add them\)\."),
     "Er zijn geen dimensies vertrouwen en wantrouwen opgegeven: de kwadranten en de correlatie "
     "tussen vertrouwen en wantrouwen worden niet uitgevoerd (geef 'dimensions' op om ze toe te "
     "voegen)."),
    (re.compile(r"No exposure is declared: the scales are described \(reliability, scores, share "
                r"high\), but no tests or models against an exposure are run\. Declare one under "
                r"'exposure' in the codebook \(or exposure= in Python\)\."),
     "Er is geen blootstelling opgegeven: de schalen worden beschreven (betrouwbaarheid, scores, "
     "aandeel hoog), maar toetsen of modellen tegenover een blootstelling worden niet "
     "uitgevoerd. Geef er een op onder 'exposure' in het codeboek (of exposure= in Python)."),
    (re.compile(r"The exposure column '(?P<c>[^']+)' is not in the data: no tests or models "
                r"against the exposure are run\."),
     "De blootstellingskolom '{c}' staat niet in de gegevens: toetsen of modellen tegenover de "
     "blootstelling worden niet uitgevoerd."),
    (re.compile(r"The exposure '(?P<c>[^']+)' has (?P<n>\d+) category with answers: nothing to "
                r"compare, so no tests or models against it are run\."),
     "De blootstelling '{c}' heeft {n} categorie met antwoorden: er valt niets te vergelijken, "
     "dus toetsen of modellen ertegenover worden niet uitgevoerd."),
    (re.compile(r"The categories of the exposure '(?P<c>[^']+)' have no scores: the trend models, "
                r"the broken stick and the within-between decomposition \(which need a number "
                r"per category\) are not run\. Give each category a score \(e\.g\. meetings "
                r"per year\) to add them\."),
     "De categorieën van de blootstelling '{c}' hebben geen scores: de trendmodellen, de "
     "geknikte lijn en de opsplitsing binnen-tussen (die een getal per categorie vragen) worden "
     "niet uitgevoerd. Geef elke categorie een score (bv. vergaderingen per jaar) om ze toe te "
     "voegen."),
    (re.compile(r"The trend in the logarithm of the exposure's score is not run: it needs every "
                r"score above 0\."),
     "De trend in het logaritme van de score van de blootstelling wordt niet uitgevoerd: die "
     "vraagt elke score boven 0."),
]  # fmt: skip


def notice_text(message: str, lang: str) -> str:
    """``message`` (as the statistics worded it) in ``lang``.

    Examples
    --------
    >>> notice_text("Only 15 groups: the between-group variance is poorly estimated.", "nl")
    'Slechts 15 groepen: de variantie tussen groepen is slecht geschat.'
    """
    if check_lang(lang) == "en":
        return message
    for pattern, dutch in PATTERNS:
        found = pattern.fullmatch(message.strip())
        if found:
            return dutch.format(**found.groupdict())
    return message


def notice_texts(messages: Iterable[str], lang: str) -> list[str]:
    """Every distinct message once, in ``lang`` (in the order they first came)."""
    return list(dict.fromkeys(notice_text(m, lang) for m in messages))
