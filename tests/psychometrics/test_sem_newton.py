"""The exact Hessian of the ML discrepancy that the multi-group CFA's Newton steps use."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from trustlab.psychometrics import measurement_invariance
from trustlab.psychometrics._sem_fit import _grad_info, _observed_hessian, objective


@cache
def fits():
    rng = np.random.default_rng(7)
    f = rng.normal(size=(600, 2)) @ np.array([[1.0, 0.4], [0.0, 0.9]])
    load = np.array([0.9, 0.8, 0.7, 0.6])
    items = {f"a{i}": load[i] * f[:, 0] + 0.6 * rng.normal(size=600) for i in range(4)}
    items |= {f"b{i}": load[i] * f[:, 1] + 0.7 * rng.normal(size=600) for i in range(4)}
    data = pd.DataFrame(items)
    data["a3"] += np.repeat([0.0, 0.4], 300)  # an intercept that differs: scalar fails
    data["g"] = np.repeat(["x", "y"], 300)
    model = {"A": [f"a{i}" for i in range(4)], "B": [f"b{i}" for i in range(4)]}
    return measurement_invariance(data, model, "g", partial=False).fits


def gradient(spec, theta, stats):
    _, _, parts = objective(spec, theta, stats, "ML")
    return _grad_info(spec, theta, stats, "ML", parts, information=False)[0]


@pytest.mark.parametrize("level", ["configural", "metric", "scalar"])
def test_the_hessian_is_the_derivative_of_the_gradient(level):
    spec, fit, stats = fits()[level].engine
    theta = fit.theta + 0.03 * np.random.default_rng(1).normal(size=fit.theta.size)
    _, _, parts = objective(spec, theta, stats, "ML")
    _, _, jac, _, _ = _grad_info(spec, theta, stats, "ML", parts, information=False)
    exact = _observed_hessian(spec, theta, stats, parts, jac)
    eps = 1e-5
    numeric = np.column_stack([
        (gradient(spec, theta + e, stats) - gradient(spec, theta - e, stats)) / (2 * eps)
        for e in eps * np.eye(theta.size)
    ])  # fmt: skip
    # central differences: truncation eps^2 ~ 1e-10, rounding 1e-16 / eps ~ 1e-11 (relative)
    np.testing.assert_allclose(exact, numeric, rtol=0, atol=1e-8 * np.abs(numeric).max())
    np.testing.assert_allclose(exact, exact.T, rtol=0, atol=1e-12 * np.abs(exact).max())


@pytest.mark.parametrize("level", ["configural", "metric", "scalar"])
def test_newton_converges_in_few_steps_to_a_zero_gradient(level):
    fit = fits()[level].engine[1]
    assert fit.converged
    assert fit.iterations <= 12  # Fisher scoring took 20-40 on such misfitting models
    assert fit.max_gradient < 1e-10  # lavaan stops near 1e-6; F itself is about 0.01-0.1
