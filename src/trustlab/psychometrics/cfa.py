"""Confirmatory factor analysis of simple-structure models, matching lavaan's ML defaults."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from trustlab.distributions import chi2
from trustlab.errors import CFAConvergenceWarning, CFAError, CFAWarning, HeywoodWarning
from trustlab.psychometrics._cfa_fit import CFAModel, fit_model, information
from trustlab.psychometrics._cfa_input import check_model, sample_cov, select
from trustlab.psychometrics._cfa_measures import fit_measures, improper, tables
from trustlab.results import ResultMixin

__all__ = [
    "CFAError",
    "CFAWarning",
    "HeywoodWarning",
    "CFAConvergenceWarning",
    "CFAResult",
    "cfa",
]

_FIT_ORDER = (
    "npar",
    "fmin",
    "chisq",
    "df",
    "pvalue",
    "baseline.chisq",
    "baseline.df",
    "baseline.pvalue",
    "cfi",
    "tli",
    "logl",
    "unrestricted.logl",
    "aic",
    "bic",
    "bic2",
    "ntotal",
    "rmsea",
    "rmsea.ci.lower",
    "rmsea.ci.upper",
    "rmsea.pvalue",
    "srmr",
)


@dataclass(frozen=True, repr=False, eq=False)
class CFAResult(ResultMixin):
    """A fitted simple-structure confirmatory factor model (ML, lavaan's defaults).

    Attributes
    ----------
    chi2 : float
        Model chi-square ``N * F_ML`` (lavaan's ``chisq``; N, not N - 1).
    df : int
        Degrees of freedom ``p (p + 1) / 2 - npar``.
    pvalue : float
        Upper-tail chi-square p-value of ``chi2`` (NaN when ``df == 0``).
    cfi, tli : float
        Comparative and Tucker-Lewis fit indices against the independence model.
    rmsea : float
        ``sqrt(max(chi2 / (N df) - 1 / N, 0))``.
    rmsea_ci : tuple of float
        90% interval of the RMSEA by inverting the noncentral chi-square distribution.
    srmr : float
        lavaan's ``srmr`` (Bentler's): root mean square of the residual covariances scaled by the
        observed standard deviations, over the ``p (p + 1) / 2`` unique elements.
    fit : dict
        All fit measures under lavaan's ``fitMeasures`` names: ``npar``, ``fmin``
        (``F_ML / 2``), ``chisq``, ``df``, ``pvalue``, ``baseline.chisq``, ``baseline.df``,
        ``baseline.pvalue``, ``cfi``, ``tli``, ``logl``, ``unrestricted.logl``, ``aic``,
        ``bic``, ``bic2``, ``ntotal``, ``rmsea``, ``rmsea.ci.lower``, ``rmsea.ci.upper``,
        ``rmsea.pvalue`` (test of close fit, RMSEA <= .05) and ``srmr``.
    parameters : pandas.DataFrame
        lavaan's ``parameterEstimates(fit, standardized = TRUE)`` in its row order: ``lhs``,
        ``op``, ``rhs``, ``free``, ``est``, ``se``, ``z``, ``pvalue``, ``ci.lower``,
        ``ci.upper`` (95% Wald), ``std.lv`` and ``std.all``. Standard errors come from the
        expected information matrix; fixed parameters have ``se = 0`` and no ``z``.
    standardized : pandas.DataFrame
        lavaan's ``standardizedSolution(fit)`` (``std.all``): ``lhs``, ``op``, ``rhs``,
        ``est.std``, ``se`` (delta method), ``z``, ``pvalue``, ``ci.lower``, ``ci.upper``.
    loadings : pandas.DataFrame
        One row per item: ``factor``, ``est``, ``se``, ``std_all`` (standardised loading) and
        ``std_all_se``.
    residual_variances : pandas.DataFrame
        One row per item: ``est``, ``se`` and ``std_all`` (``1 - std_all loading^2``).
    factor_correlations : pandas.DataFrame
        Correlations of the factors (``std.all`` of the factor covariances), factor x factor.
    factor_covariances : pandas.DataFrame
        The unstandardised factor (co)variances ``Phi``.
    reliability : pandas.DataFrame
        Per factor: ``omega`` (composite reliability) ``(sum l)^2 / ((sum l)^2 + sum theta)``
        and ``ave`` (average variance extracted) ``sum l^2 / (sum l^2 + sum theta)``, with the
        ``std.all`` loadings ``l`` and residual variances ``theta`` of the factor's items, and
        ``n_items``. In this simple structure ``theta = 1 - l^2``, so ``ave = mean(l^2)``.
    vcov : pandas.DataFrame
        Covariance matrix of the free parameters, ``(N I_expected)^-1``, labelled by
        ``"lhs op rhs"``.
    implied_cov, sample_cov : pandas.DataFrame
        Model-implied ``Sigma`` and the sample covariance ``S`` (divisor N).
    model : dict
        The model, ``{factor: (item, ...)}``.
    std_lv : bool
        Identification: factor variances fixed to 1 (True) or first loading fixed to 1.
    estimator, missing : str
        ``"ML"`` and ``"listwise"``.
    n_obs : int
        Complete cases used (lavaan's ``ntotal``).
    n_rows : int
        Rows in the input.
    dropped : tuple
        Index labels of the rows left out because an item of the model was missing.
    converged : bool
        Whether the optimiser met its gradient criterion.
    iterations : int
        Trust-region iterations used.
    warnings : tuple of str
        The messages also issued as :class:`CFAWarning`.
    """

    _private = ("dropped",)

    chi2: float
    df: int
    pvalue: float
    cfi: float
    tli: float
    rmsea: float
    rmsea_ci: tuple[float, float]
    srmr: float
    fit: dict[str, float]
    parameters: pd.DataFrame
    standardized: pd.DataFrame
    loadings: pd.DataFrame
    residual_variances: pd.DataFrame
    factor_correlations: pd.DataFrame
    factor_covariances: pd.DataFrame
    reliability: pd.DataFrame
    vcov: pd.DataFrame
    implied_cov: pd.DataFrame
    sample_cov: pd.DataFrame
    model: dict[str, tuple[str, ...]]
    std_lv: bool
    estimator: str
    missing: str
    n_obs: int
    n_rows: int
    dropped: tuple[Any, ...]
    converged: bool
    iterations: int
    warnings: tuple[str, ...] = field(default=())

    def summary(self) -> pd.DataFrame:
        """The parameter table (estimates, SEs, z, p, 95% CI, std.lv and std.all)."""
        return self.parameters.copy()

    def compare(self, other: CFAResult) -> pd.DataFrame:
        """Chi-square difference (likelihood-ratio) test against a nested model.

        As lavaan's ``lavTestLRT`` / ``anova`` for ML: the models are sorted by ``df``, the
        difference of their chi-squares is referred to a chi-square distribution with the
        difference of their ``df``. Both models must be fitted to the same rows; nesting (for
        example a one-factor model within a two-factor model) is the caller's responsibility.

        Returns
        -------
        pandas.DataFrame
            Rows ``model``/``other`` sorted by ``df``, columns ``df``, ``aic``, ``bic``,
            ``chisq``, ``chisq_diff``, ``df_diff`` and ``pvalue``.
        """
        if other.n_obs != self.n_obs or set(other.implied_cov.index) != set(self.implied_cov.index):
            raise CFAError(
                "Models compared with a chi-square difference test must use the same items and "
                f"the same respondents; got {self.n_obs} and {other.n_obs} complete cases on "
                f"{len(self.implied_cov)} and {len(other.implied_cov)} items."
            )

        rows = sorted([("model", self), ("other", other)], key=lambda t: t[1].df)
        table = pd.DataFrame(
            {
                "df": [r.df for _, r in rows],
                "aic": [r.fit["aic"] for _, r in rows],
                "bic": [r.fit["bic"] for _, r in rows],
                "chisq": [r.chi2 for _, r in rows],
            },
            index=[name for name, _ in rows],
        )
        diff = table["chisq"].iloc[1] - table["chisq"].iloc[0]
        ddf = int(table["df"].iloc[1] - table["df"].iloc[0])
        table["chisq_diff"] = [np.nan, diff]
        table["df_diff"] = [np.nan, ddf]
        table["pvalue"] = [np.nan, float(chi2.sf(diff, ddf)) if ddf > 0 else np.nan]
        return table

    def _title(self) -> str:
        ci = f"[{self.rmsea_ci[0]:.3f}, {self.rmsea_ci[1]:.3f}]"
        return (
            f"CFA (ML, {len(self.model)} factor(s), n = {self.n_obs}): chisq = {self.chi2:.3f}, "
            f"df = {self.df}, p = {self.pvalue:.4g}, CFI = {self.cfi:.3f}, TLI = {self.tli:.3f}, "
            f"RMSEA = {self.rmsea:.3f} {ci}, SRMR = {self.srmr:.3f}"
        )

    def _notes(self) -> list[str]:
        return list(self.warnings)


def cfa(
    data: pd.DataFrame,
    model: Mapping[str, Any],
    *,
    std_lv: bool = False,
    estimator: str = "ML",
    missing: str = "listwise",
) -> CFAResult:
    """Confirmatory factor analysis of a simple-structure model, as ``lavaan::cfa`` by default.

    Every item loads on one factor, the factors covary freely and every item has its own
    residual variance. The model is fitted to the sample covariance matrix ``S`` (divisor N) of
    the complete cases by maximum likelihood: ``F_ML = log|Sigma| + tr(S Sigma^-1) - log|S| - p``
    is minimised with ``scipy.optimize`` (trust region, analytic gradient and Hessian). Fit
    measures, standard errors (expected information), the standardised solution (delta-method
    SEs) and composite reliabilities follow lavaan 0.6's definitions.

    Parameters
    ----------
    data : pandas.DataFrame
        One column per item (other columns are ignored), one row per respondent.
    model : dict
        ``{factor: [item, ...]}``; each item in one factor. A factor needs 3 items, or 2 when it
        correlates with another factor.
    std_lv : bool
        Identify the factors by fixing their variances to 1 (lavaan's ``std.lv = TRUE``)
        instead of fixing the first loading of each factor to 1 (the default, marker variable).
    estimator : {"ML"}
        Only maximum likelihood (lavaan's default, normal likelihood).
    missing : {"listwise"}
        Rows with a missing item are dropped (lavaan's default for ML); see ``dropped``.

    Returns
    -------
    CFAResult

    Raises
    ------
    CFAError
        For an item named twice, an unknown column, a factor with too few items, a
        non-positive-definite sample covariance matrix, or an inadmissible end point.

    Warns
    -----
    HeywoodWarning
        A negative residual variance or factor variance, or a factor correlation beyond 1.
    CFAConvergenceWarning
        The optimiser stopped before the gradient criterion was met.

    Notes
    -----
    ``chisq = N * F_ML`` (N, not N - 1, as lavaan's default). RMSEA uses N as well;
    its 90% CI inverts the noncentral chi-square cdf, ``rmsea.pvalue`` is the test of
    RMSEA <= .05. ``srmr`` is lavaan's default (Bentler's) SRMR. Composite reliability
    (omega) per factor is ``(sum l)^2 / ((sum l)^2 + sum theta)`` and AVE is
    ``sum l^2 / (sum l^2 + sum theta)``, with the ``std.all`` loadings ``l`` and residual
    variances ``theta``. Agrees with lavaan 0.6-14 to about 1e-6 relative on estimates, SEs
    and fit measures (lavaan's optimiser tolerance).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from trustlab.psychometrics.cfa import cfa
    >>> rng = np.random.default_rng(7)
    >>> z = rng.standard_normal((200, 8))
    >>> trust, distrust = z[:, 0], -0.4 * z[:, 0] + 0.9 * z[:, 1]
    >>> df = pd.DataFrame({f"T{i}": 0.8 * trust + 0.6 * z[:, 1 + i] for i in (1, 2, 3)}
    ...                   | {f"D{i}": 0.7 * distrust + 0.7 * z[:, 4 + i] for i in (1, 2, 3)})
    >>> res = cfa(df, {"trust": ["T1", "T2", "T3"], "distrust": ["D1", "D2", "D3"]})
    >>> # lavaan::cfa("trust =~ T1 + T2 + T3; distrust =~ D1 + D2 + D3", data = df):
    >>> # chisq 16.458, df 8, cfi 0.979, rmsea 0.073, srmr 0.044, cor(trust, distrust) -0.211
    >>> print(f"{res.chi2:.3f} {res.df} {res.cfi:.3f} {res.rmsea:.3f} {res.srmr:.3f}")
    16.458 8 0.979 0.073 0.044
    >>> print(f"{res.factor_correlations.loc['trust', 'distrust']:.3f}")
    -0.211
    """
    if str(estimator).upper() != "ML":
        raise CFAError(
            f"estimator={estimator!r} is not supported; only 'ML' (lavaan's default) is.",
            expected="'ML'",
        )
    if missing != "listwise":
        raise CFAError(
            f"missing={missing!r} is not supported; only 'listwise' (lavaan's default for ML) "
            "is. Full-information ML is not implemented.",
            expected="'listwise'",
        )
    factors = check_model(model)
    spec = CFAModel({f: list(i) for f, i in factors.items()}, std_lv=bool(std_lv))
    if spec.df < 0:
        raise CFAError(
            f"The model has {spec.npar} free parameters but only {spec.npar + spec.df} "
            "variances and covariances, so it is not identified; add items.",
        )
    x, dropped, n_rows = select(data, spec.items)
    n = x.shape[0]
    s = sample_cov(x, spec.items, overwrite=True)  # x (our own copy) is needed no more
    del x
    out = fit_model(spec, s)
    if not np.isfinite(out.fmin):
        raise CFAError(
            "The ML fit did not reach an admissible solution (the implied covariance matrix is "
            "not positive definite); check the model and the items' keying."
        )
    info = information(spec, out.x)
    if np.linalg.cond(info) > 1e14:
        raise CFAError(
            "The information matrix is singular at the solution, so the model is not "
            "(empirically) identified: a 2-item factor may be uncorrelated with the others, "
            "or a loading near zero. Add items or fix the model."
        )
    vcov = np.linalg.inv(info) / n
    messages: list[str] = []
    if not out.converged:
        messages.append(
            f"The ML fit did not converge after {out.iterations} iterations ({out.message}; "
            f"largest gradient {out.max_gradient:.2g}); the estimates may be inaccurate."
        )
        warnings.warn(messages[-1], CFAConvergenceWarning, stacklevel=2)
    tabs = tables(spec, out.x, vcov)
    heywood = improper(spec, out.x)
    if heywood:
        messages.append(heywood)
        warnings.warn(heywood, HeywoodWarning, stacklevel=2)
    fm = fit_measures(spec, out.x, out.fmin, s, n)
    fm = {
        k: (int(fm[k]) if k in ("npar", "df", "baseline.df", "ntotal") else float(fm[k]))
        for k in _FIT_ORDER
    }
    items = list(spec.items)
    return CFAResult(
        chi2=fm["chisq"],
        df=fm["df"],
        pvalue=fm["pvalue"],
        cfi=fm["cfi"],
        tli=fm["tli"],
        rmsea=fm["rmsea"],
        rmsea_ci=(fm["rmsea.ci.lower"], fm["rmsea.ci.upper"]),
        srmr=fm["srmr"],
        fit=fm,
        vcov=pd.DataFrame(vcov, index=tabs.labels, columns=tabs.labels),
        implied_cov=pd.DataFrame(spec.sigma(out.x), index=items, columns=items),
        sample_cov=pd.DataFrame(s, index=items, columns=items),
        model=factors,
        std_lv=bool(std_lv),
        estimator="ML",
        missing="listwise",
        n_obs=n,
        n_rows=n_rows,
        dropped=dropped,
        converged=out.converged,
        iterations=out.iterations,
        warnings=tuple(messages),
        **tabs.frames,
    )
