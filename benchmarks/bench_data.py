"""Large synthetic survey files for the benchmarks, generated once into a cache folder.

The files are drawn from trustlab's generative model
(:func:`trustlab.simulation.generate.simulate_data`) in blocks of 100,000 respondents (the
simulator's network design is meant for study-sized samples and grows faster than linearly), each
block with its own seed; respondent and network ids get the block number as a prefix, so ids stay
unique and networks never span blocks. They are written as the shipped sample
is written (:func:`trustlab.simulation.sample.write_sample_csv`) and as Parquet.

The cache folder is ``$TRUSTLAB_BENCH_DIR`` or, by default, ``<tmp>/trustlab_bench``: never the
repository. Delete it to regenerate.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["BLOCK", "cache_dir", "survey_files"]

#: Respondents per simulated block.
BLOCK = 100_000


def cache_dir() -> Path:
    """The folder holding the generated files (created if needed)."""
    folder = os.environ.get("TRUSTLAB_BENCH_DIR") or str(
        Path(tempfile.gettempdir()) / "trustlab_bench"
    )
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _blocks(n: int, seed: int):
    from trustlab.simulation.generate import simulate_data

    done, block = 0, 0
    while done < n:
        size = min(BLOCK, n - done)
        table = simulate_data(size, seed=seed * 100_003 + block)
        prefix = f"B{block:04d}"
        table["respondent_id"] = prefix + table["respondent_id"].astype(str)
        table["network_id"] = prefix + table["network_id"].astype(str)
        yield table
        done += size
        block += 1


def survey_files(n: int, *, seed: int = 8, verbose: bool = True) -> tuple[Path, Path]:
    """``(csv, parquet)`` paths of an ``n``-respondent synthetic survey, generated if absent."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from trustlab.simulation.sample import write_sample_csv

    folder = cache_dir()
    csv_path = folder / f"survey_{n}_seed{seed}.csv"
    pq_path = folder / f"survey_{n}_seed{seed}.parquet"
    if csv_path.exists() and pq_path.exists():
        return csv_path, pq_path
    if verbose:
        print(f"generating {n:,} respondents into {folder} (once) ...", flush=True)
    tmp_csv, tmp_pq = csv_path.with_suffix(".csv.part"), pq_path.with_suffix(".parquet.part")
    writer = None
    block_csv = folder / "block.csv"
    with open(tmp_csv, "wb") as out:
        for i, table in enumerate(_blocks(n, seed)):
            write_sample_csv(table, block_csv)
            data = block_csv.read_bytes()
            out.write(data if i == 0 else data.split(b"\n", 1)[1])
            arrow = pa.Table.from_pandas(table, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(tmp_pq, arrow.schema)
            writer.write_table(arrow)
    writer.close()
    block_csv.unlink()
    tmp_csv.rename(csv_path)
    tmp_pq.rename(pq_path)
    return csv_path, pq_path


if __name__ == "__main__":
    import sys

    for size in sys.argv[1:] or ["10000000"]:
        print(survey_files(int(size)))
