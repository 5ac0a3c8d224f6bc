"""Every improvement page: programme staff read and edit; other staff and board members read but cannot
edit; family, school and adviser portal users get 403 everywhere; nobody signed in is sent to sign in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from .factories import (
    ActionFactory,
    BoardMeetingFactory,
    BudgetLineFactory,
    EvidenceFactory,
    MilestoneFactory,
    RecommendationFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(db):
    action = ActionFactory()
    milestone = MilestoneFactory(objective=action.objective)
    risk = RiskFactory()
    rec = RecommendationFactory()
    line = BudgetLineFactory()
    meeting = BoardMeetingFactory()
    o = action.objective.pk
    month = f"{timezone.localdate():%Y-%m}"
    read = [
        "/improvement/",
        f"/improvement/objectives/{o}/",
        "/improvement/actions/",
        "/improvement/actions/?format=csv",
        f"/improvement/actions/{action.pk}/",
        "/improvement/risks/",
        "/improvement/risks/?format=xlsx",
        f"/improvement/risks/{risk.pk}/",
        "/improvement/recommendations/",
        f"/improvement/recommendations/{rec.pk}/",
        "/improvement/budget/",
        f"/improvement/budget/{line.pk}/",
        "/improvement/board/",
        f"/improvement/board/{meeting.pk}/",
        "/improvement/board-pack/",
        f"/improvement/board-pack/{month}/",
    ]
    edit = [
        "/improvement/objectives/new/",
        f"/improvement/objectives/{o}/edit/",
        f"/improvement/objectives/{o}/milestones/new/",
        f"/improvement/objectives/{o}/milestones/{milestone.pk}/achieved/",
        "/improvement/actions/new/",
        f"/improvement/actions/{action.pk}/edit/",
        f"/improvement/actions/{action.pk}/status/",
        f"/improvement/actions/{action.pk}/evidence/new/",
        "/improvement/risks/new/",
        f"/improvement/risks/{risk.pk}/edit/",
        "/improvement/recommendations/new/",
        f"/improvement/recommendations/{rec.pk}/edit/",
        "/improvement/budget/new/",
        f"/improvement/budget/{line.pk}/edit/",
        f"/improvement/budget/{line.pk}/actuals/",
        "/improvement/board/new/",
        f"/improvement/board/{meeting.pk}/edit/",
        f"/improvement/board/{meeting.pk}/items/new/",
    ]
    return {"read": read, "edit": edit, "action": action}


@pytest.mark.parametrize("who", ["programme_client"])
def test_programme_staff_reach_every_page(pages, who, request):
    client = request.getfixturevalue(who)
    for url in pages["read"] + pages["edit"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["head_of_service", "administrator"])
def test_senior_leaders_edit(pages, role, request):
    client = Client()
    client.force_login(request.getfixturevalue(role))
    for url in pages["edit"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["read_only_client", "officer_client", "manager_client"])
def test_board_members_and_other_staff_read_but_cannot_edit(pages, who, request):
    client = request.getfixturevalue(who)
    for url in pages["read"]:
        assert client.get(url).status_code == 200, url
    for url in pages["edit"]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "x"}).status_code == 403, url


def test_data_officer_reads_only(pages, data_officer):
    client = Client()
    client.force_login(data_officer)
    assert client.get(pages["read"][0]).status_code == 200
    assert client.get(pages["edit"][0]).status_code == 403


def test_board_member_sees_no_edit_links(pages, read_only_client):
    action = pages["action"]
    text = read_only_client.get(f"/improvement/actions/{action.pk}/").content.decode()
    assert "Update status" not in text and "Add evidence" not in text and "/edit/" not in text


def test_portal_users_get_403_everywhere(pages, portal_client):
    action = pages["action"]
    evidence = EvidenceFactory(action=action)
    for url in (
        pages["read"]
        + pages["edit"]
        + [
            f"/improvement/board-pack/{timezone.localdate():%Y-%m}/pdf/",
            f"/improvement/actions/{action.pk}/evidence/{evidence.pk}/",
        ]
    ):
        assert portal_client.get(url).status_code == 403, url


def test_anonymous_users_are_sent_to_sign_in(pages):
    response = Client().get("/improvement/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_board_member_cannot_post_a_status_change(pages, read_only_client):
    action = pages["action"]
    response = read_only_client.post(
        f"/improvement/actions/{action.pk}/status/", {"status": "on_track", "version": 1}
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "not_started"
