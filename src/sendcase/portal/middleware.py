"""School staff and advice givers stay in the portal: every staff page answers 403.

Staff pages filter records by the user already (a portal user would see no child), but a plain 403 says
clearly that the page is not for them and does not depend on every staff view remembering to check.
Family accounts are left to the family portal's own rules (staff pages answer them 404 today).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from sendcase.core import permissions
from sendcase.core.models import Role

# URL namespaces a portal user may reach: the portals, sign-in/out, the start, accessibility and privacy
# pages (core), and the API, which answers with its own problem details.
PORTAL_NAMESPACES = frozenset({"portal", "core", "api"})
PARTNER_ROLES = frozenset({Role.SCHOOL, Role.ADVISER})


class PortalBoundaryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if not (permissions.is_portal_user(user) and user.role in PARTNER_ROLES):
            return None
        match = request.resolver_match
        namespaces = set(match.namespaces) if match is not None else set()
        if not namespaces & PORTAL_NAMESPACES:
            raise PermissionDenied
        return None
