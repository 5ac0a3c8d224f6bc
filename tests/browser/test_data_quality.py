"""A case officer opens the data-quality overview, opens a rule and follows a record's link to the page
that fixes it; every page passes axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.data_quality import factories as f
from tests.factories import PASSWORD, AllocationFactory

from .helpers import follow, follow_nav, sign_in

pytestmark = pytest.mark.browser


def test_officer_opens_a_rule_and_follows_a_record_to_fix_it(page: Page, live_server, officer, team) -> None:
    child = f.clean_child(sex="U", legal_first_name="Zara", legal_last_name="Brokenrecord")
    AllocationFactory(child=child, officer=officer, team=team)
    f.clean_child(legal_first_name="Clean", legal_last_name="Record")

    sign_in(page, live_server, "officer", PASSWORD)
    follow_nav(page, "Data quality")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data quality")
    expect(page.locator("#scores")).to_contain_text("out of 10")

    follow(page, "Sex recorded")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sex recorded")
    expect(page.locator("#counts")).to_contain_text("1 of 2 records")
    expect(page.locator("#records")).to_contain_text("Brokenrecord")

    follow(page, re.compile(r"^Change the child's details for Zara Brokenrecord"))
    expect(page).to_have_url(re.compile(rf"/children/{child.pk}/edit/$"))
