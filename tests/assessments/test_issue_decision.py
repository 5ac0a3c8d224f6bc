"""issue_decision_record: after the assessment, decide whether to issue a plan; a decision not to
issue is due within 16 weeks of the request (Regs 10(1))."""

import pytest

from sendcase.assessments import services
from sendcase.assessments.deadlines import request_deadlines
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError
from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people.events import EventKind

from .helpers import DAY, S, Timeline, drive_to, last_event, reload, snapshot, today

pytestmark = pytest.mark.django_db

WEEKS_16 = 16 * 7 * DAY
WEEKS_20 = 20 * 7 * DAY


@pytest.fixture
def assessing(officer, child):
    """Received 100 days ago, decided to assess 80 days ago, no advice outstanding."""
    return drive_to(S.ASSESSING, user=officer, child=child, timeline=Timeline.ago(100), with_advice=False)


def decide(user, request, **kwargs):
    args = {"issue": True, "decided_on": request.assessment_decided_on + 10 * DAY} | kwargs
    return services.issue_decision_record(acting_user=user, request=request, **args)


def deadlines_of(request, as_of):
    request = reload(request)
    return {d.key: d for d in request_deadlines(request, list(request.advice_requests.all()), [], [], as_of)}


def test_deciding_to_issue_moves_to_writing_the_draft(officer, assessing):
    decided = today() - 3 * DAY
    decide(officer, assessing, decided_on=decided)
    saved = reload(assessing)
    assert saved.status == S.ISSUE_DECIDED
    assert saved.issue_decided_on == decided
    assert saved.closed_on is None
    assert saved.version == assessing.version + 1
    event = last_event(assessing)
    assert event.kind == EventKind.ISSUE_AGREED
    assert (event.old_state, event.new_state) == (S.ASSESSING, S.ISSUE_DECIDED)
    assert event.occurred_on == decided
    assert event.actor == officer
    entry = AuditEntry.objects.filter(object_id=str(assessing.pk)).order_by("id").last()
    assert (entry.action, entry.user) == (AuditAction.UPDATE, officer)


def test_after_deciding_to_issue_the_next_step_is_the_draft(officer, assessing):
    decide(officer, assessing)
    saved = reload(assessing)
    # Latest draft date that still leaves the family's 15 days before week 20.
    assert saved.next_step == "Send the draft plan to the family"
    assert saved.next_due == saved.received_on + WEEKS_20 - 15 * DAY
    assert saved.overdue_steps == 0
    keys = set(deadlines_of(saved, today()))
    assert "not_issue" not in keys
    assert {"decision", "draft", "final_plan"} <= keys


def test_deciding_not_to_issue_closes_the_request(officer, assessing):
    decided = today() - 2 * DAY
    decide(officer, assessing, issue=False, decided_on=decided, reason="  Needs met at SEN support  ")
    saved = reload(assessing)
    assert saved.status == S.NOT_ISSUING
    assert saved.issue_decided_on == decided
    assert saved.closed_on == decided
    assert saved.decision_reason == "Needs met at SEN support"
    assert (saved.next_step, saved.next_due, saved.overdue_steps) == ("", None, 0)
    event = last_event(assessing)
    assert event.kind == EventKind.ISSUE_REFUSED
    assert (event.old_state, event.new_state) == (S.ASSESSING, S.NOT_ISSUING)
    assert event.reason == "Needs met at SEN support"


def test_a_decision_not_to_issue_within_16_weeks_is_on_time(officer, assessing):
    decide(officer, assessing, issue=False, decided_on=today(), reason="No plan needed")
    deadlines = deadlines_of(assessing, today())
    assert deadlines["not_issue"].due == assessing.received_on + WEEKS_16
    assert deadlines["not_issue"].status == "on_time"
    assert "final_plan" not in deadlines


def test_a_decision_not_to_issue_after_16_weeks_is_late(officer, child):
    request = drive_to(S.ASSESSING, user=officer, child=child, timeline=Timeline.ago(130), with_advice=False)
    assert request.overdue_steps == 1  # the 16-week limit passed 18 days ago
    decide(officer, request, issue=False, decided_on=request.received_on + WEEKS_16 + DAY, reason="No plan")
    assert deadlines_of(request, today())["not_issue"].status == "late"
    assert reload(request).overdue_steps == 0


@pytest.mark.parametrize("reason", ["", "  "])
def test_a_decision_not_to_issue_needs_reasons(officer, assessing, reason):
    before = snapshot(assessing)
    with pytest.raises(ServiceError) as exc:
        decide(officer, assessing, issue=False, reason=reason)
    assert exc.value.field == "reason"
    assert snapshot(assessing) == before


def test_deciding_on_the_day_of_the_decision_to_assess_is_accepted(officer, assessing):
    decide(officer, assessing, decided_on=assessing.assessment_decided_on)
    assert reload(assessing).issue_decided_on == assessing.assessment_decided_on


@pytest.mark.parametrize(
    "decided_on",
    [lambda r: r.assessment_decided_on - DAY, lambda r: today() + DAY, lambda r: None],
    ids=["before-decision-to-assess", "future", "missing"],
)
def test_refuses_a_bad_decision_date(officer, assessing, decided_on):
    before = snapshot(assessing)
    with pytest.raises(ServiceError) as exc:
        decide(officer, assessing, decided_on=decided_on(assessing))
    assert exc.value.field == "decided_on"
    assert snapshot(assessing) == before


def test_cannot_decide_twice(officer, assessing):
    decide(officer, assessing)
    with pytest.raises(InvalidTransition):
        decide(officer, assessing, issue=False, reason="Changed our mind")
    assert reload(assessing).status == S.ISSUE_DECIDED


@pytest.mark.parametrize("user_fixture", ["read_only_user", "outsider"])
def test_refuses_users_who_cannot_edit_cases(request, assessing, user_fixture):
    before = snapshot(assessing)
    with pytest.raises(NotPermitted):
        decide(request.getfixturevalue(user_fixture), assessing)
    assert snapshot(assessing) == before
