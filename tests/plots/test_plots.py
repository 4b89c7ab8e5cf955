"""The figures: what each draws, in both languages, with empty categories and missing answers."""

from __future__ import annotations

import copy
import os
import subprocess
import sys

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer, ErrorbarContainer

import trustlab
from trustlab import plots
from trustlab.errors import TrustlabError
from trustlab.input.survey import Survey

pytestmark = [
    pytest.mark.filterwarnings("error::DeprecationWarning"),
    pytest.mark.filterwarnings("error::PendingDeprecationWarning"),
    pytest.mark.filterwarnings("error::matplotlib.MatplotlibDeprecationWarning"),
]

FREQ_EN = [
    "less than once a year",
    "1-2 times a year",
    "3-4 times a year",
    "more than 4 times a year",
]
LAST = "meer dan 4 keer per jaar"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def survey():
    return trustlab.load_sample()


@pytest.fixture(scope="module")
def frame(survey):
    scores = trustlab.score_scales(survey)
    return pd.concat([survey.data, scores.drop(columns=[survey.codebook.id])], axis=1)


@pytest.fixture(scope="module")
def analysis(survey):
    return trustlab.analyse(survey, n_boot=0)


@pytest.fixture(scope="module")
def sparse(survey):
    """The sample without the last meeting-frequency category and with extra missing answers."""
    data = survey.data[survey.data["meeting_frequency"] != LAST].copy()
    data.loc[data.index[:10], "meeting_frequency"] = np.nan
    data.loc[data.index[10:30], ["T1", "D2"]] = np.nan
    data["T3"] = data["T3"].where(data["T3"] != 1)  # no one answers 1 on T3
    result = trustlab.analyse(Survey(data=data, codebook=survey.codebook), n_boot=0)
    assert any("has no rows" in n.message for n in result.notices)  # the empty category
    return result


@pytest.fixture(scope="module")
def fitted(frame):
    kw = {"categorical": ["meeting_frequency"], "cluster": "network_id"}
    return {
        "logit": trustlab.logit(frame, "high_trust", ["meeting_frequency"], **kw),
        "logit2": trustlab.logit(
            frame,
            "high_trust",
            ["meeting_frequency", "years_in_network"],
            **kw,
        ),
        "ols": trustlab.ols(frame, "trust", ["meeting_frequency"], **kw),
    }


def _labels(texts):
    return [t.get_text() for t in texts]


def _errorbars(ax):
    return [c for c in ax.containers if isinstance(c, ErrorbarContainer)]


# likert_bars -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_likert_bars_one_segment_per_answer_summing_to_100(survey, analysis, lang):
    ax = plots.likert_bars(analysis, lang=lang)
    items = survey.codebook.item_columns
    assert len(ax.patches) == 5 * len(items)
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert len(bars) == 5
    widths = np.array([[p.get_width() for p in bar] for bar in bars])  # answers x items
    np.testing.assert_allclose(widths.sum(axis=0), 100)
    expected = trustlab.frequency_table(survey.data["T1"], categories=[1, 2, 3, 4, 5]).table
    np.testing.assert_allclose(widths[:, 0], expected["percent"])
    neutral = bars[2]
    for patch in neutral:  # the neutral answer straddles zero
        assert patch.get_x() + patch.get_width() / 2 == pytest.approx(0)
    ticks = _labels(ax.get_yticklabels())
    text_t1 = survey.codebook.item("T1").text.get(lang)
    assert ticks[0].replace("\n", " ") == f"T1  {text_t1}"
    marked = [t.split()[0] for t in ticks if "(R)" in t]
    assert marked == ["T7", "D4"]
    legend = _labels(ax.get_legend().get_texts())
    assert legend == [survey.codebook.response_scale.labels[k].get(lang) for k in range(1, 6)]
    assert "(R)" in ax.get_xlabel()


def test_likert_bars_selected_items_and_missing_answers(sparse):
    ax = plots.likert_bars(sparse, items=["T3", "T1", "D4"], lang="en")
    assert len(ax.patches) == 15
    assert [t.split()[0] for t in _labels(ax.get_yticklabels())] == ["T3", "T1", "D4"]
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    widths = np.array([[p.get_width() for p in bar] for bar in bars])
    np.testing.assert_allclose(widths.sum(axis=0), 100)
    assert widths[0, 0] == 0  # the empty answer of T3
    right = ax.child_axes[0] if ax.child_axes else None
    assert right is not None
    n_t1 = int(sparse.survey.data["T1"].notna().sum())
    assert f"n = {n_t1}" in _labels(right.get_yticklabels())


