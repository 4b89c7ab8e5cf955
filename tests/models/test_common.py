"""trustlab.models._common: the finiteness check over row blocks, and row labels looked up late."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from trustlab.errors import ModelError
from trustlab.models import _common, _large


def test_check_finite_names_the_first_bad_row_whatever_its_block(monkeypatch):
    monkeypatch.setattr(_large, "CHUNK_ROWS", 7)
    values = np.arange(40.0)
    values[[3, 5]] = np.nan  # missing, not refused
    index = pd.Index([f"r{i}" for i in range(40)])
    _common.check_finite(values, "x", index)
    values[[23, 31]] = [np.inf, 2e50]
    with pytest.raises(ModelError, match=r"'x' holds an infinite value \(row 'r23'\)"):
        _common.check_finite(values, "x", index)
    values[23] = 1.0
    keep = np.r_[np.zeros(10, dtype=bool), np.ones(40, dtype=bool)]  # the 40 values' rows
    labels = _common.RowLabels(pd.Index([f"s{i}" for i in range(50)]), keep)
    with pytest.raises(ModelError, match=r"the value 2e\+50 \(row 's41'\)"):
        _common.check_finite(values, "x", labels)
