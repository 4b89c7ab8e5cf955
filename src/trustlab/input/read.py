"""Reading survey files: CSV (any of the usual exports), Excel, SPSS, Stata and Parquet.

:func:`read_survey` is the one entry point. It reads the file into a raw table, then maps every
column through the codebook (:mod:`trustlab.input.parse`) into a validated
:class:`~trustlab.Survey`. The file is opened read-only and never changed.

CSV files are sniffed: the encoding (UTF-8, UTF-8 with BOM, UTF-16 with BOM, else Windows-1252,
the encoding of Belgian and Dutch Excel exports), the delimiter (``,`` ``;`` tab or ``|``) and
the decimal separator (a decimal comma such as ``2,5`` is read as 2.5). SPSS and Stata value
labels are applied to categorical columns: a coded category maps through its label, never as a
number.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from importlib import import_module
from pathlib import Path

import pandas as pd

from trustlab.errors import (
    InputFileError,
    MissingFileError,
    UnsupportedFormatError,
)
from trustlab.input.arrow_memory import give_back
from trustlab.input.codebook import Codebook, default_codebook, load_codebook
from trustlab.input.limits import MAX_CELL_CHARS, check_cells, check_columns
from trustlab.input.parse import parse_table
from trustlab.input.quality import QualityReport
from trustlab.input.source import DELIMITER_NAMES, Source, check_rows, unreadable
from trustlab.input.survey import Survey

__all__ = [
    "FORMATS",
    "inspect_survey",
    "read_frame",
    "read_survey",
    "read_table",
]

#: File extensions trustlab reads, and the format each means.
FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".sav": "spss",
    ".zsav": "spss",
    ".dta": "stata",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_DELIMITERS = (";", ",", "\t", "|")

#: The module that reads each format other than CSV, loaded (with the library it needs:
#: openpyxl, pyreadstat, pyarrow's Parquet reader) when a file of that format is read: reading
#: a CSV file never loads them (0.1-0.2 s in each process of the report command). Each has a
#: ``read_file(path, name, fmt, sheet)`` giving the raw table and its :class:`Source`.
READERS = {
    "excel": "trustlab.input.excel",
    "spss": "trustlab.input.stat_files",
    "stata": "trustlab.input.stat_files",
    "parquet": "trustlab.input.parquet",
}


def read_survey(
    path: str | Path, codebook: Codebook | str | Path | None = None, *, sheet: int | str = 0
) -> Survey:
    """Read a survey file through a codebook into a validated :class:`~trustlab.Survey`.

    Parameters
    ----------
    path : str or path-like
        A ``.csv`` (also ``.txt``/``.tsv``), ``.xlsx``, ``.sav``, ``.dta`` or ``.parquet`` file.
    codebook : Codebook, str or path-like, optional
        The codebook, or the path of a YAML codebook. Default: :func:`trustlab.default_codebook`.
    sheet : int or str, default 0
        The worksheet of an Excel file (index or name).

    Returns
    -------
    Survey
        ``Survey.data`` holds the canonical columns: items as float (raw answers, not yet
        reverse-keyed, NaN where missing), categories as ordered ``pandas.Categorical``, ids as
        strings; ``Survey.problems`` lists what was tolerated (missing answers, unknown columns).

    Raises
    ------
    TrustlabError
        A subclass naming the file, column, row (as a spreadsheet shows it), value and what was
        expected: :class:`~trustlab.errors.InputFileError`, :class:`~trustlab.errors.CodebookError`,
        :class:`~trustlab.errors.MissingColumnError`, :class:`~trustlab.errors.OutOfRangeError`,
        :class:`~trustlab.errors.NonNumericError`, :class:`~trustlab.errors.UnknownCategoryError`,
        :class:`~trustlab.errors.DuplicateIdError`, :class:`~trustlab.errors.EmptyItemError`, ...

    Examples
    --------
    >>> import trustlab
    >>> survey = trustlab.read_survey(trustlab.sample_path())
    >>> survey.n_respondents
    231
    >>> list(survey.data.columns[:6])
    ['respondent_id', 'network_id', 'role', 'org_type', 'years_in_network', 'meeting_frequency']
    """

    codebook = _codebook(codebook)
    table, source = read_table(path, sheet=sheet)
    parsed = parse_table(table, source, codebook)
    del table
    # the file's own table and the parsing's text columns were Arrow memory; Arrow's allocator
    # keeps what was freed for reuse (2.5 GB after a 10-million-row Parquet file): give it back
    give_back()
    parsed.raise_errors()
    return Survey(
        data=parsed.data,
        codebook=codebook,
        problems=tuple(parsed.problems),
        source=source,
        source_rows=parsed.rows,
        missing_code_counts=parsed.missing_code_counts,
    )


def read_frame(table: pd.DataFrame, codebook: Codebook, *, source: Source | None = None) -> Survey:
    """Read a DataFrame through a codebook, exactly as a file's table is read.

    ``source`` says where the table came from (default: a DataFrame). Used by
    :func:`trustlab.analyse` for a DataFrame and to re-read a survey with other roles.
    """
    if not isinstance(table, pd.DataFrame):
        raise InputFileError(f"Expected a pandas DataFrame, got {type(table).__name__}.")
    source = source if source is not None else Source("DataFrame", "dataframe")
    frame = table.copy(deep=False)
    frame.columns = [str(c) for c in frame.columns]
    check_rows(frame, source.path)
    parsed = parse_table(frame, source, codebook)
    parsed.raise_errors()
    return Survey(
        data=parsed.data,
        codebook=codebook,
        problems=tuple(parsed.problems),
        source=source,
        source_rows=parsed.rows,
        missing_code_counts=parsed.missing_code_counts,
    )


def inspect_survey(
    path: str | Path, codebook: Codebook | str | Path | None = None, *, sheet: int | str = 0
) -> QualityReport:
    """Check a survey file against a codebook and report every problem instead of stopping.

    This is what ``python -m trustlab validate`` prints. Problems with the file itself (missing,
    unreadable, a required column absent) still raise, since nothing can be checked then.
    """

    codebook = _codebook(codebook)
    table, source = read_table(path, sheet=sheet)
    return QualityReport.from_parsed(parse_table(table, source, codebook), codebook, source)


def _codebook(codebook: Codebook | str | Path | None) -> Codebook:

    if codebook is None:
        return default_codebook()
    if isinstance(codebook, Codebook):
        return codebook
    return load_codebook(codebook)


def read_table(path: str | Path, *, sheet: int | str = 0) -> tuple[pd.DataFrame, Source]:
    """Read a file into a raw table: header as column names, cells as read, no validation.

    Row ``i`` of the table (0-based) is spreadsheet row ``i + 2``.
    """
    name = str(path)
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise UnsupportedFormatError(
            f"{name}: trustlab cannot read {path.suffix or 'files without an extension'!r} "
            f"files. Expected one of: {known}.",
            file=name,
            value=path.suffix,
            expected=known,
        )
    if not path.exists():
        raise MissingFileError(f"{name}: file not found.", file=name)
    if not path.is_file():
        raise InputFileError(f"{name}: not a file (is it a folder?).", file=name)
    if path.stat().st_size == 0:
        raise InputFileError(f"{name}: the file is empty.", file=name)
    try:
        if fmt == "csv":
            table, source = _read_csv(path, name, fmt)
        else:
            table, source = import_module(READERS[fmt]).read_file(path, name, fmt, sheet)
    except PermissionError:
        raise InputFileError(
            f"{name}: permission denied; cannot read the file.", file=name
        ) from None
    if table.shape[1] == 0:
        raise InputFileError(f"{name}: the file has no columns.", file=name)
    return table, source


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode CSV bytes, choosing the encoding as a researcher's files need."""
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif b"\x00" in data[:65536]:
        raise InputFileError(
            f"{name}: this is not a text file (it contains binary data). If it is an Excel, "
            "SPSS or Stata file, give it its proper extension (.xlsx, .sav, .dta).",
            file=name,
        )
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{name}: the text is neither UTF-8 nor Windows-1252 (byte {exc.object[exc.start]:#x} "
            f"at position {exc.start}); save it as UTF-8 CSV and try again.",
            file=name,
        ) from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > max(8, len(text[:65536]) // 200):
        raise InputFileError(
            f"{name}: this is not a text file (it contains binary data).", file=name
        )
    return text, encoding


#: The delimiter is chosen from the first 50 lines, or the first 2,000,000 characters.
_SNIFF_LINES, _SNIFF_CHARS = 50, 2_000_000
_LINE_END = re.compile(r"\r\n|\r|\n")
_CSV_LIMIT = threading.Lock()


def _sniff_delimiter(text: str) -> tuple[str, int]:
    """The delimiter that splits the first lines into the most, equally many, fields, and the
    number of fields of the header with it."""
    ends = [m.end() for m, _ in zip(_LINE_END.finditer(text), range(_SNIFF_LINES), strict=False)]
    cut = ends[-1] if len(ends) == _SNIFF_LINES else len(text)
    if cut > _SNIFF_CHARS:  # long lines: whole lines within the first 2,000,000 characters
        whole = [e for e in ends if e <= _SNIFF_CHARS]
        cut = whole[-1] if whole else _SNIFF_CHARS
    lines = [line for line in _LINE_END.split(text[:cut]) if line.strip()]
    best, best_score, best_width = ",", (0, 0), 1
    with _CSV_LIMIT:  # a cell may be longer than the csv module's default limit of 131,072
        limit = csv.field_size_limit()
        csv.field_size_limit(max(limit, cut + 1))
        try:
            for delim in _DELIMITERS:
                rows = list(csv.reader(lines, delimiter=delim))
                if not rows:
                    continue
                width = len(rows[0])
                consistent = sum(len(r) == width for r in rows)
                score = (consistent if width > 1 else 0, width)
                if score > best_score:
                    best, best_score, best_width = delim, score, width
        finally:
            csv.field_size_limit(limit)
    return best, best_width


def _read_csv(path: Path, name: str, fmt: str) -> tuple[pd.DataFrame, Source]:

    with open(path, "rb") as handle:
        data = handle.read()
    size = len(data)
    if not data.strip():
        raise InputFileError(f"{name}: the file is empty.", file=name)
    text, encoding = _decode(data, name)
    delimiter, width = _sniff_delimiter(text)
    check_columns(width, name)  # before the rows are read
    if encoding in ("utf-8", "utf-8-sig"):
        # the C parser reads UTF-8 from the file itself, block by block: neither the text nor
        # the bytes of a large file stay in memory next to the table being built
        del text, data
        buffer = path
        extra = {"encoding": encoding}
    else:
        buffer, extra = io.StringIO(text), {}
    try:
        raw = pd.read_csv(
            buffer,
            **extra,
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            want, line, saw = found.groups()
            raise InputFileError(
                f"{name}: row {line} has {saw} fields but the header has {want} "
                f"({DELIMITER_NAMES[delimiter]}-separated). Check for an unquoted "
                f"{DELIMITER_NAMES[delimiter]} inside a cell.",
                file=name,
                row=int(line),
            ) from None
        unclosed = re.search(r"EOF inside string starting at row (\d+)", str(exc))
        if unclosed:
            row = int(unclosed.group(1)) + 1
            raise InputFileError(
                f'{name}: a quote (") opened in row {row} is never closed, so the rest of the '
                "file would be one cell; close the quote, or remove it.",
                file=name,
                row=row,
            ) from None
        raise unreadable(name, "CSV", exc) from None
    except pd.errors.EmptyDataError:
        raise InputFileError(f"{name}: the file is empty.", file=name) from None
    check_columns(raw.shape[1], name)
    if size > MAX_CELL_CHARS:  # a smaller file cannot hold a longer cell
        check_cells(raw, name, header_rows=0)
    header = [str(h) for h in raw.iloc[0]]
    table = raw.iloc[1:].reset_index(drop=True)
    table.columns = header
    return table, Source(name, fmt, encoding=encoding, delimiter=delimiter)
