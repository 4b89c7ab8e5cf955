"""The speed and scale benchmark of issue 8 (a script, never a test): prints one table.

Run from the repository root::

    python benchmarks/bench_all.py [--repeat 3] [--large-repeat 1] [--rows 10000000]
        [--sizes 1000000 3000000] [--csv-sizes 10000000] [--items 10 20 40]
        [--item-rows 1000000] [--skip-psychometrics]

Measured in one run, trustlab next to its alternative:

- Cronbach's alpha on 1,000,000 x 20 (complete and 1% missing, pairwise) against pingouin and a
  plain numpy covariance, and the 10,000-resample bootstrap CI of alpha against a loop over
  resamples: reused from ``bench_psychometrics.py`` (not duplicated);
- ``import trustlab`` against ``import pandas``, and ``python -m trustlab --help`` (wall time of a
  fresh interpreter);
- ``python -m trustlab analyse`` on the shipped sample, which writes the report folder, against
  the analysis alone (``trustlab.analyse`` in a fresh interpreter, no report);
- the full analysis (``read_survey`` + ``analyse``) of ``--rows`` respondents x 11 items with
  covariates from Parquet and from CSV, and of the ``--sizes`` from Parquet (how time and memory
  grow with respondents; ``--csv-sizes`` adds CSV runs);
- how the reliability step (alpha with pairwise deletion and its item table, plus omega) grows
  with the number of items: 1,000,000 respondents x ``--items`` (the calls timed inside a fresh
  interpreter, after a warm-up on 1,000 rows; the peak memory includes the data).

Every process figure is the median wall time of ``--repeat`` runs (``--large-repeat`` for the
large files, default 1: a run takes minutes) with the peak resident memory of the whole child
process (its ``VmHWM``, see :func:`run`). The large files are generated once into
``$TRUSTLAB_BENCH_DIR`` (default ``<tmp>/trustlab_bench``; see ``bench_data.py``), never into the
repository.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

PY = sys.executable
ENV = {
    **os.environ,
    "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
}

BUDGETS = {
    "help": 0.3,
    "import_extra": 0.1,
    "sample_report": 15.0,
    "large": 180.0,
    "large_mem_gb": 8.0,
}


def _high_water(pid: int) -> int:
    """The child's peak resident memory so far (kB): ``VmHWM`` of ``/proc/<pid>/status``."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(args: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (GB) of one child process; raise if it fails.

    The peak is the child's own ``VmHWM``, read every 10 ms while it runs (it only grows, so the
    last reading is the peak up to 10 ms before the end). ``ru_maxrss`` from ``wait4`` would not
    do: on Linux it keeps the parent's resident size at the fork, which here is this script's.
    """
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty child never blocks
        start = time.perf_counter()
        proc = subprocess.Popen(args, env=env or ENV, stdout=subprocess.DEVNULL, stderr=errors)
        peak = 0
        while True:
            pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _high_water(proc.pid))
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        errors.seek(0)
        err = errors.read().decode(errors="replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}):\n{err[-2000:]}")
    return seconds, peak / 1024**2  # kilobytes


def measure(args: list[str], repeat: int, env: dict | None = None) -> tuple[float, float]:
    """Median wall seconds and the largest peak RSS (GB) over ``repeat`` runs."""
    runs = [run(args, env) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def analyse_script(path: Path) -> list[str]:
    code = (
        "import warnings; warnings.simplefilter('ignore'); import trustlab; "
        f"trustlab.analyse(trustlab.read_survey({str(path)!r}))"
    )
    return [PY, "-c", code]


def items_script(rows: int, k: int, out: Path) -> list[str]:
    """A child process: alpha (pairwise, 1% missing) and omega on ``rows`` x ``k`` answers; it
    writes the seconds of the two calls (the data made first, untimed) to ``out``."""
    code = (
        "import time, warnings; warnings.simplefilter('ignore'); import numpy as np; "
        "import bench_psychometrics as bp, trustlab; "
        f"x = bp.likert({rows}, {k}, seed=5); "
        "x[np.random.default_rng(6).random(x.shape) < 0.01] = np.nan; "
        "trustlab.cronbach_alpha(x[:1000]); trustlab.omega(x[:1000], n_boot=0); "
        "start = time.perf_counter(); "
        "trustlab.cronbach_alpha(x); trustlab.omega(x, n_boot=0); "
        f"open({str(out)!r}, 'w').write(str(time.perf_counter() - start))"
    )
    return [PY, "-c", code]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per small figure (median)")
    parser.add_argument("--large-repeat", type=int, default=1, help="runs per large figure")
    parser.add_argument("--rows", type=int, default=10_000_000, help="respondents, large file")
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[1_000_000, 3_000_000], help="scaling sizes"
    )
    parser.add_argument("--skip-psychometrics", action="store_true", help="no alpha benchmark")
    parser.add_argument(
        "--items", type=int, nargs="*", default=[10, 20, 40], help="items, reliability scaling"
    )
    parser.add_argument("--item-rows", type=int, default=1_000_000, help="rows, items scaling")
    parser.add_argument(
        "--csv-sizes", type=int, nargs="*", default=None,
        help="sizes also read from CSV (default: only --rows)",
    )  # fmt: skip
    args = parser.parse_args(argv)

    import bench_psychometrics as bp
    from bench_data import cache_dir, survey_files

    import trustlab

    print("# trustlab benchmark (issue 8)\n")
    for line in bp.machine_info():
        print(f"- {line}")
    print(f"- memory: {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 1024**3:.0f} GB")
    print(f"- small figures: median of {args.repeat} runs; large: {args.large_repeat} run(s)")
    print(f"- data cache: {cache_dir()}\n")

    rows: list[tuple[str, str, str, str, str]] = []  # what, contender, seconds, GB, budget

    def add(what, who, seconds, gb=None, budget=""):
        rows.append((what, who, f"{seconds:.3f}", "" if gb is None else f"{gb:.2f}", budget))

    # startup
    pandas_s, pandas_gb = measure([PY, "-c", "import pandas"], args.repeat)
    tl_s, tl_gb = measure([PY, "-c", "import trustlab"], args.repeat)
    add("import", "python -c 'import pandas'", pandas_s, pandas_gb)
    extra = tl_s - pandas_s
    add("import", "python -c 'import trustlab'", tl_s, tl_gb,
        f"< pandas + 0.1 s: {'met' if extra < BUDGETS['import_extra'] else 'NOT met'} "
        f"({extra:+.3f} s)")  # fmt: skip
    help_s, help_gb = measure([PY, "-m", "trustlab", "--help"], args.repeat)
    add("--help", "python -m trustlab --help", help_s, help_gb,
        f"< 0.3 s: {'met' if help_s < BUDGETS['help'] else 'NOT met'}")  # fmt: skip

    # the sample, with and without the report
    sample = trustlab.sample_path()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report"
        cli = [PY, "-m", "trustlab", "analyse", str(sample), "--out", str(out), "--force"]
        rep_s, rep_gb = measure(cli, args.repeat)
    add("sample (231)", "python -m trustlab analyse --out DIR (report)", rep_s, rep_gb,
        f"< 15 s: {'met' if rep_s < BUDGETS['sample_report'] else 'NOT met'}")  # fmt: skip
    an_s, an_gb = measure(analyse_script(sample), args.repeat)
    add("sample (231)", "trustlab.analyse only (no report)", an_s, an_gb)

    # large files
    sizes = sorted({*args.sizes, args.rows})
    for n in sizes:
        csv_path, pq_path = survey_files(n)
        reps = args.large_repeat
        csv_sizes = [args.rows] if args.csv_sizes is None else args.csv_sizes
        formats = [("Parquet", pq_path)] + ([("CSV", csv_path)] if n in csv_sizes else [])
        for fmt, path in formats:
            seconds, gb = measure(analyse_script(path), reps)
            budget = ""
            if n == args.rows:
                ok = seconds < BUDGETS["large"] and gb < BUDGETS["large_mem_gb"]
                budget = f"< 180 s, < 8 GB: {'met' if ok else 'NOT met'}"
            add(f"{n:,} x 11 + covariates", f"read_survey + analyse, {fmt}", seconds, gb, budget)
            print(f"  ({n:,} {fmt}: {seconds:.1f} s, {gb:.2f} GB)", flush=True)

    # how the reliability step grows with the number of items (1,000,000 respondents)
    item_env = {**ENV, "PYTHONPATH": str(HERE) + os.pathsep + ENV["PYTHONPATH"]}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "seconds.txt"
        for k in args.items:
            times, peak = [], 0.0
            for _ in range(args.repeat):  # the time of the calls, measured inside the child
                _, gb = run(items_script(args.item_rows, k, out), item_env)
                times.append(float(out.read_text()))
                peak = max(peak, gb)
            add(f"{args.item_rows:,} x {k} items", "alpha (pairwise) + omega; peak with the data",
                statistics.median(times), peak)  # fmt: skip

    print("\n## Processes (wall time, peak memory of the whole process)\n")
    print("| task | contender | median s | peak GB | budget |")
    print("|---|---|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()

    if not args.skip_psychometrics:
        bp.main(["--repeat", str(args.repeat)])


if __name__ == "__main__":
    main()
