"""Numbers as CSV text with a decimal comma, the same bytes as pandas, without a Python call per
number.

``DataFrame.to_csv(decimal=",")`` formats every float in Python (``str(v).replace(".", ",", 1)``
per value): 18 s for the two cluster tables of ten million respondents (2.1 million rows, three
numbers each). :func:`decimal_text` gives the same text column by column. Most numbers in the
report's tables are rounded to four decimals (:func:`trustlab.report.spreadsheet.labelled_tables`),
and such a number is written from whole numbers: a double ``v`` with ``v == k / 10**4`` for a
whole ``k`` (``|k| < 10**15``) is the double nearest to the decimal ``k / 10**4``, which has at
most 15 significant digits, so no shorter decimal names the same double (IEEE doubles hold 15
decimal digits) and Python's shortest repr of ``v`` is that decimal: ``k // 10**4``, the decimal
sign and the four decimals of ``k % 10**4`` without trailing zeros (at least one digit). Every
other number (p-values with four significant digits, infinities) is formatted by Python as
pandas does.
"""

from __future__ import annotations

from functools import cache

import numpy as np

__all__ = ["decimal_text"]

_SCALE = 10_000  # four decimals
_WHOLE_BELOW = 1e15  # k / 10**4 then has at most 15 significant digits
_TABLE = 1 << 16  # integer parts looked up in a table


@cache
def _fractions(decimal: str) -> np.ndarray:
    """The text after the integer part of ``k / 10**4`` for every ``k % 10**4``."""
    return np.array([decimal + (f"{f:04d}".rstrip("0") or "0") for f in range(_SCALE)], object)


def _heads(whole: np.ndarray, negative: np.ndarray) -> np.ndarray:
    """The sign and integer part of every number (``whole`` = ``|k| // 10**4``), as text: looked
    up in a table of the integer parts that occur below ``_TABLE`` (of the two signs), the
    others formatted one by one."""
    key = 2 * whole + negative
    small = whole < _TABLE
    out = np.empty(whole.shape, dtype=object)
    if small.any():
        size = int(key[small].max()) + 1
        table = np.array([("-" if j & 1 else "") + str(j >> 1) for j in range(size)], object)
        out[small] = table[key[small]]
    large = np.flatnonzero(~small)
    if len(large):
        pairs = zip(whole[large].tolist(), negative[large].tolist(), strict=True)
        out[large] = [("-" if n else "") + str(w) for w, n in pairs]
    return out


def decimal_text(values: np.ndarray, decimal: str = ",") -> np.ndarray:
    """``str(v).replace(".", decimal, 1)`` of every float64 ``v``, missing values (NaN) as ``""``:
    the text pandas' ``to_csv(decimal=decimal)`` writes for a float column, as an object array.

    Examples
    --------
    >>> decimal_text(np.array([2.9062, -0.5, 3.0, -0.0, np.nan, 1.234e-10, np.inf])).tolist()
    ['2,9062', '-0,5', '3,0', '-0,0', '', '1,234e-10', 'inf']
    """
    values = np.asarray(values, dtype=np.float64).ravel()
    out = np.empty(values.shape, dtype=object)
    with np.errstate(invalid="ignore", over="ignore"):
        k = np.rint(values * _SCALE)
        short = np.isfinite(k) & (np.abs(k) < _WHOLE_BELOW) & (k / _SCALE == values)
    if short.any():
        whole, fraction = np.divmod(np.abs(k[short]).astype(np.int64), _SCALE)
        heads = _heads(whole, np.signbit(values[short]).astype(np.int64))
        out[short] = heads + _fractions(decimal)[fraction]
    rest = np.flatnonzero(~short)
    if len(rest):
        out[rest] = [
            "" if v != v else repr(v).replace(".", decimal, 1) for v in values[rest].tolist()
        ]
    return out
