"""The numerical core of :mod:`trustlab.psychometrics.polychoric`: answer codes, pair tables,
the two-step likelihood of a stack of tables, R's search and Newton's method over all pairs,
psych's per-pair thresholds with the continuity correction, ``cor.smooth`` and the bootstrap."""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

from trustlab.psychometrics._bivariate import (
    R_OPTIMIZE_TOL,
    brent_minimize,
    bvn_pdf,
    cell_derivatives,
    cell_probabilities,
)
from trustlab.psychometrics._common import PsychometricError

__all__ = [
    "MAX_CATEGORIES",
    "codes_of",
    "check_spread",
    "pair_index",
    "pair_tables",
    "neg_loglik",
    "optimize_rho",
    "newton_rho",
    "observed_information",
    "cor_smooth",
    "thresholds",
    "solve_pairs",
    "bootstrap_polychoric",
]

#: psych's ``max.cat``: more answer categories than this are not treated as ordinal.
MAX_CATEGORIES = 8


# --------------------------------------------------------------------------------------------
# shared numerical pieces
# --------------------------------------------------------------------------------------------


def codes_of(values: np.ndarray, names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Answers as category codes 0..K-1 counted from the smallest answer (-1 = missing), as
    ``int8``."""
    # the answers' range, and the first non-integer answer in row order, a block of rows at a
    # time (no copies of the answers)
    low, high, n_answers, first_bad = np.inf, -np.inf, 0, None
    for start in range(0, values.shape[0], PAIR_BLOCK_CELLS // max(1, values.shape[1])):
        part = values[start : start + PAIR_BLOCK_CELLS // max(1, values.shape[1])]
        answers = part[~np.isnan(part)]
        if answers.size == 0:
            continue
        n_answers += answers.size
        bad = answers != np.round(answers)
        if first_bad is None and bad.any():
            first_bad = answers[bad][0]
        low, high = min(low, float(answers.min())), max(high, float(answers.max()))
    if n_answers == 0:
        raise PsychometricError("The items hold no answers.")
    if first_bad is not None:
        finite = ~np.isnan(values)
        col = names[int(np.nonzero((finite & (values != np.round(values))).any(axis=0))[0][0])]
        raise PsychometricError(
            f"Item {col!r} holds a non-integer answer ({first_bad!r}); polychoric "
            "correlations need ordered categories coded as whole numbers.",
            column=col,
            value=float(first_bad),
            expected="whole-number answer codes",
        )
    n_cat = int(high - low) + 1
    if n_cat > MAX_CATEGORIES:
        raise PsychometricError(
            f"The answers run from {low:g} to {high:g} ({n_cat} categories); polychoric "
            f"correlations are for ordinal items with at most {MAX_CATEGORIES} categories "
            "(psych's max.cat). Use Pearson correlations for these items.",
            expected=f"at most {MAX_CATEGORIES} categories",
        )
    # at most MAX_CATEGORIES codes: one byte per answer (a sixth of int64 at 10 million rows)
    codes = np.empty(values.shape, dtype=np.int8)
    for start in range(0, values.shape[0], PAIR_BLOCK_CELLS // max(1, values.shape[1])):
        part = slice(start, start + PAIR_BLOCK_CELLS // max(1, values.shape[1]))
        block = values[part]
        with np.errstate(invalid="ignore"):  # NaN (missing) becomes -1 before the cast
            codes[part] = np.where(np.isnan(block), -1.0, block - low).astype(np.int8)
    return codes, np.arange(low, high + 1)


def check_spread(codes: np.ndarray, names: tuple[str, ...]) -> None:
    for j, name in enumerate(names):
        used = np.unique(codes[codes[:, j] >= 0, j])
        if used.size < 2:
            raise PsychometricError(
                f"Item {name!r} has no variance (every respondent gave the same answer, or "
                "nobody answered it), so it has no polychoric correlation; drop it.",
                column=name,
                expected="an item with at least two different answers",
            )


def pair_index(p: int) -> tuple[np.ndarray, np.ndarray]:
    """psych's pair order: (2,1), (3,1), (3,2), (4,1), ... (row item i > column item j)."""
    i, j = np.tril_indices(p, -1)
    return i, j


#: Cells (rows x pairs) per block of :func:`pair_tables`.
PAIR_BLOCK_CELLS = 2_000_000


def pair_tables(codes: np.ndarray, n_cat: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Contingency tables of the item pairs ``(rows[m], cols[m])`` over the respondents who
    answered both: shape (m, K, K), counts as floats."""
    m, cells = len(rows), n_cat * n_cat
    # every pair's cell of a row, or a last cell of its own for a missing answer; counted over
    # blocks of rows (whole numbers: the same counts in any order), all pairs at once
    offset = np.arange(m) * (cells + 1)
    counts = np.zeros(m * (cells + 1), dtype=np.int64)
    block = max(1, PAIR_BLOCK_CELLS // max(1, m))
    for start in range(0, codes.shape[0], block):
        part = codes[start : start + block]
        a, b = part[:, rows].astype(np.intp), part[:, cols].astype(np.intp)
        cell = np.where((a >= 0) & (b >= 0), a * n_cat + b, cells) + offset
        counts += np.bincount(cell.ravel(), minlength=m * (cells + 1))
    return counts.reshape(m, cells + 1)[:, :cells].astype(float).reshape(m, n_cat, n_cat)


def neg_loglik(tab: np.ndarray, tau1: np.ndarray, tau2: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """psych's ``polyF``: ``-sum(tab * log(P))`` over the cells with ``P > 0``."""
    prob = cell_probabilities(tau1, tau2, rho)
    with np.errstate(divide="ignore", invalid="ignore"):
        logp = np.where(prob > 0, np.log(np.where(prob > 0, prob, 1.0)), np.nan)
        terms = tab * logp
    return -np.nansum(np.where(np.isfinite(terms), terms, np.nan), axis=(1, 2))


def optimize_rho(
    tab: np.ndarray, tau1: np.ndarray, tau2: np.ndarray, tol: float, bound: float = 1.0
) -> np.ndarray:
    """R's ``optimize(polyF, c(-bound, bound), tol = tol)`` for every table at once."""

    def f(x: np.ndarray, idx: np.ndarray) -> np.ndarray:
        return neg_loglik(tab[idx], tau1[idx], tau2[idx], x)

    rho, _ = brent_minimize(f, -bound, bound, len(tab), tol=tol)
    return rho


def newton_rho(
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
        info = observed_information(t, a, b, r, prob, d1)
        bad = ~(info > 0) | ~np.isfinite(score)
        step = np.where(bad, 0.0, score / np.where(bad, 1.0, info))
        new = np.clip(r + step, -0.999, 0.999)
        rho[idx] = np.where(bad, np.nan, new)
        done[idx] = bad | (np.abs(new - r) < 1e-10)

    rho[~done] = np.nan
    return rho


def observed_information(
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


def cor_smooth(r: np.ndarray) -> tuple[np.ndarray, bool]:
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
        rho[fine] = newton_rho(tab[fine], t1[fine], t2[fine], start[fine])
        fine_idx = np.flatnonzero(fine)
        redo = fine_idx[np.isnan(rho[fine_idx])]
        if redo.size:
            rho[redo] = optimize_rho(prop[redo], t1[redo], t2[redo], tol)
    elif fine.any():
        rho[fine] = optimize_rho(prop[fine], t1[fine], t2[fine], tol)
        if se:
            info = observed_information(tab[fine], t1[fine], t2[fine], rho[fine])
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
    rows, cols = pair_index(p)
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
                out[i], _ = cor_smooth(out[i])
    return out
