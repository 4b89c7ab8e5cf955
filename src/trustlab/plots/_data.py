"""What the figures need from a survey: the data, the codebook, scores and labels in a language.

No statistics here: scores come from :func:`trustlab.score_scales`, and the figures call the
model functions themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trustlab.errors import TrustlabError

if TYPE_CHECKING:
    import pandas as pd

    from trustlab.input.codebook import Codebook
    from trustlab.input.survey import Survey

__all__ = [
    "as_survey",
    "whiskers",
    "codebook_or_default",
    "frequency_column",
    "category_label",
    "category_labels",
    "item_label",
    "scale_label",
    "variable_label",
    "term_label",
    "scores_frame",
]


def codebook_or_default(codebook: Codebook | None) -> Codebook:
    """``codebook``, or trustlab's default codebook."""
    if codebook is not None:
        return codebook
    from trustlab.input.codebook import default_codebook

    return default_codebook()


def as_survey(data: Any, codebook: Codebook | None = None) -> Survey:
    """A :class:`Survey` from a Survey or a DataFrame in canonical columns (+ codebook)."""
    import pandas as pd

    from trustlab.input.survey import Survey

    if isinstance(data, Survey):
        return data
    if isinstance(data, pd.DataFrame):
        cb = codebook_or_default(codebook)
        variable = cb.meeting_frequency
        if (
            variable is not None
            and variable.column in data
            and not isinstance(data[variable.column].dtype, pd.CategoricalDtype)
        ):
            data = data.copy()
            data[variable.column] = pd.Categorical(
                data[variable.column], categories=variable.labels, ordered=True
            )
        return Survey(data=data, codebook=cb)
    raise TrustlabError(
        f"Expected a Survey (trustlab.read_survey) or a pandas DataFrame, got "
        f"{type(data).__name__}.",
        expected="Survey or DataFrame",
    )


def frequency_column(survey: Survey) -> str:
    """The meeting-frequency column, or a clear error when the codebook or data lack it."""
    variable = survey.codebook.meeting_frequency
    if variable is None:
        raise TrustlabError("The codebook declares no meeting_frequency variable.")
    if variable.column not in survey.data:
        raise TrustlabError(
            f"The data have no column {variable.column!r} (meeting frequency).",
            column=variable.column,
        )
    return variable.column


def category_label(codebook: Codebook, label: Any, lang: str) -> str:
    """The label of a meeting-frequency or covariate category in ``lang`` (as is when unknown)."""
    variables = [v for v in codebook.variables() if hasattr(v, "categories")]
    for variable in variables:
        for category in variable.categories:
            if str(label) in (category.label, category.en):
                return category.get(lang)
    return str(label)


def category_labels(codebook: Codebook, labels: Any, lang: str) -> list[str]:
    """:func:`category_label` of each label."""
    return [category_label(codebook, label, lang) for label in labels]


def item_label(codebook: Codebook, column: str, lang: str, *, text: bool = True) -> str:
    """``"T7 (R)"`` or ``"T7 (R)  I doubt ..."``: the item id, a reverse mark and its text."""
    try:
        item = codebook.item(column)
    except KeyError:
        return column
    head = f"{column} (R)" if item.reverse else column
    return f"{head}  {item.text.get(lang)}" if text else head


def scale_label(codebook: Codebook, name: str, lang: str) -> str:
    """The scale's label in ``lang`` ("trust in the network approach"), or its name."""
    scale = codebook.scales.get(name)
    return scale.label.get(lang) if scale is not None else name


def variable_label(codebook: Codebook, column: str, lang: str) -> str:
    """The label of a covariate or of meeting frequency in ``lang``, or the column name."""
    for variable in codebook.variables():
        if variable.column == column:
            return variable.label.get(lang)
    if column in codebook.scales:
        return scale_label(codebook, column, lang)
    if column.startswith("high_") and column[5:] in codebook.scales:
        high = {"nl": "hoog", "en": "high"}[lang]
        return f"{high} {scale_label(codebook, column[5:], lang)}"
    return column


def term_label(codebook: Codebook, term: str, lang: str) -> str:
    """A model term as a reader says it: ``"meeting frequency: 3-4 times a year"``."""
    if term.endswith("]") and "[" in term:
        variable, level = term[:-1].split("[", 1)
        return (
            f"{variable_label(codebook, variable, lang)}: {category_label(codebook, level, lang)}"
        )
    return variable_label(codebook, term, lang)


def scores_frame(survey: Survey, lang: str) -> pd.DataFrame:
    """``Survey.data`` with the columns of :func:`trustlab.score_scales` (id not repeated)."""
    import pandas as pd

    from trustlab.scales import score_scales

    scores = score_scales(survey, lang=lang)
    extra = scores.drop(columns=[c for c in scores.columns if c in survey.data.columns])
    frame = pd.concat([survey.data, extra], axis=1)
    frame.attrs["rules"] = scores.attrs.get("rules", {})
    return frame


def whiskers(estimate: Any, low: Any, high: Any) -> Any:
    """Whisker lengths ``(estimate - low, high - estimate)`` for ``errorbar``, never negative.

    A bound that lies a rounding error beyond its estimate (the Wilson interval of a share of
    100% ends at 1 - 1e-16) would make matplotlib refuse the whole figure; it draws no whisker.
    """
    import numpy as np

    estimate = np.asarray(estimate, dtype=float)
    err = np.vstack([estimate - np.asarray(low, dtype=float),
                     np.asarray(high, dtype=float) - estimate])  # fmt: skip
    return np.where(err < 0, 0.0, err)
