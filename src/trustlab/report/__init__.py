"""Views of trustlab's results: the terminal summary (and, later, HTML, Markdown and JSON)."""

__all__: list[str] = []
