"""Render trustlab's agreement with R (tests/reference/fixtures/) as docs/r-agreement.md.

Run ``python tools/r_agreement.py`` after changing a psychometric computation or a fixture; the
test ``tests/test_r_agreement.py`` fails while the page is stale. Every statistic that the
R-reference tests check is recomputed here from the committed data and compared with the
committed R output, one row per statistic (or per table column, summarised by its largest
difference).

Formatting is chosen so that the page is the same on every run: values with 9 significant
digits, differences with 2, and a relative difference below 1e-12 (floating-point rounding)
shown as ``< 1e-12``.
"""

from __future__ import annotations

import math
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "tests" / "reference"
PAGE = ROOT / "docs" / "r-agreement.md"
FLOOR = 1e-12  # relative differences below this are rounding noise
ZERO = 1e-8  # |R| below this: a value that is zero in theory (or underflowed); compare absolutely
N_LARGEST = 15


# ---- fixture readers: the tests' own (tests/rfixtures.py) --------------------------------

sys.path.insert(0, str(ROOT / "tests"))
from rfixtures import (  # noqa: E402
    PSYCH_ALPHA_DROP,
    PSYCH_ALPHA_ITEM,
    PSYCH_ALPHA_TOTAL,
    data,
    fixture,
    table,
)

sys.path.pop(0)


def as_float(value) -> float:
    return float("nan") if value is None else float(value)


def version(name: str, package: str) -> str:
    return fixture(name)["_meta"]["packages"][package]


# ---- rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One compared statistic: trustlab's value, R's value and their differences.

    For a group (a table column), ``ours``/``ref`` are the values at the cell with the largest
    absolute difference, ``abs_diff`` that difference and ``rel_diff`` the largest relative
    difference over the cells.
    """

    section: str
    case: str
    statistic: str
    ours: float
    ref: float
    abs_diff: float
    rel_diff: float
    function: str


def _rel(ours: np.ndarray, ref: np.ndarray) -> np.ndarray:
    diff = np.abs(ours - ref)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(ref != 0, diff / np.abs(ref), np.where(diff == 0, 0.0, np.inf))
    return rel


def single(section, case, statistic, ours, ref, function) -> Row:
    ours, ref = float(ours), as_float(ref)
    if math.isnan(ours) and math.isnan(ref):
        return Row(section, case, statistic, ours, ref, float("nan"), float("nan"), function)
    diff = abs(ours - ref)
    rel = float(_rel(np.array([ours]), np.array([ref]))[0])
    return Row(section, case, statistic, ours, ref, diff, rel, function)


def group(section, case, statistic, ours, ref, function, labels=None) -> Row:
    """Largest difference over the cells of ``ours`` and ``ref`` (cells NaN in both skipped)."""
    ours = np.asarray(ours, dtype=float).ravel()
    ref = np.array([as_float(v) for v in np.asarray(ref, dtype=object).ravel()])
    if ours.shape != ref.shape:
        raise ValueError(f"{case} {statistic}: shapes {ours.shape} and {ref.shape} differ")
    both_nan = np.isnan(ours) & np.isnan(ref)
    if both_nan.all():
        return single(section, case, f"{statistic} (NA in both)", np.nan, None, function)
    keep = ~both_nan
    o, r = ours[keep], ref[keep]
    diff = np.abs(o - r)
    diff = np.where(np.isnan(diff), np.inf, diff)
    at = int(np.argmax(diff))
    where = ""
    if labels is not None:
        where = f", at {np.asarray(labels, dtype=object).ravel()[keep][at]}"
    name = f"{statistic}: max over {int(keep.sum())}{where}"
    return Row(
        section, case, name, o[at], r[at], float(diff[at]), float(np.max(_rel(o, r))), function
    )


# ---- tolerances: the ones the R-reference tests use, stated on the page ------------------

CLOSED = (1e-9, 0.0)  # closed form: R and numpy agree to about 1e-14
FITTED = (1e-4, 0.0)  # ML / minres estimates, rotations, fit indices (optimisers' stopping points)
LOADING = (0.0, 1e-4)  # EFA loadings and factor correlations: absolute
PVALUE = (1e-3, 1e-9)  # Wald p-values: lavaan's 2 * (1 - pnorm(|z|)) loses precision in the tail
ZERO_VALUE = (0.0, ZERO)  # zero in theory (a just-identified model's chi-square and srmr)
ILL_CONDITIONED = (2e-3, 0.0)  # the Heywood case: a nearly unidentified factor (SE of 135)


def tolerance(row: Row) -> tuple[float, float]:
    """``(rtol, atol)`` of ``row``, as the R-reference tests compare it (see their docstrings):
    trustlab and R agree when ``|trustlab - R| <= atol + rtol * |R|``."""
    stat = row.statistic
    if row.section in ("Cronbach's alpha", "Feldt CI", "KMO and Bartlett"):
        return CLOSED
    if row.section == "Parallel analysis":
        return CLOSED if stat.startswith("observed pc") else (0.0, 1e-5)
    if row.section == "Exploratory factor analysis":
        return LOADING if stat.startswith(("loadings", "factor correlations")) else FITTED
    if "Heywood" in row.case:
        return ILL_CONDITIONED
    if stat == "pvalue" or stat.endswith(" p") or stat == "p":
        return PVALUE
    if row.section == "Confirmatory factor analysis" and abs(row.ref) < ZERO:
        return ZERO_VALUE
    return FITTED


def within(row: Row) -> bool:
    """Whether trustlab's value agrees with R's at the row's tolerance (NA in both agrees)."""
    if math.isnan(row.ours) and math.isnan(row.ref):
        return True
    rtol, atol = tolerance(row)
    return abs(row.ours - row.ref) <= atol + rtol * abs(row.ref)


