"""Mapping a raw table through the codebook, collecting every problem on the way.

:func:`parse_table` never stops at the first bad cell: it collects all problems, so that
:func:`trustlab.read_survey` can raise one clear error listing the first few, and
``trustlab validate`` can count them all. Rows are reported as a spreadsheet shows them: the
header is row 1 and table row ``i`` is row ``i + 2``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from trustlab import errors
from trustlab.codebook import CategoricalVariable, Codebook, NumericVariable
from trustlab.io import Source, check_rows
from trustlab.labels import closest, normalise_label

__all__ = ["Problem", "Parsed", "parse_table", "BLANK_MARKERS"]

#: Cell texts that mean an empty cell in any column (what R, SPSS and Excel write for "no value").
BLANK_MARKERS = frozenset({"", "na", "n/a", "nan", "#n/a", "."})
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")

_ERRORS = {
    "duplicate_column": errors.DuplicateColumnError,
    "missing_id": errors.MissingIdError,
    "duplicate_id": errors.DuplicateIdError,
    "out_of_range": errors.OutOfRangeError,
    "non_numeric": errors.NonNumericError,
    "unknown_category": errors.UnknownCategoryError,
    "empty_item": errors.EmptyItemError,
}


@dataclass(frozen=True)
class Problem:
    """Something found in the data: an ``"error"`` (the file is not usable) or a ``"note"``.

    ``cells`` holds ``(row, value)`` pairs with rows as a spreadsheet shows them.
    """

    kind: str
    severity: str
    column: str | None
    message: str
    cells: tuple[tuple[int, Any], ...] = ()
    expected: str | None = None

    @property
    def count(self) -> int:
        """How many cells (or rows) the problem concerns."""
        return len(self.cells)


@dataclass
class Parsed:
    """The outcome of :func:`parse_table`: data, problems and per-column code counts."""

    data: pd.DataFrame
    rows: np.ndarray
    problems: list[Problem]
    source: Source
    missing_code_counts: dict[str, Counter] = field(default_factory=dict)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that make the file unusable."""
        return [p for p in self.problems if p.severity == "error"]

    def raise_errors(self) -> None:
        """Raise the first error as its :class:`~trustlab.TrustlabError` subclass, if any."""
        found = self.errors
        if not found:
            return
        first = found[0]
        message = f"{self.source.path}: {first.message}"
        others = found[1:]
        if others:
            listed = "; ".join(f"{p.column!r}: {p.message.split(':')[0]}" for p in others[:3])
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            message += (
                f"\nAlso found {len(others)} other problem(s): {listed}{more}. "
                f"Run `python -m trustlab validate {self.source.path}` to see them all."
            )
        row, value = first.cells[0] if first.cells else (None, None)
        kwargs = dict(
            file=self.source.path,
            column=first.column,
            row=row,
            value=value,
            expected=first.expected,
            cells=first.cells,
        )
        if first.kind == "duplicate_id":
            raise errors.DuplicateIdError(message, rows=[r for r, _ in first.cells], **kwargs)
        raise _ERRORS.get(first.kind, errors.DataError)(message, **kwargs)


def _cells_text(cells) -> str:
    return errors.format_cells(cells)


def _match_columns(table: pd.DataFrame, codebook: Codebook, source: Source, notes: list[Problem]):
    """Map each codebook column to a file column; raise for duplicates and missing columns."""
    header = [str(c) for c in table.columns]
    by_key: dict[str, list[int]] = {}
    for position, name in enumerate(header):
        if name.strip():
            by_key.setdefault(normalise_label(name), []).append(position)
    for positions in by_key.values():
        if len(positions) > 1:
            name = header[positions[0]]
            letters = " and ".join(_letter(p) for p in positions)
            raise errors.DuplicateColumnError(
                f"{source.path}: columns {letters} have the same name {name!r}; "
                "rename one of them so that each column has its own name.",
                file=source.path,
                column=name,
            )
    mapping: dict[str, int] = {}
    missing: list[str] = []
    optional_absent: list[str] = []
    required = {v.column: v.required for v in codebook.variables()}
    for column in codebook.columns():
        if column in header:
            mapping[column] = header.index(column)
        elif normalise_label(column) in by_key:
            position = by_key[normalise_label(column)][0]
            mapping[column] = position
            notes.append(
                Problem(
                    "renamed_column",
                    "note",
                    column,
                    f"column {header[position]!r} read as {column!r}.",
                )
            )
        elif required.get(column, True):
            missing.append(column)
        else:
            optional_absent.append(column)
    if missing:
        unused = [h for i, h in enumerate(header) if i not in mapping.values() and h.strip()]
        first = missing[0]
        hint = closest(first, unused)
        tip = f" Did you mean {hint!r}?" if hint else ""
        also = f" (also missing: {', '.join(map(repr, missing[1:]))})" if missing[1:] else ""
        raise errors.MissingColumnError(
            f"{source.path}: required column {first!r} not found{also}.{tip} "
            f"The file has: {', '.join(map(repr, header[:20]))}"
            f"{' ...' if len(header) > 20 else ''}. Rename the column in the file or "
            "describe your columns in a codebook (python -m trustlab codebook init FILE).",
            file=source.path,
            column=first,
            suggestion=hint,
            expected=first,
        )
    for column in optional_absent:
        notes.append(
            Problem(
                "absent_column", "note", column, f"optional column {column!r} is not in the file."
            )
        )
    return mapping


