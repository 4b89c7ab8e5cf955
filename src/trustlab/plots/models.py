"""Figures of the models: the forest plot of coefficients and the predicted probability curve."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FixedLocator, NullLocator, PercentFormatter

from trustlab.analysis import Analysis
from trustlab.errors import TrustlabError
from trustlab.input.schema import Codebook
from trustlab.models import LogitResult, OrdinalResult
from trustlab.plots._data import (
    category_label,
    exposure_of,
    safe,
    scale_label,
    term_label,
    variable_label,
    whiskers,
)
from trustlab.plots._style import (
    REFERENCE,
    SERIES,
    axes_for,
    check_lang,
    finish,
    number,
    style,
    word,
    wrap,
)
from trustlab.plots.exposure import default_scale

__all__ = ["coefficients", "predicted_high"]

_INTERCEPT = "(Intercept)"


def _models(results: Any, lang: str) -> list[tuple[str, Any]]:
    """``[(name, result), ...]`` from one result, a sequence or a mapping of results."""
    if isinstance(results, Mapping):
        pairs = [(str(k), v) for k, v in results.items()]
    elif isinstance(results, Sequence) and not isinstance(results, str):
        pairs = [(f"{word('model', lang)} {i + 1}", r) for i, r in enumerate(results)]
    else:
        pairs = [("", results)]
    if not pairs:
        raise TrustlabError("coefficients() needs at least one model result.")
    for name, result in pairs:
        table = getattr(result, "coefficients", None)
        if table is None or not {"term", "estimate", "ci_low", "ci_high"} <= set(table.columns):
            raise TrustlabError(
                f"{name or 'The result'} is not a model result with a coefficient table "
                f"(got {type(result).__name__}); use trustlab.ols, logit, mixed_model or "
                "ordinal_logit."
            )
    return pairs


def _effects(result: Any, odds: bool, intercept: bool) -> pd.DataFrame:
    """term, value, low, high of a result (odds ratios when ``odds``), thresholds left out."""
    table = result.coefficients
    keep = ~table["term"].str.contains("|", regex=False)
    if not intercept:
        keep &= table["term"] != _INTERCEPT
    table = table[keep]
    if not odds:
        value, low, high = table["estimate"], table["ci_low"], table["ci_high"]
    elif "or_ci_low" in table:
        value, low, high = table["odds_ratio"], table["or_ci_low"], table["or_ci_high"]
    else:  # ordinal: odds ratio given, its Wald interval on the log-odds scale
        value, low, high = table["odds_ratio"], np.exp(table["ci_low"]), np.exp(table["ci_high"])

    return pd.DataFrame(
        {"term": table["term"].to_numpy(), "value": value, "low": low, "high": high}
    ).reset_index(drop=True)


def _rows(pairs: list[tuple[str, Any]], effects: list[pd.DataFrame]) -> list[tuple[str, bool]]:
    """The rows of the plot, top to bottom: (term, is_reference) with reference rows inserted."""
    rows: list[tuple[str, bool]] = []
    seen: set[str] = set()
    for (_, result), table in zip(pairs, effects, strict=True):
        levels = getattr(result, "levels", {}) or {}
        for term in table["term"]:
            if term in seen:
                continue
            variable = term[: term.index("[")] if term.endswith("]") and "[" in term else None
            if variable is not None and levels.get(variable):
                reference = f"{variable}[{levels[variable][0]}]"
                if reference not in seen:
                    rows.append((reference, True))
                    seen.add(reference)
            rows.append((term, False))
            seen.add(term)
    return rows


def _log_ticks(ax: Axes, low: float, high: float, lang: str) -> None:
    candidates = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200]
    ticks = [t for t in candidates if low <= t <= high] or [1]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticklabels([number(t, "g", lang) for t in ticks])


def coefficients(
    results: Any,
    *,
    intercept: bool = False,
    ax: Axes | None = None,
    lang: str = "nl",
    codebook: Codebook | None = None,
) -> Axes:
    """Forest plot of the coefficients of one or several models, with their confidence intervals.

    Logistic and ordinal models are shown as odds ratios on a log scale (line at 1), linear and
    mixed models as estimates (line at 0). The reference category of each categorical predictor
    gets its own labelled row without a point. Several models (a list, or a dict of name to
    result) are drawn side by side in different colours and must be of the same kind.

    Parameters
    ----------
    results : OLSResult, LogitResult, MixedResult, OrdinalResult, or a list / dict of them
    intercept : bool, default False
        Also show the intercept (thresholds of an ordinal model are never shown).
    ax : matplotlib Axes, optional
    lang : {"nl", "en"}
    codebook : Codebook, optional
        For the labels of variables and categories (an analysis' is
        ``analysis.survey.codebook``); without one the column names and categories are shown.

    Returns
    -------
    matplotlib.axes.Axes
        One error-bar container per model.
    """
    lang = check_lang(lang)
    cb = codebook
    pairs = _models(results, lang)
    kinds = {isinstance(r, (LogitResult, OrdinalResult)) for _, r in pairs}
    if len(kinds) > 1:
        raise TrustlabError(
            "Odds ratios (logit, ordinal) and linear estimates cannot share one axis: plot them "
            "separately."
        )
    odds = kinds.pop()
    effects = [_effects(r, odds, intercept) for _, r in pairs]
    rows = _rows(pairs, effects)
    if not rows:
        raise TrustlabError("The model has no coefficients to show besides the intercept.")
    position = {term: i for i, (term, _) in enumerate(rows)}
    m = len(pairs)
    offsets = np.linspace(-0.18, 0.18, m) if m > 1 else np.zeros(1)
    with style():
        ax = axes_for(ax, (8.0, 1.5 + 0.5 * len(rows) + 0.1 * m))
        ax.axvline(1.0 if odds else 0.0, color=REFERENCE, linewidth=1, linestyle="--")
        finite = []
        for k, ((name, _), table, dy) in enumerate(zip(pairs, effects, offsets, strict=True)):
            y = np.array([position[t] for t in table["term"]], dtype=float) + dy
            value = table["value"].to_numpy(dtype=float)
            low, high = table["low"].to_numpy(dtype=float), table["high"].to_numpy(dtype=float)
            err = whiskers(value, low, high)
            ax.errorbar(
                value,
                y,
                xerr=err,
                fmt="o",
                color=SERIES[k % len(SERIES)],
                markersize=7,
                elinewidth=1.6,
                capsize=4,
                label=name or None,
            )
            finite.extend(v for v in np.concatenate([value, low, high]) if np.isfinite(v))
        labels = []
        for term, is_reference in rows:
            text = wrap(_term(cb, term, lang), 42)
            labels.append(f"{text} ({word('reference_cat', lang)})" if is_reference else text)
        references = [i for i, (_, is_reference) in enumerate(rows) if is_reference]
        if references:
            ax.plot(
                [1.0 if odds else 0.0] * len(references),
                references,
                linestyle="none",
                marker="D",
                markersize=6,
                markerfacecolor="white",
                markeredgecolor=REFERENCE,
                zorder=3,
            )
        ax.set_yticks(range(len(rows)), labels)
        for i, (_, is_reference) in enumerate(rows):
            if is_reference:
                ax.get_yticklabels()[i].set_color("#6E6E6E")
        ax.set_ylim(len(rows) - 0.5, -0.5)
        if odds:
            ax.set_xscale("log")
            lo = min([*finite, 1.0]) if finite else 0.5
            hi = max([*finite, 1.0]) if finite else 2.0
            ax.set_xlim(lo / 1.3, hi * 1.3)
            _log_ticks(ax, lo / 1.3, hi * 1.3, lang)
        ax.set_xlabel(word("odds_ratio" if odds else "estimate", lang))
        outcome = getattr(pairs[0][1], "outcome", "")
        shown = variable_label(cb, outcome, lang) if cb is not None else safe(outcome)
        ax.set_title(wrap(f"{word('coef_title', lang)}: {shown}", 50))
        if m > 1:
            ax.legend(loc="best", frameon=True, framealpha=0.9, edgecolor="none")
        finish(ax, grid="x", lang=lang)
    return ax


def _term(codebook: Codebook | None, term: str, lang: str) -> str:
    if codebook is not None:
        return term_label(codebook, term, lang)
    if term.endswith("]") and "[" in term:
        variable, level = term[:-1].split("[", 1)
        return safe(f"{variable}: {level}")
    return safe(term)


def predicted_high(
    analysis: Analysis,
    *,
    scale: str | None = None,
    ax: Axes | None = None,
    lang: str = "nl",
) -> Axes:
    """Predicted probability of a high score per exposure category, with 95% CIs.

    The average predicted probabilities of the analysis' logistic model of the *high* flag on
    the exposure and the covariates (``exposure.scales[scale].logit.predicted``). Each category
    is placed at its score (meetings per year, say) when the codebook gives scores, else at its
    rank. Categories the model left out (no respondents) are not drawn.

    Parameters
    ----------
    analysis : Analysis
    scale : str, optional
        Default: the trust dimension, else the first scale.
    ax : matplotlib Axes, optional
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes
        One error-bar line with a point per category in the model.
    """
    lang = check_lang(lang)
    exposure = exposure_of(analysis)
    cb = analysis.survey.codebook
    scale = default_scale(analysis) if scale is None else scale
    if scale not in exposure.scales:
        raise TrustlabError(f"No scale {scale!r} in the analysis.", value=scale)
    result = exposure.scales[scale].logit
    if result is None or result.predicted is None or result.by is None:
        raise TrustlabError(f"The logistic model of high {scale!r} could not be fitted.")
    position = dict(zip(exposure.categories, exposure.scores or range(len(exposure.categories)),
                        strict=True))  # fmt: skip
    table = result.predicted
    dropped = set(result.dropped_terms)
    table = table.loc[[c for c in table.index if f"{result.by}[{c}]" not in dropped]]
    x = np.array([position[str(c)] for c in table.index], dtype=float)
    p = table["probability"].to_numpy(dtype=float)
    err = whiskers(p, table["ci_low"].to_numpy(float), table["ci_high"].to_numpy(float))
    label = scale_label(cb, scale, lang)
    with style():
        ax = axes_for(ax, (7.5, 4.8))
        ax.axhline(0.5, color=REFERENCE, linewidth=1, linestyle="--")
        ax.errorbar(
            x,
            p,
            yerr=err,
            fmt="o-",
            color=SERIES[list(analysis.plan.scales).index(scale) % len(SERIES)],
            markersize=7,
            linewidth=1.6,
            elinewidth=1.4,
            capsize=5,
            label=word("predicted_label", lang),
        )
        if exposure.scores is not None:
            ticks = [f"{number(v, 'g', lang)}\n{wrap(category_label(cb, c, lang), 14)}"
                     for v, c in zip(x, table.index, strict=True)]  # fmt: skip
            ax.set_xlim(min(0.0, x.min() - 0.5), x.max() + 0.7)
            ax.set_xlabel(safe(cb.exposure.score_label.get(lang)))
        else:
            ticks = [wrap(category_label(cb, c, lang), 14) for c in table.index]
            ax.set_xlim(x.min() - 0.5, x.max() + 0.5)
            ax.set_xlabel(variable_label(cb, exposure.column, lang))
        ax.set_xticks(x, ticks, fontsize=8.5)
        ax.set_ylim(0, 1.05)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_ylabel(word("probability", lang, scale=label))
        ax.set_title(wrap(f"{word('predicted_title', lang, scale=label)} (n = {result.n_obs})", 60))
        ax.legend(loc="lower right", frameon=False)
        finish(ax, grid="y", lang=lang)
    return ax
