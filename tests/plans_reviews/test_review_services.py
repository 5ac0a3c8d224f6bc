"""Annual review transitions and refusals (CFA s.44; Regs 20-22)."""

import datetime as dt

import pytest

from sendcase import statutory
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError, StaleEdit
from sendcase.people.models import CaseEvent
from sendcase.plans.models import (
    AnnualReview,
    CessationStatus,
    PlanVersion,
    ReviewDecision,
    ReviewStatus,
    VersionKind,
    VersionStatus,
)
from sendcase.plans.services import reviews as rs
from tests.factories import ChildFactory

from .helpers import DAY, Cycle, counts, review_at, today

pytestmark = pytest.mark.django_db


def test_open_sets_due_date_from_issue_and_refuses_a_second(officer, plan):
    review = rs.review_open(acting_user=officer, plan=plan)
    assert review.status == ReviewStatus.DUE
    assert review.due_on == statutory.review_due(plan.issued_on)
    plan.refresh_from_db()
    assert plan.review_due == review.due_on
    event = CaseEvent.objects.filter(kind="review_opened").get()
    assert event.visible_to_family
    with pytest.raises(InvalidTransition, match="already has an open review"):
        rs.review_open(acting_user=officer, plan=plan)


def test_read_only_users_may_not_open_reviews(read_only_user, plan):
    with pytest.raises(NotPermitted):
        rs.review_open(acting_user=read_only_user, plan=plan)


def test_schedule_with_two_weeks_notice_and_a_future_meeting(officer, plan):
    review = rs.review_open(acting_user=officer, plan=plan)
    meeting = today() + 30 * DAY
    review = rs.review_schedule(
        acting_user=officer, review=review, meeting_on=meeting, invitees="Parent", notice_sent_on=today()
    )
    assert review.status == ReviewStatus.SCHEDULED and review.meeting_on == meeting


def test_notice_less_than_two_weeks_before_the_meeting_is_refused(officer, plan):
    review = rs.review_open(acting_user=officer, plan=plan)
    before = counts()
    with pytest.raises(ServiceError, match=r"at least 2 weeks before it \(Regs 20\(3\)-\(4\)\)") as error:
        rs.review_schedule(
            acting_user=officer,
            review=review,
            meeting_on=today() + 13 * DAY,
            invitees="Parent",
            notice_sent_on=today(),
        )
    assert error.value.field == "meeting_on" and error.value.code == "notice_too_late"
    assert counts() == before
    assert AnnualReview.objects.get(pk=review.pk).status == ReviewStatus.DUE
    # Exactly 14 days is enough.
    rs.review_schedule(
        acting_user=officer,
        review=review,
        meeting_on=today() + 14 * DAY,
        invitees="Parent",
        notice_sent_on=today(),
    )


def test_notice_in_the_future_and_missing_invitees_are_refused(officer, plan):
    review = rs.review_open(acting_user=officer, plan=plan)
    with pytest.raises(ServiceError, match="today or in the past"):
        rs.review_schedule(
            acting_user=officer,
            review=review,
            meeting_on=today() + 40 * DAY,
            invitees="Parent",
            notice_sent_on=today() + DAY,
        )
    with pytest.raises(ServiceError, match="who has been invited"):
        rs.review_schedule(
            acting_user=officer,
            review=review,
            meeting_on=today() + 40 * DAY,
            invitees=" ",
            notice_sent_on=today(),
        )


def test_holding_the_meeting_earlier_than_notice_allows_is_refused(officer, plan):
    review = review_at(officer, plan, "scheduled")
    with pytest.raises(ServiceError, match="2 weeks") as error:
        rs.review_meeting_held(acting_user=officer, review=review, held_on=review.notice_sent_on + 5 * DAY)
    assert error.value.field == "held_on"


