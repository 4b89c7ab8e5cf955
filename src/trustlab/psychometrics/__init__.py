"""Psychometrics: reliability (alpha, omega) and structure (KMO, Bartlett, parallel, EFA, CFA).

The functions take pandas DataFrames or 2-D arrays (rows = respondents, columns = items) and know
nothing of surveys, codebooks or files.
"""

from __future__ import annotations

from trustlab.psychometrics._common import PsychometricError, PsychometricWarning
from trustlab.psychometrics.cfa import (
    CFAConvergenceWarning,
    CFAError,
    CFAResult,
    CFAWarning,
    HeywoodWarning,
    cfa,
)
from trustlab.psychometrics.cfa_ordinal import OrdinalCFAResult, cfa_ordinal
from trustlab.psychometrics.efa import EFAResult, efa
from trustlab.psychometrics.invariance import InvarianceResult, measurement_invariance
from trustlab.psychometrics.multigroup import MultiGroupCFAResult, multigroup_cfa
from trustlab.psychometrics.omega import OmegaResult, omega
from trustlab.psychometrics.ordinal import OrdinalReliabilityResult, ordinal_reliability
from trustlab.psychometrics.polychoric import PolychoricResult, polychoric
from trustlab.psychometrics.polychoric_pair import PolychoricPairResult, polychoric_pair
from trustlab.psychometrics.reliability import AlphaResult, cronbach_alpha
from trustlab.psychometrics.streaming import StreamingAlpha
from trustlab.psychometrics.structure import (
    BartlettResult,
    KMOResult,
    ParallelResult,
    bartlett_sphericity,
    kmo,
    parallel_analysis,
)

__all__ = [
    "PsychometricError",
    "PsychometricWarning",
    "AlphaResult",
    "cronbach_alpha",
    "StreamingAlpha",
    "OmegaResult",
    "omega",
    "KMOResult",
    "kmo",
    "BartlettResult",
    "bartlett_sphericity",
    "ParallelResult",
    "parallel_analysis",
    "EFAResult",
    "efa",
    "CFAResult",
    "cfa",
    "CFAError",
    "CFAWarning",
    "HeywoodWarning",
    "CFAConvergenceWarning",
    "PolychoricResult",
    "PolychoricPairResult",
    "polychoric",
    "polychoric_pair",
    "OrdinalReliabilityResult",
    "ordinal_reliability",
    "MultiGroupCFAResult",
    "multigroup_cfa",
    "InvarianceResult",
    "measurement_invariance",
    "OrdinalCFAResult",
    "cfa_ordinal",
]
