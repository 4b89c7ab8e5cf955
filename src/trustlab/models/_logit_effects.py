"""Average marginal effects and predicted probabilities of a fitted logistic regression.

Counterfactual averages over the respondents: everyone set to a category (or nudged on a numeric
predictor), with delta-method standard errors from the model and the cluster-robust covariance.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from trustlab.models._common import INTERCEPT

__all__ = ["marginal_effects", "predicted", "z_columns"]


def z_columns(est: np.ndarray, se: np.ndarray, level: float) -> dict[str, np.ndarray]:
    from scipy.stats import norm

    with np.errstate(invalid="ignore", divide="ignore"):
        z = est / se
    q = norm.ppf(1 - (1 - level) / 2)
    return {
        "statistic": z,
        "p_value": 2 * norm.sf(np.abs(z)),
        "ci_low": est - q * se,
        "ci_high": est + q * se,
    }


def _set_level(design: Any, var: str, level: Any) -> np.ndarray:
    X = design.X.copy()
    for j, term in enumerate(design.terms):
        if design.term_variable[j] == var:
            X[:, j] = float(term == f"{var}[{level}]")
    return X


def _avg_prob(X: np.ndarray, beta: np.ndarray) -> tuple[float, np.ndarray]:
    with np.errstate(over="ignore"):  # exp overflow gives p = 0 exactly, as intended
        p = 1 / (1 + np.exp(-(X @ beta)))
    return float(p.mean()), ((p * (1 - p))[:, None] * X).mean(axis=0)


def _se(grads: list[np.ndarray], v: np.ndarray | None) -> np.ndarray:
    if v is None:
        return np.full(len(grads), np.nan)
    return np.array([np.sqrt(g @ v @ g) for g in grads])


def marginal_effects(
    design: Any, beta: np.ndarray, v_model: np.ndarray, v_cl: np.ndarray | None, level: float
) -> pd.DataFrame:
    X = design.X
    with np.errstate(over="ignore"):  # exp overflow gives p = 0 exactly, as intended
        p = 1 / (1 + np.exp(-(X @ beta)))
    dens = p * (1 - p)
    names, est, grads = [], [], []
    for var, cats in design.levels.items():
        base, g0 = _avg_prob(_set_level(design, var, cats[0]), beta)
        for cat in cats[1:]:
            term = f"{var}[{cat}]"
            if term not in design.terms:
                continue
            val, g1 = _avg_prob(_set_level(design, var, cat), beta)
            names.append(term)
            est.append(val - base)
            grads.append(g1 - g0)
    for j, term in enumerate(design.terms):
        if term == INTERCEPT or design.term_variable[j] in design.levels:
            continue
        e_j = np.zeros(len(beta))
        e_j[j] = 1.0
        names.append(term)
        est.append(float(dens.mean() * beta[j]))
        grads.append(dens.mean() * e_j + beta[j] * ((dens * (1 - 2 * p))[:, None] * X).mean(0))
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
) -> pd.DataFrame:
    cats = design.levels[var]
    est, grads = [], []
    for cat in cats:
        val, g = _avg_prob(_set_level(design, var, cat), beta)
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
