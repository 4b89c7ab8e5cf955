"""The per-replicate work of :func:`trustlab.power`: simulate a survey, score it, test it.

The statistics are computed by a lean numpy path that gives the same numbers as trustlab's
models on the scored survey (checked in ``tests/test_power.py``) but skips building a validated
Survey and the models' bookkeeping for each of thousands of replicates:

(a) **Association of trust with meeting frequency**: the random-intercept model of
    :func:`trustlab.models.mixed_model` (REML, a random intercept per network, meeting frequency
    as dummies), fitted by maximising the same exact profiled REML likelihood from cluster sums;
    the joint Wald test of the frequency terms, ``F = b' V^-1 b / q`` with ``V`` lme4's
    ``sigma2 (X' V^-1 X)^-1``, referred to ``F(q, G - k)`` (``G`` networks, ``k`` fixed
    effects: the "containment" df, since meeting frequency varies mainly between networks).
(b) **The F8 step**: adjacent-category contrasts of the share with high trust, a linear
    probability model with the network-clustered covariance, exactly as
    :func:`trustlab.models.adjacent_contrasts` with ``cluster`` (``vcovCL`` HC1, t on the
    residual df, Holm over the steps).

The model fits and covariances are the models' own (:mod:`trustlab.models.mixed`,
:mod:`trustlab.models.covariance`): only the bookkeeping is lean.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab.distributions import t as t_dist
from trustlab.input.codebook import default_codebook
from trustlab.models import holm
from trustlab.models.covariance import sandwich_cluster
from trustlab.models.mixed import random_intercept_fit
from trustlab.simulation.generate import SimulationParameters, simulate_data

__all__ = [
    "STATISTICS",
    "PowerSpec",
    "cell_parameters",
    "frequency_effects",
    "replication_statistics",
    "reml_fit",
    "run_chunk",
    "seeds",
]

#: The statistics computed per simulated survey, in the order of the returned array.
STATISTICS = (
    "wald_f",
    "wald_df1",
    "wald_df2",
    "variance_ratio",
    "step_estimate",
    "step_t",
    "step_p",
    "step_p_holm",
    "df_resid",
    "n_obs",
    "n_clusters",
)


@dataclass(frozen=True)
class PowerSpec:
    """What the lean path needs from the codebook: items, keys, rules and category order.

    Attributes
    ----------
    items : tuple of str
        The trust items; ``reverse`` their positions to reverse-key.
    reverse : tuple of int
    scale_min, scale_max : float
        The response range (keyed = min + max - answer).
    min_valid : int
        Answered items needed for a score.
    threshold : float
        The cut-off of *high* trust; ``strict``: score > threshold (else >=).
    strict : bool
    frequency, cluster : str
        The meeting-frequency and network columns.
    categories : tuple of str
        Meeting-frequency labels, lowest first.
    lower, upper : str
        The two categories of the F8 step ("1-2" and "3-4" keer per jaar).
    """

    items: tuple[str, ...]
    reverse: tuple[int, ...]
    scale_min: float
    scale_max: float
    min_valid: int
    threshold: float
    strict: bool
    frequency: str
    cluster: str
    categories: tuple[str, ...]
    lower: str
    upper: str

    @classmethod
    def default(cls) -> PowerSpec:
        """The spec of trustlab's default codebook (the codebook of the simulated data)."""

        cb = default_codebook()
        scale = cb.scales["trust"]
        reverse = set(cb.reverse_keyed("trust"))
        labels = tuple(cb.exposure.labels)
        return cls(
            items=tuple(scale.items),
            reverse=tuple(i for i, item in enumerate(scale.items) if item in reverse),
            scale_min=float(cb.response_scale.min),
            scale_max=float(cb.response_scale.max),
            min_valid=int(scale.min_valid),
            threshold=float(scale.high.threshold(cb.response_scale)),
            strict=bool(scale.high.strict),
            frequency=cb.exposure.column,
            cluster=cb.cluster,
            categories=labels,
            lower=labels[-3],
            upper=labels[-2],
        )


