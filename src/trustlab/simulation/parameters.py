"""The parameters of trustlab's generative model (:mod:`~trustlab.simulation.generate`), labels."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from dataclasses import dataclass, fields
from itertools import zip_longest
from typing import Any

import numpy as np

from trustlab.errors import SimulationError, brief

__all__ = ["COLUMNS", "DEFAULT_SEED", "SimulationParameters"]

DEFAULT_SEED = 2307
FREQUENCY_LABELS = (
    "minder dan 1 keer per jaar",
    "1-2 keer per jaar",
    "3-4 keer per jaar",
    "meer dan 4 keer per jaar",
)
ROLE_LABELS = ("trekker", "partner", "beleidsmaker", "ervaringsdeskundige")
ORG_TYPE_LABELS = ("lokaal bestuur", "welzijn en armoede", "cultuur sport jeugd", "andere")
TRUST_ITEMS = ("T1", "T2", "T3", "T4", "T5", "T6", "T7")
DISTRUST_ITEMS = ("D1", "D2", "D3", "D4")
REVERSE_KEYED = ("T7", "D4")
_DESIGN_COLUMNS = ("respondent_id", "network_id", "role", "org_type", "years_in_network")
COLUMNS = (*_DESIGN_COLUMNS, "meeting_frequency", *TRUST_ITEMS, *DISTRUST_ITEMS)
_YEARS_CENTRE = 5.0


@dataclass(frozen=True)
class SimulationParameters:
    """Parameters of the synthetic-sample model; the defaults give trustlab's sample.

    Per-category tuples follow the label order of ``FREQUENCY_LABELS``, ``ROLE_LABELS`` and
    ``ORG_TYPE_LABELS``; per-item tuples follow T1..T7 and D1..D4 on the keyed scale.

    Attributes
    ----------
    frequency_quota : tuple of float
        Relative sizes of the four reported meeting-frequency strata (33/71/99/28 as in F4-F7).
    mean_network_size : float
        Respondents per network when ``n_networks`` is not given (231 / 50 = 4.62).
    min_network_size : int
        Smallest network (a category with fewer respondents forms one smaller network).
    max_network_size : int
        Largest network.
    neighbour_share : float
        Share of respondents who report a meeting frequency adjacent to their network's.
    role_shares : tuple of float
        Probabilities of trekker, partner, beleidsmaker, ervaringsdeskundige.
    org_type_given_role : tuple of tuple of float
        Per role, probabilities of the four organisation types.
    years_gamma : tuple of float
        Shape and scale of the gamma distribution of years in the network.
    years_range : tuple of float
        Clipping range of years in the network (the Participation Decree dates from 2008).
    trust_by_frequency : tuple of float
        Mean latent trust per meeting-frequency category.
    distrust_by_frequency : tuple of float
        Mean latent distrust per meeting-frequency category.
    role_trust : tuple of float
        Shift of latent trust per role.
    role_distrust : tuple of float
        Shift of latent distrust per role.
    org_trust : tuple of float
        Shift of latent trust per organisation type.
    org_distrust : tuple of float
        Shift of latent distrust per organisation type.
    years_trust : float
        Change of latent trust per year in the network (centred at 5 years).
    years_distrust : float
        Change of latent distrust per year in the network (centred at 5 years).
    network_sd_trust : float
        SD of the network random intercept on latent trust.
    network_sd_distrust : float
        SD of the network random intercept on latent distrust.
    network_correlation : float
        Correlation of the two network intercepts.
    residual_correlation : float
        Correlation of the respondent-level trust and distrust residuals (each SD 1).
    trust_loadings : tuple of float
        Graded-model loadings of T1..T7 on latent trust.
    distrust_loadings : tuple of float
        Graded-model loadings of D1..D4 on latent distrust.
    trust_locations : tuple of float
        Item locations of T1..T7 (keyed); higher means harder to agree with.
    distrust_locations : tuple of float
        Item locations of D1..D4 (keyed).
    steps : tuple of float
        Four increasing offsets added to an item's location to give its thresholds.
    n_straightliners : int
        Respondents who give the same raw answer to all eleven items (at most n).
    straightline_values : tuple of int
        Raw answers a straight-liner draws from (uniformly).
    missing_rate : float
        Probability that an answer is missing completely at random.
    """

    frequency_quota: tuple = (33.0, 71.0, 99.0, 28.0)
    mean_network_size: float = 4.62
    min_network_size: int = 2
    max_network_size: int = 8
    neighbour_share: float = 0.08
    role_shares: tuple = (0.2, 0.45, 0.2, 0.15)
    org_type_given_role: tuple = (
        (0.4, 0.35, 0.15, 0.1),
        (0.1, 0.45, 0.35, 0.1),
        (0.85, 0.05, 0.05, 0.05),
        (0.05, 0.65, 0.05, 0.25),
    )
    years_gamma: tuple = (2.0, 2.2)
    years_range: tuple = (0.5, 12.0)
    trust_by_frequency: tuple = (-0.3, -0.3, 0.82, 0.92)
    distrust_by_frequency: tuple = (0.15, 0.1, -0.1, -0.15)
    role_trust: tuple = (0.2, 0.0, 0.1, -0.15)
    role_distrust: tuple = (-0.1, 0.0, 0.05, 0.15)
    org_trust: tuple = (0.0, 0.05, 0.05, -0.1)
    org_distrust: tuple = (0.1, 0.0, -0.05, 0.0)
    years_trust: float = 0.03
    years_distrust: float = -0.01
    network_sd_trust: float = 0.35
    network_sd_distrust: float = 0.3
    network_correlation: float = -0.3
    residual_correlation: float = -0.55
    trust_loadings: tuple = (1.05, 1.0, 0.95, 1.0, 0.85, 0.85, 0.75)
    distrust_loadings: tuple = (1.1, 1.0, 0.9, 1.0)
    trust_locations: tuple = (-0.5, -0.3, -0.2, -0.4, -0.6, -0.4, -0.1)
    distrust_locations: tuple = (0.93, 0.53, 0.73, 0.83)
    steps: tuple = (-1.9, -0.7, 0.5, 1.8)
    n_straightliners: int = 2
    straightline_values: tuple = (3, 4)
    missing_rate: float = 0.025

    def __post_init__(self):
        for field in fields(self):  # every number finite and within bounds, before any use
            _check_numbers(field.name, getattr(self, field.name), field.default)
        for field in fields(self):  # tuples: coerce, and check lengths against the defaults
            value, default = getattr(self, field.name), field.default
            if not isinstance(default, tuple):
                continue
            if field.name == "org_type_given_role":  # 4 rows (roles) of 4 (org types)
                value = tuple(tuple(float(x) for x in row) for row in value)
                ok = len(value) == 4 and all(len(row) == 4 for row in value)
            else:
                value = tuple(type(default[0])(v) for v in value)
                ok = len(value) == len(default) or field.name == "straightline_values"
            if not ok:
                raise SimulationError(
                    f"{field.name} must be shaped like {default!r}, got {value!r}"
                )
            object.__setattr__(self, field.name, value)
        shares = [("frequency_quota", self.frequency_quota), ("role_shares", self.role_shares)]
        shares += [(f"org_type_given_role[{i}]", r) for i, r in enumerate(self.org_type_given_role)]
        for name, value in shares:
            if min(value) < 0 or sum(value) <= 0:
                raise SimulationError(
                    f"{name} must be non-negative with a positive sum, got {value!r}"
                )
        steps, answers = self.steps, self.straightline_values
        checks = [
            ("missing_rate", 0 <= self.missing_rate < 1, "in [0, 1)"),
            ("neighbour_share", 0 <= self.neighbour_share <= 1, "in [0, 1]"),
            ("network_correlation", -1 < self.network_correlation < 1, "in (-1, 1)"),
            ("residual_correlation", -1 < self.residual_correlation < 1, "in (-1, 1)"),
            ("network_sd_trust", self.network_sd_trust >= 0, ">= 0"),
            ("network_sd_distrust", self.network_sd_distrust >= 0, ">= 0"),
            ("mean_network_size", self.mean_network_size > 0, "> 0"),
            (
                "min_network_size",
                1 <= self.min_network_size <= self.max_network_size,
                "<= max_network_size, >= 1",
            ),
            ("n_straightliners", self.n_straightliners >= 0, ">= 0"),
            ("years_gamma", min(self.years_gamma) > 0, "positive"),
            ("years_range", 0 <= self.years_range[0] < self.years_range[1], "increasing, >= 0"),
            ("steps", list(steps) == sorted(set(steps)), "strictly increasing"),
            ("straightline_values", answers and min(answers) >= 1 and max(answers) <= 5, "in 1..5"),
        ]
        for name, ok, expected in checks:
            if not ok:
                raise SimulationError(f"{name} must be {expected}, got {getattr(self, name)!r}")


#: The largest magnitude of a real parameter (latent-scale shifts, loadings, SDs, shares).
MAX_PARAMETER = 1_000.0
#: The largest whole-number parameter (network sizes, straight-liners).
MAX_COUNT_PARAMETER = 10_000_000


def _check_numbers(name: str, value: Any, default: Any) -> None:
    """Refuse a parameter that is not a number (or a tuple of them), not finite or too large."""
    if isinstance(default, tuple):
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            raise SimulationError(f"{name} must be shaped like {default!r}, got {brief(value)}")
        for part, part_default in zip_longest(value, default, fillvalue=default[0]):
            _check_numbers(name, part, part_default)
        return
    whole = isinstance(default, int)
    ok = isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
    ok = ok and math.isfinite(value) and (not whole or float(value).is_integer())
    bound = MAX_COUNT_PARAMETER if whole else MAX_PARAMETER
    if not ok or abs(value) > bound:
        what = "a whole number" if whole else "a finite number"
        raise SimulationError(f"{name} must be {what} within +/- {bound:g}, got {brief(value)}")
