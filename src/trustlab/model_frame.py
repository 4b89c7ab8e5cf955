"""The model frame: the columns the models use, under their own names, made once per analysis.

The scale scores and their high flags, the exposure and its score (and log score), the cluster
coded once, the covariates and the items, none of the data's columns copied; the exposure
models (:mod:`trustlab.exposure`), the clusters and the streamed analysis all read it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from trustlab.errors import PlanError
from trustlab.input.arrow_memory import give_back
from trustlab.plan import Plan

__all__ = ["model_frame", "score_columns"]


def score_columns(column: str) -> tuple[str, str]:
    """The names of the exposure's score and log score columns in the model frame."""
    return f"{column} (score)", f"{column} (log score)"


def model_frame(plan: Plan, data: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """The columns the models use, under their own names: the scale scores and high flags
    (0/1 floats), the exposure (ordered categorical) and its score, the cluster (categorical,
    coded once) and the covariates. No column of ``data`` is copied."""
    exposure = plan.exposure
    columns: dict[str, pd.Series] = {}
    for name in plan.scales:
        columns[name] = scores[name]
        columns[f"high_{name}"] = scores[f"high_{name}"].astype("Float64").astype(float)
    if exposure is not None:
        columns[exposure.column] = data[exposure.column]
        if exposure.scores is not None:
            score, log_score = score_columns(exposure.column)
            values = _category_scores(data[exposure.column], exposure.labels, exposure.scores)
            columns[score] = values
            with np.errstate(divide="ignore", invalid="ignore"):
                columns[log_score] = np.log(values)
    if plan.cluster is not None and plan.cluster in data.columns:
        columns[plan.cluster] = pd.Series(pd.Categorical(data[plan.cluster]), index=data.index)
        give_back()  # coding text clusters left Arrow memory kept for reuse
    for column in plan.covariates:
        columns[column] = data[column]
    for item in {i for s in plan.scales.values() for i in s.items}:
        columns.setdefault(item, data[item])
    names = list(columns)
    if len(set(names)) != len(names):  # pragma: no cover - the codebook refuses these names
        raise PlanError("two roles of the plan use the same column name.")
    # the columns as they are, not copied into one block (CoW: the data never change through it)
    return pd.DataFrame(columns, index=data.index, copy=False)


def _category_scores(
    column: pd.Series, labels: Sequence[str], scores: Sequence[float]
) -> pd.Series:
    """Each respondent's category as its score (NaN: missing, or a category without one).

    A categorical column is looked up by its codes, a score per category (at ten million
    respondents 0.06 s instead of 1.9 s for a text per cell); the same numbers.

    Examples
    --------
    >>> col = pd.Series(pd.Categorical(["b", None, "a", "c"], categories=["a", "b", "c"]))
    >>> _category_scores(col, ["a", "b"], [0.5, 1.5]).tolist()
    [1.5, nan, 0.5, nan]
    """
    per = dict(zip(labels, scores, strict=True))
    if isinstance(column.dtype, pd.CategoricalDtype):
        lookup = np.array([per.get(c, np.nan) for c in column.cat.categories] + [np.nan])
        return pd.Series(lookup[column.cat.codes.to_numpy()], index=column.index, dtype=float)
    return column.astype(object).map(per).astype(float)
