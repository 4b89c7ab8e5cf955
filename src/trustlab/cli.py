"""The command line: ``python -m trustlab`` (or ``trustlab``).

This module only parses arguments and calls the library; it imports nothing heavy at start-up, so
``--help`` answers at once. Errors the library raises on purpose (:class:`TrustlabError`) are
printed as a message without a traceback (``--debug`` shows it) and exit with status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from trustlab.cli_arguments import build_parser

__all__ = ["build_parser", "main", "run"]

EXIT_OK, EXIT_INTERNAL, EXIT_DATA = 0, 1, 2

#: Set by :func:`run`: this process is the command, and exits when it is done.
_COMMAND = False


def _loading() -> None:
    """In the command's own process, before heavy imports: no garbage collection until
    :func:`_settle` (see :func:`trustlab.worker.paused_gc`: 0.12 s of collections that free
    nothing)."""
    if _COMMAND:
        gc.disable()


def _settle() -> None:
    """In the command's own process (not when a program calls :func:`main`), after the heavy
    imports: their objects (a few hundred thousand: pandas, scipy, trustlab) are taken out of
    the garbage collector's reach, which works again from here. Otherwise it walks them again
    each time the analysis and the figures have made enough new objects (0.1-0.2 s of a run on
    the sample); they live until the process exits anyway. Should this process draw figures,
    matplotlib comes without its 3D toolkit (see
    :func:`~trustlab.report.figure_worker.skip_3d_toolkit`)."""
    if _COMMAND:
        gc.freeze()
        gc.enable()
        from trustlab.report.figure_worker import skip_3d_toolkit

        skip_3d_toolkit()


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
    from trustlab.worker import one_blas_thread, worker_helps

    folder = ReportFolder.open(args.out, force=args.force)  # before the work, not after
    if args.stream or _parquet_folder(args.data):
        return _analyse_stream(args, folder)
    worker = FigureWorker(start=worker_helps())
    try:
        _loading()
        from trustlab.analysis import analyse
        from trustlab.forked import ForkExecutor, room_for_fork
        from trustlab.input.read import read_survey
        from trustlab.report.terminal import console, esc
        from trustlab.report.words import say

        _settle()
        out = console()
        with contextlib.ExitStack() as sharing:
            with _busy(out, say("cli_reading", args.lang, file=args.data)):
                survey = read_survey(args.data, args.codebook, sheet=_sheet(args.sheet))
                # large data are not worth the copy to the worker
                shared = worker.started and survey.n_respondents <= MAX_RESPONDENTS
                executor = None
                if shared:
                    sharing.enter_context(one_blas_thread())
                    executor = worker
                elif worker.started:  # too large to send: forks see them, the worker goes
                    worker.close()
                    if room_for_fork(_in_memory(survey.data)):
                        executor = ForkExecutor()
                result = analyse(survey, seed=args.seed, n_boot=args.boot,
                                 reference=args.reference, n_boot_wild=args.wild_boot,
                                 n_boot_ordinal=args.ordinal_boot,
                                 progress=_progress(out, args.lang),
                                 executor=executor)  # fmt: skip
            figures = worker.draw(result, lang=args.lang, svg=args.svg)  # drawn while this prints
            # the report's modules (Word, Excel, HTML) load now, not before the data are read:
            # the worker is given its share of the analysis sooner
            _loading()
            from trustlab.report.files import write_files
            from trustlab.report.terminal_analysis import print_analysis

            _settle()
            print_analysis(result, out, lang=args.lang, min_cell=args.min_cell)
            with _busy(out, say("cli_writing", args.lang, folder=args.out)):
                # large data: the figures are drawn, and the tables made, in forks
                written = write_files(folder, result, figures, min_cell=args.min_cell,
                                      lang=args.lang, fork=figures.forked)  # fmt: skip
    except BaseException:
        folder.abandon()
        raise
    finally:
        worker.close()
    out.print(say("cli_written", args.lang, folder=esc(args.out), n=len(written)))
    return EXIT_OK


def _in_memory(frame: Any) -> int:
    """Bytes a data frame takes in memory (its columns' buffers; texts as stored)."""
    return int(frame.memory_usage(index=True, deep=False).sum())


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


def run() -> NoReturn:
    """``trustlab`` and ``python -m trustlab``: :func:`main`, then exit at once.

    Everything is written, and the output flushed, when :func:`main` returns; what exiting at
    once skips is the interpreter's tear-down (pandas', scipy's and matplotlib's modules freed
    one by one: 0.3-0.5 s here), which leaves nothing behind.
    """
    global _COMMAND
    _COMMAND = True
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe (``| head``) has nothing to lose
            stream.flush()
    os._exit(code)


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
