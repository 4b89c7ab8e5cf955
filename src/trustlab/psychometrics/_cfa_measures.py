"""Fit measures, standardised solution and parameter tables of a fitted CFA (lavaan's names)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from trustlab.distributions import chi2, ncx2, norm
from trustlab.psychometrics._cfa_fit import CFAModel

__all__ = ["Tables", "fit_measures", "improper", "standardize", "standardize_jacobian", "tables"]


def _rmsea_ci(chisq: float, df: int, n: int, level: float = 0.90) -> tuple[float, float]:
    """lavaan's RMSEA interval: invert the noncentral chi-square cdf in its noncentrality."""

    def cdf(ncp: float) -> float:
        return float(chi2.cdf(chisq, df) if ncp == 0 else ncx2.cdf(chisq, df, ncp))

    def bound(prob: float) -> float:
        if df < 1 or cdf(0.0) < prob:
            return 0.0
        hi = max(chisq, 1.0)
        while cdf(hi) > prob:
            hi *= 2
        return brentq(lambda ncp: cdf(ncp) - prob, 0.0, hi, xtol=1e-14, rtol=1e-14)

    tail = (1 - level) / 2
    lower, upper = bound(1 - tail), bound(tail)
    return float(np.sqrt(lower / (n * df))), float(np.sqrt(upper / (n * df)))


def fit_measures(
    model: CFAModel, x: np.ndarray, fmin: float, s: np.ndarray, n: int
) -> dict[str, float]:
    """lavaan's ``fitMeasures`` for an ML fit of the covariance matrix (normal likelihood)."""

    p = model.p
    df = model.df
    fmin = max(fmin, 0.0)  # F_ML >= 0; a just-identified fit can end at -1e-16 by rounding
    chisq = n * fmin
    pvalue = float(chi2.sf(chisq, df)) if df > 0 else float("nan")
    logdet_s = float(np.linalg.slogdet(s)[1])
    base_chisq = n * float(np.sum(np.log(np.diag(s))) - logdet_s)
    base_df = p * (p - 1) // 2
    t1 = max(chisq - df, 0.0)
    t2 = max(chisq - df, base_chisq - base_df, 0.0)
    cfi = 1.0 if t1 == 0 and t2 == 0 else 1 - t1 / t2
    # lavaan: a just-identified model (df = 0) has tli = 1, rmsea = 0 and a CI of (0, 0)
    tli = (base_chisq / base_df - chisq / df) / (base_chisq / base_df - 1) if df > 0 else 1.0
    rmsea = float(np.sqrt(max(chisq / (n * df) - 1 / n, 0.0))) if df > 0 else 0.0
    ci = _rmsea_ci(chisq, df, n) if df > 0 else (0.0, 0.0)
    close = float(ncx2.sf(chisq, df, n * df * 0.05**2)) if df > 0 else float("nan")
    sigma = model.sigma(x)
    d = 1 / np.sqrt(np.diag(s))
    resid = (s - sigma) * np.outer(d, d)
    srmr = float(np.sqrt(np.mean(resid[np.tril_indices(p)] ** 2)))
    const = p * np.log(2 * np.pi)
    unrestricted = -n / 2 * (const + logdet_s + p)
    logl = unrestricted - n / 2 * fmin
    npar = model.npar
    return {
        "npar": npar,
        "fmin": fmin / 2,
        "chisq": chisq,
        "df": df,
        "pvalue": pvalue,
        "baseline.chisq": base_chisq,
        "baseline.df": base_df,
        "baseline.pvalue": float(chi2.sf(base_chisq, base_df)),
        "cfi": cfi,
        "tli": tli,
        "logl": logl,
        "unrestricted.logl": unrestricted,
        "aic": -2 * logl + 2 * npar,
        "bic": -2 * logl + npar * np.log(n),
        "bic2": -2 * logl + npar * np.log((n + 2) / 24),
        "ntotal": n,
        "rmsea": rmsea,
        "rmsea.ci.lower": ci[0],
        "rmsea.ci.upper": ci[1],
        "rmsea.pvalue": close,
        "srmr": srmr,
    }


def standardize(model: CFAModel, x: np.ndarray, kind: str) -> np.ndarray:
    """``std.lv`` or ``std.all`` value of every parameter-table row (complex-step safe)."""
    lam, phi, theta = model.matrices(x)
    sd_lv = np.sqrt(np.diag(phi))
    sd_ov = np.sqrt(np.sum((lam @ phi) * lam, axis=1) + theta)
    out = np.zeros(len(model.rows), dtype=x.dtype)
    for t, r in enumerate(model.rows):
        if r.kind == "lambda":
            out[t] = lam[r.a, r.b] * sd_lv[r.b] / (sd_ov[r.a] if kind == "std.all" else 1.0)
        elif r.kind == "theta":
            out[t] = theta[r.a] / (sd_ov[r.a] ** 2 if kind == "std.all" else 1.0)
        elif r.a == r.b:
            out[t] = 1.0
        else:
            out[t] = phi[r.a, r.b] / (sd_lv[r.a] * sd_lv[r.b])
    return out


