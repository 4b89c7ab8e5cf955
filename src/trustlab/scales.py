"""Scale scores: reverse keying, scoring with ``min_valid``, high/low flags and the quadrants.

Reverse keys come from the codebook's declared range (keyed = min + max - x, so 6 - x on a 1..5
scale), never from the data. A respondent's scale score is the mean of the keyed items they
answered, when they answered at least ``min_valid`` of them; otherwise the score is missing and
the respondent is counted, with the reason, in the result's ``unscored`` table.

*High* follows the codebook's rule for each scale, by default a scale mean strictly above the
midpoint of the response scale. Where the codebook declares two scales as the dimensions trust
and distrust, each respondent falls in one of four quadrants (Lewicki, McAllister & Bies 1998,
who argue that trust and distrust are separate dimensions).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from trustlab.errors import TrustlabError
from trustlab.input.survey import Survey

__all__ = ["MAX_POINTS", "QUADRANT_KEYS", "quadrants", "reverse_key", "scale_score", "score_scales"]

#: The trust-distrust scatter of more respondents than this draws a random sample of this many
#: (stated in the figure and its caption).
MAX_POINTS = 5_000

#: The four quadrants of Lewicki et al. (1998), as keys (the views give them words), in the
#: order of the tables: (high trust, low distrust), (high, high), (low, low), (low, high).
QUADRANT_KEYS = (
    "high_trust_low_distrust",
    "high_trust_high_distrust",
    "low_trust_low_distrust",
    "low_trust_high_distrust",
)


def reverse_key(
    items: pd.DataFrame, reverse: Sequence[str], scale_range: tuple[float, float]
) -> pd.DataFrame:
    """Reverse-key the named columns: keyed = min + max - x on the declared response range.

    Examples
    --------
    >>> import pandas as pd
    >>> reverse_key(pd.DataFrame({"T1": [1.0, 5.0], "T7": [1.0, 4.0]}), ["T7"], (1, 5))
        T1   T7
    0  1.0  5.0
    1  5.0  2.0
    """
    lo, hi = scale_range
    unknown = [c for c in reverse if c not in items.columns]
    if unknown:
        raise TrustlabError(f"cannot reverse-key {unknown}: no such item column.")
    keyed = items.astype(float)
    for column in reverse:
        keyed[column] = lo + hi - keyed[column]
    return keyed


def scale_score(
    items: pd.DataFrame, *, min_valid: int, method: str = "mean"
) -> tuple[pd.Series, pd.Series]:
    """Score already-keyed items; return ``(score, n answered)``.

    ``method="mean"``: the mean of the answered items. ``method="sum"``: the prorated sum, the
    mean times the number of items (equal to the plain sum when every item is answered, and
    comparable across respondents when some are not). Respondents with fewer than
    ``min_valid`` answered items get a missing score.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"a": [4.0, 2.0, None], "b": [5.0, None, None], "c": [3.0, 4.0, 1.0]})
    >>> score, n = scale_score(items, min_valid=2)
    >>> score.tolist()[:2], n.tolist()
    ([4.0, 3.0], [3, 2, 1])
    """
    if method not in ("mean", "sum"):
        raise TrustlabError(f"method must be 'mean' or 'sum', got {method!r}.")
    columns = [items[c].to_numpy(dtype=float) for c in items.columns]
    score, answered = _score(columns, len(items), min_valid)
    if method == "sum":
        score = score * len(columns)
    return pd.Series(score, index=items.index), pd.Series(answered, index=items.index)


def _score(columns: list[np.ndarray], n: int, min_valid: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the answered items and their number, one item column at a time (the items are
    added in order, as a row sum adds them; no n x k copy of the answers is made)."""
    total = np.zeros(n)
    answered = np.zeros(n, dtype=np.int64)
    for values in columns:
        ok = ~np.isnan(values)
        answered += ok
        total += np.where(ok, values, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / answered
    return np.where(answered >= min_valid, mean, np.nan), answered


def score_scales(survey: Survey, *, sums: bool = False, z: bool = False) -> pd.DataFrame:
    """Score every scale of the codebook for every respondent.

    Parameters
    ----------
    survey : Survey
        Data read through a codebook (:func:`trustlab.read_survey`).
    sums : bool, default False
        Add prorated sum scores (``<scale>_sum``).
    z : bool, default False
        Add z-scores (``<scale>_z``: standardised with the sample mean and sd, ddof = 1).

    Returns
    -------
    pandas.DataFrame
        One row per respondent (same index as ``Survey.data``): the id; per scale the score
        (``trust``), the number of answered items (``trust_n``), optionally ``trust_sum`` and
        ``trust_z``, and the flag ``high_trust`` (nullable boolean, missing when not scored);
        the ``quadrant`` (categorical of :data:`QUADRANT_KEYS`) when the codebook declares the
        two dimensions (trust and distrust scales).
        ``attrs["unscored"]`` records per scale how many respondents were not scored and why;
        ``attrs["rules"]`` the rule for *high* (``"mean > 3"``).

    Examples
    --------
    >>> import trustlab
    >>> scores = trustlab.score_scales(trustlab.load_sample())
    >>> int(scores["high_trust"].sum())
    166
    >>> scores.attrs["rules"]
    {'trust': 'mean > 3', 'distrust': 'mean > 3'}
    """
    cb = survey.codebook
    scale_range = (cb.response_scale.min, cb.response_scale.max)
    # read_survey keeps each column on its own, so this takes no copy of the answers: only the
    # reversed items are new columns
    keyed = reverse_key(survey.items(), cb.reverse_keyed(), scale_range)
    index = survey.data.index
    data = pd.DataFrame({cb.id: survey.data[cb.id]}, index=index)
    unscored: dict[str, dict] = {}
    rules: dict[str, str] = {}
    for name, scale in cb.scales.items():
        columns = [keyed[c].to_numpy(dtype=float) for c in scale.items]
        score, answered = _score(columns, len(index), scale.min_valid)
        score, answered = pd.Series(score, index=index), pd.Series(answered, index=index)
        data[name] = score
        data[f"{name}_n"] = answered
        if sums:
            data[f"{name}_sum"] = score * len(scale.items)
        if z:
            data[f"{name}_z"] = (score - score.mean()) / score.std(ddof=1)
        threshold = scale.high.threshold(cb.response_scale)
        above = score > threshold if scale.high.strict else score >= threshold
        data[f"high_{name}"] = pd.array(np.where(score.isna(), pd.NA, above), dtype="boolean")
        rules[name] = scale.high.describe(cb.response_scale)
        missing = int(score.isna().sum())
        reason = f"answered fewer than {scale.min_valid} of the {len(scale.items)} items"
        unscored[name] = {
            "not_scored": missing,
            "reason": reason if missing else "",
            "rows": survey.data.index[score.isna()].tolist(),
        }
    if cb.dimensions is not None:
        trust, distrust = cb.dimensions.trust, cb.dimensions.distrust
        data["quadrant"] = quadrants(data[f"high_{trust}"], data[f"high_{distrust}"])
    data.attrs["unscored"] = unscored
    data.attrs["rules"] = rules
    return data


def quadrants(high_trust: pd.Series, high_distrust: pd.Series) -> pd.Series:
    """The trust x distrust quadrant of each respondent, as a key of :data:`QUADRANT_KEYS`
    (missing when either flag is missing).

    Examples
    --------
    >>> import pandas as pd
    >>> quadrants(pd.Series([True, False, None]), pd.Series([False, True, True])).tolist()
    ['high_trust_low_distrust', 'low_trust_high_distrust', nan]
    """
    missing = (pd.isna(high_trust).to_numpy() | pd.isna(high_distrust).to_numpy()).astype(bool)
    t = pd.Series(high_trust).astype("boolean").fillna(False).to_numpy(dtype=bool)
    d = pd.Series(high_distrust).astype("boolean").fillna(False).to_numpy(dtype=bool)
    # the position in QUADRANT_KEYS of (trust, distrust): (0,0) 2, (0,1) 3, (1,0) 0, (1,1) 1
    codes = np.array([2, 3, 0, 1])
    out = np.where(missing, -1, codes[2 * t + d])
    values = pd.Categorical.from_codes(out, categories=list(QUADRANT_KEYS), ordered=False)
    return pd.Series(values, index=high_trust.index)
