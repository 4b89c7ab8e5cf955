"""Figures by meeting frequency: its distribution, mean scale scores and the share with high
trust."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from trustlab.errors import TrustlabError
from trustlab.plots._data import (
    as_survey,
    category_labels,
    codebook_or_default,
    frequency_column,
    scale_label,
    scores_frame,
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

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from trustlab.input.codebook import Codebook

__all__ = ["meeting_frequency", "scale_means_by_frequency", "high_trust_by_frequency"]

_CAPSIZE = 5


def _percent_axis(ax: Axes, top: float) -> None:
    from matplotlib.ticker import PercentFormatter

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


def meeting_frequency(
    data: Any,
    *,
    ax: Axes | None = None,
    lang: str = "nl",
    codebook: Codebook | None = None,
) -> Axes:
    """How often the networks meet: the percentage of respondents per category with Wilson CIs.

    Parameters
    ----------
    data : Survey, pandas.DataFrame or FrequencyTable
        A survey, a DataFrame in canonical columns, or the result of
        :func:`trustlab.frequency_table` of the meeting frequency.
    ax : matplotlib Axes, optional
    lang : {"nl", "en"}
    codebook : Codebook, optional
        For a DataFrame or FrequencyTable: the codebook behind the labels (default: trustlab's
        default codebook).

    Returns
    -------
    matplotlib.axes.Axes
        One bar per category (empty ones at 0 %) with its 95% Wilson interval.
    """
    from trustlab.models import FrequencyTable, frequency_table

    lang = check_lang(lang)
    if isinstance(data, FrequencyTable):
        table, cb = data, codebook_or_default(codebook)
        column = (
            cb.meeting_frequency.column if cb.meeting_frequency else str(table.table.index.name)
        )
    else:
        survey = as_survey(data, codebook)
        cb, column = survey.codebook, frequency_column(survey)
        table = frequency_table(survey.data[column])
    t = table.table
    x = np.arange(len(t))
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
        ax.set_xlabel(variable_label(cb, column, lang))
        ax.set_ylabel(word("percent_respondents", lang))
        ax.set_title(f"{word('freq_title', lang)} (n = {table.n})")
        ax.legend(loc="upper left", frameon=False)
        finish(ax, grid="y")
    return ax


def scale_means_by_frequency(
    data: Any,
    *,
    scales: tuple[str, ...] | None = None,
    ax: Axes | None = None,
    lang: str = "nl",
    codebook: Codebook | None = None,
) -> Axes:
    """Mean trust and distrust per meeting-frequency category, with 95% confidence intervals.

    Scale scores from :func:`trustlab.score_scales`; means and t intervals from
    :func:`trustlab.group_means`. A dashed line marks the midpoint of the response scale. Under
    each category the number of respondents with a score (per scale, ``trust/distrust``, when
    they differ).

    Parameters
    ----------
    data : Survey or pandas.DataFrame
    scales : tuple of str, optional
        The scales to show (default: every scale of the codebook).
    ax : matplotlib Axes, optional
    lang : {"nl", "en"}
    codebook : Codebook, optional

    Returns
    -------
    matplotlib.axes.Axes
        One error-bar line per scale.
    """
    from trustlab.models import group_means

    lang = check_lang(lang)
    survey = as_survey(data, codebook)
    cb, column = survey.codebook, frequency_column(survey)
    frame = scores_frame(survey, lang)
    names = list(scales) if scales is not None else list(cb.scales)
    tables = [group_means(frame, name, column).table for name in names]
    x = np.arange(len(tables[0]))
    width = 0.14 * (len(names) - 1)
    offsets = np.linspace(-width, width, len(names)) if len(names) > 1 else [0.0]
    with style():
        ax = axes_for(ax, (7.5, 4.8))
        ax.axhline(cb.response_scale.midpoint, color=REFERENCE, linewidth=1, linestyle="--")
        for i, (name, t, dx) in enumerate(zip(names, tables, offsets, strict=True)):
            mean = t["mean"].to_numpy(dtype=float)
            err = whiskers(mean, t["ci_low"].to_numpy(), t["ci_high"].to_numpy())
            ax.errorbar(
                x + dx,
                mean,
                yerr=err,
                fmt="o-",
                color=SERIES[i % len(SERIES)],
                markersize=7,
                linewidth=1.5,
                elinewidth=1.4,
                capsize=_CAPSIZE,
                label=scale_label(cb, name, lang),
            )
        ax.text(
            x[-1] + 0.45,
            cb.response_scale.midpoint,
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
        ax.set_ylim(cb.response_scale.min, cb.response_scale.max)
        ax.set_xlabel(variable_label(cb, column, lang))
        scale_range = f"{cb.response_scale.min}-{cb.response_scale.max}"
        ax.set_ylabel(f"{word('mean_score', lang)} ({scale_range}), {word('ci_short', lang)}")
        ax.set_title(word("means_title", lang), pad=26)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(names), frameon=False)
        finish(ax, grid="y")
    return ax


def high_trust_by_frequency(
    data: Any,
    *,
    scale: str = "trust",
    ax: Axes | None = None,
    lang: str = "nl",
    codebook: Codebook | None = None,
) -> Axes:
    """The share with high trust per meeting-frequency category, with Wilson 95% CIs.

    The figure of finding F8: *high* follows the codebook's rule (by default a scale mean above
    the midpoint); each share and its interval come from :func:`trustlab.proportion`. A dashed
    line marks 50 %.

    Parameters
    ----------
    data : Survey or pandas.DataFrame
    scale : str, default "trust"
        The scale whose *high* flag is shown (``"distrust"`` for vigilance).
    ax : matplotlib Axes, optional
    lang : {"nl", "en"}
    codebook : Codebook, optional

    Returns
    -------
    matplotlib.axes.Axes
        One bar per category (empty ones without a bar) with its Wilson interval.
    """
    from trustlab.models import proportion

    lang = check_lang(lang)
    survey = as_survey(data, codebook)
    cb, column = survey.codebook, frequency_column(survey)
    if scale not in cb.scales:
        known = ", ".join(map(repr, cb.scales))
        raise TrustlabError(f"No scale {scale!r} in the codebook; it has {known}.", value=scale)
    frame = scores_frame(survey, lang)
    flag = frame[f"high_{scale}"]
    categories = list(frame[column].cat.categories)
    est, low, high, counts = [], [], [], []
    for category in categories:
        values = flag[(frame[column] == category).fillna(False).to_numpy(dtype=bool)]
        counts.append(int(values.notna().sum()))
        if counts[-1] == 0:
            est.append(np.nan), low.append(np.nan), high.append(np.nan)
            continue
        result = proportion(values.astype("Float64"))
        est.append(100 * result.estimate)
        low.append(100 * result.ci_low)
        high.append(100 * result.ci_high)
    x = np.arange(len(categories))
    high_rule = cb.scales[scale].high
    mean = {"nl": "gemiddelde", "en": "mean"}[lang]
    op = ">" if high_rule.strict else ">="
    rule = f"{mean} {op} {high_rule.threshold(cb.response_scale):g}"
    with style():
        ax = axes_for(ax, (7.5, 4.8))
        ax.axhline(50, color=REFERENCE, linewidth=1.1, linestyle="--", zorder=2.5)
        _ci_bars(
            ax,
            x,
            np.array(est),
            np.array(low),
            np.array(high),
            counts,
            SERIES[0] if scale == "trust" else SERIES[1],
            word("wilson", lang),
        )
        _percent_axis(ax, 118)
        ax.set_yticks([0, 25, 50, 75, 100])
        ax.set_xticks(x, [wrap(s, 16) for s in category_labels(cb, categories, lang)])
        ax.set_xlabel(variable_label(cb, column, lang))
        ylabel = word("share_high_trust", lang)
        if scale != "trust":
            ylabel = ylabel.replace(
                "vertrouwen" if lang == "nl" else "trust", scale_label(cb, scale, lang)
            )
        ax.set_ylabel(f"{ylabel} ({rule})" if rule else ylabel)
        title = word("high_trust_title", lang)
        ax.set_title(title if scale == "trust" else f"{ylabel}: {variable_label(cb, column, lang)}")
        ax.legend(loc="upper left", frameon=False)
        finish(ax, grid="y")
    return ax
