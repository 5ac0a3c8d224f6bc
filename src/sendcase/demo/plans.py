"""Each EHC plan's life after it is issued: its first version, placements, annual reviews, amendments,
phase transfers and ceasing, as dated `Action`s the writer replays into the rows the plan services write.

Proportions the DfE publishes (data/proportions.json): the outcome of reviews (amend / maintain / cease),
the share of review decisions within 4 weeks, the share of expected reviews with a meeting (used as the
share held by their due date), cease reasons (SEN2 codes 1-9), the yearly share of plans ceasing, and how
long plans have been in place. Everything else here is a demo assumption, named below.

One service call is one action and writes one CaseEvent; a call that writes two events (an amended plan
issue writes the version's event and the review's) is two actions on the same day, in the order the
service writes them (`RANK`). Everything after `as_of` is cut off, so each plan's current review stands at
whichever step its dates have reached.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from typing import Any

from sendcase import statutory
from sendcase.plans import content as c
from sendcase.plans.models import CeaseReason, NoPlaceReason, ReviewStatus, TransferPhase, VersionKind
from sendcase.settings_data.codes import EstablishmentType
from sendcase.statutory.reviews import REVIEW_NOTICE_DAYS

from . import histories as h
from .histories import Action
from .proportions import cease_reason_allowed
from .sampling import Weighted, between, one_of

DAY = dt.timedelta(days=1)
R = ReviewStatus

# --- Action kinds (one per service call, or per event of a call that writes two) -------------------
TRANSFER_IN = "plan_transfer_in"
V_START = "draft_start"
V_SAVE = "draft_save"
V_ISSUE = "version_issue"
P_START = "placement_start"
NP_START = "no_place_start"
P_END = "placement_end"  # the end of the current placement written by placement_start / no_place_start
R_OPEN = "review_open"
PT_RECORD = "phase_transfer_record"
R_SCHEDULE = "review_schedule"
R_HELD = "review_meeting_held"
R_REPORT = "review_report_received"
R_DECIDE = "review_decide"
C_PROPOSE = "cessation_propose"
C_DECIDE = "cessation_decide"
A_START = "draft_start:amendment"
A_SAVE = "draft_save:amendment"
R_NOTICE = "amendment_notice_send"
A_ISSUE = "version_issue:amendment"
R_AMENDED = "amended_plan_issue"
PT_NAME = "phase_transfer_name_school"
C_COMPLETE = "cessation_complete"

PLAN_KINDS = (
    TRANSFER_IN,
    P_START,
    NP_START,
    V_START,
    V_SAVE,
    V_ISSUE,
    R_OPEN,
    PT_RECORD,
    R_SCHEDULE,
    R_HELD,
    R_REPORT,
    R_DECIDE,
    C_PROPOSE,
    C_DECIDE,
    A_START,
    A_SAVE,
    R_NOTICE,
    A_ISSUE,
    R_AMENDED,
    PT_NAME,
    C_COMPLETE,
    P_END,
)
# After the request's steps (FINAL is 16); a placement ending is the day's last step (its `on` is the
# leaving day, the day before the next placement starts).
h.RANK.update({kind: 19 + i for i, kind in enumerate(PLAN_KINDS)})
h.RANK[P_END] = 60

# --- Demo assumptions (not in the DfE files) --------------------------------------------------------
# Reviews are opened 8-12 weeks before they are due and meetings arranged 3-8 weeks before.
OPEN_BEFORE_DUE = (56, 84)
NOTICE_BEFORE_DUE = (21, 56)
NOTICE_TO_MEETING = (14, 35)
REPORT_AFTER_MEETING = (2, 21)
AMENDED_AFTER_EARLIEST = (0, 45)
# Share of plans with an episode without a school place, and of those placed again afterwards.
NO_PLACE_SHARE = 0.03
PLACED_AGAIN = 0.6
TRANSFER_IN_SHARE = 0.004
NEIGHBOUR_LAS = ("331", "332", "333", "334", "335", "336", "860", "885", "937")
TRANSFERS_RECORDED = (
    TransferPhase.EARLY_YEARS_TO_SCHOOL,
    TransferPhase.TO_SECONDARY,
    TransferPhase.SECONDARY_TO_POST16,
)
TRANSFER_NAMED_ON_TIME = 0.85
_SETTING_CODE_BY_AGE = ((5, "EYP"), (16, "OLA"), (200, "NEET"))
_NO_PLACE_REASONS = Weighted.of(
    {
        NoPlaceReason.AWAITING_PLACE: 30,
        NoPlaceReason.NO_SUITABLE_PLACE: 25,
        NoPlaceReason.PERMANENTLY_EXCLUDED: 20,
        NoPlaceReason.MEDICAL: 15,
        NoPlaceReason.OTHER: 10,
    }
)
_NO_PLACE_NOTES = {
    NoPlaceReason.AWAITING_PLACE: "Waiting for the named school to confirm a start date.",
    NoPlaceReason.NO_SUITABLE_PLACE: "No special school place available; tuition arranged meanwhile.",
    NoPlaceReason.PERMANENTLY_EXCLUDED: "Permanently excluded; education arranged from the sixth day.",
    NoPlaceReason.MEDICAL: "Unable to attend for medical reasons; hospital education service involved.",
    NoPlaceReason.OTHER: "Family moved house; new school being arranged.",
}
_REVIEW_REASONS = {
    "amend": "The review found the provision in section F no longer matches the child's needs.",
    "cease": "The review found the plan is no longer needed.",
    "maintain": "",
}
_CEASE_NOTES = {
    1: "The young person reaches the end of the academic year in which they turn 25.",
    2: "Needs are now met through SEN support at school.",
    3: "The young person has started a university course.",
    4: "The young person has started full-time paid employment.",
    5: "The family moved to another English authority, which has taken over the plan.",
    6: "The young person no longer wishes to engage in education or training.",
    7: "The family moved abroad.",
    8: "Death of the young person confirmed by the family.",
    9: "Other reason recorded by the panel.",
}
INVITEES = "Parent or carer; SENCo; class teacher; educational psychologist; health visitor or school nurse"

_NEED_TEXT = {
    "ASD": "Difficulties with social communication, flexibility of thinking and sensory processing.",
    "SLCN": "Delayed expressive and receptive language; difficulty following multi-step instructions.",
    "SEMH": "High anxiety and difficulty regulating emotions, leading to missed learning.",
    "MLD": "Learning well below age-related expectations in literacy and numeracy.",
    "SLD": "Severe learning difficulties needing adult support for most activities.",
    "PMLD": "Profound and multiple learning difficulties with complex medical needs.",
    "SPLD": "Dyslexia affecting reading, spelling and written work.",
    "PD": "Physical disability affecting mobility and fine motor skills.",
    "HI": "Permanent hearing loss; uses hearing aids.",
    "VI": "Visual impairment needing modified materials.",
    "MSI": "Multi-sensory impairment needing specialist teaching.",
    "OTH": "A medical condition affecting learning and attendance.",
}
_PROVISION = (
    (
        "Speech and language therapy programme",
        "speech and language therapist",
        "1 session a week",
        "45 minutes each, for the school year",
    ),
    (
        "Small-group literacy intervention",
        "specialist teacher",
        "4 sessions a week",
        "30 minutes each, for the school year",
    ),
    (
        "Emotional literacy support (ELSA)",
        "trained teaching assistant",
        "2 sessions a week",
        "30 minutes each, for two terms",
    ),
    (
        "Adult support in lessons",
        "teaching assistant",
        "25 hours a week",
        "during lessons, for the school year",
    ),
    (
        "Occupational therapy programme",
        "occupational therapist",
        "1 session a fortnight",
        "1 hour each, for the school year",
    ),
    (
        "Precision teaching in numeracy",
        "teaching assistant",
        "5 sessions a week",
        "15 minutes each, for the school year",
    ),
)


@dataclass(frozen=True)
class PlanForce:
    """Constraints for a plan scenario the demo must contain (see population.PLAN_COVERAGE)."""

    transfer_in: bool = False
    no_place: bool = False
    late_meeting: bool = False
    cease_days_ago: tuple[int, int] | None = None
    review_outcome: str | None = None
    # The cessation chosen for this plan across the whole population (population._choose_cessations).
    cease: CeaseChoice | None = None


@dataclass(frozen=True)
class CeaseChoice:
    """A plan chosen to cease: proposed on `on` for `reason`, or at the first review decided within
    REVIEW_CEASE_WITHIN days after it when `at_review` (if that review falls by `as_of` at an age the
    reason allows; otherwise proposed outside a review on `on`)."""

    on: dt.date
    reason: int
    at_review: bool = False


NATURAL = PlanForce()
REVIEW_CEASE_WITHIN = 365


@dataclass(slots=True)
class PlanContext:
    as_of: dt.date
    born: dt.date
    need: str
    named: int | None  # establishment id named in the plan, or None
    named_kind: str  # establishment kind, "" when none is named
    locality_id: int
    props: Any
    reference: Any


@dataclass(slots=True)
class PlanSummary:
    """Where the plan stands on `as_of`, for choosing scenario children and for the tests."""

    review_status: str = ""
    review_due_on: dt.date | None = None
    decisions: list[str] = field(default_factory=list)
    cessation_status: str = ""
    appeal_by: dt.date | None = None
    transfer_in: bool = False
    transfers_named: int = 0
    transfers_unnamed: int = 0
    no_place: bool = False


def _age(born: dt.date, on: dt.date) -> int:
    return statutory.age_on(born, on)


def initial_content(rng: random.Random, ctx: PlanContext, issued_on: dt.date) -> dict:
    """Complete, valid content for the first version: needs (primary rank 1), outcomes, quantified
    provision, the named school or the type of setting."""
    content = c.empty_content()
    age = _age(ctx.born, issued_on)
    content["A"] = {
        "views": "Likes school when the day is predictable; finds noisy places hard.",
        "interests": "Drawing, football and animals.",
        "aspirations": "To make friends and, later, to work with animals."
        if age < 16
        else "To go to college.",
    }
    needs = [
        {"id": "B1", "code": ctx.need, "rank": 1, "description": _NEED_TEXT.get(ctx.need, _NEED_TEXT["OTH"])}
    ]
    if rng.random() < 0.5:
        second = one_of(rng, [n for n in ("SLCN", "SEMH", "MLD", "SPLD") if n != ctx.need])
        needs.append({"id": "B2", "code": second, "rank": 2, "description": _NEED_TEXT[second]})
    content["B"]["needs"] = needs
    year = issued_on.year + 1
    content["E"]["outcomes"] = [
        {
            "id": f"E{i + 1}",
            "text": text,
            "timescale": f"by July {year + i}",
            "needs": [need["id"] for need in needs],
        }
        for i, text in enumerate(
            (
                "Will communicate needs to familiar adults in class.",
                "Will take part in group work for 20 minutes.",
            )
        )
    ]
    picks = rng.sample(range(len(_PROVISION)), 2)
    content["F"]["items"] = [
        {
            "id": f"F{i + 1}",
            "what": _PROVISION[p][0],
            "who": _PROVISION[p][1],
            "frequency": _PROVISION[p][2],
            "duration": _PROVISION[p][3],
            "group_size": "1:1" if i == 0 else "groups of up to 4",
            "outcomes": ["E1"] if i == 0 else ["E1", "E2"],
        }
        for i, p in enumerate(picks)
    ]
    content["I"] = {
        "establishment_id": ctx.named,
        "setting_type": "" if ctx.named is not None else EstablishmentType.OTHER,
    }
    content["J"] = {"kinds": ["none"], "amounts": {}, "notes": ""}
    return content


def amended_content(rng: random.Random, content: dict, on: dt.date) -> dict:
    """The proposed amendments: more of one provision item and a new outcome it supports."""
    new = json.loads(json.dumps(content))  # plain JSON values: several times faster than deepcopy
    outcomes = new["E"]["outcomes"]
    outcome_id = c.next_id(outcomes, "E")
    outcomes.append(
        {
            "id": outcome_id,
            "text": "Will manage the move between lessons with a visual timetable.",
            "timescale": f"by July {on.year + 1}",
            "needs": [new["B"]["needs"][0]["id"]],
        }
    )
    item = new["F"]["items"][0]
    item["frequency"] = one_of(rng, ("2 sessions a week", "3 sessions a week", "1 session a week"))
    item["outcomes"] = sorted(set(item["outcomes"]) | {outcome_id})
    return new


def _cease_reason(rng: random.Random, props: Any, age: int) -> int:
    """The reason a plan forced to cease at `age` (a coverage scenario) ceases: drawn from the published
    mix at that age, which only holds reasons possible at it (proportions.CEASE_AGES). Every other
    cessation's reason is chosen across the population (population._choose_cessations)."""
    return int(props.cease_at(age)[1].pick(rng))


