"""Plans transferred between authorities, phase transfers, and placements over time."""

import datetime as dt

import pytest

from sendcase import statutory
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError
from sendcase.people.models import CaseEvent
from sendcase.plans.models import PlanStatus, ReviewStatus, TransferPhase
from sendcase.plans.services import placements as ps
from sendcase.plans.services import reviews as rs
from sendcase.plans.services import transfers as ts
from tests.factories import ChildFactory, EstablishmentFactory

from .helpers import DAY, today

pytestmark = pytest.mark.django_db


# --- transfers between authorities ---------------------------------------------------------------


def test_transfer_in_creates_an_active_plan_with_review_due(officer, child):
    issued = today() - 200 * DAY
    plan = ts.plan_transfer_in(
        acting_user=officer, child=child, from_la="330", received_on=today() - 10 * DAY, issued_on=issued
    )
    assert plan.status == PlanStatus.ACTIVE and plan.transferred_in_from_la == "330"
    assert plan.transferred_in_on == today() - 10 * DAY
    assert plan.review_due == statutory.review_due(issued)
    with pytest.raises(ServiceError, match="already has an EHC plan"):
        ts.plan_transfer_in(
            acting_user=officer, child=child, from_la="330", received_on=today(), issued_on=issued
        )


def test_transfer_in_refuses_bad_codes_and_dates(officer, child):
    with pytest.raises(ServiceError, match="three-digit"):
        ts.plan_transfer_in(
            acting_user=officer, child=child, from_la="Leeds", received_on=today(), issued_on=today()
        )
    with pytest.raises(ServiceError, match="on or after the plan was made"):
        ts.plan_transfer_in(
            acting_user=officer, child=child, from_la="330", received_on=today() - 5 * DAY, issued_on=today()
        )


def test_transfer_out_ends_the_plan_and_cancels_reviews(officer, plan):
    review = rs.review_open(acting_user=officer, plan=plan)
    plan = ts.plan_transfer_out(acting_user=officer, plan=plan, to_la="330", transferred_on=today())
    assert plan.status == PlanStatus.TRANSFERRED_OUT and plan.transferred_out_to_la == "330"
    review.refresh_from_db()
    assert review.status == ReviewStatus.CANCELLED
    with pytest.raises(InvalidTransition):
        ts.plan_transfer_out(acting_user=officer, plan=plan, to_la="330", transferred_on=today())


# --- phase transfers -----------------------------------------------------------------------------


def test_phase_transfer_year_defaults_from_date_of_birth(officer, plan):
    phase = ts.phase_transfer_record(acting_user=officer, plan=plan, transfer=TransferPhase.TO_SECONDARY)
    year = statutory.transfer_year_for(plan.child.date_of_birth, "secondary")
    assert phase.transfer_year == year and phase.deadline == dt.date(year, 2, 14)
    plan.refresh_from_db()
    assert plan.phase_transfer_deadline == phase.deadline
    with pytest.raises(ServiceError, match="already recorded"):
        ts.phase_transfer_record(acting_user=officer, plan=plan, transfer=TransferPhase.TO_SECONDARY)


def test_post16_deadlines(officer, plan):
    phase = ts.phase_transfer_record(
        acting_user=officer, plan=plan, transfer=TransferPhase.SECONDARY_TO_POST16, transfer_year=2031
    )
    assert phase.deadline == dt.date(2031, 3, 30)
    other = ts.phase_transfer_record(
        acting_user=officer, plan=plan, transfer=TransferPhase.POST16_TO_POST16, moves_on=dt.date(2032, 1, 5)
    )
    assert other.deadline == dt.date(2031, 8, 5) and other.transfer_year == 2032
    with pytest.raises(ServiceError, match="moves"):
        ts.phase_transfer_record(acting_user=officer, plan=plan, transfer=TransferPhase.POST16_TO_POST16)