def _letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (0 -> A, 26 -> AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _is_blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and normalise_label(value) in BLANK_MARKERS


def _number_from_text(text: str) -> float | None:
    text = normalise_label(text)
    if _NUMBER.match(text):
        return float(text.replace(",", "."))
    return None


class _Column:
    """Parses one column, recording problems with spreadsheet rows."""

    def __init__(self, name: str, values: pd.Series, rows: np.ndarray, labels: dict | None):
        self.name = name
        self.values = values
        self.rows = rows
        self.labels = labels or {}

    def numbers(self, missing_numbers, missing_strings, text_values=None):
        """Float values; returns (array, non_numeric cells, counts of missing codes)."""
        raw = self.values
        if pd.api.types.is_bool_dtype(raw.dtype):
            raw = raw.astype(object)
        out = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, copy=True)
        bad, codes = [], Counter()
        todo = np.flatnonzero(np.isnan(out))
        obj = raw.to_numpy(dtype=object)
        for i in todo:
            value = obj[i]
            if _is_blank(value):
                continue
            if isinstance(value, bool) or not isinstance(value, str):
                bad.append((int(self.rows[i]), value))
                continue
            key = normalise_label(value)
            if key in missing_strings:
                codes[value.strip()] += 1
                continue
            number = _number_from_text(value)
            if number is None and text_values:
                number = text_values.get(key)
            if number is None:
                bad.append((int(self.rows[i]), value))
            else:
                out[i] = number
        for code in missing_numbers:
            hit = out == code
            if hit.any():
                codes[f"{code:g}"] += int(hit.sum())
                out[hit] = np.nan
        return out, bad, codes

    def strings(self) -> list[str | None]:
        out: list[str | None] = []
        for value in self.values.to_numpy(dtype=object):
            if _is_blank(value):
                out.append(None)
            elif _is_number(value) and float(value).is_integer():
                out.append(str(int(value)))
            else:
                out.append(unicode_strip(str(value)))
        return out


def unicode_strip(text: str) -> str:
    """Strip any Unicode whitespace, the no-break space included."""
    return text.strip().strip("\u00a0\u2007\u202f\ufeff").strip()


def _out_of_range(values: np.ndarray, rows, original, allowed) -> list:
    cells = []
    for i in np.flatnonzero(~np.isnan(values) & ~allowed(values)):
        cells.append((int(rows[i]), original[i]))
    return cells


