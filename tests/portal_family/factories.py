"""Factories for the family portal: family users, verified links, and questions."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from sendcase.core.models import Role
from sendcase.portal.models import FamilyLink, FamilyRole, Question

from ..factories import ChildFactory, UserFactory


class FamilyUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"parent{n}@example.org")
    email = factory.SelfAttribute("username")
    role = Role.FAMILY


class FamilyLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyLink

    user = factory.SubFactory(FamilyUserFactory)
    child = factory.SubFactory(ChildFactory)
    acts_as = FamilyRole.PARENT_CARER
    verified_by = factory.SubFactory(UserFactory, role=Role.CASE_OFFICER)
    verified_at = factory.LazyFunction(timezone.now)
    verification_notes = "Saw birth certificate"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    child = factory.SubFactory(ChildFactory)
    asked_by = factory.SubFactory(FamilyUserFactory)
    subject = "When is the meeting?"
    text = "Please tell me the date of the meeting."
    asked_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=20))
    respond_by = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=5))
