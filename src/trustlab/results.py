"""The shared behaviour of trustlab's result objects.

Every result has documented attributes and a ``summary()`` that returns a pandas DataFrame; this
mixin turns that summary into ``__repr__`` (for the terminal and doctests) and ``_repr_html_``
(for Jupyter), so that every result displays the same way everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ResultMixin"]


class ResultMixin:
    """Display for result objects that define ``summary() -> DataFrame`` and ``_title()``."""

    def summary(self) -> pd.DataFrame:  # pragma: no cover - every result overrides it
        """A table of the result, for display and export."""
        raise TypeError(f"{type(self).__name__} does not define summary()")

    def _title(self) -> str:
        return type(self).__name__

    def _notes(self) -> list[str]:
        return []

    def __repr__(self) -> str:
        import pandas as pd

        with pd.option_context("display.width", 100, "display.max_columns", 20):
            text = [self._title(), self.summary().to_string()]
        text += [f"Note: {note}" for note in self._notes()]
        return "\n".join(text)

    def _repr_html_(self) -> str:
        from html import escape

        notes = "".join(f"<p><em>Note:</em> {escape(n)}</p>" for n in self._notes())
        return f"<p><strong>{escape(self._title())}</strong></p>{self.summary().to_html()}{notes}"
