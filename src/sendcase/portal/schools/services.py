"""What school and setting staff send through the portal.

Each function checks that the user works at the establishment linked to the thing they are answering
(their membership is current and the child is on the roll or the school is the one consulted), that the
step is still open, and then calls the authority's own service for the step inside
`acting_through_portal`, so the case records exactly what it would if an officer had typed it in, with
the school's member of staff as the actor. Documents go through `people.services.document_upload`.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from sendcase.assessments import services as assessment_services
from sendcase.assessments.models import (
    OPEN_STATUSES,
    AdviceRequest,
    AdviserType,
    AssessmentRequest,
    Consultation,
    ConsultationOutcome,
    RequestSource,
)
from sendcase.core.audit import audit_record
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError
from sendcase.core.models import AuditAction, User
from sendcase.core.service_checks import acting_through_portal, today
from sendcase.people.events import EventKind, case_event_record
from sendcase.people.models import Child, DocumentKind
from sendcase.people.services import document_upload
from sendcase.people.uploads import check_upload
from sendcase.plans.models import AnnualReview, ReviewStatus
from sendcase.plans.services import reviews as review_services

from . import selectors


def _require_school(user: User, establishment_id: int) -> None:
    if not selectors.establishments_for(user).filter(pk=establishment_id).exists():
        raise NotPermitted()


def _require_pupil(user: User, child: Child) -> int:
    """The establishment (of the user's) the child is on the roll of today, or NotPermitted."""
    placement = selectors.current_placements(user, today()).filter(child=child).first()
    if placement is None:
        raise NotPermitted()
    return placement.establishment_id


@transaction.atomic
def school_consultation_answer(
    *,
    acting_user: User,
    consultation: Consultation,
    outcome: str,
    conditions: str = "",
    evidence: UploadedFile | None = None,
) -> Consultation:
    """Answer a consultation on naming the school in a child's plan (CFA s.39-40), dated today."""
    _require_school(acting_user, consultation.establishment_id)
    consultation = Consultation.objects.select_related("request__child", "establishment").get(
        pk=consultation.pk
    )
    if consultation.answered_on is not None or consultation.request.status not in OPEN_STATUSES:
        raise InvalidTransition("This consultation is closed: it has been answered or the case has moved on.")
    if outcome not in ConsultationOutcome.values:
        raise ServiceError("Select whether the school can meet the child's needs", field="outcome")
    conditions = conditions.strip()
    if outcome == ConsultationOutcome.CAN_MEET_WITH_CONDITIONS and not conditions:
        raise ServiceError("Enter the conditions the school needs", field="conditions")
    if outcome == ConsultationOutcome.CANNOT_MEET and not conditions:
        raise ServiceError("Enter why the school cannot meet the child's needs", field="conditions")
    if evidence is not None:
        check_upload(evidence)
    with acting_through_portal(acting_user):
        answered = assessment_services.consultation_answer_record(
            acting_user=acting_user,
            consultation=consultation,
            answered_on=today(),
            outcome=outcome,
            notes=conditions,
        )
        if evidence is not None:
            document_upload(
                acting_user=acting_user,
                child=consultation.request.child,
                uploaded_file=evidence,
                title=f"Evidence with the consultation answer from {consultation.establishment.name}"[:200],
                kind=DocumentKind.EVIDENCE,
                subject=consultation.request,
            )
    return answered


@transaction.atomic
def school_education_advice_submit(
    *, acting_user: User, advice: AdviceRequest, uploaded_file: UploadedFile | None, title: str = ""
) -> AdviceRequest:
    """Send education advice (Regs 6(1)(b)): the document, and the advice recorded as received today."""
    advice = AdviceRequest.objects.select_related("request__child").get(pk=advice.pk)
    _require_pupil(acting_user, advice.request.child)
    if advice.adviser_type != AdviserType.EDUCATION:
        raise NotPermitted()
    if advice.received_on is not None or advice.request.status not in OPEN_STATUSES:
        raise InvalidTransition("This advice has already been received or the case has moved on.")
    check_upload(uploaded_file)
    with acting_through_portal(acting_user):
        received = assessment_services.advice_receipt_record(
            acting_user=acting_user, advice=advice, received_on=today()
        )
        document_upload(
            acting_user=acting_user,
            child=advice.request.child,
            uploaded_file=uploaded_file,
            title=(title or "").strip() or "Education advice",
            kind=DocumentKind.ADVICE,
            subject=advice.request,
        )
    return received


@transaction.atomic
def school_review_paperwork_submit(
    *,
    acting_user: User,
    review: AnnualReview,
    uploaded_file: UploadedFile | None,
    title: str = "",
    is_report: bool = False,
) -> AnnualReview:
    """Send paperwork for a pupil's annual review, or (after the meeting) the review report, which is
    recorded as received today through the review service (Regs 20(7)-(8), 21(7))."""
    review = AnnualReview.objects.select_related("plan__child").get(pk=review.pk)
    child = review.plan.child
    _require_pupil(acting_user, child)
    if review.status not in selectors.REVIEW_TASK_STATUSES:
        raise InvalidTransition("This annual review no longer takes paperwork from the school.")
    if is_report and review.status != ReviewStatus.HELD:
        raise ServiceError(
            "You can send the review report once the meeting has been recorded as held. "
            "Send this as paperwork for the review instead.",
            field="is_report",
        )
    check_upload(uploaded_file)
    what = "Annual review report" if is_report else "Annual review paperwork"
    with acting_through_portal(acting_user):
        if is_report:
            review = review_services.review_report_received(
                acting_user=acting_user, review=review, received_on=today()
            )
        document = document_upload(
            acting_user=acting_user,
            child=child,
            uploaded_file=uploaded_file,
            title=(title or "").strip() or what,
            kind=DocumentKind.OTHER,
            subject=review.plan,
        )
    case_event_record(
        actor=acting_user,
        child=child,
        subject=review,
        kind=EventKind.REVIEW_PAPERWORK_SUBMITTED,
        occurred_on=today(),
        summary=f"{what} sent by the school: {document.title}",
        data={
            "review_id": review.pk,
            "plan_id": review.plan_id,
            "document_id": document.pk,
            "report": is_report,
        },
    )
    audit_record(user=acting_user, action=AuditAction.CREATE, obj=review, child_id=child.pk, summary=what)
    return review


@transaction.atomic
def school_assessment_request(
    *, acting_user: User, child: Child, summary: str, evidence: UploadedFile | None
) -> AssessmentRequest:
    """A school's request for an EHC needs assessment for a pupil on its roll (CFA s.36(1)), received
    today: it starts the 20-week clock and reaches the officers' worklist as a new request."""
    establishment_id = _require_pupil(acting_user, child)
    summary = summary.strip()
    if not summary:
        raise ServiceError("Enter why the school is asking for an assessment", field="summary")
    check_upload(evidence)
    establishment = selectors.establishments_for(acting_user).get(pk=establishment_id)
    with acting_through_portal(acting_user):
        request = assessment_services.request_record(
            acting_user=acting_user,
            child=child,
            received_on=today(),
            source=RequestSource.SCHOOL,
            requester_name=f"{acting_user.display_name}, {establishment.name}"[:200],
            requesting_establishment=establishment,
            summary=summary,
        )
        document_upload(
            acting_user=acting_user,
            child=child,
            uploaded_file=evidence,
            title=f"Evidence with the request from {establishment.name}"[:200],
            kind=DocumentKind.EVIDENCE,
            subject=request,
        )
    return request
