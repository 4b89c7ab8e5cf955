"""The fields every regression result shares, defined once.

:class:`~trustlab.models.linear.OLSResult`, :class:`~trustlab.models.logistic.LogitResult`,
:class:`~trustlab.models.mixed.MixedResult` and :class:`~trustlab.models.ordinal.OrdinalResult`
derive from :class:`RegressionResult`: the coefficient table and its covariance, the outcome, the
n behind the fit and who was dropped and why, the categorical levels (reference first), the
confidence level and the warnings; ``summary()`` is the coefficient table indexed by term. The
fields are keyword-only, so each model adds its own without regard to order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from trustlab.results import ResultMixin

__all__ = ["RegressionResult"]


@dataclass(frozen=True, repr=False, eq=False, kw_only=True)
class RegressionResult(ResultMixin):
    """What every fitted regression model reports.

    Attributes
    ----------
    coefficients : pandas.DataFrame
        One row per term: ``term``, ``estimate``, ``std_error``, test statistic, ``p_value``,
        ``ci_low``, ``ci_high`` (and the model's own columns).
    vcov : pandas.DataFrame
        The covariance matrix of the estimates the ``std_error`` column comes from.
    outcome : str
        The outcome column.
    n_obs : int
        Rows used in the fit.
    n_rows : int
        Rows given.
    dropped : dict
        Rows left out, by reason (e.g. ``{"missing outcome": 3}``).
    dropped_rows : tuple
        The labels of the rows left out (never exported to ``results.json``).
    dropped_terms : tuple of str
        Terms left out (aliased with others, or constant).
    levels : dict
        The levels of each categorical predictor, the reference level first.
    confidence_level : float
        The level of the confidence intervals.
    warnings : tuple of str
        What deserves a look (separation, few clusters, non-convergence, ...).
    """

    _private = ("dropped_rows",)

    coefficients: pd.DataFrame
    vcov: pd.DataFrame
    outcome: str
    n_obs: int
    n_rows: int
    dropped: dict[str, int]
    dropped_rows: tuple[Any, ...]
    dropped_terms: tuple[str, ...]
    levels: dict[str, list[Any]]
    confidence_level: float
    warnings: tuple[str, ...] = ()

    def summary(self) -> pd.DataFrame:
        """The coefficient table, indexed by term."""
        return self.coefficients.set_index("term")
