"""The document URLs: GET previews inline (audited view), POST generates and stores (editors only)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people.models import Document
from tests.assessments.helpers import drive_to
from tests.plans_reviews.helpers import issued_plan, review_at

from .helpers import reader, text_of


@pytest.fixture
def plan(officer):
    return issued_plan(officer, days_ago=400)


@pytest.fixture
def urls(officer, plan):
    version = plan.versions.get(number=1)
    review = review_at(officer, plan, "amendment_notice")
    refused = drive_to("not_assessing", user=officer)
    return {
        "version_plan": reverse("plan_documents:version_plan", args=[plan.pk, version.pk]),
        "final_plan_letter": reverse("plan_documents:final_plan_letter", args=[plan.pk, version.pk]),
        "review_outcome": reverse("plan_documents:review_outcome", args=[plan.pk, review.pk]),
        "amendment_notice": reverse("plan_documents:amendment_notice", args=[plan.pk, review.pk]),
        "refusal_letter": reverse("plan_documents:refusal_letter", args=[refused.pk]),
    }


NAMES = ["version_plan", "final_plan_letter", "review_outcome", "amendment_notice", "refusal_letter"]


@pytest.mark.parametrize("name", NAMES)
def test_officer_generates_and_is_sent_back(officer_client, urls, name):
    response = officer_client.post(urls[name], {"next": "/caseload/"})
    assert response.status_code == 302
    assert response["Location"] == "/caseload/"
    assert Document.objects.count() == 1


def test_unsafe_next_is_ignored(officer_client, urls, plan):
    response = officer_client.post(urls["version_plan"], {"next": "https://evil.example/"})
    assert response["Location"] == reverse("people:child_detail", kwargs={"pk": plan.child_id})


@pytest.mark.parametrize("name", NAMES)
def test_read_only_may_preview_but_not_generate(read_only_client, read_only_user, urls, name):
    assert read_only_client.post(urls[name]).status_code == 403
    assert not Document.objects.exists()
    response = read_only_client.get(urls[name])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    reader(response.content)
    assert not Document.objects.exists()
    assert AuditEntry.objects.filter(user=read_only_user, action=AuditAction.VIEW).exists()


@pytest.mark.parametrize("name", NAMES)
def test_outsider_gets_403(outsider_client, urls, name):
    # A family account is refused every staff page (403) before any record is looked up.
    assert outsider_client.get(urls[name]).status_code == 403
    assert outsider_client.post(urls[name]).status_code == 403
    assert not Document.objects.exists()


def test_preview_contains_the_childs_name(officer_client, urls, plan):
    response = officer_client.get(urls["final_plan_letter"])
    assert plan.child.full_name in text_of(response.content)


def test_document_not_applicable_is_404_on_preview_and_a_message_on_post(officer_client, officer):
    request = drive_to("assessing", user=officer)
    url = reverse("plan_documents:refusal_letter", args=[request.pk])
    assert officer_client.get(url).status_code == 404
    response = officer_client.post(url, follow=False)
    assert response.status_code == 302
    assert not Document.objects.exists()


def test_cease_notice_url_and_other_plans_ids_404(officer_client, officer, plan):
    other = issued_plan(officer, days_ago=400)
    version = other.versions.get(number=1)
    assert (
        officer_client.get(reverse("plan_documents:version_plan", args=[plan.pk, version.pk])).status_code
        == 404
    )
    assert (
        officer_client.get(reverse("plan_documents:cease_notice", args=[plan.pk, 999999])).status_code == 404
    )


def test_anonymous_is_sent_to_sign_in(client, urls):
    response = client.get(urls["version_plan"])
    assert response.status_code == 302
    assert "sign-in" in response["Location"]
