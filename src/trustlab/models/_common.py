"""Shared pieces of the models: errors, warnings, input checks, sandwiches.

Nothing here knows about surveys or codebooks: the functions take DataFrames and column names.
The design matrices are built in :mod:`trustlab.models._design`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from trustlab.errors import ModelError, ModelWarning
from trustlab.models._large import (
    category_codes,
    cluster_codes,
    hc3_meat,
    row_blocks,
    row_quadratic,
    weighted_gram,
)
from trustlab.models.covariance import sandwich_cluster, standard_errors

__all__ = [
    "ModelError",
    "ModelWarning",
    "check_columns",
    "check_confidence_level",
    "check_finite",
    "MAX_MAGNITUDE",
    "categories_of",
    "category_codes",
    "cluster_codes",
    "hc3_meat",
    "holm",
    "sandwich_cluster",
    "standard_errors",
    "INTERCEPT",
    "MIN_CLUSTERS",
    "RowLabels",
    "row_blocks",
    "row_quadratic",
    "weighted_gram",
]

#: Name of the intercept term (as R prints it).
INTERCEPT = "(Intercept)"
#: Above this many rows the models switch to algorithms whose cost does not grow with n times
#: a factorisation (rank checks on the QR factor, IRLS on the normal equations); the results
#: agree to rounding error.
LARGE_N = 100_000
#: Fewer clusters than this trigger a :class:`ModelWarning` (cluster-robust SEs are unreliable).
MIN_CLUSTERS = 20


def warn(message: str, store: list[str]) -> None:
    """Issue ``message`` as a :class:`ModelWarning` and keep it in ``store``."""
    store.append(message)
    warnings.warn(message, ModelWarning, stacklevel=3)


def check_columns(data: Any, columns: Sequence[str]) -> pd.DataFrame:
    """Check that ``data`` is a DataFrame holding ``columns``; return it."""
    if not isinstance(data, pd.DataFrame):
        raise ModelError(
            f"Expected a pandas DataFrame, got {type(data).__name__}. "
            "Pass the data as a DataFrame with one row per respondent."
        )
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ModelError(
            f"Column {missing[0]!r} is not in the data (columns: "
            f"{', '.join(map(str, data.columns))}). Check the spelling.",
            column=str(missing[0]),
        )
    return data


#: Numbers beyond this magnitude are refused (as answers are by the psychometrics): the models
#: square and multiply them (X'X, sums of squares, sandwiches), which stays far below the largest
#: double (1.8e308) for any number of rows; no survey variable comes anywhere near it.
MAX_MAGNITUDE = 1e50


def check_finite(values: np.ndarray, name: str, index: Any, role: str = "Column") -> None:
    """Refuse an infinite value or one beyond :data:`MAX_MAGNITUDE` (NaN is missing, not here).

    ``index`` holds the row labels of ``values`` (looked up only for the message; see
    :class:`RowLabels`). The values are checked a block of rows at a time (no temporaries of
    their size).
    """
    i = None
    for rows in row_blocks(values.shape[0]):
        with np.errstate(invalid="ignore"):
            bad = np.abs(values[rows]) > MAX_MAGNITUDE  # also catches +-inf; NaN compares False
        if bad.any():
            i = rows.start + int(np.flatnonzero(bad)[0])
            break
    if i is None:
        return
    value = float(values[i])
    what = "an infinite value" if np.isinf(value) else f"the value {value:g}"
    raise ModelError(
        f"{role} {name!r} holds {what} (row {index[i]!r}); the statistics need finite numbers "
        f"within +/- {MAX_MAGNITUDE:g}. Replace it by a valid value or mark it missing (NaN).",
        column=str(name),
        value=value,
        expected=f"a finite number within +/- {MAX_MAGNITUDE:g}",
    )


class RowLabels:
    """The labels of the rows of ``index`` that ``keep`` selects (all of them with None),
    looked up one at a time: no copy of the index is made for a message that is seldom needed.

    Examples
    --------
    >>> import pandas as pd
    >>> RowLabels(pd.Index(["a", "b", "c"]), np.array([True, False, True]))[1]
    'c'
    """

    def __init__(self, index: pd.Index, keep: np.ndarray | None = None) -> None:
        self._index, self._keep = index, keep

    def __getitem__(self, i: int) -> Any:
        if self._keep is None:
            return self._index[i]
        return self._index[np.flatnonzero(self._keep)[i]]


def check_confidence_level(level: float) -> float:
    """Check that ``level`` is strictly between 0 and 1."""
    try:
        level = float(level)
    except (TypeError, ValueError):
        raise ModelError(
            f"confidence_level must be a number between 0 and 1 (e.g. 0.95), got {level!r}."
        ) from None
    if not 0 < level < 1:
        raise ModelError(f"confidence_level must be between 0 and 1 (e.g. 0.95), got {level!r}.")
    return float(level)


def categories_of(series: pd.Series, order: Sequence[Any] | None = None) -> list[Any]:
    """The categories of a column, in order: ``order`` if given, else the categorical's own
    categories (empty ones included), else the sorted distinct values."""
    if order is not None:
        return list(order)
    if isinstance(series.dtype, pd.CategoricalDtype):
        return list(series.cat.categories)
    values = series.dropna().unique().tolist()
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=str)


def is_categorical(series: pd.Series) -> bool:
    """Whether a column is treated as categorical (category, text, or boolean dtype)."""
    dtype = series.dtype
    return (
        isinstance(dtype, pd.CategoricalDtype)
        or pd.api.types.is_object_dtype(dtype)
        or pd.api.types.is_string_dtype(dtype)
        or pd.api.types.is_bool_dtype(dtype)
    )


def holm(p_values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Holm-adjusted p-values, as R's ``p.adjust(p, method = "holm")`` (NaN stays NaN).

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03]).tolist()  # R: p.adjust(c(.01, .04, .03), "holm")
    [0.03, 0.06, 0.06]
    """
    try:
        p = np.asarray(p_values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ModelError(f"The p-values must be numbers ({exc}).") from None
    with np.errstate(invalid="ignore"):
        outside = (p < 0) | (p > 1)  # NaN compares False: it stays NaN
    if outside.any():
        raise ModelError(
            f"A p-value must lie between 0 and 1, got {p[outside].flat[0]!r}.",
            value=float(p[outside].flat[0]),
            expected="p-values from 0 to 1",
        )
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    q = p[ok]
    m = q.size
    if m == 0:
        return out
    order = np.argsort(q, kind="stable")
    adj = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * q[order]))
    res = np.empty(m)
    res[order] = adj
    out[ok] = res
    return out
