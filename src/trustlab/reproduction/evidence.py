"""The statistics behind findings F8 and F9 of :func:`trustlab.reproduction.reproduce`.

F8: the share with high trust per meeting-frequency category (Wilson CIs) and the adjacent
contrasts of high trust (:func:`trustlab.models.adjacent_contrasts`, network-clustered SEs when
the codebook names a cluster). F9: the trust-distrust correlation (Fisher-z CI) and the two- vs
one-factor CFA of the keyed items (:func:`trustlab.cfa` and ``CFAResult.compare``).
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pandas as pd

from trustlab.errors import ModelError, PsychometricError, TrustlabWarning
from trustlab.models import adjacent_contrasts, wilson_interval
from trustlab.psychometrics import cfa
from trustlab.scales import reverse_key

__all__ = ["ALPHA", "f8", "f9", "high_by_frequency"]

#: Significance level of the tests behind F8 and F9.
ALPHA = 0.05


def high_by_frequency(scores: pd.DataFrame, column: str, labels: list[str]) -> pd.DataFrame:
    """Per category: ``n`` scored, ``high``, ``share`` (%) and its Wilson 95% CI (in %)."""

    rows = []
    for label in labels:
        flags = scores.loc[scores[column] == label, "high_trust"].dropna()
        n, high = int(flags.size), int(flags.sum())
        lo, hi = wilson_interval(high, n)
        share = 100 * high / n if n else math.nan
        rows.append((label, n, high, share, 100 * float(lo), 100 * float(hi)))
    columns = ["category", "n", "high", "share", "ci_low", "ci_high"]
    return pd.DataFrame(rows, columns=columns).set_index("category")


def f8(scores, survey, labels, notes) -> tuple[dict[str, Any], Any]:
    """F8's row (the 1-2 -> 3-4 step in percentage points, its CI, ``consistent``) and contrasts.

    ``notes`` collects what could not be assessed and the models' warnings.
    """

    cb = survey.codebook
    freq = cb.meeting_frequency.column
    data = scores.assign(high_trust_01=scores["high_trust"].astype("Float64").astype(float))
    cluster = cb.cluster if cb.cluster and cb.cluster in data.columns else None
    if cluster is not None and data[cluster].nunique() < 2:
        cluster = None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", TrustlabWarning)
            contrasts = adjacent_contrasts(data, "high_trust_01", freq, cluster=cluster)
        notes += [f"F8: {w.message}" for w in caught if issubclass(w.category, TrustlabWarning)]
    except ModelError as exc:
        notes.append(f"F8 could not be assessed: {exc}")
        return {"consistent": False, "f8_problem": str(exc)}, None
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
    shares = high_by_frequency(data, freq, labels)
    majority = bool((shares.loc[[upper, top], "share"] > 50).all())
    return {
        "observed": 100 * float(s["estimate"]),
        "ci_low": 100 * float(s["ci_low"]),
        "ci_high": 100 * float(s["ci_high"]),
        "n": int(contrasts.n_obs),
        "consistent": rises and not drops and majority,
        "f8": {"rises": rises, "drops": drops, "majority": majority, "step": s, "after": after},
    }, contrasts


def f9(scores, survey, notes) -> tuple[dict[str, Any], dict, tuple]:
    """F9's row (r with its Fisher-z CI, ``consistent``), the correlation and the CFA fits."""

    pairs = scores[["trust", "distrust"]].dropna()
    n = len(pairs)
    r = float(np.corrcoef(pairs["trust"], pairs["distrust"])[0, 1]) if n > 3 else math.nan
    half = 1.959963984540054 / math.sqrt(n - 3) if n > 3 else math.nan
    lo, hi = (math.tanh(math.atanh(r) - half), math.tanh(math.atanh(r) + half)) if n > 3 else (
        math.nan, math.nan)  # fmt: skip
    flags = scores[["high_trust", "high_distrust"]].dropna()
    high = flags["high_trust"].astype(bool)
    corr = {"r": r, "n": n, "ci_low": lo, "ci_high": hi, "high_trust": int(high.sum())}
    corr["high_trust_low_distrust"] = int((high & ~flags["high_distrust"].astype(bool)).sum())
    cb = survey.codebook
    trust, distrust = list(cb.scales["trust"].items), list(cb.scales["distrust"].items)
    scale_range = (cb.response_scale.min, cb.response_scale.max)
    keyed = reverse_key(survey.items(), cb.reverse_keyed(), scale_range)
    two = one = comparison = None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", TrustlabWarning)
            two = cfa(keyed, {"trust": trust, "distrust": distrust})
            one = cfa(keyed, {"general": trust + distrust})
            comparison = two.compare(one)
        notes += [f"F9: {w.message}" for w in caught if issubclass(w.category, TrustlabWarning)]
    except PsychometricError as exc:
        notes.append(f"F9: the factor models could not be fitted: {exc}")
    better = comparison is not None and bool(comparison["pvalue"].iloc[1] < ALPHA)
    row = {"observed": r, "ci_low": lo, "ci_high": hi, "n": n}
    row["consistent"] = bool(hi < 0) and better
    return row, corr, (two, one, comparison)
