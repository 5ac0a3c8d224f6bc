"""Two schools and two advice services, each with a portal user, so every test can try the other's data."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import EstablishmentFactory

from .factories import adviser_service, adviser_user, school_user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def school(db):
    return EstablishmentFactory(name="Oakfield Primary School")


@pytest.fixture
def other_school(db):
    return EstablishmentFactory(name="Riverside Academy")


@pytest.fixture
def senco(school):
    return school_user(school, "senco")


@pytest.fixture
def other_senco(other_school):
    return school_user(other_school, "senco2")


@pytest.fixture
def senco_client(senco):
    return client_for(senco)


@pytest.fixture
def ep_service(db):
    return adviser_service("Educational Psychology Service")


@pytest.fixture
def other_service(db):
    return adviser_service("Community Paediatrics", "health")


@pytest.fixture
def ep(ep_service):
    return adviser_user(ep_service, "ep")


@pytest.fixture
def other_adviser(other_service):
    return adviser_user(other_service, "paed")


@pytest.fixture
def ep_client(ep):
    return client_for(ep)
