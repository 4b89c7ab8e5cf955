"""The synthetic sample shipped with trustlab (see ``data/sample/README.md``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trustlab.survey import Survey

__all__ = ["sample_path", "load_sample", "SAMPLE_FILE"]

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
    return Path(__file__).resolve().parents[2] / "data" / "sample" / SAMPLE_FILE


def load_sample() -> Survey:
    """The synthetic sample as a :class:`~trustlab.Survey`, read with the default codebook.

    The data are synthetic: trustlab's simulator made them to reproduce the published
    aggregates of the study (findings F1-F9); they are not the thesis data.
    """
    from trustlab.io import read_survey

    return read_survey(sample_path())
