"""document_upload: only real PDF, Word, JPEG and PNG files, not empty, not too large."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Document
from sendcase.people.services import document_upload
from sendcase.people.uploads import FILE_TYPE_MESSAGE
from tests.factories import AssessmentRequestFactory

from .files import DOC_BYTES, JPEG_BYTES, PDF_BYTES, PNG_BYTES, docx_bytes, upload

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _upload(user, child, uploaded, **extra) -> Document:
    return document_upload(
        acting_user=user,
        child=child,
        uploaded_file=uploaded,
        title=extra.pop("title", "Report"),
        kind="evidence",
        **extra,
    )


def _refused(user, child, uploaded, **extra) -> ServiceError:
    with pytest.raises(ServiceError) as refused:
        _upload(user, child, uploaded, **extra)
    assert not Document.objects.exists()
    assert not AuditEntry.objects.exists()
    return refused.value


def test_a_pdf_is_stored_with_its_details_audit_entry_and_event(officer, child) -> None:
    document = _upload(
        officer, child, upload("EP report.PDF", PDF_BYTES, "text/plain"), visible_to_family=True
    )

    document.refresh_from_db()
    assert (document.title, document.kind, document.original_name) == ("Report", "evidence", "EP report.PDF")
    # The type we store is what the content is, not what the browser claimed.
    assert (document.content_type, document.size) == ("application/pdf", len(PDF_BYTES))
    assert document.file.name.startswith(f"children/{child.pk}/") and document.file.name.endswith(".pdf")
    assert "EP report" not in document.file.name
    with document.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    entry = AuditEntry.objects.get(action=AuditAction.CREATE)
    assert (entry.object_type, entry.child_id) == ("people.Document", child.pk)
    event = CaseEvent.objects.get(kind=EventKind.DOCUMENT_UPLOADED)
    assert (event.subject_id, event.visible_to_family, event.summary) == (
        document.pk,
        True,
        "Document added: Report",
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("scan.png", PNG_BYTES, "image/png"),
        ("photo.jpg", JPEG_BYTES, "image/jpeg"),
        ("photo.JPEG", JPEG_BYTES, "image/jpeg"),
        ("letter.doc", DOC_BYTES, "application/msword"),
        ("letter.docx", docx_bytes(), DOCX_TYPE),
    ],
)
def test_word_documents_and_images_are_accepted(officer, child, name, content, content_type) -> None:
    assert _upload(officer, child, upload(name, content)).content_type == content_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.pdf", b"These are just some words, not a PDF.\n"),  # a text file renamed .pdf
        ("photo.pdf", PNG_BYTES),  # a real PNG, but called a PDF
        ("scan.png", JPEG_BYTES),  # a JPEG called a PNG
        ("letter.docx", b"PK\x03\x04" + b"\x00" * 40),  # zip signature, but not a zip
        ("letter.docx", docx_bytes(with_word_part=False)),  # a zip, but not a Word document
        ("letter.doc", PDF_BYTES),
    ],
)
def test_files_whose_content_is_not_what_their_name_says_are_refused(officer, child, name, content) -> None:
    error = _refused(officer, child, upload(name, content))
    assert error.field == "file"
    assert error.message.startswith("The selected file is not a real")
    assert FILE_TYPE_MESSAGE in error.message


@pytest.mark.parametrize("name", ["notes.txt", "program.exe", "page.html", "archive.zip", "no_extension"])
def test_other_kinds_of_file_are_refused(officer, child, name) -> None:
    error = _refused(officer, child, upload(name, PDF_BYTES))
    assert (error.field, error.message) == ("file", FILE_TYPE_MESSAGE)


def test_an_empty_file_is_refused(officer, child) -> None:
    error = _refused(officer, child, upload("empty.pdf", b""))
    assert (error.field, error.message) == ("file", "The selected file is empty")


def test_a_missing_file_is_refused(officer, child) -> None:
    error = _refused(officer, child, None)
    assert (error.field, error.message) == ("file", "Select a file")


def test_a_file_over_the_limit_is_refused(officer, child, settings) -> None:
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    error = _refused(officer, child, upload("big.pdf", PDF_BYTES + b"\x00" * (1024 * 1024)))
    assert (error.field, error.message) == ("file", "The selected file must be smaller than 1MB")


def test_a_file_at_the_limit_is_accepted(officer, child, settings) -> None:
    settings.DOCUMENT_MAX_BYTES = len(PDF_BYTES)
    assert _upload(officer, child, upload("exact.pdf", PDF_BYTES)).size == len(PDF_BYTES)


@pytest.mark.parametrize(("title", "message"), [("  ", "Enter a title for the document"), ("x" * 201, None)])
def test_a_title_is_needed(officer, child, title, message) -> None:
    error = _refused(officer, child, upload("a.pdf", PDF_BYTES), title=title)
    assert error.field == "title"
    if message:
        assert error.message == message


def test_an_unknown_kind_is_refused(officer, child) -> None:
    with pytest.raises(ServiceError) as refused:
        document_upload(
            acting_user=officer, child=child, uploaded_file=upload("a.pdf", PDF_BYTES), title="A", kind="x"
        )
    assert refused.value.field == "kind"


def test_the_original_name_loses_any_folder_the_browser_sent(officer, child) -> None:
    document = _upload(officer, child, upload("C:\\Users\\someone\\Desktop\\report.pdf", PDF_BYTES))
    assert document.original_name == "report.pdf"


def test_a_document_can_belong_to_a_request_of_the_same_child(officer, child) -> None:
    request = AssessmentRequestFactory(child=child)
    document = _upload(officer, child, upload("a.pdf", PDF_BYTES), subject=request)
    assert (document.subject_type, document.subject_id) == ("assessmentrequest", request.pk)


def test_a_document_cannot_belong_to_another_childs_request(officer, child) -> None:
    someone_elses = AssessmentRequestFactory()
    error = _refused(officer, child, upload("a.pdf", PDF_BYTES), subject=someone_elses)
    assert error.field == "subject"


def test_no_file_is_left_in_storage_when_the_save_fails(officer, child, monkeypatch) -> None:
    from sendcase.people import services

    def failing_event(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "case_event_record", failing_event)
    folder = Path(settings.MEDIA_ROOT) / "children" / str(child.pk)
    before = set(folder.glob("*")) if folder.exists() else set()
    with pytest.raises(RuntimeError):
        _upload(officer, child, upload("a.pdf", PDF_BYTES))
    after = set(folder.glob("*")) if folder.exists() else set()
    assert after == before
    assert not Document.objects.exists()


@pytest.mark.parametrize("who", ["read_only_user", "outsider"])
def test_users_who_may_not_edit_cannot_upload(request, who, child) -> None:
    with pytest.raises(NotPermitted):
        _upload(request.getfixturevalue(who), child, upload("a.pdf", PDF_BYTES))
    assert not Document.objects.exists()
