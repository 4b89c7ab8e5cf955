"""trustlab.besides_exposure: everything of an analysis but the exposure models, as one piece
of work for a fork, the same as in the analysis made in one process."""

from __future__ import annotations

import trustlab
from trustlab.analysis import _survey
from trustlab.besides_exposure import besides_exposure
from trustlab.model_frame import model_frame
from trustlab.plan import Plan
from trustlab.report.json_export import analysis_to_json
from trustlab.scales import reverse_key, score_scales


def test_the_pieces_are_those_of_the_analysis(three_scales):
    df, roles = three_scales
    whole = trustlab.analyse(df, **roles)
    options = {k: roles.pop(k) for k in ("n_boot", "progress")}
    survey = _survey(df, None, roles, 0)
    plan = Plan.from_codebook(survey.codebook).present(survey.data)
    scores = score_scales(survey)
    items = [i for s in plan.scales.values() for i in s.items]
    scale_range = (plan.response_scale.min, plan.response_scale.max)
    keyed = reverse_key(survey.data[items], [i for i in items if i in plan.reverse], scale_range)
    frame = model_frame(plan, survey.data, scores)
    scale_options = {"seed": whole.seed, "n_boot": options["n_boot"], "n_boot_ordinal": 0}
    part = besides_exposure(plan, survey, scores, keyed, frame, True, scale_options, whole.seed)
    assert list(part.scales) == ["a", "b", "c"] and part.clusters and part.invariance
    # the scales' notices open the analysis's (here nothing is said before them)
    said = [n.step for n in part.said_before]
    assert "keys a" in said and "keys c" in said
    assert list(whole.notices[: len(said)]) == part.said_before
    assert part.said_after == []  # the clusters and groups said nothing here
    # put in place of the analysis's own, the same report
    same = whole.__class__(**{**whole.__dict__, "scales": part.scales,
                              "clusters": part.clusters, "invariance": part.invariance,
                              "dimensions": part.dimensions, "quality": part.quality,
                              "item_correlations": part.correlations})  # fmt: skip
    assert analysis_to_json(same) == analysis_to_json(whole)
