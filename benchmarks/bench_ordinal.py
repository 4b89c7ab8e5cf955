"""Speed of issue 14's ordinal statistics (a script, never a test): prints one table.

Run from the repository root::

    python benchmarks/bench_ordinal.py [--repeat 5] [--rows 10000] [--items 20]

Measured (median wall time of ``--repeat`` calls, after one warm-up call):

- ``polychoric`` on ``--rows`` x ``--items`` five-point answers (psych's path: pairwise tables,
  global thresholds, R's Brent search reproduced), complete and with 2% missing answers;
- ``polychoric(tol=1e-12)`` (the exact optimum; the same work with more search steps);
- the WLSMV fit of a two-factor CFA on the same items (``cfa_ordinal``: thresholds,
  polychorics, their asymptotic covariance, DWLS, robust SEs and the scaled-shifted test);
- ``ordinal_reliability`` of a 10-item scale with 200 bootstrap resamples (every resample
  recomputes the polychoric matrix).

For comparison, psych::polychoric took 11.6 s on bfi's 25 items x 2800 rows on one core
(``options(mc.cores = 1)``, the machine that measured 0.06 s for 20 x 10,000 above).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def survey(n: int, p: int, seed: int = 1, missing: float = 0.0) -> pd.DataFrame:
    """Five-point answers of n respondents to p items on two correlated factors."""
    rng = np.random.default_rng(seed)
    f = rng.multivariate_normal([0, 0], [[1, -0.4], [-0.4, 1]], n)
    half = p // 2
    lam = np.linspace(0.55, 0.85, p)
    eta = np.where(np.arange(p) < half, f[:, [0]], f[:, [1]])
    ystar = lam * eta + np.sqrt(1 - lam**2) * rng.standard_normal((n, p))
    y = np.digitize(ystar, [-1.5, -0.6, 0.3, 1.2]).astype(float) + 1
    if missing:
        y[rng.random(y.shape) < missing] = np.nan
    return pd.DataFrame(y, columns=[f"i{j + 1}" for j in range(p)])


def timed(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=20)
    args = parser.parse_args()
    from trustlab import psychometrics as pm

    warnings.simplefilter("ignore")
    n, p = args.rows, args.items
    complete = survey(n, p)
    missing = survey(n, p, missing=0.02)
    half = p // 2
    model = {"f1": list(complete.columns[:half]), "f2": list(complete.columns[half:])}
    scale = complete.iloc[:, :10]
    rows = [
        (f"polychoric {n} x {p}, complete", lambda: pm.polychoric(complete)),
        (f"polychoric {n} x {p}, 2% missing", lambda: pm.polychoric(missing)),
        (f"polychoric {n} x {p}, tol=1e-12", lambda: pm.polychoric(complete, tol=1e-12)),
    ]
    if hasattr(pm, "cfa_ordinal"):
        rows.append((f"cfa_ordinal (WLSMV) {n} x {p}", lambda: pm.cfa_ordinal(complete, model)))
    if hasattr(pm, "ordinal_reliability"):
        rows.append(
            (
                f"ordinal_reliability {n} x 10, 200 resamples",
                lambda: pm.ordinal_reliability(scale, n_boot=200, seed=1),
            )
        )
    width = max(len(name) for name, _ in rows)
    print(f"{'task':<{width}}  median seconds ({args.repeat} runs)")
    for name, fn in rows:
        print(f"{name:<{width}}  {timed(fn, args.repeat):.3f}")


if __name__ == "__main__":
    main()
