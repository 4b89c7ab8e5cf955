"""Property tests: hostile files and codebooks give a result or a TrustlabError, never a crash.

The I/O side: hostile cells and headers in CSV / xlsx / parquet, raw CSV text edits, thousands of
columns with hostile names, random codebooks (as data and as YAML files, also through
``trustlab codebook check``), row order. The statistics side is in test_properties_stats.py.

Each property runs a few hundred examples in CI; set ``TRUSTLAB_HYPOTHESIS_EXAMPLES`` for a long
run on demand (for example 20000).
"""

from __future__ import annotations

import contextlib
import copy
import io
import os

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trustlab
from conftest import make_frame, write_csv
from trustlab.cli import main
from trustlab.errors import CodebookError, TrustlabError
from trustlab.input.codebook import load_codebook

EXAMPLES = int(os.environ.get("TRUSTLAB_HYPOTHESIS_EXAMPLES", "150"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

HOSTILE = ["", " ", "\u00a0", "9", "99", "weet niet", "NA", "3,5", "1e400", "-0", "nan", "inf",
           "\x00", "\r", '"', ";", ",", "\t", "\u202e", "💥", "=1+1", "0x10"]  # fmt: skip
CELLS = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(HOSTILE),
)


def _validate_exit(path) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(["validate", str(path)])


def _check_result(survey) -> None:
    items = survey.data[survey.codebook.item_columns].to_numpy(dtype=float)
    finite = items[~np.isnan(items)]
    assert np.isin(finite, survey.codebook.response_scale.values).all()


@SETTINGS
@given(data=st.data(), fmt=st.sampled_from(["csv", "semicolon", "xlsx", "parquet"]))
def test_hostile_cells_and_headers(tmp_path_factory, data, fmt):
    frame = make_frame(data.draw(st.integers(5, 8))).astype(object)
    columns = list(frame.columns)
    for _ in range(data.draw(st.integers(0, 6))):
        row = data.draw(st.integers(0, len(frame) - 1))
        frame.iat[row, data.draw(st.integers(0, len(columns) - 1))] = data.draw(CELLS)
    if data.draw(st.booleans()):
        columns[data.draw(st.integers(0, len(columns) - 1))] = data.draw(
            st.sampled_from(["", "T1", " t2", "x", "é", "respondent_id", "\u00a0T3"])
        )
        frame.columns = columns
    folder = tmp_path_factory.mktemp("hostile")
    try:
        if fmt == "xlsx":
            path = folder / "a.xlsx"
            frame.to_excel(path, index=False)
        elif fmt == "parquet":
            path = folder / "a.parquet"
            frame.astype(str).to_parquet(path, index=False)
        else:
            path = folder / "a.csv"
            frame.to_csv(path, index=False, sep=";" if fmt == "semicolon" else ",")
    except Exception:  # the writer itself refused (e.g. duplicate names in parquet)
        return
    try:
        _check_result(trustlab.read_survey(path))
    except TrustlabError as exc:
        assert str(exc)
    assert _validate_exit(path) in (0, 2)


@SETTINGS
@given(data=st.data(), encoding=st.sampled_from(["utf-8", "cp1252", "utf-16", "utf-8-sig"]))
def test_hostile_csv_text(tmp_path_factory, data, encoding):
    path = write_csv(make_frame(6), tmp_path_factory.mktemp("text") / "a.csv")
    text = path.read_text()
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(text)))
        char = data.draw(st.sampled_from(list(',;\t"\n\r\x00\u00a0é9 x-.\u2028')))
        keep = data.draw(st.sampled_from([0, 1]))  # 0: insert, 1: replace
        text = text[:at] + char + text[at + keep :]
    try:
        path.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        return
    try:
        _check_result(trustlab.read_survey(path))
    except TrustlabError as exc:
        assert str(exc)
    assert _validate_exit(path) in (0, 2)


