"""Every bad input of the catalogue (tests/bad_inputs.py): library error and command line."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import trustlab
from bad_inputs import CASES
from trustlab import errors
from trustlab.cli import main

ROOT = Path(__file__).resolve().parents[2]
# cell-level problems: `validate` reports them all instead of stopping at the first
REPORTED = (errors.InvalidValueError, errors.DuplicateIdError, errors.MissingIdError,
            errors.EmptyItemError)  # fmt: skip


def folder_out(path: Path) -> Path:
    return path.parent / "report"


def _expand(case, folder: Path, path: Path) -> tuple[str, list[str]]:
    message = case.message.format(path=path, folder=folder)
    args = [a.format(folder=folder) for a in case.args]
    return message, args


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_library_raises_the_documented_error(tmp_path, case):
    path = case.build(tmp_path)
    message, args = _expand(case, tmp_path, path)
    codebook = args[1] if args else None
    with pytest.raises(case.error) as info:
        if case.stage == "analyse":
            survey = trustlab.read_survey(path, codebook=codebook)  # reads fine
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", trustlab.TrustlabWarning)
                trustlab.analyse(survey, n_boot=0)
        else:
            trustlab.read_survey(path, codebook=codebook)
    err = info.value
    assert type(err) is case.error
    assert str(err) == message
    assert (err.column, err.row, err.value) == (case.column, case.row, case.value)
    if case.stage == "read":
        assert err.file == (codebook or str(path))


@pytest.mark.parametrize("command", ["analyse", "validate"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_command_line_exits_2_with_the_message(tmp_path, capsys, case, command):
    path = case.build(tmp_path)
    message, args = _expand(case, tmp_path, path)
    extra = ["--boot", "0", "--out", str(folder_out(path))] if command == "analyse" else []
    extra += ["--lang", "en"]  # the messages as the library words them
    status = main([command, str(path), *args, *extra])
    captured = capsys.readouterr()
    if case.stage == "analyse" and command == "validate":
        assert status == 0  # the file is usable; only the analysis refuses it
        return
    if command == "validate" and issubclass(case.error, REPORTED):
        # validate lists every problem in its report instead of stopping at the first
        assert status == 2
        assert message.split(": ", 1)[1].split(". Expected")[0] in captured.out
        return
    assert status == 2
    # the command line's advice names the user's own file (the library's says FILE)
    message = message.replace("codebook init FILE", f"codebook init {path} -o codebook.yaml")
    assert captured.err == f"trustlab: error: {message}\n"
    assert "Traceback" not in captured.err


def test_catalogue_page_is_current():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from bad_input_catalogue import render
    finally:
        sys.path.pop(0)
    page = ROOT / "docs" / "bad-inputs.md"
    assert page.read_text(encoding="utf-8") == render(), (
        "docs/bad-inputs.md is out of date: run python tools/bad_input_catalogue.py"
    )


def test_a_real_process_prints_no_traceback(tmp_path):
    case = next(c for c in CASES if c.name == "out-of-range")
    path = case.build(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "trustlab", "analyse", str(path), "--lang", "en"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == f"trustlab: error: {case.message.format(path=path)}\n"


#: The errors a user meets most often: the command line says them in Dutch with --lang nl.
COMMON = ("missing-file", "folder", "unknown-extension", "empty", "header-only",
          "missing-column", "out-of-range", "many-out-of-range", "unknown-category",
          "text-in-item", "text-in-number", "duplicate-id", "missing-id", "empty-item")  # fmt: skip
ENGLISH = __import__("re").compile(
    r"\b(the|and|with|from|file|found|not|required|column|value|values|outside|expected|"
    r"respondents|needs?|every|each|rows?|text|number|unknown|empty|header)\b"
)


@pytest.mark.parametrize("case", [c for c in CASES if c.name in COMMON], ids=lambda c: c.name)
def test_common_errors_in_dutch(tmp_path, capsys, case):
    path = case.build(tmp_path)
    _, args = _expand(case, tmp_path, path)
    status = main(["analyse", str(path), *args, "--boot", "0", "--out", str(folder_out(path))])
    err = capsys.readouterr().err
    assert status == 2 and err.startswith(f"trustlab: fout: {path}: "), err
    words = err.replace(str(path), " ")
    words = __import__("re").sub(r"'[^']*'", " ", words)  # values and names from the file
    assert not ENGLISH.findall(words), (ENGLISH.findall(words), err)
