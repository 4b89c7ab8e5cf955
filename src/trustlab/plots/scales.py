"""Trust against distrust: the scatter with the quadrant lines of the codebook's *high* rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from trustlab.errors import TrustlabError
from trustlab.plots._data import as_survey, scale_label, scores_frame
from trustlab.plots._style import (
    OKABE_ITO,
    REFERENCE,
    axes_for,
    check_lang,
    finish,
    style,
    word,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from trustlab.input.codebook import Codebook

__all__ = ["trust_distrust_scatter"]

#: Quadrant colours by (high trust, high distrust), from the Okabe-Ito set.
_QUADRANT_COLOURS = {
    (True, False): OKABE_ITO["blue"],
    (True, True): OKABE_ITO["reddish_purple"],
    (False, False): OKABE_ITO["bluish_green"],
    (False, True): OKABE_ITO["vermillion"],
}


def _jitter(values: np.ndarray, high: np.ndarray, cutoff: float, strict: bool, rng, size: float):
    """Jittered values that stay on their side of the cutoff (a point on the line stays low)."""
    moved = values + rng.uniform(-size, size, len(values))
    above = moved > cutoff if strict else moved >= cutoff
    wrong = above != high
    moved[wrong] = 2 * values[wrong] - moved[wrong]
    return moved


def trust_distrust_scatter(
    data: Any,
    *,
    jitter: float = 0.06,
    seed: int = 0,
    ax: Axes | None = None,
    lang: str = "nl",
    codebook: Codebook | None = None,
) -> Axes:
    """Trust against distrust per respondent, with the quadrant lines and counts per quadrant.

    Scores, *high* flags and quadrants come from :func:`trustlab.score_scales`; the lines sit at
    the codebook's cutoffs for *high* (by default the midpoint, strictly above). Points are
    jittered a little (``jitter`` scale points, seeded) so that equal scores stay visible, and
    never across a cutoff line. The legend gives each quadrant's count and percentage
    (:func:`trustlab.frequency_table`). Respondents without both scores are left out.

    Parameters
    ----------
    data : Survey or pandas.DataFrame
    jitter : float, default 0.06
        Half-width of the uniform jitter, in scale points (0 for none).
    seed : int, default 0
        Seed of the jitter: the same seed draws the same figure.
    ax : matplotlib Axes, optional
    lang : {"nl", "en"}
    codebook : Codebook, optional

    Returns
    -------
    matplotlib.axes.Axes
        One scatter collection per non-empty quadrant, two cutoff lines, the count and percentage
        of each quadrant in its outer corner and in the legend.
    """
    from trustlab.models import frequency_table

    lang = check_lang(lang)
    survey = as_survey(data, codebook)
    cb = survey.codebook
    if not {"trust", "distrust"} <= set(cb.scales):
        raise TrustlabError("The scatter needs a 'trust' and a 'distrust' scale in the codebook.")
    frame = scores_frame(survey, lang)
    used = frame.dropna(subset=["trust", "distrust"])
    rules = {name: cb.scales[name].high for name in ("trust", "distrust")}
    cut = {name: rule.threshold(cb.response_scale) for name, rule in rules.items()}
    rng = np.random.default_rng(seed)
    ht = used["high_trust"].to_numpy(dtype=bool)
    hd = used["high_distrust"].to_numpy(dtype=bool)
    x = _jitter(used["trust"].to_numpy(float), ht, cut["trust"], rules["trust"].strict, rng, jitter)
    y = _jitter(
        used["distrust"].to_numpy(float), hd, cut["distrust"], rules["distrust"].strict, rng, jitter
    )
    counts = frequency_table(frame["quadrant"]).table
    lo, hi = cb.response_scale.min, cb.response_scale.max
    pad, margin = 0.15, 0.4  # the y margins hold the count of each quadrant
    with style():
        ax = axes_for(ax, (6.4, 7.6))
        for key, colour in _QUADRANT_COLOURS.items():
            sel = (ht == key[0]) & (hd == key[1])
            if sel.any():
                ax.scatter(
                    x[sel],
                    y[sel],
                    s=22,
                    color=colour,
                    alpha=0.7,
                    edgecolors="white",
                    linewidths=0.4,
                    zorder=3,
                )
        ax.axvline(cut["trust"], color=REFERENCE, linewidth=1.1, linestyle="--", zorder=2)
        ax.axhline(cut["distrust"], color=REFERENCE, linewidth=1.1, linestyle="--", zorder=2)
        from matplotlib.lines import Line2D

        from trustlab.scales import QUADRANTS

        handles = []
        for key, colour in _QUADRANT_COLOURS.items():
            label = QUADRANTS[key][lang]
            row = counts.loc[label] if label in counts.index else None
            n = int(row["n"]) if row is not None else 0
            share = f" ({row['percent']:.0f}%)" if row is not None and n else ""
            cx = hi + 0.1 if key[0] else lo - 0.1
            cy = hi + margin - 0.05 if key[1] else lo - margin + 0.05
            ax.text(
                cx,
                cy,
                f"n = {n}{share}",
                ha="right" if key[0] else "left",
                va="top" if key[1] else "bottom",
                fontsize=9.5,
                fontweight="bold",
                color=colour,
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="none",
                    color=colour,
                    markersize=7,
                    label=f"{label}: n = {n}{share}",
                )
            )
        note = f"n = {len(used)}" + (f"; {word('jitter_note', lang)}" if jitter else "")
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.13),
            ncol=1,
            frameon=False,
            title=note,
        )
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(lo - margin, hi + margin)
        ax.set_aspect("equal")
        ticks = list(cb.response_scale.values)
        ax.set_xticks(ticks)
        ax.set_yticks(ticks)
        op_t = ">" if rules["trust"].strict else ">="
        ax.set_xlabel(
            f"{scale_label(cb, 'trust', lang)}\n({word('cutoff', lang)}: {op_t} {cut['trust']:g})"
        )
        op_d = ">" if rules["distrust"].strict else ">="
        ax.set_ylabel(
            f"{scale_label(cb, 'distrust', lang)} "
            f"({word('cutoff', lang)}: {op_d} {cut['distrust']:g})"
        )
        ax.set_title(word("scatter_title", lang))
        finish(ax, grid="both")
    return ax
