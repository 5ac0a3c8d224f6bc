"""refresh_tracking: the daily sweep's recomputation of a request's worklist fields from its recorded
dates, as at a given day. It changes the instance only; the caller saves it."""

import datetime as dt

import pytest

from sendcase.assessments import services
from sendcase.assessments.models import AdviceRequest, AdviserType, AssessmentRequest, StepException
from tests.factories import AssessmentRequestFactory

from .helpers import DAY, S, drive_to, reload, today

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2026, 1, 5)  # statutory-rules.md worked example


def test_fills_the_worklist_fields_of_a_request_as_at_a_day():
    request = AssessmentRequestFactory(received_on=RECEIVED)
    assert (request.next_step, request.next_due, request.overdue_steps) == ("", None, 0)
    services.refresh_tracking(request, as_of=dt.date(2026, 2, 1))
    assert (request.next_step, request.next_due, request.overdue_steps) == (
        "Decide whether to assess",
        dt.date(2026, 2, 16),
        0,
    )
    # Not saved: the caller decides when to write.
    assert AssessmentRequest.objects.get(pk=request.pk).next_due is None


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [
        (dt.date(2026, 2, 16), 0),
        (dt.date(2026, 2, 17), 1),
        (dt.date(2026, 5, 25), 1),
        (dt.date(2026, 5, 26), 2),
    ],
)
def test_counts_the_steps_overdue_on_the_day(as_of, overdue):
    request = AssessmentRequestFactory(received_on=RECEIVED)
    services.refresh_tracking(request, as_of=as_of)
    assert request.overdue_steps == overdue


def test_reads_the_requests_advice_and_exceptions_from_the_database():
    request = AssessmentRequestFactory(
        received_on=RECEIVED, status=S.ASSESSING, assessment_decided_on=dt.date(2026, 2, 10)
    )
    advice = AdviceRequest.objects.create(
        request=request, adviser_type=AdviserType.HEALTH, requested_on=dt.date(2026, 2, 11)
    )
    as_of = dt.date(2026, 5, 26)  # advice (due 25 March), 16 weeks and 20 weeks all passed
    services.refresh_tracking(request, as_of=as_of)
    assert (request.next_step, request.next_due, request.overdue_steps) == (
        "Health advice",
        dt.date(2026, 3, 25),
        3,
    )
    StepException.objects.create(
        request=request, step="final_plan", reason="absence_from_area", starts_on=dt.date(2026, 3, 1)
    )
    advice.exception_reason = "missed_appointment"
    advice.save()
    services.refresh_tracking(request, as_of=as_of)
    assert request.overdue_steps == 1  # only the 16-week decision is left unexcused


def test_defaults_to_today(officer, child):
    request = drive_to(S.RECEIVED, user=officer, child=child)
    # Recorded 200 days ago: both limits have passed as at today.
    stale = reload(request)
    stale.next_due, stale.overdue_steps = None, 0
    services.refresh_tracking(stale)
    assert (stale.next_due, stale.overdue_steps) == (request.received_on + 42 * DAY, 2)
    services.refresh_tracking(stale, as_of=request.received_on)
    assert stale.overdue_steps == 0
    assert today() > request.received_on + 140 * DAY
