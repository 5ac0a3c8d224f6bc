"""Refusal letters state the family's rights and the dates that apply (Regs 5(3), 10(3))."""

import datetime as dt

import pytest
from django.utils.html import escape

from sendcase.statutory import add_months, appeal_deadline
from tests.assessments.helpers import drive_to
from tests.factories import ContactFactory


def test_months_are_added_as_calendar_months_clamped_to_month_end():
    assert add_months(dt.date(2026, 1, 15), 2) == dt.date(2026, 3, 15)
    assert add_months(dt.date(2025, 12, 31), 2) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2027, 12, 31), 2) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 11, 30), 2) == dt.date(2027, 1, 30)
    assert appeal_deadline(dt.date(2026, 8, 31)) == dt.date(2026, 10, 31)


@pytest.mark.django_db
def test_a_refusal_to_assess_letter_gives_reasons_rights_and_dates(officer_client, officer, child):
    ContactFactory(child=child, first_name="Jo", last_name="Parent", address="1 Test Street\nSynthtown")
    request = drive_to("not_assessing", user=officer, child=child)
    html = officer_client.get(f"/cases/{request.pk}/letter/").content.decode()
    decided = request.assessment_decided_on
    assert "Decision not to carry out an EHC needs assessment" in html
    assert "Jo Parent" in html and "1 Test Street" in html
    assert escape(request.decision_reason) in html
    assert f"{add_months(decided, 2):%-d %B %Y}" in html
    assert "mediation adviser" in html and "disagreement resolution" in html and "SENDIASS" in html


@pytest.mark.django_db
def test_a_young_person_who_acts_for_themselves_gets_the_letter(officer_client, officer, child):
    child.acts_for_self = True
    child.address_line_1 = "9 Own Road"
    child.save()
    ContactFactory(child=child, first_name="Jo", last_name="Parent")
    request = drive_to("not_issuing", user=officer, child=child)
    html = officer_client.get(f"/cases/{request.pk}/letter/").content.decode()
    assert "Decision not to issue an EHC plan" in html
    assert f"Dear {child.legal_name}" in html and "9 Own Road" in html


@pytest.mark.django_db
def test_open_cases_have_no_refusal_letter_and_outsiders_see_none(officer_client, outsider_client, officer):
    open_request = drive_to("assessing", user=officer)
    refused = drive_to("not_assessing", user=officer)
    assert officer_client.get(f"/cases/{open_request.pk}/letter/").status_code == 404
    # A family account is refused every staff page (403), whether or not the letter exists.
    assert outsider_client.get(f"/cases/{refused.pk}/letter/").status_code == 403
    assert "View the decision letter" in officer_client.get(f"/cases/{refused.pk}/").content.decode()
