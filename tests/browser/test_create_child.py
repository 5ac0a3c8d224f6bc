"""A case officer adds a child through the form: mistakes are explained, fixed, and the record is created;
a second child with the same name and date of birth is stopped by the duplicate warning."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from sendcase.core.identifiers import UPN_MESSAGE, make_upn
from sendcase.people.models import Child
from tests.factories import PASSWORD

from .helpers import (
    assert_error_summary,
    field_error,
    fill_date,
    fill_date_value,
    follow,
    follow_nav,
    sign_in,
    submit,
    success_banner,
    url_for,
)

pytestmark = pytest.mark.browser

GOOD_UPN = make_upn(999, 2001, 16, 1)
BAD_UPN = "H801200001002"  # the right shape, but the check letter is wrong


def _birthday() -> dt.date:
    return dt.date(timezone.localdate().year - 8, 3, 14)


def _open_add_child_form(page: Page, live_server) -> None:
    follow_nav(page, "Children")
    expect(page.get_by_role("heading", level=1)).to_have_text("Children")
    follow(page, "Add a child", role="button")
    expect(page).to_have_url(url_for(live_server, "people:child_create"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a child")


def _fill_child(page: Page, first: str, last: str, born: dt.date, upn: str = "") -> None:
    page.get_by_label("First name", exact=True).fill(first)
    page.get_by_label("Last name", exact=True).fill(last)
    fill_date_value(page, "Date of birth", born)
    page.get_by_role("group", name="Sex").get_by_label("Female", exact=True).check()
    page.get_by_label("Ethnicity").select_option(label="White - British")
    page.get_by_label("Unique pupil number (UPN) (optional)").fill(upn)
    page.get_by_label("Postcode (optional)").fill("b1 1aa")
    page.get_by_label("First language").fill("English")


def test_officer_adds_a_child_fixing_mistakes_on_the_way(page: Page, live_server, officer) -> None:
    sign_in(page, live_server, "officer", PASSWORD)
    _open_add_child_form(page, live_server)

    # Nothing entered: the required fields say what to enter.
    page.get_by_label("First language").fill("")
    submit(page, "Add child")
    assert_error_summary(
        page, "Enter the child's first name", "Enter the child's last name", "Enter the child's date of birth"
    )
    expect(page).to_have_title(re.compile(r"^Error: Add a child"))

    # A UPN whose check letter is wrong, and a date of birth in the future.
    next_year = timezone.localdate().year + 1
    _fill_child(page, "Amira", "Okafor", _birthday(), upn=BAD_UPN)
    fill_date(page, "Date of birth", 14, 3, next_year)
    submit(page, "Add child")
    assert_error_summary(page, "Date of birth must be today or in the past", UPN_MESSAGE)
    expect(field_error(page, "Date of birth must be today or in the past")).to_be_visible()
    expect(field_error(page, UPN_MESSAGE)).to_be_visible()
    # What was typed is kept, so only the mistakes need typing again.
    expect(page.get_by_label("First name", exact=True)).to_have_value("Amira")
    expect(page.get_by_role("group", name="Date of birth").get_by_label("Year")).to_have_value(str(next_year))
    expect(page.get_by_label("Unique pupil number (UPN) (optional)")).to_have_value(BAD_UPN)
    # The summary's link takes you to the field.
    page.locator(".govuk-error-summary").get_by_role("link", name=UPN_MESSAGE).click()
    expect(page.get_by_label("Unique pupil number (UPN) (optional)")).to_be_focused()
    assert Child.objects.count() == 0

    # Fixed: the record is created and the officer lands on it.
    fill_date_value(page, "Date of birth", _birthday())
    page.get_by_label("Unique pupil number (UPN) (optional)").fill(GOOD_UPN.lower())
    submit(page, "Add child")
    child = Child.objects.get()
    expect(page).to_have_url(url_for(live_server, "people:child_detail", pk=child.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text("Amira Okafor")
    expect(success_banner(page)).to_contain_text(
        f"Amira Okafor's record has been created ({child.reference})"
    )
    details = page.locator("dl.govuk-summary-list").first
    expect(details).to_contain_text(_birthday().strftime("%-d %B %Y"))
    expect(details).to_contain_text(GOOD_UPN)  # normalised to upper case
    expect(details).to_contain_text("B1 1AA")
    assert (child.upn, child.date_of_birth, child.sex) == (GOOD_UPN, _birthday(), "F")


def test_a_second_child_with_the_same_name_and_birthday_gets_the_duplicate_warning(
    page: Page, live_server, officer
) -> None:
    sign_in(page, live_server, "officer", PASSWORD)
    _open_add_child_form(page, live_server)
    _fill_child(page, "Amira", "Okafor", _birthday())
    submit(page, "Add child")
    first = Child.objects.get()
    expect(page).to_have_url(url_for(live_server, "people:child_detail", pk=first.pk))

    # The same name and date of birth again: the officer is warned and shown the record it may be.
    _open_add_child_form(page, live_server)
    _fill_child(page, "Amira", "Okafor", _birthday())
    submit(page, "Add child")
    expect(page.get_by_role("heading", level=1)).to_have_text("This child may already have a record")
    matches = page.get_by_role("table", name="Possible matches")
    expect(matches.get_by_role("link", name="Amira Okafor")).to_have_attribute(
        "href", re.compile(rf"/children/{first.pk}/$")
    )
    expect(matches).to_contain_text(first.reference)
    assert Child.objects.count() == 1

    # Adding anyway needs the officer to confirm it is a different child.
    submit(page, "Add child")
    assert_error_summary(page, "Confirm this is a different child")
    # The checkbox's own error is announced with it, after its hint.
    expect(page.get_by_label("This is a different child")).to_have_accessible_description(
        re.compile(r"^Tick this only if .+\s+Error:\s+Confirm this is a different child")
    )
    expect(page).to_have_title(re.compile(r"^Error: This child may already have a record"))
    assert Child.objects.count() == 1

    page.get_by_label("This is a different child").check()
    submit(page, "Add child")
    second = Child.objects.exclude(pk=first.pk).get()
    expect(page).to_have_url(url_for(live_server, "people:child_detail", pk=second.pk))
    expect(success_banner(page)).to_contain_text(f"({second.reference})")
    assert second.reference != first.reference


def test_changing_the_details_from_the_duplicate_warning_goes_back_to_the_form(
    page: Page, live_server, officer
) -> None:
    sign_in(page, live_server, "officer", PASSWORD)
    _open_add_child_form(page, live_server)
    _fill_child(page, "Amira", "Okafor", _birthday())
    submit(page, "Add child")

    _open_add_child_form(page, live_server)
    _fill_child(page, "Amira", "Okafor", _birthday())
    submit(page, "Add child")
    expect(page.get_by_role("heading", level=1)).to_have_text("This child may already have a record")

    submit(page, "Change the details")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a child")
    expect(page.get_by_label("First name", exact=True)).to_have_value("Amira")
    expect(page.get_by_label("Last name", exact=True)).to_have_value("Okafor")
    assert Child.objects.count() == 1
