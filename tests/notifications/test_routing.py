"""Events become messages to the right people, by the channel they asked for, exactly once."""

from __future__ import annotations

import pytest
from django.db import transaction

from sendcase.assessments import services
from sendcase.assessments.models import RequestSource
from sendcase.core.service_checks import today
from sendcase.notifications.models import Channel, OutboxMessage, Status
from sendcase.notifications.routing import messages_for_event
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, ContactMethod
from tests.factories import ChildFactory, ContactFactory, EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def receive(officer, child):
    return services.request_record(
        acting_user=officer, child=child, received_on=today(), source=RequestSource.PARENT
    )


def test_a_request_received_emails_the_parent_who_prefers_email(officer, child):
    ContactFactory(child=child, email="mum@example.org", preferred_contact=ContactMethod.EMAIL)
    receive(officer, child)
    message = OutboxMessage.objects.get()
    assert (message.kind, message.channel, message.recipient) == (
        "request_received",
        Channel.EMAIL,
        "mum@example.org",
    )
    assert message.status == Status.QUEUED
    assert message.child == child
    assert child.full_name in message.subject
    assert "decide whether to assess" in message.body


def test_a_parent_who_prefers_texts_gets_a_text_and_one_without_email_gets_a_letter(officer, child):
    ContactFactory(child=child, phone="07700900123", preferred_contact=ContactMethod.TEXT)
    ContactFactory(
        child=child,
        email="",
        preferred_contact=ContactMethod.EMAIL,
        address="2 Low Road\nDemo City",
        postcode="DC2 2BB",
    )
    receive(officer, child)
    channels = sorted(OutboxMessage.objects.values_list("channel", "recipient"))
    assert channels[1] == (Channel.SMS, "07700900123")
    assert channels[0][0] == Channel.LETTER
    letter = OutboxMessage.objects.get(channel=Channel.LETTER)
    assert letter.personalisation["address_line_2"] == "2 Low Road"
    assert letter.personalisation["address_line_4"] == "DC2 2BB"


def test_text_preferred_without_a_phone_number_falls_back_to_a_letter(officer, child):
    ContactFactory(
        child=child,
        phone="",
        email="x@example.org",
        preferred_contact=ContactMethod.TEXT,
        address="1 A St\nTown",
    )
    receive(officer, child)
    assert OutboxMessage.objects.get().channel == Channel.LETTER


def test_contacts_without_parental_responsibility_are_not_written_to(officer, child):
    ContactFactory(child=child, parental_responsibility=False, email="aunt@example.org")
    receive(officer, child)
    assert not OutboxMessage.objects.exists()


def test_a_young_person_acting_for_themselves_is_written_to_not_their_parents(officer):
    young = ChildFactory(acts_for_self=True, address_line_1="3 Elm Way", town="Demo City", postcode="DC3 3CC")
    ContactFactory(child=young, email="mum@example.org")
    receive(officer, young)
    message = OutboxMessage.objects.get()
    assert message.channel == Channel.LETTER
    assert message.recipient == young.legal_name
    assert message.personalisation["address_line_2"] == "3 Elm Way"


def test_interpreter_needs_are_flagged_with_an_offer_in_their_language(officer, child):
    ContactFactory(child=child, email="m@example.org", interpreter_needed=True, language="Polish")
    receive(officer, child)
    message = OutboxMessage.objects.get()
    assert message.interpreter_language == "Polish"
    assert "interpreter in Polish" in message.body


def test_a_letter_with_no_address_is_kept_as_failed_for_officers_to_see(officer, child):
    ContactFactory(child=child, email="", preferred_contact=ContactMethod.LETTER, address="", postcode="")
    child.postcode = ""
    child.save()
    receive(officer, child)
    message = OutboxMessage.objects.get()
    assert message.status == Status.PERMANENTLY_FAILED
    assert "No postal address" in message.last_error


