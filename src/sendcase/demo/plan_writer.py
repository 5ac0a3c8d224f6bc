"""Replay a plan's actions (demo/plans.py) into the rows the plan services write.

Each branch mirrors one service (plans/services/versions.py, reviews.py, cessation.py, transfers.py,
placements.py): the same fields, lock versions, CaseEvent kind, summary, states, reason, visibility and
data keys. Dates the services take from "today" (starting or saving a draft, opening a review, recording
a phase transfer) are the action's own date, as if the service had been called that day.

At the end of a child's replay the plan's worklist dates are what the nightly recomputation leaves
(plans/nightly.py): review_due from the last review or the issue date, and the nearest unnamed phase
transfer deadline.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sendcase import statutory
from sendcase.people.events import EventKind
from sendcase.plans import content as c
from sendcase.plans.models import (
    AnnualReview,
    CeaseReason,
    Cessation,
    CessationStatus,
    EHCPlan,
    NoPlaceReason,
    PhaseTransfer,
    Placement,
    PlanStatus,
    PlanVersion,
    ReviewDecision,
    ReviewStatus,
    SettingCode,
    TransferPhase,
    VersionKind,
    VersionStatus,
)

from . import plans as p

if TYPE_CHECKING:
    from .writer import _ChildReplay

R = ReviewStatus
OPEN_REVIEW = {R.DUE, R.SCHEDULED, R.HELD, R.REPORT_RECEIVED, R.DECIDED, R.AMENDMENT_NOTICE}

# Which plan action creates a row in which table.
CREATES = {
    p.TRANSFER_IN: EHCPlan,
    p.V_START: PlanVersion,
    p.A_START: PlanVersion,
    p.R_OPEN: AnnualReview,
    p.C_PROPOSE: Cessation,
    p.P_START: Placement,
    p.NP_START: Placement,
    p.PT_RECORD: PhaseTransfer,
}
MODELS = (PlanVersion, AnnualReview, PhaseTransfer, Placement, Cessation)


VALIDATE_FIRST = 1000


class PlanReplayError(Exception):
    pass


def fmt(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


class PlanState:
    """One child's plan rows as the replay builds them."""

    def __init__(self) -> None:
        self.plan: EHCPlan | None = None
        self.versions: list[PlanVersion] = []
        self.reviews: list[AnnualReview] = []
        self.cessation: Cessation | None = None
        self.placement: Placement | None = None  # the open placement
        self.transfers: dict[str, PhaseTransfer] = {}

    def open_review(self) -> AnnualReview | None:
        found = [r for r in self.reviews if r.status in OPEN_REVIEW]
        return found[-1] if found else None

    def draft(self) -> PlanVersion | None:
        return next((v for v in self.versions if v.status == VersionStatus.DRAFT), None)

    def latest_issued(self) -> PlanVersion | None:
        issued = [v for v in self.versions if v.status == VersionStatus.ISSUED]
        return issued[-1] if issued else None


def _where(rp: _ChildReplay, placement: Placement) -> str:
    if placement.establishment_id:
        return rp.shared.establishments[placement.establishment_id].name
    if placement.setting_code:
        return SettingCode(placement.setting_code).label
    return f"No place ({NoPlaceReason(placement.no_place_reason).label.lower()})"


def _content_from_request(rp: _ChildReplay, plan: EHCPlan) -> dict:
    """As content.content_from_request: section K lists the advice received during the assessment."""
    content = c.empty_content()
    if plan.request_id is not None:
        index = next(i for i, r in rp.requests.items() if r.pk == plan.request_id)
        advice = [a for (r, _), a in rp.advice.items() if r == index and a.received_on is not None]
        advice.sort(key=lambda a: (a.received_on, a.pk))
        content["K"]["advice"] = [
            {
                "adviser": a.adviser_name or a.get_adviser_type_display(),
                "date": a.received_on.isoformat(),
                "title": f"{a.get_adviser_type_display()} advice",
            }
            for a in advice
        ]
    content["I"]["establishment_id"] = plan.named_establishment_id
    return content


