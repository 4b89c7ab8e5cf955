"""The JSON Schema of ``results.json``, generated from the result classes themselves.

Every result is a dataclass whose fields have type hints; :func:`results_schema` turns those
hints into JSON Schema (draft 2020-12) the way :meth:`~trustlab.results.ResultMixin.to_dict`
turns the values into JSON: a float is a number or null (NaN and infinities are written as
null), a table a list of records, a nested result an object with its exported fields. The
schema ships as ``trustlab/data/results.schema.json``; the tests check that it is current and
that every file trustlab writes validates against it.

Run ``python -m trustlab.report.json_schema`` to rewrite the shipped file.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from trustlab.analysis import Analysis
from trustlab.report.json_export import SCHEMA_VERSION
from trustlab.results import ResultMixin

__all__ = ["SCHEMA_FILE", "results_schema", "shipped_schema"]

SCHEMA_FILE = "results.schema.json"

_NUMBER = {"type": ["number", "null"]}
_CELL = {"type": ["number", "string", "boolean", "null"]}
_RECORDS = {"type": "array", "items": {"type": "object", "additionalProperties": _CELL}}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if schema == {}:
        return schema
    return {"anyOf": [schema, {"type": "null"}]}


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def of(self, hint: Any) -> dict[str, Any]:
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if hint is Any or hint is object:
            return {}
        if origin in (typing.Union, types.UnionType):
            kinds = [a for a in args if a is not type(None)]
            inner = self.of(kinds[0]) if len(kinds) == 1 else {"anyOf": [self.of(k) for k in kinds]}
            return _nullable(inner) if type(None) in args else inner
        if origin is tuple and args and args[-1] is not Ellipsis:  # a fixed-length tuple
            return {"type": "array", "prefixItems": [self.of(a) for a in args],
                    "minItems": len(args), "maxItems": len(args)}  # fmt: skip
        if origin in (tuple, list, typing.Sequence) or hint in (tuple, list):
            return {"type": "array", "items": self.of(args[0]) if args else {}}
        if origin in (dict, typing.Mapping) or hint is dict:
            value = self.of(args[1]) if args else {}
            return {"type": "object", "additionalProperties": value}
        if hint is float:
            return _NUMBER
        if hint is int:
            return {"type": "integer"}
        if hint is bool:
            return {"type": "boolean"}
        if hint is str:
            return {"type": "string"}
        if hint is pd.DataFrame:
            return _RECORDS
        if hint is pd.Series:
            return {"type": "object", "additionalProperties": _CELL}
        if hint in (np.ndarray, pd.Index):
            return {"type": "array"}
        if dataclasses.is_dataclass(hint):
            return self.dataclass(hint)
        raise TypeError(f"no JSON schema for the type {hint!r}")

    def dataclass(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: a class may (indirectly) hold itself
            hints = typing.get_type_hints(cls)
            private = getattr(cls, "_private", ()) if issubclass(cls, ResultMixin) else ()
            fields = [f.name for f in dataclasses.fields(cls) if f.name not in private]
            self.defs[name] = {
                "type": "object",
                "properties": {f: self.of(hints[f]) for f in fields},
                "required": fields,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}


def results_schema() -> dict[str, Any]:
    """The JSON Schema of the document :func:`trustlab.report.json_export.analysis_to_dict`
    writes."""
    builder = _Builder()
    builder.dataclass(Analysis)
    body = builder.defs["Analysis"]
    protected = {
        "type": "object",
        "properties": {
            "counts": _RECORDS,
            "row_percent": _RECORDS,
            "hidden": _RECORDS,
            "min_cell": {"type": "integer"},
        },
        "required": ["counts", "row_percent", "hidden", "min_cell"],
        "additionalProperties": False,
    }
    dims = builder.defs["DimensionsResult"]["properties"]
    dims["by_exposure"] = _nullable(protected)
    header = {
        "schema_version": {"const": SCHEMA_VERSION},
        "trustlab_version": {"type": "string"},
        "source": {
            "type": "object",
            "properties": {
                "file": {"type": ["string", "null"]},
                "format": {"type": ["string", "null"]},
            },
            "required": ["file", "format"],
            "additionalProperties": False,
        },
        "study": {"type": "string"},
        "n_respondents": {"type": "integer"},
        "n_clusters": {"type": ["integer", "null"]},
        "min_cell": {"type": "integer"},
        "disclosure": {"type": "array", "items": {"type": "string"}},
    }
    properties = {**header, **body["properties"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "trustlab results.json",
        "description": "Every result of trustlab.analyse for one survey (see "
        "trustlab.report.json_export).",
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        "$defs": {k: v for k, v in builder.defs.items() if k != "Analysis"},
    }


def schema_text() -> str:
    """:func:`results_schema` as the shipped file's text."""
    return json.dumps(results_schema(), indent=2, sort_keys=True) + "\n"


def shipped_schema() -> dict[str, Any]:
    """The schema shipped with trustlab (``trustlab/data/results.schema.json``)."""
    ref = resources.files("trustlab") / "data" / SCHEMA_FILE
    return json.loads(ref.read_text(encoding="utf-8"))


if __name__ == "__main__":  # pragma: no cover - the maintainers' command
    target = Path(__file__).resolve().parents[1] / "data" / SCHEMA_FILE
    target.write_text(schema_text(), encoding="utf-8")
    sys.stdout.write(f"wrote {target.name}\n")
