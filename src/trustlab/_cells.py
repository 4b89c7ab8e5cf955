"""Cell-level parsing: numbers, texts and category labels, with spreadsheet rows for errors.

Each :class:`Column` method returns the parsed values together with the offending cells as
``(row, value)`` pairs and the counts of missing codes met, so that the table-level parser
(:mod:`trustlab._parse`) can turn them into problems.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

from trustlab.codebook import CategoricalVariable
from trustlab.labels import normalise_label

__all__ = ["BLANK_MARKERS", "Column", "blank_mask", "is_blank", "is_number", "number_from_text"]

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
            if is_blank(value):
                continue
            if isinstance(value, bool) or not isinstance(value, str):
                bad.append((int(self.rows[i]), value))
                continue
            key = normalise_label(value)
            if key in missing_strings:
                codes[value.strip()] += 1
                continue
            number = number_from_text(value)
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

    def _per_value(self, classify):
        """Apply ``classify`` once per distinct value; return (result per cell, counts).

        ``classify(value) -> (result, kind)``; kinds are ``"ok"``, ``"bad"`` or a missing code
        (counted). Blank cells give ``(None, "blank")`` without calling ``classify``. Survey
        columns hold few distinct values, so this stays fast on millions of rows.
        """
        raw = self.values.astype(object)
        index, uniques = pd.factorize(raw, use_na_sentinel=True)
        table = [(None, "blank") if is_blank(u) else classify(u) for u in uniques]
        results = np.empty(len(table) + 1, dtype=object)
        results[: len(table)] = [t[0] for t in table]
        results[-1] = None  # index -1: a missing cell
        counts = np.bincount(index[index >= 0], minlength=len(table))
        kinds = [t[1] for t in table]
        bad_ids = [k for k, kind in enumerate(kinds) if kind == "bad"]
        positions = np.flatnonzero(np.isin(index, bad_ids)) if bad_ids else []
        original = raw.to_numpy()
        bad = [(int(self.rows[i]), original[i]) for i in positions]
        codes = Counter()
        for k, kind in enumerate(kinds):
            if kind not in ("ok", "bad", "blank"):
                codes[kind] += int(counts[k])
        return results[index], bad, codes

    def strings(self) -> list[str | None]:
        """Texts (ids): whole numbers without ``.0``, whitespace trimmed, blanks as None."""

        def classify(value):
            if is_number(value) and float(value).is_integer():
                return str(int(value)), "ok"
            return unicode_strip(str(value)), "ok"

        return self._per_value(classify)[0].tolist()

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

        out, bad, codes = self._per_value(classify)
        return pd.Categorical(out, categories=variable.labels, ordered=True), bad, codes


def blank_mask(values: pd.Series) -> np.ndarray:
    """Which cells of a column are blank (checked once per distinct value)."""
    index, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    blank = np.array([is_blank(u) for u in uniques] + [True], dtype=bool)
    return blank[index]


def unicode_strip(text: str) -> str:
    """Strip any Unicode whitespace, the no-break space included."""
    return text.strip().strip("\u00a0\u2007\u202f\ufeff").strip()


def out_of_range(values: np.ndarray, rows: np.ndarray, original: np.ndarray, allowed: np.ndarray):
    """``(row, original value)`` of each non-missing value where ``allowed`` is false."""
    return [(int(rows[i]), original[i]) for i in np.flatnonzero(~np.isnan(values) & ~allowed)]


def is_number(value: Any) -> bool:
    """Whether ``value`` is a real number (not a bool)."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
