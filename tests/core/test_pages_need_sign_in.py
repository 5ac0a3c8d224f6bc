"""Every page except the start page and a short list of public ones needs sign-in (a route-list guard:
a new URL that forgets is caught here)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "",
    "sign-in/",
    "accessibility/",
    "privacy/",
    "password-reset/",
    "password-reset/sent/",
    "password-reset/<uidb64>/<token>/",
    "password-reset/complete/",
    "django-admin/login/",
    # Portal sign-in: the password step, the second factor (which needs a password given moments before),
    # accepting an invitation, and GOV.UK One Login.
    "portal/account/sign-in/",
    "portal/account/two-factor/",
    "portal/account/two-factor/set-up/",
    "portal/account/invitation/<str:token>/",
    "portal/account/one-login/",
    "portal/account/one-login/callback/",
}
API_PREFIX = "api/"
FAMILY_HOME = "portal/family/"
FAMILY_CHILD_PAGES = "portal/family/children/"


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _example_path(route: str) -> str:
    for token, value in (
        ("<int:", "1"),
        ("<slug:", "x"),
        ("<uidb64>", "MQ"),
        ("<token>", "t"),
        ("<str:", "x"),
    ):
        while token in route:
            start = route.index(token)
            end = route.index(">", start)
            route = route[:start] + value + route[end + 1 :]
    return "/" + route.replace("^", "").replace("$", "")


@pytest.mark.django_db
def test_every_non_public_page_redirects_anonymous_people_to_sign_in(client):
    checked = 0
    for route, _pattern in _routes():
        if route in PUBLIC or route.startswith(API_PREFIX) or route.startswith("django-admin/"):
            continue
        path = _example_path(route)
        response = client.get(path)
        # The family's own pages send people to the portal's sign-in page.
        family = route == FAMILY_HOME or route.startswith(FAMILY_CHILD_PAGES)
        sign_in = "/portal/account/sign-in/" if family else "/sign-in/"
        assert response.status_code == 302 and response["Location"].startswith(sign_in), (route, response)
        checked += 1
    assert checked >= 10


@pytest.mark.django_db
def test_public_pages_render_for_anonymous_people(client):
    for path in ("/", "/sign-in/", "/accessibility/", "/privacy/", "/password-reset/"):
        assert client.get(path).status_code == 200, path


# Pages a family user may open: their own portal and signing out. Everything else is a staff page.
FAMILY_PAGES = ("portal/family/", "portal/account/", "sign-out/", "home/")
STAFF_PAGES_IN_PORTAL = "portal/family/staff/"


# The API's public description of itself (no one's data), and its catch-all 404 for unknown paths.
API_PUBLIC = ("api/v1/openapi.json",)


def _is_staff_page(route: str) -> bool:
    if (
        route in PUBLIC
        or route.startswith("django-admin/")
        or route.startswith(API_PUBLIC)
        or route.endswith(".*$")
    ):
        return False
    if route.startswith(STAFF_PAGES_IN_PORTAL):
        return True
    return not route.startswith(FAMILY_PAGES)


@pytest.mark.django_db
def test_a_family_user_gets_403_on_every_staff_page(client):
    """Every staff page and API endpoint refuses a signed-in family user (including the portal's own staff
    pages), whether or not the object in its address exists."""
    from sendcase.core.models import Role

    from ..factories import UserFactory

    client.force_login(UserFactory(username="parent@example.org", role=Role.FAMILY))
    checked = 0
    for route, _pattern in _routes():
        if not _is_staff_page(route):
            continue
        path = _example_path(route)
        response = client.get(path)
        if response.status_code == 405:
            response = client.post(path)
        assert response.status_code == 403, (route, response.status_code)
        checked += 1
    assert checked >= 30


@pytest.mark.django_db
def test_a_family_user_reaches_their_portal(client):
    from sendcase.core.models import Role

    from ..factories import UserFactory

    client.force_login(UserFactory(username="parent@example.org", role=Role.FAMILY))
    assert client.get("/portal/family/").status_code == 200
    assert client.get("/home/")["Location"] == "/portal/family/"