def test_full_maintain_cycle_sets_last_review_and_next_due(officer, plan):
    c = Cycle.after(plan.issued_on)
    review = review_at(officer, plan, "report_received")
    review = rs.review_decide(
        acting_user=officer, review=review, decision=ReviewDecision.MAINTAIN, decided_on=c.decided
    )
    assert review.status == ReviewStatus.COMPLETED
    plan.refresh_from_db()
    assert plan.last_review_on == c.meeting
    assert plan.review_due == statutory.review_due(c.meeting)
    # The next review counts from this one.
    nxt = rs.review_open(acting_user=officer, plan=plan)
    assert nxt.due_on == statutory.review_due(c.meeting)


def test_decision_before_the_meeting_is_refused(officer, plan):
    review = review_at(officer, plan, "held")
    with pytest.raises(ServiceError, match="on or after the meeting"):
        rs.review_decide(
            acting_user=officer,
            review=review,
            decision=ReviewDecision.MAINTAIN,
            decided_on=review.meeting_on - DAY,
        )


def test_decision_needs_reasons_to_amend_or_cease_and_a_cease_reason(officer, plan):
    review = review_at(officer, plan, "report_received")
    c = Cycle.after(plan.issued_on)
    with pytest.raises(ServiceError, match="reasons"):
        rs.review_decide(
            acting_user=officer, review=review, decision="amend", decided_on=c.decided, reason=""
        )
    with pytest.raises(ServiceError, match="why the plan would cease"):
        rs.review_decide(
            acting_user=officer, review=review, decision="cease", decided_on=c.decided, reason="x"
        )
    with pytest.raises(ServiceError, match="Select the decision"):
        rs.review_decide(acting_user=officer, review=review, decision="shrug", decided_on=c.decided)


def test_report_before_the_meeting_and_steps_out_of_order_are_refused(officer, plan):
    review = review_at(officer, plan, "held")
    with pytest.raises(ServiceError, match="on or after the meeting"):
        rs.review_report_received(acting_user=officer, review=review, received_on=review.meeting_on - DAY)
    with pytest.raises(InvalidTransition, match="Meeting held"):
        rs.amendment_notice_send(acting_user=officer, review=review, sent_on=today())
    with pytest.raises(InvalidTransition):
        rs.review_schedule(
            acting_user=officer, review=review, meeting_on=today(), invitees="x", notice_sent_on=today()
        )


def test_a_stale_review_edit_is_refused(officer, plan):
    review = review_at(officer, plan, "scheduled")
    with pytest.raises(StaleEdit):
        rs.review_meeting_held(
            acting_user=officer,
            review=review,
            held_on=review.meeting_on,
            expected_version=review.lock_version - 1,
        )


def test_amend_cycle_creates_and_issues_the_draft_amendment(officer, plan):
    review = review_at(officer, plan, "decided", decision="amend")
    assert review.status == ReviewStatus.DECIDED
    review = rs.amendment_notice_send(
        acting_user=officer, review=review, sent_on=Cycle.after(plan.issued_on).amendment_notice
    )
    assert review.status == ReviewStatus.AMENDMENT_NOTICE
    version = PlanVersion.objects.get(pk=review.amendment_version_id)
    assert version.kind == VersionKind.AMENDMENT and version.status == VersionStatus.DRAFT
    # Not before the family's 15 days end (the notice day is day 1).
    ends = statutory.amendment_comments_end(review.amendment_notice_on)
    with pytest.raises(ServiceError, match="15 days to comment") as error:
        rs.amended_plan_issue(acting_user=officer, review=review, issued_on=ends)
    assert error.value.field == "issued_on"
    review = rs.amended_plan_issue(acting_user=officer, review=review, issued_on=ends + DAY)
    assert review.status == ReviewStatus.COMPLETED
    version.refresh_from_db()
    assert version.status == VersionStatus.ISSUED and version.issued_on == ends + DAY
    event = CaseEvent.objects.filter(kind="amended_plan_issued").get()
    assert event.data["late"] is False and event.visible_to_family


