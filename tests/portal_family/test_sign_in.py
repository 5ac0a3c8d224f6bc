"""Portal sign-in: email and password, then an authenticator code; set-up on first sign-in; recovery
codes; throttling; and the same second factor for staff when REQUIRE_STAFF_2FA is on."""

from __future__ import annotations

import time

import pyotp
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendcase.core.models import AuditAction, AuditEntry
from sendcase.portal.auth import totp
from sendcase.portal.models import RecoveryCode, TotpDevice

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = "/portal/account/sign-in/"


def _password_step(client, user, username=None):
    return client.post(SIGN_IN, {"username": (username or user.username).upper(), "password": PASSWORD})


def _device(user, secret=None):
    secret = secret or pyotp.random_base32()
    return TotpDevice.objects.create(user=user, secret=secret, confirmed_at=timezone.now())


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_first_sign_in_requires_set_up_then_signs_in(parent, child):
    client = Client()
    response = _password_step(client, parent)
    assert response["Location"] == reverse("portal:account_set_up")
    assert not _signed_in(client)
    # No portal page opens half-signed-in.
    assert client.get(reverse("portal:family_home"))["Location"].startswith(SIGN_IN)
    page = client.get(reverse("portal:account_set_up")).content.decode()
    assert "<svg" in page and 'role="img"' in page
    secret = client.session["sendcase_2fa_setup_secret"]
    wrong = client.post(reverse("portal:account_set_up"), {"code": "000000"})
    assert wrong.status_code == 200 and not _signed_in(client)
    response = client.post(reverse("portal:account_set_up"), {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == reverse("portal:account_recovery_codes")
    assert _signed_in(client)
    codes_page = client.get(reverse("portal:account_recovery_codes")).content.decode()
    assert codes_page.count("<code>") == totp.RECOVERY_CODE_COUNT
    stored = RecoveryCode.objects.filter(user=parent)
    assert stored.count() == totp.RECOVERY_CODE_COUNT
    assert all(code.code_hash not in codes_page for code in stored)
    # Shown once only.
    assert client.get(reverse("portal:account_recovery_codes")).status_code == 404


def test_password_and_code_sign_in(parent, child):
    device = _device(parent)
    client = Client()
    assert _password_step(client, parent)["Location"] == reverse("portal:account_two_factor")
    response = client.post(reverse("portal:account_two_factor"), {"code": pyotp.TOTP(device.secret).now()})
    assert response.status_code == 302 and _signed_in(client)
    assert AuditEntry.objects.filter(user=parent, action=AuditAction.SIGN_IN).exists()
    assert client.get(response["Location"], follow=True).status_code == 200


def test_a_code_cannot_be_used_twice(parent):
    device = _device(parent)
    code = pyotp.TOTP(device.secret).now()
    first = Client()
    _password_step(first, parent)
    first.post(reverse("portal:account_two_factor"), {"code": code})
    second = Client()
    _password_step(second, parent)
    response = second.post(reverse("portal:account_two_factor"), {"code": code})
    assert response.status_code == 200 and not _signed_in(second)


def test_recovery_code_works_once(parent):
    _device(parent)
    codes = totp.new_recovery_codes()
    totp.store_recovery_codes(parent, codes)
    client = Client()
    _password_step(client, parent)
    client.post(reverse("portal:account_two_factor"), {"code": codes[0].upper()})
    assert _signed_in(client)
    again = Client()
    _password_step(again, parent)
    again.post(reverse("portal:account_two_factor"), {"code": codes[0]})
    assert not _signed_in(again)


def test_wrong_codes_are_throttled(parent, settings):
    device = _device(parent)
    client = Client()
    _password_step(client, parent)
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(reverse("portal:account_two_factor"), {"code": "123456"})
    response = client.post(reverse("portal:account_two_factor"), {"code": pyotp.TOTP(device.secret).now()})
    assert response.status_code == 429 and not _signed_in(client)


def test_pending_sign_in_expires(parent, monkeypatch):
    _device(parent)
    client = Client()
    _password_step(client, parent)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 11 * 60)
    response = client.get(reverse("portal:account_two_factor"))
    assert response["Location"] == reverse("portal:account_sign_in")


def test_wrong_password_is_audited(parent):
    client = Client()
    response = client.post(SIGN_IN, {"username": parent.username, "password": "wrong"})
    assert response.status_code == 200 and "Enter a correct email address" in response.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED, username=parent.username).exists()


def test_family_signing_in_on_the_staff_page_still_needs_a_code(parent):
    _device(parent)
    client = Client()
    response = client.post(reverse("core:login"), {"username": parent.username, "password": PASSWORD})
    assert response["Location"] == reverse("portal:account_two_factor") and not _signed_in(client)


def test_staff_sign_in_unchanged_by_default(officer):
    client = Client()
    response = client.post(reverse("core:login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302 and _signed_in(client)


def test_staff_need_the_app_when_required(officer, settings):
    settings.REQUIRE_STAFF_2FA = True
    client = Client()
    response = client.post(reverse("core:login"), {"username": "officer", "password": PASSWORD})
    assert response["Location"] == reverse("portal:account_set_up") and not _signed_in(client)
    client.get(reverse("portal:account_set_up"))
    secret = client.session["sendcase_2fa_setup_secret"]
    client.post(reverse("portal:account_set_up"), {"code": pyotp.TOTP(secret).now()})
    assert _signed_in(client)


def test_staff_with_an_app_are_asked_for_it_even_when_not_required(officer):
    _device(officer)
    client = Client()
    response = client.post(reverse("core:login"), {"username": "officer", "password": PASSWORD})
    assert response["Location"] == reverse("portal:account_two_factor")