def _review_outcome(rng: random.Random, props: Any) -> str:
    """A review's decision when the plan is not chosen to cease at it: amend or maintain in their
    published proportions (the reviews that decide to cease are chosen with the cessations)."""
    while True:
        outcome = props.review_outcome.pick(rng)
        if outcome != "cease":
            return outcome


def _cessation(
    rng: random.Random, ctx: PlanContext, start: dt.date, reason: int
) -> tuple[list[Action], dt.date]:
    """Propose (or not, when the review decided it), decide with notice, then cease after the appeal
    period. Returns the actions after the proposal and the day the plan ceases."""
    acts: list[Action] = []
    if reason == CeaseReason.DIED:
        acts.append(Action(start, C_DECIDE, -1, {"decided_on": start, "notice_sent_on": None}))
        acts.append(Action(start, C_COMPLETE, -1, {}))
        return acts, start
    decided = start + DAY * between(rng, 14, 42)
    notice = decided + DAY * between(rng, 0, 3)
    appeal_by = statutory.appeal_deadline(notice)
    ceased = appeal_by + DAY * between(rng, 1, 30)
    acts.append(Action(notice, C_DECIDE, -1, {"decided_on": decided, "notice_sent_on": notice}))
    acts.append(Action(ceased, C_COMPLETE, -1, {}))
    return acts, ceased


