"""The whole synthetic population: each child, their contacts and their requests' histories.

Child `i` is drawn from its own generator seeded with (seed, i), so a child does not change when other
children are added. A few children are placed in named scenarios (COVERAGE) so that every stage of the
workflow, overdue and excepted steps included, is present whatever the seed and however few children are
asked for; everyone else follows the published proportions.

Which plans cease, when and why is chosen last, across the whole population (_choose_cessations), so the
cease reasons follow the published mix even though the demo's children are younger than the published
caseload: a plan chosen to cease has its life after issue written again from its own generator.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sendcase import statutory
from sendcase.assessments.models import OPEN_STATUSES, RequestStatus, Step

from . import histories as h
from . import plans as pl
from .people import ChildSpec, age_on, date_of_birth_for, make_child
from .proportions import CEASE_AGES, MAX_AGE, Proportions, cease_reason_allowed
from .reference import Reference
from .sampling import between

S = RequestStatus
log = logging.getLogger(__name__)
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
    # The plan's life after it was issued (demo/plans.py), and where it stands on `as_of`.
    plan_actions: list[h.Action] = field(default_factory=list)
    plan_summary: pl.PlanSummary | None = None
    # "" for a child whose request falls in the published years; OLDER_PLAN for a child who has had a
    # plan for years; TRANSFER_IN for a plan made by another authority (no request here).
    kind: str = ""
    # What plans.plan_history was given (context, issue date, transfer, force), to write the plan's life
    # again when it is chosen to cease (_choose_cessations).
    plan_inputs: tuple | None = None

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


OLDER_PLAN = "older plan"
TRANSFER_IN = "plan transferred in"


@dataclass(frozen=True)
class PlanScenario:
    name: str
    force: pl.PlanForce
    test: Callable[[pl.PlanSummary, dt.date], bool]
    transfer_in: bool = False


def _cessation_in_appeal(s: pl.PlanSummary, d: dt.date) -> bool:
    return s.cessation_status == "notice_sent" and s.appeal_by is not None and s.appeal_by >= d


# Plans in every review state and the rest of the lifecycle, whatever the seed (among older plans).
PLAN_COVERAGE: tuple[PlanScenario, ...] = (
    PlanScenario(
        "review due, not yet arranged",
        pl.NATURAL,
        lambda s, d: s.review_status == "due" and s.review_due_on >= d,
    ),
    PlanScenario(
        "review overdue, not yet arranged",
        pl.PlanForce(late_meeting=True),
        lambda s, d: s.review_status == "due" and s.review_due_on < d,
    ),
    PlanScenario("review meeting arranged", pl.NATURAL, lambda s, d: s.review_status == "scheduled"),
    PlanScenario(
        "review meeting arranged after the due date",
        pl.PlanForce(late_meeting=True),
        lambda s, d: s.review_status == "scheduled" and s.review_due_on < d,
    ),
    PlanScenario("review meeting held", pl.NATURAL, lambda s, d: s.review_status == "held"),
    PlanScenario("review report received", pl.NATURAL, lambda s, d: s.review_status == "report_received"),
    PlanScenario(
        "review decided: amend",
        pl.PlanForce(review_outcome="amend"),
        lambda s, d: s.review_status == "decided",
    ),
    PlanScenario(
        "amendment notice sent",
        pl.PlanForce(review_outcome="amend"),
        lambda s, d: s.review_status == "amendment_notice",
    ),
    PlanScenario(
        "review completed with an amended plan",
        pl.PlanForce(review_outcome="amend"),
        lambda s, d: s.review_status == "completed" and bool(s.decisions),
    ),
    PlanScenario(
        "plan ceased", pl.PlanForce(cease_days_ago=(150, 700)), lambda s, d: s.cessation_status == "ceased"
    ),
    PlanScenario(
        "decision to cease in its appeal period", pl.PlanForce(cease_days_ago=(20, 70)), _cessation_in_appeal
    ),
    PlanScenario(
        "decision to cease in its appeal period (2)",
        pl.PlanForce(cease_days_ago=(20, 70)),
        _cessation_in_appeal,
    ),
    PlanScenario("plan transferred in", pl.NATURAL, lambda s, d: s.transfer_in, transfer_in=True),
    PlanScenario("plan transferred in (2)", pl.NATURAL, lambda s, d: s.transfer_in, transfer_in=True),
    PlanScenario(
        "phase transfer next September, school named", pl.NATURAL, lambda s, d: s.transfers_named > 0
    ),
    PlanScenario(
        "phase transfer next September, not yet named", pl.NATURAL, lambda s, d: s.transfers_unnamed > 0
    ),
    PlanScenario("no school place for a time", pl.PlanForce(no_place=True), lambda s, d: s.no_place),
)


def older_plan_share(props: Proportions) -> float:
    """The share of children who have had a plan since before the published years of requests.

    The demo's children with a request stand for the requests received in the published years
    (requests_by_year); the plans in force (caseload.csv) are that many times `r` the requests. Those
    children make plans at rate `q` (assessed, then issued), so for plans in force to come out at `r`
    per request child, older plan holders are 1 - x of the children with x = 1 / (1 + r - q).
    """
    r = props.plans_in_force / props.requests_total
    decided = props.request_outcome
    q = decided.share("assess") * (1 - props.not_issue_share)
    x = 1 / (1 + r - q)
    return min(0.6, max(0.0, 1 - x))


def _plan_context(
    plan: ChildPlan, props: Proportions, reference: Reference, as_of: dt.date, named: int | None
):
    return pl.PlanContext(
        as_of=as_of,
        born=plan.child.date_of_birth,
        need=plan.need,
        named=named,
        named_kind=reference.by_id[named].kind if named is not None else "",
        locality_id=reference.localities[plan.team].id,
        props=props,
        reference=reference,
    )


def _add_plan_life(
    rng: random.Random,
    plan: ChildPlan,
    props: Proportions,
    reference: Reference,
    as_of: dt.date,
    force: pl.PlanForce = pl.NATURAL,
) -> None:
    finals = [a for a in plan.main.actions if a.kind == h.FINAL]
    if plan.main.status != S.FINAL_ISSUED or not finals:
        return
    final = finals[0]
    ctx = _plan_context(plan, props, reference, as_of, final.args["named_establishment"])
    plan.plan_actions = pl.plan_history(rng, ctx, issued_on=final.on, force=force)
    plan.plan_summary = pl.summarise(plan.plan_actions, as_of)
    plan.plan_inputs = (ctx, final.on, None, force)


def _older_child(
    rng: random.Random,
    index: int,
    props: Proportions,
    reference: Reference,
    as_of: dt.date,
    nhs_offset: int,
    scenario: PlanScenario | None,
) -> ChildPlan | None:
    """A child who has had a plan for years (published years in place), or one transferred in."""
    force = scenario.force if scenario else pl.NATURAL
    if (scenario and scenario.transfer_in) or (scenario is None and rng.random() < pl.TRANSFER_IN_SHARE):
        plan = _one_child(
            rng, index, props, reference, as_of, nhs_offset, h.Force(outcome="withdrawn"), False
        )
        issued, spec = pl.transfer_in_spec(rng, plan.child.date_of_birth, as_of)
        if plan.child.date_of_birth >= issued:
            return None
        age = age_on(plan.child.date_of_birth, as_of)
        kind = props.setting_by_band[props.band(age)].pick(rng)
        est = None if kind == "none" else reference.pick(rng, kind, age, reference.localities[plan.team].id)
        received = spec["received_on"]
        plan.requests = [
            h.RequestHistory(received_on=received, actions=[], status=S.FINAL_ISSUED, need=plan.need)
        ]
        plan.requests[0].flags.add("transfer_in")
        plan.created_on = received
        plan.kind = TRANSFER_IN
        ctx = _plan_context(plan, props, reference, as_of, est.id if est else None)
        plan.plan_actions = pl.plan_history(rng, ctx, issued_on=issued, transfer=spec, force=force)
        plan.plan_summary = pl.summarise(plan.plan_actions, as_of)
        plan.plan_inputs = (ctx, issued, spec, force)
        return plan
    years = props.plan_years.pick(rng)
    for _ in range(20):
        if years >= 2:
            break
        years = props.plan_years.pick(rng)
    years = max(years, 2)
    days = years * 365 + between(rng, 0, 364) + between(rng, 120, 170)
    plan = _one_child(
        rng, index, props, reference, as_of, nhs_offset, h.Force(days_ago=(days, days), **_PLAN), False
    )
    if plan.main.status != S.FINAL_ISSUED:
        return None
    plan.kind = OLDER_PLAN
    _add_plan_life(rng, plan, props, reference, as_of, force)
    return plan


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
    # Children who have had a plan for years, spread evenly through the rest; the plan scenarios are
    # spread over them in turn.
    share = older_plan_share(props)
    older = [i for i in range(children) if i not in positions and int((i + 1) * share) > int(i * share)]
    plan_scenarios = PLAN_COVERAGE[: len(older)]
    plan_positions = (
        {
            older[(j * len(older)) // len(plan_scenarios)]: scenario
            for j, scenario in enumerate(plan_scenarios)
        }
        if plan_scenarios
        else {}
    )
    older_set = set(older)
    plans: list[ChildPlan] = []
    for index in range(children):
        rng = random.Random(f"sendcase-demo:{seed}:child:{index}")
        scenario = positions.get(index)
        if index in older_set:
            plan_scenario = plan_positions.get(index)
            for _attempt in range(SCENARIO_ATTEMPTS):
                made = _older_child(rng, index, props, reference, as_of, nhs_offset, plan_scenario)
                if made is None:
                    continue
                if plan_scenario is None:
                    break
                if made.plan_summary is not None and plan_scenario.test(made.plan_summary, as_of):
                    made.scenario = plan_scenario.name
                    break
            else:
                raise GenerationError(
                    f"could not generate the plan scenario '{plan_scenario.name}' (seed {seed})"
                )
            plans.append(made)
            continue
        if scenario is None:
            made = _one_child(rng, index, props, reference, as_of, nhs_offset, h.NATURAL, True)
            _add_plan_life(rng, made, props, reference, as_of)
            plans.append(made)
            continue
        for _attempt in range(SCENARIO_ATTEMPTS):
            plan = _one_child(rng, index, props, reference, as_of, nhs_offset, scenario.force, False)
            if scenario.test(plan.main, as_of):
                plan.scenario = scenario.name
                _add_plan_life(rng, plan, props, reference, as_of)
                plans.append(plan)
                break
        else:
            raise GenerationError(f"could not generate the scenario '{scenario.name}' (seed {seed})")
    _choose_cessations(plans, seed=seed, as_of=as_of, props=props)
    return plans


def _birthday(born: dt.date, years: int) -> dt.date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February
        return dt.date(born.year + years, 3, 1)


# Reasons only possible within an age range go first, so the children old enough for them are not
# taken by reasons possible at any age.
def _reason_order(props: Proportions) -> list[int]:
    codes = [int(code) for code in props.cease_reason.values]
    return sorted(codes, key=lambda code: (-CEASE_AGES.get(code, (0, 0))[0], code))


def _choose_cessations(
    plans: list[ChildPlan], *, seed: int, as_of: dt.date, props: Proportions
) -> dict[int, int]:
    """Choose which plans cease, when and why, across the whole population, so the cease reasons follow
    the published mix (ceased_plans.csv) whatever the demo's ages.

    The number of cessations is the published yearly rate (plans ceased / plans in force) times the
    years the demo's plans have been in force up to `as_of`; each reason gets its published share of
    them, less the cessations coverage scenarios force. For each reason in turn the plans are drawn
    without replacement from those whose child is at an age the reason is possible at (CEASE_AGES)
    while the plan is in force, an age at a time in proportion to the published ages within the reason.
    Scenario plans never cease here. Returns how many cessations each reason lacked because too few
    children were old enough (also logged).
    """
    rng = random.Random(f"sendcase-demo:{seed}:cessations")
    exposure = 0.0
    forced: dict[int, int] = {}
    windows: dict[int, tuple[dt.date, dt.date]] = {}
    by_age: dict[int, list[int]] = {}
    for i, plan in enumerate(plans):
        if plan.plan_inputs is None:
            continue
        ctx, issued_on, transfer, _force = plan.plan_inputs
        start = transfer["received_on"] if transfer else issued_on
        exposure += max(0, (as_of - start).days) / 365.25
        for a in plan.plan_actions:
            if a.kind == pl.C_PROPOSE:
                forced[int(a.args["reason"])] = forced.get(int(a.args["reason"]), 0) + 1
        if plan.scenario or any(a.kind == pl.C_PROPOSE for a in plan.plan_actions):
            continue
        low, high = start + DAY, as_of
        if low > high:
            continue
        windows[i] = (low, high)
        for age in range(age_on(ctx.born, low), min(age_on(ctx.born, high), MAX_AGE) + 1):
            by_age.setdefault(age, []).append(i)
    for members in by_age.values():
        rng.shuffle(members)
    cursor = dict.fromkeys(by_age, 0)
    total = round(props.cease_rate * exposure)
    chosen: dict[int, tuple[dt.date, int]] = {}
    shortfall: dict[int, int] = {}
    for reason in _reason_order(props):
        wanted = round(total * props.cease_reason.share(reason)) - forced.get(reason, 0)
        weights = {
            age: w
            for age, w in props.cease_age_weights.get(reason, {}).items()
            if w > 0 and age in by_age and cease_reason_allowed(reason, age)
        }
        while wanted > 0 and weights:
            age = rng.choices(list(weights), weights=list(weights.values()))[0]
            members, k = by_age[age], cursor[age]
            while k < len(members) and members[k] in chosen:
                k += 1
            cursor[age] = k
            if k == len(members):
                del weights[age]
                continue
            i = members[k]
            plan = plans[i]
            low, high = windows[i]
            first = max(low, _birthday(plan.child.date_of_birth, age))
            end = min(high, _birthday(plan.child.date_of_birth, age + 1) - DAY)
            chosen[i] = (first + DAY * rng.randint(0, (end - first).days), reason)
            wanted -= 1
        if wanted > 0:
            shortfall[reason] = wanted
    at_review = min(1.0, props.review_outcome.share("cease") / props.cease_rate) if props.cease_rate else 0.0
    for i in sorted(chosen):
        on, reason = chosen[i]
        plan = plans[i]
        ctx, issued_on, transfer, force = plan.plan_inputs
        prng = random.Random(f"sendcase-demo:{seed}:cease:{plan.index}")
        choice = pl.CeaseChoice(on=on, reason=reason, at_review=prng.random() < at_review)
        force = replace(force, cease=choice)
        plan.plan_actions = pl.plan_history(prng, ctx, issued_on=issued_on, transfer=transfer, force=force)
        plan.plan_summary = pl.summarise(plan.plan_actions, as_of)
        plan.plan_inputs = (ctx, issued_on, transfer, force)
    if shortfall:
        log.warning(
            "demo: too few children old enough for cease reasons %s; %s fewer cessations than published",
            sorted(shortfall),
            sum(shortfall.values()),
        )
    return shortfall
