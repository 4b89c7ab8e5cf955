"""Reading Parquet files (:func:`read_file`), and the cells of a Parquet table as the parser
takes them (:func:`parquet_cells`, also for each chunk of a Parquet dataset read in pieces)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from trustlab.errors import InputFileError
from trustlab.input.limits import check_cells, check_columns
from trustlab.input.source import Source, header_text, unreadable

__all__ = ["parquet_cells", "read_file"]


def read_file(
    path: Path, name: str, fmt: str = "parquet", sheet: int | str = 0
) -> tuple[pd.DataFrame, Source]:
    """The Parquet file as a raw table (``fmt`` and ``sheet`` are not used: every reader of
    :data:`~trustlab.input.read.READERS` takes them)."""
    try:
        schema = pq.read_schema(path)
        check_columns(len(schema.names), name)  # before the rows are read
        table = pd.read_parquet(path)
    except InputFileError:
        raise
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...
        raise unreadable(name, "a Parquet file", exc) from None
    return parquet_cells(table, schema, name), Source(name, "parquet")


def parquet_cells(table: pd.DataFrame, schema: pa.Schema, name: str) -> pd.DataFrame:
    """A table read from Parquet as :func:`read_survey` hands it to the parser: categoricals as
    their values, lists, structs and maps as JSON text, headers as text, long cells refused.
    Also used for each chunk of a Parquet dataset read in pieces."""
    # lists, structs and maps arrive as arrays, dicts and lists of pairs: carried as their text
    nested = {f.name for f in schema if pa.types.is_nested(f.type)}
    for column in table.columns:
        if isinstance(table[column].dtype, pd.CategoricalDtype):
            table[column] = table[column].astype(object)
        elif column in nested:
            table[column] = table[column].map(_nested_text).astype(object)
    table.columns = [header_text(c) for c in table.columns]
    check_cells(table, name)  # compressed: a long cell may take a few bytes of the file
    return table.reset_index(drop=True)


def _nested_text(value: Any) -> str | None:
    """A list, struct or map cell of a Parquet file as JSON text (``[1, 2]``, ``{"a": 1}``)."""
    if value is None:
        return None

    def plain(v: Any) -> Any:
        if isinstance(v, np.ndarray):
            return [plain(x) for x in v.tolist()]
        if isinstance(v, dict):
            return {str(k): plain(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if isinstance(v, float) and not math.isfinite(v):
            return str(v)
        return v

    return json.dumps(plain(value), ensure_ascii=False, default=str)
