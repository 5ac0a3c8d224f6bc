"""factory_boy factories: one per model, with traits for each state worth testing."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from sendcase.assessments.models import AssessmentRequest, RequestSource, RequestStatus
from sendcase.caseload.models import Allocation, Team, TeamMembership
from sendcase.core.models import Role, User
from sendcase.people.models import Child, Contact, Relationship
from sendcase.settings_data.codes import EstablishmentType, Phase
from sendcase.settings_data.models import Establishment, Locality

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.CASE_OFFICER
    password = factory.django.Password(PASSWORD)


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"locality-{n}")
    name = factory.Sequence(lambda n: f"Locality {n}")


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    urn = factory.Sequence(lambda n: 900000 + n)
    name = factory.Sequence(lambda n: f"Oakfield Primary School {n}")
    kind = EstablishmentType.MAINSTREAM
    phase = Phase.PRIMARY
    locality = factory.SubFactory(LocalityFactory)
    la_code = "999"


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    legal_first_name = factory.Faker("first_name", locale="en_GB")
    legal_last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_between", start_date="-15y", end_date="-3y")
    sex = "F"
    ethnicity = "WBRI"
    postcode = "B1 1AA"
    locality = factory.SubFactory(LocalityFactory)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    child = factory.SubFactory(ChildFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.SelfAttribute("child.legal_last_name")
    relationship = Relationship.MOTHER
    parental_responsibility = True
    email = factory.Sequence(lambda n: f"parent{n}@example.org")
    is_main_contact = True


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    locality = factory.SubFactory(LocalityFactory)


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    child = factory.SubFactory(ChildFactory)
    officer = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    started_at = factory.LazyFunction(timezone.now)


class AssessmentRequestFactory(factory.django.DjangoModelFactory):
    """A request in the state RECEIVED. Use the services to move it on, as the service would."""

    class Meta:
        model = AssessmentRequest

    child = factory.SubFactory(ChildFactory)
    received_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    source = RequestSource.PARENT
    status = RequestStatus.RECEIVED
