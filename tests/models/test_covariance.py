"""trustlab.models.covariance: standard errors of (nearly) unidentified models, the cluster
sandwich where it is undefined. Its agreement with sandwich::vcovCL is in test_ols.py and
test_logit.py."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from trustlab.models.covariance import (
    contrast_standard_errors,
    sandwich_cluster,
    standard_errors,
)


def test_standard_errors_of_a_valid_matrix():
    v = np.array([[4.0, 1.0], [1.0, 9.0]])
    assert_array_equal(standard_errors(v), [2.0, 3.0])


def test_a_negative_or_missing_variance_is_nan_without_a_warning():
    # a separated logit gives a bread of 1e11 whose sandwich has a negative diagonal;
    # RuntimeWarning is an error in the tests, so a numpy warning fails here
    v = np.diag([4.0, -2.4e7, np.nan, 0.0])
    assert_array_equal(standard_errors(v), [2.0, np.nan, np.nan, 0.0])


def test_contrast_standard_errors():
    v = np.array([[4.0, 1.0], [1.0, 9.0]])
    L = np.array([[1.0, -1.0], [0.0, 1.0], [1.0, 1.0]])
    # var(b1 - b2) = 4 + 9 - 2, var(b2) = 9, var(b1 + b2) = 4 + 9 + 2
    assert_allclose(contrast_standard_errors(L, v), np.sqrt([11.0, 9.0, 15.0]), rtol=1e-15)
    assert_array_equal(contrast_standard_errors(np.array([1.0, 0.0]), -v), [np.nan])


def test_sandwich_cluster_is_undefined_without_residual_df_or_with_one_cluster():
    X = np.column_stack([np.ones(4), [1.0, 2.0, 3.0, 5.0]])
    bread = np.linalg.inv(X.T @ X)
    resid = np.array([0.1, -0.2, 0.1, 0.0])
    nan2 = np.full((2, 2), np.nan)
    # n <= k: no residual degree of freedom ((n - 1) / (n - k) undefined)
    assert_array_equal(sandwich_cluster(bread, X[:2], np.array([0, 1]), 2, resid=resid[:2]), nan2)
    # one cluster: G / (G - 1) undefined
    assert_array_equal(sandwich_cluster(bread, X, np.zeros(4, dtype=int), 2, resid=resid), nan2)
    # two clusters: finite
    assert np.isfinite(sandwich_cluster(bread, X, np.array([0, 0, 1, 1]), 2, resid=resid)).all()
