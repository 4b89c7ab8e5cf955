"""Cell-level parsing: numbers, texts and category labels, with spreadsheet rows for errors.

Each :class:`Column` method returns the parsed values together with the offending cells as
``(row, value)`` pairs and the counts of missing codes met, so that the table-level parser
(:mod:`trustlab.input.parse`) can turn them into problems.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

from trustlab.input.labels import normalise_label
from trustlab.input.schema import CategoricalVariable

__all__ = [
    "BLANK_MARKERS",
    "Column",
    "blank_mask",
    "is_blank",
    "is_number",
    "number_from_text",
    "plain_text",
]

#: Cell texts that mean an empty cell in any column (what R, SPSS and Excel write for "no value").
BLANK_MARKERS = frozenset({"", "na", "n/a", "nan", "#n/a", "."})
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def is_blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and normalise_label(value) in BLANK_MARKERS


def number_from_text(text: str) -> float | None:
    text = normalise_label(text)
    if _NUMBER.match(text):
        return float(text.replace(",", "."))
    return None


class Column:
    """Parses one column, recording problems with spreadsheet rows."""

    def __init__(self, name: str, values: pd.Series, rows: np.ndarray, labels: dict | None):
        self.name = name
        self.values = values
        self.rows = rows
        self.labels = labels or {}

    def numbers(self, missing_numbers, missing_strings, text_values=None):
        """Float values; returns (array, non_numeric cells, counts of missing codes).

        A column of texts (as CSV files give) is parsed once per distinct text, which gives the
        same values, cells and counts as parsing every cell, in a fraction of the time.
        """
        raw = self.values
        if pd.api.types.is_bool_dtype(raw.dtype):
            raw = raw.astype(object)
        if _all_text(raw):
            index, uniques = pd.factorize(raw, use_na_sentinel=True)
            values, bad_u, codes_u = _parse_numbers(
                uniques.to_numpy(dtype=object), missing_strings, text_values
            )
            out = np.append(values, np.nan)[index]
            codes = Counter()
            if codes_u:
                counts = np.bincount(index[index >= 0], minlength=len(uniques))
                for k, key in codes_u:
                    codes[key] += int(counts[k])
            bad = []
            if bad_u:
                flags = np.zeros(len(uniques) + 1, dtype=bool)
                flags[list(bad_u)] = True
                original = raw.to_numpy(dtype=object)
                bad = [(int(self.rows[i]), original[i]) for i in np.flatnonzero(flags[index])]
        else:
            out, bad, codes = _parse_cells(raw, self.rows, missing_strings, text_values)
        for code in missing_numbers:
            hit = out == code
            if hit.any():
                codes[f"{code:g}"] += int(hit.sum())
                out[hit] = np.nan
        return out, bad, codes

    def _per_value_table(self, classify, plain_ok: bool = False):
        """Apply ``classify`` once per distinct value.

        Returns ``(index, results, bad cells, code counts)``: ``results[index]`` is the result
        per cell (``index`` -1, the last entry of ``results``, for a missing cell).

        ``classify(value) -> (result, kind)``; kinds are ``"ok"``, ``"bad"`` or a missing code
        (counted). Blank cells give ``(None, "blank")`` without calling ``classify``. Survey
        columns hold few distinct values, so this stays fast on millions of rows. With
        ``plain_ok``, distinct values that are :func:`plain_text` (ids such as ``R0001``) are
        their own result without calling ``classify`` (what ``classify`` would return for them).
        """
        raw = self.values if _all_text(self.values) else self.values.astype(object)
        index, uniques = pd.factorize(raw, use_na_sentinel=True)
        uniques = uniques.to_numpy(dtype=object)
        plain = plain_text(uniques) if plain_ok else np.zeros(len(uniques), dtype=bool)
        results = np.empty(len(uniques) + 1, dtype=object)
        results[:-1][plain] = uniques[plain]  # plain texts stand for themselves
        results[-1] = None  # index -1: a missing cell
        kinds: dict[int, str] = {}
        for k in np.flatnonzero(~plain):
            u = uniques[k]
            result, kind = (None, "blank") if is_blank(u) else classify(u)
            results[k] = result
            if kind != "ok":
                kinds[int(k)] = kind
        bad_ids = [k for k, kind in kinds.items() if kind == "bad"]
        bad = []
        if bad_ids:
            original = raw.to_numpy(dtype=object)
            positions = np.flatnonzero(np.isin(index, bad_ids))
            bad = [(int(self.rows[i]), original[i]) for i in positions]
        codes = Counter()
        if any(kind not in ("bad", "blank") for kind in kinds.values()):
            counts = np.bincount(index[index >= 0], minlength=len(uniques))
            for k, kind in kinds.items():
                if kind not in ("bad", "blank"):
                    codes[kind] += int(counts[k])
        return index, results, bad, codes

    def _per_value(self, classify, plain_ok: bool = False):
        """:meth:`_per_value_table` with the result per cell: (results, bad cells, codes)."""
        index, results, bad, codes = self._per_value_table(classify, plain_ok)
        return results[index], bad, codes

    def plain_distinct(self) -> bool:
        """Whether this is a pandas string column (as read from Parquet) of many cells, every
        one a plain text (:func:`plain_text`: its own trimmed form, never blank) and no two
        the same: then :meth:`string_table` would give the cells back as they are, each once,
        and ids need no parsing. Checked on the column's own strings (pyarrow), without a
        Python string per cell: at ten million ids 2 s instead of 6."""
        values = self.values
        if len(values) < 1000 or not _all_text(values) or values.isna().any():
            return False
        if not (values.str.fullmatch(_PLAIN).all()):
            return False
        if values.str.lower().isin(_PLAIN_BLANKS).any():
            return False
        return values.nunique(dropna=False) == len(values)

    def strings(self) -> list[str | None]:
        """Texts (ids): whole numbers without ``.0``, whitespace trimmed, blanks as None."""
        index, results, _ = self.string_table()
        return results[index].tolist()

    def string_table(self) -> tuple[np.ndarray, np.ndarray, bool]:
        """:meth:`strings` as ``(index, results, distinct)``: ``results[index]`` per cell.

        ``distinct`` is true when the texts in ``results`` are known to be all different (every
        distinct value was plain text, standing for itself, or blank), so a repeat among the
        answered cells shows as an index used twice, without hashing the texts again.
        """
        rewritten = []  # values that needed classify: they may turn into another value's text

        def classify(value):
            rewritten.append(value)
            if is_number(value) and float(value).is_integer():
                return str(int(value)), "ok"
            return unicode_strip(str(value)), "ok"

        index, results, _, _ = self._per_value_table(classify, plain_ok=True)
        return index, results, not rewritten

    def categories(self, variable: CategoricalVariable, missing_numbers, missing_strings):
        """Canonical labels as an ordered Categorical; returns (values, unknown cells, codes).

        A value with an SPSS/Stata value label stands for its label; without value labels, a
        number is the codebook's ``code`` of a category.
        """
        lookup = variable.lookup()
        by_code = {} if self.labels else variable.by_code()
        labels = {(float(k) if is_number(k) else k): v for k, v in self.labels.items()}

        def classify(value):
            value = labels.get(float(value) if is_number(value) else value, value)
            if is_number(value):
                number = float(value)
            else:
                text = normalise_label(value)
                if text in missing_strings:
                    return None, str(value).strip()
                if text in lookup:
                    return lookup[text], "ok"
                number = number_from_text(str(value))
            if number is not None and number in missing_numbers:
                return None, f"{number:g}"
            if number is not None and number in by_code:
                return by_code[number], "ok"
            return None, "bad"

        index, results, bad, codes = self._per_value_table(classify)
        position = {label: k for k, label in enumerate(variable.labels)}
        code_of = np.array([position.get(r, -1) for r in results], dtype=np.int64)
        values = pd.Categorical.from_codes(code_of[index], categories=variable.labels, ordered=True)
        return values, bad, codes


def blank_mask(values: pd.Series) -> np.ndarray:
    """Which cells of a column are blank (checked once per distinct value)."""
    if pd.api.types.is_numeric_dtype(values.dtype):  # numbers: only a missing cell is blank
        return values.isna().to_numpy()
    raw = values if _all_text(values) else values.astype(object)
    index, uniques = pd.factorize(raw, use_na_sentinel=True)
    uniques = uniques.to_numpy(dtype=object)
    blank = np.zeros(len(uniques) + 1, dtype=bool)
    blank[-1] = True
    for k in np.flatnonzero(~plain_text(uniques)):
        blank[k] = is_blank(uniques[k])
    return blank[index]


#: Printable ASCII starting and ending with a letter or digit: trimming and normalising change
#: nothing that matters, and only the markers below are blank.
_PLAIN = r"[A-Za-z0-9](?:[ -~]*[A-Za-z0-9])?"
_PLAIN_BLANKS = ("na", "nan", "n/a")


def plain_text(uniques: np.ndarray) -> np.ndarray:
    """Which distinct values are plain texts: strings of printable ASCII that start and end with
    a letter or digit and are no blank marker. Such a text is its own trimmed form and never
    blank, so per-value parsing can skip it (checked vectorised: ids are millions of values)."""
    out = np.zeros(len(uniques), dtype=bool)
    if len(uniques) < 1000:  # few values: the exact per-value path is quick
        return out
    series = pd.Series(uniques, dtype=object)
    if pd.api.types.infer_dtype(series, skipna=False) != "string":
        return out
    text = series.astype("str")
    plain = text.str.fullmatch(_PLAIN) & ~text.str.lower().isin(_PLAIN_BLANKS)
    return plain.to_numpy(dtype=bool)


def _all_text(values: pd.Series) -> bool:
    """Whether a column is a pandas string column (all cells texts or missing)."""
    return pd.api.types.is_string_dtype(values.dtype) and not pd.api.types.is_object_dtype(
        values.dtype
    )


def _parse_numbers(values: np.ndarray, missing_strings, text_values):
    """Parse distinct texts as :meth:`Column.numbers` parses cells.

    Returns the float per value (NaN for blank, missing code or bad), the positions of the bad
    values and ``(position, missing code)`` pairs, in order.
    """
    out = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy(
        dtype=float, copy=True
    )
    bad, codes = [], []
    for i in np.flatnonzero(np.isnan(out)):
        value = values[i]
        if is_blank(value):
            continue
        if isinstance(value, bool) or not isinstance(value, str):
            bad.append(i)
            continue
        key = normalise_label(value)
        if key in missing_strings:
            codes.append((i, value.strip()))
            continue
        number = number_from_text(value)
        if number is None and text_values:
            number = text_values.get(key)
        if number is None:
            bad.append(i)
        else:
            out[i] = number
    return out, bad, codes


def _parse_cells(raw: pd.Series, rows: np.ndarray, missing_strings, text_values):
    """Parse every cell of a column of mixed values (Excel, SPSS): values, bad cells, codes."""
    dtype = raw.dtype
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        # a numeric column (Parquet, Stata, SPSS): its only non-numbers are blanks
        return raw.to_numpy(dtype=float, na_value=np.nan, copy=True), [], Counter()
    out = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, copy=True)
    bad, codes = [], Counter()
    todo = np.flatnonzero(np.isnan(out))
    obj = raw.to_numpy(dtype=object)
    for i in todo:
        value = obj[i]
        if is_blank(value):
            continue
        if isinstance(value, bool) or not isinstance(value, str):
            bad.append((int(rows[i]), value))
            continue
        key = normalise_label(value)
        if key in missing_strings:
            codes[value.strip()] += 1
            continue
        number = number_from_text(value)
        if number is None and text_values:
            number = text_values.get(key)
        if number is None:
            bad.append((int(rows[i]), value))
        else:
            out[i] = number
    return out, bad, codes


def unicode_strip(text: str) -> str:
    """Strip any Unicode whitespace, the no-break space included."""
    return text.strip().strip("\u00a0\u2007\u202f\ufeff").strip()


def out_of_range(values: np.ndarray, rows: np.ndarray, original: pd.Series, allowed: np.ndarray):
    """``(row, original value)`` of each non-missing value where ``allowed`` is false."""
    where = np.flatnonzero(~np.isnan(values) & ~allowed)
    if not len(where):  # the usual case: no boxed copy of the column is made
        return []
    cells = original.iloc[where].to_numpy(dtype=object)
    return [(int(rows[i]), cell) for i, cell in zip(where, cells, strict=True)]


def is_number(value: Any) -> bool:
    """Whether ``value`` is a real number (not a bool)."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
