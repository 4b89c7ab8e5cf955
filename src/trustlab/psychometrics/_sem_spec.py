"""The parameter table of a (multi-group) confirmatory factor model, as lavaan builds it.

Every item loads on one factor; the factors covary freely. A model has one block of matrices
per group: loadings ``Lambda``, factor (co)variances ``Psi``, latent means ``alpha`` and, for
continuous items, residual variances ``theta`` and intercepts ``nu``; for ordinal items,
thresholds ``tau`` and either scale factors ``delta`` (lavaan's default ``delta``
parameterization) or residual variances (``theta`` parameterization).

Identification follows lavaan's defaults: the first loading of each factor is 1 (marker) or,
with ``std_lv``, the factor variances are 1 in the first group; latent means are 0 except in
groups after the first when the intercepts (thresholds) are equal across groups; for ordinal
items the first group's scale factors (residual variances) are 1 and the other groups' are
free once the thresholds are equal. Equal parameters across groups (lavaan's ``group.equal``)
share one entry of the free-parameter vector ``theta``; the unconstrained vector ``x`` (one entry
per free row, lavaan's ``x``) and the equality constraints ``x[a] == x[b]`` give the score
tests. The moments (means and covariances, or thresholds and correlations) of every group are
computed for a batch of parameter vectors at once, so their Jacobian is a single complex-step
evaluation (exact to rounding).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from trustlab.psychometrics._sem_algebra import _vech, _vech_offdiag

__all__ = ["Row", "SemSpec", "EQUAL_KINDS"]


#: lavaan's ``group.equal`` names -> parameter kinds.
EQUAL_KINDS = {
    "loadings": "lambda",
    "intercepts": "nu",
    "thresholds": "tau",
    "residuals": "theta",
    "means": "alpha",
    "lv.variances": "psi_var",
    "lv.covariances": "psi_cov",
}


@dataclass(frozen=True)
class Row:
    """One row of the parameter table."""

    group: int
    kind: str  # lambda, tau, theta, psi, nu, alpha, delta
    a: int
    b: int
    lhs: str
    op: str
    rhs: str
    free: bool
    value: float  # the fixed value (when not free)
    pid: int  # index into theta (the model's free parameters); -1 when fixed
    xid: int  # index into x (one per free row); -1 when fixed
    equal_to: int  # xid of the first group's row it is constrained equal to; -1 if none

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.lhs, self.op, self.rhs)


class SemSpec:
    """A simple-structure CFA in ``n_groups`` groups with lavaan's identification rules.

    Parameters
    ----------
    factors : dict
        ``{factor: [item, ...]}``.
    n_groups : int
        Number of groups.
    ordinal : bool
        Ordinal items (thresholds, WLSMV) instead of continuous ones (ML with means).
    n_thresholds : sequence of int
        Thresholds per item (ordinal only), in the order of the items.
    parameterization : {"delta", "theta"}
        lavaan's parameterization for ordinal items.
    equal : iterable of str
        lavaan's ``group.equal`` (``"loadings"``, ``"intercepts"``, ``"thresholds"``,
        ``"residuals"``, ...).
    released : iterable of (kind, a, b, group)
        Equality constraints released (partial invariance): the group's parameter is free.
    meanstructure : bool
        Intercepts and latent means (continuous items); always true with several groups.
    std_lv : bool
        Identify by unit factor variances instead of marker loadings.
    """

    def __init__(
        self,
        factors: dict[str, list[str]],
        *,
        n_groups: int = 1,
        ordinal: bool = False,
        n_thresholds: list[int] | None = None,
        parameterization: str = "delta",
        equal: tuple[str, ...] | frozenset[str] = (),
        released: frozenset[tuple[str, int, int, int]] = frozenset(),
        meanstructure: bool = True,
        std_lv: bool = False,
    ) -> None:
        self.factor_names = tuple(factors)
        self.items = tuple(i for items in factors.values() for i in items)
        self.p = len(self.items)
        self.k = len(self.factor_names)
        self.n_groups = int(n_groups)
        self.ordinal = bool(ordinal)
        self.parameterization = parameterization
        self.equal = frozenset(equal)
        self.released = frozenset(released)
        self.meanstructure = bool(meanstructure) or self.n_groups > 1
        self.std_lv = bool(std_lv)
        self.n_thresholds = list(n_thresholds or [])
        self.item_factor = np.array(
            [self.factor_names.index(f) for f, its in factors.items() for _ in its]
        )
        self.th_item = np.repeat(np.arange(self.p), self.n_thresholds) if ordinal else None
        self._build(factors)

    # ---- the parameter table -----------------------------------------------------------------

    def _equal_kind(self, kind: str, a: int, b: int) -> bool:
        name = ("psi_var" if a == b else "psi_cov") if kind == "psi" else kind
        return any(EQUAL_KINDS.get(e) == name for e in self.equal)

    def _build(self, factors: dict[str, list[str]]) -> None:
        rows: list[Row] = []
        npid = 0
        nxid = 0
        first: dict[tuple[str, int, int], tuple[int, int, bool, float]] = {}
        th_equal = "thresholds" in self.equal
        ld_equal = "loadings" in self.equal
        int_equal = "intercepts" in self.equal

        def add(g: int, kind: str, a: int, b: int, lhs: str, op: str, rhs: str,
                free: bool, value: float) -> None:  # fmt: skip
            nonlocal npid, nxid
            pid = xid = eq = -1
            if free:
                xid = nxid
                nxid += 1
                base = first.get((kind, a, b))
                shared = (
                    g > 0
                    and base is not None
                    and base[2]
                    and self._equal_kind(kind, a, b)
                    and (kind, a, b, g) not in self.released
                )
                if shared:
                    pid, eq = base[0], base[1]
                else:
                    pid = npid
                    npid += 1
            elif g > 0 and self._equal_kind(kind, a, b) and (kind, a, b, g) not in self.released:
                base = first.get((kind, a, b))
                if base is not None and not base[2]:
                    value = base[3]  # equal to the first group's fixed value
            if g == 0:
                first[(kind, a, b)] = (pid, xid, free, value)
            rows.append(Row(g, kind, a, b, lhs, op, rhs, free, value, pid, xid, eq))

        for g in range(self.n_groups):
            for j, (fname, items) in enumerate(factors.items()):
                for t, item in enumerate(items):
                    i = self.items.index(item)
                    free = self.std_lv or t > 0
                    add(g, "lambda", i, j, fname, "=~", item, free, 1.0)
            if self.ordinal:
                for i, item in enumerate(self.items):
                    for t in range(self.n_thresholds[i]):
                        add(g, "tau", i, t, item, "|", f"t{t + 1}", True, 0.0)
            if not self.ordinal:
                for i, item in enumerate(self.items):
                    add(g, "theta", i, i, item, "~~", item, True, 0.0)
            elif self.parameterization == "theta":
                for i, item in enumerate(self.items):
                    free = g > 0 and th_equal
                    if free and "residuals" in self.equal:
                        free = ("theta", i, i, g) in self.released
                    add(g, "theta", i, i, item, "~~", item, free, 1.0)
            for j, fname in enumerate(self.factor_names):
                free = not self.std_lv or (g > 0 and ld_equal)
                add(g, "psi", j, j, fname, "~~", fname, free, 1.0)
            for j in range(self.k):
                for m in range(j + 1, self.k):
                    f1, f2 = self.factor_names[j], self.factor_names[m]
                    add(g, "psi", j, m, f1, "~~", f2, True, 0.0)
            if self.ordinal and self.parameterization == "delta":
                for i, item in enumerate(self.items):
                    add(g, "delta", i, 0, item, "~*~", item, g > 0 and th_equal, 1.0)
            if self.meanstructure and not self.ordinal:
                for i, item in enumerate(self.items):
                    add(g, "nu", i, 0, item, "~1", "", True, 0.0)
            if self.meanstructure or self.ordinal:
                means_free = g > 0 and (th_equal if self.ordinal else int_equal)
                for j, fname in enumerate(self.factor_names):
                    free = means_free and not (
                        "means" in self.equal and ("alpha", j, 0, g) not in self.released
                    )
                    add(g, "alpha", j, 0, fname, "~1", "", free, 0.0)
        self.rows = tuple(rows)
        self.npar = npid
        self.nx = nxid
        self.K = np.zeros((nxid, npid))
        for r in rows:
            if r.free:
                self.K[r.xid, r.pid] = 1.0
        self.free_rows = tuple(r for r in rows if r.free)
        # one representative row per free parameter (its first occurrence)
        rep: dict[int, Row] = {}
        for r in self.free_rows:
            rep.setdefault(r.pid, r)
        self.par_rows = tuple(rep[i] for i in range(npid))
        self.constraints = tuple((r.equal_to, r.xid, r) for r in self.free_rows if r.equal_to >= 0)
        self._index()

    def _index(self) -> None:
        """Per group and kind: target positions, x ids and fixed values, for fast filling."""
        self.fill: list[dict[str, tuple[np.ndarray, ...]]] = []
        for g in range(self.n_groups):
            kinds: dict[str, list[Row]] = {}
            for r in self.rows:
                if r.group == g:
                    kinds.setdefault(r.kind, []).append(r)
            entry = {}
            for kind, rs in kinds.items():
                a = np.array([r.a for r in rs])
                b = np.array([r.b for r in rs])
                xid = np.array([r.xid for r in rs])
                val = np.array([r.value for r in rs])
                entry[kind] = (a, b, xid, val)
            self.fill.append(entry)
        #: per group, the entries of x its matrices use (the other groups' are not)
        self.group_x = [
            np.unique(np.concatenate([e[2][e[2] >= 0] for e in entry.values()])).astype(int)
            for entry in self.fill
        ]

    # ---- counting --------------------------------------------------------------------------

    def n_moments(self) -> int:
        """Sample statistics per group (lavaan's ``pstar``)."""
        p = self.p
        if self.ordinal:
            return int(sum(self.n_thresholds)) + p * (p - 1) // 2
        return p * (p + 1) // 2 + (p if self.meanstructure else 0)

    @property
    def df(self) -> int:
        return self.n_groups * self.n_moments() - self.npar

    # ---- matrices and moments (batched over parameter vectors) ------------------------------

    def _values(self, x: np.ndarray, kind: str, g: int) -> tuple[np.ndarray, ...] | None:
        entry = self.fill[g].get(kind)
        if entry is None:
            return None
        a, b, xid, val = entry
        vals = np.where(xid >= 0, x[:, np.maximum(xid, 0)], val)
        return a, b, vals

    def matrices(self, x: np.ndarray, g: int) -> dict[str, np.ndarray]:
        """The group's matrices for a batch of x vectors (B, nx); complex-step safe."""
        bsz = x.shape[0]
        dtype = x.dtype
        p, k = self.p, self.k
        lam = np.zeros((bsz, p, k), dtype=dtype)
        a, b, v = self._values(x, "lambda", g)
        lam[:, a, b] = v
        psi = np.zeros((bsz, k, k), dtype=dtype)
        a, b, v = self._values(x, "psi", g)
        psi[:, a, b] = v
        psi[:, b, a] = v
        alpha = np.zeros((bsz, k), dtype=dtype)
        got = self._values(x, "alpha", g)
        if got is not None:
            alpha[:, got[0]] = got[2]
        out = {"lambda": lam, "psi": psi, "alpha": alpha}
        theta = np.zeros((bsz, p), dtype=dtype)
        got = self._values(x, "theta", g)
        if got is not None:
            theta[:, got[0]] = got[2]
        out["theta"] = theta
        if self.ordinal:
            tau = np.zeros((bsz, int(sum(self.n_thresholds))), dtype=dtype)
            a, b, v = self._values(x, "tau", g)
            offsets = np.concatenate([[0], np.cumsum(self.n_thresholds)[:-1]])
            tau[:, offsets[a] + b] = v
            out["tau"] = tau
            delta = np.ones((bsz, p), dtype=dtype)
            got = self._values(x, "delta", g)
            if got is not None:
                delta[:, got[0]] = got[2]
            out["delta"] = delta
        else:
            nu = np.zeros((bsz, p), dtype=dtype)
            got = self._values(x, "nu", g)
            if got is not None:
                nu[:, got[0]] = got[2]
            out["nu"] = nu
        return out

    def implied(self, x: np.ndarray, g: int) -> dict[str, np.ndarray]:
        """Model-implied ``cov`` (or ``cor`` and ``th``) and ``mean`` for a batch of x."""
        m = self.matrices(x, g)
        lam, psi = m["lambda"], m["psi"]
        common = lam @ psi @ lam.transpose(0, 2, 1)
        eta_mean = np.einsum("bpk,bk->bp", lam, m["alpha"])
        if not self.ordinal:
            cov = common.copy()
            idx = np.arange(self.p)
            cov[:, idx, idx] += m["theta"]
            return {"cov": cov, "mean": m["nu"] + eta_mean, **m}
        if self.parameterization == "theta":
            star = common.copy()
            idx = np.arange(self.p)
            star[:, idx, idx] += m["theta"]
            delta = 1 / np.sqrt(star[:, idx, idx])
        else:
            delta = m["delta"]
            star = common
        cor = star * delta[:, :, None] * delta[:, None, :]
        idx = np.arange(self.p)
        cor[:, idx, idx] = 1.0
        th = (m["tau"] - eta_mean[:, self.th_item]) * delta[:, self.th_item]
        resid = 1 / delta**2 - common[:, idx, idx]  # theta_ii in the delta parameterization
        return {"cor": cor, "th": th, "delta_implied": delta, "resid": resid, **m}

    def moments(self, x: np.ndarray, g: int) -> np.ndarray:
        """lavaan's WLS.est order: ``[mean, vech(cov)]`` or ``[th, vech(cor) without diag]``."""
        imp = self.implied(x, g)
        p = self.p
        if self.ordinal:
            r, c = _vech_offdiag(p)
            return np.concatenate([imp["th"], imp["cor"][:, r, c]], axis=1)
        r, c = _vech(p)
        parts = [imp["mean"]] if self.meanstructure else []
        return np.concatenate([*parts, imp["cov"][:, r, c]], axis=1)

    def x_of(self, theta: np.ndarray) -> np.ndarray:
        """The unconstrained vector x of a parameter vector theta (shared entries copied)."""
        return theta @ self.K.T

    def jacobian_x(self, x: np.ndarray, g: int) -> np.ndarray:
        """``d moments / d x`` (m_g, nx) by complex step (one batched evaluation).

        Only the entries of ``x`` that group ``g``'s matrices use are perturbed: the columns of
        the other groups' entries are zero.
        """
        h = 1e-20
        used = self.group_x[g]
        batch = np.tile(x.astype(complex), (len(used), 1))
        batch[np.arange(len(used)), used] += 1j * h
        out = np.zeros((self.n_moments(), self.nx))
        out[:, used] = (self.moments(batch, g).imag / h).T
        return out
