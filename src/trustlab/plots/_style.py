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
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.colors import to_hex

from trustlab.messages import check_lang

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
    "likert_colours",
    "style",
    "axes_for",
    "wrap",
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

#: The fixed words of the figures, in Dutch and English.
TEXT: dict[str, dict[str, str]] = {
    "percent_answers": {"nl": "% van de antwoorden", "en": "% of answers"},
    "percent_respondents": {"nl": "% van de respondenten", "en": "% of respondents"},
    "reverse_note": {
        "nl": "(R) = omgekeerd geformuleerd item (in de schaal omgekeerd gescoord)",
        "en": "(R) = reverse-worded item (reverse-scored in the scale)",
    },
    "likert_title": {"nl": "Antwoorden per item", "en": "Answers per item"},
    "wilson": {
        "nl": "95%-betrouwbaarheidsinterval (Wilson)",
        "en": "95% confidence interval (Wilson)",
    },
    "ci_short": {"nl": "95%-BI", "en": "95% CI"},
    "freq_title": {
        "nl": "{variable}: respondenten per categorie",
        "en": "{variable}: respondents per category",
    },
    "mean_score": {"nl": "gemiddelde schaalscore", "en": "mean scale score"},
    "means_title": {"nl": "Gemiddelde scores naar {variable}", "en": "Mean scores by {variable}"},
    "midpoint": {"nl": "middelpunt", "en": "midpoint"},
    "share_high": {"nl": "% met hoog {scale}", "en": "% with high {scale}"},
    "high_title": {"nl": "Hoog {scale} naar {variable}", "en": "High {scale} by {variable}"},
    "scatter_title": {"nl": "{trust} en {distrust}", "en": "{trust} and {distrust}"},
    "sample_note": {
        "nl": "{shown:,} van {n:,} respondenten getoond (willekeurige steekproef)",
        "en": "{shown:,} of {n:,} respondents shown (random sample)",
    },
    "jitter_note": {"nl": "punten licht verschoven (jitter)", "en": "points slightly jittered"},
    "cutoff": {"nl": "grens hoog", "en": "high cutoff"},
    "corr_title": {
        "nl": "Correlaties tussen de items (omgekeerde items gehercodeerd)",
        "en": "Item correlations (reverse-worded items recoded)",
    },
    "pairwise": {"nl": "paarsgewijze Pearson-correlaties", "en": "pairwise Pearson correlations"},
    "scree_title": {
        "nl": "Screeplot met parallelle analyse",
        "en": "Scree plot with parallel analysis",
    },
    "eigenvalue": {"nl": "eigenwaarde", "en": "eigenvalue"},
    "rank": {"nl": "factor / component", "en": "factor / component"},
    "observed_pc": {"nl": "componenten, geobserveerd", "en": "components, observed"},
    "simulated_pc": {"nl": "componenten, gesimuleerd", "en": "components, simulated"},
    "observed_fa": {"nl": "factoren, geobserveerd", "en": "factors, observed"},
    "simulated_fa": {"nl": "factoren, gesimuleerd", "en": "factors, simulated"},
    "suggested": {
        "nl": "voorgesteld: {f} factor(en), {c} component(en)",
        "en": "suggested: {f} factor(s), {c} component(s)",
    },
    "loadings_title": {"nl": "Factorladingen", "en": "Factor loadings"},
    "std_loadings_title": {
        "nl": "Gestandaardiseerde factorladingen (CFA)",
        "en": "Standardised factor loadings (CFA)",
    },
    "coef_title": {"nl": "Geschatte effecten", "en": "Estimated effects"},
    "odds_ratio": {
        "nl": "odds ratio (95%-BI, logaritmische schaal)",
        "en": "odds ratio (95% CI, log scale)",
    },
    "estimate": {"nl": "schatting (95%-BI)", "en": "estimate (95% CI)"},
    "reference_cat": {"nl": "referentie", "en": "reference"},
    "predicted_title": {
        "nl": "Voorspelde kans op hoog {scale}",
        "en": "Predicted probability of high {scale}",
    },
    "predicted_label": {
        "nl": "gemiddelde voorspelde kans (95%-BI)",
        "en": "average predicted probability (95% CI)",
    },
    "probability": {"nl": "kans op hoog {scale}", "en": "probability of high {scale}"},
    "no_data": {"nl": "geen gegevens", "en": "no data"},
    "model": {"nl": "model", "en": "model"},
}


def word(key: str, lang: str, **fields: Any) -> str:
    """A fixed text of the figures in ``lang`` (``word("eigenvalue", "en")`` is "eigenvalue")."""
    text = TEXT[key][lang]
    return text.format(**fields) if fields else text


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
    """``ax`` itself, or the Axes of a new figure of ``figsize`` inches (constrained layout)."""
    if ax is not None:
        return ax

    _, new = plt.subplots(figsize=figsize, layout="constrained")
    return new


def wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters (words kept whole)."""
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def finish(ax: Axes, *, grid: str = "y") -> Axes:
    """Grey gridlines along ``grid`` ("x", "y", "both" or "none") behind the data."""
    if grid != "none":
        ax.grid(True, axis=grid, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    return ax
