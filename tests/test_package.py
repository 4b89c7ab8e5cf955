"""What the installed package carries: the default codebook and the sample data."""

from __future__ import annotations

from importlib import resources

import trustlab


def test_default_codebook_is_inside_the_package():
    assert (resources.files("trustlab") / "data" / "codebook.yaml").is_file()


def test_sample_is_readable_with_the_default_codebook():
    path = trustlab.sample_path()
    assert path.is_file() and path.name == "trustlab_sample.csv"
    survey = trustlab.load_sample()
    assert survey.n_respondents == 231
    assert survey.codebook.columns() == list(survey.data.columns[:17])


def test_version():
    assert trustlab.__version__ == "0.1.0"
