"""The regressions of every scale on the exposure, from the plan's roles, over the spill."""

from __future__ import annotations

import numpy as np

from trustlab.models._common import INTERCEPT
from trustlab.plan import Plan
from trustlab.steps import Steps
from trustlab.streaming.regression import StreamedRegression, Term, fit_logit, fit_ols
from trustlab.streaming.store import Spill

__all__ = ["fit_models"]


def _dummies(column: str, labels: list[str], reference: str) -> list[Term]:
    order = [reference] + [c for c in labels if c != reference]
    return [Term(f"{column}[{c}]", "dummy", f"c:{column}", code=labels.index(c))
            for c in order[1:]]  # fmt: skip


def fit_models(
    plan: Plan, spill: Spill, covariates: dict[str, bool], categories: dict[str, list[str]],
    cluster: str | None, steps: Steps,
) -> dict[str, dict[str, StreamedRegression | None]]:  # fmt: skip
    """Per scale: ``ols``, ``trend``, ``trend_log`` and ``logit``, as
    :func:`trustlab.exposure.analyse_exposure` specifies them (the same terms, in the same
    order); None where the exposure has no scores (trends) or a model cannot be fitted (a
    notice says why)."""
    exposure = plan.exposure
    f = exposure.column
    labels = list(exposure.labels)
    rest: list[Term] = []
    for v, categorical in covariates.items():
        if categorical:
            cats = categories[v]
            rest += _dummies(v, cats, cats[0])
        else:
            rest.append(Term(v, "value", f"x:{v}"))
    one = Term(INTERCEPT, "one")
    on_exposure = [one, *_dummies(f, labels, exposure.reference_label), *rest]
    scores = exposure.scores
    trend = trend_log = None
    if scores is not None:
        trend = [one, Term(f"{f} (score)", "lookup", f"c:{f}", values=tuple(scores)), *rest]
        if min(scores) > 0:
            logs = tuple(float(x) for x in np.log(scores))
            trend_log = [one, Term(f"{f} (log score)", "lookup", f"c:{f}", values=logs), *rest]
    clustered = cluster is not None
    out: dict[str, dict[str, StreamedRegression | None]] = {}
    for s in plan.scales:
        y, high = f"y:{s}", f"high:{s}"
        out[s] = {
            "ols": steps.run(f"ols {s} (every respondent)", lambda y=y, s=s: fit_ols(
                spill, y, on_exposure, cluster=clustered, label=s)),
            "trend": None if trend is None else steps.run(
                f"trend {s} (every respondent)", lambda y=y, s=s: fit_ols(
                    spill, y, trend, cluster=clustered, label=s)),
            "trend_log": None if trend_log is None else steps.run(
                f"trend log {s} (every respondent)", lambda y=y, s=s: fit_ols(
                    spill, y, trend_log, cluster=clustered, label=s)),
            "logit": steps.run(f"logit {s} (every respondent)", lambda high=high, s=s: fit_logit(
                spill, high, on_exposure, cluster=clustered, label=f"high_{s}")),
        }  # fmt: skip
    return out
