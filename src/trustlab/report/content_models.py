"""The report's model tables with the inference a methodologist would sign: with a cluster the
OLS and logistic coefficients with CR2 SEs and Satterthwaite df (the HC1 SEs of
``sandwich::vcovCL`` beside them) and the exposure's HTZ test, the mixed model with lmerTest's
Satterthwaite df, Nakagawa's R2, the ICC with its interval and the exposure's F and
likelihood-ratio tests; without a cluster the model's own SEs. Every note says which method, in
the reader's language (:mod:`trustlab.report.words`). Nothing here computes a statistic.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from trustlab.analysis import Analysis
from trustlab.exposure import ExposureScale
from trustlab.report.blocks import Table, apa, ci, p_value
from trustlab.report.labels import references, term, variable_label
from trustlab.report.words import say

__all__ = ["contrasts_note", "f_test", "logit_table", "mixed_table", "ols_table", "stick_p"]


def f_test(test: Any, lang: str = "en") -> str:
    """``F(3, 17.8) = 13.66, p < .001`` (``F(3; 17,8) = 13,66, p < ,001`` in Dutch)."""
    sep = "; " if lang == "nl" else ", "
    return (
        f"F({test.df_num}{sep}{apa(test.df_denom, 1, lang=lang)}) = "
        f"{apa(test.statistic, lang=lang)}, p {_p(test.p_value, lang)}"
    )


def _p(p: float, lang: str) -> str:
    text = p_value(p, lang)
    return text if text.startswith("<") else f"= {text}"


def _start(analysis: Analysis, fit: Any, lang: str) -> str:
    refs = references(analysis, fit, lang)
    return (say("note_model", lang, n=fit.n_obs, refs=refs) if refs
            else say("note_model_noref", lang, n=fit.n_obs))  # fmt: skip


def _cluster(analysis: Analysis, lang: str) -> str:
    return variable_label(analysis, analysis.plan.cluster, lang)


def _cr2(analysis: Analysis, k: int, lang: str) -> str:
    return say("note_cr2", lang, cluster=_cluster(analysis, lang), k=k)


def _htz(joint: Any, lang: str) -> str:
    return say("note_htz", lang, test=f_test(joint, lang)) if joint is not None else ""


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
            say("h_term", lang): term(analysis, r["term"], lang),
            "B": apa(r["estimate"], lang=lang),
            "SE": apa(r["std_error"], lang=lang),
            "df": apa(r["df"], 1, lang=lang),
            "p": p_value(r["p_value"], lang),
            say("h_ci", lang): ci(r["ci_low"], r["ci_high"], lang=lang),
            "SE (HC1)": apa(hc1[r["term"]], lang=lang),
        }
        for _, r in tests.table.iterrows()
    ]
    note = (
        _start(analysis, fit, lang)
        + _cr2(analysis, tests.n_clusters, lang)
        + say("note_hc1_beside", lang)
        + _htz(result.cluster_inference.ols_exposure, lang)
    )
    return Table(title, pd.DataFrame(rows), note)


def _plain_table(analysis: Analysis, model: Any, title: str, lang: str, *, odds: bool = False,
                 note: str | None = None) -> Table:  # fmt: skip
    """The model's own coefficients (HC1 clustered SEs when there are any, else model SEs)."""
    rows = []
    cluster = model.coefficients.get("std_error_cluster")
    use_cluster = cluster is not None and cluster.notna().any()
    for _, row in model.coefficients.iterrows():
        se = row["std_error_cluster"] if use_cluster else row["std_error"]
        entry = {say("h_term", lang): term(analysis, row["term"], lang),
                 "B": apa(row["estimate"], lang=lang), "SE": apa(se, lang=lang),
                 say("h_ci", lang): ci(row["ci_low"], row["ci_high"], lang=lang),
                 "p": p_value(row["p_value"], lang)}  # fmt: skip
        if odds:
            intercept = row["term"] == "(Intercept)"
            entry[say("h_or", lang)] = "–" if intercept else apa(row["odds_ratio"], lang=lang)
            entry[say("h_or_ci", lang)] = "–" if intercept else ci(
                row["or_ci_low"], row["or_ci_high"], lang=lang)  # fmt: skip
        rows.append(entry)
    if note is None:
        note = _start(analysis, model, lang)
        note += (say("note_cluster", lang, cluster=_cluster(analysis, lang)) if use_cluster
                 else say("note_model_se", lang))  # fmt: skip
    if odds:
        note += say("note_logit", lang)
    return Table(title, pd.DataFrame(rows), note)


