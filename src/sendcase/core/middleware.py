"""Sign-in for every page, security headers, and the request origin for the audit log."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from . import permissions
from .audit import RequestOrigin, reset_request_origin, set_request_origin


def client_ip(request: HttpRequest) -> str | None:
    # Behind a proxy the deployment sets the real address in REMOTE_ADDR (for example with the
    # proxy's own module); trusting X-Forwarded-For here would let anyone forge their address.
    return request.META.get("REMOTE_ADDR") or None


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs sign-in except those marked `login_not_required`.

    The API authenticates with tokens and answers 401 as problem details, so it is left to its own checks.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/api/"):
            return None
        response = super().process_view(request, view_func, view_args, view_kwargs)
        # Families, schools and advisers see only their portal: every staff page is refused before its
        # view runs, so a staff page that forgets a role check cannot leak to them.
        if (
            response is None
            and permissions.is_portal_user(request.user)
            and not permissions.portal_user_may_open(request.path)
        ):
            raise PermissionDenied
        return response


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy with a per-request nonce for the one inline script GOV.UK needs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce
        token = set_request_origin(RequestOrigin(ip_address=client_ip(request), path=request.path))
        try:
            response = self.get_response(request)
        finally:
            reset_request_origin(token)
        response.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        )
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            # Pages about children must not be kept in shared or browser caches.
            response.setdefault("Cache-Control", "no-store")
        return response
