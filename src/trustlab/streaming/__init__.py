"""Surveys larger than memory: read in chunks, analysed with bounded memory.

:func:`analyse_dataset` reads a folder of Parquet files, a Parquet file or a CSV chunk by chunk
through the same parser as :func:`trustlab.read_survey`, computes on every respondent what sums
allow, and runs :func:`trustlab.analyse` on a random subsample of whole networks for the rest.
"""

from trustlab.streaming.dataset import CHUNK_ROWS, analyse_dataset
from trustlab.streaming.regression import StreamedRegression
from trustlab.streaming.results import StreamedAnalysis, StreamedExposure, StreamedScale

__all__ = [
    "CHUNK_ROWS",
    "StreamedAnalysis",
    "StreamedExposure",
    "StreamedRegression",
    "StreamedScale",
    "analyse_dataset",
]