def logit_table(analysis: Analysis, result: ExposureScale, title: str, lang: str) -> Table | None:
    """The logistic model of the high flag: CR2 + Satterthwaite with a cluster."""
    fit = result.logit
    if fit is None:
        return None
    tests = result.cluster_inference.logit if result.cluster_inference is not None else None
    if tests is None:
        return _plain_table(analysis, fit, title, lang, odds=True)
    coefs = fit.coefficients.set_index("term")
    rows = []
    for _, r in tests.table.iterrows():
        intercept = r["term"] == "(Intercept)"
        rows.append({
            say("h_term", lang): term(analysis, r["term"], lang),
            "B": apa(r["estimate"], lang=lang),
            "SE": apa(r["std_error"], lang=lang),
            "df": apa(r["df"], 1, lang=lang),
            "p": p_value(r["p_value"], lang),
            say("h_ci_of", lang, x="B"): ci(r["ci_low"], r["ci_high"], lang=lang),
            say("h_or", lang): "–" if intercept else apa(coefs.loc[r["term"], "odds_ratio"],
                                                         lang=lang),
            "SE (HC1)": apa(coefs.loc[r["term"], "std_error_cluster"], lang=lang),
        })  # fmt: skip
    note = (_start(analysis, fit, lang) + _cr2(analysis, tests.n_clusters, lang)
            + say("note_hc1_beside", lang) + _htz(result.cluster_inference.logit_exposure, lang)
            + say("note_logit_or", lang))  # fmt: skip
    return Table(title, pd.DataFrame(rows), note)


def mixed_table(analysis: Analysis, result: ExposureScale, title: str, lang: str) -> Table | None:
    """The mixed model with lmerTest's Satterthwaite df, R2, ICC and the exposure's tests."""
    fit, inf = result.mixed, result.mixed_inference
    if fit is None:
        return None
    cluster = _cluster(analysis, lang)
    if inf is None or inf.coefficients is None:
        note = _start(analysis, fit, lang) + say("note_mixed_plain", lang)
        return _plain_table(analysis, fit, title, lang, note=note)
    rows = [
        {
            say("h_term", lang): term(analysis, r["term"], lang),
            "B": apa(r["estimate"], lang=lang),
            "SE": apa(r["std_error"], lang=lang),
            "df": apa(r["df"], 1, lang=lang),
            "p": p_value(r["p_value"], lang),
            say("h_ci", lang): ci(r["ci_low"], r["ci_high"], lang=lang),
        }
        for _, r in inf.coefficients.table.iterrows()
    ]
    note = [_start(analysis, fit, lang)
            + say("note_mixed", lang, k=fit.n_groups, cluster=cluster)]  # fmt: skip
    if inf.r2 is not None:
        note.append(say("note_r2", lang, m=apa(inf.r2.marginal, bounded=True, lang=lang),
                        c=apa(inf.r2.conditional, bounded=True, lang=lang)))  # fmt: skip
    if inf.icc is not None:
        note.append(say("note_icc", lang, icc=apa(inf.icc.icc, bounded=True, lang=lang),
                        ci=ci(inf.icc.ci_low, inf.icc.ci_high, bounded=True, lang=lang),
                        null=apa(fit.icc_null, bounded=True, lang=lang)))  # fmt: skip
    if inf.exposure_test is not None:
        text = say("note_mixed_f", lang, test=f_test(inf.exposure_test, lang))
        if inf.exposure_test_kr is not None:
            text += say("note_mixed_kr", lang, test=f_test(inf.exposure_test_kr, lang))
        if inf.lrt is not None:
            text += say(
                "note_mixed_lrt",
                lang,
                df=inf.lrt.df,
                x=apa(inf.lrt.statistic, lang=lang),
                p=_p(inf.lrt.p_value, lang),
            )
        note.append(text + ".")
    return Table(title, pd.DataFrame(rows), " ".join(note))


def contrasts_note(result: ExposureScale, lang: str = "en", kind: str = "contrasts") -> str:
    """Which SEs the adjacent steps' p-values come from, and the HC1 Holm p-values beside."""
    steps = getattr(result, kind)
    if steps.inference != "cluster":
        how = say("se_model", lang)
    elif steps.vcov_type == "CR2":
        how = say("se_cr2", lang)
    else:
        how = say("se_hc1", lang)
    note = say("note_contrasts", lang) + " " + say("note_steps_se", lang, how=how)
    hc1 = getattr(result, f"{kind}_hc1")
    if steps.vcov_type == "CR2" and hc1 is not None:
        ps = ("; " if lang == "nl" else ", ").join(p_value(p, lang) for p in hc1.table["p_holm"])
        note += say("note_steps_hc1", lang, ps=ps)
    return note


def stick_p(result: ExposureScale, lang: str = "en") -> tuple[float, str]:
    """The broken stick's change-in-slope p and its method (CR2 with a cluster)."""
    stick = result.broken_stick
    tests = result.cluster_inference.broken_stick if result.cluster_inference else None
    if tests is not None:
        row = tests.table.set_index("term").loc[stick.fit.terms[-1]]
        return float(row["p_value"]), say("stick_cr2", lang)
    return stick.change_p, say("stick_hc1" if stick.fit.n_clusters else "stick_model", lang)
