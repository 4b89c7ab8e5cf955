"""Property tests of the item statistics and of every numeric argument at the edges.

cronbach_alpha, omega, kmo, bartlett_sphericity, parallel_analysis, efa and cfa on item tables
with inf, -inf, NaN, 1e308, -0.0 and denormal cells, constant items, as many items as
respondents (and more), one respondent; and every numeric argument of the public functions
(n_boot, seed, n_iter, quantile, n_factors, n, confidence_level, scale_range, n_resamples,
crosscheck_max_n, cutoff) given NaN, infinities, 1e308, negative, fractional or non-numbers.
Each returns a result whose key numbers are finite or explained by a warning in the result, or
raises a TrustlabError; never a numpy/scipy exception or warning.

``TRUSTLAB_HYPOTHESIS_EXAMPLES`` (default 200) sets the examples; ``tools/fuzz.py`` runs them
for hours with fresh seeds.
"""

from __future__ import annotations

import itertools
import math
import os
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
SLOW = settings(max_examples=max(EXAMPLES // 10, 8), **_COMMON)

EDGES = [np.inf, -np.inf, np.nan, 1e308, -1e308, -0.0, 0.0, 5e-324, 1e-308, 1e50, 1e51]
EDGE = st.sampled_from(EDGES)
#: Hostile values for any numeric argument.
ARGUMENT = st.one_of(
    EDGE,
    st.sampled_from([-1, 0, 1, 2, 2.5, 10**30, True, "x", None, [1], (1, 5), (5, 1)]),
    st.integers(-5, 5),
)


@st.composite
def item_frames(draw, min_items: int = 1):
    """Answers 1..5 that hang together (one factor), with edge cells, constant items, and as
    many items as respondents (or more) in some examples."""
    k = draw(st.integers(min_items, 8))
    n = draw(st.sampled_from([k, k + 1, max(k - 2, 1), draw(st.integers(1, 40))]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    level = rng.integers(1, 6, (n, 1))
    values = np.clip(level + rng.integers(-1, 2, (n, k)), 1, 5).astype(float)
    frame = pd.DataFrame(values, columns=[f"q{j}" for j in range(k)])
    for j in range(k):
        shape = draw(st.sampled_from(["plain"] * 4 + ["edge", "constant", "missing"]))
        if shape == "constant":
            frame.iloc[:, j] = draw(st.sampled_from([3.0, -0.0, 1e50]))
        elif shape == "missing":
            frame.iloc[rng.random(n) < 0.3, j] = np.nan
        elif shape == "edge":
            frame.iloc[draw(st.integers(0, n - 1)), j] = draw(EDGE)
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
    trustlab_warnings = [str(w.message) for w in caught]
    if result is not None:
        event("result")
    return result, trustlab_warnings


def _finite_or_warned(values, notes, what: str) -> None:
    values = np.asarray(values, dtype=float)
    if not np.isfinite(values).all():
        assert notes, f"{what} is not finite and no warning says why: {values}"


@FAST
@given(frame=item_frames(min_items=2), policy=st.sampled_from(["pairwise", "listwise"]))
def test_alpha_at_the_edges(frame, policy):
    res, _ = _call(lambda: trustlab.cronbach_alpha(frame, nan_policy=policy))
    if res is not None:
        _finite_or_warned([res.alpha, res.average_r, res.mean, res.sd], res.warnings, "alpha")
        assert res.n_items == frame.shape[1]


@SLOW
@given(frame=item_frames(min_items=3), n_boot=st.sampled_from([0, 20]))
def test_omega_at_the_edges(frame, n_boot):
    res, _ = _call(lambda: trustlab.omega(frame, n_boot=n_boot, seed=1))
    if res is not None:
        _finite_or_warned([res.omega_total], res.warnings, "omega")
        assert not math.isinf(res.omega_total)


@FAST
@given(frame=item_frames(min_items=2))
def test_kmo_and_bartlett_at_the_edges(frame):
    res, notes = _call(lambda: trustlab.kmo(frame))
    if res is not None:
        _finite_or_warned([res.overall], notes, "KMO")
        assert math.isnan(res.overall) or 0 <= res.overall <= 1
    res, notes = _call(lambda: trustlab.bartlett_sphericity(frame))
    if res is not None:
        _finite_or_warned([res.chi2, res.pvalue], notes, "Bartlett's chi-square")
        assert 0 <= res.pvalue <= 1


@SLOW
@given(frame=item_frames(min_items=3), k=st.one_of(st.integers(1, 3), ARGUMENT),
       method=st.sampled_from(["ml", "minres"]))  # fmt: skip
def test_efa_at_the_edges(frame, k, method):
    res, notes = _call(lambda: trustlab.efa(frame, k, method=method, rotation="varimax"))
    if res is not None:
        _finite_or_warned(res.loadings.to_numpy(), notes, "a loading")


@SLOW
@given(frame=item_frames(min_items=3), n_iter=st.one_of(st.just(5), ARGUMENT),
       quantile=st.one_of(st.just(0.95), ARGUMENT),
       seed=st.one_of(st.just(1), ARGUMENT))  # fmt: skip
def test_parallel_analysis_at_the_edges(frame, n_iter, quantile, seed):
    res, _ = _call(lambda: trustlab.parallel_analysis(frame, n_iter=n_iter, quantile=quantile,
                                                      seed=seed))  # fmt: skip
    if res is not None:
        assert np.isfinite(res.observed_pc).all() and 0 <= res.n_factors <= frame.shape[1]


@SLOW
@given(frame=item_frames(min_items=3))
def test_cfa_at_the_edges(frame):
    model = {"F": list(frame.columns)}
    res, notes = _call(lambda: trustlab.cfa(frame, model))
    if res is not None:
        _finite_or_warned(res.parameters["est"], notes, "a CFA estimate")


@FAST
@given(n_boot=ARGUMENT, seed=ARGUMENT, level=ARGUMENT, scale_range=ARGUMENT,
       method=st.sampled_from(["feldt", "bootstrap"]))  # fmt: skip
def test_alpha_arguments_at_the_edges(n_boot, seed, level, scale_range, method):
    frame = pd.DataFrame({"a": [1, 2, 3, 4, 5, 2.0], "b": [2, 2, 3, 5, 4, 1.0],
                          "c": [1, 3, 3, 4, 5, 2.0]})  # fmt: skip
    n_boot = n_boot if not isinstance(n_boot, int) or isinstance(n_boot, bool) else n_boot * 100
    _call(lambda: trustlab.cronbach_alpha(
        frame, ci_method=method, n_boot=n_boot, seed=seed, confidence_level=level,
        scale_range=scale_range, reverse=["c"] if scale_range is not None else ()))  # fmt: skip


@SLOW
@given(n_boot=ARGUMENT, seed=ARGUMENT, level=ARGUMENT, n=ARGUMENT)
def test_other_item_statistic_arguments_at_the_edges(n_boot, seed, level, n):
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(np.clip(rng.integers(1, 6, (30, 1)) + rng.integers(-1, 2, (30, 4)),
                                 1, 5).astype(float))  # fmt: skip
    n_boot = n_boot if isinstance(n_boot, bool) or not isinstance(n_boot, int) else abs(n_boot)
    _call(lambda: trustlab.omega(frame, n_boot=n_boot, seed=seed, confidence_level=level))
    _call(lambda: trustlab.bartlett_sphericity(frame, n=n))


@SLOW
@given(level=ARGUMENT, n_resamples=ARGUMENT, seed=ARGUMENT, cutoff=ARGUMENT,
       crosscheck=ARGUMENT)  # fmt: skip
def test_model_arguments_at_the_edges(level, n_resamples, seed, cutoff, crosscheck):
    rng = np.random.default_rng(4)
    frame = pd.DataFrame({"y": rng.normal(size=40), "x": rng.normal(size=40),
                          "g": rng.choice(["a", "b", "c"], 40),
                          "cl": rng.choice(["p", "q", "r", "s", "t"], 40)})  # fmt: skip
    _call(lambda: trustlab.ols(frame, "y", ["x"], confidence_level=level))
    _call(lambda: trustlab.group_means(frame, "y", "g", confidence_level=level))
    _call(lambda: trustlab.frequency_table(frame["g"], confidence_level=level))
    _call(lambda: trustlab.chi_square_test(frame, "g", "cl", monte_carlo=True,
                                           n_resamples=n_resamples, seed=seed))  # fmt: skip
    _call(lambda: trustlab.mixed_model(frame, "y", ["x"], group="cl", crosscheck_max_n=crosscheck))
    _call(lambda: trustlab.threshold_statement({"a": 0.2, "b": 0.7}, cutoff=cutoff, alpha=level))


@FAST
@given(frame=item_frames(min_items=2), cuts=st.lists(st.integers(0, 40), max_size=3))
def test_streaming_alpha_at_the_edges(frame, cuts):
    from trustlab.psychometrics import StreamingAlpha

    acc = StreamingAlpha(list(frame.columns))
    bounds = sorted({0, len(frame), *(c for c in cuts if c < len(frame))})
    for start, stop in itertools.pairwise(bounds):
        _call(lambda s=start, e=stop: acc.update(frame.iloc[s:e]))  # or refused: not added
    streamed, _ = _call(acc.result)
    whole, _ = _call(lambda: trustlab.cronbach_alpha(frame))
    if streamed is not None and whole is not None and np.isfinite(whole.alpha):
        np.testing.assert_allclose(streamed.alpha, whole.alpha, rtol=1e-8, atol=1e-10)
