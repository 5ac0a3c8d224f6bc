"""Advice for the assessment (Regs 6): requesting, receiving, chasing, and exceptions to its 6 weeks
(Regs 8(1)-(2))."""

import pytest

from sendcase import statutory
from sendcase.assessments import services
from sendcase.assessments.deadlines import request_deadlines
from sendcase.assessments.models import AdviceRequest, AdviserType
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError
from sendcase.people.events import EventKind

from .helpers import DAY, S, Timeline, drive_to, last_event, reload, snapshot, today

pytestmark = pytest.mark.django_db

ADVICE_WEEKS = 6 * 7 * DAY


@pytest.fixture
def assessing(officer, child):
    """Received 100 days ago, decided to assess 80 days ago, no advice asked for yet."""
    return drive_to(S.ASSESSING, user=officer, child=child, timeline=Timeline.ago(100), with_advice=False)


def ask(user, request, **kwargs):
    args = {
        "adviser_type": AdviserType.EDUCATIONAL_PSYCHOLOGY,
        "requested_on": request.assessment_decided_on,
        "adviser_name": "Dr Patel",
    } | kwargs
    return services.advice_request_record(acting_user=user, request=request, **args)


def advice_deadline(advice, as_of):
    request = reload(advice.request)
    deadlines = request_deadlines(request, list(request.advice_requests.all()), [], [], as_of)
    return next(d for d in deadlines if d.key == f"advice:{advice.pk}")


# --- requesting ------------------------------------------------------------------------------------


def test_requesting_advice_creates_an_advice_request(officer, assessing):
    advice = ask(officer, assessing, adviser_name="  Dr Patel  ")
    saved = AdviceRequest.objects.get(pk=advice.pk)
    assert saved.request_id == assessing.pk
    assert saved.adviser_type == AdviserType.EDUCATIONAL_PSYCHOLOGY
    assert saved.adviser_name == "Dr Patel"
    assert saved.requested_on == assessing.assessment_decided_on
    assert saved.received_on is None
    assert saved.times_chased == 0
    assert saved.created_by == officer


def test_requesting_advice_writes_an_event_with_the_due_date(officer, assessing):
    requested = assessing.assessment_decided_on + 3 * DAY
    advice = ask(officer, assessing, requested_on=requested)
    due = requested + ADVICE_WEEKS
    event = last_event(assessing)
    assert event.kind == EventKind.ADVICE_REQUESTED
    assert (event.subject_type, event.subject_id) == ("advicerequest", advice.pk)
    assert event.occurred_on == requested
    assert f"due {due:%-d %B %Y}" in event.summary
    assert event.data == {
        "request_id": assessing.pk,
        "advice_id": advice.pk,
        "adviser_type": "educational_psychology",
    }
    # Not a change of stage.
    assert (event.old_state, event.new_state) == ("", "")
    saved = reload(assessing)
    assert saved.status == S.ASSESSING
    assert saved.version == assessing.version + 1


def test_overdue_advice_becomes_the_next_step(officer, assessing):
    # Asked 80 days ago: due 38 days ago, before the 16-week decision (due in 12 days).
    requested = assessing.assessment_decided_on
    ask(officer, assessing, requested_on=requested)
    saved = reload(assessing)
    assert saved.next_step == "Educational psychology advice from Dr Patel"
    assert saved.next_due == requested + ADVICE_WEEKS
    assert saved.overdue_steps == 1


def test_advice_not_yet_due_does_not_count_as_overdue(officer, assessing):
    ask(officer, assessing, requested_on=today() - 5 * DAY, adviser_name="")
    saved = reload(assessing)
    assert saved.overdue_steps == 0
    # The 16-week decision (due in 12 days) comes before this advice (due in 37 days).
    assert saved.next_due == saved.received_on + 16 * 7 * DAY


@pytest.mark.parametrize("adviser_type", AdviserType.values)
def test_every_adviser_type_can_be_asked(officer, assessing, adviser_type):
    assert ask(officer, assessing, adviser_type=adviser_type).adviser_type == adviser_type


@pytest.mark.parametrize("adviser_type", ["", "teacher", None])
def test_refuses_an_unknown_adviser_type(officer, assessing, adviser_type):
    before = snapshot(assessing)
    with pytest.raises(ServiceError) as exc:
        ask(officer, assessing, adviser_type=adviser_type)
    assert exc.value.field == "adviser_type"
    assert snapshot(assessing) == before