def parse_table(table: pd.DataFrame, source: Source, codebook: Codebook) -> Parsed:
    """Map ``table`` through ``codebook``; collect problems rather than stop at the first."""
    problems: list[Problem] = []
    mapping = _match_columns(table, codebook, source, problems)
    rows_all = np.arange(len(table)) + 2
    blank = table.apply(lambda col: col.map(_is_blank)).all(axis=1).to_numpy()
    if blank.any():
        cells = tuple((int(r), "") for r in rows_all[blank])
        problems.append(
            Problem(
                "blank_rows",
                "note",
                None,
                f"{len(cells)} empty row(s) skipped: {_cells_text(cells)}.",
                cells,
            )
        )
    table = table.loc[~blank].reset_index(drop=True)
    rows = rows_all[~blank]
    check_rows(table, source.path)
    data: dict[str, Any] = {}
    code_counts: dict[str, Counter] = {}

    def column(name: str) -> _Column:
        return _Column(
            name,
            table.iloc[:, mapping[name]],
            rows,
            source.value_labels.get(str(table.columns[mapping[name]])),
        )

    # ids
    ids = column(codebook.id).strings()
    empty = tuple((int(rows[i]), "") for i, v in enumerate(ids) if v is None)
    if empty:
        problems.append(
            Problem(
                "missing_id",
                "error",
                codebook.id,
                f"column {codebook.id!r}: {len(empty)} respondent(s) without an "
                f"id: {_cells_text(empty)}. Every respondent needs an id.",
                empty,
                "a respondent id",
            )
        )
    seen: dict[str, int] = {}
    dupes = []
    for i, value in enumerate(ids):
        if value is None:
            continue
        if value in seen:
            dupes.append((seen[value], int(rows[i]), value))
        else:
            seen[value] = int(rows[i])
    if dupes:
        listed = ", ".join(f"{v!r} in rows {a} and {b}" for a, b, v in dupes[:5])
        more = f" and {len(dupes) - 5} more" if len(dupes) > 5 else ""
        cells = tuple(c for a, b, v in dupes for c in ((a, v), (b, v)))
        problems.append(
            Problem(
                "duplicate_id",
                "error",
                codebook.id,
                f"column {codebook.id!r}: duplicate respondent id {listed}{more}. "
                "Each respondent needs a unique id.",
                cells,
                "a unique id",
            )
        )
    data[codebook.id] = pd.Series(ids, dtype=object)
    if codebook.cluster and codebook.cluster in mapping:
        clusters = column(codebook.cluster).strings()
        empty = tuple((int(rows[i]), "") for i, v in enumerate(clusters) if v is None)
        if empty:
            problems.append(
                Problem(
                    "missing_cluster",
                    "note",
                    codebook.cluster,
                    f"{len(empty)} respondent(s) without a {codebook.cluster}: "
                    f"{_cells_text(empty)}.",
                    empty,
                )
            )
        data[codebook.cluster] = pd.Series(clusters, dtype=object)
    for variable in codebook.covariates:
        if variable.column in mapping:
            data[variable.column] = _parse_variable(
                column(variable.column), variable, codebook, problems, code_counts
            )
    freq = codebook.meeting_frequency
    if freq is not None and freq.column in mapping:
        data[freq.column] = _parse_variable(
            column(freq.column), freq, codebook, problems, code_counts
        )
    scale = codebook.response_scale
    text_values = {normalise_label(t.nl): k for k, t in scale.labels.items()}
    text_values.update({normalise_label(t.en): k for k, t in scale.labels.items()})
    for item in codebook.items:
        col = column(item.column)
        numbers, strings = codebook.missing_for(item.column)
        values, bad, codes = col.numbers(numbers, strings, text_values)
        code_counts[item.column] = codes
        expected = _expected_item(codebook, item.column)
        _add_bad(
            problems, item.column, bad, "non_numeric", "text where a number was expected", expected
        )
        allowed = np.isin(values, scale.values)
        cells = _out_of_range(
            values, rows, col.values.to_numpy(dtype=object), lambda v, allowed=allowed: allowed
        )
        _add_bad(
            problems,
            item.column,
            cells,
            "out_of_range",
            f"value(s) outside the response range {scale.min}..{scale.max}",
            expected,
        )
        values[~np.isnan(values) & ~allowed] = np.nan
        if np.isnan(values).all() and not bad and not cells:
            problems.append(
                Problem(
                    "empty_item",
                    "error",
                    item.column,
                    f"column {item.column!r}: no respondent has a valid answer "
                    f"(all {len(values)} cells are empty or missing codes). Check "
                    "the column, or remove the item from the codebook.",
                    ((int(rows[0]), ""),),
                    expected,
                )
            )
        data[item.column] = values
    known = set(mapping.values())
    extra = [str(c) for i, c in enumerate(table.columns) if i not in known]
    for i, name in enumerate(table.columns):
        if i in known:
            continue
        label = str(name) if str(name).strip() else f"(unnamed column {_letter(i)})"
        data[label] = pd.Series(
            _Column(label, table.iloc[:, i], rows, None).strings(), dtype=object
        )
    if extra:
        shown = ", ".join(repr(c) if c.strip() else "(unnamed)" for c in extra[:10])
        problems.append(
            Problem(
                "unknown_columns",
                "note",
                None,
                f"{len(extra)} column(s) not in the codebook, carried along "
                f"unchanged: {shown}{' ...' if len(extra) > 10 else ''}.",
            )
        )
    frame = pd.DataFrame(data)
    for name in frame.columns:
        if frame[name].dtype == object:
            frame[name] = _native_strings(frame[name])
    _note_missing(problems, frame, codebook)
    return Parsed(frame, rows, problems, source, code_counts, extra)


