"""The command line: ``python -m trustlab`` (or ``trustlab``).

This module only parses arguments and calls the library; it imports nothing heavy at start-up, so
``--help`` answers at once. Errors the library raises on purpose (:class:`TrustlabError`) are
printed as a message without a traceback (``--debug`` shows it) and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["main", "build_parser"]

EXIT_OK, EXIT_INTERNAL, EXIT_DATA = 0, 1, 2
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


def _busy(out, message: str):
    """A spinner with ``message`` on a terminal; nothing at all in a pipe or a file.

    ``message`` is plain text (it holds file names): rich's markup is escaped, never applied.
    """
    import contextlib

    from rich.markup import escape

    return out.status(escape(message)) if out.is_terminal else contextlib.nullcontext()


def _progress(out, lang: str):
    """The progress display for a terminal (in ``lang``); False (none) in a pipe or a file."""
    from trustlab.progress import TerminalProgress

    return TerminalProgress(lang, console=out) if out.is_terminal else False


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


def _sheet(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.command == "analyse":
        return _analyse(args)
    if args.command == "validate":
        from trustlab.input.read import inspect_survey
        from trustlab.report.terminal import console, print_quality

        report = inspect_survey(args.data, args.codebook, sheet=_sheet(args.sheet))
        print_quality(report, console(), lang=args.lang)
        return EXIT_OK if report.usable else EXIT_DATA
    if args.command == "codebook":
        return _codebook(args, parser)
    if args.command == "simulate":
        return _simulate(args)
    if args.command == "reproduce":
        return _reproduce(args)
    if args.command == "power":
        return _power(args)
    parser.print_help()
    return EXIT_OK


def _analyse(args: argparse.Namespace) -> int:
    # the worker starts first, before anything heavy is imported here: it loads trustlab and
    # matplotlib while this process loads trustlab and reads the data; it then fits the
    # invariance across groups while this process fits the rest, and draws the figures while
    # this one prints and writes (see trustlab.worker and trustlab.report.figure_worker)
    from trustlab.report.figure_worker import MAX_RESPONDENTS, FigureWorker
    from trustlab.report.folder import ReportFolder
    from trustlab.worker import worker_helps

    folder = ReportFolder.open(args.out, force=args.force)  # before the work, not after
    if args.stream or _parquet_folder(args.data):
        return _analyse_stream(args, folder)
    worker = FigureWorker(start=worker_helps())
    try:
        from trustlab.analysis import analyse
        from trustlab.input.read import read_survey
        from trustlab.report.files import write_files
        from trustlab.report.terminal import console, esc
        from trustlab.report.terminal_analysis import print_analysis
        from trustlab.report.words import say

        out = console()
        with _busy(out, say("cli_reading", args.lang, file=args.data)):
            survey = read_survey(args.data, args.codebook, sheet=_sheet(args.sheet))
            small = survey.n_respondents <= MAX_RESPONDENTS  # else not worth the copy
            result = analyse(survey, seed=args.seed, n_boot=args.boot,
                             reference=args.reference, n_boot_wild=args.wild_boot,
                             n_boot_ordinal=args.ordinal_boot,
                             progress=_progress(out, args.lang),
                             executor=worker if small and worker.started else None)  # fmt: skip
        figures = worker.draw(result, lang=args.lang, svg=args.svg)  # drawn while this prints
        print_analysis(result, out, lang=args.lang, min_cell=args.min_cell)
        with _busy(out, say("cli_writing", args.lang, folder=args.out)):
            written = write_files(folder, result, figures, min_cell=args.min_cell,
                                  lang=args.lang)  # fmt: skip
    except BaseException:
        folder.abandon()
        raise
    finally:
        worker.close()
    out.print(say("cli_written", args.lang, folder=esc(args.out), n=len(written)))
    return EXIT_OK


def _parquet_folder(data: str) -> bool:
    """A folder holding Parquet files (a dataset to read in chunks); any other folder gets
    read_survey's message ("not a file")."""
    path = Path(data)
    return path.is_dir() and any(f.suffix.lower() in (".parquet", ".pq") for f in path.rglob("*"))


def _analyse_stream(args: argparse.Namespace, folder: Any) -> int:
    from trustlab.report.save import write_report
    from trustlab.report.streamed import streamed_files
    from trustlab.report.terminal import console, esc
    from trustlab.report.terminal_analysis import print_analysis
    from trustlab.report.words import say
    from trustlab.streaming import analyse_dataset

    try:
        out = console()
        result = analyse_dataset(args.data, codebook=args.codebook, chunk_rows=args.chunk_rows,
                                 seed=args.seed, n_boot=args.boot, reference=args.reference,
                                 n_boot_wild=args.wild_boot, n_boot_ordinal=args.ordinal_boot,
                                 progress=_progress(out, args.lang))  # fmt: skip
        print_analysis(result.subsample, out, lang=args.lang, min_cell=args.min_cell)
        out.print(esc(repr(result)))
        for name, data in streamed_files(result).items():
            folder.write(name, data)
        with _busy(out, say("cli_writing", args.lang, folder=args.out)):
            written = write_report(result.subsample, folder, min_cell=args.min_cell,
                                   lang=args.lang, svg=args.svg)  # fmt: skip
    except BaseException:
        folder.abandon()
        raise
    out.print(say("cli_written", args.lang, folder=esc(args.out), n=len(written)))
    return EXIT_OK


