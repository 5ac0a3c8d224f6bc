"""The outbox and print queue: only managers and administrators; retry, download (audited), printed."""

from __future__ import annotations

import pytest
from django.test import Client

from sendcase.core.models import AuditAction, AuditEntry, Role
from sendcase.notifications.models import Channel, OutboxMessage, Status
from sendcase.notifications.worker import run_batch
from tests.factories import ContactFactory, UserFactory

from .factories import OutboxMessageFactory, letter_personalisation

pytestmark = pytest.mark.django_db


def client_for(role: str) -> Client:
    client = Client()
    client.force_login(UserFactory(username=f"user-{role}", role=role))
    return client


@pytest.fixture
def letter(recording_settings):
    message = OutboxMessageFactory(
        channel=Channel.LETTER,
        recipient="Anna Nowak",
        recipient_name="Anna Nowak",
        personalisation=letter_personalisation(),
    )
    run_batch(worker_id="w1")
    message.refresh_from_db()
    assert message.status == Status.PRINT_QUEUED
    return message


@pytest.fixture
def waiting_letter(recording_settings):
    """A letter already printed to PDF (a stand-in PDF: these tests are about who may touch it)."""
    return OutboxMessageFactory(
        channel=Channel.LETTER,
        status=Status.PRINT_QUEUED,
        letter_pdf=b"%PDF-1.7 stand-in",
        personalisation=letter_personalisation(),
    )


URLS = [
    ("get", "/notifications/"),
    ("get", "/notifications/print-queue/"),
    ("get", "/notifications/print-queue/{pk}/letter.pdf"),
    ("post", "/notifications/print-queue/{pk}/printed/"),
    ("post", "/notifications/{pk}/retry/"),
]


@pytest.mark.parametrize(
    "role",
    [
        Role.CASE_OFFICER,
        Role.READ_ONLY,
        Role.DATA_OFFICER,
        Role.PROGRAMME_OFFICER,
        Role.FAMILY,
        Role.SCHOOL,
        Role.ADVISER,
    ],
)
@pytest.mark.parametrize(("method", "url"), URLS)
def test_only_managers_and_administrators_may_use_the_outbox(role, method, url, waiting_letter):
    letter = waiting_letter
    response = getattr(client_for(role), method)(url.format(pk=letter.pk))
    assert response.status_code == 403
    letter.refresh_from_db()
    assert letter.status == Status.PRINT_QUEUED
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_signed_out_visitors_are_sent_to_sign_in(waiting_letter):
    response = Client().get("/notifications/print-queue/")
    assert response.status_code == 302
    assert "/login" in response["Location"] or "sign-in" in response["Location"]


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR])
def test_managers_see_the_outbox_filtered_by_status(role, recording_settings):
    OutboxMessageFactory(recipient_name="Queued Person")
    OutboxMessageFactory(
        recipient_name="Failed Person",
        status=Status.PERMANENTLY_FAILED,
        last_error="Notify answered 400: bad number",
    )
    client = client_for(role)
    page = client.get("/notifications/").content.decode()
    assert "Queued Person" in page and "Failed Person" in page
    assert "1 message could not be sent" in page
    failed = client.get("/notifications/?status=permanently_failed").content.decode()
    assert "Failed Person" in failed and "Queued Person" not in failed
    assert "Notify answered 400: bad number" in failed
    assert "Send again" in failed


def test_the_interpreter_filter_lists_families_who_asked_for_one(manager_client, recording_settings):
    OutboxMessageFactory(recipient_name="Needs Polish", interpreter_language="Polish")
    OutboxMessageFactory(recipient_name="No interpreter")
    page = manager_client.get("/notifications/?interpreter=1").content.decode()
    assert "Needs Polish" in page and "Interpreter: Polish" in page
    assert "No interpreter" not in page


def test_retry_puts_a_failed_message_back_in_the_queue_and_is_audited(
    manager_client, manager, recording_settings
):
    message = OutboxMessageFactory(status=Status.PERMANENTLY_FAILED, attempts=6, last_error="503")
    response = manager_client.post(f"/notifications/{message.pk}/retry/")
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (Status.QUEUED, 0, "")
    assert AuditEntry.objects.filter(
        user=manager, object_id=str(message.pk), summary__contains="again"
    ).exists()
    assert run_batch(worker_id="w1").sent == 1


def test_a_sent_message_cannot_be_retried(manager_client, recording_settings):
    message = OutboxMessageFactory(status=Status.SENT)
    response = manager_client.post(f"/notifications/{message.pk}/retry/", follow=True)
    assert "Only a failed message can be sent again" in response.content.decode()
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_a_letter_with_no_address_is_retried_once_the_address_is_added(
    manager_client, child, recording_settings
):
    contact = ContactFactory(child=child, email="", preferred_contact="letter", address="", postcode="")
    message = OutboxMessageFactory(
        channel=Channel.LETTER,
        contact=contact,
        child=child,
        status=Status.PERMANENTLY_FAILED,
        personalisation={"subject": "S", "body": "B"},
    )
    response = manager_client.post(f"/notifications/{message.pk}/retry/", follow=True)
    assert "still no postal address" in response.content.decode()
    contact.address = "9 New Street\nDemo City"
    contact.postcode = "DC9 9ZZ"
    contact.save()
    manager_client.post(f"/notifications/{message.pk}/retry/")
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.address_lines == ["9 New Street", "Demo City", "DC9 9ZZ"]


def test_the_print_queue_lists_letters_and_downloads_are_audited(manager_client, manager, letter):
    page = manager_client.get("/notifications/print-queue/").content.decode()
    assert "Anna Nowak" in page and "1 High Street" in page and "DC1 1AA" in page
    response = manager_client.get(f"/notifications/print-queue/{letter.pk}/letter.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(action=AuditAction.DOWNLOAD)
    assert (entry.user, entry.object_id, entry.child_id) == (manager, str(letter.pk), letter.child_id)


def test_marking_a_letter_printed_takes_it_off_the_queue(manager_client, manager, letter):
    response = manager_client.post(f"/notifications/print-queue/{letter.pk}/printed/", follow=True)
    assert "marked as printed" in response.content.decode()
    letter.refresh_from_db()
    assert (letter.status, letter.printed_by) == (Status.SENT, manager)
    assert letter.printed_at is not None
    assert "No letters are waiting" in manager_client.get("/notifications/print-queue/").content.decode()
    again = manager_client.post(f"/notifications/print-queue/{letter.pk}/printed/", follow=True)
    assert "not waiting to be printed" in again.content.decode()


def test_with_notify_letters_go_by_notify_not_the_print_queue(notify_settings, fake_notify):
    message = OutboxMessageFactory(
        channel=Channel.LETTER,
        recipient="Anna Nowak",
        recipient_name="Anna Nowak",
        personalisation=letter_personalisation(),
    )
    run_batch(worker_id="w1")
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert [r["path"] for r in fake_notify.posts()] == ["/v2/notifications/letter"]
    assert not OutboxMessage.objects.filter(status=Status.PRINT_QUEUED).exists()


def test_the_navigation_offers_messages_to_managers_only(manager_client, officer_client):
    assert b'href="/notifications/"' in manager_client.get("/caseload/worklist/").content
    assert b'href="/notifications/"' not in officer_client.get("/caseload/worklist/").content
