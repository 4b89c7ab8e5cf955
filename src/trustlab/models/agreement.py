"""Trust as a property of the network: ICC(1), ICC(2), within-group agreement rwg(j) and awg.

- :func:`group_icc`: ICC(1) and ICC(2) from a one-way ANOVA of a score on the group, as
  ``multilevel::ICC1(aov(y ~ factor(g)))`` and ``ICC2``.
- :func:`rwg_j`: within-group agreement on a J-item scale against the uniform (no agreement)
  null, as ``multilevel::rwg.j(items, g, ranvar)`` with ``ranvar = (A^2 - 1) / 12`` for an
  A-point scale (James, Demaree & Wolf 1984).
- :func:`awg`: Brown and Hauenstein's (2005) agreement index, as ``multilevel::awg``.
- :func:`agreement_level`, :func:`icc1_size`, :func:`icc2_reliable`: the usual readings.
- :func:`spearman_brown`, :func:`group_size_for_icc2`: ICC(2) at another group size, and the
  group size a replication needs for ICC(2) >= .70.

Readings used (and their sources):

- rwg(j) (and other rwg-family indices): .00-.30 lack of agreement, .31-.50 weak, .51-.70
  moderate, .71-.90 strong, .91-1.00 very strong agreement (LeBreton & Senter 2008, Table 3).
- ICC(1), the share of the variance between groups read as an effect size: about .01 small,
  .10 medium, .25 large (LeBreton & Senter 2008, after Murphy & Myors 1998).
- ICC(2), the reliability of the group means: .70 or more is the usual standard for treating
  group means as reliable (LeBreton & Senter 2008); it grows with group size (Bliese 2000),
  which Spearman-Brown makes explicit.

References
----------
Bliese, P. D. (2000). Within-group agreement, non-independence, and reliability. In K. J. Klein
& S. W. J. Kozlowski (Eds.), Multilevel theory, research, and methods in organizations
(pp. 349-381). Jossey-Bass.
Brown, R. D., & Hauenstein, N. M. A. (2005). Interrater agreement reconsidered: An alternative
to the rwg indices. Organizational Research Methods, 8(2), 165-184.
James, L. R., Demaree, R. G., & Wolf, G. (1984). Estimating within-group interrater reliability
with and without response bias. Journal of Applied Psychology, 69(1), 85-98.
LeBreton, J. M., & Senter, J. L. (2008). Answers to 20 questions about interrater reliability
and interrater agreement. Organizational Research Methods, 11(4), 815-852.
Murphy, K. R., & Myors, B. (1998). Statistical power analysis. Erlbaum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from trustlab.models._common import ModelError, check_columns
from trustlab.models._group_items import GroupItems
from trustlab.results import ResultMixin

__all__ = [
    "GroupICC",
    "GroupAgreement",
    "group_icc",
    "rwg_j",
    "awg",
    "agreement_level",
    "agreement_levels",
    "LEVEL_LABELS",
    "icc1_size",
    "icc2_reliable",
    "spearman_brown",
    "group_size_for_icc2",
    "uniform_null_variance",
    "AGREEMENT_LEVELS",
    "ICC2_RELIABLE",
]

#: LeBreton & Senter (2008, Table 3): upper bounds and labels for rwg-family agreement.
AGREEMENT_LEVELS = (
    (0.30, "lack of agreement"),
    (0.50, "weak agreement"),
    (0.70, "moderate agreement"),
    (0.90, "strong agreement"),
    (1.00, "very strong agreement"),
)
#: ICC(1) effect-size readings (LeBreton & Senter 2008, after Murphy & Myors 1998).
ICC1_SIZES = ((0.01, "small"), (0.10, "medium"), (0.25, "large"))
#: The usual standard for reliable group means (ICC(2); LeBreton & Senter 2008).
ICC2_RELIABLE = 0.70


def agreement_level(value: float) -> str:
    """LeBreton & Senter's (2008, Table 3) reading of an rwg(j): ``"lack of agreement"``
    (.00-.30), ``"weak agreement"`` (.31-.50), ``"moderate agreement"`` (.51-.70), ``"strong
    agreement"`` (.71-.90), ``"very strong agreement"`` (.91-1.00); ``"undefined"`` for NaN.

    Examples
    --------
    >>> agreement_level(0.78), agreement_level(0.30), agreement_level(0.305)
    ('strong agreement', 'lack of agreement', 'weak agreement')
    """
    if not np.isfinite(value):
        return "undefined"
    for bound, label in AGREEMENT_LEVELS:
        if value <= bound:
            return label
    return AGREEMENT_LEVELS[-1][1]


#: The labels :func:`agreement_levels` gives, in order (the categories of a table's level).
LEVEL_LABELS = (*(label for _, label in AGREEMENT_LEVELS), "undefined")


def agreement_levels(values: np.ndarray) -> np.ndarray:
    """:func:`agreement_level` of each value, at once (an array of labels).

    Examples
    --------
    >>> agreement_levels(np.array([0.78, 0.30, 0.305, np.nan])).tolist()
    ['strong agreement', 'lack of agreement', 'weak agreement', 'undefined']
    """
    values = np.asarray(values, dtype=float)
    bounds = np.array([bound for bound, _ in AGREEMENT_LEVELS])
    labels = np.array(LEVEL_LABELS, dtype=object)
    # the first bound at or above the value (value <= bound), the last level above every bound
    where = np.minimum(np.searchsorted(bounds, values, side="left"), len(bounds) - 1)
    where[~np.isfinite(values)] = len(bounds)
    return labels[where]


def icc1_size(icc1: float) -> str:
    """ICC(1) read as an effect size: ``"negligible"`` below .01, ``"small"`` from .01,
    ``"medium"`` from .10, ``"large"`` from .25 (LeBreton & Senter 2008, after Murphy & Myors
    1998).

    Examples
    --------
    >>> icc1_size(0.256), icc1_size(0.043)
    ('large', 'small')
    """
    size = "negligible"
    for bound, label in ICC1_SIZES:
        if icc1 >= bound:
            size = label
    return size


def icc2_reliable(icc2: float) -> bool:
    """Whether the group means are reliable by the usual standard, ICC(2) >= .70."""
    return bool(icc2 >= ICC2_RELIABLE)


def spearman_brown(icc1: float, group_size: float) -> float:
    """ICC(2) of means of ``group_size`` respondents: ``k ICC1 / (1 + (k - 1) ICC1)``.

    Examples
    --------
    >>> round(spearman_brown(0.2559279550448705, 4.62), 6)  # = multilevel::ICC2 of trust
    0.613762
    """
    k = float(group_size)
    return k * icc1 / (1 + (k - 1) * icc1)


def group_size_for_icc2(icc1: float, target: float = ICC2_RELIABLE) -> float:
    """Respondents per group for ICC(2) = ``target`` given ICC(1) (Spearman-Brown solved for
    k): ``target (1 - ICC1) / (ICC1 (1 - target))``; round up for a design. Inf when ICC(1) <= 0.

    Examples
    --------
    >>> k = group_size_for_icc2(0.2559279550448705)
    >>> round(k, 4), int(np.ceil(k))  # trust in the sample: 7 respondents per network
    (6.7838, 7)
    """
    if not 0 < target < 1:
        raise ModelError(f"target must be between 0 and 1 (e.g. 0.70), got {target!r}.")
    if icc1 <= 0:
        return float("inf")
    return target * (1 - icc1) / (icc1 * (1 - target))


def uniform_null_variance(scale_points: int) -> float:
    """Variance of the uniform distribution on 1..A: ``(A^2 - 1) / 12`` (2 for a 5-point scale,
    4 for a 7-point one), rwg's null of no agreement."""
    a = int(scale_points)
    if a < 2 or a != scale_points:
        raise ModelError(
            f"scale_points must be a whole number of at least 2, got {scale_points!r}."
        )
    return (a * a - 1) / 12


