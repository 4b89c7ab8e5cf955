"""What the figures take from an analysis: its results and the words of its codebook.

No statistics here: every number a figure shows is a field of the :class:`~trustlab.Analysis`
(or of another result object). Texts from the user's codebook are escaped for matplotlib, so a
``$`` in a label is drawn as a dollar sign, never read as mathematics.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from trustlab.analysis import Analysis
from trustlab.errors import TrustlabError
from trustlab.exposure import ExposureResult
from trustlab.input.schema import Codebook
from trustlab.plots._style import word

__all__ = [
    "category_label",
    "category_labels",
    "check_analysis",
    "exposure_of",
    "item_label",
    "safe",
    "scale_label",
    "term_label",
    "variable_label",
    "whiskers",
]


def safe(text: Any) -> str:
    r"""``text`` as matplotlib draws it literally: ``$`` escaped (no mathtext).

    Examples
    --------
    >>> safe("costs in $ per $year")
    'costs in \\$ per \\$year'
    """
    return str(text).replace("$", r"\$")


def check_analysis(analysis: Any) -> Analysis:
    """``analysis`` itself, or a clear error when it is something else."""
    if not isinstance(analysis, Analysis):
        raise TrustlabError(
            f"Expected the result of trustlab.analyse(...), got {type(analysis).__name__}. "
            "Run analysis = trustlab.analyse(survey) and pass the analysis.",
            expected="Analysis",
        )
    return analysis


def exposure_of(analysis: Analysis) -> ExposureResult:
    """The analysis' exposure results, or an error that says why there are none."""
    check_analysis(analysis)
    if analysis.exposure is None:
        why = " ".join(n for n in analysis.not_run if "exposure" in n) or "no exposure declared."
        raise TrustlabError(f"This analysis has no results against an exposure: {why}")
    return analysis.exposure


def category_label(codebook: Codebook, label: Any, lang: str) -> str:
    """The label of an exposure or covariate category in ``lang`` (as is when unknown)."""
    for variable in codebook.variables():
        for category in getattr(variable, "categories", ()):
            if str(label) in (category.label, category.en):
                return safe(category.get(lang))
    return safe(label)


def category_labels(codebook: Codebook, labels: Any, lang: str) -> list[str]:
    """:func:`category_label` of each label."""
    return [category_label(codebook, label, lang) for label in labels]


def item_label(codebook: Codebook, column: str, lang: str, *, text: bool = True) -> str:
    """``"T7 (R)"`` or ``"T7 (R)  I doubt ..."``: the item id, a reverse mark and its text."""
    try:
        item = codebook.item(column)
    except KeyError:
        return safe(column)
    head = f"{column} (R)" if item.reverse else column
    return safe(f"{head}  {item.text.get(lang)}" if text and item.text.get(lang) else head)


def scale_label(codebook: Codebook, name: str, lang: str) -> str:
    """The scale's label in ``lang`` ("trust in the network approach"), or its name."""
    scale = codebook.scales.get(name)
    return safe(scale.label.get(lang) if scale is not None else name)


def variable_label(codebook: Codebook, column: str, lang: str) -> str:
    """The label of a covariate or of the exposure in ``lang``, or the column name."""
    for variable in codebook.variables():
        if variable.column == column:
            return safe(variable.label.get(lang))
    if column in codebook.scales:
        return scale_label(codebook, column, lang)
    if column.startswith("high_") and column[5:] in codebook.scales:
        high = word("high", lang)
        return f"{high} {scale_label(codebook, column[5:], lang)}"
    if codebook.exposure is not None and column.startswith(codebook.exposure.column + " ("):
        return safe(codebook.exposure.score_label.get(lang))
    return safe(column)


def term_label(codebook: Codebook, term: str, lang: str) -> str:
    """A model term as a reader says it: ``"meeting frequency: 3-4 times a year"``."""
    if term.endswith("]") and "[" in term:
        variable, level = term[:-1].split("[", 1)
        return (
            f"{variable_label(codebook, variable, lang)}: {category_label(codebook, level, lang)}"
        )
    return variable_label(codebook, term, lang)


def whiskers(estimate: Any, low: Any, high: Any) -> Any:
    """Whisker lengths ``(estimate - low, high - estimate)`` for ``errorbar``, never negative.

    A bound that lies a rounding error beyond its estimate (the Wilson interval of a share of
    100% ends at 1 - 1e-16) would make matplotlib refuse the whole figure; it draws no whisker.
    """
    estimate = np.asarray(estimate, dtype=float)
    err = np.vstack([estimate - np.asarray(low, dtype=float),
                     np.asarray(high, dtype=float) - estimate])  # fmt: skip
    return np.where(err < 0, 0.0, err)
