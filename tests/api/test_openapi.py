"""The OpenAPI 3 document at /api/v1/openapi.json."""

from __future__ import annotations

import pytest
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

EXPECTED_PATHS = {
    "/api/v1/children/": {"get", "post"},
    "/api/v1/children/{id}/": {"get"},
    "/api/v1/requests/": {"get", "post"},
    "/api/v1/requests/{id}/": {"get"},
    "/api/v1/requests/{id}/assessment-decision/": {"post"},
    "/api/v1/requests/{id}/advice/": {"post"},
    "/api/v1/requests/{id}/advice/{advice_id}/receipt/": {"post"},
    "/api/v1/requests/{id}/advice/{advice_id}/chase/": {"post"},
    "/api/v1/requests/{id}/advice/{advice_id}/exception/": {"post"},
    "/api/v1/requests/{id}/issue-decision/": {"post"},
    "/api/v1/requests/{id}/draft-plan/": {"post"},
    "/api/v1/requests/{id}/draft-response/": {"post"},
    "/api/v1/requests/{id}/consultations/": {"post"},
    "/api/v1/requests/{id}/consultations/{consultation_id}/answer/": {"post"},
    "/api/v1/requests/{id}/final-plan/": {"post"},
    "/api/v1/requests/{id}/withdrawal/": {"post"},
    "/api/v1/requests/{id}/move-out/": {"post"},
    "/api/v1/requests/{id}/exceptions/": {"post"},
}


@pytest.fixture
def document(anonymous_api):
    response = anonymous_api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json") or response[
        "Content-Type"
    ].startswith("application/json")
    return response.json()


def test_is_openapi_3(document):
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "sendcase API"


def test_is_valid_against_the_openapi_json_schema(document):
    validate_schema(document)  # drf-spectacular's bundled OpenAPI 3.0 JSON Schema; raises if invalid


def test_lists_every_endpoint(document):
    paths = {path: set(operations) - {"parameters"} for path, operations in document["paths"].items()}
    assert paths == EXPECTED_PATHS


def test_operation_ids_are_unique(document):
    ids = [op["operationId"] for ops in document["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))


def test_errors_are_problem_details(document):
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["required"]) >= {"type", "title", "status", "detail", "instance", "errors"}
    decision = document["paths"]["/api/v1/requests/{id}/assessment-decision/"]["post"]
    for code in ("400", "401", "403", "404", "409", "422"):
        content = decision["responses"][code]["content"]
        assert content == {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def test_request_and_response_bodies(document):
    schemas = document["components"]["schemas"]
    decision = document["paths"]["/api/v1/requests/{id}/assessment-decision/"]["post"]
    body = decision["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert set(schemas[body.rsplit("/", 1)[1]]["required"]) == {"assess", "decided_on", "version"}
    assert decision["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/RequestDetail"
    )
    advice = document["paths"]["/api/v1/requests/{id}/advice/"]["post"]
    assert "201" in advice["responses"]
    deadline = schemas["Deadline"]["properties"]
    assert set(deadline) >= {"key", "label", "due", "done", "status", "days_left", "source", "is_open"}
    assert schemas["DeadlineStatusEnum"]["enum"] == ["on_time", "late", "due", "overdue", "excepted"]
    assert schemas["StatusEnum"]["enum"][0] == "received"


def test_list_operations_are_paginated(document):
    children = document["paths"]["/api/v1/children/"]["get"]
    names = {p["name"] for p in children["parameters"]}
    assert {"page", "page_size", "search"} <= names
    ref = children["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/PaginatedChildListList")


def test_token_authentication_is_described(document):
    schemes = document["components"]["securitySchemes"]
    assert schemes["tokenAuth"]["type"] == "apiKey"
    assert schemes["tokenAuth"]["in"] == "header"
    assert schemes["tokenAuth"]["name"] == "Authorization"
