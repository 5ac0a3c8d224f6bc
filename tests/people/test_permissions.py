"""Who may see and change a child's record through the pages: read-only staff see but cannot change
(403 on every change); someone who is not authority staff cannot even see (404 for a record, 403 for
the list); nobody signed out gets anything."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people.models import Child, Contact, Document, Note
from sendcase.people.services import document_upload
from tests.factories import AssessmentRequestFactory, ContactFactory

from .files import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(officer, child) -> dict:
    contact = ContactFactory(child=child)
    document = document_upload(
        acting_user=officer,
        child=child,
        uploaded_file=upload("a.pdf", PDF_BYTES),
        title="Report",
        kind="other",
    )
    AssessmentRequestFactory(child=child)
    return {"child": child, "contact": contact, "document": document}


def _change_urls(record: dict) -> dict[str, str]:
    pk = record["child"].pk
    return {
        "child_create": reverse("people:child_create"),
        "child_edit": reverse("people:child_edit", kwargs={"pk": pk}),
        "contact_add": reverse("people:contact_add", kwargs={"pk": pk}),
        "contact_edit": reverse("people:contact_edit", kwargs={"pk": pk, "contact_pk": record["contact"].pk}),
        "document_upload": reverse("people:document_upload", kwargs={"pk": pk}),
        "note_add": reverse("people:note_add", kwargs={"pk": pk}),
    }


_CHILD = {
    "legal_first_name": "Changed",
    "legal_last_name": "Y",
    "date_of_birth_0": "1",
    "date_of_birth_1": "1",
    "date_of_birth_2": "2015",
    "sex": "F",
    "ethnicity": "WBRI",
    "first_language": "English",
}
_CONTACT = {"first_name": "A", "last_name": "B", "relationship": "parent", "preferred_contact": "email"}
CHANGE_POSTS = {
    "child_create": _CHILD,
    "child_edit": {**_CHILD, "version": "1"},
    "contact_add": _CONTACT,
    "contact_edit": _CONTACT,
    "document_upload": {"title": "T", "kind": "other"},
    "note_add": {"text": "A note"},
}


def _snapshot() -> tuple:
    return (
        list(Child.objects.values_list("pk", "legal_first_name", "version")),
        Contact.objects.count(),
        Document.objects.count(),
        Note.objects.count(),
        AuditEntry.objects.exclude(action=AuditAction.VIEW).count(),
    )


# --- read-only staff -------------------------------------------------------------------------------


def test_read_only_staff_see_the_list_and_the_record_without_change_buttons(read_only_client, record) -> None:
    child = record["child"]
    listing = read_only_client.get(reverse("people:child_list"))
    assert listing.status_code == 200 and "Add a child" not in listing.text

    page = read_only_client.get(reverse("people:child_detail", kwargs={"pk": child.pk}))
    assert page.status_code == 200
    for change in (
        "Change details",
        "Add a contact",
        "Upload a document",
        "Add note",
        "Record a new request",
        reverse("people:contact_edit", kwargs={"pk": child.pk, "contact_pk": record["contact"].pk}),
    ):
        assert change not in page.text, change
    assert "Report" in page.text  # documents are listed, and may be downloaded
    download = reverse(
        "people:document_download", kwargs={"pk": child.pk, "document_pk": record["document"].pk}
    )
    assert read_only_client.get(download).status_code == 200


@pytest.mark.parametrize("page", list(CHANGE_POSTS))
def test_read_only_staff_get_403_for_every_change(read_only_client, read_only_user, record, page) -> None:
    url = _change_urls(record)[page]
    before = _snapshot()
    data = dict(CHANGE_POSTS[page])
    if page == "document_upload":
        data["file"] = upload("b.pdf", PDF_BYTES)

    assert read_only_client.post(url, data).status_code == 403
    assert read_only_client.get(url).status_code == 403
    assert _snapshot() == before
    # Refused before the page was shown, so no view of the child is recorded either.
    assert not AuditEntry.objects.filter(user=read_only_user).exists()


# --- someone who is not authority staff --------------------------------------------------------------


def test_an_outsider_cannot_list_or_search_children(outsider_client, record) -> None:
    assert outsider_client.get(reverse("people:child_list")).status_code == 403
    assert outsider_client.get(reverse("people:child_list"), {"q": "Testchild"}).status_code == 403


def test_an_outsider_gets_403_for_a_childs_record_and_download(outsider_client, record) -> None:
    # A family account is refused every staff page (403) before any record is looked up, so whether the
    # record exists is never revealed.
    child = record["child"]
    for url in (
        reverse("people:child_detail", kwargs={"pk": child.pk}),
        reverse("people:document_download", kwargs={"pk": child.pk, "document_pk": record["document"].pk}),
    ):
        assert outsider_client.get(url).status_code == 403, url
    assert not AuditEntry.objects.filter(action__in=[AuditAction.VIEW, AuditAction.DOWNLOAD]).exists()


@pytest.mark.parametrize("page", list(CHANGE_POSTS))
def test_an_outsider_cannot_change_anything(outsider_client, record, page) -> None:
    url = _change_urls(record)[page]
    before = _snapshot()
    data = dict(CHANGE_POSTS[page])
    if page == "document_upload":
        data["file"] = upload("b.pdf", PDF_BYTES)

    # A family account is refused every staff page (403), whether or not it is about a child they could see.
    expected = 403
    assert outsider_client.post(url, data).status_code == expected
    assert outsider_client.get(url).status_code == expected
    assert _snapshot() == before


# --- signed out ----------------------------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_sign_in(client, record) -> None:
    child = record["child"]
    for url in (
        reverse("people:child_list"),
        reverse("people:child_detail", kwargs={"pk": child.pk}),
        reverse("people:document_download", kwargs={"pk": child.pk, "document_pk": record["document"].pk}),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("core:login")), url


# --- methods -------------------------------------------------------------------------------------


def test_the_record_and_download_pages_only_answer_get(officer_client, record) -> None:
    child = record["child"]
    assert officer_client.post(reverse("people:child_detail", kwargs={"pk": child.pk})).status_code == 405
    download = reverse(
        "people:document_download", kwargs={"pk": child.pk, "document_pk": record["document"].pk}
    )
    assert officer_client.post(download).status_code == 405
