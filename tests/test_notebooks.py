"""Every notebook runs top to bottom on a fresh install, and together they make figures/.

The notebooks run once per test session, in a module fixture, and write their figures to a
temporary folder (``TRUSTLAB_FIGURES``), never into the checkout; the tests then check, in any
order, that each notebook ran without an error and that together they make exactly the figures
committed in figures/, each as PNG and SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
sys.path.insert(0, str(ROOT / "tools"))
from run_notebooks import run  # noqa: E402

sys.path.pop(0)


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run every notebook once; return the figures folder and each notebook's error (or None)."""
    figures = tmp_path_factory.mktemp("figures")
    before = _checkout()
    saved = {k: os.environ.get(k) for k in ("TRUSTLAB_FIGURES", "MPLBACKEND")}
    os.environ.update({"TRUSTLAB_FIGURES": str(figures), "MPLBACKEND": "Agg"})
    errors: dict[str, Exception | None] = {}
    try:
        for path in NOTEBOOKS:
            try:
                run(path)
                errors[path.name] = None
            except Exception as exc:  # CellExecutionError names the cell and its traceback
                errors[path.name] = exc
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return figures, errors, (before, _checkout())


def _checkout() -> dict[str, int]:
    """Every file of the checkout (caches and hidden folders aside) with its modification time."""
    files = {}
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
        for name in names:
            path = Path(folder) / name
            files[str(path.relative_to(ROOT))] = path.stat().st_mtime_ns
    return files


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, executed):
    _, errors, _ = executed
    if errors[path.name] is not None:
        raise errors[path.name]


def test_notebooks_make_every_committed_figure(executed):
    figures, _, _ = executed
    made = {p.name for p in figures.iterdir()}
    committed = {p.name for p in (ROOT / "figures").iterdir() if p.suffix in (".png", ".svg")}
    assert made == committed, (
        "figures/ is out of date: run python tools/run_notebooks.py "
        f"(missing: {sorted(made - committed)}, stale: {sorted(committed - made)})"
    )
    stems = {Path(n).stem for n in made}
    assert {f"{s}.png" for s in stems} | {f"{s}.svg" for s in stems} == made


def test_running_the_notebooks_leaves_the_checkout_as_it_was(executed):
    """Figures go where TRUSTLAB_FIGURES points (here a temporary folder), nothing else is
    written: the notebooks, figures/ and every other file keep their bytes and times."""
    _, _, (before, after) = executed
    assert after == before


def test_notebooks_use_the_command_lines_bootstrap():
    """The notebooks' omega CIs are the report's: the same resamples and seed as the CLI."""
    import inspect
    import json
    import re

    import trustlab
    from trustlab.cli import build_parser

    defaults = build_parser().parse_args(["analyse", "d.csv"])
    analyse = inspect.signature(trustlab.analyse).parameters
    assert (analyse["n_boot"].default, analyse["seed"].default) == (defaults.boot, defaults.seed)
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        assert {int(n) for n in re.findall(r"n_boot=(\d+)", code)} <= {defaults.boot}, path.name
        for call in re.findall(r"trustlab\.(?:analyse|omega)\((?:[^()]|\([^()]*\))*\)", code):
            seed = re.search(r"seed=(\d+)", call)
            assert seed is None or int(seed.group(1)) == defaults.seed, (path.name, call)
