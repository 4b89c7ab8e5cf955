"""``analyse_dataset``: a survey larger than memory, read in chunks with bounded memory.

One pass over the source parses each chunk as :func:`trustlab.read_survey` would, scores it,
and adds to sums that need no row kept: alpha's sufficient statistics, the answers per item,
the table of score values by exposure category (descriptives, shares, Kruskal-Wallis,
chi-square, Cochran-Armitage come from it exactly). The same pass writes the few model columns
to a temporary folder in buckets of whole networks, over which OLS and the logit are fitted
with cluster-robust SEs (:mod:`trustlab.streaming.regression`), and keeps the respondents of a
random subsample of whole networks (a seeded hash of the network id decides), on which the usual
:func:`trustlab.analyse` runs for what needs every row at once (omega, the mixed and ordinal
models, CR2 tests, correlations, dimensions, agreement, invariance).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from trustlab.analysis import DEFAULT_SEED, _with_reference, analyse
from trustlab.errors import EmptyItemError, PlanError
from trustlab.exposure import SUBSAMPLE_ABOVE
from trustlab.input.codebook import default_codebook, load_codebook
from trustlab.input.schema import Codebook
from trustlab.input.source import Source
from trustlab.input.survey import Survey
from trustlab.model_frame import model_frame
from trustlab.models import frequency_from_counts
from trustlab.models._common import is_categorical
from trustlab.plan import Plan
from trustlab.progress import ProgressEvent, Tracker, resolve
from trustlab.scales import score_scales
from trustlab.steps import Notice, Steps, unique_notices
from trustlab.streaming.chunks import dataset_files, parse_chunk, read_chunks
from trustlab.streaming.models import fit_models
from trustlab.streaming.results import StreamedAnalysis, StreamedExposure, StreamedScale
from trustlab.streaming.store import NetworkSample, Spill, network_hashes
from trustlab.streaming.tally import ScaleTally

__all__ = ["CHUNK_ROWS", "analyse_dataset"]

#: Default rows per chunk.
CHUNK_ROWS = 500_000

ON_ALL_ROWS = (
    "scale scores, n, mean, sd and the share high (Wilson and exact CIs)",
    "Cronbach's alpha with the Feldt CI and its item table",
    "the answers per item",
    "respondents per exposure category",
    "per category the mean score (t CI) and the share high",
    "Kruskal-Wallis, chi-square (exposure x high) and Cochran-Armitage tests",
    "OLS of the score on the exposure (and its score and log score) and the logit of the high "
    "flag, with the covariates, model, HC3 and cluster-robust CR1S standard errors",
)
ON_SUBSAMPLE = (
    "omega and ordinal reliability, item correlations, the dimensions and quadrants, "
    "agreement within networks, measurement invariance",
    "Jonckheere-Terpstra, adjacent contrasts, the broken stick and the threshold statement",
    "CR2 + Satterthwaite tests and the wild cluster bootstrap",
    "the mixed and the per-item ordinal models",
)


def _estimated_rows(fmt: str, files: list[Path], chunk_rows: int) -> int:
    if fmt == "parquet":
        return sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    size = files[0].stat().st_size
    with open(files[0], "rb") as handle:
        head = handle.read(1_000_000)
    return int(size / max(1, len(head)) * max(1, head.count(b"\n")))


def analyse_dataset(
    path: str | Path,
    *,
    codebook: Codebook | str | Path | None = None,
    chunk_rows: int = CHUNK_ROWS,
    seed: int = DEFAULT_SEED,
    subsample: int = SUBSAMPLE_ABOVE,
    n_boot: int = 1000,
    reference: str | None = None,
    n_boot_wild: int = 0,
    n_boot_ordinal: int = 0,
    progress: bool | Callable[[ProgressEvent], Any] | None = None,
) -> StreamedAnalysis:
    """Analyse a survey larger than memory: a folder of Parquet files, a Parquet file or a CSV.

    Parameters
    ----------
    path : str or path-like
        A folder of ``.parquet`` files (read in sorted order), a ``.parquet`` file, or a CSV.
    codebook : Codebook, str or path-like, optional
        As :func:`trustlab.read_survey` (default: trustlab's).
    chunk_rows : int, default CHUNK_ROWS
        Rows read and parsed at a time: memory grows with it, the results do not change.
    seed : int, default DEFAULT_SEED
        Chooses the networks of the subsample (a seeded hash of the network id) and seeds the
        subsample's own random steps.
    subsample : int, default 200,000
        Respondents of the subsample of whole networks for what needs every row at once.
    n_boot, reference, n_boot_wild, n_boot_ordinal, progress
        As :func:`trustlab.analyse` (for the subsample).

    Returns
    -------
    StreamedAnalysis
        ``on_all_rows`` and ``on_subsample`` say which statistic used which.

    Examples
    --------
    >>> import tempfile, trustlab
    >>> folder = tempfile.mkdtemp()
    >>> data = trustlab.load_sample().data
    >>> for i, part in enumerate((data.iloc[:100], data.iloc[100:])):
    ...     part.to_parquet(f"{folder}/part{i}.parquet")
    >>> res = trustlab.analyse_dataset(folder, chunk_rows=60, n_boot=0, progress=False)
    >>> res.n_respondents, res.n_chunks, round(res.scales["trust"].alpha.alpha, 9)
    (231, 5, 0.879400905)
    """
    if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, int) or chunk_rows < 1:
        raise PlanError(f"chunk_rows must be a whole number of 1 or more, got {chunk_rows!r}.")
    cb = codebook if isinstance(codebook, Codebook) else (
        default_codebook() if codebook is None else load_codebook(codebook))  # fmt: skip
    fmt, files = dataset_files(path)
    n_buckets = max(1, min(4096, math.ceil(_estimated_rows(fmt, files, chunk_rows) / chunk_rows)))
    tracker = Tracker(resolve(progress), "analysis in chunks")
    steps = Steps(tracker)
    state: dict[str, Any] = {}
    try:
        for chunk in read_chunks(path, cb, chunk_rows=chunk_rows):
            tracker.step(f"chunk {state.get('chunks', 0) + 1}")
            survey = parse_chunk(chunk, cb)
            if not state:
                state.update(_start(survey, cb, reference, n_buckets, subsample))
            _add(state, survey, seed)
        if not state:
            raise PlanError(f"{path}: no respondents.")
        return _finish(state, str(path), fmt, chunk_rows, steps, seed=seed, n_boot=n_boot,
                       n_boot_wild=n_boot_wild, n_boot_ordinal=n_boot_ordinal,
                       subsample=subsample, reference=reference)  # fmt: skip
    finally:
        if "spill" in state:
            state["spill"].close()
        tracker.finish()


def _start(survey: Survey, cb: Codebook, reference, n_buckets: int, size: int) -> dict:
    plan = Plan.from_codebook(cb)
    if reference is not None:
        plan = _with_reference(plan, reference)
    not_run = tuple(plan.notes(survey.data))
    plan = plan.present(survey.data)
    exposure = plan.exposure if plan.exposure and plan.exposure.column in survey.data else None
    if exposure is None:
        plan = dataclasses.replace(plan, exposure=None)
    cluster = plan.cluster if plan.cluster in survey.data.columns else None
    k = len(exposure.labels) if exposure is not None else 0
    covariates = {v: is_categorical(survey.data[v]) for v in plan.covariates}
    dtypes: dict[str, Any] = {"hash": np.uint64, "has_cluster": np.int8}
    for s in plan.scales:
        dtypes[f"y:{s}"] = dtypes[f"high:{s}"] = np.float64
    if exposure is not None:
        dtypes[f"c:{exposure.column}"] = np.int16
    for v, categorical in covariates.items():
        dtypes[("c:" if categorical else "x:") + v] = np.int16 if categorical else np.float64
    return {
        "plan": plan, "not_run": not_run, "cluster": cluster, "covariates": covariates,
        "tallies": {s: ScaleTally(plan, s, k) for s in plan.scales},
        "exposure_counts": np.zeros(k + 1, dtype=np.int64),
        "spill": Spill(dtypes, n_buckets), "sample": NetworkSample(size),
        "rows": 0, "chunks": 0, "max_held": 0, "categories": {}, "codebook": cb,
    }  # fmt: skip


def _codes(series: pd.Series) -> np.ndarray:
    return series.cat.codes.to_numpy()


def _add(state: dict, survey: Survey, seed: int) -> None:
    plan, data = state["plan"], survey.data
    scores = score_scales(survey)
    frame = model_frame(plan, data, scores)
    n = len(data)
    exposure = plan.exposure
    codes = _codes(frame[exposure.column]) if exposure is not None else np.full(n, -1)
    state["exposure_counts"] += np.bincount(codes + 1, minlength=len(state["exposure_counts"]))
    for tally in state["tallies"].values():
        tally.update(data, scores, codes)
    cluster = state["cluster"]
    hashes = network_hashes(data, cluster, survey.codebook.id, seed)
    columns: dict[str, np.ndarray] = {
        "has_cluster": (data[cluster].notna().to_numpy() if cluster else np.zeros(n, bool))
    }
    for s in plan.scales:
        columns[f"y:{s}"] = frame[s].to_numpy(dtype=float)
        columns[f"high:{s}"] = frame[f"high_{s}"].to_numpy(dtype=float)
    if exposure is not None:
        columns[f"c:{exposure.column}"] = codes
    for v, categorical in state["covariates"].items():
        if categorical:
            state["categories"][v] = list(frame[v].cat.categories)
            columns[f"c:{v}"] = _codes(frame[v])
        else:
            columns[f"x:{v}"] = frame[v].to_numpy(dtype=float)
    state["spill"].write(columns, hashes)
    sample = state["sample"]
    sample.add(data, hashes)
    state["rows"] += n
    state["chunks"] += 1
    state["max_held"] = max(state["max_held"], sample.held + n)
    state["source"] = survey.source


def _finish(state: dict, path: str, fmt: str, chunk_rows: int, steps: Steps, *, seed: int,
            subsample: int, **options: Any) -> StreamedAnalysis:  # fmt: skip
    plan: Plan = state["plan"]
    tallies: dict[str, ScaleTally] = state["tallies"]
    for tally in tallies.values():
        answered = tally.answers[:, :-1].sum(axis=1)
        for item, count in zip(tally.items, answered, strict=True):
            if count == 0:
                raise EmptyItemError(
                    f"{path}: column {item!r}: no respondent has a valid answer (all "
                    f"{state['rows']:,} cells are empty or missing codes). Check the column, or "
                    "remove the item from the codebook.",
                    file=path, column=item,
                )  # fmt: skip
    scales = {name: _scale(plan, name, t, steps) for name, t in tallies.items()}
    exposure, frequency = plan.exposure, None
    results: dict[str, StreamedExposure] = {}
    if exposure is not None and (state["exposure_counts"][1:] > 0).sum() >= 2:
        labels = list(exposure.labels)
        frequency = frequency_from_counts(state["exposure_counts"][1:], labels,
                                          name=exposure.column,
                                          n_missing=int(state["exposure_counts"][0]))  # fmt: skip
        models = fit_models(plan, state["spill"], state["covariates"], state["categories"],
                            state["cluster"], steps)  # fmt: skip
        for s, t in tallies.items():
            run = steps.run
            results[s] = StreamedExposure(
                scale=s,
                means=run(f"means {s}", lambda t=t: t.means(labels, exposure.column)),
                high=run(f"shares high {s}", lambda t=t: t.shares(labels, exposure.column)),
                kruskal=run(f"kruskal-wallis {s}", lambda t=t: t.kruskal(labels)),
                chi_square=run(f"chi-square high {s}", lambda t=t: t.chi_square(labels, seed)),
                cochran_armitage=run(f"cochran-armitage {s}", lambda t=t: t.cochran_armitage(
                    None if exposure.scores is None else tuple(exposure.scores))),
                **models[s],
            )  # fmt: skip
    n_networks = _networks(state["spill"]) if state["cluster"] else None
    frame = state["sample"].frame()
    survey = Survey(data=frame, codebook=state["codebook"], source=Source(path, fmt))
    sub = analyse(survey, seed=seed, subsample_above=subsample, progress=False, **options)
    n_sub_networks = int(frame[state["cluster"]].nunique()) if state["cluster"] else len(frame)
    if len(frame) < state["rows"]:  # the subsample's own report says what it is
        sub = dataclasses.replace(sub, notices=(Notice("subsample", (
            f"this analysis is of a random subsample of {len(frame):,} respondents in "
            f"{n_sub_networks:,} whole networks of the {state['rows']:,} read in chunks; the "
            "statistics on every respondent are in every_respondent.json and "
            "tables/every_respondent_*.csv.")), *sub.notices))  # fmt: skip
    steps.note(
        "subsample",
        f"{len(frame):,} of {state['rows']:,} respondents in {n_sub_networks:,} whole "
        f"networks, drawn at random (a hash of the network id with seed {seed}); the statistics "
        "that need every row at once ran on them.",
    )
    steps.note(
        "cluster-robust SEs",
        "on every respondent the cluster-robust standard errors are CR1S (sandwich::vcovCL "
        "type HC1, Stata's vce(cluster)), as the in-memory OLS and logit tables; the CR2 + "
        "Satterthwaite tests need each network's hat matrix and ran on the subsample.",
    )
    steps.note(
        "respondent ids",
        "duplicate respondent ids are checked within each chunk of "
        f"{chunk_rows:,} rows, not across chunks.",
    )
    return StreamedAnalysis(
        source=path, format=fmt, n_respondents=state["rows"], n_networks=n_networks,
        n_chunks=state["chunks"], chunk_rows=chunk_rows, max_rows_held=state["max_held"],
        plan=plan, scales=scales, frequency=frequency, exposure=results, subsample=sub,
        subsample_size=len(frame), subsample_networks=n_sub_networks,
        on_all_rows=ON_ALL_ROWS, on_subsample=ON_SUBSAMPLE, seed=seed,
        notices=tuple(unique_notices(steps.notices)),
    )  # fmt: skip


def _networks(spill: Spill) -> int:
    total = 0
    for b in range(spill.n_buckets):
        cols = spill.read(b, ["hash", "has_cluster"])
        total += np.unique(cols["hash"][cols["has_cluster"] == 1]).size
    return total


def _scale(plan: Plan, name: str, tally: ScaleTally, steps: Steps) -> StreamedScale:
    scale = plan.scales[name]
    n, mean, sd = tally.moments()
    alpha = steps.run(f"alpha {name}", tally.alpha.result)
    return StreamedScale(
        name=name, label=scale.label, items=tuple(scale.items),
        reversed_items=tuple(i for i in scale.items if i in plan.reverse),
        min_valid=scale.min_valid, rule=scale.high.describe(plan.response_scale),
        n_scored=n, n_unscored=tally.n_unscored, mean=mean, sd=sd,
        share_high=steps.run(f"share high {name}", tally.share_high), alpha=alpha,
        answers=tally.answers_table(),
    )  # fmt: skip
