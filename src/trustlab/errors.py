"""Exceptions and warnings raised by trustlab.

Every error trustlab raises on purpose is a :class:`TrustlabError`. Each carries what a
researcher needs to find the problem in the file: the ``file``, the ``column``, the ``row`` as a
spreadsheet shows it (the header is row 1, the first respondent row 2), the offending ``value``
and what was ``expected``. Errors about several cells list the first few in the message and keep
all of them in ``cells``.

Warnings use :class:`TrustlabWarning` and its subclasses, so they can be filtered as a family::

    import warnings, trustlab
    warnings.simplefilter("error", trustlab.TrustlabWarning)
"""

from __future__ import annotations

import reprlib
from collections.abc import Sequence
from typing import Any

__all__ = [
    "TrustlabError",
    "InputFileError",
    "MissingFileError",
    "UnsupportedFormatError",
    "CodebookError",
    "DataError",
    "NoRespondentsError",
    "MissingColumnError",
    "DuplicateColumnError",
    "InvalidValueError",
    "OutOfRangeError",
    "NonNumericError",
    "UnknownCategoryError",
    "DuplicateIdError",
    "MissingIdError",
    "EmptyItemError",
    "PsychometricError",
    "CFAError",
    "ModelError",
    "PlanError",
    "SimulationError",
    "TrustlabWarning",
    "AnalysisWarning",
    "DataQualityWarning",
    "PsychometricWarning",
    "CFAWarning",
    "HeywoodWarning",
    "CFAConvergenceWarning",
    "ModelWarning",
]

#: How many offending cells an error message lists before summarising the rest as a count.
MAX_LISTED = 5
#: How many characters of a value from the user's files a message echoes.
MAX_ECHO = 60


class TrustlabError(Exception):
    """Base class of every error trustlab raises on purpose.

    Attributes
    ----------
    message : str
        The full, human-readable message (also ``str(error)``).
    file : str or None
        The file the problem is in, as the user gave it.
    column : str or None
        The column (or codebook key) concerned.
    row : int or None
        The first offending row as a spreadsheet shows it: header = row 1, first respondent = 2.
    value : object
        The first offending value, as read from the file.
    expected : str or None
        What trustlab expected instead.
    cells : list of tuple(int, object)
        Every offending ``(row, value)`` pair, not only those listed in the message.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        column: str | None = None,
        row: int | None = None,
        value: Any = None,
        expected: str | None = None,
        cells: Sequence[tuple[int, Any]] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.column = column
        self.row = row
        self.value = value
        self.expected = expected
        self.cells = list(cells)

    def __str__(self) -> str:
        return self.message


class InputFileError(TrustlabError):
    """The input file is missing, unreadable, empty or not what its extension says."""


class MissingFileError(InputFileError, FileNotFoundError):
    """The input file does not exist."""


class UnsupportedFormatError(InputFileError):
    """The file's extension is not one trustlab reads."""


class CodebookError(TrustlabError):
    """The codebook is not valid (unknown key, inconsistent range, unknown item, ...).

    ``column`` holds the codebook key path, for example ``"scales.trust.items"``.
    """


class DataError(TrustlabError):
    """The data do not match the codebook."""


class NoRespondentsError(DataError):
    """The file holds a header but no respondents."""


class MissingColumnError(DataError):
    """A column the codebook requires is not in the file.

    ``suggestion`` holds the closest existing column name, or ``None``.
    """

    def __init__(self, message: str, *, suggestion: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.suggestion = suggestion


class DuplicateColumnError(DataError):
    """Two columns of the file have the same name."""


class InvalidValueError(DataError):
    """One or more cells hold a value the codebook does not allow."""


class OutOfRangeError(InvalidValueError):
    """A number outside the declared range (for example 6 on a 1..5 item)."""


class NonNumericError(InvalidValueError):
    """Text where a number was expected (for example ``"vier"`` in an item column)."""


class UnknownCategoryError(InvalidValueError):
    """A category label the codebook does not know."""


class DuplicateIdError(DataError):
    """Two rows share a respondent id. ``rows`` holds both spreadsheet rows."""

    def __init__(self, message: str, *, rows: Sequence[int] = (), **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.rows = list(rows)


class MissingIdError(DataError):
    """A respondent row has no id."""


class EmptyItemError(DataError):
    """An item has no valid answer from any respondent."""


class PsychometricError(TrustlabError):
    """The data cannot give the requested psychometric statistic (too few items, rows, ...)."""


class CFAError(PsychometricError):
    """The CFA model or data cannot be fitted (bad model, unknown column, singular data, ...)."""


class ModelError(TrustlabError):
    """The data cannot give the requested statistic (unknown column, no rows, one category, ...)."""


class PlanError(TrustlabError):
    """The roles given for an analysis are inconsistent with the data or with each other."""


class SimulationError(TrustlabError, ValueError):
    """The simulator's arguments or parameters are invalid (n, n_networks, seed, a parameter
    out of its range). Also a :class:`ValueError`, as the simulator documented before."""


class TrustlabWarning(UserWarning):
    """Base class of trustlab's warnings."""


class DataQualityWarning(TrustlabWarning):
    """The data are usable but something deserves a look (unknown columns, blank rows, ...)."""


class PsychometricWarning(TrustlabWarning):
    """A psychometric result is computed but deserves a look (low alpha, a negative item, ...)."""


class CFAWarning(PsychometricWarning):
    """A CFA was fitted but its solution deserves a look."""


class HeywoodWarning(CFAWarning):
    """An improper solution: a negative residual variance or a factor correlation beyond 1."""


class CFAConvergenceWarning(CFAWarning):
    """The optimiser stopped before the gradient criterion was met."""


class ModelWarning(TrustlabWarning):
    """A model or test is computed but deserves a look (few clusters, sparse cells, ...)."""


def brief(value: Any, limit: int = MAX_ECHO, *, quote: bool = True) -> str:
    """``repr(value)`` (or the text itself when ``quote`` is false) cut to about ``limit``
    characters, so that a message never echoes megabytes of a file.

    >>> brief("x" * 100, 5)
    "'xxxxx'... (100 characters)"
    >>> brief(10**400, 10)
    'a 401-digit number'
    """
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value) if quote else value
        head = value[:limit]
        return f"{head!r}... ({len(value):,} characters)" if quote else f"{head}..."
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3 * limit:
        return f"a {digits(value):,}-digit number"  # repr() itself refuses beyond 4,300 digits
    shorten = reprlib.Repr()
    shorten.maxstring = shorten.maxother = shorten.maxlong = limit
    shorten.maxlevel = 3
    shorten.maxlist = shorten.maxtuple = shorten.maxdict = shorten.maxset = 6
    return shorten.repr(value)


def digits(value: int) -> int:
    """How many decimal digits the whole number ``value`` has (without printing it)."""
    value = abs(value)
    count = int(value.bit_length() * 0.30102999566398120) + 1
    return count if value >= 10 ** (count - 1) or count == 1 else count - 1


def format_cells(cells: Sequence[tuple[int, Any]], limit: int = MAX_LISTED) -> str:
    """Describe offending cells as ``row 2 ('6'), row 7 ('x') and 3 more``."""
    shown = ", ".join(f"row {row} ({brief(value)})" for row, value in cells[:limit])
    rest = len(cells) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown


class AnalysisWarning(TrustlabWarning):
    """Something :func:`trustlab.analyse` could not run, or ran with a caveat."""
