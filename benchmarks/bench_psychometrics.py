"""Benchmark of trustlab's Cronbach's alpha (a script, not a test).

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_psychometrics.py [--repeat 5] [--rows 1000000]

Measures, in one run and on the same machine:

1. ``cronbach_alpha`` on a 1,000,000 x 20 matrix of 1..5 answers, without missing values and
   with 1% missing (MCAR, pairwise), for trustlab (DataFrame and ndarray input), pingouin (if
   importable; trustlab does not depend on it) and a plain numpy covariance ``np.cov`` (the
   issue's target: trustlab within 1.5x of ``np.cov``). For the missing data, pandas'
   pairwise ``DataFrame.cov()`` is shown as well (``np.cov`` cannot skip NaN; it is timed on
   the complete matrix of the same size). pingouin's ``nan_policy="pairwise"`` (its default) is
   exact pairwise deletion too (pandas ``DataFrame.cov``), so the comparison is like for like;
   pingouin returns alpha and its Feldt CI only, trustlab also psych's full item table.
2. The 10,000-resample bootstrap CI of alpha on the sample survey's trust scale (231 x 7,
   ``T7`` reversed on 1..5, 33 missing answers, pairwise) in trustlab, against a Python loop
   over resamples (numpy pairwise covariance per resample; and pandas ``DataFrame.cov`` per
   resample, what a user would write first).

Each figure is the median wall time of ``--repeat`` runs (one untimed warm-up run first).
The alpha values are printed too, to show that the contenders compute the same statistic.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import trustlab  # noqa: E402
from trustlab.psychometrics import PsychometricWarning  # noqa: E402

try:
    import pingouin
except ImportError:  # optional: only measured when installed
    pingouin = None


# ---- helpers ------------------------------------------------------------------------------


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median wall time of ``repeat`` runs after one warm-up, and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def alpha_from_cov(c: np.ndarray) -> float:
    k = c.shape[0]
    return float(k / (k - 1) * (1 - np.trace(c) / c.sum()))


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info() -> list[str]:
    lines = [
        f"platform: {platform.platform()}",
        f"python: {platform.python_version()}",
        f"cpu: {cpu_model()}; os.cpu_count() = {os.cpu_count()}"
        + (
            f", usable cores = {len(os.sched_getaffinity(0))}"
            if hasattr(os, "sched_getaffinity")
            else ""
        ),
        f"numpy {np.__version__}, pandas {pd.__version__}, trustlab {trustlab.__version__}, "
        f"pingouin {pingouin.__version__ if pingouin else 'not installed'}",
    ]
    try:
        from threadpoolctl import threadpool_info

        for pool in threadpool_info():
            lines.append(
                f"threadpool: {pool.get('user_api')} {pool.get('internal_api')} "
                f"{pool.get('version')} ({pool.get('threading_layer', '?')}), "
                f"{pool.get('num_threads')} thread(s), {Path(pool.get('filepath', '')).name}"
            )
    except ImportError:
        lines.append("threadpool: threadpoolctl not installed (BLAS unknown)")
    return lines


def likert(n: int, k: int, seed: int) -> np.ndarray:
    """``n`` x ``k`` answers 1..5 from a one-factor model (loading 0.7)."""
    rng = np.random.default_rng(seed)
    f = rng.standard_normal((n, 1))
    z = 0.7 * f + np.sqrt(1 - 0.49) * rng.standard_normal((n, k))
    return np.clip(np.round(3 + 1.2 * z), 1, 5)


def pairwise_cov(x: np.ndarray) -> np.ndarray:
    """Pairwise-complete covariance (as R's ``cov(use = "pairwise")``) by matrix products."""
    m = ~np.isnan(x)
    mf = m.astype(float)
    x0 = np.where(m, x, 0.0)
    n = mf.T @ mf
    sx = x0.T @ mf  # sum of item i over the rows where item j is answered
    sxy = x0.T @ x0
    return (sxy - sx * sx.T / n) / (n - 1)


# ---- benchmarks ---------------------------------------------------------------------------


def quiet_alpha(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PsychometricWarning)
        return trustlab.cronbach_alpha(*args, **kwargs)


def bench_large(rows: int, repeat: int) -> list[tuple[str, str, float, float]]:
    """(data, contender, seconds, alpha) for the rows x 20 matrix."""
    x = likert(rows, 20, seed=2024)
    df = pd.DataFrame(x, columns=[f"q{i + 1}" for i in range(20)])
    rng = np.random.default_rng(7)
    x_na = x.copy()
    x_na[rng.random(x.shape) < 0.01] = np.nan
    df_na = pd.DataFrame(x_na, columns=df.columns)
    out = []

    def add(data: str, name: str, fn: Callable[[], float]) -> None:
        seconds, value = timed(fn, repeat)
        out.append((data, name, seconds, float(value)))

    label = f"{rows:,} x 20, complete"
    add(label, "numpy np.cov (reference)", lambda: alpha_from_cov(np.cov(x, rowvar=False)))
    add(label, "trustlab cronbach_alpha(DataFrame)", lambda: quiet_alpha(df).alpha)
    add(label, "trustlab cronbach_alpha(ndarray)", lambda: quiet_alpha(x).alpha)
    if pingouin is not None:
        add(label, "pingouin.cronbach_alpha(DataFrame)", lambda: pingouin.cronbach_alpha(df)[0])

    label = f"{rows:,} x 20, 1% missing, pairwise"
    add(
        label,
        "numpy np.cov on the complete matrix (reference)",
        lambda: alpha_from_cov(np.cov(x, rowvar=False)),
    )
    add(label, "pandas DataFrame.cov() (pairwise)", lambda: alpha_from_cov(df_na.cov().to_numpy()))
    add(label, "numpy pairwise cov by matrix products", lambda: alpha_from_cov(pairwise_cov(x_na)))
    add(label, "trustlab cronbach_alpha(DataFrame)", lambda: quiet_alpha(df_na).alpha)
    add(label, "trustlab cronbach_alpha(ndarray)", lambda: quiet_alpha(x_na).alpha)
    if pingouin is not None:
        add(label, "pingouin.cronbach_alpha(DataFrame)", lambda: pingouin.cronbach_alpha(df_na)[0])
    return out


def bench_bootstrap(repeat: int, n_boot: int = 10_000) -> list[tuple[str, float, tuple]]:
    """(contender, seconds, (alpha, ci_low, ci_high)) for the sample's trust scale."""
    items = trustlab.load_sample().items("trust")
    keyed = items.assign(T7=6 - items["T7"])  # reverse=["T7"] on 1..5
    x = keyed.to_numpy(dtype=float)
    n = len(x)
    out = []

    def trustlab_boot(boot_ci: str) -> Callable[[], tuple]:
        def run() -> tuple:
            res = quiet_alpha(
                items,
                reverse=["T7"],
                scale_range=(1, 5),
                ci_method="bootstrap",
                n_boot=n_boot,
                seed=1,
                boot_ci=boot_ci,
            )
            return (res.alpha, *res.ci)

        return run

    def loop(cov: Callable[[np.ndarray], np.ndarray]) -> Callable[[], tuple]:
        def run() -> tuple:
            rng = np.random.default_rng(1)
            boot = np.empty(n_boot)
            for b in range(n_boot):
                boot[b] = alpha_from_cov(cov(x[rng.integers(0, n, n)]))
            low, high = np.percentile(boot, [2.5, 97.5])
            return (alpha_from_cov(cov(x)), low, high)

        return run

    for name, fn, reps in [
        ("trustlab, BCa (default)", trustlab_boot("bca"), repeat),
        ("trustlab, percentile", trustlab_boot("percentile"), repeat),
        ("Python loop, numpy pairwise cov, percentile", loop(pairwise_cov), repeat),
        (
            "Python loop, pandas DataFrame.cov, percentile",
            loop(lambda a: pd.DataFrame(a).cov().to_numpy()),
            max(1, min(repeat, 3)),
        ),
    ]:
        seconds, value = timed(fn, reps)
        out.append((name, seconds, value))
    return out


def bench_many_items(repeat: int, items: tuple[int, ...] = (200, 1000)) -> list[tuple]:
    """(shape, seconds, alpha) of cronbach_alpha with its whole item table on 300 x k answers.

    The item table drops each item once; before it was downdated (issue 7) 1000 items took
    minutes. Budget: 1000 items within 3 s on this machine kind (a benchmark, not a test: a busy
    machine takes several times longer).
    """
    out = []
    for k in items:
        table = pd.DataFrame(np.random.default_rng(1).integers(1, 6, (300, k)).astype(float))
        seconds, value = timed(lambda table=table: quiet_alpha(table).alpha, repeat)
        out.append((f"300 x {k}", seconds, float(value)))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure (median)")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the large matrix")
    args = parser.parse_args(argv)

    print("# trustlab psychometrics benchmark")
    print()
    for line in machine_info():
        print(f"- {line}")
    print(f"- each figure: median of {args.repeat} runs after a warm-up")
    print()

    large = bench_large(args.rows, args.repeat)
    print("## Cronbach's alpha on a large matrix")
    print()
    print("| data | contender | median s | x np.cov | alpha |")
    print("|---|---|---:|---:|---:|")
    ref = {}
    for data, name, seconds, value in large:
        if "(reference)" in name:
            ref[data] = seconds
        print(f"| {data} | {name} | {seconds:.3f} | {seconds / ref[data]:.2f} | {value:.6f} |")
    print()

    boot = bench_bootstrap(args.repeat)
    print("## Bootstrap CI of alpha: 10,000 resamples, 231 x 7 (sample trust scale, pairwise)")
    print()
    print("| contender | median s | x trustlab BCa | alpha | 95% CI |")
    print("|---|---:|---:|---:|---|")
    first = boot[0][1]
    for name, seconds, (alpha, low, high) in boot:
        ci = f"[{low:.4f}, {high:.4f}]"
        print(f"| {name} | {seconds:.3f} | {seconds / first:.1f} | {alpha:.4f} | {ci} |")
    print()

    many = bench_many_items(args.repeat)
    print("## Cronbach's alpha with its item table on many items (budget: 1000 items < 3 s)")
    print()
    print("| answers | median s | alpha |")
    print("|---|---:|---:|")
    for shape, seconds, alpha in many:
        print(f"| {shape} | {seconds:.3f} | {alpha:.6f} |")


if __name__ == "__main__":
    main()
