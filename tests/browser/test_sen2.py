"""The SEN2 return in the browser: choose a census day, see the figures and the problems, follow a
problem to the child's record, and download the XML. axe-core checks every page."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest
from playwright.sync_api import Page, expect

from sendcase.core.models import Role
from tests.factories import PASSWORD, UserFactory
from tests.performance_sen2.factories import PlacementFactory, PlanFactory, Sen2ChildFactory

from .helpers import assert_error_summary, fill_date, follow, sign_in, submit, url_for

pytestmark = pytest.mark.browser


@pytest.fixture
def sen2_data(settings):
    settings.AUTHORITY_LA_CODE = "330"
    settings.SEN2_DMO, settings.SEN2_DCO = "Y", "N"
    good = PlanFactory(child=Sen2ChildFactory(legal_first_name="Nia", legal_last_name="Clean"))
    PlacementFactory(plan=good)
    bad = Sen2ChildFactory(legal_first_name="Omar", legal_last_name="Badupn", upn="B123456789012")
    PlacementFactory(plan=PlanFactory(child=bad))
    return bad


def test_data_officer_checks_the_return_fixes_from_the_list_and_downloads(page: Page, live_server, sen2_data):
    UserFactory(username="data", role=Role.DATA_OFFICER)
    sign_in(page, live_server, "data", PASSWORD)
    page.goto(url_for(live_server, "sen2:index"))
    expect(page.get_by_role("heading", level=1)).to_have_text("SEN2 return")

    fill_date(page, "Census date", 31, 2, 2026)
    submit(page, "Generate the return")
    assert_error_summary(page, "Census date must be a real date")

    fill_date(page, "Census date", 15, 1, 2026)
    submit(page, "Generate the return")
    expect(page.get_by_role("heading", name="Census day 15 January 2026")).to_be_visible()
    figures = page.locator("#headline-figures")
    expect(
        figures.locator(".govuk-summary-list__row").filter(has_text="Plans in force on census day")
    ).to_contain_text("2")
    problems = page.locator("#problem-list")
    expect(problems).to_contain_text("P08: UPN is not valid")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the return as XML for census day 15 January 2026").click()
    download = download_info.value
    assert download.suggested_filename == "sen2-2026-01-15.xml"
    root = ET.parse(download.path()).getroot()  # noqa: S314 - the service's own output
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-01-15"
    assert sorted(p.findtext("Surname") for p in root.iter("Person")) == ["Badupn", "Clean"]

    follow(page, re.compile(r"^Omar Badupn\s*: put right P08$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Badupn")


def test_board_member_sees_the_figures_only(page: Page, live_server, sen2_data):
    UserFactory(username="board", role=Role.READ_ONLY)
    sign_in(page, live_server, "board", PASSWORD)
    page.goto(url_for(live_server, "sen2:index"))
    fill_date(page, "Census date", 15, 1, 2026)
    submit(page, "Generate the return")
    expect(page.locator("#module-counts")).to_contain_text("Children and young people")
    expect(page.get_by_text("Badupn")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Download"))).to_have_count(0)
