"""Writing a figure as PNG (300 dpi) and SVG, byte for byte the same for the same figure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib as mpl

from trustlab.errors import TrustlabError
from trustlab.plots._style import RC

__all__ = ["save_figure"]

_FORMATS = ("png", "svg")


def save_figure(
    fig: Any, path_stem: str | Path, *, formats: tuple[str, ...] = _FORMATS, dpi: int = 300
) -> list[Path]:
    """Save a figure as ``<path_stem>.png`` (300 dpi) and ``<path_stem>.svg``.

    The files are deterministic: the SVG gets a fixed hash salt (``svg.hashsalt``) for its
    element ids and no creation date, the PNG no software or date stamp, so saving the same
    figure twice writes the same bytes (and regenerated figures show no spurious changes under
    version control). Missing parent folders are created.

    Parameters
    ----------
    fig : matplotlib Figure or Axes
        The figure (an Axes stands for its figure).
    path_stem : str or path-like
        The path without extension (``figures/high_trust``); an extension is replaced.
    formats : tuple of str, default ("png", "svg")
    dpi : int, default 300
        Resolution of the PNG.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``formats``.
    """

    figure = getattr(fig, "figure", None) if not hasattr(fig, "savefig") else fig
    if figure is None or not hasattr(figure, "savefig"):
        raise TrustlabError(f"save_figure() takes a matplotlib Figure or Axes, got {type(fig)}.")
    unknown = [f for f in formats if f not in _FORMATS]
    if unknown:
        raise TrustlabError(f"Unknown figure format {unknown[0]!r}; use 'png' or 'svg'.")
    stem = Path(path_stem)
    stem = stem.with_suffix("") if stem.suffix.lower() in (".png", ".svg") else stem
    stem.parent.mkdir(parents=True, exist_ok=True)
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": "trustlab"},
    }
    written = []
    with mpl.rc_context({"svg.hashsalt": RC["svg.hashsalt"], "svg.fonttype": "path"}):
        for fmt in formats:
            path = stem.parent / f"{stem.name}.{fmt}"
            figure.savefig(
                path,
                format=fmt,
                dpi=dpi,
                bbox_inches="tight",
                facecolor="white",
                metadata=metadata[fmt],
            )
            written.append(path)
    return written
