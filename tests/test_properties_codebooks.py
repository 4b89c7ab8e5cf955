"""Property test of issue 12: codebooks and data files generated together. Whatever codebook
``codebook check`` accepts, ``analyse`` on a file of that study (with its own names, any k-point
scale, one to three scales, with or without an exposure, scores, a cluster, dimensions, groups,
optional covariates the file lacks, missing codes, label answers and hostile cells) ends with a
report (exit 0) or a clear refusal (exit 2): never an internal error, never a traceback.

``TRUSTLAB_HYPOTHESIS_ANALYSE_EXAMPLES`` (default 10) sets the number of studies; tools/fuzz.py
runs it with many more.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import warnings

import numpy as np
import pandas as pd
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from trustlab.cli import main

EXAMPLES = int(os.environ.get("TRUSTLAB_HYPOTHESIS_ANALYSE_EXAMPLES", "10"))
STUDIES = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                           HealthCheck.data_too_large],
)  # fmt: skip

NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True)


@st.composite
def studies(draw) -> tuple[dict, pd.DataFrame]:
    """A codebook (as a mapping) and a data frame of the study it describes."""
    names = draw(st.lists(NAMES, min_size=12, max_size=12, unique=True))
    take = iter(names)
    low = draw(st.sampled_from([0, 1, 1, 1]))
    high = low + draw(st.sampled_from([3, 4, 4, 6, 6, 10]))
    n_scales = draw(st.integers(1, 3))
    scales, items = {}, []
    for _ in range(n_scales):
        name = next(take)
        k = draw(st.integers(2, 5))
        columns = [f"{name}_i{j}" for j in range(k)]
        for j, column in enumerate(columns):
            entry = {"column": column, "scale": name}
            if j == k - 1 and draw(st.booleans()):
                entry["reverse"] = True
            items.append(entry)
        scale: dict = {}
        if draw(st.booleans()):
            scale["min_valid"] = draw(st.integers(1, k))
        if draw(st.booleans()):
            scale["high"] = {"cutoff": draw(st.sampled_from(["midpoint", low + 1])),
                             "strict": draw(st.booleans())}  # fmt: skip
        scales[name] = scale
    id_column, cluster, exposure, group, numeric = (next(take) for _ in range(5))
    codebook: dict = {
        "study": "generated",
        "id": id_column,
        "response_scale": {"min": low, "max": high},
        "items": items,
        "scales": scales,
    }
    if draw(st.booleans()):
        codebook["missing_codes"] = [{"columns": "items", "codes": [high + 90, "weet niet"]}]
    has_cluster = draw(st.booleans())
    if has_cluster:
        codebook["cluster"] = cluster
    n_cats = draw(st.integers(2, 5))
    labels = [f"cat {c}" for c in range(n_cats)]
    if draw(st.booleans()):
        categories: list = [{"label": lab, "code": c} for c, lab in enumerate(labels)]
        if draw(st.booleans()):
            scores = sorted(draw(st.lists(st.floats(0, 50), min_size=n_cats, max_size=n_cats,
                                          unique=True)))  # fmt: skip
            for entry, score in zip(categories, scores, strict=True):
                entry["score"] = score
        codebook["exposure"] = {"column": exposure, "categories": categories}
        if draw(st.booleans()):
            codebook["exposure"]["reference"] = draw(st.sampled_from(labels))
    covariates = []
    if draw(st.booleans()):
        covariates.append({"column": group, "categories": ["a", "b", "c"]})
        if draw(st.booleans()):
            codebook["groups"] = [group]
    if draw(st.booleans()):
        covariates.append({"column": numeric, "type": "numeric", "min": 0, "max": 120,
                           "required": draw(st.booleans())})  # fmt: skip
    if covariates:
        codebook["covariates"] = covariates
    if n_scales >= 2 and draw(st.booleans()):
        first, second = list(scales)[:2]
        codebook["dimensions"] = {"trust": first, "distrust": second}

    # the file
    n = draw(st.integers(3, 60))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    frame = pd.DataFrame({id_column: np.arange(1, n + 1)})
    if has_cluster:
        frame[cluster] = rng.integers(1, draw(st.integers(1, 8)) + 1, n)
    if "exposure" in codebook:
        used = draw(st.integers(1, n_cats))
        frame[exposure] = [labels[i] for i in rng.integers(0, used, n)]
    latent = rng.normal(size=n)
    for entry in items:
        raw = (low + high) / 2 + latent * (high - low) / 4 + rng.normal(size=n)
        frame[entry["column"]] = np.clip(np.round(raw), low, high)
    for entry in covariates:
        if entry.get("type") == "numeric":
            if entry["required"] or draw(st.booleans()):
                frame[entry["column"]] = rng.integers(18, 80, n)
        else:
            frame[entry["column"]] = rng.choice(["a", "b", "c"], n)
    hostile = draw(st.sampled_from(["none", "none", "missing", "constant", "codes"]))
    item_columns = [e["column"] for e in items]
    if hostile == "missing":
        mask = rng.random((n, len(item_columns))) < 0.3
        frame[item_columns] = frame[item_columns].mask(mask)
    elif hostile == "constant":
        frame[draw(st.sampled_from(item_columns))] = low
    elif hostile == "codes" and "missing_codes" in codebook:
        column = draw(st.sampled_from(item_columns))
        frame[column] = frame[column].astype(object)
        frame.iat[0, frame.columns.get_loc(column)] = "weet niet"
        frame.iat[n - 1, frame.columns.get_loc(column)] = high + 90
    return codebook, frame


def _run(args: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        status = main(args)
    return status, err.getvalue()


@STUDIES
@given(study=studies())
def test_any_accepted_codebook_analyses_or_refuses_clearly(tmp_path_factory, study):
    codebook, frame = study
    folder = tmp_path_factory.mktemp("study")
    cb_path = folder / "codebook.yaml"
    cb_path.write_text(yaml.safe_dump(codebook, allow_unicode=True), encoding="utf-8")
    data = folder / "data.csv"
    frame.to_csv(data, index=False)
    status, err = _run(["codebook", "check", str(cb_path)])
    assert status == 0, err  # the generator writes valid codebooks only
    out = folder / "report"
    status, err = _run(["analyse", str(data), "--codebook", str(cb_path), "--boot", "0",
                        "--out", str(out), "--lang", "en"])  # fmt: skip
    assert "Traceback" not in err and "internal error" not in err, err
    assert status in (0, 2), err
    if status == 2:
        assert err.startswith("trustlab: error: ") and len(err) > 20
        assert not out.exists()  # refused before any file was written
        event("refused")
        return
    event("analysed")
    results = json.loads((out / "results.json").read_text(encoding="utf-8"),
                         parse_constant=lambda c: float("nan"))  # fmt: skip
    assert set(results["scales"]) == set(codebook["scales"])
    for name in codebook["scales"]:
        scale = results["scales"][name]
        count, total = scale["share_high"]["count"], scale["share_high"]["n"]
        assert 0 <= count <= total <= len(frame)
        assert math.isfinite(scale["mean"]) or scale["share_high"]["n"] == 0
    report = (out / "report.html").read_text(encoding="utf-8")
    if "exposure" not in codebook:
        assert "No exposure is declared" in report or "no exposure" in report.lower()
    if "cluster" not in codebook:
        assert "No cluster is declared" in report
