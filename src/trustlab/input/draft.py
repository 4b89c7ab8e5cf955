"""Drafting a codebook from a data file: one that ``analyse`` runs on the same file.

``python -m trustlab codebook init data.csv`` calls :func:`draft_codebook_yaml`. The draft reads
the columns and their values and says, in comments, what it chose and what it could not know:

- **items** are whole-number columns with a small range that share a name prefix with at least
  one other such column (``vertrouwen_1 .. vertrouwen_7``); each prefix is a scale. Values far
  above the range (9, 99) and texts in item columns become missing codes;
- **categorical variables** are text columns with a few distinct values, and labelled columns
  of SPSS and Stata files that are not part of a group of items (a contact frequency coded 1..5
  with value labels stays categorical, its categories in code order: never a one-item scale);
- the **id**, the **cluster** and the **exposure** are the columns named with ``id=``,
  ``cluster=`` and ``exposure=`` (``--id``, ``--cluster``, ``--exposure``); without them the draft
  proposes columns by their names and values, and says which and why;
- **reverse keys** cannot be known from data (trustlab never guesses them from correlations):
  the draft says so; ``analyse`` then names every item that correlates negatively with its
  scale. The order of text categories is a guess (by the first number in the label, else
  alphabetical): the draft says so.

Nothing of trustlab's own study leaks into a draft (no item texts of another instrument, no
``assumed`` flags), except for a file with exactly the default codebook's item columns, which
gets the default codebook itself.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trustlab.errors import CodebookError
from trustlab.input.cells import is_blank, number_from_text
from trustlab.input.codebook import default_codebook
from trustlab.input.labels import normalise_label
from trustlab.input.read import read_table

__all__ = ["Draft", "draft", "draft_codebook", "draft_codebook_yaml"]

_ID_NAMES = {"respondent_id", "respondent", "id", "resp_id", "respondentnummer", "respnr", "case",
             "respondentid", "nr", "volgnummer"}  # fmt: skip
_CLUSTER_HINTS = ("network", "netwerk", "cluster", "team", "groep", "group", "school", "afdeling")
_EXPOSURE_HINTS = ("freq", "vergader", "contact", "meeting", "vaak", "often", "exposure",
                   "dosis", "dose", "frequentie", "bijeenkomst")  # fmt: skip
_MAX_ANSWER = 11  # an answer scale of at most 0..10 or 1..11 points
_MAX_CATEGORIES = 20


@dataclass
class Draft:
    """A drafted codebook and what the draft chose or could not know.

    Attributes
    ----------
    codebook : dict
        The codebook, as YAML loads it; :func:`trustlab.load_codebook` accepts it.
    notes : dict of str to list of str
        Per top-level key, the comments the YAML text carries above it.
    """

    codebook: dict[str, Any]
    notes: dict[str, list[str]] = field(default_factory=dict)

    def note(self, key: str, text: str) -> None:
        self.notes.setdefault(key, []).append(text)


def _numbers(values: list[Any]) -> tuple[list[float], list[str]]:
    numbers, texts = [], []
    for value in values:
        if isinstance(value, str):
            number = number_from_text(value)
            (texts.append(value.strip()) if number is None else numbers.append(number))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            numbers.append(float(value))
    return numbers, texts


def _prefix(column: str) -> str:
    return re.sub(r"[\d_.\s-]+$", "", column)


_BELOW = ("minder", "less", "fewer", "<", "onder", "under", "nooit", "never")
_ABOVE = ("meer", "more", ">", "over", "plus", "+")


def _first_number(label: str) -> float:
    """The first number in a label, a half lower after "less than", higher after "more than"
    (``"minder dan 1 keer"`` sorts before ``"1-2 keer"``)."""
    found = re.search(r"\d+(?:[.,]\d+)?", label)
    if not found:
        return float("inf")
    value = float(found.group().replace(",", "."))
    words = label.lower()[: found.start()]
    if any(w in words for w in _BELOW):
        return value - 0.5
    if any(w in words for w in _ABOVE):
        return value + 0.5
    return value


def _text_order(texts: list[str]) -> tuple[list[str], str]:
    """Distinct texts in a guessed order, and how it was guessed."""
    distinct = sorted(set(texts))
    if all(_first_number(t) < float("inf") for t in distinct):
        return sorted(distinct, key=lambda t: (_first_number(t), t)), "by the first number in each"
    return distinct, "alphabetically"


@dataclass
class _Column:
    name: str
    cells: list[Any]
    numbers: list[float]
    texts: list[str]
    labels: dict[Any, str] | None

    @property
    def distinct(self) -> int:
        return len({*self.numbers, *self.texts})

    def likert(self) -> tuple[int, int] | None:
        """The answer range when this looks like a rating item, else None."""
        if not self.numbers or len(self.texts) > len(self.cells) / 4:
            return None
        whole = [n for n in self.numbers if float(n).is_integer()]
        if len(whole) < len(self.numbers):
            return None
        small = sorted({n for n in whole if 0 <= n <= _MAX_ANSWER})
        bulk = [n for n in small if n < 9] or small
        if len(bulk) < 2:
            return None
        return int(min(bulk)), int(max(bulk))


def _columns(path: str | Path, sheet: int | str) -> list[_Column]:
    table, source = read_table(path, sheet=sheet)
    out = []
    for i, name in enumerate(table.columns):
        cells = [v for v in table.iloc[:, i].tolist() if not is_blank(v)]
        numbers, texts = _numbers(cells)
        out.append(_Column(str(name), cells, numbers, texts, source.value_labels.get(str(name))))
    return out


def _pick(columns: dict[str, _Column], given: str | None, role: str) -> str | None:
    if given is not None and given not in columns:
        raise CodebookError(
            f"{role}={given!r} is not a column of the file (columns: "
            f"{', '.join(list(columns)[:30])}).",
            column=given,
        )
    return given


def _categorical_entry(column: _Column) -> tuple[dict[str, Any], str]:
    """A categorical variable's entry and how its order was found."""
    if column.labels:
        codes = sorted(column.labels, key=lambda c: float(c))
        cats = [{"label": str(column.labels[c]), "code": int(float(c))} for c in codes
                if float(c).is_integer()]  # fmt: skip
        present = {float(n) for n in column.numbers} - {float(c) for c in column.labels}
        cats += [{"label": str(int(n)) if n.is_integer() else str(n)} for n in sorted(present)]
        return {"column": column.name, "categories": cats}, "from the value labels, in code order"
    if column.texts and not column.numbers:
        order, how = _text_order(column.texts)
        return {"column": column.name, "categories": [{"label": t} for t in order]}, how
    values = sorted(set(column.numbers))
    labels = [str(int(v)) if float(v).is_integer() else str(v) for v in values]
    return {"column": column.name, "categories": [{"label": v} for v in labels]}, "numerically"


