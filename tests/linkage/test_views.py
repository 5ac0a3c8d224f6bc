"""The review queue, the pair comparison and its decisions, merge history and undo, and who may use them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sendcase.core.models import AuditAction, AuditEntry
from sendcase.linkage.merging import is_merged_away
from sendcase.linkage.models import CandidateStatus, MergedRecord

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_client():
    client = Client()
    client.force_login(f.data_officer())
    return client


@pytest.fixture
def pair():
    a = f.child()
    b = f.child(legal_first_name="Kate", upn="", nhs_number="")
    return f.candidate(a, b)


def test_queue_lists_pending_pairs(data_client, pair):
    response = data_client.get(reverse("linkage:queue"))
    assert response.status_code == 200
    assert reverse("linkage:candidate", args=[pair.pk]) in response.content.decode()


def test_comparison_shows_both_records_and_is_audited(data_client, pair):
    response = data_client.get(reverse("linkage:candidate", args=[pair.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert pair.child_a.reference in page and pair.child_b.reference in page
    assert "Same child – merge" in page and "Not the same child" in page
    viewed = AuditEntry.objects.filter(
        action=AuditAction.VIEW, child_id__in=[pair.child_a_id, pair.child_b_id]
    )
    assert viewed.count() == 2


def test_same_child_merges_keeping_the_chosen_record(data_client, pair):
    response = data_client.post(
        reverse("linkage:candidate", args=[pair.pk]),
        {
            "action": "merge",
            "survivor": pair.child_b_id,
            "version": pair.version,
            "notes": "Checked with school",
        },
    )
    assert response.status_code == 302
    assert is_merged_away(pair.child_a_id) and not is_merged_away(pair.child_b_id)
    pair.refresh_from_db()
    assert pair.status == CandidateStatus.MERGED and pair.decision_notes == "Checked with school"


def test_merge_without_choosing_a_record_shows_an_error(data_client, pair):
    response = data_client.post(
        reverse("linkage:candidate", args=[pair.pk]), {"action": "merge", "version": pair.version}
    )
    assert response.status_code == 200
    assert "Select the record to keep" in response.content.decode()
    assert not MergedRecord.objects.exists()


def test_not_the_same_child(data_client, pair):
    response = data_client.post(
        reverse("linkage:candidate", args=[pair.pk]), {"action": "not_a_match", "version": pair.version}
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == CandidateStatus.NOT_A_MATCH


def test_stale_decision_is_refused(data_client, pair):
    response = data_client.post(
        reverse("linkage:candidate", args=[pair.pk]), {"action": "not_a_match", "version": pair.version - 1}
    )
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == CandidateStatus.PENDING


def test_refused_merge_explains_why(data_client, pair):
    f.plan(pair.child_a)
    f.plan(pair.child_b)
    url = reverse("linkage:candidate", args=[pair.pk])
    assert "Both records have an EHC plan in force" in data_client.get(url).content.decode()
    response = data_client.post(
        url, {"action": "merge", "survivor": pair.child_a_id, "version": pair.version}
    )
    assert response.status_code == 200
    assert not MergedRecord.objects.exists()


def test_history_and_undo(data_client, pair):
    data_client.post(
        reverse("linkage:candidate", args=[pair.pk]),
        {"action": "merge", "survivor": pair.child_a_id, "version": pair.version},
    )
    record = MergedRecord.objects.get()
    assert (
        reverse("linkage:undo", args=[record.pk])
        in data_client.get(reverse("linkage:merges")).content.decode()
    )
    missing = data_client.post(reverse("linkage:undo", args=[record.pk]), {"reason": ""})
    assert "Enter why you are undoing this merge" in missing.content.decode()
    response = data_client.post(reverse("linkage:undo", args=[record.pk]), {"reason": "Twins"})
    assert response.status_code == 302
    assert not is_merged_away(pair.child_b_id)


def test_run_from_the_queue(data_client):
    f.child()
    f.child(postcode="WS3 1AB")
    response = data_client.post(reverse("linkage:run"), follow=True)
    assert "1 certain duplicate merged" in response.content.decode()


@pytest.mark.parametrize("name", ["officer_client", "manager_client", "read_only_client", "outsider_client"])
def test_only_data_officers_and_administrators(request, name, pair):
    client = request.getfixturevalue(name)
    for url in (
        reverse("linkage:queue"),
        reverse("linkage:candidate", args=[pair.pk]),
        reverse("linkage:merges"),
    ):
        assert client.get(url).status_code == 403
    assert (
        client.post(reverse("linkage:candidate", args=[pair.pk]), {"action": "not_a_match"}).status_code
        == 403
    )
    pair.refresh_from_db()
    assert pair.status == CandidateStatus.PENDING


def test_administrators_may_review(admin_client_, pair):
    assert admin_client_.get(reverse("linkage:candidate", args=[pair.pk])).status_code == 200


def test_merged_away_record_says_where_it_went(officer_client, pair):
    from sendcase.linkage.merging import children_merge

    children_merge(acting_user=None, survivor=pair.child_a, duplicate=pair.child_b)
    page = officer_client.get(reverse("people:child_detail", args=[pair.child_b_id])).content.decode()
    assert "has been merged into" in page and pair.child_a.reference in page
    survivor = officer_client.get(reverse("people:child_detail", args=[pair.child_a_id]))
    assert "has been merged into" not in survivor.content.decode()
