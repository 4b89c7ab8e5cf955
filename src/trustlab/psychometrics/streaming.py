"""Cronbach's alpha from data read in chunks: memory bounded by one chunk, whatever the size.

:class:`StreamingAlpha` adds up the sufficient statistics of ``psych::alpha`` (the pairwise
counts, sums and cross-products of the items and the moments of the total score: a few k x k
matrices) one chunk of respondents at a time, so a pooled panel larger than memory can be read
in pieces (``pandas.read_csv(..., chunksize=...)``, ``pyarrow.parquet.ParquetFile.iter_batches``).
The result is the :class:`~trustlab.psychometrics.AlphaResult` that
:func:`~trustlab.psychometrics.cronbach_alpha` gives on all the rows at once (pairwise, with the
Feldt CI): the same statistics to rounding error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from trustlab.psychometrics._bootstrap import check_confidence_level
from trustlab.psychometrics._common import (
    PsychometricError,
    apply_reverse,
    as_item_matrix,
    check_item_count,
    check_scale_range,
)
from trustlab.psychometrics._moments import PairwiseMoments, _available_means
from trustlab.psychometrics.reliability import AlphaResult, alpha_result

__all__ = ["StreamingAlpha"]


class StreamingAlpha:
    """Cronbach's alpha accumulated over chunks of respondents.

    Parameters
    ----------
    items : sequence of str
        The item columns, read from each chunk by name.
    reverse : sequence of str, optional
        Items to reverse-key as ``min + max - x`` on ``scale_range``.
    scale_range : tuple (min, max), optional
        The declared response range; required with ``reverse``.

    Notes
    -----
    Pairwise deletion as ``psych::alpha``'s default; respondents who answered no item are
    skipped (as :func:`~trustlab.psychometrics.cronbach_alpha` does). The first chunk's item
    means centre the sums, which keeps them free of cancellation; the statistics do not depend
    on the chunking beyond rounding (about 1e-12 relative).

    Examples
    --------
    >>> import trustlab
    >>> from trustlab.psychometrics import StreamingAlpha, cronbach_alpha
    >>> data = trustlab.load_sample().data
    >>> items = [f"T{i}" for i in range(1, 8)]
    >>> acc = StreamingAlpha(items, reverse=["T7"], scale_range=(1, 5))
    >>> for start in range(0, len(data), 50):  # five chunks of at most 50 respondents
    ...     acc.update(data.iloc[start : start + 50])
    >>> res = acc.result()
    >>> res.n_obs, round(res.alpha, 9)
    (231, 0.879400905)
    >>> whole = cronbach_alpha(data[items], reverse=["T7"], scale_range=(1, 5))
    >>> abs(res.alpha - whole.alpha) < 1e-12
    True
    """

    def __init__(
        self,
        items: Sequence[str],
        *,
        reverse: Sequence[str] = (),
        scale_range: tuple[float, float] | None = None,
    ) -> None:
        self.items = [str(i) for i in items]
        if len(self.items) < 2:
            raise PsychometricError("alpha needs at least 2 items.")
        check_item_count(len(self.items))
        if len(set(self.items)) != len(self.items):
            raise PsychometricError(f"An item is named twice among {self.items}.")
        self.reverse = tuple(reverse)
        self.scale_range = check_scale_range(scale_range)
        self.n_rows = 0
        self._moments: PairwiseMoments | None = None
        self._flags: tuple[bool, ...] = ()

    def update(self, chunk: Any) -> None:
        """Add a chunk: a DataFrame holding the item columns (other columns are ignored)."""
        missing = [c for c in self.items if c not in getattr(chunk, "columns", ())]
        if missing:
            raise PsychometricError(
                f"The chunk has no column {missing[0]!r} (items: {', '.join(self.items)}).",
                column=missing[0],
            )
        self.n_rows += len(chunk)
        if not chunk[self.items].notna().to_numpy().any():  # nobody answered: nothing to add
            return
        data = as_item_matrix(chunk[self.items])  # drops the rows without any answer
        data, self._flags = apply_reverse(data, self.reverse, self.scale_range)
        if data.values.shape[0] == 0:
            return
        if self._moments is None:
            with np.errstate(invalid="ignore"):
                self._moments = PairwiseMoments(_available_means(data.values))
        self._moments.update(data.values)

    def result(self, *, confidence_level: float = 0.95) -> AlphaResult:
        """Alpha, the item table and the Feldt CI of every chunk added so far."""
        level = check_confidence_level(confidence_level)
        moments = self._moments
        if moments is None or moments.n_rows < 2:
            n = 0 if moments is None else moments.n_rows
            raise PsychometricError(
                f"Only {n} respondent(s) answered any item; at least 2 are needed.",
                expected="at least 2 respondents",
            )
        c, desc = moments.finish(self.items)
        return alpha_result(
            c, desc, self.items, self._flags, n_obs=moments.n_rows, n_rows=self.n_rows,
            level=level, nan_policy="pairwise", scale_range=self.scale_range,
        )  # fmt: skip

    def __repr__(self) -> str:
        seen = 0 if self._moments is None else self._moments.n_rows
        return f"StreamingAlpha({len(self.items)} items, {seen} respondents so far)"
