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
}
API_PREFIX = "api/"


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
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), (route, response)
        checked += 1
    assert checked >= 10


@pytest.mark.django_db
def test_public_pages_render_for_anonymous_people(client):
    for path in ("/", "/sign-in/", "/accessibility/", "/privacy/", "/password-reset/"):
        assert client.get(path).status_code == 200, path
