"""Synthetic surveys from trustlab's generative model, the shipped sample and power studies."""

from __future__ import annotations

from trustlab.simulation.generate import SimulationParameters, simulate_data
from trustlab.simulation.power import PowerResult, power
from trustlab.simulation.sample import load_sample, sample_path, simulate_survey

__all__ = [
    "PowerResult",
    "SimulationParameters",
    "load_sample",
    "power",
    "sample_path",
    "simulate_data",
    "simulate_survey",
]
