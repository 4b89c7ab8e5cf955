"""The analysis plan: what a study declares, by role, and what can run on its data.

A :class:`Plan` is read off a codebook (:meth:`Plan.from_codebook`): the respondent id, the
scales (any names, any number), the response range, the exposure (an ordered categorical, with
or without a score per category), the cluster (optional), the covariates, the two dimensions of
the quadrants (optional) and the grouping variables. :func:`trustlab.analyse` runs everything
from these roles, never from a column or scale name, and :meth:`Plan.notes` says up front, in
words, what will not run on a given data set and why.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from trustlab.input.schema import (
    Codebook,
    Dimensions,
    Exposure,
    ResponseScale,
    Scale,
)
from trustlab.results import ResultMixin

__all__ = ["Plan"]


@dataclass(frozen=True, repr=False, eq=False)
class Plan(ResultMixin):
    """What an analysis runs on, by role.

    Attributes
    ----------
    id : str
        The respondent-id column.
    scales : dict of str to Scale
        The scales, by name: items, ``min_valid``, the rule for *high*, a label.
    reverse : tuple of str
        The reverse-keyed item columns.
    response_scale : ResponseScale
        The answers' range (any k-point scale) and midpoint.
    exposure : Exposure or None
        The ordered categorical variable each scale is analysed against.
    cluster : str or None
        The column of the clusters (networks, teams) respondents are nested in.
    covariates : tuple of str
        Columns adjusted for in the models.
    dimensions : Dimensions or None
        The trust and distrust scales of the quadrants.
    groups : tuple of str
        Categorical columns to compare the scales' measurement across.
    """

    id: str
    scales: dict[str, Scale]
    reverse: tuple[str, ...]
    response_scale: ResponseScale
    exposure: Exposure | None
    cluster: str | None
    covariates: tuple[str, ...]
    dimensions: Dimensions | None
    groups: tuple[str, ...]

    @classmethod
    def from_codebook(cls, codebook: Codebook) -> Plan:
        """The roles a codebook declares."""
        return cls(
            id=codebook.id,
            scales=dict(codebook.scales),
            reverse=tuple(codebook.reverse_keyed()),
            response_scale=codebook.response_scale,
            exposure=codebook.exposure,
            cluster=codebook.cluster,
            covariates=tuple(v.column for v in codebook.covariates),
            dimensions=codebook.dimensions,
            groups=tuple(codebook.groups),
        )

    @property
    def reference(self) -> str | None:
        """The exposure category the models compare with."""
        return None if self.exposure is None else self.exposure.reference_label

    def notes(self, data: pd.DataFrame) -> list[str]:
        """What will not run on ``data`` and why, in words (empty when everything runs)."""
        out = []
        exposure = self.exposure
        if exposure is None:
            out.append(
                "No exposure is declared: the scales are described (reliability, scores, share "
                "high), but no tests or models against an exposure are run. Declare one under "
                "'exposure' in the codebook (or exposure= in Python)."
            )
        elif exposure.column not in data.columns:
            out.append(
                f"The exposure column {exposure.column!r} is not in the data: no tests or models "
                "against the exposure are run."
            )
        else:
            present = data[exposure.column].dropna().nunique()
            if present < 2:
                out.append(
                    f"The exposure {exposure.column!r} has {present} category with answers: "
                    "nothing to compare, so no tests or models against it are run."
                )
            if exposure.scores is None:
                out.append(
                    f"The categories of the exposure {exposure.column!r} have no scores: the "
                    "trend models, the broken stick and the within-between decomposition (which "
                    "need a number per category) are not run. Give each category a score (e.g. "
                    "meetings per year) to add them."
                )
            elif min(exposure.scores) <= 0:
                out.append(
                    "The trend in the logarithm of the exposure's score is not run: it needs "
                    "every score above 0."
                )
        clustered = (
            "cluster-robust standard errors (CR2 with Satterthwaite df, HTZ tests; HC1), the "
            "mixed models (lmerTest's df, R2, ICC, likelihood-ratio test), the within-between "
            "decomposition and the agreement within clusters (ICC(1), ICC(2), rwg(j), awg)"
        )
        if self.cluster is None:
            out.append(
                "No cluster is declared: respondents are treated as independent; "
                f"{clustered} are not run. Declare 'cluster' in the codebook (or cluster= in "
                "Python) when respondents are nested in networks, teams or schools."
            )
        elif self.cluster not in data.columns:
            out.append(
                f"The cluster column {self.cluster!r} is not in the data: {clustered} are not run."
            )
        elif data[self.cluster].nunique() < 2:
            out.append(
                f"All respondents are in one {self.cluster!r}: {clustered} need at least two "
                "clusters and are not run."
            )
        for column in self.covariates:
            if column not in data.columns:
                out.append(
                    f"The covariate {column!r} is not in the data (the codebook marks it as not "
                    "required): the models are run without it."
                )
        if not self.groups:
            out.append(
                "No grouping variables are declared: whether each scale measures the same in "
                "every group (measurement invariance) is not tested (declare 'groups', e.g. "
                "a role or organisation type, to add it)."
            )
        for group in self.groups:
            if group not in data.columns:
                out.append(
                    f"The grouping variable {group!r} is not in the data: measurement "
                    "invariance across it is not tested."
                )
        if self.dimensions is None:
            out.append(
                "No trust and distrust dimensions are declared: the quadrants and the "
                "trust-distrust correlation are not run (declare 'dimensions' to add them)."
            )
        return out

    def present(self, data: pd.DataFrame) -> Plan:
        """The plan without the covariates and groups ``data`` does not hold (optional columns
        the file lacks; :meth:`notes` says so)."""
        return dataclasses.replace(
            self,
            covariates=tuple(c for c in self.covariates if c in data.columns),
            groups=tuple(g for g in self.groups if g in data.columns),
        )

    def summary(self) -> pd.DataFrame:
        """One row per role: what plays it."""
        rows = [("id", self.id)]
        for name, scale in self.scales.items():
            keyed = [f"{i} (reversed)" if i in self.reverse else i for i in scale.items]
            rows.append((f"scale {name!r}", ", ".join(keyed)))
        scale = self.response_scale
        rows.append(("response range", f"{scale.min}..{scale.max} (midpoint {scale.midpoint:g})"))
        if self.exposure is not None:
            cats = " < ".join(self.exposure.labels)
            rows.append(("exposure", f"{self.exposure.column}: {cats}"))
            if self.exposure.scores is not None:
                scores = ", ".join(f"{v:g}" for v in self.exposure.scores)
                rows.append(("exposure scores", f"{scores} ({self.exposure.score_label.en})"))
        rows.append(("cluster", self.cluster or "(none)"))
        rows.append(("covariates", ", ".join(self.covariates) or "(none)"))
        if self.dimensions is not None:
            rows.append(("dimensions", f"trust = {self.dimensions.trust}, "
                                       f"distrust = {self.dimensions.distrust}"))  # fmt: skip
        rows.append(("groups", ", ".join(self.groups) or "(none)"))
        return pd.DataFrame(rows, columns=["role", "declared"]).set_index("role")

    def _title(self) -> str:
        return f"Analysis plan: {len(self.scales)} scale(s)"