def fmt_tolerance(row: Row) -> str:
    rtol, atol = tolerance(row)
    parts = ([f"rel {rtol:.0e}"] if rtol else []) + ([f"abs {atol:.0e}"] if atol else [])
    return " + ".join(parts)


def cell_labels(frame: pd.DataFrame) -> np.ndarray:
    return np.array([[f"{i}/{c}" for c in frame.columns] for i in frame.index], dtype=object)


# ---- Cronbach's alpha ---------------------------------------------------------------------

ALPHA_CASES = {
    # label: (fixture file, key, data, keying, nan_policy)
    "bfi A1-A5 (A1 reversed), pairwise": (
        "alpha",
        "bfi_agree_pairwise",
        "agree",
        ["A1"],
        "pairwise",
    ),
    "bfi A1-A5 (A1 reversed), listwise": (
        "alpha",
        "bfi_agree_listwise",
        "agree",
        ["A1"],
        "listwise",
    ),
    "bfi C1-C5 (C4, C5 reversed), pairwise": (
        "alpha_extra",
        "bfi_consc_pairwise",
        "consc",
        ["C4", "C5"],
        "pairwise",
    ),
    "bfi C1-C5 (C4, C5 reversed), listwise": (
        "alpha_extra",
        "bfi_consc_listwise",
        "consc",
        ["C4", "C5"],
        "listwise",
    ),
    "Holzinger x1-x3": ("alpha", "holzinger_x1_x3", ("x1", "x2", "x3"), [], "pairwise"),
    "Holzinger x4-x6": ("alpha", "holzinger_x4_x6", ("x4", "x5", "x6"), [], "pairwise"),
}