def test_unknown_item_language_and_input_are_errors(survey, analysis):
    with pytest.raises(TrustlabError, match="T9"):
        plots.likert_bars(analysis, items=["T9"])
    with pytest.raises(TrustlabError, match="lang"):
        plots.likert_bars(analysis, lang="fr")
    with pytest.raises(TrustlabError, match=r"trustlab\.analyse"):
        plots.likert_bars(survey)


# exposure_distribution -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_exposure_bars_with_wilson_intervals(survey, analysis, lang):
    ax = plots.exposure_distribution(analysis, lang=lang)
    table = trustlab.frequency_table(survey.data["meeting_frequency"]).table
    assert len(ax.patches) == 4
    np.testing.assert_allclose([p.get_height() for p in ax.patches], table["percent"])
    (bars,) = _errorbars(ax)
    segments = bars.lines[2][0].get_segments()
    np.testing.assert_allclose([s[0][1] for s in segments], 100 * table["ci_low"])
    np.testing.assert_allclose([s[1][1] for s in segments], 100 * table["ci_high"])
    ticks = [t.replace("\n", " ") for t in _labels(ax.get_xticklabels())]
    assert ticks == (FREQ_EN if lang == "en" else list(table.index))
    assert "Wilson" in _labels(ax.get_legend().get_texts())[0]


def test_exposure_with_an_empty_category(sparse):
    table = sparse.exposure.frequency
    ax = plots.exposure_distribution(sparse, lang="en")
    heights = [p.get_height() for p in ax.patches]
    assert len(heights) == 4 and heights[-1] == 0
    assert f"(n = {table.n})" in ax.get_title()
    assert "0%\n(n = 0)" in _labels(ax.texts)
    assert [t.replace("\n", " ") for t in _labels(ax.get_xticklabels())] == FREQ_EN


# means_by_exposure ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_means_by_exposure(survey, analysis, frame, lang):
    ax = plots.means_by_exposure(analysis, lang=lang)
    bars = _errorbars(ax)
    assert len(bars) == 2
    expected = trustlab.group_means(frame, "trust", "meeting_frequency").table
    np.testing.assert_allclose(bars[0].lines[0].get_ydata(), expected["mean"])
    segments = bars[0].lines[2][0].get_segments()
    np.testing.assert_allclose([s[1][1] for s in segments], expected["ci_high"])
    legend = _labels(ax.get_legend().get_texts())
    assert legend == [survey.codebook.scales[s].label.get(lang) for s in ("trust", "distrust")]
    assert ax.get_ylim() == (1, 5)


def test_means_with_an_empty_category(sparse):
    ax = plots.means_by_exposure(sparse, lang="en")
    assert "(n = 0)" in _labels(ax.get_xticklabels())[-1]
    assert np.isnan(_errorbars(ax)[0].lines[0].get_ydata()[-1])


# high_by_exposure ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_high_by_exposure(analysis, frame, lang):
    ax = plots.high_by_exposure(analysis, lang=lang)
    assert len(ax.patches) == 4
    for patch, category in zip(ax.patches, frame["meeting_frequency"].cat.categories, strict=True):
        flags = frame.loc[frame["meeting_frequency"] == category, "high_trust"].astype(float)
        assert patch.get_height() == pytest.approx(100 * trustlab.proportion(flags).estimate)
    (bars,) = _errorbars(ax)
    assert len(bars.lines[2][0].get_segments()) == 4
    reference = [line for line in ax.lines if list(line.get_ydata()) == [50, 50]]
    assert len(reference) == 1
    assert ("high trust" if lang == "en" else "hoog vertrouwen") in ax.get_ylabel()
    assert ("mean > 3" if lang == "en" else "gemiddelde > 3") in ax.get_ylabel()


def test_high_by_exposure_with_an_empty_category(sparse):
    ax = plots.high_by_exposure(sparse, lang="nl")
    assert ax.patches[-1].get_height() == 0
    assert "n = 0" in _labels(ax.texts)


# trust_distrust_scatter ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_trust_distrust_scatter(analysis, frame, lang):
    ax = plots.trust_distrust_scatter(analysis, lang=lang)
    assert len(ax.collections) == 4
    points = np.vstack([c.get_offsets() for c in ax.collections])
    assert len(points) == frame[["trust", "distrust"]].dropna().shape[0]
    legend = _labels(ax.get_legend().get_texts())
    assert len(legend) == 4
    counts = [int(t.split("n = ")[1].split()[0]) for t in legend]
    assert sum(counts) == len(points)
    high_low = "high trust, low distrust" if lang == "en" else "hoog vertrouwen, laag wantrouwen"
    assert legend[0].startswith(high_low)
    cutoffs = [line.get_xdata()[0] for line in ax.lines if line.get_linestyle() == "--"]
    assert 3.0 in cutoffs