def apply(rp: _ChildReplay, action: Any, actor_id: int) -> None:
    """Apply one plan action for the child being replayed."""
    st: PlanState = rp.plan_state
    kind, on, args = action.kind, action.on, action.args
    if kind == p.TRANSFER_IN:
        plan = rp.new(
            EHCPlan,
            child_id=rp.child.pk,
            issued_on=args["issued_on"],
            transferred_in_from_la=args["from_la"],
            transferred_in_on=args["received_on"],
            last_review_on=args["last_review_on"],
            review_due=statutory.review_due(args["last_review_on"] or args["issued_on"]),
            created_by_id=actor_id,
            updated_by_id=actor_id,
        )
        st.plan = plan
        rp.event(
            EventKind.PLAN_TRANSFERRED_IN,
            plan,
            on,
            f"EHC plan transferred in from authority {args['from_la']}",
            actor_id,
            new_state=plan.status,
            data={"plan_id": plan.pk, "from_la": args["from_la"]},
        )
        return
    plan = st.plan
    if plan is None or plan.status != PlanStatus.ACTIVE:
        raise PlanReplayError(f"{kind} on {on}: the child has no plan in force")
    if kind in (p.V_START, p.A_START):
        _draft_start(rp, st, plan, on, args["kind"], actor_id)
    elif kind in (p.V_SAVE, p.A_SAVE):
        _draft_save(rp, st, plan, on, args["content"], actor_id)
    elif kind in (p.V_ISSUE, p.A_ISSUE):
        _version_issue(rp, st, plan, args["issued_on"], actor_id)
    elif kind in (p.P_START, p.NP_START):
        _placement(rp, st, plan, kind, on, args, actor_id)
    elif kind == p.P_END:
        placement = st.placement
        placement.leaving_on = on
        placement.updated_by_id = actor_id
        rp.event(
            EventKind.PLACEMENT_ENDED,
            placement,
            on,
            f"{_where(rp, placement)}: ended on {fmt(on)}",
            actor_id,
            data={"placement_id": placement.pk},
        )
        st.placement = None
    elif kind in (p.PT_RECORD, p.PT_NAME):
        _phase(rp, st, plan, kind, on, args, actor_id)
    elif kind in (p.C_PROPOSE, p.C_DECIDE, p.C_COMPLETE):
        _cessation(rp, st, plan, kind, on, args, actor_id)
    else:
        _review(rp, st, plan, kind, on, args, actor_id)


def _version_record(
    rp, plan, version, kind, summary, on, actor_id, *, old_state="", visible=False, data=None
):
    """As versions._record."""
    rp.event(
        kind,
        version,
        on,
        summary,
        actor_id,
        old_state=old_state,
        new_state=version.status if old_state else "",
        visible=visible,
        data={"plan_id": plan.pk, "version_id": version.pk, "number": version.number, **(data or {})},
    )


def _draft_start(rp, st: PlanState, plan: EHCPlan, on: dt.date, kind: str, actor_id: int) -> None:
    if st.draft() is not None:
        raise PlanReplayError(f"draft_start on {on}: a draft already exists")
    latest = st.latest_issued()
    # The service copies the latest version's content; nothing here changes a content object once made
    # (a save replaces it), so sharing it writes the same JSON without the cost of a deep copy.
    content = latest.content if latest is not None else _content_from_request(rp, plan)
    number = len(st.versions) + 1
    version = rp.new(
        PlanVersion,
        plan_id=plan.pk,
        number=number,
        kind=kind,
        based_on_id=latest.pk if latest else None,
        content=content,
        created_by_id=actor_id,
        updated_by_id=actor_id,
    )
    st.versions.append(version)
    _version_record(
        rp,
        plan,
        version,
        EventKind.PLAN_DRAFT_STARTED,
        f"Draft of version {number} of the EHC plan started"
        + (f", based on version {latest.number}" if latest else ""),
        on,
        actor_id,
        data={"kind": kind, "based_on_id": latest.pk if latest else None},
    )


def _draft_save(rp, st: PlanState, plan: EHCPlan, on: dt.date, content: dict, actor_id: int) -> None:
    # The content is validated (for issue, which is stricter than for a draft) when it is issued.
    version = st.draft()
    if version is None:
        raise PlanReplayError(f"draft_save on {on}: no draft")
    changes = c.diff(version.content, content)
    if not changes:
        return
    version.content = content
    version.lock_version += 1
    version.updated_by_id = actor_id
    sections = sorted({change.section for change in changes}, key=lambda s: c.SECTIONS.index(s))
    _version_record(
        rp,
        plan,
        version,
        EventKind.PLAN_DRAFT_SAVED,
        f"Draft of version {version.number} of the EHC plan changed: section"
        f"{'s' if len(sections) > 1 else ''} {', '.join(sections)}",
        on,
        actor_id,
        data={"sections": sections, "lock_version": version.lock_version},
    )


