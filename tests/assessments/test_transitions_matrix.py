"""Every service step against every request state: each is allowed only from its allowed-from states,
and from any other state raises InvalidTransition and changes nothing.

Requests are built by driving the services from RECEIVED. Advice can only be requested while
ASSESSING, and schools consulted only once a plan is to be issued, so for the few states the services
cannot reach with advice or a consultation attached (RECEIVED, NOT_ASSESSING, NOT_ISSUING, ASSESSING),
`ensure_advice` / `ensure_consultation` write one directly: the guard under test is still the service's.
WITHDRAWN and MOVED_OUT are reached from DRAFT_SERVED so both are attached.
"""

import pytest

from sendcase.assessments.models import RequestStatus
from sendcase.core.errors import InvalidTransition

from .helpers import (
    ALL_STATES,
    OPEN_STATES,
    S,
    drive_to,
    ensure_advice,
    ensure_consultation,
    reload,
    snapshot,
)
from .steps import OPS, SERVICE_FUNCTIONS

pytestmark = pytest.mark.django_db


CASES = [
    pytest.param(op, state, id=f"{op.name.replace(' ', '-')}-from-{state.value}")
    for op in OPS
    for state in ALL_STATES
]


def build(state: str, user):
    request = drive_to(state, user=user, ending_from=S.DRAFT_SERVED)
    assert request.status == state
    return request


@pytest.mark.parametrize(("op", "state"), CASES)
def test_transition_is_allowed_only_from_its_allowed_states(officer, op, state):
    request = build(state, officer)
    before = snapshot(request)
    if state in op.allowed:
        op.run(officer, request)
        after = reload(request)
        assert after.status == (op.to or state)
        assert after.version == before["version"] + 1
        event = request.child.events.order_by("id").last()
        assert event.kind == op.kind
        if op.to:
            assert (event.old_state, event.new_state) == (state, op.to)
    else:
        # The direct writes ensure_* make are part of the set-up, not of the refused step.
        ensure_advice(request)
        ensure_consultation(request)
        before = snapshot(request)
        with pytest.raises(InvalidTransition) as exc:
            op.run(officer, request)
        assert exc.value.code == "invalid_transition"
        assert snapshot(request) == before


def test_every_service_step_is_in_the_matrix():
    """A new service step must be added to OPS, so its guard is tested from every state."""
    # request_record creates a request rather than moving one (test_request_record.py covers it);
    # the refresh helpers are not steps.
    steps = SERVICE_FUNCTIONS - {"request_record", "refresh_tracking", "refresh_tracking_for_new"}
    assert len(steps) == 14
    assert steps == {op.service for op in OPS}


def test_the_matrix_covers_every_state_and_the_state_machine_edges():
    assert {s.value for s in ALL_STATES} == set(RequestStatus.values)
    edges = {(frm, op.to) for op in OPS if op.to for frm in op.allowed}
    assert edges == {
        (S.RECEIVED, S.ASSESSING),
        (S.RECEIVED, S.NOT_ASSESSING),
        (S.ASSESSING, S.ISSUE_DECIDED),
        (S.ASSESSING, S.NOT_ISSUING),
        (S.ISSUE_DECIDED, S.DRAFT_SERVED),
        (S.DRAFT_SERVED, S.FINAL_ISSUED),
        *((s, S.WITHDRAWN) for s in OPEN_STATES),
        *((s, S.MOVED_OUT) for s in OPEN_STATES),
    }
