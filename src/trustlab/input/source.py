"""Where a survey came from (:class:`Source`) and the first check of any table read from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from trustlab.errors import NoRespondentsError

__all__ = ["DELIMITER_NAMES", "Source", "check_rows"]

DELIMITER_NAMES = {";": "semicolon", ",": "comma", "\t": "tab", "|": "vertical bar"}


@dataclass(frozen=True)
class Source:
    """Where a survey came from and how it was read.

    Attributes
    ----------
    path : str
        The file as the user named it.
    format : str
        ``"csv"``, ``"excel"``, ``"spss"``, ``"stata"`` or ``"parquet"``.
    encoding, delimiter : str or None
        What the CSV sniffer found (``None`` for other formats).
    value_labels : dict
        SPSS/Stata value labels per column: ``{column: {code: label}}``.
    """

    path: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    value_labels: dict[str, dict[Any, str]] = field(default_factory=dict, repr=False)

    def describe(self) -> str:
        """A one-line description such as ``"CSV, cp1252, semicolon-separated"``."""
        if self.format != "csv":
            return {"excel": "Excel workbook", "spss": "SPSS file", "stata": "Stata file"}.get(
                self.format, self.format.capitalize()
            )
        delimiter = DELIMITER_NAMES.get(self.delimiter, self.delimiter)
        return f"CSV, {self.encoding}, {delimiter}-separated"


def check_rows(table: pd.DataFrame, name: str) -> None:
    """Raise :class:`NoRespondentsError` when a table has a header but no rows."""
    if len(table) == 0:
        raise NoRespondentsError(
            f"{name}: the file has a header but no respondents (0 data rows).", file=name
        )
