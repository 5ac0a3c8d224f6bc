"""A past month recomputed later gives the same answer: records and events dated after the period end do
not count, whether they existed when the month was first computed or were added since."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase.performance.compute import compute, month_end, snapshot_month
from sendcase.performance.indicators.registry import INDICATOR_LIST, INDICATORS
from sendcase.performance.models import IndicatorSnapshot
from sendcase.plans.models import NoPlaceReason
from tests.assessments.helpers import Timeline, drive_to
from tests.factories import UserFactory

from . import factories as f

D = f.D
JUNE = D(2025, 6, 30)
pytestmark = pytest.mark.django_db


def _figures(period_end: dt.date) -> dict:
    return {
        (s.indicator, s.breakdown, s.breakdown_value): (s.numerator, s.denominator, s.value)
        for s in IndicatorSnapshot.objects.filter(period_end=period_end)
    }


def _history_to_june() -> dict:
    officer = UserFactory()
    plan = f.plan(issued=D(2024, 6, 1))
    f.allocation(plan.child, officer=officer, started=D(2024, 6, 1))
    f.placement(plan.child, entry=D(2024, 9, 1))
    review = f.review(plan, due=D(2025, 6, 1), held=D(2025, 5, 20))
    open_request = f.request(received=D(2025, 5, 1))
    assessing = f.request(received=D(2025, 1, 6), decided=D(2025, 2, 10))
    f.advice(assessing, requested=D(2025, 2, 11), received=D(2025, 3, 1))
    f.request(received=D(2025, 1, 6), decided=D(2025, 2, 1), final=D(2025, 5, 26))
    return {"plan": plan, "review": review, "open": open_request, "assessing": assessing, "officer": officer}


def _events_after_june(made: dict) -> None:
    """What happens in July and August: every kind of record and event an indicator reads."""
    plan, child = made["plan"], made["plan"].child
    f.request(received=D(2025, 7, 1), decided=D(2025, 7, 20), refused=True)
    made["open"].assessment_decided_on = D(2025, 7, 3)
    made["open"].closed_on = D(2025, 7, 3)
    made["open"].status = "not_assessing"
    made["open"].save()
    made["assessing"].final_issued_on = D(2025, 8, 1)
    made["assessing"].closed_on = D(2025, 8, 1)
    made["assessing"].status = "final_issued"
    made["assessing"].save()
    f.exception(made["assessing"], starts=D(2025, 7, 10))
    f.advice(made["assessing"], requested=D(2025, 6, 1), received=D(2025, 7, 30))
    made["review"].decision_on = D(2025, 7, 15)
    made["review"].save()
    f.event(child, made["review"], "review_cancelled", D(2025, 7, 2))
    f.review(plan, due=D(2025, 7, 30), held=D(2025, 7, 1))
    f.phase_transfer(plan, deadline=D(2025, 7, 31), named=D(2025, 7, 1))
    allocation = plan.child.allocations.get()
    allocation.ended_at = f.at_noon(D(2025, 7, 5))
    allocation.save()
    f.allocation(f.plan(issued=D(2025, 7, 1)).child, officer=made["officer"], started=D(2025, 7, 2))
    current = plan.child.placements.get()
    current.leaving_on = D(2025, 7, 1)
    current.save()
    f.placement(child, entry=D(2025, 7, 1), no_place_reason=NoPlaceReason.AWAITING_PLACE)
    plan.ceased_on = D(2025, 8, 20)
    plan.status = "ceased"
    plan.save()


def test_recomputing_a_month_after_later_events_gives_the_same_figures() -> None:
    made = _history_to_june()
    snapshot_month(JUNE)
    before = _figures(JUNE)
    _events_after_june(made)
    snapshot_month(JUNE)
    assert _figures(JUNE) == before
    # ...while the later months do see the new history.
    snapshot_month(D(2025, 8, 31))
    august = _figures(D(2025, 8, 31))
    assert august != before
    assert {i.id for i in INDICATOR_LIST} == {k[0] for k in before}


def test_a_case_driven_through_the_services_is_counted_as_at_each_month() -> None:
    """A real request, recorded step by step through the services: received, decided in time, final
    plan in time. Each month end sees only the steps taken by then."""
    officer = UserFactory(role="case_officer")
    tl = Timeline.ago(200)
    request = drive_to("final_issued", user=officer, timeline=tl)
    open_then = compute(INDICATORS["open_requests"], tl.decided - dt.timedelta(days=1))
    assert [(r.child_id, r.attrs["stage"]) for r in open_then.rows] == [
        (request.child_id, "Request received")
    ]
    drafting = compute(INDICATORS["open_requests"], tl.served)
    assert [r.attrs["stage"] for r in drafting.rows] == ["Draft plan with the family"]
    after_final = month_end(tl.final)
    assert compute(INDICATORS["open_requests"], after_final).overall.value == 0
    timely = compute(INDICATORS["plans_20_weeks_incl_rolling"], after_final)
    assert (timely.overall.numerator, timely.overall.denominator) == (1, 1)
