"""Shared pieces of the models: errors, warnings, input checks, design matrices, sandwiches.

Nothing here knows about surveys or codebooks: the functions take DataFrames and column names.
Design matrices are built directly from the columns (never through a formula string), so a column
name or a category label can hold any text.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
    "Design",
    "build_design",
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

    ``index`` holds the row labels of ``values``, for the message.
    """
    with np.errstate(invalid="ignore"):
        bad = np.abs(values) > MAX_MAGNITUDE  # also catches +-inf; NaN compares False
    if not bad.any():
        return
    i = int(np.flatnonzero(bad)[0])
    value = float(values[i])
    what = "an infinite value" if np.isinf(value) else f"the value {value:g}"
    raise ModelError(
        f"{role} {name!r} holds {what} (row {index[i]!r}); the statistics need finite numbers "
        f"within +/- {MAX_MAGNITUDE:g}. Replace it by a valid value or mark it missing (NaN).",
        column=str(name),
        value=value,
        expected=f"a finite number within +/- {MAX_MAGNITUDE:g}",
    )


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


@dataclass(frozen=True)
class Design:
    """A design matrix built from named columns.

    Attributes
    ----------
    X : numpy.ndarray
        The design matrix (rows used x terms), intercept first when there is one.
    y : numpy.ndarray or None
        The outcome of the rows used.
    terms : tuple of str
        Column names of ``X``: ``(Intercept)``, ``variable[level]`` for dummies, or the name.
    term_variable : tuple of str
        The predictor each term belongs to (``""`` for the intercept).
    levels : dict
        For each categorical predictor, its categories in order, reference first.
    index : pandas.Index
        Labels of the rows used.
    n_rows : int
        Rows in the input.
    dropped : dict
        Why rows were dropped: ``{"missing <column>": count}`` (a row counts once, for the first
        column in which it is missing).
    dropped_rows : tuple
        Labels of the dropped rows.
    dropped_terms : tuple of str
        Terms left out: empty categories or columns aliased with earlier ones.
    cluster : numpy.ndarray or None
        Cluster codes (0..G-1) of the rows used.
    warnings : list of str
        Messages also issued as :class:`ModelWarning`.
    """

    X: np.ndarray
    y: np.ndarray | None
    terms: tuple[str, ...]
    term_variable: tuple[str, ...]
    levels: dict[str, list[Any]]
    index: pd.Index
    n_rows: int
    dropped: dict[str, int]
    dropped_rows: tuple[Any, ...]
    dropped_terms: tuple[str, ...]
    cluster: np.ndarray | None
    warnings: list[str] = field(default_factory=list)

    @property
    def n_obs(self) -> int:
        """Rows used."""
        return int(self.X.shape[0])