def draft(
    path: str | Path,
    *,
    exposure: str | None = None,
    cluster: str | None = None,
    id: str | None = None,
    sheet: int | str = 0,
) -> Draft:
    """Draft a codebook for the file ``path`` (see the module docstring for the rules)."""
    columns = {c.name: c for c in _columns(path, sheet)}
    exposure = _pick(columns, exposure, "exposure")
    cluster = _pick(columns, cluster, "cluster")
    id = _pick(columns, id, "id")
    default = default_codebook()
    if set(default.item_columns) <= set(columns) and not {exposure, cluster, id} - {None} - set(
            default.columns()):  # fmt: skip
        return _default_draft(default, columns)
    result = Draft({"study": {"name": f"Drafted from {Path(path).name}"}})
    if id is None:
        id = next((n for n in columns if normalise_label(n) in _ID_NAMES), None)
        if id is None:
            id = next((n for n, c in columns.items() if c.cells and len(set(map(str, c.cells)))
                       == len(c.cells)), next(iter(columns)))  # fmt: skip
        result.note("id", f"The respondent id: '{id}' (proposed; every value must be unique).")
    if cluster is None:
        n = max(len(c.cells) for c in columns.values()) or 1
        cluster = next((name for name, c in columns.items() if name != id
                        and any(h in name.lower() for h in _CLUSTER_HINTS)
                        and 2 <= len(set(map(str, c.cells))) < n), None)  # fmt: skip
        if cluster is not None:
            result.note("cluster", f"The cluster respondents are nested in: '{cluster}' "
                                   "(proposed from its name; remove the line if respondents are "
                                   "not nested).")  # fmt: skip
    taken = {id, cluster, exposure}
    likert = {name: c.likert() for name, c in columns.items() if name not in taken}
    groups: dict[str, list[str]] = {}
    for name, found in likert.items():
        if found is not None and _prefix(name):
            groups.setdefault(_prefix(name), []).append(name)
    items = {name for members in groups.values() if len(members) >= 2 for name in members}
    categorical, numeric, orders = {}, [], {}
    for name, column in columns.items():
        if name in taken - {exposure} or name in items or not name.strip():
            continue
        is_numeric = column.numbers and not column.texts
        if column.labels or (column.texts and 2 <= len(set(column.texts)) <= _MAX_CATEGORIES
                             and not column.numbers) or name == exposure:  # fmt: skip
            entry, how = _categorical_entry(column)
            categorical[name], orders[name] = entry, how
        elif is_numeric:
            numeric.append(name)
    if exposure is None:
        exposure = next((n for n in categorical
                         if any(h in n.lower() for h in _EXPOSURE_HINTS)), None)  # fmt: skip
        if exposure is not None:
            result.note(
                "exposure",
                f"The exposure: '{exposure}' (proposed from its name); every "
                "scale is analysed against it. Set another with --exposure.",
            )
    scales = {prefix: members for prefix, members in groups.items() if len(members) >= 2}
    ranges = [likert[i] for i in items]
    lo, hi = min(r[0] for r in ranges) if ranges else 1, max(r[1] for r in ranges) if ranges else 5
    missing_numbers, missing_texts = set(), {}
    for item in items:
        column = columns[item]
        missing_numbers |= {n for n in column.numbers if n > hi or n < lo}
        missing_texts.update({normalise_label(t): t for t in column.texts})
    cb = result.codebook
    cb["id"] = id
    if cluster is not None:
        cb["cluster"] = cluster
    cb["response_scale"] = {"min": lo, "max": hi}
    labels = _response_labels([columns[i] for i in sorted(items)], lo, hi)
    if labels:
        cb["response_scale"]["labels"] = labels
    result.note("response_scale", f"Answers from {lo} to {hi} (the smallest and largest answer "
                                  "found in the items): check them.")  # fmt: skip
    codes = [int(n) if float(n).is_integer() else n for n in sorted(missing_numbers)]
    codes += sorted(missing_texts.values())
    if codes:
        cb["missing_codes"] = [{"columns": "items", "codes": codes}]
        result.note("missing_codes", "Values outside the answer range in the items, read as "
                                     "'no answer': check them.")  # fmt: skip
    cb["items"] = [{"column": c, "scale": prefix} for prefix, members in scales.items()
                   for c in members]  # fmt: skip
    cb["scales"] = {prefix: {"items": members} for prefix, members in scales.items()}
    result.note("items", "Reverse keys cannot be read from data: add 'reverse: true' to every "
                         "reverse-worded item (analyse names each item that correlates "
                         "negatively with its scale).")  # fmt: skip
    result.note("scales", "One scale per name prefix of the items: rename them as you like.")
    if len(scales) >= 2:
        first, second = list(scales)[:2]
        result.note(
            "scales",
            "Two scales measure trust and distrust? Declare them to get the "
            f"quadrants: 'dimensions: {{trust: {first}, distrust: {second}}}'.",
        )
    if not scales:
        result.note("scales", "No group of rating items was found: list the items and scales "
                              "by hand.")  # fmt: skip
    if exposure is not None:
        entry = dict(categorical.pop(exposure))
        cb["exposure"] = entry
        result.note("exposure", f"Its categories are ordered {orders[exposure]}: put them in "
                                "their natural order, lowest first, and give each a 'score' "
                                "(e.g. meetings per year) to add the trend models.")  # fmt: skip
    else:
        result.note(
            "exposure",
            "No exposure was found: name the column with --exposure (an "
            "ordered categorical such as meeting or contact frequency).",
        )
    covariates = [*categorical.values(), *({"column": n, "type": "numeric"} for n in numeric)]
    if covariates:
        cb["covariates"] = covariates
        for name, how in orders.items():
            if name in categorical:
                result.note("covariates", f"'{name}': categories ordered {how}.")
        if categorical:
            result.note(
                "covariates",
                "To check that each scale measures the same in every "
                f"group, add: 'groups: [{next(iter(categorical))}]'.",
            )
    _check_answers(result, columns, items, lo, hi)
    return result


