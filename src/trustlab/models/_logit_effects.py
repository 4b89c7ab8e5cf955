"""Average marginal effects and predicted probabilities of a fitted logistic regression.

Counterfactual averages over the respondents: everyone set to a category (or nudged on a numeric
predictor), with delta-method standard errors from the model and the cluster-robust covariance.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from trustlab.distributions import norm
from trustlab.models._common import INTERCEPT
from trustlab.models.covariance import contrast_standard_errors

__all__ = ["marginal_effects", "predicted", "z_columns"]


def z_columns(est: np.ndarray, se: np.ndarray, level: float) -> dict[str, np.ndarray]:

    with np.errstate(invalid="ignore", divide="ignore"):
        z = est / se
    q = norm.ppf(1 - (1 - level) / 2)
    return {
        "statistic": z,
        "p_value": 2 * norm.sf(np.abs(z)),
        "ci_low": est - q * se,
        "ci_high": est + q * se,
    }


class _Buffers:
    """Three arrays of one number per row, reused by every counterfactual of one fit (each
    fresh array of millions of numbers costs its page faults)."""

    def __init__(self, n: int) -> None:
        self.base, self.p, self.work = np.empty(n), np.empty(n), np.empty(n)


#: Rows per step of the element-wise work below: the arrays of a step stay in the cache.
_STEP = 8_192


def _steps(n: int) -> list[slice]:
    return [slice(i, min(i + _STEP, n)) for i in range(0, n, _STEP)]


def _without(
    design: Any, eta: np.ndarray, beta: np.ndarray, var: str, buffers: _Buffers
) -> np.ndarray:
    """The linear predictor with the terms of ``var`` taken out (everyone at its reference),
    in ``buffers.base``.

    Element by element ``eta - X[:, j] * beta[j]`` for each term j of ``var`` in order, as on
    whole columns, a few thousand rows at a time (X is read once, not once per term).
    """
    out, work = buffers.base, buffers.work
    columns = [j for j, v in enumerate(design.term_variable) if v == var]
    X = design.X
    for rows in _steps(len(eta)):
        ob, wb = out[rows], work[rows]
        np.copyto(ob, eta[rows])
        for j in columns:
            ob -= np.multiply(X[rows, j], beta[j], out=wb)
    return out


def _avg_prob(
    design: Any, base: np.ndarray, beta: np.ndarray, var: str, level: Any, buffers: _Buffers
) -> tuple[float, np.ndarray]:
    """Average probability and its gradient with everyone set to ``level`` of ``var``.

    The counterfactual design differs from X only in the columns of ``var`` (the indicator of
    ``level`` for everyone), so its linear predictor is ``base`` plus that term's coefficient and
    the gradient, the mean of p(1 - p) times the counterfactual rows, is ``dens @ X / n`` with
    those columns replaced: no copy of X is made.
    """
    X = design.X
    target = f"{var}[{level}]"
    shift = 0.0
    j_target = None
    if target in design.terms:
        j_target = design.terms.index(target)
        shift = beta[j_target]
    # p = 1 / (1 + exp(-(base + shift))) and dens = p (1 - p), in the reused arrays, a few
    # thousand rows at a time (the same operations on each number as on whole arrays)
    p, dens = buffers.p, buffers.work
    with np.errstate(over="ignore"):  # exp overflow gives p = 0 exactly, as intended
        for rows in _steps(len(base)):
            pb, db = p[rows], dens[rows]
            np.add(base[rows], shift, out=pb)
            np.negative(pb, out=pb)
            np.exp(pb, out=pb)
            np.add(1, pb, out=pb)
            np.divide(1, pb, out=pb)
            np.multiply(pb, np.subtract(1, pb, out=db), out=db)
    grad = (dens @ X) / len(p)
    for j, v in enumerate(design.term_variable):
        if v == var:
            grad[j] = 0.0
    if j_target is not None:
        grad[j_target] = dens.mean()
    return float(p.mean()), grad


def _se(grads: list[np.ndarray], v: np.ndarray | None) -> np.ndarray:
    if v is None or not grads:  # no cluster SE, or no effect at all (an intercept-only model)
        return np.full(len(grads), np.nan)
    return contrast_standard_errors(np.array(grads), v)


def marginal_effects(
    design: Any,
    beta: np.ndarray,
    v_model: np.ndarray,
    v_cl: np.ndarray | None,
    level: float,
    averages: dict[Any, tuple[float, np.ndarray]] | None = None,
    by: str | None = None,
) -> pd.DataFrame:
    """The average marginal effects (see :class:`~trustlab.models.LogitResult`).

    With ``averages`` (a dict) and ``by`` (a categorical predictor), the average probability
    and its gradient with everyone at each category of ``by`` are put in ``averages`` (keyed
    by category) for :func:`predicted`, which then needs no pass over the rows of its own.
    """
    X = design.X
    eta = X @ beta
    names, est, grads = [], [], []
    buffers = _Buffers(len(eta))
    for var, cats in design.levels.items():
        base = _without(design, eta, beta, var, buffers)
        keep = averages is not None and var == by
        p0, g0 = _avg_prob(design, base, beta, var, cats[0], buffers)
        if keep:
            averages[cats[0]] = p0, g0
        for cat in cats[1:]:
            term = f"{var}[{cat}]"
            if term not in design.terms:
                if keep:  # predicted() sets everyone to it as well (and then says NaN)
                    averages[cat] = _avg_prob(design, base, beta, var, cat, buffers)
                continue
            val, g1 = _avg_prob(design, base, beta, var, cat, buffers)
            if keep:
                averages[cat] = val, g1
            names.append(term)
            est.append(val - p0)
            grads.append(g1 - g0)
    buffers = base = None  # let the counterfactuals' arrays go
    # p = 1 / (1 + exp(-eta)) and dens = p (1 - p) in eta's memory and one array (the same
    # operations on each number as the expressions; two arrays of n numbers, not five)
    p = eta
    with np.errstate(over="ignore"):  # exp overflow gives p = 0 exactly, as intended
        np.divide(1, np.add(1, np.exp(np.negative(p, out=p), out=p), out=p), out=p)
    dens = np.subtract(1, p)
    np.multiply(p, dens, out=dens)
    n = len(p)
    slope = None  # the same for every numeric term: formed once
    for j, term in enumerate(design.terms):
        if term == INTERCEPT or design.term_variable[j] in design.levels:
            continue
        if slope is None:
            # dens (1 - 2 p), formed in p's memory (p is needed no more)
            np.subtract(1, np.multiply(2, p, out=p), out=p)
            slope = (dens.mean(), np.multiply(dens, p, out=p) @ X)
        e_j = np.zeros(len(beta))
        e_j[j] = 1.0
        names.append(term)
        est.append(float(slope[0] * beta[j]))
        grads.append(slope[0] * e_j + beta[j] * slope[1] / n)  # (beta_j v) / n, as before
    est_a = np.array(est)
    se_m, se_c = _se(grads, v_model), _se(grads, v_cl)
    used = se_m if v_cl is None else se_c
    return pd.DataFrame(
        {
            "term": names,
            "estimate": est_a,
            "std_error": se_m,
            "std_error_cluster": se_c,
            **z_columns(est_a, used, level),
        }
    )


def predicted(
    design: Any,
    var: str,
    beta: np.ndarray,
    v_model: np.ndarray,
    v_cl: np.ndarray | None,
    level: float,
    averages: dict[Any, tuple[float, np.ndarray]] | None = None,
) -> pd.DataFrame:
    """The average predicted probability per category of ``var`` (see
    :class:`~trustlab.models.LogitResult`); from ``averages`` when :func:`marginal_effects`
    put them there (the same numbers)."""
    cats = design.levels[var]
    est, grads = [], []
    if averages is None or any(cat not in averages for cat in cats):
        eta = design.X @ beta
        buffers = _Buffers(len(eta))
        base = _without(design, eta, beta, var, buffers)
        del eta
        averages = {cat: _avg_prob(design, base, beta, var, cat, buffers) for cat in cats}
    for cat in cats:
        val, g = averages[cat]
        est.append(val)
        grads.append(g)
    est_a = np.array(est)
    se_m, se_c = _se(grads, v_model), _se(grads, v_cl)
    cols = z_columns(est_a, se_m if v_cl is None else se_c, level)
    table = pd.DataFrame(
        {
            "probability": est_a,
            "std_error": se_m,
            "std_error_cluster": se_c,
            "ci_low": np.clip(cols["ci_low"], 0, 1),
            "ci_high": np.clip(cols["ci_high"], 0, 1),
        },
        index=pd.Index(cats, name=var),
    )
    # a category whose term was dropped (nobody in it) has no estimate of its own: setting
    # everyone to it would silently repeat the reference category's probability
    empty = [c for c in cats if f"{var}[{c}]" in design.dropped_terms]
    table.loc[empty, :] = np.nan
    return table
