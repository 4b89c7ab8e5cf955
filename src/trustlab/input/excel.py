"""Reading an Excel worksheet (:func:`read_file`), streamed row by row and bounded by the limits
of ``limits.py``.

The workbook is opened read-only (openpyxl streams the sheet's XML instead of building every
cell), the sheet's declared dimension is ignored (a stray cell at XFD1048576 would otherwise pad
every row to 16,384 columns), each row is cut after its last value, and empty rows after the
data are dropped. The used range and the cells stored in the file are counted while streaming,
so a sheet beyond :data:`~trustlab.input.limits.MAX_EXCEL_CELLS` is refused as soon as it is
met, naming the cell that took it there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from trustlab.errors import InputFileError, brief
from trustlab.input.limits import (
    MAX_EXCEL_CELLS,
    MAX_EXCEL_ROWS,
    check_cells,
    check_columns,
    column_letter,
)
from trustlab.input.source import Source, header_text, unreadable

__all__ = ["read_excel_sheet", "read_file"]


def read_file(
    path: Path, name: str, fmt: str = "excel", sheet: int | str = 0
) -> tuple[pd.DataFrame, Source]:
    """The worksheet ``sheet`` as a raw table, header cells as column names (``fmt`` is not
    used)."""
    raw = read_excel_sheet(path, name, sheet)
    if raw.shape[0] == 0:
        raise InputFileError(f"{name}: the worksheet is empty.", file=name)
    check_cells(raw, name, header_rows=0)  # compressed: a long cell may take a few bytes
    header = ["" if _empty(h) else header_text(h) for h in raw.iloc[0]]
    table = raw.iloc[1:].reset_index(drop=True)
    table.columns = header
    return table, Source(name, "excel")


def read_excel_sheet(path: Path, name: str, sheet: int | str) -> pd.DataFrame:
    """The sheet as a raw table (header as row 0), values as Excel holds them.

    Whole numbers stored as floats (``3.0``) come back as ``int``, as pandas reads them.
    """
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises zipfile, XML and key errors of many kinds
        raise unreadable(name, "an Excel workbook", exc) from None
    try:
        worksheet = _sheet(book, sheet, name)
        # the declared dimension (<dimension ref="A1:Q232">) is ignored: openpyxl would pad every
        # row to it, and it can be stale (a cell emptied by a script) or forged; the rows are
        # streamed and counted instead
        worksheet.reset_dimensions()
        rows = _rows(worksheet, name, sheet)
    except InputFileError:
        raise
    except Exception as exc:  # a damaged sheet inside a valid zip
        raise unreadable(name, "an Excel workbook", exc) from None
    finally:
        book.close()
    width = max((len(r) for r in rows), default=0)
    padded = [[_value(v) for v in row] + [None] * (width - len(row)) for row in rows]
    return pd.DataFrame(padded, dtype=object)


def _sheet(book, sheet: int | str, name: str):
    try:
        found = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
    except (KeyError, IndexError):
        raise InputFileError(
            f"{name}: no worksheet {sheet!r} in the workbook.", file=name
        ) from None
    if not hasattr(found, "iter_rows"):  # a chart sheet
        raise InputFileError(
            f"{name}: sheet {sheet!r} is a chart, not a worksheet; name the sheet that holds "
            "the answers (--sheet).",
            file=name,
        )
    return found


def _rows(worksheet, name: str, sheet: int | str) -> list[tuple]:
    rows: list[tuple] = []
    stored = width = last = 0
    for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > MAX_EXCEL_ROWS:
            raise InputFileError(
                f"{name}: the sheet claims more than {MAX_EXCEL_ROWS:,} rows, the most Excel "
                "holds; the file is damaged. Open it in Excel and save it again, or save it as "
                "CSV.",
                file=name,
            )
        stored += len(row)
        end = len(row)
        while end and row[end - 1] is None:
            end -= 1
        if end:
            before = width * last
            width = max(width, end)
            check_columns(width, name)
            last = number
            if width * last > MAX_EXCEL_CELLS:
                cell = f"{column_letter(end - 1)}{number}"
                what = f"reaches cell {cell} ({brief(row[end - 1])}), a used range A1:"
                what += f"{column_letter(width - 1)}{number}"
                # a jump from a small used range: one stray cell far from the data
                raise _too_large(
                    name, sheet, what, cell if before < MAX_EXCEL_CELLS // 10 else None
                )
        elif stored > MAX_EXCEL_CELLS:  # millions of empty cells with formatting
            raise _too_large(name, sheet, "stores millions of cells, most of them empty", "")
        rows.append(row[:end] if end else ())
    return rows[:last]


def _too_large(name: str, sheet: int | str, what: str, stray: str | None) -> InputFileError:
    """``stray`` names the stray cell far from the data, is "" for empty formatted cells."""
    where = f"sheet {sheet!r}" if isinstance(sheet, str) else "the sheet"
    if stray:
        advice = (
            f"Cell {stray} lies far from the data: if it is a stray entry, delete it (and the "
            "empty rows and columns before it) and save again."
        )
    elif stray == "":
        advice = "Delete the empty formatted rows after the data and save again."
    else:
        advice = "Save the sheet as CSV UTF-8, which trustlab reads at any size."
    return InputFileError(
        f"{name}: {where} {what}, more than the {MAX_EXCEL_CELLS:,} cells trustlab reads from "
        f"an Excel sheet (reading Excel is slow, about 100,000 cells a second). {advice}",
        file=name,
        expected=f"at most {MAX_EXCEL_CELLS:,} cells",
    )


def _empty(value: Any) -> bool:
    """A header cell openpyxl gives as empty: None (or NaN)."""
    return value is None or (isinstance(value, float) and value != value)


def _value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
