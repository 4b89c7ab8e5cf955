"""Between or within? The within-between (Mundlak) decomposition of a numeric exposure.

A respondent's exposure ``x`` (e.g. meetings per year) is split into the mean of her group
(network) and her deviation from it, and both enter a random-intercept model:

    y = b0 + b_W (x - mean_g(x)) + b_B mean_g(x) + covariates + u_g + e

``b_W`` (within) says how the outcome changes with a respondent's own exposure inside a network;
``b_B`` (between) how it changes with the network's mean exposure; the contextual effect
``b_B - b_W`` is what the network's exposure adds beyond the respondent's own (Mundlak 1978;
Raudenbush & Bryk 2002, ch. 5; Bell & Jones 2015). A between effect with a null within effect says
trust follows how often *the network* meets, not how often *the respondent* attends.

References
----------
Mundlak, Y. (1978). On the pooling of time series and cross section data. Econometrica, 46(1),
69-85.
Raudenbush, S. W., & Bryk, A. S. (2002). Hierarchical linear models (2nd ed.). Sage.
Bell, A., & Jones, K. (2015). Explaining fixed effects: Random effects modeling of time-series
cross-sectional and panel data. Political Science Research and Methods, 3(1), 133-153.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab.models._common import ModelError, check_columns
from trustlab.models.mixed import MixedResult, mixed_model
from trustlab.models.mixed_inference import fixed_effects_test, mixed_contrast_test
from trustlab.results import ResultMixin

__all__ = ["WithinBetween", "within_between"]


@dataclass(frozen=True, repr=False, eq=False)
class WithinBetween(ResultMixin):
    """The within, between and contextual effects of a numeric exposure.

    Attributes
    ----------
    table : pandas.DataFrame
        Rows ``within``, ``between``, ``contextual`` (between - within): ``estimate``,
        ``std_error``, ``statistic`` (t), ``df`` (Satterthwaite or Kenward-Roger), ``p_value``,
        ``ci_low``, ``ci_high``.
    fit : MixedResult
        The random-intercept model with the two exposure columns (terms ``<exposure>_within``
        and ``<exposure>_between``).
    exposure, outcome, group : str
    covariates : tuple of str
    ddf : str
    reading : str
        Which effect is distinguishable from zero, in words.
    """

    table: pd.DataFrame
    fit: MixedResult
    exposure: str
    outcome: str
    group: str
    covariates: tuple[str, ...]
    ddf: str
    reading: str

    def summary(self) -> pd.DataFrame:
        """The three effects, indexed by effect."""
        return self.table.set_index("effect")

    def _title(self) -> str:
        return (
            f"Within and between {self.group} effects of {self.exposure} on {self.outcome} "
            f"({self.ddf} df): n = {self.fit.n_obs}, {self.fit.n_groups} groups"
        )

    def _notes(self) -> list[str]:
        return [self.reading]


def within_between(
    data: pd.DataFrame,
    outcome: str,
    exposure: str,
    *,
    group: str,
    covariates: Sequence[str] = (),
    categorical: Mapping[str, Any] | Sequence[str] | None = None,
    ddf: str = "Satterthwaite",
    confidence_level: float = 0.95,
) -> WithinBetween:
    """Within, between and contextual effects of a numeric exposure in a random-intercept model.

    As ``lmerTest::lmer(y ~ x_within + x_between + covariates + (1 | group))`` with ``x_between
    = ave(x, group)`` and ``x_within = x - x_between`` over the rows used (every column
    answered); the contextual effect is the contrast ``x_between - x_within``
    (``lmerTest::contest``), which equals the coefficient of ``x_between`` in a model with the
    raw ``x`` in place of ``x_within``.

    Parameters
    ----------
    data : pandas.DataFrame
    outcome : str
    exposure : str
        A numeric column (e.g. meetings per year).
    group : str
        The network (cluster) column.
    covariates : sequence of str
    categorical : dict or sequence, optional
        As in :func:`~trustlab.models.ols`, for the covariates.
    ddf : {"Satterthwaite", "Kenward-Roger"}
    confidence_level : float, default 0.95

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 2.5, 4.0, 3.0, 5.5, 6.0, 7.5, 4.0, 4.5, 3.0, 5.0],
    ...                    "x": [0, 1, 1, 2, 1, 1, 3, 4, 2, 2, 1, 3],
    ...                    "g": list("aabbccddeeff")})
    >>> res = within_between(df, "y", "x", group="g")
    >>> res.table[["effect", "estimate", "df", "p_value"]].round(4)
           effect  estimate      df  p_value
    0      within    1.1429  5.0000   0.0493
    1     between    1.4884  4.0000   0.0128
    2  contextual    0.3455  8.8558   0.5546

    In R: ``lmerTest::lmer(y ~ x_within + x_between + (1 | g))`` gives 1.1429 (df 5, p 0.0493)
    and 1.4884 (df 4, p 0.0128); ``contest(m, c(0, -1, 1))`` 0.3455 (df 8.856, p 0.5546).
    """
    covariates = tuple(covariates)
    check_columns(data, [outcome, exposure, group, *covariates])
    if exposure in covariates or group in covariates:
        raise ModelError("List the exposure and the group once, not among the covariates.")
    within, between = f"{exposure}_within", f"{exposure}_between"
    clash = [c for c in (within, between) if c in data.columns]
    if clash:
        raise ModelError(
            f"The data already hold a column {clash[0]!r}, the name of a new exposure term; "
            "rename it.",
            column=clash[0],
        )
    x = pd.to_numeric(data[exposure], errors="coerce")
    if x.notna().sum() != data[exposure].notna().sum():
        raise ModelError(
            f"The exposure {exposure!r} must be numeric (a score such as meetings per year).",
            column=exposure,
        )
    used = data[[outcome, exposure, group, *covariates]].notna().all(axis=1).to_numpy()
    frame = data.loc[used, [outcome, group, *covariates]].copy()
    xs = x[used].astype(float)
    frame[between] = xs.groupby(frame[group].to_numpy()).transform("mean").to_numpy()
    frame[within] = xs.to_numpy() - frame[between].to_numpy()
    fit = mixed_model(
        frame,
        outcome,
        [within, between, *covariates],
        group=group,
        categorical=categorical,
        confidence_level=confidence_level,
    )
    terms = list(fit.coefficients["term"])
    lost = [t for t in (within, between) if t not in terms]
    if lost:
        part = "within" if lost[0] == within else "between"
        raise ModelError(
            f"The {part} part of {exposure!r} is not identified on these data (it is constant, "
            f"or a copy of other terms: e.g. every {group!r} has the same mean {exposure}, or "
            f"no respondent differs from the mean of its {group!r}); no within-between "
            "decomposition.",
            column=exposure,
        )
    effects = fixed_effects_test(fit, ddf=ddf).table.set_index("term").loc[[within, between]]
    c = np.zeros(len(terms))
    c[terms.index(between)], c[terms.index(within)] = 1.0, -1.0
    ctx = mixed_contrast_test(fit, pd.DataFrame([c], index=["contextual"], columns=terms), ddf=ddf)
    table = pd.concat(
        [
            effects.reset_index(drop=True).assign(effect=["within", "between"]),
            ctx.table.drop(columns="term").assign(effect=["contextual"]),
        ],
        ignore_index=True,
    )
    table = table[["effect", *[col for col in table.columns if col != "effect"]]]
    alpha = 1 - confidence_level
    sig = {row.effect: row.p_value < alpha for row in table.itertuples()}
    if sig["between"] and not sig["within"]:
        reading = (
            f"{outcome} follows the {group}'s mean {exposure} (between effect), not the "
            f"respondent's own deviation from it (within effect not distinguishable from 0)."
        )
    elif sig["within"] and not sig["between"]:
        reading = (
            f"{outcome} follows the respondent's own {exposure} within a {group} (within "
            f"effect), not the {group}'s mean (between effect not distinguishable from 0)."
        )
    elif sig["within"] and sig["between"]:
        reading = (
            f"Both the respondent's own {exposure} and the {group}'s mean matter; the "
            f"contextual effect (between - within) is "
            f"{'' if sig['contextual'] else 'not '}distinguishable from 0."
        )
    else:
        reading = (
            f"Neither the within nor the between effect of {exposure} is distinguishable from 0 "
            f"at the {100 * alpha:g}% level."
        )
    return WithinBetween(
        table=table,
        fit=fit,
        exposure=exposure,
        outcome=outcome,
        group=group,
        covariates=covariates,
        ddf=ddf,
        reading=reading,
    )
