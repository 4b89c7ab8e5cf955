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

__all__ = ["BLANK_MARKERS", "Column", "is_blank", "is_number", "number_from_text"]

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

    def strings(self) -> list[str | None]:
        out: list[str | None] = []
        for value in self.values.to_numpy(dtype=object):
            if is_blank(value):
                out.append(None)
            elif is_number(value) and float(value).is_integer():
                out.append(str(int(value)))
            else:
                out.append(unicode_strip(str(value)))
        return out

    def categories(self, variable: CategoricalVariable, missing_numbers, missing_strings):
        """Canonical labels as an ordered Categorical; returns (values, unknown cells, codes).

        A value with an SPSS/Stata value label stands for its label; without value labels, a
        number is the codebook's ``code`` of a category.
        """
        lookup = variable.lookup()
        by_code = {} if self.labels else variable.by_code()
        labels = {(float(k) if is_number(k) else k): v for k, v in self.labels.items()}
        out, bad, codes = [], [], Counter()
        for row, value in zip(self.rows, self.values.to_numpy(dtype=object), strict=True):
            if is_blank(value):
                out.append(None)
                continue
            value = labels.get(float(value) if is_number(value) else value, value)
            if is_number(value):
                number = float(value)
            else:
                text = normalise_label(value)
                if text in missing_strings:
                    codes[str(value).strip()] += 1
                    out.append(None)
                    continue
                if text in lookup:
                    out.append(lookup[text])
                    continue
                number = number_from_text(str(value))
            if number is not None and number in missing_numbers:
                codes[f"{number:g}"] += 1
                out.append(None)
            elif number is not None and number in by_code:
                out.append(by_code[number])
            else:
                out.append(None)
                bad.append((int(row), value))
        return pd.Categorical(out, categories=variable.labels, ordered=True), bad, codes


def unicode_strip(text: str) -> str:
    """Strip any Unicode whitespace, the no-break space included."""
    return text.strip().strip("\u00a0\u2007\u202f\ufeff").strip()


def out_of_range(values: np.ndarray, rows: np.ndarray, original: np.ndarray, allowed: np.ndarray):
    """``(row, original value)`` of each non-missing value where ``allowed`` is false."""
    return [(int(rows[i]), original[i]) for i in np.flatnonzero(~np.isnan(values) & ~allowed)]


def is_number(value: Any) -> bool:
    """Whether ``value`` is a real number (not a bool)."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
