"""Comparing two versions side by side: what changed is marked with <ins>/<del> and announced."""

from __future__ import annotations

import copy

import pytest

from sendcase.plans.models import VersionKind
from sendcase.plans.services import versions as services

from .test_versions_support import first_version, issued_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(officer):
    plan = issued_plan(officer)
    v1 = first_version(officer, plan)
    v2 = services.draft_start(acting_user=officer, plan=plan, kind=VersionKind.AMENDMENT)
    content = copy.deepcopy(v2.content)
    content["A"]["views"] = "Likes buses."
    content["F"]["items"][0]["frequency"] = "Twice daily, 10 minutes"
    content["F"]["items"].append(
        {
            "id": "F2",
            "what": "Social stories",
            "who": "Class teacher",
            "frequency": "Weekly",
            "duration": "Until July 2027",
            "group_size": "",
            "outcomes": ["E1"],
        }
    )
    content["B"]["needs"].pop()  # N2 removed
    v2 = services.draft_save(acting_user=officer, version=v2, expected_lock_version=1, content=content)
    return plan, v1, v2


def test_compare_marks_insertions_and_deletions(officer_client, two_versions):
    plan, v1, v2 = two_versions
    response = officer_client.get(f"/plans/{plan.pk}/compare/?from={v1.pk}&to={v2.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<del><span class="govuk-visually-hidden">removed: </span>trains.</del>' in html
    assert '<ins><span class="govuk-visually-hidden">added: </span>buses.</ins>' in html
    assert '<ins><span class="govuk-visually-hidden">added: </span>Social stories</ins>' in html
    assert "Need 2: description" in html and "Needs time to process language." in html
    for section in ("compare-A", "compare-B", "compare-F"):
        assert f'id="{section}"' in html
    assert 'id="compare-C"' not in html
    unchanged = html.split('id="unchanged"')[1]
    assert "Section C" in unchanged and "Section A" not in unchanged


def test_compare_defaults_to_the_draft_against_what_it_is_based_on(officer_client, two_versions):
    plan, v1, v2 = two_versions
    html = officer_client.get(f"/plans/{plan.pk}/compare/").content.decode()
    assert f"Comparing version {v1.number}" in html and f"with version {v2.number}" in html


def test_comparing_a_version_with_itself_shows_no_changes(officer_client, two_versions):
    plan, v1, _ = two_versions
    html = officer_client.get(f"/plans/{plan.pk}/compare/?from={v1.pk}&to={v1.pk}").content.decode()
    assert 'id="no-changes"' in html and "<ins><span" not in html


def test_compare_with_only_one_version(officer_client, officer):
    plan = issued_plan(officer)
    html = officer_client.get(f"/plans/{plan.pk}/compare/").content.decode()
    assert "There are not two versions to compare yet" in html


def test_compare_refuses_versions_of_other_plans_and_nonsense(officer_client, officer, two_versions):
    plan, v1, _ = two_versions
    other = first_version(officer, issued_plan(officer))
    assert officer_client.get(f"/plans/{plan.pk}/compare/?from={other.pk}").status_code == 404
    assert officer_client.get(f"/plans/{plan.pk}/compare/?from=abc").status_code == 404


def test_read_only_users_may_compare(read_only_client, two_versions):
    plan, v1, v2 = two_versions
    assert read_only_client.get(f"/plans/{plan.pk}/compare/?from={v1.pk}&to={v2.pk}").status_code == 200
