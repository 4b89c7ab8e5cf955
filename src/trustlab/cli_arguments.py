"""The arguments of ``python -m trustlab``: its parser (:func:`build_parser`) and the argument
types that refuse a bad value before any work, with exit status 2."""

from __future__ import annotations

import argparse

__all__ = ["build_parser"]

# on a subcommand, --debug must not reset the value given before the subcommand
_DEBUG = {"action": "store_true", "default": argparse.SUPPRESS, "help": "show tracebacks of errors"}
_LANG_HELP = "language of the output: nl (Dutch, default) or en (English)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its subcommands."""
    from trustlab import __version__

    parser = argparse.ArgumentParser(
        prog="trustlab",
        description="Trust and distrust in local networks: read survey files through a "
        "codebook, check them, and analyse trust against meeting frequency.",
        epilog="Run 'trustlab COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"trustlab {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def data_command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("data", help="survey file (.csv, .xlsx, .sav, .dta, .parquet)")
        sub.add_argument("--codebook", metavar="CB", help="YAML codebook (default: trustlab's)")
        sub.add_argument("--sheet", default="0", help="Excel worksheet, index or name (default 0)")
        sub.add_argument("--lang", choices=("nl", "en"), default="nl", help=_LANG_HELP)
        sub.add_argument("--debug", **_DEBUG)
        return sub

    analyse = data_command(
        "analyse",
        "Analyse a survey file: data quality, scales and reliability, trust by meeting "
        "frequency (tests, models, the threshold); print a summary and write a report folder.",
    )
    analyse.add_argument(
        "--seed", type=_whole(0), default=2020, help="seed of the bootstrap CIs (default 2020)"
    )
    analyse.add_argument(
        "--boot", type=_whole(0, 1_000_000), default=1000, metavar="N",
        help="bootstrap resamples of omega's CI (default 1000; 0 for none)",
    )  # fmt: skip
    analyse.add_argument(
        "--wild-boot", type=_whole(0, 1_000_000), default=0, metavar="B",
        help="with a cluster: wild cluster bootstrap draws for the adjacent steps (default 0: "
        "not run; the CR2 + Satterthwaite tests are always reported)",
    )  # fmt: skip
    analyse.add_argument(
        "--ordinal-boot", type=_whole(0, 1_000_000), default=0, metavar="N",
        help="bootstrap resamples of the ordinal alpha and omega CIs (default 0: none)",
    )  # fmt: skip
    analyse.add_argument(
        "--out", default="trustlab-report", metavar="DIR",
        help="report folder to write (default: trustlab-report)",
    )  # fmt: skip
    analyse.add_argument("--force", action="store_true", help="overwrite an existing DIR")
    analyse.add_argument(
        "--svg", action="store_true",
        help="also write each figure as SVG (vector graphics, for a journal or a poster)",
    )  # fmt: skip
    analyse.add_argument(
        "--min-cell", type=_whole(0, 1_000_000), default=5, metavar="K",
        help="suppress cross-table cells with fewer than K respondents, and the cells they "
        "could be recomputed from (default 5; 0 shows every cell)",
    )  # fmt: skip
    analyse.add_argument(
        "--reference", metavar="CATEGORY",
        help="exposure category the models compare with (default: the codebook's, else the "
        "lowest)",
    )  # fmt: skip
    analyse.add_argument(
        "--stream", action="store_true",
        help="read the data in chunks (a Parquet folder, a Parquet or CSV file larger than "
        "memory): every-respondent statistics from sums, the rest on a random subsample of "
        "whole networks (a folder of Parquet files always streams)",
    )  # fmt: skip
    analyse.add_argument(
        "--chunk-rows", type=_whole(1), default=500_000, metavar="N",
        help="with --stream: rows per chunk (default 500000)",
    )  # fmt: skip
    data_command("validate", "Check a survey file against the codebook; exit 2 if not usable.")

    simulate = commands.add_parser(
        "simulate",
        help="Draw a synthetic survey from trustlab's generative model (CSV).",
        description="Draw a synthetic survey from trustlab's generative model and write it as "
        "CSV. With the defaults it regenerates data/sample/trustlab_sample.csv byte for byte.",
    )
    simulate.add_argument("--n", type=_whole(1), default=231, help="respondents (default 231)")
    simulate.add_argument("--networks", type=_whole(1), help="networks (default: about n / 4.6)")
    simulate.add_argument(
        "--seed", type=_whole(0), help="random seed (default: the sample's, 2307)"
    )
    simulate.add_argument("-o", "--output", metavar="FILE", required=True, help="CSV to write")
    simulate.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    simulate.add_argument("--debug", **_DEBUG)

    reproduce = commands.add_parser(
        "reproduce",
        help="Compare data with the published findings F1-F9 (default: the synthetic sample).",
        description="Compare a survey file with the published findings F1-F9 of the study: the "
        "published figure, the figure in the data with its 95% CI, and a verdict per finding.",
    )
    reproduce.add_argument("data", nargs="?", help="survey file (default: trustlab's sample)")
    reproduce.add_argument("--codebook", metavar="CB", help="YAML codebook (default: trustlab's)")
    reproduce.add_argument("--sheet", default="0", help="Excel worksheet, index or name")
    reproduce.add_argument("--lang", choices=("nl", "en"), default="nl", help=_LANG_HELP)
    reproduce.add_argument("--debug", **_DEBUG)

    power = commands.add_parser(
        "power",
        help="Power of the study's tests, by simulating surveys from the generative model.",
        description="Estimate by simulation the power to detect (a) the association of trust "
        "with meeting frequency and (b) the F8 step, at the given sizes and effects.",
    )
    power.add_argument("--n", type=_whole(2), nargs="+", default=[100, 231, 400], metavar="N",
                       help="respondents per survey (default 100 231 400)")  # fmt: skip
    power.add_argument("--networks", type=_whole(2), nargs="+", default=[40], metavar="G",
                       help="networks per survey (default 40)")  # fmt: skip
    power.add_argument("--effect", type=_finite, nargs="+", default=[1.0], metavar="E",
                       help="multiplier of the meeting-frequency effects: 1 = the sample's "
                       "model (default), 0 = none")  # fmt: skip
    power.add_argument("--reps", type=_whole(2, 1_000_000), default=1000,
                       help="surveys per cell (default 1000)")  # fmt: skip
    power.add_argument("--seed", type=_whole(0), default=1, help="random seed (default 1)")
    power.add_argument("--alpha", type=_level, default=0.05, help="significance level (0.05)")
    power.add_argument("--jobs", type=_whole(1, 1024), metavar="J",
                       help="worker processes (default: cores)")  # fmt: skip
    power.add_argument("--scheduler", metavar="ADDRESS",
                       help="Dask scheduler to run on (tcp://host:8786)")  # fmt: skip
    power.add_argument("-o", "--output", metavar="FIGURE.png", help="save the power curves")
    power.add_argument("--lang", choices=("nl", "en"), default="nl", help=_LANG_HELP)
    power.add_argument("--force", action="store_true", help="overwrite FIGURE if it exists")
    power.add_argument("--debug", **_DEBUG)

    codebook = commands.add_parser(
        "codebook",
        help="Show, draft or check a codebook.",
        description="Show, draft or check a codebook.",
    )
    actions = codebook.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("show", help="print the default codebook (YAML)")
    init = actions.add_parser("init", help="draft a codebook from a data file's columns and values")
    init.add_argument("data", help="survey file to draft from")
    init.add_argument(
        "--exposure",
        metavar="COLUMN",
        help="the exposure: an ordered categorical column (default: proposed)",
    )
    init.add_argument(
        "--cluster",
        metavar="COLUMN",
        help="the cluster respondents are nested in (default: proposed)",
    )
    init.add_argument("--id", metavar="COLUMN", help="the respondent id (default: proposed)")
    init.add_argument("--sheet", default="0", help="Excel worksheet, index or name (default 0)")
    init.add_argument(
        "-o", "--output", metavar="FILE", help="write the draft here (default: print)"
    )
    init.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    check = actions.add_parser("check", help="validate a codebook file")
    check.add_argument("codebook", help="YAML codebook")
    for sub in (init, check, codebook):
        sub.add_argument("--debug", **_DEBUG)
    return parser


def _whole(low: int, high: int | None = None):
    """An argparse type: a whole number from ``low`` (to ``high``); anything else is refused
    with exit status 2 before any work (``--boot -1`` was taken silently)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < low or (high is not None and value > high):
            bounds = f"from {low:,} to {high:,}" if high is not None else f"of at least {low:,}"
            raise argparse.ArgumentTypeError(f"expected a whole number {bounds}, got {value:,}")
        return value

    parse.__name__ = "whole number"
    return parse


def _finite(text: str) -> float:
    """An argparse type: a finite number."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def _level(text: str) -> float:
    """An argparse type: a probability strictly between 0 and 1."""
    value = _finite(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must lie between 0 and 1, got {text}")
    return value