def _version_issue(rp, st: PlanState, plan: EHCPlan, issued_on: dt.date, actor_id: int) -> None:
    version = st.draft()
    if version is None:
        raise PlanReplayError(f"version_issue on {issued_on}: no draft")
    # As the service, the content must be complete to issue. Validating costs ~0.4 ms a version (tens of
    # thousands at full size), and every version comes from the same two builders in plans.py, so the
    # first VALIDATE_FIRST of each run are checked here and the tests check every one they seed.
    errors: list = []
    if rp.shared.validated < VALIDATE_FIRST:
        rp.shared.validated += 1
        errors = c.validate_content(version.content, for_issue=True)
    if errors:
        raise PlanReplayError(f"version_issue on {issued_on}: {errors}")
    old = version.status
    version.status = VersionStatus.ISSUED
    version.issued_on = issued_on
    version.lock_version += 1
    version.updated_by_id = actor_id
    plan.primary_need = c.primary_need(version.content)
    plan.named_establishment_id = (version.content.get("I") or {}).get("establishment_id")
    plan.updated_by_id = actor_id
    _version_record(
        rp,
        plan,
        version,
        EventKind.PLAN_VERSION_ISSUED,
        f"Version {version.number} of the EHC plan issued ({VersionKind(version.kind).label.lower()})",
        issued_on,
        actor_id,
        old_state=old,
        visible=True,
        data={
            "kind": version.kind,
            "primary_need": plan.primary_need,
            "named_establishment_id": plan.named_establishment_id,
            "based_on_id": version.based_on_id,
        },
    )


def _placement(rp, st: PlanState, plan: EHCPlan, kind: str, on: dt.date, args: dict, actor_id: int) -> None:
    if st.placement is not None:
        raise PlanReplayError(f"{kind} on {on}: the current placement has not ended")
    if kind == p.P_START:
        placement = rp.new(
            Placement,
            child_id=rp.child.pk,
            plan_id=plan.pk,
            establishment_id=args["establishment"],
            setting_code=args["setting_code"],
            entry_on=on,
            created_by_id=actor_id,
            updated_by_id=actor_id,
        )
        rp.event(
            EventKind.PLACEMENT_STARTED,
            placement,
            on,
            f"{_where(rp, placement)}: placement started on {fmt(on)}",
            actor_id,
            data={"placement_id": placement.pk, "establishment_id": placement.establishment_id},
        )
    else:
        placement = rp.new(
            Placement,
            child_id=rp.child.pk,
            plan_id=plan.pk,
            no_place_reason=args["reason"],
            entry_on=on,
            notes=args["notes"].strip()[:300],
            created_by_id=actor_id,
            updated_by_id=actor_id,
        )
        rp.event(
            EventKind.NO_PLACE_STARTED,
            placement,
            on,
            f"No school or setting place from {fmt(on)} ({NoPlaceReason(args['reason']).label.lower()})",
            actor_id,
            data={"placement_id": placement.pk, "reason": args["reason"]},
        )
    st.placement = placement


def _phase(rp, st: PlanState, plan: EHCPlan, kind: str, on: dt.date, args: dict, actor_id: int) -> None:
    transfer = args["transfer"]
    if kind == p.PT_RECORD:
        year = args["transfer_year"]
        deadline = statutory.phase_transfer_deadline(year, transfer == TransferPhase.SECONDARY_TO_POST16)
        review = st.open_review()
        phase = rp.new(
            PhaseTransfer,
            plan_id=plan.pk,
            transfer=transfer,
            transfer_year=year,
            deadline=deadline,
            review_id=review.pk if review else None,
            created_by_id=actor_id,
            updated_by_id=actor_id,
        )
        st.transfers[transfer] = phase
        if review is not None:
            review.is_phase_transfer = True
        _refresh_phase_deadline(st, plan, actor_id)
        rp.event(
            EventKind.PHASE_TRANSFER_RECORDED,
            phase,
            on,
            f"Phase transfer ({TransferPhase(transfer).label.lower()}) in {year}: "
            f"the new school or college must be named by {fmt(deadline)}",
            actor_id,
            data={"plan_id": plan.pk, "phase_transfer_id": phase.pk, "deadline": deadline.isoformat()},
        )
        return
    phase = st.transfers[transfer]
    establishment = rp.shared.establishments[args["establishment"]]
    phase.named_establishment_id = establishment.pk
    phase.named_on = on
    phase.updated_by_id = actor_id
    _refresh_phase_deadline(st, plan, actor_id)
    status = statutory.step_status(phase.deadline, on, on)
    late = status == statutory.StepStatus.LATE
    rp.event(
        EventKind.PHASE_TRANSFER_NAMED,
        phase,
        on,
        f"{establishment.name} named for the phase transfer"
        + (f", after the deadline of {fmt(phase.deadline)}" if late else ""),
        actor_id,
        data={"plan_id": plan.pk, "phase_transfer_id": phase.pk, "status": status},
    )


