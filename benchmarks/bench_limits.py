"""How fast trustlab refuses (or reads) the hostile inputs of docs/limits.md (a script, not a test).

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_limits.py [--repeat 3]

Each case is built in a temporary folder (never the repository) and timed from the call to its
result or refusal; the figure is the median of ``--repeat`` runs after one warm-up. The cases
are those that took minutes or gigabytes before the limits: a billion-laughs codebook (62 s,
9 GB), a response range of 1..1e7 (84 s), an Excel sheet with one cell at XFD1048576 (30 s,
5 GB), a sheet of millions of rows (315 s), Cronbach's alpha on 10,000 items (248 s); and the
inputs that must still work: a 5,000-column CSV, a 140 KB comment, 2,000 items.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import trustlab  # noqa: E402
from trustlab.errors import TrustlabError  # noqa: E402


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, str]:
    """Median seconds of ``repeat`` runs after a warm-up, and what the last run gave."""
    outcome = _run(fn)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        outcome = _run(fn)
        times.append(time.perf_counter() - start)
    return statistics.median(times), outcome


def _run(fn: Callable[[], object]) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fn()
            return "works"
        except TrustlabError as exc:
            return f"refused: {str(exc).split(': ', 1)[-1][:70]}..."


def cases(folder: Path) -> dict[str, Callable[[], object]]:
    import openpyxl
    import yaml

    sample = pd.read_csv(trustlab.sample_path())
    raw = trustlab.default_codebook().raw
    text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)

    laughs = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    laughs += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (folder / "laughs.yaml").write_text("\n".join(laughs) + "\n" + text)
    (folder / "range.yaml").write_text(text.replace("  max: 5\n", "  max: 10000000\n", 1))
    (folder / "deep.yaml").write_text("study: " + "[" * 100_000 + "]" * 100_000)

    wide = pd.concat(
        [sample, pd.DataFrame(np.ones((len(sample), 5000), int), columns=range(5000))], axis=1
    )
    wide.to_csv(folder / "wide.csv", index=False)
    comment = sample.assign(opmerking="")
    comment.loc[3, "opmerking"] = "lang, met; alles " * 8_000
    comment.to_csv(folder / "comment.csv", index=False)
    (folder / "giant.csv").write_text("x" * 5_000_000 + "\n")

    sample.to_excel(folder / "stray.xlsx", index=False)
    book = openpyxl.load_workbook(folder / "stray.xlsx")
    book.active["XFD1048576"] = "x"
    book.save(folder / "stray.xlsx")
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(sample.columns))
    rows = sample.fillna("").to_numpy().tolist()
    for i in range(70_000):  # 1.2 million cells: refused at 1,000,000
        sheet.append(rows[i % len(rows)])
    book.save(folder / "rows.xlsx")

    rng = np.random.default_rng(1)
    items_300 = pd.DataFrame(rng.integers(1, 6, (300, 2000)).astype(float))
    items_5000 = pd.DataFrame(rng.integers(1, 6, (5000, 2000)).astype(float))
    items_10k = pd.DataFrame(rng.integers(1, 6, (300, 10_000)).astype(float))
    return {
        "billion-laughs codebook (600 bytes)": lambda: trustlab.load_codebook(
            folder / "laughs.yaml"
        ),
        "codebook nested 100,000 deep": lambda: trustlab.load_codebook(folder / "deep.yaml"),
        "response range 1..1e7": lambda: trustlab.load_codebook(folder / "range.yaml"),
        "CSV with 5,017 columns": lambda: trustlab.read_survey(folder / "wide.csv"),
        "CSV with a 136 KB comment": lambda: trustlab.read_survey(folder / "comment.csv"),
        "CSV of one 5 MB line": lambda: trustlab.read_survey(folder / "giant.csv"),
        "xlsx, one cell at XFD1048576": lambda: trustlab.read_survey(folder / "stray.xlsx"),
        "xlsx, 70,000 rows (1.2M cells)": lambda: trustlab.read_survey(folder / "rows.xlsx"),
        "alpha, 2,000 items x 300 rows": lambda: trustlab.cronbach_alpha(items_300),
        "alpha, 2,000 items x 5,000 rows": lambda: trustlab.cronbach_alpha(items_5000),
        "alpha, 10,000 items": lambda: trustlab.cronbach_alpha(items_10k),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'case':<36} {'seconds':>8}  outcome")
        for name, fn in cases(Path(tmp)).items():
            seconds, outcome = timed(fn, args.repeat)
            print(f"{name:<36} {seconds:8.3f}  {outcome}", flush=True)


if __name__ == "__main__":
    main()
