"""Reading survey files through a codebook: formats, cells, labels, validation, data quality.

:func:`read_survey` is the entry point; :func:`load_codebook` and :func:`default_codebook` give
the codebook that describes the file's columns, :func:`draft_codebook` drafts one from a file.

The names below load their module on first use (like :mod:`trustlab`'s): a module that needs
only the codebook's types (``trustlab.input.schema``) does not load the file readers and the
libraries behind them (pyarrow, pyreadstat, openpyxl).

Examples
--------
>>> from trustlab.input import default_codebook
>>> sorted(default_codebook().scales)
['distrust', 'trust']
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_LAZY = {
    "FORMATS": "trustlab.input.read",
    "Codebook": "trustlab.input.schema",
    "QualityReport": "trustlab.input.quality",
    "Source": "trustlab.input.source",
    "Survey": "trustlab.input.survey",
    "codebook_from_dict": "trustlab.input.codebook",
    "default_codebook": "trustlab.input.codebook",
    "draft_codebook": "trustlab.input.draft",
    "draft_codebook_yaml": "trustlab.input.draft",
    "inspect_survey": "trustlab.input.read",
    "load_codebook": "trustlab.input.codebook",
    "read_survey": "trustlab.input.read",
    "read_table": "trustlab.input.read",
    "straight_liners": "trustlab.input.quality",
}

__all__ = list(_LAZY)

if TYPE_CHECKING:
    from trustlab.input.codebook import codebook_from_dict as codebook_from_dict
    from trustlab.input.codebook import default_codebook as default_codebook
    from trustlab.input.codebook import load_codebook as load_codebook
    from trustlab.input.draft import draft_codebook as draft_codebook
    from trustlab.input.draft import draft_codebook_yaml as draft_codebook_yaml
    from trustlab.input.quality import QualityReport as QualityReport
    from trustlab.input.quality import straight_liners as straight_liners
    from trustlab.input.read import FORMATS as FORMATS
    from trustlab.input.read import inspect_survey as inspect_survey
    from trustlab.input.read import read_survey as read_survey
    from trustlab.input.read import read_table as read_table
    from trustlab.input.schema import Codebook as Codebook
    from trustlab.input.source import Source as Source
    from trustlab.input.survey import Survey as Survey


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'trustlab.input' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
