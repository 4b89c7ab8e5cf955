"""Validation of a codebook as loaded from YAML into the dataclasses of
:mod:`trustlab.input.schema`.

Every check raises :class:`~trustlab.errors.CodebookError` with the file and the key path
(``scales.trust.items``) so that the researcher can find the line to fix.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from trustlab.errors import CodebookError, brief, digits
from trustlab.input.codebook_checks import (
    MAX_NUMBER,
    MAX_TEXT,
    check_item_count,
    check_not_derived,
    check_response_range,
)
from trustlab.input.codebook_keys import SECTIONS
from trustlab.input.labels import closest, normalise_label
from trustlab.input.schema import (
    CategoricalVariable,
    Category,
    Dimensions,
    Exposure,
    HighRule,
    Item,
    MissingCodes,
    NumericVariable,
    ResponseScale,
    Scale,
    Text,
)

__all__ = ["parse_codebook"]


class _Ctx:
    """Where we are in the codebook, for messages."""

    def __init__(self, source: str | None) -> None:
        self.source = source or "codebook"

    def fail(self, key: str, message: str) -> CodebookError:
        return CodebookError(f"{self.source}: {key}: {message}", file=self.source, column=key)

    def keys(self, data: Any, key: str, allowed: set[str], required: set[str] = frozenset()):
        if not isinstance(data, dict):
            raise self.fail(key, f"expected a mapping (key: value lines), got {_kind(data)}.")
        for name in data:
            if name not in allowed:
                hint = closest(str(name)[:MAX_TEXT], allowed)
                tip = f" Did you mean {hint!r}?" if hint else ""
                shown = brief(name, quote=False) if isinstance(name, str) else brief(name)
                where = f"{key}.{shown}" if key else shown
                raise self.fail(
                    where,
                    f"unknown key {brief(name)}.{tip} Allowed here: {', '.join(sorted(allowed))}.",
                )
        for name in sorted(required):
            if name not in data or data[name] is None:
                raise self.fail(f"{key}.{name}" if key else name, "this key is required.")
        return data


def _section(ctx: _Ctx, data: Any, key: str, section: str) -> None:
    """Check ``data`` against the keys :data:`~trustlab.input.codebook_keys.SECTIONS` declares."""
    declared = SECTIONS[section]
    ctx.keys(data, key, declared.allowed, declared.required)


def _kind(value: Any) -> str:
    return "nothing" if value is None else f"a {type(value).__name__} ({brief(value)})"


def _str(ctx: _Ctx, value: Any, key: str) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise ctx.fail(key, f"expected a text, got {_kind(value)}.")
    if isinstance(value, int) and abs(value) > MAX_NUMBER:
        raise ctx.fail(key, f"expected a text, got a {digits(value):,}-digit number.")
    text = str(value).strip()
    if not text:
        raise ctx.fail(key, "expected a text, got an empty one.")
    if len(text) > MAX_TEXT:
        raise ctx.fail(
            key,
            f"the text has {len(text):,} characters; trustlab accepts at most {MAX_TEXT:,} "
            f"(a name, label or question wording is far shorter): {brief(text)}.",
        )
    return text


def _text(ctx: _Ctx, value: Any, key: str, default: str = "") -> Text:
    if value is None:
        return Text(default, default)
    if isinstance(value, dict):
        ctx.keys(value, key, {"nl", "en"})
        nl = _str(ctx, value["nl"], f"{key}.nl") if "nl" in value else ""
        en = _str(ctx, value["en"], f"{key}.en") if "en" in value else ""
        return Text(nl or en or default, en or nl or default)
    text = _str(ctx, value, key)
    return Text(text, text)


def _number(ctx: _Ctx, value: Any, key: str, *, integer: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        kind = "a whole number" if integer else "a number"
        raise ctx.fail(key, f"expected {kind}, got {_kind(value)}.")
    if isinstance(value, int) and abs(value) > MAX_NUMBER:  # before float(): 10**400 overflows
        raise ctx.fail(key, f"expected a number between -10^15 and 10^15, got {brief(value)}.")
    if not math.isfinite(value) or (integer and value != int(value)):
        raise ctx.fail(
            key, f"expected {'a whole' if integer else 'a finite'} number, got {value!r}."
        )
    if abs(value) > MAX_NUMBER:
        raise ctx.fail(
            key,
            f"expected a number between -10^15 and 10^15, got {value!r}; whole numbers beyond "
            "that are not exact in the 64-bit floating point in which answers are stored.",
        )
    return int(value) if integer else float(value)


def _bool(ctx: _Ctx, value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise ctx.fail(key, f"expected true or false, got {_kind(value)}.")
    return value


def _list(ctx: _Ctx, value: Any, key: str) -> list:
    if not isinstance(value, list):
        raise ctx.fail(key, f"expected a list, got {_kind(value)}.")
    return value


def _response_scale(ctx: _Ctx, data: Any) -> ResponseScale:
    _section(ctx, data, "response_scale", "response_scale")
    lo = _number(ctx, data["min"], "response_scale.min", integer=True)
    hi = _number(ctx, data["max"], "response_scale.max", integer=True)
    if lo >= hi:
        raise ctx.fail("response_scale", f"min ({lo}) must be smaller than max ({hi}).")
    check_response_range(ctx, lo, hi)
    labels: dict[int, Text] = {}
    raw = data.get("labels") or {}
    if not isinstance(raw, dict):
        raise ctx.fail("response_scale.labels", f"expected a mapping, got {_kind(raw)}.")
    for value, text in raw.items():
        key = f"response_scale.labels.{value}"
        number = _number(ctx, value, key, integer=True)
        if not lo <= number <= hi:
            raise ctx.fail(key, f"label for {number}, outside the range {lo}..{hi}.")
        labels[number] = _text(ctx, text, key)
    return ResponseScale(lo, hi, dict(sorted(labels.items())))


def _items(ctx: _Ctx, data: Any) -> list[Item]:
    items = []
    check_item_count(ctx, data)
    for i, entry in enumerate(_list(ctx, data, "items")):
        key = f"items[{i}]"
        _section(ctx, entry, key, "items")
        column = _str(ctx, entry["column"], f"{key}.column")
        key = f"items[{i}] ({column})"
        reverse = _bool(ctx, entry.get("reverse", False), f"{key}.reverse")
        scale = _str(ctx, entry["scale"], f"{key}.scale")
        items.append(Item(column, scale, reverse, _text(ctx, entry.get("text"), f"{key}.text")))
    if not items:
        raise ctx.fail("items", "the codebook declares no items.")
    _unique(ctx, [i.column for i in items], "items")
    return items


def _unique(ctx: _Ctx, names: list[str], key: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ctx.fail(key, f"{name!r} is declared twice.")
        seen.add(name)


def _high(ctx: _Ctx, data: Any, key: str, default: HighRule) -> HighRule:
    if data is None:
        return default
    _section(ctx, data, key, "high")
    cutoff = data.get("cutoff", default.cutoff)
    if cutoff != "midpoint":
        cutoff = _number(ctx, cutoff, f"{key}.cutoff")
    return HighRule(cutoff, _bool(ctx, data.get("strict", default.strict), f"{key}.strict"))


def _scales(ctx: _Ctx, data: Any, items: list[Item], high: HighRule) -> dict[str, Scale]:
    if not isinstance(data, dict) or not data:
        raise ctx.fail("scales", f"expected a mapping of scale names, got {_kind(data)}.")
    known = {i.column: i for i in items}
    scales = {}
    for name, entry in data.items():
        name = _str(ctx, name, "scales")
        key = f"scales.{name}"
        entry = {} if entry is None else entry
        _section(ctx, entry, key, "scales")
        declared = [i.column for i in items if i.scale == name]
        if "items" in entry:
            listed = [_str(ctx, c, f"{key}.items") for c in _list(ctx, entry["items"], key)]
            _unique(ctx, listed, f"{key}.items")
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
            min_valid = _number(ctx, entry["min_valid"], f"{key}.min_valid", integer=True)
            if not 1 <= min_valid <= len(declared):
                raise ctx.fail(
                    f"{key}.min_valid",
                    f"must lie between 1 and the number of items ({len(declared)}), "
                    f"got {min_valid}.",
                )
        label = _text(ctx, entry.get("label"), f"{key}.label", default=str(name))
        rule = _high(ctx, entry.get("high"), f"{key}.high", high)
        scales[str(name)] = Scale(str(name), label, tuple(declared), min_valid, rule)
    for item in items:
        if item.scale not in scales:
            raise ctx.fail(
                f"items ({item.column}).scale",
                f"scale {item.scale!r} is not declared under scales.",
            )
    return scales


def _categories(ctx: _Ctx, data: Any, key: str, *, exposure: bool) -> tuple[Category, ...]:
    cats = []
    section = "exposure.categories" if exposure else "covariates.categories"
    for i, entry in enumerate(_list(ctx, data, f"{key}.categories")):
        where = f"{key}.categories[{i}]"
        if not isinstance(entry, dict):
            entry = {"label": entry}
        _section(ctx, entry, where, section)
        label = _str(ctx, entry["label"], f"{where}.label")
        code = entry.get("code")
        code = None if code is None else _number(ctx, code, f"{where}.code", integer=True)
        if entry.get("score") is not None and entry.get("per_year") is not None:
            raise ctx.fail(where, "give score or per_year (its older name), not both.")
        score_key = "score" if entry.get("score") is not None else "per_year"
        score = entry.get(score_key)
        if score is not None:
            score = _number(ctx, score, f"{where}.{score_key}")
        aliases = entry.get("aliases") or []
        aliases = tuple(_str(ctx, a, f"{where}.aliases") for a in _list(ctx, aliases, where))
        en = _str(ctx, entry["en"], f"{where}.en") if entry.get("en") is not None else label
        assumed = _bool(ctx, entry.get("assumed", False), f"{where}.assumed")
        cats.append(Category(label, en, code, score, aliases, assumed))
    if len(cats) < 2:
        raise ctx.fail(f"{key}.categories", "a categorical variable needs at least 2 categories.")
    labels = [c.label for c in cats]
    twice = next((label for label in labels if labels.count(label) > 1), None)
    if twice is not None:
        raise ctx.fail(f"{key}.categories", f"two categories have the label {twice!r}.")
    owner: dict[str, str] = {}
    for cat in cats:
        for name in {normalise_label(n) for n in (cat.label, cat.en, *cat.aliases)}:
            if owner.setdefault(name, cat.label) != cat.label:
                raise ctx.fail(
                    f"{key}.categories",
                    f"{name!r} would match both {owner[name]!r} and {cat.label!r}.",
                )
    codes = [c.code for c in cats if c.code is not None]
    if len(set(codes)) != len(codes):
        raise ctx.fail(f"{key}.categories", "two categories share a code.")
    if exposure:
        scores = [c.score for c in cats]
        given = [v is not None for v in scores]
        if any(given) and not all(given):
            lacking = next(c.label for c in cats if c.score is None)
            raise ctx.fail(
                f"{key}.categories",
                f"category {lacking!r} has no score while others have one; give every "
                "category a score (e.g. meetings per year) or none.",
            )
        if all(given) and any(b <= a for a, b in itertools.pairwise(scores)):
            raise ctx.fail(
                f"{key}.categories",
                "the scores must increase from one category to the next (the categories are "
                "listed in order, lowest first).",
            )
    return tuple(cats)


def _variable(ctx: _Ctx, entry: Any, key: str) -> CategoricalVariable | NumericVariable:
    _section(ctx, entry, key, "covariates")
    column = _str(ctx, entry["column"], f"{key}.column")
    kind = entry.get("type", "categorical")
    if kind not in ("categorical", "numeric"):
        raise ctx.fail(f"{key}.type", f"expected 'categorical' or 'numeric', got {kind!r}.")
    label = _text(ctx, entry.get("label"), f"{key}.label", default=column)
    required = _bool(ctx, entry.get("required", True), f"{key}.required")
    if kind == "numeric":
        if "categories" in entry:
            raise ctx.fail(f"{key}.categories", "a numeric variable has no categories.")
        lo = _number(ctx, entry["min"], f"{key}.min") if entry.get("min") is not None else None
        hi = _number(ctx, entry["max"], f"{key}.max") if entry.get("max") is not None else None
        if lo is not None and hi is not None and lo >= hi:
            raise ctx.fail(key, f"min ({lo:g}) must be smaller than max ({hi:g}).")
        return NumericVariable(column, label, lo, hi, required)
    for bound in ("min", "max"):
        if bound in entry:
            raise ctx.fail(f"{key}.{bound}", "a categorical variable has no range.")
    if "categories" not in entry:
        raise ctx.fail(f"{key}.categories", "this key is required.")
    cats = _categories(ctx, entry["categories"], key, exposure=False)
    return CategoricalVariable(column, label, cats, required)


def _exposure(ctx: _Ctx, entry: Any, key: str) -> Exposure:
    _section(ctx, entry, key, "exposure")
    if entry.get("type", "categorical") != "categorical":
        raise ctx.fail(
            f"{key}.type",
            "the exposure is an ordered categorical variable; list its categories in order "
            "(a numeric exposure can be given a score per category).",
        )
    column = _str(ctx, entry["column"], f"{key}.column")
    label = _text(ctx, entry.get("label"), f"{key}.label", default=column)
    required = _bool(ctx, entry.get("required", True), f"{key}.required")
    cats = _categories(ctx, entry["categories"], key, exposure=True)
    if entry.get("score_label") is not None:
        score_label = _text(ctx, entry["score_label"], f"{key}.score_label")
    elif key == "meeting_frequency":  # the older codebooks' scores were meetings per year
        score_label = Text("vergaderingen per jaar", "meetings per year")
    else:
        score_label = Text("score", "score")
    reference = None
    if entry.get("reference") is not None:
        reference = _str(ctx, entry["reference"], f"{key}.reference")
        lookup = {normalise_label(n): c.label for c in cats for n in (c.label, c.en, *c.aliases)}
        if normalise_label(reference) not in lookup:
            raise ctx.fail(
                f"{key}.reference",
                f"{reference!r} is not one of the categories ({', '.join(c.label for c in cats)}).",
            )
        reference = lookup[normalise_label(reference)]
    return Exposure(column, label, cats, required, score_label, reference)


def _dimensions(ctx: _Ctx, data: Any, scales: dict[str, Scale]) -> Dimensions:
    _section(ctx, data, "dimensions", "dimensions")
    names = {}
    for role in ("trust", "distrust"):
        name = _str(ctx, data[role], f"dimensions.{role}")
        if name not in scales:
            hint = closest(name, scales)
            tip = f" Did you mean {hint!r}?" if hint else ""
            raise ctx.fail(
                f"dimensions.{role}", f"{name!r} is not a scale declared under scales.{tip}"
            )
        names[role] = name
    if names["trust"] == names["distrust"]:
        raise ctx.fail("dimensions", "trust and distrust must be two different scales.")
    return Dimensions(names["trust"], names["distrust"])


def _groups(ctx: _Ctx, data: Any, variables: dict[str, Any]) -> tuple[str, ...]:
    names = [data] if isinstance(data, str) else _list(ctx, data, "groups")
    groups = []
    for name in names:
        name = _str(ctx, name, "groups")
        variable = variables.get(name)
        if not isinstance(variable, CategoricalVariable):
            categorical = [c for c, v in variables.items() if isinstance(v, CategoricalVariable)]
            raise ctx.fail(
                "groups",
                f"{name!r} is not a categorical variable of the codebook; groups name the "
                f"categorical covariates to compare the scales across ({', '.join(categorical)}).",
            )
        groups.append(name)
    _unique(ctx, groups, "groups")
    return tuple(groups)


def _missing(ctx, data, items, scales, others, response) -> list[MissingCodes]:
    groups = []
    for i, entry in enumerate(_list(ctx, data, "missing_codes")):
        key = f"missing_codes[{i}]"
        _section(ctx, entry, key, "missing_codes")
        names = entry["columns"]
        names = [names] if isinstance(names, str) else _list(ctx, names, f"{key}.columns")
        columns: list[str] = []
        for name in names:
            name = _str(ctx, name, f"{key}.columns")
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
        for code in _list(ctx, entry["codes"], f"{key}.codes"):
            if isinstance(code, bool) or code is None:
                raise ctx.fail(f"{key}.codes", f"expected numbers or texts, got {_kind(code)}.")
            if isinstance(code, str):
                try:
                    code = float(code.replace(",", "."))
                except ValueError:
                    strings.append(_str(ctx, code, f"{key}.codes"))
                    continue
            numbers.append(_number(ctx, code, f"{key}.codes"))
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


def _scale_names_free(ctx: _Ctx, scales: dict[str, Scale], columns: list[str]) -> None:
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
    ctx = _Ctx(source)
    if data is None:
        raise ctx.fail("(top)", "the codebook is empty.")
    _section(ctx, data, "", "")
    study = data["study"]
    if isinstance(study, dict):
        _section(ctx, study, "study", "study")
        name = _str(ctx, study["name"], "study.name")
        description = _text(ctx, study.get("description"), "study.description")
    else:
        name, description = _str(ctx, study, "study"), Text("", "")
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
            freq = _exposure(ctx, data[key], key)
    covariates = [
        _variable(ctx, entry, f"covariates[{i}]")
        for i, entry in enumerate(_list(ctx, data.get("covariates") or [], "covariates"))
    ]
    id_column = _str(ctx, data["id"], "id")
    cluster = _str(ctx, data["cluster"], "cluster") if data.get("cluster") is not None else None
    all_columns = [id_column, cluster, *(v.column for v in covariates)]
    all_columns += [freq.column if freq else None, *(i.column for i in items)]
    _unique(ctx, [c for c in all_columns if c is not None], "columns")
    check_not_derived(ctx, [c for c in all_columns if c is not None], scales)
    others = {v.column: v for v in ([freq] if freq else []) + covariates}
    missing = _missing(ctx, data.get("missing_codes") or [], items, scales, others, response)
    dimensions = None
    if data.get("dimensions") is not None:
        dimensions = _dimensions(ctx, data["dimensions"], scales)
    groups = _groups(ctx, data.get("groups") or [], others)
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
