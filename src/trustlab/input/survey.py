"""The :class:`Survey`: validated respondent data, its codebook, and the problems found."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from trustlab.errors import TrustlabError
from trustlab.input.parse import Problem
from trustlab.input.quality import QualityReport
from trustlab.input.schema import Codebook
from trustlab.input.source import Source
from trustlab.results import ResultMixin

__all__ = ["Survey"]


@dataclass(frozen=True, repr=False, eq=False)
class Survey(ResultMixin):
    """Respondent data read through a codebook.

    Create one with :func:`trustlab.read_survey` (or :func:`trustlab.load_sample`).

    Attributes
    ----------
    data : pandas.DataFrame
        One row per respondent with the canonical columns, in the codebook's order: the id and
        the cluster as strings, covariates and meeting frequency as ordered
        ``pandas.Categorical`` with the codebook's labels (numeric covariates as float), the
        items as float raw answers (not reverse-keyed; NaN where missing). Columns the codebook
        does not know follow, as text.
    codebook : Codebook
        The codebook the data were read with.
    problems : tuple of Problem
        What was found and tolerated: missing answers, blank rows, unknown columns, ...
    source : Source or None
        The file and how it was read.
    source_rows : numpy.ndarray
        For each respondent, the row of the file as a spreadsheet shows it (header = row 1).
    missing_code_counts : dict
        Per column, how often each declared missing code occurred.
    """

    _private = ("data", "source_rows", "problems", "missing_code_counts")

    data: pd.DataFrame
    codebook: Codebook
    problems: tuple[Problem, ...] = ()
    source: Source | None = None
    source_rows: np.ndarray | None = None
    missing_code_counts: dict = field(default_factory=dict, repr=False)

    @property
    def n_respondents(self) -> int:
        """The number of respondents (rows of ``data``)."""
        return len(self.data)

    @property
    def n_networks(self) -> int | None:
        """The number of distinct clusters (networks), or ``None`` without a cluster column."""
        cluster = self.codebook.cluster
        if cluster is None or cluster not in self.data:
            return None
        return int(self.data[cluster].nunique())

    def items(self, scale: str | None = None) -> pd.DataFrame:
        """The raw item answers, of one scale or of all items.

        Examples
        --------
        >>> import trustlab
        >>> list(trustlab.load_sample().items("distrust").columns)
        ['D1', 'D2', 'D3', 'D4']
        """
        columns = self.codebook.item_columns if scale is None else self._scale(scale).items
        return self.data[list(columns)]

    def _scale(self, name: str):

        try:
            return self.codebook.scales[name]
        except KeyError:
            known = ", ".join(map(repr, self.codebook.scales))
            raise TrustlabError(f"no scale {name!r} in the codebook; it has {known}.") from None

    def notes(self) -> list[str]:
        """The tolerated problems as sentences."""
        return [p.message for p in self.problems]

    def quality(self) -> QualityReport:
        """Data-quality summary: missing answers per item, straight-liners, unknown columns."""

        unknown = [c for c in self.data.columns if c not in self.codebook.columns()]
        return QualityReport.from_data(
            self.data,
            self.source_rows,
            list(self.problems),
            self.missing_code_counts,
            unknown,
            self.codebook,
            self.source,
        )

    def summary(self) -> pd.DataFrame:
        """One row per codebook column: its role, type, answered and missing counts."""

        cb = self.codebook
        roles = {cb.id: "id"}
        if cb.cluster:
            roles[cb.cluster] = "cluster"
        for variable in cb.covariates:
            roles[variable.column] = "covariate"
        if cb.exposure:
            roles[cb.exposure.column] = "exposure"
        for item in cb.items:
            roles[item.column] = f"item ({item.scale}{', reversed' if item.reverse else ''})"
        rows = []
        for column, role in roles.items():
            if column not in self.data:
                continue
            values = self.data[column]
            rows.append(
                {
                    "column": column,
                    "role": role,
                    "type": str(values.dtype),
                    "valid": int(values.notna().sum()),
                    "missing": int(values.isna().sum()),
                }
            )
        return pd.DataFrame(rows).set_index("column")

    def _title(self) -> str:
        where = f" from {self.source.path}" if self.source else ""
        networks = f", {self.n_networks} networks" if self.n_networks is not None else ""
        return f"Survey{where}: {self.n_respondents} respondents{networks}"

    def _notes(self) -> list[str]:
        return self.notes()
