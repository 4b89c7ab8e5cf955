"""Every key a codebook may hold, declared once: the parser takes its allowed and required keys
from here, and ``docs/codebook.md`` is generated from the same declarations
(:func:`reference_page`; ``python tools/codebook_page.py`` writes it, a test keeps it current).

A :class:`Section` is one mapping of the codebook (the top level, ``response_scale``, one entry of
``items``, ...); its :class:`Key` entries say what each key holds, whether it is required, its
default and what it means.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Key", "Section", "SECTIONS", "EXAMPLE", "reference_page"]


@dataclass(frozen=True)
class Key:
    """One key of a section: its name, what it holds, whether it is required, its meaning."""

    name: str
    holds: str
    meaning: str
    required: bool = False
    default: str = ""


@dataclass(frozen=True)
class Section:
    """One mapping of the codebook and the keys it allows."""

    path: str
    title: str
    intro: str
    keys: tuple[Key, ...]
    example: str = ""

    @property
    def allowed(self) -> set[str]:
        """The names of every key the section allows."""
        return {k.name for k in self.keys}

    @property
    def required(self) -> set[str]:
        """The names of the keys the section needs."""
        return {k.name for k in self.keys if k.required}


_TEXT = "a text, or `{nl: ..., en: ...}`"

# fmt: off
_SECTIONS = (
    Section(
        "",
        "The top level",
        "A codebook is a YAML file; these are the keys at its top level. Roles, not names: the "
        "analysis runs from what each key declares (the scales, the exposure, the cluster, the "
        "groups), whatever the columns and scales are called.",
        (
            Key("study", "a text, or a `study` mapping", "the study's name (and description), "
                "shown at the top of the report", required=True),
            Key("id", "a column name", "the respondent identifier: one row per respondent",
                required=True),
            Key("cluster", "a column name", "the network, team or organisation each respondent "
                "belongs to: clustered standard errors, the mixed model and the ICC use it",
                default="none: those analyses are not run, and the report says so"),
            Key("response_scale", "a `response_scale` mapping", "the answers every item allows "
                "(any k-point scale, e.g. 1..5 or 1..7)", required=True),
            Key("missing_codes", "a list of `missing_codes` entries", "answers that mean "
                "'missing' (9, 99, 'weet niet')", default="none"),
            Key("items", "a list of `items` entries", "the Likert items", required=True),
            Key("scales", "a mapping of scale names to `scales` entries", "the scales the items "
                "form: any names, one or more", required=True),
            Key("high", "a `high` mapping", "when a respondent counts as 'high' on a scale, for "
                "every scale that does not say otherwise", default="mean above the midpoint"),
            Key("exposure", "an `exposure` mapping", "the ordered categorical variable every "
                "scale is analysed against (meeting frequency, contact frequency, tenure...)",
                default="none: only the scales' descriptives and reliability are run"),
            Key("meeting_frequency", "an `exposure` mapping", "the exposure under its name in "
                "codebooks before trustlab 0.2 (give `exposure` or this, not both)"),
            Key("covariates", "a list of `covariates` entries", "further columns: categorical "
                "(role, sex) or numeric (age)", default="none"),
            Key("dimensions", "a `dimensions` mapping", "the two scales that are the dimensions "
                "trust and distrust: adds Lewicki's four quadrants and their correlation",
                default="none: no quadrants"),
            Key("groups", "a list of categorical covariates' columns", "the groups across which "
                "each scale's measurement is compared (is the scale the same for every group?)",
                default="none"),
        ),
    ),
    Section(
        "study",
        "`study`",
        "The study's name and, optionally, a description in Dutch and English. `study: My "
        "survey` (a plain text) is the same as `study: {name: My survey}`.",
        (
            Key("name", "a text", "the study's name", required=True),
            Key("description", _TEXT, "a sentence or two about the study", default="none"),
        ),
        "study:\n  name: Team climate 2026\n  description: {nl: Teamklimaat., en: Team climate.}",
    ),
    Section(
        "response_scale",
        "`response_scale`",
        "The whole numbers from `min` to `max` are the answers an item allows; labels name "
        "them (a file may hold the labels instead of the numbers).",
        (
            Key("min", "a whole number", "the lowest answer", required=True),
            Key("max", "a whole number", "the highest answer (above `min`)", required=True),
            Key("labels", "a mapping of answers to texts", "the answers' labels",
                default="none"),
        ),
        "response_scale:\n  min: 1\n  max: 7\n  labels:\n    1: {nl: helemaal oneens, en: "
        "strongly disagree}\n    7: {nl: helemaal eens, en: strongly agree}",
    ),
    Section(
        "missing_codes",
        "`missing_codes` entries",
        "Each entry lists columns and the codes that mean 'missing' in them. A code inside an "
        "item's response range is refused: it would turn real answers into missing values.",
        (
            Key("columns", "`items`, a scale's name, a column, or a list of these", "where the "
                "codes apply (`items`: every item)", required=True),
            Key("codes", "a list of numbers and texts", "the codes", required=True),
        ),
        "missing_codes:\n  - columns: items\n    codes: [9, 99, weet niet]",
    ),
    Section(
        "items",
        "`items` entries",
        "One entry per Likert item column.",
        (
            Key("column", "a column name", "the item's column in the file", required=True),
            Key("scale", "a scale's name", "the scale the item belongs to", required=True),
            Key("reverse", "true or false", "reverse-keyed: the answer is mirrored "
                "(min + max - answer) before scoring", default="false"),
            Key("text", _TEXT, "the item's wording, shown in tables and figures",
                default="the column name"),
        ),
        "items:\n  - column: q1\n    scale: climate\n  - column: q2\n    scale: climate\n"
        "    reverse: true\n    text: {nl: Ik voel me niet gehoord., en: I do not feel heard.}",
    ),
    Section(
        "scales",
        "`scales` entries",
        "One entry per scale, under the scale's name (any name that is not a column: the "
        "scale's score becomes a column of the analysis). A scale needs at least two items.",
        (
            Key("label", _TEXT, "the scale's name in the report", default="the scale's name"),
            Key("items", "a list of item columns", "the scale's items, in the order shown; "
                "must be the items that name this scale", default="the items that name it"),
            Key("min_valid", "a whole number", "the fewest answered items for a score",
                default="half the items, rounded up"),
            Key("high", "a `high` mapping", "this scale's own rule for 'high'",
                default="the top-level `high`"),
        ),
        "scales:\n  climate:\n    label: {nl: teamklimaat, en: team climate}\n"
        "    items: [q1, q2]\n    min_valid: 2",
    ),
    Section(
        "high",
        "`high`",
        "A respondent is 'high' on a scale when the scale score lies above the cutoff (or at "
        "or above it, with `strict: false`).",
        (
            Key("cutoff", "`midpoint` or a number", "the cutoff on the response scale",
                default="midpoint"),
            Key("strict", "true or false", "strictly above the cutoff", default="true"),
        ),
        "high:\n  cutoff: 5\n  strict: false",
    ),
    Section(
        "exposure",
        "`exposure`",
        "The ordered categorical variable every scale is analysed against: descriptives, "
        "rank and trend tests, regression models and the adjacent contrasts per scale. Its "
        "categories are listed in order, lowest first.",
        (
            Key("column", "a column name", "the exposure's column", required=True),
            Key("categories", "a list of `exposure categories` entries (or plain labels)",
                "the categories, lowest first", required=True),
            Key("label", _TEXT, "the exposure's name in the report", default="the column name"),
            Key("score_label", _TEXT, "what the categories' scores measure (e.g. meetings per "
                "year)", default="score"),
            Key("reference", "a category's label", "the reference category of the models",
                default="the first category"),
            Key("required", "true or false", "whether the file must have the column",
                default="true"),
            Key("type", "`categorical`", "always categorical (a numeric exposure is given as "
                "categories with a score each)", default="categorical"),
        ),
        "exposure:\n  column: contact\n  label: {nl: contactfrequentie, en: contact frequency}\n"
        "  score_label: {nl: contacten per maand, en: contacts a month}\n  categories:\n"
        "    - {label: zelden, en: rarely, code: 1, score: 0.5}\n"
        "    - {label: maandelijks, en: monthly, code: 2, score: 1}\n"
        "    - {label: wekelijks, en: weekly, code: 3, score: 4}",
    ),
    Section(
        "exposure.categories",
        "`exposure categories` entries",
        "One entry per category of the exposure, in order. A plain text is the same as "
        "`{label: ...}`.",
        (
            Key("label", "a text", "the category's label (as in the file, or matched through "
                "its aliases or code)", required=True),
            Key("en", "a text", "the English label", default="the label"),
            Key("code", "a whole number", "the category's numeric code in the file",
                default="none"),
            Key("aliases", "a list of texts", "other spellings found in files", default="none"),
            Key("score", "a number", "a numeric score (e.g. meetings per year) for the trend "
                "models; give every category one, increasing, or none",
                default="none: no trend models"),
            Key("per_year", "a number", "`score` under its name in older codebooks"),
            Key("assumed", "true or false", "the category is not named by the published "
                "source (the report says so)", default="false"),
        ),
    ),
    Section(
        "covariates",
        "`covariates` entries",
        "Further columns, categorical (with their categories) or numeric (with an optional "
        "range). Categorical covariates may be named under `groups`.",
        (
            Key("column", "a column name", "the covariate's column", required=True),
            Key("type", "`categorical` or `numeric`", "the kind of variable",
                default="categorical"),
            Key("label", _TEXT, "the covariate's name in the report", default="the column name"),
            Key("categories", "a list of `categories` entries", "a categorical covariate's "
                "categories (required for categorical)"),
            Key("min", "a number", "a numeric covariate's lowest valid value", default="none"),
            Key("max", "a number", "a numeric covariate's highest valid value", default="none"),
            Key("required", "true or false", "whether the file must have the column",
                default="true"),
        ),
        "covariates:\n  - column: role\n    label: {nl: rol, en: role}\n    categories:\n"
        "      - {label: lid, en: member, code: 1}\n      - {label: leider, en: leader, code: 2}\n"
        "  - column: age\n    type: numeric\n    min: 16\n    max: 99\n    required: false",
    ),
    Section(
        "covariates.categories",
        "`categories` entries",
        "One entry per category of a categorical covariate. A plain text is the same as "
        "`{label: ...}`.",
        (
            Key("label", "a text", "the category's label", required=True),
            Key("en", "a text", "the English label", default="the label"),
            Key("code", "a whole number", "the category's numeric code in the file",
                default="none"),
            Key("aliases", "a list of texts", "other spellings found in files", default="none"),
        ),
    ),
    Section(
        "dimensions",
        "`dimensions`",
        "Two different scales declared as the dimensions trust and distrust (Lewicki, "
        "McAllister & Bies 1998): the analysis adds the four quadrants and the correlation of "
        "the two scores. Without it, no quadrants.",
        (
            Key("trust", "a scale's name", "the scale that measures trust", required=True),
            Key("distrust", "a scale's name", "the scale that measures distrust",
                required=True),
        ),
        "dimensions:\n  trust: trust\n  distrust: distrust",
    ),
)
# fmt: on

#: The sections by path ("" is the top level).
SECTIONS: dict[str, Section] = {s.path: s for s in _SECTIONS}

#: A complete codebook of a study of our own (7-point scale, teams, another exposure, a group):
#: the reference page shows it, and a test loads it.
EXAMPLE = """\
study:
  name: Team climate 2026
  description: {nl: Teamklimaat in welzijnsteams., en: Team climate in welfare teams.}
