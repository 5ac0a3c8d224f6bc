"""Only data officers and administrators import; everyone else gets 403 on every page, before any
record is read, and the services refuse them too."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sendcase.core.errors import NotPermitted
from sendcase.core.models import Role
from sendcase.imports.engine import batch_commit
from sendcase.imports.models import QuarantinedRow
from sendcase.imports.services import batch_upload, quarantined_row_resubmit
from sendcase.imports.undo import batch_undo
from tests.factories import UserFactory

from .factories import csv_bytes, run_import, upn

ROWS = [
    ["UPN", "First name", "Last name", "Date of birth"],
    [upn(1), "Ada", "Okafor", "01/03/2015"],
    ["bad", "", "", ""],
]


@pytest.fixture
def batch(data_officer):
    return run_import(data_officer, "children", "a.csv", csv_bytes(ROWS))


def _pages(batch) -> list[str]:
    row = QuarantinedRow.objects.get()
    return [
        reverse("imports:index"),
        reverse("imports:upload"),
        reverse("imports:legacy_upload"),
        reverse("imports:batch", args=[batch.pk]),
        reverse("imports:undo", args=[batch.pk]),
        reverse("imports:quarantine"),
        reverse("imports:quarantine_export", args=["csv"]),
        reverse("imports:quarantine_row", args=[row.pk]),
        reverse("imports:codes"),
    ]


@pytest.mark.parametrize(
    "role",
    [
        Role.FAMILY,
        Role.SCHOOL,
        Role.ADVISER,
        Role.CASE_OFFICER,
        Role.TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
        Role.READ_ONLY,
        Role.PROGRAMME_OFFICER,
    ],
)
def test_others_get_403_everywhere(batch, role):
    client = Client()
    client.force_login(UserFactory(role=role))
    for url in _pages(batch):
        assert client.get(url).status_code == 403, url
    row = QuarantinedRow.objects.get()
    assert client.post(reverse("imports:quarantine_row", args=[row.pk]), {"upn": upn(2)}).status_code == 403
    assert client.post(reverse("imports:undo", args=[batch.pk])).status_code == 403


def test_family_user_cannot_see_the_quarantine(batch):
    client = Client()
    client.force_login(UserFactory(role=Role.FAMILY))
    response = client.get(reverse("imports:quarantine"))
    assert response.status_code == 403
    assert "Okafor" not in response.content.decode() and "bad" not in response.content.decode()


def test_signed_out_is_sent_to_sign_in(batch):
    response = Client().get(reverse("imports:quarantine"))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "login" in response.url or "sign" in response.url


def test_administrator_and_data_officer_may(batch, administrator, data_client):
    client = Client()
    client.force_login(administrator)
    for url in _pages(batch):
        assert client.get(url).status_code == 200, url
        assert data_client.get(url).status_code == 200, url


def test_services_refuse_others(batch, officer):
    with pytest.raises(NotPermitted):
        batch_upload(acting_user=officer, kind="children", file_name="a.csv", content=csv_bytes(ROWS))
    with pytest.raises(NotPermitted):
        batch_commit(acting_user=officer, batch=batch)
    with pytest.raises(NotPermitted):
        batch_undo(acting_user=officer, batch=batch)
    with pytest.raises(NotPermitted):
        quarantined_row_resubmit(acting_user=officer, row=QuarantinedRow.objects.get(), values={})
