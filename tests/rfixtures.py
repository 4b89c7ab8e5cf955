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
