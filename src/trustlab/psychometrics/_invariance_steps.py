"""The steps of :func:`~trustlab.psychometrics.measurement_invariance`: the comparison of two
levels (lavTestLRT and the changes in CFI and RMSEA), the decision rule, the score tests of the
constraints, the screening of groups, the latent mean differences and the verdict in words."""

from __future__ import annotations

import numpy as np
import pandas as pd

from trustlab.errors import CFAError
from trustlab.psychometrics._mg_data import GroupedData
from trustlab.psychometrics._sem_tests import score_tests
from trustlab.psychometrics.multigroup import MultiGroupCFAResult

__all__ = [
    "CUTOFFS",
    "fit_keys",
    "score_frame",
    "compare",
    "holds",
    "min_size",
    "screen",
    "latent_means",
    "verdict",
]

#: The cut-offs of the changes in fit, with their sources.
CUTOFFS = {
    "delta_cfi": (-0.010, "Chen (2007); Cheung & Rensvold (2002): CFI may drop by at most .010"),
    "delta_rmsea": (0.015, "Chen (2007): RMSEA may rise by at most .015"),
}


def fit_keys(estimator: str) -> tuple[str, str]:
    return ("cfi.scaled", "rmsea.scaled") if estimator == "WLSMV" else ("cfi", "rmsea")


def _partial_name(row) -> str:
    if row.kind == "lambda":
        return f"{row.lhs}=~{row.rhs}"
    if row.kind in ("nu", "alpha"):
        return f"{row.lhs}~1"
    if row.kind == "tau":
        return f"{row.lhs}|{row.rhs}"
    return f"{row.lhs}~~{row.rhs}"


def score_frame(res: MultiGroupCFAResult, estimator: str) -> pd.DataFrame:
    _, fit, stats = res.engine
    tests = score_tests(fit, stats, "ML" if estimator == "ML" else "DWLS")
    return pd.DataFrame(
        {
            "parameter": [_partial_name(r) for r, _, _ in tests],
            "kind": [r.kind for r, _, _ in tests],
            "group": [res.groups[r.group] for r, _, _ in tests],
            "X2": [x2 for _, x2, _ in tests],
            "pvalue": [p for _, _, p in tests],
        }
    )


def compare(ref: MultiGroupCFAResult, new: MultiGroupCFAResult, estimator: str) -> dict[str, float]:
    from trustlab.distributions import chi2 as chi2_dist

    cfi_key, rmsea_key = fit_keys(estimator)
    ddf = new.df - ref.df
    if estimator == "ML":
        diff = new.chi2 - ref.chi2
    else:
        from trustlab.psychometrics._wlsmv import satorra_2000

        diff = satorra_2000(ref.engine, new.engine)["T.delta"] if ddf > 0 else np.nan
    return {
        "chisq": new.chi2,
        "df": new.df,
        "chisq_diff": float(diff),
        "df_diff": int(ddf),
        "pvalue": float(chi2_dist.sf(diff, ddf)) if ddf > 0 else np.nan,
        "cfi": new.fit[cfi_key],
        "rmsea": new.fit[rmsea_key],
        "delta_cfi": new.fit[cfi_key] - ref.fit[cfi_key],
        "delta_rmsea": new.fit[rmsea_key] - ref.fit[rmsea_key],
    }


def holds(comp: dict[str, float], criterion: str, alpha: float) -> bool:
    by_fit = comp["delta_cfi"] >= CUTOFFS["delta_cfi"][0] and (
        comp["delta_rmsea"] <= CUTOFFS["delta_rmsea"][0]
    )
    by_chisq = not (comp["pvalue"] < alpha)
    if criterion == "delta_fit":
        return bool(by_fit)
    if criterion == "chisq":
        return bool(by_chisq)
    return bool(by_fit and by_chisq)


