"""Factor rotations as R computes them: varimax, oblimin (GPA) and psych's Kaiser-normalised Promax.

Each follows the R algorithm step by step, with R's default convergence criterion, so that
the rotated loadings agree with R to the precision of the unrotated ones:

- ``varimax``: ``stats::varimax(L, normalize = TRUE, eps = 1e-5)`` (Kaiser 1958, SVD updates).
- ``oblimin``: ``GPArotation::oblimin(L, gam = 0, normalize = FALSE, eps = 1e-5)``, the
  gradient projection algorithm for oblique rotation of Jennrich (2002), ``GPFoblq``.
- ``promax``: ``psych::kaiser(L, rotate = "Promax")``: rows scaled to unit length, varimax,
  target ``x * |x|^(m-1)`` with ``m = 4`` fitted by least squares, columns rescaled, rows
  scaled back.

Each returns ``(loadings, rotation, phi)`` with ``loadings = L @ inv(rotation).T`` for oblique
rotations (``L @ rotation`` for varimax) and ``phi`` the factor correlations (None if
orthogonal).
"""

from __future__ import annotations

import numpy as np

__all__ = ["varimax", "oblimin", "promax", "rotate"]


def varimax(
    loadings: np.ndarray, *, normalize: bool = True, eps: float = 1e-5, max_iter: int = 1000
) -> tuple[np.ndarray, np.ndarray, None]:
    """Varimax rotation, as ``stats::varimax``."""
    x = np.asarray(loadings, dtype=float)
    p, k = x.shape
    if k < 2:
        return x.copy(), np.eye(k), None
    sc = np.sqrt(np.sum(x**2, axis=1)) if normalize else np.ones(p)
    x = x / sc[:, None]
    tt = np.eye(k)
    d = 0.0
    for _ in range(max_iter):
        z = x @ tt
        b = x.T @ (z**3 - z * (np.sum(z**2, axis=0) / p))
        u, s, vt = np.linalg.svd(b)
        tt = u @ vt
        d_past, d = d, float(np.sum(s))
        if d < d_past * (1 + eps):
            break
    return (x @ tt) * sc[:, None], tt, None


def _oblimin_criterion(lam: np.ndarray, gamma: float) -> tuple[float, np.ndarray]:
    k = lam.shape[1]
    x = lam**2 @ (1.0 - np.eye(k))
    if gamma != 0:
        p = lam.shape[0]
        x = (np.eye(p) - gamma / p) @ x
    return float(np.sum(lam**2 * x) / 4), lam * x


def oblimin(
    loadings: np.ndarray, *, gamma: float = 0.0, eps: float = 1e-5, max_iter: int = 1000
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Oblimin by gradient projection (Jennrich 2002), as ``GPArotation::GPFoblq``."""
    a = np.asarray(loadings, dtype=float)
    k = a.shape[1]
    if k < 2:
        return a.copy(), np.eye(k), np.eye(k)
    t = np.eye(k)
    al = 1.0
    lam = a @ np.linalg.inv(t).T
    f, gq = _oblimin_criterion(lam, gamma)
    g = -(lam.T @ gq @ np.linalg.inv(t)).T
    for _ in range(max_iter + 1):
        gp = g - t * np.sum(t * g, axis=0)
        s = float(np.sqrt(np.sum(gp**2)))
        if s < eps:
            break
        al *= 2
        for _ in range(11):
            x = t - al * gp
            t_new = x / np.sqrt(np.sum(x**2, axis=0))
            lam = a @ np.linalg.inv(t_new).T
            f_new, gq_new = _oblimin_criterion(lam, gamma)
            if f - f_new > 0.5 * s**2 * al:
                break
            al /= 2
        t = t_new
        f = f_new
        g = -(lam.T @ gq_new @ np.linalg.inv(t_new)).T
    lam = a @ np.linalg.inv(t).T
    return lam, t, t.T @ t


def promax(loadings: np.ndarray, *, m: float = 4.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kaiser-normalised promax, as ``psych::kaiser(L, rotate = "Promax", m = 4)``."""
    f = np.asarray(loadings, dtype=float)
    k = f.shape[1]
    if k < 2:
        return f.copy(), np.eye(k), np.eye(k)
    h = np.sqrt(np.sum(f**2, axis=1))
    weighted = f / h[:, None]
    x, rot, _ = varimax(weighted)
    target = x * np.abs(x) ** (m - 1)
    u = np.linalg.lstsq(x, target, rcond=None)[0]
    d = np.diag(np.linalg.inv(u.T @ u))
    u = u * np.sqrt(d)
    z = x @ u
    u = rot @ u
    ui = np.linalg.inv(u)
    return z * h[:, None], u, ui @ ui.T


def rotate(loadings: np.ndarray, rotation: str) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Dispatch to ``varimax``, ``oblimin``, ``promax`` or ``none``."""
    if rotation == "varimax":
        return varimax(loadings)
    if rotation == "oblimin":
        return oblimin(loadings)
    if rotation == "promax":
        return promax(loadings)
    return np.asarray(loadings, dtype=float).copy(), np.eye(loadings.shape[1]), None
