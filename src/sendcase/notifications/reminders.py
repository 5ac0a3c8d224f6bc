"""The daily reminders (`manage.py send_reminders [--as-of DATE]`).

- Advice (6 weeks, Regs 8) and consultations (15 days, CoP 9.83) due within REMIND_DAYS: a reminder to
  the adviser service or the school's portal staff; once overdue, a chaser each week; once more than
  NOTIFICATIONS_ESCALATE_AFTER_DAYS overdue, one message to the manager of the team holding the case.
- Draft plans whose 15-day comment period (Regs 13(1)) ends within REMIND_DAYS: a message to the family.
- A morning digest email to each officer holding cases: steps due this week and overdue.

Every message's idempotency key names the thing and its period (the due date, the overdue week, the day
of the digest), so running the job twice in a day, or every day, sends each reminder once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction

from sendcase import statutory
from sendcase.assessments.models import (
    OPEN_STATUSES,
    AdviceRequest,
    AssessmentRequest,
    Consultation,
    RequestStatus,
)
from sendcase.caseload.models import Allocation
from sendcase.caseload.selectors import worklist_for_officer
from sendcase.core.models import User

from .models import OutboxMessage
from .outbox import Draft, message_queue
from .recipients import Recipient, family_recipients, user_recipient
from .routing import long_date

REMIND_DAYS = 5
CHASE_EVERY_DAYS = 7
DIGEST_WEEK_DAYS = 7
DIGEST_MAX_LINES = 30


def _allocations(child_ids: set[int]) -> dict[int, Allocation]:
    current = Allocation.objects.filter(child_id__in=child_ids, ended_at__isnull=True).select_related(
        "officer", "team__manager"
    )
    return {a.child_id: a for a in current}


def _overdue_drafts(
    *,
    prefix: str,
    pk: int,
    due: dt.date,
    as_of: dt.date,
    recipients: list[Recipient],
    allocation: Allocation | None,
    fields: dict,
    child,
) -> Iterator[Draft]:
    """Due-soon reminder, weekly chaser, and escalation to the team manager, for one item."""
    days_left = (due - as_of).days
    fields = {**fields, "due": long_date(due)}
    if 0 <= days_left <= REMIND_DAYS:
        for r in recipients:
            yield Draft(
                f"{prefix}_due_soon",
                r,
                f"{prefix}-due:{pk}:{due}:{r.key}",
                {**fields, "days": days_left},
                child,
            )
    if days_left >= 0:
        return
    late = -days_left
    week = (late - 1) // CHASE_EVERY_DAYS
    for r in recipients:
        yield Draft(
            f"{prefix}_overdue",
            r,
            f"{prefix}-chase:{pk}:{due}:w{week}:{r.key}",
            {**fields, "days": late},
            child,
        )
    manager = allocation.team.manager if allocation is not None else None
    if late > settings.NOTIFICATIONS["escalate_after_days"] and manager is not None:
        r = user_recipient(manager, key_prefix="manager")
        if r is not None:
            officer = allocation.officer.display_name
            yield Draft(
                f"{prefix}_escalated",
                r,
                f"{prefix}-escalate:{pk}:{due}:{r.key}",
                {**fields, "days": late, "officer": officer},
                child,
            )


def advice_reminders(as_of: dt.date) -> list[Draft]:
    # Advice due in REMIND_DAYS was requested 6 weeks before that; anything requested later is not due yet.
    latest_requested = (
        as_of + dt.timedelta(days=REMIND_DAYS) - dt.timedelta(weeks=statutory.assessment.ADVICE_WEEKS)
    )
    advice = list(
        AdviceRequest.objects.filter(
            received_on__isnull=True,
            exception_reason="",
            request__status__in=OPEN_STATUSES,
            requested_on__lte=latest_requested,
        ).select_related("request__child", "assignment__service")
    )
    allocations = _allocations({a.request.child_id for a in advice})
    drafts: list[Draft] = []
    for item in advice:
        child = item.request.child
        assignment = getattr(item, "assignment", None)
        service = assignment.service if assignment is not None else None
        recipients = (
            [
                Recipient(
                    key=f"adviser-service{service.pk}",
                    channel="email",
                    address=service.email,
                    name=service.name,
                )
            ]
            if service is not None and service.email
            else []
        )
        fields = {
            "reference": child.reference,
            "requested_on": long_date(item.requested_on),
            "adviser": item.get_adviser_type_display(),
        }
        drafts += _overdue_drafts(
            prefix="advice",
            pk=item.pk,
            due=statutory.advice_due(item.requested_on),
            as_of=as_of,
            recipients=recipients,
            allocation=allocations.get(child.pk),
            fields=fields,
            child=child,
        )
    return drafts


def _school_staff(establishment_ids: set[int]) -> dict[int, list[Recipient]]:
    from sendcase.portal.models import SchoolMembership

    staff: dict[int, list[Recipient]] = defaultdict(list)
    memberships = SchoolMembership.objects.filter(
        establishment_id__in=establishment_ids, ended_at__isnull=True
    )
    for m in memberships.select_related("user"):
        r = user_recipient(m.user)
        if r is not None:
            staff[m.establishment_id].append(r)
    return staff


def consultation_reminders(as_of: dt.date) -> list[Draft]:
    latest_sent = (
        as_of
        + dt.timedelta(days=REMIND_DAYS)
        - dt.timedelta(days=statutory.assessment.CONSULTATION_RESPONSE_DAYS)
    )
    consultations = list(
        Consultation.objects.filter(
            answered_on__isnull=True, request__status__in=OPEN_STATUSES, sent_on__lte=latest_sent
        ).select_related("request__child", "establishment")
    )
    allocations = _allocations({c.request.child_id for c in consultations})
    staff = _school_staff({c.establishment_id for c in consultations})
    drafts: list[Draft] = []
    for item in consultations:
        child = item.request.child
        fields = {
            "reference": child.reference,
            "establishment": item.establishment.name,
            "sent_on": long_date(item.sent_on),
        }
        drafts += _overdue_drafts(
            prefix="consultation",
            pk=item.pk,
            due=statutory.consultation_response_due(item.sent_on),
            as_of=as_of,
            recipients=staff.get(item.establishment_id, []),
            allocation=allocations.get(child.pk),
            fields=fields,
            child=child,
        )
    return drafts


def comment_period_reminders(as_of: dt.date) -> list[Draft]:
    # The period ends 14 days after service: those ending within REMIND_DAYS were served in this window.
    last_day = statutory.assessment.DRAFT_COMMENT_DAYS - 1
    requests = AssessmentRequest.objects.filter(
        status=RequestStatus.DRAFT_SERVED,
        family_comments_received_on__isnull=True,
        draft_served_on__gte=as_of - dt.timedelta(days=last_day),
        draft_served_on__lte=as_of + dt.timedelta(days=REMIND_DAYS) - dt.timedelta(days=last_day),
    ).select_related("child")
    drafts: list[Draft] = []
    for request in requests:
        ends = statutory.draft_comment_period_ends(request.draft_served_on)
        days_left = (ends - as_of).days
        fields = {
            "child_name": request.child.full_name,
            "reference": request.child.reference,
            "comments_end": long_date(ends),
            "days": days_left,
        }
        for r in family_recipients(request.child):
            key = f"draft-comments:{request.pk}:{request.draft_served_on}:{r.key}"
            drafts.append(Draft("draft_comments_ending", r, key, fields, request.child))
    return drafts


def _digest_line(row) -> str:
    when = f"{-row.days_left} days late" if row.days_left < 0 else f"due {long_date(row.next_due)}"
    return f"* {row.child.full_name} ({row.child.reference}): {row.next_step}, {when}"


def officer_digests(as_of: dt.date) -> list[Draft]:
    officer_ids = set(
        Allocation.objects.filter(ended_at__isnull=True).values_list("officer_id", flat=True).distinct()
    )
    officers = User.objects.filter(pk__in=officer_ids, is_active=True).exclude(email="")
    since = dt.datetime.combine(as_of - dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    drafts: list[Draft] = []
    for officer in officers:
        rows = worklist_for_officer(officer, as_of=as_of)
        overdue = [r for r in rows if r.days_left is not None and r.days_left < 0]
        week = [r for r in rows if r.days_left is not None and 0 <= r.days_left <= DIGEST_WEEK_DAYS]
        interpreters = list(
            OutboxMessage.objects.filter(
                child__allocations__officer=officer,
                child__allocations__ended_at__isnull=True,
                created_at__gte=since,
            )
            .exclude(interpreter_language="")
            .select_related("child")
            .order_by("id")[:DIGEST_MAX_LINES]
        )
        if not (overdue or week or interpreters):
            continue
        lines = []
        if overdue:
            lines += ["Overdue:", *[_digest_line(r) for r in overdue[:DIGEST_MAX_LINES]]]
            if len(overdue) > DIGEST_MAX_LINES:
                lines.append(f"* and {len(overdue) - DIGEST_MAX_LINES} more on your worklist")
        if week:
            lines += ["", "Due this week:", *[_digest_line(r) for r in week[:DIGEST_MAX_LINES]]]
            if len(week) > DIGEST_MAX_LINES:
                lines.append(f"* and {len(week) - DIGEST_MAX_LINES} more on your worklist")
        if interpreters:
            lines += ["", "Families who asked for an interpreter were sent messages yesterday or today:"]
            lines += [
                f"* {m.recipient_name} ({m.interpreter_language}) about {m.child.full_name}"
                for m in interpreters
            ]
        r = user_recipient(officer, key_prefix="officer")
        if r is None:
            continue
        fields = {"overdue": len(overdue), "due_this_week": len(week), "lines": "\n".join(lines).strip()}
        drafts.append(Draft("officer_digest", r, f"digest:{officer.pk}:{as_of}", fields))
    return drafts


def reminders_send(*, as_of: dt.date) -> dict[str, int]:
    """Queue every reminder due on `as_of`; returns how many of each were drafted (repeats are skipped)."""
    counts = {}
    for name, build in (
        ("advice", advice_reminders),
        ("consultations", consultation_reminders),
        ("draft comments", comment_period_reminders),
        ("officer digests", officer_digests),
    ):
        with transaction.atomic():
            before = OutboxMessage.objects.count()
            message_queue(build(as_of))
            counts[name] = OutboxMessage.objects.count() - before
    return counts
