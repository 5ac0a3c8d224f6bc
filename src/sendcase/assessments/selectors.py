"""Reads for the assessment pages and API, with the permission filter inside."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from sendcase.core import permissions
from sendcase.core.models import User
from sendcase.people.models import CaseEvent, Child, Document, Note
from sendcase.people.selectors import children_visible_to

from .deadlines import Deadline, request_deadlines
from .models import AdviceRequest, AssessmentRequest, Consultation, StepException
from .stages import STAGE_TEXT


def requests_visible_to(user: User) -> QuerySet[AssessmentRequest]:
    """Requests about the children the user may see: who sees a child decides who sees its cases."""
    if permissions.can_read_records(user):
        return AssessmentRequest.objects.all()
    return AssessmentRequest.objects.filter(child__in=children_visible_to(user))


def request_for_user(user: User, pk: int) -> AssessmentRequest:
    """The request, if this user may see it; otherwise 404, so its existence is not revealed."""
    try:
        return requests_visible_to(user).select_related("child", "requesting_establishment").get(pk=pk)
    except AssessmentRequest.DoesNotExist:
        raise Http404("No such case") from None


@dataclass
class CasePage:
    request: AssessmentRequest
    child: Child
    stage_text: str
    deadlines: list[Deadline]
    next_deadline: Deadline | None
    advice: list[AdviceRequest]
    consultations: list[Consultation]
    exceptions: list[StepException]
    events: list[CaseEvent]
    documents: list[Document]
    notes: list[Note]
    officer: User | None
    team_name: str
    other_requests: list[AssessmentRequest]


def case_page(request_obj: AssessmentRequest, *, as_of: dt.date) -> CasePage:
    """Everything the case page shows, in a fixed number of queries."""
    from sendcase.caseload.models import Allocation

    child = request_obj.child
    # With the advice service each request was sent to through the portal (portal.AdviceAssignment).
    advice = list(request_obj.advice_requests.select_related("assignment__service", "assignment__assignee"))
    consultations = list(request_obj.consultations.select_related("establishment"))
    exceptions = list(request_obj.exceptions.all())
    deadlines = request_deadlines(request_obj, advice, consultations, exceptions, as_of)
    open_ = [d for d in deadlines if d.is_open]
    allocation = (
        Allocation.objects.filter(child=child, ended_at__isnull=True)
        .select_related("officer", "team")
        .first()
    )
    return CasePage(
        request=request_obj,
        child=child,
        stage_text=STAGE_TEXT[request_obj.status],
        deadlines=deadlines,
        next_deadline=min(open_, key=lambda d: d.due) if open_ else None,
        advice=advice,
        consultations=consultations,
        exceptions=exceptions,
        events=list(CaseEvent.objects.filter(child=child).select_related("actor")[:200]),
        documents=list(Document.objects.filter(child=child)[:50]),
        notes=list(Note.objects.filter(child=child).select_related("created_by")[:20]),
        officer=allocation.officer if allocation else None,
        team_name=allocation.team.name if allocation else "",
        other_requests=list(child.assessment_requests.exclude(pk=request_obj.pk).order_by("-received_on")),
    )
