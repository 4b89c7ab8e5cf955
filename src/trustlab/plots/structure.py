"""Figures of the factor structure: the scree plot with parallel analysis and the loadings."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from trustlab.errors import TrustlabError
from trustlab.input.schema import Codebook
from trustlab.plots._data import item_label, safe, scale_label
from trustlab.plots._style import (
    GRID,
    HEATMAP_CMAP,
    REFERENCE,
    SERIES,
    axes_for,
    check_lang,
    decimal_commas,
    finish,
    number,
    style,
    word,
    wrap,
)
from trustlab.psychometrics import CFAResult, EFAResult, ParallelResult

__all__ = ["scree", "loadings"]


def scree(
    result: Any,
    *,
    components: bool = True,
    ax: Axes | None = None,
    lang: str = "nl",
) -> Axes:
    """Scree plot of a parallel analysis: observed against simulated eigenvalues.

    Draws the observed factor eigenvalues (psych's ``fa.values``) and the simulated threshold
    (the ``quantile`` of the simulated eigenvalues at each rank), and the same for principal
    components when ``components``. A factor is retained while its observed eigenvalue lies
    above the simulated line; the suggested numbers are printed in the figure.

    Parameters
    ----------
    result : ParallelResult
        From :func:`trustlab.parallel_analysis`.
    components : bool, default True
        Also draw the principal-component eigenvalues.
    ax : matplotlib Axes, optional
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes
        Two lines (factors observed, simulated), four with ``components``.
    """
    lang = check_lang(lang)
    if not isinstance(result, ParallelResult):
        raise TrustlabError(
            f"scree() takes the result of trustlab.parallel_analysis, got {type(result).__name__}."
        )
    rank = np.arange(1, len(result.observed_fa) + 1)
    q = f"{100 * result.quantile:g}"
    simulated = word("percentile", lang, q=q)
    series = [("fa", SERIES[1], "^")]
    if components:
        series.insert(0, ("pc", SERIES[0], "o"))
    with style():
        ax = axes_for(ax, (7.0, 4.6))
        for kind, colour, marker in series:
            observed = getattr(result, f"observed_{kind}")
            threshold = getattr(result, f"simulated_{kind}_quantile")
            ax.plot(
                rank,
                observed,
                marker=marker,
                color=colour,
                linewidth=1.8,
                markersize=7,
                label=word(f"observed_{kind}", lang),
            )
            ax.plot(
                rank,
                threshold,
                color=colour,
                linewidth=1.4,
                linestyle="--",
                label=word(f"simulated_{kind}", lang) + simulated,
            )
        ax.axhline(0, color=REFERENCE, linewidth=0.7)
        ax.set_xticks(rank)
        ax.set_xlim(0.6, rank[-1] + 0.4)
        ax.set_xlabel(word("rank", lang))
        ax.set_ylabel(word("eigenvalue", lang))
        ax.set_title(f"{word('scree_title', lang)} (n = {result.n_obs})")
        suggestion = word("suggested", lang, f=result.n_factors, c=result.n_components)
        if not components:
            suggestion = suggestion.split(",")[0]
        ax.legend(loc="upper right", frameon=False, title=suggestion)
        finish(ax, grid="y", lang=lang)
    return ax


def _loading_matrix(result: Any, lang: str) -> tuple[pd.DataFrame, str]:
    """Items x factors (NaN where an item does not load) and the title, for EFA or CFA."""
    if isinstance(result, EFAResult):
        title = f"{word('loadings_title', lang)} (EFA: {result.method}, {result.rotation})"
        return result.loadings.astype(float), title
    if isinstance(result, CFAResult):
        table = result.loadings
        factors = list(result.model)
        matrix = table.pivot_table(index=table.index, columns="factor", values="std_all")
        order = [i for items in result.model.values() for i in items if i in matrix.index]
        matrix = matrix.reindex(index=order, columns=factors)
        return matrix.astype(float), word("std_loadings_title", lang)
    raise TrustlabError(
        f"loadings() takes the result of trustlab.efa or trustlab.cfa, got {type(result).__name__}."
    )


def loadings(
    result: Any,
    *,
    cutoff: float = 0.3,
    ax: Axes | None = None,
    lang: str = "nl",
    codebook: Codebook | None = None,
) -> Axes:
    """Heatmap of the factor loadings (EFA pattern loadings or standardised CFA loadings).

    Every loading is printed in its cell; loadings with an absolute value below ``cutoff`` are
    printed in grey, as psych's ``print(fa, cut = .3)`` hides them. For a CFA only the loadings
    of the model are shown (cells of items that do not load on a factor stay empty). Items are
    labelled with their id, a reverse-wording mark and their text from the codebook; factors
    named after a scale get the scale's label.

    Parameters
    ----------
    result : EFAResult or CFAResult
        From :func:`trustlab.efa` or :func:`trustlab.cfa`.
    cutoff : float, default 0.3
    ax : matplotlib Axes, optional
    lang : {"nl", "en"}
    codebook : Codebook, optional
        For the item texts and scale labels (an analysis' is ``analysis.survey.codebook``);
        without one the column names are shown.

    Returns
    -------
    matplotlib.axes.Axes
        One annotation per shown loading.
    """
    lang = check_lang(lang)
    cb = codebook
    matrix, title = _loading_matrix(result, lang)
    values = matrix.to_numpy()
    n_items, n_factors = values.shape
    with style():
        ax = axes_for(ax, (6.2 + 1.1 * n_factors, 1.4 + 0.48 * n_items))
        image = ax.imshow(
            np.ma.masked_invalid(values), cmap=HEATMAP_CMAP, vmin=-1, vmax=1, aspect="auto"
        )
        for i in range(n_items):
            for j in range(n_factors):
                v = values[i, j]
                if np.isnan(v):
                    continue
                strong = abs(v) >= cutoff
                ax.text(
                    j,
                    i,
                    number(v, ".2f", lang),
                    ha="center",
                    va="center",
                    fontsize=9.5,
                    fontweight="bold" if strong else "normal",
                    color=("white" if abs(v) > 0.6 else "black") if strong else "#6E6E6E",
                )
        ax.set_xticks(
            range(n_factors),
            [wrap(scale_label(cb, str(f), lang) if cb else safe(f), 16) for f in matrix.columns],
        )
        ax.xaxis.tick_top()
        ax.set_yticks(
            range(n_items),
            [wrap(item_label(cb, str(c), lang) if cb else safe(c), 46) for c in matrix.index],
        )
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        for j in range(1, n_factors):
            ax.axvline(j - 0.5, color="white", linewidth=2)
        bar = ax.figure.colorbar(image, ax=ax, shrink=0.7, pad=0.02)
        decimal_commas(bar.ax, lang)
        bar.outline.set_edgecolor(GRID)
        ax.set_title(title, pad=12)
        note = word("grey_loading", lang, cutoff=number(cutoff, "g", lang))
        ax.set_xlabel(note, fontsize=9, color="#595959")
        finish(ax, grid="none", lang=lang)
    return ax