def _refresh_phase_deadline(st: PlanState, plan: EHCPlan, actor_id: int) -> None:
    """As transfers._refresh_phase_deadline: the nearest deadline with no school named yet."""
    unnamed = [t.deadline for t in st.transfers.values() if t.named_on is None]
    plan.phase_transfer_deadline = min(unnamed) if unnamed else None
    plan.updated_by_id = actor_id


def _cessation(rp, st: PlanState, plan: EHCPlan, kind: str, on: dt.date, args: dict, actor_id: int) -> None:
    C = CessationStatus
    if kind == p.C_PROPOSE:
        if st.cessation is not None and st.cessation.status in (C.CONSULTING, C.NOTICE_SENT, C.APPEALED):
            raise PlanReplayError(f"cessation_propose on {on}: one is already open")
        reason = args["reason"]
        cessation = rp.new(
            Cessation,
            plan_id=plan.pk,
            reason=reason,
            consultation_started_on=on,
            notes=(args["notes"] or "").strip(),
            created_by_id=actor_id,
            updated_by_id=actor_id,
        )
        st.cessation = cessation
        died = reason == CeaseReason.DIED
        rp.event(
            EventKind.CESSATION_PROPOSED,
            cessation,
            on,
            "Death recorded; the plan will cease"
            if died
            else f"Proposal to cease the plan ({CeaseReason(reason).label.lower()}); consultation started",
            actor_id,
            new_state=cessation.status,
            data={"plan_id": plan.pk, "cessation_id": cessation.pk, "reason": reason},
        )
        return
    cessation = st.cessation
    old = cessation.status
    cessation.updated_by_id = actor_id
    if kind == p.C_DECIDE:
        if old != C.CONSULTING:
            raise PlanReplayError(f"cessation_decide on {on} at {old}")
        notice = args["notice_sent_on"]
        cessation.decided_on = args["decided_on"]
        cessation.notice_sent_on = notice
        cessation.appeal_by = statutory.appeal_deadline(notice) if notice else None
        cessation.status = C.NOTICE_SENT
        summary = "Decision to cease the plan made"
        if cessation.appeal_by:
            summary += (
                f" and sent; the family may appeal until {fmt(cessation.appeal_by)}, and the plan stays "
                "in force"
            )
        rp.event(
            EventKind.CESSATION_DECIDED,
            cessation,
            notice or cessation.decided_on,
            summary,
            actor_id,
            old_state=old,
            new_state=cessation.status,
            data={
                "plan_id": plan.pk,
                "cessation_id": cessation.pk,
                "appeal_by": cessation.appeal_by.isoformat() if cessation.appeal_by else None,
            },
        )
        return
    if old != C.NOTICE_SENT or (cessation.appeal_by is not None and on <= cessation.appeal_by):
        raise PlanReplayError(f"cessation_complete on {on} at {old} (appeal by {cessation.appeal_by})")
    cessation.ceased_on = on
    cessation.status = C.CEASED
    plan.status = PlanStatus.CEASED
    plan.ceased_on = on
    plan.cease_reason = cessation.reason
    plan.updated_by_id = actor_id
    for review in st.reviews:
        if review.status in OPEN_REVIEW:
            review.status = R.CANCELLED
    rp.event(
        EventKind.PLAN_CEASED,
        cessation,
        on,
        f"EHC plan ceased ({CeaseReason(cessation.reason).label.lower()})",
        actor_id,
        old_state=old,
        new_state=cessation.status,
        data={"plan_id": plan.pk, "cessation_id": cessation.pk, "reason": cessation.reason},
    )


_REVIEW_FROM = {
    p.R_SCHEDULE: {R.DUE, R.SCHEDULED},
    p.R_HELD: {R.SCHEDULED},
    p.R_REPORT: {R.HELD},
    p.R_DECIDE: {R.HELD, R.REPORT_RECEIVED},
    p.R_NOTICE: {R.DECIDED},
    p.R_AMENDED: {R.AMENDMENT_NOTICE},
}


