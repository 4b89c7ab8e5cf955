"""The readers of formats other than CSV (trustlab.input.read.READERS): each loads with the file
that needs it, so reading a CSV file never loads openpyxl, pyreadstat or pyarrow's Parquet
reader."""

from __future__ import annotations

import subprocess
import sys
from importlib import import_module

from trustlab.input.read import FORMATS, READERS


def test_every_format_but_csv_has_a_reader_module():
    assert set(READERS) == set(FORMATS.values()) - {"csv"}
    for module in set(READERS.values()):
        assert callable(import_module(module).read_file)


def test_reading_a_csv_file_loads_no_other_reader(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("respondent_id;T1\n1;3\n2;4\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from trustlab.input.read import read_table\n"
        f"table, source = read_table({str(path)!r})\n"
        "print(source.format, len(table), *(m in sys.modules for m in "
        "('openpyxl', 'pyreadstat', 'pyarrow.parquet', 'trustlab.input.parquet')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["csv", "2", "False", "False", "False", "False"]


def test_a_parquet_file_loads_its_reader(tmp_path):
    import pandas as pd

    path = tmp_path / "answers.parquet"
    pd.DataFrame({"respondent_id": [1, 2], "T1": [3, 4]}).to_parquet(path)
    code = (
        "import sys\n"
        "from trustlab.input.read import read_table\n"
        f"table, source = read_table({str(path)!r})\n"
        "print(source.format, len(table), 'trustlab.input.parquet' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["parquet", "2", "True"]
