"""Property tests of the models and tests at their numeric edges.

Every public model and test (ols, logit, mixed_model, ordinal_logit, adjacent_contrasts,
broken_stick, group_means, crosstab, chi_square_test, kruskal_wallis, jonckheere_terpstra,
cochran_armitage, frequency_table, proportion) on tables with inf, -inf, NaN, 1e308, -0.0 and
denormal cells, constant and perfectly separated predictors, empty categories, one cluster and
tiny samples: each returns a result whose key numbers are finite, or not finite with a warning
recorded in the result that says why, or raises a TrustlabError with a message. Never a numpy
or scipy exception, never a warning other than trustlab's (a RuntimeWarning fails the suite).

``TRUSTLAB_HYPOTHESIS_EXAMPLES`` (default 200) sets the examples; the models take a tenth of
them, as each fit costs milliseconds to a second. ``tools/fuzz.py`` runs them for hours.
"""

from __future__ import annotations

import math
import os
import re
import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import trustlab
from trustlab.errors import TrustlabError, TrustlabWarning

EXAMPLES = int(os.environ.get("TRUSTLAB_HYPOTHESIS_EXAMPLES", "200"))
_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large,
                              HealthCheck.filter_too_much],
}  # fmt: skip
FAST = settings(max_examples=max(EXAMPLES // 2, 10), **_COMMON)
MODELS = settings(max_examples=max(EXAMPLES // 10, 8), **_COMMON)

#: The numbers at the edge of what a double holds, and the ones trustlab refuses.
EDGES = [np.inf, -np.inf, np.nan, 1e308, -1e308, -0.0, 0.0, 5e-324, 1e-308, 1e50, 1e51, -7.0]
EDGE = st.sampled_from(EDGES)
LEVELS = ["a", "b", "c", "d"]


@st.composite
def model_frames(draw, max_n: int = 30):
    """A table for the models: y (numeric), x (numeric), b (0/1), g (ordered, 4 levels, maybe
    empty ones), cl (clusters, maybe one), o (1..4), with edge cells, constant or separating
    columns."""
    n = draw(st.integers(1, max_n))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    used = draw(st.lists(st.sampled_from(LEVELS), min_size=1, max_size=4, unique=True))
    frame = pd.DataFrame({
        "y": rng.normal(size=n),
        "x": rng.normal(size=n),
        "b": rng.integers(0, 2, n).astype(float),
        "g": pd.Categorical(rng.choice(used, n), categories=LEVELS, ordered=True),
        "cl": rng.choice([f"c{i}" for i in range(draw(st.integers(1, 8)))], n),
        "o": rng.integers(1, 5, n).astype(float),
    })  # fmt: skip
    for column in ("y", "x", "b", "o"):
        shape = draw(st.sampled_from(["plain", "plain", "plain", "edge", "constant", "nan"]))
        if shape == "constant":
            frame[column] = draw(st.sampled_from([1.0, 0.0, -0.0, 1e50]))
        elif shape == "nan":
            frame[column] = np.nan
        elif shape == "edge":
            for _ in range(draw(st.integers(1, 3))):
                frame.loc[draw(st.integers(0, n - 1)), column] = draw(EDGE)
    separation = draw(st.sampled_from(["none", "none", "x", "g", "binary"]))
    if separation == "x":
        frame["b"] = (frame["x"] > 0).astype(float)
    elif separation == "g":
        frame["b"] = (frame["g"] == used[0]).astype(float)
    elif separation == "binary":
        frame["x"] = frame["b"]  # a 0/1 predictor that predicts the outcome perfectly
    return frame


def _call(fn):
    """Run ``fn``: its result, or None after a TrustlabError; no other exception or warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn()
        except TrustlabError as exc:
            assert str(exc).strip()
            event(f"refused: {type(exc).__name__}")
            result = None
    foreign = [w for w in caught if not issubclass(w.category, TrustlabWarning)]
    assert not foreign, [f"{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})"
                         for w in foreign]  # fmt: skip
    if result is not None:
        event("result")
    return result


def _explained(values, result, what: str) -> None:
    """Every value finite, or a warning in the result."""
    values = np.asarray(values, dtype=float)
    if not np.isfinite(values).all():
        assert result.warnings, f"{what} not finite, and no warning says why: {values}"


def _coefficients(result) -> None:
    table = result.coefficients
    estimates = table["estimate"].to_numpy(dtype=float)
    _explained(estimates, result, "an estimate")
    _explained(table["std_error"].to_numpy(dtype=float), result, "a standard error")
    p = table["p_value"].to_numpy(dtype=float)
    assert ((p >= 0) & (p <= 1) | np.isnan(p)).all()


@MODELS
@given(frame=model_frames(), cluster=st.booleans())
def test_ols_at_the_edges(frame, cluster):
    res = _call(lambda: trustlab.ols(frame, "y", ["x", "g"], cluster="cl" if cluster else None))
    if res is not None:
        _coefficients(res)
        assert res.n_obs + sum(res.dropped.values()) == len(frame)


@MODELS
@given(frame=model_frames(), cluster=st.booleans(), predictors=st.sampled_from(
    [["x"], ["g"], ["x", "g"], []]))  # fmt: skip
def test_logit_at_the_edges(frame, cluster, predictors):
    res = _call(lambda: trustlab.logit(frame, "b", predictors, cluster="cl" if cluster else None))
    if res is not None:
        _coefficients(res)
        _explained(res.marginal_effects["estimate"], res, "a marginal effect")


@MODELS
@given(frame=model_frames())
def test_mixed_model_at_the_edges(frame):
    res = _call(lambda: trustlab.mixed_model(frame, "y", ["x"], group="cl"))
    if res is not None:
        _coefficients(res)
        assert 0 <= res.icc <= 1 or res.warnings


@MODELS
@given(frame=model_frames(), predictors=st.sampled_from([["x"], ["g"], ["x", "b"]]))
def test_ordinal_logit_at_the_edges(frame, predictors):
    res = _call(lambda: trustlab.ordinal_logit(frame, "o", predictors))
    if res is not None:
        _coefficients(res)


@MODELS
@given(frame=model_frames(), outcome=st.sampled_from(["y", "b"]), cluster=st.booleans())
def test_adjacent_contrasts_at_the_edges(frame, outcome, cluster):
    res = _call(lambda: trustlab.adjacent_contrasts(
        frame, outcome, "g", cluster="cl" if cluster else None))  # fmt: skip
    if res is not None:
        _explained(res.table["estimate"], res, "a contrast")


@MODELS
@given(frame=model_frames(), knots=st.one_of(st.none(), st.lists(EDGE, min_size=1, max_size=2)))
def test_broken_stick_at_the_edges(frame, knots):
    res = _call(lambda: trustlab.broken_stick(frame, "y", "x", knots=knots))
    if res is not None:
        _explained([res.knot, res.slope_before, res.slope_after], res, "a slope")


@FAST
@given(frame=model_frames())
def test_group_means_and_rank_tests_at_the_edges(frame):
    means = _call(lambda: trustlab.group_means(frame, "y", "g"))
    if means is not None:
        table = means.table
        assert np.isfinite(table.loc[table["n"] >= 1, "mean"]).all()
        assert np.isfinite(table.loc[table["n"] >= 2, ["sd", "ci_low", "ci_high"]]).all().all()
    for test in (trustlab.kruskal_wallis, trustlab.jonckheere_terpstra):
        res = _call(lambda test=test: test(frame, "y", "g"))
        if res is not None:
            assert math.isfinite(res.statistic) and 0 <= res.p_value <= 1
    res = _call(lambda: trustlab.cochran_armitage(frame, "b", "g"))
    if res is not None:
        assert math.isfinite(res.statistic) and 0 <= res.p_value <= 1


@FAST
@given(frame=model_frames(), seed=st.one_of(st.none(), st.integers(0, 2**63 - 1), EDGE))
def test_tables_and_chi_square_at_the_edges(frame, seed):
    ct = _call(lambda: trustlab.crosstab(frame, "g", "cl"))
    if ct is not None:
        assert int(ct.counts.to_numpy().sum()) == ct.n
    res = _call(lambda: trustlab.chi_square_test(frame, "g", "cl", n_resamples=50, seed=seed))
    if res is not None:
        assert math.isfinite(res.statistic) and 0 <= res.p_value <= 1
        assert 0 <= res.extra["cramers_v"] <= 1 + 1e-12
    freq = _call(lambda: trustlab.frequency_table(frame["g"]))
    if freq is not None and freq.n:
        assert np.isclose(freq.table["percent"].sum(), 100)
    prop = _call(lambda: trustlab.proportion(frame["b"]))
    if prop is not None:
        assert 0 <= prop.ci_low <= prop.estimate <= prop.ci_high <= 1


COUNT = st.one_of(st.integers(-3, 50), EDGE, st.floats(allow_nan=True, allow_infinity=True))


@FAST
@given(count=COUNT, n=COUNT, level=st.one_of(st.sampled_from([0.9, 0.95]), EDGE))
def test_intervals_at_the_edges(count, n, level):
    for interval in (trustlab.wilson_interval, trustlab.exact_interval):
        res = _call(lambda f=interval: f(count, n, confidence_level=level))
        if res is not None:
            low, high = (float(v) for v in res)
            if math.isnan(low):
                assert math.isnan(count) or math.isnan(n) or n == 0
            else:
                assert 0 <= low <= high <= 1
    res = _call(lambda: trustlab.proportion(count, n, confidence_level=level))
    if res is not None:
        assert 0 <= res.ci_low <= res.estimate <= res.ci_high <= 1


@FAST
@given(p=st.lists(st.one_of(st.floats(0, 1), EDGE), max_size=6),
       successes=st.lists(COUNT, min_size=1, max_size=4),
       scores=st.one_of(st.none(), st.lists(EDGE, min_size=4, max_size=4)))  # fmt: skip
def test_holm_and_trend_counts_at_the_edges(p, successes, scores):
    adjusted = _call(lambda: trustlab.holm(p))
    if adjusted is not None:
        finite = adjusted[~np.isnan(adjusted)]
        assert ((finite >= 0) & (finite <= 1)).all()
    totals = [50] * len(successes)
    scores = None if scores is None else scores[: len(successes)]
    res = _call(lambda: trustlab.cochran_armitage_counts(successes, totals, scores=scores))
    if res is not None:
        assert math.isfinite(res.statistic) and 0 <= res.p_value <= 1


@FAST
@given(values=st.lists(st.one_of(st.floats(0, 1), EDGE), min_size=1, max_size=5),
       cutoff=st.one_of(st.just(0.5), EDGE), strict=st.booleans())  # fmt: skip
def test_threshold_statement_at_the_edges(values, cutoff, strict):
    series = pd.Series(values, index=[*LEVELS, "e"][: len(values)])
    res = _call(lambda: trustlab.threshold_statement(series, cutoff=cutoff, strict=strict))
    if res is not None:
        for text in res.statement.values():
            assert not re.search(r"\bnan\b|\binf\b", text.lower()), text
