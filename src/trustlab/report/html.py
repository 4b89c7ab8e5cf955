"""``report.html``: one self-contained file (styles inline, figures embedded), APA-style tables.

Every string that comes from the data or the codebook is escaped, so a value such as
``<script>alert(1)</script>`` shows as text, never as markup. The page loads nothing from the
network and works offline.
"""

from __future__ import annotations

import base64
from html import escape

from trustlab import __version__
from trustlab.analysis import Analysis
from trustlab.report.blocks import Section, T, Table, number_label
from trustlab.report.content import build_sections

__all__ = ["render_html"]

STYLE = """
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem;
     border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
p.sub { color: #555; margin-top: 0; }
div.scroll { overflow-x: auto; max-width: 100%; }
table.apa { border-collapse: collapse; margin: .8rem 0 .3rem; font-size: .92rem; }
table.apa caption { text-align: left; padding-bottom: .4rem; }
p.meaning { background: #eef4fa; border-left: 4px solid #0072b2; padding: .4rem .7rem; }
table.apa thead th { border-top: 2px solid #000; border-bottom: 1px solid #000;
                     padding: .3rem .6rem; text-align: left; font-weight: 600; }
table.apa td { padding: .25rem .6rem; vertical-align: top; }
table.apa td.num, table.apa th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.apa td.num { white-space: nowrap; }  /* a number or an interval never breaks */
table.apa tbody tr:last-child td { border-bottom: 2px solid #000; }
p.note { font-size: .85rem; color: #333; margin-top: .2rem; }
figure { margin: 1.2rem 0; } figure img { max-width: min(100%, 46rem); height: auto; }
figure.wide img { width: 100%; max-width: 100%; }
figcaption { margin-bottom: .4rem; }
@media (max-width: 40rem) { body { margin: 1rem auto; } table.apa { font-size: .8rem; } }
.warning { background: #fff6e0; border-left: 4px solid #e69f00; padding: .4rem .7rem; }
@media (max-width: 40rem) { table.apa { display: block; overflow-x: auto; max-width: 100%; } }
"""


def _is_number(text: str) -> bool:
    """A number, a percentage or an interval (``[0,85; 0,90]``), as the Word report decides."""
    stripped = text.replace("[", "").replace("]", "").replace(",", "").replace("%", "")
    stripped = stripped.replace(";", "")
    stripped = stripped.replace("<", "").replace("–", "").replace("−", "").replace(".", "")
    return stripped.replace("-", "").replace(" ", "").replace("+", "").isdigit() or text == "–"


def _table(table: Table, number: int, lang: str) -> str:
    frame = table.frame
    cells = table.rows()
    # a header sits over its column: right-aligned over numbers, left over text
    numeric = [bool(cells) and all(_is_number(row[j]) for row in cells)
               for j in range(frame.shape[1])]  # fmt: skip
    head = "".join(
        f'<th class="{"num" if i and numeric[i] else ""}">{escape(str(c))}</th>'
        for i, c in enumerate(frame.columns)
    )
    rows = []
    for values in cells:
        cells = "".join(
            f'<td class="{"num" if _is_number(v) else ""}">{escape(v)}</td>' for v in values
        )
        rows.append(f"<tr>{cells}</tr>")
    note = (f'<p class="note"><em>{T[lang]["note"]}</em> {escape(table.note)}</p>'
            if table.note else "")  # fmt: skip
    label = number_label("table", number, lang)
    return (f'<div class="scroll" role="region" tabindex="0" aria-label="{escape(label)}">'
            f'<table class="apa"><caption><strong>{escape(label)}</strong><br>'
            f"<em>{escape(table.title)}</em></caption><thead><tr>{head}</tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table></div>{note}")  # fmt: skip


class _Numbers:
    """Table and figure numbers, counted through the report in order."""

    def __init__(self) -> None:
        self.tables = self.figures = 0


def _figure(
    name: str, caption: str, alt: str, png: bytes, number: int, lang: str,
    narrow: bytes | None = None,
) -> str:  # fmt: skip
    """A numbered figure; ``narrow``: the same chart drawn for phones, shown below 40rem."""
    data = base64.b64encode(png).decode("ascii")
    label = number_label("figure", number, lang)
    words = f"{caption}. {alt}" if alt else caption or name
    wide = ' class="wide"' if name == "likert" else ""  # item labels: the page's full width
    source = "" if narrow is None else (
        '<source media="(max-width: 40rem)" srcset="data:image/png;base64,'
        f'{base64.b64encode(narrow).decode("ascii")}">')  # fmt: skip
    image = f'<img alt="{escape(words)}" src="data:image/png;base64,{data}">'
    return (f'<figure{wide}><figcaption><strong>{escape(label)}</strong><br><em>{escape(caption)}'
            f"</em></figcaption><picture>{source}{image}</picture></figure>")  # fmt: skip


def _section(
    section: Section, figures: dict[str, bytes], numbers: _Numbers, lang: str, *, warning: bool
) -> str:
    parts = [f"<h2>{escape(section.title)}</h2>"]
    if section.summary:
        parts.append(f'<p class="meaning">{escape(section.summary)}</p>')
    css = ' class="warning"' if warning else ""
    parts += [f"<p{css}>{escape(p)}</p>" for p in section.paragraphs]
    for table in section.tables:
        numbers.tables += 1
        parts.append(_table(table, numbers.tables, lang))
    for name, caption in section.figures:
        if name in figures:
            numbers.figures += 1
            narrow = figures.get(f"{name}_compact")
            parts.append(_figure(name, caption, section.alts.get(name, ""), figures[name],
                                 numbers.figures, lang, narrow))  # fmt: skip
    return "\n".join(p for p in parts if p)


def render_html(
    analysis: Analysis, *, lang: str = "en", figures: dict[str, bytes] | None = None,
    min_cell: int = 5, sections: list[Section] | None = None,
) -> str:  # fmt: skip
    """The report as one HTML page. ``figures`` maps figure names to PNG bytes."""
    if sections is None:
        sections = build_sections(analysis, lang=lang, min_cell=min_cell)
    study = analysis.survey.codebook.study
    numbers = _Numbers()
    body = "\n".join(
        _section(s, figures or {}, numbers, lang, warning=s.title == T[lang]["warnings"])
        for s in sections
    )
    title = T[lang]["report"]
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}: {escape(study)}</title><style>{STYLE}</style></head><body>"
        f'<h1>{escape(study)}</h1><p class="sub">{escape(title)}, trustlab {escape(__version__)}'
        f"</p>\n{body}\n</body></html>\n"
    )
