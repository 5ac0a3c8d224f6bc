"""What a family may read: only the children their account is currently linked to (FamilyLink), and of
those only what is meant for the family (events and documents marked visible to the family).

Every read here starts from `linked_children`, so nothing reaches a family page without the link check.
Staff reads of portal things (questions, views, links) are at the end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from sendcase import statutory
from sendcase.assessments.deadlines import request_deadlines
from sendcase.assessments.models import OPEN_STATUSES, AssessmentRequest, RequestStatus, StepException
from sendcase.assessments.stages import STAGE_TEXT
from sendcase.caseload.models import Allocation
from sendcase.core import permissions
from sendcase.core.models import User
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Child, Document
from sendcase.plans.models import AnnualReview, EHCPlan, PlanStatus
from sendcase.plans.services.reviews import OPEN_REVIEW_STATUSES, review_deadlines

from ..models import FamilyLink, Question, QuestionStatus
from .models import FamilyInvitation, FamilyViews

TIMELINE_LIMIT = 100


def linked_children(user: User) -> QuerySet[Child]:
    if not permissions.is_family_user(user):
        return Child.objects.none()
    return Child.objects.filter(family_links__user=user, family_links__ended_at__isnull=True).distinct()


def child_for_family(user: User, pk: int) -> Child:
    """The child if this account is linked to them now; otherwise 404 (their existence is not revealed)."""
    return get_object_or_404(linked_children(user), pk=pk)


def current_links(user: User) -> dict[int, str]:
    """The user's linked children now: child id -> what they act as (one query, for the page's checks)."""
    if not permissions.is_family_user(user):
        return {}
    return dict(
        FamilyLink.objects.filter(user=user, ended_at__isnull=True).values_list("child_id", "acts_as")
    )


def current_link(user: User, child: Child) -> FamilyLink | None:
    return FamilyLink.objects.filter(user=user, child=child, ended_at__isnull=True).first()


def family_documents(user: User, child: Child) -> QuerySet[Document]:
    return Document.objects.filter(child__in=linked_children(user), child=child, visible_to_family=True)


def family_document(user: User, child: Child, pk: int) -> Document:
    return get_object_or_404(family_documents(user, child), pk=pk)


def family_questions(user: User, child: Child) -> QuerySet[Question]:
    return Question.objects.filter(child__in=linked_children(user), child=child)


def family_question(user: User, child: Child, pk: int) -> Question:
    return get_object_or_404(family_questions(user, child), pk=pk)


def family_timeline(user: User, child: Child) -> QuerySet[CaseEvent]:
    """Events meant for the family. Only the summary is shown: reasons can hold staff's working notes."""
    return CaseEvent.objects.filter(
        child__in=linked_children(user), child=child, visible_to_family=True
    ).only("kind", "summary", "occurred_on", "child_id")[:TIMELINE_LIMIT]


# --- The child's page: where the case is, what happens next and by when -----------------------------

# The staff labels of each statutory step, said the way a family reads them.
_FAMILY_STEP = {
    "decision": "We decide whether to carry out an EHC needs assessment",
    "not_issue": "We decide whether to issue an EHC plan",
    "draft": "We send you the draft EHC plan",
    "comments": "Your 15 days to comment on the draft plan end",
    "final_plan": "We issue the final EHC plan",
    "meeting": "The annual review meeting is held",
    "notice": "You get notice of the review meeting",
    "advice": "Advice is sent out before the review meeting",
    "report": "The review report is sent",
    "amended_plan": "We issue the amended EHC plan",
}


@dataclass(frozen=True)
class FamilyStep:
    label: str
    due: dt.date
    days_left: int | None
    late: bool
    excepted: bool
    source: str
    why: str = ""


def _family_label(key: str, label: str) -> str:
    prefix = key.split(":", 1)[0]
    if prefix == "advice" and ":" in key:
        return f"{label} is sent to us"
    if prefix == "consultation":
        return label.replace("Answer from", "We hear back from", 1)
    if prefix == "decision" and label.startswith("Notify"):
        return "You are told the decision after the review"
    return _FAMILY_STEP.get(prefix, label)


