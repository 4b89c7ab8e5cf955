"""The study's analyses of trust and meeting frequency, wired from the codebook to the models.

:func:`study_models` runs, on the scored survey, everything the research question needs:
descriptives (meeting frequency, shares with high trust and distrust, means per category, the
quadrant x frequency table), tests (chi-square with Cramer's V, Kruskal-Wallis,
Jonckheere-Terpstra, Cochran-Armitage), models for trust and distrust (OLS with network-clustered
SEs, linear trends in meetings per year and its logarithm, logistic regression of high trust,
the mixed model with a random intercept per network, the proportional-odds model of each item)
and the threshold analysis (adjacent contrasts, a broken stick, the statement in words).

The statistics live in :mod:`trustlab.models`; this module only knows which columns play which
role. A model that cannot be fitted on the data is left out with a warning that says why, never
a crash; every warning of every model is collected in ``StudyResults.warnings``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from trustlab.input.codebook import Codebook

__all__ = ["ORDINAL_SUBSAMPLE", "SUBSAMPLE_ABOVE", "StudyResults", "study_frame", "study_models"]

PER_YEAR = "meetings_per_year"
LOG_PER_YEAR = "log_meetings_per_year"


@dataclass(frozen=True)
class StudyResults:
    """Every descriptive, test and model of the study (``None`` where a model could not be fitted).

    Attributes
    ----------
    meeting_frequency : FrequencyTable
        n, % and Wilson 95% CI per category.
    shares : dict
        ``"high_trust"`` and ``"high_distrust"``: ProportionResult (Wilson and exact CIs).
    means : dict
        Per scale, GroupMeans of the score per meeting-frequency category.
    high_by_frequency : dict
        Per scale, the share with a high score per category (FrequencyTable-like DataFrame).
    quadrants : Crosstab or None
        Quadrant x meeting frequency with row percentages.
    tests : dict of TestResult
    models : dict
        ``ols_trust``, ``trend_trust``, ``trend_log_trust``, ``mixed_trust`` (and the same for
        distrust), ``logit_high_trust``, ``ordinal`` (a dict item -> OrdinalResult).
    threshold : dict
        ``contrasts`` (AdjacentContrasts of mean trust), ``broken_stick`` and ``statement``
        (ThresholdStatement on the share with high trust).
    reference : str
        The reference category of meeting frequency in the models.
    covariates : tuple of str
    warnings : list of str
    """

    meeting_frequency: Any
    shares: dict[str, Any]
    means: dict[str, Any]
    high_by_frequency: dict[str, pd.DataFrame]
    quadrants: Any
    tests: dict[str, Any]
    models: dict[str, Any]
    threshold: dict[str, Any]
    reference: str
    covariates: tuple[str, ...]
    warnings: list[str] = field(default_factory=list)


def study_frame(data: pd.DataFrame, scores: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """The survey's columns with the scale scores, flags, quadrant and meetings per year."""
    frame = data.join(scores.drop(columns=[codebook.id]))
    freq = codebook.meeting_frequency
    if freq is not None and freq.column in frame:
        per_year = {c.label: c.per_year for c in freq.categories}
        values = frame[freq.column].astype(object).map(per_year).astype(float)
        frame[PER_YEAR] = values
        with np.errstate(divide="ignore"):
            frame[LOG_PER_YEAR] = np.log(values)
    for column in ("high_trust", "high_distrust"):
        if column in frame:
            frame[column] = frame[column].astype("Float64").astype(float)
    return frame


