"""The whole synthetic population: each child, their contacts and their requests' histories.

Child `i` is drawn from its own generator seeded with (seed, i), so a child does not change when other
children are added. A few children are placed in named scenarios (COVERAGE) so that every stage of the
workflow, overdue and excepted steps included, is present whatever the seed and however few children are
asked for; everyone else follows the published proportions.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sendcase import statutory
from sendcase.assessments.models import OPEN_STATUSES, RequestStatus, Step

from . import histories as h
from .people import ChildSpec, age_on, date_of_birth_for, make_child
from .proportions import Proportions
from .reference import Reference
from .sampling import between

S = RequestStatus
DAY = dt.timedelta(days=1)


@dataclass(slots=True)
class AllocationSpec:
    officer: tuple[int, int]  # (team index, officer number in the team)
    started: dt.datetime  # local wall-clock time
    ended: dt.datetime | None = None
    end_reason: str = ""  # when it ended with nobody taking over (allocation_end)
    reason: str = ""  # when it replaced an earlier allocation (a reallocation)
    replaces: int | None = None  # index of the allocation it replaced


@dataclass(slots=True)
class ChildPlan:
    index: int
    child: ChildSpec
    created_on: dt.date
    team: int
    requests: list[h.RequestHistory]
    need: str
    scenario: str = ""
    allocations: list[AllocationSpec] = field(default_factory=list)

    @property
    def main(self) -> h.RequestHistory:
        return self.requests[-1]

    @property
    def is_open(self) -> bool:
        return self.main.status in OPEN_STATUSES


# --- Scenarios every demo contains ------------------------------------------------------------------


def _kinds(history: h.RequestHistory, kind: str) -> list[h.Action]:
    return [a for a in history.actions if a.kind == kind]


def _outstanding_advice(history: h.RequestHistory) -> list[h.Action]:
    received = {a.args["index"] for a in _kinds(history, h.ADVICE_RECEIPT)}
    return [a for a in _kinds(history, h.ADVICE_REQUEST) if a.args["index"] not in received]


def _excepted_advice(history: h.RequestHistory) -> set[int]:
    return {a.args["index"] for a in _kinds(history, h.ADVICE_EXCEPTION)}


def _overdue_advice(history: h.RequestHistory, as_of: dt.date) -> list[h.Action]:
    excepted = _excepted_advice(history)
    return [
        a
        for a in _outstanding_advice(history)
        if statutory.advice_due(a.on) < as_of and a.args["index"] not in excepted
    ]


def _has_exception(history: h.RequestHistory, step: str) -> bool:
    return any(
        a.args["step"] == step for a in history.actions if a.kind in (h.EXCEPTION, h.NOT_ISSUE_EXCEPTION)
    )


def _final_on(history: h.RequestHistory) -> dt.date | None:
    finals = _kinds(history, h.FINAL)
    return finals[0].on if finals else None


def _unanswered_consultations(history: h.RequestHistory) -> int:
    answered = {a.args["index"] for a in _kinds(history, h.CONSULT_ANSWER)}
    return sum(1 for a in _kinds(history, h.CONSULT_SEND) if a.args["index"] not in answered)


Predicate = Callable[[h.RequestHistory, dt.date], bool]


@dataclass(frozen=True)
class Scenario:
    name: str
    force: h.Force
    test: Predicate


def _decision_due(history: h.RequestHistory) -> dt.date:
    return statutory.assessment_deadlines(history.received_on).decision_due


def _final_due(history: h.RequestHistory) -> dt.date:
    return statutory.assessment_deadlines(history.received_on).final_plan_due


_PLAN = {"outcome": "assess", "issue": True}
# The scenario whose case is left for a manager to allocate (allocations.py never allocates it).
AWAITING_ALLOCATION = "received this week, not yet allocated"
COVERAGE: tuple[Scenario, ...] = (
    Scenario(
        AWAITING_ALLOCATION,
        h.Force(days_ago=(0, 6)),
        lambda x, d: x.status == S.RECEIVED and d <= _decision_due(x),
    ),
    Scenario(
        "received, decision overdue",
        h.Force(days_ago=(50, 90), decision_late=True),
        lambda x, d: (
            x.status == S.RECEIVED and d > _decision_due(x) and not _has_exception(x, Step.DECISION_TO_ASSESS)
        ),
    ),
    Scenario(
        "received, decision excepted",
        h.Force(days_ago=(50, 90), decision_late=True, decision_exception=True),
        lambda x, d: (
            x.status == S.RECEIVED and d > _decision_due(x) and _has_exception(x, Step.DECISION_TO_ASSESS)
        ),
    ),
    Scenario(
        "assessing, advice awaited within its 6 weeks",
        h.Force(days_ago=(45, 75), outcome="assess"),
        lambda x, d: x.status == S.ASSESSING and bool(_outstanding_advice(x)) and not _overdue_advice(x, d),
    ),
    Scenario(
        "assessing, advice overdue",
        h.Force(days_ago=(100, 150), outcome="assess", issue=True, on_time=False),
        lambda x, d: x.status == S.ASSESSING and bool(_overdue_advice(x, d)),
    ),
    Scenario(
        "assessing, advice excepted",
        h.Force(days_ago=(100, 150), outcome="assess", issue=True, on_time=False, advice_exception=True),
        lambda x, d: (
            x.status == S.ASSESSING
            and any(a.args["index"] in _excepted_advice(x) for a in _outstanding_advice(x))
        ),
    ),
    Scenario(
        "assessing, 20-week limit excepted",
        h.Force(days_ago=(60, 130), outcome="assess", issue=True, on_time=False, final_exception=True),
        lambda x, d: x.status == S.ASSESSING and _has_exception(x, Step.FINAL_PLAN),
    ),
    Scenario(
        "decided not to assess",
        h.Force(days_ago=(60, 600), outcome="not_assess"),
        lambda x, d: x.status == S.NOT_ASSESSING,
    ),
    Scenario(
        "writing the draft plan",
        h.Force(days_ago=(100, 220), on_time=False, **_PLAN),
        lambda x, d: x.status == S.ISSUE_DECIDED,
    ),
    Scenario(
        "decided not to issue",
        h.Force(days_ago=(150, 700), outcome="assess", issue=False),
        lambda x, d: x.status == S.NOT_ISSUING,
    ),
    Scenario(
        "decided not to issue, 16-week limit excepted",
        h.Force(days_ago=(200, 700), outcome="assess", issue=False, not_issue_exception=True),
        lambda x, d: x.status == S.NOT_ISSUING and _has_exception(x, Step.DECISION_NOT_TO_ISSUE),
    ),
    Scenario(
        "draft served, a consultation unanswered",
        h.Force(days_ago=(130, 260), on_time=False, **_PLAN),
        lambda x, d: x.status == S.DRAFT_SERVED and _unanswered_consultations(x) > 0,
    ),
    Scenario(
        "draft served over 15 days ago, consultations answered (ready to finalise)",
        h.Force(days_ago=(130, 260), on_time=False, **_PLAN),
        lambda x, d: (
            x.status == S.DRAFT_SERVED
            and bool(_kinds(x, h.CONSULT_SEND))
            and not _unanswered_consultations(x)
            and statutory.earliest_final_plan_after_draft(_kinds(x, h.DRAFT_SERVE)[0].on) <= d
        ),
    ),
    Scenario(
        "final plan within 20 weeks",
        h.Force(days_ago=(200, 700), on_time=True, **_PLAN),
        lambda x, d: x.status == S.FINAL_ISSUED and _final_on(x) <= _final_due(x),
    ),
    Scenario(
        "final plan late",
        h.Force(days_ago=(300, 900), on_time=False, **_PLAN),
        lambda x, d: x.status == S.FINAL_ISSUED and _final_on(x) > _final_due(x),
    ),
    Scenario(
        "final plan, 20-week limit excepted",
        h.Force(days_ago=(300, 900), final_exception=True, **_PLAN),
        lambda x, d: x.status == S.FINAL_ISSUED and _has_exception(x, Step.FINAL_PLAN),
    ),
    Scenario(
        "withdrawn", h.Force(days_ago=(60, 600), outcome="withdrawn"), lambda x, d: x.status == S.WITHDRAWN
    ),
    Scenario(
        "moved out of the area",
        h.Force(days_ago=(100, 600), outcome="assess", move_out=True),
        lambda x, d: x.status == S.MOVED_OUT,
    ),
)
SCENARIO_ATTEMPTS = 2000


class GenerationError(Exception):
    pass


def _received_on(rng: random.Random, props: Proportions, as_of: dt.date, force: h.Force) -> dt.date:
    if force.days_ago is not None:
        return as_of - DAY * between(rng, *force.days_ago)
    # Years back in proportion to the requests the authority received each year, the latest first.
    years_back = props.years_back.pick(rng)
    return as_of - DAY * (years_back * 365 + between(rng, 0, 364))


def _one_child(
    rng: random.Random,
    index: int,
    props: Proportions,
    reference: Reference,
    as_of: dt.date,
    nhs_offset: int,
    force: h.Force,
    allow_prior: bool,
) -> ChildPlan:
    locality_index = rng.randrange(len(reference.localities))
    locality = reference.localities[locality_index]
    received = _received_on(rng, props, as_of, force)
    born = date_of_birth_for(rng, props, received, as_of)
    need = props.need_by_band[props.band(age_on(born, received))].pick(rng)
    child = make_child(
        rng, index=index, props=props, locality=locality, born=born, as_of=as_of, nhs_offset=nhs_offset
    )
    main_contact = child.contacts[0]
    ctx = h.Context(
        props=props,
        reference=reference,
        as_of=as_of,
        born=born,
        locality_id=locality.id,
        main_contact=f"{main_contact.first_name} {main_contact.last_name}",
        need=need,
    )
    requests: list[h.RequestHistory] = []
    if allow_prior and rng.random() < h.PRIOR_REFUSED_SHARE:
        earlier = received - DAY * between(rng, 180, 540)
        if earlier >= born + DAY * 365:
            requests.append(h.prior_refused(rng, ctx, received_on=earlier))
    requests.append(h.request_history(rng, ctx, received_on=received, request=len(requests), force=force))
    return ChildPlan(
        index=index,
        child=child,
        created_on=requests[0].received_on,
        team=locality_index,
        requests=requests,
        need=need,
    )


def generate(
    *, children: int, seed: int, as_of: dt.date, props: Proportions, reference: Reference
) -> list[ChildPlan]:
    """Every child's plan, deterministic for (children, seed, as_of, reference)."""
    nhs_offset = random.Random(f"sendcase-demo:{seed}:nhs").randrange(1_000_000)
    scenarios = COVERAGE[: max(0, children)]
    # Scenario children are spread through the population rather than first, so they do not all land
    # in the same officer's caseload.
    positions = (
        {(j * children) // len(scenarios): scenario for j, scenario in enumerate(scenarios)}
        if scenarios
        else {}
    )
    plans: list[ChildPlan] = []
    for index in range(children):
        rng = random.Random(f"sendcase-demo:{seed}:child:{index}")
        scenario = positions.get(index)
        if scenario is None:
            plans.append(_one_child(rng, index, props, reference, as_of, nhs_offset, h.NATURAL, True))
            continue
        for _attempt in range(SCENARIO_ATTEMPTS):
            plan = _one_child(rng, index, props, reference, as_of, nhs_offset, scenario.force, False)
            if scenario.test(plan.main, as_of):
                plan.scenario = scenario.name
                plans.append(plan)
                break
        else:
            raise GenerationError(f"could not generate the scenario '{scenario.name}' (seed {seed})")
    return plans