def _why_late(key: str, excepted_reasons: dict[str, str]) -> str:
    prefix = key.split(":", 1)[0]
    if prefix in excepted_reasons:
        return f"The time limit does not apply because of an exception: {excepted_reasons[prefix]}."
    if prefix == "advice":
        return "We are still waiting for this advice. Your case officer is chasing it."
    if prefix == "consultation":
        return "We are still waiting for the school or setting to answer."
    return "We have not done this yet. We are sorry for the delay: your case officer can tell you more."


@dataclass
class ChildPage:
    child: Child
    acts_as: str
    stage_heading: str
    stage_text: str
    steps: list[FamilyStep]
    next_step: FamilyStep | None
    late_steps: list[FamilyStep]
    exceptions: list[StepException]
    plan: EHCPlan | None
    review: AnnualReview | None
    officer: User | None
    team_name: str
    draft_request: AssessmentRequest | None
    draft_comments_end: dt.date | None
    documents: list[Document]
    questions: list[Question]
    events: list[CaseEvent] = field(default_factory=list)


def _current_request(child: Child) -> AssessmentRequest | None:
    requests = list(child.assessment_requests.order_by("-received_on", "-pk")[:5])
    open_ = [r for r in requests if r.status in OPEN_STATUSES]
    return open_[0] if open_ else (requests[0] if requests else None)


def child_page(user: User, child: Child, *, as_of: dt.date, acts_as: str) -> ChildPage:
    """Everything the family's child page shows, in a fixed number of queries. The caller has checked
    the link (`acts_as` is what it says the user acts as)."""
    request = _current_request(child)
    plan = EHCPlan.objects.filter(child=child, status=PlanStatus.ACTIVE).first()
    review = (
        plan.reviews.filter(status__in=OPEN_REVIEW_STATUSES).order_by("-due_on", "-pk").first()
        if plan
        else None
    )
    steps: list[FamilyStep] = []
    exceptions: list[StepException] = []
    stage_heading, stage_text = "", ""
    if request is not None and (request.status in OPEN_STATUSES or plan is None):
        exceptions = list(request.exceptions.all())
        excepted = {e.step: e.reason_label for e in exceptions if e.starts_on <= as_of}
        advice_requests = list(request.advice_requests.all())
        for advice in advice_requests:
            if advice.exception_reason:
                excepted[f"advice:{advice.pk}"] = advice.exception_label
        deadlines = request_deadlines(
            request,
            advice_requests,
            list(request.consultations.select_related("establishment")),
            exceptions,
            as_of,
        )
        for d in deadlines:
            if d.done is not None or not (d.is_open or d.key == "comments"):
                continue
            if d.key == "comments" and (d.days_left is None or request.family_comments_received_on):
                continue
            why_key = d.key if d.key.startswith("advice:") else d.key.split(":", 1)[0]
            steps.append(
                FamilyStep(
                    label=_family_label(d.key, d.label),
                    due=d.due,
                    days_left=d.days_left,
                    late=d.is_overdue,
                    excepted=d.excepted,
                    source=d.source,
                    why=_why_late(why_key, excepted) if (d.is_overdue or d.excepted) else "",
                )
            )
        stage_heading = request.get_status_display()
        stage_text = STAGE_TEXT[request.status]
    elif plan is not None:
        stage_heading = "Your child has an EHC plan"
        stage_text = (
            f"The EHC plan has been in force since {plan.issued_on:%-d %B %Y}. It must be reviewed at least "
            "once every 12 months."
        )
        if review is not None:
            for d in review_deadlines(review, as_of):
                if d.done is not None or not (d.is_open or d.key == "comments") or d.days_left is None:
                    continue
                steps.append(
                    FamilyStep(
                        _family_label(d.key, d.label),
                        d.due,
                        d.days_left,
                        d.is_overdue,
                        False,
                        d.source,
                        _why_late(d.key, {}) if d.is_overdue else "",
                    )
                )
        elif plan.review_due is not None:
            days = statutory.days_between(as_of, plan.review_due)
            steps.append(
                FamilyStep(
                    "The next annual review meeting is held",
                    plan.review_due,
                    days,
                    days < 0,
                    False,
                    "CFA s.44(1)",
                    _why_late("meeting", {}) if days < 0 else "",
                )
            )
    else:
        stage_heading = "No request for an assessment yet"
        stage_text = "There is no request for an EHC needs assessment on your child's record at the moment."
    steps.sort(key=lambda s: s.due)
    upcoming = [s for s in steps if not s.late]
    allocation = (
        Allocation.objects.filter(child=child, ended_at__isnull=True)
        .select_related("officer", "team")
        .first()
    )
    draft_request = None
    comments_end = None
    if (
        request is not None
        and request.status == RequestStatus.DRAFT_SERVED
        and request.family_comments_received_on is None
    ):
        comments_end = statutory.draft_comment_period_ends(request.draft_served_on)
        draft_request = request if as_of <= comments_end else None
    return ChildPage(
        child=child,
        acts_as=acts_as,
        stage_heading=stage_heading,
        stage_text=stage_text,
        steps=steps,
        next_step=upcoming[0] if upcoming else (steps[0] if steps else None),
        late_steps=[s for s in steps if s.late or s.excepted],
        exceptions=exceptions,
        plan=plan,
        review=review,
        officer=allocation.officer if allocation else None,
        team_name=allocation.team.name if allocation else "",
        draft_request=draft_request,
        draft_comments_end=comments_end,
        documents=list(family_documents(user, child)[:50]),
        questions=list(family_questions(user, child).select_related("answered_by")[:20]),
        events=list(family_timeline(user, child)),
    )


