"""Recording a plan transferred in from another council, from the child's record."""

import datetime as dt

import pytest
from django.urls import reverse

from sendcase import statutory
from sendcase.plans.models import EHCPlan


def _date(prefix: str, value: dt.date) -> dict:
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


@pytest.mark.django_db
def test_an_officer_records_a_transferred_in_plan_from_the_childs_record(officer_client, child):
    record = officer_client.get(reverse("people:child_detail", args=[child.pk])).content.decode()
    url = reverse("plan_reviews:placement_step", args=[child.pk, "plan-transfer-in"])
    assert url in record
    issued, received, reviewed = dt.date(2025, 3, 1), dt.date(2026, 9, 1), dt.date(2026, 2, 20)
    bad = officer_client.post(
        url, {"from_la": "abc", **_date("received_on", received), **_date("issued_on", issued)}
    )
    assert "There is a problem" in bad.content.decode()
    response = officer_client.post(
        url,
        {
            "from_la": "331",
            **_date("received_on", received),
            **_date("issued_on", issued),
            **_date("last_review_on", reviewed),
        },
    )
    assert response.status_code == 302
    plan = EHCPlan.objects.get(child=child)
    assert (plan.transferred_in_from_la, plan.transferred_in_on, plan.issued_on) == ("331", received, issued)
    assert plan.review_due == statutory.review_due(reviewed)
    assert (
        "transferred in from local authority 331"
        in officer_client.get(reverse("people:child_detail", args=[child.pk])).content.decode()
    )


@pytest.mark.django_db
def test_read_only_users_cannot_record_a_transfer_in(read_only_client, child):
    url = reverse("plan_reviews:placement_step", args=[child.pk, "plan-transfer-in"])
    assert url not in read_only_client.get(reverse("people:child_detail", args=[child.pk])).content.decode()
    assert read_only_client.post(url, {}).status_code == 403