@dataclass(frozen=True, repr=False, eq=False)
class GroupICC(ResultMixin):
    """ICC(1) and ICC(2) of a score from a one-way ANOVA on the group.

    Attributes
    ----------
    icc1 : float
        ``(MSB - MSW) / (MSB + (k - 1) MSW)`` with ``k = N / G`` (``multilevel::ICC1``).
    icc2 : float
        ``(MSB - MSW) / MSB``: the reliability of the group means (``multilevel::ICC2``).
    ms_between, ms_within : float
    df_between, df_within : int
    statistic, p_value : float
        The ANOVA F test of the group.
    group_size : float
        ``k = N / G``, the mean group size (multilevel's; not the unbalanced-design n0).
    group_size_for_070 : float
        Respondents per group for ICC(2) = .70 (:func:`group_size_for_icc2`).
    size : str
        :func:`icc1_size` of ICC(1).
    reliable_means : bool
        ICC(2) >= .70.
    verdict : str
        The reading in words, with its sources.
    value, group : str
    n_obs, n_groups : int
    dropped : int
        Rows without a value or a group.
    """

    icc1: float
    icc2: float
    ms_between: float
    ms_within: float
    df_between: int
    df_within: int
    statistic: float
    p_value: float
    group_size: float
    group_size_for_070: float
    size: str
    reliable_means: bool
    verdict: str
    value: str
    group: str
    n_obs: int
    n_groups: int
    dropped: int

    def summary(self) -> pd.DataFrame:
        """ICC(1), ICC(2), the ANOVA and the group size needed, one row."""
        return pd.DataFrame(
            {
                "icc1": [self.icc1],
                "icc2": [self.icc2],
                "F": [self.statistic],
                "df_between": [self.df_between],
                "df_within": [self.df_within],
                "p_value": [self.p_value],
                "group_size": [self.group_size],
                "group_size_for_070": [self.group_size_for_070],
            },
            index=pd.Index([self.value], name="score"),
        )

    def _title(self) -> str:
        return (
            f"ICC(1) and ICC(2) of {self.value} across {self.group}: n = {self.n_obs}, "
            f"{self.n_groups} groups"
        )

    def _notes(self) -> list[str]:
        return [self.verdict]


