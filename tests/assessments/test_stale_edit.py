"""Compare-and-set on the request's version: a step taken on an out-of-date view of the case is refused
with StaleEdit, and nothing is saved (status, version, events, audit, plan)."""

import pytest

from sendcase.assessments import services
from sendcase.assessments.models import AdviserType
from sendcase.core.errors import InvalidTransition, NotPermitted, StaleEdit

from .helpers import S, drive_to, reload, snapshot, today

pytestmark = pytest.mark.django_db

# The services that take expected_version, the state each starts from, and the state it moves to.
VERSIONED = [
    pytest.param(
        lambda u, r, v: services.assessment_decision_record(
            acting_user=u, request=r, assess=True, decided_on=today(), expected_version=v
        ),
        S.RECEIVED,
        S.ASSESSING,
        id="assessment_decision_record",
    ),
    pytest.param(
        lambda u, r, v: services.issue_decision_record(
            acting_user=u, request=r, issue=True, decided_on=today(), expected_version=v
        ),
        S.ASSESSING,
        S.ISSUE_DECIDED,
        id="issue_decision_record",
    ),
    pytest.param(
        lambda u, r, v: services.draft_plan_serve(
            acting_user=u, request=r, served_on=today(), expected_version=v
        ),
        S.ISSUE_DECIDED,
        S.DRAFT_SERVED,
        id="draft_plan_serve",
    ),
    pytest.param(
        lambda u, r, v: services.final_plan_issue(
            acting_user=u, request=r, issued_on=today(), expected_version=v
        ),
        S.DRAFT_SERVED,
        S.FINAL_ISSUED,
        id="final_plan_issue",
    ),
    pytest.param(
        lambda u, r, v: services.request_withdraw(
            acting_user=u, request=r, withdrawn_on=today(), reason="Withdrawn", expected_version=v
        ),
        S.ASSESSING,
        S.WITHDRAWN,
        id="request_withdraw",
    ),
    pytest.param(
        lambda u, r, v: services.request_move_out(
            acting_user=u, request=r, moved_on=today(), expected_version=v
        ),
        S.ASSESSING,
        S.MOVED_OUT,
        id="request_move_out",
    ),
]


@pytest.mark.parametrize(("step", "start", "end"), VERSIONED)
@pytest.mark.parametrize("offset", [-1, 1, 100])
def test_a_version_that_does_not_match_is_refused_and_changes_nothing(
    officer, child, step, start, end, offset
):
    request = drive_to(start, user=officer, child=child)
    before = snapshot(request)
    with pytest.raises(StaleEdit) as exc:
        step(officer, request, request.version + offset)
    assert exc.value.code == "stale_edit"
    assert "Someone else updated this case" in exc.value.message
    assert snapshot(request) == before


@pytest.mark.parametrize(("step", "start", "end"), VERSIONED)
def test_the_current_version_is_accepted(officer, child, step, start, end):
    request = drive_to(start, user=officer, child=child)
    step(officer, request, request.version)
    after = reload(request)
    assert after.status == end
    assert after.version == request.version + 1


@pytest.mark.parametrize(("step", "start", "end"), VERSIONED)
def test_without_an_expected_version_there_is_no_check(officer, child, step, start, end):
    request = drive_to(start, user=officer, child=child)
    step(officer, request, None)
    assert reload(request).status == end


@pytest.mark.parametrize(("step", "start", "end"), VERSIONED)
def test_a_change_made_by_someone_else_meanwhile_makes_the_edit_stale(
    officer, other_officer, child, step, start, end
):
    # The first officer opens the case...
    seen = drive_to(start, user=officer, child=child)
    # ...a colleague records an exception to the 20-week limit on it...
    services.exception_record(
        acting_user=other_officer,
        request=seen,
        step="final_plan",
        reason="absence_from_area",
        starts_on=today(),
    )
    before = snapshot(seen)
    assert before["version"] == seen.version + 1
    # ...so the first officer's step, made against what they saw, is refused rather than applied blind.
    with pytest.raises(StaleEdit):
        step(officer, seen, seen.version)
    assert snapshot(seen) == before


def test_a_second_submission_of_the_same_form_is_stale(officer, child):
    request = drive_to(S.RECEIVED, user=officer, child=child)
    version = request.version
    services.assessment_decision_record(
        acting_user=officer, request=request, assess=True, decided_on=today(), expected_version=version
    )
    before = snapshot(request)
    # Stale is reported before the stage check, so the officer is told the case moved on under them.
    with pytest.raises(StaleEdit):
        services.assessment_decision_record(
            acting_user=officer, request=request, assess=True, decided_on=today(), expected_version=version
        )
    assert snapshot(request) == before


def test_a_stale_view_of_a_request_that_has_moved_on_is_refused_as_stale(officer, child):
    request = drive_to(S.ASSESSING, user=officer, child=child)
    version = request.version
    services.request_withdraw(acting_user=officer, request=request, withdrawn_on=today(), reason="Withdrawn")
    with pytest.raises(StaleEdit):
        services.issue_decision_record(
            acting_user=officer, request=request, issue=True, decided_on=today(), expected_version=version
        )
    # Without a version the same step is refused by the stage guard instead.
    with pytest.raises(InvalidTransition):
        services.issue_decision_record(acting_user=officer, request=request, issue=True, decided_on=today())


def test_steps_without_a_version_check_still_bump_the_version(officer, child):
    # So that a versioned step started before them is refused afterwards.
    request = drive_to(S.ASSESSING, user=officer, child=child, with_advice=False)
    services.advice_request_record(
        acting_user=officer, request=request, adviser_type=AdviserType.HEALTH, requested_on=today()
    )
    assert reload(request).version == request.version + 1
    with pytest.raises(StaleEdit):
        services.issue_decision_record(
            acting_user=officer,
            request=request,
            issue=True,
            decided_on=today(),
            expected_version=request.version,
        )


def test_permission_is_checked_before_the_version(read_only_user, officer, child):
    request = drive_to(S.RECEIVED, user=officer, child=child)
    with pytest.raises(NotPermitted):
        services.assessment_decision_record(
            acting_user=read_only_user, request=request, assess=True, decided_on=today(), expected_version=99
        )
