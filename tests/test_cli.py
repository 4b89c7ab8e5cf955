"""The command line: exit statuses, messages without tracebacks, and a light start-up."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

from conftest import write_csv
from trustlab.cli import main
from trustlab.simulation.sample import sample_path


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "trustlab", *args], capture_output=True, text=True, check=False
    )


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("analyse", "validate", "codebook"):
        assert command in result.stdout


@pytest.mark.parametrize("command", [["analyse"], ["validate"], ["codebook"], ["codebook", "init"]])
def test_each_subcommand_has_help(command, capsys):
    assert main([*command, "--help"]) == 0
    assert "usage: trustlab" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["analyse", "x.csv", "--boot", "-1"],
            "--boot: expected a whole number from 0 to 1,000,000, got -1",
        ),
        (
            ["analyse", "x.csv", "--min-cell", "-3"],
            "--min-cell: expected a whole number from 0 to 1,000,000, got -3",
        ),
        (
            ["analyse", "x.csv", "--wild-boot", "-1"],
            "--wild-boot: expected a whole number from 0 to 1,000,000, got -1",
        ),
        (
            ["analyse", "x.csv", "--ordinal-boot", "x"],
            "--ordinal-boot: expected a whole number, got 'x'",
        ),
        (["power", "--reps", "0"], "--reps: expected a whole number from 2 to 1,000,000, got 0"),
        (["power", "--alpha", "1.5"], "--alpha: must lie between 0 and 1, got 1.5"),
        (["power", "--effect", "nan"], "--effect: expected a finite number, got 'nan'"),
        (
            ["simulate", "--seed", "-2", "-o", "x.csv"],
            "--seed: expected a whole number of at least 0, got -2",
        ),
    ],
)
def test_bad_numeric_options_are_refused(args, message, capsys):
    # issue 17: --boot -1 and --min-cell -3 (which turned suppression off) were accepted
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_help_imports_nothing_heavy():
    code = (
        "import sys\n"
        "from trustlab.cli import build_parser\n"
        "try:\n    build_parser().parse_args(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'numpy', 'scipy', 'statsmodels', 'matplotlib', 'rich',"
        " 'yaml') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "HEAVY=\n" in result.stdout


def test_import_trustlab_is_lazy():
    code = "import sys, trustlab; print('pandas' in sys.modules, 'numpy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False False"


def test_analysing_and_reporting_do_not_load_the_cross_check_library(tmp_path):
    # statsmodels only cross-checks a mixed model that signals a problem (issue 16: its import
    # delayed every command); the sample's fits signal none
    args = ["analyse", str(sample_path()), "--boot", "0", "--out", str(tmp_path / "r")]
    code = (
        "import sys\n"
        "from trustlab.cli import main\n"
        f"main({args!r})\n"
        "print('STATSMODELS=' + str(any(m.startswith('statsmodels') for m in sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "STATSMODELS=False" in result.stdout


def test_only_the_command_takes_its_imports_out_of_the_collectors_reach(tmp_path):
    # trustlab.cli._settle: gc.freeze() in the command's own process, never in a program that
    # calls main() (a notebook, a test run)
    first = ["analyse", str(sample_path()), "--boot", "0", "--out", str(tmp_path / "a")]
    second = ["analyse", str(sample_path()), "--boot", "0", "--out", str(tmp_path / "b")]
    code = (
        "import gc, os, sys\n"
        "from trustlab import cli\n"
        f"cli.main({first!r})\n"
        "print('MAIN', gc.get_freeze_count(), flush=True)\n"
        "os._exit = lambda code: print('RUN', gc.get_freeze_count() > 10_000, code, flush=True)\n"
        f"sys.argv = ['trustlab', *{second!r}]\n"
        "cli.run()\n"
    )
    env = {**os.environ, "TRUSTLAB_JOBS": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert "MAIN 0\n" in result.stdout
    assert "RUN True 0\n" in result.stdout


def test_the_command_collects_no_garbage_while_it_imports(tmp_path):
    # trustlab.cli._loading: no collection while trustlab.analysis (pandas, scipy) is imported
    # in the command's own process, the collector on again afterwards; a program that calls
    # main() keeps its collector as it was (on, here: its collections are counted the same way)
    out = ["analyse", str(sample_path()), "--boot", "0", "--out"]
    code = (
        "import gc, os, sys\n"
        "how, during = sys.argv[1], []\n"
        "def importing():\n"
        "    module = sys.modules.get('trustlab.analysis')\n"
        "    return module is not None and not hasattr(module, 'analyse')\n"
        "gc.callbacks.append(lambda phase, info: phase == 'start' and importing()"
        " and during.append(1))\n"
        "from trustlab import cli\n"
        f"if how == 'main': cli.main({[*out, str(tmp_path / 'a')]!r})\n"
        "os._exit = lambda code: print('GC', how, len(during), gc.isenabled(), code,"
        " flush=True)\n"
        f"sys.argv = ['trustlab', *{out!r}, {str(tmp_path)!r} + '/b_' + how]\n"
        "cli.run()\n"
    )
    env = {**os.environ, "TRUSTLAB_JOBS": "1"}
    got = {}
    for how in ("main", "run"):
        result = subprocess.run([sys.executable, "-c", code, how], capture_output=True,
                                text=True, check=True, env=env)  # fmt: skip
        line = next(x for x in result.stdout.splitlines() if x.startswith("GC "))
        _, name, collections, enabled, status = line.split()
        got[name] = (int(collections) > 0, enabled, status)
    assert got == {"main": (True, "True", "0"), "run": (False, "True", "0")}


def test_analyse_prints_the_data_summary(tmp_path, frame, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write_csv(frame, tmp_path / "d.csv")
    assert main(["analyse", str(path), "--boot", "50"]) == 0
    out = capsys.readouterr().out
    assert "12 respondenten in 3 clusters" in out
    assert "vergaderfrequentie" in out and "3-4 keer per jaar" in out
    assert "Oordeel: bruikbaar" in out


def test_analyse_in_english(tmp_path, frame, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write_csv(frame, tmp_path / "d.csv")
    assert main(["analyse", str(path), "--lang", "en", "--boot", "50"]) == 0
    out = capsys.readouterr().out
    assert "meeting frequency" in out and "3-4 times a year" in out


def test_validate_exit_status(tmp_path, frame, capsys):
    good = write_csv(frame, tmp_path / "good.csv")
    assert main(["validate", str(good)]) == 0
    frame = frame.astype({"T2": object})
    frame.loc[0, "T1"] = 6
    frame.loc[1, "T1"] = 7
    frame.loc[2, "T2"] = "x"
    bad = write_csv(frame, tmp_path / "bad.csv")
    capsys.readouterr()
    assert main(["validate", str(bad), "--lang", "en"]) == 2
    out = capsys.readouterr().out
    assert "NOT usable" in out
    assert (
        "column 'T1': 2 value(s) outside the response range 1..5: row 2 ('6'), row 3 ('7')" in out
    )
    assert "column 'T2': 1 text where a number was expected: row 4 ('x')" in out
    assert main(["validate", str(bad)]) == 2  # in Dutch (the default)
    out = capsys.readouterr().out
    assert "NIET bruikbaar (2 fout(en))" in out
    assert "kolom 'T1': 2 waarde(n) buiten het antwoordbereik 1..5: rij 2 ('6'), rij 3 ('7')" in out


def test_validate_reports_straight_liners_and_unknown_columns(tmp_path, frame, capsys):
    for item in ("T1", "T2", "T3", "T4", "T5", "T6", "T7", "D1", "D2", "D3", "D4"):
        frame.loc[5, item] = 4
    assert main(["validate", str(write_csv(frame, tmp_path / "d.csv")), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Straight-lining respondents (same answer on every item): 1: R06 (row 7, all 4)" in out
    assert "Columns not in the codebook (carried along): opmerking" in out


def test_errors_print_a_message_without_traceback(tmp_path):
    result = run("analyse", str(tmp_path / "nope.csv"), "--lang", "en")
    assert result.returncode == 2
    assert result.stderr == f"trustlab: error: {tmp_path / 'nope.csv'}: file not found.\n"
    assert "Traceback" not in result.stderr
    result = run("analyse", str(tmp_path / "nope.csv"))  # Dutch, the default
    assert result.stderr == f"trustlab: fout: {tmp_path / 'nope.csv'}: bestand niet gevonden.\n"


def test_debug_shows_the_traceback(tmp_path):
    result = run("--debug", "validate", str(tmp_path / "nope.csv"))
    assert result.returncode == 1 and "Traceback" in result.stderr
    assert "MissingFileError" in result.stderr


def test_bad_value_via_cli(tmp_path, frame):
    frame.loc[3, "T3"] = 6
    path = write_csv(frame, tmp_path / "d.csv")
    result = run("analyse", str(path), "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"trustlab: error: {path}: column 'T3': 1 value(s) outside the response range 1..5: "
        "row 5 ('6')."
    )


def test_codebook_show_prints_the_default(capsys):
    assert main(["codebook", "show"]) == 0
    shown = yaml.safe_load(capsys.readouterr().out)
    assert shown["id"] == "respondent_id" and shown["scales"]["trust"]["items"][-1] == "T7"


def test_codebook_init_drafts_and_refuses_to_overwrite(tmp_path, frame, capsys):
    data = write_csv(frame, tmp_path / "d.csv")
    out = tmp_path / "cb.yaml"
    assert main(["codebook", "init", str(data), "-o", str(out)]) == 0
    assert main(["codebook", "check", str(out)]) == 0
    assert "valid codebook" in capsys.readouterr().out
    assert main(["codebook", "init", str(data), "-o", str(out)]) == 2
    assert "file exists; use --force" in capsys.readouterr().err
    assert main(["codebook", "init", str(data), "-o", str(out), "--force"]) == 0


def test_codebook_check_rejects_a_bad_codebook(tmp_path, capsys):
    path = tmp_path / "cb.yaml"
    path.write_text("study: x\nid: r\nitemz: []\n")
    assert main(["codebook", "check", str(path)]) == 2
    assert "unknown key 'itemz'. Did you mean 'items'?" in capsys.readouterr().err


def test_advice_repeats_the_users_options(tmp_path, frame, capsys):
    """After a bad file the advice to run validate names the user's codebook and language."""
    codebook = tmp_path / "my codebook.yaml"
    assert main(["codebook", "show"]) == 0
    codebook.write_text(capsys.readouterr().out, encoding="utf-8")
    frame.loc[0, "T1"] = 6
    frame.loc[1, "D4"] = 0
    path = write_csv(frame, tmp_path / "d.csv")
    argv = ["analyse", str(path), "--codebook", str(codebook), "--out", str(tmp_path / "r")]
    assert main([*argv, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"Run `python -m trustlab validate {path} --codebook '{codebook}' --lang en` to see " \
        "them all." in err  # fmt: skip
    assert main(argv) == 2  # Dutch, the default: no --lang in the advice
    assert capsys.readouterr().err == (
        f"trustlab: fout: {path}: kolom 'T1': 1 waarde(n) buiten het antwoordbereik 1..5: "
        "rij 2 ('6'). Verwacht: een geheel getal van 1 tot 5, of een code voor ontbrekend (9, 99, "
        "'weet niet', 'geen antwoord', 'n.v.t.').\nNog 1 ander probleem: 'D4': 1 waarde(n) "
        f"buiten het antwoordbereik 1..5. Voer `python -m trustlab validate {path} --codebook "
        f"'{codebook}'` uit om ze allemaal te zien.\n"
    )


def test_advice_to_draft_a_codebook_names_the_file_and_sheet(tmp_path, frame, capsys):
    path = write_csv(frame.drop(columns="T3"), tmp_path / "d.csv")
    assert main(["analyse", str(path), "--sheet", "Data", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert f"(python -m trustlab codebook init {path} --sheet Data -o codebook.yaml)." in err


def test_a_reader_that_leaves_does_not_stop_the_report(tmp_path):
    """``trustlab analyse data.csv | head -2``: the summary stops, the report is written. The
    reader leaves before the first line (a summary fits in a pipe's buffer: a reader leaving
    after it would test nothing)."""
    out = tmp_path / "report"
    command = [sys.executable, "-m", "trustlab", "analyse", str(sample_path()), "--boot", "0",
               "--out", str(out)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               cwd=tmp_path)  # fmt: skip
    process.stdout.close()  # every line the command prints meets a closed pipe
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    assert b"Error" not in err and b"fout" not in err
    assert (out / "report.html").is_file() and (out / "tables.xlsx").is_file()
