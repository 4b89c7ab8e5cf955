"""The report's PNG figures: drawn once, cut to the tight box of what was drawn with PAD around
it; whatever reaches beyond the canvas's margins is rendered the usual way, never cut off."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
from matplotlib.image import imread
from PIL import Image

import trustlab
from trustlab.errors import TrustlabError
from trustlab.report import figures
from trustlab.report.figures import DPI, PAD, render_figure, report_figures

PAD_PX = round(PAD * DPI)


def _pixels(png: bytes) -> np.ndarray:
    return imread(io.BytesIO(png), format="png")


def _ink(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ink = np.any(image[..., :3] < 1.0, axis=2)
    return np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))


def _bars(ax):
    ax.barh(["a long label for an item", "b"], [3, 5])
    ax.set_title("Title")
    ax.legend(["answers"], loc="upper left", bbox_to_anchor=(1.02, 1.0))  # beside the axes


def test_the_png_is_what_was_drawn_with_pad_around_it():
    png, svg = render_figure((_bars, (4.0, 3.0)))
    assert svg is None
    image = _pixels(png)
    rows, cols = _ink(image)
    height, width = image.shape[:2]
    # PAD of background on every side (the legend beside the axes and the long label are
    # inside), plus what a text's box holds beyond its letters: the tick numbers at the bottom
    # have no descenders, but their box keeps room for them (6 pixels here)
    gaps = (rows[0], cols[0], height - 1 - rows[-1], width - 1 - cols[-1])
    assert all(PAD_PX - 1 <= gap <= PAD_PX + 7 for gap in gaps), gaps


def test_the_same_figure_gives_the_same_bytes():
    assert render_figure((_bars, (4.0, 3.0))) == render_figure((_bars, (4.0, 3.0)))


def test_svg_on_request():
    png, svg = render_figure((_bars, (4.0, 3.0)), svg=True)
    assert png == render_figure((_bars, (4.0, 3.0)))[0]
    assert svg.startswith(b"<?xml") and b"Title" in svg


def test_a_figure_drawn_beyond_the_margins_is_rendered_the_usual_way(monkeypatch):
    def far(ax):
        ax.plot([0, 1], [0, 1])
        ax.text(-4.0, 0.5, "far to the left", transform=ax.transAxes)  # 12 inches out

    calls = []
    original = figures.Figure.savefig

    def spy(self, *args, **kwargs):
        calls.append(kwargs)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(figures.Figure, "savefig", spy)
    image = _pixels(render_figure((far, (3.0, 2.0)))[0])
    assert len(calls) == 1 and calls[0]["format"] == "png"  # the usual two passes
    _, cols = _ink(image)
    assert image.shape[1] > 9 * DPI  # the far text is in the picture
    assert cols[0] <= PAD_PX + 4


def test_a_figure_that_cannot_be_drawn_is_left_out():
    def refuse(ax):
        raise TrustlabError("not on these data")

    assert render_figure((refuse, (3.0, 2.0))) is None


def test_wider_margins_change_nothing_but_the_work(monkeypatch):
    reference = render_figure((_bars, (4.0, 3.0)))[0]
    monkeypatch.setattr(figures, "MARGINS", (6.0, 2.0, 2.0, 2.0))
    assert render_figure((_bars, (4.0, 3.0)))[0] == reference


def test_narrow_margins_fall_back_to_the_same_picture(monkeypatch):
    reference = _pixels(render_figure((_bars, (4.0, 3.0)))[0])
    monkeypatch.setattr(figures, "MARGINS", (0.2, 0.2, 0.2, 0.2))  # the legend sticks out
    image = _pixels(render_figure((_bars, (4.0, 3.0)))[0])
    assert abs(image.shape[0] - reference.shape[0]) <= 2
    assert abs(image.shape[1] - reference.shape[1]) <= 2


def test_the_report_figures_are_drawn_without_pyplot():
    # pyplot loads only for a figure of the caller's own (plots' axes_for): 0.06 s in each of
    # the command's processes
    code = (
        "import sys, trustlab\n"
        "from trustlab.report.figure_worker import draw_figures\n"
        "analysis = trustlab.analyse(trustlab.load_sample(), n_boot=0, progress=False)\n"
        "drawn = draw_figures(analysis, 'nl', False)\n"
        "print(len(drawn), 'matplotlib.pyplot' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["12", "False"]


def test_the_title_is_where_matplotlib_would_place_it(monkeypatch):
    # figures._RC fixes the title's place (axes.titley) instead of matplotlib's automatic one,
    # which measures the axes' labels: the same pixels for every figure of the report
    analysis = trustlab.analyse(trustlab.load_sample(), n_boot=0)
    fixed = report_figures(analysis, lang="en")
    monkeypatch.setattr(figures, "_RC", {k: v for k, v in figures._RC.items()
                                         if k != "axes.titley"})  # fmt: skip
    automatic = report_figures(analysis, lang="en")
    assert list(fixed) == list(automatic) and len(fixed) == 12
    for name in fixed:
        assert fixed[name][0] == automatic[name][0], name


def test_every_report_figure_is_opaque_and_a_transparent_one_keeps_its_alpha():
    # _png tells png_bytes the figure is opaque when its background is: every pixel then is
    drawn = report_figures(trustlab.analyse(trustlab.load_sample(), n_boot=0), lang="en")
    assert {Image.open(io.BytesIO(png)).mode for png, _ in drawn.values()} == {"RGB"}

    def see_through(ax):
        ax.figure.patch.set_alpha(0.0)
        _bars(ax)

    png, _ = render_figure((see_through, (4.0, 3.0)))
    image = Image.open(io.BytesIO(png))
    assert image.mode == "RGBA" and np.asarray(image)[..., 3].min() == 0
