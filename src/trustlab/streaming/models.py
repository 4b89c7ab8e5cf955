"""The regressions of every scale on the exposure, from the plan's roles, over the spill."""

from __future__ import annotations

import numpy as np

from trustlab.models._common import INTERCEPT
from trustlab.plan import Plan
from trustlab.steps import Steps
from trustlab.streaming.regression import StreamedRegression, Term, design, fit_all
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
    specs = {}
    for s in plan.scales:
        y, high = f"y:{s}", f"high:{s}"
        specs[s, "ols"] = ("ols", design(spill, y, on_exposure, cluster=clustered, label=s))
        if trend is not None:
            specs[s, "trend"] = ("ols", design(spill, y, trend, cluster=clustered, label=s))
        if trend_log is not None:
            specs[s, "trend_log"] = ("ols", design(spill, y, trend_log, cluster=clustered,
                                                   label=s))  # fmt: skip
        specs[s, "logit"] = ("logit", design(spill, high, on_exposure, cluster=clustered,
                                             label=f"high_{s}"))  # fmt: skip

    def failed(name: tuple[str, str], exc: BaseException) -> None:
        steps.note(f"{name[1]} {name[0]} (every respondent)", f"not computed: {exc}",
                   skipped=True)  # fmt: skip

    if steps.tracker is not None:
        steps.tracker.step("models on every respondent")
    fits = fit_all(spill, specs, failed)
    return {s: {kind: fits.get((s, kind)) for kind in ("ols", "trend", "trend_log", "logit")}
            for s in plan.scales}  # fmt: skip
