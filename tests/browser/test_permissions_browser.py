"""What people without the right to change a case see: a read-only user sees the case but can do nothing
to it; someone outside the authority's staff gets the GOV.UK error page, which is itself accessible."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from sendcase.assessments.models import RequestStatus
from sendcase.people.services import document_upload, note_add
from sendcase.portal.models import TotpDevice
from tests.assessments.helpers import drive_to
from tests.factories import PASSWORD
from tests.people.files import PDF_BYTES, upload

from .helpers import sign_in, submit, url_for

pytestmark = pytest.mark.browser


@pytest.fixture
def draft_case(officer, child):
    """A case with the draft plan with the family, an advice request and a consultation unanswered: the
    stage at which the case page offers the most actions to someone who may edit it. The child's record
    also has a document and a note, which the case page lists."""
    document_upload(
        acting_user=officer,
        child=child,
        uploaded_file=upload("ep.pdf", PDF_BYTES),
        title="EP report",
        kind="advice",
    )
    note_add(acting_user=officer, child=child, text="Phoned the school.")
    return drive_to(RequestStatus.DRAFT_SERVED, user=officer, child=child)


def test_read_only_user_sees_the_case_without_any_action(page: Page, live_server, read_only_user, draft_case):
    sign_in(page, live_server, "board", PASSWORD)
    page.goto(url_for(live_server, "assessments:case", pk=draft_case.pk))
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("EHC needs assessment")
    # They can read everything the case page says ...
    expect(main).to_contain_text("Draft plan with the family")
    expect(page.get_by_role("table", name="Statutory deadlines")).to_be_visible()
    expect(page.get_by_role("table", name="Advice")).to_be_visible()
    expect(page.get_by_role("table", name="Schools and settings consulted")).to_be_visible()
    expect(main.get_by_role("link", name="EP report")).to_be_visible()
    expect(main).to_contain_text("Phoned the school.")
    # ... but are offered nothing to do: no step, no item action, no upload, no allocation.
    expect(page.get_by_role("heading", name="Record the next step")).to_have_count(0)
    case_path = f"/cases/{draft_case.pk}/"
    hrefs = main.get_by_role("link").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    action_links = [href for href in hrefs if href.startswith(case_path) and href != case_path]
    assert action_links == [], f"a read-only user is offered case actions: {action_links}"
    for name in ("Record receipt", "Record a chase", "Record the answer", "Upload a document"):
        expect(main.get_by_role("link", name=re.compile(f"^{name}"))).to_have_count(0)
    expect(main.get_by_role("button")).to_have_count(0)

    # The child's record is read-only for them too.
    page.goto(url_for(live_server, "people:child_detail", pk=draft_case.child_id))
    expect(page.get_by_role("heading", level=1)).to_have_text("Amira Testchild")
    expect(main.get_by_role("button")).to_have_count(0)
    for name in ("Change details", "Record a new request", "Add a contact", "Upload a document", "Allocate"):
        expect(main.get_by_role("link", name=re.compile(f"^{name}"))).to_have_count(0)

    # And a step's form, opened by its address, is refused.
    response = page.goto(url_for(live_server, "assessments:step", pk=draft_case.pk, slug="final-plan"))
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")


def test_outsider_gets_the_error_page_for_a_child_record(page: Page, live_server, outsider, draft_case):
    # A family account signs in with its password and then its authenticator app.
    secret = pyotp.random_base32()
    TotpDevice.objects.create(user=outsider, secret=secret, confirmed_at=timezone.now())
    sign_in(page, live_server, "outsider", PASSWORD)
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    submit(page, "Sign in")
    # With no verified link, their portal shows no children.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your children")
    expect(page.get_by_role("main")).to_contain_text("not linked to a child's case yet")

    for route, kwargs in (
        ("people:child_detail", {"pk": draft_case.child_id}),
        ("assessments:case", {"pk": draft_case.pk}),
    ):
        response = page.goto(url_for(live_server, route, **kwargs))
        assert response is not None and response.status in (403, 404), (route, response.status)
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text(
            "Page not found" if response.status == 404 else "You do not have access to this page"
        )
        expect(page).to_have_title(re.compile(r"^(Page not found|You do not have access) – "))
        # Nothing about the child leaks into the error page.
        expect(page.locator("body")).not_to_contain_text("Testchild")
        expect(page.locator("body")).not_to_contain_text(draft_case.child.reference)

    # Nor can they reach the worklists.
    response = page.goto(url_for(live_server, "caseload:worklist"))
    assert response is not None and response.status == 403


def test_read_only_user_is_not_offered_allocation_on_the_case_page(
    page: Page, live_server, read_only_user, draft_case
):
    sign_in(page, live_server, "board", PASSWORD)
    page.goto(url_for(live_server, "assessments:case", pk=draft_case.pk))
    allocate = page.get_by_role("main").get_by_role("link", name=re.compile("^Allocate"))
    expect(allocate).to_have_count(0, timeout=1_000)
