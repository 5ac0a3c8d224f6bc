"""Creating, finding and reading children through the API."""

from __future__ import annotations

import pytest

from sendcase.core.identifiers import make_upn
from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people.models import CaseEvent, Child
from tests.factories import ChildFactory, LocalityFactory

from .conftest import error_fields, problem

pytestmark = pytest.mark.django_db

NEW_CHILD = {
    "legal_first_name": "Bethan",
    "legal_last_name": "Apitest",
    "preferred_name": "Beth",
    "date_of_birth": "2016-09-01",
    "sex": "F",
    "ethnicity": "WBRI",
    "postcode": "b1 1aa",
}


def test_create_child(api, service_account):
    locality = LocalityFactory(code="north", name="North")
    response = api.post("/api/v1/children/", NEW_CHILD | {"locality": "north"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    child = Child.objects.get(pk=body["id"])
    assert response["Location"].endswith(f"/api/v1/children/{child.pk}/")
    assert body["reference"] == child.reference
    assert body["full_name"] == "Beth Apitest"
    assert body["postcode"] == "B1 1AA"  # normalised by the service
    assert body["locality"] == {"code": "north", "name": "North"}
    assert child.locality == locality
    assert child.created_by == service_account
    assert CaseEvent.objects.filter(child=child, kind="child_created").exists()


def test_create_child_with_unknown_locality_names_the_field(api):
    body = problem(
        api.post("/api/v1/children/", NEW_CHILD | {"locality": "nowhere"}, format="json"), 422, "validation"
    )
    assert error_fields(body) == ["locality"]


def test_create_child_with_bad_upn_names_the_field(api):
    body = problem(
        api.post("/api/v1/children/", NEW_CHILD | {"upn": "A123"}, format="json"), 422, "validation"
    )
    assert error_fields(body) == ["upn"]
    assert not Child.objects.exists()


def test_create_child_born_in_the_future_is_refused(api, today):
    future = today.replace(year=today.year + 1).isoformat()
    body = problem(
        api.post("/api/v1/children/", NEW_CHILD | {"date_of_birth": future}, format="json"), 422, "validation"
    )
    assert error_fields(body) == ["date_of_birth"]


def test_missing_names_are_all_listed(api):
    body = problem(api.post("/api/v1/children/", {"sex": "F"}, format="json"), 422, "validation")
    assert set(error_fields(body)) == {"legal_first_name", "legal_last_name", "date_of_birth"}


def test_possible_duplicate_then_confirmed(api):
    upn = make_upn(999, 2001, 15, 1)
    existing = ChildFactory(legal_first_name="Someone", legal_last_name="Else", upn=upn)
    body = problem(
        api.post("/api/v1/children/", NEW_CHILD | {"upn": upn}, format="json"), 409, "possible-duplicate"
    )
    assert body["matches"] == [existing.pk]
    assert Child.objects.count() == 1

    response = api.post(
        "/api/v1/children/", NEW_CHILD | {"upn": upn, "confirm_not_duplicate": True}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Child.objects.count() == 2


def test_read_child_is_audited(api, service_account, child):
    response = api.get(f"/api/v1/children/{child.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == child.pk
    assert body["legal_name"] == child.legal_name
    assert body["date_of_birth"] == child.date_of_birth.isoformat()
    assert body["assessment_requests"] == []
    entry = AuditEntry.objects.get(action=AuditAction.VIEW, child_id=child.pk)
    assert entry.user == service_account
    assert entry.path == f"/api/v1/children/{child.pk}/"


def test_child_lists_their_requests(api, child):
    from .conftest import new_request

    case = new_request(api, child.pk)
    body = api.get(f"/api/v1/children/{child.pk}/").json()
    assert [r["id"] for r in body["assessment_requests"]] == [case["id"]]
    assert body["assessment_requests"][0]["status"] == "received"


def test_list_search_and_pagination(api):
    for n in range(3):
        ChildFactory(legal_first_name=f"Zed{n}", legal_last_name="Searchable")
    ChildFactory(legal_first_name="Other", legal_last_name="Person")

    everyone = api.get("/api/v1/children/").json()
    assert everyone["count"] == 4

    found = api.get("/api/v1/children/", {"search": "searchable"}).json()
    assert found["count"] == 3
    assert {c["legal_last_name"] for c in found["results"]} == {"Searchable"}

    page = api.get("/api/v1/children/", {"search": "searchable", "page_size": 2}).json()
    assert len(page["results"]) == 2
    assert page["next"] and "page=2" in page["next"]
    second = api.get(page["next"]).json()
    assert len(second["results"]) == 1


def test_search_by_reference(api, child):
    found = api.get("/api/v1/children/", {"search": child.reference}).json()
    assert [c["id"] for c in found["results"]] == [child.pk]


def test_list_is_audited_once(api, service_account):
    ChildFactory.create_batch(3)
    api.get("/api/v1/children/", {"search": "x"})
    entries = AuditEntry.objects.filter(action=AuditAction.VIEW, user=service_account)
    assert entries.count() == 1
    assert "search 'x'" in entries.get().summary


def test_page_out_of_range_is_404_problem(api):
    problem(api.get("/api/v1/children/", {"page": 99}), 404, "not-found")


def test_records_are_not_cached(api, child):
    assert api.get(f"/api/v1/children/{child.pk}/")["Cache-Control"] == "no-store"
    assert api.get("/api/v1/children/")["Cache-Control"] == "no-store"


def test_identifiers_are_accepted_as_people_write_them(api):
    from sendcase.core.identifiers import make_nhs_number

    nhs = make_nhs_number(26)
    spaced = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"
    response = api.post("/api/v1/children/", NEW_CHILD | {"nhs_number": spaced}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["nhs_number"] == nhs
