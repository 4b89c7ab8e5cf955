"""The codebook's variables: categories, covariates, the exposure, the two dimensions and the
groups (the roles an analysis runs from)."""

from __future__ import annotations

import itertools
from typing import Any

from trustlab.input.codebook_values import (
    Context,
    as_bool,
    as_list,
    as_number,
    as_str,
    as_text,
    check_section,
    check_unique,
)
from trustlab.input.labels import closest, normalise_label
from trustlab.input.schema import (
    CategoricalVariable,
    Category,
    Dimensions,
    Exposure,
    NumericVariable,
    Scale,
    Text,
)

__all__ = [
    "parse_categories",
    "parse_dimensions",
    "parse_exposure",
    "parse_groups",
    "parse_variable",
]


def parse_categories(ctx: Context, data: Any, key: str, *, exposure: bool) -> tuple[Category, ...]:
    cats = []
    section = "exposure.categories" if exposure else "covariates.categories"
    for i, entry in enumerate(as_list(ctx, data, f"{key}.categories")):
        where = f"{key}.categories[{i}]"
        if not isinstance(entry, dict):
            entry = {"label": entry}
        check_section(ctx, entry, where, section)
        label = as_str(ctx, entry["label"], f"{where}.label")
        code = entry.get("code")
        code = None if code is None else as_number(ctx, code, f"{where}.code", integer=True)
        if entry.get("score") is not None and entry.get("per_year") is not None:
            raise ctx.fail(where, "give score or per_year (its older name), not both.")
        score_key = "score" if entry.get("score") is not None else "per_year"
        score = entry.get(score_key)
        if score is not None:
            score = as_number(ctx, score, f"{where}.{score_key}")
        aliases = entry.get("aliases") or []
        aliases = tuple(as_str(ctx, a, f"{where}.aliases") for a in as_list(ctx, aliases, where))
        en = as_str(ctx, entry["en"], f"{where}.en") if entry.get("en") is not None else label
        assumed = as_bool(ctx, entry.get("assumed", False), f"{where}.assumed")
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


def parse_variable(ctx: Context, entry: Any, key: str) -> CategoricalVariable | NumericVariable:
    check_section(ctx, entry, key, "covariates")
    column = as_str(ctx, entry["column"], f"{key}.column")
    kind = entry.get("type", "categorical")
    if kind not in ("categorical", "numeric"):
        raise ctx.fail(f"{key}.type", f"expected 'categorical' or 'numeric', got {kind!r}.")
    label = as_text(ctx, entry.get("label"), f"{key}.label", default=column)
    required = as_bool(ctx, entry.get("required", True), f"{key}.required")
    if kind == "numeric":
        if "categories" in entry:
            raise ctx.fail(f"{key}.categories", "a numeric variable has no categories.")
        lo = as_number(ctx, entry["min"], f"{key}.min") if entry.get("min") is not None else None
        hi = as_number(ctx, entry["max"], f"{key}.max") if entry.get("max") is not None else None
        if lo is not None and hi is not None and lo >= hi:
            raise ctx.fail(key, f"min ({lo:g}) must be smaller than max ({hi:g}).")
        return NumericVariable(column, label, lo, hi, required)
    for bound in ("min", "max"):
        if bound in entry:
            raise ctx.fail(f"{key}.{bound}", "a categorical variable has no range.")
    if "categories" not in entry:
        raise ctx.fail(f"{key}.categories", "this key is required.")
    cats = parse_categories(ctx, entry["categories"], key, exposure=False)
    return CategoricalVariable(column, label, cats, required)


def parse_exposure(ctx: Context, entry: Any, key: str) -> Exposure:
    check_section(ctx, entry, key, "exposure")
    if entry.get("type", "categorical") != "categorical":
        raise ctx.fail(
            f"{key}.type",
            "the exposure is an ordered categorical variable; list its categories in order "
            "(a numeric exposure can be given a score per category).",
        )
    column = as_str(ctx, entry["column"], f"{key}.column")
    label = as_text(ctx, entry.get("label"), f"{key}.label", default=column)
    required = as_bool(ctx, entry.get("required", True), f"{key}.required")
    cats = parse_categories(ctx, entry["categories"], key, exposure=True)
    if entry.get("score_label") is not None:
        score_label = as_text(ctx, entry["score_label"], f"{key}.score_label")
    elif key == "meeting_frequency":  # the older codebooks' scores were meetings per year
        score_label = Text("vergaderingen per jaar", "meetings per year")
    else:
        score_label = Text("score", "score")
    reference = None
    if entry.get("reference") is not None:
        reference = as_str(ctx, entry["reference"], f"{key}.reference")
        lookup = {normalise_label(n): c.label for c in cats for n in (c.label, c.en, *c.aliases)}
        if normalise_label(reference) not in lookup:
            raise ctx.fail(
                f"{key}.reference",
                f"{reference!r} is not one of the categories ({', '.join(c.label for c in cats)}).",
            )
        reference = lookup[normalise_label(reference)]
    return Exposure(column, label, cats, required, score_label, reference)


def parse_dimensions(ctx: Context, data: Any, scales: dict[str, Scale]) -> Dimensions:
    check_section(ctx, data, "dimensions", "dimensions")
    names = {}
    for role in ("trust", "distrust"):
        name = as_str(ctx, data[role], f"dimensions.{role}")
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


def parse_groups(ctx: Context, data: Any, variables: dict[str, Any]) -> tuple[str, ...]:
    names = [data] if isinstance(data, str) else as_list(ctx, data, "groups")
    groups = []
    for name in names:
        name = as_str(ctx, name, "groups")
        variable = variables.get(name)
        if not isinstance(variable, CategoricalVariable):
            categorical = [c for c, v in variables.items() if isinstance(v, CategoricalVariable)]
            raise ctx.fail(
                "groups",
                f"{name!r} is not a categorical variable of the codebook; groups name the "
                f"categorical covariates to compare the scales across ({', '.join(categorical)}).",
            )
        groups.append(name)
    check_unique(ctx, groups, "groups")
    return tuple(groups)
