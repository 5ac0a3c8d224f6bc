"""Daily reminders: due soon, weekly chasers, escalation to the team manager, draft comment periods and
officers' digests; each sent once however often the job runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from sendcase import statutory
from sendcase.assessments.models import AdviceRequest, Consultation
from sendcase.core.models import Role
from sendcase.notifications.models import Channel, OutboxMessage
from sendcase.notifications.reminders import reminders_send
from sendcase.portal.models import AdviceAssignment, AdviserService, SchoolMembership
from tests.assessments.helpers import drive_to
from tests.factories import AllocationFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def kinds(**filters) -> list[str]:
    return sorted(OutboxMessage.objects.filter(**filters).values_list("kind", flat=True))


@pytest.fixture
def advice(officer, child, team, manager, recording_settings):
    AllocationFactory(child=child, officer=officer, team=team)
    drive_to("assessing", user=officer, child=child)
    item = AdviceRequest.objects.get()
    service = AdviserService.objects.create(
        name="EP", adviser_type="educational_psychology", email="ep@example.org"
    )
    AdviceAssignment.objects.create(advice_request=item, service=service)
    OutboxMessage.objects.all().delete()
    return item


def advice_due(item) -> dt.date:
    return statutory.advice_due(item.requested_on)


def test_advice_due_in_five_days_reminds_the_adviser_once(advice):
    due = advice_due(advice)
    reminders_send(as_of=due - 6 * DAY)
    assert kinds(recipient="ep@example.org") == []
    reminders_send(as_of=due - 5 * DAY)
    reminders_send(as_of=due - 5 * DAY)
    reminders_send(as_of=due - 2 * DAY)  # still the same reminder: not sent again
    assert kinds(recipient="ep@example.org") == ["advice_due_soon"]
    message = OutboxMessage.objects.get(kind="advice_due_soon")
    assert f"{due:%-d %B %Y}" in message.body and "in 5 days" in message.body


def test_overdue_advice_is_chased_weekly(advice):
    due = advice_due(advice)
    for day in range(1, 16):
        reminders_send(as_of=due + day * DAY)
    assert kinds(kind="advice_overdue") == ["advice_overdue"] * 3  # days 1, 8 and 15


def test_long_overdue_advice_is_escalated_once_to_the_team_manager(advice, manager, settings):
    due = advice_due(advice)
    limit = settings.NOTIFICATIONS["escalate_after_days"]
    reminders_send(as_of=due + limit * DAY)
    assert not OutboxMessage.objects.filter(kind="advice_escalated").exists()
    reminders_send(as_of=due + (limit + 1) * DAY)
    reminders_send(as_of=due + (limit + 2) * DAY)
    escalation = OutboxMessage.objects.get(kind="advice_escalated")
    assert (escalation.recipient, escalation.user) == (manager.email, manager)
    assert "officer" in escalation.body.lower()


def test_received_advice_is_not_reminded(advice, officer):
    advice.received_on = advice.requested_on + DAY
    advice.save()
    reminders_send(as_of=advice_due(advice) + 3 * DAY)
    assert not OutboxMessage.objects.filter(kind__startswith="advice").exists()


def test_consultations_remind_the_schools_staff_and_escalate(
    officer, child, team, manager, recording_settings
):
    AllocationFactory(child=child, officer=officer, team=team)
    drive_to("issue_decided", user=officer, child=child)
    consultation = Consultation.objects.get()
    senco = UserFactory(username="senco", role=Role.SCHOOL, email="senco@school.example.org")
    SchoolMembership.objects.create(user=senco, establishment=consultation.establishment)
    OutboxMessage.objects.all().delete()
    due = statutory.consultation_response_due(consultation.sent_on)
    reminders_send(as_of=due - 5 * DAY)
    reminders_send(as_of=due + 1 * DAY)
    reminders_send(as_of=due + 11 * DAY)
    assert kinds(recipient=senco.email) == [
        "consultation_due_soon",
        "consultation_overdue",
        "consultation_overdue",
    ]
    assert kinds(recipient=manager.email, kind__startswith="consultation") == ["consultation_escalated"]


def test_the_family_is_told_five_days_before_the_draft_comment_period_ends(
    officer, child, recording_settings
):
    ContactFactory(child=child, email="mum@example.org")
    request = drive_to("draft_served", user=officer, child=child, with_consultation=False)
    ends = statutory.draft_comment_period_ends(request.draft_served_on)
    reminders_send(as_of=ends - 6 * DAY)
    assert not OutboxMessage.objects.filter(kind="draft_comments_ending").exists()
    reminders_send(as_of=ends - 5 * DAY)
    reminders_send(as_of=ends - 4 * DAY)
    message = OutboxMessage.objects.get(kind="draft_comments_ending")
    assert (message.recipient, message.channel) == ("mum@example.org", Channel.EMAIL)
    assert f"{ends:%-d %B %Y}" in message.body


def test_each_officer_gets_one_digest_a_day_of_their_overdue_and_due_steps(
    officer, other_officer, child, team, recording_settings
):
    AllocationFactory(child=child, officer=officer, team=team)
    request = drive_to("received", user=officer, child=child)
    as_of = request.next_due + 2 * DAY
    reminders_send(as_of=as_of)
    reminders_send(as_of=as_of)
    digest = OutboxMessage.objects.get(kind="officer_digest")
    assert digest.recipient == officer.email
    assert "1 overdue" in digest.subject
    assert f"{child.full_name} ({child.reference})" in digest.body and "2 days late" in digest.body
    reminders_send(as_of=as_of + DAY)
    assert OutboxMessage.objects.filter(kind="officer_digest").count() == 2
    assert not OutboxMessage.objects.filter(kind="officer_digest", recipient=other_officer.email).exists()


def test_the_command_takes_a_date(advice, capsys):
    call_command("send_reminders", "--as-of", (advice_due(advice) - 5 * DAY).isoformat())
    assert "advice 1" in capsys.readouterr().out
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("send_reminders", "--as-of", "tomorrow")
