"""Hypothesis tests: chi-square with Cramer's V and Kruskal-Wallis (trend tests: trend_tests).

Each test takes a DataFrame and column names and returns a :class:`TestResult` with
``statistic``, ``df`` and ``p_value``, like R's ``htest``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from trustlab._arguments import MAX_RESAMPLES, as_generator, whole_number
from trustlab.distributions import chi2, ranks_and_ties
from trustlab.models._common import (
    ModelError,
    RowLabels,
    categories_of,
    category_codes,
    check_columns,
    check_finite,
    warn,
)
from trustlab.models.descriptives import crosstab
from trustlab.results import ResultMixin

__all__ = ["TestResult", "chi_square_test", "kruskal_wallis", "kruskal_wallis_counts"]

#: Default number of Monte Carlo tables for the chi-square p-value (R's default B).
N_RESAMPLES = 2000


@dataclass(frozen=True, repr=False, eq=False)
class TestResult(ResultMixin):
    """The result of a hypothesis test.

    Attributes
    ----------
    method : str
        The test, as R names it.
    statistic : float
        The test statistic (chi-square, H, J, ...).
    df : float or None
        Degrees of freedom of the reference distribution (``None`` for a normal z).
    p_value : float
        The p-value (asymptotic; see ``p_value_monte_carlo`` for the chi-square test).
    n : int
        Observations used.
    n_dropped : int
        Rows dropped for a missing value.
    alternative : str
        ``"two-sided"``, ``"increasing"`` or ``"decreasing"``.
    extra : dict
        Test-specific values: ``cramers_v``, ``expected``, ``p_value_monte_carlo``,
        ``n_resamples`` (chi-square); ``z``, ``mean``, ``variance`` (Jonckheere-Terpstra,
        Cochran-Armitage).
    warnings : tuple of str
        Messages also issued as :class:`~trustlab.models.ModelWarning`.
    """

    __test__ = False  # not a pytest test class

    method: str
    statistic: float
    df: float | None
    p_value: float
    n: int
    n_dropped: int = 0
    alternative: str = "two-sided"
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def summary(self) -> pd.DataFrame:
        """One row: statistic, df, p-value, n and the scalar extras."""
        row: dict[str, Any] = {"statistic": self.statistic, "df": self.df, "p_value": self.p_value}
        row.update({k: v for k, v in self.extra.items() if np.isscalar(v)})
        row["n"] = self.n
        return pd.DataFrame([row], index=[self.method])

    def _title(self) -> str:
        return self.method

    def _notes(self) -> list[str]:
        return list(self.warnings)


def _outcome_by_group(
    data: pd.DataFrame, outcome: str, group: str
) -> tuple[np.ndarray, np.ndarray, list[Any], int]:
    """Outcome values and group codes (in category order) of the complete rows."""
    check_columns(data, [outcome, group])
    ok = (data[outcome].notna() & data[group].notna()).to_numpy()
    cats = categories_of(data[group])
    try:
        # the complete rows of the column's values, without their labels (no take of the index)
        y = pd.Series(data[outcome].array[ok], copy=False).to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise ModelError(f"The outcome {outcome!r} must be numeric.", column=outcome) from exc
    check_finite(y, outcome, RowLabels(data.index, ok), "The outcome")
    g = category_codes(data[group], cats)[ok]
    if (g < 0).any():  # pragma: no cover - categories_of covers every value
        raise ModelError(f"Unknown category in {group!r}.", column=group)
    return y, g, cats, int((~ok).sum())


def check_not_constant(y: np.ndarray, outcome: str, test: str) -> None:
    """Refuse an outcome with one value in every row: its ranks are all tied."""
    if y.size and np.all(y == y[0]):
        raise ModelError(
            f"The outcome {outcome!r} has the same value ({y[0]:g}) in every row used, so the "
            f"{test} is undefined (all ranks are tied): there is no difference to test.",
            column=outcome,
            value=float(y[0]),
        )


def chi_square_test(
    data: pd.DataFrame | None = None,
    row: str | None = None,
    column: str | None = None,
    *,
    table: Any = None,
    monte_carlo: bool | None = None,
    n_resamples: int = N_RESAMPLES,
    seed: int | np.random.Generator | None = None,
) -> TestResult:
    """Pearson's chi-square test of independence with Cramer's V.

    As R's ``chisq.test(table, correct = FALSE)``. When any expected count is below 5 a
    :class:`~trustlab.models.ModelWarning` is issued and a Monte Carlo p-value is added (as
    ``chisq.test(simulate.p.value = TRUE, B = n_resamples)``: tables with the observed margins,
    ``p = (1 + #{X2* >= X2}) / (B + 1)``). Empty rows or columns are left out (with a warning).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        With ``row`` and ``column``: the two categorical columns to cross.
    table : array-like or DataFrame, optional
        A contingency table instead of ``data``.
    monte_carlo : bool, optional
        Force (True) or skip (False) the Monte Carlo p-value; default: when an expected count is
        below 5.
    n_resamples : int, default 2000
    seed : int or numpy.random.Generator, optional
        For the Monte Carlo p-value.

    Examples
    --------
    >>> r = chi_square_test(table=[[20, 10], [15, 25]])
    >>> print(f"{r.statistic:.4f} {r.p_value:.6f}")  # R chisq.test(correct = FALSE): same
    5.8333 0.015725
    """
    store: list[str] = []
    n_dropped = 0
    n_resamples = whole_number(
        n_resamples, "n_resamples", minimum=1, maximum=MAX_RESAMPLES, error=ModelError
    )
    rng = as_generator(seed, error=ModelError)
    if table is None:
        if data is None or row is None or column is None:
            raise ModelError("Give data with row and column, or a contingency table as table=.")

        ct = crosstab(data, row, column)
        tab, n_dropped = ct.counts, ct.n_dropped
    try:
        if table is not None and not isinstance(table, pd.DataFrame):
            tab = pd.DataFrame(np.asarray(table))
        elif table is not None:
            tab = table
        obs = tab.to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise ModelError(f"The contingency table must hold counts ({exc}).") from None
    with np.errstate(invalid="ignore"):
        counts_ok = np.isfinite(obs).all() and (obs >= 0).all() and (obs <= 1e15).all()
    if obs.ndim != 2 or not counts_ok:
        raise ModelError(
            "The contingency table must be two-dimensional with finite counts from 0 to 1e15."
        )
    rows_ok, cols_ok = obs.sum(axis=1) > 0, obs.sum(axis=0) > 0
    if not rows_ok.all() or not cols_ok.all():
        empty = [str(x) for x in tab.index[~rows_ok]] + [str(x) for x in tab.columns[~cols_ok]]
        warn(f"Empty categories left out of the chi-square test: {', '.join(empty)}.", store)
        tab = tab.loc[rows_ok, cols_ok]
        obs = tab.to_numpy(dtype=float)
    if min(obs.shape) < 2:
        raise ModelError("The chi-square test needs at least two non-empty rows and columns.")

    n = obs.sum()
    expected = np.outer(obs.sum(axis=1), obs.sum(axis=0)) / n
    stat = float(((obs - expected) ** 2 / expected).sum())
    df = (obs.shape[0] - 1) * (obs.shape[1] - 1)
    extra: dict[str, Any] = {
        "cramers_v": float(np.sqrt(stat / (n * (min(obs.shape) - 1)))),
        "expected": pd.DataFrame(expected, index=tab.index, columns=tab.columns),
    }
    sparse = bool((expected < 5).any())
    if sparse:
        low = int((expected < 5).sum())
        warn(
            f"{low} of {expected.size} expected counts are below 5, so the chi-square "
            f"approximation may be poor; the Monte Carlo p-value ({n_resamples} tables) is "
            "the one to report.",
            store,
        )
    if monte_carlo or (monte_carlo is None and sparse):
        extra["p_value_monte_carlo"] = _chi_square_monte_carlo(
            obs, expected, stat, n_resamples, rng
        )
        extra["n_resamples"] = n_resamples
    return TestResult(
        "Pearson's Chi-squared test",
        stat,
        float(df),
        float(chi2.sf(stat, df)),
        int(n),
        n_dropped,
        extra=extra,
        warnings=tuple(store),
    )


def _chi_square_monte_carlo(
    obs: np.ndarray, expected: np.ndarray, stat: float, n_resamples: int, rng: Any
) -> float:
    """Monte Carlo p-value over tables with the observed margins (R's r2dtable approach)."""
    r, c = obs.shape
    counts = obs.astype(int)
    row_lab = np.repeat(np.arange(r), counts.sum(axis=1))
    col_lab = np.repeat(np.arange(c), counts.sum(axis=0))
    ge = 0
    almost_one = 1 - 64 * np.finfo(float).eps
    chunk = max(1, 2_000_000 // max(col_lab.size, 1))
    done = 0
    while done < n_resamples:
        b = min(chunk, n_resamples - done)
        perm = rng.permuted(np.broadcast_to(col_lab, (b, col_lab.size)), axis=1)
        cells = row_lab[None, :] * c + perm + (np.arange(b) * r * c)[:, None]
        tabs = np.bincount(cells.ravel(), minlength=b * r * c).reshape(b, r, c)
        sim = ((tabs - expected) ** 2 / expected).sum(axis=(1, 2))
        ge += int((sim >= almost_one * stat).sum())
        done += b
    return (1 + ge) / (n_resamples + 1)


def kruskal_wallis(data: pd.DataFrame, outcome: str, group: str) -> TestResult:
    """Kruskal-Wallis rank-sum test, with the tie correction, as R's ``kruskal.test``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1, 2, 2, 3, 4, 5, 5, 6], "g": list("aabbbccc")})
    >>> r = kruskal_wallis(df, "y", "g")
    >>> print(f"{r.statistic:.4f} {r.p_value:.4f}")  # R: kruskal.test(y ~ g): 6.0112 0.04951
    6.0112 0.0495
    """

    y, g, _, n_dropped = _outcome_by_group(data, outcome, group)
    present = np.unique(g)
    if present.size < 2:
        raise ModelError(f"Kruskal-Wallis needs at least two categories of {group!r} with data.")
    check_not_constant(y, outcome, "Kruskal-Wallis test")
    n = y.size
    ranks, ties = ranks_and_ties(y)  # ties: sizes of the groups of equal values
    stat = sum(ranks[g == k].sum() ** 2 / np.sum(g == k) for k in present)
    stat = 12 / (n * (n + 1)) * stat - 3 * (n + 1)
    stat /= 1 - np.sum(ties**3 - ties) / (n**3 - n)
    df = present.size - 1
    return TestResult(
        "Kruskal-Wallis rank sum test",
        float(stat),
        float(df),
        float(chi2.sf(stat, df)),
        n,
        n_dropped,
    )


def kruskal_wallis_counts(counts: Any) -> TestResult:
    """Kruskal-Wallis test from a table of counts: one row per distinct outcome value (any
    order), one column per group. The ranks with ties come exactly from the table (each value's
    midrank), so the statistic is :func:`kruskal_wallis`'s on the rows the table counts: an
    outcome that takes finitely many values (a scale score) read in chunks needs only its
    table.

    Examples
    --------
    >>> import pandas as pd
    >>> # y = 1 2 | 2 3 4 | 5 5 6 in groups a | b | c, counted per value of y
    >>> table = pd.DataFrame({"a": [1, 1, 0, 0, 0, 0], "b": [0, 1, 1, 1, 0, 0],
    ...                       "c": [0, 0, 0, 0, 2, 1]}, index=[1, 2, 3, 4, 5, 6])
    >>> print(f"{kruskal_wallis_counts(table).statistic:.4f}")  # as kruskal_wallis: 6.0112
    6.0112
    """
    table = counts if isinstance(counts, pd.DataFrame) else pd.DataFrame(np.asarray(counts))
    table = table.sort_index()
    obs = table.to_numpy(dtype=float)
    if obs.ndim != 2 or not np.isfinite(obs).all() or (obs < 0).any():
        raise ModelError("The table must hold finite counts of 0 or more.")
    n_j = obs.sum(axis=0)
    present = n_j > 0
    if present.sum() < 2:
        raise ModelError("Kruskal-Wallis needs at least two groups with data.")
    ties = obs.sum(axis=1)
    ties = ties[ties > 0]
    if ties.size < 2:
        raise ModelError("Kruskal-Wallis: every value is the same; there is nothing to rank.")
    t_all = obs.sum(axis=1)
    n = float(t_all.sum())
    midrank = np.cumsum(t_all) - t_all + (t_all + 1) / 2
    mean_rank = (midrank @ obs[:, present]) / n_j[present]
    # sum n_j (mean rank_j - (N + 1) / 2)^2: no cancellation of two large terms
    stat = 12 / (n * (n + 1)) * float(np.sum(n_j[present] * (mean_rank - (n + 1) / 2) ** 2))
    stat /= 1 - float(np.sum(ties**3 - ties)) / (n**3 - n)
    df = int(present.sum()) - 1
    return TestResult(
        "Kruskal-Wallis rank sum test", float(stat), float(df), float(chi2.sf(stat, df)), int(n)
    )
