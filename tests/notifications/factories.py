"""Factories for the outbox and a local stand-in for GOV.UK Notify's API."""

from __future__ import annotations

import factory
from django.utils import timezone

from sendcase.notifications.models import Channel, OutboxMessage
from tests.factories import ChildFactory


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxMessage

    kind = "request_received"
    channel = Channel.EMAIL
    recipient = factory.Sequence(lambda n: f"parent{n}@example.org")
    recipient_name = "Sam Parent"
    child = factory.SubFactory(ChildFactory)
    personalisation = factory.LazyAttribute(
        lambda m: {"subject": "Hello", "body": "A message", "child_name": "X"}
    )
    idempotency_key = factory.Sequence(lambda n: f"test:{n}")
    next_attempt_at = factory.LazyFunction(timezone.now)


def letter_personalisation() -> dict:
    return {
        "subject": "We have received the request",
        "body": "We received the request on 1 May 2026.\n\nWe can arrange an interpreter in Polish.",
        "address_line_1": "Anna Nowak",
        "address_line_2": "1 High Street",
        "address_line_3": "Demo City",
        "address_line_4": "DC1 1AA",
    }
