"""Design matrices built from named columns, and their sharing between models.

Design matrices are built directly from the columns (never through a formula string), so a column
name or a category label can hold any text. Within :func:`shared_designs`, models asking for the
same predictors of the same data on the same rows get the same matrix (built once): the models
of one scale against the exposure (OLS and logit, the adjacent steps of the mean and of the share
high) differ only in their outcome.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from trustlab.models import _common
from trustlab.models._common import (
    INTERCEPT,
    ModelError,
    ModelWarning,
    RowLabels,
    categories_of,
    category_codes,
    check_columns,
    check_finite,
    cluster_codes,
    is_categorical,
    row_blocks,
    warn,
)
from trustlab.models._large import new_matrix, same_rows, used_cluster_codes

__all__ = ["Design", "build_design", "shared_designs"]


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
    gram : numpy.ndarray or None
        ``X'X`` when it was formed to check for aliased terms (many rows; None otherwise).
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
    gram: np.ndarray | None = None

    @property
    def n_obs(self) -> int:
        """Rows used."""
        return int(self.X.shape[0])


#: The designs of the current :func:`shared_designs` block (None outside one).
_SHARED: ContextVar[dict[Any, tuple[Any, np.ndarray, Design]] | None] = ContextVar(
    "trustlab_shared_designs", default=None
)


@contextlib.contextmanager
def shared_designs() -> Iterator[None]:
    """Within this block, :func:`build_design` builds each design matrix once.

    A design is reused when the same data (the same DataFrame object), predictors, categorical
    references, cluster and intercept are asked for and the rows used are the same; only the
    outcome is taken again. Its warnings are issued again, so every model reports them as it
    would on its own. The designs are let go at the end of the block. The data must not change
    within the block (a column assigned anew is not noticed).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 4.0], "z": [0.0, 1.0, 1.0], "x": [0.0, 1.0, 2.0]})
    >>> with shared_designs():
    ...     a, b = build_design(df, "y", ["x"]), build_design(df, "z", ["x"])
    >>> a.X is b.X, b.y.tolist()
    (True, [0.0, 1.0, 1.0])
    """
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


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
    rows = None if everyone else keep

    def used(name: str) -> pd.Series:
        # the model's rows of one column, without their labels (a boolean take of the index
        # costs as much as the column's own): never a copy of the whole frame
        col = data[name]
        return col if everyone else pd.Series(col.array[keep], name=name, copy=False)

    shared = _SHARED.get()
    key = _share_key(data, predictors, cat_ref, cluster, intercept)
    hit = shared.get(key) if shared is not None and key is not None else None
    if hit is not None and hit[0] is data and np.array_equal(hit[1], keep):
        design = hit[2]
        for message in design.warnings:
            warnings.warn(message, ModelWarning, stacklevel=2)
        y = _outcome(used, outcome, data.index, rows)
        return replace(design, y=y, dropped=dropped, warnings=list(design.warnings))
    store: list[str] = []
    # each term is (name, predictor, how to fill its column): a constant, a numeric column or
    # the indicator of one category code; X is filled once its width is known
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
            check_finite(values, name, RowLabels(data.index, rows), "Predictor")
            specs.append((name, name, values))
    X = _fill(n_used, [fill for _, _, fill in specs])
    terms = [t for t, _, _ in specs]
    term_var = [v for _, v, _ in specs]
    del specs
    X, terms, term_var, aliased, gram = _drop_aliased(X, terms, term_var, keep_gram=True)
    for term in aliased:
        dropped_terms.append(term)
        warn(
            f"Term {term} is a linear combination of earlier terms (a singular design); it is "
            "left out, as R reports it as NA.",
            store,
        )
    y = _outcome(used, outcome, data.index, rows)
    codes = None
    if cluster is not None:
        codes = used_cluster_codes(data[cluster], lambda: cluster_codes(used(cluster)), rows)
    index, dropped_rows = same_rows(
        "index", (data.index,), rows, lambda: (data.index[keep], tuple(data.index[~keep]))
    ) if rows is not None else (data.index, ())  # fmt: skip
    design = Design(
        X=X,
        y=y,
        terms=tuple(terms),
        term_variable=tuple(term_var),
        levels=levels,
        index=index,
        n_rows=len(data),
        dropped=dropped,
        dropped_rows=dropped_rows,
        dropped_terms=tuple(dropped_terms),
        cluster=codes,
        warnings=store,
        gram=gram,
    )
    if shared is not None and key is not None:
        shared[key] = (data, keep, design)
    return design


def _share_key(
    data: pd.DataFrame,
    predictors: list[str],
    cat_ref: dict[str, Any],
    cluster: str | None,
    intercept: bool,
) -> Any:
    """What makes two designs of ``data`` the same (their rows aside); None if unhashable."""
    key = (id(data), tuple(predictors), tuple(cat_ref.items()), cluster, intercept)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _outcome(used: Any, outcome: str | None, index: pd.Index, rows: np.ndarray | None) -> Any:
    """The outcome of the rows used, as floats (None without an outcome)."""
    if outcome is None:
        return None
    try:
        y = used(outcome).to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise ModelError(
            f"The outcome {outcome!r} is not numeric; give numbers (or 0/1, True/False).",
            column=outcome,
        ) from exc
    check_finite(y, outcome, RowLabels(index, rows), "The outcome")
    return y


def _fill(n: int, fills: list[Any]) -> np.ndarray:
    """The n x k design from its columns' fills (None: the intercept; (codes, c): the indicator
    of code c; else the values), filled a block of rows at a time (each block stays in cache).

    The indicators of one variable (consecutive fills of the same codes) are written by one
    comparison of the block's codes with all their codes at once.
    """
    X = new_matrix(n, len(fills))  # in reused memory within reused_matrices()
    # (first column, end column, what fills them: None, values or codes, the codes compared)
    groups: list[tuple[int, int, Any, np.ndarray | None]] = []
    j = 0
    while j < len(fills):
        fill, end = fills[j], j + 1
        if isinstance(fill, tuple):
            while end < len(fills) and isinstance(fills[end], tuple) and fills[end][0] is fill[0]:
                end += 1
            groups.append((j, end, fill[0], np.array([f[1] for f in fills[j:end]])))
        else:
            groups.append((j, end, fill, None))
        j = end
    for rows in row_blocks(n):
        block = X[rows]
        for first, end, fill, compared in groups:
            if compared is not None:
                np.equal(fill[rows, None], compared, out=block[:, first:end], casting="unsafe")
            elif fill is None:
                block[:, first] = 1.0
            else:
                block[:, first] = fill[rows]
    return X


def _drop_aliased(
    X: np.ndarray, terms: list[str], term_var: list[str], *, keep_gram: bool = False
) -> Any:
    """Keep each column only if it adds to the rank of the columns kept before it (as R's lm).

    Returns the kept columns of X, their terms and variables and the aliased terms; with
    ``keep_gram`` also ``X'X`` when it was formed (many rows) and no column was dropped, else
    None.
    """
    gram_kept = None
    if X.shape[1] == 0:
        return (X, terms, term_var, [], None) if keep_gram else (X, terms, term_var, [])
    kept: list[int] = []
    aliased: list[str] = []
    tol = 1e-7
    if X.shape[0] > _common.LARGE_N:  # the scaled Gram matrix from X'X: no scaled copy of X
        gram_kept = X.T @ X
        scale = np.sqrt(np.diag(gram_kept)).copy()
        scale[scale == 0] = 1.0
        gram = gram_kept / np.outer(scale, scale)
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
        gram_kept = None
    out = X, [terms[j] for j in kept], [term_var[j] for j in kept], aliased
    return (*out, gram_kept) if keep_gram else out
