"""Is the data fit for factor analysis? KMO sampling adequacy and Bartlett's sphericity test."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trustlab._arguments import as_generator, real_number, whole_number
from trustlab.distributions import chi2
from trustlab.psychometrics._common import (
    PsychometricError,
    PsychometricWarning,
    as_correlation,
)
from trustlab.psychometrics._factor import fit_factors
from trustlab.results import ResultMixin

__all__ = [
    "KMOResult",
    "BartlettResult",
    "ParallelResult",
    "kmo",
    "bartlett_sphericity",
    "parallel_analysis",
]

#: Kaiser's (1974) labels for the measure of sampling adequacy, lower bound -> label.
KAISER_LABELS = (
    (0.9, "marvelous"),
    (0.8, "meritorious"),
    (0.7, "middling"),
    (0.6, "mediocre"),
    (0.5, "miserable"),
    (-np.inf, "unacceptable"),
)


def kaiser_label(msa: float) -> str:
    """Kaiser's word for a KMO value (.90 marvelous ... below .50 unacceptable)."""
    return next(label for bound, label in KAISER_LABELS if msa >= bound)


@dataclass(frozen=True, repr=False, eq=False)
class KMOResult(ResultMixin):
    """Kaiser-Meyer-Olkin measure of sampling adequacy.

    Attributes
    ----------
    overall : float
        Overall MSA, ``sum(r^2) / (sum(r^2) + sum(q^2))`` over the off-diagonal correlations r
        and partial correlations q (psych's ``MSA``).
    per_item : pandas.Series
        MSA of each item, the same sums taken over the item's column (psych's ``MSAi``).
    n_obs : int or None
        Complete cases behind the correlations (None when a correlation matrix was given).
    """

    overall: float
    per_item: pd.Series
    n_obs: int | None

    def summary(self) -> pd.DataFrame:
        """MSA per item and overall (last row), with Kaiser's labels."""
        msa = pd.concat([self.per_item, pd.Series({"overall": self.overall})])
        return pd.DataFrame({"MSA": msa, "label": [kaiser_label(v) for v in msa]})

    def _title(self) -> str:
        n = "" if self.n_obs is None else f", n = {self.n_obs}"
        return f"Kaiser-Meyer-Olkin sampling adequacy: {len(self.per_item)} items{n}"


@dataclass(frozen=True, repr=False, eq=False)
class BartlettResult(ResultMixin):
    """Bartlett's test that the correlation matrix is an identity matrix.

    Attributes
    ----------
    chi2 : float
        ``-log(det(R)) * (n - 1 - (2p + 5) / 6)``.
    df : int
        ``p (p - 1) / 2``.
    pvalue : float
        Upper tail of the chi-square distribution.
    n_obs : int
        The n in the statistic (complete cases of the data, or the ``n`` given).
    n_items : int
        p, the number of variables.
    """

    chi2: float
    df: int
    pvalue: float
    n_obs: int
    n_items: int

    def summary(self) -> pd.DataFrame:
        """chi2, df and p in one row."""
        return pd.DataFrame(
            {"chi2": [self.chi2], "df": [self.df], "pvalue": [self.pvalue], "n_obs": [self.n_obs]},
            index=["Bartlett"],
        )

    def _title(self) -> str:
        return f"Bartlett's test of sphericity: {self.n_items} items, n = {self.n_obs}"


def kmo(data: Any) -> KMOResult:
    """Kaiser-Meyer-Olkin measure of sampling adequacy, as R's ``psych::KMO``.

    Parameters
    ----------
    data : pandas.DataFrame or array_like
        Raw item scores (complete cases are used) or a correlation matrix.

    Returns
    -------
    KMOResult

    Notes
    -----
    The partial correlations are ``cov2cor(solve(R))``; their sign does not matter as they are
    squared. Matches psych 2.2.9 to about 1e-15.

    Examples
    --------
    >>> import numpy as np
    >>> from trustlab.psychometrics import kmo
    >>> r = np.array([[1.0, 0.5, 0.4], [0.5, 1.0, 0.3], [0.4, 0.3, 1.0]])
    >>> res = kmo(r)
    >>> round(res.overall, 4)  # R: psych::KMO(r)$MSA
    0.6279
    >>> res.per_item.round(4).tolist()  # R: psych::KMO(r)$MSAi
    [0.5938, 0.6241, 0.6994]
    """
    r, names, n = as_correlation(data)
    if np.linalg.eigvalsh(r)[0] < 1e-10:
        raise PsychometricError(
            "The correlation matrix is singular (an item is a linear combination of others), "
            "so partial correlations and KMO are undefined; drop redundant items."
        )
    inv = np.linalg.inv(r)
    d = np.sqrt(np.diag(inv))
    q = inv / np.outer(d, d)
    r2, q2 = r**2, q**2
    np.fill_diagonal(r2, 0.0)
    np.fill_diagonal(q2, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):  # an item uncorrelated with all: 0 / 0
        overall = r2.sum() / (r2.sum() + q2.sum())
        per_item = r2.sum(axis=0) / (r2.sum(axis=0) + q2.sum(axis=0))
    if not np.isfinite(per_item).all():
        unrelated = [n for n, v in zip(names, per_item, strict=True) if not np.isfinite(v)]
        warnings.warn(
            f"Item(s) {', '.join(map(repr, unrelated))} correlate with no other item (every "
            "correlation and partial correlation is 0), so their KMO is undefined (NaN, as in R).",
            PsychometricWarning,
            stacklevel=2,
        )
    return KMOResult(
        overall=float(overall),
        per_item=pd.Series(per_item, index=list(names), name="MSA"),
        n_obs=n,
    )


