"""``analyse``: the one place that knows the study and wires scales, psychometrics and models.

A notebook and ``python -m trustlab analyse`` reach the same numbers through :func:`analyse`,
which returns an :class:`Analysis` holding every result. The statistics themselves live in
:mod:`trustlab.psychometrics` and :mod:`trustlab.scales` and know nothing of surveys.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from trustlab.results import ResultMixin

if TYPE_CHECKING:
    import pandas as pd

    from trustlab.input.codebook import Codebook
    from trustlab.input.quality import QualityReport
    from trustlab.input.survey import Survey
    from trustlab.psychometrics import AlphaResult, OmegaResult
    from trustlab.study import StudyResults

__all__ = ["DEFAULT_SEED", "Analysis", "ScaleAnalysis", "analyse"]

#: The seed of every random step of :func:`analyse` (bootstrap CIs) unless one is given.
DEFAULT_SEED = 2020


@dataclass(frozen=True, repr=False, eq=False)
class ScaleAnalysis(ResultMixin):
    """Reliability of one scale.

    Attributes
    ----------
    name : str
        The scale (``"trust"``).
    items : tuple of str
        Its items; ``reversed_items`` those reverse-keyed (from the codebook).
    n_scored : int
        Respondents with a scale score (at least ``min_valid`` items answered).
    alpha : AlphaResult
        Cronbach's alpha (pairwise, as psych::alpha) with the Feldt CI and the item table.
    omega : OmegaResult or None
        McDonald's omega total with a percentile bootstrap CI (None for fewer than 3 items).
    warnings : list of str
        The psychometric warnings raised for this scale.
    """

    name: str
    items: tuple[str, ...]
    reversed_items: tuple[str, ...]
    n_scored: int
    alpha: AlphaResult
    omega: OmegaResult | None
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> pd.DataFrame:
        """The item table: mean, sd, corrected item-total r, alpha if dropped."""
        table = self.alpha.items[["n", "mean", "sd", "r_drop", "alpha_if_dropped"]].copy()
        table.insert(0, "reversed", [i in self.reversed_items for i in table.index])
        return table

    def _title(self) -> str:
        return f"Scale {self.name!r}: {len(self.items)} items, {self.n_scored} scored"

    def _notes(self) -> list[str]:
        return list(self.warnings)


@dataclass(frozen=True, repr=False, eq=False)
class Analysis(ResultMixin):
    """Every result of :func:`analyse` for one survey.

    Attributes
    ----------
    survey : Survey
        The data and codebook.
    quality : QualityReport
        Missing answers per item, straight-liners, unknown columns.
    scores : pandas.DataFrame
        Scale scores, high flags and quadrants (:func:`trustlab.score_scales`).
    scales : dict of str to ScaleAnalysis
        Reliability per scale.
    study : StudyResults or None
        Descriptives, tests, models and the threshold analysis of trust and meeting frequency
        (``None`` when the codebook has no meeting-frequency variable).
    seed : int
        The seed of the bootstrap and Monte Carlo steps.
    warnings : list of str
        Every warning raised while analysing, prefixed with where it arose.
    """

    survey: Survey
    quality: QualityReport
    scores: pd.DataFrame
    scales: dict[str, ScaleAnalysis]
    study: StudyResults | None
    seed: int
    warnings: list[str] = field(default_factory=list)

    def to_dict(self, *, min_cell: int = 5) -> dict:
        """Every result as plain data in trustlab's documented, versioned schema.

        See :mod:`trustlab.report.json_export` for the schema. Cross-table cells with fewer
        than ``min_cell`` respondents are suppressed (``null``); no respondent-level rows.
        """
        from trustlab.report.json_export import analysis_to_dict

        return analysis_to_dict(self, min_cell=min_cell)

    def save(
        self, out: str | Path, *, force: bool = False, min_cell: int = 5, lang: str = "en",
        figures: bool = True,
    ) -> list[Path]:  # fmt: skip
        """Write the report folder: report.html, report.md, results.json, tables, figures.

        An existing, non-empty folder is only written into with ``force=True``.
        """
        from trustlab.report.save import save_analysis

        return save_analysis(self, out, force=force, min_cell=min_cell, lang=lang,
                             figures=figures)  # fmt: skip

    def to_html(self, *, lang: str = "en", min_cell: int = 5) -> str:
        """The report as one self-contained HTML page (figures embedded)."""
        from trustlab.report.html import render_html
        from trustlab.report.save import _figures

        drawn = _figures(self, lang)
        return render_html(self, lang=lang, figures={k: v[0] for k, v in drawn.items()},
                           min_cell=min_cell)  # fmt: skip

    def to_json(self, *, min_cell: int = 5) -> str:
        """:meth:`to_dict` as JSON text (NaN as ``null``; the same input gives the same bytes)."""
        import json

        return json.dumps(self.to_dict(min_cell=min_cell), ensure_ascii=False, indent=2) + "\n"

    def summary(self) -> pd.DataFrame:
        """Per scale: items, n scored, alpha (Feldt 95% CI), omega (bootstrap 95% CI), % high."""
        import pandas as pd

        rows = []
        for name, scale in self.scales.items():
            high = self.scores[f"high_{name}"]
            omega = scale.omega
            rows.append(
                {
                    "scale": name,
                    "items": len(scale.items),
                    "n scored": scale.n_scored,
                    "alpha": scale.alpha.alpha,
                    "alpha ci low": scale.alpha.ci[0],
                    "alpha ci high": scale.alpha.ci[1],
                    "omega": omega.omega_total if omega else float("nan"),
                    "omega ci low": omega.ci[0] if omega else float("nan"),
                    "omega ci high": omega.ci[1] if omega else float("nan"),
                    "n high": int(high.sum()),
                    "% high": 100 * float(high.sum()) / self.survey.n_respondents,
                }
            )
        return pd.DataFrame(rows).set_index("scale")

    def _title(self) -> str:
        networks = self.survey.n_networks
        where = f" in {networks} networks" if networks is not None else ""
        return f"trustlab analysis: {self.survey.n_respondents} respondents{where}"

    def _notes(self) -> list[str]:
        return list(self.warnings)


def analyse(
    data: Survey | str | Path,
    *,
    codebook: Codebook | str | Path | None = None,
    seed: int = DEFAULT_SEED,
    n_boot: int = 1000,
    reference: str | None = None,
    subsample_above: int | None = 200_000,
) -> Analysis:
    """Analyse a survey: data quality, scale scores and the reliability of each scale.

    Parameters
    ----------
    data : Survey, str or path-like
        A survey read with :func:`trustlab.read_survey`, or a file to read.
    codebook : Codebook, str or path-like, optional
        The codebook for reading ``data`` from a file (default: trustlab's).
    seed : int, default DEFAULT_SEED
        Seed of the bootstrap CIs: the same seed gives the same numbers.
    n_boot : int, default 1000
        Bootstrap resamples of omega's CI (0 to skip the CI).
    reference : str, optional
        The meeting-frequency category the models compare with (default: the lowest).
    subsample_above : int or None, default 200,000
        Keeps very large data sets (pooled national panels) within minutes. With more
        respondents than this, omega's bootstrap CI is skipped (omega itself and alpha with its
        analytic Feldt CI use every respondent), and the mixed models (on whole networks) and
        the per-item ordinal models run on random subsamples drawn with ``seed`` (of about
        this many respondents, and of 10,000; see :func:`trustlab.study.study_models`). Each
        such step is named in ``Analysis.warnings``. ``None`` uses every respondent everywhere.

    Returns
    -------
    Analysis

    Examples
    --------
    >>> import trustlab
    >>> result = trustlab.analyse(trustlab.load_sample(), n_boot=0)
    >>> round(result.scales["trust"].alpha.alpha, 3)  # R: psych::alpha(keys = T7 reversed)
    0.879
    """
    from trustlab.input.read import read_survey
    from trustlab.input.survey import Survey
    from trustlab.scales import score_scales

    survey = data if isinstance(data, Survey) else read_survey(data, codebook)
    cb = survey.codebook
    scores = score_scales(survey)
    scales, notes = {}, []
    boot = n_boot
    if subsample_above is not None and survey.n_respondents > subsample_above and n_boot > 0:
        boot = 0
        notes.append(
            f"omega: bootstrap CI not computed ({n_boot} resamples of {survey.n_respondents:,} "
            f"respondents): the data have more than subsample_above={subsample_above:,} "
            "respondents; alpha's analytic (Feldt) CI is reported."
        )
    for name, scale in cb.scales.items():
        result = _scale(survey, name, scale.items, int(scores[name].notna().sum()), seed, boot)
        scales[name] = result
        notes += [f"{name}: {w}" for w in result.warnings]
    study = None
    if cb.meeting_frequency is not None and cb.meeting_frequency.column in survey.data:
        from trustlab.study import study_frame, study_models

        frame = study_frame(survey.data, scores, cb)
        study = study_models(
            frame, cb, reference=reference, seed=seed, subsample_above=subsample_above
        )
        notes += study.warnings
    return Analysis(survey, survey.quality(), scores, scales, study, seed, notes)


def _scale(survey: Survey, name: str, items, n_scored: int, seed: int, n_boot: int):
    from trustlab.errors import PsychometricError, TrustlabWarning
    from trustlab.psychometrics import cronbach_alpha, omega

    cb = survey.codebook
    reverse = tuple(cb.reverse_keyed(name))
    scale_range = (cb.response_scale.min, cb.response_scale.max)
    answers = survey.items(name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TrustlabWarning)
        alpha = cronbach_alpha(answers, reverse=reverse, scale_range=scale_range)
        fitted, failed = None, []
        if len(items) >= 3:
            try:
                fitted = omega(answers, reverse=reverse, scale_range=scale_range, n_boot=n_boot,
                               seed=seed)  # fmt: skip
            except PsychometricError as exc:
                failed.append(f"omega not computed: {exc}")
    messages = failed
    for w in caught:
        if issubclass(w.category, TrustlabWarning):
            messages.append(str(w.message))
        else:  # not ours to keep: pass it on as it came
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    messages = list(dict.fromkeys(messages))
    return ScaleAnalysis(name, tuple(items), reverse, n_scored, alpha, fitted, messages)
