"""The files of an analysis in chunks: ``every_respondent.json`` and ``tables/every_respondent_*``.

:func:`streamed_files` reads a :class:`~trustlab.streaming.StreamedAnalysis` (never computes):
its tree as JSON, and as CSV the scale summary, the alpha item tables, the means and shares per
exposure category, the tests and the coefficient tables of the models on every respondent. The
usual report of the same folder is that of the subsample (it says so in its notices).
"""

from __future__ import annotations

import json

import pandas as pd

from trustlab.streaming.results import StreamedAnalysis

__all__ = ["streamed_files"]


def _csv(table: pd.DataFrame) -> bytes:
    return table.to_csv().encode("utf-8")


def streamed_files(result: StreamedAnalysis) -> dict[str, bytes]:
    """``{relative path: bytes}`` of the files of the full-data part."""
    files = {
        "every_respondent.json": json.dumps(
            result.to_dict(), indent=1, ensure_ascii=False, allow_nan=False
        ).encode("utf-8"),
        "tables/every_respondent_scales.csv": _csv(result.summary()),
    }
    for name, scale in result.scales.items():
        files[f"tables/every_respondent_alpha_{name}.csv"] = _csv(scale.summary())
    tests = []
    for name, e in result.exposure.items():
        files[f"tables/every_respondent_by_exposure_{name}.csv"] = _csv(e.summary())
        for key in ("kruskal", "chi_square", "cochran_armitage"):
            test = getattr(e, key)
            if test is not None:
                tests.append({"scale": name, "test": test.method, "statistic": test.statistic,
                              "df": test.df, "p_value": test.p_value, "n": test.n})  # fmt: skip
        for key in ("ols", "trend", "trend_log", "logit"):
            fit = getattr(e, key)
            if fit is not None:
                files[f"tables/every_respondent_{key}_{name}.csv"] = _csv(
                    fit.coefficients.set_index("term")
                )
    if tests:
        files["tables/every_respondent_tests.csv"] = _csv(pd.DataFrame(tests).set_index("scale"))
    return files
