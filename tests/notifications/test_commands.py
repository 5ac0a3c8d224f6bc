"""The scheduled commands and the demo outbox."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sendcase.assessments import services
from sendcase.core.service_checks import today
from sendcase.notifications.demo import seed_outbox
from sendcase.notifications.models import OutboxMessage, RecordedMessage, Status
from tests.factories import ContactFactory

from .factories import OutboxMessageFactory

pytestmark = pytest.mark.django_db


def test_the_worker_command_sends_what_is_due_and_stops(recording_settings, capsys):
    OutboxMessageFactory.create_batch(5)
    call_command("notifications_worker", "--once", "--batch", "2", "--worker-id", "cron-1")
    assert "sent 5" in capsys.readouterr().out
    assert OutboxMessage.objects.filter(status=Status.SENT).count() == 5
    assert RecordedMessage.objects.count() == 5


def test_the_status_command_marks_recorded_messages_delivered(recording_settings, capsys):
    OutboxMessageFactory()
    call_command("notifications_worker", "--once")
    call_command("notifications_status")
    assert "delivered 1" in capsys.readouterr().out
    assert OutboxMessage.objects.get().status == Status.DELIVERED


def test_the_demo_outbox_is_built_from_recent_events(officer, child, recording_settings):
    ContactFactory(child=child, email="mum@example.org")
    services.request_record(acting_user=officer, child=child, received_on=today(), source="parent")
    OutboxMessage.objects.all().delete()
    assert seed_outbox(as_of=today()) == 1
    assert OutboxMessage.objects.get().recipient == "mum@example.org"