def alpha_rows() -> list[Row]:
    from trustlab.psychometrics import PsychometricWarning, cronbach_alpha

    rows = []
    for case, (name, key, source, reverse, policy) in ALPHA_CASES.items():
        if source == "agree":
            x = data("bfi_agree.csv")
        elif source == "consc":
            x = data("bfi25.csv")[["C1", "C2", "C3", "C4", "C5"]]
        else:
            x = data("holzinger9.csv")[list(source)]
        keying = {"reverse": reverse, "scale_range": (1, 6)} if reverse else {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PsychometricWarning)
            res = cronbach_alpha(x, nan_policy=policy, **keying)
        ref = fixture(name)[key]
        fn = f"psych::alpha {version(name, 'psych')}"
        sec = "Cronbach's alpha"
        for stat, attr in PSYCH_ALPHA_TOTAL.items():
            rows.append(single(sec, case, stat, getattr(res, attr), ref["total"][stat], fn))
        items = table(ref["item_stats"])
        names = list(res.items.index)
        for stat, col in PSYCH_ALPHA_ITEM.items():
            rows.append(
                group(
                    sec,
                    case,
                    f"item table {stat}",
                    res.items[col].to_numpy(dtype=float),
                    items[stat].to_numpy(),
                    fn,
                    names,
                )
            )
        drop = table(ref["alpha_drop"])
        for stat, col in PSYCH_ALPHA_DROP.items():
            rows.append(
                group(
                    sec,
                    case,
                    f"alpha if dropped {stat}",
                    res.items[col].to_numpy(dtype=float),
                    drop[stat].to_numpy(),
                    fn,
                    names,
                )
            )
        feldt = ref["feldt"]
        fn_ci = f"psych::alpha.ci (Feldt) {version(name, 'psych')}"
        rows.append(single("Feldt CI", case, "95% CI lower", res.ci[0], feldt["lower"], fn_ci))
        rows.append(single("Feldt CI", case, "95% CI upper", res.ci[1], feldt["upper"], fn_ci))
        rows.append(single("Feldt CI", case, "n used", res.n_obs, feldt["n_obs_used"], fn_ci))
    return rows


# ---- omega --------------------------------------------------------------------------------


def omega_rows() -> list[Row]:
    from trustlab.psychometrics import omega

    cases = {
        "bfi A1-A5 (A1 reversed), complete cases": (
            "bfi_agree",
            lambda: omega(data("bfi_agree.csv"), reverse=["A1"], scale_range=(1, 6), n_boot=0),
        ),
        "Holzinger x4-x6": (
            "holzinger_x4_x6",
            lambda: omega(data("holzinger9.csv")[["x4", "x5", "x6"]], n_boot=0),
        ),
    }
    rows = []
    for case, (key, run) in cases.items():
        res, ref = run(), fixture("omega")[key]
        fa = ref["psych_fa_ml"]
        psych = f"psych::fa(fm = 'ml') {version('omega', 'psych')}"
        lav = f"lavaan::cfa std.all {version('omega', 'lavaan')}"
        rows += [
            single("Omega", case, "omega total", res.omega_total, fa["omega"], psych),
            single(
                "Omega",
                case,
                "omega total (vs std.all)",
                res.omega_total,
                ref["lavaan_cfa"]["omega_std_all"],
                lav,
            ),
            group(
                "Omega",
                case,
                "loadings",
                res.loadings.to_numpy(),
                list(fa["loadings"].values()),
                psych,
                list(fa["loadings"]),
            ),
            group(
                "Omega",
                case,
                "uniquenesses",
                res.uniquenesses.to_numpy(),
                list(fa["uniquenesses"].values()),
                psych,
                list(fa["uniquenesses"]),
            ),
        ]
    return rows


# ---- KMO, Bartlett, parallel analysis ----------------------------------------------------

STRUCTURE_DATA = {"bfi 25 items, complete cases": "bfi25_complete", "Holzinger x1-x9": "holzinger9"}
STRUCTURE_FILES = {"bfi25_complete": "bfi25.csv", "holzinger9": "holzinger9.csv"}


