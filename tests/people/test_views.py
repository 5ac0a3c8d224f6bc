"""The pages of a child's record, driven through Django's test client as an officer would use them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from sendcase.core.identifiers import make_upn
from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people.models import Child, Contact, Document, Note
from sendcase.people.services import child_update, document_upload
from tests.factories import AssessmentRequestFactory, ChildFactory, ContactFactory, LocalityFactory

from .files import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


def _url(name: str, **kwargs) -> str:
    return reverse(f"people:{name}", kwargs=kwargs or None)


def _form(**extra) -> dict:
    data = {
        "legal_first_name": "Priya",
        "legal_last_name": "Synthwaite",
        "date_of_birth_0": "27",
        "date_of_birth_1": "3",
        "date_of_birth_2": "2015",
        "sex": "F",
        "ethnicity": "AIND",
        "upn": "",
        "postcode": "b1 1aa",
        "first_language": "English",
    }
    data.update(extra)
    return data


def _views_of(child: Child) -> int:
    return AuditEntry.objects.filter(action=AuditAction.VIEW, child_id=child.pk).count()


# --- list and search -------------------------------------------------------------------------------


def test_the_children_list_shows_children_and_searches(officer_client, child) -> None:
    ChildFactory(legal_first_name="Tom", legal_last_name="Kestrelmere")
    page = officer_client.get(_url("child_list"))
    assert page.status_code == 200
    assert "Testchild, Amira" in page.text and "Kestrelmere, Tom" in page.text
    assert 'href="/children/new/"' in page.text  # the officer may add a child

    found = officer_client.get(_url("child_list"), {"q": "testchild"})
    assert "Testchild, Amira" in found.text and "Kestrelmere" not in found.text
    assert "1 child found" in found.text
    entry = AuditEntry.objects.get(action=AuditAction.VIEW, summary__startswith="Searched")
    assert entry.summary == 'Searched children for "testchild"'


def test_a_search_with_no_results_says_so(officer_client, child) -> None:
    page = officer_client.get(_url("child_list"), {"q": "nobody at all"})
    assert "No children found for" in page.text


def test_the_list_is_paginated(officer_client) -> None:
    for n in range(30):
        ChildFactory(legal_last_name=f"Family{n:02d}")
    first = officer_client.get(_url("child_list"))
    second = officer_client.get(_url("child_list"), {"page": 2})
    assert first.text.count('scope="row"') == 25 and second.text.count('scope="row"') == 5


# --- adding a child --------------------------------------------------------------------------------


def test_adding_a_child(officer_client, officer) -> None:
    assert officer_client.get(_url("child_create")).status_code == 200
    response = officer_client.post(_url("child_create"), _form(upn=make_upn(330, 2001, 19, 3).lower()))

    child = Child.objects.get()
    assert response.status_code == 302 and response.url == _url("child_detail", pk=child.pk)
    assert (child.created_by, child.postcode, child.upn) == (officer, "B1 1AA", make_upn(330, 2001, 19, 3))
    page = officer_client.get(response.url)
    assert f"Priya Synthwaite&#x27;s record has been created ({child.reference})" in page.text


def test_mistakes_on_the_add_form_are_listed_in_an_error_summary(officer_client) -> None:
    response = officer_client.post(
        _url("child_create"), _form(legal_first_name="", date_of_birth_2="3015", upn="H801200001002")
    )
    assert response.status_code == 200
    assert not Child.objects.exists()
    text = response.text
    assert "<title>Error: Add a child" in text
    assert 'href="#id_legal_first_name">Enter the child&#x27;s first name</a>' in text
    assert 'href="#id_date_of_birth_0">Date of birth must be today or in the past</a>' in text
    assert 'href="#id_upn">Enter a real UPN' in text


def test_a_possible_duplicate_shows_the_warning_page_with_the_matches(officer_client) -> None:
    existing = ChildFactory(
        legal_first_name="Priya", legal_last_name="Synthwaite", date_of_birth=dt.date(2015, 3, 27)
    )

    response = officer_client.post(_url("child_create"), _form())

    assert response.status_code == 200
    assert Child.objects.count() == 1
    text = response.text
    assert "This child may already have a record" in text
    assert f'href="{_url("child_detail", pk=existing.pk)}"' in text and existing.reference in text
    # What was typed travels with the confirmation, in hidden fields.
    assert '<input type="hidden" name="legal_first_name" value="Priya">' in text
    assert '<input type="hidden" name="date_of_birth_2" value="2015">' in text
    assert 'name="confirmed_not_duplicate"' in text and "This is a different child" in text


def test_the_duplicate_warning_needs_the_box_ticked(officer_client) -> None:
    ChildFactory(legal_first_name="Priya", legal_last_name="Synthwaite", date_of_birth=dt.date(2015, 3, 27))

    unticked = officer_client.post(_url("child_create"), _form(step="duplicates"))
    assert "<title>Error: This child may already have a record" in unticked.text
    assert 'href="#id_confirmed_not_duplicate">Confirm this is a different child' in unticked.text
    assert Child.objects.count() == 1

    ticked = officer_client.post(_url("child_create"), _form(step="duplicates", confirmed_not_duplicate="on"))
    assert ticked.status_code == 302
    assert Child.objects.count() == 2


def test_changing_the_details_from_the_duplicate_warning_returns_to_the_form(officer_client) -> None:
    ChildFactory(legal_first_name="Priya", legal_last_name="Synthwaite", date_of_birth=dt.date(2015, 3, 27))
    response = officer_client.post(_url("child_create"), _form(step="duplicates", action="change"))
    assert '<h1 class="govuk-heading-l">Add a child</h1>' in response.text
    assert 'value="Synthwaite"' in response.text
    assert Child.objects.count() == 1


# --- the record ----------------------------------------------------------------------------------


def test_the_record_shows_details_contacts_requests_documents_and_notes(
    officer_client, officer, child
) -> None:
    ContactFactory(child=child, first_name="Sam", last_name="Testparent", email="sam@example.org")
    request = AssessmentRequestFactory(child=child)
    document_upload(
        acting_user=officer,
        child=child,
        uploaded_file=upload("r.pdf", PDF_BYTES),
        title="EP report",
        kind="advice",
    )
    Note.objects.create(child=child, text="Phoned the school.", created_by=officer)

    page = officer_client.get(_url("child_detail", pk=child.pk))

    assert page.status_code == 200
    text = page.text
    assert '<h1 class="govuk-heading-l">Amira Testchild</h1>' in text and child.reference in text
    assert "Sam Testparent" in text and "sam@example.org" in text
    assert f'href="{reverse("assessments:case", kwargs={"pk": request.pk})}"' in text
    assert "Request received" in text  # the request's status
    assert f'href="{reverse("assessments:request_create", kwargs={"child_pk": child.pk})}"' in text
    document = Document.objects.get()
    assert (
        f'href="{_url("document_download", pk=child.pk, document_pk=document.pk)}"' in text
        and "EP report" in text
    )
    assert "Phoned the school." in text
    assert 'action="' + _url("note_add", pk=child.pk) + '"' in text
    assert text.count("<h1") == 1


def test_every_view_of_the_record_is_audited(officer_client, officer, child) -> None:
    officer_client.get(_url("child_detail", pk=child.pk))
    officer_client.get(_url("child_detail", pk=child.pk))
    entries = AuditEntry.objects.filter(action=AuditAction.VIEW, child_id=child.pk)
    assert entries.count() == 2
    assert {(e.user, e.object_type, e.path) for e in entries} == {
        (officer, "people.Child", _url("child_detail", pk=child.pk))
    }


def test_a_missing_child_is_404(officer_client) -> None:
    assert officer_client.get(_url("child_detail", pk=999999)).status_code == 404


# --- changing details ------------------------------------------------------------------------------


def test_the_edit_form_carries_the_version_and_saves_changes(officer_client, child) -> None:
    locality = LocalityFactory(name="East")
    page = officer_client.get(_url("child_edit", pk=child.pk))
    assert '<input type="hidden" name="version" value="1"' in page.text
    assert 'value="Amira"' in page.text
    assert _views_of(child) == 1

    data = _form(legal_first_name="Amira", legal_last_name="Testchild", preferred_name="Ami", version="1")
    data["locality"] = str(locality.pk)
    response = officer_client.post(_url("child_edit", pk=child.pk), data)

    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.preferred_name, child.locality, child.version) == ("Ami", locality, 2)
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, child_id=child.pk).count() == 1


def test_a_stale_edit_is_refused_with_the_message_in_the_error_summary(
    officer_client, other_officer, child
) -> None:
    officer_client.get(_url("child_edit", pk=child.pk))  # opened at version 1
    child_update(
        acting_user=other_officer, child=child, expected_version=1, data={"preferred_name": "Theirs"}
    )

    data = _form(legal_first_name="Amira", legal_last_name="Testchild", preferred_name="Mine", version="1")
    response = officer_client.post(_url("child_edit", pk=child.pk), data)

    assert response.status_code == 409
    assert "There is a problem" in response.text
    assert "Someone else changed this record while you were editing it" in response.text
    assert "<title>Error: Change" in response.text
    child.refresh_from_db()
    assert (child.preferred_name, child.version) == ("Theirs", 2)


# --- contacts, documents, notes --------------------------------------------------------------------


def test_adding_and_changing_a_contact(officer_client, child) -> None:
    assert officer_client.get(_url("contact_add", pk=child.pk)).status_code == 200
    data = {
        "first_name": "Sam",
        "last_name": "Testparent",
        "relationship": "parent",
        "preferred_contact": "email",
    }
    response = officer_client.post(_url("contact_add", pk=child.pk), data)
    contact = Contact.objects.get()
    assert response.status_code == 302 and response.url.endswith("#contacts")

    edit_url = _url("contact_edit", pk=child.pk, contact_pk=contact.pk)
    assert 'value="Sam"' in officer_client.get(edit_url).text
    response = officer_client.post(edit_url, {**data, "phone": "0121 000 0000", "postcode": "b1 1aa"})
    contact.refresh_from_db()
    assert (contact.phone, contact.postcode) == ("0121 000 0000", "B1 1AA")


def test_contact_form_errors_are_shown(officer_client, child) -> None:
    response = officer_client.post(_url("contact_add", pk=child.pk), {"first_name": "Sam", "email": "nope"})
    assert response.status_code == 200
    assert "Select the contact&#x27;s relationship to the child" in response.text
    assert "Enter an email address in the correct format" in response.text
    assert not Contact.objects.exists()


def test_a_contact_of_another_child_is_404(officer_client, child) -> None:
    elsewhere = ContactFactory()
    assert officer_client.get(_url("contact_edit", pk=child.pk, contact_pk=elsewhere.pk)).status_code == 404


def test_uploading_and_downloading_a_document(officer_client, officer, child) -> None:
    page = officer_client.get(_url("document_upload", pk=child.pk))
    assert 'enctype="multipart/form-data"' in page.text and "smaller than 20MB" in page.text

    response = officer_client.post(
        _url("document_upload", pk=child.pk),
        {"title": "EP report", "kind": "advice", "file": upload("EP report.pdf", PDF_BYTES)},
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response.url.endswith("#documents")

    download = officer_client.get(_url("document_download", pk=child.pk, document_pk=document.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="EP report.pdf"'
    assert b"".join(download.streaming_content) == PDF_BYTES
    entry = AuditEntry.objects.get(action=AuditAction.DOWNLOAD)
    assert (entry.user, entry.object_type, entry.object_id, entry.child_id) == (
        officer,
        "people.Document",
        str(document.pk),
        child.pk,
    )


def test_a_refused_upload_shows_the_reason_against_the_file_field(officer_client, child) -> None:
    response = officer_client.post(
        _url("document_upload", pk=child.pk),
        {"title": "Notes", "kind": "other", "file": upload("notes.pdf", b"just text, not a PDF")},
    )
    assert response.status_code == 200
    assert re.search(r'href="#id_file">The selected file is not a real PDF file', response.text)
    assert 'id="id_file-error"' in response.text
    assert not Document.objects.exists()


def test_an_upload_without_a_file_asks_for_one(officer_client, child) -> None:
    response = officer_client.post(_url("document_upload", pk=child.pk), {"title": "Notes", "kind": "other"})
    assert 'href="#id_file">Select a file</a>' in response.text


def test_a_document_of_another_child_cannot_be_downloaded_through_this_child(
    officer_client, officer, child
) -> None:
    other = ChildFactory()
    theirs = document_upload(
        acting_user=officer, child=other, uploaded_file=upload("a.pdf", PDF_BYTES), title="A", kind="other"
    )
    response = officer_client.get(_url("document_download", pk=child.pk, document_pk=theirs.pk))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_a_document_whose_file_is_missing_is_404(officer_client, officer, child) -> None:
    document = document_upload(
        acting_user=officer, child=child, uploaded_file=upload("a.pdf", PDF_BYTES), title="A", kind="other"
    )
    document.file.storage.delete(document.file.name)
    assert (
        officer_client.get(_url("document_download", pk=child.pk, document_pk=document.pk)).status_code == 404
    )


def test_adding_a_note(officer_client, child) -> None:
    response = officer_client.post(_url("note_add", pk=child.pk), {"text": "Phoned the school."})
    assert response.status_code == 302 and response.url.endswith("#notes")
    assert Note.objects.get().text == "Phoned the school."


def test_an_empty_note_shows_the_note_page_with_the_error(officer_client, child) -> None:
    response = officer_client.post(_url("note_add", pk=child.pk), {"text": "  "})
    assert response.status_code == 200
    assert 'href="#id_text">Enter the note</a>' in response.text
    assert not Note.objects.exists()