def _refuse_overwrite(path: str, force: bool) -> None:
    from pathlib import Path

    from trustlab.errors import InputFileError

    if Path(path).exists() and not force:
        raise InputFileError(f"{path}: file exists; use --force to overwrite it.", file=path)


def _simulate(args: argparse.Namespace) -> int:
    from trustlab.simulation.generate import DEFAULT_SEED, simulate_data
    from trustlab.simulation.sample import write_sample_csv

    _refuse_overwrite(args.output, args.force)
    seed = DEFAULT_SEED if args.seed is None else args.seed
    try:
        table = simulate_data(args.n, n_networks=args.networks, seed=seed)
    except ValueError as exc:
        from trustlab.errors import TrustlabError

        raise TrustlabError(f"cannot simulate: {exc}.") from None
    write_sample_csv(table, args.output)
    print(f"{args.n} synthetic respondents (seed {seed}) written to {args.output}.")
    return EXIT_OK


def _reproduce(args: argparse.Namespace) -> int:
    import warnings

    from trustlab.errors import TrustlabWarning
    from trustlab.report.reproduce_view import print_reproduction
    from trustlab.report.terminal import console
    from trustlab.reproduction.reproduce import reproduce

    with warnings.catch_warnings():  # the view prints the warnings the result keeps
        warnings.simplefilter("ignore", TrustlabWarning)
        if args.data is None:
            result = reproduce(codebook=args.codebook)
        else:
            from trustlab.input.read import read_survey

            result = reproduce(read_survey(args.data, args.codebook, sheet=_sheet(args.sheet)))
    print_reproduction(result, console(), lang=args.lang)
    return EXIT_OK


def _power(args: argparse.Namespace) -> int:
    from trustlab.report.reproduce_view import print_power, save_power_figure
    from trustlab.report.terminal import console
    from trustlab.simulation.power import power

    if args.output:
        _refuse_overwrite(args.output, args.force)
    client = _dask_client(args.scheduler) if args.scheduler else None
    out = console()
    try:
        result = power(
            tuple(args.n),
            n_networks=tuple(args.networks),
            reps=args.reps,
            seed=args.seed,
            effect=tuple(args.effect),
            alpha=args.alpha,
            n_jobs=args.jobs,
            client=client,
            progress=_progress(out, args.lang),
        )
    finally:
        if client is not None:
            client.close()
    print_power(result, out, lang=args.lang)
    if args.output:
        from trustlab.report.words import say

        save_power_figure(result, args.output, lang=args.lang)
        print(say("pw_written", args.lang, file=args.output))
    return EXIT_OK


def _dask_client(address: str) -> Any:
    """A ``distributed.Client`` connected to ``address`` (Dask is imported only here)."""
    from trustlab.errors import TrustlabError

    try:
        from distributed import Client
    except ImportError:
        raise TrustlabError(
            "--scheduler needs Dask's distributed scheduler: pip install 'trustlab[dask]'."
        ) from None
    try:
        return Client(address, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise TrustlabError(f"--scheduler {address}: cannot connect ({exc}).") from None


def _codebook(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from pathlib import Path

    if args.action == "show":
        from importlib import resources

        sys.stdout.write(
            (resources.files("trustlab") / "data" / "codebook.yaml").read_text("utf-8")
        )
        return EXIT_OK
    if args.action == "init":
        from trustlab.input.draft import draft_codebook_yaml

        text = draft_codebook_yaml(args.data, exposure=args.exposure, cluster=args.cluster,
                                   id=args.id, sheet=_sheet(args.sheet))  # fmt: skip
        if args.output is None:
            sys.stdout.write(text)
            return EXIT_OK
        _refuse_overwrite(args.output, args.force)
        Path(args.output).write_text(text, encoding="utf-8")
        print(
            f"Draft codebook written to {args.output}. Read its comments and check it before "
            f"use; then: trustlab analyse {args.data} --codebook {args.output}"
        )
        return EXIT_OK
    if args.action == "check":
        from trustlab.input.codebook import load_codebook

        cb = load_codebook(args.codebook)
        scales = ", ".join(f"{s.name} ({len(s.items)} items)" for s in cb.scales.values())
        print(f"{args.codebook}: valid codebook for {cb.study!r}: {scales}.")
        return EXIT_OK
    parser.parse_args(["codebook", "--help"])
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input, 1 internal error)."""
    from trustlab.errors import TrustlabError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a bad option (2, argparse printed why)
        return exc.code if isinstance(exc.code, int) else EXIT_DATA
    # commands without --lang (simulate, codebook) speak English, as their output does
    lang = getattr(args, "lang", "en")
    try:
        return _run(args, parser)
    except TrustlabError as exc:
        if args.debug:
            raise
        from trustlab.report.error_words import error_text, with_options
        from trustlab.report.words import say

        options = {k: getattr(args, k, None) for k in ("data", "codebook", "sheet", "lang")}
        message = with_options(str(exc), **options)
        words = error_text(message, lang)
        # an error the catalogue has no words for stays wholly English, never half Dutch
        print(say("cli_error", lang if words != message else "en", message=words),
              file=sys.stderr)  # fmt: skip
        return EXIT_DATA
    except KeyboardInterrupt:
        from trustlab.report.words import say

        print(say("cli_interrupted", lang), file=sys.stderr)
        return 130
    except Exception as exc:  # anything else is a bug in trustlab: say so, briefly
        if args.debug:
            raise
        from trustlab.report.words import say

        print(say("cli_internal", lang, error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return EXIT_INTERNAL
