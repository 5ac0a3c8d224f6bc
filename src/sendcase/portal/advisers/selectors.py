"""What an advice giver may see, with the object-level filter applied here and nowhere else.

A member of an advice service (a current AdviserMembership, role ADVISER) sees the requests for advice
assigned to their service (AdviceAssignment), the children those requests are about, and the documents
their service's members sent about them. Nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from sendcase import statutory
from sendcase.assessments.models import OPEN_STATUSES
from sendcase.core import permissions
from sendcase.core.models import User
from sendcase.people.models import Document

from ..models import AdviceAssignment, AdviserMembership, AdviserService


def is_adviser(user: User) -> bool:
    return permissions.is_adviser_user(user)


def services_for(user: User) -> QuerySet[AdviserService]:
    if not is_adviser(user):
        return AdviserService.objects.none()
    return AdviserService.objects.filter(
        pk__in=AdviserMembership.objects.filter(user=user, ended_at__isnull=True).values("service_id")
    )


def assignments_for(user: User) -> QuerySet[AdviceAssignment]:
    return AdviceAssignment.objects.filter(service__in=services_for(user)).select_related(
        "service", "assignee", "advice_request__request__child"
    )


def assignment_for_user(user: User, advice_pk: int) -> AdviceAssignment:
    """The assignment of this request for advice, if it is to one of the user's services; otherwise 404."""
    try:
        return assignments_for(user).get(advice_request_id=advice_pk)
    except AdviceAssignment.DoesNotExist:
        raise Http404("No such request for advice") from None


@dataclass(frozen=True)
class AdviceRow:
    assignment: AdviceAssignment
    due: dt.date
    status: str  # "received", "excepted", "overdue", "due", "closed"
    as_of: dt.date

    @property
    def advice(self):
        return self.assignment.advice_request

    @property
    def child(self):
        return self.assignment.advice_request.request.child

    @property
    def days_left(self) -> int:
        return (self.due - self.as_of).days

    @property
    def is_open(self) -> bool:
        return self.status in ("due", "overdue", "excepted")


def advice_row(assignment: AdviceAssignment, as_of: dt.date) -> AdviceRow:
    advice = assignment.advice_request
    due = statutory.advice_due(advice.requested_on)
    if advice.received_on is not None:
        status = "received"
    elif advice.request.status not in OPEN_STATUSES:
        status = "closed"
    elif advice.exception_reason:
        status = "excepted"
    else:
        status = "overdue" if due < as_of else "due"
    return AdviceRow(assignment, due, status, as_of)


_ORDER = {"overdue": 0, "due": 1, "excepted": 2, "received": 3, "closed": 4}


def advice_rows(user: User, as_of: dt.date, *, only: str = "") -> list[AdviceRow]:
    """The service's requests: overdue first, then by due date. `only`: "open", "overdue" or "mine"."""
    rows = [advice_row(a, as_of) for a in assignments_for(user)]
    if only == "overdue":
        rows = [r for r in rows if r.status == "overdue"]
    elif only == "mine":
        rows = [r for r in rows if r.assignment.assignee_id == user.pk]
    elif only == "open":
        rows = [r for r in rows if r.is_open]
    return sorted(rows, key=lambda r: (_ORDER[r.status], r.due, r.child.legal_last_name, r.advice.pk))


def documents_for(user: User, assignment: AdviceAssignment) -> QuerySet[Document]:
    """Documents the service's members sent about the child of this request."""
    members = AdviserMembership.objects.filter(service__in=services_for(user)).values("user_id")
    return Document.objects.filter(
        child_id=assignment.advice_request.request.child_id, created_by_id__in=members
    ).order_by("-created_at")


def document_for_user(user: User, assignment: AdviceAssignment, pk: int) -> Document:
    try:
        return documents_for(user, assignment).get(pk=pk)
    except Document.DoesNotExist:
        raise Http404("No such document") from None
