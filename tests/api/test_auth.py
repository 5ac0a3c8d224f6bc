"""Who may use the API: tokens, roles, and what others are refused."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sendcase.core.models import AuditAction, AuditEntry
from tests.factories import ChildFactory, UserFactory

from .conftest import days_ago, problem, token_client

pytestmark = pytest.mark.django_db

CHILD = {"legal_first_name": "Ada", "legal_last_name": "Testcase", "date_of_birth": "2015-03-04"}


def test_no_token_is_401_problem_with_www_authenticate(anonymous_api, child):
    response = anonymous_api.get(f"/api/v1/children/{child.pk}/")
    problem(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_no_token_cannot_write(anonymous_api):
    response = anonymous_api.post("/api/v1/children/", CHILD, format="json")
    problem(response, 401, "unauthenticated")


def test_bad_token_is_401(child):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/children/")
    body = problem(response, 401, "unauthenticated")
    assert "token" in body["detail"].lower()
    assert response["WWW-Authenticate"] == "Token"


def test_token_of_inactive_account_is_401(service_account):
    client = token_client(service_account)
    service_account.is_active = False
    service_account.save()
    problem(client.get("/api/v1/children/"), 401, "unauthenticated")


def test_service_account_token_reads_and_writes(api, service_account):
    assert api.get("/api/v1/children/").status_code == 200
    response = api.post("/api/v1/children/", CHILD, format="json")
    assert response.status_code == 201, response.content
    created = AuditEntry.objects.filter(action=AuditAction.CREATE, child_id=response.json()["id"])
    assert created.get().user == service_account


def test_staff_session_works_too(officer, child):
    client = APIClient()
    client.force_login(officer)
    assert client.get(f"/api/v1/children/{child.pk}/").status_code == 200


def test_read_only_user_can_read_but_not_post(read_only_api, child):
    assert read_only_api.get(f"/api/v1/children/{child.pk}/").status_code == 200
    body = problem(read_only_api.post("/api/v1/children/", CHILD, format="json"), 403, "forbidden")
    assert "not change" in body["detail"]


def test_read_only_user_cannot_record_a_step(read_only_api, api, child):
    request_id = api.post(
        "/api/v1/requests/",
        {"child_id": child.pk, "received_on": days_ago(5), "source": "parent"},
        format="json",
    ).json()["id"]
    response = read_only_api.post(
        f"/api/v1/requests/{request_id}/assessment-decision/",
        {"assess": True, "decided_on": days_ago(1), "version": 1},
        format="json",
    )
    problem(response, 403, "forbidden")


@pytest.mark.parametrize("role", ["family", "school", "adviser"])
def test_portal_roles_are_refused(role, child):
    client = token_client(UserFactory(username=f"portal-{role}", role=role))
    problem(client.get("/api/v1/children/"), 403, "forbidden")
    problem(client.get(f"/api/v1/children/{child.pk}/"), 403, "forbidden")
    problem(client.post("/api/v1/children/", CHILD, format="json"), 403, "forbidden")


def test_outsider_cannot_see_another_familys_child(outsider_api, api):
    other_child = ChildFactory(legal_first_name="Not", legal_last_name="Theirs")
    request_id = api.post(
        "/api/v1/requests/",
        {"child_id": other_child.pk, "received_on": days_ago(5), "source": "parent"},
        format="json",
    ).json()["id"]
    for path in (f"/api/v1/children/{other_child.pk}/", f"/api/v1/requests/{request_id}/"):
        response = outsider_api.get(path)
        assert response.status_code in (403, 404)
        assert "Theirs" not in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW, child_id=other_child.pk).exists()


def test_openapi_document_needs_no_token(anonymous_api):
    assert anonymous_api.get("/api/v1/openapi.json").status_code == 200
