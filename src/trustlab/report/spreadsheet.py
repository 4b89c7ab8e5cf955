"""The report's tables for spreadsheets: ``tables/*.csv`` and ``tables.xlsx``.

The tables of :func:`trustlab.report.save.tables` get headers and labels a reader understands
(the codebook's labels in the report's language, never a column name such as
``meeting_frequency[1-2 keer per jaar]``) and are rounded to four decimals: full precision lives
in ``results.json`` only. CSV files follow the report language's convention, so that a
double-click opens them in columns: Dutch ``;`` and a decimal comma, English ``,`` and a point;
both UTF-8 with a byte-order mark (Excel then reads accents) and without an index column. The
workbook has one sheet per table, numbers stored as numbers with display formats.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from trustlab.analysis import Analysis
from trustlab.messages import quadrant_label
from trustlab.report.blocks import scale_label
from trustlab.report.decimal_text import decimal_text
from trustlab.report.labels import category, term, variable_label
from trustlab.report.readings import level_words, released
from trustlab.report.word import stable_zip
from trustlab.report.words import WORDS, column_label, say

__all__ = ["SheetTable", "by_value", "labelled_tables", "to_csv", "to_xlsx"]

_INTEGER = {"n", "N", "count", "items", "n scored", "n high", "cluster", "df_diff"}
_P = {"p_value", "p_holm"}
_SHARE = {"share", "proportion", "estimate", "ci_low", "ci_high", "exact_low", "exact_high",
          "exact_ci_low", "exact_ci_high"}  # fmt: skip
_DECIMALS = 4


@dataclass(frozen=True)
class SheetTable:
    """A table for a spreadsheet: labelled headers, rounded numbers, a format per column."""

    name: str
    frame: pd.DataFrame
    formats: dict[str, str] = field(default_factory=dict)


def _format(column: str, values: pd.Series, shares: bool) -> str | None:
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        return None
    if column in _P:
        return "0.000"
    if pd.api.types.is_integer_dtype(values):
        return "0"
    if shares and column in _SHARE:
        return "0.0%"
    if column in ("percent", "% high"):
        return "0.0"
    return "0.00"


def _labels(analysis: Analysis, name: str, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` with its index as a first column and every label in words."""
    out = frame.copy()
    index_name = out.index.name
    exposure = analysis.plan.exposure
    scales = analysis.plan.scales
    if isinstance(out.index, pd.RangeIndex):
        out = out.reset_index(drop=True)
    else:
        values = [str(v) for v in out.index]
        if name == "quadrants":
            first, words = column_label("quadrant", lang), [quadrant_label(v, lang) for v in values]
            out.columns = [category(analysis, c, lang) for c in out.columns]
        elif name.startswith("tests_"):
            first, words = column_label("test", lang), [say(f"test_{v}", lang) for v in values]
        elif exposure is not None and index_name == exposure.column:
            first = variable_label(analysis, exposure.column, lang)
            words = [category(analysis, v, lang) for v in values]
        elif all(f"lvl_{v}" in WORDS for v in values):  # invariance levels
            first, words = column_label("level_name", lang), [say(f"lvl_{v}", lang)
                                                              for v in values]  # fmt: skip
        elif index_name in _categorical(analysis):
            first = variable_label(analysis, index_name, lang)
            labels = _categorical(analysis)[index_name]
            words = [labels[v].get(lang) if v in labels else v for v in values]
        elif all(v in scales for v in values):
            first, words = column_label("scale", lang), [scale_label(analysis, v, lang)
                                                         for v in values]  # fmt: skip
        else:
            first, words = column_label(index_name or "item", lang), values
        out.insert(0, "\0first", words)
        out = out.reset_index(drop=True)
    if "term" in out.columns:
        out["term"] = [term(analysis, t, lang) for t in out["term"]]
    for column in ("lower", "upper"):
        if column in out.columns:
            out[column] = [category(analysis, c, lang) for c in out[column]]
    if {"contrast", "lower", "upper"} <= set(out.columns):
        out["contrast"] = [f"{u} − {lo}" for u, lo in zip(out["upper"], out["lower"], strict=True)]
    for column in ("reversed", "holds", "hidden"):
        if column in out.columns:
            out[column] = by_value(out[column], lambda v: say("yes" if v else "no", lang))
    if "effect" in out.columns:
        out["effect"] = [say(str(v), lang) if str(v) in WORDS else v for v in out["effect"]]
    if "level" in out.columns:
        out["level"] = by_value(out["level"], lambda v: level_words(v, lang))
    if "freed" in out.columns:
        out["freed"] = [released([n.strip() for n in v.split(",")], lang) if isinstance(v, str)
                        and v else v for v in out["freed"]]  # fmt: skip
    if not isinstance(frame.index, pd.RangeIndex):
        out = out.rename(columns={"\0first": first})
    return out


