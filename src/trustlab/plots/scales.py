"""Trust against distrust: the scatter with the quadrant lines of the codebook's *high* rule."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from trustlab.analysis import Analysis
from trustlab.errors import TrustlabError
from trustlab.messages import quadrant_label
from trustlab.plots._data import check_analysis, scale_label
from trustlab.plots._style import (
    OKABE_ITO,
    REFERENCE,
    axes_for,
    check_lang,
    count,
    finish,
    style,
    word,
    wrap,
)
from trustlab.scales import MAX_POINTS, QUADRANT_KEYS

__all__ = ["MAX_POINTS", "trust_distrust_scatter"]

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
    analysis: Analysis,
    *,
    jitter: float = 0.06,
    seed: int = 0,
    ax: Axes | None = None,
    lang: str = "nl",
) -> Axes:
    """Trust against distrust per respondent, with the quadrant lines and counts per quadrant.

    The two scales the plan declares as the dimensions; scores, *high* flags and quadrant counts
    come from the analysis; the lines sit at the codebook's cutoffs for *high* (by default the
    midpoint, strictly above). Points are jittered a little (``jitter`` scale points, seeded) so
    that equal scores stay visible, and never across a cutoff line. With more than
    :data:`MAX_POINTS` respondents a random sample of that many is drawn (seeded, said in the
    legend); the counts are of everyone. Respondents without both scores are left out.

    Parameters
    ----------
    analysis : Analysis
    jitter : float, default 0.06
        Half-width of the uniform jitter, in scale points (0 for none).
    seed : int, default 0
        Seed of the jitter: the same seed draws the same figure.
    ax : matplotlib Axes, optional
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes
        One scatter collection per non-empty quadrant, two cutoff lines, the count and percentage
        of each quadrant in its outer corner and in the legend.
    """
    lang = check_lang(lang)
    check_analysis(analysis)
    dims = analysis.dimensions
    if dims is None or dims.quadrants is None:
        raise TrustlabError(
            "The scatter needs the two dimensions (a trust and a distrust scale): declare "
            "'dimensions' in the codebook (dimensions=(...) in Python)."
        )
    cb = analysis.survey.codebook
    trust, distrust = dims.trust, dims.distrust
    scores = analysis.scores
    # the rows drawn are found on the two score columns; only those rows are taken (millions of
    # respondents are never copied for a figure of MAX_POINTS points)
    both = np.flatnonzero(scores[trust].notna().to_numpy() & scores[distrust].notna().to_numpy())
    n_used = len(both)
    rng = np.random.default_rng(seed)
    if n_used > MAX_POINTS:
        both = both[np.sort(rng.choice(n_used, MAX_POINTS, replace=False))]
    used = scores.iloc[both][[trust, distrust, f"high_{trust}", f"high_{distrust}"]]
    rules = {name: cb.scales[name].high for name in (trust, distrust)}
    cut = {name: rule.threshold(cb.response_scale) for name, rule in rules.items()}
    ht = used[f"high_{trust}"].to_numpy(dtype=bool)
    hd = used[f"high_{distrust}"].to_numpy(dtype=bool)
    x = _jitter(used[trust].to_numpy(float), ht, cut[trust], rules[trust].strict, rng, jitter)
    y = _jitter(
        used[distrust].to_numpy(float), hd, cut[distrust], rules[distrust].strict, rng, jitter
    )
    counts = dims.quadrants.table
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
        ax.axvline(cut[trust], color=REFERENCE, linewidth=1.1, linestyle="--", zorder=2)
        ax.axhline(cut[distrust], color=REFERENCE, linewidth=1.1, linestyle="--", zorder=2)
        handles = []
        for (key, colour), quadrant in zip(_QUADRANT_COLOURS.items(), QUADRANT_KEYS, strict=True):
            label = quadrant_label(quadrant, lang)
            row = counts.loc[quadrant] if quadrant in counts.index else None
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
        note = f"n = {n_used}" + (f"; {word('jitter_note', lang)}" if jitter else "")
        if len(used) < n_used:
            note += "\n" + word(
                "sample_note", lang, shown=count(len(used), lang), n=count(n_used, lang)
            )
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
        op_t = ">" if rules[trust].strict else ">="
        ax.set_xlabel(
            f"{scale_label(cb, trust, lang)}\n({word('cutoff', lang)}: {op_t} {cut[trust]:g})"
        )
        op_d = ">" if rules[distrust].strict else ">="
        ax.set_ylabel(
            f"{scale_label(cb, distrust, lang)} ({word('cutoff', lang)}: {op_d} {cut[distrust]:g})"
        )
        title = word("scatter_title", lang, trust=scale_label(cb, trust, lang),
                     distrust=scale_label(cb, distrust, lang))  # fmt: skip
        ax.set_title(wrap(title[:1].upper() + title[1:], 56))
        finish(ax, grid="both", lang=lang)
    return ax