def plan_history(
    rng: random.Random,
    ctx: PlanContext,
    *,
    issued_on: dt.date,
    transfer: dict | None = None,
    force: PlanForce = NATURAL,
) -> list[Action]:
    """Every step of one plan from its issue (or transfer in) to `as_of`, sorted and cut at `as_of`."""
    props, as_of = ctx.props, ctx.as_of
    acts: list[Action] = []
    start = issued_on
    content = initial_content(rng, ctx, issued_on)
    if transfer is not None:
        start = transfer["received_on"]
        acts.append(Action(start, TRANSFER_IN, -1, dict(transfer)))
        kind = VersionKind.TRANSFER_IN
    else:
        kind = VersionKind.ORIGINAL
    acts.append(Action(start, V_START, -1, {"kind": kind}))
    acts.append(Action(start, V_SAVE, -1, {"content": content}))
    acts.append(Action(start, V_ISSUE, -1, {"issued_on": issued_on}))
    acts.extend(_placements(rng, ctx, start, force))

    # Whether the plan ceases, when and why is chosen across the population (population.py), so that the
    # reasons follow the published mix; a coverage scenario forces a cessation some days ago.
    choice = force.cease
    cease_on: dt.date | None = None
    reason: int | None = None
    if force.cease_days_ago is not None:
        cease_on = max(start + DAY, as_of - DAY * between(rng, *force.cease_days_ago))
        reason = _cease_reason(rng, props, _age(ctx.born, cease_on))
    elif choice is not None and not choice.at_review:
        cease_on, reason = choice.on, choice.reason

    def cease_outside(on: dt.date, reason: int) -> dt.date:
        acts.append(Action(on, C_PROPOSE, -1, {"reason": reason, "notes": _CEASE_NOTES[reason]}))
        more, ceased = _cessation(rng, ctx, on, reason)
        acts.extend(more)
        return ceased

    last = transfer.get("last_review_on") if transfer else None
    done = start
    ceased_on: dt.date | None = None
    review_cease = False
    if cease_on is not None and reason is not None:
        ceased_on = cease_outside(cease_on, reason)
    pending = choice if choice is not None and choice.at_review else None
    cycle = 0
    while True:
        due = statutory.review_due(last or issued_on)
        opened = max(done + DAY, due - DAY * between(rng, *OPEN_BEFORE_DUE))
        if opened > as_of or (ceased_on is not None and opened >= ceased_on):
            break
        cycle += 1
        late = (force.late_meeting and cycle >= 1) or rng.random() >= props.review_meeting_by_due
        if late:
            meeting = due + DAY * between(rng, 1, 75)
            notice = meeting - DAY * between(rng, *NOTICE_TO_MEETING)
        else:
            notice = due - DAY * between(rng, *NOTICE_BEFORE_DUE)
            meeting = min(due, notice + DAY * between(rng, *NOTICE_TO_MEETING))
        notice = max(notice, opened)
        meeting = max(meeting, notice + DAY * REVIEW_NOTICE_DAYS)
        report = meeting + DAY * between(rng, *REPORT_AFTER_MEETING)
        if rng.random() < props.review_decision_within_4_weeks:
            decided = meeting + DAY * between(rng, 7, 28)
        else:
            decided = meeting + DAY * between(rng, 29, 70)
        decided = max(decided, report)
        if pending is not None and decided >= pending.on:
            if (
                (decided - pending.on).days > REVIEW_CEASE_WITHIN
                or decided > as_of
                or not cease_reason_allowed(pending.reason, _age(ctx.born, decided))
            ):
                ceased_on = cease_outside(pending.on, pending.reason)
                pending = None
                break
            outcome = "cease"
        else:
            outcome = force.review_outcome or _review_outcome(rng, props)
        if outcome == "cease" and (cease_on is not None or review_cease):
            outcome = "maintain"
        acts.append(Action(opened, R_OPEN, -1, {}))
        acts.append(Action(notice, R_SCHEDULE, -1, {"meeting_on": meeting, "notice_sent_on": notice}))
        acts.append(Action(meeting, R_HELD, -1, {"held_on": meeting}))
        acts.append(Action(report, R_REPORT, -1, {}))
        args: dict[str, Any] = {"decision": outcome, "reason": _REVIEW_REASONS[outcome], "cease_reason": None}
        if outcome == "cease":
            reason = (
                pending.reason if pending is not None else _cease_reason(rng, props, _age(ctx.born, decided))
            )
            pending = None
            args["cease_reason"] = reason
            acts.append(Action(decided, R_DECIDE, -1, args))
            acts.append(
                Action(
                    decided,
                    C_PROPOSE,
                    -1,
                    {
                        "reason": reason,
                        "notes": (
                            f"Proposed at the annual review held on {meeting:%-d %B %Y}. {args['reason']}"
                        ),
                    },
                )
            )
            more, ceased_on = _cessation(rng, ctx, decided, reason)
            acts.extend(more)
            review_cease = True
            done = decided
        elif outcome == "amend":
            acts.append(Action(decided, R_DECIDE, -1, args))
            drafted = decided + DAY * between(rng, 0, 3)
            content = amended_content(rng, content, drafted)
            sent = drafted + DAY * between(rng, 0, 4)
            issued = statutory.earliest_amended_plan(sent) + DAY * between(rng, *AMENDED_AFTER_EARLIEST)
            acts.append(Action(drafted, A_START, -1, {"kind": VersionKind.AMENDMENT}))
            acts.append(Action(drafted, A_SAVE, -1, {"content": content}))
            acts.append(Action(sent, R_NOTICE, -1, {}))
            acts.append(Action(issued, A_ISSUE, -1, {"issued_on": issued}))
            acts.append(Action(issued, R_AMENDED, -1, {}))
            done = issued
        else:
            acts.append(Action(decided, R_DECIDE, -1, args))
            done = decided
        last = meeting
        if review_cease:
            break
    if pending is not None:
        # No review fell after the chosen day (before `as_of`): the cessation is proposed outside one.
        ceased_on = cease_outside(pending.on, pending.reason)
    acts.extend(_phase_transfers(rng, ctx, start))
    acts.sort(key=lambda a: (a.on, a.rank))
    if ceased_on is not None:
        acts[:] = [a for a in acts if a.on <= ceased_on]
    acts[:] = [a for a in acts if a.on <= as_of]
    return acts


