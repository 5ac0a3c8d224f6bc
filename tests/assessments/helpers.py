"""Build assessment requests in any state by driving the real services, as a case officer would.

Every date is in the past relative to `timezone.localdate()`, because the services refuse future dates.
The default timeline runs a request from receipt (200 days ago) to a final plan issued within 20 weeks,
so each stage can be reached without touching `status` directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.utils import timezone

from sendcase.assessments import services
from sendcase.assessments.models import (
    AdviceRequest,
    AdviserType,
    AssessmentRequest,
    Consultation,
    RequestSource,
    RequestStatus,
)
from sendcase.core.models import AuditEntry
from sendcase.people.models import CaseEvent, Child
from tests.factories import ChildFactory, EstablishmentFactory

S = RequestStatus
DAY = dt.timedelta(days=1)

ALL_STATES = list(RequestStatus)
OPEN_STATES = [S.RECEIVED, S.ASSESSING, S.ISSUE_DECIDED, S.DRAFT_SERVED]
CLOSED_STATES = [s for s in ALL_STATES if s not in OPEN_STATES]

# The state each state is reached from on the shortest path from RECEIVED.
_PREVIOUS = {
    S.ASSESSING: S.RECEIVED,
    S.NOT_ASSESSING: S.RECEIVED,
    S.ISSUE_DECIDED: S.ASSESSING,
    S.NOT_ISSUING: S.ASSESSING,
    S.DRAFT_SERVED: S.ISSUE_DECIDED,
    S.FINAL_ISSUED: S.DRAFT_SERVED,
}


def today() -> dt.date:
    return timezone.localdate()


@dataclass(frozen=True)
class Timeline:
    """The dates each step is recorded on. Only the steps a drive takes need to be in the past."""

    received: dt.date
    decided: dt.date
    advice_requested: dt.date
    issue_decided: dt.date
    consultation_sent: dt.date
    served: dt.date
    final: dt.date
    closed: dt.date

    @classmethod
    def ago(cls, days: int = 200, **overrides: dt.date) -> Timeline:
        """A timeline for a request received ``days`` ago, with the final plan inside 20 weeks."""
        received = today() - dt.timedelta(days=days)
        base = cls(
            received=received,
            decided=received + 20 * DAY,
            advice_requested=received + 22 * DAY,
            issue_decided=received + 90 * DAY,
            consultation_sent=received + 91 * DAY,
            served=received + 100 * DAY,
            final=received + 120 * DAY,
            closed=today() - DAY,
        )
        return replace(base, **overrides)


def drive_to(
    state: str,
    *,
    user,
    child: Child | None = None,
    timeline: Timeline | None = None,
    ending_from: str = S.RECEIVED,
    with_advice: bool = True,
    with_consultation: bool = True,
    source: str = RequestSource.PARENT,
) -> AssessmentRequest:
    """Record a request and move it to ``state`` through the services; return it fresh from the database.

    On the way through ASSESSING one advice request is made (``with_advice``) and through ISSUE_DECIDED
    one school is consulted (``with_consultation``); both stay unanswered. WITHDRAWN and MOVED_OUT are
    reached from ``ending_from``.
    """
    state = RequestStatus(state)
    tl = timeline or Timeline.ago()
    if state in (S.WITHDRAWN, S.MOVED_OUT):
        request = drive_to(
            ending_from,
            user=user,
            child=child,
            timeline=tl,
            with_advice=with_advice,
            with_consultation=with_consultation,
            source=source,
        )
        if state == S.WITHDRAWN:
            services.request_withdraw(
                acting_user=user, request=request, withdrawn_on=tl.closed, reason="Family withdrew"
            )
        else:
            services.request_move_out(acting_user=user, request=request, moved_on=tl.closed)
        return reload(request)

    if state == S.RECEIVED:
        return services.request_record(
            acting_user=user,
            child=child or ChildFactory(),
            received_on=tl.received,
            source=source,
            requester_name="A parent",
        )

    request = drive_to(
        _PREVIOUS[state],
        user=user,
        child=child,
        timeline=tl,
        with_advice=with_advice,
        with_consultation=with_consultation,
        source=source,
    )
    if state in (S.ASSESSING, S.NOT_ASSESSING):
        assess = state == S.ASSESSING
        services.assessment_decision_record(
            acting_user=user,
            request=request,
            assess=assess,
            decided_on=tl.decided,
            reason="" if assess else "Needs can be met from the school's resources",
        )
        if assess and with_advice:
            services.advice_request_record(
                acting_user=user,
                request=request,
                adviser_type=AdviserType.EDUCATIONAL_PSYCHOLOGY,
                requested_on=tl.advice_requested,
                adviser_name="Dr Example",
            )
    elif state in (S.ISSUE_DECIDED, S.NOT_ISSUING):
        issue = state == S.ISSUE_DECIDED
        services.issue_decision_record(
            acting_user=user,
            request=request,
            issue=issue,
            decided_on=tl.issue_decided,
            reason="" if issue else "Needs can be met without a plan",
        )
        if issue and with_consultation:
            services.consultation_send(
                acting_user=user,
                request=request,
                establishment=EstablishmentFactory(),
                sent_on=tl.consultation_sent,
            )
    elif state == S.DRAFT_SERVED:
        services.draft_plan_serve(acting_user=user, request=request, served_on=tl.served)
    elif state == S.FINAL_ISSUED:
        services.final_plan_issue(acting_user=user, request=request, issued_on=tl.final)
    return reload(request)


def reload(request: AssessmentRequest) -> AssessmentRequest:
    return AssessmentRequest.objects.get(pk=request.pk)


def ensure_advice(request: AssessmentRequest) -> AdviceRequest:
    """The request's unanswered advice request, created directly only where the services cannot reach.

    Advice can only be requested while ASSESSING, so a request still RECEIVED or closed straight from
    RECEIVED (NOT_ASSESSING) can only carry one by writing it directly.
    """
    advice = request.advice_requests.filter(received_on__isnull=True).first()
    if advice is None:
        advice = AdviceRequest.objects.create(
            request=request, adviser_type=AdviserType.HEALTH, requested_on=request.received_on
        )
    return advice


def ensure_consultation(request: AssessmentRequest) -> Consultation:
    """The request's unanswered consultation, created directly only where the services cannot reach."""
    consultation = request.consultations.filter(answered_on__isnull=True).first()
    if consultation is None:
        consultation = Consultation.objects.create(
            request=request, establishment=EstablishmentFactory(), sent_on=request.received_on
        )
    return consultation


def events(request: AssessmentRequest):
    """The request's child's case events, oldest first."""
    return CaseEvent.objects.filter(child_id=request.child_id).order_by("id")


def last_event(request: AssessmentRequest) -> CaseEvent:
    return events(request).last()


def audit_count() -> int:
    return AuditEntry.objects.count()


def snapshot(request: AssessmentRequest) -> dict:
    """Everything a refused write must leave unchanged on a request and around it."""
    fresh = reload(request)
    return {
        "status": fresh.status,
        "version": fresh.version,
        "closed_on": fresh.closed_on,
        "next_step": fresh.next_step,
        "next_due": fresh.next_due,
        "overdue_steps": fresh.overdue_steps,
        "events": CaseEvent.objects.count(),
        "audit": AuditEntry.objects.count(),
        "advice": list(
            AdviceRequest.objects.filter(request=fresh)
            .order_by("id")
            .values_list("id", "received_on", "times_chased", "exception_reason")
        ),
        "consultations": list(
            Consultation.objects.filter(request=fresh)
            .order_by("id")
            .values_list("id", "answered_on", "outcome")
        ),
        "exceptions": fresh.exceptions.count(),
        "plans": fresh.child.plans.count(),
    }
