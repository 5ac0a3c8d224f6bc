"""Recording the year's phase-transfer cohort from the tracker page."""

import pytest
from django.urls import reverse

from sendcase.plans.models import PhaseTransfer, TransferPhase
from sendcase.settings_data.codes import Phase
from tests.plans_cohort.test_cohort import YEAR, _born_for, _plan_for


@pytest.mark.django_db
def test_an_officer_records_the_cohort_from_the_tracker(officer_client, officer):
    plan = _plan_for(officer, born=_born_for(TransferPhase.TO_SECONDARY), phase=Phase.PRIMARY)
    tracker = officer_client.get(reverse("plan_worklists:phase_transfers") + f"?year={YEAR}").content.decode()
    assert f"Record the {YEAR} cohort" in tracker
    response = officer_client.post(reverse("plan_worklists:record_cohort"), {"year": YEAR}, follow=True)
    assert "1 phase transfers recorded" in response.content.decode()
    assert PhaseTransfer.objects.filter(plan=plan, transfer_year=YEAR).exists()


@pytest.mark.django_db
def test_read_only_users_cannot_record_the_cohort(read_only_client):
    tracker = read_only_client.get(
        reverse("plan_worklists:phase_transfers") + f"?year={YEAR}"
    ).content.decode()
    assert "cohort</button>" not in tracker
    assert read_only_client.post(reverse("plan_worklists:record_cohort"), {"year": YEAR}).status_code == 403


@pytest.mark.django_db
def test_a_missing_year_is_refused_with_a_message(officer_client):
    response = officer_client.post(reverse("plan_worklists:record_cohort"), {}, follow=True)
    assert "Enter a real year" in response.content.decode()
