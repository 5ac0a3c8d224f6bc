"""Fixtures for the improvement plan: a programme officer and signed-in clients."""

from __future__ import annotations

import pytest
from django.test import Client

from sendcase.core.models import Role
from tests.factories import UserFactory


@pytest.fixture
def programme_officer(db):
    return UserFactory(username="programme", role=Role.PROGRAMME_OFFICER)


@pytest.fixture
def programme_client(programme_officer):
    client = Client()
    client.force_login(programme_officer)
    return client


@pytest.fixture
def data_officer(db):
    return UserFactory(username="data", role=Role.DATA_OFFICER)


@pytest.fixture(params=[Role.FAMILY, Role.SCHOOL, Role.ADVISER])
def portal_client(request, db):
    client = Client()
    client.force_login(UserFactory(username=f"portal-{request.param}", role=request.param))
    return client
