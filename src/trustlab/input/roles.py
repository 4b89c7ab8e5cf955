"""A codebook written from roles given as keywords, or a codebook with some roles replaced.

:func:`codebook_for_frame` writes the codebook of a plain DataFrame from keywords (the scales,
the exposure, ...), so that a study without a YAML file is read and checked exactly as a file;
:func:`with_roles` replaces some roles of a codebook (the keywords of :func:`trustlab.analyse`)
and keeps everything else it says.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from trustlab.errors import PlanError
from trustlab.input.codebook import codebook_from_dict
from trustlab.input.schema import Codebook

__all__ = ["ROLE_KEYWORDS", "ROW_ID", "codebook_for_frame", "with_roles"]

#: The keywords of :func:`trustlab.analyse` that declare or override a role.
ROLE_KEYWORDS = (
    "scales",
    "reverse",
    "response_range",
    "exposure",
    "exposure_scores",
    "cluster",
    "covariates",
    "dimensions",
    "groups",
    "id",
    "min_valid",
)


def _columns(value: Any, what: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Sequence) or not all(isinstance(v, str) for v in value):
        raise PlanError(f"{what} must be a column name or a list of column names, got {value!r}.")
    return list(value)


def _scales(scales: Any) -> dict[str, list[str]]:
    if not isinstance(scales, Mapping) or not scales:
        raise PlanError(
            "scales must be a dict of scale name -> list of item columns, e.g. "
            "scales={'trust': ['t1', 't2', 't3'], 'distrust': ['d1', 'd2']}."
        )
    return {str(name): _columns(items, f"scales[{name!r}]") for name, items in scales.items()}


def _categories(series: pd.Series, column: str, what: str, *, ordered: bool) -> list[Any]:
    if isinstance(series.dtype, pd.CategoricalDtype):
        if ordered and not series.cat.ordered:
            raise PlanError(
                f"The {what} {column!r} is an unordered categorical; its order matters. Make it "
                f"ordered: data[{column!r}] = data[{column!r}].cat.as_ordered() (check that the "
                "categories are listed lowest first), or pd.Categorical(values, categories=[...], "
                "ordered=True)."
            )
        return list(series.cat.categories)
    if ordered:
        raise PlanError(
            f"The {what} {column!r} is plain {series.dtype} data: trustlab cannot know the order "
            f"of its categories. Make it an ordered categorical, lowest first: "
            f"data[{column!r}] = pd.Categorical(data[{column!r}], categories=[...], "
            "ordered=True)."
        )
    values = series.dropna().unique().tolist()
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=str)


def _label(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def codebook_for_frame(
    data: pd.DataFrame,
    *,
    scales: Mapping[str, Sequence[str]],
    reverse: Sequence[str] = (),
    response_range: tuple[int, int] | None = None,
    exposure: str | None = None,
    exposure_scores: Sequence[float] | Mapping[Any, float] | None = None,
    cluster: str | None = None,
    covariates: Sequence[str] = (),
    dimensions: tuple[str, str] | None = None,
    groups: Sequence[str] = (),
    id: str | None = None,
    min_valid: Mapping[str, int] | None = None,
    study: str = "DataFrame",
) -> Codebook:
    """The codebook of a DataFrame, written from the roles given as keywords.

    The exposure's category order comes from an ordered pandas Categorical (an unordered one or
    plain text is refused with a message that says how to order it); categorical covariates and
    grouping variables take their categories from the data. ``response_range`` defaults to the
    smallest and largest answer found in the items. Without ``id`` the row number (1, 2, ...)
    is the id. The result is validated exactly as a YAML codebook is.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 5], "c": [1, 3, 3, 5]})
    >>> cb = codebook_for_frame(df, scales={"s": ["a", "b", "c"]}, response_range=(1, 5))
    >>> cb.scales["s"].items, cb.response_scale.midpoint
    (('a', 'b', 'c'), 3.0)
    """
    if not isinstance(data, pd.DataFrame):
        raise PlanError(f"Expected a pandas DataFrame, got {type(data).__name__}.")
    items = [c for columns in _scales(scales).values() for c in columns]
    missing = [c for c in items if c not in data.columns]
    if missing:
        raise PlanError(
            f"scales: item column {missing[0]!r} is not in the data.", column=missing[0]
        )
    if response_range is None:
        answers = pd.concat([pd.to_numeric(data[c], errors="coerce") for c in items])
        answers = answers[np.isfinite(answers)]
        if answers.empty:
            raise PlanError("The items hold no numeric answers; give response_range=(min, max).")
        response_range = (int(np.floor(answers.min())), int(np.ceil(answers.max())))
    raw: dict[str, Any] = {"study": study, "id": id or ROW_ID, "items": [], "scales": {}}
    roles = {"scales": scales, "reverse": list(reverse), "response_range": response_range,
             "cluster": cluster, "covariates": list(covariates), "dimensions": dimensions,
             "groups": list(groups), "min_valid": min_valid}  # fmt: skip
    if exposure is not None or exposure_scores is not None:
        roles.update(exposure=exposure, exposure_scores=exposure_scores)
    _patch(raw, data, roles, {})
    return codebook_from_dict(raw, source="keywords")


#: The id column of a DataFrame analysed without one: the row number, from 1.
ROW_ID = "row"


def with_roles(codebook: Codebook, data: pd.DataFrame, roles: Mapping[str, Any]) -> Codebook:
    """``codebook`` with the roles in ``roles`` replaced (the keywords of :func:`analyse`).

    Everything the codebook says that the keywords do not replace is kept: item texts, labels,
    missing codes, the categories (and their order) of declared variables. ``scales`` replaces
    the items (an item keeps its text when it was declared); ``exposure`` may name a declared
    categorical variable (its declared order is used) or an ordered categorical column of
    ``data``; ``covariates`` and ``groups`` may name declared variables or columns of ``data``.
    """
    unknown = [k for k in roles if k not in ROLE_KEYWORDS]
    if unknown:
        raise PlanError(f"unknown role {unknown[0]!r}; the roles are {', '.join(ROLE_KEYWORDS)}.")
    if not codebook.raw:
        raise PlanError("This codebook was not read from YAML; give the roles in the codebook.")
    raw = copy.deepcopy(codebook.raw)
    if "meeting_frequency" in raw:  # the older name of the exposure
        raw["exposure"] = raw.pop("meeting_frequency")
    _patch(raw, data, roles, {i.column: i for i in codebook.items})
    return codebook_from_dict(raw, source=codebook.source)


def _patch(raw: dict[str, Any], data: pd.DataFrame, roles: Mapping[str, Any],
           old_items: Mapping[str, Any]) -> None:  # fmt: skip
    """Write ``roles`` into the codebook dict ``raw`` (what ``roles`` does not name is kept)."""
    entries = {e["column"]: e for e in raw.get("covariates") or []}
    if raw.get("exposure"):
        exposure = raw["exposure"]
        entries[exposure["column"]] = {k: v for k, v in exposure.items()
                                       if k not in ("score_label", "reference")}  # fmt: skip
    if roles.get("id") is not None:
        raw["id"] = roles["id"]
    if any(k in roles for k in ("scales", "reverse", "min_valid")):
        _patch_items(raw, roles, old_items)
    if roles.get("response_range") is not None:
        bounds = roles["response_range"]
        if not (isinstance(bounds, Sequence) and len(bounds) == 2):
            raise PlanError(f"response_range must be (min, max), e.g. (1, 7); got {bounds!r}.")
        old = raw.get("response_scale") or {}
        raw["response_scale"] = {"min": bounds[0], "max": bounds[1]}
        if old.get("labels") and (old.get("min"), old.get("max")) == tuple(bounds):
            raw["response_scale"]["labels"] = old["labels"]  # same range: keep its labels
    if "cluster" in roles:
        _check_column(data, roles["cluster"], "cluster")
        raw["cluster"] = roles["cluster"]
    if "exposure" in roles or "exposure_scores" in roles:
        column = roles.get("exposure") or (raw.get("exposure") or {}).get("column")
        if column is None:
            raw.pop("exposure", None)
        else:
            entry = _variable_entry(data, column, entries, ordered=True)
            if roles.get("exposure_scores") is not None:
                _set_scores(entry, column, roles["exposure_scores"])
            raw["exposure"] = entry
            raw["covariates"] = [e for e in raw.get("covariates") or [] if e["column"] != column]
    if "covariates" in roles:
        columns = _columns(roles["covariates"], "covariates") if roles["covariates"] else []
        raw["covariates"] = [_variable_entry(data, c, entries, ordered=False) for c in columns]
    if "dimensions" in roles:
        if roles["dimensions"] is None:
            raw.pop("dimensions", None)
        else:
            raw["dimensions"] = _dimensions_entry(roles["dimensions"])
    covariates = [e["column"] for e in raw.get("covariates") or []]
    if "groups" in roles:
        groups = _columns(roles["groups"], "groups") if roles["groups"] else []
        for column in groups:
            if column not in covariates:
                entry = _variable_entry(data, column, entries, ordered=False)
                raw.setdefault("covariates", []).append(entry)
        raw["groups"] = groups
    elif raw.get("groups"):
        raw["groups"] = [g for g in raw["groups"] if g in covariates]
    for key in ("covariates", "groups", "missing_codes"):
        if key in raw and not raw[key]:
            raw.pop(key)


def _patch_items(raw: dict[str, Any], roles: Mapping[str, Any], old_items: Mapping[str, Any]):
    old_scales = raw.get("scales") or {}
    if "scales" in roles:
        scale_items = _scales(roles["scales"])
    else:
        scale_items = {name: list(entry.get("items") or []) for name, entry in old_scales.items()}
    if "reverse" in roles:
        reverse = set(_columns(roles["reverse"], "reverse")) if roles["reverse"] else set()
    else:
        reverse = {c for c, item in old_items.items() if item.reverse}
    listed = {c for columns in scale_items.values() for c in columns}
    if reverse - listed:
        bad = sorted(reverse - listed)[0]
        raise PlanError(f"reverse: {bad!r} is not an item of any scale.", column=bad)
    min_valid = roles.get("min_valid") or {}
    raw["items"] = []
    raw["scales"] = {}
    for name, columns in scale_items.items():
        for column in columns:
            entry: dict[str, Any] = {"column": column, "scale": name}
            if column in reverse:
                entry["reverse"] = True
            if column in old_items:
                text = old_items[column].text
                entry["text"] = {"nl": text.nl, "en": text.en}
            raw["items"].append(entry)
        scale = {"items": columns}
        if "label" in (old_scales.get(name) or {}):
            scale["label"] = old_scales[name]["label"]
        if name in min_valid:
            scale["min_valid"] = min_valid[name]
        raw["scales"][name] = scale
    groups = []
    for group in raw.get("missing_codes") or []:
        columns = [group["columns"]] if isinstance(group["columns"], str) else group["columns"]
        kept = [c for c in columns if c == "items" or c in scale_items or c in listed]
        if kept:
            groups.append({**group, "columns": kept})
    raw["missing_codes"] = groups
    dims = raw.get("dimensions")
    if dims and not set(dims.values()) <= set(scale_items):
        raw.pop("dimensions")


def _check_column(data: pd.DataFrame, column: Any, what: str) -> None:
    if column is not None and column not in data.columns:
        shown = ", ".join(map(str, data.columns[:30])) + (" ..." if data.shape[1] > 30 else "")
        raise PlanError(f"{what}: column {column!r} is not in the data (columns: {shown}).",
                        column=str(column))  # fmt: skip


def _variable_entry(data: pd.DataFrame, column: str, entries: Mapping[str, Any], *,
                    ordered: bool) -> dict[str, Any]:  # fmt: skip
    """The codebook entry of ``column``: as declared, else written from the data."""
    if column in entries:
        entry = copy.deepcopy(dict(entries[column]))
        if ordered:
            if entry.get("type", "categorical") != "categorical":
                raise PlanError(f"The exposure {column!r} is declared numeric; it must be an "
                                "ordered categorical variable.", column=column)  # fmt: skip
            entry.pop("type", None)
        return entry
    _check_column(data, column, "exposure" if ordered else "covariates")
    series = data[column]
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    if not ordered and numeric:
        return {"column": column, "type": "numeric"}
    cats = _categories(series, column, "exposure" if ordered else "covariate", ordered=ordered)
    return {"column": column, "categories": [{"label": _label(c)} for c in cats]}


def _set_scores(entry: dict[str, Any], column: str, scores: Any) -> None:
    labels = [c["label"] if isinstance(c, dict) else c for c in entry["categories"]]
    values = [scores.get(label) for label in labels] if isinstance(scores, Mapping) else list(
        scores)  # fmt: skip
    if len(values) != len(labels) or any(v is None for v in values):
        raise PlanError(f"exposure_scores: give one number per category of {column!r} "
                        f"({', '.join(map(str, labels))}).")  # fmt: skip
    cats = []
    for cat, value in zip(entry["categories"], values, strict=True):
        cat = dict(cat) if isinstance(cat, dict) else {"label": cat}
        cat.pop("per_year", None)
        cat["score"] = float(value)
        cats.append(cat)
    entry["categories"] = cats


def _dimensions_entry(dims: Any) -> dict[str, str]:
    if not (isinstance(dims, Sequence) and not isinstance(dims, str) and len(dims) == 2):
        raise PlanError(f"dimensions must be (trust scale, distrust scale), got {dims!r}.")
    return {"trust": dims[0], "distrust": dims[1]}
