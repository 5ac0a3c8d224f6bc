"""Membership of the review worklists and the phase transfer tracker, at the boundaries, with filters."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase.plans import worklists as wl
from sendcase.plans.models import PlanStatus, ReviewStatus
from tests.factories import EstablishmentFactory, LocalityFactory, TeamFactory, UserFactory

from .helpers import AS_OF, DAY, allocate, make_plan, place, review, transfer

pytestmark = pytest.mark.django_db
R = ReviewStatus


def pks(qs) -> set[int]:
    return {item.pk for item in qs}


def test_due_window_is_as_of_to_56_days_inclusive(officer):
    today = make_plan(review_due=AS_OF)
    day56 = make_plan(review_due=AS_OF + 56 * DAY)
    day57 = make_plan(review_due=AS_OF + 57 * DAY)
    yesterday = make_plan(review_due=AS_OF - DAY)
    assert pks(wl.reviews_due(officer, as_of=AS_OF)) == {today.pk, day56.pk}
    assert day57.pk not in pks(wl.reviews_due(officer, as_of=AS_OF))
    assert pks(wl.reviews_overdue(officer, as_of=AS_OF)) == {yesterday.pk}


def test_ceased_plans_and_plans_without_a_date_are_left_off(officer):
    make_plan(review_due=AS_OF + DAY, status=PlanStatus.CEASED)
    make_plan(review_due=None)
    make_plan(review_due=AS_OF - 10 * DAY, status=PlanStatus.TRANSFERRED_OUT)
    assert not wl.reviews_due(officer, as_of=AS_OF).exists()
    assert not wl.reviews_overdue(officer, as_of=AS_OF).exists()


def test_a_completed_review_for_the_due_date_takes_the_plan_off(officer):
    done = make_plan(review_due=AS_OF - 5 * DAY)
    review(done, R.COMPLETED, due_on=done.review_due, meeting_on=AS_OF - 20 * DAY)
    older = make_plan(review_due=AS_OF - 5 * DAY)
    review(older, R.COMPLETED, due_on=AS_OF - 400 * DAY)  # last year's review: still overdue
    open_ = make_plan(review_due=AS_OF + 3 * DAY)
    review(open_, R.SCHEDULED, due_on=open_.review_due, meeting_on=AS_OF + 2 * DAY)
    assert pks(wl.reviews_overdue(officer, as_of=AS_OF)) == {older.pk}
    rows = wl.worklist_rows(wl.reviews_due(officer, as_of=AS_OF), as_of=AS_OF)
    assert [(r.plan_pk, r.review_status, r.meeting_on, r.days_left) for r in rows] == [
        (open_.pk, "Meeting scheduled", AS_OF + 2 * DAY, 3)
    ]


def test_decisions_overdue_from_the_day_after_4_weeks(officer):
    plan = make_plan(review_due=AS_OF + 300 * DAY)
    on_due_date = review(plan, R.HELD, meeting_on=AS_OF - 28 * DAY)
    late = review(make_plan(review_due=AS_OF + 300 * DAY), R.REPORT_RECEIVED, meeting_on=AS_OF - 29 * DAY)
    decided = review(
        make_plan(review_due=AS_OF + 300 * DAY),
        R.DECIDED,
        meeting_on=AS_OF - 60 * DAY,
        decision="amend",
        decision_on=AS_OF - 50 * DAY,
    )
    assert pks(wl.decisions_overdue(officer, as_of=AS_OF)) == {late.pk}
    assert on_due_date.pk not in pks(wl.decisions_overdue(officer, as_of=AS_OF + 0 * DAY))
    assert on_due_date.pk in pks(wl.decisions_overdue(officer, as_of=AS_OF + DAY))
    assert decided.pk not in pks(wl.decisions_overdue(officer, as_of=AS_OF + 100 * DAY))
    [row] = wl.worklist_rows(wl.decisions_overdue(officer, as_of=AS_OF), as_of=AS_OF)
    assert row.due_on == AS_OF - DAY and row.days_left == -1 and row.tag == "overdue"


def test_amendments_overdue_from_the_day_after_8_weeks(officer):
    def amending(notice_on, **extra):
        plan = make_plan(review_due=AS_OF + 300 * DAY)
        return review(
            plan,
            extra.pop("status", R.AMENDMENT_NOTICE),
            meeting_on=notice_on - 20 * DAY,
            decision="amend",
            decision_on=notice_on - DAY,
            amendment_notice_on=notice_on,
            **extra,
        )

    on_time = amending(AS_OF - 56 * DAY)
    late = amending(AS_OF - 57 * DAY)
    amending(AS_OF - 90 * DAY, status=R.COMPLETED, amended_plan_issued_on=AS_OF - 10 * DAY)
    assert pks(wl.amendments_overdue(officer, as_of=AS_OF)) == {late.pk}
    assert on_time.pk in pks(wl.amendments_overdue(officer, as_of=AS_OF + DAY))
    [row] = wl.worklist_rows(wl.amendments_overdue(officer, as_of=AS_OF), as_of=AS_OF)
    assert row.due_on == AS_OF - DAY and row.amendment_notice_on == AS_OF - 57 * DAY


def test_reviews_of_ceased_plans_are_not_listed(officer):
    plan = make_plan(review_due=AS_OF, status=PlanStatus.CEASED)
    review(plan, R.HELD, meeting_on=AS_OF - 60 * DAY)
    assert not wl.decisions_overdue(officer, as_of=AS_OF).exists()


def test_outsiders_and_anonymous_get_nothing(outsider, service_account):
    make_plan(review_due=AS_OF)
    for user in (outsider, service_account, None):
        assert wl.worklist_counts(user, as_of=AS_OF) == {name: 0 for name in wl.LISTS}
        assert not wl.phase_transfers(user, year=2026).exists()


@pytest.fixture
def world(officer, other_officer, team):
    """Four plans due soon, spread over officers, teams, localities and schools."""
    east = TeamFactory(name="East team")
    east_officer = UserFactory(username="east")
    north_loc, south_loc = LocalityFactory(name="North"), LocalityFactory(name="South")
    oak, elm = EstablishmentFactory(name="Oak School"), EstablishmentFactory(name="Elm School")
    a = make_plan(review_due=AS_OF + DAY, locality=north_loc, named_establishment=oak)
    b = make_plan(review_due=AS_OF + 2 * DAY, locality=south_loc)
    place(b, elm)
    c = make_plan(review_due=AS_OF + 3 * DAY, locality=north_loc)
    place(c, oak, leaving_on=AS_OF - 30 * DAY)  # left Oak: no longer there
    place(c, elm, entry_on=AS_OF - 29 * DAY)
    d = make_plan(review_due=AS_OF + 4 * DAY, locality=south_loc)
    allocate(a, officer, team)
    allocate(b, other_officer, team)
    allocate(c, east_officer, east)
    return {
        "a": a,
        "b": b,
        "c": c,
        "d": d,
        "east": east,
        "east_officer": east_officer,
        "north": north_loc,
        "oak": oak,
        "elm": elm,
    }


def test_filters(world, officer, other_officer, team):
    w = world

    def due(**filters):
        return pks(wl.reviews_due(officer, as_of=AS_OF, filters=wl.WorklistFilters(**filters)))

    assert due() == {w["a"].pk, w["b"].pk, w["c"].pk, w["d"].pk}
    assert due(officer_id=officer.pk) == {w["a"].pk}
    assert due(officer_id=other_officer.pk) == {w["b"].pk}
    assert due(team_id=team.pk) == {w["a"].pk, w["b"].pk}
    assert due(team_id=w["east"].pk) == {w["c"].pk}
    assert due(locality_id=w["north"].pk) == {w["a"].pk, w["c"].pk}
    assert due(school_id=w["oak"].pk) == {w["a"].pk}  # named in the plan (c has left Oak)
    assert due(school_id=w["elm"].pk) == {w["b"].pk, w["c"].pk}  # placed there now
    assert due(team_id=team.pk, school_id=w["elm"].pk) == {w["b"].pk}


def test_row_contents(world, officer):
    rows = wl.worklist_rows(wl.reviews_due(officer, as_of=AS_OF), as_of=AS_OF)
    by_plan = {r.plan_pk: r for r in rows}
    a, c, d = by_plan[world["a"].pk], by_plan[world["c"].pk], by_plan[world["d"].pk]
    assert (a.officer, a.team, a.locality, a.school) == (
        officer.display_name,
        "North team",
        "North",
        "Oak School",
    )
    assert (c.team, c.school, c.officer) == ("East team", "Elm School", world["east_officer"].display_name)
    assert (d.officer, d.team, d.school) == ("", "", "")
    assert [r.plan_pk for r in rows] == [world[k].pk for k in "abcd"]  # earliest due first


def test_phase_transfer_tracker(officer, team):
    oak, elm = EstablishmentFactory(name="Oak School"), EstablishmentFactory(name="Elm School")
    high = EstablishmentFactory(name="High School")
    deadline = dt.date(2026, 2, 14)
    as_of = deadline - 10 * DAY
    p1, p2, p3, p4 = (make_plan(review_due=AS_OF + 100 * DAY) for _ in range(4))
    for plan, school in ((p1, oak), (p2, oak), (p3, elm)):
        place(plan, school)
    held = review(p1, R.HELD, meeting_on=as_of - 20 * DAY)
    named_on_time = transfer(
        p1, year=2026, deadline=deadline, review=held, named_establishment=high, named_on=deadline
    )
    at_risk = transfer(p2, year=2026, deadline=deadline)
    named_late = transfer(
        p3, year=2026, deadline=deadline - 60 * DAY, named_establishment=high, named_on=deadline - 59 * DAY
    )
    far = transfer(p4, year=2026, deadline=deadline + 60 * DAY, transfer="post16")
    transfer(p4, year=2027, deadline=dt.date(2027, 2, 14))  # another year
    allocate(p2, officer, team)

    rows = wl.phase_rows(wl.phase_transfers(officer, year=2026), as_of=as_of)
    status = {r.phase_pk: r.status for r in rows}
    assert status == {
        named_on_time.pk: "on_time",
        at_risk.pk: "at_risk",
        named_late.pk: "late",
        far.pk: "due",
    }
    later = wl.phase_rows(wl.phase_transfers(officer, year=2026), as_of=deadline + DAY)
    assert [r.phase_pk for r in later][:3] == [named_late.pk, at_risk.pk, named_on_time.pk]  # unnamed first
    assert {r.phase_pk: r.status for r in later}[at_risk.pk] == "overdue"
    counts = wl.phase_status_counts(officer, year=2026, as_of=as_of)
    assert counts == {"total": 4, "on_time": 1, "late": 1, "overdue": 0, "at_risk": 1, "due": 1}
    progress = {
        (s.school, s.total, s.reviewed, s.named) for s in wl.phase_progress_by_school(officer, year=2026)
    }
    assert progress == {("Oak School", 2, 1, 1), ("Elm School", 1, 0, 1), ("No current school", 1, 0, 0)}
    mine = wl.phase_transfers(officer, year=2026, filters=wl.WorklistFilters(officer_id=officer.pk))
    assert pks(mine) == {at_risk.pk}
    row = next(r for r in rows if r.phase_pk == named_on_time.pk)
    assert (row.current_school, row.named_school, row.reviewed) == ("Oak School", "High School", True)


def test_phase_status_boundaries():
    deadline = dt.date(2026, 2, 14)
    assert wl.phase_status(deadline, None, deadline) == "at_risk"
    assert wl.phase_status(deadline, None, deadline - 28 * DAY) == "at_risk"
    assert wl.phase_status(deadline, None, deadline - 29 * DAY) == "due"
    assert wl.phase_status(deadline, None, deadline + DAY) == "overdue"
    assert wl.phase_status(deadline, deadline + DAY, deadline + 5 * DAY) == "late"


def test_query_count_does_not_grow_with_rows(officer, team, django_assert_max_num_queries):
    schools = [EstablishmentFactory() for _ in range(3)]

    def add(n):
        for i in range(n):
            plan = make_plan(review_due=AS_OF + (i % 50) * DAY, named_establishment=schools[i % 3])
            place(plan, schools[(i + 1) % 3])
            allocate(plan, UserFactory(), team)
            review(plan, R.HELD, meeting_on=AS_OF - 40 * DAY)
            transfer(plan, year=2026, deadline=dt.date(2026, 2, 14))

    def run():
        for name in wl.LISTS:
            wl.worklist_rows(wl.worklist_queryset(name, officer, as_of=AS_OF), as_of=AS_OF)
        wl.worklist_counts(officer, as_of=AS_OF)
        wl.phase_rows(wl.phase_transfers(officer, year=2026), as_of=AS_OF)
        wl.phase_progress_by_school(officer, year=2026)
        wl.phase_status_counts(officer, year=2026, as_of=AS_OF)

    add(3)
    with django_assert_max_num_queries(4 * 3 + 4 + 3 + 1 + 1) as small:
        run()
    add(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        run()
