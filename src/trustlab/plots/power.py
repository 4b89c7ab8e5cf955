"""Power curves of a simulated power study (:func:`trustlab.power`)."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from trustlab.plots._style import SERIES
from trustlab.simulation.power import PowerResult

__all__ = ["power_curves"]


def power_curves(result: PowerResult, ax: Axes | None = None) -> Axes:
    """Power curves: power against the number of respondents, one line per test.

    One colour (colour-blind safe, Okabe-Ito) per (networks, effect) combination, solid for
    test (a) and dashed for test (b), with error bars of 1.96 Monte Carlo SEs; dotted lines mark
    ``alpha`` and 0.8.

    Parameters
    ----------
    result : PowerResult
        The outcome of :func:`trustlab.power`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw in (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4.2), constrained_layout=True)
    groups = list(result.table.groupby(["networks", "effect"], sort=True))
    for i, ((networks, effect), rows) in enumerate(groups):
        rows = rows.sort_values("n")
        suffix = f" ({networks} networks, effect {effect:g})" if len(groups) > 1 else ""
        for column, label, marker, style in [
            ("association", "(a) trust ~ meeting frequency", "o", "-"),
            ("step", "(b) F8 step 1-2 -> 3-4", "s", "--"),
        ]:
            ax.errorbar(
                rows["n"],
                rows[f"power_{column}"],
                yerr=1.96 * rows[f"se_{column}"],
                marker=marker,
                linestyle=style,
                color=SERIES[i % len(SERIES)],  # colour: the design; line style: the test
                capsize=3,
                label=label + suffix,
            )
    ax.axhline(result.alpha, color="grey", linestyle=":", linewidth=1)
    ax.axhline(0.8, color="grey", linestyle=":", linewidth=1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("respondents (n)")
    ax.set_ylabel("power")
    ax.set_title(f"Power by simulation ({result.reps} replicates, alpha = {result.alpha:g})")
    ax.legend(loc="lower right", fontsize="small")
    return ax
