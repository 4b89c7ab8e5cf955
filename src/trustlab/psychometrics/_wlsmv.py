"""WLSMV for ordinal items as lavaan 0.6-14 does it.

- the sample statistics (thresholds, polychorics, Gamma) are in
  :mod:`trustlab.psychometrics._ordinal_stats` (re-exported here: :func:`ordinal_group_stats`).
- :func:`scaled_shifted`: the mean-and-variance adjusted test (Asparouhov & Muthen 2010;
  lavaan's ``scaled.shifted``): ``T* = a T + b`` with ``a = sqrt(df / tr((U Gamma)^2))`` and
  ``b = df - a tr(U Gamma)``, ``U = V - V D E^-1 D' V``.
- :func:`wlsmv_fit_measures`: lavaan's ``fitMeasures`` of a WLSMV fit, with the robust CFI,
  TLI and RMSEA of Savalei (2021) (lavaan's ``lav_fit_catml_dwls``).
- :func:`satorra_2000`: ``lavTestLRT``'s default scaled difference test for WLSMV.
"""

from __future__ import annotations

import numpy as np

from trustlab.psychometrics._ordinal_stats import (
    SQRT_EPS,
    category_counts,
    ordinal_codes,
    ordinal_group_stats,
    ordinal_stats,
)
from trustlab.psychometrics._sem_fit import GroupStats, SemFit
from trustlab.psychometrics._sem_tests import cfi, rmsea, rmsea_close, rmsea_interval, tli

__all__ = [
    "category_counts",
    "ordinal_codes",
    "ordinal_stats",
    "ordinal_group_stats",
    "scaled_shifted",
    "wlsmv_fit_measures",
    "satorra_2000",
]


# ---- the scaled-shifted test and the fit measures -------------------------------------------


def _ug_traces(
    deltas: list[np.ndarray], stats: list[GroupStats], e_inv: np.ndarray
) -> tuple[float, float]:
    """``tr(U Gamma)`` and ``tr((U Gamma)^2)`` over all groups (lavaan's original method)."""
    n_total = sum(st.n for st in stats)
    fg = np.array([st.n / n_total for st in stats])
    v_all = _bdiag([fg[g] * np.diag(st.w) for g, st in enumerate(stats)])
    gamma_all = _bdiag([st.gamma / fg[g] for g, st in enumerate(stats)])
    d_all = np.vstack(deltas)
    vd = v_all @ d_all
    u = v_all - vd @ e_inv @ vd.T
    ug = u @ gamma_all
    return float(np.sum(u * gamma_all)), float(np.sum(ug * ug.T))


def _bdiag(blocks: list[np.ndarray]) -> np.ndarray:
    size = sum(b.shape[0] for b in blocks)
    out = np.zeros((size, size))
    at = 0
    for b in blocks:
        k = b.shape[0]
        out[at : at + k, at : at + k] = b
        at += k
    return out


def scaled_shifted(
    stat: float, df: int, deltas: list[np.ndarray], stats: list[GroupStats], e_inv: np.ndarray
) -> dict[str, float]:
    """lavaan's ``scaled.shifted`` test: ``a T + b`` on ``df`` degrees of freedom."""
    from trustlab.distributions import chi2 as chi2_dist

    if df <= 0:
        return {"stat": stat, "df": df, "pvalue": np.nan, "scaling": np.nan, "shift": np.nan}
    tr1, tr2 = _ug_traces(deltas, stats, e_inv)
    a = np.sqrt(df / tr2)
    shift = df - a * tr1
    scaled = a * stat + shift
    return {
        "stat": float(scaled),
        "df": df,
        "pvalue": float(chi2_dist.sf(scaled, df)),
        "scaling": float(1 / a),
        "shift": float(shift),
        "trace1": tr1,
        "trace2": tr2,
    }


def _baseline(stats: list[GroupStats], p: int) -> tuple[float, int, dict[str, float]]:
    """The independence model (thresholds free, correlations 0) and its scaled test."""
    nth = len(stats[0].th)
    total = len(stats) * nth
    deltas = []
    x2 = 0.0
    for g, st in enumerate(stats):
        d = np.zeros((len(st.obs), total))
        d[np.arange(nth), g * nth + np.arange(nth)] = 1.0
        deltas.append(d)
        x2 += (st.n - 1) * float(np.sum(st.obs[nth:] ** 2 * st.w[nth:]))
    n_total = sum(st.n for st in stats)
    info = sum(
        st.n / n_total * d.T @ (st.w[:, None] * d) for st, d in zip(stats, deltas, strict=True)
    )
    df = len(stats) * p * (p - 1) // 2
    return x2, df, scaled_shifted(x2, df, deltas, stats, np.linalg.inv(info))


