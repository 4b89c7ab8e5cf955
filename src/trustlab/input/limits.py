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
    for position in range(table.shape[1]):
        column = table.iloc[:, position]
        if pd.api.types.is_string_dtype(column.dtype) and not pd.api.types.is_object_dtype(
            column.dtype
        ):
            lengths = column.str.len().fillna(0).to_numpy()  # arrow-backed text: C speed
        elif pd.api.types.is_object_dtype(column.dtype):
            lengths = _LENGTH(column.to_numpy(dtype=object)).astype(np.int64)
        else:
            continue
        if len(lengths) and lengths.max() > MAX_CELL_CHARS:
            row = int(np.flatnonzero(lengths > MAX_CELL_CHARS)[0])
            _too_long(name, column_letter(position), row + 1 + header_rows, column.iloc[row])


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
