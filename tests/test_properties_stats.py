"""Property tests of the statistics: hostile tables give finite (or explained) numbers or a
TrustlabError, and the invariants of alpha, keying, scoring and the CIs hold.

Each fast property runs a few hundred examples (``TRUSTLAB_HYPOTHESIS_EXAMPLES``, default 200);
``analyse`` and the command line are slower and run ``TRUSTLAB_HYPOTHESIS_ANALYSE_EXAMPLES``
(default 10) examples with ``n_boot=0``. For a long run on demand, for example::

    TRUSTLAB_HYPOTHESIS_EXAMPLES=20000 TRUSTLAB_HYPOTHESIS_ANALYSE_EXAMPLES=500 \\
        pytest tests/test_properties.py tests/test_properties_stats.py
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
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import trustlab
from conftest import FREQ, ITEMS, make_frame, write_csv
from trustlab.cli import main
from trustlab.errors import TrustlabError, TrustlabWarning
from trustlab.psychometrics import cronbach_alpha, omega
from trustlab.report.json_export import analysis_to_json
from trustlab.scales import reverse_key, scale_score

EXAMPLES = int(os.environ.get("TRUSTLAB_HYPOTHESIS_EXAMPLES", "200"))
SLOW_EXAMPLES = int(os.environ.get("TRUSTLAB_HYPOTHESIS_ANALYSE_EXAMPLES", "10"))
_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                              HealthCheck.data_too_large, HealthCheck.filter_too_much],
}  # fmt: skip
FAST = settings(max_examples=EXAMPLES, **_COMMON)
SLOW = settings(max_examples=SLOW_EXAMPLES, **_COMMON)

# ---------------------------------------------------------------------------------------------
# strategies

ANSWERS = st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0])
HOSTILE_NUMBERS = st.one_of(
    ANSWERS,
    st.just(np.nan),
    st.sampled_from([np.inf, -np.inf, 1e300, -1e300, 1e-300, -7.0, 0.0, 2.5, 10**15]),
    st.floats(allow_nan=True, allow_infinity=True),
)


@st.composite
def item_tables(draw, *, hostile: bool = True, min_rows: int = 1, min_items: int = 1):
    """A table of item answers: mostly Likert answers, with hostile columns and cells."""
    n = draw(st.integers(min_rows, 25))
    k = draw(st.integers(min_items, 8))
    columns = {}
    for j in range(k):
        kind = draw(st.sampled_from(["likert", "likert", "likert", "constant", "missing",
                                     "hostile" if hostile else "likert"]))  # fmt: skip
        if kind == "constant":
            column = [draw(ANSWERS)] * n
        elif kind == "missing":
            column = [draw(st.sampled_from([np.nan, *[1.0] * 3, 2.0, 5.0])) for _ in range(n)]
        elif kind == "hostile":
            column = [draw(HOSTILE_NUMBERS) for _ in range(n)]
        else:
            column = [draw(ANSWERS) for _ in range(n)]
        columns[f"i{j}"] = column
    return pd.DataFrame(columns, dtype=float)


def _finite_or_flagged(values: dict[str, float], notes) -> None:
    """Every number is finite, or not finite with a note saying why."""
    for name, value in values.items():
        value = float(value)
        if not math.isfinite(value):
            assert notes, f"{name} is {value} but no warning says why"


def _known_alpha_defect(res) -> bool:
    """Cases whose statistics are infinite or impossible by nature, each explained by a
    warning (items that copy each other; a pairwise matrix that is not a covariance matrix):
    invariance is not defined there."""
    r, k = res.average_r, res.n_items
    copies = r >= 1 - 1e-12 or abs(1 + (k - 1) * r) < 1e-9
    # items that cancel out (a total score the same for everyone): no alpha, with a warning
    cancelled = math.isnan(res.alpha) and any("cancel each other out" in w for w in res.warnings)
    return (
        copies
        or cancelled
        or (res.nan_policy == "pairwise" and (res.alpha > 1 or math.isnan(res.ase)))
    )


def _check_alpha(res, data: pd.DataFrame) -> None:
    if res.alpha > 1 + 1e-9:  # only a pairwise matrix that is not a covariance matrix does this
        assert res.nan_policy == "pairwise" and any("listwise" in m for m in res.warnings)
        return
    core = {
        "alpha": res.alpha, "std_alpha": res.std_alpha, "g6": res.g6,
        "average_r": res.average_r, "ase": res.ase, "mean": res.mean, "sd": res.sd,
        "ci_low": res.ci[0], "ci_high": res.ci[1], "signal_noise": res.signal_noise,
    }  # fmt: skip
    _finite_or_flagged(core, res.warnings)
    if not math.isnan(res.alpha) and not math.isnan(res.ci[0]):
        assert res.ci[0] <= res.alpha + 1e-9 <= res.ci[1] + 2e-9
    assert res.n_obs <= res.n_rows == len(data)
    assert res.n_items == data.shape[1]


# ---------------------------------------------------------------------------------------------
# 1. hostile tables: a result (finite or flagged) or a TrustlabError with a message


@FAST
@given(table=item_tables(), policy=st.sampled_from(["pairwise", "listwise"]))
def test_alpha_on_hostile_tables(table, policy):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TrustlabWarning)
            res = cronbach_alpha(table, nan_policy=policy)
    except TrustlabError as exc:
        assert str(exc).strip()
        return
    _check_alpha(res, table)


@settings(max_examples=max(EXAMPLES // 2, 10), **_COMMON)
@given(table=item_tables(min_items=3), n_boot=st.sampled_from([0, 0, 30]))
def test_omega_on_hostile_tables(table, n_boot):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TrustlabWarning)
            res = omega(table, n_boot=n_boot, seed=1)
    except TrustlabError as exc:
        assert str(exc).strip()
        return
    assert not math.isinf(res.omega_total)
    assert math.isnan(res.omega_total) <= bool(res.warnings)
    if n_boot and not math.isnan(res.ci[0]) and not math.isnan(res.omega_total):
        assert res.ci[0] <= res.ci[1]


@FAST
@given(table=item_tables(hostile=False), min_valid=st.integers(0, 9),
       method=st.sampled_from(["mean", "sum"]))  # fmt: skip
def test_scale_score_is_in_range_or_missing(table, min_valid, method):
    score, answered = scale_score(table, min_valid=min_valid, method=method)
    k = table.shape[1]
    assert (answered == table.notna().sum(axis=1)).all()
    scored = score.notna()
    assert (scored == ((answered >= min_valid) & (answered > 0))).all()
    per_item = score[scored] / (k if method == "sum" else 1)
    assert ((per_item >= 1 - 1e-12) & (per_item <= 5 + 1e-12)).all()


# ---------------------------------------------------------------------------------------------
# random surveys read from real files: score_scales, analyse and the command line


@st.composite
def survey_frames(draw, max_n: int = 14):
    """A survey file's table with degenerate corners: one respondent, constant or empty items,
    one network, a category nobody chose, missing answers."""
    n = draw(st.one_of(st.integers(1, min(max_n, 11)), st.integers(min(max_n, 12), max_n)))
    frame = make_frame(max(n, 5)).iloc[:n].copy()
    degenerate = draw(st.sampled_from([False, False, True]))
    for item in ITEMS:
        kinds = ["random", "random", "random", "constant", "sparse"] if degenerate else ["random"]
        kind = draw(st.sampled_from(kinds))
        if kind == "constant":
            frame[item] = draw(ANSWERS)
        else:
            cells = ANSWERS if kind == "random" else st.sampled_from([np.nan, np.nan, 1.0, 4.0])
            frame[item] = [draw(cells) for _ in range(n)]
    if draw(st.booleans()):
        frame["network_id"] = "N1"
    if draw(st.booleans()):
        labels = draw(st.lists(st.sampled_from(FREQ), min_size=1, max_size=3, unique=True))
        frame["meeting_frequency"] = [labels[i % len(labels)] for i in range(n)]
    if draw(st.booleans()):  # a missing code and a label instead of a number
        row = draw(st.integers(0, n - 1))
        frame["T1"] = frame["T1"].astype(object)
        frame.iat[row, frame.columns.get_loc("T1")] = draw(st.sampled_from(["9", "weet niet"]))
    return frame


def _read(frame, folder):
    try:
        return trustlab.read_survey(write_csv(frame, folder / "s.csv"))
    except TrustlabError as exc:  # an item nobody answered, for instance
        assert str(exc).strip()
        return None


@settings(max_examples=max(EXAMPLES // 4, 10), **_COMMON)
@given(frame=survey_frames(max_n=30), order=st.randoms(use_true_random=False))
def test_score_scales_on_random_surveys(tmp_path_factory, frame, order):
    survey = _read(frame, tmp_path_factory.mktemp("scores"))
    assume(survey is not None)
    scores = trustlab.score_scales(survey)
    cb = survey.codebook
    for name in cb.scales:
        score = scores[name]
        valid = score.dropna()
        assert ((valid >= cb.response_scale.min) & (valid <= cb.response_scale.max)).all()
        # every missing score is explained
        assert scores.attrs["unscored"][name]["not_scored"] == int(score.isna().sum())
        if score.isna().any():
            assert scores.attrs["unscored"][name]["reason"]
        assert (scores[f"high_{name}"].isna() == score.isna()).all()
    # scores follow the respondent, not the row order
    rows = list(range(len(frame)))
    order.shuffle(rows)
    shuffled = _read(frame.iloc[rows], tmp_path_factory.mktemp("shuffled"))
    again = trustlab.score_scales(shuffled).set_index(cb.id).sort_index()
    pd.testing.assert_frame_equal(again, scores.set_index(cb.id).sort_index())


def _numbers(obj, path=""):
    """Every number in a results.json-like structure, with where it is."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from _numbers(value, f"{path}.{key}")
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            yield from _numbers(value, f"{path}[{i}]")
    elif isinstance(obj, float):
        yield path, obj