def test_scatter_jitter_is_seeded_and_never_crosses_a_cutoff(analysis):
    first = plots.trust_distrust_scatter(analysis, seed=3)
    second = plots.trust_distrust_scatter(analysis, seed=3)
    for a, b in zip(first.collections, second.collections, strict=True):
        np.testing.assert_array_equal(a.get_offsets(), b.get_offsets())
    high_trust_points = first.collections[0].get_offsets()  # high trust, low distrust
    assert (high_trust_points[:, 0] > 3).all() and (high_trust_points[:, 1] <= 3).all()


def test_scatter_of_more_respondents_than_it_draws_draws_a_seeded_sample(sparse, monkeypatch):
    from trustlab.plots import scales as scatter_module

    monkeypatch.setattr(scatter_module, "MAX_POINTS", 40)
    ax = plots.trust_distrust_scatter(sparse, jitter=0, seed=5, lang="en")
    points = np.vstack([c.get_offsets() for c in ax.collections])
    scores = sparse.scores
    both = np.flatnonzero(scores["trust"].notna().to_numpy() & scores["distrust"].notna())
    rows = both[np.sort(np.random.default_rng(5).choice(len(both), 40, replace=False))]
    want = scores.iloc[rows][["trust", "distrust"]].to_numpy(float)
    np.testing.assert_array_equal(np.unique(points, axis=0), np.unique(want, axis=0))
    assert len(points) == 40
    title = ax.get_legend().get_title().get_text()
    assert f"40 of {len(both)} respondents shown (random sample)" in title


def test_the_sample_note_is_in_dutch_with_dutch_thousands(sparse, monkeypatch):
    from trustlab.plots import scales as scatter_module
    from trustlab.plots._style import count

    monkeypatch.setattr(scatter_module, "MAX_POINTS", 40)
    ax = plots.trust_distrust_scatter(sparse, jitter=0, seed=5, lang="nl")
    n = int((sparse.scores["trust"].notna() & sparse.scores["distrust"].notna()).sum())
    title = ax.get_legend().get_title().get_text()
    assert f"40 van {n} respondenten getoond (willekeurige steekproef)" in title
    assert count(9_999_245, "nl") == "9.999.245"  # not 9,999,245 (an English separator)


def test_scatter_with_missing_scores(sparse):
    ax = plots.trust_distrust_scatter(sparse, lang="en")
    assert "n = " in ax.get_legend().get_title().get_text()


# item_correlations ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_item_correlations(survey, analysis, lang):
    ax = plots.item_correlations(analysis, lang=lang)
    k = len(survey.codebook.item_columns)
    assert len(ax.texts) == k * (k - 1) // 2
    r = survey.data["T1"].corr(survey.data["T2"])

    def shown(value):  # APA in English (.57), a decimal comma in Dutch (0,57)
        return f"{value:.2f}".replace("0.", ".", 1) if lang == "en" else f"{value:.2f}".replace(
            ".", ",")  # fmt: skip

    assert ax.texts[0].get_text() == shown(r)
    keyed = 6 - survey.data["D4"]  # D4 is reverse-worded: recoded before correlating
    r_d = survey.data["D1"].corr(keyed)
    assert shown(r_d) in _labels(ax.texts)
    assert "T7 (R)" in _labels(ax.get_xticklabels())
    assert len(ax.images) == 1


# scree, loadings -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def keyed(survey):
    cb = survey.codebook
    return trustlab.reverse_key(survey.items(), cb.reverse_keyed(), (1, 5))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_scree(survey, lang):
    result = trustlab.parallel_analysis(survey.items(), seed=1)
    ax = plots.scree(result, lang=lang)
    labelled = [line for line in ax.lines if not line.get_label().startswith("_")]
    assert len(labelled) == 4
    np.testing.assert_allclose(labelled[0].get_ydata(), result.observed_pc)
    np.testing.assert_allclose(labelled[3].get_ydata(), result.simulated_fa_quantile)
    title = ax.get_legend().get_title().get_text()
    assert f"{result.n_factors} factor" in title
    ax2 = plots.scree(result, components=False, lang=lang)
    assert len([line for line in ax2.lines if not line.get_label().startswith("_")]) == 2