def structure_rows() -> list[Row]:
    from trustlab.psychometrics import bartlett_sphericity, kmo, parallel_analysis

    rows = []
    for case, key in STRUCTURE_DATA.items():
        ref = fixture("kmo_bartlett")[key]
        x = data(STRUCTURE_FILES[key])[ref["items"]]
        v = version("kmo_bartlett", "psych")
        k, b = kmo(x), bartlett_sphericity(x)
        msai = ref["kmo"]["MSAi"]
        rows += [
            single(
                "KMO and Bartlett",
                case,
                "KMO overall MSA",
                k.overall,
                ref["kmo"]["MSA"],
                f"psych::KMO {v}",
            ),
            group(
                "KMO and Bartlett",
                case,
                "KMO per item MSAi",
                k.per_item.to_numpy(),
                list(msai.values()),
                f"psych::KMO {v}",
                list(msai),
            ),
            single(
                "KMO and Bartlett",
                case,
                "Bartlett chi2",
                b.chi2,
                ref["bartlett"]["chisq"],
                f"psych::cortest.bartlett {v}",
            ),
            single(
                "KMO and Bartlett",
                case,
                "Bartlett df",
                b.df,
                ref["bartlett"]["df"],
                f"psych::cortest.bartlett {v}",
            ),
            single(
                "KMO and Bartlett",
                case,
                "Bartlett p",
                b.pvalue,
                ref["bartlett"]["p_value"],
                f"psych::cortest.bartlett {v}",
            ),
        ]
        pref = fixture("parallel")[key]
        pa = parallel_analysis(data(STRUCTURE_FILES[key])[pref["items"]], n_iter=1, seed=1)
        fn = f"psych::fa.parallel {version('parallel', 'psych')}"
        ranks = [f"#{i + 1}" for i in range(len(pa.observed_pc))]
        rows += [
            group(
                "Parallel analysis",
                case,
                "observed pc eigenvalues",
                pa.observed_pc,
                pref["fa_parallel"]["pc_values"],
                fn,
                ranks,
            ),
            group(
                "Parallel analysis",
                case,
                "observed fa eigenvalues",
                pa.observed_fa,
                pref["fa_parallel"]["fa_values"],
                fn,
                ranks,
            ),
        ]
    return rows


# ---- EFA ----------------------------------------------------------------------------------

EFA_CASES = [
    ("Holzinger x1-x9, 3 factors", "efa_holzinger", f"{m}_{r}", "holzinger9.csv", 3, m, r)
    for m in ("ml", "minres")
    for r in ("none", "varimax", "oblimin", "promax")
] + [
    ("bfi 25 items, 5 factors", "efa_bfi", "ml_oblimin", "bfi25.csv", 5, "ml", "oblimin"),
    ("bfi 25 items, 5 factors", "efa_bfi_varimax", "ml_varimax", "bfi25.csv", 5, "ml", "varimax"),
]
EFA_STATS = {
    "objective": "objective",
    "chi2 (STATISTIC)": "chi2",
    "p (PVAL)": "pvalue",
    "TLI": "tli",
    "BIC": "bic",
    "RMSEA": "rmsea",
}


def efa_rows() -> list[Row]:
    from trustlab.psychometrics import efa

    rows = []
    for label, name, key, file, k, method, rotation in EFA_CASES:
        ref = fixture(name)[key]
        res = efa(data(file), k, method=method, rotation=rotation)
        case = f"{label}, {method}, {rotation}"
        fn = f"psych::fa {version(name, 'psych')}"
        if rotation in ("oblimin", "promax"):
            fn += f" (GPArotation {version(name, 'GPArotation')})"
        # R's loadings and Phi normalised by trustlab's rule: largest |loading| positive
        lam = table(ref["loadings"])
        top = lam.to_numpy()[np.argmax(np.abs(lam.to_numpy()), axis=0), np.arange(k)]
        signs = np.where(top < 0, -1.0, 1.0)
        lam = lam * signs
        sec = "Exploratory factor analysis"
        rows.append(
            group(
                sec,
                case,
                "loadings (sign-normalised)",
                res.loadings.to_numpy(),
                lam.to_numpy(),
                fn,
                cell_labels(res.loadings),
            )
        )
        h2 = ref["communality"]
        rows.append(
            group(
                sec,
                case,
                "communalities",
                res.communalities.to_numpy(),
                list(h2.values()),
                fn,
                list(h2),
            )
        )
        ss = table(ref["Vaccounted"]).loc["SS loadings"].to_numpy()
        rows.append(
            group(
                sec,
                case,
                "SS loadings",
                res.variance.loc["SS loadings"].to_numpy(),
                ss,
                fn,
                list(res.loadings.columns),
            )
        )
        if "Phi" in ref:
            phi = table(ref["Phi"]).to_numpy() * np.outer(signs, signs)
            rows.append(
                group(
                    sec,
                    case,
                    "factor correlations",
                    res.factor_correlations.to_numpy(),
                    phi,
                    fn,
                    cell_labels(res.factor_correlations),
                )
            )
        stats = ref["stats"]
        for stat, attr in EFA_STATS.items():
            key_r = stat.split("(")[-1].rstrip(")") if "(" in stat else stat
            value = stats["RMSEA"]["RMSEA"] if stat == "RMSEA" else stats[key_r]
            rows.append(single(sec, case, stat, getattr(res, attr), value, fn))
        rows.append(
            single(sec, case, "RMSEA 90% CI lower", res.rmsea_ci[0], stats["RMSEA"]["lower"], fn)
        )
        rows.append(
            single(sec, case, "RMSEA 90% CI upper", res.rmsea_ci[1], stats["RMSEA"]["upper"], fn)
        )
    return rows


