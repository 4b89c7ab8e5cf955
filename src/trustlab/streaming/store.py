"""What a pass over the data keeps: the model columns on disk, and a subsample of networks.

:class:`Spill` writes the few columns the regressions need (scores, high flags, category codes,
numeric covariates and the network's hash) to a temporary folder, split into buckets by the
network's hash, so that every respondent of a network is in one bucket: the regressions then
read one bucket at a time (memory bounded by a bucket), and the per-network score sums of the
cluster-robust covariance are complete within it. Reading the binary columns again is far
cheaper than parsing the source again for each pass of a model.

:class:`NetworkSample` keeps the respondents of a random sample of whole networks: a seeded hash
of the network id orders the networks, and the networks with the smallest hashes are kept until
``size`` respondents are reached. Membership depends on the id and the seed only, never on the
chunking or the order of the rows, and at most about ``size`` respondents plus one chunk are
held at any time.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["NetworkSample", "Spill", "network_hashes"]


def network_hashes(
    data: pd.DataFrame, cluster: str | None, id_column: str, seed: int
) -> np.ndarray:
    """A seeded 64-bit hash of each respondent's network id (of the respondent's own id when
    there is no cluster or the cluster is missing: a network of one)."""
    key = hashlib.blake2b(f"trustlab-{seed}".encode(), digest_size=8).hexdigest()
    ids = data[id_column].to_numpy(dtype=object)
    if cluster is not None and cluster in data.columns:
        networks = data[cluster].to_numpy(dtype=object)
        missing = pd.isna(networks)
        if missing.any():
            networks = networks.copy()
            networks[missing] = "\x00respondent " + ids[missing].astype(str)
        ids = networks
    return pd.util.hash_array(ids, hash_key=key, categorize=True)


class Spill:
    """Columns written bucket by bucket to a temporary folder (removed by :meth:`close`).

    Parameters
    ----------
    dtypes : dict of str to numpy dtype
        The columns and their types.
    n_buckets : int
        Buckets; a network's rows all go to bucket ``hash % n_buckets``.
    """

    def __init__(self, dtypes: dict[str, np.dtype], n_buckets: int) -> None:
        self.dtypes = {k: np.dtype(v) for k, v in dtypes.items()}
        self.n_buckets = int(n_buckets)
        self.folder = Path(tempfile.mkdtemp(prefix="trustlab-stream-"))
        self.rows = np.zeros(self.n_buckets, dtype=np.int64)

    def _file(self, bucket: int, column: str) -> Path:
        return self.folder / f"{bucket}-{list(self.dtypes).index(column)}.bin"

    def write(self, columns: dict[str, np.ndarray], hashes: np.ndarray) -> None:
        """Append rows: each column's values, and each row's network hash."""
        bucket = (hashes % np.uint64(self.n_buckets)).astype(np.int64)
        order = np.argsort(bucket, kind="stable")
        bounds = np.searchsorted(bucket[order], np.arange(self.n_buckets + 1))
        for b in np.flatnonzero(np.diff(bounds)):
            rows = order[bounds[b] : bounds[b + 1]]
            self.rows[b] += rows.size
            for name, dtype in self.dtypes.items():
                values = hashes if name == "hash" else columns[name]
                with open(self._file(b, name), "ab") as handle:
                    handle.write(np.ascontiguousarray(values[rows], dtype=dtype).tobytes())

    def read(self, bucket: int, names: list[str]) -> dict[str, np.ndarray]:
        """The named columns of one bucket (empty arrays for an empty bucket)."""
        out = {}
        for name in names:
            path = self._file(bucket, name)
            dtype = self.dtypes[name]
            out[name] = np.fromfile(path, dtype=dtype) if path.exists() else np.empty(0, dtype)
        return out

    def close(self) -> None:
        """Remove the folder."""
        shutil.rmtree(self.folder, ignore_errors=True)


class NetworkSample:
    """The respondents of the networks with the smallest hashes, at least ``size`` of them.

    Parameters
    ----------
    size : int
        Respondents to reach (whole networks: the last one taken may pass it).
    """

    def __init__(self, size: int) -> None:
        self.size = int(size)
        self.parts: list[pd.DataFrame] = []
        self.hashes: list[np.ndarray] = []
        self.held = 0
        self.cut = np.iinfo(np.uint64).max  # networks with a larger hash are out for good
        self.max_held = 0

    def add(self, data: pd.DataFrame, hashes: np.ndarray) -> None:
        """Offer a chunk's respondents (rows of the parsed data) with their network hashes."""
        keep = hashes <= self.cut
        if not keep.all():
            data, hashes = data.loc[keep], hashes[keep]
        if len(data):
            self.parts.append(data)
            self.hashes.append(hashes)
            self.held += len(data)
            self.max_held = max(self.max_held, self.held)
        if self.held > 2 * self.size:
            self._prune()

    def _prune(self) -> None:
        hashes = np.concatenate(self.hashes)
        networks, counts = np.unique(hashes, return_counts=True)  # sorted by hash
        enough = int(np.searchsorted(np.cumsum(counts), self.size))
        if enough >= networks.size:
            return
        self.cut = networks[enough]
        self.parts = [p.loc[h <= self.cut] for p, h in zip(self.parts, self.hashes, strict=True)]
        self.hashes = [h[h <= self.cut] for h in self.hashes]
        self.held = sum(len(p) for p in self.parts)

    def frame(self) -> pd.DataFrame:
        """The sampled respondents, in the order of the file."""
        if not self.parts:
            return pd.DataFrame()
        self._prune()
        return pd.concat(self.parts, ignore_index=True)