def group_icc(data: pd.DataFrame, value: str, group: str) -> GroupICC:
    """ICC(1) and ICC(2) from a one-way ANOVA of ``value`` on ``group``.

    As ``multilevel::ICC1(aov(value ~ factor(group)))`` and ``ICC2``; rows with a missing value
    or group are dropped (as ``aov``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 2.5, 4.0, 3.0, 5.5, 6.0, 7.5, 4.0],
    ...                    "g": list("aaabbbccc")})
    >>> res = group_icc(df, "y", "g")
    >>> round(res.icc1, 6), round(res.icc2, 6)  # R multilevel::ICC1, ICC2: 0.663701 0.855505
    (0.663701, 0.855505)
    """
    check_columns(data, [value, group])
    y = pd.to_numeric(data[value], errors="coerce")
    ok = y.notna().to_numpy() & data[group].notna().to_numpy()
    if data[value].notna().sum() != y.notna().sum():
        raise ModelError(f"{value!r} holds values that are not numbers.", column=value)
    y = y.to_numpy(dtype=float)[ok]
    codes, _ = pd.factorize(data[group][ok], sort=True)
    n, G = y.size, int(codes.max()) + 1 if y.size else 0
    if G < 2 or n <= G:
        raise ModelError(
            f"ICC needs at least two groups and more rows than groups; {value!r} has {n} rows "
            f"in {G} groups of {group!r}."
        )
    sizes = np.bincount(codes, minlength=G).astype(float)
    means = np.bincount(codes, weights=y, minlength=G) / sizes
    grand = y.mean()
    ss_between = float(np.sum(sizes * (means - grand) ** 2))
    ss_within = float(np.sum((y - means[codes]) ** 2))
    df_b, df_w = G - 1, n - G
    msb, msw = ss_between / df_b, ss_within / df_w
    k = n / G
    from trustlab.distributions import f as f_dist

    with np.errstate(divide="ignore", invalid="ignore"):
        icc1 = (msb - msw) / (msb + (k - 1) * msw)
        icc2 = (msb - msw) / msb
        F = msb / msw
    need = group_size_for_icc2(icc1)
    size = icc1_size(icc1)
    verdict = (
        f"ICC(1) = {icc1:.2f}: {size} differences between groups (.01 small, .10 medium, .25 "
        f"large; LeBreton & Senter 2008, after Murphy & Myors 1998). ICC(2) = {icc2:.2f}: the "
        f"group means are {'reliable' if icc2_reliable(icc2) else 'not reliable'} by the usual "
        f"standard of .70 (LeBreton & Senter 2008); with ICC(1) = {icc1:.2f}, groups of "
        f"{int(np.ceil(need)) if np.isfinite(need) else 'any size'} respondents reach it "
        "(Spearman-Brown)."
    )
    return GroupICC(
        icc1=float(icc1),
        icc2=float(icc2),
        ms_between=msb,
        ms_within=msw,
        df_between=df_b,
        df_within=df_w,
        statistic=float(F),
        p_value=float(f_dist.sf(F, df_b, df_w)),
        group_size=k,
        group_size_for_070=need,
        size=size,
        reliable_means=icc2_reliable(icc2),
        verdict=verdict,
        value=value,
        group=group,
        n_obs=n,
        n_groups=G,
        dropped=int((~ok).sum()),
    )


