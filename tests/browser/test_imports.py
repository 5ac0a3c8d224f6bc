"""A data officer imports a messy children list: uploads it, matches the columns, checks the dry run,
imports it, corrects a quarantined row in the browser, and looks at the batch and its undo page. Every
page is checked with axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from sendcase.core.models import Role
from sendcase.imports.models import ImportBatch, QuarantinedRow, QuarantineStatus
from sendcase.people.models import Child
from tests.factories import PASSWORD, UserFactory
from tests.imports.factories import csv_bytes, upn

from .helpers import assert_error_summary, follow, follow_nav, sign_in, submit, success_banner, url_for

pytestmark = pytest.mark.browser

ROWS = [
    ["Pupil UPN", "Forename", "Surname", "DOB", "Gender"],
    [upn(1), "Ada", "Okafor", "01/03/2015", "F"],
    [upn(2), "Ben", "Ahmed", "31/02/2016", "M"],
    [None, None, None, None, None],
    [upn(3), "Cara", "Lewis", "1 Mar 2014", "Girl"],
]


def test_data_officer_imports_a_list_and_fixes_a_row(page: Page, live_server, transactional_db) -> None:
    UserFactory(username="data", role=Role.DATA_OFFICER)
    sign_in(page, live_server, "data", PASSWORD)
    follow_nav(page, "Imports")
    expect(page.get_by_role("heading", level=1)).to_have_text("Imports")

    follow(page, "Import a spreadsheet", role="button")
    submit(page, "Continue")
    assert_error_summary(page, "Select what is in the file", "Select a file")

    page.get_by_label("List of children").check()
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "children.csv", "mimeType": "text/csv", "buffer": csv_bytes(ROWS)}]
    )
    submit(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Match the columns")
    expect(page.get_by_label("Forename")).to_have_value("legal_first_name")
    page.get_by_label("Pupil UPN").select_option("upn")
    page.get_by_label("DOB").select_option("date_of_birth")
    submit(page, "Continue")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check before importing")
    main = page.locator("main")
    expect(main).to_contain_text("31/02/2016")
    expect(main).to_contain_text("Blank rows skipped")
    assert Child.objects.count() == 0
    submit(page, "Import 3 rows")
    expect(success_banner(page)).to_contain_text("children.csv has been imported")
    assert Child.objects.count() == 2

    follow(page, "row 3")
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct row 3")
    assert_error_summary(page, "‘31/02/2016’ is not a real date")
    expect(page.get_by_label("Date of birth")).to_have_value("31/02/2016")
    page.get_by_label("Date of birth").fill("28/02/2016")
    submit(page, "Check and import this row")
    expect(success_banner(page)).to_contain_text("Row 3 has been corrected and imported")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rows to correct")
    assert QuarantinedRow.objects.get().status == QuarantineStatus.IMPORTED
    assert Child.objects.filter(legal_first_name="Ben").exists()

    page.goto(url_for(live_server, "imports:index"))
    follow(page, "Code mappings for local values")
    page.get_by_label("Code set").select_option("Sex")
    submit(page, "Show this code set")
    page.get_by_label("Value used in your spreadsheets").fill("Chap")
    page.get_by_label("Sex code it means").select_option("M")
    submit(page, "Save mapping")
    expect(success_banner(page)).to_contain_text("now means M")

    page.goto(url_for(live_server, "imports:index"))
    follow(page, f"Import {ImportBatch.objects.get().pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("children.csv")
    follow(page, "Undo this import")
    expect(page.get_by_role("heading", level=1)).to_have_text("Undo this import")
    submit(page, "Undo the import")
    expect(success_banner(page)).to_contain_text("has been undone")
    assert Child.objects.count() == 0

    page.goto(url_for(live_server, "imports:legacy_upload"))
    submit(page, "Continue")
    assert_error_summary(page, "Select a file")


def test_workbook_sheet_choice_and_legacy_export_pages(page: Page, live_server, transactional_db) -> None:
    from tests.imports.factories import xlsx_bytes, zip_bytes
    from tests.imports.test_legacy_import import export

    UserFactory(username="data", role=Role.DATA_OFFICER)
    sign_in(page, live_server, "data", PASSWORD)
    page.goto(url_for(live_server, "imports:upload"))
    page.get_by_label("List of children").check()
    workbook = xlsx_bytes({"Read me": [["Notes"]], "Children": ROWS})
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "book.xlsx", "mimeType": "application/octet-stream", "buffer": workbook}]
    )
    submit(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose the sheet")
    page.get_by_label("Children").check()
    submit(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Match the columns")

    page.goto(url_for(live_server, "imports:legacy_upload"))
    page.get_by_label("Upload the export").set_input_files(
        files=[{"name": "export.zip", "mimeType": "application/zip", "buffer": zip_bytes(export())}]
    )
    submit(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check before importing")
    expect(page.locator("main")).to_contain_text("requests.csv")
    submit(page, "Import 13 rows")
    expect(success_banner(page)).to_contain_text("export.zip has been imported")
    assert Child.objects.count() == 2
