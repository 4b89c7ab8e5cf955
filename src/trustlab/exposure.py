"""Every scale against the exposure: descriptives, tests, models and the threshold.

:func:`analyse_exposure` runs, for **each** scale of the plan against the exposure (an ordered
categorical, in the default study meeting frequency): the mean score and the share with a high
score per category; the Kruskal-Wallis, Jonckheere-Terpstra and Cochran-Armitage tests; OLS of
the score on the exposure and the covariates (cluster-robust SEs where a cluster is declared),
the linear trends in the exposure's score and its logarithm (where the categories have scores),
the mixed model with a random intercept per cluster (where a cluster is declared), the logistic
model of the high flag; and the threshold analysis (adjacent contrasts of the mean and of the
share high, a broken stick on the score, the threshold in words). Per item, the
proportional-odds model of the answers on the exposure.

The statistics live in :mod:`trustlab.models`; this module only knows which column plays which
role (from the :class:`~trustlab.plan.Plan`). A statistic that cannot run on the data becomes a
notice that says why (:class:`~trustlab.steps.Steps`), never a crash.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab.errors import PlanError
from trustlab.inference import ClusterInference, MixedInference, cluster_inference, mixed_inference
from trustlab.model_frame import score_columns
from trustlab.models import (
    AdjacentContrasts,
    BrokenStick,
    FrequencyTable,
    GroupMeans,
    GroupShares,
    LogitResult,
    MixedResult,
    OLSResult,
    OrdinalResult,
    TestResult,
    ThresholdStatement,
    WithinBetween,
    adjacent_contrasts,
    broken_stick,
    cochran_armitage,
    frequency_table,
    group_means,
    jonckheere_terpstra,
    kruskal_wallis,
    logit,
    mixed_model,
    ols,
    ordinal_logit,
    shares_by_group,
    threshold_statement,
    within_between,
)
from trustlab.models._design import shared_designs
from trustlab.models._large import reused_matrices
from trustlab.models.effect_sizes import EffectSizes, effect_sizes
from trustlab.models.threshold import as_cr1s
from trustlab.plan import Plan
from trustlab.results import ResultMixin
from trustlab.steps import Steps

__all__ = [
    "ORDINAL_SUBSAMPLE",
    "category_summary",
    "SUBSAMPLE_ABOVE",
    "ExposureResult",
    "ExposureScale",
    "analyse_exposure",
]

#: Default of ``subsample_above``: above this many respondents the models whose cost grows
#: steeply with the data run on a random subsample (see :func:`analyse_exposure`).
SUBSAMPLE_ABOVE = 200_000
#: Respondents in the random subsample of the per-item ordinal models on large data.
ORDINAL_SUBSAMPLE = 10_000


def category_summary(means: GroupMeans | None, high: GroupShares | None) -> pd.DataFrame:
    """A scale's mean (with its CI) and share high per exposure category, side by side."""
    parts = []
    if means is not None:
        parts.append(means.table[["n", "mean", "ci_low", "ci_high"]].add_prefix("mean "))
    if high is not None:
        parts.append(high.table[["count", "n", "share"]].add_prefix("high "))
    return pd.concat(parts, axis=1) if parts else pd.DataFrame()


