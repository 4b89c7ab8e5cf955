"""Checks of the numeric arguments of the public functions (``n_boot``, ``seed``, ``n_factors``).

Each check raises the calling family's :class:`~trustlab.errors.TrustlabError` subclass with
the argument's name, what was given and what is expected, so that ``efa(n_factors=nan)`` or
``omega(seed=-1)`` never reaches a bare ``ValueError`` from numpy.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from trustlab.errors import TrustlabError, brief

__all__ = ["MAX_RESAMPLES", "as_generator", "whole_number", "real_number"]

#: The most bootstrap or Monte Carlo resamples (or iterations) a function draws: far beyond the
#: 10,000 that make a percentile stable to the third decimal, and small enough to end.
MAX_RESAMPLES = 1_000_000


def whole_number(
    value: Any,
    name: str,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    error: type[TrustlabError] = TrustlabError,
) -> int:
    """``value`` as an ``int``, refused unless it is a whole number within the bounds.

    A float that is whole (``2.0``) is accepted; ``True``, ``nan``, ``inf``, ``2.5`` and texts
    are not.
    """
    ok = isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
    if (ok and isinstance(value, numbers.Integral)) or (
        ok and math.isfinite(value) and float(value).is_integer()
    ):
        number = int(value)
    else:
        raise error(
            f"{name} must be a whole number{_bounds(minimum, maximum)}, got {brief(value)}.",
            value=value,
            expected=f"a whole number{_bounds(minimum, maximum)}",
        )
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise error(
            f"{name} must be a whole number{_bounds(minimum, maximum)}, got {brief(value)}.",
            value=value,
            expected=f"a whole number{_bounds(minimum, maximum)}",
        )
    return number


def real_number(
    value: Any,
    name: str,
    *,
    above: float | None = None,
    below: float | None = None,
    error: type[TrustlabError] = TrustlabError,
) -> float:
    """``value`` as a finite ``float``, strictly between ``above`` and ``below`` when given."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
    number = float(value) if ok else math.nan
    inside = (above is None or number > above) and (below is None or number < below)
    if not (ok and math.isfinite(number) and inside):
        if above is not None and below is not None:
            what = f"a number between {above:g} and {below:g}"
        elif above is not None:
            what = f"a number above {above:g}"
        elif below is not None:
            what = f"a number below {below:g}"
        else:
            what = "a finite number"
        raise error(f"{name} must be {what}, got {brief(value)}.", value=value, expected=what)
    return number


def as_generator(
    seed: Any, name: str = "seed", *, error: type[TrustlabError] = TrustlabError
) -> np.random.Generator:
    """``numpy.random.default_rng(seed)`` for ``None``, a whole number >= 0, a sequence of them,
    a ``SeedSequence`` or a ``Generator``; anything else is refused."""
    if seed is None or isinstance(seed, (np.random.Generator, np.random.SeedSequence)):
        return np.random.default_rng(seed)
    if isinstance(seed, np.random.BitGenerator):
        return np.random.Generator(seed)
    if isinstance(seed, (list, tuple)) and seed:
        return np.random.default_rng([whole_number(p, name, minimum=0, error=error) for p in seed])
    return np.random.default_rng(whole_number(seed, name, minimum=0, error=error))


def _bounds(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f" from {minimum:,} to {maximum:,}"
    if minimum is not None:
        return f" of at least {minimum:,}"
    if maximum is not None:
        return f" of at most {maximum:,}"
    return ""
