"""polycor's two-step polychoric correlation of a pair of items, with its standard error.

The thresholds come from each item's own margin, ``tau_k = Phi^-1(share of answers <= k)``;
the correlation maximises the bivariate normal likelihood of the pair's table with the
thresholds held fixed (Olsson 1979), as ``polycor::polychor(ML = FALSE, std.err = TRUE)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import ndtri

from trustlab.psychometrics._bivariate import cell_derivatives, cell_probabilities
from trustlab.psychometrics._common import PsychometricError
from trustlab.psychometrics._polychoric_core import (
    codes_of,
    neg_loglik,
    observed_information,
    optimize_rho,
    pair_tables,
)
from trustlab.results import ResultMixin

__all__ = ["PolychoricPairResult", "polychoric_pair"]


@dataclass(frozen=True, repr=False, eq=False)
class PolychoricPairResult(ResultMixin):
    """The polychoric correlation of two items with its standard error (two-step).

    Attributes
    ----------
    rho : float
        The correlation maximising the likelihood of the table with the thresholds fixed.
    se : float
        Its standard error, ``1 / sqrt(-d2 logL / d rho2)`` (thresholds taken as known).
    row_thresholds, col_thresholds : numpy.ndarray
        ``Phi^-1`` of the cumulative margins of the table (empty rows and columns dropped).
    n : int
        Respondents who answered both items.
    chi2 : float
        polycor's test of bivariate normality, ``2 * (-logL + sum(n_ij log((n_ij + 1e-6) / n)))``.
    df : int
        Its degrees of freedom, ``r c - r - c``.
    pvalue : float
        Upper tail of chi-square(``df``) at ``chi2`` (NaN when ``df`` is 0).
    table : pandas.DataFrame
        The contingency table (rows: first item's categories).
    """

    rho: float
    se: float
    row_thresholds: np.ndarray
    col_thresholds: np.ndarray
    n: int
    chi2: float
    df: int
    pvalue: float
    table: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """rho, its SE and the bivariate-normality test in one row."""
        return pd.DataFrame(
            {
                "rho": [self.rho],
                "se": [self.se],
                "n": [self.n],
                "chi2": [self.chi2],
                "df": [self.df],
                "pvalue": [self.pvalue],
            },
            index=["polychoric"],
        )

    def _title(self) -> str:
        return f"Polychoric correlation (two-step): {self.rho:.4f} (SE {self.se:.4f}), n = {self.n}"


# --------------------------------------------------------------------------------------------
# public functions
# --------------------------------------------------------------------------------------------


def polychoric_pair(x: Any, y: Any, *, tol: float = 1e-12) -> PolychoricPairResult:
    """Polychoric correlation of two items with its standard error, as ``polycor::polychor``
    with ``ML = FALSE, std.err = TRUE`` (the two-step estimator).

    The thresholds are ``qnorm`` of the cumulative margins of the pair's table (respondents
    who answered both; empty rows and columns dropped, as polycor); the correlation maximises
    the table's likelihood with the thresholds fixed; its variance is the inverse of the
    observed information ``-d2 logL / d rho2`` (analytic).

    Parameters
    ----------
    x, y : array_like
        The two items' answers (whole numbers; NaN = missing).
    tol : float
        Tolerance of the search for rho.

    Returns
    -------
    PolychoricPairResult

    Notes
    -----
    polycor finds rho with BFGS from 0 (relative tolerance 1e-8) and the Hessian by finite
    differences with step 1e-3, so its rho and SE are accurate to about 1e-5; with
    ``control = list(reltol = 1e-14, ndeps = 1e-5)`` they agree with trustlab to about 1e-8.

    Examples
    --------
    >>> import numpy as np
    >>> from trustlab.psychometrics import polychoric_pair
    >>> x = np.array([1, 2, 2, 3, 3, 3, 1, 2, 3, 1, 2, 3, 3, 2, 1, 1])
    >>> y = np.array([1, 1, 2, 3, 2, 3, 2, 2, 3, 1, 3, 3, 2, 2, 1, 2])
    >>> res = polychoric_pair(x, y)
    >>> # polycor::polychor(x, y, std.err = TRUE): rho 0.8229288, SE 0.1223828
    >>> round(res.rho, 4), round(res.se, 4)
    (0.8229, 0.1224)
    """
    pair = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    codes, categories = codes_of(pair, ("x", "y"))
    complete = (codes >= 0).all(axis=1)
    codes = codes[complete]
    n_cat = len(categories)
    tab = pair_tables(codes, n_cat, np.array([0]), np.array([1]))[0]
    keep_r, keep_c = tab.sum(axis=1) > 0, tab.sum(axis=0) > 0
    table = tab[np.ix_(keep_r, keep_c)]
    if table.shape[0] < 2 or table.shape[1] < 2:
        raise PsychometricError(
            "The two items' table has fewer than 2 rows or columns among the respondents who "
            "answered both; there is no correlation to estimate.",
            expected="at least two answer categories in each item",
        )
    n = float(table.sum())
    rc = ndtri(np.cumsum(table.sum(axis=1)) / n)[:-1]
    cc = ndtri(np.cumsum(table.sum(axis=0)) / n)[:-1]
    prop = (table / n)[None]
    t1, t2 = rc[None], cc[None]
    rho = float(optimize_rho(prop, t1, t2, float(tol), bound=0.9999)[0])
    rho = float(_newton_polish(table[None], t1, t2, np.array([rho]))[0])
    info = float(observed_information(table[None], t1, t2, np.array([rho]))[0])
    loglik = -float(neg_loglik(table[None], t1, t2, np.array([rho]))[0])
    chi2 = 2 * (-loglik + float(np.sum(table * np.log((table + 1e-6) / n))))
    r, c = table.shape
    df = r * c - r - c
    from trustlab.distributions import chi2 as chi2_dist

    return PolychoricPairResult(
        rho=rho,
        se=float(1 / np.sqrt(info)),
        row_thresholds=rc,
        col_thresholds=cc,
        n=int(n),
        chi2=chi2,
        df=int(df),
        pvalue=float(chi2_dist.sf(chi2, df)) if df > 0 else float("nan"),
        table=pd.DataFrame(
            table.astype(np.int64),
            index=[f"{v:g}" for v in categories[keep_r]],
            columns=[f"{v:g}" for v in categories[keep_c]],
        ),
    )


def _newton_polish(
    tab: np.ndarray, tau1: np.ndarray, tau2: np.ndarray, rho: np.ndarray, steps: int = 3
) -> np.ndarray:
    """A few Newton steps on the score ``sum(n_ij P'_ij / P_ij)`` (to full precision)."""
    for _ in range(steps):
        prob = cell_probabilities(tau1, tau2, rho)
        d1 = cell_derivatives(tau1, tau2, rho)
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.sum(np.where(tab > 0, tab * d1 / prob, 0.0), axis=(1, 2))
        info = observed_information(tab, tau1, tau2, rho)
        step = np.where(info > 0, score / info, 0.0)
        rho = np.clip(rho + step, -0.9999, 0.9999)
    return rho
