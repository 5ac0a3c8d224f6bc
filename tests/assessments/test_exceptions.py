"""exception_record: an exception to the 6-, 16- or 20-week limit (Regs 5(4), 10(4), 13(3)) stops the
limit applying; the original due date is kept, and an overdue step becomes "excepted"."""

import pytest

from sendcase import statutory
from sendcase.assessments import services
from sendcase.assessments.deadlines import request_deadlines
from sendcase.assessments.models import Step, StepException
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError
from sendcase.people.events import EventKind

from .helpers import DAY, S, Timeline, drive_to, last_event, reload, snapshot, today

pytestmark = pytest.mark.django_db


def except_(user, request, **kwargs):
    args = {
        "step": Step.DECISION_TO_ASSESS,
        "reason": "exceptional_personal_circumstances",
        "starts_on": request.received_on + 10 * DAY,
    } | kwargs
    return services.exception_record(acting_user=user, request=request, **args)


def deadlines_of(request, as_of=None):
    request = reload(request)
    return {
        d.key: d
        for d in request_deadlines(
            request,
            list(request.advice_requests.all()),
            list(request.consultations.select_related("establishment")),
            list(request.exceptions.all()),
            as_of or today(),
        )
    }


@pytest.fixture
def overdue_decision(officer, child):
    """Received 60 days ago and still undecided: the 6-week decision is 18 days overdue."""
    return drive_to(S.RECEIVED, user=officer, child=child, timeline=Timeline.ago(60))


def test_exception_turns_the_overdue_decision_into_excepted(officer, overdue_decision):
    request = overdue_decision
    assert request.overdue_steps == 1
    assert deadlines_of(request)["decision"].status == "overdue"
    except_(officer, request)
    saved = reload(request)
    assert saved.overdue_steps == 0
    decision = deadlines_of(request)["decision"]
    assert decision.status == "excepted"
    assert decision.excepted is True
    assert decision.is_overdue is False
    # The limit lapses; the due date is not moved and the step is still the next thing to do.
    assert decision.due == request.received_on + 42 * DAY
    assert (saved.next_step, saved.next_due) == ("Decide whether to assess", request.received_on + 42 * DAY)
    assert saved.status == S.RECEIVED
    assert saved.version == request.version + 1


def test_exception_is_stored_and_written_to_the_history(officer, overdue_decision):
    request = overdue_decision
    starts, ends, told = (
        request.received_on + 10 * DAY,
        request.received_on + 45 * DAY,
        request.received_on + 12 * DAY,
    )
    exception = except_(
        officer,
        request,
        reason="absence_from_area",
        starts_on=starts,
        ends_on=ends,
        family_told_on=told,
        notes="  Family abroad for 5 weeks  ",
    )
    saved = StepException.objects.get(pk=exception.pk)
    assert (saved.request_id, saved.step, saved.reason) == (request.pk, "decision", "absence_from_area")
    assert (saved.starts_on, saved.ends_on, saved.family_told_on) == (starts, ends, told)
    assert saved.notes == "Family abroad for 5 weeks"
    assert saved.created_by == officer
    event = last_event(request)
    assert event.kind == EventKind.EXCEPTION_RECORDED
    assert (event.subject_type, event.subject_id) == ("stepexception", exception.pk)
    assert event.occurred_on == starts
    assert event.reason == "Family abroad for 5 weeks"
    assert (event.old_state, event.new_state) == ("", "")
    assert event.data == {
        "request_id": request.pk,
        "exception_id": exception.pk,
        "step": "decision",
        "reason": "absence_from_area",
        "family_told_on": told.isoformat(),
    }
    assert statutory.EXCEPTION_REASONS["absence_from_area"].lower() in event.summary


def test_exception_to_the_16_week_decision(officer, child):
    # Received 130 days ago, assessing: the 16-week limit passed 18 days ago.
    request = drive_to(S.ASSESSING, user=officer, child=child, timeline=Timeline.ago(130), with_advice=False)
    assert request.overdue_steps == 1
    except_(officer, request, step=Step.DECISION_NOT_TO_ISSUE, reason="school_closure")
    assert reload(request).overdue_steps == 0
    assert deadlines_of(request)["not_issue"].status == "excepted"


def test_exception_to_the_20_week_limit_covers_the_draft_and_the_final_plan(officer, child):
    # Received 160 days ago, plan being written: the latest draft date and week 20 have both passed.
    tl = Timeline.ago(160)
    request = drive_to(
        S.ISSUE_DECIDED, user=officer, child=child, timeline=tl, with_advice=False, with_consultation=False
    )
    assert request.overdue_steps == 2
    except_(officer, request, step=Step.FINAL_PLAN, reason="early_years_closure")
    assert reload(request).overdue_steps == 0
    deadlines = deadlines_of(request)
    assert deadlines["draft"].status == "excepted"
    assert deadlines["final_plan"].status == "excepted"


def test_an_exception_covers_only_its_own_step(officer, child):
    # Received 150 days ago and undecided: both the 6-week and the 20-week limits have passed.
    request = drive_to(S.RECEIVED, user=officer, child=child, timeline=Timeline.ago(150))
    assert request.overdue_steps == 2
    except_(officer, request, step=Step.FINAL_PLAN)
    assert reload(request).overdue_steps == 1
    deadlines = deadlines_of(request)
    assert deadlines["decision"].status == "overdue"
    assert deadlines["final_plan"].status == "excepted"


