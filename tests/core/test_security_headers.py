import re

import pytest


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy_with_a_fresh_nonce(client):
    first = client.get("/")
    second = client.get("/")
    policy = first["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'nonce="{nonce}"'.encode() in first.content
    assert nonce not in second["Content-Security-Policy"]


@pytest.mark.django_db
def test_signed_in_pages_are_not_cached(officer_client):
    response = officer_client.get("/accessibility/")
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_error_pages_are_govuk_pages(client, officer_client):
    response = officer_client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"govuk-template" in response.content
