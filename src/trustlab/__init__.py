"""trustlab: trust and distrust in local networks, from survey file to published numbers.

The public API is listed in ``__all__``. Heavy libraries (pandas, numpy, scipy, statsmodels,
matplotlib) load on first use, so that ``import trustlab`` and the command line start quickly.

Examples
--------
>>> import trustlab
>>> survey = trustlab.load_sample()
>>> survey.n_respondents
231
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from trustlab.errors import TrustlabError, TrustlabWarning

__version__ = "0.1.0"

_LAZY = {
    "analyse": "trustlab.analysis",
    "Analysis": "trustlab.analysis",
    "analyse_dataset": "trustlab.streaming",
    "StreamedAnalysis": "trustlab.streaming",
    "Plan": "trustlab.plan",
    "save_report": "trustlab.report.save",
    "read_survey": "trustlab.input.read",
    "inspect_survey": "trustlab.input.read",
    "Survey": "trustlab.input.survey",
    "Codebook": "trustlab.input.codebook",
    "load_codebook": "trustlab.input.codebook",
    "default_codebook": "trustlab.input.codebook",
    "draft_codebook": "trustlab.input.draft",
    "QualityReport": "trustlab.input.quality",
    "load_sample": "trustlab.simulation.sample",
    "sample_path": "trustlab.simulation.sample",
    "simulate_survey": "trustlab.simulation.sample",
    "power": "trustlab.simulation.power",
    "PowerResult": "trustlab.simulation.power",
    "reproduce": "trustlab.reproduction.reproduce",
    "Reproduction": "trustlab.reproduction.reproduce",
    "score_scales": "trustlab.scales",
    "reverse_key": "trustlab.scales",
    "errors": "trustlab.errors",
    "plots": "trustlab.plots",
    "cronbach_alpha": "trustlab.psychometrics",
    "StreamingAlpha": "trustlab.psychometrics",
    "AlphaResult": "trustlab.psychometrics",
    "omega": "trustlab.psychometrics",
    "OmegaResult": "trustlab.psychometrics",
    "kmo": "trustlab.psychometrics",
    "KMOResult": "trustlab.psychometrics",
    "bartlett_sphericity": "trustlab.psychometrics",
    "BartlettResult": "trustlab.psychometrics",
    "parallel_analysis": "trustlab.psychometrics",
    "ParallelResult": "trustlab.psychometrics",
    "efa": "trustlab.psychometrics",
    "EFAResult": "trustlab.psychometrics",
    "holm": "trustlab.models",
    "frequency_table": "trustlab.models",
    "FrequencyTable": "trustlab.models",
    "proportion": "trustlab.models",
    "ProportionResult": "trustlab.models",
    "wilson_interval": "trustlab.models",
    "exact_interval": "trustlab.models",
    "crosstab": "trustlab.models",
    "Crosstab": "trustlab.models",
    "group_means": "trustlab.models",
    "GroupMeans": "trustlab.models",
    "chi_square_test": "trustlab.models",
    "kruskal_wallis": "trustlab.models",
    "jonckheere_terpstra": "trustlab.models",
    "cochran_armitage": "trustlab.models",
    "cochran_armitage_counts": "trustlab.models",
    "TestResult": "trustlab.models",
    "ols": "trustlab.models",
    "OLSResult": "trustlab.models",
    "logit": "trustlab.models",
    "LogitResult": "trustlab.models",
    "mixed_model": "trustlab.models",
    "MixedResult": "trustlab.models",
    "ordinal_logit": "trustlab.models",
    "OrdinalResult": "trustlab.models",
    "adjacent_contrasts": "trustlab.models",
    "AdjacentContrasts": "trustlab.models",
    "broken_stick": "trustlab.models",
    "BrokenStick": "trustlab.models",
    "threshold_statement": "trustlab.models",
    "ThresholdStatement": "trustlab.models",
    "cfa": "trustlab.psychometrics",
    "CFAResult": "trustlab.psychometrics",
}

__all__ = [
    "__version__",
    "TrustlabError",
    "TrustlabWarning",
    *_LAZY,
]

if TYPE_CHECKING:
    from trustlab import errors as errors
    from trustlab import plots as plots
    from trustlab.analysis import Analysis as Analysis
    from trustlab.analysis import analyse as analyse
    from trustlab.input.codebook import Codebook as Codebook
    from trustlab.input.codebook import default_codebook as default_codebook
    from trustlab.input.codebook import load_codebook as load_codebook
    from trustlab.input.draft import draft_codebook as draft_codebook
    from trustlab.input.quality import QualityReport as QualityReport
    from trustlab.input.read import inspect_survey as inspect_survey
    from trustlab.input.read import read_survey as read_survey
    from trustlab.input.survey import Survey as Survey
    from trustlab.models import AdjacentContrasts as AdjacentContrasts
    from trustlab.models import BrokenStick as BrokenStick
    from trustlab.models import Crosstab as Crosstab
    from trustlab.models import FrequencyTable as FrequencyTable
    from trustlab.models import GroupMeans as GroupMeans
    from trustlab.models import LogitResult as LogitResult
    from trustlab.models import MixedResult as MixedResult
    from trustlab.models import OLSResult as OLSResult
    from trustlab.models import OrdinalResult as OrdinalResult
    from trustlab.models import ProportionResult as ProportionResult
    from trustlab.models import TestResult as TestResult
    from trustlab.models import ThresholdStatement as ThresholdStatement
    from trustlab.models import adjacent_contrasts as adjacent_contrasts
    from trustlab.models import broken_stick as broken_stick
    from trustlab.models import chi_square_test as chi_square_test
    from trustlab.models import cochran_armitage as cochran_armitage
    from trustlab.models import cochran_armitage_counts as cochran_armitage_counts
    from trustlab.models import crosstab as crosstab
    from trustlab.models import exact_interval as exact_interval
    from trustlab.models import frequency_table as frequency_table
    from trustlab.models import group_means as group_means
    from trustlab.models import holm as holm
    from trustlab.models import jonckheere_terpstra as jonckheere_terpstra
    from trustlab.models import kruskal_wallis as kruskal_wallis
    from trustlab.models import logit as logit
    from trustlab.models import mixed_model as mixed_model
    from trustlab.models import ols as ols
    from trustlab.models import ordinal_logit as ordinal_logit
    from trustlab.models import proportion as proportion
    from trustlab.models import threshold_statement as threshold_statement
    from trustlab.models import wilson_interval as wilson_interval
    from trustlab.psychometrics import AlphaResult as AlphaResult
    from trustlab.psychometrics import BartlettResult as BartlettResult
    from trustlab.psychometrics import CFAResult as CFAResult
    from trustlab.psychometrics import EFAResult as EFAResult
    from trustlab.psychometrics import KMOResult as KMOResult
    from trustlab.psychometrics import OmegaResult as OmegaResult
    from trustlab.psychometrics import ParallelResult as ParallelResult
    from trustlab.psychometrics import StreamingAlpha as StreamingAlpha
    from trustlab.psychometrics import bartlett_sphericity as bartlett_sphericity
    from trustlab.psychometrics import cfa as cfa
    from trustlab.psychometrics import cronbach_alpha as cronbach_alpha
    from trustlab.psychometrics import efa as efa
    from trustlab.psychometrics import kmo as kmo
    from trustlab.psychometrics import omega as omega
    from trustlab.psychometrics import parallel_analysis as parallel_analysis
    from trustlab.scales import reverse_key as reverse_key
    from trustlab.scales import score_scales as score_scales
    from trustlab.simulation.sample import load_sample as load_sample
    from trustlab.simulation.sample import sample_path as sample_path
    from trustlab.simulation.sample import simulate_survey as simulate_survey
    from trustlab.streaming import StreamedAnalysis as StreamedAnalysis
    from trustlab.streaming import analyse_dataset as analyse_dataset


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'trustlab' has no attribute {name!r}")
    value = import_module(module)
    if name not in ("errors", "plots"):
        value = getattr(value, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