BASE = trustlab.default_codebook().raw
LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 100), st.floats(), st.text(max_size=5),
    st.lists(st.integers(0, 9), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    # the numeric and size edges: a 400-digit bound, 1e9 categories, a 10,001-character label
    st.sampled_from([10**400, -(10**20), 10**9, 10**15 + 1, 1e308, float("inf"), float("nan"),
                     -0.0, 5e-324, "x" * 10_001]),
)  # fmt: skip


def _paths(obj, prefix=()):
    yield prefix
    children = (
        obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    )
    for key, value in children:
        yield from _paths(value, (*prefix, key))


PATHS = list(_paths(BASE))[1:]


def _mutate(data) -> dict:
    raw = copy.deepcopy(BASE)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(PATHS))
        target = raw
        with contextlib.suppress(KeyError, IndexError, TypeError):
            for key in path[:-1]:
                target = target[key]
            if data.draw(st.booleans()):
                target[path[-1]] = data.draw(LEAVES)
            else:
                del target[path[-1]]
    return raw


@SETTINGS
@given(data=st.data())
def test_random_codebooks_read_and_score_or_raise(tmp_path_factory, data):
    """A codebook that loads must read a file and score it, or say why it cannot."""
    try:
        cb = load_codebook(_mutate(data))
    except CodebookError:
        return
    path = write_csv(make_frame(8), tmp_path_factory.mktemp("cbread") / "a.csv")
    try:
        survey = trustlab.read_survey(path, cb)
        scores = trustlab.score_scales(survey)
    except TrustlabError as exc:
        assert str(exc)
        return
    for name in cb.scales:
        valid = scores[name].dropna()
        assert valid.between(cb.response_scale.min, cb.response_scale.max).all()


@SETTINGS
@given(data=st.data())
def test_random_codebooks_load_or_raise_codebook_error(data):
    try:
        cb = load_codebook(_mutate(data))
    except CodebookError as exc:
        assert str(exc).startswith("codebook: ")
        return
    assert cb.items and cb.scales


@SETTINGS
@given(order=st.permutations(list(range(12))))
def test_row_order_does_not_change_the_data(tmp_path_factory, order):
    frame = make_frame()
    folder = tmp_path_factory.mktemp("order")
    base = trustlab.read_survey(write_csv(frame, folder / "a.csv")).data
    shuffled = trustlab.read_survey(write_csv(frame.iloc[order], folder / "b.csv")).data
    pd.testing.assert_frame_equal(
        shuffled.set_index("respondent_id").sort_index(),
        base.set_index("respondent_id").sort_index(),
    )


HEADER_NAMES = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["", " ", "T1", "respondent_id", "\x00", "\t", "é", "💥", "\u202e", "=cmd",
                     "Unnamed: 3", "nan", "1", "a,b", '"q"']),
)  # fmt: skip


