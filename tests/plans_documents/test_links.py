"""The pages that a document belongs to offer it: a preview for staff, and a form to store it for editors."""

import pytest
from django.urls import reverse

from tests.assessments.helpers import drive_to
from tests.plans_reviews.helpers import issued_plan, review_at


@pytest.mark.django_db
def test_each_page_links_to_its_documents(officer_client, officer):
    plan = issued_plan(officer, days_ago=400)
    version = plan.versions.get(number=1)
    review = review_at(officer, plan, "amendment_notice")
    refused = drive_to("not_assessing", user=officer)
    pages = {
        reverse("plans:version", args=[plan.pk, version.pk]): [
            reverse("plan_documents:version_plan", args=[plan.pk, version.pk]),
            reverse("plan_documents:final_plan_letter", args=[plan.pk, version.pk]),
        ],
        reverse("plan_reviews:reviews", args=[plan.pk]): [
            reverse("plan_documents:review_outcome", args=[plan.pk, review.pk]),
            reverse("plan_documents:amendment_notice", args=[plan.pk, review.pk]),
        ],
        reverse("assessments:case", args=[refused.pk]): [
            reverse("plan_documents:refusal_letter", args=[refused.pk]),
        ],
    }
    for page, documents in pages.items():
        html = officer_client.get(page).content.decode()
        for document in documents:
            assert f'href="{document}"' in html, (page, document)
            assert f'action="{document}"' in html, (page, document)


@pytest.mark.django_db
def test_read_only_users_get_previews_but_no_store_button(read_only_client, officer):
    refused = drive_to("not_assessing", user=officer)
    html = read_only_client.get(reverse("assessments:case", args=[refused.pk])).content.decode()
    document = reverse("plan_documents:refusal_letter", args=[refused.pk])
    assert f'href="{document}"' in html
    assert f'action="{document}"' not in html
