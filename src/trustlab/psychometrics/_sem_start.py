"""Start values of a CFA's parameters, per group, from its sample statistics."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from trustlab.psychometrics._sem_spec import SemSpec

__all__ = ["standardised_start", "start_values"]


def standardised_start(
    r: np.ndarray, item_factor: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Standardised loadings and factor correlations to start from, given the item
    correlations ``r``: the first eigenpair of each factor's block (shrunk by 0.9, kept within
    0.1 and 0.95 in size), and the between-block correlations divided by the loadings (shrunk
    towards the identity until clearly positive definite)."""
    load = np.zeros(len(item_factor))
    for j in range(k):
        idx = np.flatnonzero(item_factor == j)
        vals, vecs = np.linalg.eigh(r[np.ix_(idx, idx)])
        v = vecs[:, -1] * np.sqrt(max(vals[-1], 1e-6))
        v = v if v.sum() >= 0 else -v
        v = np.clip(0.9 * v, -0.95, 0.95)
        v[np.abs(v) < 0.1] = 0.1
        load[idx] = v
    corr = np.eye(k)
    for j in range(k):
        for m in range(j + 1, k):
            a = np.flatnonzero(item_factor == j)
            b = np.flatnonzero(item_factor == m)
            block = r[np.ix_(a, b)] / np.outer(load[a], load[b])
            corr[j, m] = corr[m, j] = np.clip(np.mean(block), -0.9, 0.9)
    while np.linalg.eigvalsh(corr)[0] < 0.05:
        corr = 0.5 * corr + 0.5 * np.eye(k)
    return load, corr


def start_values(spec: SemSpec, stats: list[dict[str, np.ndarray]]) -> np.ndarray:
    """Starting theta: per group, marker-scaled first principal-component loadings of each
    factor's correlation block, factor covariances from the between-block correlations,
    residual variances ``(1 - l^2) s_ii``, sample means / thresholds; a parameter shared by
    groups starts at the first group's value."""
    x = np.zeros(spec.nx)
    for g in range(spec.n_groups):
        s = stats[g]["cov"]
        sd = np.sqrt(np.diag(s))
        r = s / np.outer(sd, sd)
        load, corr = standardised_start(r, spec.item_factor, spec.k)
        raw = load * sd
        scale = np.ones(spec.k)
        if not spec.std_lv:
            for j in range(spec.k):
                marker = next(
                    rw for rw in spec.rows if rw.group == g and rw.kind == "lambda" and rw.b == j
                )
                scale[j] = raw[marker.a]
        for rw in spec.rows:
            if rw.group != g or not rw.free:
                continue
            if rw.kind == "lambda":
                val = raw[rw.a] / scale[rw.b]
            elif rw.kind == "theta":
                val = (1 - load[rw.a] ** 2) * s[rw.a, rw.a] if not spec.ordinal else 1.0
            elif rw.kind == "psi":
                val = corr[rw.a, rw.b] * scale[rw.a] * scale[rw.b]
            elif rw.kind == "nu":
                val = stats[g]["mean"][rw.a]
            elif rw.kind == "tau":
                offs = int(np.sum(spec.n_thresholds[: rw.a]))
                val = stats[g]["th"][offs + rw.b]
            elif rw.kind == "delta":
                val = 1.0
            else:  # alpha
                val = 0.0
            x[rw.xid] = val
    theta = np.zeros(spec.npar)
    for rw in spec.par_rows:
        theta[rw.pid] = x[rw.xid]
    return theta
