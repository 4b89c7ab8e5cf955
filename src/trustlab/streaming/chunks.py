"""Reading a survey in chunks: a folder of Parquet files, one Parquet file, or a CSV file.

Each chunk is a raw table exactly as :func:`trustlab.read_survey` hands a whole file to the
parser (only the columns the codebook names are read: a Parquet dataset by column projection, a
CSV by ``usecols``), and :func:`parse_chunk` maps it through the codebook with the same parser
(:func:`trustlab.input.parse.parse_table`), with the rows numbered as the file numbers them. So a
chunk's numbers are those :func:`~trustlab.read_survey` gives for the same rows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from trustlab.errors import InputFileError, MissingFileError
from trustlab.input.labels import normalise_label
from trustlab.input.parquet import parquet_cells
from trustlab.input.parse import parse_table
from trustlab.input.read import FORMATS, _decode, _sniff_delimiter
from trustlab.input.schema import Codebook
from trustlab.input.source import Source
from trustlab.input.survey import Survey

__all__ = ["Chunk", "dataset_files", "parse_chunk", "read_chunks"]

#: Bytes read from the start of a CSV file to find its encoding and delimiter.
_HEAD_BYTES = 2_000_000


@dataclass(frozen=True)
class Chunk:
    """A raw table of consecutive rows of one file, and where it starts.

    Attributes
    ----------
    table : pandas.DataFrame
        The cells as read (text for a CSV), headers as the file names them.
    source : Source
        The file it came from.
    first_row : int
        The file row of the table's first row, as a spreadsheet shows it (header = row 1).
    """

    table: pd.DataFrame
    source: Source
    first_row: int


def dataset_files(path: str | Path) -> tuple[str, list[Path]]:
    """The format (``"parquet"`` or ``"csv"``) and the files of a dataset: a folder of Parquet
    files (searched recursively, in sorted order) or one Parquet or CSV file."""
    p = Path(path)
    if not p.exists():
        raise MissingFileError(f"{path}: no such file or folder.", file=str(path))
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in
                       (".parquet", ".pq"))  # fmt: skip
        if not files:
            raise InputFileError(f"{path}: the folder holds no Parquet files.", file=str(path))
        return "parquet", files
    fmt = FORMATS.get(p.suffix.lower())
    if fmt not in ("parquet", "csv"):
        raise InputFileError(
            f"{path}: reading in chunks needs a Parquet file or folder, or a CSV file; for "
            "other formats use trustlab.analyse.",
            file=str(path),
        )
    return fmt, [p]


def _wanted(header: list[str], codebook: Codebook) -> list[int]:
    """Positions of the header's columns that the codebook names (as the parser matches them:
    after normalising case, spaces and Unicode)."""
    keys = {normalise_label(c) for c in codebook.columns()}
    return [i for i, name in enumerate(header) if normalise_label(name) in keys]


def read_chunks(path: str | Path, codebook: Codebook, *, chunk_rows: int) -> Iterator[Chunk]:
    """The chunks of at most ``chunk_rows`` rows of a dataset, in file order."""
    fmt, files = dataset_files(path)
    for file in files:
        if fmt == "parquet":
            yield from _parquet_chunks(file, codebook, chunk_rows)
        else:
            yield from _csv_chunks(file, codebook, chunk_rows)


def _parquet_chunks(file: Path, codebook: Codebook, chunk_rows: int) -> Iterator[Chunk]:
    name = str(file)
    try:
        handle = pq.ParquetFile(file)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...
        raise InputFileError(f"{name}: cannot be read as a Parquet file ({exc}).",
                             file=name) from None  # fmt: skip
    schema = handle.schema_arrow
    columns = [schema.names[i] for i in _wanted(list(schema.names), codebook)]
    source = Source(name, "parquet")
    row = 2
    for batch in handle.iter_batches(batch_size=chunk_rows, columns=columns):
        table = pa.Table.from_batches([batch]).to_pandas()
        yield Chunk(parquet_cells(table, schema, name), source, row)
        row += batch.num_rows


def _csv_chunks(file: Path, codebook: Codebook, chunk_rows: int) -> Iterator[Chunk]:
    name = str(file)
    with open(file, "rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if not head.strip():
        raise InputFileError(f"{name}: the file is empty.", file=name)
    if len(head) == _HEAD_BYTES:  # whole lines only: no character cut in two
        head = head[: head.rfind(b"\n") + 1] or head
    text, encoding = _decode(head, name)
    delimiter, _ = _sniff_delimiter(text)
    header = next(csv.reader([text.splitlines()[0]], delimiter=delimiter))
    keep = _wanted(header, codebook)
    source = Source(name, "csv", encoding=encoding, delimiter=delimiter)
    reader = pd.read_csv(
        file, encoding=encoding, sep=delimiter, header=None, skiprows=1, usecols=keep,
        dtype=str, keep_default_na=False, na_filter=False, skip_blank_lines=False,
        engine="c", chunksize=chunk_rows,
    )  # fmt: skip
    row = 2
    try:
        for table in reader:
            table.columns = [header[i] for i in keep]
            yield Chunk(table.reset_index(drop=True), source, row)
            row += len(table)
    except pd.errors.ParserError as exc:
        raise InputFileError(f"{name}: cannot be read as CSV near row {row} ({exc}).",
                             file=name, row=row) from None  # fmt: skip


def parse_chunk(chunk: Chunk, codebook: Codebook) -> Survey:
    """A chunk read through the codebook as :func:`trustlab.read_survey` reads a file.

    An item that nobody in this chunk answered is not an error here (other chunks may hold its
    answers); :func:`trustlab.analyse_dataset` checks that over all rows.
    """
    parsed = parse_table(chunk.table, chunk.source, codebook, first_row=chunk.first_row)
    parsed.problems = [p for p in parsed.problems if p.kind != "empty_item"]
    parsed.raise_errors()
    return Survey(
        data=parsed.data,
        codebook=codebook,
        problems=tuple(parsed.problems),
        source=chunk.source,
        source_rows=parsed.rows,
        missing_code_counts=parsed.missing_code_counts,
    )