@dataclass(frozen=True, repr=False, eq=False)
class GroupAgreement(ResultMixin):
    """Within-group agreement (rwg(j) or awg) per group.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per group (sorted by id): ``group``, ``n`` (respondents used), the index
        (``rwg_j`` or ``awg``; NaN for a group of one), ``level`` (:func:`agreement_level`, for
        rwg(j)) and, with ``score=``, ``score_mean`` (the group mean of that column over the rows
        used).
    index : str
        ``"rwg_j"`` or ``"awg"``.
    mean, median : float
        Over the groups with a value.
    n_groups_defined : int
    level : str
        :func:`agreement_level` of the mean (rwg(j) only; awg is reported without a reading).
    share_strong : float
        Share of the groups (with a value) at .71 or more (rwg(j) only; NaN for awg).
    items : tuple of str
    group : str
    null_variance : float or None
        rwg(j)'s ``ranvar``.
    scale_range : tuple of float or None
        awg's ``(L, H)``.
    n_obs, n_rows : int
        Rows used (every item answered and a group) and rows in the input.
    verdict : str
    """

    table: pd.DataFrame
    index: str
    mean: float
    median: float
    n_groups_defined: int
    level: str
    share_strong: float
    items: tuple[str, ...]
    group: str
    null_variance: float | None
    scale_range: tuple[float, float] | None
    n_obs: int
    n_rows: int
    verdict: str

    def summary(self) -> pd.DataFrame:
        """The table per group, indexed by group."""
        return self.table.set_index("group")

    def _title(self) -> str:
        name = "rwg(j)" if self.index == "rwg_j" else "awg"
        return (
            f"Within-group agreement {name} on {len(self.items)} items across {self.group}: "
            f"mean {self.mean:.3f} over {self.n_groups_defined} groups"
        )

    def _notes(self) -> list[str]:
        return [self.verdict]


