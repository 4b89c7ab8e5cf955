"""The quadrant by exposure table as every output shows it: small cells and their complements
suppressed (:func:`trustlab.disclosure.protect`), consistently in the report, the tables and
``results.json``.

The audit counts as published every total of these cells that the outputs show and that holds
exactly on the data: the table's own margins (respondents per quadrant and per category), and
per category the number with a high score on each dimension (the share tables). A total that
does not hold exactly (respondents without one of the scores) is left out of the audit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from trustlab.analysis import Analysis
from trustlab.disclosure import Constraint, protect
from trustlab.scales import QUADRANT_KEYS

__all__ = ["ProtectedTable", "quadrant_table"]


@dataclass(frozen=True)
class ProtectedTable:
    """A count table with the cells to hide.

    Attributes
    ----------
    counts : pandas.DataFrame
        The counts, NaN where hidden.
    row_percent : pandas.DataFrame
        Row percentages, NaN where hidden.
    hidden : pandas.DataFrame
        True for the hidden cells (below ``min_cell``, or hidden so that no hidden cell can be
        recomputed from the published totals).
    min_cell : int
    """

    counts: pd.DataFrame
    row_percent: pd.DataFrame
    hidden: pd.DataFrame
    min_cell: int

    @property
    def n_hidden(self) -> int:
        """How many cells are hidden."""
        return int(self.hidden.to_numpy().sum())


def _exact(analysis: Analysis, counts: np.ndarray) -> list[Constraint]:
    """Every published total over the cells that holds exactly on the data."""
    rows, cols = counts.shape
    flat = counts.ravel()
    out: list[Constraint] = []

    def add(coef: np.ndarray, value: float) -> None:
        if float(coef @ flat) == float(value):  # published and exact: a reader can use it
            out.append((coef, float(value)))

    quadrants = analysis.dimensions.quadrants
    for i, key in enumerate(QUADRANT_KEYS):
        coef = np.zeros((rows, cols))
        coef[i, :] = 1
        if quadrants is not None and key in quadrants.table.index:
            add(coef.ravel(), quadrants.table.loc[key, "n"])
        add(coef.ravel(), counts[i].sum())  # the row total a reader can add up from the table
    exposure = analysis.exposure
    for j in range(cols):
        coef = np.zeros((rows, cols))
        coef[:, j] = 1
        if exposure is not None and exposure.frequency is not None:
            add(coef.ravel(), exposure.frequency.table["n"].iloc[j])
        for name, rows_high in ((analysis.dimensions.trust, (0, 1)),
                                (analysis.dimensions.distrust, (1, 3))):  # fmt: skip
            scale = exposure.scales.get(name) if exposure is not None else None
            if scale is None or scale.high is None:
                continue
            high = np.zeros((rows, cols))
            high[list(rows_high), j] = 1
            add(high.ravel(), scale.high.table["count"].iloc[j])
            add(coef.ravel(), scale.high.table["n"].iloc[j])
    return out


def quadrant_table(analysis: Analysis, *, min_cell: int) -> ProtectedTable | None:
    """The quadrant x exposure table with hidden cells, or None when there is none."""
    dims = analysis.dimensions
    if dims is None or dims.by_exposure is None:
        return None
    crosstab = dims.by_exposure
    counts = crosstab.counts.reindex(index=list(QUADRANT_KEYS), fill_value=0)
    values = counts.to_numpy(dtype=np.int64)
    hidden = protect(values, min_cell=min_cell, constraints=_exact(analysis, values))
    mask = pd.DataFrame(hidden, index=counts.index, columns=counts.columns)
    percent = crosstab.row_percent.reindex(index=counts.index)
    return ProtectedTable(
        counts=counts.astype(float).mask(mask),
        row_percent=percent.mask(mask),
        hidden=mask,
        min_cell=min_cell,
    )
