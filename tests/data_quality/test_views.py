"""The overview and rule pages: who may read them, scores shown, filters, links to fix, exports."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sendcase.core.models import AuditAction, AuditEntry
from sendcase.data_quality.scoring import scores_record
from tests.factories import AllocationFactory, TeamFactory

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken(officer, team):
    child = f.clean_child(sex="U", legal_first_name="Zara", legal_last_name="Brokenrecord")
    AllocationFactory(child=child, officer=officer, team=team)
    return child


def test_case_officers_read_the_overview_with_scores(officer_client, broken):
    response = officer_client.get(reverse("data_quality:overview"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "out of 10" in page and "No monthly scores saved yet" in page
    assert reverse("data_quality:rule", args=["CH-SEX"]) in page


def test_overview_shows_the_stored_trend_and_scores_by_team_and_officer(
    officer_client, broken, officer, team
):
    scores_record(month=timezone.localdate().replace(day=1), as_of=timezone.localdate())
    page = officer_client.get(reverse("data_quality:overview")).content.decode()
    assert f"{timezone.localdate():%B %Y}" in page and "saved monthly" in page
    assert f"?team={team.pk}" in page and f"?officer={officer.pk}" in page
    filtered = officer_client.get(reverse("data_quality:overview"), {"team": team.pk}).content.decode()
    assert f"Data quality: {team.name}" in filtered


def test_rule_page_lists_the_record_with_a_link_that_fixes_it(officer_client, broken):
    response = officer_client.get(reverse("data_quality:rule", args=["CH-SEX"]))
    page = response.content.decode()
    assert "Brokenrecord" in page and "Sex not recorded" in page
    assert reverse("people:child_edit", kwargs={"pk": broken.pk}) in page
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, summary__contains="CH-SEX").exists()


def test_rule_page_filters_by_team(officer_client, broken):
    other = TeamFactory(name="South")
    page = officer_client.get(
        reverse("data_quality:rule", args=["CH-SEX"]), {"team": other.pk}
    ).content.decode()
    assert "Brokenrecord" not in page and "No records break this rule" in page


def test_rule_page_filters_by_officer(officer_client, broken, officer):
    page = officer_client.get(
        reverse("data_quality:rule", args=["CH-SEX"]), {"officer": officer.pk}
    ).content.decode()
    assert "Brokenrecord" in page


def test_exports_are_neutralised_and_audited(officer_client):
    f.clean_child(sex="U", legal_first_name="=cmd", legal_last_name="Formula")
    response = officer_client.get(reverse("data_quality:rule", args=["CH-SEX"]), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "'=cmd Formula" in text
    xlsx = officer_client.get(reverse("data_quality:rule", args=["CH-SEX"]), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 2


def test_links_for_plans_reviews_and_requests(officer_client):
    child = f.clean_child()
    plan = f.plan_for(child, primary_need="")
    page = officer_client.get(reverse("data_quality:rule", args=["PL-NEED"])).content.decode()
    assert reverse("plans:plan", kwargs={"pk": plan.pk}) in page
    review = f.review_for(plan, meeting_on=plan.issued_on.replace(year=plan.issued_on.year - 1))
    page = officer_client.get(reverse("data_quality:rule", args=["RV-ORDER"])).content.decode()
    assert reverse("plan_reviews:reviews", kwargs={"plan_pk": review.plan_id}) in page
    request = f.request_for(child, overdue_steps=2)
    page = officer_client.get(reverse("data_quality:rule", args=["RQ-EXC"])).content.decode()
    assert reverse("assessments:case", kwargs={"pk": request.pk}) in page


def test_unknown_rule_is_404(officer_client):
    assert officer_client.get(reverse("data_quality:rule", args=["NOPE"])).status_code == 404


def test_families_may_not_read_data_quality(outsider_client, broken):
    assert outsider_client.get(reverse("data_quality:overview")).status_code == 403
    assert outsider_client.get(reverse("data_quality:rule", args=["CH-SEX"])).status_code == 403


def test_signed_out_users_are_sent_to_sign_in(client):
    response = client.get(reverse("data_quality:overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))
