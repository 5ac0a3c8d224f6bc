"""The test helper reaches every state through the services, with the dates it promises."""

import pytest

from sendcase.assessments.models import RequestStatus
from sendcase.people.events import EventKind

from .helpers import ALL_STATES, S, Timeline, drive_to, events


@pytest.mark.django_db
@pytest.mark.parametrize("state", ALL_STATES)
def test_drive_to_reaches_every_state(officer, state):
    request = drive_to(state, user=officer)
    assert request.status == state
    # One event per step taken: never a status written behind the services' back.
    transitions = [e for e in events(request) if e.new_state]
    assert transitions[0].kind == EventKind.REQUEST_RECEIVED
    assert transitions[-1].new_state == state


@pytest.mark.django_db
def test_drive_to_the_end_records_every_step(officer):
    tl = Timeline.ago()
    request = drive_to(S.FINAL_ISSUED, user=officer, timeline=tl)
    assert [e.kind for e in events(request)] == [
        EventKind.REQUEST_RECEIVED,
        EventKind.ASSESSMENT_AGREED,
        EventKind.ADVICE_REQUESTED,
        EventKind.ISSUE_AGREED,
        EventKind.CONSULTATION_SENT,
        EventKind.DRAFT_SERVED,
        EventKind.FINAL_PLAN_ISSUED,
    ]
    assert (request.received_on, request.assessment_decided_on, request.issue_decided_on) == (
        tl.received,
        tl.decided,
        tl.issue_decided,
    )
    assert (request.draft_served_on, request.final_issued_on) == (tl.served, tl.final)


@pytest.mark.django_db
@pytest.mark.parametrize("ending", [RequestStatus.WITHDRAWN, RequestStatus.MOVED_OUT])
@pytest.mark.parametrize("ending_from", [S.RECEIVED, S.ASSESSING, S.ISSUE_DECIDED, S.DRAFT_SERVED])
def test_drive_to_an_ending_from_each_open_state(officer, ending, ending_from):
    request = drive_to(ending, user=officer, ending_from=ending_from)
    assert request.status == ending
    assert events(request).last().old_state == ending_from
