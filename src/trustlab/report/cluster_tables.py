"""The per-cluster and per-group tables as the disclosure rules allow them to be published.

A network of two respondents whose mean trust is published lets each of them read the other's
score. So wherever a table per cluster (network, team) or per group leaves the Python session
(the report, ``results.json``): the clusters' ids are replaced by numbers (1 = the largest
cluster; ids never leave), and a cluster's or group's statistics (mean score, rwg(j), awg) are
hidden when it has fewer than ``min_cell`` respondents; its size stays. The full tables stay
in the :class:`~trustlab.analysis.Analysis` for the analyst. Nothing here computes a statistic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from trustlab.clusters import ClusterAgreement
from trustlab.models import GroupMeans

__all__ = [
    "DOCUMENT_ROWS",
    "LISTED_ROWS",
    "hidden_sizes",
    "protected_clusters",
    "protected_group_means",
]

#: Clusters listed one by one in the report's documents (HTML, Markdown, Word), largest first.
DOCUMENT_ROWS = 100
#: Rows of a table in ``results.json`` and ``tables.xlsx`` at most (the largest clusters);
#: ``tables/*.csv`` holds every row.
LISTED_ROWS = 10_000


def protected_clusters(
    agreement: ClusterAgreement, min_cell: int, *, limit: int | None = None
) -> pd.DataFrame:
    """Per cluster: ``cluster`` (1 = largest), ``n`` (respondents with every item answered),
    ``mean`` (their mean score), ``rwg_j``, ``level``, ``awg`` and ``hidden`` (True: fewer than
    ``min_cell`` respondents, statistics withheld as NaN / None).

    With ``limit``, only the ``limit`` largest clusters (the first rows of the full table): a
    study of millions of respondents has hundreds of thousands of clusters, and only the rows
    shown are built.
    """
    rwg = agreement.rwg
    if rwg is None:
        return pd.DataFrame(columns=["cluster", "n", "mean", "rwg_j", "level", "awg", "hidden"])
    full = rwg.table
    n = full["n"].to_numpy()
    # the largest first, ties in the table's order (as a stable descending sort)
    order = np.argsort(-n, kind="stable")
    if limit is not None:
        order = order[: max(limit, 0)]
    rows = full.iloc[order]
    hidden = rows["n"].to_numpy() < min_cell
    table = pd.DataFrame(
        {
            "cluster": np.arange(1, len(rows) + 1),
            "n": rows["n"].to_numpy(),
            "mean": rows["score_mean"].to_numpy(dtype=float),
            "rwg_j": rows["rwg_j"].to_numpy(dtype=float),
            "level": pd.Series(rows["level"].to_numpy(dtype=object), dtype=object),
            "awg": _awg(agreement, rows, order),
        }
    )
    for column in ("mean", "rwg_j", "awg"):
        table[column] = table[column].where(~hidden, np.nan)
    table["level"] = table["level"].where(~hidden, None)
    table["hidden"] = hidden
    return table


def _awg(agreement: ClusterAgreement, rows: pd.DataFrame, order: np.ndarray) -> np.ndarray:
    """awg of the clusters in ``rows`` (rows ``order`` of the rwg(j) table), NaN without awg."""
    if agreement.awg is None:
        return np.full(len(rows), np.nan)
    awg = agreement.awg.table
    groups = agreement.rwg.table["group"]  # type: ignore[union-attr]
    if len(awg) == len(groups) and awg["group"].equals(groups):  # one row per cluster, aligned
        return awg["awg"].to_numpy(dtype=float)[order]
    return rows["group"].map(awg.set_index("group")["awg"]).to_numpy(dtype=float)


def hidden_sizes(agreement: ClusterAgreement, min_cell: int) -> tuple[int, int, dict[int, int]]:
    """``(hidden, total, {size: count})``: the clusters :func:`protected_clusters` hides, of
    how many, and how many of each size (largest first), without building the table."""
    if agreement.rwg is None:
        return 0, 0, {}
    n = agreement.rwg.table["n"].to_numpy()
    sizes, counts = np.unique(n[n < min_cell], return_counts=True)
    by_size = {int(s): int(c) for s, c in zip(sizes[::-1], counts[::-1], strict=True)}
    return int(sum(by_size.values())), len(n), by_size


def protected_group_means(means: GroupMeans, min_cell: int) -> pd.DataFrame:
    """The mean score per group with ``mean``, ``sd`` and the CI hidden for a group of fewer
    than ``min_cell`` respondents (``hidden`` True)."""
    table = means.table.copy()
    hidden = table["n"].to_numpy() < min_cell
    for column in table.columns:
        if column != "n":
            table[column] = table[column].astype(float).where(~hidden, np.nan)
    table["hidden"] = hidden
    return table
