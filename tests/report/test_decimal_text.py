"""Numbers with a decimal comma for tables/*.csv: the very bytes pandas writes, for rounded numbers
(built from whole numbers) and for every other float (formatted by Python)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from trustlab.report.decimal_text import decimal_text
from trustlab.report.spreadsheet import SheetTable, to_csv


def _pandas(values: np.ndarray) -> list[str]:
    """What ``to_csv(decimal=",")`` writes per value: ``str(v)`` with a comma, NaN empty."""
    return ["" if np.isnan(v) else str(v).replace(".", ",", 1) for v in values]


def _numbers() -> np.ndarray:
    rng = np.random.default_rng(8)
    return np.concatenate([
        rng.normal(size=20_000).round(4),
        (rng.normal(size=20_000) * 1e6).round(4),
        (rng.normal(size=5_000) * 1e11).round(4),  # 15 and more significant digits
        (rng.normal(size=5_000) * 1e17).round(4),  # beyond 1e16: exponent notation
        rng.integers(-10**15, 10**15, 5_000) / 1e4,
        rng.integers(-10**17, 10**17, 5_000) / 1e4,
        rng.uniform(size=5_000),  # not rounded: Python formats them
        10.0 ** rng.uniform(-20, 20, size=5_000) * rng.choice([-1, 1], size=5_000),
        [float(f"{v:.4g}") for v in rng.uniform(size=5_000) ** 5],  # p-values
        [0.0, -0.0, np.nan, 1.0, -1.0, 1e-4, -1e-4, 1e-5, 0.00012, 99999999999.9999,
         1e15, 1e16, 9999999999999998.0, np.inf, -np.inf, 5e-324, 1.7976931348623157e308,
         0.1 + 0.2, 65535.9999, 65536.0, -65536.5],
    ])  # fmt: skip


def test_decimal_text_is_pythons_text_with_a_comma():
    values = _numbers()
    assert decimal_text(values).tolist() == _pandas(values)
    assert decimal_text(values, ".").tolist() == [s.replace(",", ".") for s in _pandas(values)]


def test_decimal_text_of_known_numbers():
    values = np.array([2.9062, -0.5, 3.0, -0.0, 0.0001, 12345.6789, 1e16, np.nan, -np.inf])
    assert decimal_text(values).tolist() == [
        "2,9062", "-0,5", "3,0", "-0,0", "0,0001", "12345,6789", "1e+16", "", "-inf"
    ]  # fmt: skip
    assert decimal_text(np.array([])).tolist() == []


def test_dutch_csv_is_byte_for_byte_pandas(tmp_path):
    values = _numbers()
    n = len(values)
    frame = pd.DataFrame({
        "Cluster": np.arange(1, n + 1),
        "n": pd.array(np.arange(n) % 7, dtype="Int64"),
        "Gemiddelde": values,
        "rwg(j)": values[::-1].copy(),
        "Overeenstemming": np.where(np.arange(n) % 3 == 0, "sterk; ja", "matig"),
        "Mixed": pd.Series([1.5, "a,b", None] * (n // 3) + [2.5] * (n % 3), dtype=object),
        "Float32": np.clip(values, -1e30, 1e30).astype(np.float32),
        "Klein": [True, False] * (n // 2) + [True] * (n % 2),
    })  # fmt: skip
    frame.loc[5, "Gemiddelde"] = np.nan
    path = tmp_path / "t.csv"
    path.write_bytes(to_csv(SheetTable("t", frame), "nl"))
    expected = frame.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
    assert path.read_bytes() == ("\ufeff" + expected).encode("utf-8")
    assert path.read_bytes().decode("utf-8-sig").splitlines()[1].split(";")[:4] == [
        "1", "0", _pandas(values[:1])[0], _pandas(values[-1:])[0]
    ]  # fmt: skip
    english = tmp_path / "e.csv"
    english.write_bytes(to_csv(SheetTable("t", frame), "en"))
    text = frame.to_csv(index=False, sep=",", decimal=".", lineterminator="\r\n")
    assert english.read_bytes() == ("\ufeff" + text).encode("utf-8")
