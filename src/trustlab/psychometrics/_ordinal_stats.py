"""The sample statistics of WLSMV for ordinal items, as lavaan 0.6-14 computes them.

Per group: thresholds (``qnorm`` of the cumulative proportions), polychoric correlations (two-step
maximum likelihood, lavaan's ``lav_bvord_cor_twostep_fit``, all pairs at once) and their
asymptotic covariance matrix ``Gamma`` (lavaan's ``muthen1984``: case-wise scores of the univariate
and bivariate likelihoods, the two-stage sandwich ``B^-1 (S'S) B^-T`` with ``B`` built from
cross-products of scores), ``N`` times.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr, ndtri

from trustlab.errors import CFAError
from trustlab.psychometrics._bivariate import cell_derivatives, cell_probabilities
from trustlab.psychometrics._sem_fit import GroupStats

__all__ = [
    "SQRT_EPS",
    "category_counts",
    "ordinal_codes",
    "ordinal_stats",
    "ordinal_group_stats",
]

SQRT_EPS = float(np.sqrt(np.finfo(float).eps))


def category_counts(values: np.ndarray) -> list[int]:
    """Distinct answers of each item (lavaan's ``ov.levels`` over all groups)."""
    return [len(np.unique(values[:, j])) for j in range(values.shape[1])]


def ordinal_codes(values: np.ndarray, levels: list[np.ndarray]) -> np.ndarray:
    """Answers as category codes 0..K-1 of each item's ``levels``."""
    return np.column_stack(
        [np.searchsorted(levels[j], values[:, j]) for j in range(values.shape[1])]
    ).astype(np.int64)


# ---- polychoric correlations as lavaan (two-step, exact optimum) ------------------------------


def _pair_rho(tab: np.ndarray, t1: np.ndarray, t2: np.ndarray) -> float:
    """lavaan's two-step polychoric correlation of one count table."""
    from trustlab.psychometrics._polychoric_core import newton_rho, optimize_rho

    k1, k2 = tab.shape
    tab = tab.astype(float)
    if k1 == 2 and k2 == 2:
        zeros = np.flatnonzero(tab.ravel() == 0)
        if zeros.size == 2:
            return 1.0 if tab[0, 0] > 0 else -1.0
        if zeros.size == 1:  # lavaan's zero.add = 0.5 keeping the margins
            sign = 1.0 if zeros[0] in (0, 3) else -1.0
            tab = tab + 0.5 * sign * np.array([[1.0, -1.0], [-1.0, 1.0]])
        if tab[0, 0] * tab[1, 1] == tab[0, 1] * tab[1, 0]:
            return 0.0
        if t1[0] == 0 and t2[0] == 0:
            return float(-np.cos(2 * np.pi * tab[0, 0] / tab.sum()))
    prop = (tab / tab.sum())[None]
    start = optimize_rho(prop, t1[None], t2[None], 1e-10, bound=0.999)
    rho = newton_rho(tab[None], t1[None], t2[None], start)
    if not np.isfinite(rho[0]):
        rho = start
    return float(np.clip(rho[0], -0.999, 0.999))


def _all_rho(
    codes: np.ndarray, n_cat: list[int], th_list: list, rows: np.ndarray, cols: np.ndarray
) -> np.ndarray:
    """lavaan's two-step polychorics of every pair: binary pairs one by one (lavaan's 2 x 2
    rules), the others at once (R's search to 1e-10, then Newton to the exact optimum)."""
    from trustlab.psychometrics._polychoric_core import newton_rho, optimize_rho, pair_tables

    kmax = max(n_cat)
    tau = np.full((len(n_cat), kmax - 1), np.inf)
    for j, t in enumerate(th_list):
        tau[j, : len(t)] = t
    tabs = pair_tables(codes, kmax, rows, cols)
    out = np.full(len(rows), np.nan)
    binary = np.array([n_cat[i] == 2 and n_cat[j] == 2 for i, j in zip(rows, cols, strict=True)])
    for m in np.flatnonzero(binary):
        i, j = rows[m], cols[m]
        out[m] = _pair_rho(tabs[m, :2, :2], th_list[i], th_list[j])
    rest = np.flatnonzero(~binary)
    if rest.size:
        tab = tabs[rest]
        prop = tab / tab.sum(axis=(1, 2))[:, None, None]
        t1, t2 = tau[rows[rest]], tau[cols[rest]]
        start = optimize_rho(prop, t1, t2, 1e-10, bound=0.999)
        rho = newton_rho(tab, t1, t2, start)
        out[rest] = np.clip(np.where(np.isfinite(rho), rho, start), -0.999, 0.999)
    return out


def ordinal_stats(codes: np.ndarray, n_cat: list[int]) -> dict[str, np.ndarray]:
    """Thresholds, polychoric correlations and NACOV of one group (lavaan's ``muthen1984``).

    ``codes`` are complete answers coded 0..K_j-1 with every category present.
    """
    n, p = codes.shape
    th_list, sc_th_list = [], []
    for j in range(p):
        k = n_cat[j]
        freq = np.bincount(codes[:, j], minlength=k)
        tau = ndtri(np.cumsum(freq / n)[:-1])
        th_list.append(tau)
        upper = np.append(tau, 100.0)[codes[:, j]]
        lower = np.insert(tau, 0, -100.0)[codes[:, j]]
        pi = ndtr(upper) - ndtr(lower)
        phi_u = np.exp(-(upper**2) / 2) / np.sqrt(2 * np.pi)
        phi_l = np.exp(-(lower**2) / 2) / np.sqrt(2 * np.pi)
        t = np.arange(k - 1)
        y1 = t[None, :] == codes[:, j][:, None]
        y2 = t[None, :] == (codes[:, j] - 1)[:, None]
        sc_th_list.append((y1 * phi_u[:, None] - y2 * phi_l[:, None]) / pi[:, None])
    th = np.concatenate(th_list)
    sc_th = np.hstack(sc_th_list)
    offsets = np.concatenate([[0], np.cumsum([k - 1 for k in n_cat])])
    rows, cols = np.triu_indices(p, 1)
    rows, cols = cols, rows  # (i, j) with i > j in vech order: (2,1), (3,1), ..., (3,2)
    order = np.lexsort((rows, cols))
    rows, cols = rows[order], cols[order]
    pstar = len(rows)
    cor = np.eye(p)
    rho_all = _all_rho(codes, n_cat, th_list, rows, cols)
    sc_cor = np.zeros((n, pstar))
    a21 = np.zeros((pstar, len(th)))
    for m in range(pstar):
        i, j = rows[m], cols[m]
        ki, kj = n_cat[i], n_cat[j]
        tab = np.zeros((ki, kj))
        np.add.at(tab, (codes[:, i], codes[:, j]), 1.0)
        rho = rho_all[m]
        cor[i, j] = cor[j, i] = rho
        scores = _pair_scores(th_list[i], th_list[j], rho)
        sc_cor[:, m] = scores["rho"][codes[:, i], codes[:, j]]
        w = tab * scores["rho"]
        a21[m, offsets[i] : offsets[i + 1]] = np.einsum("ab,tab->t", w, scores["th1"])
        a21[m, offsets[j] : offsets[j + 1]] = np.einsum("ab,tab->t", w, scores["th2"])
    sc = np.hstack([sc_th, sc_cor])
    inner = sc.T @ sc
    nth = len(th)
    a11 = np.zeros((nth, nth))
    for j in range(p):
        sl = slice(offsets[j], offsets[j + 1])
        a11[sl, sl] = inner[sl, sl]
    a22 = np.sum(sc_cor**2, axis=0)
    a11_inv = np.linalg.inv(a11)
    b_inv = np.zeros((nth + pstar, nth + pstar))
    b_inv[:nth, :nth] = a11_inv
    b_inv[nth:, :nth] = -(a21 @ a11_inv) / a22[:, None]
    b_inv[nth:, nth:] = np.diag(1 / a22)
    wls_w = b_inv @ inner @ b_inv.T
    gamma = n * wls_w
    obs = np.concatenate([th, cor[rows, cols]])
    return {"th": th, "cor": cor, "gamma": gamma, "obs": obs}


def _pair_scores(ti: np.ndarray, tj: np.ndarray, rho: float) -> dict[str, np.ndarray]:
    """Per cell of a pair's table: the case score of rho and of each threshold of both items
    (lavaan's ``lav_bvord_cor_scores``, with +-100 for infinite thresholds)."""
    ki, kj = len(ti) + 1, len(tj) + 1
    prob = cell_probabilities(ti[None], tj[None], np.array([rho]))[0]
    prob = np.maximum(prob, SQRT_EPS)
    phi = cell_derivatives(ti[None], tj[None], np.array([rho]))[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        lik = np.where(prob <= SQRT_EPS, np.nan, prob)
    r = np.sqrt(1 - rho * rho)
    ui, li = np.append(ti, 100.0), np.insert(ti, 0, -100.0)
    uj, lj = np.append(tj, 100.0), np.insert(tj, 0, -100.0)

    def dnorm(x):
        return np.exp(-x * x / 2) / np.sqrt(2 * np.pi)

    z1_i = dnorm(ui)[:, None] * (
        ndtr((uj[None, :] - rho * ui[:, None]) / r) - ndtr((lj[None, :] - rho * ui[:, None]) / r)
    )
    z2_i = dnorm(li)[:, None] * (
        ndtr((uj[None, :] - rho * li[:, None]) / r) - ndtr((lj[None, :] - rho * li[:, None]) / r)
    )
    z1_j = dnorm(uj)[None, :] * (
        ndtr((ui[:, None] - rho * uj[None, :]) / r) - ndtr((li[:, None] - rho * uj[None, :]) / r)
    )
    z2_j = dnorm(lj)[None, :] * (
        ndtr((ui[:, None] - rho * lj[None, :]) / r) - ndtr((li[:, None] - rho * lj[None, :]) / r)
    )
    ci = np.arange(ki)[:, None]
    cj = np.arange(kj)[None, :]
    th1 = np.stack([((ci == t) * z1_i - (ci - 1 == t) * z2_i) / lik for t in range(ki - 1)])
    th2 = np.stack([((cj == t) * z1_j - (cj - 1 == t) * z2_j) / lik for t in range(kj - 1)])
    return {"rho": phi / lik, "th1": th1, "th2": th2}


def ordinal_group_stats(grouped, items: tuple[str, ...]) -> tuple[list[GroupStats], list[int]]:
    """The DWLS sample statistics of every group (levels from all groups, as lavaan)."""
    values = np.concatenate(grouped.values)
    levels = [np.unique(values[:, j]) for j in range(values.shape[1])]
    n_cat = [len(lv) for lv in levels]
    for j, k in enumerate(n_cat):
        if k < 2:
            raise CFAError(
                f"Item {items[j]!r} has a single answer among the complete respondents; it has "
                "no thresholds to estimate. Drop it from the model.",
                column=items[j],
            )
        if k > 10:
            raise CFAError(
                f"Item {items[j]!r} has {k} different answers; WLSMV treats items as ordinal "
                "categories (use the ML estimator for continuous items).",
                column=items[j],
            )
    stats = []
    for label, x in zip(grouped.labels, grouped.values, strict=True):
        codes = ordinal_codes(x, levels)
        for j in range(codes.shape[1]):
            counts = np.bincount(codes[:, j], minlength=n_cat[j])
            if (counts == 0).any():
                empty = ", ".join(f"{v:g}" for v in levels[j][counts == 0])
                raise CFAError(
                    f"In group {label!r} nobody answered {items[j]!r} with {empty}; lavaan "
                    "cannot estimate its thresholds there. Merge rare answer categories or "
                    "leave the group out.",
                    column=items[j],
                )
        st = ordinal_stats(codes, n_cat)
        dg = np.diag(st["gamma"])
        stats.append(
            GroupStats(
                n=codes.shape[0],
                cov=st["cor"],
                th=st["th"],
                obs=st["obs"],
                gamma=st["gamma"],
                w=1 / dg,
            )
        )
    return stats, [k - 1 for k in n_cat]
