"""trustlab.model_frame: the columns the models use, made once."""

from __future__ import annotations

import numpy as np
import pandas as pd

from trustlab.model_frame import _category_scores


def test_category_scores_by_codes_are_those_of_the_labels():
    labels = ["rarely", "monthly", "weekly", "daily"]
    rng = np.random.default_rng(4)
    cells = rng.choice([*labels, None], 5000)
    column = pd.Series(pd.Categorical(cells, categories=labels, ordered=True), index=range(7, 5007))
    scores = [0.5, 1.5, 3.5]  # "daily" has none: NaN, as a missing answer
    by_codes = _category_scores(column, labels[:3], scores)
    per = dict(zip(labels[:3], scores, strict=True))
    by_text = column.astype(object).map(per).astype(float)
    pd.testing.assert_series_equal(by_codes, by_text, check_names=False)
    assert by_codes.isna().sum() == sum(c in (None, "daily") for c in cells)
