"""Who may see and do what on the caseload pages. Refusals come before any record is looked up."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sendcase.caseload.models import Allocation
from sendcase.core.models import AuditEntry

from .conftest import allocate, make_request

PAGES = ["caseload:worklist", "caseload:manager", "officer_worklist", "allocate"]


def _url(name: str, *, officer, child) -> str:
    if name == "officer_worklist":
        return reverse("caseload:officer_worklist", args=[officer.pk])
    if name == "allocate":
        return reverse("caseload:allocate", args=[child.pk])
    return reverse(name)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["outsider", "service_account"])
def test_people_outside_the_service_get_403_on_every_page(request, who, page, officer, child):
    response = _client(request.getfixturevalue(who)).get(_url(page, officer=officer, child=child))
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["outsider", "service_account"])
def test_people_outside_the_service_cannot_post(request, who, officer, child):
    client = _client(request.getfixturevalue(who))
    assert client.post(reverse("caseload:take", args=[child.pk])).status_code == 403
    response = client.post(reverse("caseload:allocate", args=[child.pk]), {"officer": officer.pk})
    assert response.status_code == 403
    assert not Allocation.objects.exists()


def test_refusal_comes_before_looking_up_the_record(outsider_client, officer_client, read_only_client):
    # A 404 for a missing child and a 403 for an existing one would tell an outsider which records exist.
    missing = 987654
    assert outsider_client.get(reverse("caseload:allocate", args=[missing])).status_code == 403
    assert outsider_client.post(reverse("caseload:take", args=[missing])).status_code == 403
    assert read_only_client.post(reverse("caseload:take", args=[missing])).status_code == 403
    assert officer_client.get(reverse("caseload:officer_worklist", args=[missing])).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client, page, officer, child):
    response = client.get(_url(page, officer=officer, child=child))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:login"))


def test_a_case_officer_sees_their_worklist_but_not_the_managers_pages(officer_client, other_officer, child):
    assert officer_client.get(reverse("caseload:worklist")).status_code == 200
    assert officer_client.get(reverse("caseload:manager")).status_code == 403
    assert (
        officer_client.get(reverse("caseload:officer_worklist", args=[other_officer.pk])).status_code == 403
    )
    assert officer_client.get(reverse("caseload:allocate", args=[child.pk])).status_code == 403
    response = officer_client.post(
        reverse("caseload:allocate", args=[child.pk]), {"officer": other_officer.pk}
    )
    assert response.status_code == 403
    assert not Allocation.objects.exists()


def test_read_only_users_see_the_managers_view_without_actions(read_only_client, officer):
    unheld = make_request(first_name="Unheldchild")
    response = read_only_client.get(reverse("caseload:manager"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unheldchild" in html
    assert reverse("caseload:allocate", args=[unheld.child.pk]) not in html
    assert "Take this case" not in html
    assert ">Action</th>" not in html


def test_read_only_users_see_worklists_without_take_buttons(read_only_client, officer):
    make_request(first_name="Unheldchild")
    held = make_request(first_name="Heldchild")
    allocate(held.child, officer)

    own = read_only_client.get(reverse("caseload:worklist"))
    assert own.status_code == 200
    assert "Unheldchild" in own.content.decode()
    assert "Take this case" not in own.content.decode()

    theirs = read_only_client.get(reverse("caseload:officer_worklist", args=[officer.pk]))
    assert theirs.status_code == 200
    assert "Heldchild" in theirs.content.decode()


def test_read_only_users_cannot_allocate_or_take(read_only_client, officer, child):
    assert read_only_client.get(reverse("caseload:allocate", args=[child.pk])).status_code == 403
    response = read_only_client.post(
        reverse("caseload:allocate", args=[child.pk]), {"officer": officer.pk, "reason": "Board decision"}
    )
    assert response.status_code == 403
    assert read_only_client.post(reverse("caseload:take", args=[child.pk])).status_code == 403
    assert not Allocation.objects.exists()
    assert not AuditEntry.objects.filter(object_type="caseload.Allocation").exists()


@pytest.mark.parametrize("who", ["manager", "head_of_service", "administrator"])
def test_caseload_managers_reach_every_page(request, who, officer, child):
    client = _client(request.getfixturevalue(who))
    for page in PAGES:
        assert client.get(_url(page, officer=officer, child=child)).status_code == 200, page


def test_worklist_pages_refuse_posts_and_take_refuses_gets(manager_client, child):
    assert manager_client.post(reverse("caseload:worklist")).status_code == 405
    assert manager_client.post(reverse("caseload:manager")).status_code == 405
    assert manager_client.get(reverse("caseload:take", args=[child.pk])).status_code == 405
