"""Which seeded plans cease and why: the SEN2 cease reasons follow the published mix (ceased_plans.csv),
whatever the demo's ages, and every reason is given only at an age it is possible at."""

from __future__ import annotations

import json
from collections import Counter

from sendcase import statutory
from sendcase.demo import plans as demo_plans
from sendcase.demo import population, proportions, staff

from .test_seed_demo import as_of, seeded  # noqa: F401 (fixtures)

CHILDREN = 400
SEED = 23


def _published_shares() -> dict[int, float]:
    """The published share of each cease reason, from the counts in proportions.json (not the parsed
    distribution the seed draws from)."""
    raw = json.loads(proportions.DEFAULT_PATH.read_text(encoding="utf-8"))
    counts = {int(code): n or 0.0 for code, n in raw["figures"]["cease_reason"]["counts"].items()}
    total = sum(counts.values())
    return {code: n / total for code, n in counts.items()}


def _proposals(plans):
    for plan in plans:
        for action in plan.plan_actions:
            if action.kind == demo_plans.C_PROPOSE:
                yield plan, action


def test_cease_reasons_follow_the_published_mix(as_of):  # noqa: F811
    props = proportions.load()
    made = population.generate(
        children=CHILDREN, seed=SEED, as_of=as_of, props=props, reference=staff.load_reference()
    )
    proposals = list(_proposals(made))
    reasons = Counter(int(action.args["reason"]) for _plan, action in proposals)
    total = sum(reasons.values())
    # About 60 cessations at 400 children: each reason's count is set from its published share, so the
    # seeded share is off only by rounding and the few coverage scenarios that force a cessation
    # (reasons drawn for the age). ±8 points for the reasons of 5% or more, ±5 for the rarer ones.
    assert total >= 40, reasons
    for code, share in _published_shares().items():
        tolerance = 0.08 if share >= 0.05 else 0.05
        assert abs(reasons[code] / total - share) <= tolerance, (code, reasons, share)
    # Every reason at an age it is possible at (maximum age, higher education and employment from 18,
    # not engaging from 16).
    for plan, action in proposals:
        age = statutory.age_on(plan.child.date_of_birth, action.on)
        assert proportions.cease_reason_allowed(action.args["reason"], age), (action.args["reason"], age)
    # Some are decided at an annual review, the rest proposed outside one.
    decided = [d for p in made if p.plan_summary for d in p.plan_summary.decisions if d == "cease"]
    assert 0 < len(decided) < total


def test_the_number_of_cessations_follows_the_published_rate(as_of):  # noqa: F811
    props = proportions.load()
    made = population.generate(
        children=CHILDREN, seed=SEED, as_of=as_of, props=props, reference=staff.load_reference()
    )
    years = 0.0
    for plan in made:
        if plan.plan_inputs is None:
            continue
        _ctx, issued_on, transfer, _force = plan.plan_inputs
        start = transfer["received_on"] if transfer else issued_on
        years += max(0, (as_of - start).days) / 365.25
    ceased = sum(1 for _ in _proposals(made))
    # Each reason's count is rounded on its own: at most half a cessation off for each of 8 reasons.
    assert abs(ceased - props.cease_rate * years) <= 5, (ceased, props.cease_rate * years)
