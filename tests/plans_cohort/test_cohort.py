"""Finding the year's phase-transfer cohort from date of birth and current phase, and recording it."""

import datetime as dt

import pytest
from django.core.management import call_command

from sendcase import statutory
from sendcase.plans.cohort import phase_transfer_cohort, phase_transfer_cohort_record
from sendcase.plans.models import EHCPlan, PhaseTransfer, TransferPhase
from sendcase.settings_data.codes import EstablishmentType, Phase
from tests.factories import ChildFactory, EstablishmentFactory
from tests.plans_reviews.helpers import issued_plan

YEAR = 2027


def _plan_for(officer, *, born: dt.date, phase: str, kind: str = EstablishmentType.MAINSTREAM) -> EHCPlan:
    child = ChildFactory(date_of_birth=born)
    plan = issued_plan(officer, child=child)
    plan.named_establishment = EstablishmentFactory(phase=phase, kind=kind)
    plan.save(update_fields=["named_establishment"])
    return plan


def _born_for(transfer: str) -> dt.date:
    """A date of birth whose normal year group makes `transfer` in YEAR."""
    for offset in range(0, 30 * 366, 30):
        born = dt.date(2000, 1, 1) + dt.timedelta(days=offset)
        if statutory.transfer_year_for(born, transfer) == YEAR:
            return born
    raise AssertionError(transfer)


@pytest.mark.django_db
def test_the_cohort_is_found_from_date_of_birth_and_current_phase(officer):
    to_secondary = _plan_for(officer, born=_born_for(TransferPhase.TO_SECONDARY), phase=Phase.PRIMARY)
    to_post16 = _plan_for(officer, born=_born_for(TransferPhase.SECONDARY_TO_POST16), phase=Phase.SECONDARY)
    to_school = _plan_for(
        officer,
        born=_born_for(TransferPhase.EARLY_YEARS_TO_SCHOOL),
        phase=Phase.NURSERY,
        kind=EstablishmentType.EARLY_YEARS,
    )
    # Same age as the secondary mover, but already at an all-through school: no move this year.
    _plan_for(officer, born=_born_for(TransferPhase.TO_SECONDARY), phase=Phase.ALL_THROUGH)
    # A primary pupil a year younger moves next year, not this one.
    _plan_for(
        officer, born=_born_for(TransferPhase.TO_SECONDARY) + dt.timedelta(days=366), phase=Phase.PRIMARY
    )

    cohort = {m.plan.pk: m for m in phase_transfer_cohort(transfer_year=YEAR)}
    assert set(cohort) == {to_secondary.pk, to_post16.pk, to_school.pk}
    assert cohort[to_secondary.pk].deadline == dt.date(YEAR, 2, 14)
    assert cohort[to_post16.pk].deadline == dt.date(YEAR, 3, 30)
    assert cohort[to_school.pk].transfer == TransferPhase.EARLY_YEARS_TO_SCHOOL


@pytest.mark.django_db
def test_recording_the_cohort_is_idempotent_and_sets_the_plans_deadline(officer):
    plan = _plan_for(officer, born=_born_for(TransferPhase.TO_SECONDARY), phase=Phase.PRIMARY)
    first = phase_transfer_cohort_record(acting_user=officer, transfer_year=YEAR)
    assert (first.recorded, first.already_recorded, first.refused) == (1, 0, [])
    again = phase_transfer_cohort_record(acting_user=officer, transfer_year=YEAR)
    assert (again.recorded, again.already_recorded) == (0, 1)
    phase = PhaseTransfer.objects.get(plan=plan)
    assert phase.deadline == dt.date(YEAR, 2, 14)
    plan.refresh_from_db()
    assert plan.phase_transfer_deadline == dt.date(YEAR, 2, 14)


@pytest.mark.django_db
def test_the_command_records_and_reports(officer, capsys):
    _plan_for(officer, born=_born_for(TransferPhase.SECONDARY_TO_POST16), phase=Phase.SECONDARY)
    call_command("record_phase_transfer_cohort", "--year", str(YEAR), "--as-user", "officer")
    assert f"1 phase transfers recorded for {YEAR}" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_read_only_user_cannot_record_the_cohort(read_only_user):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="must be able to edit"):
        call_command("record_phase_transfer_cohort", "--year", str(YEAR), "--as-user", "board")
