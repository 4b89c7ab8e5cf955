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

__all__ = ["protected_clusters", "protected_group_means"]


def protected_clusters(agreement: ClusterAgreement, min_cell: int) -> pd.DataFrame:
    """Per cluster: ``cluster`` (1 = largest), ``n`` (respondents with every item answered),
    ``mean`` (their mean score), ``rwg_j``, ``level``, ``awg`` and ``hidden`` (True: fewer than
    ``min_cell`` respondents, statistics withheld as NaN / None)."""
    rwg = agreement.rwg
    if rwg is None:
        return pd.DataFrame(columns=["cluster", "n", "mean", "rwg_j", "level", "awg", "hidden"])
    table = rwg.table.rename(columns={"score_mean": "mean"})
    table = table[["group", "n", "mean", "rwg_j", "level"]].copy()
    if agreement.awg is not None:
        table["awg"] = table["group"].map(agreement.awg.table.set_index("group")["awg"])
    else:
        table["awg"] = np.nan
    table = table.sort_values("n", ascending=False, kind="stable").reset_index(drop=True)
    hidden = table["n"].to_numpy() < min_cell
    for column in ("mean", "rwg_j", "awg"):
        table[column] = table[column].astype(float).where(~hidden, np.nan)
    table["level"] = table["level"].astype(object).where(~hidden, None)
    table["hidden"] = hidden
    table.insert(0, "cluster", np.arange(1, len(table) + 1))
    return table.drop(columns="group")


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
