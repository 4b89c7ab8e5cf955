"""Every notebook runs top to bottom on a fresh install, and together they make figures/.

The notebooks write their figures to a temporary folder here (``TRUSTLAB_FIGURES``); the test
checks that they make exactly the figures committed in figures/, each as PNG and SVG.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
sys.path.insert(0, str(ROOT / "tools"))
from run_notebooks import run  # noqa: E402

sys.path.pop(0)


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    return tmp_path_factory.mktemp("figures")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, figures, monkeypatch):
    monkeypatch.setenv("TRUSTLAB_FIGURES", str(figures))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    run(path)  # raises CellExecutionError, with the cell and traceback, on any error


def test_notebooks_make_every_committed_figure(figures):
    made = {p.name for p in figures.iterdir()}
    committed = {p.name for p in (ROOT / "figures").iterdir() if p.suffix in (".png", ".svg")}
    assert made == committed, (
        "figures/ is out of date: run python tools/run_notebooks.py "
        f"(missing: {sorted(made - committed)}, stale: {sorted(committed - made)})"
    )
    stems = {Path(n).stem for n in made}
    assert {f"{s}.png" for s in stems} | {f"{s}.svg" for s in stems} == made
