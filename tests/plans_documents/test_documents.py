"""Each generated document: a valid PDF with the child's name, the family's rights and the dates,
stored on the right child with the right subject, audited, with a case event."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase import statutory
from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Document, DocumentKind
from sendcase.plans.documents import services as ds
from sendcase.plans.documents.services import GeneratedKind
from sendcase.plans.models import CeaseReason, PlanVersion, VersionStatus
from sendcase.plans.services import cessation as cs
from sendcase.plans.services import reviews as rs
from sendcase.plans.services import versions as vs
from tests.assessments.helpers import drive_to
from tests.plans import test_versions_support as support
from tests.plans_reviews.helpers import Cycle, issued_plan, review_at, today

from .helpers import change_draft, fmt, reader, stored_pdf, text_of

DAY = dt.timedelta(days=1)


def _generate(user, kind, subject, **kwargs) -> tuple[Document, str]:
    document = ds.document_generate(acting_user=user, kind=kind, subject=subject, **kwargs)
    document.refresh_from_db()
    pdf = stored_pdf(document)
    reader(pdf)  # pypdf opens it
    return document, text_of(pdf)


def _assert_stored(document: Document, *, child, subject, kind: str, visible: bool) -> None:
    assert document.child_id == child.pk
    assert document.subject_type == subject._meta.model_name
    assert document.subject_id == subject.pk
    assert document.kind == kind
    assert document.content_type == "application/pdf"
    assert document.visible_to_family is visible
    assert document.size == len(stored_pdf(document))
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE,
        object_type="people.Document",
        object_id=str(document.pk),
        child_id=child.pk,
    ).exists()
    event = CaseEvent.objects.get(kind=EventKind.DOCUMENT_GENERATED, subject_id=document.pk)
    assert event.child_id == child.pk
    assert event.data["subject_type"] == subject._meta.model_name
    assert event.data["subject_id"] == subject.pk


@pytest.fixture
def plan(officer):
    return issued_plan(officer, days_ago=400)


@pytest.fixture
def issued(plan):
    return plan.versions.get(number=1)


# --- the plan --------------------------------------------------------------------------------------


def test_issued_plan_has_every_section_a_cover_and_no_watermark(officer, plan, issued):
    document, text = _generate(officer, GeneratedKind.PLAN, issued)
    _assert_stored(document, child=plan.child, subject=issued, kind=DocumentKind.FINAL_PLAN, visible=True)
    child = plan.child
    assert child.full_name in text
    assert fmt(child.date_of_birth) in text
    assert f"Issue date {fmt(issued.issued_on)}" in text
    for heading in (
        "Section A",
        "Section B",
        "Section E",
        "Section F",
        "Section H1",
        "Section I",
        "Section K",
    ):
        assert heading in text
    assert "Speech and language therapy" in text and "1 session each week" in text
    assert "DRAFT" not in text
    assert "version 1" in document.title and child.full_name in document.title


def test_plan_pdf_has_title_metadata_language_and_tags(officer, issued):
    document, _ = _generate(officer, GeneratedKind.PLAN, issued)
    pdf = reader(stored_pdf(document))
    assert pdf.metadata.title == document.title
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root


def test_draft_of_first_version_has_watermark_and_comment_notice(officer):
    plan = support.issued_plan(officer)
    draft = vs.draft_start(acting_user=officer, plan=plan)
    served = plan.request.draft_served_on
    document, text = _generate(officer, GeneratedKind.PLAN, draft)
    _assert_stored(document, child=plan.child, subject=draft, kind=DocumentKind.DRAFT_PLAN, visible=False)
    assert "DRAFT" in text
    assert f"served on {fmt(served)}" in text
    assert f"until {fmt(statutory.draft_comment_period_ends(served))}" in text
    assert "15 days" in text
    assert "school or other institution to be named" in text
    assert "meeting" in text
    assert "Draft" in document.title and "version 1" in document.title


def test_draft_served_on_can_be_given(officer, plan):
    draft = vs.draft_start(acting_user=officer, plan=plan)
    served = today() - 3 * DAY
    _, text = _generate(officer, GeneratedKind.PLAN, draft, served_on=served)
    assert f"until {fmt(statutory.draft_comment_period_ends(served))}" in text


def test_withdrawn_draft_is_refused(officer, plan):
    draft = vs.draft_start(acting_user=officer, plan=plan)
    vs.draft_withdraw(acting_user=officer, version=draft)
    with pytest.raises(ServiceError):
        ds.document_generate(
            acting_user=officer, kind=GeneratedKind.PLAN, subject=PlanVersion.objects.get(pk=draft.pk)
        )
    assert not Document.objects.exists()


# --- letters ---------------------------------------------------------------------------------------


def test_final_plan_letter_gives_appeal_rights_about_b_f_and_i(officer, plan, issued):
    document, text = _generate(officer, GeneratedKind.FINAL_PLAN_LETTER, issued)
    _assert_stored(
        document, child=plan.child, subject=issued, kind=DocumentKind.DECISION_LETTER, visible=True
    )
    assert plan.child.full_name in text
    assert fmt(statutory.appeal_deadline(issued.issued_on)) in text
    assert fmt(statutory.mediation_contact_deadline(issued.issued_on)) in text
    assert "section B" in text and "section F" in text and "section I" in text
    assert "only about the school" in text
    assert "version 1" in document.title


def test_final_plan_letter_refused_for_a_draft(officer, plan):
    draft = vs.draft_start(acting_user=officer, plan=plan)
    with pytest.raises(ServiceError):
        ds.document_generate(acting_user=officer, kind=GeneratedKind.FINAL_PLAN_LETTER, subject=draft)


@pytest.mark.parametrize(
    ("state", "decided_field", "heading"),
    [
        ("not_assessing", "assessment_decided_on", "Decision not to carry out an EHC needs assessment"),
        ("not_issuing", "issue_decided_on", "Decision not to issue an EHC plan"),
    ],
)
def test_refusal_letters(officer, state, decided_field, heading):
    request = drive_to(state, user=officer)
    decided = getattr(request, decided_field)
    document, text = _generate(officer, GeneratedKind.REFUSAL_LETTER, request)
    _assert_stored(
        document, child=request.child, subject=request, kind=DocumentKind.DECISION_LETTER, visible=True
    )
    assert request.child.full_name in text
    assert heading in text
    assert fmt(statutory.appeal_deadline(decided)) in text
    assert fmt(statutory.mediation_contact_deadline(decided)) in text
    assert "SENDIASS" in text and "disagreement resolution" in text


def test_refusal_letter_refused_for_an_open_case(officer):
    request = drive_to("assessing", user=officer)
    with pytest.raises(ServiceError):
        ds.document_generate(acting_user=officer, kind=GeneratedKind.REFUSAL_LETTER, subject=request)


def test_review_outcome_maintain_gives_appeal_rights(officer, plan):
    review = review_at(officer, plan, "decided", decision="maintain")
    document, text = _generate(officer, GeneratedKind.REVIEW_OUTCOME, review)
    _assert_stored(
        document, child=plan.child, subject=review, kind=DocumentKind.DECISION_LETTER, visible=True
    )
    assert "keep the plan as it is" in text
    assert fmt(statutory.appeal_deadline(review.decision_on)) in text
    assert plan.child.full_name in text


def test_review_outcome_amend_explains_next_steps(officer, plan):
    review = review_at(officer, plan, "decided", decision="amend")
    _, text = _generate(officer, GeneratedKind.REVIEW_OUTCOME, review)
    assert "amend the plan" in text
    assert "15 days" in text and "8 weeks" in text


def test_review_outcome_cease_says_plan_stays_in_force(officer, plan):
    review = review_at(officer, plan, "report_received")
    review = rs.review_decide(
        acting_user=officer,
        review=review,
        decision="cease",
        decided_on=Cycle.after(plan.issued_on).decided,
        reason="Needs met",
        cease_reason=CeaseReason.NEEDS_MET,
    )
    _, text = _generate(officer, GeneratedKind.REVIEW_OUTCOME, review)
    assert "cease" in text and "stays in force" in text


def test_review_outcome_refused_before_a_decision(officer, plan):
    review = review_at(officer, plan, "held")
    with pytest.raises(ServiceError):
        ds.document_generate(acting_user=officer, kind=GeneratedKind.REVIEW_OUTCOME, subject=review)


def test_amendment_notice_lists_changes_and_dates(officer, plan):
    review = review_at(officer, plan, "amendment_notice")
    draft = review.amendment_version
    items = [dict(draft.content["F"]["items"][0], frequency="2 sessions each week")]
    change_draft(officer, draft, F={"items": items})
    document, text = _generate(officer, GeneratedKind.AMENDMENT_NOTICE, review)
    _assert_stored(
        document, child=plan.child, subject=review, kind=DocumentKind.DECISION_LETTER, visible=True
    )
    notice = review.amendment_notice_on
    assert fmt(statutory.amendment_comments_end(notice)) in text
    assert fmt(statutory.amended_plan_due(notice)) in text
    assert "1 session each week" in text and "2 sessions each week" in text
    assert "How often changed" in text
    assert f"version {draft.number}" in document.title


def test_amended_draft_plan_uses_the_notice_date(officer, plan):
    review = review_at(officer, plan, "amendment_notice")
    _, text = _generate(officer, GeneratedKind.PLAN, review.amendment_version)
    assert "DRAFT" in text
    assert f"until {fmt(statutory.draft_comment_period_ends(review.amendment_notice_on))}" in text


def test_cease_notice_gives_reason_deadline_and_plan_in_force(officer, plan):
    started = today() - 20 * DAY
    cessation = cs.cessation_propose(
        acting_user=officer, plan=plan, reason=CeaseReason.EMPLOYMENT, consultation_started_on=started
    )
    cessation = cs.cessation_decide(
        acting_user=officer,
        cessation=cessation,
        decided_on=started + 10 * DAY,
        notice_sent_on=started + 11 * DAY,
    )
    document, text = _generate(officer, GeneratedKind.CEASE_NOTICE, cessation)
    _assert_stored(
        document, child=plan.child, subject=cessation, kind=DocumentKind.DECISION_LETTER, visible=True
    )
    assert CeaseReason.EMPLOYMENT.label in text
    assert fmt(cessation.appeal_by) in text
    assert fmt(statutory.mediation_contact_deadline(cessation.notice_sent_on)) in text
    assert "stays in force" in text
    assert plan.child.full_name in text


def test_cease_notice_refused_while_consulting(officer, plan):
    cessation = cs.cessation_propose(
        acting_user=officer, plan=plan, reason=CeaseReason.EMPLOYMENT, consultation_started_on=today() - DAY
    )
    with pytest.raises(ServiceError):
        ds.document_generate(acting_user=officer, kind=GeneratedKind.CEASE_NOTICE, subject=cessation)


# --- the service's own rules ---------------------------------------------------------------------


def test_read_only_user_cannot_generate(read_only_user, issued):
    with pytest.raises(NotPermitted):
        ds.document_generate(acting_user=read_only_user, kind=GeneratedKind.PLAN, subject=issued)
    assert not Document.objects.exists()


def test_wrong_subject_for_kind_is_refused(officer, plan, issued):
    with pytest.raises(ServiceError):
        ds.document_generate(acting_user=officer, kind=GeneratedKind.CEASE_NOTICE, subject=issued)
    with pytest.raises(ServiceError):
        ds.document_generate(acting_user=officer, kind="nonsense", subject=issued)


def test_failed_rows_leave_no_file(officer, issued, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("event failed")

    monkeypatch.setattr(ds, "case_event_record", boom)
    with pytest.raises(RuntimeError):
        ds.document_generate(acting_user=officer, kind=GeneratedKind.PLAN, subject=issued)
    assert not Document.objects.exists()


def test_issued_version_is_unchanged_by_generation(officer, issued):
    before = PlanVersion.objects.get(pk=issued.pk)
    ds.document_generate(acting_user=officer, kind=GeneratedKind.PLAN, subject=issued)
    after = PlanVersion.objects.get(pk=issued.pk)
    assert (after.status, after.lock_version, after.content) == (
        VersionStatus.ISSUED,
        before.lock_version,
        before.content,
    )
