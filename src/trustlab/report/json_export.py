"""``results.json``: the analysis as plain data, a walk of the result tree (``schema_version`` 2).

The document is :meth:`Analysis.to_dict` (every result's fields, tables as lists of records,
NaN and infinities as ``null``, numbers never rounded) with a header, and with the disclosure
rules applied: the quadrant by exposure table with its small cells and their complements as
``null`` (:mod:`trustlab.report.suppression`), and the statistics of that table (chi-square,
Cramer's V, p-values) withheld while any of its cells is, since they would let a reader
recompute the hidden cells. No respondent-level data: each result lists such fields in
``_private`` and they are left out. The file's JSON Schema, generated from the result classes,
ships as ``trustlab/data/results.schema.json`` (:mod:`trustlab.report.json_schema`).

Top level: ``schema_version`` (2), ``trustlab_version``, ``source`` (``file``: the file name
only, never a path of the machine; ``format``), ``study``, ``n_respondents``, ``n_clusters``,
``seed``, ``n_boot``, ``min_cell``, ``disclosure`` (what was withheld and why), then the
analysis: ``plan`` (the roles), ``quality``, ``scales`` (keyed by the scale's name),
``item_correlations``, ``dimensions`` (null without), ``exposure`` (null without; ``scales``
keyed by the scale's name, ``ordinal`` by item; per scale the HC1 fits, their CR2 +
Satterthwaite tests in ``cluster_inference`` and the mixed model's in ``mixed_inference``),
``clusters`` (per scale: ICC(1), ICC(2), rwg(j), awg; the per-cluster tables without ids, small
clusters' statistics hidden; the largest :data:`~trustlab.report.cluster_tables.LISTED_ROWS`
clusters when there are more, every cluster being in ``tables/clusters_*.csv``),
``invariance`` (per grouping variable and scale; small groups' means hidden), ``not_run`` and
``notices`` (``step``, ``message``, ``skipped``).
"""

from __future__ import annotations

import dataclasses
from pathlib import PurePath
from typing import Any

from trustlab import __version__
from trustlab.analysis import Analysis
from trustlab.report.cluster_tables import (
    LISTED_ROWS,
    hidden_sizes,
    protected_clusters,
    protected_group_means,
)
from trustlab.report.json_text import indented_json
from trustlab.report.suppression import quadrant_table
from trustlab.results import plain

__all__ = ["SCHEMA_VERSION", "analysis_to_dict", "analysis_to_json"]

SCHEMA_VERSION = 2


def _file_name(path: str) -> str:
    return PurePath(path.replace("\\", "/")).name


def analysis_to_dict(analysis: Analysis, *, min_cell: int = 5) -> dict[str, Any]:
    """The analysis in ``results.json``'s schema, small cells suppressed (see the module)."""
    survey = analysis.survey
    source = survey.source
    tree = _without_cluster_tables(analysis).to_dict()
    disclosure: list[str] = []
    protected = quadrant_table(analysis, min_cell=min_cell)
    dims = tree.get("dimensions")
    if dims is not None and protected is not None:
        dims["by_exposure"] = {
            "counts": plain(protected.counts),
            "row_percent": plain(protected.row_percent),
            "hidden": plain(protected.hidden),
            "min_cell": min_cell,
        }
        if protected.n_hidden:
            dims["chi_square"] = None
            disclosure.append(
                f"quadrant x exposure: {protected.n_hidden} of {protected.hidden.size} cells "
                f"hidden (fewer than {min_cell} respondents, or recomputable from the published "
                "totals); its chi-square test is withheld, since its statistic would let a "
                "reader recompute them."
            )
    disclosure += _protect_clusters_and_groups(analysis, tree, min_cell)
    return {
        "schema_version": SCHEMA_VERSION,
        "trustlab_version": __version__,
        "source": {
            "file": _file_name(source.path) if source is not None else None,
            "format": source.format if source is not None else None,
        },
        "study": survey.codebook.study,
        "n_respondents": survey.n_respondents,
        "n_clusters": survey.n_networks,
        "seed": analysis.seed,
        "n_boot": analysis.n_boot,
        "min_cell": min_cell,
        "disclosure": disclosure,
        **{k: v for k, v in tree.items() if k not in ("seed", "n_boot")},
    }


def _protect_clusters_and_groups(
    analysis: Analysis, tree: dict[str, Any], min_cell: int
) -> list[str]:
    """The per-cluster tables without the clusters' ids and with small clusters' statistics
    hidden; the per-group means with small groups' hidden (:mod:`trustlab.report.cluster_tables`).
    Returns what was withheld, in words."""
    said = []
    for scale, agreement in analysis.clusters.items():
        table = protected_clusters(agreement, min_cell, limit=LISTED_ROWS)
        node = tree["clusters"][scale]
        for key in ("rwg", "awg"):
            if node.get(key) is not None:
                node[key]["table"] = plain(table)
        hidden, total, _ = hidden_sizes(agreement, min_cell)
        said.append(
            f"{scale} per cluster: ids replaced by numbers (1 = the largest cluster)"
            + (f"; mean, rwg(j) and awg of {hidden} of {total} clusters with fewer than "
               f"{min_cell} respondents hidden" if hidden else "")
            + (f"; the {len(table)} largest of {total} clusters listed (every cluster: "
               f"tables/clusters_*.csv)." if total > len(table) else ".")
        )  # fmt: skip
    for group, per_scale in analysis.invariance.items():
        for scale, comparison in per_scale.items():
            if comparison.means is None:
                continue
            table = protected_group_means(comparison.means, min_cell)
            tree["invariance"][group][scale]["means"]["table"] = plain(table)
            if table["hidden"].any():
                said.append(
                    f"{scale} by {group}: the mean of {int(table['hidden'].sum())} group(s) "
                    f"with fewer than {min_cell} respondents hidden."
                )
    return said


def _without_cluster_tables(analysis: Analysis) -> Analysis:
    """``analysis`` with its per-cluster tables emptied (they are written protected, by
    :func:`_protect_clusters_and_groups`): hundreds of thousands of rows in a large study,
    never walked as they are."""

    def empty(agreement: Any) -> Any:
        if agreement is None:
            return None
        return dataclasses.replace(agreement, table=agreement.table.iloc[:0])

    clusters = {
        scale: dataclasses.replace(a, rwg=empty(a.rwg), awg=empty(a.awg))
        for scale, a in analysis.clusters.items()
    }
    return dataclasses.replace(analysis, clusters=clusters)


def analysis_to_json(analysis: Analysis, *, min_cell: int = 5) -> str:
    """:func:`analysis_to_dict` as JSON text, indented by two spaces (the same analysis gives
    the same bytes; see :func:`~trustlab.report.json_text.indented_json`)."""
    return indented_json(analysis_to_dict(analysis, min_cell=min_cell)) + "\n"
