"""Annual reviews of an EHC plan (CFA s.44; Regs 18-22), one service function per transition.

DUE -> SCHEDULED -> HELD -> REPORT_RECEIVED -> DECIDED -> AMENDMENT_NOTICE -> COMPLETED
A "maintain" or "cease" decision completes the review at once (a cease decision opens a Cessation in
CONSULTING); an "amend" decision waits for the amendment notice and then the amended plan.

Each function takes the acting user first (keyword-only), runs in one transaction, locks the plan and the
review, checks the step is allowed from the review's status (`_guard`) and that its dates make sense
(none in the future, none before the step they follow), and writes a CaseEvent and an audit entry.

The small shared checks at the top are used by the placement, transfer and cessation services too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from sendcase import statutory
from sendcase.core.audit import audit_record
from sendcase.core.errors import InvalidTransition, ServiceError, StaleEdit
from sendcase.core.models import AuditAction, User
from sendcase.core.service_checks import actor, check_date, require_editor, today
from sendcase.core.service_checks import long_date as fmt
from sendcase.people.events import EventKind, case_event_record
from sendcase.people.models import Child
from sendcase.plans.models import (
    AnnualReview,
    CeaseReason,
    EHCPlan,
    Placement,
    PlanStatus,
    PlanVersion,
    ReviewDecision,
    ReviewStatus,
    VersionKind,
    VersionStatus,
)
from sendcase.settings_data.models import Establishment

R = ReviewStatus
OPEN_REVIEW_STATUSES = frozenset(
    {R.DUE, R.SCHEDULED, R.HELD, R.REPORT_RECEIVED, R.DECIDED, R.AMENDMENT_NOTICE}
)

# --- shared checks ---------------------------------------------------------------------------------


def lock_plan(plan: EHCPlan) -> EHCPlan:
    return EHCPlan.objects.select_for_update().select_related("child").get(pk=plan.pk)


def require_active(plan: EHCPlan, action: str) -> None:
    if plan.status != PlanStatus.ACTIVE:
        raise InvalidTransition(f"You cannot {action} because the plan is “{plan.get_status_display()}”.")


def record(
    *,
    acting_user: User,
    child: Child,
    subject,
    kind: str,
    occurred_on: dt.date,
    summary: str,
    old_state: str = "",
    new_state: str = "",
    reason: str = "",
    visible_to_family: bool = True,
    data: dict | None = None,
    audit_action: str = AuditAction.UPDATE,
) -> None:
    """The case event and audit entry for one write, in the caller's transaction."""
    case_event_record(
        actor=acting_user,
        child=child,
        subject=subject,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary,
        old_state=old_state,
        new_state=new_state,
        reason=reason,
        visible_to_family=visible_to_family,
        data=data or {},
    )
    audit_record(user=acting_user, action=audit_action, obj=subject, child_id=child.pk, summary=summary)


# --- reviews ---------------------------------------------------------------------------------------


def _lock_review(review: AnnualReview, expected_version: int | None = None) -> tuple[AnnualReview, EHCPlan]:
    plan = lock_plan(review.plan)
    locked = AnnualReview.objects.select_for_update().get(pk=review.pk)
    locked.plan = plan
    if expected_version is not None and locked.lock_version != expected_version:
        raise StaleEdit(
            "Someone else updated this review while you were working on it, so your change has not been "
            "saved. Check the review's latest position and try again."
        )
    return locked, plan


def _guard(review: AnnualReview, allowed: Iterable[str], action: str) -> None:
    if review.status not in set(allowed):
        raise InvalidTransition(
            f"You cannot {action} because the review is at the stage “{review.get_status_display()}”."
        )


def _save_review(
    *,
    acting_user: User,
    review: AnnualReview,
    kind: str,
    occurred_on: dt.date,
    summary: str,
    old_state: str,
    reason: str = "",
    data: dict | None = None,
    visible_to_family: bool = True,
) -> AnnualReview:
    review.lock_version += 1
    review.updated_by = actor(acting_user)
    review.save()
    record(
        acting_user=acting_user,
        child=review.plan.child,
        subject=review,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary,
        old_state=old_state,
        new_state=review.status if old_state != review.status else "",
        reason=reason,
        visible_to_family=visible_to_family,
        data={"plan_id": review.plan_id, "review_id": review.pk, **(data or {})},
    )
    return review


