"""Validation of a codebook as loaded from YAML into the dataclasses of
:mod:`trustlab.input.schema`.

Every check raises :class:`~trustlab.errors.CodebookError` with the file and the key path
(``scales.trust.items``) so that the researcher can find the line to fix.
"""

from __future__ import annotations

import math
from typing import Any

from trustlab.input.codebook_checks import (
    check_item_count,
    check_not_derived,
    check_response_range,
)
from trustlab.input.codebook_values import (
    Context,
    as_bool,
    as_list,
    as_number,
    as_str,
    as_text,
    check_section,
    check_unique,
    kind_of,
)
from trustlab.input.codebook_variables import (
    parse_dimensions,
    parse_exposure,
    parse_groups,
    parse_variable,
)
from trustlab.input.labels import closest
from trustlab.input.schema import (
    HighRule,
    Item,
    MissingCodes,
    NumericVariable,
    ResponseScale,
    Scale,
    Text,
)

__all__ = ["parse_codebook"]


def _response_scale(ctx: Context, data: Any) -> ResponseScale:
    check_section(ctx, data, "response_scale", "response_scale")
    lo = as_number(ctx, data["min"], "response_scale.min", integer=True)
    hi = as_number(ctx, data["max"], "response_scale.max", integer=True)
    if lo >= hi:
        raise ctx.fail("response_scale", f"min ({lo}) must be smaller than max ({hi}).")
    check_response_range(ctx, lo, hi)
    labels: dict[int, Text] = {}
    raw = data.get("labels") or {}
    if not isinstance(raw, dict):
        raise ctx.fail("response_scale.labels", f"expected a mapping, got {kind_of(raw)}.")
    for value, text in raw.items():
        key = f"response_scale.labels.{value}"
        number = as_number(ctx, value, key, integer=True)
        if not lo <= number <= hi:
            raise ctx.fail(key, f"label for {number}, outside the range {lo}..{hi}.")
        labels[number] = as_text(ctx, text, key)
    return ResponseScale(lo, hi, dict(sorted(labels.items())))


def _items(ctx: Context, data: Any) -> list[Item]:
    items = []
    check_item_count(ctx, data)
    for i, entry in enumerate(as_list(ctx, data, "items")):
        key = f"items[{i}]"
        check_section(ctx, entry, key, "items")
        column = as_str(ctx, entry["column"], f"{key}.column")
        key = f"items[{i}] ({column})"
        reverse = as_bool(ctx, entry.get("reverse", False), f"{key}.reverse")
        scale = as_str(ctx, entry["scale"], f"{key}.scale")
        items.append(Item(column, scale, reverse, as_text(ctx, entry.get("text"), f"{key}.text")))
    if not items:
        raise ctx.fail("items", "the codebook declares no items.")
    check_unique(ctx, [i.column for i in items], "items")
    return items


def _high(ctx: Context, data: Any, key: str, default: HighRule) -> HighRule:
    if data is None:
        return default
    check_section(ctx, data, key, "high")
    cutoff = data.get("cutoff", default.cutoff)
    if cutoff != "midpoint":
        cutoff = as_number(ctx, cutoff, f"{key}.cutoff")
    return HighRule(cutoff, as_bool(ctx, data.get("strict", default.strict), f"{key}.strict"))


def _scales(ctx: Context, data: Any, items: list[Item], high: HighRule) -> dict[str, Scale]:
    if not isinstance(data, dict) or not data:
        raise ctx.fail("scales", f"expected a mapping of scale names, got {kind_of(data)}.")
    known = {i.column: i for i in items}
    scales = {}
    for name, entry in data.items():
        name = as_str(ctx, name, "scales")
        key = f"scales.{name}"
        entry = {} if entry is None else entry
        check_section(ctx, entry, key, "scales")
        declared = [i.column for i in items if i.scale == name]
        if "items" in entry:
            listed = [as_str(ctx, c, f"{key}.items") for c in as_list(ctx, entry["items"], key)]
            check_unique(ctx, listed, f"{key}.items")
            for column in listed:
                if column not in known:
                    hint = closest(column, known)
                    tip = f" Did you mean {hint!r}?" if hint else ""
                    raise ctx.fail(
                        f"{key}.items", f"item {column!r} is not declared under items.{tip}"
                    )
                if known[column].scale != name:
                    raise ctx.fail(
                        f"{key}.items",
                        f"item {column!r} is declared with scale {known[column].scale!r}.",
                    )
            if set(listed) != set(declared):
                extra = [c for c in declared if c not in listed]
                raise ctx.fail(
                    f"{key}.items", f"items {extra} name scale {name!r} but are not listed here."
                )
            declared = listed
        if not declared:
            raise ctx.fail(key, "the scale has no items.")
        if len(declared) == 1:
            raise ctx.fail(
                key,
                f"the scale has only one item ({declared[0]!r}); a scale needs at least 2 items "
                "for its score to be checked (alpha, omega). Add the scale's other items, or "
                f"declare {declared[0]!r} under covariates (type: numeric) instead.",
            )
        min_valid = math.ceil(len(declared) / 2)
        if entry.get("min_valid") is not None:
            min_valid = as_number(ctx, entry["min_valid"], f"{key}.min_valid", integer=True)
            if not 1 <= min_valid <= len(declared):
                raise ctx.fail(
                    f"{key}.min_valid",
                    f"must lie between 1 and the number of items ({len(declared)}), "
                    f"got {min_valid}.",
                )
        label = as_text(ctx, entry.get("label"), f"{key}.label", default=str(name))
        rule = _high(ctx, entry.get("high"), f"{key}.high", high)
        scales[str(name)] = Scale(str(name), label, tuple(declared), min_valid, rule)
    for item in items:
        if item.scale not in scales:
            raise ctx.fail(
                f"items ({item.column}).scale",
                f"scale {item.scale!r} is not declared under scales.",
            )
    return scales


