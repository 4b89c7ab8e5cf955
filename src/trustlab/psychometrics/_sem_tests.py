"""Tests and fit measures of fitted multi-group models, as lavaan 0.6-14 computes them.

- :func:`ml_fit_measures`: ``fitMeasures`` of an ML fit with means (several groups).
- :func:`score_tests`: ``lavTestScore(fit)$uni``, the score (Lagrange multiplier) test of each
  equality constraint, ``N s' Z1+ s`` with ``s`` the gradient of lavaan's ``fmin`` in the
  unconstrained parameters x and ``Z1+`` the top-left block of the Moore-Penrose inverse of the
  information augmented by the other constraints.
- :func:`lrt_ml`: ``lavTestLRT`` for ML fits (plain chi-square difference and its RMSEA).
"""

from __future__ import annotations

import numpy as np

from trustlab.psychometrics._cfa_measures import _rmsea_ci
from trustlab.psychometrics._sem_fit import GroupStats, SemFit, _ml_group, _ml_info

__all__ = [
    "cfi",
    "tli",
    "rmsea",
    "rmsea_interval",
    "rmsea_close",
    "ml_fit_measures",
    "score_tests",
    "lrt_ml",
    "mg_srmr",
]


def cfi(x2: float, df: float, x2_null: float, df_null: float, c_hat=1.0, c_null=1.0) -> float:
    """lavaan's ``lav_fit_cfi`` (with ``c.hat`` for the robust versions)."""
    if not np.all(np.isfinite([x2, df, x2_null, df_null, c_hat, c_null])):
        return float("nan")
    if df > 0 and c_hat != 1 and c_null != 1:
        t1 = max(x2 - c_hat * df, 0.0)
        t2 = max(x2 - c_hat * df, x2_null - c_null * df_null, 0.0)
    else:
        t1 = max(x2 - df, 0.0)
        t2 = max(x2 - df, x2_null - df_null, 0.0)
    if np.isclose(t1, 0.0, rtol=0, atol=1.5e-8) and np.isclose(t2, 0.0, rtol=0, atol=1.5e-8):
        return 1.0
    return float(1 - t1 / t2)


def tli(x2: float, df: float, x2_null: float, df_null: float, c_hat=1.0, c_null=1.0) -> float:
    """lavaan's ``lav_fit_tli``."""
    if not np.all(np.isfinite([x2, df, x2_null, df_null, c_hat, c_null])):
        return float("nan")
    if df > 0 and c_hat != 1 and c_null != 1:
        t1 = (x2 - c_hat * df) * df_null
        t2 = (x2_null - c_null * df_null) * df
    else:
        t1 = (x2 - df) * df_null
        t2 = (x2_null - df_null) * df
    if df > 0 and abs(t2) > 0:
        return float(1 - t1 / t2)
    return 1.0


def rmsea(x2: float, df: float, n: float, groups: int = 1, c_hat: float = 1.0) -> float:
    """lavaan's ``lav_fit_rmsea``: ``sqrt(max(X2 / (N df) - c / N, 0)) sqrt(G)``."""
    if not np.isfinite(x2) or not np.isfinite(df):
        return float("nan")
    if df <= 0:
        return 0.0
    return float(np.sqrt(max(x2 / n / df - c_hat / n, 0.0)) * np.sqrt(groups))


def rmsea_interval(
    x2: float, df: float, n: float, groups: int = 1, c_hat: float = 1.0
) -> tuple[float, float]:
    """lavaan's 90% RMSEA interval (noncentral chi-square inverted in its noncentrality)."""
    if not np.isfinite(x2) or not np.isfinite(df) or df < 1:
        return (0.0, 0.0) if np.isfinite(x2) else (float("nan"), float("nan"))
    low, high = _rmsea_ci(x2, round(df), 1)  # sqrt(lambda / df)
    scale = np.sqrt(c_hat / n) * np.sqrt(groups)
    return float(low * scale), float(high * scale)


def rmsea_close(x2: float, df: float, n: float, groups: int = 1, c_hat: float = 1.0) -> float:
    """lavaan's test of close fit (RMSEA <= .05)."""
    from trustlab.distributions import ncx2

    if not np.isfinite(x2) or df <= 0:
        return float("nan")
    ncp = n * df / c_hat * 0.05**2 / groups
    return float(ncx2.sf(x2, df, ncp))


def mg_srmr(fit: SemFit, stats: list[GroupStats]) -> float:
    """lavaan's default ``srmr`` (Bentler's, with the means) averaged over groups by size."""
    spec = fit.spec
    n_total = sum(st.n for st in stats)
    out = 0.0
    for g, st in enumerate(stats):
        imp = spec.implied(fit.x[None, :], g)
        sd = np.sqrt(np.diag(st.cov))
        resid = (st.cov - imp["cov"][0]) / np.outer(sd, sd)
        c, r = np.triu_indices(spec.p)
        sq = np.sum(resid[r, c] ** 2)
        count = len(r)
        if spec.meanstructure:
            sq += np.sum(((st.mean - imp["mean"][0]) / sd) ** 2)
            count += spec.p
        out += st.n / n_total * np.sqrt(sq / count)
    return float(out)


