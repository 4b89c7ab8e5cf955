"""Reading SPSS (``.sav``, ``.zsav``) and Stata (``.dta``) files with pyreadstat: the values as
stored, the value labels kept for the parser (a coded category maps through its label)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadstat

from trustlab.input.limits import check_cells, check_columns
from trustlab.input.source import Source, unreadable

__all__ = ["read_file"]


def read_file(path: Path, name: str, fmt: str, sheet: int | str = 0) -> tuple[pd.DataFrame, Source]:
    """The SPSS (``fmt`` "spss") or Stata ("stata") file as a raw table, with its value labels
    (``sheet`` is not used)."""
    reader = pyreadstat.read_sav if fmt == "spss" else pyreadstat.read_dta
    what = "an SPSS file" if fmt == "spss" else "a Stata file"
    try:
        table, meta = reader(str(path), apply_value_formats=False, user_missing=False)
    except Exception as exc:  # pyreadstat raises its own error types and OSError
        raise unreadable(name, what, exc) from None
    check_columns(table.shape[1], name)
    check_cells(table, name)  # a .zsav is compressed: a long cell may take a few bytes
    labels = {k: dict(v) for k, v in (meta.variable_value_labels or {}).items()}
    return table, Source(name, fmt, value_labels=labels)
