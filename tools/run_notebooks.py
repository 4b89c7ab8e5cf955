"""Run every notebook in notebooks/ top to bottom and regenerate the figures in figures/.

    python tools/run_notebooks.py            # regenerate figures/ (the committed figures)
    python tools/run_notebooks.py --keep     # also save the executed notebooks with outputs

Needs the test extra (nbclient, ipykernel): ``pip install ".[test]"``. The notebooks write their
figures only where ``$TRUSTLAB_FIGURES`` points: this script sets it to the repository's
``figures/``, the tests to a temporary folder; run in Jupyter they write nothing.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(path: Path, *, keep: bool = False) -> float:
    """Execute one notebook in its folder; return the seconds it took."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(notebook, timeout=900, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})  # fmt: skip
    client.execute()
    if keep:
        nbformat.write(notebook, path)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    keep = "--keep" in argv
    os.environ["TRUSTLAB_FIGURES"] = str(ROOT / "figures")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        print(f"{path.name}: {run(path, keep=keep):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