def test_loadings_of_efa_and_cfa(survey, keyed):
    fit = trustlab.efa(keyed, 2)
    ax = plots.loadings(fit, lang="en", codebook=survey.codebook)
    assert len(ax.texts) == 11 * 2
    assert _labels(ax.get_xticklabels()) == ["F1", "F2"]
    assert _labels(ax.get_yticklabels())[0].replace("\n", " ") == (
        "T1  Rules and norms in our network are clear."
    )
    model = {name: list(scale.items) for name, scale in survey.codebook.scales.items()}
    cfa = trustlab.cfa(keyed, model)
    ax = plots.loadings(cfa, lang="nl", codebook=survey.codebook)
    assert len(ax.texts) == 11
    assert [t.replace("\n", " ") for t in _labels(ax.get_xticklabels())] == [
        "vertrouwen in de netwerkaanpak",
        "wantrouwen",
    ]
    t1 = float(ax.texts[0].get_text().replace(",", "."))  # Dutch: 0,79
    assert t1 == pytest.approx(cfa.loadings.loc["T1", "std_all"], abs=0.005)


def test_structure_plots_reject_other_results(fitted):
    with pytest.raises(TrustlabError, match="parallel_analysis"):
        plots.scree(fitted["ols"])
    with pytest.raises(TrustlabError, match="efa"):
        plots.loadings(fitted["ols"])


# coefficients, predicted_high_trust ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_coefficients_of_a_logit_as_odds_ratios(survey, fitted, lang):
    result = fitted["logit"]
    ax = plots.coefficients(result, lang=lang, codebook=survey.codebook)
    assert ax.get_xscale() == "log"
    (bars,) = _errorbars(ax)
    table = result.coefficients.iloc[1:]
    np.testing.assert_allclose(bars.lines[0].get_xdata(), table["odds_ratio"])
    segments = bars.lines[2][0].get_segments()
    np.testing.assert_allclose([s[0][0] for s in segments], table["or_ci_low"])
    ticks = [t.replace("\n", " ") for t in _labels(ax.get_yticklabels())]
    assert len(ticks) == 4
    if lang == "en":
        assert ticks[0] == "meeting frequency: less than once a year (reference)"
        assert ticks[2] == "meeting frequency: 3-4 times a year"
    else:
        assert ticks[0] == "vergaderfrequentie: minder dan 1 keer per jaar (referentie)"
    assert any(list(line.get_xdata()) == [1.0, 1.0] for line in ax.lines)


def test_coefficients_of_several_models(survey, fitted):
    ax = plots.coefficients({"a": fitted["logit"], "b": fitted["logit2"]}, lang="en",
                            codebook=survey.codebook)  # fmt: skip
    assert len(_errorbars(ax)) == 2
    assert _labels(ax.get_legend().get_texts()) == ["a", "b"]
    assert "years in the network" in _labels(ax.get_yticklabels())
    ax = plots.coefficients(fitted["ols"], intercept=True, lang="en")
    assert ax.get_xscale() == "linear"
    assert "(Intercept)" in _labels(ax.get_yticklabels())
    with pytest.raises(TrustlabError, match="Odds ratios"):
        plots.coefficients([fitted["logit"], fitted["ols"]])
    with pytest.raises(TrustlabError, match="coefficient table"):
        plots.coefficients(["not a model"])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_predicted_high(analysis, lang):
    ax = plots.predicted_high(analysis, lang=lang)
    logit = analysis.exposure.scales["trust"].logit
    (bars,) = _errorbars(ax)
    np.testing.assert_allclose(bars.lines[0].get_xdata(), [0.5, 1.5, 3.5, 6])
    np.testing.assert_allclose(bars.lines[0].get_ydata(), logit.predicted["probability"])
    assert len(bars.lines[2][0].get_segments()) == 4
    assert ("meetings per year" if lang == "en" else "vergaderingen per jaar") == ax.get_xlabel()


def test_predicted_high_leaves_out_an_empty_category(sparse):
    ax = plots.predicted_high(sparse, lang="en")
    (bars,) = _errorbars(ax)
    np.testing.assert_allclose(bars.lines[0].get_xdata(), [0.5, 1.5, 3.5])


# ax=, save_figure, lazy import ---------------------------------------------------------------