def by_value(values: pd.Series, words: Callable[[Any], Any]) -> list[Any]:
    """``words(v)`` of every value, missing values (None, NaN) kept as they are; ``words`` is
    called once per distinct value (a table of a million clusters has five agreement levels).

    Examples
    --------
    >>> by_value(pd.Series([True, None, False, True], dtype=object), lambda v: "yes" if v else "no")
    ['yes', None, 'no', 'yes']
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    out = values.to_numpy(dtype=object, copy=True)
    if len(uniques):
        said = np.empty(len(uniques), dtype=object)
        said[:] = [words(v) for v in uniques]
        known = codes >= 0
        out[known] = said[codes[known]]
    return out.tolist()


def _categorical(analysis: Analysis) -> dict[str, dict[str, object]]:
    """Column -> its categories by label, for the codebook's categorical variables."""
    return {
        v.column: {c.label: c for c in v.categories}
        for v in analysis.survey.codebook.variables()
        if getattr(v, "categories", None)
    }


def _tidy(column: str, values: pd.Series) -> pd.Series:
    """Counts as whole numbers, p-values to four significant digits, everything else rounded to
    four decimals (text stays text)."""
    if pd.api.types.is_bool_dtype(values):
        return values
    if values.dtype == object and all(
        v is None or (isinstance(v, (int, float, np.number)) and not isinstance(v, bool))
        for v in values
    ):
        values = values.astype(float)
    if pd.api.types.is_numeric_dtype(values):  # numpy at once: pandas' round and astype
        x = values.to_numpy(dtype=float, na_value=np.nan)
        whole = x[~np.isnan(x)]
        if (column in _INTEGER or column == "df") and np.allclose(whole, np.round(whole)):
            return pd.Series(pd.array(np.round(x), dtype="Int64"), index=values.index)
        if column in _P:
            x = np.array([float(f"{v:.4g}") for v in x.tolist()])
        else:
            x = np.round(x, _DECIMALS)
        return pd.Series(x, index=values.index)
    if isinstance(values.dtype, pd.StringDtype):  # text and missing only: nothing to change
        return values
    return values.map(lambda v: int(v) if isinstance(v, float) and v.is_integer() else v)


def labelled_tables(
    analysis: Analysis, raw: dict[str, pd.DataFrame], lang: str
) -> list[SheetTable]:
    """The tables ``raw`` (name -> frame) with labelled headers, rounded, with formats."""
    out = []
    for name, frame in raw.items():
        table = _labels(analysis, name, frame, lang)
        shares = name in ("shares", "exposure") or name.startswith("high_")
        formats, columns, tidied = {}, [], []
        for column, values in table.items():
            values = _tidy(str(column), values)
            label = column_label(column, lang) if column in frame.columns or column in (
                "term", "contrast") else str(column)  # fmt: skip
            if name == "shares" and column == "estimate":
                label = column_label("share", lang)
            fmt = _format(str(column), values, shares)
            if fmt is not None:
                formats[label] = fmt
            columns.append(label)
            tidied.append(values)
        # one frame of the tidied columns (not each set into the table in turn)
        table = pd.DataFrame(dict(enumerate(tidied)), index=table.index)
        table.columns = columns
        out.append(SheetTable(name, table, formats))
    return out


def to_csv(table: SheetTable, lang: str) -> bytes:
    """The table as CSV in the language's convention (UTF-8 with BOM, no index column)."""
    sep, decimal = (";", ",") if lang == "nl" else (",", ".")
    frame = table.frame
    if decimal != ".":  # pandas would format each number in Python: the same text, at once
        floats = [j for j, dtype in enumerate(frame.dtypes) if dtype == np.float64]
        if floats:
            frame = frame.copy(deep=False)
            for j in floats:
                frame.isetitem(j, pd.Series(decimal_text(frame.iloc[:, j].to_numpy(), decimal),
                                            index=frame.index, dtype=object))  # fmt: skip
    text = frame.to_csv(index=False, sep=sep, decimal=decimal, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def _sheet_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", "_", name)[:31] or "table"
    sheet, i = base, 2
    while sheet.lower() in taken:
        suffix = f"_{i}"
        sheet, i = base[: 31 - len(suffix)] + suffix, i + 1
    taken.add(sheet.lower())
    return sheet


def to_xlsx(tables: list[SheetTable]) -> bytes:
    """One sheet per table: bold header with a rule below, numbers with display formats."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    rule = Border(bottom=Side(style="thin"))
    bold, top = Font(bold=True), Alignment(wrap_text=True, vertical="top")  # made once
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.name, taken))
        frame = table.frame
        sheet.append(list(frame.columns))
        rows = frame.to_numpy(dtype=object).tolist()  # one conversion, not one per column
        for row in rows:
            sheet.append([None if v is pd.NA or (isinstance(v, float) and np.isnan(v)) else
                          (v.item() if isinstance(v, np.generic) else v) for v in row])  # fmt: skip
        by_column = list(zip(*rows, strict=True)) if rows else [()] * frame.shape[1]
        for j, (column, values) in enumerate(zip(frame.columns, by_column, strict=True), start=1):
            head = sheet.cell(row=1, column=j)
            head.font, head.border, head.alignment = bold, rule, top
            fmt = table.formats.get(column)
            if fmt is not None:
                for i in range(2, len(frame) + 2):
                    sheet.cell(row=i, column=j).number_format = fmt
            longest = max([len(str(column)) // 2 + 2] + [len(str(v)) for v in values])
            sheet.column_dimensions[get_column_letter(j)].width = min(max(longest + 2, 8), 60)
        sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_zip(buffer.getvalue())
