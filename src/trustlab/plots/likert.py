"""Figures of the items: diverging stacked bars of the answers and the item correlations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from trustlab.errors import TrustlabError
from trustlab.plots._data import as_survey, item_label
from trustlab.plots._style import (
    GRID,
    HEATMAP_CMAP,
    REFERENCE,
    axes_for,
    check_lang,
    finish,
    likert_colours,
    style,
    word,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from trustlab.input.codebook import Codebook

__all__ = ["likert_bars", "item_correlations"]


def _items(survey: Any, items: Sequence[str] | None) -> list[str]:
    columns = list(items) if items is not None else list(survey.codebook.item_columns)
    missing = [c for c in columns if c not in survey.data]
    if missing:
        raise TrustlabError(f"The data have no item column {missing[0]!r}.", column=missing[0])
    if not columns:
        raise TrustlabError("No items to plot.")
    return columns


def likert_bars(
    data: Any,
    *,
    items: Sequence[str] | None = None,
    ax: Axes | None = None,
    lang: str = "nl",
    codebook: Codebook | None = None,
) -> Axes:
    """Diverging stacked bars of the answers per item, centred on the neutral answer.

    Each bar shows the percentages of the answers of one item (missing answers left out; the
    number answered is shown on the right). Disagreement runs to the left and agreement to the
    right of zero; the neutral answer straddles zero, half on each side. Reverse-worded items
    are marked ``(R)`` and shown as answered (not recoded). The percentages come from
    :func:`trustlab.frequency_table`.

    Parameters
    ----------
    data : Survey or pandas.DataFrame
        A survey, or a DataFrame in canonical columns (read with ``codebook``).
    items : sequence of str, optional
        Item columns in the order to show them, top to bottom (default: every item).
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure sized to the number of items).
    lang : {"nl", "en"}
        Language of the item texts, answer labels and axis labels.
    codebook : Codebook, optional
        For a DataFrame: its codebook (default: trustlab's default codebook).

    Returns
    -------
    matplotlib.axes.Axes
        One bar segment (patch) per item and answer, in answer order per item.
    """
    from matplotlib.ticker import FuncFormatter

    from trustlab.models import frequency_table

    lang = check_lang(lang)
    survey = as_survey(data, codebook)
    cb = survey.codebook
    columns = _items(survey, items)
    values = list(cb.response_scale.values)
    k = len(values)
    tables = [frequency_table(survey.data[c], categories=values).table for c in columns]
    pct = np.vstack([t["percent"].to_numpy(dtype=float) for t in tables])
    answered = [int(t["n"].sum()) for t in tables]
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
        ax = axes_for(ax, (9.5, 1.6 + 0.52 * len(columns)))
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
        ax.set_yticks(y, [wrap(item_label(cb, c, lang), 52) for c in columns])
        ax.set_ylim(len(columns) - 0.5, -0.5)
        scales = [cb.item(c).scale if c in cb.item_columns else "" for c in columns]
        for i in range(1, len(columns)):
            if scales[i] != scales[i - 1]:
                ax.axhline(i - 0.5, color=REFERENCE, linewidth=0.8, linestyle=(0, (4, 3)))
        right = ax.secondary_yaxis("right")
        right.set_yticks(y, [f"n = {n}" for n in answered])
        right.tick_params(length=0, labelsize=8.5, labelcolor="#595959")
        right.spines["right"].set_visible(False)
        xlabel = word("percent_answers", lang)
        if any(c in cb.reverse_keyed() for c in columns):
            xlabel += "\n" + word("reverse_note", lang)
        ax.set_xlabel(xlabel)
        ax.set_title(word("likert_title", lang), pad=26)
        ax.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncol=k,
            frameon=False,
            handlelength=1.2,
            columnspacing=1.0,
            fontsize=8.5,
        )
        finish(ax, grid="x")
    return ax


def item_correlations(
    data: Any,
    *,
    items: Sequence[str] | None = None,
    ax: Axes | None = None,
    lang: str = "nl",
    codebook: Codebook | None = None,
) -> Axes:
    """Heatmap of the correlations between the keyed items, each cell annotated.

    Reverse-worded items are recoded first (:func:`trustlab.reverse_key`, keys from the
    codebook), so items of one scale should correlate positively. Pearson correlations over the
    respondents who answered both items (pairwise). Only the lower triangle is drawn.

    Parameters
    ----------
    data : Survey or pandas.DataFrame
    items : sequence of str, optional
        Item columns (default: every item).
    ax : matplotlib Axes, optional
    lang : {"nl", "en"}
    codebook : Codebook, optional
        For a DataFrame: its codebook (default: trustlab's default codebook).

    Returns
    -------
    matplotlib.axes.Axes
        One annotation per pair of items.
    """
    from trustlab.scales import reverse_key

    lang = check_lang(lang)
    survey = as_survey(data, codebook)
    cb = survey.codebook
    columns = _items(survey, items)
    if len(columns) < 2:
        raise TrustlabError("A correlation heatmap needs at least two items.")
    reverse = [c for c in cb.reverse_keyed() if c in columns]
    keyed = reverse_key(
        survey.data[columns], reverse, (cb.response_scale.min, cb.response_scale.max)
    )
    corr = keyed.corr(method="pearson", min_periods=3).to_numpy()
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
                text = "–" if np.isnan(r) else f"{r:.2f}".replace("0.", ".", 1)
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
        bar.set_label("r")
        bar.outline.set_edgecolor(GRID)
        ax.set_title(wrap(word("corr_title", lang), 48))
        xlabel = word("pairwise", lang)
        if reverse:
            xlabel += "\n" + wrap(word("reverse_note", lang), 60)
        ax.set_xlabel(xlabel)
    return ax
