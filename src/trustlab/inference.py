"""Inference a methodologist would sign: few clusters, and respondents nested in them.

With a cluster declared (networks, teams), :func:`trustlab.analyse` does not stop at the
cluster-robust standard errors of ``sandwich::vcovCL`` (HC1, CR1S), which reject too often with
few clusters. For each scale against the exposure it adds:

- :class:`ClusterInference`: CR2 (Bell-McCaffrey) standard errors with Satterthwaite degrees of
  freedom for every coefficient of the OLS, logistic and trend models, and the HTZ Wald test of
  the exposure's dummies together (as clubSandwich's ``coef_test`` and ``Wald_test``); on
  request, the wild cluster bootstrap of the adjacent steps (``n_boot_wild``). This is the
  default inference of the report wherever a cluster is declared; the HC1 numbers stay in the
  fits (``std_error_cluster``) for comparison.
- :class:`MixedInference`: the random-intercept model as lmerTest and performance report it:
  Satterthwaite df and p per fixed effect, the F test of the exposure (Satterthwaite and
  Kenward-Roger), marginal and conditional R2 (Nakagawa), the ICC with its profile-likelihood
  interval and the likelihood-ratio test of the exposure (ML).

The statistics are :mod:`trustlab.models`'; this module only decides which runs on which fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from trustlab.models import (
    ClusterCoefTest,
    ClusterWaldTest,
    ICCInterval,
    LikelihoodRatioTest,
    MixedCoefTest,
    MixedFTest,
    MixedR2,
    MixedResult,
    coef_test,
    constrain_adjacent,
    drop_lrt,
    fixed_effects_test,
    icc_interval,
    mixed_f_test,
    ols,
    r2_nakagawa,
    wald_test,
    wild_cluster_bootstrap,
)
from trustlab.results import ResultMixin
from trustlab.steps import Steps

__all__ = [
    "CLUSTER_METHOD",
    "ClusterInference",
    "MixedInference",
    "cluster_inference",
    "mixed_inference",
]

#: The few-cluster-safe method, in words (every table note that uses it says so).
CLUSTER_METHOD = (
    "CR2 (Bell-McCaffrey) cluster-robust SE with Satterthwaite df; joint tests HTZ (R clubSandwich)"
)


@dataclass(frozen=True, repr=False, eq=False)
class ClusterInference(ResultMixin):
    """CR2 + Satterthwaite inference of one scale's regressions on the exposure.

    Attributes
    ----------
    vcov_type, test : str
        ``"CR2"`` and ``"Satterthwaite"`` (clubSandwich's names).
    method : str
        Both in words (:data:`CLUSTER_METHOD`).
    cluster : str
        The cluster column.
    n_clusters : int
    ols, logit, trend, trend_log, broken_stick : ClusterCoefTest or None
        Every coefficient of the score's OLS on the exposure and the covariates, of the
        logistic model of the high flag, of the trends in the exposure's score (and its
        logarithm) and of the broken stick at its knot (terms ``x`` and ``x_after_knot``, the
        change in slope): CR2 SE, Satterthwaite df, p and 95% CI (``clubSandwich::coef_test``,
        ``conf_int``). None where the model was not fitted (or, for the logit, when its
        clusters are too large for CR2; a notice says so).
    ols_exposure, logit_exposure : ClusterWaldTest or None
        The exposure's dummies together: the HTZ Wald test (``clubSandwich::Wald_test(test =
        "HTZ")``).
    wild_bootstrap : pandas.DataFrame or None
        With ``n_boot_wild``: per adjacent step of the mean score (``outcome`` ``"mean"``) and
        of the share high (``"high"``), the restricted wild cluster bootstrap (``contrast``,
        ``estimate``, ``statistic``, ``p_value``, ``ci_low``, ``ci_high``, ``n_boot``,
        ``weights``, ``full_enumeration``); None when not asked for.
    """

    vcov_type: str
    test: str
    method: str
    cluster: str
    n_clusters: int
    ols: ClusterCoefTest | None
    ols_exposure: ClusterWaldTest | None
    logit: ClusterCoefTest | None
    logit_exposure: ClusterWaldTest | None
    trend: ClusterCoefTest | None
    trend_log: ClusterCoefTest | None
    broken_stick: ClusterCoefTest | None
    wild_bootstrap: pd.DataFrame | None

    def summary(self) -> pd.DataFrame:
        """The OLS coefficients: estimate, CR2 SE, Satterthwaite df, p and CI."""
        return self.ols.summary() if self.ols is not None else pd.DataFrame()

    def _title(self) -> str:
        return f"Few-cluster inference ({self.method}): {self.n_clusters} clusters"

    def _notes(self) -> list[str]:
        w = self.ols_exposure
        if w is None:
            return []
        return [
            f"Exposure, joint HTZ test: F({w.df_num}, {w.df_denom:.1f}) = {w.statistic:.3f}, "
            f"p = {w.p_value:.3g}."
        ]


@dataclass(frozen=True, repr=False, eq=False)
class MixedInference(ResultMixin):
    """The random-intercept model of one scale as lmerTest and performance report it.

    Attributes
    ----------
    coefficients : MixedCoefTest or None
        Every fixed effect with Satterthwaite df, p and 95% CI (``summary(lmerTest::lmer)``).
    exposure_test : MixedFTest or None
        The F test of the exposure's dummies with Satterthwaite df (``lmerTest::contestMD``).
    exposure_test_kr : MixedFTest or None
        The same with Kenward-Roger's df and scaled F (``ddf = "Kenward-Roger"``, pbkrtest).
    r2 : MixedR2 or None
        Marginal and conditional R2 (``performance::r2_nakagawa``).
    icc : ICCInterval or None
        The ICC of the model (adjusted for its fixed effects; ``performance::icc``'s
        ``ICC_adjusted``) with its REML profile-likelihood 95% interval.
    lrt : LikelihoodRatioTest or None
        The exposure's likelihood-ratio test between ML fits with and without it
        (``anova(m0, m1)``).
    """

    coefficients: MixedCoefTest | None
    exposure_test: MixedFTest | None
    exposure_test_kr: MixedFTest | None
    r2: MixedR2 | None
    icc: ICCInterval | None
    lrt: LikelihoodRatioTest | None

    def summary(self) -> pd.DataFrame:
        """The fixed effects with Satterthwaite df."""
        if self.coefficients is None:
            return pd.DataFrame()
        return self.coefficients.summary()

    def _title(self) -> str:
        return "Mixed model (lmerTest: Satterthwaite df)"


def _exposure_wald(fit: Any, exposure: str) -> ClusterWaldTest:
    return wald_test(fit, exposure, vcov_type="CR2", test="HTZ")


def cluster_inference(
    models: dict[str, Any],
    exposure: str,
    cluster: str,
    steps: Steps,
    scale: str,
    *,
    frame: pd.DataFrame | None = None,
    n_boot_wild: int = 0,
    seed: int | None = None,
) -> ClusterInference | None:
    """CR2 + Satterthwaite tests of the fits in ``models`` (``"ols"``, ``"logit"``, ``"trend"``,
    ``"trend_log"``, ``"broken_stick"``; fitted with the cluster), and the HTZ test of
    ``exposure``.

    With ``n_boot_wild`` > 0 and ``frame`` (the model frame), the adjacent steps of the mean
    score and of the high flag (``lm(y ~ exposure)``) get the wild cluster bootstrap (seeded).
    None when no fit has a cluster.
    """
    fitted = {k: m for k, m in models.items() if getattr(m, "cluster_scores", None) is not None}
    base = models.get("ols")
    if not fitted or base is None or base.n_clusters is None or base.n_clusters < 2:
        return None
    tests = {
        k: steps.run(f"CR2 {k} {scale}", lambda m=m: coef_test(m, vcov_type="CR2"))
        for k, m in fitted.items()
    }
    walds = {
        k: steps.run(f"HTZ {k} {scale}", lambda m=fitted[k]: _exposure_wald(m, exposure))
        for k in ("ols", "logit")
        if k in fitted
    }
    wild = None
    if n_boot_wild > 0 and frame is not None:
        wild = steps.run(
            f"wild bootstrap {scale}",
            lambda: _wild_steps(frame, scale, exposure, cluster, n_boot_wild, seed),
        )
    return ClusterInference(
        vcov_type="CR2",
        test="Satterthwaite",
        method=CLUSTER_METHOD,
        cluster=cluster,
        n_clusters=int(base.n_clusters),
        ols=tests.get("ols"),
        ols_exposure=walds.get("ols"),
        logit=tests.get("logit"),
        logit_exposure=walds.get("logit"),
        trend=tests.get("trend"),
        trend_log=tests.get("trend_log"),
        broken_stick=tests.get("broken_stick"),
        wild_bootstrap=wild,
    )


def _wild_steps(
    frame: pd.DataFrame, scale: str, exposure: str, cluster: str, n_boot: int, seed: int | None
) -> pd.DataFrame:
    rows = []
    for outcome, column in (("mean", scale), ("high", f"high_{scale}")):
        fit = ols(frame, column, [exposure], categorical={exposure: None}, cluster=cluster)
        for name, row in constrain_adjacent(fit, exposure).iterrows():
            res = wild_cluster_bootstrap(fit, row.rename(name), n_boot=n_boot, seed=seed)
            rows.append(
                {
                    "outcome": outcome,
                    "contrast": name,
                    "estimate": res.estimate,
                    "statistic": res.statistic,
                    "p_value": res.p_value,
                    "ci_low": res.ci_low,
                    "ci_high": res.ci_high,
                    "n_boot": res.n_boot,
                    "weights": res.weights,
                    "full_enumeration": res.full_enumeration,
                }
            )
    return pd.DataFrame(rows)


def mixed_inference(fit: MixedResult | None, exposure: str, steps: Steps,
                    scale: str) -> MixedInference | None:  # fmt: skip
    """lmerTest's and performance's inference for a random-intercept fit (None without one)."""
    if fit is None or fit.stats is None:
        return None
    run = steps.run
    return MixedInference(
        coefficients=run(f"mixed Satterthwaite {scale}", lambda: fixed_effects_test(fit)),
        exposure_test=run(f"mixed F {scale}", lambda: mixed_f_test(fit, exposure)),
        exposure_test_kr=run(
            f"mixed F Kenward-Roger {scale}",
            lambda: mixed_f_test(fit, exposure, ddf="Kenward-Roger"),
        ),
        r2=run(f"mixed R2 {scale}", lambda: r2_nakagawa(fit)),
        icc=run(f"mixed ICC {scale}", lambda: icc_interval(fit)),
        lrt=run(f"mixed LRT {scale}", lambda: drop_lrt(fit, exposure)),
    )
