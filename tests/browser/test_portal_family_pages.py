"""A parent accepts an invitation, sets up their authenticator app on first sign-in and saves recovery
codes; then every family page and the officer's portal pages are opened and checked with axe."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import Page, expect

from sendcase.portal.family import access
from sendcase.portal.models import FamilyRole, VerificationMethod
from tests.factories import (
    PASSWORD,
    AllocationFactory,
    ChildFactory,
    ContactFactory,
    TeamFactory,
    UserFactory,
)

from .helpers import assert_error_summary, follow, sign_in, submit, success_banner, url_for

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a long family password 42"


def test_invited_parent_sets_up_and_uses_every_family_page(page: Page, live_server):
    officer = UserFactory(username="officer", first_name="Priya", last_name="Officer")
    child = ChildFactory(legal_first_name="Leo", legal_last_name="Example")
    AllocationFactory(child=child, officer=officer, team=TeamFactory(name="North team"))
    contact = ContactFactory(child=child, first_name="Dana", last_name="Example", email="dana@example.org")
    _invitation, token = access.family_invitation_create(
        acting_user=officer,
        child=child,
        contact=contact,
        email=contact.email,
        first_name=contact.first_name,
        last_name=contact.last_name,
        acts_as=FamilyRole.PARENT_CARER,
        verification_method=VerificationMethod.SEEN_IN_PERSON,
    )

    page.goto(url_for(live_server, "portal:account_accept_invitation", token=token))
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm your password").fill("something else entirely")
    submit(page, "Continue")
    assert_error_summary(page, "The passwords do not match")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    submit(page, "Continue")

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    submit(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    follow(page, "I have saved my codes", role="link")

    expect(page.get_by_role("heading", level=1)).to_have_text("Leo Example's case")
    expect(page.locator("#officer-name")).to_have_text("Priya Officer")

    follow(page, "Ask a question")
    submit(page, "Send question")
    assert_error_summary(page, "Enter what your question is about", "Enter your question")
    page.get_by_label("What is your question about?").fill("School transport")
    page.get_by_label("Your question", exact=True).fill("Who arranges transport to the new school?")
    submit(page, "Send question")
    expect(success_banner(page)).to_contain_text("We aim to answer by")
    follow(page, "School transport")
    follow(page, "Back to the case", within="body")

    follow(page, re.compile(r"^Give .* views for the plan$"))
    page.get_by_label("About me").fill("Leo loves drawing maps.")
    submit(page, "Send your views")
    expect(success_banner(page)).to_contain_text("Your views have been sent")

    follow(page, "Send us a document")
    submit(page, "Send document")
    assert_error_summary(page, "Enter what the document is", "Select a file")
    follow(page, "Back to the case", within="body")

    # The officer answers the question from the child's record.
    page.context.clear_cookies()
    sign_in(page, live_server, "officer", PASSWORD)
    page.goto(url_for(live_server, "people:child_detail", pk=child.pk))
    follow(page, "Give online access, or see who has it")
    expect(page.locator("#links")).to_contain_text("Dana Example")
    page.goto(url_for(live_server, "people:child_detail", pk=child.pk))
    follow(page, "Questions and views from the family")
    expect(page.locator("main")).to_contain_text("Leo loves drawing maps.")
    follow(page, re.compile(r"^Answer"))
    page.get_by_label("Your answer").fill("We do: you will get a letter this week.")
    submit(page, "Send answer")
    expect(success_banner(page)).to_contain_text("Your answer has been sent")