def _catml(fit: SemFit, stats: list[GroupStats]) -> dict[str, float] | None:
    """lavaan's ``lav_fit_catml_dwls``: the ML discrepancy of the polychoric matrices at the
    DWLS estimates and the corrections behind the robust CFI, TLI and RMSEA (Savalei 2021)."""
    spec = fit.spec
    p = spec.p
    nth = int(sum(spec.n_thresholds))
    n_total = sum(st.n for st in stats)
    xx3 = 0.0
    v_blocks, w_blocks, g_blocks, d_rows = [], [], [], []
    null = 0.0
    rr, cc = np.triu_indices(p, 1)
    rr, cc = cc, rr
    for g, st in enumerate(stats):
        ev = np.linalg.eigvalsh(st.cov)
        if ev[0] < SQRT_EPS:
            return None
        imp = spec.implied(fit.x[None, :], g)["cor"][0]
        sign, logdet = np.linalg.slogdet(imp)
        if sign <= 0:
            return None
        inv = np.linalg.inv(imp)
        logdet_r = np.linalg.slogdet(st.cov)[1]
        xx3 += st.n * (logdet + np.sum(st.cov * inv) - logdet_r - p)
        null += st.n * (-logdet_r)
        fg = st.n / n_total
        v = inv[rr][:, rr] * inv[cc][:, cc] + inv[rr][:, cc] * inv[cc][:, rr]
        v_blocks.append(fg * v)
        w_blocks.append(fg * np.diag(st.w[nth:]))
        g_blocks.append(st.gamma[nth:, nth:] / fg)
        d_rows.append(fit.delta[g][nth:])
    df3 = spec.df
    e_inv = np.linalg.inv(fit.information)
    w_all, v_all, g_all = _bdiag(w_blocks), _bdiag(v_blocks), _bdiag(g_blocks)
    d_all = np.vstack(d_rows)
    wiu = np.eye(len(w_all)) - d_all @ e_inv @ d_all.T @ w_all
    ks = float(np.trace(wiu.T @ v_all @ wiu @ g_all))
    c_hat = ks / df3 if df3 > 0 else np.nan
    df_null = len(stats) * p * (p - 1) // 2
    return {
        "XX3": float(xx3),
        "df3": df3,
        "c_hat3": c_hat,
        "XX3_scaled": float(xx3 / c_hat) if df3 > 0 else np.nan,
        "XX3_null": float(null),
        "df3_null": df_null,
        "c_hat3_null": float(np.trace(g_all) / df_null),
    }


def wlsmv_fit_measures(fit: SemFit, stats: list[GroupStats]) -> dict[str, float]:
    """lavaan's ``fitMeasures`` of a WLSMV fit (test = "scaled.shifted")."""
    from trustlab.distributions import chi2 as chi2_dist

    spec = fit.spec
    g_count = len(stats)
    n = sum(st.n for st in stats) - g_count  # lavaan's N for DWLS: ntotal - ngroups
    x2 = fit.chisq
    df = spec.df
    e_inv = np.linalg.inv(fit.information)
    sc = scaled_shifted(x2, df, fit.delta, stats, e_inv)
    b_x2, b_df, b_sc = _baseline(stats, spec.p)
    out = {
        "npar": spec.npar,
        "fmin": fit.fmin,
        "chisq": x2,
        "df": df,
        "pvalue": float(chi2_dist.sf(x2, df)) if df > 0 else np.nan,
        "chisq.scaled": sc["stat"],
        "df.scaled": df,
        "pvalue.scaled": sc["pvalue"],
        "chisq.scaling.factor": sc["scaling"],
        "chisq.shift.parameters": sc["shift"],
        "baseline.chisq": b_x2,
        "baseline.df": b_df,
        "baseline.pvalue": float(chi2_dist.sf(b_x2, b_df)),
        "baseline.chisq.scaled": b_sc["stat"],
        "baseline.df.scaled": b_df,
        "baseline.pvalue.scaled": b_sc["pvalue"],
        "baseline.chisq.scaling.factor": b_sc["scaling"],
        "cfi": cfi(x2, df, b_x2, b_df),
        "tli": tli(x2, df, b_x2, b_df),
        "cfi.scaled": cfi(sc["stat"], df, b_sc["stat"], b_df),
        "tli.scaled": tli(sc["stat"], df, b_sc["stat"], b_df),
    }
    # lavaan 0.6-14's catML refit drops the thresholds but keeps their equality constraints
    # across groups, fails, and reports no robust measures; so does trustlab
    th_equal = any(r.kind == "tau" for _, _, r in spec.constraints)
    cat = None if th_equal else _catml(fit, stats)
    if cat is None:
        robust = dict.fromkeys(
            ["cfi.robust", "tli.robust", "rmsea.robust", "rmsea.ci.lower.robust",
             "rmsea.ci.upper.robust", "rmsea.pvalue.robust"], np.nan
        )  # fmt: skip
    else:
        ci_r = rmsea_interval(cat["XX3_scaled"], cat["df3"], n, g_count, cat["c_hat3"])
        args = (cat["XX3"], df, cat["XX3_null"], b_df, cat["c_hat3"], cat["c_hat3_null"])
        robust = {
            "cfi.robust": cfi(*args),
            "tli.robust": tli(*args),
            "rmsea.robust": rmsea(cat["XX3"], cat["df3"], n, g_count, cat["c_hat3"]),
            "rmsea.ci.lower.robust": ci_r[0],
            "rmsea.ci.upper.robust": ci_r[1],
            "rmsea.pvalue.robust": rmsea_close(
                cat["XX3_scaled"], cat["df3"], n, g_count, cat["c_hat3"]
            ),
        }
    ci = rmsea_interval(x2, df, n, g_count)
    ci_s = rmsea_interval(sc["stat"], df, n, g_count)
    out |= {
        "cfi.robust": robust["cfi.robust"],
        "tli.robust": robust["tli.robust"],
        "rmsea": rmsea(x2, df, n, g_count),
        "rmsea.ci.lower": ci[0],
        "rmsea.ci.upper": ci[1],
        "rmsea.pvalue": rmsea_close(x2, df, n, g_count),
        "rmsea.scaled": rmsea(sc["stat"], df, n, g_count),
        "rmsea.ci.lower.scaled": ci_s[0],
        "rmsea.ci.upper.scaled": ci_s[1],
        "rmsea.pvalue.scaled": rmsea_close(sc["stat"], df, n, g_count),
        "rmsea.robust": robust["rmsea.robust"],
        "rmsea.ci.lower.robust": robust["rmsea.ci.lower.robust"],
        "rmsea.ci.upper.robust": robust["rmsea.ci.upper.robust"],
        "rmsea.pvalue.robust": robust["rmsea.pvalue.robust"],
        "srmr": _srmr(fit, stats),
        "ntotal": n + g_count,
    }
    return out


