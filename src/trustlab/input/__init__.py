"""Reading survey files through a codebook: formats, cells, labels, validation, data quality.

:func:`read_survey` is the entry point; :func:`load_codebook` and :func:`default_codebook` give
the codebook that describes the file's columns, :func:`draft_codebook` drafts one from a file.
"""

from __future__ import annotations

from trustlab.input.codebook import codebook_from_dict, default_codebook, load_codebook
from trustlab.input.draft import draft_codebook, draft_codebook_yaml
from trustlab.input.quality import QualityReport, straight_liners
from trustlab.input.read import FORMATS, inspect_survey, read_survey, read_table
from trustlab.input.schema import Codebook
from trustlab.input.source import Source
from trustlab.input.survey import Survey

__all__ = [
    "FORMATS",
    "Codebook",
    "QualityReport",
    "Source",
    "Survey",
    "codebook_from_dict",
    "default_codebook",
    "draft_codebook",
    "draft_codebook_yaml",
    "inspect_survey",
    "load_codebook",
    "read_survey",
    "read_table",
    "straight_liners",
]
