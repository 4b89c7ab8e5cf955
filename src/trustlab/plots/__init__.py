"""Figures of a trust survey, in Dutch or English, readable in print and for colour-blind readers.

Every function takes result objects (an :class:`~trustlab.Analysis` from
:func:`trustlab.analyse`, or a result such as a parallel analysis or a model), draws on ``ax``
(or a new figure), labels it in ``lang`` ("nl" or "en") from the codebook and returns the
matplotlib Axes. The figures compute no statistics: every number they show is a field of the
result. :func:`save_figure` writes PNG (300 dpi) and SVG, byte for byte reproducible. matplotlib
is imported with this module, never by ``import trustlab``.

Examples
--------
>>> import trustlab
>>> from trustlab import plots
>>> analysis = trustlab.analyse(trustlab.load_sample(), n_boot=0)
>>> ax = plots.high_by_exposure(analysis, lang="en")
>>> len(ax.patches)
4
>>> import matplotlib.pyplot as plt
>>> plt.close("all")
"""

from __future__ import annotations

from trustlab.plots._save import save_figure
from trustlab.plots._style import LIKERT, OKABE_ITO, SERIES
from trustlab.plots.exposure import exposure_distribution, high_by_exposure, means_by_exposure
from trustlab.plots.likert import item_correlations, likert_bars
from trustlab.plots.models import coefficients, predicted_high
from trustlab.plots.power import power_curves
from trustlab.plots.scales import trust_distrust_scatter
from trustlab.plots.structure import loadings, scree

__all__ = [
    "likert_bars",
    "exposure_distribution",
    "means_by_exposure",
    "high_by_exposure",
    "trust_distrust_scatter",
    "item_correlations",
    "scree",
    "loadings",
    "coefficients",
    "predicted_high",
    "power_curves",
    "save_figure",
    "OKABE_ITO",
    "LIKERT",
    "SERIES",
]
