"""The command line prints file names as text: rich's markup in a name is shown, never applied.

(The report's terminal views, report/terminal*.py, print survey and file names too; they are
checked with the report.)
"""

from __future__ import annotations

import io

from rich.console import Console

from trustlab.cli import _busy


def test_the_spinner_shows_a_file_name_with_markup_as_it_is():
    out = Console(file=io.StringIO(), force_terminal=True, width=120)
    with _busy(out, "Reading and analysing f[/bold]x/[red]d.csv ..."):
        pass  # rich raised MarkupError here: an internal error for a folder named "f[/bold]x"
    assert "f[/bold]x/[red]d.csv" in out.file.getvalue()
