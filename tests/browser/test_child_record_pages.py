"""Every page of a child's record, as an officer and a read-only user meet them, checked with axe-core on
arrival (the helpers check each page): the list and search, the record with every section filled, changing
details (including a refused stale edit), contacts, documents and notes, each with its errors shown."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from sendcase.people.models import Child, Contact, Document, Note
from sendcase.people.services import child_update, document_upload, note_add
from tests.factories import PASSWORD, AssessmentRequestFactory, ChildFactory, ContactFactory
from tests.people.files import PDF_BYTES, upload

from .helpers import assert_error_summary, follow, sign_in, submit, success_banner, url_for

pytestmark = pytest.mark.browser


@pytest.fixture
def full_record(officer):
    child = ChildFactory(
        legal_first_name="Amira", legal_last_name="Testchild", upn="", nhs_number="9990000026"
    )
    ContactFactory(child=child, first_name="Sam", last_name="Testparent", communication_needs="Large print")
    AssessmentRequestFactory(child=child)
    document_upload(
        acting_user=officer,
        child=child,
        uploaded_file=upload("ep.pdf", PDF_BYTES),
        title="EP report",
        kind="advice",
    )
    note_add(acting_user=officer, child=child, text="Phoned the school.\nThey will send the IEP.")
    return child


def test_officer_pages_of_a_childs_record(
    page: Page, live_server, officer, other_officer, full_record, tmp_path
):
    child = full_record
    sign_in(page, live_server, "officer", PASSWORD)

    # The list, a search that finds the child, and one that finds nobody.
    page.goto(url_for(live_server, "people:child_list"))
    page.get_by_label("Search children").fill("testchild")
    submit(page, "Search")
    expect(page.get_by_role("table")).to_contain_text(child.reference)
    page.get_by_label("Search children").fill("nobody like this")
    submit(page, "Search")
    expect(page.locator("main").get_by_role("heading", level=2)).to_contain_text("No children found")

    # The record, with contacts, a request, a document and a note.
    page.goto(url_for(live_server, "people:child_detail", pk=child.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text("Amira Testchild")
    expect(page.locator("main")).to_contain_text("999 000 0026")
    expect(page.get_by_role("heading", name="Sam Testparent")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("EP report"))).to_be_visible()

    # A note with nothing in it: the note page shows the error; then a real one.
    submit(page, "Add note")
    assert_error_summary(page, "Enter the note")
    page.get_by_label("Add a note").fill("Chased the EP.")
    submit(page, "Add note")
    expect(success_banner(page)).to_contain_text("The note has been added")
    assert Note.objects.filter(child=child).count() == 2

    # Changing details: a mistake, then a save that someone else beat us to.
    follow(page, re.compile("^Change details"), role="button")
    page.get_by_label("Last name", exact=True).fill("")
    submit(page, "Save changes")
    assert_error_summary(page, "Enter the child's last name")
    page.get_by_label("Last name", exact=True).fill("Testchild")
    child_update(acting_user=other_officer, child=Child.objects.get(pk=child.pk), expected_version=1,
                 data={"preferred_name": "Theirs"})  # fmt: skip
    page.get_by_label("Preferred first name (optional)").fill("Mine")
    response = submit(page, "Save changes")
    assert response is not None and response.status == 409
    assert_error_summary(page, "Someone else changed this record while you were editing it")
    assert Child.objects.get(pk=child.pk).preferred_name == "Theirs"

    # A contact: errors, then added; then its change page.
    page.goto(url_for(live_server, "people:contact_add", pk=child.pk))
    page.get_by_label("Email address (optional)").fill("not an email")
    submit(page, "Save contact")
    assert_error_summary(
        page,
        "Enter the contact's first name",
        "Select the contact's relationship to the child",
        "Enter an email address in the correct format, like name@example.com",
    )
    page.get_by_label("First name", exact=True).fill("Jo")
    page.get_by_label("Last name", exact=True).fill("Testcarer")
    page.get_by_label("Foster carer").check()
    page.get_by_label("Email address (optional)").fill("jo@example.org")
    submit(page, "Save contact")
    expect(success_banner(page)).to_contain_text("The contact has been added")
    contact = Contact.objects.get(first_name="Jo")
    page.goto(url_for(live_server, "people:contact_edit", pk=child.pk, contact_pk=contact.pk))
    expect(page.get_by_label("First name", exact=True)).to_have_value("Jo")

    # A document: no file, a text file calling itself a PDF, then a real PDF.
    page.goto(url_for(live_server, "people:document_upload", pk=child.pk))
    page.get_by_label("Title").fill("School report")
    submit(page, "Upload document")
    assert_error_summary(page, "Select a file")
    fake = tmp_path / "report.pdf"
    fake.write_bytes(b"just words")
    page.get_by_label("Upload a file").set_input_files(str(fake))
    submit(page, "Upload document")
    assert_error_summary(page, "The selected file is not a real PDF file")
    real = tmp_path / "school-report.pdf"
    real.write_bytes(PDF_BYTES)
    page.get_by_label("Upload a file").set_input_files(str(real))
    submit(page, "Upload document")
    expect(success_banner(page)).to_contain_text("The document has been uploaded")
    assert Document.objects.filter(child=child, original_name="school-report.pdf").exists()


def test_read_only_pages_of_a_childs_record(page: Page, live_server, read_only_user, full_record) -> None:
    sign_in(page, live_server, "board", PASSWORD)
    page.goto(url_for(live_server, "people:child_list"))
    expect(page.get_by_role("link", name="Add a child")).to_have_count(0)
    page.goto(url_for(live_server, "people:child_detail", pk=full_record.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text("Amira Testchild")
    expect(page.get_by_role("button", name="Add note")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Change details"))).to_have_count(0)
