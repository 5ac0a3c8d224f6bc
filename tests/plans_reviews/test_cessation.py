"""Ceasing a plan (CFA s.45; Regs 29-31): consult, notify with appeal rights, keep the plan in force
while an appeal is possible or under way."""

import pytest
from django.utils import timezone

from sendcase import statutory
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError
from sendcase.plans.models import CeaseReason, CessationStatus, PlanStatus, ReviewStatus
from sendcase.plans.services import cessation as cs
from sendcase.plans.services import reviews as rs

from .helpers import DAY, counts, issued_plan, today

pytestmark = pytest.mark.django_db
C = CessationStatus


@pytest.fixture
def old_plan(officer):
    """Issued about 400 days ago, so a 2-month appeal period fits in the past."""
    return issued_plan(officer, days_ago=520)


def _noticed(officer, plan, *, start_days_ago=200):
    start = today() - start_days_ago * DAY
    cessation = cs.cessation_propose(
        acting_user=officer, plan=plan, reason=CeaseReason.NEEDS_MET, consultation_started_on=start, notes="n"
    )
    return cs.cessation_decide(
        acting_user=officer, cessation=cessation, decided_on=start + 20 * DAY, notice_sent_on=start + 21 * DAY
    )


def test_propose_decide_and_complete_after_the_appeal_period(officer, old_plan):
    cessation = _noticed(officer, old_plan)
    assert cessation.status == C.NOTICE_SENT
    assert cessation.appeal_by == statutory.appeal_deadline(cessation.notice_sent_on)
    old_plan.refresh_from_db()
    assert old_plan.status == PlanStatus.ACTIVE
    review = rs.review_open(acting_user=officer, plan=old_plan)
    done = cs.cessation_complete(
        acting_user=officer, cessation=cessation, ceased_on=cessation.appeal_by + DAY
    )
    assert done.status == C.CEASED
    old_plan.refresh_from_db()
    assert old_plan.status == PlanStatus.CEASED
    assert old_plan.ceased_on == cessation.appeal_by + DAY and old_plan.cease_reason == CeaseReason.NEEDS_MET
    review.refresh_from_db()
    assert review.status == ReviewStatus.CANCELLED


def test_completion_before_appeal_by_is_refused(officer, old_plan):
    cessation = _noticed(officer, old_plan)
    before = counts()
    with pytest.raises(ServiceError, match="time to appeal has passed") as error:
        cs.cessation_complete(acting_user=officer, cessation=cessation, ceased_on=cessation.appeal_by)
    assert error.value.field == "ceased_on"
    assert counts() == before
    old_plan.refresh_from_db()
    assert old_plan.status == PlanStatus.ACTIVE


def test_completion_is_refused_while_the_appeal_period_still_runs_today(officer, plan):
    cessation = _noticed(officer, plan, start_days_ago=30)
    assert cessation.appeal_by > timezone.localdate()
    with pytest.raises(ServiceError):
        cs.cessation_complete(acting_user=officer, cessation=cessation, ceased_on=today())


def test_during_an_appeal_the_plan_stays_in_force_and_cannot_cease(officer, old_plan):
    cessation = _noticed(officer, old_plan)
    cessation = cs.cessation_appeal_lodged(
        acting_user=officer, cessation=cessation, lodged_on=cessation.notice_sent_on + 10 * DAY
    )
    assert cessation.status == C.APPEALED
    with pytest.raises(InvalidTransition, match="Under appeal"):
        cs.cessation_complete(acting_user=officer, cessation=cessation, ceased_on=today())
    old_plan.refresh_from_db()
    assert old_plan.status == PlanStatus.ACTIVE
    # Upheld: the authority may now cease, even before appeal_by would otherwise matter.
    concluded = cessation.appeal_lodged_on + 30 * DAY
    cessation = cs.cessation_appeal_concluded(
        acting_user=officer, cessation=cessation, concluded_on=concluded, outcome="upheld"
    )
    assert cessation.status == C.NOTICE_SENT
    with pytest.raises(ServiceError, match="on or after the appeal"):
        cs.cessation_complete(acting_user=officer, cessation=cessation, ceased_on=concluded - DAY)
    with pytest.raises(InvalidTransition, match="already been decided"):
        cs.cessation_appeal_lodged(acting_user=officer, cessation=cessation, lodged_on=concluded)
    cs.cessation_complete(acting_user=officer, cessation=cessation, ceased_on=concluded)
    old_plan.refresh_from_db()
    assert old_plan.status == PlanStatus.CEASED


