"""``analyse``: the one producer of numbers, from the roles a study declares.

A notebook, ``python -m trustlab analyse`` and :func:`trustlab.reproduce` reach the same numbers
through :func:`analyse`, which returns an :class:`Analysis`: a typed tree of result objects
(per scale its reliability and scores; the two dimensions; every scale against the exposure)
and the notices of every step. The views (report, figures, terminal, ``results.json``) only read
the tree. Everything runs from the :class:`~trustlab.plan.Plan` (the codebook's roles, or roles
given as keywords), never from a column or scale name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from trustlab.besides_exposure import besides_exposure, clusters_of, dimensions_of
from trustlab.clusters import ClusterAgreement
from trustlab.dimensions import DimensionsResult
from trustlab.errors import PlanError
from trustlab.exposure import SUBSAMPLE_ABOVE, ExposureResult, analyse_exposure
from trustlab.groups import GroupComparison, analyse_groups
from trustlab.input.codebook import load_codebook
from trustlab.input.quality import QualityReport
from trustlab.input.read import read_frame, read_survey
from trustlab.input.roles import ROLE_KEYWORDS, ROW_ID, codebook_for_frame, with_roles
from trustlab.input.schema import Codebook
from trustlab.input.survey import Survey
from trustlab.model_frame import model_frame
from trustlab.plan import Plan
from trustlab.progress import ProgressEvent, Tracker, resolve
from trustlab.results import ResultMixin
from trustlab.scale_analysis import ScaleResult, analyse_scale, scales_and_groups
from trustlab.scales import reverse_key, score_scales
from trustlab.steps import Notice, Steps, unique_notices

__all__ = ["DEFAULT_SEED", "Analysis", "ScaleResult", "analyse"]

#: The seed of every random step of :func:`analyse` (bootstrap CIs) unless one is given.
DEFAULT_SEED = 2020


@dataclass(frozen=True, repr=False, eq=False)
class Analysis(ResultMixin):
    """Every result of :func:`analyse` for one survey.

    Attributes
    ----------
    plan : Plan
        The roles the analysis ran from.
    survey : Survey
        The data and codebook (not exported: respondent-level).
    quality : QualityReport
        Missing answers per item, straight-liners, unknown columns.
    scores : pandas.DataFrame
        Scale scores, high flags and quadrants (:func:`trustlab.score_scales`; not exported).
    scales : dict of str to ScaleResult
        Per scale: scores, share high, reliability.
    item_correlations : pandas.DataFrame
        Pearson correlations of the keyed items (pairwise complete).
    dimensions : DimensionsResult or None
        Quadrants, trust-distrust correlation and factor structure (where declared).
    exposure : ExposureResult or None
        Every scale against the exposure (where declared and present).
    clusters : dict of str to ClusterAgreement
        With a cluster: per scale, whether it is a property of the cluster (ICC(1), ICC(2),
        rwg(j) and awg per cluster, the verdict in words); empty without one.
    invariance : dict of str to dict of str to GroupComparison
        Per grouping variable and per scale: measurement invariance across the groups and
        whether their means may be compared; empty without grouping variables.
    not_run : tuple of str
        What the plan could not run on these data, and why (said before anything ran).
    seed : int
        The seed of the bootstrap and Monte Carlo steps.
    n_boot : int
        Bootstrap resamples of omega's CI.
    notices : tuple of Notice
        What each step said: warnings, and statistics that could not be computed.
    """

    _private = ("survey", "scores")

    plan: Plan
    survey: Survey
    quality: QualityReport
    scores: pd.DataFrame
    scales: dict[str, ScaleResult]
    item_correlations: pd.DataFrame
    dimensions: DimensionsResult | None
    exposure: ExposureResult | None
    clusters: dict[str, ClusterAgreement]
    invariance: dict[str, dict[str, GroupComparison]]
    not_run: tuple[str, ...]
    seed: int
    n_boot: int
    notices: tuple[Notice, ...]

    @property
    def warnings(self) -> list[str]:
        """Every notice as ``"step: message"``, once each."""
        return [str(n) for n in unique_notices(self.notices)]

    def summary(self) -> pd.DataFrame:
        """Per scale: items, n scored, alpha (Feldt 95% CI), omega (bootstrap 95% CI), ordinal
        alpha and omega (polychoric; bootstrap CIs when asked), % high."""
        rows = []
        for name, scale in self.scales.items():
            alpha, omega_, high = scale.alpha, scale.omega, scale.share_high
            ordinal = scale.ordinal
            nan = float("nan")
            rows.append(
                {
                    "scale": name,
                    "items": len(scale.items),
                    "n scored": scale.n_scored,
                    "alpha": alpha.alpha if alpha else nan,
                    "alpha ci low": alpha.ci[0] if alpha else nan,
                    "alpha ci high": alpha.ci[1] if alpha else nan,
                    "omega": omega_.omega_total if omega_ else nan,
                    "omega ci low": omega_.ci[0] if omega_ else nan,
                    "omega ci high": omega_.ci[1] if omega_ else nan,
                    "ordinal alpha": ordinal.alpha if ordinal else nan,
                    "ordinal alpha ci low": ordinal.alpha_ci[0] if ordinal else nan,
                    "ordinal alpha ci high": ordinal.alpha_ci[1] if ordinal else nan,
                    "ordinal omega": ordinal.omega if ordinal else nan,
                    "ordinal omega ci low": ordinal.omega_ci[0] if ordinal else nan,
                    "ordinal omega ci high": ordinal.omega_ci[1] if ordinal else nan,
                    "n high": high.count if high else 0,
                    "% high": 100 * high.count / self.survey.n_respondents if high else nan,
                }
            )
        return pd.DataFrame(rows).set_index("scale")

    def _title(self) -> str:
        networks = self.survey.n_networks
        where = f" in {networks} clusters ({self.plan.cluster})" if networks is not None else ""
        return f"trustlab analysis: {self.survey.n_respondents} respondents{where}"

    def _notes(self) -> list[str]:
        return [*self.not_run, *self.warnings]


# ---- reading the data through the plan ------------------------------------------------------


def _survey(data: Any, codebook: Any, roles: dict[str, Any], sheet: int | str) -> Survey:
    """The survey to analyse: read, or re-read with the roles given as keywords."""
    if isinstance(data, Survey):
        if codebook is not None:
            raise PlanError(
                "codebook= applies when reading a file or a DataFrame; this Survey "
                "was read with its own codebook (give roles as keywords instead)."
            )
        if not roles:
            return data
        return read_frame(data.data, with_roles(data.codebook, data.data, roles),
                          source=data.source)  # fmt: skip
    if isinstance(data, pd.DataFrame):
        frame = data
        if codebook is None:
            if "scales" not in roles:
                raise PlanError(
                    "A DataFrame needs its roles: give scales={'name': [items], ...} (and "
                    "exposure=, cluster=, covariates=, ... as the study has them), or a codebook."
                )
            cb = codebook_for_frame(data, **roles)
        else:
            base = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
            cb = with_roles(base, data, roles) if roles else base
        if cb.id == ROW_ID and ROW_ID not in frame.columns:
            frame = frame.assign(**{ROW_ID: np.arange(1, len(frame) + 1)})
        return read_frame(frame, cb)
    if isinstance(data, (str, Path)):
        survey = read_survey(data, codebook, sheet=sheet)
        if not roles:
            return survey
        return read_frame(survey.data, with_roles(survey.codebook, survey.data, roles),
                          source=survey.source)  # fmt: skip
    raise PlanError(f"Expected a survey file, a DataFrame or a Survey, got {type(data).__name__}.")


# ---- the analysis ----------------------------------------------------------------------------


def analyse(
    data: Survey | pd.DataFrame | str | Path,
    *,
    codebook: Codebook | str | Path | None = None,
    seed: int = DEFAULT_SEED,
    n_boot: int = 1000,
    reference: str | None = None,
    subsample_above: int | None = SUBSAMPLE_ABOVE,
    sheet: int | str = 0,
    n_boot_wild: int = 0,
    n_boot_ordinal: int = 0,
    progress: bool | Callable[[ProgressEvent], Any] | None = None,
    executor: Any = None,
    **roles: Any,
) -> Analysis:
    """Analyse a survey from the roles its codebook (or the caller) declares.

    Parameters
    ----------
    data : Survey, pandas.DataFrame, str or path-like
        A survey read with :func:`trustlab.read_survey`, a file to read, or a DataFrame (with
        a ``codebook`` or with the roles as keywords).
    codebook : Codebook, str or path-like, optional
        The codebook for reading ``data`` (default for a file: trustlab's).
    seed : int, default DEFAULT_SEED
        Seed of the bootstrap CIs and Monte Carlo p-values: the same seed, the same numbers.
    n_boot : int, default 1000
        Bootstrap resamples of omega's CI (0 to skip the CI).
    reference : str, optional
        The exposure category the models compare with (default: the codebook's, else the
        lowest).
    subsample_above : int or None, default 200,000
        Keeps very large data sets (pooled national panels) within minutes. With more
        respondents than this, omega's bootstrap CI is skipped (alpha's analytic Feldt CI is
        reported), and the mixed models (on whole clusters) and the per-item ordinal models run
        on random subsamples drawn with ``seed`` (see :func:`trustlab.exposure.analyse_exposure`).
        Each such step is named in ``Analysis.notices``. ``None`` uses every respondent.
    sheet : int or str, default 0
        The worksheet of an Excel file.
    n_boot_wild : int, default 0
        With a cluster: draws of the wild cluster bootstrap (restricted, Rademacher or Webb
        weights, seeded) of every adjacent step of the mean score and of the share high, as
        ``fwildclusterboot::boottest``; 0 skips it (the CR2 + Satterthwaite tests are always
        reported).
    n_boot_ordinal : int, default 0
        Bootstrap resamples of the CIs of ordinal alpha and omega (each resample re-estimates
        the polychoric matrix); 0 reports the point estimates only.
    progress : bool or callable, optional
        The steps as they run: a display on a terminal or in Jupyter (``True``, the default
        ``None``; nothing when the output is neither), none (``False``), or a callable given a
        :class:`~trustlab.progress.ProgressEvent` per step and once at the end.
    executor : concurrent.futures.Executor, trustlab.worker.Worker or ForkExecutor, optional
        Another process for the scales (reliability) and the measurement invariance across
        groups (anything with ``submit(fn, *args)`` giving a future): they run there while the
        exposure models are fitted here, with the same results. A
        :class:`trustlab.forked.ForkExecutor` (a fork sees the data without a copy: for
        millions of respondents) is given everything but the exposure models
        (:func:`trustlab.besides_exposure.besides_exposure`). Their steps are not shown by
        ``progress``.
    **roles
        Roles that declare or override the codebook's: ``scales`` (``{"name": [items]}``),
        ``reverse`` (item columns), ``response_range`` (``(1, 7)``), ``exposure`` (a column:
        an ordered Categorical of a DataFrame, or a declared categorical variable),
        ``exposure_scores`` (a number per category), ``cluster``, ``covariates``,
        ``dimensions`` (``("trust", "distrust")``), ``groups``, ``id``, ``min_valid``
        (``{"name": k}``).

    Returns
    -------
    Analysis

    Raises
    ------
    TrustlabError
        When the data cannot be read through the roles (the message says why); a statistic
        that cannot run on the data is a notice in the result, never an error.

    Examples
    --------
    >>> import trustlab
    >>> result = trustlab.analyse(trustlab.load_sample(), n_boot=0)
    >>> round(result.scales["trust"].alpha.alpha, 3)  # R: psych::alpha(keys = T7 reversed)
    0.879

    A DataFrame with the roles as keywords (a 7-point scale, teams, no dimensions):

    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> level = rng.integers(2, 7, 60)
    >>> df = pd.DataFrame({f"q{i}": np.clip(level + rng.integers(-1, 2, 60), 1, 7)
    ...                    for i in range(1, 5)})
    >>> df["contact"] = pd.Categorical(rng.choice(["rarely", "monthly", "weekly"], 60),
    ...                                categories=["rarely", "monthly", "weekly"], ordered=True)
    >>> df["team"] = rng.choice(list("ABCDEFGH"), 60)
    >>> res = trustlab.analyse(df, scales={"engagement": ["q1", "q2", "q3", "q4"]},
    ...                        response_range=(1, 7), exposure="contact", cluster="team",
    ...                        n_boot=0)
    >>> sorted(res.exposure.scales)
    ['engagement']
    """
    unknown = [k for k in roles if k not in ROLE_KEYWORDS]
    if unknown:
        raise PlanError(
            f"analyse() got an unknown keyword {unknown[0]!r}; the roles are "
            f"{', '.join(ROLE_KEYWORDS)}."
        )
    for name, value in (("n_boot", n_boot), ("n_boot_wild", n_boot_wild),
                        ("n_boot_ordinal", n_boot_ordinal)):  # fmt: skip
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise PlanError(f"{name} must be a whole number of 0 or more, got {value!r}.")
    survey = _survey(data, codebook, roles, sheet)
    plan = Plan.from_codebook(survey.codebook)
    if reference is not None:
        plan = _with_reference(plan, reference)
    tracker = Tracker(resolve(progress), "analysis")
    steps = Steps(tracker)
    try:
        return _analyse(survey, plan, steps, seed=seed, n_boot=n_boot,
                        subsample_above=subsample_above, n_boot_wild=n_boot_wild,
                        n_boot_ordinal=n_boot_ordinal, executor=executor)  # fmt: skip
    finally:
        tracker.finish()


def _analyse(
    survey: Survey, plan: Plan, steps: Steps, *, seed: int, n_boot: int,
    subsample_above: int | None, n_boot_wild: int, n_boot_ordinal: int, executor: Any = None,
) -> Analysis:  # fmt: skip
    not_run = tuple(plan.notes(survey.data))
    plan = plan.present(survey.data)
    scores = score_scales(survey)
    scale_range = (plan.response_scale.min, plan.response_scale.max)
    items = [i for s in plan.scales.values() for i in s.items]
    keyed = reverse_key(survey.data[items], [i for i in items if i in plan.reverse], scale_range)
    boot = n_boot
    if subsample_above is not None and survey.n_respondents > subsample_above and n_boot > 0:
        boot = 0
        steps.note(
            "omega",
            f"bootstrap CI not computed ({n_boot} resamples of {survey.n_respondents:,} "
            f"respondents): the data have more than subsample_above={subsample_above:,} "
            "respondents; alpha's analytic (Feldt) CI is reported.",
        )
    scale_options = {
        "seed": seed, "n_boot": boot, "n_boot_ordinal": int(n_boot_ordinal) if boot else 0,
    }  # fmt: skip
    remote = None
    here = list(plan.scales)
    forks = bool(getattr(executor, "forks", False))
    if executor is not None and not forks:
        # the invariance across groups and the first half of the scales need nothing of the
        # rest: in another process while this one analyses the other half and fits the
        # models (the notices are put back in their order)
        there, here = here[: (len(here) + 1) // 2], here[(len(here) + 1) // 2 :]
        remote = executor.submit(scales_and_groups, plan, survey, scores, keyed, scale_options,
                                 there)  # fmt: skip
    said_first = len(steps.notices)
    scales = {}
    if not forks:
        scales = {name: analyse_scale(plan, name, survey, scores, steps, **scale_options)
                  for name in here}  # fmt: skip
    correlations = quality = None
    if not forks:
        correlations = keyed.corr(method="pearson", min_periods=3)
    exposure_ok = (
        plan.exposure is not None
        and plan.exposure.column in survey.data.columns
        and survey.data[plan.exposure.column].dropna().nunique() >= 2
    )
    frame = model_frame(plan if exposure_ok else dataclasses.replace(plan, exposure=None),
                        survey.data, scores)  # fmt: skip
    dims = None
    if forks:
        # a fork sees the data as they are: everything but the exposure models goes there
        remote = executor.submit(besides_exposure, plan, survey, scores, keyed, frame,
                                 exposure_ok, scale_options, seed)  # fmt: skip
    else:
        dims = dimensions_of(plan, scores, keyed, frame, exposure_ok, steps, seed)
    try:
        exposure = None
        if exposure_ok:
            exposure = analyse_exposure(plan, frame, steps, seed=seed,
                                        subsample_above=subsample_above,
                                        n_boot_wild=int(n_boot_wild))  # fmt: skip
    except BaseException:
        if forks:
            remote.cancel()
        raise
    if forks:
        besides = remote.result()
        scales, correlations, dims = besides.scales, besides.correlations, besides.dimensions
        clusters, invariance, quality = besides.clusters, besides.invariance, besides.quality
        steps.notices[said_first:said_first] = besides.said_before
        steps.notices.extend(besides.said_after)
    else:
        clusters = clusters_of(plan, keyed, scores, frame, steps)
        if remote is not None:
            theirs, said_scales, invariance, said_groups = remote.result()
            steps.notices[said_first:said_first] = said_scales
            steps.notices.extend(said_groups)
            scales = {name: theirs[name] if name in theirs else scales[name]
                      for name in plan.scales}  # fmt: skip
        else:
            invariance = analyse_groups(plan, keyed, scores, survey.data, steps)
    return Analysis(
        plan=plan,
        survey=survey,
        quality=survey.quality() if quality is None else quality,
        scores=scores,
        scales=scales,
        item_correlations=correlations,
        dimensions=dims,
        exposure=exposure,
        clusters=clusters,
        invariance=invariance,
        not_run=not_run,
        seed=seed,
        n_boot=n_boot,
        notices=tuple(unique_notices(steps.notices)),
    )


def _with_reference(plan: Plan, reference: str) -> Plan:
    exposure = plan.exposure
    if exposure is None:
        raise PlanError(f"reference={reference!r} needs an exposure; the plan declares none.")
    labels = {c.label: c.label for c in exposure.categories}
    labels.update({c.en: c.label for c in exposure.categories})
    if reference not in labels:
        raise PlanError(
            f"reference {reference!r} is not a category of the exposure {exposure.column!r} "
            f"({', '.join(exposure.labels)}).",
            value=reference,
        )
    return dataclasses.replace(
        plan, exposure=dataclasses.replace(exposure, reference=labels[reference])
    )
