"""Reading the R reference fixtures (tests/reference/): JSON results and the data R used."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

REF = Path(__file__).parent / "reference"


@cache
def fixture(name: str) -> dict:
    """``tests/reference/fixtures/<name>.json`` as written by the R scripts."""
    return json.loads((REF / "fixtures" / f"{name}.json").read_text(encoding="utf-8"))


@cache
def data(name: str) -> pd.DataFrame:
    """``tests/reference/data/<name>``: the exact rows R used (empty field = NA)."""
    return pd.read_csv(REF / "data" / name)


def table(obj: dict) -> pd.DataFrame:
    """A matrix or table fixture (``rownames``, ``colnames``, row-major ``values``)."""
    return pd.DataFrame(np.array(obj["values"], dtype=float), obj["rownames"], obj["colnames"])


FREQ = ["minder dan 1 keer per jaar", "1-2 keer per jaar", "3-4 keer per jaar",
        "meer dan 4 keer per jaar"]  # fmt: skip
ROLES = ["trekker", "partner", "beleidsmaker", "ervaringsdeskundige"]
ORGS = ["lokaal bestuur", "welzijn en armoede", "cultuur sport jeugd", "andere"]
QUAD = ["hoog vertrouwen, laag wantrouwen", "hoog vertrouwen, hoog wantrouwen",
        "laag vertrouwen, laag wantrouwen", "laag vertrouwen, hoog wantrouwen"]  # fmt: skip


@cache
def _trust_sample() -> pd.DataFrame:
    d = data("trust_sample.csv")
    d["meeting_frequency"] = pd.Categorical(d["meeting_frequency"], FREQ, ordered=True)
    d["role"] = pd.Categorical(d["role"], ROLES)
    d["org_type"] = pd.Categorical(d["org_type"], ORGS)
    d["quadrant"] = pd.Categorical(d["quadrant"], QUAD)
    d["log_per_year"] = np.log(d["per_year"])
    return d


def trust_sample() -> pd.DataFrame:
    """The scored sample R used (tests/reference/trust_models.R), categories in codebook order."""
    return _trust_sample().copy()


# psych::alpha's names -> trustlab's AlphaResult attributes / item-table columns
PSYCH_ALPHA_TOTAL = {
    "raw_alpha": "alpha",
    "std.alpha": "std_alpha",
    "G6(smc)": "g6",
    "average_r": "average_r",
    "S/N": "signal_noise",
    "ase": "ase",
    "mean": "mean",
    "sd": "sd",
    "median_r": "median_r",
}

PSYCH_ALPHA_ITEM = {
    "n": "n",
    "raw.r": "raw_r",
    "std.r": "std_r",
    "r.cor": "r_cor",
    "r.drop": "r_drop",
    "mean": "mean",
    "sd": "sd",
}

PSYCH_ALPHA_DROP = {
    "raw_alpha": "alpha_if_dropped",
    "std.alpha": "std_alpha_if_dropped",
    "G6(smc)": "g6_if_dropped",
    "average_r": "average_r_if_dropped",
    "S/N": "signal_noise_if_dropped",
    "alpha se": "ase_if_dropped",
    "var.r": "var_r_if_dropped",
    "med.r": "median_r_if_dropped",
}


CONTACT = ["rarely", "monthly", "weekly", "daily"]
HELDOUT_ROLES = ["member", "lead", "guest"]


@cache
def _heldout() -> pd.DataFrame:
    d = data("heldout_survey.csv")
    d["contact"] = pd.Categorical(d["contact"], CONTACT, ordered=True)
    d["role"] = pd.Categorical(d["role"], HELDOUT_ROLES)
    return d


def heldout_survey() -> pd.DataFrame:
    """The held-out survey (tests/reference/heldout_survey.R): 30 teams, 7-point items Q1..Q5,
    ``contact`` (rarely < monthly < weekly < daily) and ``role`` in R's factor order."""
    return _heldout().copy()


@cache
def _chickweight() -> pd.DataFrame:
    d = data("chickweight.csv")
    d["Diet"] = pd.Categorical(d["Diet"], ["D1", "D2", "D3", "D4"])
    return d


def chickweight() -> pd.DataFrame:
    """``datasets::ChickWeight`` as cluster_inference.R wrote it (Chick C1.., Diet D1..D4)."""
    return _chickweight().copy()
