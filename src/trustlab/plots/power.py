"""Power curves of a simulated power study (:func:`trustlab.power`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.axes import Axes

from trustlab.plots._style import SERIES, axes_for, check_lang, number, word

if TYPE_CHECKING:  # a type only: the power module loads joblib, which no figure needs
    from trustlab.simulation.power import PowerResult

__all__ = ["power_curves"]


def power_curves(result: PowerResult, ax: Axes | None = None, *, lang: str = "nl") -> Axes:
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
    lang : {"nl", "en"}
        Language of the titles, axes and legend.

    Returns
    -------
    matplotlib.axes.Axes
    """
    lang = check_lang(lang)
    ax = axes_for(ax, (6.4, 4.2))
    groups = list(result.table.groupby(["networks", "effect"], sort=True))
    for i, ((networks, effect), rows) in enumerate(groups):
        rows = rows.sort_values("n")
        design = word("power_design", lang, networks=networks, effect=number(effect, "g", lang))
        suffix = design if len(groups) > 1 else ""
        for column, label, marker, style in [
            ("association", word("power_a", lang), "o", "-"),
            ("step", word("power_b", lang), "s", "--"),
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
    ax.set_xlabel(word("power_n", lang))
    ax.set_ylabel(word("power", lang))
    alpha = number(result.alpha, "g", lang)
    ax.set_title(word("power_title", lang, reps=result.reps, alpha=alpha))
    ax.legend(loc="lower right", fontsize="small")
    return ax