def min_size(factors: dict[str, tuple[str, ...]]) -> int:
    """Free parameters of one group in the configural model of continuous items: loadings,
    factor (co)variances, intercepts and residual variances (at least p + 1)."""
    p = sum(len(i) for i in factors.values())
    k = len(factors)
    return max((p - k) + k * (k + 1) // 2 + 2 * p, p + 1)


def _positive_definite(x: np.ndarray) -> bool:
    s = np.cov(x, rowvar=False, ddof=0)
    d = np.sqrt(np.diag(s))
    return bool((d > 0).all() and np.linalg.eigvalsh(s / np.outer(d, d))[0] >= 1e-10)


def screen(
    grouped: GroupedData, items: tuple[str, ...], minimum: int, estimator: str, policy: str
) -> None:
    """Leave out (or refuse) groups too small for the model, or, for ordinal items, groups
    in which an answer category of some item is empty (lavaan cannot fit them)."""
    problems = []
    # every group's answers at once, for ordinal items only (at ten million respondents a copy
    # of 0.5 GB the ML screen has no use for)
    all_values = None
    if estimator == "WLSMV" and grouped.values:
        all_values = np.concatenate(grouped.values)
    for label, x in zip(list(grouped.labels), list(grouped.values), strict=True):
        reason = short = None
        if len(x) < minimum:
            short = f"{len(x)} complete respondents, fewer than {minimum}"
            reason = (
                f"Group {label!r} has {len(x)} complete respondents, fewer than {minimum} "
                "(min_group_size: by default the free parameters of one group's model); it was "
                "left out of the invariance analysis (merge it with a similar group with "
                "merge={...} to keep its respondents)."
            )
        elif estimator == "ML" and not _positive_definite(x):
            short = "a singular covariance matrix"
            reason = (
                f"In group {label!r} the items' covariance matrix is singular (an item with a "
                "single answer, or items that copy each other, in this group); it was left out "
                "of the invariance analysis (merge it with a similar group to keep it)."
            )
        elif estimator == "WLSMV":
            for j, item in enumerate(items):
                missing = np.setdiff1d(np.unique(all_values[:, j]), np.unique(x[:, j]))
                if missing.size:
                    answers = ", ".join(f"{v:g}" for v in missing)
                    short = f"nobody answered {item!r} with {answers}"
                    reason = (
                        f"In group {label!r} nobody answered {item!r} with {answers}, so its "
                        "thresholds cannot be estimated in this group (lavaan refuses such a "
                        "group); it was left out of the invariance analysis (merge it with a "
                        "similar group, or merge rare answer categories, to keep it)."
                    )
                    break
        if reason:
            problems.append((label, reason, short))
    if problems and policy == "error":
        label, _, short = problems[0]
        raise CFAError(
            f"Group {label!r} cannot be analysed: {short}. Merge it with a similar group "
            "(merge={...}), or let it be left out (small_groups='drop').",
            column=str(label),
        )
    for label, reason, short in problems:
        grouped.drop(label, reason, short)


def latent_means(res: MultiGroupCFAResult) -> pd.DataFrame:
    params = res.parameters
    means = res.latent_means[res.latent_means["group"] != res.groups[0]].copy()
    ref = params[(params["group"] == res.groups[0]) & (params["op"] == "~~")]
    sd = {
        f: float(np.sqrt(ref[(ref["lhs"] == f) & (ref["rhs"] == f)]["est"].iloc[0]))
        for f in res.model
    }
    means["std"] = means["est"] / means["factor"].map(sd)
    return means.drop(columns="free").reset_index(drop=True)


def verdict(level: str, partial: bool, freed: pd.DataFrame, group: str, estimator: str) -> str:
    """The invariance level that holds across ``group``, in words. Under partial invariance the
    released parameters are named and the claim is limited to the rest (Byrne, Shavelson &
    Muthen 1989): latent means may still be compared, observed scale scores only with care."""
    what = "thresholds" if estimator == "WLSMV" else "intercepts"
    names = ", ".join(freed["parameter"]) if partial else ""
    part = f"partial {level}" if partial else level
    free_txt = f" (released: {names})" if partial else ""
    but = " except the released ones" if partial else ""
    if level == "strict":
        scores = (
            "latent means may be compared; observed scale scores only with care, since the "
            "released parameters differ between groups"
            if partial
            else "latent means and observed scale scores may be compared"
        )
        return (
            f"{part.capitalize()} invariance holds across {group}{free_txt}: loadings, {what} "
            f"and residual variances are equal{but}, so {scores}."
        )
    if level == "scalar":
        return (
            f"{part.capitalize()} invariance holds across {group}{free_txt}: loadings and "
            f"{what} are equal{but}, so latent means may be compared across {group}."
        )
    if level == "metric":
        return (
            f"{part.capitalize()} invariance holds across {group}{free_txt}, but not scalar "
            f"invariance: loadings are equal{but}, {what} are not, so relations (correlations, "
            f"regressions) may be compared across {group}, means may not."
        )
    return (
        f"Only configural invariance across {group}: the same factors and items, but the "
        f"loadings differ, so neither means nor relations may be compared across {group}."
    )