def _check_analysis(result) -> None:
    summary = result.summary()
    for name, row in summary.iterrows():
        scale = result.scales[name]
        values = {k: v for k, v in row.items() if not k.startswith("omega")}
        _finite_or_flagged(values, scale.alpha.warnings if scale.alpha else ("no alpha",))
        if scale.omega is not None:
            assert not math.isinf(scale.omega.omega_total)
    text = analysis_to_json(result)
    parsed = json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in results.json"))
    for where, value in _numbers(parsed):
        assert math.isfinite(value), where


@SLOW
@given(frame=survey_frames(max_n=40))
def test_analyse_on_random_surveys(tmp_path_factory, frame):
    survey = _read(frame, tmp_path_factory.mktemp("analyse"))
    if survey is None:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = trustlab.analyse(survey, n_boot=0)
    except TrustlabError as exc:
        assert str(exc).strip()
        event(f"analyse refused: {type(exc).__name__}: {str(exc)[:60]}")
        return
    event("analysed")
    _check_analysis(result)


@settings(max_examples=max(SLOW_EXAMPLES // 3, 3), **_COMMON)
@given(frame=survey_frames(max_n=8), command=st.sampled_from(["analyse", "validate"]))
def test_command_line_on_random_surveys(tmp_path_factory, frame, command):
    folder = tmp_path_factory.mktemp("cli")
    path = write_csv(frame, folder / "s.csv")
    extra = ["--boot", "0", "--out", str(folder / "out")] if command == "analyse" else []
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        status = main([command, str(path), *extra])
    assert status in (0, 2), err.getvalue()
    assert "Traceback" not in err.getvalue()
    if status == 2:
        assert err.getvalue().startswith("trustlab: error: ") or command == "validate"


# ---------------------------------------------------------------------------------------------
# 2. statistical invariants

LIKERT = item_tables(hostile=False, min_rows=4, min_items=2)


def _alpha(table, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrustlabWarning)
        return cronbach_alpha(table, **kwargs)


def _alpha_or_none(table, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrustlabWarning)
        try:
            return cronbach_alpha(table, **kwargs)
        except TrustlabError:
            return None


@FAST
@given(table=LIKERT, order=st.randoms(use_true_random=False),
       shift=st.floats(-50, 50, allow_nan=False))  # fmt: skip
def test_alpha_invariant_to_item_order_and_a_constant(table, order, shift):
    base = _alpha_or_none(table)
    assume(base is not None and not _known_alpha_defect(base))
    columns = list(table.columns)
    order.shuffle(columns)
    shuffled = _alpha(table[columns])
    shifted = _alpha(table + shift)
    for other in (shuffled, shifted):
        np.testing.assert_allclose(other.alpha, base.alpha, rtol=1e-7, atol=1e-9)
        np.testing.assert_allclose(other.ci, base.ci, rtol=1e-7, atol=1e-9)
        np.testing.assert_allclose(other.std_alpha, base.std_alpha, rtol=1e-7, atol=1e-9)


@FAST
@given(table=LIKERT, a=st.floats(0.01, 100), b=st.floats(-100, 100))
def test_alpha_of_a_linear_transform_is_the_same(table, a, b):
    base = _alpha_or_none(table)
    assume(base is not None and not _known_alpha_defect(base))
    other = _alpha(a * table + b)
    assume(not _known_alpha_defect(other))
    np.testing.assert_allclose(other.alpha, base.alpha, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(other.std_alpha, base.std_alpha, rtol=1e-6, atol=1e-8)


@FAST
@given(table=LIKERT, data=st.data())
def test_reverse_keying_twice_is_the_identity(table, data):
    reverse = data.draw(st.lists(st.sampled_from(list(table.columns)), unique=True))
    lo = data.draw(st.integers(-3, 1))
    hi = data.draw(st.integers(5, 10))
    once = reverse_key(table, reverse, (lo, hi))
    twice = reverse_key(once, reverse, (lo, hi))
    pd.testing.assert_frame_equal(twice, table.astype(float))
    # and alpha with a reverse key equals alpha on the keyed answers
    keyed = _alpha_or_none(once)
    assume(keyed is not None)
    direct = _alpha(table, reverse=reverse, scale_range=(lo, hi))
    np.testing.assert_allclose(direct.alpha, keyed.alpha, rtol=1e-9, atol=1e-12)


@FAST
@given(table=LIKERT)
def test_pairwise_and_listwise_coincide_without_missing_data(table):
    table = table.fillna(3.0)
    pairwise = _alpha_or_none(table, nan_policy="pairwise")
    assume(pairwise is not None)
    listwise = _alpha(table, nan_policy="listwise")
    for attr in ("alpha", "std_alpha", "g6", "average_r", "ase", "mean", "sd"):
        np.testing.assert_allclose(getattr(listwise, attr), getattr(pairwise, attr), rtol=1e-9)
    np.testing.assert_allclose(listwise.ci, pairwise.ci, rtol=1e-9)
    assert listwise.n_obs == pairwise.n_obs


@FAST
@given(table=item_tables(hostile=False, min_rows=3, min_items=2),
       level=st.sampled_from([0.8, 0.9, 0.95, 0.99]))  # fmt: skip
def test_feldt_ci_contains_alpha(table, level):
    res = _alpha_or_none(table, confidence_level=level)
    assume(res is not None and not _known_alpha_defect(res))
    assert res.ci[0] <= res.alpha <= res.ci[1]


@st.composite
def one_factor_tables(draw):
    """Answers that hang together (a common level plus noise): omega's bootstrap converges."""
    n, k = draw(st.integers(20, 60)), draw(st.integers(3, 6))
    rng = np.random.default_rng(draw(st.integers(0, 10**6)))
    level = rng.integers(1, 6, (n, 1))
    return pd.DataFrame(np.clip(level + rng.integers(-1, 2, (n, k)), 1, 5).astype(float))


@settings(max_examples=max(EXAMPLES // 40, 5), **_COMMON)
@given(table=one_factor_tables(), seed=st.integers(0, 10**6))
def test_omega_bootstrap_ci_is_ordered_and_contains_omega(table, seed):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TrustlabWarning)
            res = omega(table, n_boot=100, seed=seed)
    except TrustlabError:
        assume(False)
    assume(not math.isnan(res.ci[0]))
    assert 0 <= res.ci[0] <= res.ci[1] <= 1
    assert 0 <= res.omega_total <= 1
    # a percentile interval of a skewed bootstrap distribution may miss the estimate by a
    # little; it must never miss it by more than its own width
    width = res.ci[1] - res.ci[0]
    assert res.ci[0] - width <= res.omega_total <= res.ci[1] + width


@FAST
@given(n=st.integers(0, 400), data=st.data())
def test_share_cis_contain_the_share(n, data):
    count = data.draw(st.integers(0, n))
    low, high = trustlab.wilson_interval(np.array([count]), np.array([n]))
    exact_low, exact_high = trustlab.exact_interval(np.array([count]), np.array([n]))
    if n == 0:
        assert np.isnan([low[0], high[0], exact_low[0], exact_high[0]]).all()
        return
    share = count / n
    eps = 1e-12  # the Wilson bound at 0 / n is ~1e-18, not 0: see test_degenerate.py
    assert 0 <= low[0] <= share + eps and share - eps <= high[0] <= 1
    assert 0 <= exact_low[0] <= share <= exact_high[0] <= 1
    if n:
        res = trustlab.proportion(pd.Series([True] * count + [False] * (n - count)))
        table = res.summary()
        assert (table["ci_low"] <= table["estimate"] + eps).all()
        assert (table["estimate"] <= table["ci_high"] + eps).all()


# ---------------------------------------------------------------------------------------------
# thousands of columns (the file side, thousands of unknown columns, is in test_properties.py)


@settings(max_examples=max(EXAMPLES // 20, 5), **_COMMON)
@given(k=st.integers(20, 60), n=st.integers(2, 40), seed=st.integers(0, 100))
def test_alpha_with_many_items(k, n, seed):
    rng = np.random.default_rng(seed)
    table = pd.DataFrame(rng.integers(1, 6, (n, k)).astype(float),
                         columns=[f"q{i}" for i in range(k)])  # fmt: skip
    res = _alpha_or_none(table)
    if res is not None:
        _check_alpha(res, table)


def test_alpha_with_a_thousand_items_equals_the_closed_form():
    # its speed (the item table once took minutes here) is timed in
    # benchmarks/bench_psychometrics.py, never in a test: a busy machine is several times slower
    x = np.random.default_rng(1).integers(1, 6, (300, 1000)).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrustlabWarning)
        res = cronbach_alpha(pd.DataFrame(x))
    k = x.shape[1]
    c = np.cov(x, rowvar=False)
    expected = k / (k - 1) * (1 - np.trace(c) / c.sum())
    # closed form, complete data (pairwise = listwise): 1e-8 relative
    np.testing.assert_allclose(res.alpha, expected, rtol=1e-8)
    rest = c.sum() - 2 * c.sum(axis=0) + np.diag(c)
    dropped = (k - 1) / (k - 2) * (1 - (np.trace(c) - np.diag(c)) / rest)
    np.testing.assert_allclose(res.items["alpha_if_dropped"], dropped, rtol=1e-8)
