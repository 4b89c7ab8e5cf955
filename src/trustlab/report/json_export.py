"""``results.json``: every result of an analysis as plain data, in a documented, versioned schema.

Schema (``schema_version`` 1):

- ``schema_version`` (int), ``trustlab_version`` (str), ``seed`` (int)
- ``source``: ``file`` (the file name only, never a path of the machine), ``format``
- ``study``: the codebook's study name
- ``n_respondents``, ``n_networks``
- ``scales``: per scale ``items``, ``reversed``, ``min_valid``, ``n_scored``, ``rule``
  (``"mean > 3"``), ``mean``, ``sd``, ``alpha`` (``estimate``, ``std_alpha``, ``average_r``,
  ``ci_low``, ``ci_high``, ``ci_method``, ``n_obs``, ``nan_policy``), ``omega``
  (``estimate``, ``ci_low``, ``ci_high``, ``n_obs``, ``n_boot``; ``null`` when not computed) and
  ``items``: per item ``n``, ``mean``, ``sd``, ``r_drop``, ``alpha_if_dropped``
- ``shares``: ``high_trust`` and ``high_distrust`` with ``count``, ``n``, ``estimate``,
  ``ci_low``, ``ci_high`` (Wilson), ``exact_ci_low``, ``exact_ci_high`` (Clopper-Pearson)
- ``meeting_frequency``: one entry per category: ``category``, ``label_en``, ``per_year``,
  ``assumed``, ``n``, ``percent``, ``ci_low``, ``ci_high`` (Wilson, as proportions),
  ``high_trust`` (``count``, ``n``, ``share``, ``ci_low``, ``ci_high``) and per scale the mean
  (``mean_trust``: ``n``, ``mean``, ``sd``, ``ci_low``, ``ci_high``)
- ``quadrants``: ``min_cell`` and ``counts`` / ``row_percent`` by quadrant and category, cells
  with fewer than ``min_cell`` respondents ``null`` (suppressed: the data describe people in
  poverty)
- ``tests``: per test ``method``, ``statistic``, ``df``, ``p_value``, ``n`` and any extra
  (``cramers_v``, ``p_value_monte_carlo``)
- ``models``: per model ``kind``, ``outcome``, ``n_obs``, ``dropped``, ``inference`` and
  ``coefficients``: rows with ``term``, ``estimate``, ``std_error``, ``std_error_robust``,
  ``std_error_cluster``, ``statistic``, ``p_value``, ``ci_low``, ``ci_high`` (``odds_ratio``
  for the logit); the mixed models also ``icc`` (of the null model), ``tau2``, ``sigma2``;
  ``ordinal`` holds one such model per item with its ``nominal_test``
- ``threshold``: ``contrasts`` (rows with ``contrast``, ``estimate``, ``std_error``, ``p_value``,
  ``p_holm``), ``broken_stick`` (``knot``, slopes and the change with its p-value) and
  ``statement`` (``first_high``, ``nl``, ``en``)
- ``warnings``: list of str

Numbers are not rounded; NaN and infinities are written as ``null``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from trustlab.analysis import Analysis

__all__ = ["SCHEMA_VERSION", "analysis_to_dict", "clean"]

SCHEMA_VERSION = 1
COEFFICIENT_COLUMNS = [
    "term",
    "estimate",
    "std_error",
    "std_error_robust",
    "std_error_cluster",
    "statistic",
    "p_value",
    "ci_low",
    "ci_high",
    "odds_ratio",
]


def clean(value: Any) -> Any:
    """Plain JSON-ready data: numpy scalars to Python, NaN/inf to None, tuples to lists."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return float(value) if math.isfinite(value) else None
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value if isinstance(value, str) else str(value)


def _rows(frame: pd.DataFrame, columns: list[str] | None = None) -> list[dict]:
    if columns is not None:
        frame = frame[[c for c in columns if c in frame.columns]]
    return [clean(row) for row in frame.to_dict(orient="records")]


def _scale(analysis: Analysis, name: str) -> dict:
    scale = analysis.scales[name]
    cb = analysis.survey.codebook
    score = analysis.scores[name]
    alpha = scale.alpha
    omega = scale.omega
    items = scale.summary().reset_index()
    return {
        "items": list(scale.items),
        "reversed": list(scale.reversed_items),
        "min_valid": cb.scales[name].min_valid,
        "n_scored": scale.n_scored,
        "rule": analysis.scores.attrs["rules"][name],
        "mean": score.mean(),
        "sd": score.std(ddof=1),
        "alpha": {
            "estimate": alpha.alpha,
            "std_alpha": alpha.std_alpha,
            "average_r": alpha.average_r,
            "ci_low": alpha.ci[0],
            "ci_high": alpha.ci[1],
            "ci_method": alpha.ci_method,
            "n_obs": alpha.n_obs,
            "nan_policy": alpha.nan_policy,
        },
        "omega": None
        if omega is None
        else {
            "estimate": omega.omega_total,
            "ci_low": omega.ci[0],
            "ci_high": omega.ci[1],
            "n_obs": omega.n_obs,
            "n_boot": omega.n_boot,
        },
        "items_table": _rows(items, ["item", "n", "mean", "sd", "r_drop", "alpha_if_dropped"]),
    }


