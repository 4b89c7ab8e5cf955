"""The simulator's arguments and parameters at their edges: a SimulationError (a TrustlabError
and a ValueError) naming the argument and its bound, never numpy's overflow or a bare error."""

from __future__ import annotations

import pytest

import trustlab
from trustlab.errors import SimulationError, TrustlabError


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"n": 10**30}, "n must be at most 10,000,000"),
     ({"n": float("nan")}, "n must be a positive integer, got nan"),
     ({"n": 50, "seed": float("nan")}, "seed must be a whole number of at least 0"),
     ({"n": 50, "seed": -1}, "seed must be a whole number of at least 0, got -1"),
     ({"n": 50, "missing_rate": float("nan")}, "missing_rate must be a finite number"),
     ({"n": 50, "trust_loadings": (1e300,) * 7}, "trust_loadings must be a finite number within"),
     ({"n": 50, "network_sd_trust": float("inf")}, "network_sd_trust must be a finite number"),
     ({"n": 50, "max_network_size": 10**9}, "max_network_size must be a whole number within"),
     ({"n": 50, "steps": "abc"}, "steps must be shaped like")],
)  # fmt: skip
def test_bad_simulation_arguments(kwargs, message):
    # n = 10**30 was numpy's OverflowError and "invalid value encountered in cast"; a NaN seed
    # numpy's TypeError; infinite parameters overflowed
    with pytest.raises(SimulationError, match=message) as info:
        trustlab.simulate_survey(**kwargs)
    assert isinstance(info.value, TrustlabError) and isinstance(info.value, ValueError)