def bartlett_sphericity(data: Any, *, n: int | None = None) -> BartlettResult:
    """Bartlett's test of sphericity, as R's ``psych::cortest.bartlett``.

    Parameters
    ----------
    data : pandas.DataFrame or array_like
        Raw item scores (complete cases are used, n = their number) or a correlation matrix
        (then ``n`` is required).
    n : int, optional
        Sample size; required with a correlation matrix, overrides the count for raw data.

    Returns
    -------
    BartlettResult

    Examples
    --------
    >>> import numpy as np
    >>> from trustlab.psychometrics import bartlett_sphericity
    >>> r = np.array([[1.0, 0.5, 0.4], [0.5, 1.0, 0.3], [0.4, 0.3, 1.0]])
    >>> res = bartlett_sphericity(r, n=100)
    >>> round(res.chi2, 4), res.df  # R: psych::cortest.bartlett(r, n = 100)
    (46.4491, 3)
    """

    if n is not None:
        n = whole_number(n, "n", minimum=2, maximum=10**12, error=PsychometricError)
    r, _, n_used = as_correlation(data, n=n)
    if n_used is None:
        raise PsychometricError(
            "bartlett_sphericity() on a correlation matrix needs the sample size: pass n=...",
            expected="n=<number of respondents>",
        )
    p = r.shape[0]
    sign, logdet = np.linalg.slogdet(r)
    if sign <= 0:
        raise PsychometricError(
            "The correlation matrix is singular or not positive definite; Bartlett's test is "
            "undefined. Drop redundant items."
        )
    stat = -logdet * (n_used - 1 - (2 * p + 5) / 6)
    df = p * (p - 1) // 2
    return BartlettResult(
        chi2=float(stat), df=int(df), pvalue=float(chi2.sf(stat, df)), n_obs=int(n_used), n_items=p
    )


@dataclass(frozen=True, repr=False, eq=False)
class ParallelResult(ResultMixin):
    """Horn's parallel analysis, as ``psych::fa.parallel(fa = "both")`` with simulated data.

    Attributes
    ----------
    observed_pc : numpy.ndarray
        Eigenvalues of the correlation matrix (psych's ``pc.values``).
    observed_fa : numpy.ndarray
        Eigenvalues of the correlation matrix with the communalities of a one-factor minres
        fit on its diagonal (psych's ``fa.values``, default ``SMC = FALSE``).
    simulated_pc_mean, simulated_fa_mean : numpy.ndarray
        Mean eigenvalues over ``n_iter`` data sets of independent normal variables of the same
        size.
    simulated_pc_quantile, simulated_fa_quantile : numpy.ndarray
        Their ``quantile`` quantiles: the thresholds the observed values must exceed.
    n_factors, n_components : int
        Suggested numbers: how many leading observed eigenvalues exceed their threshold.
    n_iter : int
        Simulated data sets.
    quantile : float
        Quantile of the simulated eigenvalues used as threshold.
    n_obs : int
        Complete cases analysed (and the size of each simulated data set).
    """

    observed_pc: np.ndarray
    observed_fa: np.ndarray
    simulated_pc_mean: np.ndarray
    simulated_fa_mean: np.ndarray
    simulated_pc_quantile: np.ndarray
    simulated_fa_quantile: np.ndarray
    n_factors: int
    n_components: int
    n_iter: int
    quantile: float
    n_obs: int

    def summary(self) -> pd.DataFrame:
        """Observed and simulated eigenvalues per rank (the data of the scree plot)."""
        q = f"q{self.quantile:g}"
        return pd.DataFrame(
            {
                "pc_observed": self.observed_pc,
                "pc_simulated_mean": self.simulated_pc_mean,
                f"pc_simulated_{q}": self.simulated_pc_quantile,
                "fa_observed": self.observed_fa,
                "fa_simulated_mean": self.simulated_fa_mean,
                f"fa_simulated_{q}": self.simulated_fa_quantile,
            },
            index=pd.RangeIndex(1, len(self.observed_pc) + 1, name="rank"),
        )

    def _title(self) -> str:
        return (
            f"Parallel analysis: {self.n_factors} factor(s), {self.n_components} component(s) "
            f"suggested (n = {self.n_obs}, {self.n_iter} simulations)"
        )


def _fa_values(r: np.ndarray) -> np.ndarray:
    """Eigenvalues of R with one-factor minres communalities on the diagonal (psych)."""

    fit = fit_factors(r, 1, "minres")
    reduced = r.copy()
    np.fill_diagonal(reduced, np.sum(fit.loadings**2, axis=1))
    return np.linalg.eigvalsh(reduced)[::-1]


