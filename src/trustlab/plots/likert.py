"""Figures of the items: diverging stacked bars of the answers and the item correlations."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from trustlab.analysis import Analysis
from trustlab.errors import TrustlabError
from trustlab.plots._data import check_analysis, item_label
from trustlab.plots._style import (
    GRID,
    HEATMAP_CMAP,
    REFERENCE,
    axes_for,
    check_lang,
    decimal_commas,
    finish,
    likert_colours,
    number,
    style,
    word,
    wrap,
)

__all__ = ["likert_bars", "item_correlations"]


def _items(analysis: Analysis, items: Sequence[str] | None) -> list[str]:
    known = [i for s in analysis.plan.scales.values() for i in s.items]
    columns = list(items) if items is not None else known
    missing = [c for c in columns if c not in known]
    if missing:
        raise TrustlabError(f"{missing[0]!r} is not an item of the analysis.", column=missing[0])
    if not columns:
        raise TrustlabError("No items to plot.")
    return columns


def _answers(analysis: Analysis) -> pd.DataFrame:
    """Every item's answer counts (rows: items, columns: answers and ``missing``)."""
    return pd.concat([s.answers for s in analysis.scales.values()])


def likert_bars(
    analysis: Analysis,
    *,
    items: Sequence[str] | None = None,
    ax: Axes | None = None,
    lang: str = "nl",
    compact: bool = False,
) -> Axes:
    """Diverging stacked bars of the answers per item, centred on the neutral answer.

    Each bar shows the percentages of the answers of one item (missing answers left out; the
    number answered is shown on the right). Disagreement runs to the left and agreement to the
    right of zero; the neutral answer straddles zero, half on each side. Reverse-worded items
    are marked ``(R)`` and shown as answered (not recoded). The counts come from the analysis
    (``scales[name].answers``).

    Parameters
    ----------
    analysis : Analysis
        The result of :func:`trustlab.analyse`.
    items : sequence of str, optional
        Item columns in the order to show them, top to bottom (default: every item).
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure sized to the number of items).
    lang : {"nl", "en"}
        Language of the item texts, answer labels and axis labels.
    compact : bool, default False
        Items named by their code only (``T7 (R)``), the legend over three columns, no title
        and no counts on the right: a narrow figure that stays readable on a phone (the report
        shows it at narrow widths, under the figure's caption).

    Returns
    -------
    matplotlib.axes.Axes
        One bar segment (patch) per item and answer, in answer order per item.
    """
    lang = check_lang(lang)
    cb = check_analysis(analysis).survey.codebook
    columns = _items(analysis, items)
    values = list(cb.response_scale.values)
    k = len(values)
    counts = _answers(analysis).loc[columns, [str(v) for v in values]].to_numpy(dtype=float)
    answered = [int(n) for n in counts.sum(axis=1)]
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = 100 * counts / counts.sum(axis=1, keepdims=True)
    pct = np.nan_to_num(pct, nan=0.0)
    below = pct[:, : k // 2].sum(axis=1) + (pct[:, k // 2] / 2 if k % 2 else 0.0)
    starts = -below[:, None] + np.hstack([np.zeros((len(columns), 1)), np.cumsum(pct, axis=1)])
    colours = likert_colours(k)
    labels = [
        cb.response_scale.labels[v].get(lang) if v in cb.response_scale.labels else str(v)
        for v in values
    ]
    y = np.arange(len(columns))
    with style():
        size = (4.2, 1.4 + 0.42 * len(columns)) if compact else (9.5, 1.6 + 0.52 * len(columns))
        ax = axes_for(ax, size)
        for j in range(k):
            bars = ax.barh(
                y,
                pct[:, j],
                left=starts[:, j],
                height=0.72,
                color=colours[j],
                edgecolor="white",
                linewidth=0.6,
                label=labels[j],
            )
            dark = j in (0, k - 1)
            for bar, p in zip(bars, pct[:, j], strict=True):
                if p >= 7:
                    ax.text(
                        bar.get_x() + bar.get_width() / 2,
                        bar.get_y() + bar.get_height() / 2,
                        f"{p:.0f}",
                        ha="center",
                        va="center",
                        fontsize=8.5,
                        color="white" if dark else "black",
                    )
        for i, n in enumerate(answered):
            if n == 0:
                ax.text(
                    0,
                    i,
                    word("no_data", lang),
                    ha="center",
                    va="center",
                    color=REFERENCE,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 2},
                )
        ax.axvline(0, color=REFERENCE, linewidth=0.9, zorder=0.5)
        has = np.array(answered) > 0
        reach = max(
            float(np.max(below[has], initial=0)), float(np.max(100 - below[has], initial=0))
        )
        limit = min(100.0, 10 * np.ceil((reach + 4) / 10))
        ax.set_xlim(-limit, limit)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):.0f}%"))
        names = [item_label(cb, c, lang, text=not compact) for c in columns]
        ax.set_yticks(y, [wrap(name, 42) for name in names])
        ax.set_ylim(len(columns) - 0.5, -0.5)
        scales = [cb.item(c).scale if c in cb.item_columns else "" for c in columns]
        for i in range(1, len(columns)):
            if scales[i] != scales[i - 1]:
                ax.axhline(i - 0.5, color=REFERENCE, linewidth=0.8, linestyle=(0, (4, 3)))
        if not compact:
            right = ax.secondary_yaxis("right")
            right.set_yticks(y, [f"n = {n}" for n in answered])
            right.tick_params(length=0, labelsize=8.5, labelcolor="#595959")
            right.spines["right"].set_visible(False)
        xlabel = word("percent_answers", lang)
        if any(c in cb.reverse_keyed() for c in columns):
            xlabel += "\n" + wrap(word("reverse_note", lang), 48 if compact else 100)
        ax.set_xlabel(xlabel)
        if not compact:
            ax.set_title(word("likert_title", lang), pad=26)
        ax.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncol=min(k, 3) if compact else k,
            frameon=False,
            handlelength=1.2,
            columnspacing=1.0,
            fontsize=8.5,
        )
        finish(ax, grid="x", lang=lang)
    return ax