def test_a_late_amended_plan_is_allowed_and_recorded(officer):
    from .helpers import issued_plan

    plan = issued_plan(officer, days_ago=400)
    review = review_at(officer, plan, "amendment_notice")
    due = statutory.amended_plan_due(review.amendment_notice_on)
    review = rs.amended_plan_issue(acting_user=officer, review=review, issued_on=due + DAY)
    assert review.status == ReviewStatus.COMPLETED
    event = CaseEvent.objects.filter(kind="amended_plan_issued").get()
    assert event.data["late"] is True and "after its due date" in event.summary


def test_cease_decision_opens_a_cessation_and_keeps_the_plan(officer, plan):
    review = review_at(officer, plan, "report_received")
    review = rs.review_decide(
        acting_user=officer,
        review=review,
        decision="cease",
        decided_on=Cycle.after(plan.issued_on).decided,
        reason="Needs met",
        cease_reason=2,
    )
    assert review.status == ReviewStatus.COMPLETED
    cessation = plan.cessations.get()
    assert cessation.status == CessationStatus.CONSULTING and cessation.reason == 2
    plan.refresh_from_db()
    assert plan.status == "active"


def test_review_deadlines_follow_the_stage(officer, plan):
    review = rs.review_open(acting_user=officer, plan=plan)
    rows = rs.review_deadlines(review, today())
    assert [r.key for r in rows] == ["meeting"] and rows[0].status == "due"
    c = Cycle.after(plan.issued_on)
    review = rs.review_schedule(
        acting_user=officer, review=review, meeting_on=c.meeting, invitees="P", notice_sent_on=c.notice
    )
    keys = {r.key: r for r in rs.review_deadlines(review, today())}
    assert set(keys) == {"meeting", "notice", "advice"}
    assert keys["notice"].status == "on_time"
    assert keys["advice"].status == "overdue"
    review = rs.review_meeting_held(acting_user=officer, review=review, held_on=c.meeting)
    keys = {r.key: r for r in rs.review_deadlines(review, today())}
    assert keys["meeting"].status == "on_time"
    assert keys["report"].due == statutory.review_report_due(c.meeting)
    assert keys["decision"].due == statutory.review_decision_due(c.meeting)
    assert keys["report"].status == "overdue"
    review = rs.review_report_received(acting_user=officer, review=review, received_on=c.report)
    review = rs.review_decide(
        acting_user=officer, review=review, decision="amend", decided_on=c.decided, reason="r"
    )
    review = rs.amendment_notice_send(acting_user=officer, review=review, sent_on=c.amendment_notice)
    rows = rs.review_deadlines(review, today())
    keys = {r.key: r for r in rows}
    assert keys["decision"].done == c.amendment_notice and keys["decision"].status == "on_time"
    assert keys["comments"].status is None
    assert keys["amended_plan"].due == statutory.amended_plan_due(c.amendment_notice)
    assert [r.due for r in rows] == sorted(r.due for r in rows)


def test_cancel_needs_a_reason(officer, plan):
    review = rs.review_open(acting_user=officer, plan=plan)
    with pytest.raises(ServiceError):
        rs.review_cancel(acting_user=officer, review=review, reason="")
    assert rs.review_cancel(acting_user=officer, review=review, reason="Opened twice").status == "cancelled"


def test_under_fives_hint(officer):
    young = ChildFactory(date_of_birth=today() - dt.timedelta(days=3 * 365))
    older = ChildFactory(date_of_birth=today() - dt.timedelta(days=8 * 365))
    hint = rs.review_interval_hint(young, today(), last_review_on=today() - 30 * DAY)
    assert hint is not None and "3 to 6 months" in hint.message and "CoP 9.178" in hint.source
    assert hint.earliest == statutory.under_fives_review_window(today() - 30 * DAY).earliest
    assert rs.review_interval_hint(young, today()).earliest is None
    assert rs.review_interval_hint(older, today()) is None