def test_an_overturned_decision_ends_the_proposal_and_the_plan_continues(officer, old_plan):
    cessation = _noticed(officer, old_plan)
    cessation = cs.cessation_appeal_lodged(
        acting_user=officer, cessation=cessation, lodged_on=cessation.notice_sent_on
    )
    cessation = cs.cessation_appeal_concluded(
        acting_user=officer,
        cessation=cessation,
        concluded_on=cessation.appeal_lodged_on + DAY,
        outcome="overturned",
    )
    assert cessation.status == C.WITHDRAWN
    old_plan.refresh_from_db()
    assert old_plan.status == PlanStatus.ACTIVE
    # A new proposal may be made later.
    cs.cessation_propose(acting_user=officer, plan=old_plan, reason=9, consultation_started_on=today())


def test_decision_must_follow_consultation_and_needs_a_notice(officer, plan):
    start = today() - 10 * DAY
    cessation = cs.cessation_propose(acting_user=officer, plan=plan, reason=6, consultation_started_on=start)
    with pytest.raises(ServiceError, match="consulted"):
        cs.cessation_decide(acting_user=officer, cessation=cessation, decided_on=start, notice_sent_on=start)
    with pytest.raises(ServiceError, match="sent to the family"):
        cs.cessation_decide(
            acting_user=officer, cessation=cessation, decided_on=start + DAY, notice_sent_on=None
        )
    with pytest.raises(ServiceError, match="on or after the decision"):
        cs.cessation_decide(
            acting_user=officer, cessation=cessation, decided_on=start + 2 * DAY, notice_sent_on=start + DAY
        )


def test_a_second_open_proposal_and_bad_reasons_are_refused(officer, plan):
    cs.cessation_propose(acting_user=officer, plan=plan, reason=1, consultation_started_on=today())
    with pytest.raises(InvalidTransition, match="already a proposal"):
        cs.cessation_propose(acting_user=officer, plan=plan, reason=1, consultation_started_on=today())
    with pytest.raises(ServiceError, match="Select why"):
        cs.cessation_propose(acting_user=officer, plan=plan, reason=10, consultation_started_on=today())


def test_death_skips_consultation_and_the_appeal_period(officer, plan):
    cessation = cs.cessation_propose(
        acting_user=officer, plan=plan, reason=CeaseReason.DIED, consultation_started_on=today()
    )
    cessation = cs.cessation_decide(
        acting_user=officer, cessation=cessation, decided_on=today(), notice_sent_on=None
    )
    assert cessation.appeal_by is None
    cs.cessation_complete(acting_user=officer, cessation=cessation, ceased_on=today())
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CEASED and plan.cease_reason == 8


def test_withdraw_keeps_the_plan(officer, plan):
    cessation = cs.cessation_propose(
        acting_user=officer, plan=plan, reason=2, consultation_started_on=today()
    )
    with pytest.raises(ServiceError, match="why"):
        cs.cessation_withdraw(acting_user=officer, cessation=cessation, withdrawn_on=today(), reason="")
    cessation = cs.cessation_withdraw(
        acting_user=officer,
        cessation=cessation,
        withdrawn_on=today(),
        reason="Family disagreed; needs remain",
    )
    assert cessation.status == C.WITHDRAWN
    with pytest.raises(InvalidTransition):
        cs.cessation_decide(
            acting_user=officer, cessation=cessation, decided_on=today(), notice_sent_on=today()
        )


def test_read_only_may_not_propose(read_only_user, plan):
    with pytest.raises(NotPermitted):
        cs.cessation_propose(acting_user=read_only_user, plan=plan, reason=2, consultation_started_on=today())
