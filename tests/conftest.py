"""Shared helpers: a small canonical survey and writers for every file format trustlab reads."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import settings

# Hypothesis: in the suite (profile "ci", the default) every property draws the same examples on
# every machine and in every order (derandomize) and keeps no example database in the checkout;
# tools/fuzz.py runs the same properties with fresh random examples (profile "fuzz") for hours.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("fuzz", derandomize=False, database=None, deadline=None, print_blob=True)
# the CLI draws the report's figures in one process: a second one per test would only take
# turns with the test processes (tests/report/test_figure_worker.py starts its own)
os.environ.setdefault("TRUSTLAB_JOBS", "1")
settings.load_profile(os.environ.get("TRUSTLAB_HYPOTHESIS_PROFILE", "ci"))

ITEMS = ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "D1", "D2", "D3", "D4"]
FREQ = [
    "minder dan 1 keer per jaar",
    "1-2 keer per jaar",
    "3-4 keer per jaar",
    "meer dan 4 keer per jaar",
]
ROLES = ["trekker", "partner", "beleidsmaker", "ervaringsdeskundige"]
ORGS = ["lokaal bestuur", "welzijn en armoede", "cultuur sport jeugd", "andere"]


def make_frame(n: int = 12) -> pd.DataFrame:
    """A valid survey in canonical columns, as a respondent-facing file holds it."""
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(
        {
            "respondent_id": [f"R{i + 1:02d}" for i in range(n)],
            "network_id": [f"N{i % 3 + 1}" for i in range(n)],
            "role": [ROLES[i % 4] for i in range(n)],
            "org_type": [ORGS[(i + 1) % 4] for i in range(n)],
            "years_in_network": [[2.5, 9.0, 0.5, 12.0][i % 4] for i in range(n)],
            "meeting_frequency": [FREQ[i % 4] for i in range(n)],
        }
    )
    for item in ITEMS:
        frame[item] = rng.integers(1, 6, n).astype(float)
    frame.loc[1, "T2"] = np.nan
    frame.loc[4, "D3"] = np.nan
    frame["opmerking"] = ["één" if i % 5 == 0 else "" for i in range(n)]
    return frame


@pytest.fixture
def frame() -> pd.DataFrame:
    return make_frame()


def write_csv(
    frame: pd.DataFrame,
    path: Path,
    *,
    sep: str = ",",
    decimal: str = ".",
    encoding: str = "utf-8",
    lineterminator: str = "\n",
) -> Path:
    frame.to_csv(
        path,
        index=False,
        sep=sep,
        decimal=decimal,
        encoding=encoding,
        lineterminator=lineterminator,
        float_format="%g",
    )
    return path


def write_belgian(frame: pd.DataFrame, path: Path) -> Path:
    """As Excel in a Belgian locale saves 'CSV (puntkomma)': ; cp1252, decimal comma, CRLF."""
    return write_csv(frame, path, sep=";", decimal=",", encoding="cp1252", lineterminator="\r\n")


def write_xlsx(frame: pd.DataFrame, path: Path) -> Path:
    out = frame.copy()
    out["opmerking"] = out["opmerking"].replace("", None)
    out.to_excel(path, index=False, engine="openpyxl")
    return path


def _coded(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Categories as codes 1..k with value labels (codes deliberately not the codebook's 0..3)."""
    out = frame.copy()
    labels = {}
    for column, cats in (("role", ROLES), ("org_type", ORGS), ("meeting_frequency", FREQ)):
        mapping = {label: float(code) for code, label in enumerate(cats, start=1)}
        out[column] = out[column].map(mapping)
        labels[column] = {code: label for label, code in mapping.items()}
    return out, labels


def write_sav(frame: pd.DataFrame, path: Path) -> Path:
    import pyreadstat

    out, labels = _coded(frame)
    pyreadstat.write_sav(out, str(path), variable_value_labels=labels)
    return path


def write_dta(frame: pd.DataFrame, path: Path) -> Path:
    import pyreadstat

    out, labels = _coded(frame)
    labels = {c: {int(k): v for k, v in m.items()} for c, m in labels.items()}
    for column in labels:
        out[column] = out[column].astype("int32")
    pyreadstat.write_dta(out, str(path), variable_value_labels=labels)
    return path


def write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_parquet(path, index=False)
    return path


WRITERS = {
    "csv": ("data.csv", write_csv),
    "belgian": ("data_be.csv", write_belgian),
    "xlsx": ("data.xlsx", write_xlsx),
    "sav": ("data.sav", write_sav),
    "dta": ("data.dta", write_dta),
    "parquet": ("data.parquet", write_parquet),
}


def write(frame: pd.DataFrame, tmp_path: Path, fmt: str) -> Path:
    name, writer = WRITERS[fmt]
    return writer(frame, tmp_path / name)


@pytest.fixture(autouse=True)
def _work_in_tmp(tmp_path, monkeypatch):
    """Run every test in its own folder, so that default outputs (trustlab-report/) land there."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def three_scales():
    """Three scales, an exposure, teams and roles, two items reversed but not declared so (a
    notice from two scales): a DataFrame and the roles of ``trustlab.analyse``."""
    rng = np.random.default_rng(7)
    level = rng.integers(2, 7, 90)
    df = pd.DataFrame(
        {f"q{i}": np.clip(level + rng.integers(-1, 2, 90), 1, 7) for i in range(1, 10)}
    )
    levels = ["rarely", "monthly", "weekly"]
    df["contact"] = pd.Categorical(rng.choice(levels, 90), categories=levels, ordered=True)
    df["team"] = rng.choice(list("ABCDEFGHIJ"), 90)
    df["role"] = rng.choice(["staff", "volunteer"], 90)
    df["q3"], df["q8"] = 8 - df["q3"], 8 - df["q8"]  # not declared reversed: a notice each
    roles = {"scales": {"a": ["q1", "q2", "q3"], "b": ["q4", "q5", "q6"], "c": ["q7", "q8", "q9"]},
             "response_range": (1, 7), "exposure": "contact", "cluster": "team",
             "groups": ["role"], "n_boot": 30, "progress": False}  # fmt: skip
    return df, roles
