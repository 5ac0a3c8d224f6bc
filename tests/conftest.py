"""Shared fixtures: a user for each role, signed-in clients, and a child."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from sendcase.core.models import Role

from .factories import ChildFactory, TeamFactory, TeamMembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a result kept by one test is never served to another."""
    cache.clear()
    yield
    cache.clear()


def _user(role: str, username: str, team=None):
    user = UserFactory(username=username, role=role)
    if team is not None:
        TeamMembershipFactory(user=user, team=team)
    return user


@pytest.fixture
def team(db):
    return TeamFactory(name="North team")


@pytest.fixture
def officer(db, team):
    return _user(Role.CASE_OFFICER, "officer", team)


@pytest.fixture
def other_officer(db, team):
    return _user(Role.CASE_OFFICER, "officer2", team)


@pytest.fixture
def manager(db, team):
    user = _user(Role.TEAM_MANAGER, "manager", team)
    team.manager = user
    team.save()
    return user


@pytest.fixture
def head_of_service(db):
    return _user(Role.HEAD_OF_SERVICE, "head")


@pytest.fixture
def read_only_user(db):
    return _user(Role.READ_ONLY, "board")


@pytest.fixture
def administrator(db):
    return _user(Role.ADMINISTRATOR, "admin")


@pytest.fixture
def outsider(db):
    """Someone with an account who is not authority staff: a parent with no verified link."""
    return _user(Role.FAMILY, "outsider")


@pytest.fixture
def service_account(db):
    return _user(Role.SERVICE_ACCOUNT, "integration")


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer_client(officer):
    return _client_for(officer)


@pytest.fixture
def manager_client(manager):
    return _client_for(manager)


@pytest.fixture
def read_only_client(read_only_user):
    return _client_for(read_only_user)


@pytest.fixture
def admin_client_(administrator):
    return _client_for(administrator)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


@pytest.fixture
def child(db):
    return ChildFactory(legal_first_name="Amira", legal_last_name="Testchild")