def test_every_figure_draws_on_the_given_axes(survey, analysis, fitted, keyed):
    pa = trustlab.parallel_analysis(survey.items(), seed=1, n_iter=5)
    plt.close("all")  # figures another test left open in this process are not ours to count
    calls = [
        lambda ax: plots.likert_bars(analysis, ax=ax),
        lambda ax: plots.exposure_distribution(analysis, ax=ax),
        lambda ax: plots.means_by_exposure(analysis, ax=ax),
        lambda ax: plots.high_by_exposure(analysis, ax=ax),
        lambda ax: plots.trust_distrust_scatter(analysis, ax=ax),
        lambda ax: plots.item_correlations(analysis, ax=ax),
        lambda ax: plots.scree(pa, ax=ax),
        lambda ax: plots.loadings(trustlab.efa(keyed, 2), ax=ax),
        lambda ax: plots.coefficients(fitted["logit"], ax=ax),
        lambda ax: plots.predicted_high(analysis, ax=ax),
    ]
    for call in calls:
        _fig, (left, right) = plt.subplots(1, 2)
        assert call(right) is right
        assert right.has_data() and not left.has_data()
        assert len(plt.get_fignums()) == 1
        plt.close("all")


def test_without_ax_a_plot_makes_a_pyplot_figure_of_its_own(analysis):
    # pyplot is loaded on the first such figure (not with trustlab.plots): a notebook shows it,
    # plt.show() opens it; constrained layout as before
    plt.close("all")
    ax = plots.high_by_exposure(analysis)
    assert plt.get_fignums() == [ax.figure.number]
    assert ax.figure.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"
    plt.close("all")


def test_save_figure_writes_png_and_svg_byte_for_byte(analysis, tmp_path):
    from PIL import Image

    ax = plots.high_by_exposure(analysis, lang="en")
    first = plots.save_figure(ax.figure, tmp_path / "a" / "high_trust")
    assert [p.name for p in first] == ["high_trust.png", "high_trust.svg"]
    with Image.open(first[0]) as image:
        assert image.info["dpi"] == pytest.approx((300, 300), abs=0.5)
    assert first[1].read_text(encoding="utf-8").lstrip().startswith("<?xml")
    second = plots.save_figure(ax, tmp_path / "b" / "high_trust.png")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    plt.close("all")
    again = plots.high_by_exposure(analysis, lang="en")
    third = plots.save_figure(again.figure, tmp_path / "c" / "high_trust")
    for a, b in zip(first, third, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_import_trustlab_does_not_import_matplotlib():
    code = "import sys, trustlab; trustlab.load_sample(); print('matplotlib' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_a_scale_by_name_and_labels_from_the_codebook(analysis):
    ax = plots.high_by_exposure(analysis, scale="distrust", lang="en")
    ticks = [t.replace("\n", " ") for t in _labels(ax.get_xticklabels())]
    assert ticks == FREQ_EN
    assert "high distrust" in ax.get_ylabel()
    with pytest.raises(TrustlabError, match="No scale 'trustt'"):
        plots.high_by_exposure(analysis, scale="trustt")


def test_text_from_the_codebook_is_drawn_literally(survey):
    # a $ in a label would start matplotlib's mathtext: it is drawn as a dollar sign
    raw = copy.deepcopy(survey.codebook.raw)
    raw["scales"]["trust"]["label"] = {"nl": "kosten $x$ per jaar", "en": "costs $x$ a year"}
    codebook = trustlab.load_codebook(raw)
    result = trustlab.analyse(trustlab.sample_path(), codebook=codebook, n_boot=0)
    ax = plots.high_by_exposure(result, lang="en")
    assert r"costs \$x\$ a year" in ax.get_ylabel()
    ax.figure.canvas.draw()  # renders without a mathtext error


def test_coefficients_of_ordinal_and_mixed_models(survey, frame):
    ordinal = trustlab.ordinal_logit(
        frame, "T1", ["meeting_frequency"], categorical=["meeting_frequency"]
    )
    ax = plots.coefficients(ordinal, lang="en", codebook=survey.codebook)
    assert ax.get_xscale() == "log"
    (bars,) = _errorbars(ax)
    effects = ordinal.coefficients[~ordinal.coefficients["term"].str.contains("|", regex=False)]
    np.testing.assert_allclose(bars.lines[0].get_xdata(), effects["odds_ratio"])
    assert len(ax.get_yticklabels()) == 4  # thresholds left out, reference row added
    mixed = trustlab.mixed_model(
        frame,
        "trust",
        ["meeting_frequency"],
        group="network_id",
        categorical=["meeting_frequency"],
    )
    ax = plots.coefficients(mixed, lang="nl", codebook=survey.codebook)
    assert ax.get_xscale() == "linear"
    assert ax.get_title().replace("\n", " ").endswith("vertrouwen in de netwerkaanpak")
