"""The largest data files trustlab reads, and the checks that say so before the work starts.

Each limit is stated in the error message that enforces it and listed, with its reason, in
``docs/limits.md``:

* :data:`MAX_COLUMNS` columns: the most a spreadsheet holds (Excel's last column is XFD); a
  survey export has tens or hundreds. Checked from the header before the rows are read.
* :data:`MAX_CELL_CHARS` characters in one cell: far beyond any free-text answer (Excel itself
  holds 32,767); a longer cell is nearly always a quote that was opened and never closed, which
  swallows the rest of the file into one cell.
* :data:`MAX_EXCEL_CELLS` cells in a worksheet (its used range, and the cells stored in the
  file): reading Excel takes 5 to 10 microseconds a cell, so a sheet of millions of rows would
  take minutes; saved as CSV the same data reads in seconds, at any size. A sheet's rows are
  streamed and counted, so a larger one is refused within seconds (10,000 respondents with 100
  columns still fit).
* :data:`MAX_EXCEL_ROWS` rows: the most an Excel sheet holds; a file that claims more rows is
  damaged or crafted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from trustlab.errors import InputFileError, brief

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_EXCEL_CELLS",
    "MAX_EXCEL_ROWS",
    "check_cells",
    "check_columns",
    "column_letter",
]

#: The most columns a data file may have (Excel's maximum: column XFD).
MAX_COLUMNS = 16_384
#: The most characters in one cell (1 Mi).
MAX_CELL_CHARS = 1_048_576
#: The most cells in an Excel worksheet's used range (and stored in the file).
MAX_EXCEL_CELLS = 1_000_000
#: The most rows in an Excel worksheet (Excel's maximum).
MAX_EXCEL_ROWS = 1_048_576


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (0 -> A, 26 -> AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_columns(count: int, name: str) -> None:
    """Refuse a file with more than :data:`MAX_COLUMNS` columns."""
    if count > MAX_COLUMNS:
        raise InputFileError(
            f"{name}: the file has {count:,} columns; trustlab reads at most {MAX_COLUMNS:,} "
            "(the most a spreadsheet holds, up to column XFD). Keep the survey's columns (the "
            "codebook's and a few more) and save the file again.",
            file=name,
            expected=f"at most {MAX_COLUMNS:,} columns",
        )


def check_cells(table: pd.DataFrame, name: str, *, header_rows: int = 1) -> None:
    """Refuse a table with a cell (or a column name) over :data:`MAX_CELL_CHARS` characters.

    ``header_rows`` is 1 when the column names are row 1 of the file, so that table row ``i``
    is spreadsheet row ``i + 1 + header_rows``.
    """
    for position, header in enumerate(table.columns):
        if isinstance(header, str) and len(header) > MAX_CELL_CHARS:
            _too_long(name, column_letter(position), 1, header)
    text = [
        position
        for position, dtype in enumerate(table.dtypes)
        if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)
    ]
    if not text or table.shape[0] == 0:
        return
    cells = table.iloc[:, text].to_numpy(dtype=object)
    try:  # text read from a CSV file: every cell a str
        lengths = _LEN(cells).astype(np.int64)
    except TypeError:  # numbers, missing values, ...
        lengths = _LENGTH(cells).astype(np.int64)
    if lengths.max() > MAX_CELL_CHARS:
        row, column = (int(i[0]) for i in np.nonzero(lengths > MAX_CELL_CHARS))
        _too_long(name, column_letter(text[column]), row + 1 + header_rows, cells[row, column])


_LEN = np.frompyfunc(len, 1, 1)
_LENGTH = np.frompyfunc(lambda v: len(v) if isinstance(v, (str, bytes)) else 0, 1, 1)


def _too_long(name: str, letter: str, row: int, value) -> None:
    raise InputFileError(
        f"{name}: cell {letter}{row} holds {len(value):,} characters; trustlab reads at most "
        f"{MAX_CELL_CHARS:,} in one cell (a free-text answer is far shorter). A cell this long "
        'is usually a quote (") opened and never closed, which swallows the rest of the file: '
        f"check the cell, which starts {brief(value[:40])}.",
        file=name,
        row=row,
        expected=f"at most {MAX_CELL_CHARS:,} characters in a cell",
    )
