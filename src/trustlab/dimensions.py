"""Trust and distrust as two dimensions: quadrants, their correlation and their factor structure.

Where the plan declares two scales as the dimensions trust and distrust (Lewicki, McAllister &
Bies 1998), :func:`analyse_dimensions` adds: the share of respondents in each of the four
quadrants (high/low on each), the quadrant by exposure cross-table with its chi-square test, the
correlation of the two scores (Fisher-z CI), and the two-factor CFA of the keyed items against
the one-factor (bipolar) model with their chi-square difference test. The statistics are
trustlab's (:mod:`trustlab.models`, :mod:`trustlab.psychometrics`); this module only wires them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from trustlab.models import (
    CorrelationResult,
    Crosstab,
    FrequencyTable,
    TestResult,
    chi_square_test,
    correlation,
    crosstab,
    frequency_table,
)
from trustlab.plan import Plan
from trustlab.psychometrics import CFAResult, cfa
from trustlab.results import ResultMixin
from trustlab.scales import QUADRANT_KEYS
from trustlab.steps import Steps

__all__ = ["DimensionsResult", "analyse_dimensions"]


@dataclass(frozen=True, repr=False, eq=False)
class DimensionsResult(ResultMixin):
    """The two dimensions: quadrants, correlation, factor structure.

    Attributes
    ----------
    trust, distrust : str
        The scales declared as the dimensions.
    quadrants : FrequencyTable or None
        Respondents per quadrant (keys of :data:`trustlab.scales.QUADRANT_KEYS`), with Wilson CIs.
    by_exposure : Crosstab or None
        Quadrant x exposure counts and row percentages (None without an exposure).
    chi_square : TestResult or None
        Pearson's chi-square test of quadrant x exposure, with Cramer's V (and a Monte Carlo
        p-value when expected counts are small).
    correlation : CorrelationResult or None
        Pearson's r of the two scores.
    cfa_two, cfa_one : CFAResult or None
        The CFA of the keyed items with a trust and a distrust factor, and with one factor.
    cfa_comparison : pandas.DataFrame or None
        The chi-square difference test of the two (``CFAResult.compare``).
    """

    trust: str
    distrust: str
    quadrants: FrequencyTable | None
    by_exposure: Crosstab | None
    chi_square: TestResult | None
    correlation: CorrelationResult | None
    cfa_two: CFAResult | None
    cfa_one: CFAResult | None
    cfa_comparison: pd.DataFrame | None

    def summary(self) -> pd.DataFrame:
        """Respondents per quadrant."""
        if self.quadrants is None:
            return pd.DataFrame()
        return self.quadrants.table

    def _title(self) -> str:
        r = f", r = {self.correlation.r:.2f}" if self.correlation is not None else ""
        return f"Dimensions: {self.trust} x {self.distrust}{r}"


def analyse_dimensions(
    plan: Plan, scores: pd.DataFrame, keyed: pd.DataFrame, exposure: pd.Series | None,
    steps: Steps, *, seed: int,
) -> DimensionsResult:  # fmt: skip
    """The dimensions' statistics from the scores (with ``quadrant``) and the keyed items.

    ``exposure`` is the exposure column (ordered categorical) or None.
    """
    dims = plan.dimensions
    if dims is None:  # pragma: no cover - the caller checks
        raise ValueError("the plan declares no dimensions")
    trust, distrust = dims.trust, dims.distrust
    quadrant = scores["quadrant"]
    table = steps.run(
        "quadrants", lambda: frequency_table(quadrant, categories=list(QUADRANT_KEYS))
    )
    by_exposure = chi2 = None
    if exposure is not None:
        frame = pd.DataFrame({"quadrant": quadrant, exposure.name: exposure})
        by_exposure = steps.run(
            "quadrant x exposure", lambda: crosstab(frame, "quadrant", exposure.name)
        )
        chi2 = steps.run(
            "chi-square quadrant x exposure",
            lambda: chi_square_test(frame, "quadrant", exposure.name, seed=seed),
        )
    r = steps.run(f"correlation {trust} {distrust}", lambda: correlation(scores, trust, distrust))
    items = {name: list(plan.scales[name].items) for name in (trust, distrust)}
    two = steps.run("cfa two factors", lambda: cfa(keyed, items))
    one = steps.run(
        "cfa one factor", lambda: cfa(keyed, {"general": items[trust] + items[distrust]})
    )
    comparison = None
    if two is not None and one is not None:
        comparison = steps.run("cfa two vs one factor", lambda: two.compare(one))
    return DimensionsResult(trust, distrust, table, by_exposure, chi2, r, two, one, comparison)
