"""What a school or setting may see, with the object-level filter applied here and nowhere else.

A member of staff at an establishment (a current SchoolMembership, role SCHOOL) sees a child only if the
child is on its roll today (a current placement there) or the establishment is consulted about them.
Education advice is asked of the school a child attends: AdviserService is not tied to an establishment,
so education advice is shown only for children on the roll.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from sendcase import statutory
from sendcase.assessments.models import (
    OPEN_STATUSES,
    AdviceRequest,
    AdviserType,
    Consultation,
)
from sendcase.core import permissions
from sendcase.core.models import User
from sendcase.people.models import Child, Document
from sendcase.plans.models import AnnualReview, Placement, ReviewStatus
from sendcase.settings_data.models import Establishment

from ..models import SchoolMembership

# Reviews the school still has something to send for: before the meeting, and after it until the report.
REVIEW_TASK_STATUSES = frozenset({ReviewStatus.DUE, ReviewStatus.SCHEDULED, ReviewStatus.HELD})


def is_school_user(user: User) -> bool:
    return permissions.is_school_user(user)


def establishments_for(user: User) -> QuerySet[Establishment]:
    """The establishments the user works at now (none for anyone who is not school staff)."""
    if not is_school_user(user):
        return Establishment.objects.none()
    return Establishment.objects.filter(
        pk__in=SchoolMembership.objects.filter(user=user, ended_at__isnull=True).values("establishment_id")
    ).order_by("name")


def current_placements(user: User, as_of: dt.date) -> QuerySet[Placement]:
    return Placement.objects.filter(establishment__in=establishments_for(user), entry_on__lte=as_of).filter(
        Q(leaving_on__isnull=True) | Q(leaving_on__gte=as_of)
    )


def pupils_on_roll(user: User, as_of: dt.date) -> QuerySet[Child]:
    return Child.objects.filter(pk__in=current_placements(user, as_of).values("child_id"))


def consultations_for(user: User) -> QuerySet[Consultation]:
    return Consultation.objects.filter(establishment__in=establishments_for(user)).select_related(
        "establishment", "request__child"
    )


def children_visible_to(user: User, as_of: dt.date) -> QuerySet[Child]:
    """Pupils on the roll, and children the school is consulted about."""
    return Child.objects.filter(
        Q(pk__in=current_placements(user, as_of).values("child_id"))
        | Q(pk__in=consultations_for(user).values("request__child_id"))
    )


def child_for_user(user: User, pk: int, as_of: dt.date) -> Child:
    try:
        return children_visible_to(user, as_of).get(pk=pk)
    except Child.DoesNotExist:
        raise Http404("No such pupil") from None


def pupil_for_user(user: User, pk: int, as_of: dt.date) -> Child:
    """A pupil on the roll (not merely consulted about): for requests, advice and reviews."""
    try:
        return pupils_on_roll(user, as_of).get(pk=pk)
    except Child.DoesNotExist:
        raise Http404("No such pupil") from None


def establishment_of_pupil(user: User, child: Child, as_of: dt.date) -> Establishment:
    placement = current_placements(user, as_of).filter(child=child).select_related("establishment").first()
    if placement is None:
        raise Http404("No such pupil")
    return placement.establishment


def consultation_for_user(user: User, pk: int) -> Consultation:
    try:
        return consultations_for(user).get(pk=pk)
    except Consultation.DoesNotExist:
        raise Http404("No such consultation") from None


def open_consultations(user: User) -> QuerySet[Consultation]:
    return consultations_for(user).filter(answered_on__isnull=True, request__status__in=OPEN_STATUSES)


def education_advice_for(user: User, as_of: dt.date) -> QuerySet[AdviceRequest]:
    return AdviceRequest.objects.filter(
        adviser_type=AdviserType.EDUCATION, request__child__in=pupils_on_roll(user, as_of)
    ).select_related("request__child")


def open_education_advice(user: User, as_of: dt.date) -> QuerySet[AdviceRequest]:
    return education_advice_for(user, as_of).filter(
        received_on__isnull=True, request__status__in=OPEN_STATUSES
    )


def education_advice_for_user(user: User, pk: int, as_of: dt.date) -> AdviceRequest:
    try:
        return education_advice_for(user, as_of).get(pk=pk)
    except AdviceRequest.DoesNotExist:
        raise Http404("No such request for advice") from None


def reviews_for(user: User, as_of: dt.date) -> QuerySet[AnnualReview]:
    return AnnualReview.objects.filter(plan__child__in=pupils_on_roll(user, as_of)).select_related(
        "plan__child"
    )


def open_reviews(user: User, as_of: dt.date) -> QuerySet[AnnualReview]:
    return reviews_for(user, as_of).filter(status__in=REVIEW_TASK_STATUSES)


def review_for_user(user: User, pk: int, as_of: dt.date) -> AnnualReview:
    try:
        return reviews_for(user, as_of).get(pk=pk)
    except AnnualReview.DoesNotExist:
        raise Http404("No such review") from None


def documents_for(user: User, child: Child) -> QuerySet[Document]:
    """Documents the school's own staff sent about a child it may see (the authority's papers are not
    shared through the portal)."""
    colleagues = SchoolMembership.objects.filter(establishment__in=establishments_for(user)).values("user_id")
    return Document.objects.filter(child=child, created_by_id__in=colleagues).order_by("-created_at")


def document_for_user(user: User, child: Child, pk: int) -> Document:
    try:
        return documents_for(user, child).get(pk=pk)
    except Document.DoesNotExist:
        raise Http404("No such document") from None


# --- the home page's task list -----------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    kind: str  # "consultation", "advice", "review"
    title: str
    child: Child
    due: dt.date
    due_label: str
    url: str
    as_of: dt.date

    @property
    def overdue(self) -> bool:
        return self.due < self.as_of

    @property
    def days_left(self) -> int:
        return (self.due - self.as_of).days


def school_tasks(user: User, as_of: dt.date) -> list[Task]:
    """Everything the school has to send, overdue first, then by due date."""
    from django.urls import reverse

    tasks: list[Task] = []
    for consultation in open_consultations(user):
        tasks.append(
            Task(
                "consultation",
                f"Answer the consultation about naming {consultation.establishment.name}",
                consultation.request.child,
                statutory.consultation_response_due(consultation.sent_on),
                "Answer by",
                reverse("portal:school_consultation", kwargs={"pk": consultation.pk}),
                as_of,
            )
        )
    for advice in open_education_advice(user, as_of):
        tasks.append(
            Task(
                "advice",
                "Send education advice for the EHC needs assessment",
                advice.request.child,
                statutory.advice_due(advice.requested_on),
                "Advice due by",
                reverse("portal:school_advice", kwargs={"pk": advice.pk}),
                as_of,
            )
        )
    for review in open_reviews(user, as_of):
        if review.status == ReviewStatus.HELD and review.meeting_on:
            title, due, label = (
                "Send the annual review report",
                statutory.review_report_due(review.meeting_on),
                "Report due by",
            )
        else:
            title, due, label = "Send paperwork for the annual review", review.due_on, "Review due by"
        tasks.append(
            Task(
                "review",
                title,
                review.plan.child,
                due,
                label,
                reverse("portal:school_review", kwargs={"pk": review.pk}),
                as_of,
            )
        )
    return sorted(tasks, key=lambda t: (not t.overdue, t.due, t.child.legal_last_name, t.child.pk))
