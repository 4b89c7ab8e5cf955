"""Polychoric correlations: psych's ``polychoric`` matrix (polycor's pair with its SE is in
:mod:`trustlab.psychometrics.polychoric_pair`).

The two-step method (Olsson 1979): each item's thresholds come from its own margin,
``tau_k = Phi^-1(share of answers <= k)``; then each correlation maximises the bivariate normal
likelihood of the pair's contingency table with the thresholds held fixed. Every pair of items is
handled at once (the tables, the cell probabilities and the one-dimensional search are numpy
arrays over pairs), so 20 items x 10,000 respondents take well under a second.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from trustlab.psychometrics._bivariate import (
    R_OPTIMIZE_TOL,
)
from trustlab.psychometrics._common import (
    ItemMatrix,
    PsychometricWarning,
    as_item_matrix,
)
from trustlab.psychometrics._polychoric_core import (
    check_spread,
    codes_of,
    cor_smooth,
    pair_index,
    pair_tables,
    solve_pairs,
    thresholds,
)
from trustlab.results import ResultMixin

__all__ = [
    "PolychoricResult",
    "polychoric",
    "polychoric_of",
]


@dataclass(frozen=True, repr=False, eq=False)
class PolychoricResult(ResultMixin):
    """A polychoric correlation matrix, as ``psych::polychoric``.

    Attributes
    ----------
    rho : pandas.DataFrame
        Items x items polychoric correlations (psych's ``rho``; smoothed when it was not
        positive definite, see ``smoothed``).
    tau : pandas.DataFrame
        Items x thresholds: ``Phi^-1`` of the cumulative share of each item's answers at or
        below category ``k`` (psych's ``tau``; columns ``"1"``..``"K-1"``, categories counted from
        the smallest answer in the data). An unused category gives an infinite threshold.
    se : pandas.DataFrame
        Standard error of each correlation with the thresholds taken as known (the two-step
        standard error of ``polycor::polychor(ML = FALSE, std.err = TRUE)``), from the observed
        information of the pair's table at ``rho``; 0 on the diagonal.
    n_pairs : pandas.DataFrame
        Respondents who answered both items (the size of each pair's table).
    n_obs : int
        Rows with at least one answer.
    categories : tuple of float
        The answer values, in order (category 1, 2, ...).
    global_thresholds : bool
        True: every correlation uses the items' own thresholds (psych's ``global = TRUE``, its
        default when all items have the same highest answer). False: each pair's thresholds come
        from its own table, after dropping empty rows and columns and adding ``correct`` to empty
        cells (psych's ``global = FALSE``).
    correct : float
        The continuity correction for empty cells (used only without global thresholds).
    n_corrected : int
        Pairs whose table had empty cells that ``correct`` filled (psych's warning count).
    smoothed : bool
        Whether the matrix was not positive definite and was smoothed (``psych::cor.smooth``).
    tol : float
        Tolerance of the one-dimensional search (R's ``optimize`` default, as psych).
    warnings : tuple of str
        The messages also issued as :class:`PsychometricWarning`.
    """

    rho: pd.DataFrame
    tau: pd.DataFrame
    se: pd.DataFrame
    n_pairs: pd.DataFrame
    n_obs: int
    categories: tuple[float, ...]
    global_thresholds: bool
    correct: float
    n_corrected: int
    smoothed: bool
    tol: float
    warnings: tuple[str, ...] = field(default=())

    def summary(self) -> pd.DataFrame:
        """The correlation matrix."""
        return self.rho.copy()

    def _title(self) -> str:
        return (
            f"Polychoric correlations: {len(self.rho)} items, n = {self.n_obs}, "
            f"{len(self.categories)} categories"
        )

    def _notes(self) -> list[str]:
        return list(self.warnings)


def polychoric(
    items: Any,
    *,
    correct: float = 0.5,
    smooth: bool = True,
    global_thresholds: bool | None = None,
    tol: float = R_OPTIMIZE_TOL,
) -> PolychoricResult:
    """Polychoric correlation matrix of ordinal items, as R's ``psych::polychoric(x)``.

    Answers are recoded as categories 1..K counted from the smallest answer of all items
    (psych's recoding). Each item's thresholds are ``qnorm`` of the cumulative shares of its
    own answers; each pair's correlation minimises ``-sum(p_ij log P_ij(rho))`` over the
    respondents who answered both (pairwise), ``p_ij`` the table's proportions and ``P_ij``
    the bivariate normal cell probabilities, by R's ``optimize`` on (-1, 1) with psych's
    tolerance (Brent's search reproduced step by step, so the digits are psych's).

    Parameters
    ----------
    items : pandas.DataFrame or array_like
        One column per item, answers coded as whole numbers (at most 8 categories); missing
        answers as NaN (pairwise deletion, as psych).
    correct : float
        Continuity correction for empty cells (psych's ``correct = 0.5``): an empty cell
        counts as ``correct`` respondents. psych applies it only without global thresholds.
    smooth : bool
        Smooth a matrix that is not positive definite (``psych::cor.smooth``), as psych.
    global_thresholds : bool, optional
        psych's ``global``. By default (None) as psych: True when every item has the same
        highest answer, else False (psych then warns). See
        :attr:`PolychoricResult.global_thresholds`.
    tol : float
        Tolerance of the search, R's ``optimize`` default ``.Machine$double.eps^0.25`` as
        psych; a smaller value (for example 1e-10) gives the maximum-likelihood correlation to
        full precision, which differs from psych's in the fifth decimal at most.

    Returns
    -------
    PolychoricResult

    Raises
    ------
    PsychometricError
        Non-integer answers, more than 8 categories, an item without variance.

    Warns
    -----
    PsychometricWarning
        Items with different highest answers (global thresholds switched off, as psych),
        corrected empty cells, a smoothed matrix, a pair nobody answered together.

    Notes
    -----
    Agrees with psych 2.2.9 to about 1e-9 on ``rho`` and exactly on ``tau`` (tests: 1e-6).
    psych drops items without variance with a message; trustlab refuses them instead.

    Examples
    --------
    >>> import pandas as pd
    >>> from trustlab.psychometrics import polychoric
    >>> d = pd.DataFrame({"a": [1, 2, 2, 3, 3, 3, 1, 2, 3, 1, 2, 3, 3, 2, 1, 1, 2, 3, 2, 1],
    ...                   "b": [1, 1, 2, 3, 2, 3, 2, 2, 3, 1, 3, 3, 2, 2, 1, 2, 2, 3, 1, 1],
    ...                   "c": [2, 1, 2, 3, 3, 2, 1, 3, 3, 1, 2, 2, 3, 1, 1, 2, 3, 3, 2, 2]})
    >>> res = polychoric(d)
    >>> # psych::polychoric(d)$rho: a-b 0.838646023641, a-c 0.748398196535, b-c 0.587292181090
    >>> res.rho.round(6).to_numpy().tolist()
    [[1.0, 0.838646, 0.748398], [0.838646, 1.0, 0.587292], [0.748398, 0.587292, 1.0]]
    """
    return polychoric_of(
        as_item_matrix(items, min_items=2), correct=correct, smooth=smooth,
        global_thresholds=global_thresholds, tol=tol, stacklevel=3,
    )  # fmt: skip


def polychoric_of(
    data: ItemMatrix, *, correct: float = 0.5, smooth: bool = True,
    global_thresholds: bool | None = None, tol: float = R_OPTIMIZE_TOL, stacklevel: int = 2,
) -> PolychoricResult:  # fmt: skip
    """:func:`polychoric` of items already checked and converted (an
    :class:`~trustlab.psychometrics._common.ItemMatrix`, e.g. reverse-keyed): no second copy
    of the answers (at ten million respondents half a gigabyte); ``stacklevel`` of its
    warnings as :func:`warnings.warn`'s."""
    names = data.names
    codes, categories = codes_of(data.values, names)
    check_spread(codes, names)
    n_cat = len(categories)
    p = len(names)
    messages: list[str] = []
    if global_thresholds is None:
        highest = np.array([codes[:, j].max() for j in range(p)])
        global_thresholds = bool((highest == highest[0]).all())
        if not global_thresholds:
            messages.append(
                "The items do not have the same highest answer, so each correlation uses its "
                "own table's thresholds (psych: 'global set to FALSE')."
            )
    freq = np.stack([np.bincount(codes[codes[:, j] >= 0, j], minlength=n_cat) for j in range(p)])
    n_item = freq.sum(axis=1)
    tau = thresholds(freq)
    rows, cols = pair_index(p)
    tab = pair_tables(codes, n_cat, rows, cols)
    tot = tab.sum(axis=(1, 2))
    rho_pairs, se_pairs, fixed, fine = solve_pairs(
        tab, tau[rows], tau[cols], global_thresholds, float(correct), float(tol), se=True
    )
    n_corrected = int(fixed[fine].sum())
    if n_corrected and correct > 0:
        messages.append(
            f"{n_corrected} item pair(s) had empty cells, adjusted by the continuity "
            f"correction {correct:g} (psych's correct); examine these items' answers."
        )
    if not fine.all():
        bad = np.flatnonzero(~fine)[0]
        messages.append(
            f"{int((~fine).sum())} correlation(s) could not be estimated (for example items "
            f"{names[rows[bad]]!r} and {names[cols[bad]]!r}: too few respondents answered both "
            "or their table has a single row or column); they are missing."
        )
    r = np.eye(p)
    r[rows, cols] = r[cols, rows] = rho_pairs
    se = np.zeros((p, p))
    se[rows, cols] = se[cols, rows] = se_pairs
    npairs = np.diag(n_item).astype(float)
    npairs[rows, cols] = npairs[cols, rows] = tot
    smoothed = False
    if smooth and np.isfinite(r).all():
        r, smoothed = cor_smooth(r)
        if smoothed:
            messages.append(
                "The polychoric matrix was not positive definite and was smoothed "
                "(psych::cor.smooth); the correlations changed slightly."
            )
    for message in messages:
        warnings.warn(message, PsychometricWarning, stacklevel=stacklevel)
    labels = [str(k) for k in range(1, n_cat)]
    return PolychoricResult(
        rho=pd.DataFrame(r, index=list(names), columns=list(names)),
        tau=pd.DataFrame(tau, index=list(names), columns=labels),
        se=pd.DataFrame(se, index=list(names), columns=list(names)),
        n_pairs=pd.DataFrame(npairs.astype(np.int64), index=list(names), columns=list(names)),
        n_obs=int(data.values.shape[0]),
        categories=tuple(float(c) for c in categories),
        global_thresholds=bool(global_thresholds),
        correct=float(correct),
        n_corrected=n_corrected,
        smoothed=smoothed,
        tol=float(tol),
        warnings=tuple(messages),
    )