def rwg_j(
    data: pd.DataFrame,
    items: Sequence[str],
    group: str,
    *,
    scale_points: int | None = None,
    null_variance: float | None = None,
    score: str | None = None,
    shared: GroupItems | None = None,
) -> GroupAgreement:
    """Within-group agreement rwg(j) on a J-item scale, per group, against the uniform null.

    As ``multilevel::rwg.j(data[items], data[group], ranvar)``: for each group, ``S`` = the mean
    of the item variances, truncated at the null variance (``rwg(j) = 0`` beyond it), and
    ``rwg(j) = J (1 - S / ranvar) / (J (1 - S / ranvar) + S / ranvar)``; NaN for a group of
    one. Rows with a missing item or group are left out first (as ``rwg.j``'s ``na.exclude``).

    Parameters
    ----------
    data : pandas.DataFrame
    items : sequence of str
        The scale's items, reverse-keyed items already reversed.
    group : str
    scale_points : int, optional
        A for an A-point scale: ``ranvar = (A^2 - 1) / 12``.
    null_variance : float, optional
        ``ranvar`` itself (give this or ``scale_points``).
    score : str, optional
        A column whose group mean is added to the table (e.g. the scale score).
    shared : GroupItems, optional
        ``GroupItems(data, items, group)`` given to :func:`awg` too: the items' group means and
        variances are then computed once for both.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [4, 4, 5, 2, 1, 4], "b": [4, 5, 5, 3, 1, 5],
    ...                    "g": ["x", "x", "x", "y", "y", "y"]})
    >>> res = rwg_j(df, ["a", "b"], "g", scale_points=5)
    >>> res.table[["group", "n", "rwg_j"]].round(6)  # R rwg.j(df[1:2], df$g, 2): 0.909091, 0
      group  n     rwg_j
    0     x  3  0.909091
    1     y  3  0.000000
    """
    if (scale_points is None) == (null_variance is None):
        raise ModelError("Give either scale_points (A-point scale) or null_variance (ranvar).")
    ranvar = uniform_null_variance(scale_points) if null_variance is None else float(null_variance)
    if not ranvar > 0:
        raise ModelError(f"null_variance must be positive, got {null_variance!r}.")
    shared = shared if shared is not None else GroupItems(data, items, group)
    codes, labels, ok = shared.rows()
    G = len(labels)
    if G == 0:
        raise ModelError(f"No row has every item of {list(items)} and a {group!r} answered.")
    J = len(shared.items)
    _, var = shared.moments()
    S = np.minimum(var.mean(axis=1), ranvar)  # NaN (a group of one) stays NaN
    ratio = S / ranvar
    rwg = J * (1 - ratio) / (J * (1 - ratio) + ratio)
    table = pd.DataFrame({"group": labels, "n": np.bincount(codes, minlength=G), "rwg_j": rwg})
    # categorical, as the group: a few labels, not a text per group (two million at scale)
    table["level"] = pd.Categorical(agreement_levels(rwg), categories=LEVEL_LABELS)
    if score is not None:
        check_columns(data, [score])
        table["score_mean"] = (
            pd.Series(pd.to_numeric(data[score], errors="coerce").to_numpy()[ok])
            .groupby(codes)
            .mean()
            .reindex(range(G))
            .to_numpy()
        )
    return _agreement(table, "rwg_j", list(items), group, ranvar, None, int(ok.sum()), len(data))


