"""The SEN2 pages: who may see what, the census date form, the problem list and the download."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from sendcase.core.models import AuditAction, AuditEntry, Role

from ..factories import UserFactory
from .factories import PlanFactory, Sen2ChildFactory

pytestmark = pytest.mark.django_db
URL = "/performance/sen2/"
CENSUS_QUERY = {"census_date_0": "15", "census_date_1": "1", "census_date_2": "2026"}


@pytest.fixture
def bad_upn_child():
    child = Sen2ChildFactory(legal_first_name="Ola", legal_last_name="Badupn", upn="B123456789012")
    PlanFactory(child=child)
    return child


def _client(role):
    client = Client()
    client.force_login(UserFactory(role=role))
    return client


def test_the_urls_are_named_under_sen2():
    assert reverse("sen2:index") == URL
    assert (
        reverse("sen2:download", kwargs={"census": "2026-01-15"}) == "/performance/sen2/2026-01-15/sen2.xml"
    )


def test_the_form_offers_the_latest_census_day(data_officer_client):
    response = data_officer_client.get(URL)
    assert response.status_code == 200
    assert response.context["form"].initial["census_date"].month == 1
    assert "result" not in response.context


def test_a_data_officer_sees_counts_problems_and_a_link_to_fix_each(data_officer_client, bad_upn_child):
    response = data_officer_client.get(URL, CENSUS_QUERY)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.modules["persons"] == 1 and result.counts["plans_in_force"] == 1
    page = response.content.decode()
    assert "P08: UPN is not valid" in page
    assert f'href="/children/{bad_upn_child.pk}/"' in page
    assert 'href="/performance/sen2/2026-01-15/sen2.xml"' in page


def test_generating_is_audited(data_officer_client, data_officer, bad_upn_child):
    data_officer_client.get(URL, CENSUS_QUERY)
    entry = AuditEntry.objects.get(user=data_officer, action=AuditAction.VIEW)
    assert "SEN2 return for census day 15 January 2026: 1 children" in entry.summary


def test_problems_can_be_filtered_by_rule_and_severity(data_officer_client, bad_upn_child):
    Sen2ChildFactory(upn="")  # no plan or request: not in the return
    response = data_officer_client.get(URL, {**CENSUS_QUERY, "rule": "P08"})
    assert [p.rule.rule_id for p in response.context["page"]] == ["P08"]
    response = data_officer_client.get(URL, {**CENSUS_QUERY, "severity": "warning"})
    assert all(p.severity == "warning" for p in response.context["page"])


def test_board_member_sees_counts_but_not_children_or_the_download(read_only_client, bad_upn_child):
    response = read_only_client.get(URL, CENSUS_QUERY)
    assert response.status_code == 200
    assert response.context["result"].counts["plans_in_force"] == 1
    page = response.content.decode()
    assert "Badupn" not in page and "sen2.xml" not in page
    assert read_only_client.get("/performance/sen2/2026-01-15/sen2.xml").status_code == 403


@pytest.mark.parametrize("role", [Role.FAMILY, Role.SCHOOL, Role.ADVISER])
def test_portal_users_cannot_see_the_return(role, bad_upn_child):
    client = _client(role)
    assert client.get(URL, CENSUS_QUERY).status_code == 403
    assert client.get("/performance/sen2/2026-01-15/sen2.xml").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in():
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_a_wrong_date_shows_an_error_and_keeps_what_was_typed(data_officer_client):
    response = data_officer_client.get(
        URL, {"census_date_0": "35", "census_date_1": "1", "census_date_2": "2026"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Census date must be a real date" in page
    assert 'value="35"' in page
    assert "result" not in response.context
    assert response.context["page_title"].startswith("Error: ")


def test_a_census_before_ehc_plans_is_refused(data_officer_client):
    response = data_officer_client.get(
        URL, {"census_date_0": "15", "census_date_1": "1", "census_date_2": "2010"}
    )
    assert "Census date must be in 2015 or later" in response.content.decode()


def test_download_is_the_xml_and_is_audited_as_an_export(data_officer_client, data_officer, bad_upn_child):
    response = data_officer_client.get("/performance/sen2/2026-01-15/sen2.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert response["Content-Disposition"] == 'attachment; filename="sen2-2026-01-15.xml"'
    assert response["Cache-Control"] == "no-store"
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.findtext("Header/Source/LEA") == "330"
    assert root.findtext("Persons/Person/Surname") == "Badupn"
    entry = AuditEntry.objects.get(user=data_officer, action=AuditAction.EXPORT)
    assert "census day 15 January 2026 (1 children)" in entry.summary


def test_download_of_a_date_that_is_not_a_date_is_not_found(data_officer_client):
    assert data_officer_client.get("/performance/sen2/2026-13-45/sen2.xml").status_code == 404


def test_head_of_service_may_download(bad_upn_child):
    client = _client(Role.HEAD_OF_SERVICE)
    assert client.get("/performance/sen2/2026-01-15/sen2.xml").status_code == 200


def test_case_officer_sees_counts_only(bad_upn_child):
    client = _client(Role.CASE_OFFICER)
    response = client.get(URL, CENSUS_QUERY)
    assert response.status_code == 200 and "page" not in response.context
    assert client.get("/performance/sen2/2026-01-15/sen2.xml").status_code == 403


def test_the_result_is_used_again_until_a_record_changes(data_officer_client, bad_upn_child, monkeypatch):
    from sendcase.core.audit import audit_record
    from sendcase.performance.sen2 import selectors

    generated = []
    real = selectors.sen2_return
    monkeypatch.setattr(selectors, "sen2_return", lambda day: generated.append(day) or real(day))
    first = data_officer_client.get(URL, CENSUS_QUERY)
    data_officer_client.get(URL, {**CENSUS_QUERY, "rule": "P08"})  # paging and filtering reuse it
    assert len(generated) == 1
    assert "Generate it again" in first.content.decode()

    audit_record(user=None, action=AuditAction.UPDATE, obj=bad_upn_child, summary="UPN corrected")
    data_officer_client.get(URL, CENSUS_QUERY)
    assert len(generated) == 2  # a record changed: generated afresh

    data_officer_client.get(URL, {**CENSUS_QUERY, "again": "1"})
    assert len(generated) == 3  # asked for: generated afresh
    summaries = list(AuditEntry.objects.filter(action=AuditAction.VIEW).values_list("summary", flat=True))
    assert sum(s.startswith("Generated the SEN2 return") for s in summaries) == 3
    assert sum(s.startswith("Viewed (as generated at") for s in summaries) == 1