def _missing(ctx, data, items, scales, others, response) -> list[MissingCodes]:
    groups = []
    for i, entry in enumerate(as_list(ctx, data, "missing_codes")):
        key = f"missing_codes[{i}]"
        check_section(ctx, entry, key, "missing_codes")
        names = entry["columns"]
        names = [names] if isinstance(names, str) else as_list(ctx, names, f"{key}.columns")
        columns: list[str] = []
        for name in names:
            name = as_str(ctx, name, f"{key}.columns")
            if name == "items":
                columns += [i.column for i in items]
            elif name in scales:
                columns += list(scales[name].items)
            elif name in {i.column for i in items} or name in others:
                columns.append(name)
            else:
                raise ctx.fail(
                    f"{key}.columns",
                    f"{name!r} is neither 'items', a scale, nor a column of the codebook.",
                )
        numbers, strings = [], []
        for code in as_list(ctx, entry["codes"], f"{key}.codes"):
            if isinstance(code, bool) or code is None:
                raise ctx.fail(f"{key}.codes", f"expected numbers or texts, got {kind_of(code)}.")
            if isinstance(code, str):
                try:
                    code = float(code.replace(",", "."))
                except ValueError:
                    strings.append(as_str(ctx, code, f"{key}.codes"))
                    continue
            numbers.append(as_number(ctx, code, f"{key}.codes"))
        item_columns = {i.column for i in items}
        for number in numbers:
            inside = [
                c for c in columns if c in item_columns and response.min <= number <= response.max
            ]
            inside += [
                c
                for c in columns
                if c in others
                and isinstance(others[c], NumericVariable)
                and (others[c].min is None or others[c].min <= number)
                and (others[c].max is None or number <= others[c].max)
            ]
            if inside:
                raise ctx.fail(
                    f"{key}.codes",
                    f"missing code {number:g} lies inside the valid range of {inside[0]!r}; "
                    "it would turn real answers into missing values.",
                )
        groups.append(MissingCodes(tuple(dict.fromkeys(columns)), tuple(numbers), tuple(strings)))
    return groups


def _scale_names_free(ctx: Context, scales: dict[str, Scale], columns: list[str]) -> None:
    """A scale's score is a column of the analysis next to the declared ones: its name (and the
    names derived from it) must not be one of them."""
    taken = set(columns)
    for name in scales:
        for derived in (name, f"{name}_n", f"high_{name}"):
            if derived in taken:
                raise ctx.fail(
                    f"scales.{name}",
                    f"the scale's name gives the column {derived!r}, which the codebook already "
                    "declares as a column; rename the scale.",
                )


def parse_codebook(data: Any, *, source: str | None = None) -> dict[str, Any]:
    """Validate ``data``; return the keyword arguments of :class:`~trustlab.Codebook`."""
    ctx = Context(source)
    if data is None:
        raise ctx.fail("(top)", "the codebook is empty.")
    check_section(ctx, data, "", "")
    study = data["study"]
    if isinstance(study, dict):
        check_section(ctx, study, "study", "study")
        name = as_str(ctx, study["name"], "study.name")
        description = as_text(ctx, study.get("description"), "study.description")
    else:
        name, description = as_str(ctx, study, "study"), Text("", "")
    response = _response_scale(ctx, data["response_scale"])
    items = _items(ctx, data["items"])
    high = _high(ctx, data.get("high"), "high", HighRule())
    scales = _scales(ctx, data["scales"], items, high)
    for scale in scales.values():
        threshold = scale.high.threshold(response)
        if not response.min <= threshold < response.max:
            raise ctx.fail(
                f"scales.{scale.name}.high.cutoff",
                f"cutoff {threshold:g} lies outside the response range "
                f"{response.min}..{response.max}.",
            )
    freq = None
    if data.get("exposure") is not None and data.get("meeting_frequency") is not None:
        raise ctx.fail(
            "meeting_frequency",
            "meeting_frequency is the older name of exposure; declare the exposure once.",
        )
    for key in ("exposure", "meeting_frequency"):
        if data.get(key) is not None:
            freq = parse_exposure(ctx, data[key], key)
    covariates = [
        parse_variable(ctx, entry, f"covariates[{i}]")
        for i, entry in enumerate(as_list(ctx, data.get("covariates") or [], "covariates"))
    ]
    id_column = as_str(ctx, data["id"], "id")
    cluster = as_str(ctx, data["cluster"], "cluster") if data.get("cluster") is not None else None
    all_columns = [id_column, cluster, *(v.column for v in covariates)]
    all_columns += [freq.column if freq else None, *(i.column for i in items)]
    check_unique(ctx, [c for c in all_columns if c is not None], "columns")
    check_not_derived(ctx, [c for c in all_columns if c is not None], scales)
    others = {v.column: v for v in ([freq] if freq else []) + covariates}
    missing = _missing(ctx, data.get("missing_codes") or [], items, scales, others, response)
    dimensions = None
    if data.get("dimensions") is not None:
        dimensions = parse_dimensions(ctx, data["dimensions"], scales)
    groups = parse_groups(ctx, data.get("groups") or [], others)
    _scale_names_free(ctx, scales, [c for c in all_columns if c is not None])
    return {
        "study": name,
        "description": description,
        "id": id_column,
        "cluster": cluster,
        "response_scale": response,
        "missing_codes": tuple(missing),
        "items": tuple(items),
        "scales": scales,
        "exposure": freq,
        "covariates": tuple(covariates),
        "dimensions": dimensions,
        "groups": groups,
    }