def awg(
    data: pd.DataFrame,
    items: Sequence[str] | str,
    group: str,
    *,
    scale_min: float,
    scale_max: float,
    score: str | None = None,
    shared: GroupItems | None = None,
) -> GroupAgreement:
    """Brown and Hauenstein's awg per group, as ``multilevel::awg(items, group, range = c(L,
    H))``.

    Per item: ``1 - 2 var / (((H + L) M - M^2 - H L) k / (k - 1))`` (M the group mean, k its
    size); undefined (NaN) when M lies beyond ``(L (k - 1) + H) / k`` or ``(H (k - 1) + L) / k``,
    1 when M equals L or H; with several items the mean over the items with a value; NaN for a
    group of one. Rows with a missing item or group are left out first. ``shared``: as for
    :func:`rwg_j`.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [4, 4, 5, 2, 1, 4], "g": ["x", "x", "x", "y", "y", "y"]})
    >>> awg(df, "a", "g", scale_min=1, scale_max=5).table["awg"].round(6).tolist()
    [nan, 0.125]

    In R: ``multilevel::awg(df$a, df$g, range = c(1, 5))$a.wg`` gives NA (group x's mean 4.33
    lies beyond (5 * 2 + 1) / 3 = 3.67, where awg is undefined) and 0.125.
    """
    L, H = float(scale_min), float(scale_max)
    if not L < H:
        raise ModelError(f"scale_min must be below scale_max, got {scale_min!r} and {scale_max!r}.")
    shared = shared if shared is not None else GroupItems(data, items, group)
    codes, labels, ok = shared.rows()
    G = len(labels)
    if G == 0:
        raise ModelError(f"No row has every item and a {group!r} answered.")
    n = np.bincount(codes, minlength=G).astype(float)
    M, var = shared.moments()
    k = n[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        a = 1 - 2 * var / (((H + L) * M - M * M - H * L) * (k / (k - 1)))
    a[((L * (k - 1) + H) / k > M) | ((H * (k - 1) + L) / k < M)] = np.nan
    a[(M == H) | (M == L)] = 1.0
    a[n == 1] = np.nan
    defined = ~np.isnan(a)
    with np.errstate(invalid="ignore"):
        per_group = np.where(
            defined.any(axis=1), np.nansum(np.where(defined, a, 0), axis=1) / defined.sum(1), np.nan
        )
    table = pd.DataFrame({"group": labels, "n": n.astype(int), "awg": per_group})
    if score is not None:
        check_columns(data, [score])
        table["score_mean"] = (
            pd.Series(pd.to_numeric(data[score], errors="coerce").to_numpy()[ok])
            .groupby(codes)
            .mean()
            .reindex(range(G))
            .to_numpy()
        )
    items_ = [items] if isinstance(items, str) else list(items)
    return _agreement(table, "awg", items_, group, None, (L, H), int(ok.sum()), len(data))


def _agreement(
    table: pd.DataFrame,
    index: str,
    items: list[str],
    group: str,
    ranvar: float | None,
    scale_range: tuple[float, float] | None,
    n_obs: int,
    n_rows: int,
) -> GroupAgreement:
    values = table[index].to_numpy(dtype=float)
    defined = values[~np.isnan(values)]
    mean = float(defined.mean()) if defined.size else np.nan
    median = float(np.median(defined)) if defined.size else np.nan
    if index == "rwg_j":
        level = agreement_level(mean)
        strong = float(np.mean(defined > 0.70)) if defined.size else np.nan
        verdict = (
            f"Mean rwg(j) = {mean:.2f} over {defined.size} groups: {level} (LeBreton & Senter "
            f"2008: .00-.30 lack of agreement, .31-.50 weak, .51-.70 moderate, .71-.90 strong, "
            f".91-1.00 very strong); {100 * strong:.0f}% of the groups show strong or very "
            f"strong agreement. Null: uniform answers, variance {ranvar:.4g}."
        )
    else:
        level, strong = "", np.nan
        verdict = (
            f"Mean awg = {mean:.2f} over {defined.size} groups (Brown & Hauenstein 2005; "
            "1 = full agreement, 0 = the agreement expected by chance, negative = less)."
        )
    return GroupAgreement(
        table=table,
        index=index,
        mean=mean,
        median=median,
        n_groups_defined=int(defined.size),
        level=level,
        share_strong=strong,
        items=tuple(items),
        group=group,
        null_variance=ranvar,
        scale_range=scale_range,
        n_obs=n_obs,
        n_rows=n_rows,
        verdict=verdict,
    )
