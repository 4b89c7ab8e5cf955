"""Generative model behind trustlab's synthetic sample.

The thesis data behind the published findings are not public, so trustlab ships a SYNTHETIC
sample drawn from the model below. The defaults were tuned so that the expected aggregates sit on
the published ones, and ``DEFAULT_SEED`` (2307) is the first seed from 2020 on whose sample meets
every target, as recorded by ``tools/calibrate_sample.py``: ``simulate_data()`` has 231
respondents, 166 with high trust, 58 with high distrust and 33/71/99/28 per meeting frequency.

Generative model, in the order the random numbers are drawn
------------------------------------------------------------
1. **Quota design.** The ``n`` respondents are split over the four reported meeting-frequency
   categories in the proportions ``frequency_quota`` (largest-remainder rounding), so the
   category counts are fixed by design, as in a quota sample.
2. **Networks.** ``n_networks`` local networks (default ``round(n / mean_network_size)``) are
   spread over the categories in proportion to their counts; each network has one meeting
   frequency. Within a category, networks get ``min_network_size`` members each and the rest
   are dealt out one at a time to random networks below ``max_network_size``.
3. **Neighbouring reports.** ``round(neighbour_share * n / 2)`` random pairs of respondents
   from adjacent categories swap networks, so a small share of respondents report a frequency
   one category away from their network's (counts and network sizes are unchanged). Rows are
   then put in a random response order and numbered ``R001``...; network numbers ``N01``...
   are assigned in random order.
4. **Covariates.** ``role`` from ``role_shares``; ``org_type`` from ``org_type_given_role``;
   ``years_in_network`` from a gamma distribution, clipped to ``years_range``, one decimal.
5. **Latent trust and distrust.** For respondent *i* in network *j*::

       eta_T = trust_by_frequency[f_i] + role_trust[role_i] + org_trust[org_i]
               + years_trust * (years_i - 5) + u_Tj + e_Ti
       eta_D = (the same with the distrust parameters) + u_Dj + e_Di

   with network intercepts ``(u_T, u_D)`` bivariate normal (SDs ``network_sd_trust``,
   ``network_sd_distrust``, correlation ``network_correlation``) and residuals ``(e_T, e_D)``
   standard bivariate normal with correlation ``residual_correlation``. Trust and distrust are
   thus two negatively correlated but distinct dimensions, and mean trust steps up between
   "1-2" and "3-4" meetings a year.
6. **Item answers.** A graded (ordered-probit) response model: for item *k* with loading
   ``lambda_k`` and location ``b_k``, ``y* = lambda_k * eta + e`` with ``e ~ N(0, 1)`` and the
   keyed answer is ``1 + #{s : y* > b_k + steps[s]}`` on 1..5. Reverse-keyed items (T7, D4)
   are stored raw: ``raw = 6 - keyed``.
7. **Straight-liners.** ``n_straightliners`` (at most ``n``) random respondents give one raw
   answer, drawn from ``straightline_values``, to all eleven items.
8. **Missing answers.** Each answer is missing completely at random with probability
   ``missing_rate`` (straight-liners answer everything).

Determinism: all randomness comes from one ``numpy.random.default_rng(seed)`` drawn in the fixed
order above, so the same seed and numpy version give the same data bit for bit.
"""

from __future__ import annotations

from dataclasses import fields, replace

__all__ = ["simulate_data", "SimulationParameters"]

import numpy as np
import pandas
import pandas as pd

from trustlab._arguments import as_generator
from trustlab.errors import SimulationError, brief
from trustlab.simulation.parameters import (  # noqa: F401 - re-exported names
    _DESIGN_COLUMNS,
    _YEARS_CENTRE,
    COLUMNS,
    DEFAULT_SEED,
    DISTRUST_ITEMS,
    FREQUENCY_LABELS,
    ORG_TYPE_LABELS,
    REVERSE_KEYED,
    ROLE_LABELS,
    TRUST_ITEMS,
    SimulationParameters,
)

#: The most respondents one simulated survey holds.
MAX_N = 10_000_000