def _check_answers(result: Draft, columns, items, lo: int, hi: int) -> None:
    odd = [i for i in sorted(items) if any(not lo <= n <= hi for n in columns[i].numbers
                                            if n < 9)]  # fmt: skip
    if odd:
        result.note("items", f"Items with answers outside {lo}..{hi}: {', '.join(odd)}.")


def _response_labels(items: list[_Column], lo: int, hi: int) -> dict[int, dict[str, str]]:
    """The answers' labels when every labelled item labels them the same way."""
    labelled = [c.labels for c in items if c.labels]
    if not labelled or any(lab != labelled[0] for lab in labelled):
        return {}
    return {int(float(k)): {"nl": str(v), "en": str(v)} for k, v in labelled[0].items()
            if float(k).is_integer() and lo <= float(k) <= hi}  # fmt: skip


def _default_draft(default, columns: dict[str, _Column]) -> Draft:
    """The default codebook, for a file with its item columns (the same instrument)."""
    raw = yaml.safe_load(default.to_yaml())
    result = Draft(raw)
    result.note("study", "The file has the item columns of trustlab's default codebook: the "
                         "draft is that codebook. Check that it is your instrument.")  # fmt: skip
    missing_numbers, missing_texts = set(), {}
    for item in default.item_columns:
        column = columns[item]
        missing_numbers |= {n for n in column.numbers if not 1 <= n <= 5}
        missing_texts.update({normalise_label(t): t for t in column.texts})
    known = {n for group in raw.get("missing_codes", []) for n in group["codes"]}
    extra = [int(n) if n.is_integer() else n for n in sorted(missing_numbers) if n not in known]
    extra += [t for key, t in sorted(missing_texts.items())
              if key not in {normalise_label(str(k)) for k in known}]  # fmt: skip
    if extra:
        raw.setdefault("missing_codes", [{"columns": "items", "codes": []}])
        raw["missing_codes"][0]["codes"] += extra
    return result


