"""Cronbach's alpha with psych's item table, Feldt and bootstrap confidence intervals."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from trustlab._arguments import MAX_RESAMPLES, as_generator, whole_number
from trustlab.distributions import f
from trustlab.psychometrics._alpha_stats import Inverse, alpha_core, inverse, item_table
from trustlab.psychometrics._bootstrap import (
    batch_alpha,
    bca_interval,
    check_confidence_level,
    jackknife_alpha,
    percentile_interval,
    resample_counts,
)
from trustlab.psychometrics._common import (
    PsychometricError,
    PsychometricWarning,
    apply_reverse,
    as_item_matrix,
    check_item_count,
    check_scale_range,
    complete_rows,
    cov2cor,
)
from trustlab.psychometrics._moments import descriptives
from trustlab.results import ResultMixin

__all__ = ["AlphaResult", "cronbach_alpha", "PsychometricWarning", "PsychometricError"]

#: Alpha below this value triggers a :class:`PsychometricWarning`.
LOW_ALPHA = 0.70


@dataclass(frozen=True, repr=False, eq=False)
class AlphaResult(ResultMixin):
    """Cronbach's alpha and psych's item statistics.

    Attributes
    ----------
    alpha : float
        Raw alpha, ``k / (k - 1) * (1 - tr(C) / sum(C))`` from the item covariance matrix C
        (psych's ``raw_alpha``).
    std_alpha : float
        Standardised alpha, from the correlation matrix (psych's ``std.alpha``).
    g6 : float
        Guttman's lambda 6, ``1 - (k - sum(smc)) / sum(R)`` (psych's ``G6(smc)``).
    average_r, median_r : float
        Mean and median of the inter-item correlations.
    signal_noise : float
        ``k * average_r / (1 - average_r)`` (psych's ``S/N``).
    ase : float
        Duhachek's asymptotic standard error of alpha (psych's ``ase``), with ``n = n_obs``.
    mean, sd : float
        Mean and standard deviation of the per-person mean of the answered (keyed) items.
    ci : tuple of float
        ``(low, high)`` confidence interval for alpha.
    confidence_level : float
        The confidence level of ``ci``.
    ci_method : str
        ``"feldt"``, ``"bootstrap-bca"`` or ``"bootstrap-percentile"``.
    n_obs : int
        Respondents used: with ``"pairwise"`` those who answered at least one item, with
        ``"listwise"`` those who answered every item. The Feldt CI and ``ase`` use this n.
    n_rows : int
        Rows in the input; ``n_rows - n_obs`` respondents were dropped (see ``nan_policy``).
    n_items : int
        Number of items, k.
    nan_policy : str
        ``"pairwise"`` or ``"listwise"``.
    reversed_items : tuple of str
        Items reverse-keyed as ``min + max - x`` on ``scale_range``.
    scale_range : tuple of float or None
        The declared response range used for reverse keying.
    items : pandas.DataFrame
        One row per item: ``n``, ``mean``, ``sd`` (of the keyed item), ``raw_r`` (item-total
        r), ``std_r``, ``r_cor`` (corrected for overlap with smc), ``r_drop`` (corrected
        item-total r, item vs the rest), and, with the item dropped, ``alpha_if_dropped``,
        ``std_alpha_if_dropped``, ``g6_if_dropped``, ``average_r_if_dropped``,
        ``signal_noise_if_dropped``, ``ase_if_dropped``, ``var_r_if_dropped``,
        ``median_r_if_dropped``; and ``reversed``.
    correlations : pandas.DataFrame
        The inter-item correlation matrix behind the statistics (``cov2cor`` of C).
    bootstrap_distribution : numpy.ndarray or None
        The bootstrap alphas, when ``ci_method="bootstrap"``.
    warnings : tuple of str
        The messages also issued as :class:`PsychometricWarning`.
    """

    _private = ("bootstrap_distribution",)

    alpha: float
    std_alpha: float
    g6: float
    average_r: float
    median_r: float
    signal_noise: float
    ase: float
    mean: float
    sd: float
    ci: tuple[float, float]
    confidence_level: float
    ci_method: str
    n_obs: int
    n_rows: int
    n_items: int
    nan_policy: str
    reversed_items: tuple[str, ...]
    scale_range: tuple[float, float] | None
    items: pd.DataFrame
    correlations: pd.DataFrame
    bootstrap_distribution: np.ndarray | None = None
    warnings: tuple[str, ...] = field(default=())

    def summary(self) -> pd.DataFrame:
        """The total statistics as a one-column table (``value``), psych's order."""
        pct = f"{self.confidence_level:.0%}"
        rows = {
            "raw_alpha": self.alpha,
            "std_alpha": self.std_alpha,
            "G6(smc)": self.g6,
            "average_r": self.average_r,
            "S/N": self.signal_noise,
            "ase": self.ase,
            "mean": self.mean,
            "sd": self.sd,
            "median_r": self.median_r,
            f"ci_low ({pct}, {self.ci_method})": self.ci[0],
            f"ci_high ({pct}, {self.ci_method})": self.ci[1],
            "n_obs": self.n_obs,
            "n_items": self.n_items,
        }
        return pd.DataFrame({"value": pd.Series(rows, dtype=float)})

    def _title(self) -> str:
        return f"Cronbach's alpha: {self.n_items} items, n = {self.n_obs} ({self.nan_policy})"

    def _notes(self) -> list[str]:
        return list(self.warnings)


def _feldt(alpha: float, n: int, k: int, level: float) -> tuple[float, float]:

    tail = (1 - level) / 2
    df1, df2 = n - 1, (n - 1) * (k - 1)
    return (
        float(1 - (1 - alpha) * f.ppf(1 - tail, df1, df2)),
        float(1 - (1 - alpha) * f.ppf(tail, df1, df2)),
    )


def _bootstrap(
    x: np.ndarray,
    alpha: float,
    *,
    n_boot: int,
    seed: Any,
    level: float,
    boot_ci: str,
) -> tuple[tuple[float, float], np.ndarray]:
    mask = ~np.isnan(x)
    has_missing = not mask.all()
    x0 = np.where(mask, x - np.nanmean(x, axis=0), 0.0)
    mask_arg = mask if has_missing else None
    rng = np.random.default_rng(seed)
    n, k = x.shape
    boot = np.concatenate(
        [
            batch_alpha(x0, mask_arg, w)
            for w in resample_counts(rng, n, n_boot, cells_per_row=k * (3 if has_missing else 1))
        ]
    )
    if boot_ci == "percentile":
        return percentile_interval(boot, level), boot
    return bca_interval(boot, alpha, jackknife_alpha(x0, mask_arg), level), boot


def cronbach_alpha(
    items: Any,
    *,
    reverse: Sequence[Any] = (),
    scale_range: tuple[float, float] | None = None,
    nan_policy: Literal["pairwise", "listwise"] = "pairwise",
    confidence_level: float = 0.95,
    ci_method: Literal["feldt", "bootstrap"] = "feldt",
    n_boot: int = 10_000,
    seed: Any = None,
    boot_ci: Literal["bca", "percentile"] = "bca",
) -> AlphaResult:
    """Cronbach's alpha with the item table of R's ``psych::alpha``.

    Parameters
    ----------
    items : pandas.DataFrame or array_like
        One column per item, one row per respondent; missing answers as NaN.
    reverse : sequence of str, optional
        Items to reverse-key as ``min + max - x`` on ``scale_range`` (for example ``6 - x`` on
        1..5). Reverse keys are never guessed from the data.
    scale_range : tuple (min, max), optional
        The declared response range; required when ``reverse`` is given.
    nan_policy : {"pairwise", "listwise"}
        ``"pairwise"`` (psych's default, ``use = "pairwise"``): the covariance matrix, and from
        it alpha, standardised alpha, G6, the correlations, ``r_drop`` and alpha-if-dropped, uses
        pairwise-complete observations; the item n, means and sds, the total score (the mean of
        the answered items) and ``raw_r`` use every available answer; the Feldt CI uses the
        number of respondents. ``"listwise"``: respondents with any missing item are dropped
        first (psych on ``na.omit(x)``).
    confidence_level : float
        Confidence level of ``ci``.
    ci_method : {"feldt", "bootstrap"}
        ``"feldt"``: ``1 - (1 - alpha) * F_{1-a/2, 1-a/2}(n - 1, (n - 1)(k - 1))`` as
        ``psych::alpha.ci``. ``"bootstrap"``: resample respondents ``n_boot`` times.
    n_boot : int
        Number of bootstrap resamples.
    seed : int or numpy.random.Generator, optional
        Seed of the bootstrap; the same seed gives the same interval.
    boot_ci : {"bca", "percentile"}
        Bootstrap interval: bias-corrected and accelerated (jackknife acceleration) or percentile.

    Returns
    -------
    AlphaResult

    Raises
    ------
    PsychometricError
        Fewer than 2 items or respondents, an item without variance, ``reverse`` without
        ``scale_range``, a reversed answer outside ``scale_range``.

    Warns
    -----
    PsychometricWarning
        An item correlates negatively with the rest (a forgotten reverse key?), alpha is
        below .70, or dropping an item raises alpha.

    Notes
    -----
    Matches ``psych::alpha`` 2.2.9 to about 1e-12 (tests use 1e-9 relative). One deliberate
    difference: respondents who answered no item at all are dropped (psych counts them in
    the n of the Feldt CI and ``ase``).

    Examples
    --------
    >>> import pandas as pd
    >>> from trustlab.psychometrics import cronbach_alpha
    >>> df = pd.DataFrame({"a": [1, 2, 4, 5, 3, 4, 2], "b": [2, 2, 5, 4, 3, 5, 1],
    ...                    "c": [5, 4, 1, 2, 3, 2, 4], "d": [1, 3, 4, 4, 2, 5, 2]})
    >>> res = cronbach_alpha(df, reverse=["c"], scale_range=(1, 5))
    >>> # the same as psych::alpha(df, keys = c(1, 1, -1, 1)) in R (keyed c = 6 - c)
    >>> round(res.alpha, 4), round(res.std_alpha, 4)
    (0.9584, 0.9593)
    >>> res.items.loc["c", ["r_drop", "alpha_if_dropped"]].round(4).tolist()
    [0.9393, 0.9333]
    >>> [round(v, 4) for v in res.ci]  # Feldt, as psych::alpha.ci
    [0.866, 0.992]
    """
    if nan_policy not in ("pairwise", "listwise"):
        raise PsychometricError(f"nan_policy must be 'pairwise' or 'listwise'; got {nan_policy!r}.")
    if ci_method not in ("feldt", "bootstrap"):
        raise PsychometricError(f"ci_method must be 'feldt' or 'bootstrap'; got {ci_method!r}.")
    if boot_ci not in ("bca", "percentile"):
        raise PsychometricError(f"boot_ci must be 'bca' or 'percentile'; got {boot_ci!r}.")
    level = check_confidence_level(confidence_level)
    check_scale_range(scale_range)
    if ci_method == "bootstrap":
        n_boot = whole_number(
            n_boot, "n_boot", minimum=100, maximum=MAX_RESAMPLES, error=PsychometricError
        )
        seed = as_generator(seed, error=PsychometricError)
    data = as_item_matrix(items, any_layout=True)  # read only: no copy of a large table
    n_rows = len(items) if hasattr(items, "__len__") else data.values.shape[0]
    data, flags = apply_reverse(data, reverse, scale_range)
    if nan_policy == "listwise":
        data = complete_rows(data)
    elif data.values.shape[0] < 2:
        raise PsychometricError(
            f"Only {data.values.shape[0]} respondent(s) answered any item; at least 2 are needed.",
            expected="at least 2 respondents",
        )
    x = data.values
    n_obs = x.shape[0]
    # raises for an item without variance or a pair of items answered together by fewer than 2
    c, desc = descriptives(x, not data.has_missing, data.names)
    boot_args = None
    if ci_method == "bootstrap":
        boot_args = (x, n_boot, seed, boot_ci)
    return alpha_result(
        c, desc, data.names, flags, n_obs=n_obs, n_rows=n_rows, level=level,
        nan_policy=nan_policy, scale_range=scale_range, bootstrap=boot_args,
    )  # fmt: skip


def alpha_result(
    c: np.ndarray,
    desc: dict[str, Any],
    names: Sequence[str],
    flags: Sequence[bool],
    *,
    n_obs: int,
    n_rows: int,
    level: float,
    nan_policy: str,
    scale_range: tuple[float, float] | None,
    bootstrap: tuple | None = None,
) -> AlphaResult:
    """The :class:`AlphaResult` of a covariance matrix C and the item statistics (shared by
    :func:`cronbach_alpha` and :class:`~trustlab.psychometrics.StreamingAlpha`); the Feldt CI,
    or with ``bootstrap = (x, n_boot, seed, boot_ci)`` the bootstrap CI."""
    k = len(names)
    check_item_count(k)
    inv = inverse(cov2cor(c))  # once: the SMCs, G6, the item table and the checks share it
    core = alpha_core(c, inv)
    table = item_table(names, c, desc, n_obs, flags, inv)
    # a total score that is the same for everyone (the items cancel out): 1 - trace / total
    # divides by a rounding residue (alpha of 1.8e16); no alpha, with the reason
    cancelled = not c.sum() > 1e-12 * np.trace(c)
    if cancelled:
        core["raw_alpha"] = float("nan")

    boot = None
    if bootstrap is None:
        ci = _feldt(core["raw_alpha"], n_obs, k, level)
        method = "feldt"
    else:
        x, n_boot, seed, boot_ci = bootstrap
        ci, boot = _bootstrap(
            x, core["raw_alpha"], n_boot=n_boot, seed=seed, level=level, boot_ci=boot_ci
        )
        method = f"bootstrap-{boot_ci}"

    messages = _check(core["raw_alpha"], table)
    improper = (
        []
        if not cancelled
        else [
            "The total score is the same for every respondent: the items cancel each other out "
            "(mirror images, or a reverse key missing), so alpha and its CI are undefined; check "
            "the items' keying."
        ]
    )
    improper += _check_matrix(core, inv, nan_policy) if not cancelled else []
    if improper and core["raw_alpha"] > 1:  # no interval for an impossible alpha
        ci = (float("nan"), float("nan"))
    messages += improper
    for message in messages:
        warnings.warn(message, PsychometricWarning, stacklevel=3)
    r = cov2cor(c)
    return AlphaResult(
        alpha=float(core["raw_alpha"]),
        std_alpha=float(core["std_alpha"]),
        g6=float(core["g6"]),
        average_r=float(core["average_r"]),
        median_r=float(core["median_r"]),
        signal_noise=float(core["signal_noise"]),
        # psych's sqrt(Q / n); NaN as R's sqrt of a negative Q (an improper matrix), no warning
        ase=float(np.sqrt(core["q"] / n_obs)) if core["q"] >= 0 else float("nan"),
        mean=desc["total_mean"],
        sd=desc["total_sd"],
        ci=ci,
        confidence_level=level,
        ci_method=method,
        n_obs=n_obs,
        n_rows=n_rows,
        n_items=k,
        nan_policy=nan_policy,
        reversed_items=tuple(n for n, f in zip(names, flags, strict=True) if f),
        scale_range=None if scale_range is None else (float(scale_range[0]), float(scale_range[1])),
        items=table,
        correlations=pd.DataFrame(r, index=list(names), columns=list(names)),
        bootstrap_distribution=boot,
        warnings=tuple(messages),
    )


def _check_matrix(core: dict, inv: Inverse, nan_policy: str) -> list[str]:
    """Explain results that no real scale gives: copies of items, a pairwise matrix that is
    not a covariance matrix."""
    messages = []
    k, r = len(inv.eigenvalues), core["average_r"]
    if r >= 1 - 1e-12 or abs(1 + (k - 1) * r) < 1e-9:
        messages.append(
            "The items are (nearly) perfect copies or mirror images of each other (average "
            f"inter-item r = {r:.3f}), so S/N and standardised alpha are infinite or undefined; "
            "drop the duplicated items."
        )
    # C = D R D with D > 0: C has a negative eigenvalue exactly when R has one
    smallest = float(inv.eigenvalues[0])
    negative = not inv.positive and smallest < -1e-10 * k
    if nan_policy == "pairwise" and (core["raw_alpha"] > 1 or negative):
        messages.append(
            "The pairwise covariance matrix is not a proper covariance matrix (answers missing "
            "in different respondents for different items; smallest eigenvalue of the "
            f"correlations {smallest:.3g}), so alpha ({core['raw_alpha']:.3f}) and its CI are "
            "not trustworthy; use nan_policy='listwise'."
        )
    return messages


def _check(alpha: float, table: pd.DataFrame) -> list[str]:
    messages = []
    negative = table.index[table["r_drop"] < 0].tolist()
    if negative:
        messages.append(
            f"Item(s) {', '.join(map(repr, negative))} correlate negatively with the rest of "
            "the scale; check whether a reverse key is missing (reverse=..., scale_range=...)."
        )
    if alpha < LOW_ALPHA:
        messages.append(f"Alpha is {alpha:.3f}, below {LOW_ALPHA:.2f}.")
    raise_items = table.index[table["alpha_if_dropped"] > alpha].tolist()
    if raise_items:
        parts = ", ".join(
            f"{name!r} ({table.loc[name, 'alpha_if_dropped']:.3f})" for name in raise_items
        )
        messages.append(f"Alpha ({alpha:.3f}) would rise if these items were dropped: {parts}.")
    return messages
