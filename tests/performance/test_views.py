"""The dashboards: who may see them, what they show, the audited list of cases behind a figure, exports
and recomputing a month."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sendcase.core.models import AuditEntry, Role
from sendcase.performance.compute import snapshot_month
from sendcase.performance.models import IndicatorSnapshot
from tests.factories import ChildFactory, UserFactory

from . import factories as f

D = f.D
JUNE = D(2025, 6, 30)
pytestmark = pytest.mark.django_db


def _client(role: str, username: str) -> Client:
    client = Client()
    client.force_login(UserFactory(username=username, role=role))
    return client


@pytest.fixture
def history():
    """Two new plans in 2025 to the end of June: one on time (Ann), one late (Bob, in another locality);
    and a child with a formula-like name."""
    ann = ChildFactory(legal_first_name="Ann", legal_last_name="Ontime")
    bob = ChildFactory(legal_first_name="Bob", legal_last_name="Late")
    f.request(ann, received=D(2025, 1, 6), decided=D(2025, 2, 1), final=D(2025, 5, 26))
    f.request(bob, received=D(2025, 1, 6), decided=D(2025, 2, 1), final=D(2025, 6, 30))
    sly = ChildFactory(legal_first_name="=HYPERLINK(1)", legal_last_name="Sly")
    f.request(sly, received=D(2025, 6, 1))
    snapshot_month(D(2025, 5, 31))
    snapshot_month(JUNE)
    return {"ann": ann, "bob": bob, "sly": sly}


URLS = [
    ("performance:overview", []),
    ("performance:indicator", ["plans_20_weeks_incl_year"]),
    ("performance:cases", ["plans_20_weeks_incl_year"]),
    ("performance:export", ["plans_20_weeks_incl_year", "csv"]),
    ("performance:cases_export", ["plans_20_weeks_incl_year", "xlsx"]),
]


@pytest.mark.parametrize("role", [Role.FAMILY, Role.SCHOOL, Role.ADVISER, Role.SERVICE_ACCOUNT])
@pytest.mark.parametrize("name, args", URLS)
def test_families_schools_and_advisers_are_refused(history, role, name, args) -> None:
    client = _client(role, f"portal-{role}")
    before = AuditEntry.objects.filter(child_id__isnull=False).count()
    assert client.get(reverse(name, args=args) + "?period=2025-06").status_code == 403
    assert AuditEntry.objects.filter(child_id__isnull=False).count() == before


def test_signed_out_visitors_are_sent_to_sign_in(history) -> None:
    response = Client().get(reverse("performance:overview"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:login"))


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.READ_ONLY, Role.HEAD_OF_SERVICE, Role.DATA_OFFICER])
def test_staff_and_board_members_see_the_overview(history, role) -> None:
    response = _client(role, f"staff-{role}").get(reverse("performance:overview") + "?period=2025-06")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="tile-plans_20_weeks_incl_year"' in html
    assert "50.0%" in html  # one of two plans on time
    assert '<title id="spark-plans_20_weeks_incl_year">Trend over 2 months' in html


def test_the_indicator_page_shows_chart_table_breakdown_comparators_and_commentary(history) -> None:
    client = _client(Role.READ_ONLY, "board")
    url = reverse("performance:indicator", args=["plans_20_weeks_incl_year"])
    html = client.get(url, {"period": "2025-06", "breakdown": "locality"}).content.decode()
    assert 'aria-labelledby="chart-title chart-desc"' in html
    assert "May 2025: 100.0%; June 2025: 50.0%" in html  # the chart's text alternative
    assert 'id="series"' in html and 'id="breakdown"' in html
    assert history["ann"].locality.name in html and history["bob"].locality.name in html
    assert "Fell from 100.0% to 50.0% since the month before" in html
    assert "England" in html and "Published DfE figures for calendar year 2024" in html
    assert "Quartile band" in html or "quartile band" in html


def test_a_measure_dfe_does_not_publish_says_so(history) -> None:
    client = _client(Role.READ_ONLY, "board")
    html = client.get(reverse("performance:indicator", args=["advice_6_weeks"]), {"period": "2025-06"})
    assert "DfE does not publish this measure" in html.content.decode()


def test_an_unknown_indicator_is_not_found(history) -> None:
    client = _client(Role.READ_ONLY, "board")
    assert client.get(reverse("performance:indicator", args=["nonsense"])).status_code == 404


def test_the_cases_behind_a_figure_link_to_each_child_and_are_audited(history) -> None:
    viewer = UserFactory(username="head", role=Role.HEAD_OF_SERVICE)
    client = Client()
    client.force_login(viewer)
    url = reverse("performance:cases", args=["plans_20_weeks_incl_year"])
    html = client.get(url, {"period": "2025-06"}).content.decode()
    for child in (history["ann"], history["bob"]):
        assert reverse("people:child_detail", args=[child.pk]) in html
        assert AuditEntry.objects.filter(user=viewer, child_id=child.pk, action="view").exists()
    assert history["sly"].full_name not in html  # not part of this figure
    assert not AuditEntry.objects.filter(child_id=history["sly"].pk).exists()


def test_the_cases_behind_one_breakdown_value(history) -> None:
    client = _client(Role.READ_ONLY, "board")
    url = reverse("performance:cases", args=["plans_20_weeks_incl_year"])
    locality = history["bob"].locality.name
    html = client.get(url, {"period": "2025-06", "breakdown": "locality", "value": locality}).content.decode()
    assert history["bob"].full_name in html and history["ann"].full_name not in html
    assert client.get(url, {"period": "2025-06", "breakdown": "nonsense", "value": "x"}).status_code == 404


def test_figures_export_as_csv_and_xlsx(history) -> None:
    client = _client(Role.READ_ONLY, "board")
    url = reverse("performance:export", args=["plans_20_weeks_incl_year", "csv"])
    response = client.get(url, {"period": "2025-06"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Month ending",
        "Breakdown",
        "Group",
        "Numerator",
        "Denominator",
        "Value (percent)",
        "Target that month",
        "Against target",
    ]
    assert ["2025-06-30", "Overall", "All", "1.00", "2.00", "50.00", "60.00", "Near target"] in rows
    xlsx = client.get(
        reverse("performance:export", args=["plans_20_weeks_incl_year", "xlsx"]), {"period": "2025-06"}
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "Month ending"
    assert AuditEntry.objects.filter(action="export").count() == 2


def test_the_cases_export_neutralises_formulas_and_is_audited(history) -> None:
    client = _client(Role.READ_ONLY, "board")
    url = reverse("performance:cases_export", args=["open_requests", "csv"])
    text = client.get(url, {"period": "2025-06"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1) Sly" in text
    assert history["sly"].locality.name in text  # breakdown columns are filled in the export
    assert AuditEntry.objects.filter(action="export", summary__contains="Open requests").exists()


def test_only_data_officers_and_leaders_may_recompute(history) -> None:
    url = reverse("performance:recompute")
    assert _client(Role.CASE_OFFICER, "o").post(url, {"period": "2025-06"}).status_code == 403
    assert _client(Role.READ_ONLY, "r").post(url, {"period": "2025-06"}).status_code == 403
    f.request(received=D(2025, 6, 2))
    response = _client(Role.DATA_OFFICER, "data").post(url, {"period": "2025-06"})
    assert response.status_code == 302
    opened = IndicatorSnapshot.objects.get(indicator="open_requests", period_end=JUNE, breakdown="all")
    assert opened.value == 2
    assert AuditEntry.objects.filter(action="update", summary__contains="June 2025").exists()


def test_recompute_refuses_a_month_that_has_not_started(history) -> None:
    client = _client(Role.DATA_OFFICER, "data")
    client.post(reverse("performance:recompute"), {"period": "2999-01"})
    assert not IndicatorSnapshot.objects.filter(period_end__year=2999).exists()


def test_a_month_not_yet_computed_says_so(history) -> None:
    html = _client(Role.READ_ONLY, "board").get(reverse("performance:overview"), {"period": "2024-01"})
    assert "have not been computed yet" in html.content.decode()