@pytest.mark.parametrize(
    "requested_on",
    [lambda r: r.assessment_decided_on - DAY, lambda r: today() + DAY, lambda r: None],
    ids=["before-decision-to-assess", "future", "missing"],
)
def test_refuses_a_bad_request_date(officer, assessing, requested_on):
    before = snapshot(assessing)
    with pytest.raises(ServiceError) as exc:
        ask(officer, assessing, requested_on=requested_on(assessing))
    assert exc.value.field == "requested_on"
    assert snapshot(assessing) == before


# --- receiving -------------------------------------------------------------------------------------


@pytest.fixture
def advice(officer, assessing):
    """Educational psychology advice asked for 80 days ago (due 38 days ago), not yet received."""
    return ask(officer, assessing)


def receive(user, advice, received_on):
    return services.advice_receipt_record(acting_user=user, advice=advice, received_on=received_on)


def test_receiving_advice_in_time(officer, advice):
    due = advice.requested_on + ADVICE_WEEKS
    receive(officer, advice, due)
    saved = AdviceRequest.objects.get(pk=advice.pk)
    assert saved.received_on == due
    event = last_event(advice.request)
    assert event.kind == EventKind.ADVICE_RECEIVED
    assert event.data["status"] == "on_time"
    assert event.summary == "Educational psychology advice received"
    assert advice_deadline(advice, today()).status == "on_time"
    request = reload(advice.request)
    assert request.overdue_steps == 0
    assert request.next_step.startswith("Decide whether to issue a plan")


def test_advice_received_late_shows_late(officer, advice):
    received = advice.requested_on + ADVICE_WEEKS + DAY
    receive(officer, advice, received)
    event = last_event(advice.request)
    assert event.data["status"] == "late"
    assert event.summary.endswith(" late")
    deadline = advice_deadline(advice, today())
    assert deadline.status == "late"
    assert deadline.done == received
    assert deadline.is_open is False
    assert reload(advice.request).overdue_steps == 0


def test_advice_received_late_under_an_exception_shows_excepted(officer, advice):
    services.advice_exception_record(
        acting_user=officer, advice=advice, reason="missed_appointment", recorded_on=advice.requested_on
    )
    receive(officer, advice, advice.requested_on + ADVICE_WEEKS + 5 * DAY)
    event = last_event(advice.request)
    assert event.data["status"] == "excepted"
    assert not event.summary.endswith(" late")
    assert advice_deadline(advice, today()).status == "excepted"


def test_refuses_advice_received_before_it_was_requested(officer, advice):
    before = snapshot(advice.request)
    with pytest.raises(ServiceError) as exc:
        receive(officer, advice, advice.requested_on - DAY)
    assert exc.value.field == "received_on"
    assert snapshot(advice.request) == before


def test_refuses_advice_received_in_the_future(officer, advice):
    with pytest.raises(ServiceError) as exc:
        receive(officer, advice, today() + DAY)
    assert exc.value.field == "received_on"
    assert AdviceRequest.objects.get(pk=advice.pk).received_on is None


def test_refuses_receiving_the_same_advice_twice(officer, advice):
    first = advice.requested_on + 10 * DAY
    receive(officer, advice, first)
    before = snapshot(advice.request)
    with pytest.raises(InvalidTransition) as exc:
        receive(officer, advice, first + DAY)
    assert f"{first:%-d %B %Y}" in exc.value.message
    assert AdviceRequest.objects.get(pk=advice.pk).received_on == first
    assert snapshot(advice.request) == before


def test_advice_may_arrive_after_the_draft_is_served(officer, child):
    request = drive_to(S.DRAFT_SERVED, user=officer, child=child)
    advice = request.advice_requests.get()
    receive(officer, advice, today())
    assert AdviceRequest.objects.get(pk=advice.pk).received_on == today()


def test_refuses_advice_on_a_closed_request(officer, child):
    request = drive_to(S.WITHDRAWN, user=officer, child=child, ending_from=S.ASSESSING)
    advice = request.advice_requests.get()
    with pytest.raises(InvalidTransition):
        receive(officer, advice, today())
    assert AdviceRequest.objects.get(pk=advice.pk).received_on is None


# --- chasing ---------------------------------------------------------------------------------------


def chase(user, advice, chased_on):
    return services.advice_chase_record(acting_user=user, advice=advice, chased_on=chased_on)


def test_chasing_counts_each_chase(officer, advice):
    first, second = advice.requested_on + 40 * DAY, advice.requested_on + 45 * DAY
    chase(officer, advice, first)
    chase(officer, advice, second)
    saved = AdviceRequest.objects.get(pk=advice.pk)
    assert saved.times_chased == 2
    assert saved.last_chased_on == second
    event = last_event(advice.request)
    assert event.kind == EventKind.ADVICE_CHASED
    assert event.occurred_on == second
    assert "(time 2)" in event.summary
    # Chasing is internal business: not on the family's timeline.
    assert event.visible_to_family is False
    assert event.data == {"request_id": advice.request_id, "advice_id": advice.pk}