def ml_fit_measures(fit: SemFit, stats: list[GroupStats]) -> dict[str, float]:
    """lavaan's ``fitMeasures`` of an ML fit with a mean structure (one or more groups)."""
    from trustlab.distributions import chi2 as chi2_dist

    spec = fit.spec
    n = sum(st.n for st in stats)
    g_count = len(stats)
    p = spec.p
    x2 = fit.chisq
    df = spec.df
    base = sum(st.n * (np.sum(np.log(np.diag(st.cov))) - st.extra["logdet"]) for st in stats)
    base_df = g_count * p * (p - 1) // 2
    unrestricted = sum(-st.n / 2 * (p * np.log(2 * np.pi) + st.extra["logdet"] + p) for st in stats)
    logl = unrestricted - x2 / 2
    npar = spec.npar
    ci = rmsea_interval(x2, df, n, g_count)
    return {
        "npar": npar,
        "fmin": fit.fmin,
        "chisq": x2,
        "df": df,
        "pvalue": float(chi2_dist.sf(x2, df)) if df > 0 else float("nan"),
        "baseline.chisq": float(base),
        "baseline.df": base_df,
        "baseline.pvalue": float(chi2_dist.sf(base, base_df)),
        "cfi": cfi(x2, df, base, base_df),
        "tli": tli(x2, df, base, base_df),
        "logl": float(logl),
        "unrestricted.logl": float(unrestricted),
        "aic": float(-2 * logl + 2 * npar),
        "bic": float(-2 * logl + npar * np.log(n)),
        "bic2": float(-2 * logl + npar * np.log((n + 2) / 24)),
        "ntotal": n,
        "rmsea": rmsea(x2, df, n, g_count),
        "rmsea.ci.lower": ci[0],
        "rmsea.ci.upper": ci[1],
        "rmsea.pvalue": rmsea_close(x2, df, n, g_count),
        "srmr": mg_srmr(fit, stats),
    }


def _score_and_information(fit: SemFit, stats: list[GroupStats], estimator: str):
    """lavaan's ``gradient.logl`` and unit expected ``information`` in the x parameters."""
    spec = fit.spec
    n_total = sum(st.n for st in stats)
    score = np.zeros(spec.nx)
    info = np.zeros((spec.nx, spec.nx))
    for g, st in enumerate(stats):
        dx = fit.delta_x[g]
        fg = st.n / n_total
        if estimator == "ML":
            _, grad_m, inv = _ml_group(spec, fit.x, g, st)
            score += -0.5 * fg * dx.T @ grad_m
            info += fg * dx.T @ _ml_info(inv) @ dx
        else:
            m = spec.moments(fit.x[None, :], g)[0]
            score += -(st.n - 1) / n_total * dx.T @ (st.w * (st.obs - m))
            info += fg * dx.T @ (st.w[:, None] * dx)
    return score, info


def _ginv(a: np.ndarray) -> np.ndarray:
    """MASS::ginv: singular values below sqrt(eps) times the largest are dropped."""
    return np.linalg.pinv(a, rcond=np.sqrt(np.finfo(float).eps))


def score_tests(
    fit: SemFit, stats: list[GroupStats], estimator: str
) -> list[tuple[object, float, float]]:
    """``lavTestScore(fit)$uni``: (constraint row, X2, p) for every equality constraint."""
    from trustlab.distributions import chi2 as chi2_dist

    spec = fit.spec
    cons = spec.constraints
    if not cons:
        return []
    n_total = sum(st.n for st in stats)
    score, info = _score_and_information(fit, stats, estimator)
    # Releasing x[a] == x[b] adds the direction of x[b] (group g's copy, in no other
    # constraint) to the constrained space span(K), where the score is 0; the augmented inverse
    # then gives the closed form s_b^2 / (I_bb - I_bK (K'IK)^-1 K'I_b), the Schur complement.
    k = spec.K
    m_inv = np.linalg.inv(k.T @ info @ k)
    out = []
    r = None
    for i, (_, b, row) in enumerate(cons):
        v = info[b] @ k
        schur = info[b, b] - v @ m_inv @ v
        if schur > 1e-10 * max(info[b, b], 1e-300):
            stat = float(n_total * score[b] ** 2 / schur)
        else:  # the released model is not identified: lavaan's generalised inverse
            if r is None:
                r = np.zeros((len(cons), spec.nx))
                for j, (a2, b2, _) in enumerate(cons):
                    r[j, a2], r[j, b2] = 1.0, -1.0
            r1 = np.delete(r, i, axis=0)
            z = np.block([[info, r1.T], [r1, np.zeros((len(r1), len(r1)))]])
            j_inv = _ginv(z)[: spec.nx, : spec.nx]
            stat = float(n_total * score @ j_inv @ score)
        out.append((row, stat, float(chi2_dist.sf(stat, 1))))
    return out


def lrt_ml(fits: list[tuple[SemFit, dict[str, float], int]]) -> list[dict[str, float]]:
    """``lavTestLRT`` of nested ML fits: rows sorted by df, with the difference tests.

    ``fits`` holds ``(fit, fit measures, number of groups)``.
    """
    from trustlab.distributions import chi2 as chi2_dist

    rows = sorted(fits, key=lambda t: t[1]["df"])
    out = []
    prev = None
    for _, fm, g_count in rows:
        row = {
            "df": fm["df"],
            "aic": fm["aic"],
            "bic": fm["bic"],
            "chisq": fm["chisq"],
            "chisq_diff": np.nan,
            "rmsea": np.nan,
            "df_diff": np.nan,
            "pvalue": np.nan,
        }
        if prev is not None:
            diff = fm["chisq"] - prev["chisq"]
            ddf = fm["df"] - prev["df"]
            row["chisq_diff"] = diff
            row["df_diff"] = ddf
            row["rmsea"] = rmsea(diff, ddf, fm["ntotal"], g_count) if ddf > 0 else np.nan
            row["pvalue"] = float(chi2_dist.sf(diff, ddf)) if ddf > 0 else np.nan
        out.append(row)
        prev = fm
    return out