def test_routing_the_same_event_again_queues_nothing_new(officer, child):
    ContactFactory(child=child)
    ContactFactory(child=child, relationship="father", is_main_contact=False)
    receive(officer, child)
    event = CaseEvent.objects.get(kind=EventKind.REQUEST_RECEIVED)
    assert OutboxMessage.objects.count() == 2
    messages_for_event(event)
    messages_for_event(event)
    assert OutboxMessage.objects.count() == 2
    keys = set(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    assert all(k.startswith(f"ev{event.pk}:request_received:contact") for k in keys)


def test_messages_are_not_queued_when_the_change_is_rolled_back(officer, child):
    ContactFactory(child=child)
    with pytest.raises(RuntimeError), transaction.atomic():
        receive(officer, child)
        assert OutboxMessage.objects.count() == 1
        raise RuntimeError("the service failed after writing its event")
    assert not OutboxMessage.objects.exists()
    assert not CaseEvent.objects.exists()


def test_events_nobody_is_told_about_queue_nothing(officer, child):
    ContactFactory(child=child)
    event = CaseEvent.objects.create(
        child=child,
        subject_type="child",
        subject_id=child.pk,
        kind=EventKind.NOTE_ADDED,
        occurred_on=today(),
        summary="Note",
    )
    assert messages_for_event(event) == 0


def test_a_consultation_goes_to_the_schools_portal_staff(officer, child):
    from sendcase.core.models import Role
    from sendcase.portal.models import SchoolMembership
    from tests.assessments.helpers import drive_to

    school = EstablishmentFactory(name="Brook Primary")
    other = EstablishmentFactory(name="Other Primary")
    senco = UserFactory(username="senco", role=Role.SCHOOL, email="senco@brook.example.org")
    elsewhere = UserFactory(username="senco2", role=Role.SCHOOL, email="senco@other.example.org")
    SchoolMembership.objects.create(user=senco, establishment=school)
    SchoolMembership.objects.create(user=elsewhere, establishment=other)
    request = drive_to("issue_decided", user=officer, child=child, with_consultation=False)
    OutboxMessage.objects.all().delete()
    services.consultation_send(acting_user=officer, request=request, establishment=school, sent_on=today())
    message = OutboxMessage.objects.get()
    assert (message.kind, message.recipient, message.user) == (
        "consultation_sent",
        "senco@brook.example.org",
        senco,
    )
    assert "Brook Primary" in message.body


def test_advice_requested_goes_to_the_assigned_service_only_when_assigned(officer, child):
    from sendcase.assessments.models import AdviceRequest
    from sendcase.portal.models import AdviceAssignment, AdviserService
    from tests.assessments.helpers import drive_to

    request = drive_to("assessing", user=officer, child=child, with_advice=False)
    OutboxMessage.objects.all().delete()
    services.advice_request_record(
        acting_user=officer, request=request, adviser_type="educational_psychology", requested_on=today()
    )
    assert not OutboxMessage.objects.exists()  # no service assigned yet: nothing to send
    advice = AdviceRequest.objects.get()
    service = AdviserService.objects.create(
        name="EP service", adviser_type="educational_psychology", email="ep@example.org"
    )
    AdviceAssignment.objects.create(advice_request=advice, service=service)
    event = CaseEvent.objects.get(kind=EventKind.ADVICE_REQUESTED)
    messages_for_event(event)
    message = OutboxMessage.objects.get()
    assert (message.kind, message.recipient) == ("advice_requested", "ep@example.org")
    assert child.full_name not in message.body  # the email names the child by reference only


def test_an_answered_question_tells_whoever_asked(officer, child):
    from sendcase.core.models import Role
    from sendcase.people.events import case_event_record
    from sendcase.portal.models import Question

    ContactFactory(child=child, email="mum@example.org")
    parent = UserFactory(username="parent", role=Role.FAMILY, email="asker@example.org")
    question = Question.objects.create(
        child=child,
        asked_by=parent,
        subject="When?",
        text="When is the meeting?",
        asked_on=today(),
        respond_by=today(),
    )
    case_event_record(
        actor=officer,
        child=child,
        subject=question,
        kind=EventKind.QUESTION_ANSWERED,
        occurred_on=today(),
        summary="Answered",
    )
    message = OutboxMessage.objects.get()
    assert (message.kind, message.recipient, message.user) == (
        "question_answered",
        "asker@example.org",
        parent,
    )
