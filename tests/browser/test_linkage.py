"""A data officer reviews a possible duplicate, merges it keeping the older record, then undoes the merge;
every page on the way passes axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from sendcase.linkage.merging import is_merged_away
from tests.factories import PASSWORD
from tests.linkage import factories as f

from .helpers import assert_error_summary, follow, follow_nav, sign_in, submit, success_banner

pytestmark = pytest.mark.browser


def test_data_officer_merges_a_possible_duplicate_then_undoes_it(page: Page, live_server) -> None:
    older = f.child(legal_first_name="Katherine")
    newer = f.child(legal_first_name="Kate", upn="", nhs_number="")
    f.note(newer, "Note on the second record")
    f.candidate(older, newer, probability=0.97)
    f.data_officer()

    sign_in(page, live_server, "dataofficer", PASSWORD)
    follow_nav(page, "Duplicates")
    expect(page.get_by_role("heading", level=1)).to_have_text("Possible duplicate children")
    follow(page, re.compile(rf"^Compare {older.reference} and {newer.reference}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Are these the same child?")
    records = page.locator("#records")
    expect(records).to_contain_text("Katherine Okafor")
    expect(records).to_contain_text("Kate Okafor")

    # The older record is offered as the one to keep; the reviewer confirms it.
    expect(page.get_by_label(re.compile(rf"^{older.reference}"))).to_be_checked()
    page.get_by_label(re.compile(rf"^{older.reference}")).check()
    page.get_by_label("Notes (optional)").fill("Same child: school confirmed")
    submit(page, "Same child – merge")
    expect(success_banner(page)).to_contain_text(f"{newer.reference} merged into {older.reference}")
    assert is_merged_away(newer.pk)

    follow(page, re.compile(rf"^Undo the merge of {newer.reference}"))
    submit(page, "Undo the merge")
    assert_error_summary(page, "Enter why you are undoing this merge")
    page.get_by_label("Why are you undoing this merge?").fill("They are twins after all")
    submit(page, "Undo the merge")
    expect(success_banner(page)).to_contain_text(f"{newer.reference} is a separate record again")
    expect(page.locator("#merges")).to_contain_text("Undone")
    assert not is_merged_away(newer.pk)