def _srmr(fit: SemFit, stats: list[GroupStats]) -> float:
    """lavaan's ``srmr`` for ordinal items: the root mean square of the polychoric residuals
    over the ``p (p + 1) / 2`` elements of ``vech`` (zero diagonal), averaged over groups by
    size."""
    spec = fit.spec
    p = spec.p
    n_total = sum(st.n for st in stats)
    i, j = np.tril_indices(p, -1)
    out = 0.0
    for g, st in enumerate(stats):
        resid = st.cov - spec.implied(fit.x[None, :], g)["cor"][0]
        out += st.n / n_total * np.sqrt(np.sum(resid[i, j] ** 2) / (p * (p + 1) / 2))
    return float(out)


def _orth_complement(a: np.ndarray) -> np.ndarray:
    """A basis of the orthogonal complement of the columns of ``a`` (lavaan's QR-based one)."""
    q, r = np.linalg.qr(a, mode="complete")
    rank = int(np.sum(np.abs(np.diag(r)) > 1e-7 * max(1.0, np.abs(r).max()))) if r.size else 0
    return q[:, rank:]


def satorra_2000(engine1, engine0) -> dict[str, float]:
    """lavaan's ``lav_test_diff_Satorra2000`` (H1 = TRUE, A.method = "delta",
    scaled.shifted = TRUE): the scaled-shifted difference of ``m0`` (more restricted) and
    ``m1``."""
    spec1, fit1, stats = engine1
    spec0, fit0, _ = engine0
    t1, t0 = fit1.chisq, fit0.chisq
    m = spec0.df - spec1.df
    if m == 0:
        return {"T.delta": t0 - t1, "df.delta": 0, "a": np.nan, "b": np.nan}
    d1 = np.vstack(fit1.delta)
    d0 = np.vstack(fit0.delta)
    h = np.linalg.pinv(d1, rcond=np.sqrt(np.finfo(float).eps)) @ d0
    a_mat = _orth_complement(h).T
    p_inv = np.linalg.inv(fit1.information)
    apa = a_mat @ p_inv @ a_mat.T
    keep = ~((np.abs(apa.sum(axis=0)) < SQRT_EPS) & (np.abs(apa.sum(axis=1)) < SQRT_EPS))
    a_mat = a_mat[keep]
    paap = p_inv @ a_mat.T @ np.linalg.pinv(a_mat @ p_inv @ a_mat.T) @ a_mat @ p_inv
    n_total = sum(st.n for st in stats)
    fg = np.array([st.n / n_total for st in stats])
    trace1 = 0.0
    for g, st in enumerate(stats):
        ug = (st.w[:, None] * st.gamma * st.w[None, :]) @ fit1.delta[g] @ paap @ fit1.delta[g].T
        trace1 += fg[g] * float(np.trace(ug))
    gamma_all = _bdiag([fg[g] * st.gamma for g, st in enumerate(stats)])
    v_all = _bdiag([np.diag(st.w) for st in stats])
    u_all = v_all @ d1 @ paap @ d1.T @ v_all
    ug_all = u_all @ gamma_all
    trace2 = float(np.trace(ug_all @ ug_all))
    a = np.sqrt(m / trace2)
    b = m - a * trace1
    return {"T.delta": float((t0 - t1) * a + b), "df.delta": m, "a": float(a), "b": float(b)}
