"""The report's model tables with the inference a methodologist would sign: with a cluster the
OLS and logistic coefficients with CR2 SEs and Satterthwaite df (the HC1 SEs of
``sandwich::vcovCL`` beside them) and the exposure's HTZ test, the mixed model with lmerTest's
Satterthwaite df, Nakagawa's R2, the ICC with its interval and the exposure's F and
likelihood-ratio tests; without a cluster the model's own SEs. Every note says which method.
Nothing here computes a statistic.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from trustlab.analysis import Analysis
from trustlab.exposure import ExposureScale
from trustlab.report.blocks import Table, apa, ci, p_value

__all__ = ["contrasts_note", "f_test", "logit_table", "mixed_table", "ols_table", "stick_p"]

CR2_NOTE = (
    "SE: CR2 (Bell-McCaffrey) cluster-robust, clustered by {cluster} ({k} clusters); p and 95% "
    "CI from t with Satterthwaite df (R clubSandwich::coef_test), the few-cluster-safe method. "
    "SE (HC1): sandwich::vcovCL, for comparison."
)


def f_test(test: Any) -> str:
    """``F(3, 17.8) = 13.66, p < .001``."""
    return (
        f"F({test.df_num}, {apa(test.df_denom, 1)}) = {apa(test.statistic)}, p {_p(test.p_value)}"
    )


def _p(p: float) -> str:
    text = p_value(p)
    return text if text.startswith("<") else f"= {text}"


def _term(analysis: Analysis, term: str, lang: str) -> str:
    from trustlab.report.content_exposure import _term  # it imports this module

    return _term(analysis, term, lang)


def ols_table(analysis: Analysis, result: ExposureScale, title: str, lang: str) -> Table | None:
    """The OLS of a scale: CR2 + Satterthwaite with a cluster (HC1 beside), else model SEs."""
    fit = result.ols
    if fit is None:
        return None
    tests = result.cluster_inference.ols if result.cluster_inference is not None else None
    if tests is None:
        return _plain_table(analysis, fit, title, lang)
    hc1 = fit.coefficients.set_index("term")["std_error_cluster"]
    rows = [
        {
            "Term": _term(analysis, r["term"], lang),
            "B": apa(r["estimate"]),
            "SE": apa(r["std_error"]),
            "df": apa(r["df"], 1),
            "p": p_value(r["p_value"]),
            "95% CI": ci(r["ci_low"], r["ci_high"]),
            "SE (HC1)": apa(hc1[r["term"]]),
        }
        for _, r in tests.table.iterrows()
    ]
    note = f"n = {fit.n_obs}. " + CR2_NOTE.format(cluster=analysis.plan.cluster, k=tests.n_clusters)
    joint = result.cluster_inference.ols_exposure
    if joint is not None:
        note += f" The exposure's categories together: HTZ Wald {f_test(joint)}."
    return Table(title, pd.DataFrame(rows), note)


def _plain_table(analysis: Analysis, model: Any, title: str, lang: str, odds: bool = False):
    rows = []
    for _, r in model.coefficients.iterrows():
        entry = {
            "Term": _term(analysis, r["term"], lang),
            "B": apa(r["estimate"]),
            "SE": apa(r["std_error"]),
            "p": p_value(r["p_value"]),
            "95% CI": ci(r["ci_low"], r["ci_high"]),
        }
        if odds:
            entry["OR"] = apa(r["odds_ratio"])
        rows.append(entry)
    return Table(title, pd.DataFrame(rows), f"n = {model.n_obs}. SE: model-based.")


def logit_table(analysis: Analysis, result: ExposureScale, title: str, lang: str) -> Table | None:
    """The logistic model of the high flag: CR2 + Satterthwaite with a cluster."""
    fit = result.logit
    if fit is None:
        return None
    tests = result.cluster_inference.logit if result.cluster_inference is not None else None
    if tests is None:
        table = _plain_table(analysis, fit, title, lang, odds=True)
        if fit.coefficients["std_error_cluster"].notna().any():  # CR2 could not be computed
            return Table(title, table.frame, f"n = {fit.n_obs}. SE: HC1 (sandwich::vcovCL).")
        return table
    odds = fit.coefficients.set_index("term")["odds_ratio"]
    rows = [
        {
            "Term": _term(analysis, r["term"], lang),
            "B": apa(r["estimate"]),
            "OR": apa(odds[r["term"]]),
            "SE": apa(r["std_error"]),
            "df": apa(r["df"], 1),
            "p": p_value(r["p_value"]),
            "95% CI (B)": ci(r["ci_low"], r["ci_high"]),
        }
        for _, r in tests.table.iterrows()
    ]
    note = (
        f"n = {fit.n_obs}. "
        + CR2_NOTE.format(cluster=analysis.plan.cluster, k=tests.n_clusters).split(" SE (HC1)")[0]
    )
    joint = result.cluster_inference.logit_exposure
    if joint is not None:
        note += f" The exposure's categories together: HTZ Wald {f_test(joint)}."
    return Table(title, pd.DataFrame(rows), note)


def mixed_table(analysis: Analysis, result: ExposureScale, title: str, lang: str) -> Table | None:
    """The mixed model with lmerTest's Satterthwaite df, R2, ICC and the exposure's tests."""
    fit, inf = result.mixed, result.mixed_inference
    if fit is None:
        return None
    if inf is None or inf.coefficients is None:
        table = _plain_table(analysis, fit, title, lang)
        return Table(title, table.frame, f"n = {fit.n_obs}. SE: lme4's; p from the normal.")
    rows = [
        {
            "Term": _term(analysis, r["term"], lang),
            "B": apa(r["estimate"]),
            "SE": apa(r["std_error"]),
            "df": apa(r["df"], 1),
            "p": p_value(r["p_value"]),
            "95% CI": ci(r["ci_low"], r["ci_high"]),
        }
        for _, r in inf.coefficients.table.iterrows()
    ]
    note = [
        f"n = {fit.n_obs}, {fit.n_groups} clusters ({analysis.plan.cluster}); random intercept "
        "per cluster (REML, R lme4). df and p: Satterthwaite (R lmerTest); 95% CI: t with "
        "those df."
    ]
    if inf.r2 is not None:
        note.append(
            f"R² marginal {apa(inf.r2.marginal, bounded=True)}, conditional "
            f"{apa(inf.r2.conditional, bounded=True)} (Nakagawa; R performance)."
        )
    if inf.icc is not None:
        note.append(
            f"ICC (adjusted) {apa(inf.icc.icc, bounded=True)}, 95% CI "
            f"{ci(inf.icc.ci_low, inf.icc.ci_high, bounded=True)} (REML profile "
            f"likelihood); ICC of the null model {apa(fit.icc_null, bounded=True)}."
        )
    if inf.exposure_test is not None:
        text = f"The exposure's categories together: {f_test(inf.exposure_test)} (Satterthwaite)"
        if inf.exposure_test_kr is not None:
            text += f", {f_test(inf.exposure_test_kr)} (Kenward-Roger)"
        if inf.lrt is not None:
            text += (
                f"; likelihood ratio χ²({inf.lrt.df}) = {apa(inf.lrt.statistic)}, "
                f"p {_p(inf.lrt.p_value)} (ML fits)"
            )
        note.append(text + ".")
    return Table(title, pd.DataFrame(rows), " ".join(note))


def contrasts_note(result: ExposureScale, kind: str = "contrasts") -> str:
    """Which SEs the adjacent steps' p-values come from, and the HC1 Holm p-values beside."""
    steps = getattr(result, kind)
    note = f"Backward-difference contrasts (R MASS::contr.sdif), Holm-adjusted; {steps.method}."
    hc1 = getattr(result, f"{kind}_hc1")
    if steps.vcov_type == "CR2" and hc1 is not None:
        note += (
            " The few-cluster-safe method; with HC1 SEs (sandwich::vcovCL) the Holm "
            f"p-values would be {', '.join(p_value(p) for p in hc1.table['p_holm'])}."
        )
    return note


def stick_p(result: ExposureScale) -> tuple[float, str]:
    """The broken stick's change-in-slope p and its method (CR2 with a cluster)."""
    stick = result.broken_stick
    tests = result.cluster_inference.broken_stick if result.cluster_inference else None
    if tests is not None:
        row = tests.table.set_index("term").loc[stick.fit.terms[-1]]
        return float(row["p_value"]), "CR2, Satterthwaite df"
    return stick.change_p, "HC1" if stick.fit.n_clusters else "model SE"
