"""Larger than memory: ``analyse_dataset`` on a 30-million-respondent Parquet folder.

Builds the folder once from the 10-million-respondent benchmark file of :mod:`bench_data`
(three copies, each respondent and network id prefixed with the copy's letter so ids stay
unique; 30 files of 1,000,000 rows) in the benchmark cache folder (never the repository), then
runs ``python -m trustlab analyse FOLDER --out DIR`` under ``/usr/bin/time -v`` and prints the
wall time, CPU time, peak memory and the load before and after.

    python benchmarks/bench_stream.py [--copies 3] [--chunk-rows 500000]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_data import cache_dir, survey_files


def build_folder(copies: int, rows_per_file: int = 1_000_000) -> Path:
    """The Parquet folder of ``copies`` x 10 million respondents (built if absent)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    folder = cache_dir() / f"survey_{copies}0m_folder"
    done = folder / "_complete"
    if done.exists():
        return folder
    folder.mkdir(exist_ok=True)
    _, source = survey_files(10_000_000)
    handle = pq.ParquetFile(source)
    for copy in range(copies):
        letter = "ABCDEFGHIJ"[copy]
        batches = handle.iter_batches(batch_size=rows_per_file)
        for i, batch in enumerate(batches):
            table = pa.Table.from_batches([batch])
            for column in ("respondent_id", "network_id"):
                index = table.schema.get_field_index(column)
                ids = table[column].cast(pa.string())
                table = table.set_column(
                    index, column, pc.binary_join_element_wise(letter, ids, "")
                )
            pq.write_table(table, folder / f"part-{copy}-{i:03d}.parquet")
    done.touch()
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--chunk-rows", type=int, default=500_000)
    args = parser.parse_args()
    folder = build_folder(args.copies)
    out = Path(tempfile.mkdtemp(prefix="trustlab-stream-out-"))
    load_before = os.getloadavg()
    cmd = [
        "/usr/bin/time",
        "-v",
        sys.executable,
        "-m",
        "trustlab",
        "analyse",
        str(folder),
        "--out",
        str(out),
        "--chunk-rows",
        str(args.chunk_rows),
    ]
    run = subprocess.run(cmd, capture_output=True, text=True)
    load_after = os.getloadavg()
    print(run.stdout[-3000:])
    if run.returncode:
        print(run.stderr[-3000:])
        raise SystemExit(run.returncode)

    def field(name: str) -> str:
        return re.search(rf"{re.escape(name)}: (.+)", run.stderr).group(1).strip()

    user, system = float(field("User time (seconds)")), float(field("System time (seconds)"))
    peak = int(field("Maximum resident set size (kbytes)")) / 1024**2
    print(f"{args.copies * 10} million respondents from {folder}")
    print(
        f"wall {field('Elapsed (wall clock) time (h:mm:ss or m:ss)')}, CPU {user + system:.0f} s "
        f"(user {user:.0f}, sys {system:.0f}), peak RSS {peak:.2f} GB"
    )
    print(f"load before {load_before[0]:.2f}, after {load_after[0]:.2f}; report in {out}")


if __name__ == "__main__":
    main()