def _frequency(analysis: Analysis) -> list[dict]:
    study = analysis.study
    freq = analysis.survey.codebook.meeting_frequency
    table = study.meeting_frequency.table if study.meeting_frequency is not None else None
    out = []
    for cat in freq.categories:
        entry: dict[str, Any] = {
            "category": cat.label,
            "label_en": cat.en,
            "per_year": cat.per_year,
            "assumed": cat.assumed,
        }
        if table is not None and cat.label in table.index:
            row = table.loc[cat.label]
            entry.update(
                {
                    "n": int(row["n"]),
                    "percent": row["percent"],
                    "ci_low": row["ci_low"],
                    "ci_high": row["ci_high"],
                }
            )
        for scale, shares in study.high_by_frequency.items():
            row = shares.loc[cat.label]
            entry[f"high_{scale}"] = {
                k: row[k] for k in ("count", "n", "share", "ci_low", "ci_high")
            }
        for scale, means in study.means.items():
            if means is not None and cat.label in means.table.index:
                row = means.table.loc[cat.label]
                entry[f"mean_{scale}"] = {
                    k: row.get(k) for k in ("n", "mean", "sd", "ci_low", "ci_high")
                }
        out.append(entry)
    return out


def _quadrants(analysis: Analysis, min_cell: int) -> dict | None:
    crosstab = analysis.study.quadrants
    if crosstab is None:
        return None
    counts = crosstab.counts
    small = counts < min_cell
    return {
        "min_cell": min_cell,
        "counts": clean(counts.astype(object).mask(small, None).to_dict(orient="index")),
        "row_percent": clean(
            crosstab.row_percent.astype(float).mask(small).to_dict(orient="index")
        ),
        "suppressed_cells": int(small.to_numpy().sum()),
    }


def _test(result) -> dict | None:
    if result is None:
        return None
    out = {
        "method": result.method,
        "statistic": result.statistic,
        "df": result.df,
        "p_value": result.p_value,
        "n": result.n,
    }
    out.update(result.extra or {})
    return clean(out)


def _model(name: str, result) -> dict | None:
    if result is None:
        return None
    out: dict[str, Any] = {
        "kind": type(result).__name__.removesuffix("Result").lower(),
        "outcome": getattr(result, "outcome", None),
        "n_obs": getattr(result, "n_obs", None),
        "dropped": dict(getattr(result, "dropped", {}) or {}),
        "inference": getattr(result, "inference", None),
        "coefficients": _rows(result.coefficients, COEFFICIENT_COLUMNS),
    }
    for attr in ("icc", "icc_null", "tau2", "sigma2", "log_likelihood"):
        if hasattr(result, attr):
            out[attr] = getattr(result, attr)
    if name.startswith("mixed"):
        out["icc"] = getattr(result, "icc_null", None)
    if hasattr(result, "nominal_test") and result.nominal_test is not None:
        out["nominal_test"] = _rows(result.nominal_test.reset_index())
    if getattr(result, "predicted", None) is not None:
        out["predicted"] = _rows(result.predicted.reset_index())
    if getattr(result, "marginal_effects", None) is not None:
        out["marginal_effects"] = _rows(result.marginal_effects.reset_index())
    return clean(out)


def _threshold(analysis: Analysis) -> dict:
    threshold = analysis.study.threshold
    out: dict[str, Any] = {}
    contrasts = threshold.get("contrasts")
    if contrasts is not None:
        out["contrasts"] = _rows(contrasts.table)
    stick = threshold.get("broken_stick")
    if stick is not None:
        out["broken_stick"] = {
            k: getattr(stick, k)
            for k in (
                "knot",
                "slope_before",
                "slope_before_se",
                "slope_after",
                "slope_after_se",
                "change",
                "change_se",
                "change_p",
                "linear_rss",
            )
        }
    statement = threshold.get("statement")
    if statement is not None:
        out["statement"] = {
            "first_high": statement.first_high,
            "monotone": statement.monotone,
            "rule": statement.rule,
            **statement.statement,
        }
    return clean(out)


def analysis_to_dict(analysis: Analysis, *, min_cell: int = 5) -> dict:
    """The analysis in the schema above."""
    from trustlab import __version__

    survey = analysis.survey
    source = survey.source
    study = analysis.study
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "trustlab_version": __version__,
        "seed": analysis.seed,
        "source": {
            "file": Path(source.path).name if source else None,
            "format": source.format if source else None,
        },
        "study": survey.codebook.study,
        "n_respondents": survey.n_respondents,
        "n_networks": survey.n_networks,
        "scales": {name: _scale(analysis, name) for name in analysis.scales},
    }
    if study is not None:
        out["shares"] = {
            name: None
            if p is None
            else {
                "count": p.count,
                "n": p.n,
                "estimate": p.estimate,
                "ci_low": p.ci_low,
                "ci_high": p.ci_high,
                "exact_ci_low": p.exact_ci_low,
                "exact_ci_high": p.exact_ci_high,
            }
            for name, p in study.shares.items()
        }
        out["meeting_frequency"] = _frequency(analysis)
        out["reference"] = study.reference
        out["quadrants"] = _quadrants(analysis, min_cell)
        out["tests"] = {name: _test(t) for name, t in study.tests.items()}
        models = {name: _model(name, r) for name, r in study.models.items() if name != "ordinal"}
        models["ordinal"] = {item: _model(item, r) for item, r in study.models["ordinal"].items()}
        out["models"] = models
        out["threshold"] = _threshold(analysis)
    out["warnings"] = list(analysis.warnings)
    return clean(out)
