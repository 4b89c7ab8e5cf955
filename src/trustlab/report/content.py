"""What the report says, independent of its format: sections of text, tables and figures.

The HTML and Markdown renderers (:mod:`trustlab.report.html`, :mod:`trustlab.report.markdown`)
draw the same :class:`~trustlab.report.blocks.Section` list, so the two reports cannot drift
apart. Nothing here computes a statistic: the sections read the
:class:`~trustlab.analysis.Analysis` by role (every scale of the plan, the exposure, the
dimensions), never by a scale's or column's name.
"""

from __future__ import annotations

from trustlab.analysis import Analysis
from trustlab.report.blocks import Section, T, apa, p_value
from trustlab.report.content_exposure import exposure_sections
from trustlab.report.content_groups import group_sections
from trustlab.report.content_inference import inference_sections
from trustlab.report.content_scales import methods_section, scale_sections
from trustlab.report.glossary import glossary_section
from trustlab.report.notices import notice_texts

__all__ = ["apa", "build_sections", "p_value"]


def build_sections(analysis: Analysis, *, lang: str = "en", min_cell: int = 5) -> list[Section]:
    """The report's sections for ``analysis`` in ``lang``."""
    sections = scale_sections(analysis, lang)
    sections += group_sections(analysis, lang, min_cell)
    sections += exposure_sections(analysis, lang, min_cell)
    sections += inference_sections(analysis, lang, min_cell)
    if analysis.notices:
        messages = notice_texts((n.message for n in analysis.notices), lang)
        sections.append(Section(T[lang]["warnings"], paragraphs=messages))
    sections.append(methods_section(analysis, lang))
    sections.append(glossary_section(sections, lang))
    return sections