def _setting_code(age: int) -> str:
    for upto, code in _SETTING_CODE_BY_AGE:
        if age < upto:
            return code
    return "OTH"


def _placements(rng: random.Random, ctx: PlanContext, start: dt.date, force: PlanForce) -> list[Action]:
    """A placement at the named school from the day the plan starts; a few episodes with no place."""
    acts = [
        Action(
            start,
            P_START,
            -1,
            {
                "establishment": ctx.named,
                "setting_code": "" if ctx.named else _setting_code(_age(ctx.born, start)),
            },
        )
    ]
    span = (ctx.as_of - start).days
    if span > 90 and (force.no_place or rng.random() < NO_PLACE_SHARE):
        gap = start + DAY * between(rng, 60, span - 20)
        reason = _NO_PLACE_REASONS.pick(rng)
        acts.append(Action(gap - DAY, P_END, -1, {}))
        acts.append(Action(gap, NP_START, -1, {"reason": reason, "notes": _NO_PLACE_NOTES[reason]}))
        again = gap + DAY * between(rng, 20, 120)
        if rng.random() < PLACED_AGAIN and again <= ctx.as_of:
            acts.append(Action(again - DAY, P_END, -1, {}))
            acts.append(
                Action(
                    again,
                    P_START,
                    -1,
                    {
                        "establishment": ctx.named,
                        "setting_code": "" if ctx.named else _setting_code(_age(ctx.born, again)),
                    },
                )
            )
    return acts


