"""One language all the way: every catalogue key in both languages; the Dutch outputs of
``analyse`` on the sample without English sentences, the English ones without Dutch (outside
data labels), and no internal term name (``variable[level]``) anywhere a person reads."""

from __future__ import annotations

import io
import re
from functools import cache

import docx
import pytest
from rich.console import Console

import trustlab
from trustlab.cli import main
from trustlab.report.captions import ALT, CAPTIONS
from trustlab.report.glossary import GLOSSARY
from trustlab.report.meaning import MEANING
from trustlab.report.notices import notice_text
from trustlab.report.save import report_files
from trustlab.report.words import COLUMNS, WORDS

CATALOGUES = {"words": WORDS, "columns": COLUMNS, "captions": CAPTIONS, "alt": ALT,
              "meaning": MEANING, "glossary": GLOSSARY}  # fmt: skip
INTERNAL = re.compile(r"\b\w+\[[^\]\s][^\]]*\]")  # meeting_frequency[1-2 keer per jaar]

# Words that only occur in one language's sentences (function words, not data labels).
ENGLISH = re.compile(
    r"\b(the|and|with|from|between|are|every|because|which|than|high|mean|missing|answers?|"
    r"not|only|none|row|to|were|was)\b"
)
DUTCH = re.compile(r"\b(het|een|van|met|tussen|elke|omdat|tegenover|voor|niet|zijn|ligt)\b")


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_every_key_has_both_languages(name):
    for key, entry in CATALOGUES[name].items():
        assert set(entry) == {"nl", "en"}, (name, key)
        assert all(entry[lang] for lang in ("nl", "en")), (name, key)


def test_fields_are_the_same_in_both_languages():
    for key, entry in WORDS.items():
        fields = [sorted(re.findall(r"\{(\w+)\}", entry[lang])) for lang in ("nl", "en")]
        assert fields[0] == fields[1], key


def test_warnings_are_translated_by_pattern():
    message = ("5 of 16 expected counts are below 5, so the chi-square approximation may be "
               "poor; the Monte Carlo p-value (2000 tables) is the one to report.")  # fmt: skip
    assert notice_text(message, "nl").startswith("5 van de 16 verwachte aantallen")
    assert notice_text(message, "en") == message


@cache
def analysis():
    return trustlab.analyse(trustlab.load_sample(), n_boot=20)


def _data_labels(lang: str) -> list[str]:
    """Texts from the user's codebook and data: study, items, labels (may be in any language)."""
    a = analysis()
    cb = a.survey.codebook
    texts = [cb.study, a.survey.source.path]
    texts += [i.text.get(lang) for i in cb.items]
    for variable in cb.variables():
        texts.append(variable.label.get(lang))
        texts += [c.get(lang) for c in getattr(variable, "categories", ())]
    return sorted((t for t in texts if t), key=len, reverse=True)


def _readable(files: dict[str, bytes]) -> dict[str, str]:
    out = {}
    for name in ("report.html", "report.md"):
        text = files[name].decode("utf-8")
        out[name] = re.sub(r"<[^>]+>", " ", re.sub(r"base64,[^\"]+", "", text))
    document = docx.Document(io.BytesIO(files["report.docx"]))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    out["report.docx"] = "\n".join([p.text for p in document.paragraphs] + cells)
    for name, data in files.items():
        if name.endswith(".csv"):
            out[name] = data.decode("utf-8-sig")
    return out


@pytest.mark.parametrize(("lang", "other"), [("nl", ENGLISH), ("en", DUTCH)])
def test_outputs_speak_one_language(lang, other):
    files = report_files(analysis(), lang=lang, figures=False)
    labels = _data_labels(lang)
    for name, text in _readable(files).items():
        assert not INTERNAL.search(text), (name, INTERNAL.search(text))
        for label in labels:  # data labels may be in any language
            text = text.replace(label, " ")
        found = other.findall(text)
        assert not found, (name, found[:10])


@pytest.mark.parametrize(("lang", "other"), [("nl", ENGLISH), ("en", DUTCH)])
def test_terminal_speaks_one_language(lang, other, monkeypatch, tmp_path, capsys):
    """``analyse --lang`` on the sample: the terminal's words and numbers in one language."""
    result = analysis()
    monkeypatch.setattr("trustlab.analysis.analyse", lambda *args, **kwargs: result)
    monkeypatch.setattr("trustlab.report.save.write_report", lambda *args, **kwargs: ["x"])
    monkeypatch.setattr(  # wide enough that no label is wrapped over two lines
        "trustlab.report.terminal.console", lambda: Console(highlight=False, width=400)
    )
    out = tmp_path / "out"
    assert main(["analyse", str(trustlab.sample_path()), "--lang", lang, "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert not INTERNAL.search(text), INTERNAL.search(text)
    for label in _data_labels(lang):
        text = text.replace(label, " ")
    assert not other.findall(text), other.findall(text)[:10]
    decimal = {"nl": "0,88 [0,85; 0,90]", "en": ".88 [.85, .90]"}[lang]  # alpha of trust
    assert decimal in text
    assert ("Rapport geschreven naar" if lang == "nl" else "Report written to") in text


@pytest.mark.parametrize(("lang", "other"), [("nl", ENGLISH), ("en", DUTCH)])
def test_figures_speak_one_language(lang, other):
    """Titles, axes, legends, notes and tick numbers of every report figure (their SVG text)."""
    from trustlab.report.figures import report_figures

    labels = _data_labels(lang)
    for name, (_, svg) in report_figures(analysis(), lang=lang, svg=True).items():
        texts = re.findall(r"<text[^>]*>(.*?)</text>", svg.decode("utf-8"), re.S)
        assert texts, name
        text = "\n".join(texts)
        assert not INTERNAL.search(text), (name, INTERNAL.search(text))
        for label in labels:
            text = text.replace(label, " ")
        assert not other.findall(text), (name, other.findall(text)[:10])
        if lang == "nl":  # decimal commas: 0,25 and 1,5 on the axes, 0,57 in the cells
            assert not re.search(r"\d\.\d", text), (name, re.findall(r"\S*\d\.\d\S*", text))
