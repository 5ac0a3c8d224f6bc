"""Signing in and out, throttling, and the audit of each."""

import pytest
from django.test import override_settings

from sendcase.core.models import AuditAction, AuditEntry
from tests.factories import PASSWORD


@pytest.mark.django_db
def test_sign_in_with_the_right_password_reaches_the_service(client, officer):
    response = client.post("/sign-in/", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_IN, username="officer").exists()


@pytest.mark.django_db
def test_a_wrong_password_shows_an_error_summary_and_is_recorded(client, officer):
    response = client.post("/sign-in/", {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter a correct username and password" in response.content
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED, username="officer").count() == 1


@pytest.mark.django_db
def test_empty_fields_are_named_in_the_error_summary(client):
    response = client.post("/sign-in/", {"username": "", "password": ""})
    assert b"Enter your username" in response.content
    assert b'href="#id_username"' in response.content


@pytest.mark.django_db
@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_username_even_with_the_right_password(client, officer):
    for _ in range(3):
        client.post("/sign-in/", {"username": "officer", "password": "wrong"})
    response = client.post("/sign-in/", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429
    assert b"too many failed attempts" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_failures_for_one_user_do_not_lock_another(client, officer, other_officer):
    for _ in range(3):
        client.post("/sign-in/", {"username": "officer", "password": "wrong"})
    response = client.post("/sign-in/", {"username": "officer2", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_sign_out_is_a_post_and_is_recorded(officer_client):
    assert officer_client.get("/sign-out/").status_code == 405
    response = officer_client.post("/sign-out/")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_OUT, username="officer").exists()


@pytest.mark.django_db
def test_the_admin_sign_in_goes_through_the_service_sign_in(client):
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.django_db
def test_password_reset_sends_a_link_that_lets_the_user_choose_a_new_password(client, officer, mailoutbox):
    response = client.post("/password-reset/", {"email": officer.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password-reset/" in line)
    path = link[link.index("/password-reset/") :].strip()
    form_page = client.get(path, follow=True)
    assert b"Choose a new password" in form_page.content
    new = "a-much-longer-new-passphrase"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(new)


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_says_the_same_thing(client, mailoutbox):
    response = client.post("/password-reset/", {"email": "nobody@example.org"}, follow=True)
    assert b"Check your email" in response.content
    assert mailoutbox == []
