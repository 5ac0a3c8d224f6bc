"""Factories for the improvement plan's records. Each builds through the ORM directly so tests can set
up any state; tests of behaviour go through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from sendcase.core.models import Role
from sendcase.improvement import rules
from sendcase.improvement.models import (
    Action,
    BoardMeeting,
    BudgetActual,
    BudgetLine,
    Evidence,
    Milestone,
    Objective,
    Recommendation,
    Risk,
    RiskScore,
)
from tests.factories import UserFactory


class ProgrammeOfficerFactory(UserFactory):
    role = Role.PROGRAMME_OFFICER


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Objective {n + 1}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    objective = factory.SubFactory(ObjectiveFactory)
    reference = factory.Sequence(lambda n: f"A-{n + 1:03d}")
    title = factory.Sequence(lambda n: f"Action {n + 1}")
    owner = factory.SubFactory(ProgrammeOfficerFactory)
    due_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=90))


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    action = factory.SubFactory(ActionFactory)
    text = "Minutes of the partnership meeting"
    link = "https://example.org/minutes"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    objective = factory.SubFactory(ObjectiveFactory)
    title = "Strategy agreed"
    due_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"R-{n + 1:03d}")
    title = factory.Sequence(lambda n: f"Risk {n + 1}")
    owner = factory.SubFactory(ProgrammeOfficerFactory)
    likelihood = 3
    impact = 3
    score = factory.LazyAttribute(lambda r: rules.risk_score(r.likelihood, r.impact))
    review_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))

    @factory.post_generation
    def first_score(obj, create, extracted, **kwargs):
        if create:
            RiskScore.objects.create(risk=obj, likelihood=obj.likelihood, impact=obj.impact, score=obj.score)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    reference = factory.Sequence(lambda n: f"REC-{n + 1:03d}")
    source = "inspection"
    made_on = dt.date(2026, 3, 1)
    text = "Leaders should improve the timeliness of EHC plans."
    owner = factory.SubFactory(ProgrammeOfficerFactory)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    workstream = "Timeliness"
    title = factory.Sequence(lambda n: f"Line {n + 1}")
    financial_year = 2026
    planned = Decimal("12000.00")


class BudgetActualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetActual

    line = factory.SubFactory(BudgetLineFactory)
    month = dt.date(2026, 4, 1)
    amount = Decimal("1000.00")


class BoardMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMeeting

    held_on = factory.Sequence(lambda n: dt.date(2026, 1, 1) + dt.timedelta(days=30 * n))
    attendees = "Chair\nDirector of Children's Services"