def standardize_jacobian(model: CFAModel, x: np.ndarray, kind: str) -> np.ndarray:
    """Jacobian of :func:`standardize` by complex-step differentiation (exact to rounding)."""
    h = 1e-30
    jac = np.zeros((len(model.rows), model.npar))
    for k in range(model.npar):
        step = x.astype(complex)
        step[k] += 1j * h
        jac[:, k] = standardize(model, step, kind).imag / h
    return jac


@dataclass(frozen=True)
class Tables:
    """The DataFrames of a fitted model, keyed by :class:`~trustlab.psychometrics.cfa.CFAResult`
    attribute name, and the ``"lhs op rhs"`` labels of the free parameters."""

    frames: dict
    labels: list


def _wald(est: np.ndarray, se: np.ndarray) -> dict[str, np.ndarray]:

    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, est / se, np.nan)
    q = norm.ppf(0.975)
    return {
        "z": z,
        "pvalue": 2 * norm.sf(np.abs(z)),
        "ci.lower": est - q * se,
        "ci.upper": est + q * se,
    }


def tables(model: CFAModel, x: np.ndarray, vcov: np.ndarray) -> Tables:
    """Parameter table, standardised solution and the per-item / per-factor summaries."""

    rows = model.rows
    free = np.array([r.free for r in rows])
    est = np.array([r.value for r in rows])
    est[free] = x
    se = np.zeros(len(rows))
    se[free] = np.sqrt(np.clip(np.diag(vcov), 0, None))
    keys = {"lhs": [r.lhs for r in rows], "op": [r.op for r in rows], "rhs": [r.rhs for r in rows]}
    std_all = standardize(model, x, "std.all")
    params = pd.DataFrame(
        {**keys, "free": free, "est": est, "se": se, **_wald(est, se)}
        | {"std.lv": standardize(model, x, "std.lv"), "std.all": std_all}
    )
    jac = standardize_jacobian(model, x, "std.all")
    std_se = np.sqrt(np.clip(np.einsum("ik,kl,il->i", jac, vcov, jac), 0, None))
    fixed_one = np.array([r.kind == "phi" and r.a == r.b for r in rows])
    std_se[fixed_one] = 0.0
    std = pd.DataFrame({**keys, "est.std": std_all, "se": std_se, **_wald(std_all, std_se)})

    items, factors = list(model.items), list(model.factor_names)
    lam_rows = [t for t, r in enumerate(rows) if r.kind == "lambda"]
    lam_rows.sort(key=lambda t: rows[t].a)
    loadings = pd.DataFrame(
        {
            "factor": [rows[t].lhs for t in lam_rows],
            "est": est[lam_rows],
            "se": se[lam_rows],
            "std_all": std_all[lam_rows],
            "std_all_se": std_se[lam_rows],
        },
        index=pd.Index(items, name="item"),
    )
    th = [t for t, r in enumerate(rows) if r.kind == "theta"]
    resid = pd.DataFrame(
        {"est": est[th], "se": se[th], "std_all": std_all[th]},
        index=pd.Index(items, name="item"),
    )
    _, phi, _ = model.matrices(x)
    sd = np.sqrt(np.diag(phi))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = phi / np.outer(sd, sd)
    np.fill_diagonal(corr, 1.0)
    rel = []
    for f in factors:
        lam = loadings.loc[loadings["factor"] == f, "std_all"].to_numpy()
        theta = resid.loc[loadings["factor"] == f, "std_all"].to_numpy()
        s1, s2 = lam.sum() ** 2, np.sum(lam**2)
        rel.append(
            {"omega": s1 / (s1 + theta.sum()), "ave": s2 / (s2 + theta.sum()), "n_items": len(lam)}
        )
    frames = {
        "parameters": params,
        "standardized": std,
        "loadings": loadings,
        "residual_variances": resid,
        "factor_correlations": pd.DataFrame(corr, index=factors, columns=factors),
        "factor_covariances": pd.DataFrame(phi, index=factors, columns=factors),
        "reliability": pd.DataFrame(rel, index=pd.Index(factors, name="factor")),
    }
    labels = [f"{r.lhs} {r.op} {r.rhs}" for r in model.free_rows]
    return Tables(frames, labels)


def improper(model: CFAModel, x: np.ndarray) -> str:
    """A message naming negative variances and out-of-range factor correlations, or ``""``."""
    _, phi, theta = model.matrices(x)
    parts = [
        f"residual variance of {it!r} = {v:.4g}"
        for it, v in zip(model.items, theta, strict=True)
        if v < 0
    ]
    names = model.factor_names
    parts += [
        f"variance of factor {f!r} = {v:.4g}"
        for f, v in zip(names, np.diag(phi), strict=True)
        if v < 0
    ]
    d = np.diag(phi)
    for j in range(model.k):
        for m in range(j + 1, model.k):
            if d[j] > 0 and d[m] > 0 and abs(phi[j, m]) > np.sqrt(d[j] * d[m]):
                r = phi[j, m] / np.sqrt(d[j] * d[m])
                parts.append(f"correlation of {names[j]!r} and {names[m]!r} = {r:.4g}")
    if not parts:
        return ""
    return (
        "Improper solution (Heywood case): " + "; ".join(parts) + ". The model does not fit "
        "these items well (too few items per factor, a near-zero loading, or a misspecified "
        "factor); interpret the estimates with care."
    )
