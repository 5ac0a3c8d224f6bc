"""What families do online: give their views, answer a draft plan, send evidence, ask a question; and
the officer's answer to a question.

Every family write checks that the acting user is currently linked to the child (FamilyLink), runs in
one transaction, and writes an audit entry and a case event the officer sees on the case.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from sendcase import statutory
from sendcase.assessments.models import AssessmentRequest, RequestStatus
from sendcase.assessments.services import draft_response_record
from sendcase.core.audit import audit_record
from sendcase.core.errors import InvalidTransition, ServiceError
from sendcase.core.models import AuditAction, User
from sendcase.core.service_checks import actor, require_editor, today
from sendcase.people.events import EventKind, case_event_record
from sendcase.people.models import Child, Document, DocumentKind
from sendcase.people.uploads import check_upload, original_name
from sendcase.settings_data.models import Establishment

from ..models import Question, QuestionStatus
from .access import require_linked
from .models import FamilyViews
from .working_days import add_working_days

QUESTION_WORKING_DAYS = 10
TEXT_MAX = 5_000


def _text(value: str, *, field: str, label: str, required: bool = False, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(f"Enter {label}", field=field)
    if len(value) > limit:
        raise ServiceError(
            f"{label[0].upper()}{label[1:]} must be {limit:,} characters or fewer", field=field
        )
    return value


def _store_document(
    *, acting_user: User, child: Child, uploaded_file: UploadedFile, title: str, kind: str, stored: _Stored
) -> Document:
    """A file from the family, checked as the staff upload checks it (type by content, size)."""
    content_type = check_upload(uploaded_file)
    document = Document(
        child=child,
        title=title[:200],
        kind=kind,
        file=uploaded_file,
        original_name=original_name(uploaded_file.name),
        content_type=content_type,
        size=uploaded_file.size,
        # The family sent it, so they may see it again.
        visible_to_family=True,
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    stored.documents.append(document)
    document.save()
    audit_record(
        user=acting_user, action=AuditAction.CREATE, obj=document, summary="Family uploaded a document"
    )
    return document


class _Stored:
    """Files stored during a write, removed again if the write fails (so no orphan file is left)."""

    def __init__(self) -> None:
        self.documents: list[Document] = []

    def __enter__(self) -> _Stored:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            for document in self.documents:
                if document.file and document.file._committed:
                    document.file.delete(save=False)


def views_give(
    *,
    acting_user: User,
    child: Child,
    about_me: str = "",
    what_matters: str = "",
    hopes: str = "",
    how_to_support: str = "",
    uploaded_file: UploadedFile | None = None,
) -> FamilyViews:
    """The child's and family's views, interests and aspirations for section A of the plan."""
    with _Stored() as stored, transaction.atomic():
        return _views_give(
            acting_user, child, about_me, what_matters, hopes, how_to_support, uploaded_file, stored
        )


def _views_give(acting_user, child, about_me, what_matters, hopes, how_to_support, uploaded_file, stored):
    require_linked(acting_user, child)
    texts = {
        "about_me": _text(about_me, field="about_me", label="what people should know about the child"),
        "what_matters": _text(what_matters, field="what_matters", label="what matters most"),
        "hopes": _text(hopes, field="hopes", label="hopes for the future"),
        "how_to_support": _text(how_to_support, field="how_to_support", label="how best to support them"),
    }
    if not any(texts.values()) and uploaded_file is None:
        raise ServiceError("Write your views in at least one box, or upload a document", field="about_me")
    document = None
    if uploaded_file is not None:
        document = _store_document(
            acting_user=acting_user,
            child=child,
            uploaded_file=uploaded_file,
            title="Views, wishes and feelings (section A)",
            kind=DocumentKind.EVIDENCE,
            stored=stored,
        )
    views = FamilyViews.objects.create(
        child=child,
        document=document,
        given_on=today(),
        created_by=acting_user,
        updated_by=acting_user,
        **texts,
    )
    case_event_record(
        actor=acting_user,
        child=child,
        subject=views,
        kind=EventKind.VIEWS_GIVEN,
        occurred_on=views.given_on,
        summary=f"Views for section A given online by {acting_user.display_name}",
        reason="\n\n".join(text for text in texts.values() if text),
        data={"family_views_id": views.pk, "document_id": getattr(document, "pk", None)},
    )
    audit_record(user=acting_user, action=AuditAction.CREATE, obj=views, summary="Gave views for section A")
    return views


def evidence_upload(
    *, acting_user: User, child: Child, uploaded_file: UploadedFile | None, title: str
) -> Document:
    """Evidence the family sends (a report, a letter); officers see it on the child's record."""
    with _Stored() as stored, transaction.atomic():
        return _evidence_upload(acting_user, child, uploaded_file, title, stored)


