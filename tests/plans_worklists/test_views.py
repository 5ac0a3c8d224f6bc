"""The worklist pages: permissions, filters, links, pagination and the audited downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sendcase.core.models import AuditAction, AuditEntry
from sendcase.plans.models import ReviewStatus
from sendcase.plans.views.worklists import PAGE_SIZE, default_transfer_year
from tests.factories import EstablishmentFactory, UserFactory

from .helpers import DAY, allocate, make_plan, review, transfer

pytestmark = pytest.mark.django_db
URL = "/reviews/"
PHASE_URL = "/reviews/phase-transfers/"


def today():
    return timezone.localdate()


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def test_url_names():
    assert reverse("plan_worklists:reviews") == URL
    assert reverse("plan_worklists:phase_transfers") == PHASE_URL


@pytest.mark.parametrize("url", [URL, PHASE_URL, URL + "?format=csv", PHASE_URL + "?format=xlsx"])
def test_outsiders_get_403(outsider_client, url):
    assert outsider_client.get(url).status_code == 403


def test_service_account_gets_403(service_account, client):
    client.force_login(service_account)
    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302


def test_read_only_may_view_and_export(read_only_client):
    make_plan(review_due=today() + DAY)
    assert read_only_client.get(URL).status_code == 200
    response = read_only_client.get(URL + "?format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_page_shows_counts_and_links_to_the_plan_reviews(officer_client):
    due = make_plan(review_due=today() + 3 * DAY, legal_first_name="Dina", legal_last_name="Due")
    make_plan(review_due=today() - DAY, legal_first_name="Olly", legal_last_name="Overdue")
    response = officer_client.get(URL)
    html = response.content.decode()
    assert "Reviews due in the next 8 weeks (1)" in html
    assert "Reviews overdue (1)" in html
    assert "Review decisions overdue (0)" in html
    assert reverse("plan_reviews:reviews", kwargs={"plan_pk": due.pk}) in html
    assert "Dina Due" in html and "Olly Overdue" not in html
    assert "<caption" in html
    html = officer_client.get(URL + "?list=overdue").content.decode()
    assert "Olly Overdue" in html and "1 day late" in html


def test_filters_apply_to_page_and_export(officer_client, officer, other_officer, team):
    mine = make_plan(review_due=today() + DAY, legal_first_name="Mine", legal_last_name="Child")
    theirs = make_plan(review_due=today() + DAY, legal_first_name="Theirs", legal_last_name="Child")
    allocate(mine, officer, team)
    allocate(theirs, other_officer, team)
    html = officer_client.get(URL, {"officer": officer.pk}).content.decode()
    assert "Mine Child" in html and "Theirs Child" not in html
    assert "Reviews due in the next 8 weeks (1)" in html
    rows = read_csv(officer_client.get(URL, {"officer": officer.pk, "format": "csv"}))
    assert [r[0] for r in rows[1:]] == ["Mine Child"]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert f"officer={officer.pk}" in entry.summary and "1 rows" in entry.summary


def test_invalid_filter_is_ignored(officer_client):
    make_plan(review_due=today() + DAY)
    response = officer_client.get(URL, {"officer": "999999", "list": "nonsense"})
    assert response.status_code == 200
    assert "Reviews due in the next 8 weeks (1)" in response.content.decode()


def test_export_rows_columns_and_neutralisation(officer_client, officer, team):
    school = EstablishmentFactory(name="=cmd|' /C calc'!A0")
    plan = make_plan(
        review_due=today() - 2 * DAY,
        legal_first_name="@Evil",
        legal_last_name="Name",
        named_establishment=school,
    )
    allocate(plan, officer, team)
    rows = read_csv(officer_client.get(URL, {"list": "overdue", "format": "csv"}))
    header = rows[0]
    assert header[:7] == [
        "Child",
        "Reference",
        "Officer",
        "Team",
        "Locality",
        "School or setting",
        "Review due",
    ]
    assert len(rows) == 2
    row = dict(zip(header, rows[1], strict=True))
    assert row["Child"] == "'@Evil Name"
    assert row["School or setting"] == "'=cmd|' /C calc'!A0"
    assert row["Review due"] == (today() - 2 * DAY).isoformat()
    assert row["Days left (negative: overdue)"] == "-2"
    assert row["Officer"] == officer.display_name

    response = officer_client.get(URL, {"list": "overdue", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == "'@Evil Name"
    assert values[1][6].date() == today() - 2 * DAY
    assert values[1][7] == -2


def test_export_has_every_row_not_just_the_page(officer_client):
    for i in range(PAGE_SIZE + 5):
        make_plan(review_due=today() + (i % 40) * DAY)
    html = officer_client.get(URL).content.decode()
    assert "page 1 of 2" in html and 'rel="next"' in html
    assert len(read_csv(officer_client.get(URL + "?format=csv"))) == PAGE_SIZE + 5 + 1
    page2 = officer_client.get(URL + "?page=2").content.decode()
    assert page2.count('class="govuk-table__row"') == 5 + 1


def test_decisions_and_amendments_lists(officer_client):
    plan = make_plan(review_due=today() + 300 * DAY, legal_first_name="Held", legal_last_name="Meeting")
    review(plan, ReviewStatus.HELD, meeting_on=today() - 40 * DAY)
    html = officer_client.get(URL + "?list=decisions").content.decode()
    assert "Review decisions overdue (1)" in html and "Held Meeting" in html
    rows = read_csv(officer_client.get(URL + "?list=decisions&format=csv"))
    assert rows[0][6:8] == ["Meeting held", "Decision due"]
    assert rows[1][7] == (today() - 12 * DAY).isoformat()
    assert officer_client.get(URL + "?list=amendments").status_code == 200


def test_page_query_count_is_fixed(officer_client, officer, team, django_assert_max_num_queries):
    for i in range(60):
        plan = make_plan(review_due=today() + (i % 50) * DAY)
        allocate(plan, UserFactory(), team)
    officer_client.get(URL)  # warm the session and the user
    with django_assert_max_num_queries(20):
        assert officer_client.get(URL, {"team": team.pk}).status_code == 200


def test_phase_transfer_page_and_export(officer_client):
    year = default_transfer_year(today())
    plan = make_plan(review_due=today() + 100 * DAY, legal_first_name="Pat", legal_last_name="Phase")
    transfer(plan, year=year, deadline=dt.date(year, 2, 14))
    other = make_plan(review_due=today() + 100 * DAY, legal_first_name="Next", legal_last_name="Year")
    transfer(other, year=year + 1, deadline=dt.date(year + 1, 2, 14))
    html = officer_client.get(PHASE_URL).content.decode()
    assert f"Phase transfers in {year}" in html and "Pat Phase" in html and "Next Year" not in html
    assert reverse("plan_reviews:reviews", kwargs={"plan_pk": plan.pk}) in html
    html = officer_client.get(PHASE_URL, {"year": year + 1}).content.decode()
    assert "Next Year" in html and "Pat Phase" not in html
    rows = read_csv(officer_client.get(PHASE_URL, {"year": year, "format": "csv"}))
    assert rows[0][:4] == ["Child", "Reference", "Transfer", "Deadline"]
    assert rows[1][0] == "Pat Phase" and rows[1][3] == f"{year}-02-14"
    by_school = read_csv(officer_client.get(PHASE_URL, {"year": year, "format": "csv", "table": "schools"}))
    assert by_school == [
        ["School or setting", "Transfers", "Reviewed", "Named", "Not yet named"],
        ["No current school", "1", "0", "0", "1"],
    ]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 2


def test_default_transfer_year():
    assert default_transfer_year(dt.date(2026, 8, 31)) == 2026
    assert default_transfer_year(dt.date(2026, 9, 1)) == 2027
