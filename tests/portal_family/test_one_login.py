"""GOV.UK One Login: the real authlib client against a local OpenID Connect provider. State and nonce are
checked, the ID token's signature too; the account is matched by its stored `sub`, or by a verified email
address for an invited family member."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse

from sendcase.core.models import Role, User
from sendcase.portal.family import access
from sendcase.portal.models import FamilyLink, FamilyRole, OneLoginIdentity, VerificationMethod

from .oidc_provider import CLIENT_ID, Provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    with Provider() as running:
        settings.ONE_LOGIN_CLIENT_ID = CLIENT_ID
        settings.ONE_LOGIN_DISCOVERY_URL = running.discovery_url
        settings.ONE_LOGIN_PRIVATE_KEY = running.client_private_pem
        settings.ONE_LOGIN_CLIENT_SECRET = ""
        yield running


def _start(client, provider) -> dict:
    response = client.get(reverse("portal:account_one_login"))
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert location.geturl().startswith(f"{provider.base}/authorize")
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert query["client_id"] == CLIENT_ID and "openid" in query["scope"]
    provider.nonces["code-1"] = query["nonce"]
    return query


def _callback(client, state: str, code: str = "code-1"):
    return client.get(reverse("portal:account_one_login_callback"), {"code": code, "state": state})


def _signed_in_as(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def test_invited_family_member_matched_by_verified_email_then_by_sub(provider, parent, child):
    provider.claims = {
        "sub": "urn:fdc:gov.uk:2022:abc",
        "email": parent.email.upper(),
        "email_verified": True,
    }
    client = Client()
    query = _start(client, provider)
    response = _callback(client, query["state"])
    assert response.status_code == 302, response.content.decode()
    assert _signed_in_as(client) == parent.pk
    assert OneLoginIdentity.objects.get(user=parent).sub == "urn:fdc:gov.uk:2022:abc"
    # The client authenticated with a signed assertion, not a secret.
    assert provider.token_requests[-1]["client_assertion_type"].endswith("jwt-bearer")

    # Next time the sub alone finds the account, whatever email One Login now holds.
    provider.claims = {"sub": "urn:fdc:gov.uk:2022:abc", "email": "new@example.org", "email_verified": True}
    again = Client()
    query = _start(again, provider)
    _callback(again, query["state"])
    assert _signed_in_as(again) == parent.pk


def test_open_invitation_creates_the_account_and_link(provider, officer, child):
    access.family_invitation_create(
        acting_user=officer,
        child=child,
        email="carer@example.org",
        first_name="Jo",
        last_name="Carer",
        acts_as=FamilyRole.PARENT_CARER,
        verification_method=VerificationMethod.SEEN_IN_PERSON,
    )
    provider.claims = {"sub": "sub-new", "email": "carer@example.org", "email_verified": True}
    client = Client()
    query = _start(client, provider)
    _callback(client, query["state"])
    user = User.objects.get(username="carer@example.org")
    assert user.role == Role.FAMILY and not user.has_usable_password()
    assert _signed_in_as(client) == user.pk
    assert FamilyLink.objects.filter(user=user, child=child, ended_at__isnull=True).exists()


def test_unverified_email_matches_nothing(provider, parent):
    provider.claims = {"sub": "sub-x", "email": parent.email, "email_verified": False}
    client = Client()
    query = _start(client, provider)
    response = _callback(client, query["state"])
    assert response.status_code == 403 and _signed_in_as(client) is None
    assert not OneLoginIdentity.objects.exists()


def test_wrong_state_is_refused(provider, parent):
    provider.claims = {"sub": "sub-y", "email": parent.email, "email_verified": True}
    client = Client()
    _start(client, provider)
    response = _callback(client, "forged-state")
    assert response.status_code == 400 and _signed_in_as(client) is None


def test_wrong_nonce_is_refused(provider, parent):
    provider.claims = {"sub": "sub-z", "email": parent.email, "email_verified": True}
    provider.nonce_override = "a-nonce-from-another-session"
    client = Client()
    query = _start(client, provider)
    response = _callback(client, query["state"])
    assert response.status_code == 400 and _signed_in_as(client) is None


def test_token_signed_by_another_key_is_refused(provider, parent):
    from joserfc.jwk import RSAKey

    provider.claims = {"sub": "sub-k", "email": parent.email, "email_verified": True}
    provider.published_key = RSAKey.generate_key(2048, parameters={"kid": "provider-key-1"})
    client = Client()
    query = _start(client, provider)
    response = _callback(client, query["state"])
    assert response.status_code == 400 and _signed_in_as(client) is None


def test_not_offered_when_not_configured(settings, client):
    settings.ONE_LOGIN_CLIENT_ID = ""
    assert client.get(reverse("portal:account_one_login")).status_code == 404
    assert "One Login" not in client.get(reverse("portal:account_sign_in")).content.decode().split("<main")[1]
