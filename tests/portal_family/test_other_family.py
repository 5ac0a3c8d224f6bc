"""A family sees only the children linked to them: another family's child, its documents, its questions
and its draft plan are 404 on every page; an ended link sees nothing."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from sendcase.people.models import Document, DocumentKind

from .factories import QuestionFactory
from .helpers import case_with_draft

pytestmark = pytest.mark.django_db


def _document(child, *, visible=True):
    document = Document(
        child=child,
        title="Decision letter",
        kind=DocumentKind.DECISION_LETTER,
        original_name="letter.pdf",
        content_type="application/pdf",
        size=9,
        visible_to_family=visible,
    )
    document.file.save("letter.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    return document


def test_other_childs_pages_are_not_found(parent_client, other_child):
    for name in (
        "family_child",
        "family_views",
        "family_evidence_upload",
        "family_question_ask",
        "family_draft_response",
    ):
        response = parent_client.get(reverse(f"portal:{name}", kwargs={"pk": other_child.pk}))
        assert response.status_code == 404, name


def test_other_childs_document_is_not_found(parent_client, child, other_child):
    theirs = _document(other_child)
    url = reverse("portal:family_document_download", kwargs={"pk": other_child.pk, "document_pk": theirs.pk})
    assert parent_client.get(url).status_code == 404
    # Nor through the parent's own child's address.
    url = reverse("portal:family_document_download", kwargs={"pk": child.pk, "document_pk": theirs.pk})
    assert parent_client.get(url).status_code == 404


def test_staff_only_document_is_not_found(parent_client, child):
    internal = _document(child, visible=False)
    url = reverse("portal:family_document_download", kwargs={"pk": child.pk, "document_pk": internal.pk})
    assert parent_client.get(url).status_code == 404
    page = parent_client.get(reverse("portal:family_child", kwargs={"pk": child.pk})).content.decode()
    assert "Decision letter" not in page


def test_own_document_downloads_and_is_audited(parent_client, parent, child):
    from sendcase.core.models import AuditAction, AuditEntry

    mine = _document(child)
    url = reverse("portal:family_document_download", kwargs={"pk": child.pk, "document_pk": mine.pk})
    response = parent_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(
        user=parent, action=AuditAction.DOWNLOAD, object_id=str(mine.pk)
    ).exists()


def test_other_childs_question_is_not_found(parent_client, child, other_child):
    theirs = QuestionFactory(child=other_child)
    for pk in (other_child.pk, child.pk):
        url = reverse("portal:family_question", kwargs={"pk": pk, "question_pk": theirs.pk})
        assert parent_client.get(url).status_code == 404


def test_other_childs_draft_cannot_be_answered(parent_client, other_child, officer):
    request = case_with_draft(other_child, officer)
    response = parent_client.post(
        reverse("portal:family_draft_response", kwargs={"pk": other_child.pk}), {"comments": "Not mine"}
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.family_comments_received_on is None


def test_ended_link_sees_nothing(parent_client, link, child):
    link.ended_at = timezone.now()
    link.save()
    assert parent_client.get(reverse("portal:family_child", kwargs={"pk": child.pk})).status_code == 404


def test_staff_cannot_use_the_family_pages(officer_client, child):
    assert officer_client.get(reverse("portal:family_child", kwargs={"pk": child.pk})).status_code == 403