def _native_strings(series: pd.Series) -> pd.Series:
    """Strings in pandas' default string dtype (``str`` on pandas 3, object before)."""
    return pd.Series(
        series.tolist(), index=series.index, name=series.name, dtype=pd.Series(["x"]).dtype
    )


def _expected_item(codebook: Codebook, column: str) -> str:
    numbers, _ = codebook.missing_for(column)
    strings = [s for g in codebook.missing_codes if column in g.columns for s in g.strings]
    codes = [f"{n:g}" for n in sorted(numbers)] + [repr(s) for s in strings]
    text = codebook.response_scale.describe()
    return f"{text}, or a missing code ({', '.join(codes)})" if codes else text


def _add_bad(problems, column, cells, kind, what, expected) -> None:
    if cells:
        cells = tuple(cells)
        problems.append(
            Problem(
                kind,
                "error",
                column,
                f"column {column!r}: {len(cells)} {what}: {_cells_text(cells)}. "
                f"Expected {expected}.",
                cells,
                expected,
            )
        )


def _parse_variable(col: _Column, variable, codebook: Codebook, problems, code_counts):
    numbers, strings = codebook.missing_for(variable.column)
    if isinstance(variable, NumericVariable):
        values, bad, codes = col.numbers(numbers, strings)
        code_counts[variable.column] = codes
        _add_bad(
            problems,
            variable.column,
            bad,
            "non_numeric",
            "text where a number was expected",
            variable.describe(),
        )
        lo = -np.inf if variable.min is None else variable.min
        hi = np.inf if variable.max is None else variable.max
        cells = _out_of_range(
            values,
            col.rows,
            col.values.to_numpy(dtype=object),
            lambda v: np.isfinite(v) & (v >= lo) & (v <= hi),
        )
        _add_bad(
            problems,
            variable.column,
            cells,
            "out_of_range",
            "value(s) outside the allowed range",
            variable.describe(),
        )
        return values
    return _categorical(col, variable, strings, numbers, problems, code_counts)


def _categorical(
    col: _Column, variable: CategoricalVariable, strings, numbers, problems, code_counts
) -> pd.Categorical:
    lookup = variable.lookup()
    by_code = variable.by_code()
    labels = {float(k): v for k, v in col.labels.items() if _is_number(k)}
    labels.update({k: v for k, v in col.labels.items() if not _is_number(k)})
    out, bad, codes = [], [], Counter()
    for row, value in zip(col.rows, col.values.to_numpy(dtype=object), strict=True):
        if _is_blank(value):
            out.append(None)
            continue
        key = float(value) if _is_number(value) else value
        if key in labels:  # SPSS / Stata value label: the code stands for its label
            value = labels[key]
        if _is_number(value):
            number = float(value)
            if number in numbers:
                codes[f"{number:g}"] += 1
                out.append(None)
            elif number in by_code and not labels:
                out.append(by_code[number])
            else:
                out.append(None)
                bad.append((int(row), value))
            continue
        text = normalise_label(value)
        if text in strings:
            codes[str(value).strip()] += 1
            out.append(None)
        elif text in lookup:
            out.append(lookup[text])
        else:
            number = _number_from_text(str(value))
            if number is not None and number in by_code and not labels:
                out.append(by_code[number])
            else:
                out.append(None)
                bad.append((int(row), value))
    code_counts[variable.column] = codes
    codes_text = sorted(by_code) if by_code and not labels else []
    expected = variable.describe() + (
        f" (or the code {', '.join(f'{c:g}' for c in codes_text)})" if codes_text else ""
    )
    _add_bad(
        problems, variable.column, bad, "unknown_category", "unknown category label(s)", expected
    )
    return pd.Categorical(out, categories=variable.labels, ordered=True)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def _note_missing(problems: list[Problem], frame: pd.DataFrame, codebook: Codebook) -> None:
    items = codebook.item_columns
    n_missing = int(frame[items].isna().to_numpy().sum())
    if n_missing:
        per = {c: int(frame[c].isna().sum()) for c in items if frame[c].isna().any()}
        shown = ", ".join(f"{c}: {n}" for c, n in per.items())
        problems.append(
            Problem("missing_answers", "note", None, f"{n_missing} missing answer(s) ({shown}).")
        )
    for variable in codebook.variables():
        if variable.column in frame and frame[variable.column].isna().any():
            n = int(frame[variable.column].isna().sum())
            problems.append(
                Problem(
                    "missing_values",
                    "note",
                    variable.column,
                    f"{n} respondent(s) without a value for {variable.column!r}.",
                )
            )