def _leading(observed: np.ndarray, threshold: np.ndarray) -> int:
    above = observed > threshold
    return int(len(above) if above.all() else np.argmin(above))


#: The most simulated data sets of a parallel analysis (each takes an eigen-decomposition).
MAX_ITER = 10_000


def parallel_analysis(
    data: Any,
    *,
    n_iter: int = 20,
    seed: Any = None,
    quantile: float = 0.95,
    cor: str = "pearson",
    correct: float = 0.5,
) -> ParallelResult:
    """Horn's parallel analysis for the number of factors and components.

    The observed eigenvalues are compared with those of ``n_iter`` simulated data sets of
    independent standard normal variables of the same size (complete cases); a factor or
    component is retained while its observed eigenvalue exceeds the ``quantile`` of the
    simulated ones at the same rank. Factor eigenvalues are those of psych's ``fa.values``: R
    with the communalities of a one-factor minres fit on the diagonal.

    Parameters
    ----------
    data : pandas.DataFrame or array_like
        Item scores; respondents with any missing item are dropped.
    n_iter : int
        Number of simulated data sets (psych's default 20).
    seed : int or numpy.random.Generator, optional
        Seed of the simulation; the same seed gives the same result.
    quantile : float
        Quantile of the simulated eigenvalues used as threshold (psych's ``quant = .95``).
    cor : {"pearson", "polychoric"}
        The observed eigenvalues from the Pearson correlations of the complete cases (default)
        or from the polychoric correlations (psych's ``fa.parallel(x, cor = "poly")``; pairwise,
        every respondent kept). The simulated data are normal and use Pearson correlations in
        both cases, as psych's ``sim = TRUE`` part.
    correct : float
        psych's continuity correction of the polychoric correlations.

    Returns
    -------
    ParallelResult

    Notes
    -----
    psych also resamples the observed data; trustlab simulates only (psych's ``sim = TRUE``
    part). The suggestion depends on the random draws, as in R.

    Examples
    --------
    >>> import numpy as np
    >>> from trustlab.psychometrics import parallel_analysis
    >>> rng = np.random.default_rng(1)
    >>> f = rng.normal(size=(300, 2))
    >>> x = np.column_stack([f[:, 0]] * 3 + [f[:, 1]] * 3) + rng.normal(size=(300, 6))
    >>> res = parallel_analysis(x, seed=1)
    >>> res.n_factors, res.n_components
    (2, 2)
    """
    quantile = real_number(quantile, "quantile", above=0, below=1, error=PsychometricError)
    n_iter = whole_number(n_iter, "n_iter", minimum=1, maximum=MAX_ITER, error=PsychometricError)
    rng = as_generator(seed, error=PsychometricError)
    if cor not in ("pearson", "polychoric"):
        raise PsychometricError(f"cor must be 'pearson' or 'polychoric'; got {cor!r}.")
    from trustlab.psychometrics.efa import correlation_of

    items, r = correlation_of(data, cor, correct)
    n, p = items.values.shape
    if n < 4:
        raise PsychometricError(
            f"Only {n} respondent(s); parallel analysis needs at least 4.",
            expected="at least 4 respondents",
        )
    observed_pc = np.linalg.eigvalsh(r)[::-1]
    observed_fa = _fa_values(r)

    # the simulated data sets in batches of at most 4,000,000 numbers (32 MB), drawn in order
    # from the one generator: the same numbers as one draw of all of them
    batch = max(1, min(n_iter, 4_000_000 // (n * p)))
    sim_pc, sim_fa = [], []
    for start in range(0, n_iter, batch):
        sim = rng.standard_normal((min(batch, n_iter - start), n, p))
        sim -= sim.mean(axis=1, keepdims=True)
        cov = np.matmul(sim.transpose(0, 2, 1), sim)
        sd = np.sqrt(np.diagonal(cov, axis1=1, axis2=2))
        sim_r = cov / (sd[:, :, None] * sd[:, None, :])
        sim_pc.append(np.linalg.eigvalsh(sim_r)[:, ::-1])
        sim_fa.append(np.array([_fa_values(rs) for rs in sim_r]))
    sim_pc, sim_fa = np.concatenate(sim_pc), np.concatenate(sim_fa)

    pc_q = np.quantile(sim_pc, quantile, axis=0)
    fa_q = np.quantile(sim_fa, quantile, axis=0)
    return ParallelResult(
        observed_pc=observed_pc,
        observed_fa=observed_fa,
        simulated_pc_mean=sim_pc.mean(axis=0),
        simulated_fa_mean=sim_fa.mean(axis=0),
        simulated_pc_quantile=pc_q,
        simulated_fa_quantile=fa_q,
        n_factors=_leading(observed_fa, fa_q),
        n_components=_leading(observed_pc, pc_q),
        n_iter=int(n_iter),
        quantile=float(quantile),
        n_obs=n,
    )