@dataclass(frozen=True, repr=False, eq=False)
class ExposureScale(ResultMixin):
    """One scale against the exposure (None where a statistic could not be computed).

    Attributes
    ----------
    scale : str
    means : GroupMeans
        Mean score per category (t CIs).
    high : GroupShares
        Share with a high score per category (Wilson and exact CIs).
    kruskal, jonckheere : TestResult
        Kruskal-Wallis and Jonckheere-Terpstra tests of the score across the categories.
    cochran_armitage : TestResult
        Trend in the share high across the categories (scores: the exposure's, else 1..k).
    ols : OLSResult
        The score on the exposure (dummies, reference category first) and the covariates.
    trend, trend_log : OLSResult or None
        The score on the exposure's score (and its logarithm) and the covariates.
    mixed : MixedResult or None
        As ``ols`` with a random intercept per cluster (REML).
    logit : LogitResult
        The high flag on the exposure and the covariates, with predicted shares per category.
    contrasts : AdjacentContrasts
        Differences in mean score between adjacent categories (Holm-adjusted); with a cluster
        from CR2 SEs with Satterthwaite df (the few-cluster-safe method, ``vcov_type="CR2"``).
    contrasts_high : AdjacentContrasts
        Differences in the share high between adjacent categories (linear probability model;
        CR2 + Satterthwaite with a cluster).
    broken_stick : BrokenStick or None
        The score on the exposure's score with one change in slope.
    statement : ThresholdStatement
        From which category on the share high is above one half.
    contrasts_hc1, contrasts_high_hc1 : AdjacentContrasts or None
        With a cluster: the same steps with the CR1S/HC1 SEs of ``sandwich::vcovCL`` (t on the
        residual df), for comparison.
    cluster_inference : ClusterInference or None
        With a cluster: CR2 + Satterthwaite tests of every coefficient of ``ols``, ``logit``,
        ``trend`` and ``trend_log`` and the HTZ test of the exposure.
    mixed_inference : MixedInference or None
        With a cluster: Satterthwaite and Kenward-Roger tests, Nakagawa's R2, the ICC with its
        interval and the likelihood-ratio test of the exposure in ``mixed``.
    within_between : WithinBetween or None
        With a cluster and scores for the exposure's categories: the within-between (Mundlak)
        decomposition of the exposure's score in a random-intercept model.
    effect_sizes : EffectSizes
        Epsilon-squared of the Kruskal-Wallis test and Cohen's d of adjacent categories.
    """

    scale: str
    means: GroupMeans | None
    high: GroupShares | None
    kruskal: TestResult | None
    jonckheere: TestResult | None
    cochran_armitage: TestResult | None
    ols: OLSResult | None
    trend: OLSResult | None
    trend_log: OLSResult | None
    mixed: MixedResult | None
    logit: LogitResult | None
    contrasts: AdjacentContrasts | None
    contrasts_high: AdjacentContrasts | None
    broken_stick: BrokenStick | None
    statement: ThresholdStatement | None
    contrasts_hc1: AdjacentContrasts | None = None
    contrasts_high_hc1: AdjacentContrasts | None = None
    cluster_inference: ClusterInference | None = None
    mixed_inference: MixedInference | None = None
    within_between: WithinBetween | None = None
    effect_sizes: EffectSizes | None = None

    def summary(self) -> pd.DataFrame:
        """Mean and share high per category."""
        return category_summary(self.means, self.high)

    def _title(self) -> str:
        return f"{self.scale} against the exposure"


@dataclass(frozen=True, repr=False, eq=False)
class ExposureResult(ResultMixin):
    """Every scale against the exposure.

    Attributes
    ----------
    column : str
        The exposure's column.
    categories : tuple of str
        Its categories, lowest first.
    scores : tuple of float or None
        The score of each category (None when the codebook gives none).
    reference : str
        The category the models compare with.
    covariates : tuple of str
        The covariates in the models.
    cluster : str or None
        The cluster of the cluster-robust SEs and the mixed models (None when not used).
    frequency : FrequencyTable
        Respondents per category (Wilson CIs).
    scales : dict of str to ExposureScale
        Per scale, its descriptives, tests and models.
    ordinal : dict of str to OrdinalResult
        Per item, the proportional-odds model of the answers on the exposure.
    """

    column: str
    categories: tuple[str, ...]
    scores: tuple[float, ...] | None
    reference: str
    covariates: tuple[str, ...]
    cluster: str | None
    frequency: FrequencyTable | None
    scales: dict[str, ExposureScale]
    ordinal: dict[str, OrdinalResult | None]

    def summary(self) -> pd.DataFrame:
        """Respondents per category."""
        return self.frequency.table if self.frequency is not None else pd.DataFrame()

    def _title(self) -> str:
        return f"Exposure {self.column!r}: {len(self.categories)} categories"


def _network_subsample(frame: pd.DataFrame, cluster: str, size: int, seed: int) -> pd.DataFrame:
    """Whole clusters in a random order (``seed``) until ``size`` respondents are reached."""
    codes, _ = pd.factorize(frame[cluster], sort=True)
    counts = np.bincount(codes[codes >= 0])
    order = np.random.default_rng(seed).permutation(len(counts))
    take = order[: int(np.searchsorted(np.cumsum(counts[order]), size)) + 1]
    chosen = np.zeros(len(counts), dtype=bool)
    chosen[take] = True
    return frame.loc[(codes >= 0) & chosen[np.maximum(codes, 0)]]


def analyse_exposure(
    plan: Plan,
    frame: pd.DataFrame,
    steps: Steps,
    *,
    seed: int,
    subsample_above: int | None = SUBSAMPLE_ABOVE,
    n_boot_wild: int = 0,
) -> ExposureResult:
    """Run every scale of ``plan`` against its exposure on the model frame
    (:func:`~trustlab.model_frame.model_frame`).

    ``subsample_above`` keeps very large data sets within minutes: with more respondents than
    this, the mixed models run on whole clusters drawn at random until ``subsample_above``
    respondents are reached, and the per-item ordinal models on ``ORDINAL_SUBSAMPLE`` random
    respondents (drawn with ``seed``; each named in a notice). Everything else uses every
    respondent. ``None`` uses every respondent everywhere.

    With a cluster, the p-values of the contrasts come from CR2 SEs with Satterthwaite df and
    every regression gets its CR2 tests (:mod:`trustlab.inference`); ``n_boot_wild`` > 0 adds
    the wild cluster bootstrap of the adjacent steps (that many draws, seeded).
    """
    with reused_matrices():  # each design matrix in the memory of a finished one
        return _analyse(plan, frame, steps, seed, subsample_above, n_boot_wild)


