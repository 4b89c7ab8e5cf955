"""The synthetic sample: draw it from the generative model, write it, load it.

The model itself is in :mod:`trustlab.simulation.generate`; ``data/sample/README.md`` documents
the shipped file. ``python -m trustlab simulate --n 231 --seed 2307 -o FILE`` regenerates the
shipped sample byte for byte.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd

from trustlab.input.codebook import default_codebook
from trustlab.input.parse import parse_table
from trustlab.input.read import read_survey
from trustlab.input.source import Source
from trustlab.input.survey import Survey
from trustlab.simulation.generate import DEFAULT_SEED, DISTRUST_ITEMS, TRUST_ITEMS, simulate_data

__all__ = ["SAMPLE_FILE", "load_sample", "sample_path", "simulate_survey", "write_sample_csv"]

#: The file name of the sample inside the package and in the repository's ``data/sample/``.
SAMPLE_FILE = "trustlab_sample.csv"


def sample_path() -> Path:
    """The path of the installed sample CSV (231 synthetic respondents).

    Examples
    --------
    >>> import trustlab
    >>> trustlab.sample_path().name
    'trustlab_sample.csv'
    """
    installed = Path(str(resources.files("trustlab") / "data" / "sample" / SAMPLE_FILE))
    if installed.is_file():
        return installed
    # running from a source checkout (src/ on the path): the repository's data/sample/
    return Path(__file__).resolve().parents[3] / "data" / "sample" / SAMPLE_FILE


def load_sample() -> Survey:
    """The synthetic sample as a :class:`~trustlab.Survey`, read with the default codebook.

    The data are synthetic: trustlab's simulator made them to reproduce the published
    aggregates of the study (findings F1-F9); they are not the thesis data.
    """

    return read_survey(sample_path())


def simulate_survey(
    n: int = 231, *, n_networks: int | None = None, seed: int | None = None, **parameters
) -> Survey:
    """Draw a synthetic survey from trustlab's generative model, as a validated Survey.

    Parameters are those of :func:`~trustlab.simulation.generate.simulate_data` (``seed``
    defaults to its ``DEFAULT_SEED``, the seed of the shipped sample). The table goes through the
    default codebook exactly as a file would, so ``simulate_survey().data`` equals
    ``load_sample().data``.

    Examples
    --------
    >>> import trustlab
    >>> survey = trustlab.simulate_survey(50, seed=1)
    >>> survey.n_respondents
    50
    """

    seed = DEFAULT_SEED if seed is None else seed
    table = simulate_data(n, n_networks=n_networks, seed=seed, **parameters)
    codebook = default_codebook()
    source = Source(f"simulate_survey(n={n}, seed={seed})", "simulated")
    parsed = parse_table(table, source, codebook)
    parsed.raise_errors()
    return Survey(
        parsed.data,
        codebook,
        tuple(parsed.problems),
        source,
        parsed.rows,
        parsed.missing_code_counts,
    )


def write_sample_csv(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a simulated table as the shipped sample is written.

    Answers as whole numbers (an empty cell where missing), UTF-8, ``\\n`` line ends, no index.
    """

    out = table.copy()
    items = list(TRUST_ITEMS + DISTRUST_ITEMS)
    out[items] = out[items].astype("Int64")
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out.to_csv(handle, index=False, lineterminator="\n")
    return path
