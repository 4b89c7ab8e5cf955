"""Published findings against data: does a data set reproduce F1-F9 of the study?

:func:`reproduce` compares a survey (by default trustlab's synthetic sample) with the nine
published findings of the study (Gillebert, 2020; see ``published_findings.md``): the published
figure, the figure in the data with its 95% confidence interval, and a verdict per finding, plus
a short paragraph in Dutch and English. The targets and their rounding bands are in
:mod:`trustlab.reproduction.findings`; the verdict texts in :mod:`trustlab.reproduction.verdicts`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from trustlab.analysis import Analysis, analyse
from trustlab.errors import TrustlabError, TrustlabWarning
from trustlab.input.codebook import Codebook
from trustlab.input.survey import Survey
from trustlab.models import AdjacentContrasts
from trustlab.psychometrics import CFAResult
from trustlab.reproduction.evidence import f8, f9, high_by_category
from trustlab.reproduction.findings import RULE, RULE_NL, TARGETS
from trustlab.reproduction.verdicts import paragraph, verdicts
from trustlab.results import ResultMixin
from trustlab.simulation.sample import load_sample

__all__ = ["RULE", "Reproduction", "ReproductionError", "ReproductionWarning", "reproduce"]


class ReproductionError(TrustlabError):
    """The data cannot be compared with the published findings (a scale or column is missing)."""


class ReproductionWarning(TrustlabWarning):
    """A finding could not be assessed fully (e.g. the factor models did not fit)."""


@dataclass(frozen=True, repr=False, eq=False)
class Reproduction(ResultMixin):
    """The published findings F1-F9 against a data set.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per finding, ``F1`` ... ``F9``: ``finding``; ``description`` (en) and
        ``beschrijving`` (nl); the published figure as worded, ``published`` (en) and
        ``gepubliceerd`` (nl), as a number ``published_value`` and as the band its wording and
        rounding allow (``band``, ``band_low``, ``band_high``); ``observed`` in ``unit`` (``%``
        for shares, ``pp`` for the F8 step, ``r`` for the F9 correlation, ``respondents``);
        ``count`` and ``n`` behind a share; ``ci_low``, ``ci_high`` (95%: Wilson for shares,
        CR2 cluster-robust with Satterthwaite df for the F8 step, Fisher z for the F9
        correlation); ``difference`` (observed - published value) and ``outside_by`` (signed
        distance from the band, 0 inside);
        ``consistent`` (bool, see :func:`reproduce`); ``within_sampling_error`` (whether the 95%
        CI reaches the band; shares only, else missing); ``assumption`` (True for F7); the
        verdict ``verdict`` / ``oordeel`` (short) and ``explanation`` / ``toelichting`` (long).
        Numbers are not rounded.
    n_respondents : int
        Respondents in the data.
    n_networks : int or None
        Networks (clusters) in the data, when the codebook names a cluster column.
    source : str
        Where the data came from.
    high_trust_by_frequency : pandas.DataFrame
        Per meeting-frequency category: ``n`` scored, ``high`` (count), ``share`` (%) and its
        Wilson 95% CI (``ci_low``, ``ci_high``, in %).
    contrasts : AdjacentContrasts or None
        The adjacent contrasts of high trust (0/1) across meeting frequency behind F8.
    correlation : dict
        F9's trust-distrust scale correlation: ``r``, ``n``, ``ci_low``, ``ci_high``.
    cfa_two, cfa_one : CFAResult or None
        The two-factor (trust, distrust) and one-factor CFA of the keyed items behind F9.
    cfa_comparison : pandas.DataFrame or None
        ``cfa_two.compare(cfa_one)``: the chi-square difference test.
    rule : str
        The rule for ``consistent``, in English (``rule_nl`` in Dutch).
    rule_nl : str
    warnings : tuple of str
        What could not be assessed, and warnings from the models.
    """

    table: pd.DataFrame
    n_respondents: int
    n_networks: int | None
    source: str
    high_trust_by_frequency: pd.DataFrame
    contrasts: AdjacentContrasts | None
    correlation: dict[str, float]
    cfa_two: CFAResult | None
    cfa_one: CFAResult | None
    cfa_comparison: pd.DataFrame | None
    rule: str = RULE
    rule_nl: str = RULE_NL
    warnings: tuple[str, ...] = field(default=())

    @property
    def all_consistent(self) -> bool:
        """Whether every finding is consistent with the data."""
        return bool(self.table["consistent"].all())

    def summary(self) -> pd.DataFrame:
        """Per finding: description, published, observed with CI, consistent and verdict."""
        columns = ["description", "published", "band", "observed", "unit", "ci_low", "ci_high"]
        return self.table.set_index("finding")[[*columns, "consistent", "verdict"]]

    def paragraph(self, lang: str = "nl") -> str:
        """A short paragraph in plain Dutch (``"nl"``) or English (``"en"``) on the verdicts."""

        if lang not in ("nl", "en"):
            raise ReproductionError(f"lang must be 'nl' or 'en', got {lang!r}.", value=lang)
        return paragraph(
            self.table,
            self.n_respondents,
            self.n_networks,
            self.high_trust_by_frequency,
            self.correlation,
            lang,
        )

    def _title(self) -> str:
        k = int(self.table["consistent"].sum())
        return f"Reproduction of the published findings: {k} of {len(self.table)} consistent"

    def _notes(self) -> list[str]:
        return [
            "F7: the category 'minder dan 1 keer per jaar' is an assumption; the source does not "
            "name the remainder.",
            *self.warnings,
        ]


def _analysis(data: Any, codebook: Any) -> Analysis:
    """The analysis to compare: given, or run (without omega's bootstrap, which F1-F9 do not
    use) on a survey, a file or, by default, the synthetic sample."""
    if isinstance(data, Analysis):
        if codebook is not None:
            raise ReproductionError("codebook= applies only when reading a file.")
        return data
    if data is None:
        if codebook is not None:
            raise ReproductionError("codebook= needs a file to read; the sample has its own.")
        data = load_sample()
    if isinstance(data, Survey):
        if codebook is not None:
            raise ReproductionError(
                "codebook= applies only when reading a file; this Survey already has one."
            )
        return analyse(data, n_boot=0)
    if isinstance(data, (str, Path)):
        return analyse(data, codebook=codebook, n_boot=0)
    raise ReproductionError(
        f"Expected an Analysis, a Survey, a file path or None (the sample), got "
        f"{type(data).__name__}."
    )


def _check(analysis: Analysis) -> list[str]:
    """The exposure's categories, after checking that the analysis has what F1-F9 need."""
    plan = analysis.plan
    if plan.dimensions is None:
        raise ReproductionError(
            "The codebook declares no trust and distrust dimensions; the published findings "
            "need them (dimensions: {trust: <scale>, distrust: <scale>}).",
            column="dimensions",
        )
    if analysis.exposure is None:
        why = " ".join(n for n in analysis.not_run if "exposure" in n)
        raise ReproductionError(
            f"The analysis has no exposure results; F4-F8 need meeting frequency. {why}".strip(),
            column="exposure",
        )
    labels = list(analysis.exposure.categories)
    if len(labels) < 3:
        raise ReproductionError(
            f"The exposure has {len(labels)} categories; F4-F8 need at least '1-2', '3-4' and "
            "'more than 4' meetings a year (the last three, in that order).",
            column=plan.exposure.column,
        )
    return labels


