"""trustlab.psychometrics._centred: numpy's covariance and correlation matrices, centring the
data in place, to the bit."""

from __future__ import annotations

import numpy as np

from trustlab.psychometrics._centred import centred_products, correlations


def test_correlations_and_covariances_in_place_are_numpys_to_the_bit():
    rng = np.random.default_rng(5)
    x = rng.integers(1, 6, (200_003, 7)) + rng.normal(scale=0.1, size=(200_003, 7))
    assert np.array_equal(correlations(x.copy(), overwrite=True), np.corrcoef(x, rowvar=False))
    assert np.array_equal(correlations(x), np.corrcoef(x, rowvar=False))
    expected = np.cov(x, rowvar=False, ddof=0)
    assert np.array_equal(centred_products(x, len(x)), expected)
    np.testing.assert_allclose(x.mean(axis=0), 0, atol=1e-12)  # x is now the centred data
