"""Models: descriptives, tests, regression models and the threshold analysis.

The functions take pandas DataFrames and column names and know nothing of surveys, codebooks or
files; every result is a frozen object with ``summary()`` (a DataFrame).
"""

from __future__ import annotations

from trustlab.models._common import ModelError, ModelWarning, holm
from trustlab.models.agreement import (
    GroupAgreement,
    GroupICC,
    agreement_level,
    awg,
    group_icc,
    group_size_for_icc2,
    rwg_j,
    spearman_brown,
)
from trustlab.models.cluster_robust import (
    ClusterCoefTest,
    ClusterWaldTest,
    coef_test,
    constrain_adjacent,
    constrain_pairwise,
    constrain_zero,
    contrast_test,
    wald_test,
)
from trustlab.models.correlation import CorrelationResult, correlation
from trustlab.models.descriptives import (
    Crosstab,
    FrequencyTable,
    ProportionResult,
    crosstab,
    exact_interval,
    frequency_from_counts,
    frequency_table,
    proportion,
    wilson_interval,
)
from trustlab.models.group_means import GroupMeans, group_means, means_from_moments
from trustlab.models.linear import OLSResult, ols
from trustlab.models.logistic import LogitResult, logit
from trustlab.models.mixed import MixedResult, mixed_model
from trustlab.models.mixed_inference import (
    MixedAnova,
    MixedCoefTest,
    MixedFTest,
    fixed_effects_test,
    mixed_anova,
    mixed_contrast_test,
    mixed_f_test,
)
from trustlab.models.mixed_lrt import drop_lrt
from trustlab.models.mixed_variance import (
    ICCInterval,
    LikelihoodRatioTest,
    MixedR2,
    icc_interval,
    likelihood_ratio_test,
    r2_nakagawa,
)
from trustlab.models.ordinal import OrdinalResult, ordinal_logit
from trustlab.models.regression import RegressionResult
from trustlab.models.shares import GroupShares, shares_by_group, shares_from_counts
from trustlab.models.statement import ThresholdStatement, threshold_statement
from trustlab.models.tests import (
    TestResult,
    chi_square_test,
    kruskal_wallis,
    kruskal_wallis_counts,
)
from trustlab.models.threshold import (
    AdjacentContrasts,
    BrokenStick,
    adjacent_contrasts,
    broken_stick,
)
from trustlab.models.trend_tests import (
    cochran_armitage,
    cochran_armitage_counts,
    jonckheere_terpstra,
)
from trustlab.models.wild_bootstrap import WildBootstrapResult, wild_cluster_bootstrap
from trustlab.models.within_between import WithinBetween, within_between

__all__ = [
    "ModelError",
    "ModelWarning",
    "holm",
    "FrequencyTable",
    "frequency_table",
    "ProportionResult",
    "proportion",
    "wilson_interval",
    "exact_interval",
    "Crosstab",
    "crosstab",
    "GroupMeans",
    "group_means",
    "GroupShares",
    "shares_by_group",
    "shares_from_counts",
    "frequency_from_counts",
    "means_from_moments",
    "CorrelationResult",
    "correlation",
    "OLSResult",
    "RegressionResult",
    "LogitResult",
    "logit",
    "MixedResult",
    "mixed_model",
    "OrdinalResult",
    "ordinal_logit",
    "ols",
    "TestResult",
    "chi_square_test",
    "kruskal_wallis",
    "kruskal_wallis_counts",
    "jonckheere_terpstra",
    "cochran_armitage",
    "cochran_armitage_counts",
    "AdjacentContrasts",
    "adjacent_contrasts",
    "BrokenStick",
    "broken_stick",
    "ThresholdStatement",
    "threshold_statement",
    "ClusterCoefTest",
    "ClusterWaldTest",
    "coef_test",
    "contrast_test",
    "wald_test",
    "constrain_zero",
    "constrain_adjacent",
    "constrain_pairwise",
    "WildBootstrapResult",
    "wild_cluster_bootstrap",
    "GroupICC",
    "GroupAgreement",
    "group_icc",
    "rwg_j",
    "awg",
    "agreement_level",
    "spearman_brown",
    "group_size_for_icc2",
    "MixedCoefTest",
    "MixedFTest",
    "MixedAnova",
    "MixedR2",
    "ICCInterval",
    "LikelihoodRatioTest",
    "fixed_effects_test",
    "mixed_contrast_test",
    "mixed_f_test",
    "mixed_anova",
    "r2_nakagawa",
    "icc_interval",
    "likelihood_ratio_test",
    "drop_lrt",
    "WithinBetween",
    "within_between",
]
