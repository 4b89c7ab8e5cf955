"""Per scale, what one pass over every respondent adds up: alpha's sufficient statistics
(:class:`~trustlab.psychometrics.StreamingAlpha`), the answers per item, and the table of
score values by exposure category with the high flags. A scale score is the mean of a few
answers on a fixed range, so it takes finitely many values: the table holds everything the
descriptives, the shares and the rank tests need, exactly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from trustlab.models import (
    GroupMeans,
    GroupShares,
    ProportionResult,
    TestResult,
    chi_square_test,
    cochran_armitage_counts,
    kruskal_wallis_counts,
    means_from_moments,
    proportion,
    shares_from_counts,
)
from trustlab.plan import Plan
from trustlab.psychometrics import StreamingAlpha

__all__ = ["ScaleTally"]


class ScaleTally:
    """The sums of one scale over the chunks.

    Parameters
    ----------
    plan : Plan
    name : str
        The scale.
    n_categories : int
        Categories of the exposure (0 without one).
    """

    def __init__(self, plan: Plan, name: str, n_categories: int) -> None:
        scale = plan.scales[name]
        self.name, self.items = name, list(scale.items)
        self.values = tuple(plan.response_scale.values)
        reverse = [i for i in self.items if i in plan.reverse]
        scale_range = (plan.response_scale.min, plan.response_scale.max)
        self.alpha = StreamingAlpha(self.items, reverse=reverse, scale_range=scale_range)
        self.answers = np.zeros((len(self.items), len(self.values) + 1), dtype=np.int64)
        self.n_categories = n_categories
        # (score, exposure code + 1: 0 = no exposure) -> respondents
        self.table = pd.Series(dtype=np.int64)
        self.high = np.zeros(n_categories + 1, dtype=np.int64)
        self.flagged = np.zeros(n_categories + 1, dtype=np.int64)
        self.n_unscored = 0

    def update(self, data: pd.DataFrame, scores: pd.DataFrame, codes: np.ndarray) -> None:
        """Add a chunk: the parsed data, its scores and the exposure codes (-1: none)."""
        self.alpha.update(data)
        lo = self.values[0]
        for i, item in enumerate(self.items):
            x = data[item].to_numpy(dtype=float)
            ok = ~np.isnan(x)
            counts = np.bincount((x[ok] - lo).astype(np.int64), minlength=len(self.values))
            self.answers[i, : len(self.values)] += counts[: len(self.values)]
            self.answers[i, -1] += int((~ok).sum())
        score = scores[self.name].to_numpy(dtype=float)
        ok = ~np.isnan(score)
        self.n_unscored += int((~ok).sum())
        group = codes + 1
        part = pd.DataFrame({"score": score[ok], "group": group[ok]}).value_counts()
        self.table = part if self.table.empty else self.table.add(part, fill_value=0)
        flag = scores[f"high_{self.name}"]
        has = flag.notna().to_numpy()
        high = flag.fillna(False).to_numpy(dtype=bool)
        self.flagged += np.bincount(group[has], minlength=self.n_categories + 1)
        self.high += np.bincount(group[has & high], minlength=self.n_categories + 1)

    # ---- results ---------------------------------------------------------------------------

    def by_value(self) -> pd.DataFrame:
        """Respondents per score value (rows, ascending) and exposure code + 1 (columns)."""
        table = self.table.astype(np.int64).unstack("group", fill_value=0).sort_index()
        return table.reindex(columns=range(self.n_categories + 1), fill_value=0)

    def moments(self) -> tuple[int, float, float]:
        """n, mean and sd (ddof 1) of every score."""
        table = self.by_value()
        return _moments(table.index.to_numpy(dtype=float), table.sum(axis=1).to_numpy())

    def share_high(self) -> ProportionResult | None:
        n = int(self.flagged.sum())
        return proportion(int(self.high.sum()), n) if n else None

    def means(self, categories: list[str], exposure: str) -> GroupMeans:
        table = self.by_value()
        v = table.index.to_numpy(dtype=float)
        parts = [_moments(v, table[g].to_numpy()) for g in range(1, self.n_categories + 1)]
        n, mean, sd = zip(*parts, strict=True)
        return means_from_moments(n, mean, sd, categories, outcome=self.name, group=exposure,
                                  n_dropped=int(table[0].sum()) + self.n_unscored)  # fmt: skip

    def shares(self, categories: list[str], exposure: str) -> GroupShares:
        n_dropped = int(self.flagged[0]) + int(self.n_unscored)
        return shares_from_counts(self.high[1:], self.flagged[1:], categories,
                                  flag=f"high_{self.name}", group=exposure,
                                  n_dropped=n_dropped)  # fmt: skip

    def kruskal(self, categories: list[str]) -> TestResult:
        table = self.by_value()[list(range(1, self.n_categories + 1))]
        table.columns = categories
        return kruskal_wallis_counts(table)

    def chi_square(self, categories: list[str], seed: int) -> TestResult:
        """Exposure x high (Pearson, as ``chisq.test(correct = FALSE)``)."""
        high, n = self.high[1:], self.flagged[1:]
        table = pd.DataFrame({"low": n - high, "high": high}, index=categories)
        return chi_square_test(table=table, seed=seed)

    def cochran_armitage(self, scores: tuple[float, ...] | None) -> TestResult:
        return cochran_armitage_counts(self.high[1:], self.flagged[1:], scores=scores)

    def answers_table(self) -> pd.DataFrame:
        return pd.DataFrame(self.answers, index=pd.Index(self.items, name="item"),
                            columns=[*map(str, self.values), "missing"])  # fmt: skip


def _moments(values: np.ndarray, counts: np.ndarray) -> tuple[int, float, float]:
    """n, mean and sd (ddof 1) of values with counts: two-pass, no cancellation."""
    n = int(counts.sum())
    if n == 0:
        return 0, float("nan"), float("nan")
    mean = float(values @ counts) / n
    sd = float(np.sqrt(((values - mean) ** 2) @ counts / (n - 1))) if n > 1 else float("nan")
    return n, mean, sd
