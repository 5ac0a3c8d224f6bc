"""assessment_decision_record: the decision whether to assess, due within 6 weeks (Regs 5(1))."""

import pytest

from sendcase.assessments import services
from sendcase.assessments.deadlines import request_deadlines
from sendcase.assessments.models import RequestStatus
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError
from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people.events import EventKind

from .helpers import DAY, S, Timeline, drive_to, events, last_event, reload, snapshot, today

pytestmark = pytest.mark.django_db


def decide(user, request, **kwargs):
    args = {"assess": True, "decided_on": request.received_on + 20 * DAY} | kwargs
    return services.assessment_decision_record(acting_user=user, request=request, **args)


def deadlines_of(request, as_of):
    request = reload(request)
    return {
        d.key: d
        for d in request_deadlines(
            request,
            list(request.advice_requests.all()),
            list(request.consultations.all()),
            list(request.exceptions.all()),
            as_of,
        )
    }


@pytest.fixture
def received(officer, child):
    return drive_to(S.RECEIVED, user=officer, child=child, timeline=Timeline.ago(30))


def test_deciding_to_assess_moves_to_assessing(officer, received):
    decided = received.received_on + 20 * DAY
    result = decide(officer, received, decided_on=decided, reason="  Evidence of significant needs  ")
    saved = reload(received)
    assert result.pk == saved.pk
    assert saved.status == RequestStatus.ASSESSING
    assert saved.assessment_decided_on == decided
    assert saved.decision_reason == "Evidence of significant needs"
    assert saved.closed_on is None
    assert saved.version == 2
    assert saved.updated_by == officer


def test_deciding_to_assess_writes_an_event_and_an_audit_entry(officer, received):
    decided = received.received_on + 20 * DAY
    decide(officer, received, decided_on=decided)
    event = last_event(received)
    assert event.kind == EventKind.ASSESSMENT_AGREED
    assert (event.old_state, event.new_state) == (S.RECEIVED, S.ASSESSING)
    assert event.occurred_on == decided
    assert event.actor == officer
    assert event.data == {"request_id": received.pk}
    entry = AuditEntry.objects.filter(object_id=str(received.pk)).order_by("id").last()
    assert entry.action == AuditAction.UPDATE
    assert entry.user == officer


def test_after_deciding_to_assess_the_next_step_is_the_16_week_decision(officer, received):
    decide(officer, received)
    saved = reload(received)
    assert saved.next_step.startswith("Decide whether to issue a plan")
    assert saved.next_due == saved.received_on + 16 * 7 * DAY
    assert saved.overdue_steps == 0


def test_deciding_not_to_assess_closes_the_request(officer, received):
    decided = received.received_on + 30 * DAY
    decide(officer, received, assess=False, decided_on=decided, reason="  Needs met at SEN support  ")
    saved = reload(received)
    assert saved.status == RequestStatus.NOT_ASSESSING
    assert saved.closed_on == decided
    assert saved.decision_reason == "Needs met at SEN support"
    assert (saved.next_step, saved.next_due, saved.overdue_steps) == ("", None, 0)
    event = last_event(received)
    assert event.kind == EventKind.ASSESSMENT_REFUSED
    assert (event.old_state, event.new_state) == (S.RECEIVED, S.NOT_ASSESSING)
    assert event.reason == "Needs met at SEN support"
    assert event.occurred_on == decided


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_a_decision_not_to_assess_needs_reasons(officer, received, reason):
    before = snapshot(received)
    with pytest.raises(ServiceError) as exc:
        decide(officer, received, assess=False, reason=reason)
    assert exc.value.field == "reason"
    assert snapshot(received) == before


def test_a_decision_to_assess_needs_no_reasons(officer, received):
    decide(officer, received, assess=True, reason="")
    assert reload(received).status == S.ASSESSING


def test_deciding_on_the_day_of_receipt_is_accepted(officer, received):
    decide(officer, received, decided_on=received.received_on)
    assert reload(received).assessment_decided_on == received.received_on


def test_deciding_today_is_accepted(officer, received):
    decide(officer, received, decided_on=today())
    assert reload(received).assessment_decided_on == today()


@pytest.mark.parametrize(
    ("decided_on", "message"),
    [
        (lambda r: r.received_on - DAY, "on or after the date the request was received"),
        (lambda r: today() + DAY, "today or in the past"),
        (lambda r: None, "Enter the date"),
    ],
    ids=["before-receipt", "future", "missing"],
)
def test_refuses_a_bad_decision_date(officer, received, decided_on, message):
    before = snapshot(received)
    with pytest.raises(ServiceError) as exc:
        decide(officer, received, decided_on=decided_on(received))
    assert exc.value.field == "decided_on"
    assert message in exc.value.message
    assert snapshot(received) == before


def test_a_decision_on_the_last_day_of_six_weeks_is_on_time(officer):
    request = drive_to(S.RECEIVED, user=officer, timeline=Timeline.ago(60))
    decide(officer, request, decided_on=request.received_on + 42 * DAY)
    assert deadlines_of(request, today())["decision"].status == "on_time"


def test_a_decision_after_six_weeks_is_recorded_and_shown_late(officer):
    request = drive_to(S.RECEIVED, user=officer, timeline=Timeline.ago(60))
    assert request.overdue_steps == 1
    decide(officer, request, decided_on=request.received_on + 43 * DAY)
    saved = reload(request)
    assert saved.status == S.ASSESSING
    assert saved.overdue_steps == 0
    decision = deadlines_of(saved, today())["decision"]
    assert decision.status == "late"
    assert decision.is_open is False


def test_cannot_decide_twice(officer, received):
    decide(officer, received)
    with pytest.raises(InvalidTransition):
        decide(officer, received, assess=False, reason="Changed our mind")
    assert reload(received).status == S.ASSESSING
    assert [e.kind for e in events(received)].count(EventKind.ASSESSMENT_AGREED) == 1


@pytest.mark.parametrize("user_fixture", ["read_only_user", "outsider"])
def test_refuses_users_who_cannot_edit_cases(request, received, user_fixture):
    before = snapshot(received)
    with pytest.raises(NotPermitted):
        decide(request.getfixturevalue(user_fixture), received)
    assert snapshot(received) == before
