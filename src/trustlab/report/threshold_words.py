"""The threshold statement in the report's language and number format.

:class:`~trustlab.models.statement.ThresholdStatement` holds the finding (the first category
from which the outcome is high, whether that is one step, the values and the rule); this
module says it in words, with the report's numbers (``87,9%`` in Dutch) and an APA p-value.
"""

from __future__ import annotations

from typing import Any

from trustlab.analysis import Analysis
from trustlab.report.blocks import apa, p_text
from trustlab.report.labels import category
from trustlab.report.words import say

__all__ = ["threshold_text"]


def _value(value: float, share: bool, lang: str) -> str:
    return f"{apa(100 * value, 1, lang=lang)}%" if share else apa(value, lang=lang)


def threshold_text(analysis: Analysis, result: Any, words: str, lang: str) -> str:
    """The statement of ``result`` (an exposure result of one scale) in ``lang``."""
    statement = result.statement
    kind, _, cut = statement.rule.split(" ", 2)
    share = kind == "share"
    cutoff = _value(float(cut), share, lang)
    rule = say("rule_share" if share else "rule_mean", lang, cut=cutoff)
    values = statement.values.dropna()
    cats = list(values.index)

    def name(label: object) -> str:
        return category(analysis, str(label), lang).rstrip(" *")

    big = words[:1].upper() + words[1:]
    first = statement.first_high
    if first is None:
        top = cats[-1]
        return say("thr_none", lang, X=big, top=name(top), v=_value(values[top], share, lang),
                   rule=rule)  # fmt: skip
    idx = cats.index(first)
    shown = ", ".join(_value(v, share, lang) for v in values.iloc[idx:])
    text = say("thr_first", lang, X=big, first=name(first), rule=rule, values=shown)
    below = cats[idx - 1] if idx > 0 else None
    if below is None:
        return text + say("thr_all", lang)
    text += say("thr_against", lang, v=_value(values[below], share, lang), below=name(below))
    contrasts = result.contrasts
    if contrasts is not None:
        table = contrasts.table
        step = table[(table["lower"] == below) & (table["upper"] == first)]
        if len(step):
            p = float(step["p_holm"].iloc[0])
            sig = say("significant" if p < 0.05 else "not_significant", lang)
            text += say("thr_step", lang, below=name(below), d=apa(step["estimate"].iloc[0],
                        lang=lang), p=p_text(p, lang), sig=sig)  # fmt: skip
    if not statement.monotone:
        strict = statement.rule.split(" ")[1] == ">"
        rule_met = [c for c in cats[: max(idx - 1, 0)]
                    if (values[c] > float(cut) if strict else values[c] >= float(cut))]  # fmt: skip
        listed = ", ".join(f"'{name(c)}' ({_value(values[c], share, lang)})" for c in rule_met)
        text += say("thr_not_single", lang, list=listed)
    return text