# ---- CFA ----------------------------------------------------------------------------------

THREE = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"], "speed": ["x7", "x8", "x9"]}
CFA_CASES = {
    # label: (fixture, key, data, model, std_lv)
    "Holzinger three-factor": ("cfa_holzinger", "three_factor", "holzinger9.csv", THREE, False),
    "Holzinger two-factor (x1-x6, std.lv)": (
        "cfa_holzinger",
        "two_factor",
        "holzinger9.csv",
        {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"]},
        True,
    ),
    "Holzinger one-factor (x1-x9)": (
        "cfa_extra",
        "one_factor",
        "holzinger9.csv",
        {"g": [f"x{i}" for i in range(1, 10)]},
        False,
    ),
    "Holzinger just-identified (x4-x6, std.lv)": (
        "cfa_extra",
        "just_identified",
        "holzinger9.csv",
        {"textual": ["x4", "x5", "x6"]},
        True,
    ),
    "Holzinger three-factor, listwise (n = 263)": (
        "cfa_extra",
        "listwise",
        "holzinger9_na.csv",
        THREE,
        False,
    ),
    "Holzinger three 2-item factors (Heywood case)": (
        "cfa_extra",
        "two_item",
        "holzinger9.csv",
        {"visual": ["x1", "x2"], "textual": ["x4", "x5"], "speed": ["x7", "x8"]},
        False,
    ),
}
CFA_FIT = [
    "chisq",
    "df",
    "pvalue",
    "cfi",
    "tli",
    "rmsea",
    "rmsea.ci.lower",
    "rmsea.ci.upper",
    "srmr",
    "logl",
    "aic",
    "bic",
]


def cfa_rows() -> tuple[list[Row], dict]:
    from trustlab.psychometrics import CFAWarning, cfa

    rows, fits = [], {}
    for case, (name, key, file, model, std_lv) in CFA_CASES.items():
        ref = fixture(name)[key]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CFAWarning)
            res = cfa(data(file), model, std_lv=std_lv)
        fits[key] = res
        fn = f"lavaan::cfa {version(name, 'lavaan')}"
        sec = "Confirmatory factor analysis"
        for stat in CFA_FIT:
            rows.append(single(sec, case, stat, res.fit[stat], ref["fit_measures"][stat], fn))
        pe = pd.DataFrame(ref["parameter_estimates"])
        labels = (pe["lhs"] + " " + pe["op"] + " " + pe["rhs"]).to_numpy()
        for col in ("est", "se"):
            rows.append(
                group(
                    sec,
                    case,
                    f"parameter {col}",
                    res.parameters[col].to_numpy(float),
                    pe[col].to_numpy(),
                    fn,
                    labels,
                )
            )
        ss = pd.DataFrame(ref["standardized_solution"])
        labels = (ss["lhs"] + " " + ss["op"] + " " + ss["rhs"]).to_numpy()
        for col, what in (("est.std", "std.all estimate"), ("se", "std.all se")):
            rows.append(
                group(
                    sec,
                    case,
                    what,
                    res.standardized[col].to_numpy(float),
                    ss[col].to_numpy(),
                    fn,
                    labels,
                )
            )
    lrt = fixture("cfa_extra")["lrt"]
    compared = fits["three_factor"].compare(fits["one_factor"])
    fn = f"lavaan::lavTestLRT {version('cfa_extra', 'lavaan')}"
    case = "Holzinger three-factor vs one-factor"
    sec = "Chi-square difference test"
    rows += [
        single(
            sec, case, "chi2 difference", compared["chisq_diff"].iloc[1], lrt["Chisq_diff"][1], fn
        ),
        single(sec, case, "df difference", compared["df_diff"].iloc[1], lrt["Df_diff"][1], fn),
        single(sec, case, "p", compared["pvalue"].iloc[1], lrt["Pr"][1], fn),
    ]
    return rows, fits