def test_chasing_does_not_change_the_due_date(officer, advice):
    chase(officer, advice, today())
    assert advice_deadline(advice, today()).due == advice.requested_on + ADVICE_WEEKS
    assert reload(advice.request).overdue_steps == 1


def test_refuses_a_chase_before_the_advice_was_requested(officer, advice):
    before = snapshot(advice.request)
    with pytest.raises(ServiceError) as exc:
        chase(officer, advice, advice.requested_on - DAY)
    assert exc.value.field == "chased_on"
    assert snapshot(advice.request) == before


def test_refuses_a_chase_in_the_future(officer, advice):
    with pytest.raises(ServiceError) as exc:
        chase(officer, advice, today() + DAY)
    assert exc.value.field == "chased_on"


def test_refuses_chasing_advice_already_received(officer, advice):
    receive(officer, advice, today())
    before = snapshot(advice.request)
    with pytest.raises(InvalidTransition):
        chase(officer, advice, today())
    assert snapshot(advice.request) == before


# --- exceptions to the adviser's 6 weeks (Regs 8(2)) -------------------------------------------------


def except_(user, advice, **kwargs):
    args = {"reason": "missed_appointment", "recorded_on": advice.requested_on + 10 * DAY} | kwargs
    return services.advice_exception_record(acting_user=user, advice=advice, **args)


@pytest.mark.parametrize("reason", list(statutory.ADVICE_EXCEPTION_REASONS))
def test_an_exception_turns_overdue_advice_into_excepted(officer, advice, reason):
    assert reload(advice.request).overdue_steps == 1
    assert advice_deadline(advice, today()).status == "overdue"
    except_(officer, advice, reason=reason, notes="  Appointment on 3 March missed  ")
    saved = AdviceRequest.objects.get(pk=advice.pk)
    assert saved.exception_reason == reason
    assert saved.exception_notes == "Appointment on 3 March missed"
    deadline = advice_deadline(advice, today())
    assert deadline.status == "excepted"
    assert deadline.due == advice.requested_on + ADVICE_WEEKS  # the due date is kept, not moved
    request = reload(advice.request)
    assert request.overdue_steps == 0
    event = last_event(request)
    assert event.kind == EventKind.ADVICE_EXCEPTION
    assert event.data == {"request_id": request.pk, "advice_id": advice.pk, "reason": reason}
    assert statutory.ADVICE_EXCEPTION_REASONS[reason].lower() in event.summary


def test_exception_notes_are_cut_to_the_field_length(officer, advice):
    except_(officer, advice, notes="x" * 400)
    assert AdviceRequest.objects.get(pk=advice.pk).exception_notes == "x" * 300


@pytest.mark.parametrize("reason", ["", "school_closure", "exceptional_personal_circumstances", "holiday"])
def test_refuses_a_reason_outside_regs_8_2(officer, advice, reason):
    # school_closure and exceptional_personal_circumstances are stage exceptions (Regs 5(4)), not
    # exceptions to an adviser's own limit.
    before = snapshot(advice.request)
    with pytest.raises(ServiceError) as exc:
        except_(officer, advice, reason=reason)
    assert exc.value.field == "reason"
    assert snapshot(advice.request) == before


@pytest.mark.parametrize(
    "recorded_on",
    [lambda a: a.requested_on - DAY, lambda a: today() + DAY, lambda a: None],
    ids=["before-request", "future", "missing"],
)
def test_refuses_a_bad_exception_date(officer, advice, recorded_on):
    before = snapshot(advice.request)
    with pytest.raises(ServiceError) as exc:
        except_(officer, advice, recorded_on=recorded_on(advice))
    assert exc.value.field == "recorded_on"
    assert snapshot(advice.request) == before


# --- who may ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("user_fixture", ["read_only_user", "outsider"])
@pytest.mark.parametrize(
    "action",
    [
        lambda u, a: ask(u, a.request),
        lambda u, a: receive(u, a, today()),
        lambda u, a: chase(u, a, today()),
        lambda u, a: except_(u, a),
    ],
    ids=["request", "receive", "chase", "exception"],
)
def test_refuses_users_who_cannot_edit_cases(request, advice, user_fixture, action):
    before = snapshot(advice.request)
    with pytest.raises(NotPermitted):
        action(request.getfixturevalue(user_fixture), advice)
    assert snapshot(advice.request) == before
