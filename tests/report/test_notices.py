"""Warnings once each, in words: the terminal and the report show every distinct warning once,
without the step's internal name (``trend log trust``); ``results.json`` keeps every notice with
its step."""

from __future__ import annotations

import io
import re
from functools import cache

import pytest
from rich.console import Console

import trustlab
from trustlab.report.json_export import analysis_to_dict
from trustlab.report.notices import notice_text, notice_texts
from trustlab.report.save import report_files
from trustlab.report.terminal_analysis import print_analysis
from trustlab.simulation.sample import simulate_survey

FEW = "Only 15 clusters: standard errors that allow for clustering are unreliable with fewer"
STEP = re.compile(r"\b(ols|logit|trend log|broken stick|adjacent contrasts) (trust|distrust)\b")


@cache
def few_clusters():
    """70 respondents in 15 networks: every cluster-robust step warns."""
    return trustlab.analyse(simulate_survey(70, n_networks=15), n_boot=0)


def test_the_analysis_keeps_every_notice_with_its_step():
    steps = [n["step"] for n in analysis_to_dict(few_clusters())["notices"]]
    assert "ols trust" in steps and "logit distrust" in steps and "trend log trust" in steps


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_terminal_says_each_warning_once_in_words(lang):
    out = Console(file=io.StringIO(), width=400)
    print_analysis(few_clusters(), out, lang=lang)
    text = out.file.getvalue()
    few = FEW if lang == "en" else "Slechts 15 clusters: standaardfouten die rekening houden"
    assert text.count(few) == 1
    assert "SEs" not in text and not STEP.search(text)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_report_says_each_warning_once(lang):
    files = report_files(few_clusters(), lang=lang, figures=False)
    markdown = files["report.md"].decode("utf-8")
    few = FEW if lang == "en" else "Slechts 15 clusters: standaardfouten die rekening houden"
    assert markdown.count(few) == 1


def test_variants_of_one_warning_are_one():
    linear = "Only 4 clusters: cluster-robust SEs are unreliable with fewer than 20; read the " \
        "p-values with caution."  # fmt: skip
    logistic = "Only 4 clusters: cluster-robust SEs are unreliable with fewer than 20."
    assert notice_texts([linear, logistic, linear], "nl") == [
        "Slechts 4 clusters: standaardfouten die rekening houden met clusters zijn onbetrouwbaar "
        "met minder dan 20; lees de p-waarden met voorzichtigheid."
    ]


def test_a_step_not_computed_says_why_in_the_language():
    message = "not computed: Only 3 groups: the between-group variance is poorly estimated."
    assert notice_text(message, "nl") == (
        "niet berekend: Slechts 3 groepen: de variantie tussen groepen is slecht geschat."
    )
    unknown = "A message trustlab has no words for."
    assert notice_text(unknown, "nl") == unknown
