"""From a case event to the messages it causes, queued in the event's own transaction.

`case_event_record` calls `messages_for_event(event)` for every event it writes; kinds that tell nobody
return at once. Each message's idempotency key is "ev<event id>:<kind>:<recipient>", so routing the same
event again never queues a second copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sendcase import statutory
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent

from .outbox import Draft, message_queue
from .recipients import Recipient, family_recipients, user_recipient

# Events the family is told about, and the message kind each becomes.
FAMILY_KINDS: dict[str, str] = {
    EventKind.REQUEST_RECEIVED: "request_received",
    EventKind.ASSESSMENT_AGREED: "assessment_agreed",
    EventKind.ASSESSMENT_REFUSED: "assessment_refused",
    EventKind.ISSUE_AGREED: "issue_agreed",
    EventKind.ISSUE_REFUSED: "issue_refused",
    EventKind.DRAFT_SERVED: "draft_served",
    EventKind.FINAL_PLAN_ISSUED: "final_plan_issued",
    EventKind.REVIEW_SCHEDULED: "review_scheduled",
}


def long_date(day: dt.date | str | None) -> str:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return f"{day:%-d %B %Y}" if day else ""


def _base_fields(event: CaseEvent) -> dict:
    child = event.child
    return {"child_name": child.full_name, "reference": child.reference, "date": long_date(event.occurred_on)}


def _family_fields(event: CaseEvent) -> dict:
    fields = _base_fields(event)
    if event.kind == EventKind.REQUEST_RECEIVED:
        fields["decision_due"] = long_date(statutory.assessment_deadlines(event.occurred_on).decision_due)
    elif event.kind == EventKind.DRAFT_SERVED:
        fields["comments_end"] = long_date(statutory.draft_comment_period_ends(event.occurred_on))
    elif event.kind == EventKind.REVIEW_SCHEDULED:
        fields["meeting_on"] = long_date(event.data.get("meeting_on"))
    return fields


def _drafts(event: CaseEvent, kind: str, recipients: list[Recipient], fields: dict) -> list[Draft]:
    return [
        Draft(
            kind=kind,
            recipient=r,
            key=f"ev{event.pk}:{kind}:{r.key}",
            fields=fields,
            child=event.child,
            event_id=event.pk,
        )
        for r in recipients
    ]


def _family(event: CaseEvent) -> list[Draft]:
    if not event.visible_to_family:
        return []
    kind = FAMILY_KINDS[event.kind]
    return _drafts(event, kind, family_recipients(event.child), _family_fields(event))


def _advice_requested(event: CaseEvent) -> list[Draft]:
    from sendcase.portal.models import AdviceAssignment

    if event.subject_type != "advicerequest":
        return []
    assignment = (
        AdviceAssignment.objects.select_related("service", "advice_request")
        .filter(advice_request_id=event.subject_id)
        .first()
    )
    if assignment is None or not assignment.service.email:
        return []  # not yet assigned to a service: the assignment step tells them
    service = assignment.service
    recipient = Recipient(
        key=f"adviser-service{service.pk}", channel="email", address=service.email, name=service.name
    )
    fields = {
        **_base_fields(event),
        "due": long_date(statutory.advice_due(assignment.advice_request.requested_on)),
    }
    return _drafts(event, "advice_requested", [recipient], fields)


def advice_assignment_messages(assignment) -> int:
    """Tell an advice service about a request for advice an officer has just sent to it.

    Called by the assignment service in its own transaction: advice requested before any service was
    chosen sends nothing at the time (see `_advice_requested`), so this is when the service hears of it.
    """
    service = assignment.service
    if not service.email:
        return 0
    advice = assignment.advice_request
    child = advice.request.child
    recipient = Recipient(
        key=f"adviser-service{service.pk}", channel="email", address=service.email, name=service.name
    )
    fields = {
        "child_name": child.full_name,
        "reference": child.reference,
        "date": long_date(advice.requested_on),
        "due": long_date(statutory.advice_due(advice.requested_on)),
    }
    draft = Draft(
        kind="advice_requested",
        recipient=recipient,
        key=f"assign{assignment.pk}:svc{service.pk}:advice_requested",
        fields=fields,
        child=child,
    )
    return message_queue([draft])


def school_staff(establishment_id: int) -> list[Recipient]:
    from sendcase.portal.models import SchoolMembership

    memberships = SchoolMembership.objects.select_related("user").filter(
        establishment_id=establishment_id, ended_at__isnull=True
    )
    return [r for m in memberships if (r := user_recipient(m.user)) is not None]


def _consultation_sent(event: CaseEvent) -> list[Draft]:
    from sendcase.assessments.models import Consultation

    if event.subject_type != "consultation":
        return []
    consultation = Consultation.objects.select_related("establishment").filter(pk=event.subject_id).first()
    if consultation is None:
        return []
    fields = {
        **_base_fields(event),
        "establishment": consultation.establishment.name,
        "due": long_date(statutory.consultation_response_due(consultation.sent_on)),
    }
    return _drafts(event, "consultation_sent", school_staff(consultation.establishment_id), fields)


def _question_answered(event: CaseEvent) -> list[Draft]:
    from sendcase.portal.models import Question

    # The subject is the question when the portal records the answer; never guess from another model's id.
    question = (
        Question.objects.select_related("asked_by").filter(pk=event.subject_id).first()
        if event.subject_type == "question"
        else None
    )
    asker = user_recipient(question.asked_by) if question is not None else None
    # The answer is in the portal: tell whoever asked; without an account email, tell the family.
    recipients = [asker] if asker is not None else family_recipients(event.child)
    fields = _base_fields(event)
    return _drafts(event, "question_answered", recipients, fields)


ROUTES: dict[str, Callable[[CaseEvent], list[Draft]]] = {
    **{kind: _family for kind in FAMILY_KINDS},
    EventKind.ADVICE_REQUESTED: _advice_requested,
    EventKind.CONSULTATION_SENT: _consultation_sent,
    EventKind.QUESTION_ANSWERED: _question_answered,
}


def messages_for_event(event: CaseEvent) -> int:
    """Queue the messages `event` causes (in the caller's transaction); returns how many were drafted."""
    route = ROUTES.get(event.kind)
    if route is None:
        return 0
    return message_queue(route(event))