def item_correlations(
    analysis: Analysis,
    *,
    items: Sequence[str] | None = None,
    ax: Axes | None = None,
    lang: str = "nl",
) -> Axes:
    """Heatmap of the correlations between the keyed items, each cell annotated.

    The correlations of the analysis (``item_correlations``): reverse-worded items recoded
    first (keys from the codebook), so items of one scale should correlate positively; Pearson
    over the respondents who answered both items (pairwise). Only the lower triangle is drawn.

    Parameters
    ----------
    analysis : Analysis
    items : sequence of str, optional
        Item columns (default: every item).
    ax : matplotlib Axes, optional
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes
        One annotation per pair of items.
    """
    lang = check_lang(lang)
    cb = check_analysis(analysis).survey.codebook
    columns = _items(analysis, items)
    if len(columns) < 2:
        raise TrustlabError("A correlation heatmap needs at least two items.")
    reverse = [c for c in analysis.plan.reverse if c in columns]
    corr = analysis.item_correlations.loc[columns, columns].to_numpy()
    rows, cols = columns[1:], columns[:-1]
    shown = corr[1:, :-1]
    lower = np.tril(np.ones_like(shown, dtype=bool))
    masked = np.ma.masked_where(~lower | np.isnan(shown), shown)
    size = 1.9 + 0.55 * len(columns)
    with style():
        ax = axes_for(ax, (size + 1.4, size))
        image = ax.imshow(masked, cmap=HEATMAP_CMAP, vmin=-1, vmax=1, aspect="equal")
        for i in range(len(rows)):
            for j in range(i + 1):
                r = shown[i, j]
                # APA: no leading zero in English (.45), the decimal comma in Dutch (0,45)
                text = f"{r:.2f}".replace("0.", ".", 1) if lang == "en" else number(r, ".2f", lang)
                text = "–" if np.isnan(r) else text
                ax.text(
                    j,
                    i,
                    text,
                    ha="center",
                    va="center",
                    fontsize=8.5,
                    color="white" if abs(np.nan_to_num(r)) > 0.55 else "black",
                )
        ax.set_xticks(range(len(cols)), [item_label(cb, c, lang, text=False) for c in cols])
        ax.set_yticks(range(len(rows)), [item_label(cb, c, lang, text=False) for c in rows])
        ax.tick_params(axis="x", rotation=90)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        scales = [cb.item(c).scale if c in cb.item_columns else "" for c in columns]
        for b in range(1, len(columns)):
            if scales[b] != scales[b - 1]:
                ax.plot([-0.5, b - 0.5], [b - 1.5, b - 1.5], color=REFERENCE, linewidth=1.0)
                ax.plot([b - 0.5, b - 0.5], [b - 1.5, len(rows) - 0.5], color=REFERENCE, lw=1.0)
        ax.set_xlim(-0.5, len(cols) - 0.5)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        bar = ax.figure.colorbar(image, ax=ax, shrink=0.75, pad=0.02)
        decimal_commas(bar.ax, lang)
        bar.set_label("r")
        bar.outline.set_edgecolor(GRID)
        ax.set_title(wrap(word("corr_title", lang), 48))
        xlabel = word("pairwise", lang)
        if reverse:
            xlabel += "\n" + wrap(word("reverse_note", lang), 60)
        ax.set_xlabel(xlabel)
    return ax