@settings(max_examples=max(EXAMPLES // 30, 5), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(data=st.data(), width=st.integers(1000, 2500), fmt=st.sampled_from(["csv", "parquet"]))
def test_thousands_of_columns_with_hostile_names(tmp_path_factory, data, width, fmt):
    n = data.draw(st.integers(1, 6))
    frame = make_frame(6).iloc[:n]
    extra = pd.DataFrame(
        np.arange(len(frame) * width).reshape(len(frame), width) % 7,
        columns=[f"x{i}" for i in range(width)],
    )
    frame = pd.concat([frame, extra], axis=1)
    columns = list(frame.columns)
    for _ in range(data.draw(st.integers(0, 5))):
        columns[data.draw(st.integers(len(columns) - width, len(columns) - 1))] = data.draw(
            HEADER_NAMES
        )
    frame.columns = columns
    folder = tmp_path_factory.mktemp("wide")
    try:
        if fmt == "parquet":
            path = folder / "a.parquet"
            frame.astype(str).to_parquet(path, index=False)
        else:
            path = folder / "a.csv"
            frame.to_csv(path, index=False)
    except Exception:  # the writer refused (duplicate or odd names in parquet)
        return
    try:
        survey = trustlab.read_survey(path)
    except TrustlabError as exc:
        assert str(exc)
        return
    _check_result(survey)
    assert survey.n_respondents == len(frame)


@SETTINGS
@given(text=st.one_of(
    st.text(max_size=200),
    st.sampled_from(["!!python/object/apply:os.system ['echo hi']", "a: &x [*x]", "- - -",
                     "study: x\nid: 1\n", "{", "items: !!binary AAAA", "\x00", "\ufeffstudy: x",
                     "a: b\n" * 3, "? [1, 2]\n: x\n"]),
))  # fmt: skip
def test_random_codebook_files_load_or_raise_codebook_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("cb") / "cb.yaml"
    try:
        path.write_text(text, encoding="utf-8")
    except UnicodeEncodeError:
        return
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        status = main(["codebook", "check", str(path)])
    try:
        cb = trustlab.load_codebook(path)
    except CodebookError as exc:
        assert str(exc).startswith(f"{path}: ")
        assert status == 2
        return
    assert cb.items and cb.scales
    assert status == 0


@st.composite
def yaml_bombs(draw) -> str:
    """YAML that costs the loader: alias chains (billion laughs), deep nesting, duplicate keys,
    merges, self-reference, each around a valid codebook."""
    kind = draw(st.sampled_from(["laughs", "nesting", "duplicate", "merge", "recursive"]))
    base = yaml.safe_dump(BASE, allow_unicode=True, sort_keys=False)
    if kind == "laughs":
        width, levels = draw(st.integers(1, 12)), draw(st.integers(1, 12))
        lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
        lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
        return "\n".join(lines) + "\n" + base
    if kind == "nesting":
        depth = draw(st.integers(1, 3000))
        opener = draw(st.sampled_from(["[", "{a: "]))
        closer = "]" if opener == "[" else "}"
        return base + "x: " + opener * depth + "1" + closer * depth + "\n"
    if kind == "duplicate":
        key = draw(st.sampled_from(["study", "id", "items", "scales"]))
        return base + f"{key}: again\n"
    if kind == "merge":
        return "defaults: &d {min: 1, max: 5}\n" + base.replace(
            "response_scale:\n", "response_scale:\n  <<: *d\n", 1
        )
    return base + "loop: &loop [1, *loop]\n"


@SETTINGS
@given(text=yaml_bombs())
def test_yaml_bombs_load_or_raise_a_short_codebook_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("bomb") / "cb.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        trustlab.load_codebook(path)
    except CodebookError as exc:
        assert str(exc).startswith(f"{path}: ")
        assert len(str(exc)) < 1000, str(exc)[:200]


@settings(max_examples=max(EXAMPLES // 15, 5), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(data=st.data(), fmt=st.sampled_from(["csv", "semicolon", "parquet"]))
def test_long_cells_and_nested_columns(tmp_path_factory, data, fmt):
    """Cells beyond the csv module's 131,072-character field limit, in a comment, a header or
    an item; Parquet list and struct columns: read, or refused with a short message."""
    frame = make_frame(data.draw(st.integers(5, 8))).astype(object)
    size = data.draw(st.sampled_from([131_073, 140_000, 300_000]))
    text = data.draw(st.sampled_from(["x", "a, b; c ", '"q" ', "é\n"])) * (size // 2)
    where = data.draw(st.sampled_from(["opmerking", "T1", "header", "respondent_id"]))
    if where == "header":
        frame.columns = [*frame.columns[:-1], text]
    else:
        frame.loc[data.draw(st.integers(0, len(frame) - 1)), where] = text
    folder = tmp_path_factory.mktemp("long")
    if fmt == "parquet":
        path = folder / "a.parquet"
        table = pa.Table.from_pandas(frame.astype(str), preserve_index=False)
        nested = data.draw(st.sampled_from([pa.array([[1, 2]] * len(frame)),
                                            pa.array([{"k": 1}] * len(frame))]))  # fmt: skip
        pq.write_table(table.append_column("nested", nested), path)
    else:
        path = write_csv(frame, folder / "a.csv", sep=";" if fmt == "semicolon" else ",")
    try:
        _check_result(trustlab.read_survey(path))
    except TrustlabError as exc:
        assert len(str(exc)) < 2000, str(exc)[:200]
