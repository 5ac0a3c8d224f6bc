"""The Notify backend drives the real GOV.UK Notify client against a local server shaped like Notify."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from sendcase.notifications.backends import (
    OutgoingMessage,
    PermanentSendError,
    TransientSendError,
    get_backend,
)
from sendcase.notifications.backends.notify import NotifyBackend
from sendcase.notifications.conf import notification_settings
from sendcase.notifications.models import Channel, OutboxMessage, Status
from sendcase.notifications.worker import run_batch

from .conftest import EMAIL_TEMPLATE, SMS_TEMPLATE
from .factories import OutboxMessageFactory

pytestmark = pytest.mark.django_db


def message(**kwargs) -> OutgoingMessage:
    defaults = {
        "channel": Channel.EMAIL,
        "recipient": "parent@example.org",
        "kind": "request_received",
        "personalisation": {"subject": "Hello", "body": "Text", "child_name": "Amira"},
        "reference": "ev1:request_received:contact1",
    }
    return OutgoingMessage(**{**defaults, **kwargs})


def test_an_email_is_posted_with_a_signed_token_template_and_reference(notify_settings, fake_notify):
    backend = get_backend()
    assert isinstance(backend, NotifyBackend)
    result = backend.send(message())
    [request] = fake_notify.posts()
    assert request["path"] == "/v2/notifications/email"
    assert request["body"] == {
        "email_address": "parent@example.org",
        "template_id": EMAIL_TEMPLATE,
        "personalisation": {"subject": "Hello", "body": "Text", "child_name": "Amira"},
        "reference": "ev1:request_received:contact1",
    }
    assert result.provider_id in fake_notify.sent


def test_a_text_uses_the_sms_template_and_a_kind_may_have_its_own_template(notify_settings, fake_notify):
    backend = get_backend()
    backend.send(message(channel=Channel.SMS, recipient="07700900123"))
    backend.send(message(kind="officer_digest", reference="digest:1"))
    sms, digest = fake_notify.posts()
    assert (sms["path"], sms["body"]["phone_number"], sms["body"]["template_id"]) == (
        "/v2/notifications/sms",
        "07700900123",
        SMS_TEMPLATE,
    )
    assert digest["body"]["template_id"] == "d1d1d1d1-0000-4000-8000-000000000001"


def test_a_letter_is_sent_as_a_precompiled_pdf(notify_settings, fake_notify):
    get_backend().send(message(channel=Channel.LETTER, recipient="Anna Nowak", pdf=b"%PDF-1.7 letter"))
    [request] = fake_notify.posts()
    assert request["path"] == "/v2/notifications/letter"
    assert base64.b64decode(request["body"]["content"]) == b"%PDF-1.7 letter"
    assert request["body"]["reference"] == "ev1:request_received:contact1"


def test_a_wrong_key_is_refused_by_the_server_and_not_retried(notify_settings, fake_notify):
    wrong = {**notify_settings, "api_key": "x-" + "0" * 36 + "-" + "1" * 36}
    with pytest.raises(PermanentSendError, match="403"):
        NotifyBackend(wrong).send(message())


def test_server_errors_and_rate_limits_are_retryable(notify_settings, fake_notify):
    fake_notify.failures = [500, 429]
    backend = get_backend()
    with pytest.raises(TransientSendError, match="500"):
        backend.send(message())
    with pytest.raises(TransientSendError, match="429"):
        backend.send(message())
    assert backend.send(message()).provider_id


def test_the_worker_retries_through_500_and_429_then_sends_once(notify_settings, fake_notify):
    fake_notify.failures = [500, 429]
    queued = OutboxMessageFactory(channel=Channel.SMS, recipient="07700900123")
    now = timezone.now()
    for _ in range(3):
        run_batch(worker_id="w1", now=now)
        queued.refresh_from_db()
        if queued.status == Status.FAILED:
            assert queued.next_attempt_at > now
            assert run_batch(worker_id="w1", now=now).claimed == 0  # not before its retry time
            now = queued.next_attempt_at
    assert queued.status == Status.SENT
    assert queued.attempts == 3
    assert len(fake_notify.posts()) == 3
    assert len(fake_notify.sent) == 1
    assert queued.provider_id in fake_notify.sent


def test_notify_refusing_the_message_fails_it_at_once_with_the_reason(notify_settings, fake_notify):
    queued = OutboxMessageFactory(channel=Channel.SMS, recipient="07700900000")
    run_batch(worker_id="w1")
    queued.refresh_from_db()
    assert queued.status == Status.PERMANENTLY_FAILED
    assert "Not a UK mobile number" in queued.last_error
    assert queued.attempts == 1


def test_a_message_whose_send_outcome_is_unknown_is_found_by_reference_not_resent(
    notify_settings, fake_notify
):
    queued = OutboxMessageFactory(channel=Channel.EMAIL)
    # A worker sent it, then died before recording that it had.
    get_backend().send(message(reference=queued.idempotency_key))
    OutboxMessage.objects.filter(pk=queued.pk).update(
        status=Status.SENDING,
        claimed_by="dead",
        claimed_until=timezone.now() - dt.timedelta(seconds=1),
        attempts=1,
    )
    result = run_batch(worker_id="w2")
    queued.refresh_from_db()
    assert (result.recovered, queued.status) == (1, Status.SENT)
    assert len(fake_notify.sent) == 1
    assert queued.provider_id in fake_notify.sent


def test_delivery_status_is_refreshed_from_notify(notify_settings, fake_notify):
    from sendcase.notifications.status import status_refresh

    delivered = OutboxMessageFactory()
    bounced = OutboxMessageFactory()
    run_batch(worker_id="w1")
    delivered.refresh_from_db()
    bounced.refresh_from_db()
    fake_notify.statuses[delivered.provider_id] = "delivered"
    fake_notify.statuses[bounced.provider_id] = "permanent-failure"
    assert status_refresh()["checked"] == 2
    delivered.refresh_from_db()
    bounced.refresh_from_db()
    assert delivered.status == Status.DELIVERED
    assert (bounced.status, bounced.last_error) == (
        Status.PERMANENTLY_FAILED,
        "Not delivered: permanent failure",
    )


@pytest.mark.parametrize(
    ("env", "error"),
    [
        ({"NOTIFICATIONS_BACKEND": "notify"}, "NOTIFY_API_KEY"),
        ({"NOTIFICATIONS_BACKEND": "notify", "NOTIFY_API_KEY": "short"}, "does not look like"),
        ({"NOTIFICATIONS_BACKEND": "carrier-pigeon"}, "must be one of"),
        ({"NOTIFICATIONS_MAX_ATTEMPTS": "0"}, "at least 1"),
        ({"NOTIFY_TEMPLATES": "[1]"}, "JSON object"),
    ],
)
def test_a_configuration_that_cannot_send_is_refused_at_start(env, error):
    with pytest.raises(ImproperlyConfigured, match=error):
        notification_settings(env)


def test_the_notify_backend_needs_its_templates(fake_notify):
    from .fake_notify import API_KEY

    with pytest.raises(ImproperlyConfigured, match="NOTIFY_TEMPLATE_EMAIL"):
        notification_settings({"NOTIFICATIONS_BACKEND": "notify", "NOTIFY_API_KEY": API_KEY})


def test_recording_is_the_default():
    assert notification_settings({})["backend"] == "recording"
