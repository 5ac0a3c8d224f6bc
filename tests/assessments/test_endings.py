"""Endings without a plan decision: the request is withdrawn, or the child moves out of the area."""

import pytest

from sendcase.assessments import services
from sendcase.assessments.models import RequestStatus
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError
from sendcase.people.events import EventKind

from .helpers import CLOSED_STATES, DAY, OPEN_STATES, drive_to, last_event, reload, snapshot, today

pytestmark = pytest.mark.django_db


def withdraw(user, request, **kwargs):
    args = {"withdrawn_on": today() - DAY, "reason": "Family no longer wish to proceed"} | kwargs
    return services.request_withdraw(acting_user=user, request=request, **args)


def move_out(user, request, **kwargs):
    args = {"moved_on": today() - DAY} | kwargs
    return services.request_move_out(acting_user=user, request=request, **args)


ENDINGS = [
    pytest.param(
        withdraw, RequestStatus.WITHDRAWN, EventKind.REQUEST_WITHDRAWN, "withdrawn_on", id="withdraw"
    ),
    pytest.param(move_out, RequestStatus.MOVED_OUT, EventKind.MOVED_OUT, "moved_on", id="move-out"),
]


@pytest.mark.parametrize(("end", "new_state", "kind", "date_field"), ENDINGS)
@pytest.mark.parametrize("open_state", OPEN_STATES)
def test_ends_from_every_open_state(officer, child, open_state, end, new_state, kind, date_field):
    request = drive_to(open_state, user=officer, child=child)
    ended_on = today() - 2 * DAY
    end(officer, request, **{date_field: ended_on, "reason": "  Family moved to Leeds  "})
    saved = reload(request)
    assert saved.status == new_state
    assert saved.closed_on == ended_on
    assert saved.version == request.version + 1
    assert not saved.is_open
    # Nothing is left on the worklist, even advice and consultations that were outstanding.
    assert (saved.next_step, saved.next_due, saved.overdue_steps) == ("", None, 0)
    event = last_event(request)
    assert event.kind == kind
    assert (event.old_state, event.new_state) == (open_state, new_state)
    assert event.occurred_on == ended_on
    assert event.reason == "Family moved to Leeds"
    assert event.actor == officer


@pytest.mark.parametrize(("end", "new_state", "kind", "date_field"), ENDINGS)
@pytest.mark.parametrize("closed_state", CLOSED_STATES)
def test_refused_from_every_closed_state(officer, child, closed_state, end, new_state, kind, date_field):
    request = drive_to(closed_state, user=officer, child=child)
    before = snapshot(request)
    with pytest.raises(InvalidTransition) as exc:
        end(officer, request, **{date_field: today()})
    assert exc.value.code == "invalid_transition"
    assert RequestStatus(closed_state).label in exc.value.message
    assert snapshot(request) == before


@pytest.mark.parametrize(("end", "new_state", "kind", "date_field"), ENDINGS)
def test_may_end_on_the_day_of_receipt(officer, child, end, new_state, kind, date_field):
    request = drive_to(RequestStatus.RECEIVED, user=officer, child=child)
    end(officer, request, **{date_field: request.received_on})
    assert reload(request).closed_on == request.received_on


@pytest.mark.parametrize(("end", "new_state", "kind", "date_field"), ENDINGS)
@pytest.mark.parametrize(
    "when",
    [lambda r: r.received_on - DAY, lambda r: today() + DAY, lambda r: None],
    ids=["before", "future", "none"],
)
def test_refuses_a_bad_date(officer, child, end, new_state, kind, date_field, when):
    request = drive_to(RequestStatus.ASSESSING, user=officer, child=child)
    before = snapshot(request)
    with pytest.raises(ServiceError) as exc:
        end(officer, request, **{date_field: when(request)})
    assert exc.value.field == date_field
    assert snapshot(request) == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_withdrawal_needs_a_reason(officer, child, reason):
    request = drive_to(RequestStatus.RECEIVED, user=officer, child=child)
    before = snapshot(request)
    with pytest.raises(ServiceError) as exc:
        withdraw(officer, request, reason=reason)
    assert exc.value.field == "reason"
    assert snapshot(request) == before


def test_a_move_out_needs_no_reason(officer, child):
    request = drive_to(RequestStatus.RECEIVED, user=officer, child=child)
    move_out(officer, request)
    saved = reload(request)
    assert saved.status == RequestStatus.MOVED_OUT
    assert last_event(request).reason == ""


@pytest.mark.parametrize("end", [withdraw, move_out], ids=["withdraw", "move-out"])
def test_a_new_request_may_be_recorded_after_an_ending(officer, child, end):
    request = drive_to(RequestStatus.ASSESSING, user=officer, child=child)
    end(officer, request)
    again = services.request_record(acting_user=officer, child=child, received_on=today(), source="parent")
    assert again.status == RequestStatus.RECEIVED


@pytest.mark.parametrize("user_fixture", ["read_only_user", "outsider"])
@pytest.mark.parametrize("end", [withdraw, move_out], ids=["withdraw", "move-out"])
def test_refuses_users_who_cannot_edit_cases(request, child, officer, user_fixture, end):
    case = drive_to(RequestStatus.ASSESSING, user=officer, child=child)
    before = snapshot(case)
    with pytest.raises(NotPermitted):
        end(request.getfixturevalue(user_fixture), case)
    assert snapshot(case) == before


# Every step refuses a date before the step it follows; an ending too, or the history contradicts itself.
@pytest.mark.parametrize(("end", "new_state", "kind", "date_field"), ENDINGS)
@pytest.mark.parametrize(
    ("open_state", "last_step_on"),
    [
        (RequestStatus.ASSESSING, lambda r: r.assessment_decided_on),
        (RequestStatus.ISSUE_DECIDED, lambda r: r.issue_decided_on),
        (RequestStatus.DRAFT_SERVED, lambda r: r.draft_served_on),
    ],
    ids=["assessing", "issue_decided", "draft_served"],
)
def test_refuses_an_ending_dated_before_the_stage_was_reached(
    officer, child, open_state, last_step_on, end, new_state, kind, date_field
):
    request = drive_to(open_state, user=officer, child=child)
    before = snapshot(request)
    with pytest.raises(ServiceError) as exc:
        end(officer, request, **{date_field: last_step_on(request) - DAY})
    assert exc.value.field == date_field
    assert snapshot(request) == before


@pytest.mark.parametrize(("end", "new_state", "kind", "date_field"), ENDINGS)
def test_refuses_an_ending_dated_before_the_familys_response(
    officer, child, end, new_state, kind, date_field
):
    request = drive_to(RequestStatus.DRAFT_SERVED, user=officer, child=child)
    responded = request.draft_served_on + 5 * DAY
    services.draft_response_record(acting_user=officer, request=request, received_on=responded)
    before = snapshot(request)
    with pytest.raises(ServiceError) as exc:
        end(officer, request, **{date_field: responded - DAY})
    assert exc.value.field == date_field
    assert snapshot(request) == before
    # On the day of the latest step is fine.
    end(officer, request, **{date_field: responded})
    assert reload(request).closed_on == responded


@pytest.mark.parametrize(("end", "new_state", "kind", "date_field"), ENDINGS)
def test_may_end_on_the_day_the_stage_was_reached(officer, child, end, new_state, kind, date_field):
    request = drive_to(RequestStatus.DRAFT_SERVED, user=officer, child=child)
    end(officer, request, **{date_field: request.draft_served_on})
    assert reload(request).status == new_state
