"""The report's figures, drawn with :mod:`trustlab.plots` and rendered to PNG and SVG bytes."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trustlab.analysis import Analysis

__all__ = ["report_figures"]


def _render(draw: Callable[[Any], Any], figsize: tuple[float, float]) -> tuple[bytes, bytes]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"svg.hashsalt": "trustlab", "svg.fonttype": "none"}):
        fig, ax = plt.subplots(figsize=figsize)
        try:
            draw(ax)
            png, svg = io.BytesIO(), io.BytesIO()
            kwargs = {"bbox_inches": "tight", "pad_inches": 0.15}  # legends outside the axes
            fig.savefig(png, format="png", dpi=150, metadata={"Software": None}, **kwargs)
            fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None}, **kwargs)
        finally:
            plt.close(fig)
    return png.getvalue(), svg.getvalue()


def report_figures(analysis: Analysis, *, lang: str = "en") -> dict[str, tuple[bytes, bytes]]:
    """Every figure of the report as ``{name: (png, svg)}``; a figure that cannot be drawn
    on these data is left out (the report then says what it can without it)."""
    from trustlab import plots

    survey = analysis.survey
    cb = survey.codebook
    study = analysis.study
    specs: dict[str, tuple[Callable[[Any], Any], tuple[float, float]]] = {
        "likert": (lambda ax: plots.likert_bars(survey, ax=ax, lang=lang), (9, 6)),
        "item_correlations": (lambda ax: plots.item_correlations(survey, ax=ax, lang=lang),
                              (7.5, 6.5)),
        "trust_distrust": (lambda ax: plots.trust_distrust_scatter(survey, ax=ax, lang=lang),
                           (7, 6)),
    }  # fmt: skip
    if study is not None and cb.meeting_frequency is not None:
        specs["meeting_frequency"] = (
            lambda ax: plots.meeting_frequency(study.meeting_frequency, ax=ax, lang=lang,
                                               codebook=cb), (7, 4.5))  # fmt: skip
        specs["high_trust_by_frequency"] = (
            lambda ax: plots.high_trust_by_frequency(survey, ax=ax, lang=lang),
            (7, 4.5),
        )
        specs["scale_means_by_frequency"] = (
            lambda ax: plots.scale_means_by_frequency(survey, ax=ax, lang=lang),
            (7, 4.5),
        )
        models = [study.models.get(k) for k in ("ols_trust", "mixed_trust")]
        models = {k: m for k, m in zip(("OLS", "mixed"), models, strict=True) if m is not None}
        if models:
            specs["coefficients"] = (
                lambda ax: plots.coefficients(models, ax=ax, lang=lang, codebook=cb),
                (8, 6),
            )
        logit = study.models.get("logit_high_trust")
        if logit is not None and getattr(logit, "predicted", None) is not None:
            specs["predicted_high_trust"] = (
                lambda ax: plots.predicted_high_trust(logit, ax=ax, lang=lang, codebook=cb),
                (7, 4.5))  # fmt: skip
    from trustlab.errors import TrustlabError

    out = {}
    for name, (draw, size) in specs.items():
        try:
            out[name] = _render(draw, size)
        except TrustlabError:
            continue
    return out
