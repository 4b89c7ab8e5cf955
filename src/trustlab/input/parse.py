"""Mapping a raw table through the codebook, collecting every problem on the way.

:func:`parse_table` never stops at the first bad cell: it collects all problems, so that
:func:`trustlab.read_survey` can raise one clear error listing the first few, and
``trustlab validate`` can count them all. Rows are reported as a spreadsheet shows them: the
header is row 1 and table row ``i`` is row ``i + 2``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from trustlab import errors
from trustlab.errors import brief
from trustlab.input.cells import Column, blank_mask, out_of_range
from trustlab.input.codebook_checks import derived_columns
from trustlab.input.labels import closest, normalise_label
from trustlab.input.schema import Codebook, NumericVariable
from trustlab.input.source import Source, check_rows

__all__ = ["Parsed", "Problem", "parse_table"]


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
            listed = "; ".join(f"{p.column!r}: {_what(p)}" for p in others[:3])
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


def _what(problem: Problem) -> str:
    """What is wrong, without the column and the cells: ``2 value(s) outside ... 1..5``."""
    text = problem.message
    prefix = f"column {problem.column!r}: "
    return (text[len(prefix) :] if text.startswith(prefix) else text).split(":")[0]


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
            letters = " and ".join(_letter(p) for p in positions[:3])
            if len(positions) > 3:
                letters = (
                    f"{', '.join(_letter(p) for p in positions[:3])} and {len(positions) - 3} more"
                )
            raise errors.DuplicateColumnError(
                f"{source.path}: columns {letters} have the same name {brief(name)}; "
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
        others = ", ".join(map(repr, missing[1:11])) + (" ..." if len(missing) > 11 else "")
        also = f" (also missing: {others})" if missing[1:] else ""
        raise errors.MissingColumnError(
            f"{source.path}: required column {first!r} not found{also}.{tip} "
            f"The file has: {', '.join(map(brief, header[:20]))}"
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


def parse_table(
    table: pd.DataFrame, source: Source, codebook: Codebook, *, first_row: int = 2
) -> Parsed:
    """Map ``table`` through ``codebook``; collect problems rather than stop at the first.

    ``first_row`` is the file row of the table's first row as a spreadsheet shows it (2: right
    under the header; a later chunk of a file read in pieces starts further down).
    """
    problems: list[Problem] = []
    mapping = _match_columns(table, codebook, source, problems)
    rows_all = np.arange(len(table)) + first_row
    blank = np.ones(len(table), dtype=bool)
    # cheapest checks first, and usually the only one needed (it leaves no row blank): numeric
    # columns, then the items (few distinct answers), then the rest (ids: one text per row)
    numeric = [pd.api.types.is_numeric_dtype(t) for t in table.dtypes]
    items = {mapping[i.column] for i in codebook.items if i.column in mapping}
    for i in sorted(range(table.shape[1]), key=lambda i: (not numeric[i], i not in items)):
        blank &= blank_mask(table.iloc[:, i])
        if not blank.any():  # no row can still be blank: the other columns need no check
            break
    if blank.any():
        cells = tuple((int(r), "") for r in rows_all[blank])
        message = f"{len(cells)} empty row(s) skipped: {_cells_text(cells)}."
        problems.append(Problem("blank_rows", "note", None, message, cells))
    if blank.any():
        table = table.loc[~blank].reset_index(drop=True)
    else:  # no copy of the whole table
        table = table.reset_index(drop=True)
    rows = rows_all[~blank]
    check_rows(table, source.path)
    data: dict[str, Any] = {}
    code_counts: dict[str, Counter] = {}

    def column(name: str) -> Column:
        header = str(table.columns[mapping[name]])
        return Column(name, table.iloc[:, mapping[name]], rows, source.value_labels.get(header))

    data[codebook.id] = _parse_ids(column(codebook.id), problems)
    if codebook.cluster and codebook.cluster in mapping:
        data[codebook.cluster] = _parse_cluster(column(codebook.cluster), problems)
    for variable in codebook.variables():
        if variable.column in mapping:
            data[variable.column] = _parse_variable(
                column(variable.column), variable, codebook, problems, code_counts
            )
    for item in codebook.items:
        data[item.column] = _parse_item(column(item.column), codebook, problems, code_counts)
    reserved = set(derived_columns(codebook.scales))
    extra = _carry_extra(table, rows, set(mapping.values()), data, problems, reserved)
    # the parsed columns as they are (no copy into one block: millions of rows would double)
    frame = pd.DataFrame(data, copy=False)
    for name in frame.columns:
        if frame[name].dtype == object:
            frame[name] = _native_strings(frame[name])
    _note_missing(problems, frame, codebook)
    return Parsed(frame, rows, problems, source, code_counts, extra)


def _parse_ids(col: Column, problems: list[Problem]) -> pd.Series:
    if col.values.dtype == _STR and col.plain_distinct():  # the ids as the file has them
        return pd.Series(col.values.array, dtype=_STR)
    index, results, distinct = col.string_table()
    cells = results[index]  # one pointer per cell to the distinct texts: no new strings
    absent = pd.isna(cells)
    if distinct and not absent.any():
        # every id plain and distinct as text: a repeated id is a repeated index
        repeated = bool((np.bincount(index, minlength=len(results)) > 1).any())
    else:
        repeated = bool(pd.Series(cells).duplicated().to_numpy()[~absent].any())
    series = pd.Series(cells, dtype=_STR)
    empty = tuple((int(col.rows[i]), "") for i in np.flatnonzero(absent))
    if empty:
        message = (
            f"column {col.name!r}: {len(empty)} respondent(s) without an id: "
            f"{_cells_text(empty)}. Every respondent needs an id."
        )
        problems.append(Problem("missing_id", "error", col.name, message, empty, "a respondent id"))
    dupes = []
    if repeated:  # rare: find each repeat and its first row
        seen: dict[str, int] = {}
        for row, value in zip(col.rows, cells, strict=True):
            if value is not None and value in seen:
                dupes.append((seen[value], int(row), value))
            elif value is not None:
                seen[value] = int(row)
    if dupes:
        listed = ", ".join(f"{v!r} in rows {a} and {b}" for a, b, v in dupes[:5])
        more = f" and {len(dupes) - 5} more" if len(dupes) > 5 else ""
        cells = tuple(c for a, b, v in dupes for c in ((a, v), (b, v)))
        message = (
            f"column {col.name!r}: duplicate respondent id {listed}{more}. "
            "Each respondent needs a unique id."
        )
        problems.append(Problem("duplicate_id", "error", col.name, message, cells, "a unique id"))
    return series


def _parse_cluster(col: Column, problems: list[Problem]) -> pd.Series:
    index, results, _ = col.string_table()
    series = pd.Series(results[index], dtype=_STR)  # pointers to the distinct texts, then str
    empty = tuple((int(col.rows[i]), "") for i in np.flatnonzero(series.isna().to_numpy()))
    if empty:
        message = f"{len(empty)} respondent(s) without a {col.name}: {_cells_text(empty)}."
        problems.append(Problem("missing_cluster", "note", col.name, message, empty))
    return series


def _parse_item(col: Column, codebook: Codebook, problems, code_counts) -> np.ndarray:
    scale = codebook.response_scale
    text_values = {normalise_label(t.nl): k for k, t in scale.labels.items()}
    text_values.update({normalise_label(t.en): k for k, t in scale.labels.items()})
    numbers, strings = codebook.missing_for(col.name)
    values, bad, codes = col.numbers(numbers, strings, text_values)
    code_counts[col.name] = codes
    expected = _expected_item(codebook, col.name)
    _add_bad(problems, col.name, bad, "non_numeric", "text where a number was expected", expected)
    allowed = np.isin(values, scale.values)
    cells = out_of_range(values, col.rows, col.values, allowed)
    what = f"value(s) outside the response range {scale.min}..{scale.max}"
    _add_bad(problems, col.name, cells, "out_of_range", what, expected)
    values[~np.isnan(values) & ~allowed] = np.nan
    if np.isnan(values).all() and not bad and not cells:
        message = (
            f"column {col.name!r}: no respondent has a valid answer (all {len(values)} cells "
            "are empty or missing codes). Check the column, or remove the item from the codebook."
        )
        problems.append(Problem("empty_item", "error", col.name, message, (), expected))
    return values


def _carry_extra(
    table, rows, known: set[int], data: dict, problems: list[Problem], reserved: set[str]
) -> list[str]:
    """Carry the columns the codebook does not describe along as text, with a note.

    A column named as a column trustlab computes (``trust``, ``high_trust``, ``quadrant``: a file
    that already holds scores) is carried along as ``"trust (from the file)"``.
    """
    extra = []
    for i, name in enumerate(table.columns):
        if i in known:
            continue
        label = str(name) if str(name).strip() else f"(unnamed column {_letter(i)})"
        if label in reserved:
            renamed = f"{label} (from the file)"
            while renamed in data or renamed in table.columns:
                renamed += "'"
            problems.append(
                Problem(
                    "renamed_column",
                    "note",
                    label,
                    f"column {label!r} is carried along as {renamed!r}: trustlab computes its "
                    f"own {label!r} from the codebook.",
                )
            )
            label = renamed
        data[label] = pd.Series(Column(label, table.iloc[:, i], rows, None).strings(), dtype=object)
        extra.append(label)
    if extra:
        shown = ", ".join(brief(e) for e in extra[:10]) + (" ..." if len(extra) > 10 else "")
        message = f"{len(extra)} column(s) not in the codebook, carried along unchanged: {shown}."
        problems.append(Problem("unknown_columns", "note", None, message))
    return extra


#: pandas' default string dtype (``str`` on pandas 3, object before).
_STR = pd.Series(["x"]).dtype


def _native_strings(series: pd.Series) -> pd.Series:
    """Strings in pandas' default string dtype (``str`` on pandas 3, object before)."""
    return pd.Series(series.tolist(), index=series.index, name=series.name, dtype=_STR)


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


def _parse_variable(col: Column, variable, codebook: Codebook, problems, code_counts):
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
        with np.errstate(invalid="ignore"):
            allowed = np.isfinite(values) & (values >= lo) & (values <= hi)
        cells = out_of_range(values, col.rows, col.values, allowed)
        _add_bad(
            problems,
            variable.column,
            cells,
            "out_of_range",
            "value(s) outside the allowed range",
            variable.describe(),
        )
        return values
    values, bad, codes = col.categories(variable, numbers, strings)
    code_counts[variable.column] = codes
    by_code = [] if col.labels else sorted(variable.by_code())
    expected = variable.describe() + (
        f" (or the code {', '.join(f'{c:g}' for c in by_code)})" if by_code else ""
    )
    _add_bad(
        problems, variable.column, bad, "unknown_category", "unknown category label(s)", expected
    )
    return values


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
