"""Confirmatory factor analysis of ordinal items by WLSMV, as ``lavaan::cfa(ordered = TRUE,
estimator = "WLSMV")``.

The items' answers are taken as categories of latent normal responses. The model is fitted to
the sample thresholds and polychoric correlations by diagonally weighted least squares (DWLS,
the weights the inverse asymptotic variances of those statistics); standard errors are robust
(sandwich) and the chi-square is mean-and-variance adjusted (scaled and shifted), with the
scaled and robust CFI, TLI and RMSEA. lavaan's delta parameterization: the latent responses
have unit variance, thresholds and loadings are on that scale.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from trustlab.errors import CFAConvergenceWarning, CFAError, HeywoodWarning
from trustlab.psychometrics._cfa_input import check_model
from trustlab.psychometrics._mg_data import split_groups
from trustlab.psychometrics._sem_fit import fit_sem
from trustlab.psychometrics._sem_spec import SemSpec
from trustlab.results import ResultMixin

__all__ = ["OrdinalCFAResult", "cfa_ordinal"]


@dataclass(frozen=True, repr=False, eq=False)
class OrdinalCFAResult(ResultMixin):
    """A CFA of ordinal items fitted by WLSMV.

    Attributes
    ----------
    chi2 : float
        lavaan's ``chisq``: the DWLS statistic ``(N - 1) F`` (not robust; for reference).
    chi2_scaled : float
        The scaled-shifted (mean-and-variance adjusted) chi-square (``chisq.scaled``), the one
        to report.
    df : int
        Degrees of freedom (thresholds + correlations - free parameters).
    pvalue_scaled : float
        Its p-value (``pvalue.scaled``).
    scaling_factor, shift : float
        ``chi2_scaled = chi2 / scaling_factor + shift`` (``chisq.scaling.factor``, the
        ``shift.parameter``).
    cfi_scaled, tli_scaled, rmsea_scaled : float
        From the scaled chi-squares of the model and the independence model.
    cfi_robust, tli_robust, rmsea_robust : float
        Savalei's (2021) robust versions (lavaan's ``cfi.robust`` etc.; NaN when the polychoric
        matrix is not positive definite).
    fit : dict
        Every fit measure under lavaan's names (see :func:`cfa_ordinal`).
    parameters : pandas.DataFrame
        ``parameterEstimates``: ``lhs``, ``op``, ``rhs``, ``free``, ``est``, ``se`` (robust),
        ``z``, ``pvalue``, ``ci.lower``, ``ci.upper``, ``std.all`` and ``std.all.se``.
    loadings : pandas.DataFrame
        Per item: ``factor``, ``est``, ``se``, ``std_all``, ``std_all_se``.
    thresholds : pandas.DataFrame
        Items x thresholds (``t1``, ``t2``, ...), the estimates.
    factor_correlations : pandas.DataFrame
        Correlations of the factors.
    reliability : pandas.DataFrame
        Per factor: ``omega`` = ``(sum l)^2 / ((sum l)^2 + sum(1 - l^2))`` with the standardised
        loadings ``l`` (the reliability of the sum of the latent responses), and ``n_items``.
    polychoric : pandas.DataFrame
        The sample polychoric correlations (lavaan's two-step estimates, listwise).
    sample_thresholds : pandas.Series
        The sample thresholds (``item|t1``, ...).
    nacov : pandas.DataFrame
        lavaan's ``NACOV`` (Gamma): N times the asymptotic covariance of the sample thresholds
        and correlations, in lavaan's order.
    model : dict
        ``{factor: (item, ...)}``.
    std_lv : bool
        Factor variances fixed to 1 (True) or first loadings fixed to 1.
    n_obs : int
        Complete cases used.
    n_rows : int
        Rows in the input.
    dropped : tuple
        Index labels of the rows with a missing item.
    converged : bool
        Whether the optimiser converged.
    warnings : tuple of str
        The messages also issued as :class:`CFAWarning`.
    """

    chi2: float
    chi2_scaled: float
    df: int
    pvalue_scaled: float
    scaling_factor: float
    shift: float
    cfi_scaled: float
    tli_scaled: float
    rmsea_scaled: float
    cfi_robust: float
    tli_robust: float
    rmsea_robust: float
    fit: dict[str, float]
    parameters: pd.DataFrame
    loadings: pd.DataFrame
    thresholds: pd.DataFrame
    factor_correlations: pd.DataFrame
    reliability: pd.DataFrame
    polychoric: pd.DataFrame
    sample_thresholds: pd.Series
    nacov: pd.DataFrame
    model: dict[str, tuple[str, ...]]
    std_lv: bool
    n_obs: int
    n_rows: int
    dropped: tuple[Any, ...]
    converged: bool
    warnings: tuple[str, ...] = field(default=())

    def summary(self) -> pd.DataFrame:
        """The parameter table."""
        return self.parameters.copy()

    def _title(self) -> str:
        return (
            f"CFA (WLSMV, {len(self.model)} factor(s), n = {self.n_obs}): scaled chisq = "
            f"{self.chi2_scaled:.3f}, df = {self.df}, p = {self.pvalue_scaled:.4g}, "
            f"CFI (robust) = {self.cfi_robust:.3f}, TLI (robust) = {self.tli_robust:.3f}, "
            f"RMSEA (robust) = {self.rmsea_robust:.3f}"
        )

    def _notes(self) -> list[str]:
        return list(self.warnings)


def _standardized(spec: SemSpec, x: np.ndarray) -> np.ndarray:
    """lavaan's ``std.all`` of every parameter row (batched over x; complex-step safe)."""
    imp = spec.implied(x, 0)
    lam, psi, delta = imp["lambda"], imp["psi"], imp["delta_implied"]
    sd_lv = np.sqrt(np.einsum("bkk->bk", psi))
    common = np.einsum("bpk,bkl,bpl->bp", lam, psi, lam)
    out = np.zeros((x.shape[0], len(spec.rows)), dtype=x.dtype)
    offsets = np.concatenate([[0], np.cumsum(spec.n_thresholds)])
    for t, r in enumerate(spec.rows):
        if r.kind == "lambda":
            out[:, t] = lam[:, r.a, r.b] * sd_lv[:, r.b] * delta[:, r.a]
        elif r.kind == "psi":
            out[:, t] = psi[:, r.a, r.b] / (sd_lv[:, r.a] * sd_lv[:, r.b])
        elif r.kind == "tau":
            out[:, t] = imp["tau"][:, offsets[r.a] + r.b] * delta[:, r.a]
        elif r.kind == "theta":
            out[:, t] = 1 - common[:, r.a] * delta[:, r.a] ** 2
        elif r.kind == "delta":
            out[:, t] = imp["delta"][:, r.a]
    return out


def cfa_ordinal(
    data: pd.DataFrame,
    model: Mapping[str, Any],
    *,
    std_lv: bool = False,
) -> OrdinalCFAResult:
    """CFA of ordinal items by WLSMV, as ``lavaan::cfa(model, data, ordered = TRUE,
    estimator = "WLSMV")``.

    Parameters
    ----------
    data : pandas.DataFrame
        One column per item (answers as numbers; each distinct answer is a category), one row
        per respondent; rows with a missing item are left out (listwise, lavaan's default).
    model : dict
        ``{factor: [item, ...]}``; each item on one factor, factors correlated.
    std_lv : bool
        Fix the factor variances to 1 instead of the first loading of each factor.

    Returns
    -------
    OrdinalCFAResult

    Raises
    ------
    CFAError
        A bad model, an unknown or non-numeric column, an item with a single answer or more
        than 10 categories, too few complete rows.

    Warns
    -----
    HeywoodWarning
        A standardised loading beyond 1 (a negative residual variance of a latent response)
        or a factor correlation beyond 1.
    CFAConvergenceWarning
        The optimiser stopped early.

    Notes
    -----
    The steps are lavaan 0.6-14's: thresholds ``qnorm`` of the cumulative proportions;
    polychoric correlations by two-step ML (:func:`~trustlab.psychometrics.polychoric` solves
    the same likelihood; here with lavaan's conventions: listwise, no continuity correction);
    their asymptotic covariance ``Gamma`` from the case-wise scores (Muthen 1984); DWLS with
    weights ``1 / diag(Gamma)``; robust SEs ``E^-1 D'W Gamma W D E^-1 / (N - 1)``; the
    scaled-shifted test (Asparouhov & Muthen 2010); CFI and TLI from the scaled statistics of
    the model and of the independence model (thresholds only); RMSEA with ``N - 1``; robust
    CFI, TLI and RMSEA from the ML discrepancy of the polychoric matrix at the DWLS estimates
    (Savalei 2021). Fit measures (lavaan's names): ``npar``, ``fmin``, ``chisq``, ``df``,
    ``pvalue``, ``chisq.scaled``, ``df.scaled``, ``pvalue.scaled``, ``chisq.scaling.factor``,
    ``chisq.shift.parameters``, ``baseline.*`` (standard and scaled), ``cfi``, ``tli``,
    ``cfi.scaled``, ``tli.scaled``, ``cfi.robust``, ``tli.robust``, ``rmsea`` (with CI and
    close-fit p), ``rmsea.scaled`` (idem), ``rmsea.robust`` (idem), ``ntotal``. Agrees with
    lavaan to about 1e-7 on estimates, SEs and fit measures.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from trustlab.psychometrics import cfa_ordinal
    >>> rng = np.random.default_rng(4)
    >>> f = rng.multivariate_normal([0, 0], [[1, -0.4], [-0.4, 1]], 500)
    >>> y = np.column_stack([0.7 * f[:, j // 3] + 0.7 * rng.normal(size=500) for j in range(6)])
    >>> d = pd.DataFrame(np.digitize(y, [-1, 0, 1]) + 1, columns=[f"i{j}" for j in range(1, 7)])
    >>> res = cfa_ordinal(d, {"trust": ["i1", "i2", "i3"], "distrust": ["i4", "i5", "i6"]})
    >>> # lavaan: chisq.scaled 8.794 on 8 df, cfi.robust 1, cor(trust, distrust) -0.504
    >>> res.df, round(res.chi2_scaled, 3), round(float(res.factor_correlations.iloc[0, 1]), 3)
    (8, 8.794, -0.504)
    """
    factors = check_model(model)
    items = tuple(i for its in factors.values() for i in its)
    frame = data.assign(__all__="all") if isinstance(data, pd.DataFrame) else data
    grouped = split_groups(frame, items, "__all__")
    if not grouped.values or grouped.values[0].shape[0] < 3:
        raise CFAError(
            "Fewer than 3 respondents answered every item of the model; WLSMV needs many more.",
            expected="complete answers from many respondents",
        )
    from trustlab.psychometrics._wlsmv import ordinal_group_stats, wlsmv_fit_measures

    stats, n_th = ordinal_group_stats(grouped, items)
    spec = SemSpec({f: list(i) for f, i in factors.items()}, ordinal=True,
                   n_thresholds=n_th, std_lv=std_lv)  # fmt: skip
    if spec.df < 0:
        raise CFAError(
            f"The model has {spec.npar} free parameters but only {spec.df + spec.npar} "
            "thresholds and correlations, so it is not identified; add items."
        )
    fit = fit_sem(spec, stats, "DWLS")
    if std_lv:
        fit = _normalize_signs(spec, fit, stats)
    fm = wlsmv_fit_measures(fit, stats)
    messages = []
    if not fit.converged:
        messages.append(
            f"The WLSMV fit did not converge after {fit.iterations} iterations (largest "
            f"gradient {fit.max_gradient:.2g}); the estimates may be inaccurate."
        )
        warnings.warn(messages[-1], CFAConvergenceWarning, stacklevel=2)
    params = _parameter_table(spec, fit)
    loadings = params[params["op"] == "=~"].set_index("rhs")
    loadings = loadings.rename(columns={"lhs": "factor", "std.all": "std_all",
                                        "std.all.se": "std_all_se"})  # fmt: skip
    loadings = loadings[["factor", "est", "se", "std_all", "std_all_se"]]
    loadings.index.name = "item"
    names = list(spec.factor_names)
    corr = np.eye(spec.k)
    for _, r in params[(params["op"] == "~~") & params["lhs"].isin(names)].iterrows():
        a, b = names.index(r["lhs"]), names.index(r["rhs"])
        if a != b:
            corr[a, b] = corr[b, a] = r["std.all"]
    heywood = [f"{i} (std. loading {v:.3f})" for i, v in loadings["std_all"].items() if abs(v) > 1]
    heywood += [
        f"{names[a]} with {names[b]} ({corr[a, b]:.3f})"
        for a in range(spec.k)
        for b in range(a + 1, spec.k)
        if abs(corr[a, b]) > 1
    ]
    if heywood:
        messages.append(
            "Improper solution (Heywood case): " + "; ".join(heywood) + ". The model does not "
            "fit these items well; interpret the estimates with care."
        )
        warnings.warn(messages[-1], HeywoodWarning, stacklevel=2)
    rel = []
    for f in names:
        lam = loadings.loc[loadings["factor"] == f, "std_all"].to_numpy()
        s = lam.sum() ** 2
        rel.append({"omega": s / (s + np.sum(1 - lam**2)), "n_items": len(lam)})
    th_rows = params[params["op"] == "|"]
    thresholds = th_rows.pivot(index="lhs", columns="rhs", values="est").loc[list(items)]
    thresholds.index.name = "item"
    th_names = [f"{i}|t{t + 1}" for i, k in zip(items, n_th, strict=True) for t in range(k)]
    rr, cc = np.triu_indices(spec.p, 1)
    labels = th_names + [f"{items[c]}~~{items[r]}" for r, c in zip(cc, rr, strict=True)]
    return OrdinalCFAResult(
        chi2=float(fm["chisq"]),
        chi2_scaled=float(fm["chisq.scaled"]),
        df=int(fm["df"]),
        pvalue_scaled=float(fm["pvalue.scaled"]),
        scaling_factor=float(fm["chisq.scaling.factor"]),
        shift=float(fm["chisq.shift.parameters"]),
        cfi_scaled=float(fm["cfi.scaled"]),
        tli_scaled=float(fm["tli.scaled"]),
        rmsea_scaled=float(fm["rmsea.scaled"]),
        cfi_robust=float(fm["cfi.robust"]),
        tli_robust=float(fm["tli.robust"]),
        rmsea_robust=float(fm["rmsea.robust"]),
        fit=fm,
        parameters=params,
        loadings=loadings,
        thresholds=thresholds,
        factor_correlations=pd.DataFrame(corr, index=names, columns=names),
        reliability=pd.DataFrame(rel, index=pd.Index(names, name="factor")),
        polychoric=pd.DataFrame(stats[0].cov, index=list(items), columns=list(items)),
        sample_thresholds=pd.Series(stats[0].th, index=th_names, name="threshold"),
        nacov=pd.DataFrame(stats[0].gamma, index=labels, columns=labels),
        model=factors,
        std_lv=bool(std_lv),
        n_obs=int(stats[0].n),
        n_rows=grouped.n_rows,
        dropped=grouped.dropped_rows,
        converged=fit.converged,
        warnings=tuple(messages),
    )


def _normalize_signs(spec: SemSpec, fit, stats):
    """With ``std_lv``, reflect factors whose loadings sum to a negative number (lavaan's
    usual orientation; the fit is the same)."""
    sums = np.zeros(spec.k)
    for r in spec.par_rows:
        if r.kind == "lambda":
            sums[r.b] += fit.theta[r.pid]
    sign = np.where(sums < 0, -1.0, 1.0)
    if (sign > 0).all():
        return fit
    theta = fit.theta.copy()
    for r in spec.par_rows:
        if r.kind == "lambda":
            theta[r.pid] *= sign[r.b]
        elif r.kind == "psi":
            theta[r.pid] *= sign[r.a] * sign[r.b]
    return fit_sem(spec, stats, "DWLS", start=theta)


def _parameter_table(spec: SemSpec, fit) -> pd.DataFrame:
    from trustlab.distributions import norm

    rows = spec.rows
    est = np.array([fit.theta[r.pid] if r.free else r.value for r in rows])
    se = np.array([np.sqrt(max(fit.vcov[r.pid, r.pid], 0.0)) if r.free else 0.0 for r in rows])
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, est / se, np.nan)
    q = norm.ppf(0.975)
    std = _standardized(spec, fit.x[None, :])[0]
    h = 1e-20
    batch = np.tile(fit.x.astype(complex), (spec.nx, 1))
    batch[np.arange(spec.nx), np.arange(spec.nx)] += 1j * h
    jac = (_standardized(spec, batch).imag / h).T @ spec.K  # rows x theta
    std_se = np.sqrt(np.clip(np.einsum("ik,kl,il->i", jac, fit.vcov, jac), 0, None))
    fixed_one = np.array([r.kind == "psi" and r.a == r.b for r in rows])
    std_se[fixed_one] = 0.0
    return pd.DataFrame(
        {
            "lhs": [r.lhs for r in rows],
            "op": [r.op for r in rows],
            "rhs": [r.rhs for r in rows],
            "free": [r.free for r in rows],
            "est": est,
            "se": se,
            "z": z,
            "pvalue": 2 * norm.sf(np.abs(z)),
            "ci.lower": est - q * se,
            "ci.upper": est + q * se,
            "std.all": std,
            "std.all.se": std_se,
        }
    )
