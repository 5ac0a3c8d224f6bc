"""Generating a case's documents: build the content, render the PDF, store it on the child's record as
a people.Document tied to the part of the case it came from, and audit it.

    document_generate(acting_user=officer, kind=GeneratedKind.PLAN, subject=version)

`subject` is what the document is about, and is stored as the Document's subject_type/subject_id:
a PlanVersion (the plan itself, or the letter that goes with an issued version), an AnnualReview (the
review decision, the amendment notice), a Cessation (the cease notice) or an AssessmentRequest (a
refusal to assess or to issue).
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from sendcase.assessments.models import AssessmentRequest
from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.models import AuditAction, User
from sendcase.people.events import EventKind, case_event_record
from sendcase.people.models import Document, DocumentKind
from sendcase.plans.models import AnnualReview, Cessation, PlanVersion, VersionStatus
from sendcase.settings_data.models import Establishment

from . import letters
from .render import render_pdf

CONTENT_TYPE = "application/pdf"

Built = letters.Letter | letters.PlanDocument


class GeneratedKind(models.TextChoices):
    PLAN = "plan", "EHC plan (draft or issued)"
    FINAL_PLAN_LETTER = "final_plan_letter", "Letter with the issued plan"
    REFUSAL_LETTER = "refusal_letter", "Decision not to assess or not to issue"
    REVIEW_OUTCOME = "review_outcome", "Annual review decision"
    AMENDMENT_NOTICE = "amendment_notice", "Amendment notice"
    CEASE_NOTICE = "cease_notice", "Decision to cease the plan"


# The kind of subject each document is about.
SUBJECTS: dict[str, type[models.Model]] = {
    GeneratedKind.PLAN: PlanVersion,
    GeneratedKind.FINAL_PLAN_LETTER: PlanVersion,
    GeneratedKind.REFUSAL_LETTER: AssessmentRequest,
    GeneratedKind.REVIEW_OUTCOME: AnnualReview,
    GeneratedKind.AMENDMENT_NOTICE: AnnualReview,
    GeneratedKind.CEASE_NOTICE: Cessation,
}


def _latest_issued(plan) -> PlanVersion | None:
    return plan.versions.filter(status=VersionStatus.ISSUED).order_by("-number").first()


def _names(version: PlanVersion) -> dict[int, str]:
    est = (version.content.get("I") or {}).get("establishment_id")
    if not est:
        return {}
    return dict(Establishment.objects.filter(pk=est).values_list("pk", "name"))


def build(kind: str, subject: models.Model, *, served_on: dt.date | None = None) -> Built:
    """The content of the document of `kind` about `subject` (ServiceError if it does not apply)."""
    if kind not in GeneratedKind.values:
        raise ServiceError("Select which document to generate", field="kind")
    if not isinstance(subject, SUBJECTS[kind]):
        raise ServiceError("This document cannot be made from that part of the case", field="subject")
    today = timezone.localdate()
    if kind == GeneratedKind.PLAN:
        return letters.plan_document(subject, names=_names(subject), served_on=served_on, today=today)
    if kind == GeneratedKind.FINAL_PLAN_LETTER:
        return letters.final_plan_letter(subject)
    if kind == GeneratedKind.REFUSAL_LETTER:
        return letters.refusal_letter(subject)
    if kind == GeneratedKind.REVIEW_OUTCOME:
        return letters.review_outcome_letter(subject, latest=_latest_issued(subject.plan))
    if kind == GeneratedKind.AMENDMENT_NOTICE:
        return letters.amendment_notice_letter(subject, today=today)
    return letters.cease_notice_letter(subject, latest=_latest_issued(subject.plan), today=today)


def render(document: Built) -> bytes:
    """The PDF of built content."""
    return render_pdf(document.template, {"doc": document})


def _visible_to_family(document: Built) -> bool:
    # Letters and issued plans go to the family; a draft is checked by the officer before it is served.
    if isinstance(document, letters.PlanDocument):
        return not document.is_draft
    return True


def filename_for(document: Built) -> str:
    return f"{slugify(document.title)[:150] or 'document'}.pdf"


def document_preview(
    *, user: User, kind: str, subject: models.Model, served_on: dt.date | None = None
) -> tuple[Built, bytes]:
    """Render without storing, for staff to check; audited as a view of the subject."""
    if not permissions.can_read_records(user):
        raise NotPermitted()
    built = build(kind, subject, served_on=served_on)
    pdf = render(built)
    audit_record(
        user=user,
        action=AuditAction.VIEW,
        obj=subject,
        child_id=built.child.pk,
        summary=f"Previewed PDF: {built.title}",
    )
    return built, pdf


def document_generate(
    *,
    acting_user: User,
    kind: str,
    subject: models.Model,
    served_on: dt.date | None = None,
) -> Document:
    """Render the document and store it on the child's record, tied to `subject`.

    The Document's kind is draft_plan, final_plan or decision_letter; letters and issued plans are
    visible to the family, drafts are not until served. Writes an audit entry (create) and a case event
    (DOCUMENT_GENERATED) in the same transaction as the row; the file is removed if the rows fail.
    """
    if not permissions.can_edit_cases(acting_user):
        raise NotPermitted()
    built = build(kind, subject, served_on=served_on)
    pdf = render(built)
    actor = acting_user if acting_user is not None and acting_user.pk else None
    name = filename_for(built)
    visible = _visible_to_family(built)
    version = built.version
    document = Document(
        child=built.child,
        title=built.title,
        kind=built.kind if built.kind in DocumentKind.values else DocumentKind.OTHER,
        file=ContentFile(pdf, name=name),
        original_name=name,
        content_type=CONTENT_TYPE,
        size=len(pdf),
        subject_type=subject._meta.model_name,
        subject_id=subject.pk,
        visible_to_family=visible,
        created_by=actor,
        updated_by=actor,
    )
    try:
        with transaction.atomic():
            document.save()
            audit_record(
                user=acting_user,
                action=AuditAction.CREATE,
                obj=document,
                summary=f"Generated a PDF: {built.title}",
            )
            case_event_record(
                actor=actor,
                child=built.child,
                subject=document,
                kind=EventKind.DOCUMENT_GENERATED,
                occurred_on=timezone.localdate(),
                summary=f"Document generated: {built.title}",
                visible_to_family=visible,
                data={
                    "document_id": document.pk,
                    "generated": kind,
                    "subject_type": document.subject_type,
                    "subject_id": document.subject_id,
                    "version_id": version.pk if version is not None else None,
                    "version_number": version.number if version is not None else None,
                },
            )
    except Exception:
        if document.file and document.file._committed:
            document.file.delete(save=False)
        raise
    return document