class _Collector:
    """Runs one step at a time; a failing step becomes a warning, never a crash."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def run(self, name: str, step: Callable[[], Any]) -> Any:
        from trustlab.errors import TrustlabError, TrustlabWarning

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", TrustlabWarning)
            try:
                result = step()
            except TrustlabError as exc:
                self.warnings.append(f"{name}: not computed: {exc}")
                result = None
            except np.linalg.LinAlgError:  # a last net: say it, never a traceback
                self.warnings.append(
                    f"{name}: not computed: the model is singular on these data (too few "
                    "respondents for its number of terms, or terms that duplicate each other)."
                )
                result = None
        for w in caught:
            if issubclass(w.category, TrustlabWarning):
                self.warnings.append(f"{name}: {w.message}")
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        return result


#: Default of ``subsample_above``: above this many respondents the models that do not scale run
#: on a random subsample (see :func:`study_models`).
SUBSAMPLE_ABOVE = 200_000
#: Respondents in the random subsample of the per-item ordinal models on large data (statsmodels'
#: ``OrderedModel`` takes about 2 s per item per 10,000 respondents).
ORDINAL_SUBSAMPLE = 10_000


def study_models(
    frame: pd.DataFrame,
    codebook: Codebook,
    *,
    reference: str | None = None,
    seed: int = 2020,
    subsample_above: int | None = SUBSAMPLE_ABOVE,
) -> StudyResults:
    """Run the study's descriptives, tests and models on :func:`study_frame`'s output.

    ``reference`` is the meeting-frequency category the models compare with (default: the
    lowest).

    ``subsample_above`` (default 200,000) keeps very large data sets (pooled national panels)
    within minutes: with more respondents than this, the two models whose fitting cost grows
    steeply with the data run on a random subsample drawn with ``seed``, and a warning says so
    in ``StudyResults.warnings``: the mixed models on whole networks drawn at random until
    ``subsample_above`` respondents are reached (a random-intercept model needs complete
    networks), and the proportional-odds model of each item on ``ORDINAL_SUBSAMPLE`` (10,000)
    respondents drawn at random. Descriptives, tests, OLS, trends, the logistic model and the
    threshold analysis always use every respondent. ``None`` uses every respondent everywhere.
    """
    from trustlab import models as m

    freq = codebook.meeting_frequency
    if freq is None or freq.column not in frame:
        from trustlab.errors import TrustlabError

        raise TrustlabError("the codebook declares no meeting-frequency column in the data.")
    f = freq.column
    labels = freq.labels
    reference = labels[0] if reference is None else reference
    if reference not in labels:
        from trustlab.errors import TrustlabError

        raise TrustlabError(
            f"reference {reference!r} is not a meeting-frequency category: {labels}."
        )
    cluster = codebook.cluster if codebook.cluster in frame else None
    if cluster and not isinstance(frame[cluster].dtype, pd.CategoricalDtype):
        # the networks coded once (sorted, as every model codes them) instead of once per model;
        # a shallow copy, so the caller's frame is left as it was and no column is copied
        frame = frame.copy(deep=False)
        frame[cluster] = pd.Categorical(frame[cluster])
    covariates = tuple(v.column for v in codebook.covariates if v.column in frame)
    cov_categorical = {
        v.column: None
        for v in codebook.covariates
        if v.column in frame and hasattr(v, "categories")
    }
    categorical = {f: reference, **cov_categorical}
    scales = [s for s in ("trust", "distrust") if s in frame]
    c = _Collector()
    large = subsample_above is not None and len(frame) > subsample_above
    mixed_frame = ordinal_frame = frame
    if large and cluster:
        mixed_frame = _network_subsample(frame, cluster, subsample_above, seed)
        c.warnings.append(
            f"mixed models: fitted on a random subsample of {mixed_frame[cluster].nunique():,} "
            f"whole networks ({len(mixed_frame):,} of {len(frame):,} respondents, seed {seed}): "
            f"the data have more than subsample_above={subsample_above:,} respondents."
        )
    if large:
        size = min(subsample_above, ORDINAL_SUBSAMPLE)
        rng = np.random.default_rng(seed)
        rows = np.sort(rng.choice(len(frame), size=size, replace=False))
        ordinal_frame = frame.iloc[rows]
        c.warnings.append(
            f"ordinal models: fitted on a random subsample of {size:,} of "
            f"{len(frame):,} respondents (seed {seed}): the data have more than "
            f"subsample_above={subsample_above:,} respondents."
        )

    table = c.run("meeting frequency", lambda: m.frequency_table(frame[f], categories=labels))
    shares = {
        f"high_{s}": c.run(
            f"share high {s}", lambda s=s: m.proportion(frame[f"high_{s}"].dropna().astype(bool))
        )
        for s in scales
    }
    means = {s: c.run(f"{s} by {f}", lambda s=s: m.group_means(frame, s, f)) for s in scales}
    high = {s: _share_by(frame, f"high_{s}", f, labels) for s in scales}
    quadrants = None
    if "quadrant" in frame:
        quadrants = c.run("quadrant x frequency", lambda: m.crosstab(frame, "quadrant", f))
    tests: dict[str, Any] = {}
    if "quadrant" in frame:
        tests["chi_square_quadrant_frequency"] = c.run(
            "chi-square quadrant x frequency",
            lambda: m.chi_square_test(frame, "quadrant", f, seed=seed),
        )
    for s in scales:
        tests[f"kruskal_{s}"] = c.run(
            f"Kruskal-Wallis {s}", lambda s=s: m.kruskal_wallis(frame, s, f)
        )
        tests[f"jonckheere_{s}"] = c.run(
            f"Jonckheere-Terpstra {s}", lambda s=s: m.jonckheere_terpstra(frame, s, f)
        )
    if "high_trust" in frame:
        scores = [cat.per_year for cat in freq.categories]
        tests["cochran_armitage_high_trust"] = c.run(
            "Cochran-Armitage high trust",
            lambda: m.cochran_armitage(frame, "high_trust", f, scores=scores),
        )
    models: dict[str, Any] = {}
    for s in scales:
        models[f"ols_{s}"] = c.run(
            f"OLS {s}",
            lambda s=s: m.ols(frame, s, [f, *covariates], categorical=categorical, cluster=cluster),
        )
        for name, x in (("trend", PER_YEAR), ("trend_log", LOG_PER_YEAR)):
            models[f"{name}_{s}"] = c.run(
                f"{name} {s}",
                lambda s=s, x=x: m.ols(
                    frame, s, [x, *covariates], categorical=cov_categorical or None, cluster=cluster
                ),
            )
        if cluster:
            models[f"mixed_{s}"] = c.run(
                f"mixed model {s}",
                lambda s=s: m.mixed_model(
                    mixed_frame, s, [f, *covariates], group=cluster, categorical=categorical
                ),
            )
    if "high_trust" in frame:
        models["logit_high_trust"] = c.run(
            "logit high trust",
            lambda: m.logit(
                frame,
                "high_trust",
                [f, *covariates],
                categorical=categorical,
                cluster=cluster,
                by=f,
            ),
        )
    models["ordinal"] = {
        item: c.run(
            f"ordinal {item}",
            lambda item=item: m.ordinal_logit(ordinal_frame, item, [f], categorical={f: reference}),
        )
        for item in codebook.item_columns
    }
    threshold: dict[str, Any] = {}
    if "trust" in frame:
        threshold["contrasts"] = c.run(
            "adjacent contrasts trust",
            lambda: m.adjacent_contrasts(frame, "trust", f, cluster=cluster),
        )
        threshold["broken_stick"] = c.run(
            "broken stick trust", lambda: m.broken_stick(frame, "trust", PER_YEAR, cluster=cluster)
        )
        english = {cat.label: cat.en for cat in freq.categories}
        label = codebook.scales["trust"].label
        threshold["statement"] = c.run(
            "threshold statement",
            lambda: m.threshold_statement(
                high["trust"]["share"],
                outcome={"nl": label.nl, "en": label.en},
                labels_en=english,
                contrasts=threshold["contrasts"],
            ),
        )
    return StudyResults(
        table,
        shares,
        means,
        high,
        quadrants,
        tests,
        models,
        threshold,
        reference,
        covariates,
        c.warnings,
    )


def _network_subsample(frame: pd.DataFrame, cluster: str, size: int, seed: int) -> pd.DataFrame:
    """Whole networks in a random order (``seed``) until ``size`` respondents are reached."""
    codes, _ = pd.factorize(frame[cluster], sort=True)
    counts = np.bincount(codes[codes >= 0])
    order = np.random.default_rng(seed).permutation(len(counts))
    take = order[: int(np.searchsorted(np.cumsum(counts[order]), size)) + 1]
    chosen = np.zeros(len(counts), dtype=bool)
    chosen[take] = True
    return frame.loc[(codes >= 0) & chosen[np.maximum(codes, 0)]]


def _share_by(frame: pd.DataFrame, flag: str, group: str, labels: list[str]) -> pd.DataFrame:
    """Count, n and share with the flag per category (empty categories kept, share NaN)."""
    from trustlab.models import exact_interval, wilson_interval

    valid = frame[[flag, group]].dropna()
    grouped = valid.groupby(group, observed=False)[flag]
    count = grouped.sum().reindex(labels, fill_value=0).astype(int)
    n = grouped.count().reindex(labels, fill_value=0).astype(int)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = count / n.replace(0, np.nan)
    low, high = wilson_interval(count.to_numpy(), n.to_numpy())
    exact_low, exact_high = exact_interval(count.to_numpy(), n.to_numpy())
    return pd.DataFrame(
        {
            "count": count,
            "n": n,
            "share": share,
            "ci_low": low,
            "ci_high": high,
            "exact_low": exact_low,
            "exact_high": exact_high,
        },
        index=labels,
    )
