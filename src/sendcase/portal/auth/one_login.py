"""Sign in with GOV.UK One Login (OpenID Connect, through authlib), when the service is configured for it.

Set ONE_LOGIN_CLIENT_ID, ONE_LOGIN_DISCOVERY_URL and either ONE_LOGIN_PRIVATE_KEY (PEM; the client
authenticates with private_key_jwt, as One Login requires) or ONE_LOGIN_CLIENT_SECRET. authlib checks the
state (against the session) and the ID token: signature from the provider's JWKS, issuer, audience,
expiry and our nonce. The account is the one whose stored `sub` matches; otherwise a family account (or
an open invitation) with the same email address, if One Login says that address is verified, and the
`sub` is stored for next time. One Login asks for its own second factor, so no TOTP follows.
"""

from __future__ import annotations

import logging

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.django_client import OAuth
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from joserfc.errors import JoseError
from requests import RequestException

from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.models import AuditAction, User

from ..family import access
from .models import OneLoginIdentity

log = logging.getLogger(__name__)


def configured() -> bool:
    return bool(
        settings.ONE_LOGIN_CLIENT_ID
        and settings.ONE_LOGIN_DISCOVERY_URL
        and (settings.ONE_LOGIN_PRIVATE_KEY or settings.ONE_LOGIN_CLIENT_SECRET)
    )


def _client():
    """A client made per request, so a change of settings (or a test's provider) takes effect at once."""
    kwargs: dict = {"scope": settings.ONE_LOGIN_SCOPES}
    extra: dict = {}
    if settings.ONE_LOGIN_PRIVATE_KEY:
        kwargs["token_endpoint_auth_method"] = "private_key_jwt"  # noqa: S105 - a method name
        secret = settings.ONE_LOGIN_PRIVATE_KEY
        # No fixed audience: authlib uses the token endpoint the request goes to (from discovery).
        extra["client_auth_methods"] = [PrivateKeyJWT()]
    else:
        kwargs["token_endpoint_auth_method"] = "client_secret_post"  # noqa: S105 - a method name
        secret = settings.ONE_LOGIN_CLIENT_SECRET
    return OAuth().register(
        name="one_login",
        client_id=settings.ONE_LOGIN_CLIENT_ID,
        client_secret=secret,
        server_metadata_url=settings.ONE_LOGIN_DISCOVERY_URL,
        client_kwargs=kwargs,
        **extra,
    )


@login_not_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    if not configured():
        return render(
            request, "portal/auth/one_login_unavailable.html", {"page_title": "GOV.UK One Login"}, status=404
        )
    redirect_uri = request.build_absolute_uri(reverse("portal:account_one_login_callback"))
    # authlib stores the state and a fresh nonce in the session and checks both on the way back.
    return _client().authorize_redirect(request, redirect_uri)


def _claims(client, token: dict) -> dict:
    claims = dict(token.get("userinfo") or {})
    metadata = client.load_server_metadata()
    if metadata.get("userinfo_endpoint") and not claims.get("email"):
        info = client.userinfo(token=token)
        if info.get("sub") == claims.get("sub"):
            claims.update({k: v for k, v in info.items() if k in ("email", "email_verified")})
    return claims


@transaction.atomic
def account_for(claims: dict) -> User | None:
    """The account these verified claims sign in as, storing the `sub` when matched by email."""
    sub = str(claims.get("sub") or "")
    if not sub:
        return None
    identity = OneLoginIdentity.objects.select_related("user").filter(sub=sub).first()
    if identity is not None:
        return identity.user if identity.user.is_active else None
    email = str(claims.get("email") or "").strip().lower()
    if not email or claims.get("email_verified") is not True:
        return None
    user = access.family_invitations_accept_by_email(email=email)
    if user is None or not user.is_active or not permissions.is_family_user(user):
        return None
    if OneLoginIdentity.objects.filter(user=user).exists():
        # The account is already tied to another One Login identity: never re-point it by email.
        return None
    OneLoginIdentity.objects.create(user=user, sub=sub)
    audit_record(
        user=user, action=AuditAction.UPDATE, obj=user, summary="GOV.UK One Login linked to the account"
    )
    return user


@login_not_required
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    if not configured():
        return redirect("portal:account_sign_in")
    client = _client()
    try:
        token = client.authorize_access_token(request)
        claims = _claims(client, token)
    except (OAuthError, JoseError, RequestException, ValueError, KeyError) as exc:
        # A forged or replayed state, a wrong nonce, a bad signature, an unreachable provider.
        log.warning("GOV.UK One Login sign-in refused: %s", exc)
        audit_record(user=None, action=AuditAction.SIGN_IN_FAILED, summary=f"One Login refused: {exc}"[:500])
        return render(
            request,
            "portal/auth/one_login_failed.html",
            {"page_title": "Sorry, we could not sign you in"},
            status=400,
        )
    user = account_for(claims)
    if user is None:
        audit_record(
            user=None, action=AuditAction.SIGN_IN_FAILED, summary="One Login identity matches no account"
        )
        return render(
            request,
            "portal/auth/one_login_no_account.html",
            {"page_title": "We could not find your account"},
            status=403,
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    audit_record(user=user, action=AuditAction.SIGN_IN, summary="Signed in with GOV.UK One Login")
    return redirect(settings.LOGIN_REDIRECT_URL)
