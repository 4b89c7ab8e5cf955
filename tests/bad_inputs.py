"""The catalogue of bad inputs: each case writes a real file and states what trustlab must say.

``tests/test_bad_inputs.py`` checks every case through the library (exception class and its
``column``, ``row`` and ``value``) and through the command line (exit status 2, the same message,
no traceback). ``tools/bad_input_catalogue.py`` renders the same cases as ``docs/bad-inputs.md``,
and a test keeps that page current, so the documentation cannot drift from the behaviour.

In ``message``, ``{path}`` stands for the file as given on the command line. A case with
``stage="analyse"`` reads fine (``validate`` exits 0) and is refused by ``analyse``: the library
raises it from :func:`trustlab.analyse`, the command line ``analyse`` exits with status 2.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from conftest import ITEMS, make_frame, write_csv
from trustlab import errors


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    build: Callable[[Path], Path]
    error: type
    message: str
    column: str | None = None
    row: int | None = None
    value: object = None
    args: tuple[str, ...] = ()
    stage: str = "read"


def _csv(change: Callable[[pd.DataFrame], pd.DataFrame | None], name: str = "data.csv"):
    def build(folder: Path) -> Path:
        frame = make_frame().astype({c: object for c in ("T1", "T2", "years_in_network")})
        changed = change(frame)
        return write_csv(frame if changed is None else changed, folder / name)

    return build


def _bytes(content: bytes, name: str):
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path

    return build


def _edit_text(edit: Callable[[str], str]):
    def build(folder: Path) -> Path:
        path = write_csv(make_frame(), folder / "data.csv")
        path.write_text(edit(path.read_text()))
        return path

    return build


def _one_item_scale(folder: Path) -> Path:
    import yaml

    from trustlab.input.codebook import default_codebook

    raw = default_codebook().raw
    raw["scales"]["distrust"]["items"] = ["D1"]
    raw["items"] = [i for i in raw["items"] if i["column"] in [*ITEMS[:7], "D1"]]
    text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
    (folder / "cb.yaml").write_text(text, encoding="utf-8")
    return write_csv(make_frame(), folder / "data.csv")


def _codebook(edit: Callable[[str], str]):
    """The default codebook as YAML text, edited, in cb.yaml; the data file is a valid one."""

    def build(folder: Path) -> Path:
        import yaml

        from trustlab.input.codebook import default_codebook

        text = yaml.safe_dump(default_codebook().raw, allow_unicode=True, sort_keys=False)
        (folder / "cb.yaml").write_text(edit(text), encoding="utf-8")
        return write_csv(make_frame(), folder / "data.csv")

    return build


def _laughs(text: str) -> str:
    lines = ['lol: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"lol{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n" + text


def _far_cell(folder: Path) -> Path:
    import openpyxl

    from conftest import write_xlsx

    path = write_xlsx(make_frame(), folder / "data.xlsx")
    book = openpyxl.load_workbook(path)
    book.active["XFD1048576"] = "x"
    book.save(path)
    return path


def _long_cell(frame: pd.DataFrame) -> None:
    frame["opmerking"] = ""
    frame.loc[2, "opmerking"] = "y" * 1_048_577


def _folder(folder: Path) -> Path:
    (folder / "data.csv").mkdir()
    return folder / "data.csv"


def _set(column: str, rows: dict[int, object]):
    def change(frame: pd.DataFrame) -> None:
        for index, value in rows.items():
            frame.loc[index, column] = value

    return change


def _ragged(text: str) -> str:
    lines = text.splitlines()
    lines[4] += ",extra"
    return "\n".join(lines) + "\n"


ITEM_CODES = (
    "a whole number from 1 to 5, or a missing code (9, 99, 'weet niet', 'geen antwoord', 'n.v.t.')"
)
FREQUENCIES = (
    "one of 'minder dan 1 keer per jaar', '1-2 keer per jaar', '3-4 keer per jaar', "
    "'meer dan 4 keer per jaar' (or the code 0, 1, 2, 3)"
)

CASES = [
    Case("missing-file", "the file does not exist", lambda f: f / "data.csv",
         errors.MissingFileError, "{path}: file not found."),
    Case("folder", "a folder instead of a file", _folder, errors.InputFileError,
         "{path}: not a file (is it a folder?)."),
    Case("unknown-extension", "an extension trustlab does not read (.docx)",
         _bytes(b"x", "data.docx"), errors.UnsupportedFormatError,
         "{path}: trustlab cannot read '.docx' files. Expected one of: .csv, .dta, .parquet, "
         ".pq, .sav, .tsv, .txt, .xlsm, .xlsx, .zsav.", value=".docx"),
    Case("corrupt-excel", "an .xlsx that is not a workbook", _bytes(b"respondent_id\nR1\n",
         "data.xlsx"), errors.InputFileError,
         "{path}: cannot be read as an Excel workbook (File is not a zip file)."),
    Case("corrupt-spss", "a .sav that is not an SPSS file", _bytes(b"respondent_id\nR1\n",
         "data.sav"), errors.InputFileError,
         "{path}: cannot be read as an SPSS file (Unable to read from file)."),
    Case("empty", "an empty file (0 bytes)", _bytes(b"", "data.csv"), errors.InputFileError,
         "{path}: the file is empty."),
    Case("header-only", "a header and no respondents", _csv(lambda f: f.iloc[:0]),
         errors.NoRespondentsError,
         "{path}: the file has a header but no respondents (0 data rows)."),
    Case("binary", "not a text file (binary data named .csv)",
         _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "data.csv"),
         errors.InputFileError,
         "{path}: this is not a text file (it contains binary data). If it is an Excel, SPSS "
         "or Stata file, give it its proper extension (.xlsx, .sav, .dta)."),
    Case("bad-encoding", "text in neither UTF-8 nor Windows-1252",
         _bytes(b"respondent_id\nR\x81\n", "data.csv"), errors.InputFileError,
         "{path}: the text is neither UTF-8 nor Windows-1252 (byte 0x81 at position 15); save "
         "it as UTF-8 CSV and try again."),
    Case("ragged-row", "a row with more cells than the header", _edit_text(_ragged),
         errors.InputFileError,
         "{path}: row 5 has 19 fields but the header has 18 (comma-separated). Check for an "
         "unquoted comma inside a cell.", row=5),
    Case("missing-column", "a required column is missing (misspelt)",
         _csv(lambda f: f.rename(columns={"meeting_frequency": "meeting_freq"})),
         errors.MissingColumnError,
         "{path}: required column 'meeting_frequency' not found. Did you mean 'meeting_freq'? "
         "The file has: 'respondent_id', 'network_id', 'role', 'org_type', 'years_in_network', "
         "'meeting_freq', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'D1', 'D2', 'D3', 'D4', "
         "'opmerking'. Rename the column in the file or describe your columns in a codebook "
         "(python -m trustlab codebook init FILE).", column="meeting_frequency"),
    Case("duplicate-column", "two columns with the same name",
         _edit_text(lambda t: t.replace("D1,D2", "D1,D1", 1)), errors.DuplicateColumnError,
         "{path}: columns N and O have the same name 'D1'; rename one of them so that each "
         "column has its own name.", column="D1"),
    Case("out-of-range", "an answer outside the response range (6 on 1..5)",
         _csv(_set("T3", {3: 6})),
         errors.OutOfRangeError,
         "{path}: column 'T3': 1 value(s) outside the response range 1..5: row 5 ('6'). "
         f"Expected {ITEM_CODES}.", column="T3", row=5, value="6"),
    Case("many-out-of-range", "many bad cells in one column",
         _csv(_set("T1", dict(enumerate([0, 6, 7, 3, 8, 2.5, 4, 10])))), errors.OutOfRangeError,
         "{path}: column 'T1': 6 value(s) outside the response range 1..5: row 2 ('0'), row 3 "
         "('6'), row 4 ('7'), row 6 ('8'), row 7 ('2.5') and 1 more. "
         f"Expected {ITEM_CODES}.", column="T1", row=2, value="0"),
    Case("unknown-category", "an unknown category label",
         _csv(_set("meeting_frequency", {1: "wekelijks"})), errors.UnknownCategoryError,
         "{path}: column 'meeting_frequency': 1 unknown category label(s): row 3 ('wekelijks'). "
         f"Expected {FREQUENCIES}.", column="meeting_frequency", row=3, value="wekelijks"),
    Case("text-in-item", "text in a numeric item", _csv(_set("T2", {5: "vier"})),
         errors.NonNumericError,
         "{path}: column 'T2': 1 text where a number was expected: row 7 ('vier'). "
         f"Expected {ITEM_CODES}.", column="T2", row=7, value="vier"),
    Case("text-in-number", "text in a numeric covariate",
         _csv(_set("years_in_network", {0: "drie"})),
         errors.NonNumericError,
         "{path}: column 'years_in_network': 1 text where a number was expected: row 2 ('drie')."
         " Expected a number from 0 to 60.", column="years_in_network", row=2, value="drie"),
    Case("duplicate-id", "two respondents with the same id",
         _csv(_set("respondent_id", {7: "R02"})), errors.DuplicateIdError,
         "{path}: column 'respondent_id': duplicate respondent id 'R02' in rows 3 and 9. Each "
         "respondent needs a unique id.", column="respondent_id", row=3, value="R02"),
    Case("missing-id", "a respondent without an id", _csv(_set("respondent_id", {2: ""})),
         errors.MissingIdError,
         "{path}: column 'respondent_id': 1 respondent(s) without an id: row 4 (''). Every "
         "respondent needs an id.", column="respondent_id", row=4, value=""),
    Case("empty-item", "an item missing for everyone",
         _csv(_set("T2", dict.fromkeys(range(12), np.nan))),
         errors.EmptyItemError,
         "{path}: column 'T2': no respondent has a valid answer (all 12 cells are empty or "
         "missing codes). Check the column, or remove the item from the codebook.", column="T2"),
    Case("bad-codebook", "a codebook with an unknown key",
         lambda f: (f / "cb.yaml").write_text("study: x\nid: r\nitemz: []\n") and write_csv(
             make_frame(), f / "data.csv"),
         errors.CodebookError,
         "{folder}/cb.yaml: itemz: unknown key 'itemz'. Did you mean 'items'? Allowed here: "
         "cluster, covariates, dimensions, exposure, groups, high, id, items, "
         "meeting_frequency, missing_codes, response_scale, scales, study.", column="itemz",
         args=("--codebook", "{folder}/cb.yaml")),
    Case("one-item-scale", "a codebook scale with a single item",
         _one_item_scale, errors.CodebookError,
         "{folder}/cb.yaml: scales.distrust: the scale has only one item ('D1'); a scale needs "
         "at least 2 items for its score to be checked (alpha, omega). Add the scale's other "
         "items, or declare 'D1' under covariates (type: numeric) instead.",
         column="scales.distrust", args=("--codebook", "{folder}/cb.yaml")),
    Case("billion-laughs", "a codebook of nested YAML aliases ('billion laughs', 600 bytes)",
         _codebook(_laughs), errors.CodebookError,
         "{folder}/cb.yaml: line 7: with its aliases (*name) expanded the codebook holds more "
         "than 1,000,000 values; a codebook needs far fewer. Aliases that repeat aliases "
         "multiply (a 'billion laughs' file); write the values out instead.",
         args=("--codebook", "{folder}/cb.yaml")),
    Case("deep-yaml", "a codebook nested 10,000 levels deep",
         _codebook(lambda t: t.replace("study:", "deep: " + "[" * 10_000 + "]" * 10_000
                                       + "\nstudy:", 1)), errors.CodebookError,
         "{folder}/cb.yaml: line 1: lists and mappings nest more than 32 levels deep; a codebook "
         "needs at most 5 (covariates, a category, its label); check the indentation and the "
         "brackets.", args=("--codebook", "{folder}/cb.yaml")),
    Case("duplicate-key", "a codebook key given twice (reverse: true, then reverse: false)",
         _codebook(lambda t: t.replace("  reverse: true\n", "  reverse: true\n  reverse: false\n",
                                       1)), errors.CodebookError,
         "{folder}/cb.yaml: line 72: the key 'reverse' appears twice in the same mapping (first "
         "at line 71); YAML would silently keep only the last one. Remove or merge one of them.",
         args=("--codebook", "{folder}/cb.yaml")),
    Case("huge-codebook", "a codebook file over 1 MiB",
         _codebook(lambda t: t + "# " + "x" * 1_048_576 + "\n"), errors.CodebookError,
         "{folder}/cb.yaml: the file is larger than 1,048,576 bytes (1 MiB), the largest codebook "
         "trustlab reads; a codebook of 5,000 items takes about 600 KB. Is this the codebook, and "
         "not the data file?", args=("--codebook", "{folder}/cb.yaml")),
    Case("huge-number", "a 400-digit number as the top of the response range",
         _codebook(lambda t: t.replace("  max: 5\n", "  max: " + "9" * 400 + "\n", 1)),
         errors.CodebookError,
         "{folder}/cb.yaml: response_scale.max: expected a number between -10^15 and 10^15, got "
         "a 400-digit number.", column="response_scale.max",
         args=("--codebook", "{folder}/cb.yaml")),
    Case("huge-range", "a response range of 1..1000000000",
         _codebook(lambda t: t.replace("  max: 5\n", "  max: 1000000000\n", 1)),
         errors.CodebookError,
         "{folder}/cb.yaml: response_scale: the range 1..1000000000 has 1,000,000,000 answer "
         "categories; trustlab accepts at most 101 (0..100, a percentage or slider scale), "
         "because every category of an item is counted, tabulated and plotted. Declare a wider "
         "variable under covariates (type: numeric) instead.", column="response_scale",
         args=("--codebook", "{folder}/cb.yaml")),
    Case("item-named-as-scale", "an item column named as its scale ('trust')",
         _codebook(lambda t: t.replace("- column: T1\n", "- column: trust\n", 1)
                   .replace("    - T1\n", "    - trust\n", 1)), errors.CodebookError,
         "{folder}/cb.yaml: columns: the column 'trust' has the name trustlab gives to the score "
         "of scale 'trust'; rename the column (in the file and the codebook) or the scale, so "
         "that the two cannot be confused.", column="columns",
         args=("--codebook", "{folder}/cb.yaml")),
    Case("too-many-columns", "a CSV file with 20,000 columns",
         _bytes((",".join(f"c{i}" for i in range(20_000)) + "\n").encode(), "data.csv"),
         errors.InputFileError,
         "{path}: the file has 20,000 columns; trustlab reads at most 16,384 (the most a "
         "spreadsheet holds, up to column XFD). Keep the survey's columns (the codebook's and a "
         "few more) and save the file again."),
    Case("long-cell", "a cell of over a million characters", _csv(_long_cell),
         errors.InputFileError,
         "{path}: cell R4 holds 1,048,577 characters; trustlab reads at most 1,048,576 in one "
         "cell (a free-text answer is far shorter). A cell this long is usually a quote (\") "
         "opened and never closed, which swallows the rest of the file: check the cell, which "
         "starts 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'.", row=4),
    Case("unclosed-quote", "a quote opened and never closed",
         _edit_text(lambda t: t.replace("\nR03,", '\n"R03,', 1)), errors.InputFileError,
         "{path}: a quote (\") opened in row 4 is never closed, so the rest of the file would be "
         "one cell; close the quote, or remove it.", row=4),
    Case("far-away-cell", "a workbook with one stray cell at XFD1048576", _far_cell,
         errors.InputFileError,
         "{path}: the sheet reaches cell XFD1048576 ('x'), a used range A1:XFD1048576, more than "
         "the 1,000,000 cells trustlab reads from an Excel sheet (reading Excel is slow, about "
         "100,000 cells a second). Cell XFD1048576 lies far from the data: if it is a stray "
         "entry, delete it (and the empty rows and columns before it) and save again."),
    Case("constant-item", "an item every respondent answered the same (no variance)",
         _csv(lambda f: f.assign(T3=4.0)), errors.PsychometricError,
         "Item 'T3' has no variance (every respondent gave the same answer, or fewer than 2 "
         "answered it); drop it from the scale.", column="T3", stage="analyse"),
    Case("one-respondent", "a single respondent", _csv(lambda f: f.iloc[:1]),
         errors.PsychometricError,
         "Only 1 respondent(s) answered any item; at least 2 are needed.", stage="analyse"),
]  # fmt: skip
