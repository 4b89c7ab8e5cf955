"""The evidence behind findings F8 and F9 of :func:`trustlab.reproduce`, read from an Analysis.

F8: the share with high trust per exposure category and the adjacent contrasts of high trust
(``exposure.scales[trust].high`` and ``.contrasts_high``: a linear probability model with
CR2 cluster-robust SEs and Satterthwaite df where a cluster is declared, the few-cluster-safe
method, Holm over the steps). F9: the trust-distrust
correlation (Fisher-z CI) and the two- vs one-factor CFA of the keyed items
(``dimensions.correlation``, ``cfa_two``, ``cfa_one``, ``cfa_comparison``). Nothing here
computes a statistic: the Analysis is the one source of numbers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from trustlab.analysis import Analysis

__all__ = ["ALPHA", "f8", "f9", "high_by_category"]

#: Significance level of the tests behind F8 and F9.
ALPHA = 0.05


def high_by_category(analysis: Analysis) -> pd.DataFrame:
    """Per exposure category: ``n`` scored, ``high`` (count), ``share`` (%) and its Wilson 95%
    CI (in %), for the trust dimension."""
    shares = analysis.exposure.scales[analysis.plan.dimensions.trust].high
    if shares is None:
        return pd.DataFrame(columns=["n", "high", "share", "ci_low", "ci_high"])
    t = shares.table
    out = pd.DataFrame(
        {
            "n": t["n"].astype(int),
            "high": t["count"].astype(int),
            "share": 100 * t["share"],
            "ci_low": 100 * t["ci_low"],
            "ci_high": 100 * t["ci_high"],
        }
    )
    out.index = pd.Index(list(t.index), name="category")
    return out


def f8(analysis: Analysis, labels: list[str], notes: list[str]) -> tuple[dict[str, Any], Any]:
    """F8's row (the step into the second-highest category in percentage points, its CI,
    ``consistent``) and the contrasts behind it. ``notes`` collects what could not be assessed."""
    trust = analysis.plan.dimensions.trust
    contrasts = analysis.exposure.scales[trust].contrasts_high
    if contrasts is None:
        why = next((n.message for n in analysis.notices
                    if n.step == f"adjacent contrasts high {trust}"), "")  # fmt: skip
        notes.append(f"F8 could not be assessed: {why}")
        return {"consistent": False, "f8_problem": why}, None
    notes += [f"F8: {w}" for w in contrasts.warnings]
    table = contrasts.table
    lower, upper, top = labels[-3], labels[-2], labels[-1]
    step = table[(table["lower"] == lower) & (table["upper"] == upper)]
    after = table[(table["lower"] == upper) & (table["upper"] == top)]
    if step.empty:
        notes.append(f"F8 could not be assessed: no respondents in {lower!r} or {upper!r}.")
        return {"consistent": False, "f8_problem": "empty category"}, contrasts
    s = step.iloc[0]
    rises = bool(s["estimate"] > 0 and s["p_holm"] < ALPHA)
    drops = bool(not after.empty and after.iloc[0]["estimate"] < 0)
    drops = drops and bool(after.iloc[0]["p_holm"] < ALPHA)
    shares = high_by_category(analysis)
    majority = bool((shares.loc[[upper, top], "share"] > 50).all())
    return {
        "observed": 100 * float(s["estimate"]),
        "ci_low": 100 * float(s["ci_low"]),
        "ci_high": 100 * float(s["ci_high"]),
        "n": int(contrasts.n_obs),
        "consistent": rises and not drops and majority,
        "f8": {
            "rises": rises,
            "drops": drops,
            "majority": majority,
            "step": s,
            "after": after,
            "vcov_type": contrasts.vcov_type if contrasts.inference == "cluster" else None,
        },
    }, contrasts


def f9(analysis: Analysis, notes: list[str]) -> tuple[dict[str, Any], dict, tuple]:
    """F9's row (r with its Fisher-z CI, ``consistent``), the correlation and the CFA fits."""
    dims = analysis.dimensions
    nan = float("nan")
    result = dims.correlation
    if result is None:
        corr = {"r": nan, "n": 0, "ci_low": nan, "ci_high": nan}
    else:
        corr = {"r": result.r, "n": result.n, "ci_low": result.ci_low, "ci_high": result.ci_high}
    quadrants = dims.quadrants.table if dims.quadrants is not None else None
    if quadrants is not None:
        corr["high_trust"] = int(
            quadrants.loc[["high_trust_low_distrust", "high_trust_high_distrust"], "n"].sum()
        )
        corr["high_trust_low_distrust"] = int(quadrants.loc["high_trust_low_distrust", "n"])
    for step in ("cfa two factors", "cfa one factor", "cfa two vs one factor"):
        notes += [f"F9: {n.message}" for n in analysis.notices if n.step == step]
    two, one, comparison = dims.cfa_two, dims.cfa_one, dims.cfa_comparison
    better = comparison is not None and bool(comparison["pvalue"].iloc[1] < ALPHA)
    row = {"observed": corr["r"], "ci_low": corr["ci_low"], "ci_high": corr["ci_high"],
           "n": corr["n"]}  # fmt: skip
    row["consistent"] = bool(corr["ci_high"] < 0) and better
    return row, corr, (two, one, comparison)
