"""Arranging review meetings for every child at one school: all or nothing, with a report."""

import pytest

from sendcase.core.errors import ServiceError
from sendcase.plans.models import AnnualReview, ReviewStatus
from sendcase.plans.services import placements as ps
from sendcase.plans.services import reviews as rs
from tests.factories import ChildFactory, EstablishmentFactory

from .helpers import DAY, counts, issued_plan, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_with_plans(officer):
    school = EstablishmentFactory(name="Brook Primary")
    plans = []
    for _ in range(3):
        plan = issued_plan(officer, child=ChildFactory())
        ps.placement_start(
            acting_user=officer, child=plan.child, establishment=school, entry_on=today() - 20 * DAY
        )
        plans.append(plan)
    elsewhere = issued_plan(officer, child=ChildFactory())
    return school, plans, elsewhere


def test_spread_over_weekdays_with_a_daily_capacity(officer, school_with_plans):
    school, plans, elsewhere = school_with_plans
    first = today() + 20 * DAY
    report = rs.review_bulk_schedule(
        acting_user=officer,
        establishment=school,
        notice_sent_on=today(),
        invitees="Parents, SENCO",
        first_date=first,
        per_day=2,
    )
    assert report.ok and len(report.rows) == 3
    reviews = AnnualReview.objects.filter(status=ReviewStatus.SCHEDULED)
    assert reviews.count() == 3
    assert not elsewhere.reviews.exists()
    dates = sorted(r.meeting_on for r in reviews)
    assert all(d.weekday() < 5 for d in dates)
    assert dates[0] == dates[1] and dates[2] > dates[1]


def test_one_bad_date_schedules_nothing_and_reports_every_row(officer, school_with_plans):
    school, plans, _ = school_with_plans
    rs.review_open(acting_user=officer, plan=plans[0])  # an existing open review is reused
    before = counts()
    dates = {plans[0].pk: today() + 30 * DAY, plans[1].pk: today() + 5 * DAY, plans[2].pk: today() + 30 * DAY}
    with pytest.raises(rs.BulkScheduleRefused) as error:
        rs.review_bulk_schedule(
            acting_user=officer,
            establishment=school,
            notice_sent_on=today(),
            invitees="P",
            meeting_dates=dates,
        )
    report = error.value.report
    errors = {row.plan_id: row.error for row in report.rows}
    assert len(errors) == 3 and [pk for pk, e in errors.items() if e] == [plans[1].pk]
    assert "2 weeks" in next(row.error for row in report.rows if row.error)
    assert counts() == before
    assert AnnualReview.objects.count() == 1
    assert AnnualReview.objects.get().status == ReviewStatus.DUE


def test_a_plan_not_at_the_school_is_refused(officer, school_with_plans):
    school, plans, elsewhere = school_with_plans
    dates = {p.pk: today() + 30 * DAY for p in plans} | {elsewhere.pk: today() + 30 * DAY}
    with pytest.raises(rs.BulkScheduleRefused) as error:
        rs.review_bulk_schedule(
            acting_user=officer,
            establishment=school,
            notice_sent_on=today(),
            invitees="P",
            meeting_dates=dates,
        )
    assert any("not at the school" in row.error for row in error.value.report.rows)


def test_named_school_counts_and_empty_school_is_refused(officer):
    school = EstablishmentFactory()
    with pytest.raises(ServiceError, match="No children"):
        rs.review_bulk_schedule(
            acting_user=officer,
            establishment=school,
            notice_sent_on=today(),
            invitees="P",
            first_date=today() + 20 * DAY,
            per_day=1,
        )
    plan = issued_plan(officer)
    plan.named_establishment = school
    plan.save()
    assert rs.plans_at_establishment(school) == [plan]
