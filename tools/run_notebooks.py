"""Run every notebook in notebooks/ top to bottom; they write every figure in figures/.

    python tools/run_notebooks.py            # regenerate figures/ (the committed figures)
    python tools/run_notebooks.py --keep     # also save the executed notebooks with outputs

Needs the test extra (nbclient, ipykernel): ``pip install ".[test]"``. The notebooks write to
``$TRUSTLAB_FIGURES`` when set (the tests use a temporary folder), else to ``../figures``.
"""

from __future__ import annotations

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
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        print(f"{path.name}: {run(path, keep=keep):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