def next_september(as_of: dt.date) -> int:
    """The calendar year of the next September move (this year's if September has not started)."""
    return as_of.year if as_of.month < 9 else as_of.year + 1


def _phase_transfers(rng: random.Random, ctx: PlanContext, start: dt.date) -> list[Action]:
    """Children moving phase next September: the transfer recorded in the autumn before, and the new
    school named before the deadline (Regs 18) in most cases, late or not yet in some."""
    acts: list[Action] = []
    year = next_september(ctx.as_of)
    for transfer in TRANSFERS_RECORDED:
        if statutory.transfer_year_for(ctx.born, transfer) != year:
            continue
        recorded = min(ctx.as_of, dt.date(year - 1, 9, 1) + DAY * between(rng, 0, 75))
        if recorded <= start:
            continue
        acts.append(Action(recorded, PT_RECORD, -1, {"transfer": transfer, "transfer_year": year}))
        deadline = statutory.phase_transfer_deadline(year, transfer == TransferPhase.SECONDARY_TO_POST16)
        if rng.random() < TRANSFER_NAMED_ON_TIME:
            named_on = deadline - DAY * between(rng, 0, 100)
        else:
            named_on = deadline + DAY * between(rng, 1, 60)
        named_on = max(named_on, recorded)
        age = _age(ctx.born, dt.date(year, 9, 1))
        kind = ctx.props.setting_by_band[ctx.props.band(age)].pick(rng)
        est = ctx.reference.pick(
            rng, kind if kind != "none" else EstablishmentType.SPECIAL, age, ctx.locality_id
        )
        if est is not None:
            acts.append(Action(named_on, PT_NAME, -1, {"establishment": est.id, "transfer": transfer}))
    return acts