def open_review(plan: EHCPlan) -> AnnualReview | None:
    return plan.reviews.filter(status__in=OPEN_REVIEW_STATUSES).order_by("-due_on", "-pk").first()


@transaction.atomic
def review_open(*, acting_user: User, plan: EHCPlan, is_phase_transfer: bool = False) -> AnnualReview:
    """Open the plan's next annual review, due 12 months after its issue or last review (CFA s.44(1))."""
    require_editor(acting_user)
    plan = lock_plan(plan)
    require_active(plan, "open a review")
    existing = open_review(plan)
    if existing is not None:
        raise InvalidTransition(
            f"This plan already has an open review, due {fmt(existing.due_on)}. Finish or cancel it first."
        )
    due_on = statutory.review_due(plan.last_review_on or plan.issued_on)
    review = AnnualReview.objects.create(
        plan=plan,
        due_on=due_on,
        is_phase_transfer=is_phase_transfer,
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    plan.review_due = due_on
    plan.updated_by = actor(acting_user)
    plan.save(update_fields=["review_due", "updated_at", "updated_by"])
    record(
        acting_user=acting_user,
        child=plan.child,
        subject=review,
        kind=EventKind.REVIEW_OPENED,
        occurred_on=today(),
        summary=f"Annual review opened; the meeting must be held by {fmt(due_on)}",
        new_state=review.status,
        data={"plan_id": plan.pk, "review_id": review.pk},
        audit_action=AuditAction.CREATE,
    )
    return review


def _notice_error(meeting_on: dt.date, notice_sent_on: dt.date) -> ServiceError:
    latest = statutory.review_notice_latest(meeting_on)
    return ServiceError(
        f"Notice of the meeting must be sent at least 2 weeks before it (Regs 20(3)-(4)). For a meeting on "
        f"{fmt(meeting_on)} the notice must be sent by {fmt(latest)}; it was sent on {fmt(notice_sent_on)}. "
        "Choose a later meeting date.",
        field="meeting_on",
        code="notice_too_late",
    )


@transaction.atomic
def review_schedule(
    *,
    acting_user: User,
    review: AnnualReview,
    meeting_on: dt.date,
    invitees: str,
    notice_sent_on: dt.date,
    advice_circulated_on: dt.date | None = None,
    expected_version: int | None = None,
) -> AnnualReview:
    """Arrange (or re-arrange) the review meeting.

    Notice must be sent at least 2 weeks before the meeting (Regs 20(3)-(4)): shorter notice is refused.
    The meeting may be in the future; the notice may not. Advice circulated late, or a meeting after the
    review's due date, is allowed but recorded, and shows as late on the review's deadlines.
    """
    require_editor(acting_user)
    review, plan = _lock_review(review, expected_version)
    require_active(plan, "arrange a review meeting")
    _guard(review, {R.DUE, R.SCHEDULED}, "arrange the meeting")
    if not (invitees or "").strip():
        raise ServiceError("Enter who has been invited to the meeting", field="invitees")
    check_date(
        meeting_on,
        field="meeting_on",
        label="of the meeting",
        not_before=[(plan.issued_on, "the date the plan was issued")],
        allow_future=True,
    )
    check_date(
        notice_sent_on,
        field="notice_sent_on",
        label="notice of the meeting was sent",
        not_before=[(plan.issued_on, "the date the plan was issued")],
    )
    if notice_sent_on > statutory.review_notice_latest(meeting_on):
        raise _notice_error(meeting_on, notice_sent_on)
    if advice_circulated_on is not None:
        check_date(
            advice_circulated_on,
            field="advice_circulated_on",
            label="advice was circulated",
            not_before=[(plan.issued_on, "the date the plan was issued")],
        )
        if advice_circulated_on > meeting_on:
            raise ServiceError(
                "The date advice was circulated must be before the meeting", field="advice_circulated_on"
            )
    old = review.status
    review.meeting_on = meeting_on
    review.invitees = invitees.strip()
    review.notice_sent_on = notice_sent_on
    review.advice_circulated_on = advice_circulated_on
    review.status = R.SCHEDULED
    notes = []
    if meeting_on > review.due_on:
        notes.append(f"after the review's due date of {fmt(review.due_on)}")
    if advice_circulated_on and advice_circulated_on > statutory.advice_circulation_latest(meeting_on):
        notes.append("advice circulated less than 2 weeks before the meeting")
    summary = f"Annual review meeting arranged for {fmt(meeting_on)}" + (
        f" ({'; '.join(notes)})" if notes else ""
    )
    return _save_review(
        acting_user=acting_user,
        review=review,
        kind=EventKind.REVIEW_SCHEDULED,
        occurred_on=notice_sent_on,
        summary=summary,
        old_state=old,
        data={"meeting_on": meeting_on.isoformat(), "late": bool(notes)},
    )


@dataclass
class BulkRow:
    plan_id: int
    child_name: str
    meeting_on: dt.date | None
    review_id: int | None = None
    error: str = ""


@dataclass
class BulkScheduleReport:
    establishment_id: int
    rows: list[BulkRow] = field(default_factory=list)

    @property
    def errors(self) -> list[BulkRow]:
        return [row for row in self.rows if row.error]

    @property
    def ok(self) -> bool:
        return not self.errors


class BulkScheduleRefused(ServiceError):
    """Nothing was scheduled: at least one review could not be. `report` says which and why."""

    def __init__(self, report: BulkScheduleReport) -> None:
        count = len(report.errors)
        super().__init__(
            f"No meetings have been arranged: {count} of {len(report.rows)} could not be. "
            "Correct them and try again.",
            code="bulk_refused",
        )
        self.report = report


def plans_at_establishment(establishment: Establishment) -> list[EHCPlan]:
    """Active plans of children placed at the establishment now, or whose plan names it, in review due
    order (earliest first), then by child's name."""
    placed = Placement.objects.filter(establishment=establishment, leaving_on__isnull=True).values("child_id")
    plans = (
        EHCPlan.objects.filter(status=PlanStatus.ACTIVE)
        .filter(Q(child_id__in=placed) | Q(named_establishment=establishment))
        .select_related("child")
        .distinct()
    )
    return sorted(
        plans,
        key=lambda p: (p.review_due or dt.date.max, p.child.legal_last_name, p.child.legal_first_name, p.pk),
    )


def _next_school_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def bulk_dates(plans: list[EHCPlan], first_date: dt.date, per_day: int) -> dict[int, dt.date]:
    """Spread meetings from `first_date`, `per_day` on each weekday, in the order given."""
    if per_day < 1:
        raise ServiceError("Enter how many meetings can be held each day (at least 1)", field="per_day")
    dates: dict[int, dt.date] = {}
    day = _next_school_day(first_date)
    used = 0
    for plan in plans:
        if used == per_day:
            day, used = _next_school_day(day + dt.timedelta(days=1)), 0
        dates[plan.pk] = day
        used += 1
    return dates


@transaction.atomic
def review_bulk_schedule(
    *,
    acting_user: User,
    establishment: Establishment,
    notice_sent_on: dt.date,
    invitees: str,
    meeting_dates: Mapping[int, dt.date] | None = None,
    first_date: dt.date | None = None,
    per_day: int | None = None,
) -> BulkScheduleReport:
    """Arrange review meetings for every child with an active plan at one school, all or nothing.

    Give either `meeting_dates` (plan id -> date, one for every plan at the school) or `first_date` and
    `per_day` (meetings spread over weekdays, earliest review due first). A plan with no open review gets
    one opened. If any meeting cannot be arranged, nothing is saved and `BulkScheduleRefused` carries a
    report of every row with its problem; on success the report lists every meeting arranged.
    """
    require_editor(acting_user)
    plans = plans_at_establishment(establishment)
    if not plans:
        raise ServiceError(f"No children with an active plan are placed at {establishment.name}.")
    if meeting_dates is None:
        if first_date is None or per_day is None:
            raise ServiceError("Enter the first meeting date and how many meetings a day", field="first_date")
        meeting_dates = bulk_dates(plans, first_date, per_day)
    report = BulkScheduleReport(establishment_id=establishment.pk)
    known = {plan.pk for plan in plans}
    for plan_id in sorted(set(meeting_dates) - known):
        report.rows.append(
            BulkRow(
                plan_id, "", meeting_dates[plan_id], error="This plan is not at the school, or not in force"
            )
        )
    for plan in plans:
        row = BulkRow(plan.pk, plan.child.full_name, meeting_dates.get(plan.pk))
        report.rows.append(row)
        if row.meeting_on is None:
            row.error = "Enter a meeting date"
            continue
        try:
            with transaction.atomic():
                review = open_review(plan) or review_open(acting_user=acting_user, plan=plan)
                review = review_schedule(
                    acting_user=acting_user,
                    review=review,
                    meeting_on=row.meeting_on,
                    invitees=invitees,
                    notice_sent_on=notice_sent_on,
                )
                row.review_id = review.pk
        except ServiceError as error:
            row.error = error.message
    if not report.ok:
        raise BulkScheduleRefused(report)
    audit_record(
        user=acting_user,
        action=AuditAction.UPDATE,
        obj=establishment,
        summary=f"Review meetings arranged in bulk for {len(report.rows)} plans",
    )
    return report


@transaction.atomic
def review_meeting_held(
    *, acting_user: User, review: AnnualReview, held_on: dt.date, expected_version: int | None = None
) -> AnnualReview:
    """Record that the meeting took place. If it moved earlier, the notice must still have been 2 weeks."""
    require_editor(acting_user)
    review, plan = _lock_review(review, expected_version)
    require_active(plan, "record the meeting")
    _guard(review, {R.SCHEDULED}, "record the meeting")
    check_date(
        held_on,
        field="held_on",
        label="of the meeting",
        not_before=[(review.notice_sent_on, "the date notice was sent")],
    )
    if review.notice_sent_on and review.notice_sent_on > statutory.review_notice_latest(held_on):
        error = _notice_error(held_on, review.notice_sent_on)
        error.field = "held_on"
        raise error
    old = review.status
    review.meeting_on = held_on
    review.status = R.HELD
    late = held_on > review.due_on
    return _save_review(
        acting_user=acting_user,
        review=review,
        kind=EventKind.REVIEW_MEETING_HELD,
        occurred_on=held_on,
        summary="Annual review meeting held"
        + (f" after its due date of {fmt(review.due_on)}" if late else ""),
        old_state=old,
        data={"late": late},
    )


@transaction.atomic
def review_report_received(
    *, acting_user: User, review: AnnualReview, received_on: dt.date, expected_version: int | None = None
) -> AnnualReview:
    """Record the review report (Regs 20(7)-(8), 21(7): within 2 weeks of the meeting)."""
    require_editor(acting_user)
    review, plan = _lock_review(review, expected_version)
    _guard(review, {R.HELD}, "record the review report")
    check_date(
        received_on,
        field="received_on",
        label="the report was received",
        not_before=[(review.meeting_on, "the meeting")],
    )
    old = review.status
    review.report_received_on = received_on
    review.status = R.REPORT_RECEIVED
    late = received_on > statutory.review_report_due(review.meeting_on)
    return _save_review(
        acting_user=acting_user,
        review=review,
        kind=EventKind.REVIEW_REPORT_RECEIVED,
        occurred_on=received_on,
        summary="Annual review report received" + (" later than 2 weeks after the meeting" if late else ""),
        old_state=old,
        data={"late": late},
    )


def _set_last_review(plan: EHCPlan, meeting_on: dt.date, user: User) -> None:
    plan.last_review_on = meeting_on
    plan.review_due = statutory.review_due(meeting_on)
    plan.updated_by = actor(user)
    plan.save(update_fields=["last_review_on", "review_due", "updated_at", "updated_by"])


@transaction.atomic
def review_decide(
    *,
    acting_user: User,
    review: AnnualReview,
    decision: str,
    decided_on: dt.date,
    reason: str = "",
    cease_reason: int | None = None,
    expected_version: int | None = None,
) -> AnnualReview:
    """Decide to maintain, amend or cease the plan (Regs 20(10): notified within 4 weeks of the meeting).

    Every decision records the meeting as the plan's last review, so the next review is due 12 months
    after it (CFA s.44(1)). "Maintain" completes the review. "Amend" waits for the amendment notice,
    which must carry the proposed amendments (R (L, M & P) v Devon CC [2022] EWHC 493 (Admin)). "Cease"
    completes the review and opens a Cessation in CONSULTING with `cease_reason` (a CeaseReason).
    """
    from .cessation import cessation_propose

    require_editor(acting_user)
    review, plan = _lock_review(review, expected_version)
    require_active(plan, "decide the outcome of the review")
    _guard(review, {R.HELD, R.REPORT_RECEIVED}, "record the decision")
    if decision not in ReviewDecision.values:
        raise ServiceError("Select the decision", field="decision")
    check_date(
        decided_on,
        field="decided_on",
        label="of the decision",
        not_before=[(review.meeting_on, "the meeting"), (review.report_received_on, "the review report")],
    )
    reason = (reason or "").strip()
    if decision != ReviewDecision.MAINTAIN and not reason:
        raise ServiceError("Enter the reasons for the decision", field="reason")
    if decision == ReviewDecision.CEASE and cease_reason not in CeaseReason.values:
        raise ServiceError("Select why the plan would cease", field="cease_reason")
    old = review.status
    review.decision = decision
    review.decision_on = decided_on
    review.status = R.DECIDED if decision == ReviewDecision.AMEND else R.COMPLETED
    _set_last_review(plan, review.meeting_on, acting_user)
    late = decided_on > statutory.review_decision_due(review.meeting_on)
    label = ReviewDecision(decision).label
    review = _save_review(
        acting_user=acting_user,
        review=review,
        kind=EventKind.REVIEW_DECIDED,
        occurred_on=decided_on,
        summary=f"Annual review decision: {label.lower()}"
        + (" (later than 4 weeks after the meeting)" if late else ""),
        old_state=old,
        reason=reason,
        data={"decision": decision, "late": late},
    )
    if decision == ReviewDecision.CEASE:
        cessation_propose(
            acting_user=acting_user,
            plan=plan,
            reason=cease_reason,
            consultation_started_on=decided_on,
            notes=f"Proposed at the annual review held on {fmt(review.meeting_on)}. {reason}",
        )
    return review


def _draft_amendment(acting_user: User, plan: EHCPlan) -> PlanVersion:
    """The plan's draft amendment: the existing draft if there is one, otherwise a new one started by
    the versions service."""
    existing = plan.versions.filter(status=VersionStatus.DRAFT).first()
    if existing is not None:
        if existing.kind != VersionKind.AMENDMENT:
            raise ServiceError(
                f"The plan already has a draft of another kind ({existing.get_kind_display().lower()}). "
                "Issue or withdraw it before proposing amendments.",
                field="sent_on",
            )
        return existing
    from sendcase.plans.services.versions import draft_start

    return draft_start(acting_user=acting_user, plan=plan, kind=VersionKind.AMENDMENT)


@transaction.atomic
def amendment_notice_send(
    *, acting_user: User, review: AnnualReview, sent_on: dt.date, expected_version: int | None = None
) -> AnnualReview:
    """Send the family the proposed amendments (Regs 22(1)-(2)): they have 15 days, from the day the
    notice is sent, to comment; the amended plan is due within 8 weeks (Regs 22(3)). Links the plan's
    draft amendment, starting one if there is none."""
    require_editor(acting_user)
    review, plan = _lock_review(review, expected_version)
    require_active(plan, "send proposed amendments")
    _guard(review, {R.DECIDED}, "send the amendment notice")
    if review.decision != ReviewDecision.AMEND:
        raise InvalidTransition("Amendments can only be proposed after a decision to amend the plan.")
    check_date(
        sent_on,
        field="sent_on",
        label="the notice was sent",
        not_before=[(review.decision_on, "the decision")],
    )
    if review.amendment_version_id is None:
        review.amendment_version = _draft_amendment(acting_user, plan)
    old = review.status
    review.amendment_notice_on = sent_on
    review.status = R.AMENDMENT_NOTICE
    ends = statutory.amendment_comments_end(sent_on)
    late = sent_on > statutory.review_decision_due(review.meeting_on)
    return _save_review(
        acting_user=acting_user,
        review=review,
        kind=EventKind.AMENDMENT_NOTICE_SENT,
        occurred_on=sent_on,
        summary=f"Proposed amendments sent to the family; their 15 days to comment end on {fmt(ends)}",
        old_state=old,
        data={"version_id": review.amendment_version_id, "late": late},
    )


@transaction.atomic
def amended_plan_issue(
    *, acting_user: User, review: AnnualReview, issued_on: dt.date, expected_version: int | None = None
) -> AnnualReview:
    """Issue the amended plan: not before the family's 15 days end (Regs 22(2)); due within 8 weeks of
    the notice (Regs 22(3)). A late issue is allowed and recorded as late."""
    from sendcase.plans.services.versions import version_issue

    require_editor(acting_user)
    review, plan = _lock_review(review, expected_version)
    require_active(plan, "issue the amended plan")
    _guard(review, {R.AMENDMENT_NOTICE}, "issue the amended plan")
    earliest = statutory.earliest_amended_plan(review.amendment_notice_on)
    check_date(
        issued_on,
        field="issued_on",
        label="the amended plan was issued",
        not_before=[(earliest, "the day after the family's 15 days to comment end")],
    )
    if review.amendment_version_id is None:
        raise InvalidTransition("There is no draft amendment to issue. Send the amendment notice first.")
    version_issue(acting_user=acting_user, version=review.amendment_version, issued_on=issued_on)
    old = review.status
    review.amended_plan_issued_on = issued_on
    review.status = R.COMPLETED
    due = statutory.amended_plan_due(review.amendment_notice_on)
    late = issued_on > due
    return _save_review(
        acting_user=acting_user,
        review=review,
        kind=EventKind.AMENDED_PLAN_ISSUED,
        occurred_on=issued_on,
        summary="Amended EHC plan issued" + (f" after its due date of {fmt(due)}" if late else ""),
        old_state=old,
        data={"version_id": review.amendment_version_id, "late": late, "due": due.isoformat()},
    )


@transaction.atomic
def review_cancel(*, acting_user: User, review: AnnualReview, reason: str) -> AnnualReview:
    """Cancel an open review (opened in error, or the plan is ending)."""
    require_editor(acting_user)
    review, plan = _lock_review(review)
    _guard(review, OPEN_REVIEW_STATUSES, "cancel the review")
    if not (reason or "").strip():
        raise ServiceError("Enter why the review is being cancelled", field="reason")
    old = review.status
    review.status = R.CANCELLED
    return _save_review(
        acting_user=acting_user,
        review=review,
        kind=EventKind.REVIEW_CANCELLED,
        occurred_on=today(),
        summary="Annual review cancelled",
        old_state=old,
        reason=reason.strip(),
        visible_to_family=True,
    )


# --- deadlines -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewDeadline:
    """One step of a review against its legal date (same shape as the assessment deadlines)."""

    key: str
    label: str
    due: dt.date
    done: dt.date | None
    source: str
    status: str | None  # None: information only (a period the family has), nothing can be "late"
    days_left: int | None
    is_open: bool

    @property
    def is_overdue(self) -> bool:
        return self.status == statutory.StepStatus.OVERDUE


def _deadline(
    key: str, label: str, due: dt.date, done: dt.date | None, source: str, as_of: dt.date, open_: bool
):
    status = statutory.step_status(due, done, as_of)
    days_left = None if done else statutory.days_between(as_of, due)
    return ReviewDeadline(key, label, due, done, source, status, days_left, open_ and done is None)


_HELD_OR_LATER = frozenset({R.HELD, R.REPORT_RECEIVED, R.DECIDED, R.AMENDMENT_NOTICE, R.COMPLETED})


def review_deadlines(review: AnnualReview, as_of: dt.date) -> list[ReviewDeadline]:
    """Every legal date on the review at its current stage, in date order.

    For an "amend" decision, the decision counts as notified when the proposed amendments are sent, since
    the notice must include them (R (L, M & P) v Devon CC [2022] EWHC 493 (Admin)).
    """
    live = review.status in OPEN_REVIEW_STATUSES
    held = review.meeting_on if review.status in _HELD_OR_LATER else None
    rows = [
        _deadline("meeting", "Hold the review meeting", review.due_on, held, "CFA s.44(1)", as_of, live),
    ]
    meeting = review.meeting_on
    if meeting is not None:
        rows.append(
            _deadline(
                "notice",
                "Send notice of the meeting (2 weeks before)",
                statutory.review_notice_latest(meeting),
                review.notice_sent_on,
                "Regs 20(3)-(4)",
                as_of,
                live,
            )
        )
        rows.append(
            _deadline(
                "advice",
                "Circulate advice (2 weeks before the meeting)",
                statutory.advice_circulation_latest(meeting),
                review.advice_circulated_on,
                "Regs 20(4), 21(4)",
                as_of,
                live,
            )
        )
        if review.status in _HELD_OR_LATER:
            rows.append(
                _deadline(
                    "report",
                    "Review report (2 weeks after the meeting)",
                    statutory.review_report_due(meeting),
                    review.report_received_on,
                    "Regs 20(7)-(8), 21(7)",
                    as_of,
                    live,
                )
            )
            decision_done = (
                review.amendment_notice_on if review.decision == ReviewDecision.AMEND else review.decision_on
            )
            rows.append(
                _deadline(
                    "decision",
                    "Notify the decision (4 weeks after the meeting)",
                    statutory.review_decision_due(meeting),
                    decision_done,
                    "Regs 20(10)",
                    as_of,
                    live,
                )
            )
    if review.amendment_notice_on is not None:
        notice = review.amendment_notice_on
        ends = statutory.amendment_comments_end(notice)
        rows.append(
            ReviewDeadline(
                "comments",
                "Family's 15 days to comment on the amendments",
                ends,
                None,
                "Regs 22(2)",
                None,
                statutory.days_between(as_of, ends) if as_of <= ends else None,
                False,
            )
        )
        rows.append(
            _deadline(
                "amended_plan",
                "Issue the amended plan (8 weeks after the notice)",
                statutory.amended_plan_due(notice),
                review.amended_plan_issued_on,
                "Regs 22(3)",
                as_of,
                live,
            )
        )
    return sorted(rows, key=lambda row: row.due)


@dataclass(frozen=True)
class IntervalHint:
    """Guidance only: CoP 9.178 says the authority should consider reviewing under-fives every 3-6 months."""

    message: str
    earliest: dt.date | None
    latest: dt.date | None
    source: str = "CoP 9.178 (guidance, not a duty)"


def review_interval_hint(
    child: Child, as_of: dt.date, last_review_on: dt.date | None = None
) -> IntervalHint | None:
    """A hint for a child under 5 on `as_of`; None for older children."""
    if not statutory.is_under_five(child.date_of_birth, as_of):
        return None
    window = statutory.under_fives_review_window(last_review_on) if last_review_on else None
    message = (
        f"{child.full_name} is under 5. Consider reviewing the plan every 3 to 6 months rather than yearly"
        + (f": between {fmt(window.earliest)} and {fmt(window.latest)}." if window else ".")
    )
    return IntervalHint(message, window.earliest if window else None, window.latest if window else None)
