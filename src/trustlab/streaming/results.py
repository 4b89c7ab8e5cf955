"""The result of :func:`trustlab.analyse_dataset`: the statistics of every respondent, and the
:class:`~trustlab.Analysis` of a random subsample of whole networks for what needs all rows."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from trustlab.analysis import Analysis
from trustlab.exposure import category_summary
from trustlab.input.schema import Text
from trustlab.models import FrequencyTable, GroupMeans, GroupShares, ProportionResult, TestResult
from trustlab.plan import Plan
from trustlab.psychometrics import AlphaResult
from trustlab.results import ResultMixin
from trustlab.steps import Notice, unique_notices
from trustlab.streaming.regression import StreamedRegression

__all__ = ["StreamedAnalysis", "StreamedExposure", "StreamedScale"]


@dataclass(frozen=True, repr=False, eq=False)
class StreamedScale(ResultMixin):
    """One scale on every respondent: its scores and Cronbach's alpha.

    Attributes
    ----------
    name : str
    label : Text
    items, reversed_items : tuple of str
    min_valid : int
    rule : str
        When a score counts as high.
    n_scored, n_unscored : int
    mean, sd : float
        Of the scores.
    share_high : ProportionResult or None
        Share with a high score (Wilson and exact CIs).
    alpha : AlphaResult or None
        Pairwise alpha with the Feldt CI and the item table, as ``psych::alpha``.
    answers : pandas.DataFrame
        Per item, how many gave each answer, and how many did not answer.
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
    answers: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """The item table of alpha."""
        if self.alpha is None:
            return pd.DataFrame(index=pd.Index(self.items, name="item"))
        return self.alpha.items[["n", "mean", "sd", "r_drop", "alpha_if_dropped"]]

    def _title(self) -> str:
        return f"Scale {self.name!r}: {len(self.items)} items, {self.n_scored:,} scored"


@dataclass(frozen=True, repr=False, eq=False)
class StreamedExposure(ResultMixin):
    """One scale against the exposure, on every respondent (None where not computed).

    Attributes
    ----------
    scale : str
    means : GroupMeans
        Mean score per category (t CIs).
    high : GroupShares
        Share high per category (Wilson and exact CIs).
    kruskal : TestResult
        Kruskal-Wallis test of the score across the categories (ranks from the table of
        score values).
    chi_square : TestResult
        Pearson's chi-square of exposure x high.
    cochran_armitage : TestResult
        Trend in the share high across the categories.
    ols, trend, trend_log, logit : StreamedRegression or None
        The score on the exposure (and covariates), on the exposure's score and its logarithm;
        the high flag on the exposure (and covariates); cluster-robust SEs CR1S.
    """

    scale: str
    means: GroupMeans | None
    high: GroupShares | None
    kruskal: TestResult | None
    chi_square: TestResult | None
    cochran_armitage: TestResult | None
    ols: StreamedRegression | None
    trend: StreamedRegression | None
    trend_log: StreamedRegression | None
    logit: StreamedRegression | None

    def summary(self) -> pd.DataFrame:
        """Mean and share high per category."""
        return category_summary(self.means, self.high)

    def _title(self) -> str:
        return f"{self.scale} against the exposure, every respondent"


@dataclass(frozen=True, repr=False, eq=False)
class StreamedAnalysis(ResultMixin):
    """A survey analysed in chunks: what sums allow on every respondent, the rest on a
    random subsample of whole networks.

    Attributes
    ----------
    source : str
        The folder or file read.
    format : str
        ``"parquet"`` or ``"csv"``.
    n_respondents : int
        Respondents read.
    n_networks : int or None
        Networks among them (None without a cluster).
    n_chunks, chunk_rows : int
        Chunks read, and the most rows a chunk may hold.
    max_rows_held : int
        The most respondent rows held in memory at once (a chunk and the subsample so far).
    plan : Plan
    scales : dict of str to StreamedScale
    frequency : FrequencyTable or None
        Respondents per exposure category.
    exposure : dict of str to StreamedExposure
    subsample : Analysis
        :func:`trustlab.analyse` of the subsample (every statistic of the usual report).
    subsample_size, subsample_networks : int
        Its respondents and networks.
    on_all_rows, on_subsample : tuple of str
        Which statistics used every respondent, and which the subsample, in words.
    seed : int
        Of the subsample (and of the subsample's own random steps).
    notices : tuple of Notice
    """

    _private = ("subsample",)

    source: str
    format: str
    n_respondents: int
    n_networks: int | None
    n_chunks: int
    chunk_rows: int
    max_rows_held: int
    plan: Plan
    scales: dict[str, StreamedScale]
    frequency: FrequencyTable | None
    exposure: dict[str, StreamedExposure]
    subsample: Analysis
    subsample_size: int
    subsample_networks: int
    on_all_rows: tuple[str, ...]
    on_subsample: tuple[str, ...]
    seed: int
    notices: tuple[Notice, ...]

    @property
    def warnings(self) -> list[str]:
        """Every notice as ``"step: message"``, once each."""
        return [str(n) for n in unique_notices(self.notices)]

    def summary(self) -> pd.DataFrame:
        """Per scale on every respondent: n scored, mean, sd, alpha (Feldt 95% CI), % high."""
        rows = []
        nan = float("nan")
        for name, s in self.scales.items():
            a, high = s.alpha, s.share_high
            rows.append({
                "scale": name, "items": len(s.items), "n scored": s.n_scored,
                "mean": s.mean, "sd": s.sd, "alpha": a.alpha if a else nan,
                "alpha ci low": a.ci[0] if a else nan, "alpha ci high": a.ci[1] if a else nan,
                "n high": high.count if high else 0,
                "% high": 100 * high.estimate if high else nan,
            })  # fmt: skip
        return pd.DataFrame(rows).set_index("scale")

    def _title(self) -> str:
        where = f" in {self.n_networks:,} networks" if self.n_networks is not None else ""
        return (f"trustlab analysis in chunks: {self.n_respondents:,} respondents{where} "
                f"({self.n_chunks} chunks of at most {self.chunk_rows:,} rows)")  # fmt: skip

    def _notes(self) -> list[str]:
        return [
            "On every respondent: " + "; ".join(self.on_all_rows) + ".",
            "On the subsample: " + "; ".join(self.on_subsample) + ".",
            *self.warnings,
        ]
