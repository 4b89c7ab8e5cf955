"""The cumulative-logit likelihood's analytic derivatives and clm's Newton fit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from statsmodels.miscmodels.ordinal_model import OrderedModel

from rfixtures import REF
from trustlab.models import ordinal_logit
from trustlab.models._cumulative import CumulativeData, loglik_derivatives, newton


def _data(seed: int, n: int = 80, q: int = 1, p: int = 2, n_cat: int = 4):
    rng = np.random.default_rng(seed)
    Xp, Xn = rng.normal(size=(n, p)), rng.normal(size=(n, q))
    y = rng.integers(0, n_cat, n)
    thresholds = np.linspace(-1.5, 1.5, n_cat - 1) + 0.2 * rng.normal(size=n_cat - 1)
    params = np.concatenate([thresholds, 0.1 * rng.normal(size=(n_cat - 1) * q),
                             rng.normal(size=p)])  # fmt: skip
    return CumulativeData.build(y, Xp, Xn, n_cat), params


@pytest.mark.parametrize("q", [0, 1, 2])
def test_gradient_and_hessian_against_central_differences(q):
    data, params = _data(3 + q, q=q)
    ll, grad, hess = loglik_derivatives(params, data)
    h = 1e-5  # central differences: error ~h^2 from the third derivative, ~1e-16/h rounding
    eye = np.eye(params.size) * h

    def diff(e, which):
        return (loglik_derivatives(params + e, data)[which]
                - loglik_derivatives(params - e, data)[which]) / (2 * h)  # fmt: skip

    num_grad = [diff(e, 0) for e in eye]
    num_hess = np.column_stack([diff(e, 1) for e in eye])
    assert np.isfinite(ll)
    assert_allclose(grad, num_grad, rtol=0, atol=1e-7 * np.abs(grad).max())
    assert_allclose(hess, num_hess, rtol=0, atol=1e-7 * np.abs(hess).max())


def test_thresholds_out_of_order_have_no_likelihood():
    data, params = _data(1)
    params[:3] = [1.0, 0.0, 2.0]
    ll, grad, hess = loglik_derivatives(params, data)
    assert ll == -np.inf and not grad.any() and not hess.any()


def test_newton_reaches_a_zero_gradient():
    data, params = _data(7, q=1)
    fit = newton(data, np.concatenate([np.sort(params[:3]), np.zeros(params.size - 3)]))
    assert fit.converged and np.max(np.abs(fit.gradient)) < 1e-10


def test_agrees_with_statsmodels_ordered_model_on_wine():
    # statsmodels (BFGS with numerical derivatives, its own threshold parametrisation) as a
    # second implementation: the same maximum to its optimiser's precision
    d = pd.read_csv(REF / "data" / "wine.csv")
    fit = ordinal_logit(d, "rating", ["temp", "contact"])
    X = pd.get_dummies(d[["temp", "contact"]], drop_first=True).to_numpy(float)
    y = d["rating"].to_numpy() - 1
    sm = OrderedModel(y, X, distr="logit").fit(method="bfgs", disp=False, gtol=1e-10)
    c = sm.params[2:]
    theta = np.cumsum(np.concatenate([[c[0]], np.exp(c[1:])]))
    assert_allclose(fit.thresholds, theta, rtol=1e-6)
    assert_allclose(fit.summary()["estimate"].iloc[4:], sm.params[:2], rtol=1e-6)
    assert_allclose(fit.log_likelihood, sm.llf, rtol=1e-10)


def test_a_start_without_likelihood_falls_back_to_clms_start():
    # the nominal model is started at the proportional-odds fit; under separation its
    # thresholds can give an answer no probability (test_degenerate's five-respondent survey)
    from trustlab.models.ordinal import _fit_cum, _start

    rng = np.random.default_rng(2)
    y = rng.integers(0, 4, 50)
    X = rng.normal(size=(50, 1))
    none = np.zeros((50, 0))
    bad = _fit_cum(y, X, none, 4, np.array([5.0, -5.0, 0.0, 0.0]))
    good = _fit_cum(y, X, none, 4, _start(y, 4, 4))
    assert bad.converged and good.converged
    assert_allclose(bad.params, good.params, rtol=1e-9)
