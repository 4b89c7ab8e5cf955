"""Figures of a trust survey, in Dutch or English, readable in print and for colour-blind readers.

Every function takes the data (a :class:`~trustlab.Survey` or a DataFrame in canonical columns)
or a result object, draws on ``ax`` (or a new figure), labels it in ``lang`` ("nl" or "en") from
the codebook and returns the matplotlib Axes. The figures compute no statistics of their own:
they call trustlab's functions (``frequency_table``, ``proportion``, ``group_means``,
``score_scales``, ``logit``). :func:`save_figure` writes PNG (300 dpi) and SVG, byte for byte
reproducible. matplotlib is imported with this module, never by ``import trustlab``.

Examples
--------
>>> import trustlab
>>> from trustlab import plots
>>> ax = plots.high_trust_by_frequency(trustlab.load_sample(), lang="en")
>>> len(ax.patches)
4
>>> import matplotlib.pyplot as plt
>>> plt.close("all")
"""

from __future__ import annotations

from trustlab.plots._save import save_figure
from trustlab.plots._style import LIKERT, OKABE_ITO, SERIES
from trustlab.plots.frequency import (
    high_trust_by_frequency,
    meeting_frequency,
    scale_means_by_frequency,
)
from trustlab.plots.likert import item_correlations, likert_bars
from trustlab.plots.models import coefficients, predicted_high_trust
from trustlab.plots.power import power_curves
from trustlab.plots.scales import trust_distrust_scatter
from trustlab.plots.structure import loadings, scree

__all__ = [
    "likert_bars",
    "meeting_frequency",
    "scale_means_by_frequency",
    "high_trust_by_frequency",
    "trust_distrust_scatter",
    "item_correlations",
    "scree",
    "loadings",
    "coefficients",
    "predicted_high_trust",
    "power_curves",
    "save_figure",
    "OKABE_ITO",
    "LIKERT",
    "SERIES",
]
