"""Every error is RFC 9457 problem details that names the field at fault."""

from __future__ import annotations

import logging

import pytest
from rest_framework import exceptions
from rest_framework.test import APIRequestFactory

from sendcase.api.problems import PROBLEM_TYPES, flatten_errors, problem_details_handler
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError, StaleEdit
from sendcase.people.services import PossibleDuplicate
from tests.factories import ChildFactory

from .conftest import days_ago, error_fields, new_request, problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(api, child):
    return new_request(api, child.pk)


def decide(api, case, **body):
    payload = {"assess": True, "decided_on": days_ago(2), "version": case["version"]} | body
    return api.post(f"/api/v1/requests/{case['id']}/assessment-decision/", payload, format="json")


def test_malformed_json_is_400(api, case):
    response = api.post(
        f"/api/v1/requests/{case['id']}/assessment-decision/",
        data='{"assess": true, "decided_on": ',
        content_type="application/json",
    )
    body = problem(response, 400, "malformed-request")
    assert "JSON" in body["detail"]


def test_missing_field_is_named(api, case):
    response = api.post(
        f"/api/v1/requests/{case['id']}/assessment-decision/", {"assess": True}, format="json"
    )
    body = problem(response, 422, "validation")
    assert set(error_fields(body)) == {"decided_on", "version"}
    assert all(e["code"] == "required" for e in body["errors"])


def test_bad_date_format_is_named(api, case):
    body = problem(decide(api, case, decided_on="03/04/2025"), 422, "validation")
    assert error_fields(body) == ["decided_on"]
    assert "YYYY-MM-DD" in body["errors"][0]["detail"]


def test_bad_enum_is_named(api, child):
    response = api.post(
        "/api/v1/requests/",
        {"child_id": child.pk, "received_on": days_ago(3), "source": "carrier_pigeon"},
        format="json",
    )
    body = problem(response, 422, "validation")
    assert error_fields(body) == ["source"]
    assert body["errors"][0]["code"] == "invalid_choice"


def test_future_date_is_422_naming_the_field(api, case, today):
    future = today.replace(year=today.year + 1).isoformat()
    body = problem(decide(api, case, decided_on=future), 422, "validation")
    assert error_fields(body) == ["decided_on"]
    assert "today or in the past" in body["detail"]


def test_service_rule_without_a_serializer_check_names_the_field(api, case):
    body = problem(decide(api, case, assess=False, reason=""), 422, "validation")
    assert error_fields(body) == ["reason"]


def test_service_field_names_are_mapped_to_api_names(api, case, school):
    case = decide(api, case).json()
    case = api.post(
        f"/api/v1/requests/{case['id']}/issue-decision/",
        {"issue": True, "decided_on": days_ago(1), "version": case["version"]},
        format="json",
    ).json()
    url = f"/api/v1/requests/{case['id']}/consultations/"
    assert (
        api.post(url, {"establishment_id": school.pk, "sent_on": days_ago(1)}, format="json").status_code
        == 201
    )
    again = api.post(url, {"establishment_id": school.pk, "sent_on": days_ago(0)}, format="json")
    body = problem(again, 422, "validation")
    assert error_fields(body) == ["establishment_id"]


def test_invalid_transition_is_409(api, case):
    response = api.post(
        f"/api/v1/requests/{case['id']}/draft-plan/",
        {"served_on": days_ago(1), "version": case["version"]},
        format="json",
    )
    body = problem(response, 409, "invalid-transition")
    assert "Request received" in body["detail"]


def test_stale_version_is_409_and_nothing_changes(api, case):
    body = problem(decide(api, case, version=case["version"] + 5), 409, "stale-edit")
    assert "not been saved" in body["detail"]
    assert api.get(f"/api/v1/requests/{case['id']}/").json()["status"] == "received"


def test_second_writer_with_the_same_version_gets_409(api, officer_api, case):
    assert decide(api, case).status_code == 200
    problem(decide(officer_api, case), 409, "stale-edit")


def test_unknown_record_is_404(api):
    problem(api.get("/api/v1/requests/999999/"), 404, "not-found")
    problem(api.get("/api/v1/children/999999/"), 404, "not-found")


def test_unknown_sub_record_is_404(api, case):
    response = api.post(
        f"/api/v1/requests/{case['id']}/advice/999999/receipt/", {"received_on": days_ago(1)}, format="json"
    )
    problem(response, 404, "not-found")


