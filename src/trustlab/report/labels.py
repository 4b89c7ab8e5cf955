"""Names a reader understands for what the analysis calls by column: categories, model terms,
reference categories. Everything comes from the codebook (labels in both languages) and the
model (its reference categories); no column name is written into trustlab.
"""

from __future__ import annotations

from typing import Any

from trustlab.analysis import Analysis

__all__ = ["category", "references", "term", "variable_label"]


def category(analysis: Analysis, label: str, lang: str) -> str:
    """An exposure category in ``lang`` (``*`` when the codebook marks it as assumed)."""
    exposure = analysis.plan.exposure
    for cat in exposure.categories if exposure is not None else ():
        if cat.label == label:
            return cat.get(lang) + (" *" if cat.assumed else "")
    return str(label)


def _variables(analysis: Analysis) -> dict[str, Any]:
    return {v.column: v for v in analysis.survey.codebook.variables()}


def variable_label(analysis: Analysis, column: str, lang: str) -> str:
    """The codebook's label of a variable (the column name when it has none)."""
    variable = _variables(analysis).get(column)
    return variable.label.get(lang) if variable is not None else str(column)


def _level(variable: Any, level: object, lang: str) -> str:
    words = {c.label: c.get(lang) for c in getattr(variable, "categories", ())}
    return words.get(str(level), str(level))


def term(analysis: Analysis, name: str, lang: str) -> str:
    """``meeting frequency: 3-4 times a year`` for ``meeting_frequency[3-4 keer per jaar]``.

    The intercept is ``(Intercept)`` in English and ``(Constante)`` in Dutch; a numeric term is
    its variable's label; the exposure's score terms say so.
    """
    if name == "(Intercept)":
        return "(Constante)" if lang == "nl" else "(Intercept)"
    variables = _variables(analysis)
    if name.endswith("]") and "[" in name:
        column, level = name[:-1].split("[", 1)
        variable = variables.get(column)
        if variable is not None:
            return f"{variable.label.get(lang)}: {_level(variable, level, lang)}"
        return f"{column}: {level}"
    if name in variables:
        return variables[name].label.get(lang)
    exposure = analysis.plan.exposure
    if exposure is not None and name.startswith(exposure.column + " ("):
        score = exposure.score_label.get(lang)
        if "log" in name:
            return f"log({score})"
        return score
    return name


def references(analysis: Analysis, model: Any, lang: str) -> str:
    """The reference category of every categorical predictor of ``model``, in words.

    Examples: ``meeting frequency: less than once a year; role: coordinator``.
    """
    variables = _variables(analysis)
    parts = []
    for column, levels in (getattr(model, "levels", None) or {}).items():
        if not levels:
            continue
        variable = variables.get(column)
        name = variable.label.get(lang) if variable is not None else str(column)
        parts.append(f"{name}: {_level(variable, levels[0], lang)}")
    return "; ".join(parts)