def event_label(kind: str) -> str:
    try:
        return EventKind(kind).label
    except ValueError:
        return ""


# --- Staff reads --------------------------------------------------------------------------------------


def questions_for_staff(user: User, child: Child) -> QuerySet[Question]:
    if not permissions.can_read_records(user):
        return Question.objects.none()
    return Question.objects.filter(child=child).select_related("asked_by", "answered_by")


def question_for_staff(user: User, pk: int) -> Question:
    if not permissions.can_read_records(user):
        return get_object_or_404(Question.objects.none(), pk=pk)
    return get_object_or_404(Question.objects.select_related("child", "asked_by"), pk=pk)


def overdue_questions_for_officer(officer: User, *, as_of: dt.date) -> QuerySet[Question]:
    """Open questions past their answer-by date about children the officer holds now."""
    return (
        Question.objects.filter(
            status=QuestionStatus.OPEN,
            respond_by__lt=as_of,
            child__allocations__officer=officer,
            child__allocations__ended_at__isnull=True,
        )
        .select_related("child")
        .order_by("respond_by", "pk")
    )


def links_for_staff(user: User, child: Child) -> QuerySet[FamilyLink]:
    if not permissions.can_read_records(user):
        return FamilyLink.objects.none()
    return FamilyLink.objects.filter(child=child).select_related("user", "verified_by")


def invitations_for_staff(user: User, child: Child) -> QuerySet[FamilyInvitation]:
    if not permissions.can_read_records(user):
        return FamilyInvitation.objects.none()
    return FamilyInvitation.objects.filter(
        child=child, accepted_at__isnull=True, cancelled_at__isnull=True
    ) | FamilyInvitation.objects.filter(child=child, accepted_at__isnull=False, verified_at__isnull=True)


def views_for_staff(user: User, child: Child) -> QuerySet[FamilyViews]:
    if not permissions.can_read_records(user):
        return FamilyViews.objects.none()
    return FamilyViews.objects.filter(child=child).select_related("created_by", "document")
