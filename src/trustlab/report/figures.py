"""The report's figures, drawn with :mod:`trustlab.plots` from the analysis and rendered to PNG
(and, on request, SVG) bytes. A figure that cannot be drawn on these data is left out (the
report says what it can without it).

Each PNG is drawn once. Matplotlib's ``bbox_inches="tight"`` draws a figure twice (once to
measure what sticks out of it, such as a legend beside the axes, once to render): here the
figure is drawn once on a canvas with margins around it (:data:`MARGINS`: the widest on the
left, where a bar chart's long item labels go), and the PNG is the tight box of what was drawn,
cut from that canvas (and written by :mod:`trustlab.report.png`). A figure whose labels reach
beyond the margins is rendered the usual way.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from trustlab import plots
from trustlab.analysis import Analysis
from trustlab.errors import TrustlabError
from trustlab.report.names import figure_name, scale_slugs
from trustlab.report.png import png_bytes
from trustlab.report.words import say

__all__ = [
    "DPI", "MARGINS", "FigureSpec", "figure_specs", "render_figure", "report_figures",
]  # fmt: skip

#: How one figure is drawn: a function of the axes, and the figure size in inches.
FigureSpec = tuple[Callable[[Any], Any], tuple[float, float]]

#: The resolution of the report's PNG figures (dots per inch).
DPI = 150

#: Inches of canvas (left, bottom, right, top) around a figure for what is drawn outside it
#: (legends, long labels).
MARGINS = (4.0, 1.5, 1.5, 1.5)

#: The white space kept around what is drawn (inches).
PAD = 0.15

#: matplotlib settings while a report figure is made and drawn. ``axes.titley``: the title sits
#: at the top of its axes (plus matplotlib's title pad), where matplotlib's automatic place puts
#: it too, as no report figure has tick labels or an axis above its axes; the automatic place
#: measures every label of the axes on every drawing (a seventh of the figures' time). Tested:
#: the same pixels either way.
_RC = {"svg.hashsalt": "trustlab", "svg.fonttype": "none", "axes.titley": 1.0}

#: zlib level of the PNG files matplotlib writes (only figures that reach beyond the margins:
#: the others are written by :func:`~trustlab.report.png.png_bytes`), lossless at any level
_PNG = {"compress_level": 3}


def render_figure(spec: FigureSpec, *, svg: bool = False) -> tuple[bytes, bytes | None] | None:
    """One figure as ``(png, svg)`` bytes (``svg`` None unless asked for), or None when it
    cannot be drawn on these data."""
    try:
        return _render(*spec, svg=svg)
    except TrustlabError:
        return None


def _render(
    draw: Callable[[Any], Any], figsize: tuple[float, float], *, svg: bool
) -> tuple[bytes, bytes | None]:
    # a Figure of its own, outside pyplot: no backend is switched, no window opens, nothing
    # is left in a notebook's list of open figures
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=figsize, dpi=DPI)
        draw(fig.subplots())
        vector = None
        if svg:  # before the margin is added: the SVG is cut by matplotlib's own tight box
            buffer = io.BytesIO()
            fig.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=PAD,
                        metadata={"Date": None, "Creator": None})  # fmt: skip
            vector = buffer.getvalue()
        return _png(fig), vector


def _png(fig: Figure) -> bytes:
    """``fig`` as PNG, drawn once (see the module's description)."""
    width, height = fig.get_size_inches()
    left, bottom, right, top = MARGINS
    outer_w, outer_h = width + left + right, height + bottom + top
    boxes = [(ax, ax.get_position(original=True)) for ax in fig.axes]
    fig.set_size_inches(outer_w, outer_h)
    for ax, box in boxes:  # the same place and size in inches, inside the margins
        ax.set_position([(box.x0 * width + left) / outer_w, (box.y0 * height + bottom) / outer_h,
                         box.width * width / outer_w, box.height * height / outer_h])  # fmt: skip
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    tight = fig.get_tightbbox(canvas.get_renderer()).padded(PAD)
    if tight.x0 < 0 or tight.y0 < 0 or tight.x1 > outer_w or tight.y1 > outer_h:
        buffer = io.BytesIO()  # beyond the margin: matplotlib's two passes
        fig.savefig(buffer, format="png", dpi=DPI, bbox_inches=tight,
                    metadata={"Software": None}, pil_kwargs=_PNG)  # fmt: skip
        return buffer.getvalue()
    rgba = np.asarray(canvas.buffer_rgba())
    rows = rgba.shape[0]
    x0, x1 = int(np.floor(tight.x0 * DPI)), int(np.ceil(tight.x1 * DPI))
    y0, y1 = rows - int(np.ceil(tight.y1 * DPI)), rows - int(np.floor(tight.y0 * DPI))
    # an opaque figure background under everything: every pixel is opaque (tested)
    opaque = fig.patch.get_visible() and to_rgba(fig.patch.get_facecolor())[3] == 1.0
    return png_bytes(rgba[y0:y1, x0:x1], dpi=DPI, opaque=True if opaque else None)


def report_figures(
    analysis: Analysis, *, lang: str = "en", svg: bool = False
) -> dict[str, tuple[bytes, bytes | None]]:
    """Every figure of the report as ``{name: (png, svg)}`` (names: :func:`figure_name`;
    ``svg`` None unless asked for)."""
    out = {}
    for name, spec in figure_specs(analysis, lang=lang).items():
        drawn = render_figure(spec, svg=svg)
        if drawn is not None:
            out[name] = drawn
    return out


def figure_specs(analysis: Analysis, *, lang: str = "en") -> dict[str, FigureSpec]:
    """The report's figures, in report order, as ``{name: (draw, figsize)}`` (nothing drawn)."""
    cb = analysis.survey.codebook
    n_items = sum(len(s.items) for s in analysis.plan.scales.values())
    specs: dict[str, FigureSpec] = {
        "likert": (lambda ax: plots.likert_bars(analysis, ax=ax, lang=lang),
                   (7.5, 1.6 + 0.52 * n_items)),
        # the same chart for narrow screens: item codes only (the HTML shows it on phones)
        "likert_compact": (lambda ax: plots.likert_bars(analysis, ax=ax, lang=lang, compact=True),
                           (4.2, 1.4 + 0.42 * n_items)),
        "item_correlations": (lambda ax: plots.item_correlations(analysis, ax=ax, lang=lang),
                              (7.5, 6.5)),
    }  # fmt: skip
    if analysis.dimensions is not None:
        specs[figure_name("dimensions")] = (
            lambda ax: plots.trust_distrust_scatter(analysis, ax=ax, lang=lang),
            (7, 6),
        )
    exposure = analysis.exposure
    if exposure is not None:
        slugs = scale_slugs(analysis.plan.scales)
        specs["exposure"] = (lambda ax: plots.exposure_distribution(analysis, ax=ax, lang=lang),
                             (7, 4.5))  # fmt: skip
        specs["means_by_exposure"] = (
            lambda ax: plots.means_by_exposure(analysis, ax=ax, lang=lang),
            (7, 4.5),
        )
        for name, result in exposure.scales.items():
            slug = slugs[name]
            specs[figure_name("high_by_exposure", slug)] = (
                lambda ax, name=name: plots.high_by_exposure(analysis, scale=name, ax=ax,
                                                             lang=lang), (7, 4.5))  # fmt: skip
            names = ("OLS", say("fig_mixed", lang))
            models = {k: m for k, m in zip(names, (result.ols, result.mixed), strict=True)
                      if m is not None}  # fmt: skip
            if models:
                specs[figure_name("coefficients", slug)] = (
                    lambda ax, models=models: plots.coefficients(models, ax=ax, lang=lang,
                                                                 codebook=cb), (8, 6))  # fmt: skip
            if result.logit is not None and result.logit.predicted is not None:
                specs[figure_name("predicted_high", slug)] = (
                    lambda ax, name=name: plots.predicted_high(analysis, scale=name, ax=ax,
                                                               lang=lang), (7, 4.5))  # fmt: skip
    return specs