id: person
cluster: team
response_scale:
  min: 1
  max: 7
  labels:
    1: {nl: helemaal oneens, en: strongly disagree}
    7: {nl: helemaal eens, en: strongly agree}
missing_codes:
  - columns: items
    codes: [99, weet niet]
items:
  - column: c1
    scale: climate
    text: {nl: In ons team word ik gehoord., en: In our team I am heard.}
  - {column: c2, scale: climate}
  - {column: c3, scale: climate, reverse: true}
  - {column: w1, scale: worry}
  - {column: w2, scale: worry}
  - {column: w3, scale: worry}
scales:
  climate:
    label: {nl: teamklimaat, en: team climate}
    items: [c1, c2, c3]
    min_valid: 2
  worry:
    label: {nl: bezorgdheid, en: worry}
    high: {cutoff: 5, strict: false}
high:
  cutoff: midpoint
  strict: true
dimensions:
  trust: climate
  distrust: worry
exposure:
  column: contact
  label: {nl: contactfrequentie, en: contact frequency}
  score_label: {nl: contacten per maand, en: contacts a month}
  reference: zelden
  required: true
  categories:
    - {label: zelden, en: rarely, code: 1, score: 0.5, aliases: [bijna nooit]}
    - {label: maandelijks, en: monthly, code: 2, score: 1}
    - {label: wekelijks, en: weekly, code: 3, score: 4}
