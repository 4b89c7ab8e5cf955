"""The catalogue's words for inference with clusters and groups (nl and en): the model tables'
method notes (CR2 with Satterthwaite df, HTZ, HC1 beside; lmerTest, Nakagawa, Kenward-Roger),
the exposure's joint tests, each scale as a property of the cluster (ICC(1), ICC(2), rwg(j),
awg), within or between clusters, the wild cluster bootstrap, ordinal reliability and
measurement invariance. Merged into :data:`trustlab.report.words.WORDS`; look them up with
:func:`trustlab.report.words.say`.
"""

from __future__ import annotations

__all__ = ["INFERENCE_WORDS"]

INFERENCE_WORDS: dict[str, dict[str, str]] = {
    # model tables
    "note_cr2": {
        "en": " SE: CR2 (Bell-McCaffrey) cluster-robust, clustered by {cluster} ({k} clusters); "
              "df, p and 95% CI from t with Satterthwaite df (R clubSandwich::coef_test), "
              "the method that stays accurate with few clusters.",
        "nl": " SE: CR2 (Bell-McCaffrey), clusterrobuust, geclusterd per {cluster} ({k} "
              "clusters); df, p en 95%-BI uit t met vrijheidsgraden volgens Satterthwaite "
              "(R clubSandwich::coef_test), de methode die ook bij weinig clusters klopt."},
    "note_hc1_beside": {"en": " SE (HC1): sandwich::vcovCL, for comparison.",
                        "nl": " SE (HC1): sandwich::vcovCL, ter vergelijking."},
    "note_htz": {"en": " All categories of the exposure together: HTZ Wald test, {test}.",
                 "nl": " Alle categorieën van de blootstelling samen: HTZ-Waldtoets, {test}."},
    "note_model_se": {"en": " SE: model-based.", "nl": " SE: modelgebaseerd."},
    "note_logit_or": {"en": " OR: odds ratio, exp(B).", "nl": " OR: odds ratio, exp(B)."},
    "note_mixed_plain": {
        "en": " Random intercept per cluster (REML, R lme4); SE of lme4, p from the normal "
              "distribution.",
        "nl": " Willekeurig intercept per cluster (REML, R lme4); SE van lme4, p uit de normale "
              "verdeling."},
    "note_mixed": {
        "en": " {k} clusters ({cluster}); random intercept per cluster (REML, R lme4). df and p: "
              "Satterthwaite (R lmerTest); 95% CI: t with those df.",
        "nl": " {k} clusters ({cluster}); willekeurig intercept per cluster (REML, R lme4). df "
              "en p: Satterthwaite (R lmerTest); 95%-BI: t met die vrijheidsgraden."},
    "note_r2": {"en": "R² marginal {m}, conditional {c} (Nakagawa; R performance).",
                "nl": "R² marginaal {m}, conditioneel {c} (Nakagawa; R performance)."},
    "note_icc": {
        "en": "ICC (adjusted) {icc}, 95% CI {ci} (REML profile likelihood); ICC of the null "
              "model {null}.",
        "nl": "ICC (gecorrigeerd) {icc}, 95%-BI {ci} (REML-profiellikelihood); ICC van het "
              "nulmodel {null}."},
    "note_mixed_f": {
        "en": "All categories of the exposure together: {test} (Satterthwaite)",
        "nl": "Alle categorieën van de blootstelling samen: {test} (Satterthwaite)"},
    "note_mixed_kr": {"en": ", {test} (Kenward-Roger)", "nl": ", {test} (Kenward-Roger)"},
    "note_mixed_lrt": {"en": "; likelihood ratio χ²({df}) = {x}, p {p} (ML fits)",
                       "nl": "; likelihoodratio χ²({df}) = {x}, p {p} (ML-schattingen)"},
    "se_model": {"en": "model-based SE, t on the residual df",
                 "nl": "modelgebaseerde SE, t op de residuele vrijheidsgraden"},
    "se_cr2": {"en": "CR2 cluster-robust SE with Satterthwaite df (R clubSandwich)",
               "nl": "clusterrobuuste CR2-SE met vrijheidsgraden volgens Satterthwaite "
                     "(R clubSandwich)"},
    "se_hc1": {"en": "CR1S/HC1 cluster-robust SE, t on the residual df (R sandwich::vcovCL)",
               "nl": "clusterrobuuste CR1S/HC1-SE, t op de residuele vrijheidsgraden "
                     "(R sandwich::vcovCL)"},
    "note_steps_se": {"en": "p: {how}.", "nl": "p: {how}."},
    "note_steps_hc1": {
        "en": " With HC1 SEs (sandwich::vcovCL) the Holm p-values would be {ps}.",
        "nl": " Met HC1-SE (sandwich::vcovCL) zouden de Holm-p-waarden {ps} zijn."},
    "stick_cr2": {"en": "CR2, Satterthwaite df",
                  "nl": "CR2, vrijheidsgraden volgens Satterthwaite"},
    "stick_hc1": {"en": "HC1", "nl": "HC1"},
    "stick_model": {"en": "model SE", "nl": "model-SE"},
    # the exposure's joint tests
    "t_joint": {"en": "Is there an effect of the exposure?",
                "nl": "Is er een effect van de blootstelling?"},
    "h_model": {"en": "Model", "nl": "Model"},
    "m_ols": {"en": "OLS", "nl": "OLS"},
    "m_logit": {"en": "Logistic (high)", "nl": "Logistisch (hoog)"},
    "m_mixed": {"en": "Mixed model", "nl": "Multiniveaumodel"},
    "test_htz": {"en": "HTZ Wald, CR2", "nl": "HTZ-Wald, CR2"},
    "test_f_satterthwaite": {"en": "F, Satterthwaite", "nl": "F, Satterthwaite"},
    "test_f_kr": {"en": "F, Kenward-Roger", "nl": "F, Kenward-Roger"},
    "test_lrt": {"en": "Likelihood ratio (ML)", "nl": "Likelihoodratio (ML)"},
    "note_joint": {
        "en": "All categories of the exposure against none: HTZ (Hotelling's T² with Zhang's "
              "df, R clubSandwich::Wald_test) with CR2 SEs; F tests of the mixed model as R "
              "lmerTest's contestMD (Satterthwaite and Kenward-Roger df); the likelihood ratio "
              "of ML fits with and without the exposure (R anova(m0, m1)).",
        "nl": "Alle categorieën van de blootstelling tegelijk tegenover geen: HTZ (Hotellings "
              "T² met vrijheidsgraden volgens Zhang, R clubSandwich::Wald_test) met CR2-SE; "
              "F-toetsen van het multiniveaumodel zoals contestMD van R lmerTest "
              "(vrijheidsgraden volgens Satterthwaite en Kenward-Roger); de likelihoodratio van "
              "ML-schattingen met en zonder de blootstelling (R anova(m0, m1))."},
    # a property of the cluster
    "t_cluster": {"en": "A property of the cluster? ({cluster})",
                  "nl": "Een eigenschap van de cluster? ({cluster})"},
    "h_n_icc2": {"en": "n for ICC(2) ≥ .70", "nl": "n voor ICC(2) ≥ 0,70"},
    "h_rwg_mean": {"en": "rwg(j) mean", "nl": "rwg(j) gemiddeld"},
    "h_rwg_median": {"en": "rwg(j) median", "nl": "rwg(j) mediaan"},
    "h_strong": {"en": "Strong agreement (%)", "nl": "Sterke overeenstemming (%)"},
    "h_awg_mean": {"en": "awg mean", "nl": "awg gemiddeld"},
    "h_agreement": {"en": "Agreement", "nl": "Overeenstemming"},
    "note_cluster_summary": {
        "en": "ICC(1), ICC(2): one-way ANOVA of the score on the cluster (R multilevel::ICC1, "
              "ICC2). n for ICC(2) ≥ .70: respondents per cluster a replication needs "
              "(Spearman-Brown). Cut-offs: LeBreton & Senter (2008).",
        "nl": "ICC(1), ICC(2): eenwegs-ANOVA van de score op de cluster (R multilevel::ICC1, "
              "ICC2). n voor ICC(2) ≥ 0,70: het aantal respondenten per cluster dat een "
              "replicatie nodig heeft (Spearman-Brown). Grenswaarden: LeBreton & Senter (2008)."},
    "t_per_cluster": {"en": "{x} per cluster", "nl": "{x} per cluster"},
    "note_per_cluster": {
        "en": "One row per cluster ({cluster}), numbered from the largest; ids are not shown. "
              "n: respondents who answered every item; M: their mean score. rwg(j) against the "
              "uniform null of the response scale (R multilevel::rwg.j); awg (R "
              "multilevel::awg; '–' where a mean is too close to an end of the scale).",
        "nl": "Eén rij per cluster ({cluster}), genummerd vanaf de grootste; de id's worden "
              "niet getoond. n: respondenten die elk item beantwoordden; M: hun gemiddelde "
              "score. rwg(j) tegenover een uniforme nulverdeling over de antwoordschaal (R "
              "multilevel::rwg.j); awg (R multilevel::awg; '–' waar een gemiddelde te dicht bij "
              "een uiteinde van de schaal ligt)."},
    "note_clusters_listed": {
        "en": " Listed here: the {shown} largest of the {of} clusters with {min_cell} or more "
              "respondents; every cluster is in {file} (results.json and tables.xlsx list the "
              "{listed} largest).",
        "nl": " Hier vermeld: de {shown} grootste van de {of} clusters met {min_cell} of meer "
              "respondenten; elke cluster staat in {file} (results.json en tables.xlsx geven de "
              "{listed} grootste)."},
    "note_clusters_hidden": {
        "en": " Not shown one by one: {hidden} of {total} clusters, those with fewer than "
              "{min_cell} respondents ({sizes}), since their values would describe identifiable "
              "people; they count in the mean and median above.",
        "nl": " Niet afzonderlijk getoond: {hidden} van de {total} clusters, die met minder dan "
              "{min_cell} respondenten ({sizes}), omdat hun waarden herkenbare personen zouden "
              "beschrijven; ze tellen mee in het gemiddelde en de mediaan hierboven."},
    "clusters_of_size": {"en": "{count} of size {size}", "nl": "{count} van grootte {size}"},
    # the verdict: a property of the cluster?
    "cv_none": {"en": "Whether {x} is a property of the clusters ({cluster}) could not be "
                      "assessed.",
                "nl": "Of {x} een eigenschap van de clusters ({cluster}) is, kon niet beoordeeld "
                      "worden."},
    "cv_yes": {"en": "Yes: {x} behaves as a property of the clusters ({cluster}); their means "
                     "may be used.",
               "nl": "Ja: {x} gedraagt zich als een eigenschap van de clusters ({cluster}); hun "
                     "gemiddelden mogen gebruikt worden."},
    "cv_partly_agree": {
        "en": "Partly: the clusters ({cluster}) differ in {x} and their members agree, but the "
              "cluster means are not yet reliable (too few respondents per cluster); read them "
              "with care.",
        "nl": "Gedeeltelijk: de clusters ({cluster}) verschillen in {x} en hun leden zijn het "
              "eens, maar de clustergemiddelden zijn nog niet betrouwbaar (te weinig "
              "respondenten per cluster); lees ze met voorzichtigheid."},
    "cv_partly": {
        "en": "Partly: the clusters ({cluster}) differ in {x}, but their members do not agree "
              "strongly; a cluster's mean hides real differences within it.",
        "nl": "Gedeeltelijk: de clusters ({cluster}) verschillen in {x}, maar hun leden zijn het "
              "niet sterk eens; het gemiddelde van een cluster verbergt echte verschillen "
              "binnenin."},
    "cv_no": {"en": "No: {x} hardly differs between the clusters ({cluster}); it is each "
                    "respondent's own view.",
              "nl": "Nee: {x} verschilt nauwelijks tussen de clusters ({cluster}); het is de "
                    "eigen kijk van elke respondent."},
    "cv_unclear": {
        "en": "Not clearly: {x} differs little between the clusters ({cluster}) or their "
              "members disagree; it is mainly each respondent's own view, not a shared property "
              "of the cluster.",
        "nl": "Niet duidelijk: {x} verschilt weinig tussen de clusters ({cluster}) of hun leden "
              "zijn het oneens; het is vooral de eigen kijk van elke respondent, geen gedeelde "
              "eigenschap van de cluster."},
    "cv_icc": {
        "en": "ICC(1) = {icc1}: {size} differences between clusters (.01 small, .10 medium, .25 "
              "large; LeBreton & Senter 2008, after Murphy & Myors 1998). ICC(2) = {icc2}: the "
              "cluster means are {reliable} by the usual standard of .70 (LeBreton & Senter "
              "2008); {need}.",
        "nl": "ICC(1) = {icc1}: {size} verschillen tussen clusters (0,01 klein, 0,10 "
              "middelgroot, 0,25 groot; LeBreton & Senter 2008, naar Murphy & Myors 1998). "
              "ICC(2) = {icc2}: de clustergemiddelden zijn {reliable} volgens de gebruikelijke "
              "norm van 0,70 (LeBreton & Senter 2008); {need}."},
    "reliable": {"en": "reliable", "nl": "betrouwbaar"},
    "not_reliable": {"en": "not reliable", "nl": "niet betrouwbaar"},
    "size_negligible": {"en": "negligible", "nl": "verwaarloosbare"},
    "size_small": {"en": "small", "nl": "kleine"},
    "size_medium": {"en": "medium", "nl": "middelgrote"},
    "size_large": {"en": "large", "nl": "grote"},
    "cv_need": {"en": "a cluster needs {k} respondents for ICC(2) ≥ .70 (Spearman-Brown; now "
                      "{now} on average)",
                "nl": "een cluster heeft {k} respondenten nodig voor ICC(2) ≥ 0,70 "
                      "(Spearman-Brown; nu gemiddeld {now})"},
    "cv_need_never": {"en": "no cluster size brings ICC(2) to .70, since ICC(1) is not above 0",
                      "nl": "geen clustergrootte brengt ICC(2) op 0,70, omdat ICC(1) niet boven "
                            "0 ligt"},
    "cv_rwg": {
        "en": "Within a cluster, respondents show {level}: mean rwg(j) = {mean} (median "
              "{median}) over the {k} clusters with two or more respondents (.00-.30 lack of "
              "agreement, .31-.50 weak, .51-.70 moderate, .71-.90 strong, .91-1.00 very strong; "
              "LeBreton & Senter 2008).",
        "nl": "Binnen een cluster tonen respondenten {level}: gemiddelde rwg(j) = {mean} "
              "(mediaan {median}) over de {k} clusters met twee of meer respondenten "
              "(0,00-0,30 geen overeenstemming, 0,31-0,50 zwak, 0,51-0,70 matig, 0,71-0,90 "
              "sterk, 0,91-1,00 zeer sterk; LeBreton & Senter 2008)."},
    "lack of agreement": {"en": "lack of agreement", "nl": "geen overeenstemming"},
    "weak agreement": {"en": "weak agreement", "nl": "zwakke overeenstemming"},
    "moderate agreement": {"en": "moderate agreement", "nl": "matige overeenstemming"},
    "strong agreement": {"en": "strong agreement", "nl": "sterke overeenstemming"},
    "very strong agreement": {"en": "very strong agreement", "nl": "zeer sterke overeenstemming"},
    "undefined": {"en": "undefined", "nl": "onbepaald"},
    # between or within clusters
    "t_within": {"en": "Between or within clusters?", "nl": "Tussen of binnen clusters?"},
    "t_within_of": {"en": "{x}: within and between", "nl": "{x}: binnen en tussen"},
    "h_wb_effect": {"en": "Effect", "nl": "Effect"},
    "within": {"en": "within", "nl": "binnen"},
    "between": {"en": "between", "nl": "tussen"},
    "contextual": {"en": "contextual", "nl": "contextueel"},
    "note_within": {
        "en": "Random-intercept model (REML) of {x} on the cluster's mean {score} (between) and "
              "the respondent's deviation from it (within), with the covariates; contextual = "
              "between − within (Mundlak 1978; Raudenbush & Bryk 2002). df and p: "
              "Satterthwaite (R lmerTest).",
        "nl": "Model met willekeurig intercept (REML) van {x} op het clustergemiddelde van "
              "{score} (tussen) en de afwijking van de respondent daarvan (binnen), met de "
              "covariaten; contextueel = tussen − binnen (Mundlak 1978; Raudenbush & Bryk "
              "2002). df en p: Satterthwaite (R lmerTest)."},
    "wb_between": {
        "en": "{x} follows the cluster's mean {score} (between effect), not the respondent's "
              "own deviation from it (within effect not distinguishable from 0).",
        "nl": "{x} volgt het clustergemiddelde van {score} (tusseneffect), niet de eigen "
              "afwijking van de respondent daarvan (binneneffect niet te onderscheiden van 0)."},
    "wb_within": {
        "en": "{x} follows the respondent's own {score} within a cluster (within effect), not "
              "the cluster's mean (between effect not distinguishable from 0).",
        "nl": "{x} volgt de eigen {score} van de respondent binnen een cluster (binneneffect), "
              "niet het clustergemiddelde (tusseneffect niet te onderscheiden van 0)."},
    "wb_both": {
        "en": "For {x}, both the respondent's own {score} and the cluster's mean matter; the "
              "contextual effect (between − within) is distinguishable from 0.",
        "nl": "Voor {x} doen zowel de eigen {score} van de respondent als het "
              "clustergemiddelde ertoe; het contextuele effect (tussen − binnen) is te "
              "onderscheiden van 0."},
    "wb_both_same": {
        "en": "For {x}, both the respondent's own {score} and the cluster's mean matter; the "
              "contextual effect (between − within) is not distinguishable from 0.",
        "nl": "Voor {x} doen zowel de eigen {score} van de respondent als het "
              "clustergemiddelde ertoe; het contextuele effect (tussen − binnen) is niet te "
              "onderscheiden van 0."},
    "wb_neither": {
        "en": "For {x}, neither the within nor the between effect of {score} is "
              "distinguishable from 0 at the {level}% level.",
        "nl": "Voor {x} is noch het binneneffect noch het tusseneffect van {score} te "
              "onderscheiden van 0 op het {level}%-niveau."},
    # wild cluster bootstrap
    "t_wild": {"en": "Wild cluster bootstrap", "nl": "Wild cluster bootstrap"},
    "h_outcome": {"en": "Outcome", "nl": "Uitkomst"},
    "o_mean": {"en": "mean", "nl": "gemiddelde"},
    "o_high": {"en": "% high", "nl": "% hoog"},
    "note_wild": {
        "en": "Restricted wild cluster bootstrap (WCR), {weights} weights, B = {b} ({how}); CI "
              "by test inversion (as fwildclusterboot::boottest).",
        "nl": "Beperkte wild cluster bootstrap (WCR), {weights}-gewichten, B = {b} ({how}); BI "
              "door inversie van de toets (zoals fwildclusterboot::boottest)."},
    "wild_all": {"en": "every sign vector", "nl": "alle tekenvectoren"},
    "wild_seed": {"en": "seed {seed}", "nl": "seed {seed}"},
    # ordinal reliability
    "h_ordinal_of": {"en": "Ordinal {x}", "nl": "Ordinale {x}"},
    "note_ordinal": {
        "en": "Ordinal α and ω: the same on the polychoric correlations of the answers (R "
              "psych::polychoric, alpha, fa with fm = 'ml'), which treat the answers as ordered "
              "categories",
        "nl": "Ordinale α en ω: dezelfde op de polychorische correlaties van de antwoorden (R "
              "psych::polychoric, alpha, fa met fm = 'ml'), die de antwoorden als geordende "
              "categorieën behandelen"},
    "note_ordinal_boot": {"en": "; percentile bootstrap CI ({boot} resamples).",
                          "nl": "; percentiel-bootstrap-BI ({boot} trekkingen)."},
    "note_ordinal_noboot": {
        "en": " (no CI: analyse(..., n_boot_ordinal=1000) adds bootstrap CIs).",
        "nl": " (geen BI: analyse(..., n_boot_ordinal=1000) voegt bootstrap-BI's toe)."},
    # is the scale the same for every group? (measurement invariance)
    "t_groups": {"en": "Is the scale the same for every group? ({group})",
                 "nl": "Is de schaal dezelfde voor elke groep? ({group})"},
    "lvl_configural": {"en": "Configural (same items, same factor)",
                       "nl": "Configuraal (dezelfde items, dezelfde factor)"},
    "lvl_metric": {"en": "Metric (equal loadings)", "nl": "Metrisch (gelijke ladingen)"},
    "lvl_scalar": {"en": "Scalar (equal intercepts)", "nl": "Scalair (gelijke intercepten)"},
    "lvl_strict": {"en": "Strict (equal residual variances)",
                   "nl": "Strikt (gelijke residuele varianties)"},
    "h_holds": {"en": "Holds", "nl": "Houdt stand"},
    "h_released": {"en": "Released", "nl": "Vrijgelaten"},
    "h_group": {"en": "Group", "nl": "Groep"},
    "h_in_model": {"en": "In the model", "nl": "In het model"},
    "t_invariance": {"en": "{x}: invariance across {group}", "nl": "{x}: invariantie over {group}"},
    "t_group_means": {"en": "{x} by {group}", "nl": "{x} per {group}"},
    "note_invariance": {
        "en": "One-factor model of the keyed items, fitted by ML in all groups at once (items "
              "treated as continuous; R lavaan cfa(group = , group.equal = )); complete "
              "respondents per group: {n}. Each level against the last that held: chi-square "
              "difference (lavTestLRT); a level holds while CFI drops by at most .010 and RMSEA "
              "rises by at most .015 (Chen 2007; Cheung & Rensvold 2002). Released: constraints "
              "freed one at a time by the largest score test (lavTestScore), partial invariance "
              "(Byrne, Shavelson & Muthén 1989).",
        "nl": "Model met één factor van de gescoorde items, met ML in alle groepen tegelijk "
              "geschat (items als continu behandeld; R lavaan cfa(group = , group.equal = )); "
              "volledige respondenten per groep: {n}. Elk niveau tegenover het laatste dat "
              "standhield: verschil in chikwadraat (lavTestLRT); een niveau houdt stand zolang "
              "CFI met hoogstens 0,010 daalt en RMSEA met hoogstens 0,015 stijgt (Chen 2007; "
              "Cheung & Rensvold 2002). Vrijgelaten: beperkingen één voor één vrijgegeven "
              "volgens de grootste scoretoets (lavTestScore), partiële invariantie (Byrne, "
              "Shavelson & Muthén 1989)."},
    "note_group_means": {
        "en": "Observed mean scale score per group (t CI), for description",
        "nl": "Geobserveerde gemiddelde schaalscore per groep (t-BI), ter beschrijving"},
    "means_ok": {"en": "; the groups' means may be compared (scalar invariance holds).",
                 "nl": "; de gemiddelden van de groepen mogen vergeleken worden (scalaire "
                       "invariantie houdt stand)."},
    "means_not": {"en": "; do not compare them: scalar invariance does not hold or was not "
                        "tested.",
                  "nl": "; vergelijk ze niet: scalaire invariantie houdt geen stand of werd niet "
                        "getoetst."},
    "groups_hidden": {"en": " Withheld ('–'): groups of fewer than {min_cell} respondents.",
                      "nl": " Niet getoond ('–'): groepen van minder dan {min_cell} "
                            "respondenten."},
    "inv_strict": {
        "en": "{level} invariance holds across {group}{released}: loadings, {what} and residual "
              "variances are equal, so latent means and observed scale scores may be compared.",
        "nl": "{level} invariantie houdt stand over {group}{released}: ladingen, {what} en "
              "residuele varianties zijn gelijk, dus latente gemiddelden en geobserveerde "
              "schaalscores mogen vergeleken worden."},
    "inv_scalar": {
        "en": "{level} invariance holds across {group}{released}: loadings and {what} are "
              "equal, so latent means may be compared.",
        "nl": "{level} invariantie houdt stand over {group}{released}: ladingen en {what} zijn "
              "gelijk, dus latente gemiddelden mogen vergeleken worden."},
    "inv_metric": {
        "en": "{level} invariance holds across {group}{released}, but not scalar invariance: "
              "loadings are equal, {what} are not, so relations (correlations, regressions) may "
              "be compared, means may not.",
        "nl": "{level} invariantie houdt stand over {group}{released}, maar scalaire "
              "invariantie niet: de ladingen zijn gelijk, de {what} niet, dus verbanden "
              "(correlaties, regressies) mogen vergeleken worden, gemiddelden niet."},
    "inv_configural": {
        "en": "Only configural invariance across {group}{released}: the same factor and items, "
              "but the loadings differ, so neither means nor relations may be compared.",
        "nl": "Alleen configurale invariantie over {group}{released}: dezelfde factor en items, "
              "maar de ladingen verschillen, dus gemiddelden noch verbanden mogen vergeleken "
              "worden."},
    # partial invariance: the equality holds except for the released parameters
    "inv_strict_partial": {
        "en": "{level} invariance holds across {group}{released}: loadings, {what} and residual "
              "variances are equal except the released ones, so latent means may be compared; "
              "observed scale scores only with care, since the released parameters differ "
              "between groups.",
        "nl": "{level} invariantie houdt stand over {group}{released}: ladingen, {what} en "
              "residuele varianties zijn gelijk, behalve de vrijgelaten, dus latente gemiddelden "
              "mogen vergeleken worden; geobserveerde schaalscores alleen met voorzichtigheid, "
              "want de vrijgelaten parameters verschillen tussen de groepen."},
    "inv_scalar_partial": {
        "en": "{level} invariance holds across {group}{released}: loadings and {what} are "
              "equal except the released ones, so latent means may be compared.",
        "nl": "{level} invariantie houdt stand over {group}{released}: ladingen en {what} zijn "
              "gelijk, behalve de vrijgelaten, dus latente gemiddelden mogen vergeleken worden."},
    "inv_metric_partial": {
        "en": "{level} invariance holds across {group}{released}, but not scalar invariance: "
              "loadings are equal except the released ones, {what} are not, so relations "
              "(correlations, regressions) may be compared, means may not.",
        "nl": "{level} invariantie houdt stand over {group}{released}, maar scalaire "
              "invariantie niet: de ladingen zijn gelijk, behalve de vrijgelaten, de {what} "
              "niet, dus verbanden (correlaties, regressies) mogen vergeleken worden, "
              "gemiddelden niet."},
    "lv_strict": {"en": "Strict", "nl": "Strikte"},
    "lv_scalar": {"en": "Scalar", "nl": "Scalaire"},
    "lv_metric": {"en": "Metric", "nl": "Metrische"},
    "lv_configural": {"en": "Configural", "nl": "Configurale"},
    "lv_partial": {"en": "Partial {level}", "nl": "Partiële {level}"},
    "what_intercepts": {"en": "intercepts", "nl": "intercepten"},
    "what_thresholds": {"en": "thresholds", "nl": "drempels"},
    "released": {"en": " (released: {list})", "nl": " (vrijgelaten: {list})"},
    "p_loading": {"en": "loading of {item}", "nl": "lading van {item}"},
    "p_residual": {"en": "residual variance of {item}", "nl": "residuele variantie van {item}"},
    "p_intercept": {"en": "intercept of {item}", "nl": "intercept van {item}"},
    "p_threshold": {"en": "threshold of {item}", "nl": "drempel van {item}"},
    "inv_compare_ok": {"en": "The means of {x} per {group} may be compared.",
                       "nl": "De gemiddelden van {x} per {group} mogen vergeleken worden."},
    "inv_compare_not": {
        "en": "The means of {x} per {group} should not be compared: a difference could come "
              "from how the items work in a group rather than from what they measure.",
        "nl": "De gemiddelden van {x} per {group} mogen niet vergeleken worden: een verschil "
              "kan komen van hoe de items in een groep werken, eerder dan van wat ze meten."},
    "inv_dropped": {
        "en": "'{g}' was left out of the model (too few complete respondents, or answers too "
              "uniform): whether {x} measures the same there is unknown; its observed mean is "
              "shown for description only.",
        "nl": "'{g}' werd uit het model weggelaten (te weinig volledige respondenten, of te "
              "eenvormige antwoorden): of {x} daar hetzelfde meet, is onbekend; het "
              "geobserveerde gemiddelde wordt enkel ter beschrijving getoond."},
    "inv_not_tested": {
        "en": "Whether {x} measures the same in every group ({group}) could not be tested. The "
              "means per group below are descriptive only; do not read their differences as "
              "differences in what the scale measures.",
        "nl": "Of {x} in elke groep ({group}) hetzelfde meet, kon niet getoetst worden. De "
              "gemiddelden per groep hieronder zijn enkel beschrijvend; lees hun verschillen "
              "niet als verschillen in wat de schaal meet."},
}  # fmt: skip