def test_a_stage_exception_does_not_excuse_overdue_advice(officer, child):
    # Stage exceptions cover the LA's limits; an adviser's own 6 weeks has its own exceptions (Regs 8(2)).
    request = drive_to(S.ISSUE_DECIDED, user=officer, child=child, timeline=Timeline.ago(100))
    advice = request.advice_requests.get()
    except_(officer, request, step=Step.FINAL_PLAN)
    assert deadlines_of(request)[f"advice:{advice.pk}"].status == "overdue"
    assert reload(request).overdue_steps == 1


def test_an_exception_before_the_limit_passes_leaves_the_step_due(officer, child):
    request = drive_to(S.RECEIVED, user=officer, child=child, timeline=Timeline.ago(20))
    except_(officer, request, starts_on=today())
    decision = deadlines_of(request)["decision"]
    assert decision.status == "due"
    assert decision.excepted is True
    assert reload(request).overdue_steps == 0


@pytest.mark.parametrize("reason", list(statutory.EXCEPTION_REASONS))
def test_every_statutory_reason_is_accepted(officer, overdue_decision, reason):
    assert except_(officer, overdue_decision, reason=reason).reason == reason


@pytest.mark.parametrize(
    ("state", "step"),
    [
        (S.ASSESSING, Step.DECISION_TO_ASSESS),  # already decided
        (S.RECEIVED, Step.DECISION_NOT_TO_ISSUE),  # not yet assessing
        (S.ISSUE_DECIDED, Step.DECISION_NOT_TO_ISSUE),  # decided to issue
        (S.DRAFT_SERVED, Step.DECISION_TO_ASSESS),
        (S.FINAL_ISSUED, Step.FINAL_PLAN),  # plan issued
        (S.NOT_ASSESSING, Step.FINAL_PLAN),
        (S.WITHDRAWN, Step.FINAL_PLAN),
    ],
)
def test_refuses_an_exception_to_a_step_that_is_not_open(officer, child, state, step):
    request = drive_to(state, user=officer, child=child)
    before = snapshot(request)
    with pytest.raises(InvalidTransition) as exc:
        except_(officer, request, step=step)
    assert Step(step).label.lower() in exc.value.message
    assert snapshot(request) == before


@pytest.mark.parametrize("step", ["", "advice", "DECISION", None])
def test_refuses_an_unknown_step(officer, overdue_decision, step):
    before = snapshot(overdue_decision)
    with pytest.raises(ServiceError) as exc:
        except_(officer, overdue_decision, step=step)
    assert exc.value.field == "step"
    assert snapshot(overdue_decision) == before


@pytest.mark.parametrize("reason", ["", "holiday", "missed_appointment", "exceptional_circumstances"])
def test_refuses_a_reason_outside_the_regulations(officer, overdue_decision, reason):
    # missed_appointment and exceptional_circumstances are Regs 8(2) reasons for advice, not for stages.
    before = snapshot(overdue_decision)
    with pytest.raises(ServiceError) as exc:
        except_(officer, overdue_decision, reason=reason)
    assert exc.value.field == "reason"
    assert snapshot(overdue_decision) == before


def test_refuses_an_exception_that_ends_before_it_starts(officer, overdue_decision):
    starts = overdue_decision.received_on + 10 * DAY
    before = snapshot(overdue_decision)
    with pytest.raises(ServiceError) as exc:
        except_(officer, overdue_decision, starts_on=starts, ends_on=starts - DAY)
    assert exc.value.field == "ends_on"
    assert snapshot(overdue_decision) == before


def test_an_exception_may_end_on_the_day_it_starts(officer, overdue_decision):
    starts = overdue_decision.received_on + 10 * DAY
    assert except_(officer, overdue_decision, starts_on=starts, ends_on=starts).ends_on == starts


@pytest.mark.parametrize(
    "starts_on",
    [lambda r: r.received_on - DAY, lambda r: today() + DAY, lambda r: None],
    ids=["before-receipt", "future", "missing"],
)
def test_refuses_a_bad_start_date(officer, overdue_decision, starts_on):
    before = snapshot(overdue_decision)
    with pytest.raises(ServiceError) as exc:
        except_(officer, overdue_decision, starts_on=starts_on(overdue_decision))
    assert exc.value.field == "starts_on"
    assert snapshot(overdue_decision) == before


@pytest.mark.parametrize(
    "family_told_on",
    [lambda r: r.received_on + 9 * DAY, lambda r: today() + DAY],
    ids=["before-start", "future"],
)
def test_refuses_a_bad_date_the_family_was_told(officer, overdue_decision, family_told_on):
    before = snapshot(overdue_decision)
    with pytest.raises(ServiceError) as exc:
        except_(officer, overdue_decision, family_told_on=family_told_on(overdue_decision))
    assert exc.value.field == "family_told_on"
    assert snapshot(overdue_decision) == before


def test_family_told_may_be_left_blank(officer, overdue_decision):
    exception = except_(officer, overdue_decision)
    assert exception.family_told_on is None
    assert last_event(overdue_decision).data["family_told_on"] is None


@pytest.mark.parametrize("user_fixture", ["read_only_user", "outsider"])
def test_refuses_users_who_cannot_edit_cases(request, overdue_decision, user_fixture):
    before = snapshot(overdue_decision)
    with pytest.raises(NotPermitted):
        except_(request.getfixturevalue(user_fixture), overdue_decision)
    assert snapshot(overdue_decision) == before
