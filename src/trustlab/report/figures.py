"""The report's figures, drawn with :mod:`trustlab.plots` from the analysis and rendered to PNG
and SVG bytes. A figure that cannot be drawn on these data is left out (the report says what it
can without it)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from trustlab import plots
from trustlab.analysis import Analysis
from trustlab.errors import TrustlabError
from trustlab.report.names import figure_name, scale_slugs
from trustlab.report.words import say

__all__ = ["FigureSpec", "figure_specs", "render_figure", "report_figures"]

#: How one figure is drawn: a function of the axes, and the figure size in inches.
FigureSpec = tuple[Callable[[Any], Any], tuple[float, float]]


def render_figure(spec: FigureSpec) -> tuple[bytes, bytes] | None:
    """One figure as ``(png, svg)`` bytes, or None when it cannot be drawn on these data."""
    try:
        return _render(*spec)
    except TrustlabError:
        return None


def _render(draw: Callable[[Any], Any], figsize: tuple[float, float]) -> tuple[bytes, bytes]:
    # a Figure of its own, outside pyplot: no backend is switched, no window opens, nothing
    # is left in a notebook's list of open figures
    with matplotlib.rc_context({"svg.hashsalt": "trustlab", "svg.fonttype": "none"}):
        fig = Figure(figsize=figsize, dpi=150)
        draw(fig.subplots())
        png, svg = io.BytesIO(), io.BytesIO()
        # the tight box (legends outside the axes) measured once for both formats: "tight"
        # would lay the figure out again for each
        fig.draw_without_rendering()
        kwargs = {"bbox_inches": fig.get_tightbbox().padded(0.15)}
        fig.savefig(png, format="png", dpi=150, metadata={"Software": None}, **kwargs)
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None}, **kwargs)
    return png.getvalue(), svg.getvalue()


def report_figures(analysis: Analysis, *, lang: str = "en") -> dict[str, tuple[bytes, bytes]]:
    """Every figure of the report as ``{name: (png, svg)}`` (names: :func:`figure_name`)."""
    out = {}
    for name, spec in figure_specs(analysis, lang=lang).items():
        drawn = render_figure(spec)
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
