"""Drafting a codebook from a data file, for the researcher to check and edit.

``python -m trustlab codebook init data.csv`` calls :func:`draft_codebook`. The draft guesses
from the columns and their values: Likert items are whole-number columns with a small range,
values far above that range (9, 99) and texts in item columns become missing codes, text columns
with few values become categorical covariates, and a column whose labels match the default
meeting-frequency categories becomes the meeting-frequency variable. Columns with the default
codebook's names keep the default's wording, scales and reverse keys. Reverse keys cannot be
guessed from data (trustlab never infers them): the draft says so, and the researcher sets them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from trustlab.input.cells import is_blank, number_from_text
from trustlab.input.codebook import default_codebook
from trustlab.input.labels import normalise_label
from trustlab.input.read import read_table

__all__ = ["draft_codebook", "draft_codebook_yaml"]

_ID_NAMES = {"respondent_id", "respondent", "id", "resp_id", "respondentnummer", "respnr", "case"}
_CLUSTER_HINTS = ("network", "netwerk", "cluster", "groep", "group")


def _numbers(values: list[Any]) -> tuple[list[float], list[str]]:

    numbers, texts = [], []
    for value in values:
        if isinstance(value, str):
            number = number_from_text(value)
            (texts.append(value.strip()) if number is None else numbers.append(number))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            numbers.append(float(value))
    return numbers, texts


def draft_codebook(path: str | Path) -> dict[str, Any]:
    """Draft a codebook (as a dict ready for YAML) from the columns and values of a data file.

    Parameters
    ----------
    path : str or path-like
        Any file :func:`trustlab.read_survey` reads.

    Returns
    -------
    dict
        A codebook that :func:`trustlab.load_codebook` accepts; check and edit it.
    """

    table, _ = read_table(path)
    default = default_codebook()
    raw = default.raw
    freq_lookup = default.meeting_frequency.lookup()
    values = {
        str(c): [v for v in table.iloc[:, i].tolist() if not is_blank(v)]
        for i, c in enumerate(table.columns)
    }
    id_column = next((c for c in values if normalise_label(c) in _ID_NAMES), str(table.columns[0]))
    cluster = next((c for c in values if any(h in c.lower() for h in _CLUSTER_HINTS)), None)
    items, covariates, freq = [], [], None
    missing_numbers: set[float] = set()
    missing_texts: dict[str, str] = {}
    ranges = []
    for column, cells in values.items():
        if column in (id_column, cluster) or not column.strip():
            continue
        numbers, texts = _numbers(cells)
        labels = {normalise_label(t) for t in texts}
        if labels and labels <= set(freq_lookup):
            freq = dict(raw["meeting_frequency"], column=column)
            continue
        whole = [n for n in numbers if n.is_integer()]
        small = sorted({n for n in whole if 0 <= n <= 11})
        if (
            numbers
            and len(whole) == len(numbers)
            and len(small) >= 2
            and len(texts) <= len(cells) / 4
        ):
            bulk = [n for n in small if n < 9] or small
            lo, hi = int(min(bulk)), int(max(bulk))
            ranges.append((lo, hi))
            missing_numbers.update(n for n in set(whole) if n > hi)
            missing_texts.update({normalise_label(t): t for t in texts})
            items.append(column)
        elif texts and 2 <= len(set(texts)) <= 20 and not numbers:
            cats = sorted(set(texts), key=lambda t: (-texts.count(t), t))
            covariates.append(
                {
                    "column": column,
                    "type": "categorical",
                    "categories": [{"label": c} for c in cats],
                }
            )
        elif numbers and not texts:
            covariates.append({"column": column, "type": "numeric"})
    lo = min((r[0] for r in ranges), default=1)
    hi = max((r[1] for r in ranges), default=5)
    by_default = {i.column: i for i in default.items}
    item_entries, scales = [], {}
    for column in items:
        known = by_default.get(column)
        scale = known.scale if known else (re.sub(r"[\d_.\s-]+$", "", column) or "scale")
        entry: dict[str, Any] = {"column": column, "scale": scale}
        if known:
            entry["reverse"] = known.reverse
            entry["text"] = {"nl": known.text.nl, "en": known.text.en}
        item_entries.append(entry)
        scales.setdefault(scale, {"items": []})["items"].append(column)
    for covariate in covariates:
        for original in raw.get("covariates", []):
            if original["column"] == covariate["column"]:
                covariate.update(original)
    codebook: dict[str, Any] = {
        "study": {"name": f"Drafted from {Path(path).name}"},
        "id": id_column,
    }
    if cluster:
        codebook["cluster"] = cluster
    codebook["response_scale"] = {"min": lo, "max": hi}
    if (lo, hi) == (1, 5):
        codebook["response_scale"]["labels"] = raw["response_scale"]["labels"]
    codes = [int(n) if n.is_integer() else n for n in sorted(missing_numbers)]
    codes += sorted(missing_texts.values())
    if codes:
        codebook["missing_codes"] = [{"columns": "items", "codes": codes}]
    codebook["items"] = item_entries
    codebook["scales"] = scales
    if freq:
        codebook["meeting_frequency"] = freq
    if covariates:
        codebook["covariates"] = covariates
    return codebook


def draft_codebook_yaml(path: str | Path) -> str:
    """:func:`draft_codebook` as YAML text with a header that says what to check."""

    body = yaml.safe_dump(draft_codebook(path), allow_unicode=True, sort_keys=False, width=100)
    header = (
        f"# Codebook drafted by `trustlab codebook init` from {Path(path).name}.\n"
        "# A draft, not a verdict: check every line. In particular\n"
        "#  - set `reverse: true` on reverse-keyed items (trustlab never guesses keys from data);\n"
        "#  - check the response range and the missing codes;\n"
        "#  - put categories in their natural order (they are listed by frequency).\n"
    )
    return header + body
