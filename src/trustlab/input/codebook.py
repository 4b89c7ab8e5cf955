"""Loading a codebook: from a YAML file, from nested dicts and lists, or trustlab's default.

A codebook is a YAML file (read with a safe loader) that declares the study, the Likert items and
their response range, the scales they form, the missing-value codes, the exposure categories, the
cluster (network) variable and the covariates. trustlab ships a default codebook for the study's
illustrative instrument (:func:`default_codebook`); ``python -m trustlab codebook show`` prints it
and ``python -m trustlab codebook init data.csv`` drafts one from a data file.

The codebook is checked strictly when it is loaded (:mod:`trustlab.input.codebook_parse`): an
unknown key, a scale naming an item that is not declared, an inconsistent response range or a
missing code inside the response range is a :class:`~trustlab.errors.CodebookError` that names
the key and the file. The data model is in :mod:`trustlab.input.schema`.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from trustlab.input.codebook_parse import parse_codebook
from trustlab.input.codebook_yaml import load_yaml, read_codebook_text
from trustlab.input.schema import (
    CategoricalVariable,
    Category,
    Codebook,
    HighRule,
    Item,
    MissingCodes,
    NumericVariable,
    ResponseScale,
    Scale,
    Text,
)

__all__ = [
    "CategoricalVariable",
    "Category",
    "Codebook",
    "HighRule",
    "Item",
    "MissingCodes",
    "NumericVariable",
    "ResponseScale",
    "Scale",
    "Text",
    "codebook_from_dict",
    "default_codebook",
    "load_codebook",
]


def codebook_from_dict(data: Any, *, source: str | None = None) -> Codebook:
    """Validate a codebook given as nested dicts and lists (as YAML loads it)."""
    return Codebook(**parse_codebook(data, source=source), raw=data, source=source)


def load_codebook(path: str | Path | Mapping[str, Any]) -> Codebook:
    """Read and validate a YAML codebook (or a codebook given as nested dicts and lists).

    Parameters
    ----------
    path : str, path-like or mapping
        The codebook file, or its content as YAML loads it (a dict of dicts and lists).

    Returns
    -------
    Codebook

    Raises
    ------
    CodebookError
        When the file is missing, not YAML, or not a valid codebook; the message names the file
        and the offending key. The YAML is read with a safe loader within stated limits (file
        size, nesting, aliases, no duplicate keys: :mod:`trustlab.input.codebook_yaml`).

    Examples
    --------
    >>> import trustlab
    >>> cb = trustlab.default_codebook()
    >>> cb.scales["trust"].items
    ('T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7')
    >>> cb.scales["trust"].min_valid
    4
    """
    if isinstance(path, Mapping):
        return codebook_from_dict(path)
    name = str(path)
    data = load_yaml(read_codebook_text(path, name), name)
    return codebook_from_dict(data, source=name)


def default_codebook() -> Codebook:
    """The codebook of the study's illustrative instrument, shipped with trustlab.

    Columns ``respondent_id, network_id, role, org_type, years_in_network, meeting_frequency,
    T1..T7, D1..D4``; items 1..5 with T7 and D4 reverse-keyed; missing codes 9, 99, "weet niet",
    "geen antwoord" and "n.v.t." for the items only.
    """
    ref = resources.files("trustlab") / "data" / "codebook.yaml"
    with resources.as_file(ref) as path:
        return load_codebook(path)