# ---- page ---------------------------------------------------------------------------------


def compute() -> list[Row]:
    """Every compared statistic, in page order."""
    cfa, _ = cfa_rows()
    return alpha_rows() + omega_rows() + structure_rows() + efa_rows() + cfa


def fmt_value(v: float) -> str:
    if math.isnan(v):
        return "NA"
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.9g}"


def near_zero(row: Row) -> bool:
    """R's value is zero in theory or underflowed (a relative difference means nothing)."""
    return abs(row.ref) < ZERO


def fmt_diff(row: Row, which: str) -> str:
    if math.isnan(row.rel_diff):
        return "(both NA)"
    if math.isinf(row.abs_diff):
        return "one NA"
    if row.abs_diff == 0 and float(row.ours).is_integer():
        return "0"  # counts, and exact zeros
    if which == "rel" and row.ref == 0:
        return "n/a (R = 0)"
    if row.rel_diff <= FLOOR:
        return f"< {FLOOR:.0e}" if which == "rel" else "≈ 0"
    value = row.abs_diff if which == "abs" else row.rel_diff
    return f"{value:.2g}"


def line(row: Row, with_section: bool = False) -> str:
    cells = [row.case, row.statistic.replace("|", "\\|")]
    if with_section:
        cells.insert(0, row.section)
    cells += [
        fmt_value(row.ours),
        fmt_value(row.ref),
        fmt_diff(row, "abs"),
        fmt_diff(row, "rel"),
        fmt_tolerance(row),
        row.function,
    ]
    return "| " + " | ".join(cells) + " |"


HEADER_ALL = (
    "| section | case | statistic | trustlab | R | abs diff | rel diff | tolerance | R function |"
)


