"""Simulation-based power analysis for a study like the published one.

:func:`power` draws many synthetic surveys from trustlab's generative model
(:func:`~trustlab.simulation.generate.simulate_data`) at the sample sizes, network counts and
effect sizes asked for, runs the study's two tests on each, and reports the share of surveys in
which each test rejects its null hypothesis (the power) with its Monte Carlo standard error.

The two tests
-------------
(a) **Association of trust with meeting frequency**: a random-intercept model of the trust score
    (REML, one intercept per network, as :func:`trustlab.models.mixed_model`) with meeting
    frequency as dummies; the joint Wald test of the frequency terms, ``F = b' V^-1 b / q``,
    referred to ``F(q, G - k)`` (``G`` networks, ``k`` fixed effects). Respondents are nested in
    networks and a network mostly shares one meeting frequency, so the test must respect the
    clustering. Its size was checked by simulation with no effect (40 networks, 3,000
    replicates per size, seeds 1 and 2): 0.039 at n = 100, 0.045 at n = 231 and 0.044 at
    n = 400, slightly conservative. The network-clustered OLS Wald test (``vcovCL`` HC1 with
    ``F(q, G - 1)``) was tried first and rejected a true null in 12-14% of the surveys, because
    the outer categories hold only about five networks each; it is not used.
(b) **The F8 step**: adjacent-category contrasts of the share with high trust, as
    :func:`trustlab.models.adjacent_contrasts` with ``cluster`` (the analysis the reproduction
    runs for F8): the step from "1-2" to "3-4" meetings a year is detected when it is positive
    and its Holm-adjusted p-value (over the three steps) is below ``alpha``. Being one-sided and
    Holm-adjusted, it rejects in about 1.4% of the surveys without an effect (the two-sided,
    unadjusted contrast in 6-7%: cluster-robust SEs from 12-17 networks per category are a
    little liberal).

The per-replicate work is in :mod:`trustlab.simulation.power_stats`: a lean numpy path that gives
the same numbers as :func:`~trustlab.models.mixed_model` and
:func:`~trustlab.models.adjacent_contrasts` on the scored survey (checked in the tests) without
building a validated Survey per replicate.

Effect size
-----------
``effect`` multiplies the simulator's meeting-frequency effects: the four category means of
latent trust (``trust_by_frequency``) and of latent distrust (``distrust_by_frequency``) become
``m + effect * (mean_k - m)``, ``m`` being their quota-weighted average. ``effect = 1`` is the
model of the synthetic sample (the published step at 3-4 meetings a year), ``0`` no association
(the null hypothesis), ``0.5`` half the differences.

Determinism
-----------
Replicate ``r`` of the cell ``(n, n_networks, effect)`` is drawn with the seed
``numpy.random.SeedSequence([seed, n, n_networks, round(effect * 1e6)]).spawn(reps)[r]``, so the
same ``seed`` gives the same table however many worker processes run, on this machine or on a
cluster, and a cell's numbers do not depend on which other cells are asked for.

Where it runs
-------------
The replicates go in chunks of 25 to joblib: local worker processes by default (joblib's loky
backend), or the workers of a Dask cluster when a ``distributed.Client`` is given (joblib's
``dask`` backend; ``python -m trustlab power --scheduler tcp://host:8786``). Dask is an optional
extra (``pip install "trustlab[dask]"``): trustlab imports it only when a client is given.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from joblib import Parallel, delayed, parallel_config

from trustlab._arguments import MAX_RESAMPLES, real_number, whole_number
from trustlab.distributions import f as f_dist
from trustlab.errors import TrustlabError, brief
from trustlab.progress import ProgressEvent, Tracker, resolve
from trustlab.results import ResultMixin
from trustlab.simulation.generate import MAX_N
from trustlab.simulation.power_stats import (
    STATISTICS,
    PowerSpec,
    cell_parameters,
    frequency_effects,
    run_chunk,
    seeds,
)

__all__ = ["PowerError", "PowerResult", "frequency_effects", "power"]

_CHUNK = 25  # replicates per task sent to a worker process
#: The largest effect, as a multiple of the published frequency effects.
MAX_EFFECT = 1_000.0
_PARALLEL_FROM = 200  # total replicates from which n_jobs=None uses every core


class PowerError(TrustlabError):
    """An impossible power-analysis request (sizes, networks, effects, replicates)."""


@dataclass(frozen=True, repr=False, eq=False)
class PowerResult(ResultMixin):
    """Estimated power of the study's two tests, by simulation.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per design cell: ``n`` (respondents), ``networks``, ``effect`` (multiplier of
        the meeting-frequency effects), ``max_network_size`` (raised above the simulator's 8 when
        ``n / networks`` needs larger networks), ``reps``, ``power_association`` and
        ``se_association`` (test a, with its Monte Carlo SE ``sqrt(p (1 - p) / reps)``),
        ``power_step`` and ``se_step`` (test b), and ``failed`` (replicates where a statistic
        could not be computed; they count as not rejecting).
    replications : pandas.DataFrame
        One row per simulated survey: ``n``, ``networks``, ``effect``, ``rep`` and the statistics
        of :data:`trustlab.simulation.power_stats.STATISTICS` (test a: Wald F, its df and the
        variance ratio tau2 / sigma2; test b: the step's estimate, t, p and Holm p).
    alpha : float
        Significance level of both tests.
    seed : int
        The seed the replicate seeds were derived from.
    reps : int
        Replicates per design cell.
    elapsed : float
        Wall-clock seconds the simulation took (not part of the reproducible output).
    n_jobs : int
        Worker processes used (on a Dask cluster: its workers when the simulation started).
    tests : dict of str to str
        The two tests in words.
    engine : str
        Where the replicates ran: ``"this process"``, ``"local processes (joblib)"`` or
        ``"dask <scheduler address>"``.
    """

    table: pd.DataFrame
    replications: pd.DataFrame
    alpha: float
    seed: int
    reps: int
    elapsed: float
    n_jobs: int
    tests: dict[str, str] = field(default_factory=dict)
    engine: str = "this process"

    def summary(self) -> pd.DataFrame:
        """The power table (one row per design cell)."""
        return self.table.copy()

    def _title(self) -> str:
        return (
            f"Power by simulation ({self.reps} replicates per cell, alpha = {self.alpha:g}, "
            f"seed {self.seed})"
        )

    def _notes(self) -> list[str]:
        return [f"({key}) {text}" for key, text in self.tests.items()]


def _numpy_numbers() -> tuple[type, ...]:
    """numpy integer and float types (numpy is imported lazily)."""

    return (np.integer, np.floating)


def _as_tuple(name: str, value: Any, kind: type) -> tuple:
    values = (
        tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else (value,)
    )
    if not values:
        raise PowerError(f"{name} must not be empty.")
    out = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (int, float, *_numpy_numbers())):
            raise PowerError(f"{name} must be numbers, got {brief(v)}.", value=v)
        if not math.isfinite(v):
            raise PowerError(f"{name} must be finite numbers, got {v!r}.", value=v)
        if kind is int and float(v) != int(v):
            raise PowerError(f"{name} must be whole numbers, got {v!r}.", value=v)
        out.append(kind(v))
    return tuple(out)


def _progress_reporter(progress: bool | Callable | None, total: int):
    """A callable ``advance(k)`` and a ``close()`` (see :mod:`trustlab.progress`)."""
    tracker = Tracker(resolve(progress), "power", total=total)
    tracker.start()
    return tracker.advance, tracker.finish


def _chunk(index: int, start: int, args: tuple, spec: PowerSpec) -> tuple[int, int, np.ndarray]:
    """One task: a chunk of replicates of one design cell, with where its rows go."""
    return index, start, run_chunk(*args, spec)


def _dask_workers(client: Any) -> tuple[int, str]:
    """The number of workers of a ``distributed.Client`` and its scheduler's address."""
    info = client.scheduler_info()
    return max(1, len(info.get("workers", {}))), str(info.get("address", "unknown address"))


def _run_tasks(
    tasks: list, spec: PowerSpec, n_jobs: int, client: Any
) -> Iterable[tuple[int, int, np.ndarray]]:
    """Every task's result as it finishes: here, in local processes, or on a Dask cluster."""
    if client is None and n_jobs == 1:
        for index, start, args in tasks:
            yield _chunk(index, start, args, spec)
        return
    config = {"backend": "dask", "client": client} if client is not None else {"backend": "loky"}
    with parallel_config(**config):
        runner = Parallel(n_jobs=-1 if client is not None else n_jobs,
                          return_as="generator_unordered")  # fmt: skip
        yield from runner(delayed(_chunk)(index, start, args, spec)
                          for index, start, args in tasks)  # fmt: skip


def power(
    n: int | Sequence[int] = (100, 231, 400),
    *,
    n_networks: int | Sequence[int] = 40,
    reps: int = 1000,
    seed: int = 1,
    effect: float | Sequence[float] = 1.0,
    alpha: float = 0.05,
    parameters: Mapping[str, Any] | None = None,
    n_jobs: int | None = None,
    progress: bool | Callable[[ProgressEvent], Any] | None = None,
    client: Any = None,
) -> PowerResult:
    """Power of the study's two tests by simulating surveys from trustlab's generative model.

    Every combination of ``n``, ``n_networks`` and ``effect`` is a design cell; in each,
    ``reps`` surveys are drawn with :func:`~trustlab.simulation.generate.simulate_data` and tested
    (see the module docstring): (a) the joint Wald test of meeting frequency on trust in a
    random-intercept model of the networks, (b) the F8 step (high trust, "1-2" -> "3-4"
    adjacent contrast positive and significant after Holm).

    Parameters
    ----------
    n : int or sequence of int, default (100, 231, 400)
        Respondents per survey.
    n_networks : int or sequence of int, default 40
        Networks per survey (networks of 2 to 8 respondents; the upper limit is raised to twice
        the mean network size when ``n / n_networks`` needs it).
    reps : int, default 1000
        Simulated surveys per design cell.
    seed : int, default 1
        Non-negative seed; the same seed gives the same table (see the module docstring).
    effect : float or sequence of float, default 1.0
        Multiplier (>= 0) of the meeting-frequency effects: 1 = the sample's model, 0 = none.
    alpha : float, default 0.05
        Significance level of both tests.
    parameters : mapping, optional
        Other :class:`~trustlab.simulation.generate.SimulationParameters` to override in every
        survey
        (e.g. ``{"network_sd_trust": 0.5}``).
    n_jobs : int, optional
        Local worker processes (joblib); default: every core when there are at least 200
        replicates in all, else 1. The result does not depend on it.
    progress : bool or callable, optional
        The replicates as they finish: a display on a terminal or in Jupyter (``True``, the
        default ``None``; nothing when the output is neither), none (``False``), or a callable
        given a :class:`~trustlab.progress.ProgressEvent` (``done`` of ``total`` replicates).
    client : dask.distributed.Client, optional
        Run the replicates on this Dask cluster's workers instead of local processes (joblib's
        ``dask`` backend; ``n_jobs`` is then ignored). The workers need trustlab installed. The
        table is the same as the local run's for the same seed.

    Returns
    -------
    PowerResult

    Raises
    ------
    PowerError
        For a negative effect, fewer than 2 replicates, alpha outside (0, 1), or a design the
        simulator cannot build (e.g. more networks than pairs of respondents).

    Examples
    --------
    >>> res = power(n=(100, 400), reps=20, seed=1, progress=False)
    >>> res.table[["n", "networks", "effect", "reps"]]
       n  networks  effect  reps
    0  100        40     1.0    20
    1  400        40     1.0    20
    >>> bool(res.table["power_association"].iloc[1] >= res.table["power_association"].iloc[0])
    True
    """

    sizes = _as_tuple("n", n, int)
    networks = _as_tuple("n_networks", n_networks, int)
    effects = _as_tuple("effect", effect, float)
    if min(sizes) < 1 or min(networks) < 1 or max(sizes) > MAX_N or max(networks) > MAX_N:
        raise PowerError(f"n and n_networks must be whole numbers from 1 to {MAX_N:,}.")
    if min(effects) < 0 or max(effects) > MAX_EFFECT:
        raise PowerError(
            f"effect must lie from 0 (no effect) to {MAX_EFFECT:g} (times the published "
            f"effects), got {effects}."
        )
    reps = whole_number(reps, "reps", minimum=2, maximum=MAX_RESAMPLES, error=PowerError)
    seed = whole_number(seed, "seed", minimum=0, maximum=2**63 - 1, error=PowerError)
    alpha = real_number(alpha, "alpha", above=0, below=1, error=PowerError)
    if n_jobs is not None:
        n_jobs = whole_number(n_jobs, "n_jobs", minimum=1, maximum=1024, error=PowerError)
    if client is not None and not (hasattr(client, "scheduler_info") and hasattr(client, "submit")):
        raise PowerError(
            f"client must be a dask.distributed Client, got {brief(client)}.", value=client
        )
    extra = dict(parameters or {})
    for name in ("trust_by_frequency", "distrust_by_frequency"):
        if name in extra:
            raise PowerError(f"set the frequency effects with effect=, not parameters[{name!r}].")
    spec = PowerSpec.default()
    cells = [(a, b, c) for a in sizes for b in networks for c in effects]
    try:
        cell_params = [cell_parameters(a, b, c, extra) for a, b, c in cells]
    except ValueError as exc:
        raise PowerError(str(exc)) from None
    tasks = []
    for index, (size, nets, eff) in enumerate(cells):
        cell_seeds = seeds(seed, size, nets, eff, reps)
        for start in range(0, reps, _CHUNK):
            tasks.append(
                (index, start, (size, nets, cell_params[index], cell_seeds[start : start + _CHUNK]))
            )
    total = len(cells) * reps
    if client is not None:
        n_jobs, address = _dask_workers(client)
        engine = f"dask {address}"
    else:
        if n_jobs is None:
            n_jobs = (os.cpu_count() or 1) if total >= _PARALLEL_FROM else 1
        n_jobs = max(1, min(int(n_jobs), len(tasks)))
        engine = "this process" if n_jobs == 1 else "local processes (joblib)"
    stats = np.full((len(cells), reps, len(STATISTICS)), np.nan)
    started = time.perf_counter()
    advance, close = _progress_reporter(progress, total)
    try:
        for index, start, block in _run_tasks(tasks, spec, n_jobs, client):
            stats[index, start : start + len(block)] = block
            advance(len(block))
    finally:
        close()
    elapsed = time.perf_counter() - started

    col = {name: i for i, name in enumerate(STATISTICS)}
    with np.errstate(invalid="ignore"):
        p_assoc = f_dist.sf(
            stats[..., col["wald_f"]], stats[..., col["wald_df1"]], stats[..., col["wald_df2"]]
        )
        reject_a = p_assoc < alpha
        reject_b = (stats[..., col["step_p_holm"]] < alpha) & (stats[..., col["step_estimate"]] > 0)
    failed = np.isnan(p_assoc) | np.isnan(stats[..., col["step_p_holm"]])
    pa, pb = reject_a.mean(axis=1), reject_b.mean(axis=1)
    table = pd.DataFrame(
        {
            "n": [c[0] for c in cells],
            "networks": [c[1] for c in cells],
            "effect": [c[2] for c in cells],
            "max_network_size": [p["max_network_size"] for p in cell_params],
            "reps": reps,
            "power_association": pa,
            "se_association": np.sqrt(pa * (1 - pa) / reps),
            "power_step": pb,
            "se_step": np.sqrt(pb * (1 - pb) / reps),
            "failed": failed.sum(axis=1),
        }
    )
    design = pd.DataFrame(
        {
            "n": np.repeat([c[0] for c in cells], reps),
            "networks": np.repeat([c[1] for c in cells], reps),
            "effect": np.repeat([c[2] for c in cells], reps),
            "rep": np.tile(np.arange(reps), len(cells)),
        }
    )
    replications = pd.concat(
        [design, pd.DataFrame(stats.reshape(-1, len(STATISTICS)), columns=list(STATISTICS))],
        axis=1,
    )
    tests = {
        "a": "trust score ~ meeting frequency: random intercept per network (REML), joint Wald "
        "test of the frequency terms, F(q, G - k)",
        "b": "F8 step: share with high trust, adjacent contrast '1-2' -> '3-4' positive with "
        "Holm-adjusted p < alpha (cluster-robust, as adjacent_contrasts)",
    }
    return PowerResult(
        table, replications, float(alpha), seed, reps, elapsed, n_jobs, tests, engine=engine
    )