def reml_fit(X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> tuple[Any, ...]:
    """Random-intercept REML fit: ``(beta, vcov, r = tau2 / sigma2, sigma2)``, by
    :func:`trustlab.models.mixed.random_intercept_fit` (the exact profiled REML likelihood of
    :func:`trustlab.models.mixed_model`, lme4's, from cluster sums)."""
    return random_intercept_fit(X, y, groups, reml=True)


def replication_statistics(table: pd.DataFrame, spec: PowerSpec | None = None) -> np.ndarray:
    """The two tests' statistics for one simulated survey.

    Scores trust as :func:`trustlab.score_scales` does (keyed mean of the answered items when at
    least ``min_valid`` are answered; *high* is mean > 3), then runs tests (a) and (b) of the
    module docstring on the scored respondents.

    Parameters
    ----------
    table : pandas.DataFrame
        A table as :func:`trustlab.simulation.generate.simulate_data` returns it.
    spec : PowerSpec, optional
        Items, keys and rules (default: trustlab's default codebook).

    Returns
    -------
    numpy.ndarray
        The values named in :data:`STATISTICS`, in that order (NaN where not computable).

    Examples
    --------
    >>> from trustlab.simulation.generate import simulate_data
    >>> stats = replication_statistics(simulate_data(231, n_networks=40, seed=3))
    >>> [float(stats[STATISTICS.index(name)]) for name in ("wald_df1", "wald_df2", "df_resid")]
    [3.0, 36.0, 227.0]
    """

    spec = PowerSpec.default() if spec is None else spec
    out = np.full(len(STATISTICS), np.nan)
    items = np.column_stack([table[item].to_numpy(dtype=float) for item in spec.items])
    rev = list(spec.reverse)
    items[:, rev] = spec.scale_min + spec.scale_max - items[:, rev]
    answered = (~np.isnan(items)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.nansum(items, axis=1) / answered
    category = pd.Index(spec.categories).get_indexer(table[spec.frequency].to_numpy())
    network = pd.factorize(table[spec.cluster].to_numpy())[0]
    keep = (answered >= spec.min_valid) & (category >= 0) & (network >= 0)
    if not keep.any():
        return out
    score, category = score[keep], category[keep]
    network = np.unique(network[keep], return_inverse=True)[1]
    present = np.unique(category)
    n, k, n_clusters = score.size, present.size, int(network.max()) + 1
    out[STATISTICS.index("n_obs")] = n
    out[STATISTICS.index("n_clusters")] = n_clusters
    if k < 2 or n <= k + 1 or n_clusters <= k:
        return out
    X = np.column_stack([np.ones(n)] + [(category == c).astype(float) for c in present[1:]])
    out[STATISTICS.index("df_resid")] = n - k
    try:  # (a) random-intercept REML, joint Wald F of the frequency terms
        beta, vcov, ratio, _ = reml_fit(X, score, network)
        b = beta[1:]
        out[0] = float(b @ np.linalg.solve(vcov[1:, 1:], b)) / (k - 1)
        out[1:4] = k - 1, n_clusters - k, ratio
    except (np.linalg.LinAlgError, ValueError, FloatingPointError):
        pass
    labels = [spec.categories[c] for c in present]
    if spec.lower not in labels or spec.upper not in labels:
        return out
    step = labels.index(spec.upper) - 1
    if labels.index(spec.lower) != step:  # not adjacent among the categories present
        return out

    high = (score > spec.threshold if spec.strict else score >= spec.threshold).astype(float)
    try:  # (b) adjacent contrasts of the share with high trust, cluster-robust
        bread = np.linalg.inv(X.T @ X)
    except np.linalg.LinAlgError:
        return out
    coef = bread @ (X.T @ high)
    vcov = sandwich_cluster(bread, X, network, k, resid=high - X @ coef)  # vcovCL, HC1
    L = np.zeros((k - 1, k))
    for s in range(k - 1):  # backward differences between consecutive categories
        L[s, s + 1] = 1.0
        if s > 0:
            L[s, s] = -1.0
    est = L @ coef
    with np.errstate(invalid="ignore", divide="ignore"):
        t_values = est / np.sqrt(np.einsum("ij,jk,ik->i", L, vcov, L))
    p = 2 * t_dist.sf(np.abs(t_values), n - k)
    out[4:8] = est[step], t_values[step], p[step], holm(p)[step]
    return out


def seeds(seed: int, n: int, n_networks: int, effect: float, reps: int) -> list[int]:
    """Replicate seeds of one design cell, from ``SeedSequence([...]).spawn(reps)``.

    Examples
    --------
    >>> seeds(1, 231, 40, 1.0, 3) == seeds(1, 231, 40, 1.0, 5)[:3]
    True
    """

    root = np.random.SeedSequence([seed, n, n_networks, round(effect * 1_000_000)])
    return [int.from_bytes(c.generate_state(4).tobytes(), "little") for c in root.spawn(reps)]


def run_chunk(
    n: int, n_networks: int, parameters: dict[str, Any], seed_list: list[int], spec: PowerSpec
) -> np.ndarray:
    """Simulate and analyse a batch of replicates (runs in a worker process)."""

    out = np.empty((len(seed_list), len(STATISTICS)))
    for i, seed in enumerate(seed_list):
        table = simulate_data(n, n_networks=n_networks, seed=seed, **parameters)
        out[i] = replication_statistics(table, spec)
    return out


def frequency_effects(effect: float) -> dict[str, tuple[float, ...]]:
    """The simulator's meeting-frequency means, scaled by ``effect`` around their average.

    Returns the ``trust_by_frequency`` and ``distrust_by_frequency`` parameters of
    :class:`~trustlab.simulation.generate.SimulationParameters` with each category mean ``mean_k``
    replaced by ``m + effect * (mean_k - m)``, ``m`` being the mean weighted by
    ``frequency_quota``.

    Examples
    --------
    >>> effects = frequency_effects(0.0)
    >>> len(set(effects["trust_by_frequency"]))
    1
    >>> frequency_effects(1.0)["trust_by_frequency"]
    (-0.3, -0.3, 0.82, 0.92)
    """

    p = SimulationParameters()
    weights = [w / sum(p.frequency_quota) for w in p.frequency_quota]
    out = {}
    for name in ("trust_by_frequency", "distrust_by_frequency"):
        means = getattr(p, name)
        if effect == 1:
            out[name] = tuple(means)
            continue
        centre = sum(w * m for w, m in zip(weights, means, strict=True))
        out[name] = tuple(centre + effect * (m - centre) for m in means)
    return out


def cell_parameters(
    n: int, n_networks: int, effect: float, extra: Mapping[str, Any]
) -> dict[str, Any]:
    """Simulator parameters for one cell; raise the network size cap when the design needs it."""

    params = {**frequency_effects(effect), **extra}
    cap = params.get("max_network_size", SimulationParameters().max_network_size)
    for attempt in (cap, max(cap, 2 * math.ceil(n / n_networks))):
        params["max_network_size"] = attempt
        try:
            simulate_data(n, n_networks=n_networks, seed=0, **params)
            return params
        except ValueError as exc:
            problem = str(exc)
    raise ValueError(
        f"cannot simulate n = {n} respondents in {n_networks} networks: {problem.rstrip('.')}."
    )