def _review(rp, st: PlanState, plan: EHCPlan, kind: str, on: dt.date, args: dict, actor_id: int) -> None:
    if kind == p.R_OPEN:
        if st.open_review() is not None:
            raise PlanReplayError(f"review_open on {on}: a review is already open")
        due = statutory.review_due(plan.last_review_on or plan.issued_on)
        review = rp.new(
            AnnualReview, plan_id=plan.pk, due_on=due, created_by_id=actor_id, updated_by_id=actor_id
        )
        st.reviews.append(review)
        plan.review_due = due
        plan.updated_by_id = actor_id
        rp.event(
            EventKind.REVIEW_OPENED,
            review,
            on,
            f"Annual review opened; the meeting must be held by {fmt(due)}",
            actor_id,
            new_state=review.status,
            data={"plan_id": plan.pk, "review_id": review.pk},
        )
        return
    review = st.open_review()
    if review is None or review.status not in _REVIEW_FROM[kind]:
        raise PlanReplayError(f"{kind} on {on} at {review.status if review else 'no open review'}")
    old = review.status
    reason = ""
    data: dict[str, Any] = {}
    if kind == p.R_SCHEDULE:
        meeting = args["meeting_on"]
        review.meeting_on = meeting
        review.invitees = p.INVITEES
        review.notice_sent_on = args["notice_sent_on"]
        review.advice_circulated_on = None
        review.status = R.SCHEDULED
        notes = [f"after the review's due date of {fmt(review.due_on)}"] if meeting > review.due_on else []
        event_kind = EventKind.REVIEW_SCHEDULED
        summary = f"Annual review meeting arranged for {fmt(meeting)}" + (
            f" ({'; '.join(notes)})" if notes else ""
        )
        data = {"meeting_on": meeting.isoformat(), "late": bool(notes)}
    elif kind == p.R_HELD:
        review.meeting_on = on
        review.status = R.HELD
        late = on > review.due_on
        event_kind = EventKind.REVIEW_MEETING_HELD
        summary = "Annual review meeting held" + (
            f" after its due date of {fmt(review.due_on)}" if late else ""
        )
        data = {"late": late}
    elif kind == p.R_REPORT:
        review.report_received_on = on
        review.status = R.REPORT_RECEIVED
        late = on > statutory.review_report_due(review.meeting_on)
        event_kind = EventKind.REVIEW_REPORT_RECEIVED
        summary = "Annual review report received" + (" later than 2 weeks after the meeting" if late else "")
        data = {"late": late}
    elif kind == p.R_DECIDE:
        decision = args["decision"]
        review.decision = decision
        review.decision_on = on
        review.status = R.DECIDED if decision == ReviewDecision.AMEND else R.COMPLETED
        plan.last_review_on = review.meeting_on
        plan.review_due = statutory.review_due(review.meeting_on)
        plan.updated_by_id = actor_id
        late = on > statutory.review_decision_due(review.meeting_on)
        event_kind = EventKind.REVIEW_DECIDED
        summary = f"Annual review decision: {ReviewDecision(decision).label.lower()}" + (
            " (later than 4 weeks after the meeting)" if late else ""
        )
        reason = args["reason"].strip()
        data = {"decision": decision, "late": late}
    elif kind == p.R_NOTICE:
        if review.amendment_version_id is None:
            draft = st.draft()
            if draft is None or draft.kind != VersionKind.AMENDMENT:
                raise PlanReplayError(f"amendment_notice_send on {on}: no draft amendment")
            review.amendment_version_id = draft.pk
        review.amendment_notice_on = on
        review.status = R.AMENDMENT_NOTICE
        ends = statutory.amendment_comments_end(on)
        late = on > statutory.review_decision_due(review.meeting_on)
        event_kind = EventKind.AMENDMENT_NOTICE_SENT
        summary = f"Proposed amendments sent to the family; their 15 days to comment end on {fmt(ends)}"
        data = {"version_id": review.amendment_version_id, "late": late}
    else:  # R_AMENDED (its version was issued by the A_ISSUE action just before)
        review.amended_plan_issued_on = on
        review.status = R.COMPLETED
        due = statutory.amended_plan_due(review.amendment_notice_on)
        late = on > due
        event_kind = EventKind.AMENDED_PLAN_ISSUED
        summary = "Amended EHC plan issued" + (f" after its due date of {fmt(due)}" if late else "")
        data = {"version_id": review.amendment_version_id, "late": late, "due": due.isoformat()}
    review.lock_version += 1
    review.updated_by_id = actor_id
    rp.event(
        event_kind,
        review,
        on,
        summary,
        actor_id,
        old_state=old,
        new_state=review.status if old != review.status else "",
        reason=reason,
        data={"plan_id": plan.pk, "review_id": review.pk, **data},
    )


def finish(rp: _ChildReplay) -> None:
    """What the nightly recomputation leaves on an active plan (plans/nightly.py)."""
    plan = rp.plan_state.plan
    if plan is None or plan.status != PlanStatus.ACTIVE:
        return
    plan.review_due = statutory.review_due(plan.last_review_on or plan.issued_on)
    unnamed = [t.deadline for t in rp.plan_state.transfers.values() if t.named_on is None]
    plan.phase_transfer_deadline = min(unnamed) if unnamed else None
