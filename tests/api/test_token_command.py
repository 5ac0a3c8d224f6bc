"""manage.py api_token_create: tokens for service accounts and staff only."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sendcase.core.models import AuditAction, AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("api_token_create", *args, stdout=out)
    return out.getvalue().strip()


def test_prints_a_working_token_for_a_service_account(service_account):
    key = run("--username", service_account.username)
    assert Token.objects.get(user=service_account).key == key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/children/").status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, summary__contains="API token")
    assert key not in entry.summary and key not in entry.object_id


def test_same_token_again_unless_rotated(service_account):
    first = run("--username", service_account.username)
    assert run("--username", service_account.username) == first
    rotated = run("--username", service_account.username, "--rotate")
    assert rotated != first
    assert not Token.objects.filter(key=first).exists()


def test_staff_may_have_a_token(officer):
    assert run("--username", officer.username)


@pytest.mark.parametrize("role", ["family", "school", "adviser"])
def test_refuses_portal_users(role):
    user = UserFactory(username=f"portal-{role}", role=role)
    with pytest.raises(CommandError, match="only for service accounts"):
        run("--username", user.username)
    assert not Token.objects.filter(user=user).exists()


def test_refuses_inactive_and_unknown_accounts(service_account):
    with pytest.raises(CommandError, match="no account"):
        run("--username", "nobody-here")
    service_account.is_active = False
    service_account.save()
    with pytest.raises(CommandError, match="not active"):
        run("--username", service_account.username)