def _evidence_upload(acting_user, child, uploaded_file, title, stored) -> Document:
    require_linked(acting_user, child)
    title = _text(title, field="title", label="a title for the document", required=True, limit=200)
    if uploaded_file is None:
        raise ServiceError("Select a file", field="file")
    document = _store_document(
        acting_user=acting_user,
        child=child,
        uploaded_file=uploaded_file,
        title=title,
        kind=DocumentKind.EVIDENCE,
        stored=stored,
    )
    case_event_record(
        actor=acting_user,
        child=child,
        subject=document,
        kind=EventKind.DOCUMENT_UPLOADED,
        occurred_on=today(),
        summary=f"Document sent online by {acting_user.display_name}: {title}",
    )
    return document


def draft_awaiting_response(child: Child) -> AssessmentRequest | None:
    """The request whose draft plan is with the family and still open for their comments, if any."""
    request = (
        AssessmentRequest.objects.filter(
            child=child, status=RequestStatus.DRAFT_SERVED, family_comments_received_on__isnull=True
        )
        .order_by("-draft_served_on")
        .first()
    )
    if request is None or today() > statutory.draft_comment_period_ends(request.draft_served_on):
        return None
    return request


def draft_response_give(
    *,
    acting_user: User,
    child: Child,
    comments: str,
    preferred_establishment: Establishment | None,
    preference_notes: str = "",
    meeting_requested: bool = False,
) -> AssessmentRequest:
    """The family's own answer to the draft plan, within its 15-day comment period (Regs 13(1)).

    Checks the link and the open period, then records it through the assessment service, so the case's
    state, tracking and history change exactly as when an officer records a response."""
    require_linked(acting_user, child)
    request = draft_awaiting_response(child)
    if request is None:
        raise InvalidTransition(
            "There is no draft plan waiting for your comments. If you think there should be, ask a question "
            "or contact your case officer."
        )
    comments = _text(comments, field="comments", label="your comments on the draft plan")
    if not comments and preferred_establishment is None and not meeting_requested:
        raise ServiceError(
            "Enter your comments, choose a school or setting, or ask for a meeting", field="comments"
        )
    return draft_response_record(
        acting_user=acting_user,
        request=request,
        received_on=today(),
        preferred_establishment=preferred_establishment,
        preference_notes=_text(preference_notes, field="preference_notes", label="why", limit=300),
        meeting_requested=meeting_requested,
        comments=comments,
    )


@transaction.atomic
def question_ask(*, acting_user: User, child: Child, subject: str, text: str) -> Question:
    """A question to the SEND team; we aim to answer within 10 working days."""
    require_linked(acting_user, child)
    subject = _text(subject, field="subject", label="a subject", required=True, limit=150)
    text = _text(text, field="text", label="your question", required=True)
    asked_on = today()
    question = Question.objects.create(
        child=child,
        asked_by=acting_user,
        subject=subject,
        text=text,
        asked_on=asked_on,
        respond_by=add_working_days(asked_on, QUESTION_WORKING_DAYS),
        created_by=acting_user,
        updated_by=acting_user,
    )
    case_event_record(
        actor=acting_user,
        child=child,
        subject=question,
        kind=EventKind.QUESTION_ASKED,
        occurred_on=asked_on,
        summary=f"Question asked online: {subject}",
        data={"question_id": question.pk},
    )
    audit_record(user=acting_user, action=AuditAction.CREATE, obj=question, summary="Asked a question")
    return question


@transaction.atomic
def question_answer(*, acting_user: User, question: Question, answer: str) -> Question:
    """The officer's answer, which the family sees on their child's page."""
    require_editor(acting_user)
    answer = _text(answer, field="answer", label="the answer", required=True)
    question = Question.objects.select_for_update().select_related("child").get(pk=question.pk)
    if question.status != QuestionStatus.OPEN:
        raise InvalidTransition("This question has already been answered.")
    question.status = QuestionStatus.ANSWERED
    question.answer = answer
    question.answered_by = acting_user
    question.answered_on = today()
    question.updated_by = acting_user
    question.save()
    on_time = question.answered_on <= question.respond_by
    case_event_record(
        actor=acting_user,
        child=question.child,
        subject=question,
        kind=EventKind.QUESTION_ANSWERED,
        occurred_on=question.answered_on,
        summary=f"Question answered: {question.subject}",
        data={"question_id": question.pk, "on_time": on_time},
    )
    audit_record(user=acting_user, action=AuditAction.UPDATE, obj=question, summary="Answered a question")
    return question


__all__ = [
    "draft_awaiting_response",
    "draft_response_give",
    "evidence_upload",
    "question_answer",
    "question_ask",
    "views_give",
]
