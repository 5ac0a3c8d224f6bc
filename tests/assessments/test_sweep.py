"""The daily sweep recomputes every open case's tracking as time passes."""

import datetime as dt

import pytest
from django.core.management import call_command

from sendcase.assessments.models import AssessmentRequest
from sendcase.assessments.services import refresh_tracking
from sendcase.assessments.sweep import deadlines_sweep
from tests.assessments.helpers import drive_to, today


@pytest.mark.django_db
def test_a_step_becomes_overdue_when_its_day_passes(officer):
    request = drive_to("received", user=officer)
    decision_due = request.received_on + dt.timedelta(weeks=6)
    result = deadlines_sweep(as_of=decision_due)
    request.refresh_from_db()
    assert request.overdue_steps == 0 and request.next_due == decision_due

    result = deadlines_sweep(as_of=decision_due + dt.timedelta(days=1))
    request.refresh_from_db()
    assert request.overdue_steps == 1
    assert result.overdue_requests == 1 and result.changed == 1


@pytest.mark.django_db
def test_the_sweep_agrees_with_what_each_transition_computes(officer):
    requests = [
        drive_to(state, user=officer) for state in ("received", "assessing", "issue_decided", "draft_served")
    ]
    closed = drive_to("final_issued", user=officer)
    AssessmentRequest.objects.filter(pk__in=[r.pk for r in requests]).update(
        next_step="", next_due=None, overdue_steps=0
    )
    result = deadlines_sweep(as_of=today())
    assert result.open_requests == 4
    for request in requests:
        request.refresh_from_db()
        expected = AssessmentRequest.objects.get(pk=request.pk)
        refresh_tracking(expected, today())
        assert (request.next_step, request.next_due, request.overdue_steps) == (
            expected.next_step,
            expected.next_due,
            expected.overdue_steps,
        )
        assert request.next_due is not None
    closed.refresh_from_db()
    assert closed.next_due is None


@pytest.mark.django_db
def test_a_second_sweep_on_the_same_day_changes_nothing(officer):
    drive_to("assessing", user=officer)
    deadlines_sweep(as_of=today())
    assert deadlines_sweep(as_of=today()).changed == 0


@pytest.mark.django_db
def test_a_case_changed_during_the_sweep_keeps_its_own_tracking(officer, monkeypatch):
    """If a transition saves a request between the sweep's read and write, the sweep leaves it alone."""
    from sendcase.assessments import sweep

    request = drive_to("received", user=officer)
    AssessmentRequest.objects.filter(pk=request.pk).update(next_step="stale", overdue_steps=0)
    original = sweep.tracking

    def tracking_then_concurrent_edit(deadlines):
        AssessmentRequest.objects.filter(pk=request.pk).update(version=request.version + 1, next_step="newer")
        return original(deadlines)

    monkeypatch.setattr(sweep, "tracking", tracking_then_concurrent_edit)
    deadlines_sweep(as_of=today())
    request.refresh_from_db()
    assert request.next_step == "newer"


@pytest.mark.django_db
def test_the_command_reports_what_it_did(officer, capsys):
    drive_to("received", user=officer)
    call_command("run_daily_sweep", "--as-of", today().isoformat())
    assert "Swept 1 open requests" in capsys.readouterr().out
