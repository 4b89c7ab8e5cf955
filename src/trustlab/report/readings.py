"""The verdicts of the cluster and group analyses in the reader's language: whether a scale is a
property of the cluster (ICC(1), ICC(2), rwg(j) with LeBreton & Senter's cut-offs), whether it
is within or between clusters (Mundlak), and which level of measurement invariance holds.

The statistics word these verdicts in English (``verdict``, ``reading``, kept in
``results.json``); the report reads the same numbers and says them with the catalogue's words
(:mod:`trustlab.report.words`). Nothing here computes a statistic.
"""

from __future__ import annotations

import math
from typing import Any

from trustlab.analysis import Analysis
from trustlab.models.agreement import ICC2_RELIABLE
from trustlab.report.blocks import apa
from trustlab.report.labels import variable_label
from trustlab.report.words import WORDS, say

__all__ = ["cluster_reading", "invariance_reading", "level_words", "released", "within_reading"]


def level_words(level: object, lang: str) -> str:
    """An agreement level (``"strong agreement"``) in ``lang``; other text as it is."""
    return say(str(level), lang) if str(level) in WORDS else str(level)


def _head(differ: bool, agree: bool, reliable: bool, icc: Any) -> str:
    if differ and agree and reliable:
        return "cv_yes"
    if differ:
        return "cv_partly_agree" if agree else "cv_partly"
    if icc is not None and icc.icc1 < 0.01:
        return "cv_no"
    return "cv_unclear"


def cluster_reading(analysis: Analysis, agreement: Any, words: str, lang: str) -> str:
    """Whether the scale (``words``) is a property of the cluster, with the numbers behind it
    (the same cut-offs as :func:`trustlab.clusters.cluster_verdict`)."""
    cluster = variable_label(analysis, analysis.plan.cluster, lang)
    icc, rwg = agreement.icc, agreement.rwg
    if icc is None and rwg is None:
        return say("cv_none", lang, x=words, cluster=cluster)
    parts = []
    differ = reliable = agree = False
    if icc is not None:
        differ, reliable = icc.icc1 >= 0.10, icc.icc2 >= ICC2_RELIABLE
        k = icc.group_size_for_070
        need = (say("cv_need", lang, k=math.ceil(k), now=apa(icc.group_size, 1, lang=lang))
                if math.isfinite(k) else say("cv_need_never", lang))  # fmt: skip
        parts.append(say("cv_icc", lang, icc1=apa(icc.icc1, bounded=True, lang=lang),
                         size=say(f"size_{icc.size}", lang),
                         icc2=apa(icc.icc2, bounded=True, lang=lang),
                         reliable=say("reliable" if reliable else "not_reliable", lang),
                         need=need))  # fmt: skip
    if rwg is not None:
        agree = rwg.mean > 0.70
        parts.append(say("cv_rwg", lang, level=level_words(rwg.level, lang),
                         mean=apa(rwg.mean, bounded=True, lang=lang),
                         median=apa(rwg.median, bounded=True, lang=lang),
                         k=rwg.n_groups_defined))  # fmt: skip
    head = say(_head(differ, agree, reliable, icc), lang, x=words, cluster=cluster)
    return " ".join([head, *parts])


def within_reading(analysis: Analysis, wb: Any, words: str, lang: str) -> str:
    """Which of the within and between effects is distinguishable from zero, in words."""
    score = analysis.plan.exposure.score_label.get(lang)
    alpha = 1 - getattr(wb.fit, "confidence_level", 0.95)
    sig = {row.effect: row.p_value < alpha for row in wb.table.itertuples()}
    if sig["between"] and not sig["within"]:
        key = "wb_between"
    elif sig["within"] and not sig["between"]:
        key = "wb_within"
    elif sig["within"] and sig["between"]:
        key = "wb_both" if sig["contextual"] else "wb_both_same"
    else:
        return say("wb_neither", lang, x=words, score=score, level=f"{100 * alpha:g}")
    text = say(key, lang, x=words, score=score)
    return text[:1].upper() + text[1:]


_PARAMETERS = (("=~", "p_loading"), ("~~", "p_residual"), ("~1", "p_intercept"),
               ("|", "p_threshold"))  # fmt: skip


def _parameter(name: str, lang: str) -> str:
    """``T4~~T4`` -> ``residual variance of T4``; ``distrust=~D3`` -> ``loading of D3``."""
    for token, key in _PARAMETERS:
        if token in name:
            left, right = name.split(token, 1)
            item = (left if key in ("p_residual", "p_intercept", "p_threshold") else right).strip()
            return say(key, lang, item=item)
    return name


def released(names: Any, lang: str) -> str:
    """The released constraints in words (empty when none).

    Examples
    --------
    >>> released(["T4~~T4", "distrust=~D3"], "nl")
    'residuele variantie van T4, lading van D3'
    """
    return ", ".join(_parameter(str(n), lang) for n in names)


def invariance_reading(analysis: Analysis, comparison: Any, words: str, lang: str) -> str:
    """Which level of measurement invariance holds, whether the groups' means may be compared
    and which groups were left out of the model."""
    group = variable_label(analysis, comparison.group, lang)
    inv = comparison.invariance
    if inv is None:
        return say("inv_not_tested", lang, x=words, group=group)
    level = say(f"lv_{inv.level}", lang)
    if inv.partial:
        level = say("lv_partial", lang, level=level.lower())
    names = released(inv.freed["parameter"], lang) if inv.partial else ""
    what = say("what_thresholds" if inv.estimator == "WLSMV" else "what_intercepts", lang)
    key = f"inv_{inv.level}_partial" if inv.partial and inv.level != "configural" else (
        f"inv_{inv.level}")  # fmt: skip
    parts = [say(key, lang, level=level, group=group, what=what,
                 released=say("released", lang, list=names) if names else "")]  # fmt: skip
    key = "inv_compare_ok" if inv.means_comparable else "inv_compare_not"
    parts.append(say(key, lang, x=words, group=group))
    for label in comparison.left_out:
        g = _group_label(analysis, comparison.group, label, lang)
        parts.append(say("inv_dropped", lang, g=g, x=words))
    return " ".join(parts)


def _group_label(analysis: Analysis, column: str, value: object, lang: str) -> str:
    variable = {v.column: v for v in analysis.survey.codebook.variables()}.get(column)
    words = {c.label: c.get(lang) for c in getattr(variable, "categories", ())}
    return words.get(str(value), str(value))
