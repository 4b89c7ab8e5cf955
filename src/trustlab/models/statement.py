"""The threshold in words: from which ordered category on is the outcome high (nl and en).

Data-driven and honest: the rule is stated, the values on both sides of the step are given, the
step's Holm-adjusted test is quoted when contrasts are passed, and a pattern that is not a single
step is called so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab._arguments import real_number
from trustlab.models._common import MAX_MAGNITUDE, ModelError
from trustlab.models.threshold import AdjacentContrasts
from trustlab.results import ResultMixin

__all__ = ["ThresholdStatement", "threshold_statement"]


@dataclass(frozen=True, repr=False, eq=False)
class ThresholdStatement(ResultMixin):
    """From which category on the outcome is high, by a stated rule, in words.

    Attributes
    ----------
    first_high : object or None
        The lowest category from which this and every higher category meet the rule; None
        when the highest category does not meet it.
    monotone : bool
        Whether the categories meeting the rule form one block at the top (no category below
        ``first_high`` meets it).
    values : pandas.Series
        The value per category the rule is applied to.
    rule : str
        The rule, e.g. ``"share > 0.5"``.
    statement : dict
        ``{"nl": ..., "en": ...}``.
    """

    first_high: Any
    monotone: bool
    values: pd.Series
    rule: str
    statement: dict[str, str]

    def summary(self) -> pd.DataFrame:
        """The values per category and whether each meets the rule."""
        return pd.DataFrame({"value": self.values, "meets_rule": self._meets()})

    def _meets(self) -> pd.Series:
        op, cut = self.rule.split()[1], float(self.rule.split()[2])
        return self.values > cut if op == ">" else self.values >= cut

    def _title(self) -> str:
        return self.statement["en"]


def _fmt(value: float, as_share: bool) -> str:
    return f"{100 * value:.1f}%" if as_share else f"{value:.2f}"


def threshold_statement(
    values: pd.Series | Mapping[Any, float],
    *,
    cutoff: float = 0.5,
    strict: bool = True,
    as_share: bool = True,
    outcome: Mapping[str, str] | None = None,
    labels_en: Mapping[Any, str] | None = None,
    contrasts: AdjacentContrasts | None = None,
    alpha: float = 0.05,
) -> ThresholdStatement:
    """State in words from which ordered category on the outcome is high.

    The rule: a category is *high* when its value (a share, or a mean) is above ``cutoff``
    (``>=`` with ``strict=False``). The first high category is the lowest one from which every
    higher category is high too. The statement names that category, gives the values on both
    sides of the step and, with ``contrasts`` (from :func:`adjacent_contrasts`), whether the
    step is statistically significant after Holm's correction. It also says so when the
    pattern is not a single step (a lower category high, a higher one not).

    Parameters
    ----------
    values : pandas.Series or mapping
        Value per category, in category order (e.g. the share with high trust per meeting
        frequency, or the mean trust score).
    cutoff : float, default 0.5
        E.g. 0.5 for "more than half", or the scale midpoint (3) for means.
    as_share : bool, default True
        Format the values as percentages (False: as numbers).
    outcome : dict, optional
        ``{"nl": "vertrouwen", "en": "trust"}``: the outcome's name in each language.
    labels_en : dict, optional
        English label per category (default: the category itself).

    Examples
    --------
    >>> shares = {"<1": 0.61, "1-2": 0.48, "3-4": 0.88, ">4": 0.89}
    >>> s = threshold_statement(shares, outcome={"nl": "vertrouwen", "en": "trust"})
    >>> s.first_high
    '3-4'
    >>> print(s.statement["en"])  # doctest: +NORMALIZE_WHITESPACE
    Trust is high from '3-4' on: share above 50.0% in '3-4' and every higher category
    (88.0%, 89.0%), against 48.0% in '1-2'. Not a single step: '<1' (61.0%) also meets the
    rule.
    """
    cutoff = real_number(
        cutoff, "cutoff", above=-MAX_MAGNITUDE, below=MAX_MAGNITUDE, error=ModelError
    )
    alpha = real_number(alpha, "alpha", above=0, below=1, error=ModelError)
    try:
        vals = pd.Series(values, dtype=float) if not isinstance(values, pd.Series) else values
        vals = vals.astype(float)
    except (TypeError, ValueError) as exc:
        raise ModelError(f"The values per category must be numbers ({exc}).") from None
    if vals.empty or vals.isna().all():
        raise ModelError("No values per category to apply the rule to.")
    with np.errstate(invalid="ignore"):
        huge = np.abs(vals.to_numpy()) > MAX_MAGNITUDE
    if huge.any():
        raise ModelError(
            f"The value of {vals.index[huge][0]!r} is {vals[huge].iloc[0]:g}; give finite "
            f"values within +/- {MAX_MAGNITUDE:g} (a share or a mean per category)."
        )
    # a category without data (NaN: nobody in it) takes no part in the rule and is named
    empty = [c for c in vals.index if pd.isna(vals[c])]
    result = _statement(vals.dropna(), cutoff, strict, as_share, outcome, labels_en, contrasts,
                        alpha)  # fmt: skip
    if not empty:
        return result
    en = {c: (labels_en or {}).get(c, c) for c in empty}
    text = {
        "nl": result.statement["nl"]
        + f" Zonder gegevens (niet meegeteld): {', '.join(repr(c) for c in empty)}.",
        "en": result.statement["en"]
        + f" Without data (left out): {', '.join(repr(en[c]) for c in empty)}.",
    }
    return ThresholdStatement(result.first_high, result.monotone, vals, result.rule, text)


def _statement(vals, cutoff, strict, as_share, outcome, labels_en, contrasts, alpha):
    """The statement for categories that all have a value."""
    names = dict(outcome or {"nl": "de uitkomst", "en": "the outcome"})
    en = {c: (labels_en or {}).get(c, c) for c in vals.index}
    meets = (vals > cutoff) if strict else (vals >= cutoff)
    meets = meets & vals.notna()
    cats = list(vals.index)
    first = None
    for i in range(len(cats) - 1, -1, -1):
        if meets.iloc[i]:
            first = cats[i]
        else:
            break
    op = ">" if strict else ">="
    rule = f"{'share' if as_share else 'mean'} {op} {cutoff:g}"
    cut_txt = _fmt(cutoff, as_share)
    kind_en = "share above" if as_share else "mean above"
    kind_nl = "aandeel boven" if as_share else "gemiddelde boven"
    if first is None:
        top = cats[-1]
        nl = (
            f"{names['nl'].capitalize()} is in geen enkele categorie vanaf een bepaalde drempel "
            f"hoog: zelfs in '{top}' is het {kind_nl.split()[0]} {_fmt(vals[top], as_share)} "
            f"(regel: {kind_nl} {cut_txt})."
        )
        en_txt = (
            f"{names['en'].capitalize()} is not high from any category on: even in "
            f"'{en[top]}' the {kind_en.split()[0]} is {_fmt(vals[top], as_share)} "
            f"(rule: {kind_en} {cut_txt})."
        )
        return ThresholdStatement(None, False, vals, rule, {"nl": nl, "en": en_txt})
    idx = cats.index(first)
    high_vals = ", ".join(_fmt(v, as_share) for v in vals.iloc[idx:])
    below = cats[idx - 1] if idx > 0 else None
    earlier = [c for c in cats[: max(idx - 1, 0)] if meets[c]]
    monotone = not earlier
    nl = (
        f"{names['nl'].capitalize()} is hoog vanaf '{first}': {kind_nl} {cut_txt} in "
        f"'{first}' en elke hogere categorie ({high_vals})"
    )
    en_txt = (
        f"{names['en'].capitalize()} is high from '{en[first]}' on: {kind_en} {cut_txt} in "
        f"'{en[first]}' and every higher category ({high_vals})"
    )
    if below is None:
        nl += ", dus in alle categorieën."
        en_txt += ", so in every category."
    else:
        nl += f", tegenover {_fmt(vals[below], as_share)} in '{below}'."
        en_txt += f", against {_fmt(vals[below], as_share)} in '{en[below]}'."
    if contrasts is not None and below is not None:
        step = contrasts.table[
            (contrasts.table["lower"] == below) & (contrasts.table["upper"] == first)
        ]
        if len(step):
            p = float(step["p_holm"].iloc[0])
            d = float(step["estimate"].iloc[0])
            sig = p < alpha
            # the few-cluster-safe SEs say so (CR2 SE, Satterthwaite df)
            how = (
                "; CR2, Satterthwaite df" if getattr(contrasts, "vcov_type", None) == "CR2" else ""
            )
            nl += (
                f" Het verschil in gemiddelde met '{below}' is {d:.2f} (Holm p = {p:.3g}{how}): "
                + ("statistisch significant." if sig else "niet statistisch significant.")
            )
            en_txt += (
                f" The difference in mean from '{en[below]}' is {d:.2f} (Holm p = {p:.3g}{how}): "
                + ("statistically significant." if sig else "not statistically significant.")
            )
    if not monotone:
        lst_nl = ", ".join(f"'{c}' ({_fmt(vals[c], as_share)})" for c in earlier)
        lst_en = ", ".join(f"'{en[c]}' ({_fmt(vals[c], as_share)})" for c in earlier)
        nl += f" Geen zuivere drempel: ook {lst_nl} voldoet aan de regel."
        en_txt += f" Not a single step: {lst_en} also meets the rule."
    return ThresholdStatement(first, monotone, vals, rule, {"nl": nl, "en": en_txt})