covariates:
  - column: role
    label: {nl: rol, en: role}
    categories:
      - {label: lid, en: member, code: 1}
      - {label: leider, en: leader, code: 2, aliases: [teamleider]}
  - {column: age, type: numeric, min: 16, max: 99, required: false}
groups: [role]
"""


def _row(key: Key) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    need = "yes" if key.required else "no"
    default = key.default or ("" if key.required else "-")
    return f"| `{key.name}` | {need} | {cell(key.holds)} | {cell(key.meaning)} | {cell(default)} |"


def reference_page() -> str:
    """The Markdown reference of every codebook key (``docs/codebook.md``), from
    :data:`SECTIONS` and :data:`EXAMPLE`.

    Examples
    --------
    >>> page = reference_page()
    >>> page.splitlines()[0]
    '# The codebook: every key'
    >>> "| `min_valid` | no | a whole number |" in page
    True
    """
    lines = [
        "# The codebook: every key",
        "",
        "<!-- Generated by tools/codebook_page.py from src/trustlab/input/codebook_keys.py, "
        "the declarations the parser uses; a test keeps it current. Do not edit by hand. -->",
        "",
        "A codebook tells trustlab what each column of a survey file *is*. "
        "`python -m trustlab codebook init data.csv` drafts one from your file (its comments "
        "say what to check), `python -m trustlab codebook check codebook.yaml` validates it and "
        "`python -m trustlab codebook show` prints the default study's. An unknown key, a "
        "missing required key or a value of the wrong kind is an error that names the key.",
        "",
        "## A complete example",
        "",
        "A study of our own: a 7-point scale, two scales that are the trust and distrust "
        "dimensions, teams as clusters, contact frequency as the exposure and role as a group.",
        "",
        "```yaml",
        EXAMPLE.rstrip("\n"),
        "```",
    ]
    for section in _SECTIONS:
        lines += ["", f"## {section.title}", "", section.intro, ""]
        lines += ["| key | required | holds | meaning | default |", "|---|---|---|---|---|"]
        lines += [_row(k) for k in section.keys]
        if section.example:
            lines += ["", "```yaml", section.example, "```"]
    return "\n".join(lines) + "\n"