def _largest_remainder(total, weights):
    """Split the integer ``total`` in proportion to ``weights`` (Hamilton's method)."""

    weights = np.asarray(weights, dtype=float)
    exact = total * weights / weights.sum()
    counts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


def _networks_per_category(counts, n_networks, p):
    """Networks per category, in proportion to ``counts`` and within the size limits."""

    low = np.where(counts > 0, -(-counts // p.max_network_size), 0)
    high = np.where(counts > 0, np.maximum(counts // p.min_network_size, 1), 0)
    if n_networks is None:
        n_networks = min(max(round(counts.sum() / p.mean_network_size), low.sum()), high.sum())
    if not low.sum() <= n_networks <= high.sum():
        raise SimulationError(
            f"n_networks={n_networks} cannot hold these {counts.sum()} respondents in networks of "
            f"{p.min_network_size}-{p.max_network_size}; use {low.sum()} to {high.sum()} networks"
        )
    per = np.clip(_largest_remainder(n_networks, counts), low, high)
    while per.sum() != n_networks:  # repair the clipping, most room first (ties: first category)
        room = (per - low) if per.sum() > n_networks else (high - per)
        per[int(np.argmax(room))] += -1 if per.sum() > n_networks else 1
    return per


def _draw_design(rng, n, n_networks, p):
    """Number of networks; reported category and network of each respondent, in response order."""

    counts = _largest_remainder(n, p.frequency_quota)
    per = _networks_per_category(counts, n_networks, p)
    n_networks = int(per.sum())
    category, network, first = [], [], 0
    for k in range(4):
        if counts[k] == 0:
            continue
        sizes = np.full(per[k], min(p.min_network_size, counts[k]))
        for _ in range(counts[k] - sizes.sum()):
            open_ = np.flatnonzero(sizes < p.max_network_size)
            sizes[open_[rng.integers(open_.size)]] += 1
        network += [first + j for j in range(per[k]) for _ in range(sizes[j])]
        category += [k] * counts[k]
        first += per[k]
    category, network = np.array(category), np.array(network)
    pairs = [k for k in range(3) if counts[k] and counts[k + 1]]
    swapped = np.zeros(n, dtype=bool)
    for _ in range(round(p.neighbour_share * n / 2) if pairs else 0):
        k = pairs[rng.integers(len(pairs))]
        lower = np.flatnonzero((category == k) & ~swapped)
        upper = np.flatnonzero((category == k + 1) & ~swapped)
        if lower.size == 0 or upper.size == 0:
            continue
        i, j = lower[rng.integers(lower.size)], upper[rng.integers(upper.size)]
        network[i], network[j] = network[j], network[i]
        swapped[[i, j]] = True
    relabel = rng.permutation(n_networks)  # network numbers carry no information
    order = rng.permutation(n)  # response order
    return n_networks, category[order], relabel[network[order]]


def _draw_categorical(rng, probabilities):
    """One category per row of ``probabilities`` (rows need not be normalised)."""

    cumulative = np.cumsum(probabilities, axis=1)
    cumulative /= cumulative[:, -1:]
    u = rng.random(len(probabilities))
    return np.minimum((u[:, None] >= cumulative).sum(axis=1), probabilities.shape[1] - 1)


def _bivariate_normal(rng, size, sd1, sd2, correlation):
    """``size`` draws (rows) of two normals with the given SDs and correlation."""

    z = rng.standard_normal((size, 2))
    second = correlation * z[:, 0] + (1 - correlation**2) ** 0.5 * z[:, 1]
    return np.column_stack([sd1 * z[:, 0], sd2 * second])


def simulate_data(
    n: int = 231,
    *,
    n_networks: int | None = None,
    seed: int | None = DEFAULT_SEED,
    **parameters,
) -> pandas.DataFrame:
    """Draw a synthetic respondent-level table from trustlab's generative model.

    Parameters
    ----------
    n : int, default 231
        Number of respondents.
    n_networks : int, optional
        Number of networks; default ``round(n / mean_network_size)`` (50 for n = 231), moved
        into the feasible range for the network size limits if needed.
    seed : int, default DEFAULT_SEED (2307)
        Seed of ``numpy.random.default_rng``; ``None`` draws fresh entropy (not reproducible).
    **parameters
        Overrides of :class:`SimulationParameters` fields, e.g. ``missing_rate=0``.

    Returns
    -------
    pandas.DataFrame
        One row per respondent with the columns of ``COLUMNS``: identifiers and labels as strings,
        ``years_in_network`` as float, answers T1..D4 as raw floats 1..5 with NaN for missing
        (T7 and D4 reverse-keyed, i.e. not yet reversed).

    Raises
    ------
    SimulationError
        (also a ``ValueError``) For an unknown parameter name, an invalid value, or an
        impossible network design.

    Examples
    --------
    >>> df = simulate_data()
    >>> df.shape
    (231, 17)
    >>> int(simulate_data(50, seed=1, missing_rate=0).isna().sum().sum())
    0
    """

    known = {f.name for f in fields(SimulationParameters)}
    unknown = sorted(set(parameters) - known)
    if unknown:
        raise SimulationError(f"unknown simulation parameter(s): {', '.join(map(repr, unknown))}")
    p = replace(SimulationParameters(), **parameters)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise SimulationError(f"n must be a positive integer, got {brief(n)}")
    if n > MAX_N:
        raise SimulationError(f"n must be at most {MAX_N:,} (respondents), got {brief(n)}")
    if not (n_networks is None or isinstance(n_networks, (int, np.integer))) or n_networks is True:
        raise SimulationError(f"n_networks must be a positive integer, got {brief(n_networks)}")
    n = int(n)
    rng = as_generator(seed, error=SimulationError)

    n_networks, category, network = _draw_design(rng, n, n_networks, p)
    role = _draw_categorical(rng, np.tile(p.role_shares, (n, 1)))
    org = _draw_categorical(rng, np.array(p.org_type_given_role)[role])
    years = rng.gamma(p.years_gamma[0], p.years_gamma[1], size=n)
    years = np.round(np.clip(years, *p.years_range), 1)

    u = _bivariate_normal(
        rng, n_networks, p.network_sd_trust, p.network_sd_distrust, p.network_correlation
    )
    e = _bivariate_normal(rng, n, 1.0, 1.0, p.residual_correlation)
    # latent (trust, distrust) per respondent: one column each
    eta = (
        np.array([p.trust_by_frequency, p.distrust_by_frequency]).T[category]
        + np.array([p.role_trust, p.role_distrust]).T[role]
        + np.array([p.org_trust, p.org_distrust]).T[org]
        + np.outer(years - _YEARS_CENTRE, [p.years_trust, p.years_distrust])
        + u[network]
        + e
    )

    loadings = np.array(p.trust_loadings + p.distrust_loadings)
    thresholds = np.add.outer(np.array(p.trust_locations + p.distrust_locations), p.steps)
    eta = np.repeat(eta, [7, 4], axis=1)
    ystar = loadings * eta + rng.standard_normal((n, 11))
    answers = 1.0 + (ystar[:, :, None] > thresholds[None, :, :]).sum(axis=2)
    items = TRUST_ITEMS + DISTRUST_ITEMS
    for name in REVERSE_KEYED:
        answers[:, items.index(name)] = 6.0 - answers[:, items.index(name)]

    liners = rng.choice(n, size=min(p.n_straightliners, n), replace=False)
    lines = rng.choice(np.array(p.straightline_values, dtype=float), size=liners.size)
    answers[liners] = lines[:, None]
    missing = rng.random((n, 11)) < p.missing_rate
    missing[liners] = False
    answers[missing] = np.nan

    id_width, net_width = max(3, len(str(n))), max(2, len(str(n_networks)))
    data = {
        "respondent_id": [f"R{i + 1:0{id_width}d}" for i in range(n)],
        "network_id": [f"N{j + 1:0{net_width}d}" for j in network],
        "role": [ROLE_LABELS[r] for r in role],
        "org_type": [ORG_TYPE_LABELS[o] for o in org],
        "years_in_network": years,
        "meeting_frequency": [FREQUENCY_LABELS[k] for k in category],
    }
    data.update({name: answers[:, col] for col, name in enumerate(items)})
    return pd.DataFrame(data, columns=list(COLUMNS))
