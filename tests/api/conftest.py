"""API clients that authenticate with real tokens, and helpers for reading problem details."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import EstablishmentFactory

PROBLEM_TYPE = "application/problem+json"


def token_client(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def api(service_account) -> APIClient:
    """A service account's client: what an integration uses."""
    return token_client(service_account)


@pytest.fixture
def officer_api(officer) -> APIClient:
    return token_client(officer)


@pytest.fixture
def read_only_api(read_only_user) -> APIClient:
    return token_client(read_only_user)


@pytest.fixture
def outsider_api(outsider) -> APIClient:
    return token_client(outsider)


@pytest.fixture
def anonymous_api() -> APIClient:
    return APIClient()


@pytest.fixture
def school(db):
    return EstablishmentFactory(name="Oakfield Primary School")


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


def days_ago(n: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


def problem(response: Any, status: int, type_slug: str) -> dict[str, Any]:
    """Assert the response is a problem of this status and type, and return its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM_TYPE)
    body = response.json()
    assert body["type"] == f"https://sendcase.example/problems/{type_slug}"
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert isinstance(body["errors"], list)
    assert body["instance"] == response.wsgi_request.path
    return body


def error_fields(body: dict[str, Any]) -> list[str | None]:
    return [error["field"] for error in body["errors"]]


def new_request(api: APIClient, child_id: int, *, received_days_ago: int = 10) -> dict[str, Any]:
    response = api.post(
        "/api/v1/requests/",
        {
            "child_id": child_id,
            "received_on": days_ago(received_days_ago),
            "source": "parent",
            "requester_name": "Sam Testparent",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()