def draft_codebook(path: str | Path, **roles: Any) -> dict[str, Any]:
    """Draft a codebook (as a dict ready for YAML) from the columns and values of a data file.

    Parameters
    ----------
    path : str or path-like
        Any file :func:`trustlab.read_survey` reads.
    **roles
        ``exposure``, ``cluster``, ``id``: the columns that play these roles (proposed by the
        draft when not given); ``sheet`` for an Excel file.

    Returns
    -------
    dict
        A codebook that :func:`trustlab.load_codebook` accepts; check and edit it.
    """
    return draft(path, **roles).codebook


_ORDER = ("study", "id", "cluster", "response_scale", "missing_codes", "items", "scales", "high",
          "dimensions", "exposure", "meeting_frequency", "covariates", "groups")  # fmt: skip


def draft_codebook_yaml(path: str | Path, **roles: Any) -> str:
    """:func:`draft_codebook` as YAML text, with comments that say what to check."""
    result = draft(path, **roles)
    lines = [
        f"# Codebook drafted by `trustlab codebook init` from {Path(path).name}.",
        "# A draft, not a verdict: read every comment and check every line.",
        "",
    ]
    keys = [k for k in _ORDER if k in result.codebook]
    keys += [k for k in result.codebook if k not in keys]
    for key in keys:
        for note in result.notes.get(key, []):
            lines += [f"# {line}" for line in _wrap(note)]
        text = yaml.safe_dump({key: result.codebook[key]}, allow_unicode=True, sort_keys=False,
                              width=100)  # fmt: skip
        lines += [text.rstrip("\n"), ""]
    for key in ("exposure", "dimensions", "cluster"):
        if key not in result.codebook:
            lines += [f"# {line}" for note in result.notes.get(key, []) for line in _wrap(note)]
    return "\n".join(lines).rstrip("\n") + "\n"


def _wrap(text: str, width: int = 96) -> list[str]:
    return textwrap.wrap(text, width) or [""]
