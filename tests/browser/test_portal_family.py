"""A parent signs in with their password and authenticator app, sees where their child's case is and the
legal date for what happens next, and answers the draft plan; then the officer sees the response on the
case. Every page is checked with axe by the helpers."""

from __future__ import annotations

import pyotp
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from sendcase import statutory
from sendcase.people.models import Document, DocumentKind
from sendcase.portal.models import TotpDevice
from tests.factories import (
    PASSWORD,
    AllocationFactory,
    ChildFactory,
    EstablishmentFactory,
    TeamFactory,
    UserFactory,
)
from tests.portal_family.factories import FamilyLinkFactory
from tests.portal_family.helpers import case_with_draft

from .helpers import assert_error_summary, follow, long_date, sign_in, submit, success_banner, url_for

pytestmark = pytest.mark.browser


def _draft_document(child) -> Document:
    document = Document(
        child=child,
        title="Draft EHC plan",
        kind=DocumentKind.DRAFT_PLAN,
        original_name="draft-plan.pdf",
        content_type="application/pdf",
        size=9,
        visible_to_family=True,
    )
    document.file.save("draft-plan.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    return document


def test_parent_answers_the_draft_plan_and_the_officer_sees_it(page: Page, live_server):
    officer = UserFactory(
        username="officer", first_name="Priya", last_name="Officer", email="priya@example.org"
    )
    child = ChildFactory(legal_first_name="Amira", legal_last_name="Testchild")
    AllocationFactory(child=child, officer=officer, team=TeamFactory(name="North team"))
    request = case_with_draft(child, officer, served_days_ago=3)
    _draft_document(child)
    EstablishmentFactory(name="Riverside Special School")
    link = FamilyLinkFactory(
        child=child, verified_by=officer, user__first_name="Sara", user__last_name="Parent"
    )
    secret = pyotp.random_base32()
    TotpDevice.objects.create(user=link.user, secret=secret, confirmed_at=timezone.now())
    comments_end = statutory.draft_comment_period_ends(request.draft_served_on)

    # Password, then the code from the authenticator app.
    page.goto(url_for(live_server, "portal:account_sign_in"))
    page.get_by_label("Email address").fill(link.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    submit(page, "Sign in")

    # Where the case is and what happens next, by when.
    expect(page.get_by_role("heading", level=1)).to_have_text("Amira Testchild's case")
    expect(page.locator("#stage-name")).to_have_text("Draft plan with the family")
    next_step = page.locator("#next-step")
    expect(next_step).to_contain_text("Your 15 days to comment on the draft plan end")
    expect(next_step).to_contain_text(long_date(comments_end))
    expect(page.locator("#officer-name")).to_have_text("Priya Officer")

    follow(page, "Respond to the draft plan")
    submit(page, "Send your response")
    assert_error_summary(page, "Enter your comments, choose a school or setting, or ask for a meeting")
    page.get_by_label("Your comments on the draft plan").fill(
        "Section F should include weekly speech therapy."
    )
    page.get_by_label(
        "The school, college or setting you would like named in the plan (optional)"
    ).select_option(label="Riverside Special School")
    page.get_by_label("I would like a meeting with an officer to talk about the draft plan").check()
    submit(page, "Send your response")
    expect(success_banner(page)).to_contain_text("Your response to the draft plan has been sent")
    expect(page.get_by_role("link", name="Respond to the draft plan")).to_have_count(0)
    expect(page.locator("#timeline")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Family's response to the draft plan received")

    # The officer sees the response on the case.
    page.context.clear_cookies()
    sign_in(page, live_server, "officer", PASSWORD)
    page.goto(url_for(live_server, "assessments:case", pk=request.pk))
    main = page.locator("main")
    expect(main).to_contain_text("Riverside Special School")
    expect(main).to_contain_text("Section F should include weekly speech therapy.")