def summarise(acts: list[Action], as_of: dt.date) -> PlanSummary:
    """Where the plan stands after its actions (a walk through the review and cessation states)."""
    s = PlanSummary()
    last: dt.date | None = None
    issued: dt.date | None = None
    for a in acts:
        k = a.kind
        if k == TRANSFER_IN:
            s.transfer_in = True
            last = a.args.get("last_review_on")
        elif k == V_ISSUE:
            issued = a.args["issued_on"]
        elif k == R_OPEN:
            s.review_status, s.review_due_on = R.DUE, statutory.review_due(last or issued)
        elif k == R_SCHEDULE:
            s.review_status = R.SCHEDULED
        elif k == R_HELD:
            s.review_status, last = R.HELD, a.args["held_on"]
        elif k == R_REPORT:
            s.review_status = R.REPORT_RECEIVED
        elif k == R_DECIDE:
            s.decisions.append(a.args["decision"])
            s.review_status = R.DECIDED if a.args["decision"] == "amend" else R.COMPLETED
        elif k == R_NOTICE:
            s.review_status = R.AMENDMENT_NOTICE
        elif k == R_AMENDED:
            s.review_status = R.COMPLETED
        elif k == C_PROPOSE:
            s.cessation_status = "consulting"
        elif k == C_DECIDE:
            s.cessation_status = "notice_sent"
            notice = a.args["notice_sent_on"]
            s.appeal_by = statutory.appeal_deadline(notice) if notice else None
        elif k == C_COMPLETE:
            s.cessation_status = "ceased"
            if s.review_status not in ("", R.COMPLETED):
                s.review_status = R.CANCELLED
        elif k == NP_START:
            s.no_place = True
        elif k == PT_RECORD:
            s.transfers_unnamed += 1
        elif k == PT_NAME:
            s.transfers_unnamed -= 1
            s.transfers_named += 1
    return s


def transfer_in_spec(rng: random.Random, born: dt.date, as_of: dt.date) -> tuple[dt.date, dict]:
    """A plan made by another authority some years ago, transferred in more recently."""
    for _ in range(50):
        issued = as_of - DAY * between(rng, 200, 6 * 365)
        if _age(born, issued) >= 2:
            break
    received = issued + DAY * between(rng, 60, max(61, (as_of - issued).days - 30))
    received = min(received, as_of - DAY * 20)
    last = None
    if (received - issued).days > 400 and rng.random() < 0.7:
        last = issued + DAY * (365 - between(rng, 10, 60))
    return issued, {
        "from_la": one_of(rng, NEIGHBOUR_LAS),
        "received_on": received,
        "issued_on": issued,
        "last_review_on": last,
    }
