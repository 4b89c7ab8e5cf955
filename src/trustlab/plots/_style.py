"""The look of every trustlab figure: one colour-blind-safe palette, print-sized text, the words.

Colours come from two sets that stay distinguishable with every common colour-vision deficiency
and in greyscale print: Okabe & Ito (2008) for categories (trust, distrust, models) and
ColorBrewer's RdBu for the five Likert answers (the neutral answer in grey rather than white, so
it shows on paper).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.ticker import ScalarFormatter

from trustlab.messages import check_lang
from trustlab.report.words_figures import FIGURES

__all__ = [
    "OKABE_ITO",
    "SERIES",
    "LIKERT",
    "NEUTRAL",
    "REFERENCE",
    "GRID",
    "HEATMAP_CMAP",
    "RC",
    "TEXT",
    "check_lang",
    "word",
    "number",
    "count",
    "likert_colours",
    "style",
    "axes_for",
    "wrap",
    "decimal_commas",
    "finish",
]

#: Okabe & Ito's colour-blind-safe qualitative palette (black left out; used for text).
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Colours for series in order: the first is trust, the second distrust, then further models.
SERIES = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["orange"],
    OKABE_ITO["sky_blue"],
)

#: ColorBrewer RdBu (5 classes) from "strongly disagree" to "strongly agree", neutral in grey.
LIKERT = ("#CA0020", "#F4A582", "#BDBDBD", "#92C5DE", "#0571B0")
NEUTRAL = "#BDBDBD"
#: Reference lines (midpoint, 50 %, no effect).
REFERENCE = "#404040"
GRID = "#D9D9D9"
#: Diverging colour map for correlations and loadings (ColorBrewer RdBu: blue > 0, as "agree").
HEATMAP_CMAP = "RdBu"

#: Matplotlib settings for print: 10-11 pt text at the default 6.4-inch width, grey grid.
RC: dict[str, Any] = {
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10.5,
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "legend.fontsize": 9.5,
    "legend.title_fontsize": 10,
    "axes.edgecolor": "#595959",
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "svg.fonttype": "path",
    "svg.hashsalt": "trustlab",
}

#: The fixed words of the figures, in Dutch and English (part of the report's catalogue).
TEXT: dict[str, dict[str, str]] = FIGURES


def word(key: str, lang: str, **fields: Any) -> str:
    """A fixed text of the figures in ``lang`` (``word("eigenvalue", "en")`` is "eigenvalue")."""
    text = TEXT[key][lang]
    return text.format(**fields) if fields else text


def number(value: float, spec: str, lang: str) -> str:
    """``value`` formatted with ``spec`` and the language's decimal sign (``0,45`` in Dutch)."""
    text = format(value, spec)
    return text.replace(".", ",") if lang == "nl" else text


def count(value: int, lang: str) -> str:
    """A whole number with the language's thousands separator (``9.999.245`` in Dutch).

    Examples
    --------
    >>> count(9999245, "nl"), count(9999245, "en"), count(40, "nl")
    ('9.999.245', '9,999,245', '40')
    """
    text = f"{int(value):,}"
    return text.replace(",", ".") if lang == "nl" else text


def likert_colours(n: int) -> list[str]:
    """``n`` colours from disagree to agree: the 5-point set, or RdBu resampled for other n."""
    if n == len(LIKERT):
        return list(LIKERT)

    cmap = mpl.colormaps["RdBu"]
    colours = [to_hex(cmap(0.08 + 0.84 * i / max(n - 1, 1))) for i in range(n)]
    if n % 2 == 1:
        colours[n // 2] = NEUTRAL
    return colours


@contextmanager
def style() -> Iterator[None]:
    """Apply :data:`RC` while a figure is drawn."""

    with mpl.rc_context(RC):
        yield


def axes_for(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """``ax`` itself, or the Axes of a new figure of ``figsize`` inches (constrained layout),
    made by pyplot so that a notebook shows it and ``plt.show()`` opens it.

    pyplot is loaded here, on the first new figure, not with the module: the report draws on
    Axes of figures of its own and never needs it (loading it took 0.06 s in each of the report
    command's two processes)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=figsize, layout="constrained")
    return new


def wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters (words kept whole)."""
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


class _CommaFormatter(ScalarFormatter):
    """Matplotlib's default tick numbers with a decimal comma (``0,25``)."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return super().__call__(x, pos).replace(".", ",")


def decimal_commas(ax: Axes, lang: str) -> Axes:
    """In Dutch, the numbers of ``ax``'s numeric axes (a colour bar's too) with a decimal comma."""
    if lang == "nl":
        for axis in (ax.xaxis, ax.yaxis):
            if type(axis.get_major_formatter()) is ScalarFormatter:
                axis.set_major_formatter(_CommaFormatter())
    return ax


def finish(ax: Axes, *, grid: str = "y", lang: str = "en") -> Axes:
    """Grey gridlines along ``grid`` ("x", "y", "both" or "none") behind the data; in Dutch,
    the numbers of the numeric axes with a decimal comma."""
    decimal_commas(ax, lang)
    if grid != "none":
        ax.grid(True, axis=grid, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    return ax
