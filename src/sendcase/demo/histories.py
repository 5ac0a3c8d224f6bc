"""Each request's history: the dated steps an officer would have recorded, from receipt to `as_of`.

A history is a list of `Action`s, one per service call (`request_record`, `assessment_decision_record`,
`advice_request_record`, ...), each with the date it happened. The writer replays them in order into
exactly the rows those services write. Here we only decide what happened and when:

* the outcome of the request (assess / not assess / withdrawn) in the authority's published shares;
* how long each step took, so that the share of decisions within 6 weeks, decisions not to issue within
  16 weeks, and final plans within 20 weeks match the published figures (a plan's timing is drawn and
  its steps are redrawn until they agree, so on-time plans also have mostly on-time advice);
* exceptions (StepException) in the published share of plans, advice chased and excepted, schools
  consulted and answering (or not), the family's response to the draft, a move out of the area;
* then everything after `as_of` is cut off, so recent requests are still open at whatever step their
  dates have reached, with their overdue steps overdue.

Dates always move forward: each step is on or after the one it depends on, a final plan is never before
the draft was served + 15 days (Regs 13(1)), and within one day steps run in the order the services
allow (`RANK`).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from sendcase import statutory
from sendcase.assessments.models import AdviserType, ConsultationOutcome, RequestSource, RequestStatus, Step
from sendcase.settings_data.codes import EstablishmentType

from .proportions import Proportions
from .reference import EstablishmentRef, Reference
from .sampling import Weighted, between, one_of

S = RequestStatus
DAY = dt.timedelta(days=1)

# --- What an action is ------------------------------------------------------------------------------

CHILD_CREATE = "child_create"
CONTACT_ADD = "contact_add"
ALLOCATE = "allocate"
ALLOCATION_END = "allocation_end"
REQUEST = "request_record"
EXCEPTION = "exception_record"
DECIDE = "assessment_decision_record"
ADVICE_REQUEST = "advice_request_record"
ADVICE_EXCEPTION = "advice_exception_record"
ADVICE_CHASE = "advice_chase_record"
ADVICE_RECEIPT = "advice_receipt_record"
NOT_ISSUE_EXCEPTION = "exception_record:not_issue"
ISSUE = "issue_decision_record"
CONSULT_SEND = "consultation_send"
DRAFT_SERVE = "draft_plan_serve"
DRAFT_RESPONSE = "draft_response_record"
CONSULT_ANSWER = "consultation_answer_record"
FINAL = "final_plan_issue"
WITHDRAW = "request_withdraw"
MOVE_OUT = "request_move_out"

# The order of steps recorded on the same day, so each finds the request in a state its service
# accepts: an exception to the decision is recorded before the decision; consultations go out after the
# decision to issue; the final plan comes after that day's answers; a withdrawal or move ends the day.
RANK = {
    CHILD_CREATE: 0,
    CONTACT_ADD: 1,
    REQUEST: 2,
    ALLOCATE: 3,
    EXCEPTION: 4,
    DECIDE: 5,
    ADVICE_REQUEST: 6,
    ADVICE_EXCEPTION: 7,
    ADVICE_CHASE: 8,
    ADVICE_RECEIPT: 9,
    NOT_ISSUE_EXCEPTION: 10,
    ISSUE: 11,
    CONSULT_SEND: 12,
    DRAFT_SERVE: 13,
    DRAFT_RESPONSE: 14,
    CONSULT_ANSWER: 15,
    FINAL: 16,
    WITHDRAW: 17,
    MOVE_OUT: 17,
    ALLOCATION_END: 18,
}

# The state each transition leads to (the others leave the state as it is).
TRANSITIONS = {
    REQUEST: lambda a: S.RECEIVED,
    DECIDE: lambda a: S.ASSESSING if a.args["assess"] else S.NOT_ASSESSING,
    ISSUE: lambda a: S.ISSUE_DECIDED if a.args["issue"] else S.NOT_ISSUING,
    DRAFT_SERVE: lambda a: S.DRAFT_SERVED,
    FINAL: lambda a: S.FINAL_ISSUED,
    WITHDRAW: lambda a: S.WITHDRAWN,
    MOVE_OUT: lambda a: S.MOVED_OUT,
}


@dataclass(slots=True)
class Action:
    on: dt.date
    kind: str
    # Which of the child's requests (0 = the first) the action belongs to; -1 for the child itself.
    request: int
    args: dict[str, Any]

    @property
    def rank(self) -> int:
        return RANK[self.kind]


@dataclass(slots=True)
class RequestHistory:
    received_on: dt.date
    actions: list[Action]
    status: str = S.RECEIVED
    closed_on: dt.date | None = None
    # What the plan would be: the establishment it names and the primary need (stored on EHCPlan).
    need: str = ""
    flags: set[str] = field(default_factory=set)


def status_of(actions: list[Action]) -> str:
    """The state the request is in after its actions (the last transition decides it)."""
    for action in reversed(actions):
        step = TRANSITIONS.get(action.kind)
        if step is not None:
            return step(action)
    return ""


# --- Demo assumptions (the DfE files publish none of these) -------------------------------------------
#
# Who asks: SEN2 collects the source of each request, but the published files do not break it down.
_SOURCE = Weighted.of(
    {
        RequestSource.PARENT: 42,
        RequestSource.SCHOOL: 41,
        RequestSource.HEALTH: 8,
        RequestSource.SOCIAL_CARE: 5,
        RequestSource.OTHER: 2,
    }
)
# How often each adviser answers within their 6 weeks (Regs 8(1)). Educational psychology is the usual
# bottleneck nationally; schools and families answer fastest.
_ADVICE_ON_TIME = {
    AdviserType.EDUCATIONAL_PSYCHOLOGY: 0.45,
    AdviserType.HEALTH: 0.7,
    AdviserType.SOCIAL_CARE: 0.75,
    AdviserType.EDUCATION: 0.85,
    AdviserType.PARENT: 0.9,
    AdviserType.PREPARATION_FOR_ADULTHOOD: 0.8,
}
ADVICE_LATE_MEAN_DAYS = 21
ADVICE_EXCEPTION_SHARE_OF_LATE = 0.15
DECISION_EXCEPTION_SHARE_OF_LATE = 0.2
NOT_ISSUE_EXCEPTION_SHARE_OF_LATE = 0.3
# A late plan often waits on drafting as well as advice: extra days between decision and draft.
LATE_DRAFTING_MEAN_DAYS = 28
CONSULTATIONS = Weighted.of({1: 65, 2: 28, 3: 7})
CONSULTATION_ANSWERED = 0.85
DRAFT_RESPONSE_SHARE = 0.85
MEETING_REQUESTED = 0.15
# Moves out of the area are in SEN2 (a flag on the request) but not in the published files.
MOVED_OUT_SHARE = 0.012
# A child whose earlier request was refused and who was referred again later.
PRIOR_REFUSED_SHARE = 0.05
# Regs 6(1)(i): advice from a preparation-for-adulthood adviser from Year 9 (about 13-14).
PFA_FROM_AGE = 14
# School summer holidays, for the school-closure exception (Regs 5(4)(a), 10(4)(a), 13(3)(a)).
SUMMER_CLOSES = (7, 23)
SUMMER_REOPENS = (9, 3)

_NOT_ASSESS_REASONS = (
    "The evidence shows the child's needs can be met from the resources normally available to the school.",
    "The school has not yet tried the support set out in its SEN support plan; the panel asked for a "
    "further term of graduated support with educational psychology input.",
    "The information does not show that special educational provision may be needed through a plan.",
    "Progress is good with the current support; the panel recommended a review with the SENCo in six months.",
)
_NOT_ISSUE_REASONS = (
    "The assessment shows the child's needs can be met through SEN support at their school.",
    "The advice received shows the provision needed is available within the setting's own resources.",
)
_WITHDRAW_REASONS = (
    "The family withdrew the request after agreeing additional support with the school.",
    "The school withdrew the request; the parent agreed.",
    "The family asked to withdraw while they consider a different school.",
)
_MOVE_REASONS = (
    "The family moved to another local authority; their new authority has been told.",
    "The young person moved out of the area to live with a relative.",
    "The family moved abroad.",
)
_EXCEPTION_NOTES = {
    "school_closure": "Advice was requested from the school shortly before the summer closure.",
    "early_years_closure": "The early years setting was closed for more than four weeks.",
    "exceptional_personal_circumstances": "Bereavement in the family; the family asked for a pause.",
    "absence_from_area": "The family was abroad for six weeks for a family emergency.",
}
_ADVICE_EXCEPTION_NOTES = {
    "missed_appointment": "The child did not attend the assessment appointment; a new one has been made.",
    "exceptional_circumstances": "The adviser's service was affected by long-term staff absence.",
    "absence_from_area": "The family was away from the area for more than four weeks.",
}
_DRAFT_COMMENTS = (
    "We agree with sections B and F but want more speech and language therapy in section F.",
    "Section B does not describe our child's anxiety at home.",
    "We agree with the draft.",
    "We would like the outcomes in section E to be more specific.",
    "",
)
_SUMMARY_BY_NEED = {
    "ASD": "Autism diagnosis; struggles with transitions and unstructured times despite SEN support.",
    "SLCN": "Significant speech and language delay; limited progress with targeted support.",
    "SEMH": "Anxiety and emotionally based school avoidance; attendance below 60%.",
    "MLD": "Working well below age-related expectations across the curriculum.",
    "SLD": "Severe learning difficulties; needs adult support for most of the day.",
    "PMLD": "Profound and multiple learning difficulties with complex medical needs.",
    "SPLD": "Dyslexia; reading age four years below chronological age.",
    "PD": "Physical disability; uses a wheelchair and needs support with personal care.",
    "HI": "Permanent hearing loss; uses hearing aids and some signing.",
    "VI": "Visual impairment; needs modified materials and mobility training.",
    "MSI": "Multi-sensory impairment; needs specialist teaching.",
    "OTH": "Medical condition affecting learning and attendance.",
}
_HEALTH_ADVISER = {
    "SLCN": "Speech and Language Therapy Service",
    "ASD": "Community Paediatrics",
    "SEMH": "Child and Adolescent Mental Health Services",
    "PD": "Children's Physiotherapy Service",
    "HI": "Audiology Service",
    "VI": "Ophthalmology and Sensory Support",
}


@dataclass(frozen=True)
class Force:
    """Constraints for a scenario the demo must contain whatever the seed (see COVERAGE)."""

    outcome: str | None = None  # "assess", "not_assess", "withdrawn"
    decision_late: bool | None = None
    decision_exception: bool = False
    issue: bool | None = None
    on_time: bool | None = None
    final_exception: bool = False
    not_issue_exception: bool = False
    advice_exception: bool = False
    move_out: bool = False
    days_ago: tuple[int, int] | None = None


NATURAL = Force()


@dataclass(frozen=True)
class Context:
    """What the history needs to know about the child and the authority."""

    props: Proportions
    reference: Reference
    as_of: dt.date
    born: dt.date
    locality_id: int
    main_contact: str
    need: str


def _late_decision_share(props: Proportions) -> float:
    """How often a decision not tied to an on-time plan is late, for the overall share to be published one."""
    assess = props.request_outcome.share("assess")
    tied = assess * (1 - props.not_issue_share) * props.within_20_weeks
    return min(1.0, (1 - props.decision_within_6_weeks) / (1 - tied))


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _summer_closures(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    return [
        (dt.date(year, *SUMMER_CLOSES), dt.date(year, *SUMMER_REOPENS))
        for year in range(start.year, end.year + 1)
    ]


def _exception_dates(
    rng: random.Random, starts: dt.date, as_of: dt.date
) -> tuple[dt.date | None, dt.date | None]:
    """ends_on and family_told_on for an exception starting on `starts`: never after `as_of`."""
    ends = starts + dt.timedelta(days=between(rng, 28, 70))
    told = starts + dt.timedelta(days=between(rng, 0, 7))
    return (ends if ends <= as_of else None), (told if told <= as_of else None)


def _exception(
    rng: random.Random,
    on: dt.date,
    step: str,
    reason: str,
    request: int,
    as_of: dt.date,
    kind: str = EXCEPTION,
) -> Action:
    ends, told = _exception_dates(rng, on, as_of)
    return Action(
        on,
        kind,
        request,
        {
            "step": step,
            "reason": reason,
            "ends_on": ends,
            "family_told_on": told,
            "notes": _EXCEPTION_NOTES[reason],
        },
    )


def _limit_reason(rng: random.Random, early_years: bool, advice_in_closure: dt.date | None) -> str:
    if advice_in_closure is not None:
        return "early_years_closure" if early_years else "school_closure"
    return "exceptional_personal_circumstances" if rng.random() < 0.65 else "absence_from_area"


def _advisers(ctx: Context, age: int, setting: EstablishmentRef | None) -> list[tuple[str, str]]:
    out = [
        (AdviserType.EDUCATIONAL_PSYCHOLOGY, "Educational Psychology Service"),
        (AdviserType.HEALTH, _HEALTH_ADVISER.get(ctx.need, "Community Paediatrics")),
        (AdviserType.SOCIAL_CARE, "Children's Social Care"),
    ]
    if setting is not None:
        out.append((AdviserType.EDUCATION, setting.name))
    out.append((AdviserType.PARENT, "Young person" if age >= 16 else ctx.main_contact))
    if age >= PFA_FROM_AGE:
        out.append((AdviserType.PREPARATION_FOR_ADULTHOOD, "Preparation for Adulthood Team"))
    return out


def request_history(
    rng: random.Random, ctx: Context, *, received_on: dt.date, request: int, force: Force = NATURAL
) -> RequestHistory:
    """The full (untruncated) history of one request received on `received_on`."""
    props, r = ctx.props, received_on
    age = _age(ctx.born, r)
    setting = ctx.reference.current_setting(rng, age, ctx.locality_id)
    source = _SOURCE.pick(rng)
    if source == RequestSource.PARENT and age >= 16 and rng.random() < 0.5:
        source = RequestSource.YOUNG_PERSON
    if source == RequestSource.SCHOOL and setting is None:
        source = RequestSource.PARENT
    requester = {
        RequestSource.PARENT: ctx.main_contact,
        RequestSource.YOUNG_PERSON: "",
        RequestSource.SCHOOL: f"SENCo, {setting.name}" if setting else "",
        RequestSource.HEALTH: "Community Paediatrics",
        RequestSource.SOCIAL_CARE: "Children's Social Care",
        RequestSource.OTHER: "Family support worker",
    }[source]
    history = RequestHistory(received_on=r, actions=[], need=ctx.need)
    acts = history.actions
    acts.append(
        Action(
            r,
            REQUEST,
            request,
            {
                "source": source,
                "requester_name": requester,
                "requesting_establishment": setting.id
                if setting and source == RequestSource.SCHOOL
                else None,
                "summary": _SUMMARY_BY_NEED.get(ctx.need, ""),
            },
        )
    )
    outcome = force.outcome or props.request_outcome.pick(rng)
    if outcome == "withdrawn":
        acts.append(
            Action(
                r + DAY * between(rng, 3, 40), WITHDRAW, request, {"reason": one_of(rng, _WITHDRAW_REASONS)}
            )
        )
        return _finish(rng, history, ctx, force)

    issue = outcome == "assess" and (
        force.issue if force.issue is not None else rng.random() >= props.not_issue_share
    )
    on_time = force.on_time if force.on_time is not None else rng.random() < props.within_20_weeks
    within_16 = not force.not_issue_exception and rng.random() < props.not_issue_within_16_weeks
    late = force.decision_late
    if late is None:
        # A plan issued within 20 weeks had its 6-week decision on time in practice; the other requests
        # are late a little more often, so that all decisions together match the published share.
        late = False if (issue and on_time) else rng.random() < _late_decision_share(props)
    decision = r + DAY * (between(rng, 14, 42) if not late else 43 + min(int(rng.expovariate(1 / 15)), 120))
    if late and (force.decision_exception or rng.random() < DECISION_EXCEPTION_SHARE_OF_LATE):
        starts = r + DAY * between(rng, 7, 42)
        reason = _limit_reason(rng, False, None)
        acts.append(
            _exception(rng, min(starts, decision), Step.DECISION_TO_ASSESS, reason, request, ctx.as_of)
        )
        history.flags.add("decision_exception")
    if outcome == "not_assess":
        acts.append(
            Action(decision, DECIDE, request, {"assess": False, "reason": one_of(rng, _NOT_ASSESS_REASONS)})
        )
        return _finish(rng, history, ctx, force)
    acts.append(Action(decision, DECIDE, request, {"assess": True, "reason": ""}))

    final_due = statutory.assessment_deadlines(r).final_plan_due
    not_issue_due = statutory.assessment_deadlines(r).not_issue_due
    advisers = _advisers(ctx, age, setting)
    early_years = setting is not None and setting.kind == EstablishmentType.EARLY_YEARS
    closures = _summer_closures(r, r + DAY * 500)
    # Draw the assessment until its timing agrees with the target (see the module docstring).
    for _attempt in range(80):
        steps, last_advice, closure_advice = _advice(rng, ctx, advisers, decision, request, force, closures)
        issue_on = last_advice + DAY * between(rng, 3, 14)
        if not issue:
            if (issue_on <= not_issue_due) == within_16:
                break
            continue
        served = issue_on + DAY * (
            between(rng, 7, 28) + (0 if on_time else int(rng.expovariate(1 / LATE_DRAFTING_MEAN_DAYS)))
        )
        final = statutory.earliest_final_plan_after_draft(served) + DAY * between(rng, 0, 21)
        if (final <= final_due) == on_time:
            break
    acts.extend(steps)

    if not issue:
        if issue_on > not_issue_due and (
            force.not_issue_exception or rng.random() < NOT_ISSUE_EXCEPTION_SHARE_OF_LATE
        ):
            starts = decision + DAY * between(rng, 0, (issue_on - decision).days)
            reason = _limit_reason(rng, early_years, closure_advice)
            acts.append(
                _exception(
                    rng, starts, Step.DECISION_NOT_TO_ISSUE, reason, request, ctx.as_of, NOT_ISSUE_EXCEPTION
                )
            )
        acts.append(
            Action(issue_on, ISSUE, request, {"issue": False, "reason": one_of(rng, _NOT_ISSUE_REASONS)})
        )
        return _finish(rng, history, ctx, force)

    acts.append(Action(issue_on, ISSUE, request, {"issue": True, "reason": ""}))
    if force.final_exception or rng.random() < props.with_exceptions:
        starts = closure_advice or (r + DAY * between(rng, 14, max(14, (final - r).days - 1)))
        reason = _limit_reason(rng, early_years, closure_advice)
        acts.append(_exception(rng, min(starts, final), Step.FINAL_PLAN, reason, request, ctx.as_of))
        history.flags.add("final_exception")
    named = _plan_setting(rng, ctx, _age(ctx.born, final))
    acts.extend(_consultations(rng, ctx, named, _age(ctx.born, final), issue_on, served, final, request))
    acts.append(Action(served, DRAFT_SERVE, request, {}))
    if rng.random() < DRAFT_RESPONSE_SHARE:
        responded = served + DAY * between(rng, 2, 14)
        if responded <= final:
            preferred = named.id if named is not None and rng.random() < 0.8 else None
            acts.append(
                Action(
                    responded,
                    DRAFT_RESPONSE,
                    request,
                    {
                        "preferred_establishment": preferred,
                        "preference_notes": "The family would like this school named." if preferred else "",
                        "meeting_requested": rng.random() < MEETING_REQUESTED,
                        "comments": one_of(rng, _DRAFT_COMMENTS),
                    },
                )
            )
    acts.append(
        Action(final, FINAL, request, {"named_establishment": named.id if named else None, "need": ctx.need})
    )
    return _finish(rng, history, ctx, force)


def _advice(
    rng: random.Random,
    ctx: Context,
    advisers: list[tuple[str, str]],
    decision: dt.date,
    request: int,
    force: Force,
    closures: list[tuple[dt.date, dt.date]],
) -> tuple[list[Action], dt.date, dt.date | None]:
    """Advice requested just after the decision to assess, and what happened to each request."""
    acts: list[Action] = []
    last = decision
    closure_advice: dt.date | None = None
    forced_exception = force.advice_exception
    for index, (adviser_type, name) in enumerate(advisers):
        requested = decision + DAY * (0 if rng.random() < 0.6 else between(rng, 1, 3))
        on_time = rng.random() < _ADVICE_ON_TIME[adviser_type]
        if forced_exception and adviser_type == AdviserType.EDUCATIONAL_PSYCHOLOGY:
            on_time = False
        delay = (
            between(rng, 10, 42)
            if on_time
            else 43 + min(int(rng.expovariate(1 / ADVICE_LATE_MEAN_DAYS)), 150)
        )
        received = requested + DAY * delay
        acts.append(
            Action(
                requested,
                ADVICE_REQUEST,
                request,
                {"index": index, "adviser_type": adviser_type, "adviser_name": name},
            )
        )
        if adviser_type == AdviserType.EDUCATION and statutory.school_closure_exception(requested, closures):
            closure_advice = requested
        if delay > 42 and (
            (forced_exception and adviser_type == AdviserType.EDUCATIONAL_PSYCHOLOGY)
            or rng.random() < ADVICE_EXCEPTION_SHARE_OF_LATE
        ):
            reason = one_of(rng, list(statutory.ADVICE_EXCEPTION_REASONS))
            on = requested + DAY * between(rng, 14, 41)
            acts.append(
                Action(
                    on,
                    ADVICE_EXCEPTION,
                    request,
                    {"index": index, "reason": reason, "notes": _ADVICE_EXCEPTION_NOTES[reason]},
                )
            )
        if delay > 45:
            chased = requested + DAY * (42 + between(rng, 1, 5))
            while chased < received:
                acts.append(Action(chased, ADVICE_CHASE, request, {"index": index}))
                if rng.random() < 0.5:
                    break
                chased += DAY * 14
        acts.append(Action(received, ADVICE_RECEIPT, request, {"index": index}))
        last = max(last, received)
    return acts, last, closure_advice


def _plan_setting(rng: random.Random, ctx: Context, age: int) -> EstablishmentRef | None:
    """The establishment the plan names, in the mix of settings for children of that age (caseload.csv)."""
    kind = ctx.props.setting_by_band[ctx.props.band(age)].pick(rng)
    if kind == "none":
        return None
    return ctx.reference.pick(rng, kind, age, ctx.locality_id)


def _consultations(
    rng: random.Random,
    ctx: Context,
    named: EstablishmentRef | None,
    age: int,
    issue_on: dt.date,
    served: dt.date,
    final: dt.date,
    request: int,
) -> list[Action]:
    """Schools consulted before one is named (CFA s.39-40): the one named first, then others the family or
    officer wanted to try. Answers that would come after the final plan never arrive (the LA decided)."""
    acts: list[Action] = []
    consulted: list[EstablishmentRef] = []
    if named is not None:
        consulted.append(named)
    for _ in range(CONSULTATIONS.pick(rng) - len(consulted)):
        kind = ctx.props.setting_by_band[ctx.props.band(age)].pick(rng)
        other = ctx.reference.pick(
            rng, kind if kind != "none" else EstablishmentType.SPECIAL, age, ctx.locality_id
        )
        if other is not None and other not in consulted:
            consulted.append(other)
    for index, est in enumerate(consulted):
        if rng.random() < 0.3:
            sent = issue_on + DAY * between(rng, 0, (served - issue_on).days)
        else:
            sent = served + DAY * between(rng, 0, 5)
        if sent > final:
            continue
        acts.append(Action(sent, CONSULT_SEND, request, {"index": index, "establishment": est.id}))
        if rng.random() >= CONSULTATION_ANSWERED:
            continue
        answered = sent + DAY * between(rng, 3, 25)
        if answered > final:
            continue
        if est is named:
            outcome = (
                ConsultationOutcome.CAN_MEET
                if rng.random() < 0.75
                else ConsultationOutcome.CAN_MEET_WITH_CONDITIONS
            )
        else:
            outcome = rng.choices(
                [
                    ConsultationOutcome.CANNOT_MEET,
                    ConsultationOutcome.CAN_MEET,
                    ConsultationOutcome.CAN_MEET_WITH_CONDITIONS,
                ],
                [50, 30, 20],
            )[0]
        notes = {
            ConsultationOutcome.CAN_MEET: "We can meet the needs described in the draft plan.",
            ConsultationOutcome.CAN_MEET_WITH_CONDITIONS: "We can meet the needs with extra adult support.",
            ConsultationOutcome.CANNOT_MEET: "We are full in the year group and cannot meet the needs.",
        }[outcome]
        acts.append(
            Action(answered, CONSULT_ANSWER, request, {"index": index, "outcome": outcome, "notes": notes})
        )
    return acts


def _finish(rng: random.Random, history: RequestHistory, ctx: Context, force: Force) -> RequestHistory:
    """Sort, maybe end early with a move out of the area, cut at `as_of`, and note where it stands."""
    acts = history.actions
    acts.sort(key=lambda a: (a.on, a.rank))
    closing = acts[-1].on
    if (force.move_out or rng.random() < MOVED_OUT_SHARE) and (closing - history.received_on).days >= 2:
        moved = history.received_on + DAY * between(rng, 1, (closing - history.received_on).days - 1)
        acts[:] = [a for a in acts if a.on <= moved]
        acts.append(Action(moved, MOVE_OUT, acts[0].request, {"reason": one_of(rng, _MOVE_REASONS)}))
    acts[:] = [a for a in acts if a.on <= ctx.as_of]
    history.status = status_of(acts)
    ending = acts[-1]
    if history.status not in (S.RECEIVED, S.ASSESSING, S.ISSUE_DECIDED, S.DRAFT_SERVED):
        history.closed_on = ending.on
    return history


def prior_refused(rng: random.Random, ctx: Context, *, received_on: dt.date) -> RequestHistory:
    """An earlier request the authority decided not to assess (the child was referred again later)."""
    history = RequestHistory(received_on=received_on, actions=[], need=ctx.need)
    history.actions = [
        Action(
            received_on,
            REQUEST,
            0,
            {
                "source": RequestSource.SCHOOL if rng.random() < 0.6 else RequestSource.PARENT,
                "requester_name": ctx.main_contact,
                "requesting_establishment": None,
                "summary": _SUMMARY_BY_NEED.get(ctx.need, ""),
            },
        ),
        Action(
            received_on + DAY * between(rng, 20, 42),
            DECIDE,
            0,
            {"assess": False, "reason": one_of(rng, _NOT_ASSESS_REASONS)},
        ),
    ]
    history.status = S.NOT_ASSESSING
    history.closed_on = history.actions[-1].on
    return history