def test_unknown_path_under_the_api_is_404_problem(api, anonymous_api):
    problem(api.get("/api/v1/no-such-thing/"), 404, "not-found")
    problem(anonymous_api.delete("/api/v1/children/1/oops/"), 404, "not-found")


def test_missing_slash_hint(api):
    body = problem(api.get("/api/v1/children"), 404, "not-found")
    assert "/api/v1/children/" in body["detail"]


def test_method_not_allowed_is_problem(api, case):
    problem(api.delete(f"/api/v1/requests/{case['id']}/"), 405, "method-not-allowed")


def test_unsupported_media_type_is_problem(api):
    response = api.post("/api/v1/children/", data="<child/>", content_type="application/xml")
    problem(response, 415, "unsupported-media-type")


def test_possible_duplicate_is_409_listing_matches(api):
    existing = ChildFactory(legal_first_name="Amira", legal_last_name="Testchild")
    response = api.post(
        "/api/v1/children/",
        {
            "legal_first_name": "Amira",
            "legal_last_name": "Testchild",
            "date_of_birth": existing.date_of_birth.isoformat(),
        },
        format="json",
    )
    body = problem(response, 409, "possible-duplicate")
    assert body["matches"] == [existing.pk]


# --- the handler on its own ---------------------------------------------------------------------------


def _context(path: str = "/api/v1/x/") -> dict:
    return {"request": APIRequestFactory().get(path), "view": None}


def test_nested_fields_are_dotted():
    detail = {
        "contacts": [{}, {"email": ["Enter a valid email address."]}],
        "address": {"postcode": ["Enter a real postcode."]},
        "non_field_errors": ["Something about the whole body."],
    }
    errors = flatten_errors(exceptions.ValidationError(detail).detail)
    assert [e["field"] for e in errors] == ["contacts.1.email", "address.postcode", None]


@pytest.mark.parametrize(
    ("exc", "status", "slug"),
    [
        (exceptions.Throttled(wait=30), 429, "throttled"),
        (exceptions.PermissionDenied(), 403, "forbidden"),
        (NotPermitted(), 403, "forbidden"),
        (InvalidTransition("No."), 409, "invalid-transition"),
        (StaleEdit(), 409, "stale-edit"),
        (ServiceError("Enter the date", field="decided_on"), 422, "validation"),
        (exceptions.ParseError(), 400, "malformed-request"),
    ],
)
def test_handler_maps_each_exception(exc, status, slug):
    response = problem_details_handler(exc, _context())
    assert response.status_code == status
    assert response.data["type"].endswith("/" + slug)
    assert response.content_type == "application/problem+json"


def test_throttled_says_when_to_retry():
    response = problem_details_handler(exceptions.Throttled(wait=29.2), _context())
    assert response["Retry-After"] == "30"


def test_service_error_names_its_field():
    response = problem_details_handler(ServiceError("Enter the date", field="decided_on"), _context())
    assert response.data["errors"] == [{"field": "decided_on", "detail": "Enter the date", "code": "invalid"}]


def test_possible_duplicate_lists_ids(child):
    response = problem_details_handler(PossibleDuplicate([child]), _context())
    assert response.status_code == 409
    assert response.data["matches"] == [child.pk]


def test_unexpected_error_is_500_problem_and_logged(caplog):
    with caplog.at_level(logging.ERROR, logger="sendcase.api"):
        response = problem_details_handler(RuntimeError("boom"), _context())
    assert response.status_code == 500
    assert "boom" not in str(response.data)
    assert any(record.exc_info for record in caplog.records)


def test_every_problem_type_is_documented():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    for problem_type in PROBLEM_TYPES:
        assert problem_type.uri in docs, problem_type.uri


def test_not_acceptable_is_problem(api):
    response = api.get("/api/v1/children/", HTTP_ACCEPT="text/html")
    problem(response, 406, "not-acceptable")


def test_other_api_errors_are_about_blank_with_their_status():
    class Gone(exceptions.APIException):
        status_code = 410
        default_detail = "This has gone."

    response = problem_details_handler(Gone(), _context())
    assert response.status_code == 410
    assert response.data["type"] == "about:blank"
    assert response.data["title"] == "Gone"
    assert response.data["detail"] == "This has gone."
