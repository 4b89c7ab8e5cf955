"""Each scale of an analysis: its scores, reliability (alpha, omega, ordinal) and answers
(:class:`ScaleResult`), computed by :func:`analyse_scale`; and :func:`scales_and_groups`, the
scales and the invariance across groups as one piece of work for another process (see
:func:`trustlab.analyse`'s ``executor``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from trustlab.groups import GroupComparison, groups_in_worker
from trustlab.input.schema import Text
from trustlab.input.survey import Survey
from trustlab.models import ProportionResult, proportion
from trustlab.plan import Plan
from trustlab.psychometrics import (
    AlphaResult,
    OmegaResult,
    OrdinalReliabilityResult,
    cronbach_alpha,
    omega,
    ordinal_reliability,
)
from trustlab.results import ResultMixin
from trustlab.steps import Notice, Steps

__all__ = ["ScaleResult", "analyse_scale", "scales_and_groups"]


@dataclass(frozen=True, repr=False, eq=False)
class ScaleResult(ResultMixin):
    """One scale: its scores and their reliability.

    Attributes
    ----------
    name : str
        The scale's name in the plan.
    label : Text
        Its label in Dutch and English.
    items, reversed_items : tuple of str
        Its items; those reverse-keyed (from the codebook).
    min_valid : int
        Items a respondent must answer to get a score.
    rule : str
        When a score counts as high (``"mean > 3"``).
    n_scored, n_unscored : int
        Respondents with and without a score.
    mean, sd : float
        Of the scores.
    share_high : ProportionResult or None
        The share with a high score (Wilson and exact CIs).
    alpha : AlphaResult or None
        Cronbach's alpha (pairwise, as psych::alpha) with the Feldt CI and the item table.
    omega : OmegaResult or None
        McDonald's omega total with a percentile bootstrap CI (None for fewer than 3 items).
    answers : pandas.DataFrame
        Per item, how many gave each answer of the response range (raw answers, not keyed),
        and how many did not answer.
    negative_items : tuple of str
        Items whose corrected item-total correlation is negative: a reverse key may be missing.
    ordinal : OrdinalReliabilityResult or None
        Ordinal alpha and omega on the polychoric correlations of the items (as psych on
        ``polychoric(x)$rho``), with bootstrap CIs when ``n_boot_ordinal`` > 0; None when the
        answers do not allow it (more than 8 categories; a notice says why).
    """

    name: str
    label: Text
    items: tuple[str, ...]
    reversed_items: tuple[str, ...]
    min_valid: int
    rule: str
    n_scored: int
    n_unscored: int
    mean: float
    sd: float
    share_high: ProportionResult | None
    alpha: AlphaResult | None
    omega: OmegaResult | None
    answers: pd.DataFrame
    negative_items: tuple[str, ...]
    ordinal: OrdinalReliabilityResult | None = None

    def summary(self) -> pd.DataFrame:
        """The item table: mean, sd, corrected item-total r, alpha if dropped."""
        if self.alpha is None:
            return pd.DataFrame(index=pd.Index(self.items, name="item"))
        table = self.alpha.items[["n", "mean", "sd", "r_drop", "alpha_if_dropped"]].copy()
        table.insert(0, "reversed", [i in self.reversed_items for i in table.index])
        return table

    def _title(self) -> str:
        return f"Scale {self.name!r}: {len(self.items)} items, {self.n_scored} scored"


def _answers(items: pd.DataFrame, values: tuple[int, ...]) -> pd.DataFrame:
    """Per item, the count of each answer in ``values`` and of missing answers."""
    rows = {}
    for column in items.columns:
        x = items[column].to_numpy(dtype=float)
        ok = ~np.isnan(x)
        counts = np.bincount((x[ok] - values[0]).astype(np.int64), minlength=len(values))
        rows[column] = [*counts[: len(values)].tolist(), int((~ok).sum())]
    return pd.DataFrame.from_dict(
        rows, orient="index", columns=[*map(str, values), "missing"]
    ).rename_axis("item")


def analyse_scale(
    plan: Plan, name: str, survey: Survey, scores: pd.DataFrame, steps: Steps, *,
    seed: int, n_boot: int, n_boot_ordinal: int = 0,
) -> ScaleResult:  # fmt: skip
    """The scale ``name`` of ``plan``: its reliability (alpha, omega, ordinal), scores and
    answers; each statistic run through ``steps`` (a refusal becomes a notice; alpha's ends
    the analysis, with its reason)."""
    scale = plan.scales[name]
    reverse = tuple(i for i in scale.items if i in plan.reverse)
    scale_range = (plan.response_scale.min, plan.response_scale.max)
    answers = survey.data[list(scale.items)]
    # a scale whose alpha cannot be computed (an item without variance, a single respondent)
    # is not a scale to analyse: the error says which item and what to do, before the rest runs
    alpha = steps.run(f"alpha {name}", lambda: cronbach_alpha(
        answers, reverse=reverse, scale_range=scale_range), reraise=True)  # fmt: skip
    fitted = None
    if len(scale.items) >= 3:
        fitted = steps.run(
            f"omega {name}",
            lambda: omega(
                answers, reverse=reverse, scale_range=scale_range, n_boot=n_boot, seed=seed
            ),
        )
    ordinal = steps.run(
        f"ordinal reliability {name}",
        lambda: ordinal_reliability(
            answers, reverse=reverse, scale_range=scale_range, n_boot=n_boot_ordinal, seed=seed
        ),
    )
    negative: tuple[str, ...] = ()
    if alpha is not None:
        r_drop = alpha.items["r_drop"]
        negative = tuple(r_drop.index[r_drop < 0])
        for item in negative:
            steps.note(
                f"keys {name}",
                f"item {item!r} correlates negatively with the rest of the scale {name!r} "
                f"(corrected item-total r = {r_drop[item]:.2f}): is it reverse-keyed? Then set "
                f"'reverse: true' for {item} in the codebook (or reverse=[...] in Python).",
            )
    score = scores[name]
    flags = scores[f"high_{name}"].dropna().astype(bool)
    share = steps.run(f"share high {name}", lambda: proportion(flags)) if len(flags) else None
    return ScaleResult(
        name=name,
        label=scale.label,
        items=tuple(scale.items),
        reversed_items=reverse,
        min_valid=scale.min_valid,
        rule=scale.high.describe(plan.response_scale),
        n_scored=int(score.notna().sum()),
        n_unscored=int(score.isna().sum()),
        mean=float(score.mean()) if score.notna().any() else float("nan"),
        sd=float(score.std(ddof=1)) if score.notna().sum() > 1 else float("nan"),
        share_high=share,
        alpha=alpha,
        omega=fitted,
        answers=_answers(answers, plan.response_scale.values),
        negative_items=negative,
        ordinal=ordinal,
    )


def scales_and_groups(
    plan: Plan,
    survey: Survey,
    scores: pd.DataFrame,
    keyed: pd.DataFrame,
    options: dict,
    names: list[str] | None = None,
) -> tuple[
    dict[str, ScaleResult], list[Notice], dict[str, dict[str, GroupComparison]], list[Notice]
]:
    """Scales (``names``; default: every scale) and the invariance across groups, as one piece
    of work for another process: each with what its steps said (the notices, in order)."""
    steps = Steps()
    scales = {
        name: analyse_scale(plan, name, survey, scores, steps, **options)
        for name in (plan.scales if names is None else names)
    }
    invariance, said_groups = groups_in_worker(plan, keyed, scores, survey.data)
    return scales, steps.notices, invariance, said_groups
