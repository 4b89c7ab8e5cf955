"""Numeric options of the command line are checked before any work: exit status 2, a message
with the bound, never a silent acceptance (``--boot -1``, ``--min-cell -3``) or a traceback."""

from __future__ import annotations

import pytest

from trustlab.cli import main


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["analyse", "d.csv", "--boot", "-1"], "--boot: expected a whole number from 0 to 1,000,000"),
     (["analyse", "d.csv", "--boot", "1e9"], "--boot: expected a whole number, got '1e9'"),
     (["analyse", "d.csv", "--min-cell", "-3"], "--min-cell: expected a whole number from 0 to"),
     (["analyse", "d.csv", "--seed", "-5"], "--seed: expected a whole number of at least 0"),
     (["simulate", "--n", "0", "-o", "s.csv"], "--n: expected a whole number of at least 1"),
     (["simulate", "--networks", "nan", "-o", "s.csv"], "--networks: expected a whole number"),
     (["power", "--reps", "1"], "--reps: expected a whole number from 2 to 1,000,000"),
     (["power", "--jobs", "0"], "--jobs: expected a whole number from 1 to 1,024"),
     (["power", "--n", "10", "-7"], "--n: expected a whole number of at least 2"),
     (["power", "--effect", "nan"], "--effect: expected a finite number, got 'nan'"),
     (["power", "--alpha", "inf"], "--alpha: expected a finite number, got 'inf'"),
     (["power", "--alpha", "1.5"], "--alpha: must lie between 0 and 1, got 1.5")],
)  # fmt: skip
def test_bad_numeric_options_exit_2_before_any_work(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["power", "--effect", "1e300", "--reps", "5"], "effect must lie from 0 (no effect) to 1000"),
     (["power", "--n", "100000000", "--reps", "5"], "n and n_networks must be whole numbers")],
)  # fmt: skip
def test_bad_values_the_library_refuses_exit_2(capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err
