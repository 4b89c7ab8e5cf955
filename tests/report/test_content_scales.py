"""The scales' section: the scatter's caption says when the figure shows a random sample."""

from __future__ import annotations

from functools import cache

import trustlab
from trustlab.report import content_scales
from trustlab.report.content import build_sections


@cache
def sample():
    return trustlab.analyse(trustlab.load_sample(), n_boot=0)


def _captions(lang: str) -> list[str]:
    return [c for s in build_sections(sample(), lang=lang) for _, c in s.figures]


def test_the_scatter_caption_says_it_shows_a_sample_when_it_does(monkeypatch):
    scores = sample().scores
    n = int((scores["trust"].notna() & scores["distrust"].notna()).sum())
    assert "Trust and Distrust per Respondent" in _captions("en")
    monkeypatch.setattr(content_scales, "MAX_POINTS", n - 1)
    assert f"Trust and Distrust per Respondent: a Random Sample of {n - 1} of {n}" in _captions(
        "en"
    )
    assert (
        f"Vertrouwen en wantrouwen per respondent: een willekeurige steekproef van {n - 1} van {n}"
        in _captions("nl")
    )