def _analyse(
    plan: Plan, frame: pd.DataFrame, steps: Steps, seed: int, subsample_above: int | None,
    n_boot_wild: int,
) -> ExposureResult:  # fmt: skip
    exposure = plan.exposure
    if exposure is None:  # pragma: no cover - the caller checks
        raise PlanError("the plan declares no exposure")
    f = exposure.column
    reference = exposure.reference_label
    cluster = plan.cluster if plan.cluster in frame.columns else None
    if cluster is not None and frame[cluster].nunique() < 2:
        cluster = None
    categorical = {v: None for v in plan.covariates if _is_categorical(frame[v])}
    with_exposure = {f: reference, **categorical}
    covariates = list(plan.covariates)
    mixed_frame = ordinal_frame = frame
    large = subsample_above is not None and len(frame) > subsample_above
    if large:
        steps.note(
            "models",
            "the regressions' fitted values and residuals are not kept (two numbers per "
            f"respondent and model): the data have more than subsample_above={subsample_above:,} "
            "respondents; trustlab.ols(...) gives them.",
        )
        if cluster is not None:
            mixed_frame = _network_subsample(frame, cluster, subsample_above, seed)
            steps.note(
                "mixed models",
                f"fitted on a random subsample of {mixed_frame[cluster].nunique():,} whole "
                f"clusters ({len(mixed_frame):,} of {len(frame):,} respondents, seed {seed}): "
                f"the data have more than subsample_above={subsample_above:,} respondents.",
            )
        size = min(subsample_above, ORDINAL_SUBSAMPLE)
        rows = np.sort(np.random.default_rng(seed).choice(len(frame), size=size, replace=False))
        ordinal_frame = frame.iloc[rows]
        steps.note(
            "ordinal models",
            f"fitted on a random subsample of {size:,} of {len(frame):,} respondents (seed "
            f"{seed}): the data have more than subsample_above={subsample_above:,} respondents.",
        )
    score, log_score = score_columns(f)
    has_scores = exposure.scores is not None
    has_log = has_scores and min(exposure.scores) > 0
    category_en = {c.label: c.en for c in exposure.categories}
    table = steps.run("exposure", lambda: frequency_table(frame[f], categories=exposure.labels))
    results = {}
    for s in plan.scales:
        high = f"high_{s}"
        run = steps.run
        means = run(f"means {s}", lambda s=s: group_means(frame, s, f))
        shares = run(f"shares high {s}", lambda high=high: shares_by_group(frame, high, f))
        trend = trend_log = stick = mixed = None
        # with many respondents each fit's per-respondent arrays go as soon as it is made
        lean, lean_stick = (_lean, _lean_stick) if large else (_same, _same)
        if has_scores:
            trend = lean(run(
                f"trend {s}",
                lambda s=s: ols(
                    frame, s, [score, *covariates], categorical=categorical or None, cluster=cluster
                ),
            ))  # fmt: skip
            stick = lean_stick(run(f"broken stick {s}",
                        lambda s=s: broken_stick(frame, s, score, cluster=cluster)))  # fmt: skip
        if has_log:
            trend_log = lean(run(f"trend log {s}", lambda s=s: ols(
                frame, s, [log_score, *covariates], categorical=categorical or None,
                cluster=cluster)))  # fmt: skip
        if cluster is not None:
            mixed = run(
                f"mixed model {s}",
                lambda s=s: mixed_model(
                    mixed_frame, s, [f, *covariates], group=cluster, categorical=with_exposure
                ),
            )
        steps_of = {}
        with shared_designs():  # the steps of the mean and of the share high: one design
            for kind, y in (("", s), (" high", high)):
                for vcov in ("CR2", "CR1S") if cluster is not None else ("CR1S",):
                    cr2 = steps_of.get((kind, "CR2"))
                    if vcov == "CR1S" and cr2 is not None and cr2.vcov_type == "CR1S":
                        work = lambda cr2=cr2: as_cr1s(cr2)  # noqa: E731 - CR2 fell back: reuse
                    else:
                        work = lambda y=y, vcov=vcov: adjacent_contrasts(  # noqa: E731
                            frame, y, f, cluster=cluster, vcov_type=vcov
                        )
                    steps_of[kind, vcov] = run(
                        f"adjacent contrasts{kind} {s}" + ("" if vcov == "CR2" or not cluster
                                                            else " (HC1)"), work)  # fmt: skip
        safe = "CR2" if cluster is not None else "CR1S"
        contrasts, contrasts_high = steps_of["", safe], steps_of[" high", safe]
        statement = None
        if shares is not None:
            label = plan.scales[s].label
            statement = run(
                f"threshold statement {s}",
                lambda shares=shares, label=label, contrasts=contrasts: threshold_statement(
                    shares.table["share"],
                    outcome={"nl": label.nl, "en": label.en},
                    labels_en=category_en,
                    contrasts=contrasts,
                ),
            )
        with shared_designs():  # the score's OLS and the high flag's logit: one design
            fit_ols = run(
                f"ols {s}",
                lambda s=s: ols(
                    frame, s, [f, *covariates], categorical=with_exposure, cluster=cluster
                ),
            )
            fit_ols = lean(fit_ols)  # before the logit's peak
            fit_logit = run(
                f"logit {s}",
                lambda high=high: logit(
                    frame, high, [f, *covariates], categorical=with_exposure, cluster=cluster, by=f
                ),
            )
        wb = None
        if cluster is not None and has_scores:
            wb = run(
                f"within-between {s}",
                lambda s=s: within_between(
                    mixed_frame,
                    s,
                    score,
                    group=cluster,
                    covariates=covariates,
                    categorical=categorical or None,
                ),
            )
        results[s] = ExposureScale(
            scale=s,
            means=means,
            high=shares,
            kruskal=run(f"kruskal-wallis {s}", lambda s=s: kruskal_wallis(frame, s, f)),
            jonckheere=run(f"jonckheere-terpstra {s}",
                           lambda s=s: jonckheere_terpstra(frame, s, f)),
            cochran_armitage=run(f"cochran-armitage {s}", lambda high=high: cochran_armitage(
                frame, high, f, scores=exposure.scores)),
            ols=fit_ols,
            trend=trend,
            trend_log=trend_log,
            mixed=mixed,
            logit=fit_logit,
            contrasts=contrasts,
            contrasts_high=contrasts_high,
            broken_stick=stick,
            statement=statement,
            contrasts_hc1=steps_of.get(("", "CR1S")) if cluster is not None else None,
            contrasts_high_hc1=steps_of.get((" high", "CR1S")) if cluster is not None else None,
            cluster_inference=None if cluster is None else cluster_inference(
                {"ols": fit_ols, "logit": fit_logit, "trend": trend, "trend_log": trend_log,
                 "broken_stick": None if stick is None else stick.fit},
                f, cluster, steps, s, frame=frame, n_boot_wild=n_boot_wild, seed=seed),
            mixed_inference=mixed_inference(mixed, f, steps, s),
            within_between=wb,
        )  # fmt: skip
        done = results[s]
        if large:
            done = _without_rows(done)
        results[s] = dataclasses.replace(done, effect_sizes=run(
            f"effect sizes {s}", lambda done=done: effect_sizes(
                done.kruskal, None if done.means is None else done.means.table)))  # fmt: skip
    items = [i for sc in plan.scales.values() for i in sc.items]
    ordinal = {
        item: steps.run(f"ordinal {item}", lambda item=item: ordinal_logit(
            ordinal_frame, item, [f], categorical={f: reference}))
        for item in items
    }  # fmt: skip
    return ExposureResult(
        column=f,
        categories=tuple(exposure.labels),
        scores=None if exposure.scores is None else tuple(exposure.scores),
        reference=reference,
        covariates=tuple(covariates),
        cluster=cluster,
        frequency=table,
        scales=results,
        ordinal=ordinal,
    )


def _without_rows(result: ExposureScale) -> ExposureScale:
    """``result`` with its linear models' fitted values, residuals and row labels dropped (each
    is one number per respondent: 1.9 GB for the eight fits at 10 million respondents)."""

    return dataclasses.replace(
        result,
        ols=_lean(result.ols),
        trend=_lean(result.trend),
        trend_log=_lean(result.trend_log),
        broken_stick=_lean_stick(result.broken_stick),
    )


def _lean(fit: OLSResult | None) -> OLSResult | None:
    """``fit`` without its fitted values, residuals and row labels."""
    if fit is None:
        return None
    return dataclasses.replace(fit, fitted=None, residuals=None, index=None)


def _same(fit: Any) -> Any:
    """``fit`` as it is (few respondents: its fitted values and residuals are kept)."""
    return fit


def _lean_stick(stick: BrokenStick | None) -> BrokenStick | None:
    """``stick`` with its fit lean (:func:`_lean`)."""
    return None if stick is None else dataclasses.replace(stick, fit=_lean(stick.fit))


def _is_categorical(series: pd.Series) -> bool:
    return isinstance(series.dtype, pd.CategoricalDtype) or not pd.api.types.is_numeric_dtype(
        series
    )
