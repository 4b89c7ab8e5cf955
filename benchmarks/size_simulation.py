"""Size of the tests of meeting frequency under the null, in the study's own design (issue 13).

The design is the shipped sample's (``trustlab.load_sample()``), held fixed: its 231 respondents in
50 networks of 2 to 8, their reported meeting frequency (mostly one category per network, the
outer categories held by 7 and 6 networks, some respondents one category away from their
network's) and covariates (role, organisation type, years in the network). Each replicate draws
an outcome with no effect of meeting frequency,

    y = u_network + e,   u ~ N(0, icc),   e ~ N(0, 1 - icc),

(the covariates' effects would not change any statistic below: every model adjusts for them),
fits the study's model ``y ~ meeting_frequency + role + org_type + years_in_network`` and records
whether each test rejects at 5%:

- the joint test of the three meeting-frequency dummies, and
- two single adjacent contrasts: the F8 step "3-4" - "1-2" (two large categories) and the top
  step "meer dan 4" - "3-4" (into a category held by 6 networks),

by each method: OLS with the model SE (F / t on the residual df); OLS with the network-clustered
HC1 SE (``sandwich::vcovCL``; F(q, n - k) / t(n - k) as ``lmtest`` does, and with G - 1 df as
Stata does); OLS with CR2 and the HTZ test / Satterthwaite t (clubSandwich; trustlab's default
whenever a cluster is declared); the wild cluster bootstrap (WCR, Rademacher, B = 999; single
contrasts only); and the random-intercept model with Satterthwaite df (lmerTest's ``contestMD`` /
``contest1D``). Monte Carlo SE of a rejection rate p over R replicates: sqrt(p (1 - p) / R).

Run from the repository root (never as a test)::

    python benchmarks/size_simulation.py --reps 4000 --jobs 2 --markdown
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

METHODS = (
    ("model", "OLS, model SE"),
    ("hc1", "OLS, HC1 (vcovCL), residual df"),
    ("hc1_g1", "OLS, HC1 (vcovCL), G - 1 df"),
    ("cr2", "OLS, CR2 + HTZ / Satterthwaite (default)"),
    ("wild", "OLS, wild cluster bootstrap (WCR, Rademacher, B = 999)"),
    ("mixed", "Random intercept, Satterthwaite df (lmerTest)"),
)
TESTS = ("joint", "f8_step", "top_step")
FREQ = "meeting_frequency"
COVARIATES = ["role", "org_type", "years_in_network"]


def design() -> pd.DataFrame:
    import trustlab

    d = trustlab.load_sample().data
    return d[["network_id", FREQ, *COVARIATES]].reset_index(drop=True)


class Study:
    """The fixed design, the template fits and the contrasts, built once per worker."""

    def __init__(self) -> None:
        import warnings

        from trustlab.models import constrain_adjacent, mixed_model, ols

        self.data = design()
        rng = np.random.default_rng(0)
        self.data["y"] = rng.normal(size=len(self.data))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.ols = ols(self.data, "y", [FREQ, *COVARIATES], cluster="network_id")
            self.mixed = mixed_model(self.data, "y", [FREQ, *COVARIATES], group="network_id")
        from trustlab.models._common import build_design

        des = build_design(self.data, "y", [FREQ, *COVARIATES], cluster="network_id")
        self.X, self.g = des.X, des.cluster
        self.terms = list(des.terms)
        self.n, self.k = self.X.shape
        self.G = int(self.g.max()) + 1
        self.bread = np.linalg.inv(self.X.T @ self.X)
        self.hat = self.bread @ self.X.T
        steps = constrain_adjacent(self.ols, FREQ)
        self.L = {
            "joint": np.eye(self.k)[
                [self.terms.index(t) for t in self.terms if t.startswith(FREQ)]
            ],
            "f8_step": steps.loc[["3-4 keer per jaar - 1-2 keer per jaar"]].to_numpy(),
            "top_step": steps.loc[["meer dan 4 keer per jaar - 3-4 keer per jaar"]].to_numpy(),
        }
        self.steps = steps

    def replicate(self, icc: float, rng: np.random.Generator) -> dict[tuple[str, str], bool]:
        from scipy.stats import f as f_dist
        from trustlab._power_stats import reml_fit

        from trustlab.models import (
            contrast_test,
            mixed_contrast_test,
            mixed_f_test,
            wald_test,
            wild_cluster_bootstrap,
        )
        from trustlab.models.covariance import cluster_scores_linear, vcov_cr
        from trustlab.models.mixed import _Profile

        y = rng.normal(0, np.sqrt(icc), self.G)[self.g] + rng.normal(0, np.sqrt(1 - icc), self.n)
        beta = self.hat @ y
        resid = y - self.X @ beta
        df_res = self.n - self.k
        V_model = float(resid @ resid) / df_res * self.bread
        scores = cluster_scores_linear(self.X, resid, self.g, self.bread)
        V_hc1 = vcov_cr(scores, "CR1S")
        coef = pd.DataFrame({"term": self.terms, "estimate": beta})
        fit = dataclasses.replace(self.ols, coefficients=coef, cluster_scores=scores)
        out: dict[tuple[str, str], bool] = {}
        for test, L in self.L.items():
            q = L.shape[0]
            Lb = L @ beta

            def wald(V: np.ndarray, Lb=Lb, L=L) -> float:
                return float(Lb @ np.linalg.solve(L @ V @ L.T, Lb))

            out[("model", test)] = f_dist.sf(wald(V_model) / q, q, df_res) < 0.05
            out[("hc1", test)] = f_dist.sf(wald(V_hc1) / q, q, df_res) < 0.05
            out[("hc1_g1", test)] = f_dist.sf(wald(V_hc1) / q, q, self.G - 1) < 0.05
            if test == "joint":
                out[("cr2", test)] = wald_test(fit, FREQ).p_value < 0.05
            else:
                out[("cr2", test)] = contrast_test(fit, L).table["p_value"].iloc[0] < 0.05
                wb = wild_cluster_bootstrap(
                    fit,
                    L[0],
                    n_boot=999,
                    weights="rademacher",
                    seed=int(rng.integers(2**31)),
                    conf_int=False,
                )
                out[("wild", test)] = wb.p_value < 0.05
        b_m, V_m, r, s2 = reml_fit(self.X, y, self.g)
        stats = _Profile(self.X, y, self.g, True).stats()
        mfit = dataclasses.replace(
            self.mixed,
            coefficients=pd.DataFrame({"term": self.terms, "estimate": b_m}),
            tau2=r * s2,
            sigma2=s2,
            vcov=pd.DataFrame(V_m, index=self.terms, columns=self.terms),
            stats=stats,
        )
        out[("mixed", "joint")] = mixed_f_test(mfit, FREQ).p_value < 0.05
        for test in ("f8_step", "top_step"):
            p = mixed_contrast_test(mfit, self.L[test]).table["p_value"].iloc[0]
            out[("mixed", test)] = p < 0.05
        return out


_STUDY: Study | None = None


def _chunk(args: tuple[float, int, int, int]) -> list[dict]:
    global _STUDY
    icc, seed, start, stop = args
    if _STUDY is None:
        _STUDY = Study()
    return [
        _STUDY.replicate(icc, np.random.default_rng([seed, int(1000 * icc), rep]))
        for rep in range(start, stop)
    ]


def run(icc: float, reps: int, seed: int, jobs: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rejection rates (methods x tests) and their Monte Carlo SEs."""
    size = max(1, reps // (4 * jobs))
    chunks = [(icc, seed, s, min(s + size, reps)) for s in range(0, reps, size)]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            rows = [r for part in pool.map(_chunk, chunks) for r in part]
    else:
        rows = [r for c in chunks for r in _chunk(c)]
    frame = pd.DataFrame(rows)
    rate = frame.mean()
    table = pd.DataFrame(index=[m for m, _ in METHODS], columns=list(TESTS), dtype=float)
    se = table.copy()
    for (method, test), p in rate.items():
        table.loc[method, test] = p
        se.loc[method, test] = np.sqrt(p * (1 - p) / len(frame))
    return table, se


def markdown(results: dict, reps: int, seconds: float, jobs: int) -> str:
    labels = dict(METHODS)
    lines = []
    for icc, (table, se) in results.items():
        lines += [
            f"**ICC = {icc:g}** ({reps:,} replicates; rejection rate at 5% ± Monte Carlo SE, %)",
            "",
            "| method | joint test (3 df) | F8 step 3-4 vs 1-2 | top step >4 vs 3-4 |",
            "|---|---|---|---|",
        ]
        for method in table.index:
            cells = []
            for test in TESTS:
                p = table.loc[method, test]
                cells.append(
                    "—" if np.isnan(p) else f"{100 * p:.1f} ± {100 * se.loc[method, test]:.1f}"
                )
            lines.append(f"| {labels[method]} | " + " | ".join(cells) + " |")
        lines.append("")
    lines.append(
        f"Machine: {platform.machine()} {platform.processor() or ''} ({os.cpu_count()} CPUs, "
        f"{jobs} worker processes), Python {platform.python_version()}, numpy {np.__version__}; "
        f"{seconds:.0f} s in all."
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=2000)
    parser.add_argument("--icc", type=float, nargs="+", default=[0.10, 0.25])
    parser.add_argument("--seed", type=int, default=20250613)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    start = time.perf_counter()
    results = {icc: run(icc, args.reps, args.seed, args.jobs) for icc in args.icc}
    seconds = time.perf_counter() - start
    if args.markdown:
        print(markdown(results, args.reps, seconds, args.jobs))
    else:
        for icc, (table, se) in results.items():
            print(f"ICC = {icc}\n{(100 * table).round(2)}\n(MC SE)\n{(100 * se).round(2)}\n")
        print(f"{seconds:.1f} s")


if __name__ == "__main__":
    main()
