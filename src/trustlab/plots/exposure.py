"""Figures against the exposure: its distribution, the mean scores and the share with a high
score per category."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from trustlab.analysis import Analysis
from trustlab.errors import TrustlabError
from trustlab.plots._data import (
    category_labels,
    exposure_of,
    scale_label,
    variable_label,
    whiskers,
)
from trustlab.plots._style import (
    REFERENCE,
    SERIES,
    axes_for,
    check_lang,
    finish,
    style,
    word,
    wrap,
)

__all__ = ["exposure_distribution", "high_by_exposure", "means_by_exposure"]

_CAPSIZE = 5


def _percent_axis(ax: Axes, top: float) -> None:
    ax.set_ylim(0, top)
    ax.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))


def _ci_bars(
    ax: Axes,
    x: np.ndarray,
    estimate: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    counts: list[int],
    colour: str,
    label: str,
) -> float:
    """Bars of percentages with CI whiskers and "p% (n = ...)" above; returns the top reached."""
    heights = np.nan_to_num(estimate, nan=0.0)
    ax.bar(x, heights, width=0.62, color=colour, edgecolor="white", zorder=2)
    err = whiskers(estimate, low, high)
    ax.errorbar(
        x,
        estimate,
        yerr=err,
        fmt="none",
        ecolor=REFERENCE,
        elinewidth=1.2,
        capsize=_CAPSIZE,
        label=label,
        zorder=3,
    )
    top = float(np.nanmax(np.append(high, 0)))
    for xi, p, hi, n in zip(x, estimate, high, counts, strict=True):
        if np.isnan(p):
            ax.text(xi, 1, f"n = {n}", ha="center", va="bottom", fontsize=9)
            continue
        ax.text(
            xi,
            hi + top * 0.025,
            f"{p:.0f}%\n(n = {n})",
            ha="center",
            va="bottom",
            fontsize=9,
            linespacing=1.1,
        )
    return top


def exposure_distribution(analysis: Analysis, *, ax: Axes | None = None, lang: str = "nl") -> Axes:
    """The exposure's distribution: the percentage of respondents per category, Wilson CIs.

    Parameters
    ----------
    analysis : Analysis
        The result of :func:`trustlab.analyse` (its ``exposure.frequency``).
    ax : matplotlib Axes, optional
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes
        One bar per category (empty ones at 0 %) with its 95% Wilson interval.
    """
    lang = check_lang(lang)
    exposure = exposure_of(analysis)
    if exposure.frequency is None:
        raise TrustlabError("The exposure's frequency table could not be computed.")
    cb = analysis.survey.codebook
    table = exposure.frequency
    t = table.table
    x = np.arange(len(t))
    variable = variable_label(cb, exposure.column, lang)
    with style():
        ax = axes_for(ax, (7.5, 4.8))
        top = _ci_bars(
            ax,
            x,
            100 * t["proportion"].to_numpy(dtype=float),
            100 * t["ci_low"].to_numpy(dtype=float),
            100 * t["ci_high"].to_numpy(dtype=float),
            [int(n) for n in t["n"]],
            SERIES[0],
            word("wilson", lang),
        )
        _percent_axis(ax, max(top * 1.3, 10))
        ax.set_xticks(x, [wrap(s, 16) for s in category_labels(cb, t.index, lang)])
        ax.set_xlabel(variable)
        ax.set_ylabel(word("percent_respondents", lang))
        ax.set_title(f"{word('freq_title', lang, variable=_capital(variable))} (n = {table.n})")
        ax.legend(loc="upper left", frameon=False)
        finish(ax, grid="y", lang=lang)
    return ax


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _scales(analysis: Analysis, scales: Sequence[str] | None) -> list[str]:
    names = list(scales) if scales is not None else list(analysis.plan.scales)
    unknown = [n for n in names if n not in analysis.plan.scales]
    if unknown:
        known = ", ".join(map(repr, analysis.plan.scales))
        raise TrustlabError(f"No scale {unknown[0]!r} in the analysis; it has {known}.",
                            value=unknown[0])  # fmt: skip
    return names


def means_by_exposure(
    analysis: Analysis,
    *,
    scales: Sequence[str] | None = None,
    ax: Axes | None = None,
    lang: str = "nl",
) -> Axes:
    """The mean score of each scale per exposure category, with 95% confidence intervals.

    Means and t intervals from the analysis (``exposure.scales[name].means``). A dashed line
    marks the midpoint of the response scale. Under each category the number of respondents
    with a score (per scale, ``a/b``, when they differ).

    Parameters
    ----------
    analysis : Analysis
    scales : sequence of str, optional
        The scales to show (default: every scale of the plan).
    ax : matplotlib Axes, optional
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes
        One error-bar line per scale.
    """
    lang = check_lang(lang)
    exposure = exposure_of(analysis)
    cb = analysis.survey.codebook
    names = _scales(analysis, scales)
    tables = []
    for name in names:
        means = exposure.scales[name].means
        if means is None:
            raise TrustlabError(f"The means of {name!r} per category could not be computed.")
        tables.append(means.table)
    order = list(analysis.plan.scales)
    response = analysis.plan.response_scale
    x = np.arange(len(tables[0]))
    width = 0.14 * (len(names) - 1)
    offsets = np.linspace(-width, width, len(names)) if len(names) > 1 else [0.0]
    variable = variable_label(cb, exposure.column, lang)
    with style():
        ax = axes_for(ax, (7.5, 4.8))
        ax.axhline(response.midpoint, color=REFERENCE, linewidth=1, linestyle="--")
        for name, t, dx in zip(names, tables, offsets, strict=True):
            mean = t["mean"].to_numpy(dtype=float)
            err = whiskers(mean, t["ci_low"].to_numpy(), t["ci_high"].to_numpy())
            ax.errorbar(
                x + dx,
                mean,
                yerr=err,
                fmt="o-",
                color=SERIES[order.index(name) % len(SERIES)],
                markersize=7,
                linewidth=1.5,
                elinewidth=1.4,
                capsize=_CAPSIZE,
                label=scale_label(cb, name, lang),
            )
        ax.text(
            x[-1] + 0.45,
            response.midpoint,
            word("midpoint", lang),
            ha="right",
            va="bottom",
            fontsize=8.5,
            color=REFERENCE,
        )
        per_scale = np.array([t["n"].astype(int).tolist() for t in tables])
        counts = [
            "/".join(map(str, col)) if len(set(col)) > 1 else str(col[0])
            for col in per_scale.T.tolist()
        ]
        ticks = category_labels(cb, tables[0].index, lang)
        ax.set_xticks(x, [f"{wrap(s, 16)}\n(n = {n})" for s, n in zip(ticks, counts, strict=True)])
        ax.set_xlim(-0.5, len(x) - 0.5)
        ax.set_ylim(response.min, response.max)
        ax.set_xlabel(variable)
        scale_range = f"{response.min}-{response.max}"
        ax.set_ylabel(f"{word('mean_score', lang)} ({scale_range}), {word('ci_short', lang)}")
        ax.set_title(word("means_title", lang, variable=variable), pad=26)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(len(names), 3),
                  frameon=False)  # fmt: skip
        finish(ax, grid="y", lang=lang)
    return ax


def default_scale(analysis: Analysis) -> str:
    """The scale a one-scale figure shows by default: the trust dimension, else the first."""
    dims = analysis.plan.dimensions
    return dims.trust if dims is not None else next(iter(analysis.plan.scales))


def high_by_exposure(
    analysis: Analysis,
    *,
    scale: str | None = None,
    ax: Axes | None = None,
    lang: str = "nl",
) -> Axes:
    """The share with a high score per exposure category, with Wilson 95% CIs.

    In the default study the figure of finding F8 (high trust by meeting frequency): *high*
    follows the codebook's rule (by default a scale mean above the midpoint); each share and
    its interval come from the analysis (``exposure.scales[scale].high``). A dashed line marks
    50 %.

    Parameters
    ----------
    analysis : Analysis
    scale : str, optional
        The scale whose *high* flag is shown (default: the trust dimension, else the first).
    ax : matplotlib Axes, optional
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes
        One bar per category (empty ones without a bar) with its Wilson interval.
    """
    lang = check_lang(lang)
    exposure = exposure_of(analysis)
    cb = analysis.survey.codebook
    scale = default_scale(analysis) if scale is None else _scales(analysis, [scale])[0]
    shares = exposure.scales[scale].high
    if shares is None:
        raise TrustlabError(f"The share with high {scale!r} per category could not be computed.")
    t = shares.table
    est = 100 * t["share"].to_numpy(dtype=float)
    x = np.arange(len(t))
    rule = analysis.plan.scales[scale].high
    mean = word("mean", lang)
    op = ">" if rule.strict else ">="
    rule_text = f"{mean} {op} {rule.threshold(analysis.plan.response_scale):g}"
    label = scale_label(cb, scale, lang)
    variable = variable_label(cb, exposure.column, lang)
    colour = SERIES[list(analysis.plan.scales).index(scale) % len(SERIES)]
    with style():
        ax = axes_for(ax, (7.5, 4.8))
        ax.axhline(50, color=REFERENCE, linewidth=1.1, linestyle="--", zorder=2.5)
        _ci_bars(
            ax,
            x,
            est,
            100 * t["ci_low"].to_numpy(dtype=float),
            100 * t["ci_high"].to_numpy(dtype=float),
            [int(n) for n in t["n"]],
            colour,
            word("wilson", lang),
        )
        _percent_axis(ax, 118)
        ax.set_yticks([0, 25, 50, 75, 100])
        ax.set_xticks(x, [wrap(s, 16) for s in category_labels(cb, t.index, lang)])
        ax.set_xlabel(variable)
        ax.set_ylabel(f"{word('share_high', lang, scale=label)} ({rule_text})")
        ax.set_title(wrap(word("high_title", lang, scale=label, variable=variable), 60))
        ax.legend(loc="upper left", frameon=False)
        finish(ax, grid="y", lang=lang)
    return ax
