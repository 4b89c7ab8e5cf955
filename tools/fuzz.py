"""A fuzzing campaign: the property tests with many more examples and fresh randomness.

The suite runs every Hypothesis property derandomized with a few hundred examples (profile
"ci", tests/conftest.py), the same examples on every machine. This script runs the same
properties with profile "fuzz" (fresh random examples), ``--examples`` examples per property,
round after round with a new seed each time, until ``--budget`` seconds have passed. Every
round's log, junit XML and statistics go to ``--out``, a folder outside the checkout (default:
a new ``trustlab-fuzz-*`` folder in the system's temporary folder); findings (failing
properties with their falsifying example, seed and ``@reproduce_failure`` blob) are collected
in ``findings.md`` and ``summary.json`` there.

Run it niced, in the background: it keeps a core busy for as long as the budget allows::

    nice -n 15 python tools/fuzz.py --budget 3600 --examples 2000

Reproduce a finding with the seed it names::

    TRUSTLAB_HYPOTHESIS_PROFILE=fuzz TRUSTLAB_HYPOTHESIS_EXAMPLES=2000 \\
        python -m pytest "tests/...::test_name" --hypothesis-seed=SEED

What it found so far, and what was fixed, is in docs/fuzzing.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The property tests: every file holding Hypothesis properties.
PROPERTY_FILES = (
    "tests/test_properties.py",
    "tests/test_properties_stats.py",
    "tests/test_properties_edges.py",
    "tests/test_properties_models.py",
    "tests/test_properties_codebooks.py",
)
_STATS = re.compile(
    r"(\d+) passing(?: examples)?, (\d+) failing(?: examples)?,(?: and)? (\d+) invalid"
)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=float, default=3600.0, help="seconds (default 3600)")
    parser.add_argument("--examples", type=int, default=2000, help="examples per property")
    parser.add_argument(
        "--analyse-examples", type=int, default=100, help="examples of the slow properties"
    )
    parser.add_argument("--out", type=Path, default=None, help="findings folder (not the repo)")
    parser.add_argument("tests", nargs="*", help="test files or ids (default: every property)")
    args = parser.parse_args(argv)
    if args.budget <= 0 or args.examples < 1 or args.analyse_examples < 1:
        parser.error("--budget, --examples and --analyse-examples must be positive")
    if args.out is None:
        args.out = Path(tempfile.mkdtemp(prefix="trustlab-fuzz-"))
    args.out = args.out.resolve()
    if args.out == ROOT or ROOT in args.out.parents:
        parser.error(f"--out must lie outside the checkout ({args.out})")
    args.out.mkdir(parents=True, exist_ok=True)
    return args


def _round(args, number: int, seed: int, remaining: float) -> dict:
    folder = args.out / f"round-{number:03d}"
    folder.mkdir()
    tests = args.tests or [t for t in PROPERTY_FILES if (ROOT / t).exists()]
    env = dict(
        os.environ,
        TRUSTLAB_HYPOTHESIS_PROFILE="fuzz",
        TRUSTLAB_HYPOTHESIS_EXAMPLES=str(args.examples),
        TRUSTLAB_HYPOTHESIS_ANALYSE_EXAMPLES=str(args.analyse_examples),
        MPLBACKEND="Agg",
        # this checkout's sources, also when the installed trustlab is another one
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )
    command = [sys.executable, "-m", "pytest", *tests, "-q", "-p", "no:cacheprovider",
               f"--hypothesis-seed={seed}", "--hypothesis-show-statistics",
               f"--junitxml={folder / 'junit.xml'}", f"--basetemp={folder / 'tmp'}"]  # fmt: skip
    started = time.monotonic()
    with open(folder / "log.txt", "w", encoding="utf-8") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
        try:
            status = process.wait(timeout=max(remaining, 1.0))
            timed_out = False
        except subprocess.TimeoutExpired:  # the budget ends inside a round: stop it there
            os.killpg(process.pid, signal.SIGTERM)
            status = process.wait()
            timed_out = True
    shutil.rmtree(folder / "tmp", ignore_errors=True)  # files written by the tests
    text = (folder / "log.txt").read_text(encoding="utf-8", errors="replace")
    counts = [tuple(map(int, m)) for m in _STATS.findall(text)]
    return {
        "round": number,
        "seed": seed,
        "seconds": round(time.monotonic() - started, 1),
        "status": status,
        "timed_out": timed_out,
        "examples": sum(p + f + i for p, f, i in counts),
        "failing_examples": sum(f for _, f, _ in counts),
        "findings": [] if timed_out and status < 0 else _findings(folder, seed, text),
    }


def _findings(folder: Path, seed: int, log: str) -> list[dict]:
    junit = folder / "junit.xml"
    if not junit.exists():
        return [{"test": "(the run)", "seed": seed, "message": log[-2000:]}] if log else []
    found = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        for failure in [*case.findall("failure"), *case.findall("error")]:
            detail = failure.text or ""
            blob = re.search(r"@reproduce_failure\([^)]*\)", detail)
            falsifying = re.search(
                r"(?:Falsifying example|Failing test case):.*?(?=You can reproduce|\Z)",
                detail,
                re.S,
            )
            found.append({
                "test": f"{case.get('classname')}::{case.get('name')}",
                "seed": seed,
                "message": (failure.get("message") or "")[:500],
                "falsifying": falsifying.group(0)[:3000] if falsifying else "",
                "blob": blob.group(0) if blob else "",
            })  # fmt: skip
    return found


def _write_summary(args, rounds: list[dict], started: float) -> None:
    findings = [f for r in rounds for f in r["findings"]]
    summary = {
        "command": " ".join(sys.argv),
        "examples_per_property": args.examples,
        "analyse_examples": args.analyse_examples,
        "seconds": round(time.monotonic() - started, 1),
        "rounds": rounds,
        "examples": sum(r["examples"] for r in rounds),
        "findings": findings,
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    lines = [f"# Fuzzing findings ({len(rounds)} rounds, {summary['examples']} examples, "
             f"{summary['seconds']:.0f} s)", ""]  # fmt: skip
    for f in findings:
        lines += [f"## {f['test']} (seed {f['seed']})", "", "```", f["message"],
                  f.get("falsifying", ""), f.get("blob", ""), "```", ""]  # fmt: skip
    (args.out / "findings.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    started = time.monotonic()
    rounds: list[dict] = []
    print(f"fuzzing for {args.budget:.0f} s; findings in {args.out}", flush=True)
    while (remaining := args.budget - (time.monotonic() - started)) > 5:
        seed = secrets.randbits(64)
        result = _round(args, len(rounds) + 1, seed, remaining)
        rounds.append(result)
        _write_summary(args, rounds, started)
        found = len(result["findings"])
        print(f"round {result['round']}: seed {seed}, {result['examples']} examples, "
              f"{found} finding(s), {result['seconds']} s", flush=True)  # fmt: skip
    _write_summary(args, rounds, started)
    return 1 if any(r["findings"] for r in rounds) else 0


if __name__ == "__main__":
    sys.exit(main())
