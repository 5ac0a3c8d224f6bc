"""The second step of signing in: who needs it, and holding the half-signed-in user in the session.

After a correct password the user is NOT signed in. Their id waits in the session for a few minutes until
they give a code from their authenticator app (or a recovery code), or set the app up if they have none.
Portal users always need it; staff need it when REQUIRE_STAFF_2FA is on, or once they have set an app up.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from sendcase.core import permissions
from sendcase.core.models import User

from .models import TotpDevice

PENDING_KEY = "sendcase_2fa_pending"
SETUP_SECRET_KEY = "sendcase_2fa_setup_secret"  # noqa: S105 - a session key name, not a secret
NEW_CODES_KEY = "sendcase_2fa_new_codes"
PENDING_SECONDS = 10 * 60


def has_device(user: User) -> bool:
    return TotpDevice.objects.filter(user=user).exists()


def second_factor_required(user: User) -> bool:
    if permissions.is_portal_user(user):
        return True
    return bool(getattr(settings, "REQUIRE_STAFF_2FA", False)) or has_device(user)


def safe_next(request: HttpRequest, next_url: str | None) -> str:
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def begin_second_factor(request: HttpRequest, user: User, *, next_url: str | None) -> HttpResponseRedirect:
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "at": time.time(),
        "next": next_url or "",
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
    }
    request.session.pop(SETUP_SECRET_KEY, None)
    if has_device(user):
        return redirect("portal:account_two_factor")
    return redirect("portal:account_set_up")


def pending_user(request: HttpRequest) -> User | None:
    """The user who gave a correct password in the last few minutes and still owes a second factor."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    return user


def finish(request: HttpRequest, user: User) -> str:
    """Sign the user in now both factors are checked; the URL to go to next."""
    from django.contrib.auth import login

    pending = request.session.pop(PENDING_KEY, {})
    request.session.pop(SETUP_SECRET_KEY, None)
    login(request, user, backend=pending.get("backend") or "django.contrib.auth.backends.ModelBackend")
    return safe_next(request, pending.get("next"))