def build_design(
    data: pd.DataFrame,
    outcome: str | None,
    predictors: Sequence[str],
    *,
    categorical: Mapping[str, Any] | Sequence[str] | None = None,
    cluster: str | None = None,
    intercept: bool = True,
    min_rows: int = 2,
) -> Design:
    """Build a design matrix from columns, dummy-coding the categorical predictors.

    ``categorical`` maps a predictor to its reference category (``None`` for the first); a
    predictor with a category, text or boolean dtype is categorical anyway, with the first
    category (the lowest of an ordered one) as reference. Rows with a missing outcome,
    predictor or cluster are dropped and counted. Dummies of categories that hold no used row
    and terms aliased with earlier ones are left out with a :class:`ModelWarning`.
    """
    predictors = [predictors] if isinstance(predictors, str) else list(predictors)
    cat_ref: dict[str, Any] = {}
    if isinstance(categorical, Mapping):
        cat_ref = dict(categorical)
    elif categorical is not None:
        cat_ref = {name: None for name in categorical}
    unknown = [c for c in cat_ref if c not in predictors]
    if unknown:
        raise ModelError(
            f"categorical names {unknown[0]!r}, which is not among the predictors "
            f"({', '.join(predictors)}). Add it to the predictors or remove it.",
            column=str(unknown[0]),
        )
    columns = ([outcome] if outcome is not None else []) + predictors
    columns += [cluster] if cluster is not None else []
    check_columns(data, columns)
    if len(set(columns)) != len(columns):
        raise ModelError(f"A column is used twice among {columns}; use each column once.")
    store: list[str] = []
    keep = np.ones(len(data), dtype=bool)
    dropped: dict[str, int] = {}
    for name in columns:
        miss = data[name].isna().to_numpy() & keep
        if miss.any():
            dropped[f"missing {name}"] = int(miss.sum())
            keep &= ~miss
    n_used = int(keep.sum())
    if n_used < min_rows:
        raise ModelError(
            f"Only {n_used} of {len(data)} rows have every column answered "
            f"({', '.join(columns)}); at least {min_rows} are needed."
        )
    everyone = n_used == len(data)

    def used(name: str) -> pd.Series:
        # only the model's columns are taken, never a copy of the whole frame
        return data[name] if everyone else data[name][keep]

    # each term is (name, predictor, how to fill its column): a constant, a numeric column or
    # the indicator of one category code; X is filled column by column once its width is known
    specs: list[tuple[str, str, Any]] = []
    levels: dict[str, list[Any]] = {}
    dropped_terms: list[str] = []
    if intercept:
        specs.append((INTERCEPT, "", None))
    for name in predictors:
        col = used(name)
        if name in cat_ref or is_categorical(col):
            cats = categories_of(data[name])
            ref = cat_ref.get(name)
            if ref is not None:
                if ref not in cats:
                    raise ModelError(
                        f"The reference {ref!r} is not a category of {name!r} "
                        f"(categories: {', '.join(map(str, cats))}).",
                        column=name,
                        value=ref,
                    )
                cats = [ref] + [c for c in cats if c != ref]
            levels[name] = cats
            codes = category_codes(col, cats)
            found = np.bincount(codes[codes >= 0], minlength=len(cats))
            counts = {c: int(found[i]) for i, c in enumerate(cats)}
            position = {c: i for i, c in enumerate(cats)}
            if counts[cats[0]] == 0:
                new_ref = next((c for c in cats if counts[c] > 0), cats[0])
                warn(
                    f"The reference category {cats[0]!r} of {name!r} has no rows; "
                    f"{new_ref!r} is the reference instead (the empty category gets no term).",
                    store,
                )
                dropped_terms.append(f"{name}[{cats[0]}]")
                cats = [new_ref] + [c for c in cats if c != new_ref]
                levels[name] = cats
            for c in cats[1:]:
                term = f"{name}[{c}]"
                if counts[c] == 0:
                    if term in dropped_terms:  # the empty former reference, already reported
                        continue
                    dropped_terms.append(term)
                    warn(f"Category {c!r} of {name!r} has no rows; {term} is left out.", store)
                    continue
                specs.append((term, name, (codes, position[c])))
        else:
            try:
                values = col.to_numpy(dtype=float)
            except (TypeError, ValueError) as exc:
                raise ModelError(
                    f"Predictor {name!r} is neither numeric nor categorical; convert it first.",
                    column=name,
                ) from exc
            check_finite(values, name, col.index, "Predictor")
            specs.append((name, name, values))
    X = np.empty((n_used, len(specs)))
    for j, (_, _, fill) in enumerate(specs):
        if fill is None:
            X[:, j] = 1.0
        elif isinstance(fill, tuple):
            np.equal(fill[0], fill[1], out=X[:, j], casting="unsafe")
        else:
            X[:, j] = fill
    terms = [t for t, _, _ in specs]
    term_var = [v for _, v, _ in specs]
    del specs
    X, terms, term_var, aliased = _drop_aliased(X, terms, term_var)
    for term in aliased:
        dropped_terms.append(term)
        warn(
            f"Term {term} is a linear combination of earlier terms (a singular design); it is "
            "left out, as R reports it as NA.",
            store,
        )
    y = None
    if outcome is not None:
        try:
            y = used(outcome).to_numpy(dtype=float)
        except (TypeError, ValueError) as exc:
            raise ModelError(
                f"The outcome {outcome!r} is not numeric; give numbers (or 0/1, True/False).",
                column=outcome,
            ) from exc
        check_finite(y, outcome, used(outcome).index, "The outcome")
    codes = None
    if cluster is not None:
        codes = cluster_codes(used(cluster))
    return Design(
        X=X,
        y=y,
        terms=tuple(terms),
        term_variable=tuple(term_var),
        levels=levels,
        index=data.index if everyone else data.index[keep],
        n_rows=len(data),
        dropped=dropped,
        dropped_rows=tuple(data.index[~keep]),
        dropped_terms=tuple(dropped_terms),
        cluster=codes,
        warnings=store,
    )


def _drop_aliased(
    X: np.ndarray, terms: list[str], term_var: list[str]
) -> tuple[np.ndarray, list[str], list[str], list[str]]:
    """Keep each column only if it adds to the rank of the columns kept before it (as R's lm)."""
    if X.shape[1] == 0:
        return X, terms, term_var, []
    kept: list[int] = []
    aliased: list[str] = []
    tol = 1e-7
    if X.shape[0] > LARGE_N:  # the scaled Gram matrix from X'X: no scaled copy of X
        gram = X.T @ X
        scale = np.sqrt(np.diag(gram)).copy()
        scale[scale == 0] = 1.0
        gram = gram / np.outer(scale, scale)
        Xs = None
    else:
        scale = np.sqrt((X**2).sum(axis=0))
        scale[scale == 0] = 1.0
        Xs = X / scale
        gram = None
    for j in range(X.shape[1]):
        cand = [*kept, j]
        if gram is not None:
            # many rows: the singular values of Xs[:, cand] from its Gram matrix (one n x k
            # product instead of k SVDs of n-row matrices); their rounding error, about
            # sqrt(eps k), is far below the tolerance 1e-7 sqrt(n) > 3e-5
            sv = np.sqrt(np.clip(np.linalg.eigvalsh(gram[np.ix_(cand, cand)]), 0, None))
            full = int((sv > tol * np.sqrt(X.shape[0])).sum()) == len(cand)
        else:
            full = np.linalg.matrix_rank(Xs[:, cand], tol=tol * np.sqrt(X.shape[0])) == len(cand)
        if full:
            kept.append(j)
        else:
            aliased.append(terms[j])
    if len(kept) < X.shape[1]:
        X = X[:, kept]
    return X, [terms[j] for j in kept], [term_var[j] for j in kept], aliased


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
