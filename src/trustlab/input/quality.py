"""Data-quality summary of a survey file: what ``python -m trustlab validate`` reports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from trustlab.input.arrow_memory import give_back
from trustlab.input.parse import Parsed, Problem
from trustlab.input.schema import Codebook
from trustlab.input.source import Source
from trustlab.results import ResultMixin

__all__ = ["QualityReport", "straight_liners"]


def straight_liners(items: pd.DataFrame, min_answered: int | None = None) -> pd.Series:
    """Flag respondents who gave the same raw answer to every item they answered.

    Only respondents who answered at least ``min_answered`` items (default: half of the items,
    rounded up, and at least 2) can be flagged. With reverse-keyed items in the instrument, the
    same answer everywhere contradicts itself: a sign of inattentive answering.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"T1": [3, 4, 5.0], "T2": [3, 2, 5.0], "T3": [3, None, 5.0]})
    >>> straight_liners(items).tolist()
    [True, False, True]
    """
    n, k = items.shape
    answered = np.zeros(n, dtype=np.int64)
    highest, lowest = np.full(n, -np.inf), np.full(n, np.inf)
    # a column at a time (a matrix of the answers is a gigabyte at ten million respondents):
    # fmax/fmin skip a missing answer, so a row's highest and lowest are over its answers
    for j in range(k):
        column = items.iloc[:, j].to_numpy(dtype=float)
        answered += ~np.isnan(column)
        np.fmax(highest, column, out=highest)
        np.fmin(lowest, column, out=lowest)
    if min_answered is None:
        min_answered = max(2, -(-k // 2))
    with np.errstate(invalid="ignore"):  # inf - inf: not a spread of 0
        same = highest - lowest == 0
    return pd.Series((answered >= min_answered) & same, index=items.index)


@dataclass(frozen=True, repr=False, eq=False)
class QualityReport(ResultMixin):
    """What a survey file holds and what is wrong with it.

    Attributes
    ----------
    source : Source
        The file and how it was read.
    n_respondents, n_networks : int
        Respondents read (blank rows skipped) and distinct networks (``None`` without a cluster).
    items : pandas.DataFrame
        Per item: its scale, answered, missing (and which missing codes), non-numeric and
        out-of-range cells.
    straight_liners : pandas.DataFrame
        Respondents with the same answer on every item they answered: row, id and answer.
    unknown_columns : list of str
        Columns of the file that the codebook does not describe (carried along).
    errors, notes : list of Problem
        Problems that make the file unusable, and problems that were tolerated.
    """

    _private = ("source", "straight_liners", "errors", "notes")

    source: Source
    n_respondents: int
    n_networks: int | None
    items: pd.DataFrame
    straight_liners: pd.DataFrame
    unknown_columns: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        """Whether :func:`trustlab.read_survey` accepts the file (no errors)."""
        return not self.errors

    @classmethod
    def from_parsed(cls, parsed: Parsed, codebook: Codebook, source: Source) -> QualityReport:
        """Build the report from :func:`trustlab.input.parse.parse_table`'s outcome."""
        return cls.from_data(
            parsed.data,
            parsed.rows,
            parsed.problems,
            parsed.missing_code_counts,
            parsed.unknown_columns,
            codebook,
            source,
        )

    @classmethod
    def from_data(
        cls,
        data: pd.DataFrame,
        rows: np.ndarray | None,
        problems: list[Problem],
        code_counts: dict,
        unknown: list[str],
        codebook: Codebook,
        source: Source | None,
    ) -> QualityReport:
        """Build the report from parsed data: the rows as a spreadsheet shows them, the
        problems found, the missing-code counts per column and the columns the codebook does
        not know."""
        bad: dict[tuple[str, str], int] = Counter()
        for problem in problems:
            if problem.kind in {"non_numeric", "out_of_range"}:
                bad[(problem.column, problem.kind)] += problem.count
        table = []
        for item in codebook.items:
            codes = code_counts.get(item.column, Counter())
            table.append(
                {
                    "item": item.column,
                    "scale": item.scale + (" (reversed)" if item.reverse else ""),
                    "answered": int(data[item.column].notna().sum()),
                    "missing": int(data[item.column].isna().sum()),
                    "missing codes": ", ".join(f"{k}: {v}" for k, v in sorted(codes.items())),
                    "non-numeric": bad[(item.column, "non_numeric")],
                    "out of range": bad[(item.column, "out_of_range")],
                }
            )
        items = data[codebook.item_columns]
        flags = straight_liners(items).to_numpy()
        if rows is None:  # a survey made in memory: rows as a spreadsheet of ``data`` shows them
            rows = np.arange(len(data)) + 2
        # the flagged rows only: never every respondent's id as a Python string or a matrix of
        # every respondent's answers (at ten million respondents gigabytes)
        flagged = np.flatnonzero(flags)
        liners = pd.DataFrame(
            {
                "row": np.asarray(rows)[flags],
                "respondent": data[codebook.id].iloc[flagged].to_numpy(),
                # the one answer given (a skipped item is not NaN's answer: fmax skips it)
                "answer": np.fmax.reduce(
                    items.iloc[flagged].to_numpy(dtype=float), axis=1, initial=-np.inf
                )
                if flags.any()
                else np.array([], dtype=float),
            }
        )
        cluster = codebook.cluster
        networks = int(data[cluster].nunique()) if cluster and cluster in data else None
        give_back()  # counting text clusters left Arrow memory kept for reuse
        return cls(
            source=source,
            n_respondents=len(data),
            n_networks=networks,
            items=pd.DataFrame(table).set_index("item"),
            straight_liners=liners,
            unknown_columns=list(unknown),
            errors=[p for p in problems if p.severity == "error"],
            notes=[p for p in problems if p.severity != "error"],
        )

    def summary(self) -> pd.DataFrame:
        """The per-item table."""
        return self.items

    def _title(self) -> str:
        networks = f", {self.n_networks} networks" if self.n_networks is not None else ""
        verdict = "usable" if self.usable else "NOT usable"
        return f"{self.source.path}: {self.n_respondents} respondents{networks}; {verdict}"

    def _notes(self) -> list[str]:
        return [p.message for p in self.errors + self.notes]