def test_naming_a_school_on_time_and_late(officer, plan):
    school = EstablishmentFactory()
    on_time = ts.phase_transfer_record(
        acting_user=officer, plan=plan, transfer=TransferPhase.TO_SECONDARY, transfer_year=today().year + 1
    )
    on_time = ts.phase_transfer_name_school(
        acting_user=officer, phase_transfer=on_time, establishment=school, named_on=today()
    )
    assert ts.phase_transfer_status(on_time, today()) == "on_time"
    late = ts.phase_transfer_record(
        acting_user=officer,
        plan=plan,
        transfer=TransferPhase.INFANT_TO_JUNIOR,
        transfer_year=today().year - 1,
    )
    plan.refresh_from_db()
    assert plan.phase_transfer_deadline == late.deadline
    assert ts.phase_transfer_status(late, today()) == "overdue"
    late = ts.phase_transfer_name_school(
        acting_user=officer, phase_transfer=late, establishment=school, named_on=today()
    )
    assert ts.phase_transfer_status(late, today()) == "late"
    assert (
        "after the deadline"
        in CaseEvent.objects.filter(kind="phase_transfer_named").order_by("id").last().summary
    )
    plan.refresh_from_db()
    assert plan.phase_transfer_deadline is None
    with pytest.raises(InvalidTransition, match="already named"):
        ts.phase_transfer_name_school(
            acting_user=officer, phase_transfer=late, establishment=school, named_on=today()
        )


# --- placements ----------------------------------------------------------------------------------


def test_a_new_placement_ends_the_current_one_the_day_before(officer, child):
    first = ps.placement_start(
        acting_user=officer, child=child, establishment=EstablishmentFactory(), entry_on=today() - 100 * DAY
    )
    second = ps.placement_start(
        acting_user=officer, child=child, setting_code="EHE", entry_on=today() - 10 * DAY
    )
    first.refresh_from_db()
    assert first.leaving_on == today() - 11 * DAY
    assert ps.current_placement(child) == second
    gap = ps.no_place_start(acting_user=officer, child=child, reason="awaiting_place", from_on=today())
    second.refresh_from_db()
    assert second.leaving_on == today() - DAY and gap.is_no_place
    kinds = list(CaseEvent.objects.filter(child=child).values_list("kind", flat=True))
    assert kinds.count("placement_ended") == 2 and "no_place_started" in kinds


def test_placement_refusals(officer, child):
    school = EstablishmentFactory()
    with pytest.raises(ServiceError, match="not both"):
        ps.placement_start(
            acting_user=officer, child=child, establishment=school, setting_code="EHE", entry_on=today()
        )
    with pytest.raises(ServiceError, match="not both"):
        ps.placement_start(acting_user=officer, child=child, entry_on=today())
    with pytest.raises(ServiceError, match="at a school"):
        ps.placement_start(
            acting_user=officer, child=child, setting_code="OTH", sen_unit=True, entry_on=today()
        )
    with pytest.raises(ServiceError, match="today or in the past"):
        ps.placement_start(acting_user=officer, child=child, establishment=school, entry_on=today() + DAY)
    ps.placement_start(acting_user=officer, child=child, establishment=school, entry_on=today() - 5 * DAY)
    with pytest.raises(ServiceError, match="after the current one") as error:
        ps.placement_start(acting_user=officer, child=child, setting_code="OTH", entry_on=today() - 5 * DAY)
    assert error.value.field == "entry_on"
    with pytest.raises(ServiceError, match="why there is no place"):
        ps.no_place_start(acting_user=officer, child=child, reason="bored", from_on=today())


def test_placement_end_and_links_the_active_plan(officer, plan):
    child = plan.child
    placement = ps.placement_start(
        acting_user=officer, child=child, establishment=EstablishmentFactory(), entry_on=today() - 30 * DAY
    )
    assert placement.plan == plan
    with pytest.raises(ServiceError, match="on or after its start"):
        ps.placement_end(acting_user=officer, placement=placement, leaving_on=today() - 31 * DAY)
    ps.placement_end(acting_user=officer, placement=placement, leaving_on=today())
    with pytest.raises(InvalidTransition):
        ps.placement_end(acting_user=officer, placement=placement, leaving_on=today())
    assert ps.current_placement(child) is None


def test_read_only_may_not_place(read_only_user):
    with pytest.raises(NotPermitted):
        ps.no_place_start(acting_user=read_only_user, child=ChildFactory(), reason="other", from_on=today())
