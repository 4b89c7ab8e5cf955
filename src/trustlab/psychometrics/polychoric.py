"""Polychoric correlations: psych's ``polychoric`` matrix and polycor's two-step pair with its SE.

The two-step method (Olsson 1979): each item's thresholds come from its own margin,
``tau_k = Phi^-1(share of answers <= k)``; then each correlation maximises the bivariate normal
likelihood of the pair's contingency table with the thresholds held fixed. Every pair of items is
handled at once (the tables, the cell probabilities and the one-dimensional search are numpy
arrays over pairs), so 20 items x 10,000 respondents take well under a second.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import ndtri

from trustlab.psychometrics._bivariate import (
    R_OPTIMIZE_TOL,
    brent_minimize,
    bvn_pdf,
    cell_derivatives,
    cell_probabilities,
)
from trustlab.psychometrics._common import PsychometricError, PsychometricWarning, as_item_matrix
from trustlab.results import ResultMixin

__all__ = [
    "PolychoricResult",
    "PolychoricPairResult",
    "polychoric",
    "polychoric_pair",
]

#: psych's ``max.cat``: more answer categories than this are not treated as ordinal.
MAX_CATEGORIES = 8


@dataclass(frozen=True, repr=False, eq=False)
class PolychoricResult(ResultMixin):
    """A polychoric correlation matrix, as ``psych::polychoric``.

    Attributes
    ----------
    rho : pandas.DataFrame
        Items x items polychoric correlations (psych's ``rho``; smoothed when it was not
        positive definite, see ``smoothed``).
    tau : pandas.DataFrame
        Items x thresholds: ``Phi^-1`` of the cumulative share of each item's answers at or
        below category ``k`` (psych's ``tau``; columns ``"1"``..``"K-1"``, categories counted from
        the smallest answer in the data). An unused category gives an infinite threshold.
    se : pandas.DataFrame
        Standard error of each correlation with the thresholds taken as known (the two-step
        standard error of ``polycor::polychor(ML = FALSE, std.err = TRUE)``), from the observed
        information of the pair's table at ``rho``; 0 on the diagonal.
    n_pairs : pandas.DataFrame
        Respondents who answered both items (the size of each pair's table).
    n_obs : int
        Rows with at least one answer.
    categories : tuple of float
        The answer values, in order (category 1, 2, ...).
    global_thresholds : bool
        True: every correlation uses the items' own thresholds (psych's ``global = TRUE``, its
        default when all items have the same highest answer). False: each pair's thresholds come
        from its own table, after dropping empty rows and columns and adding ``correct`` to empty
        cells (psych's ``global = FALSE``).
    correct : float
        The continuity correction for empty cells (used only without global thresholds).
    n_corrected : int
        Pairs whose table had empty cells that ``correct`` filled (psych's warning count).
    smoothed : bool
        Whether the matrix was not positive definite and was smoothed (``psych::cor.smooth``).
    tol : float
        Tolerance of the one-dimensional search (R's ``optimize`` default, as psych).
    warnings : tuple of str
        The messages also issued as :class:`PsychometricWarning`.
    """

    rho: pd.DataFrame
    tau: pd.DataFrame
    se: pd.DataFrame
    n_pairs: pd.DataFrame
    n_obs: int
    categories: tuple[float, ...]
    global_thresholds: bool
    correct: float
    n_corrected: int
    smoothed: bool
    tol: float
    warnings: tuple[str, ...] = field(default=())

    def summary(self) -> pd.DataFrame:
        """The correlation matrix."""
        return self.rho.copy()

    def _title(self) -> str:
        return (
            f"Polychoric correlations: {len(self.rho)} items, n = {self.n_obs}, "
            f"{len(self.categories)} categories"
        )

    def _notes(self) -> list[str]:
        return list(self.warnings)


@dataclass(frozen=True, repr=False, eq=False)
class PolychoricPairResult(ResultMixin):
    """The polychoric correlation of two items with its standard error (two-step).

    Attributes
    ----------
    rho : float
        The correlation maximising the likelihood of the table with the thresholds fixed.
    se : float
        Its standard error, ``1 / sqrt(-d2 logL / d rho2)`` (thresholds taken as known).
    row_thresholds, col_thresholds : numpy.ndarray
        ``Phi^-1`` of the cumulative margins of the table (empty rows and columns dropped).
    n : int
        Respondents who answered both items.
    chi2 : float
        polycor's test of bivariate normality, ``2 * (-logL + sum(n_ij log((n_ij + 1e-6) / n)))``.
    df : int
        Its degrees of freedom, ``r c - r - c``.
    pvalue : float
        Upper tail of chi-square(``df``) at ``chi2`` (NaN when ``df`` is 0).
    table : pandas.DataFrame
        The contingency table (rows: first item's categories).
    """

    rho: float
    se: float
    row_thresholds: np.ndarray
    col_thresholds: np.ndarray
    n: int
    chi2: float
    df: int
    pvalue: float
    table: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """rho, its SE and the bivariate-normality test in one row."""
        return pd.DataFrame(
            {
                "rho": [self.rho],
                "se": [self.se],
                "n": [self.n],
                "chi2": [self.chi2],
                "df": [self.df],
                "pvalue": [self.pvalue],
            },
            index=["polychoric"],
        )

    def _title(self) -> str:
        return f"Polychoric correlation (two-step): {self.rho:.4f} (SE {self.se:.4f}), n = {self.n}"


# --------------------------------------------------------------------------------------------
# shared numerical pieces
# --------------------------------------------------------------------------------------------


def _codes(values: np.ndarray, names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Answers as category codes 0..K-1 counted from the smallest answer (-1 = missing)."""
    finite = ~np.isnan(values)
    answers = values[finite]
    if answers.size == 0:
        raise PsychometricError("The items hold no answers.")
    bad = answers != np.round(answers)
    if bad.any():
        col = names[int(np.nonzero((finite & (values != np.round(values))).any(axis=0))[0][0])]
        raise PsychometricError(
            f"Item {col!r} holds a non-integer answer ({answers[bad][0]!r}); polychoric "
            "correlations need ordered categories coded as whole numbers.",
            column=col,
            value=float(answers[bad][0]),
            expected="whole-number answer codes",
        )
    low, high = float(answers.min()), float(answers.max())
    n_cat = int(high - low) + 1
    if n_cat > MAX_CATEGORIES:
        raise PsychometricError(
            f"The answers run from {low:g} to {high:g} ({n_cat} categories); polychoric "
            f"correlations are for ordinal items with at most {MAX_CATEGORIES} categories "
            "(psych's max.cat). Use Pearson correlations for these items.",
            expected=f"at most {MAX_CATEGORIES} categories",
        )
    codes = np.full(values.shape, -1, dtype=np.int64)
    codes[finite] = (values[finite] - low).astype(np.int64)
    return codes, np.arange(low, high + 1)


def _check_spread(codes: np.ndarray, names: tuple[str, ...]) -> None:
    for j, name in enumerate(names):
        used = np.unique(codes[codes[:, j] >= 0, j])
        if used.size < 2:
            raise PsychometricError(
                f"Item {name!r} has no variance (every respondent gave the same answer, or "
                "nobody answered it), so it has no polychoric correlation; drop it.",
                column=name,
                expected="an item with at least two different answers",
            )


def _pair_index(p: int) -> tuple[np.ndarray, np.ndarray]:
    """psych's pair order: (2,1), (3,1), (3,2), (4,1), ... (row item i > column item j)."""
    i, j = np.tril_indices(p, -1)
    return i, j


def pair_tables(codes: np.ndarray, n_cat: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Contingency tables of the item pairs ``(rows[m], cols[m])`` over the respondents who
    answered both: shape (m, K, K), counts as floats."""
    m = len(rows)
    out = np.zeros((m, n_cat * n_cat))
    chunk = max(1, 4_000_000 // max(1, codes.shape[0]))
    for start in range(0, m, chunk):
        sl = slice(start, min(m, start + chunk))
        a, b = codes[:, rows[sl]], codes[:, cols[sl]]
        ok = (a >= 0) & (b >= 0)
        cell = a * n_cat + b + np.arange(sl.stop - sl.start) * n_cat * n_cat
        counts = np.bincount(cell[ok], minlength=(sl.stop - sl.start) * n_cat * n_cat)
        out[sl] = counts.reshape(-1, n_cat * n_cat)
    return out.reshape(m, n_cat, n_cat)


def _neg_loglik(tab: np.ndarray, tau1: np.ndarray, tau2: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """psych's ``polyF``: ``-sum(tab * log(P))`` over the cells with ``P > 0``."""
    prob = cell_probabilities(tau1, tau2, rho)
    with np.errstate(divide="ignore", invalid="ignore"):
        logp = np.where(prob > 0, np.log(np.where(prob > 0, prob, 1.0)), np.nan)
        terms = tab * logp
    return -np.nansum(np.where(np.isfinite(terms), terms, np.nan), axis=(1, 2))


def _optimize(
    tab: np.ndarray, tau1: np.ndarray, tau2: np.ndarray, tol: float, bound: float = 1.0
) -> np.ndarray:
    """R's ``optimize(polyF, c(-bound, bound), tol = tol)`` for every table at once."""

    def f(x: np.ndarray, idx: np.ndarray) -> np.ndarray:
        return _neg_loglik(tab[idx], tau1[idx], tau2[idx], x)

    rho, _ = brent_minimize(f, -bound, bound, len(tab), tol=tol)
    return rho


def _newton(
    tab: np.ndarray, tau1: np.ndarray, tau2: np.ndarray, start: np.ndarray, max_iter: int = 10
) -> np.ndarray:
    """Newton's method on the score of each table from ``start``; NaN where it does not settle
    within ``max_iter`` steps to 1e-10 (or meets a non-positive information)."""
    rho = np.clip(np.where(np.isfinite(start), start, 0.0), -0.99, 0.99)
    done = np.zeros(len(rho), dtype=bool)
    for _ in range(max_iter):
        idx = np.flatnonzero(~done)
        if idx.size == 0:
            break
        t, a, b, r = tab[idx], tau1[idx], tau2[idx], rho[idx]
        prob = cell_probabilities(a, b, r)
        d1 = cell_derivatives(a, b, r)
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.sum(np.where(t > 0, t * d1 / prob, 0.0), axis=(1, 2))
        info = _observed_information(t, a, b, r, prob, d1)
        bad = ~(info > 0) | ~np.isfinite(score)
        step = np.where(bad, 0.0, score / np.where(bad, 1.0, info))
        new = np.clip(r + step, -0.999, 0.999)
        rho[idx] = np.where(bad, np.nan, new)
        done[idx] = bad | (np.abs(new - r) < 1e-10)

    rho[~done] = np.nan
    return rho


def _observed_information(
    tab: np.ndarray,
    tau1: np.ndarray,
    tau2: np.ndarray,
    rho: np.ndarray,
    prob: np.ndarray | None = None,
    d1: np.ndarray | None = None,
) -> np.ndarray:
    """``-d2 logL / d rho2`` of each table (counts ``tab``) at ``rho``, thresholds fixed
    (``prob`` and ``d1``, the cell probabilities and their derivatives, when known)."""
    if prob is None:
        prob = cell_probabilities(tau1, tau2, rho)
    if d1 is None:
        d1 = cell_derivatives(tau1, tau2, rho)
    m = len(rho)
    g1 = np.concatenate([np.full((m, 1), -np.inf), tau1, np.full((m, 1), np.inf)], 1)
    g2 = np.concatenate([np.full((m, 1), -np.inf), tau2, np.full((m, 1), np.inf)], 1)
    u, v, r = g1[:, :, None], g2[:, None, :], rho[:, None, None]
    one = 1 - r * r
    with np.errstate(invalid="ignore"):
        guv = (u * v * one - r * (u * u - 2 * r * u * v + v * v) + r * one) / (one * one)
    dens = bvn_pdf(u, v, r) * np.where(np.isfinite(u) & np.isfinite(v), guv, 0.0)
    d2 = dens[:, 1:, 1:] - dens[:, :-1, 1:] - dens[:, 1:, :-1] + dens[:, :-1, :-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(prob > 0, tab * (d1 * d1 / (prob * prob) - d2 / prob), 0.0)
    return np.sum(np.where(tab > 0, terms, 0.0), axis=(1, 2))


def _cor_smooth(r: np.ndarray) -> tuple[np.ndarray, bool]:
    """psych's ``cor.smooth``: eigenvalues below 1e-12 set to 1e-10, rescaled to sum p."""
    values, vectors = np.linalg.eigh(r)
    if values.min() >= np.finfo(float).eps:
        return r, False
    values = np.where(values < 1e-12, 100 * 1e-12, values)
    values = values * len(values) / values.sum()
    x = (vectors * values) @ vectors.T
    d = np.sqrt(np.diag(x))
    return x / np.outer(d, d), True


def _local_thresholds(
    tab: np.ndarray, correct: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """psych's per-pair path (``global = FALSE``) for a stack of count tables.

    Proportions; empty rows and columns left out; empty cells inside set to ``correct / n``;
    thresholds from the corrected margins (an empty row repeats the threshold before it, so
    its cells have probability 0 and drop out of the likelihood as in psych).
    Returns the proportions, row and column thresholds, whether each table was corrected, and
    whether each table has at least 2 rows and 2 columns.
    """
    tot = tab.sum(axis=(1, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        prop = tab / tot[:, None, None]
    row_ok = tab.sum(axis=2) > 0
    col_ok = tab.sum(axis=1) > 0
    inside = row_ok[:, :, None] & col_ok[:, None, :]
    fixed = np.zeros(len(tab), dtype=bool)
    if correct > 0:
        empty = inside & (prop == 0)
        fixed = empty.any(axis=(1, 2))
        with np.errstate(invalid="ignore", divide="ignore"):
            prop = np.where(empty, correct / tot[:, None, None], prop)

    def cuts(margin: np.ndarray, ok: np.ndarray) -> np.ndarray:
        cum = np.cumsum(margin, axis=1)[:, :-1]
        later = np.flip(np.cumsum(np.flip(ok, axis=1), axis=1), axis=1)[:, 1:] > 0
        with np.errstate(invalid="ignore"):
            return np.where(later, ndtri(cum), np.inf)

    tau1 = cuts(prop.sum(axis=2), row_ok)
    tau2 = cuts(prop.sum(axis=1), col_ok)
    usable = (row_ok.sum(axis=1) >= 2) & (col_ok.sum(axis=1) >= 2) & (tot > 0)
    return prop, tau1, tau2, fixed, usable


def thresholds(freq: np.ndarray) -> np.ndarray:
    """psych's ``tau``: ``qnorm`` of the cumulative shares (last axis: categories)."""
    n = freq.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return ndtri(np.cumsum(freq / n, axis=-1)[..., :-1])


def solve_pairs(
    tab: np.ndarray,
    tau1: np.ndarray,
    tau2: np.ndarray,
    global_thresholds: bool,
    correct: float,
    tol: float,
    *,
    se: bool = False,
    start: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The correlations of a stack of count tables (m, K, K) as psych's ``polyc``.

    With global thresholds ``tau1``/``tau2`` (m, K - 1) are the items' own; otherwise each
    table's thresholds come from its corrected margins. Returns rho, the two-step SE (NaN unless
    ``se``), whether each table was corrected, and whether it could be estimated. By default
    psych's search (Brent, tolerance ``tol``); with ``start`` Newton's method from ``start`` to
    the exact optimum (R's search where Newton does not settle), for the bootstrap.
    """
    m = len(tab)
    tot = tab.sum(axis=(1, 2))
    fine = tot > 0
    fixed = np.zeros(m, dtype=bool)
    if global_thresholds:
        with np.errstate(invalid="ignore", divide="ignore"):
            prop = tab / tot[:, None, None]
        t1, t2 = tau1, tau2
    else:
        prop, t1, t2, fixed, usable = _local_thresholds(tab, correct)
        fine &= usable
    rho = np.full(m, np.nan)
    std = np.full(m, np.nan)
    if fine.any() and start is not None:
        rho[fine] = _newton(tab[fine], t1[fine], t2[fine], start[fine])
        fine_idx = np.flatnonzero(fine)
        redo = fine_idx[np.isnan(rho[fine_idx])]
        if redo.size:
            rho[redo] = _optimize(prop[redo], t1[redo], t2[redo], tol)
    elif fine.any():
        rho[fine] = _optimize(prop[fine], t1[fine], t2[fine], tol)
        if se:
            info = _observed_information(tab[fine], t1[fine], t2[fine], rho[fine])
            with np.errstate(divide="ignore", invalid="ignore"):
                std[fine] = np.where(info > 0, 1 / np.sqrt(info), np.nan)
    return rho, std, fixed, fine


def bootstrap_polychoric(
    codes: np.ndarray,
    n_cat: int,
    weights: np.ndarray,
    *,
    global_thresholds: bool,
    correct: float = 0.5,
    tol: float = R_OPTIMIZE_TOL,
    smooth: bool = True,
    start: np.ndarray | None = None,
) -> np.ndarray:
    """Polychoric matrices of weighted resamples of the rows, shape (B, p, p).

    ``weights`` (B, n) holds how often each row is drawn. Each resample is analysed as the data
    (global or per-pair thresholds as given); a resample in which an item has a single answer
    category, or a correlation cannot be estimated, gives a matrix of NaN. With ``start`` (the
    p x p matrix of the full data) each correlation is found by Newton's method from its
    full-data value (the exact optimum, three times faster than psych's search, whose answer
    is within ~1e-5 of it); without, by psych's search.
    """
    from scipy import sparse

    n, p = codes.shape
    rows, cols = _pair_index(p)
    answered = codes >= 0
    r_idx, c_idx = np.nonzero(answered)
    item_hot = sparse.csr_matrix(
        (np.ones(len(r_idx)), (r_idx, c_idx * n_cat + codes[r_idx, c_idx])), shape=(n, p * n_cat)
    )
    both = answered[:, rows] & answered[:, cols]
    pr, pm = np.nonzero(both)
    cell = (pm * n_cat + codes[pr, rows[pm]]) * n_cat + codes[pr, cols[pm]]
    pair_hot = sparse.csr_matrix(
        (np.ones(len(pr)), (pr, cell)), shape=(n, len(rows) * n_cat * n_cat)
    )
    b = len(weights)
    freq = np.asarray(item_hot.T @ weights.T).T.reshape(b, p, n_cat)
    tab = np.asarray(pair_hot.T @ weights.T).T.reshape(b, len(rows), n_cat, n_cat)
    valid = ((freq > 0).sum(axis=2) >= 2).all(axis=1)
    tau = thresholds(freq)
    flat_tab = tab.reshape(-1, n_cat, n_cat)
    flat_t1 = tau[:, rows].reshape(-1, n_cat - 1)
    flat_t2 = tau[:, cols].reshape(-1, n_cat - 1)
    keep = np.repeat(valid, len(rows))
    rho = np.full(len(flat_tab), np.nan)
    if keep.any():
        begin = None if start is None else np.tile(np.asarray(start)[rows, cols], b)[keep]
        rho[keep], _, _, _ = solve_pairs(
            flat_tab[keep],
            flat_t1[keep],
            flat_t2[keep],
            global_thresholds,
            correct,
            tol,
            start=begin,
        )
    rho = rho.reshape(b, len(rows))
    out = np.broadcast_to(np.eye(p), (b, p, p)).copy()
    out[:, rows, cols] = rho
    out[:, cols, rows] = rho
    bad = ~np.isfinite(out).all(axis=(1, 2))
    out[bad] = np.nan
    if smooth:
        ok = np.flatnonzero(~bad)
        if ok.size:
            low = np.linalg.eigvalsh(out[ok])[:, 0] < np.finfo(float).eps
            for i in ok[low]:
                out[i], _ = _cor_smooth(out[i])
    return out


# --------------------------------------------------------------------------------------------
# public functions
# --------------------------------------------------------------------------------------------


def polychoric(
    items: Any,
    *,
    correct: float = 0.5,
    smooth: bool = True,
    global_thresholds: bool | None = None,
    tol: float = R_OPTIMIZE_TOL,
) -> PolychoricResult:
    """Polychoric correlation matrix of ordinal items, as R's ``psych::polychoric(x)``.

    Answers are recoded as categories 1..K counted from the smallest answer of all items
    (psych's recoding). Each item's thresholds are ``qnorm`` of the cumulative shares of its
    own answers; each pair's correlation minimises ``-sum(p_ij log P_ij(rho))`` over the
    respondents who answered both (pairwise), ``p_ij`` the table's proportions and ``P_ij``
    the bivariate normal cell probabilities, by R's ``optimize`` on (-1, 1) with psych's
    tolerance (Brent's search reproduced step by step, so the digits are psych's).

    Parameters
    ----------
    items : pandas.DataFrame or array_like
        One column per item, answers coded as whole numbers (at most 8 categories); missing
        answers as NaN (pairwise deletion, as psych).
    correct : float
        Continuity correction for empty cells (psych's ``correct = 0.5``): an empty cell
        counts as ``correct`` respondents. psych applies it only without global thresholds.
    smooth : bool
        Smooth a matrix that is not positive definite (``psych::cor.smooth``), as psych.
    global_thresholds : bool, optional
        psych's ``global``. By default (None) as psych: True when every item has the same
        highest answer, else False (psych then warns). See
        :attr:`PolychoricResult.global_thresholds`.
    tol : float
        Tolerance of the search, R's ``optimize`` default ``.Machine$double.eps^0.25`` as
        psych; a smaller value (for example 1e-10) gives the maximum-likelihood correlation to
        full precision, which differs from psych's in the fifth decimal at most.

    Returns
    -------
    PolychoricResult

    Raises
    ------
    PsychometricError
        Non-integer answers, more than 8 categories, an item without variance.

    Warns
    -----
    PsychometricWarning
        Items with different highest answers (global thresholds switched off, as psych),
        corrected empty cells, a smoothed matrix, a pair nobody answered together.

    Notes
    -----
    Agrees with psych 2.2.9 to about 1e-9 on ``rho`` and exactly on ``tau`` (tests: 1e-6).
    psych drops items without variance with a message; trustlab refuses them instead.

    Examples
    --------
    >>> import pandas as pd
    >>> from trustlab.psychometrics import polychoric
    >>> d = pd.DataFrame({"a": [1, 2, 2, 3, 3, 3, 1, 2, 3, 1, 2, 3, 3, 2, 1, 1, 2, 3, 2, 1],
    ...                   "b": [1, 1, 2, 3, 2, 3, 2, 2, 3, 1, 3, 3, 2, 2, 1, 2, 2, 3, 1, 1],
    ...                   "c": [2, 1, 2, 3, 3, 2, 1, 3, 3, 1, 2, 2, 3, 1, 1, 2, 3, 3, 2, 2]})
    >>> res = polychoric(d)
    >>> # psych::polychoric(d)$rho: a-b 0.838646023641, a-c 0.748398196535, b-c 0.587292181090
    >>> res.rho.round(6).to_numpy().tolist()
    [[1.0, 0.838646, 0.748398], [0.838646, 1.0, 0.587292], [0.748398, 0.587292, 1.0]]
    """
    data = as_item_matrix(items, min_items=2)
    names = data.names
    codes, categories = _codes(data.values, names)
    _check_spread(codes, names)
    n_cat = len(categories)
    p = len(names)
    messages: list[str] = []
    if global_thresholds is None:
        highest = np.array([codes[:, j].max() for j in range(p)])
        global_thresholds = bool((highest == highest[0]).all())
        if not global_thresholds:
            messages.append(
                "The items do not have the same highest answer, so each correlation uses its "
                "own table's thresholds (psych: 'global set to FALSE')."
            )
    freq = np.stack([np.bincount(codes[codes[:, j] >= 0, j], minlength=n_cat) for j in range(p)])
    n_item = freq.sum(axis=1)
    tau = thresholds(freq)
    rows, cols = _pair_index(p)
    tab = pair_tables(codes, n_cat, rows, cols)
    tot = tab.sum(axis=(1, 2))
    rho_pairs, se_pairs, fixed, fine = solve_pairs(
        tab, tau[rows], tau[cols], global_thresholds, float(correct), float(tol), se=True
    )
    n_corrected = int(fixed[fine].sum())
    if n_corrected and correct > 0:
        messages.append(
            f"{n_corrected} item pair(s) had empty cells, adjusted by the continuity "
            f"correction {correct:g} (psych's correct); examine these items' answers."
        )
    if not fine.all():
        bad = np.flatnonzero(~fine)[0]
        messages.append(
            f"{int((~fine).sum())} correlation(s) could not be estimated (for example items "
            f"{names[rows[bad]]!r} and {names[cols[bad]]!r}: too few respondents answered both "
            "or their table has a single row or column); they are missing."
        )
    r = np.eye(p)
    r[rows, cols] = r[cols, rows] = rho_pairs
    se = np.zeros((p, p))
    se[rows, cols] = se[cols, rows] = se_pairs
    npairs = np.diag(n_item).astype(float)
    npairs[rows, cols] = npairs[cols, rows] = tot
    smoothed = False
    if smooth and np.isfinite(r).all():
        r, smoothed = _cor_smooth(r)
        if smoothed:
            messages.append(
                "The polychoric matrix was not positive definite and was smoothed "
                "(psych::cor.smooth); the correlations changed slightly."
            )
    for message in messages:
        warnings.warn(message, PsychometricWarning, stacklevel=2)
    labels = [str(k) for k in range(1, n_cat)]
    return PolychoricResult(
        rho=pd.DataFrame(r, index=list(names), columns=list(names)),
        tau=pd.DataFrame(tau, index=list(names), columns=labels),
        se=pd.DataFrame(se, index=list(names), columns=list(names)),
        n_pairs=pd.DataFrame(npairs.astype(np.int64), index=list(names), columns=list(names)),
        n_obs=int(data.values.shape[0]),
        categories=tuple(float(c) for c in categories),
        global_thresholds=bool(global_thresholds),
        correct=float(correct),
        n_corrected=n_corrected,
        smoothed=smoothed,
        tol=float(tol),
        warnings=tuple(messages),
    )


def polychoric_pair(x: Any, y: Any, *, tol: float = 1e-12) -> PolychoricPairResult:
    """Polychoric correlation of two items with its standard error, as ``polycor::polychor``
    with ``ML = FALSE, std.err = TRUE`` (the two-step estimator).

    The thresholds are ``qnorm`` of the cumulative margins of the pair's table (respondents
    who answered both; empty rows and columns dropped, as polycor); the correlation maximises
    the table's likelihood with the thresholds fixed; its variance is the inverse of the
    observed information ``-d2 logL / d rho2`` (analytic).

    Parameters
    ----------
    x, y : array_like
        The two items' answers (whole numbers; NaN = missing).
    tol : float
        Tolerance of the search for rho.

    Returns
    -------
    PolychoricPairResult

    Notes
    -----
    polycor finds rho with BFGS from 0 (relative tolerance 1e-8) and the Hessian by finite
    differences with step 1e-3, so its rho and SE are accurate to about 1e-5; with
    ``control = list(reltol = 1e-14, ndeps = 1e-5)`` they agree with trustlab to about 1e-8.

    Examples
    --------
    >>> import numpy as np
    >>> from trustlab.psychometrics import polychoric_pair
    >>> x = np.array([1, 2, 2, 3, 3, 3, 1, 2, 3, 1, 2, 3, 3, 2, 1, 1])
    >>> y = np.array([1, 1, 2, 3, 2, 3, 2, 2, 3, 1, 3, 3, 2, 2, 1, 2])
    >>> res = polychoric_pair(x, y)
    >>> # polycor::polychor(x, y, std.err = TRUE): rho 0.8229288, SE 0.1223828
    >>> round(res.rho, 4), round(res.se, 4)
    (0.8229, 0.1224)
    """
    pair = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    codes, categories = _codes(pair, ("x", "y"))
    complete = (codes >= 0).all(axis=1)
    codes = codes[complete]
    n_cat = len(categories)
    tab = pair_tables(codes, n_cat, np.array([0]), np.array([1]))[0]
    keep_r, keep_c = tab.sum(axis=1) > 0, tab.sum(axis=0) > 0
    table = tab[np.ix_(keep_r, keep_c)]
    if table.shape[0] < 2 or table.shape[1] < 2:
        raise PsychometricError(
            "The two items' table has fewer than 2 rows or columns among the respondents who "
            "answered both; there is no correlation to estimate.",
            expected="at least two answer categories in each item",
        )
    n = float(table.sum())
    rc = ndtri(np.cumsum(table.sum(axis=1)) / n)[:-1]
    cc = ndtri(np.cumsum(table.sum(axis=0)) / n)[:-1]
    prop = (table / n)[None]
    t1, t2 = rc[None], cc[None]
    rho = float(_optimize(prop, t1, t2, float(tol), bound=0.9999)[0])
    rho = float(_newton_polish(table[None], t1, t2, np.array([rho]))[0])
    info = float(_observed_information(table[None], t1, t2, np.array([rho]))[0])
    loglik = -float(_neg_loglik(table[None], t1, t2, np.array([rho]))[0])
    chi2 = 2 * (-loglik + float(np.sum(table * np.log((table + 1e-6) / n))))
    r, c = table.shape
    df = r * c - r - c
    from scipy.stats import chi2 as chi2_dist

    return PolychoricPairResult(
        rho=rho,
        se=float(1 / np.sqrt(info)),
        row_thresholds=rc,
        col_thresholds=cc,
        n=int(n),
        chi2=chi2,
        df=int(df),
        pvalue=float(chi2_dist.sf(chi2, df)) if df > 0 else float("nan"),
        table=pd.DataFrame(
            table.astype(np.int64),
            index=[f"{v:g}" for v in categories[keep_r]],
            columns=[f"{v:g}" for v in categories[keep_c]],
        ),
    )


def _newton_polish(
    tab: np.ndarray, tau1: np.ndarray, tau2: np.ndarray, rho: np.ndarray, steps: int = 3
) -> np.ndarray:
    """A few Newton steps on the score ``sum(n_ij P'_ij / P_ij)`` (to full precision)."""
    for _ in range(steps):
        prob = cell_probabilities(tau1, tau2, rho)
        d1 = cell_derivatives(tau1, tau2, rho)
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.sum(np.where(tab > 0, tab * d1 / prob, 0.0), axis=(1, 2))
        info = _observed_information(tab, tau1, tau2, rho)
        step = np.where(info > 0, score / info, 0.0)
        rho = np.clip(rho + step, -0.9999, 0.9999)
    return rho
