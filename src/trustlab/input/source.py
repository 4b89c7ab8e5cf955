"""Where a survey came from (:class:`Source`), the first check of any table read from it, and
what every file reader says the same way (a file that cannot be read, header cells)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from trustlab.errors import InputFileError, NoRespondentsError, brief

__all__ = ["DELIMITER_NAMES", "Source", "check_rows", "header_text", "unreadable"]

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


def unreadable(name: str, what: str, exc: BaseException) -> InputFileError:
    """The error for a file that cannot be read as ``what`` ("CSV", "an Excel workbook"), with
    the first line of the reading library's message."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    detail = brief(detail, 200, quote=False)
    return InputFileError(f"{name}: cannot be read as {what} ({detail}).", file=name)


def header_text(value: Any) -> str:
    """A header cell as a column name (``2.0`` as ``"2"``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