def render(rows: list[Row] | None = None) -> str:
    rows = compute() if rows is None else rows
    meta = fixture("alpha")["_meta"]
    lines = [
        "# Agreement with R",
        "",
        "Generated by `python tools/r_agreement.py` from the R reference fixtures in",
        "`tests/reference/` (data, R scripts and JSON output); do not edit by hand.",
        "`tests/test_r_agreement.py` fails when this page is out of date: when a statistic on it",
        "no longer agrees with a fresh computation at the row's tolerance. The page is not",
        "compared character for character: an ill-conditioned quantity (the Heywood case's SEs)",
        "differs in its last digits between processors and BLAS libraries.",
        "",
        f"R: {meta['R_version']}, {meta['platform']}, reference BLAS/LAPACK. The R function and",
        "package version are given on each row. trustlab's value is recomputed from the same",
        "committed data that R used.",
        "",
        "How to read the table:",
        "",
        "- One row per statistic. A row named `...: max over n` summarises a table column",
        "  (n cells): it shows the values at the cell with the largest absolute difference (named",
        "  after `at`) and the largest relative difference over all n cells.",
        "- `abs diff` is |trustlab - R|, `rel diff` is |trustlab - R| / |R|. A relative",
        f"  difference below {FLOOR:.0e} is floating-point rounding and is shown as",
        f"  `< {FLOOR:.0e}` (absolute `≈ 0`). Values have 9 significant digits. Where R's value is",
        f"  below {ZERO:.0e} in absolute value (zero in theory, or a p-value far in the tail) the",
        "  relative difference says little; the tests compare those values absolutely.",
        "- Closed-form statistics (alpha and its item table, Feldt CI, KMO, Bartlett, eigenvalues)",
        "  agree to rounding. Iterative ones differ by the optimisers' stopping points: psych's",
        "  ML/minres fits and lavaan's `nlminb` stop earlier than trustlab, and rotations",
        "  (`stats::varimax`, GPArotation) converge to about 1e-5 in R as in trustlab.",
        "- EFA loadings and factor correlations: R's are first sign-normalised by trustlab's rule",
        "  (each factor's largest |loading| positive; psych makes the column sum positive).",
        "  Factors are in the same order in both (variance explained).",
        "- `tolerance` is the one the R-reference tests (`tests/test_reliability.py`,",
        "  `test_omega.py`, `test_structure.py`, `test_cfa.py`) use for the statistic: trustlab",
        "  and R agree when |trustlab - R| <= abs + rel x |R|. 1e-9 relative for closed forms,",
        "  1e-4 for ML estimates, rotations and fit indices, 1e-4 absolute for EFA loadings,",
        "  p-values 1e-3 relative or 1e-9 absolute, the Heywood case's nearly unidentified",
        "  parameters 2e-3.",
        "",
        f"## Largest relative differences ({N_LARGEST})",
        "",
        HEADER_ALL,
        "|---|---|---|---|---|---|---|---|---|",
    ]
    finite = [r for r in rows if not math.isnan(r.rel_diff) and not near_zero(r)]
    largest = sorted(finite, key=lambda r: -r.rel_diff)[:N_LARGEST]
    lines += [line(r, with_section=True) for r in largest]
    zeros = [r for r in rows if near_zero(r) and r.abs_diff > 0 and r.rel_diff > FLOOR]
    lines += [
        "",
        f"Values that R gives as (nearly) zero, |R| < {ZERO:.0e} (tiny p-values, zero-fit",
        "statistics of a just-identified model), are left out above; those that differ by more",
        "than rounding:",
        "",
        HEADER_ALL,
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [line(r, with_section=True) for r in sorted(zeros, key=lambda r: -r.abs_diff)]
    sections = list(dict.fromkeys(r.section for r in rows))
    for section in sections:
        lines += [
            "",
            f"## {section}",
            "",
            "| case | statistic | trustlab | R | abs diff | rel diff | tolerance | R function |",
            "|---|---|---|---|---|---|---|---|",
        ]
        lines += [line(r) for r in rows if r.section == section]
    return "\n".join(lines) + "\n"


SPLIT = re.compile(r"(?<!\\)\|")


def read_page(text: str) -> dict[tuple[str, str, str], tuple[str, float, float]]:
    """The rows of the per-section tables of a rendered page: ``(section, case, statistic)``
    (the statistic without its ``, at ...`` location) -> ``(location, trustlab, R)``."""
    rows: dict[tuple[str, str, str], tuple[str, float, float]] = {}
    section = None
    for raw in text.splitlines():
        if raw.startswith("## "):
            title = raw[3:].strip()
            section = None if title.startswith("Largest") else title
            continue
        if section is None or not raw.startswith("| ") or raw.startswith(("| case", "|---")):
            continue
        cells = [c.strip() for c in SPLIT.split(raw.strip())[1:-1]]
        statistic, _, location = cells[1].replace("\\|", "|").partition(", at ")
        rows[(section, cells[0], statistic)] = (location, _number(cells[2]), _number(cells[3]))
    return rows


def _number(text: str) -> float:
    return float("nan") if text == "NA" else float(text)


def page_key(row: Row) -> tuple[str, str, str]:
    statistic, _, _ = row.statistic.partition(", at ")
    return (row.section, row.case, statistic)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    PAGE.parent.mkdir(exist_ok=True)
    PAGE.write_text(render(), encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
