"""The codebook's data model: what each column of a survey file means, as frozen dataclasses.

A codebook is a YAML file (read with a safe loader) that declares the study, the Likert items and
their response range, the scales they form, the missing-value codes, the meeting-frequency
categories, the cluster (network) variable and the covariates. trustlab ships a default codebook
for the study's illustrative instrument (:func:`default_codebook`); ``python -m trustlab codebook
show`` prints it and ``python -m trustlab codebook init data.csv`` drafts one from a data file.

The codebook is checked strictly when it is loaded: an unknown key, a scale naming an item that
is not declared, an inconsistent response range or a missing code inside the response range is a
:class:`~trustlab.errors.CodebookError` that names the key and the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from trustlab.input.labels import normalise_label

__all__ = [
    "Text",
    "ResponseScale",
    "Item",
    "HighRule",
    "Scale",
    "MissingCodes",
    "Category",
    "CategoricalVariable",
    "NumericVariable",
    "Exposure",
    "Dimensions",
    "Codebook",
]


@dataclass(frozen=True)
class Text:
    """A text in Dutch and English."""

    nl: str
    en: str

    def get(self, lang: str = "nl") -> str:
        """Return the text in ``lang`` ("nl" or "en")."""
        return self.en if lang == "en" else self.nl


@dataclass(frozen=True)
class ResponseScale:
    """The answers an item allows: the integers ``min..max`` with a label for each."""

    min: int
    max: int
    labels: dict[int, Text] = field(default_factory=dict)

    @property
    def values(self) -> tuple[int, ...]:
        """The allowed answers, ``(min, ..., max)``."""
        return tuple(range(self.min, self.max + 1))

    @property
    def midpoint(self) -> float:
        """``(min + max) / 2``: 3 on a 1..5 scale."""
        return (self.min + self.max) / 2

    def describe(self) -> str:
        """``"a whole number from 1 to 5"``, for messages."""
        return f"a whole number from {self.min} to {self.max}"


@dataclass(frozen=True)
class Item:
    """A Likert item: its column, the scale it belongs to, its keying and its wording."""

    column: str
    scale: str
    reverse: bool
    text: Text


@dataclass(frozen=True)
class HighRule:
    """When a scale mean counts as *high*: above ``cutoff`` (strictly when ``strict``).

    ``cutoff`` is a number or the string ``"midpoint"`` (the response scale's midpoint).
    """

    cutoff: float | str = "midpoint"
    strict: bool = True

    def threshold(self, response_scale: ResponseScale) -> float:
        """The cutoff as a number for ``response_scale``."""
        if self.cutoff == "midpoint":
            return response_scale.midpoint
        return float(self.cutoff)

    def describe(self, response_scale: ResponseScale) -> str:
        """``"mean > 3"``, for tables and reports."""
        return f"mean {'>' if self.strict else '>='} {self.threshold(response_scale):g}"


@dataclass(frozen=True)
class Scale:
    """A scale: its items, how many must be answered (``min_valid``) and its rule for *high*."""

    name: str
    label: Text
    items: tuple[str, ...]
    min_valid: int
    high: HighRule


@dataclass(frozen=True)
class MissingCodes:
    """Values that mean *no answer* in some columns: numbers (9, 99) and strings ("weet niet")."""

    columns: tuple[str, ...]
    numbers: tuple[float, ...]
    strings: tuple[str, ...]

    def matches_string(self, value: str) -> bool:
        """Whether ``value`` is one of the string codes (compared as labels are)."""
        return normalise_label(value) in {normalise_label(s) for s in self.strings}


@dataclass(frozen=True)
class Category:
    """One category of a categorical variable.

    ``label`` is the canonical (Dutch) label, ``en`` its English label; the file may use either,
    an alias, or the numeric ``code``. ``score`` is the number an exposure category stands for
    (e.g. meetings per year), used by the trend models. ``assumed`` marks a category that a
    published study did not name (the default study's remainder category, finding F7).
    """

    label: str
    en: str
    code: int | None = None
    score: float | None = None
    aliases: tuple[str, ...] = ()
    assumed: bool = False

    def get(self, lang: str = "nl") -> str:
        """The label in ``lang``."""
        return self.en if lang == "en" else self.label


@dataclass(frozen=True)
class CategoricalVariable:
    """A categorical column with its ordered categories."""

    column: str
    label: Text
    categories: tuple[Category, ...]
    required: bool = True

    @property
    def labels(self) -> list[str]:
        """The canonical labels, in order."""
        return [c.label for c in self.categories]

    def lookup(self) -> dict[str, str]:
        """Map every accepted spelling (normalised) to its canonical label."""
        table: dict[str, str] = {}
        for cat in self.categories:
            for name in (cat.label, cat.en, *cat.aliases):
                table[normalise_label(name)] = cat.label
        return table

    def by_code(self) -> dict[float, str]:
        """Map each numeric code to its canonical label."""
        return {float(c.code): c.label for c in self.categories if c.code is not None}

    def describe(self) -> str:
        """The accepted labels, for messages."""
        return "one of " + ", ".join(repr(c.label) for c in self.categories)


@dataclass(frozen=True)
class NumericVariable:
    """A numeric column, optionally bounded by ``min`` and ``max``."""

    column: str
    label: Text
    min: float | None = None
    max: float | None = None
    required: bool = True

    def describe(self) -> str:
        """What values are allowed, for messages."""
        if self.min is not None and self.max is not None:
            return f"a number from {self.min:g} to {self.max:g}"
        if self.min is not None:
            return f"a number of at least {self.min:g}"
        if self.max is not None:
            return f"a number of at most {self.max:g}"
        return "a number"


@dataclass(frozen=True)
class Exposure(CategoricalVariable):
    """The exposure: an ordered categorical variable the scales are analysed against.

    Its categories are in order (lowest first). When every category has a ``score`` (meetings
    per year, say), the trend models and the broken stick use it; ``score_label`` says what the
    score is. ``reference`` is the category the models compare with (default: the first).
    """

    score_label: Text = field(default_factory=lambda: Text("score", "score"))
    reference: str | None = None

    @property
    def scores(self) -> list[float] | None:
        """The score of each category, in order, or None when the categories have none."""
        values = [c.score for c in self.categories]
        return None if any(v is None for v in values) else [float(v) for v in values]

    @property
    def reference_label(self) -> str:
        """The reference category's label (the first category unless one is declared)."""
        return self.reference if self.reference is not None else self.categories[0].label


@dataclass(frozen=True)
class Dimensions:
    """Two scales declared as the dimensions trust and distrust (Lewicki et al., 1998).

    Where a codebook declares them, the analysis adds the quadrants (high/low on each) and the
    correlation of the two scores.
    """

    trust: str
    distrust: str


@dataclass(frozen=True)
class Codebook:
    """A validated codebook. Build one with :func:`load_codebook` or :func:`default_codebook`.

    Attributes
    ----------
    study : str
        The study's name.
    description : Text
        A short description in Dutch and English.
    id : str
        The respondent-id column.
    cluster : str or None
        The cluster (network) column, or ``None`` when respondents are not nested.
    response_scale : ResponseScale
        The range and labels of the Likert items.
    missing_codes : tuple of MissingCodes
        Missing-value codes, each for a group of columns.
    items : tuple of Item
        The Likert items, in order.
    scales : dict of str to Scale
        The scales, keyed by name (``"trust"``, ``"distrust"``).
    exposure : Exposure or None
        The ordered categorical variable the scales are analysed against (in the default study:
        meeting frequency), with its categories in order and optionally a score per category.
    dimensions : Dimensions or None
        The two scales that are the trust and distrust dimensions (for the quadrants).
    groups : tuple of str
        Categorical columns across which the scales' measurement is compared (invariance).
    covariates : tuple
        Categorical and numeric covariates, in order.
    source : str or None
        The file the codebook was read from (``None`` for one built in memory).
    """

    study: str
    description: Text
    id: str
    cluster: str | None
    response_scale: ResponseScale
    missing_codes: tuple[MissingCodes, ...]
    items: tuple[Item, ...]
    scales: dict[str, Scale]
    exposure: Exposure | None
    covariates: tuple[CategoricalVariable | NumericVariable, ...]
    dimensions: Dimensions | None = None
    groups: tuple[str, ...] = ()
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)
    source: str | None = None

    @property
    def item_columns(self) -> list[str]:
        """The item columns, in order."""
        return [item.column for item in self.items]

    def item(self, column: str) -> Item:
        """The item declared for ``column``."""
        for item in self.items:
            if item.column == column:
                return item
        raise KeyError(column)

    def reverse_keyed(self, scale: str | None = None) -> list[str]:
        """The reverse-keyed items (of one scale, or of all)."""
        return [i.column for i in self.items if i.reverse and (scale is None or i.scale == scale)]

    def variables(self) -> list[CategoricalVariable | NumericVariable]:
        """Every non-item variable with a declared type: covariates, then the exposure."""
        tail = [self.exposure] if self.exposure is not None else []
        return [*self.covariates, *tail]

    def columns(self) -> list[str]:
        """Every column the codebook declares, in the canonical order of ``Survey.data``."""
        head = [self.id] + ([self.cluster] if self.cluster else [])
        covs = [v.column for v in self.covariates]
        freq = [self.exposure.column] if self.exposure else []
        return head + covs + freq + self.item_columns

    def missing_for(self, column: str) -> tuple[set[float], set[str]]:
        """The numeric and (normalised) string missing codes that apply to ``column``."""
        numbers: set[float] = set()
        strings: set[str] = set()
        for group in self.missing_codes:
            if column in group.columns:
                numbers.update(group.numbers)
                strings.update(normalise_label(s) for s in group.strings)
        return numbers, strings

    def to_yaml(self) -> str:
        """The codebook as YAML text (as it was written, when it came from a file)."""

        return yaml.safe_dump(self.raw, allow_unicode=True, sort_keys=False, width=100)
