"""The worker: retries with back-off, gives up after the most attempts, and never loses or repeats a
message when a worker dies part-way."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from sendcase.notifications.backends import TransientSendError
from sendcase.notifications.backends.recording import RecordingBackend
from sendcase.notifications.models import Channel, OutboxMessage, RecordedMessage, Status
from sendcase.notifications.worker import claim, retry_delay, run_batch, send_one

from .factories import OutboxMessageFactory, letter_personalisation

pytestmark = pytest.mark.django_db


class FlakyBackend(RecordingBackend):
    """Records messages like the recording backend, after failing the first `failures` sends."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    def send(self, message):
        if self.failures > 0:
            self.failures -= 1
            raise TransientSendError("Notify answered 503: Service unavailable")
        return super().send(message)


def test_a_queued_email_is_sent_and_recorded(recording_settings):
    queued = OutboxMessageFactory()
    result = run_batch(worker_id="w1")
    queued.refresh_from_db()
    assert (result.claimed, result.sent) == (1, 1)
    assert queued.status == Status.SENT
    assert queued.sent_at is not None and queued.provider_id
    assert (queued.claimed_by, queued.claimed_until) == ("", None)
    recorded = RecordedMessage.objects.get()
    assert (recorded.recipient, recorded.reference, recorded.template) == (
        queued.recipient,
        queued.idempotency_key,
        "request_received",
    )


def test_a_failing_send_is_retried_with_back_off_and_then_succeeds(recording_settings):
    queued = OutboxMessageFactory()
    backend = FlakyBackend(failures=2)
    now = timezone.now()
    delays = []
    for _ in range(2):
        run_batch(worker_id="w1", now=now, backend=backend)
        queued.refresh_from_db()
        assert queued.status == Status.FAILED
        assert "503" in queued.last_error
        delays.append(queued.next_attempt_at - now)
        assert run_batch(worker_id="w1", now=now, backend=backend).claimed == 0
        now = queued.next_attempt_at
    run_batch(worker_id="w1", now=now, backend=backend)
    queued.refresh_from_db()
    assert (queued.status, queued.attempts, queued.last_error) == (Status.SENT, 3, "")
    assert delays[0] > dt.timedelta(0)
    assert RecordedMessage.objects.count() == 1


def test_back_off_doubles_and_is_jittered_within_bounds():
    rng = random.Random(4)
    for attempts in range(1, 8):
        full = min(60 * 2 ** (attempts - 1), 6 * 3600)
        delays = {retry_delay(attempts, 60, rng).total_seconds() for _ in range(20)}
        assert all(full / 2 <= d <= full for d in delays)
        assert len(delays) > 1  # jitter: not all the same


def test_a_message_is_permanently_failed_after_the_most_attempts(recording_settings):
    queued = OutboxMessageFactory()
    backend = FlakyBackend(failures=99)
    now = timezone.now()
    for _ in range(recording_settings["max_attempts"]):
        run_batch(worker_id="w1", now=now, backend=backend)
        queued.refresh_from_db()
        now = queued.next_attempt_at
    assert queued.status == Status.PERMANENTLY_FAILED
    assert queued.attempts == recording_settings["max_attempts"]
    assert "503" in queued.last_error
    later = now + dt.timedelta(days=1)
    assert run_batch(worker_id="w1", now=later, backend=backend).claimed == 0
    assert not RecordedMessage.objects.exists()


def test_a_worker_killed_after_claiming_loses_nothing(recording_settings):
    messages = [OutboxMessageFactory() for _ in range(3)]
    start = timezone.now()
    claimed = claim(worker_id="doomed", batch=10, now=start, lease_seconds=300)
    assert len(claimed) == 3
    # The worker dies here. Until its lease runs out nobody else takes the messages...
    assert run_batch(worker_id="w2", now=start + dt.timedelta(seconds=299)).claimed == 0
    # ...then another worker does, and each is sent once.
    result = run_batch(worker_id="w2", now=start + dt.timedelta(seconds=301))
    assert result.sent == 3
    assert RecordedMessage.objects.count() == 3
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.SENT}
    assert {m.idempotency_key for m in messages} == set(
        RecordedMessage.objects.values_list("reference", flat=True)
    )


def test_a_worker_killed_after_sending_but_before_recording_it_duplicates_nothing(recording_settings):
    queued = OutboxMessageFactory()
    start = timezone.now()
    [(message, in_doubt)] = claim(worker_id="doomed", batch=10, now=start, lease_seconds=60)
    from sendcase.notifications.backends import OutgoingMessage

    RecordingBackend().send(
        OutgoingMessage(
            message.channel, message.recipient, message.kind, message.personalisation, message.idempotency_key
        )
    )
    result = run_batch(worker_id="w2", now=start + dt.timedelta(seconds=61))
    queued.refresh_from_db()
    assert (result.recovered, result.sent) == (1, 0)
    assert queued.status == Status.SENT
    assert RecordedMessage.objects.filter(reference=queued.idempotency_key).count() == 1


def test_a_worker_whose_lease_ran_out_cannot_overwrite_the_one_that_took_over(recording_settings):
    OutboxMessageFactory()
    start = timezone.now()
    [(slow, _)] = claim(worker_id="slow", batch=1, now=start, lease_seconds=60)
    run_batch(worker_id="fast", now=start + dt.timedelta(seconds=61))
    outcome = send_one(
        slow, False, backend=RecordingBackend(), worker_id="slow", now=start + dt.timedelta(seconds=62)
    )
    assert outcome == "lost_claim"
    assert RecordedMessage.objects.count() == 1


def test_a_sent_message_is_never_sent_again(recording_settings):
    OutboxMessageFactory()
    run_batch(worker_id="w1")
    later = timezone.now() + dt.timedelta(days=30)
    assert run_batch(worker_id="w2", now=later).claimed == 0
    assert RecordedMessage.objects.count() == 1


def test_a_letter_is_rendered_to_pdf_and_waits_in_the_print_queue(recording_settings):
    queued = OutboxMessageFactory(
        channel=Channel.LETTER,
        recipient="Anna Nowak",
        recipient_name="Anna Nowak",
        personalisation=letter_personalisation(),
    )
    result = run_batch(worker_id="w1")
    queued.refresh_from_db()
    assert result.print_queued == 1
    assert queued.status == Status.PRINT_QUEUED
    pdf = bytes(queued.letter_pdf)
    assert pdf.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "1 High Street" in text and "DC1 1AA" in text
    assert "Dear Anna Nowak" in text
    assert "interpreter in Polish" in text
    assert not RecordedMessage.objects.exists()