def _share(key: str, count: int, n: int, ci: tuple[float, float]) -> dict[str, Any]:
    """A finding's share: ``count`` of ``n`` with the Wilson interval ``ci`` (proportions) that
    the analysis computed."""
    target = TARGETS[key]
    if n == 0:
        return {"count": count, "n": n, "observed": math.nan}
    observed, lo, hi = 100 * count / n, 100 * ci[0], 100 * ci[1]
    return {
        "count": count,
        "n": n,
        "observed": observed,
        "ci_low": lo,
        "ci_high": hi,
        "consistent": target.inside(observed),
        "within_sampling_error": target.overlaps(lo, hi),
    }


def reproduce(
    data: Analysis | Survey | str | Path | None = None,
    *,
    codebook: Codebook | str | Path | None = None,
) -> Reproduction:
    """Compare a data set with the published findings F1-F9 of the study.

    Every number comes from an :class:`~trustlab.Analysis` (:func:`trustlab.analyse`): the one
    source of numbers; ``reproduce`` only compares them with the published figures.

    Parameters
    ----------
    data : Analysis, Survey, str or path-like, optional
        An analysis, or a survey (:func:`trustlab.read_survey`) or a file to analyse; default:
        trustlab's synthetic sample (:func:`trustlab.load_sample`).
    codebook : Codebook, str or path-like, optional
        The codebook for reading a file (default: trustlab's).

    Returns
    -------
    Reproduction
        ``table`` has one row per finding with the boolean column ``consistent``.

    Raises
    ------
    ReproductionError
        When the plan lacks the trust and distrust dimensions or the exposure.

    Notes
    -----
    **When is a finding consistent?** The question of a reproduction is whether the data give
    the published figure *as published*, so a share is consistent when the share in the data
    lies inside the band the published wording and rounding allow: "43%" = [42.5, 43.5),
    "12%" = [11.5, 12.5), "almost 72%" = [70.5, 72.0) (below 72, rounding to 71 or 72),
    "one in four" = [22.5, 27.5] (25 +/- 2.5, what "one in four" rounds to), "well over 30%" =
    (30, 35]. F7 is not published: its band is what F4-F6 leave, 100 minus their bands, (9, 16).
    F1 needs exactly 231 respondents. Shares use the respondents with a score (F2, F3) or a
    meeting frequency (F4-F7); the lowest categories of the codebook's meeting frequency other
    than the last three form the remainder (F7, "minder dan 1 keer per jaar" in the default
    codebook, an **assumption**: the source does not name it).

    The band rule is deliberately stricter than asking whether the 95% CI reaches the band: with
    231 respondents a Wilson CI is about +/- 6 percentage points, so data with 77% high trust
    (CI about 71-82%) would pass a CI rule against "almost 72%" though they do not give the
    published figure. The CI and ``within_sampling_error`` (does the CI reach the band?) are
    reported beside the verdict, so a replication in another region can tell a difference that
    sampling error explains from one it does not. Verdicts say by how much a figure differs
    (``outside_by``: percentage points beyond the nearer end of the band).

    F8 is consistent when the share with high trust rises significantly from "1-2" to "3-4"
    meetings a year (adjacent contrast of high trust, a linear probability model with
    network-clustered CR2 SEs and Satterthwaite df when the codebook names a cluster, the
    few-cluster-safe method of clubSandwich, Holm p < 0.05 over the steps), does
    not drop significantly from "3-4" to "more than 4", and is above 50% in both; the observed
    figure is the step in percentage points. F9 is consistent when the trust and distrust scores
    correlate negatively (Fisher-z 95% CI below 0) and a two-factor CFA of the keyed items fits
    significantly better than a one-factor (bipolar) model (chi-square difference, p < 0.05).

    Examples
    --------
    >>> result = reproduce()  # the synthetic sample
    >>> result.table[["finding", "observed", "consistent"]].round(1).head(3)
      finding  observed  consistent
    0      F1     231.0        True
    1      F2      71.9        True
    2      F3      25.1        True
    >>> result.all_consistent
    True
    """

    analysis = _analysis(data, codebook)
    labels = _check(analysis)
    survey = analysis.survey
    dims = analysis.plan.dimensions
    notes: list[str] = []

    n = survey.n_respondents
    rows = {"F1": {"observed": float(n), "n": n, "consistent": n == TARGETS["F1"].value}}
    nan = (math.nan, math.nan)
    for key, scale in (("F2", dims.trust), ("F3", dims.distrust)):
        share = analysis.scales[scale].share_high
        count, total = (share.count, share.n) if share is not None else (0, 0)
        rows[key] = _share(key, count, total, (share.ci_low, share.ci_high) if share else nan)
    frequency = analysis.exposure.frequency
    table = frequency.table if frequency is not None else pd.DataFrame(columns=["n"])
    known = int(table["n"].sum())

    def row(label: str) -> tuple[int, tuple[float, float]]:
        if label not in table.index:
            return 0, nan
        return int(table.loc[label, "n"]), (table.loc[label, "ci_low"], table.loc[label, "ci_high"])

    for key, label in (("F4", labels[-2]), ("F5", labels[-1]), ("F6", labels[-3])):
        count, ci = row(label)
        rows[key] = _share(key, count, known, ci)
    rest = labels[:-3]
    if len(rest) == 1:
        count, ci = row(rest[0])
        rows["F7"] = _share("F7", count, known, ci)
    else:  # several lower categories together: the analysis has no interval for their sum
        notes.append("F7 adds up several categories; its share is shown without an interval.")
        rows["F7"] = _share("F7", sum(row(label)[0] for label in rest), known, nan)
    rows["F8"], contrasts = f8(analysis, labels, notes)
    rows["F9"], corr, (two, one, comparison) = f9(analysis, notes)

    records = []
    for key, target in TARGETS.items():
        row = rows[key]
        observed = row.get("observed", math.nan)
        band = not math.isnan(target.low)
        records.append(
            {
                "finding": key,
                "description": target.en,
                "beschrijving": target.nl,
                "published": target.published_en,
                "gepubliceerd": target.published_nl,
                "published_value": float(target.value),
                "band": target.band(),
                "band_low": float(target.low),
                "band_high": float(target.high),
                "observed": float(observed),
                "unit": target.unit,
                "count": row.get("count", pd.NA),
                "n": row.get("n", pd.NA),
                "ci_low": float(row.get("ci_low", math.nan)),
                "ci_high": float(row.get("ci_high", math.nan)),
                "difference": float(observed - target.value),
                "outside_by": target.outside_by(observed) if band else math.nan,
                "consistent": bool(row.get("consistent", False)),
                "within_sampling_error": row.get("within_sampling_error", pd.NA),
                "assumption": target.assumption,
            }
        )
    table = pd.DataFrame(records)
    table["count"] = table["count"].astype("Int64")
    table["n"] = table["n"].astype("Int64")
    table["within_sampling_error"] = table["within_sampling_error"].astype("boolean")
    shares = high_by_category(analysis)
    n_networks = survey.n_networks
    texts = verdicts(table, rows, shares, labels, corr, comparison, two, n_networks)
    for column, values in texts.items():
        table[column] = values
    for message in notes:
        warnings.warn(message, ReproductionWarning, stacklevel=2)
    return Reproduction(
        table=table,
        n_respondents=n,
        n_networks=n_networks,
        source=str(survey.source.path) if survey.source is not None else "",
        high_trust_by_frequency=shares,
        contrasts=contrasts,
        correlation=corr,
        cfa_two=two,
        cfa_one=one,
        cfa_comparison=comparison,
        warnings=tuple(dict.fromkeys(notes)),
    )
