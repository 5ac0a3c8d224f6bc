"""The draft plan and consulting schools: the family has at least 15 days from service to comment
(Regs 13(1)); a consulted school should answer within 15 days (CFA s.39-40; CoP 9.83)."""

import pytest

from sendcase.assessments import services
from sendcase.assessments.deadlines import request_deadlines
from sendcase.assessments.models import Consultation, ConsultationOutcome
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError
from sendcase.people.events import EventKind
from tests.factories import EstablishmentFactory

from .helpers import DAY, S, Timeline, drive_to, last_event, reload, snapshot, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue_decided(officer, child):
    """Received 100 days ago; decided to issue 10 days ago; no advice or consultation outstanding."""
    return drive_to(
        S.ISSUE_DECIDED,
        user=officer,
        child=child,
        timeline=Timeline.ago(100),
        with_advice=False,
        with_consultation=False,
    )


def deadlines_of(request, as_of):
    request = reload(request)
    return {
        d.key: d
        for d in request_deadlines(
            request,
            list(request.advice_requests.all()),
            list(request.consultations.select_related("establishment")),
            list(request.exceptions.all()),
            as_of,
        )
    }


def serve(user, request, served_on, **kwargs):
    return services.draft_plan_serve(acting_user=user, request=request, served_on=served_on, **kwargs)


# --- serving the draft -----------------------------------------------------------------------------


def test_serving_the_draft_starts_the_familys_15_days(officer, issue_decided):
    served = today() - 5 * DAY
    serve(officer, issue_decided, served)
    saved = reload(issue_decided)
    assert saved.status == S.DRAFT_SERVED
    assert saved.draft_served_on == served
    assert saved.version == issue_decided.version + 1
    comments = deadlines_of(saved, today())["comments"]
    # Day of service is day 1 of 15, so the period ends 14 days after service.
    assert comments.due == served + 14 * DAY
    assert comments.status is None  # information only: nothing about it is "late"
    assert comments.is_open is False
    assert comments.days_left == 9


def test_serving_the_draft_writes_an_event_naming_the_end_of_the_comment_period(officer, issue_decided):
    served = today() - 5 * DAY
    serve(officer, issue_decided, served)
    event = last_event(issue_decided)
    assert event.kind == EventKind.DRAFT_SERVED
    assert (event.old_state, event.new_state) == (S.ISSUE_DECIDED, S.DRAFT_SERVED)
    assert event.occurred_on == served
    assert f"end on {served + 14 * DAY:%-d %B %Y}" in event.summary


def test_after_serving_the_next_step_is_the_final_plan(officer, issue_decided):
    serve(officer, issue_decided, today())
    saved = reload(issue_decided)
    assert saved.next_step == "Issue the final EHC plan"
    assert saved.next_due == saved.received_on + 20 * 7 * DAY
    assert saved.overdue_steps == 0
    draft = deadlines_of(saved, today())["draft"]
    assert (draft.status, draft.is_open) == ("on_time", False)


def test_a_draft_served_too_late_to_leave_15_days_before_week_20_is_late(officer, child):
    tl = Timeline.ago(140, issue_decided=today() - 20 * DAY)
    request = drive_to(
        S.ISSUE_DECIDED, user=officer, child=child, timeline=tl, with_advice=False, with_consultation=False
    )
    # Latest draft date is received + 125 days, which was 15 days ago.
    assert request.overdue_steps == 1
    serve(officer, request, today() - 10 * DAY)
    assert deadlines_of(request, today())["draft"].status == "late"
    assert reload(request).overdue_steps == 0


def test_serving_on_the_day_of_the_decision_to_issue_is_accepted(officer, issue_decided):
    serve(officer, issue_decided, issue_decided.issue_decided_on)
    assert reload(issue_decided).draft_served_on == issue_decided.issue_decided_on


@pytest.mark.parametrize(
    "served_on",
    [lambda r: r.issue_decided_on - DAY, lambda r: today() + DAY, lambda r: None],
    ids=["before-decision-to-issue", "future", "missing"],
)
def test_refuses_a_bad_service_date(officer, issue_decided, served_on):
    before = snapshot(issue_decided)
    with pytest.raises(ServiceError) as exc:
        serve(officer, issue_decided, served_on(issue_decided))
    assert exc.value.field == "served_on"
    assert snapshot(issue_decided) == before


def test_cannot_serve_the_draft_twice(officer, issue_decided):
    serve(officer, issue_decided, today() - 5 * DAY)
    with pytest.raises(InvalidTransition):
        serve(officer, issue_decided, today())
    assert reload(issue_decided).draft_served_on == today() - 5 * DAY


# --- the family's response -------------------------------------------------------------------------


@pytest.fixture
def draft_served(officer, issue_decided):
    serve(officer, issue_decided, today() - 5 * DAY)
    return reload(issue_decided)


def respond(user, request, **kwargs):
    args = {"received_on": today() - 2 * DAY} | kwargs
    return services.draft_response_record(acting_user=user, request=request, **args)


def test_recording_the_familys_response(officer, draft_served):
    school = EstablishmentFactory(name="Brookside Academy")
    received = today() - 2 * DAY
    respond(
        officer,
        draft_served,
        received_on=received,
        preferred_establishment=school,
        preference_notes="  Near grandparents  ",
        meeting_requested=True,
        comments="  Section F needs more detail  ",
    )
    saved = reload(draft_served)
    assert saved.status == S.DRAFT_SERVED
    assert saved.family_comments_received_on == received
    assert saved.family_preferred_establishment == school
    assert saved.family_preference_notes == "Near grandparents"
    assert saved.meeting_requested is True
    assert saved.version == draft_served.version + 1
    event = last_event(draft_served)
    assert event.kind == EventKind.DRAFT_RESPONSE
    assert (event.old_state, event.new_state) == ("", "")
    assert event.reason == "Section F needs more detail"
    assert "Brookside Academy" in event.summary
    assert "meeting" in event.summary
    assert event.data == {
        "request_id": draft_served.pk,
        "preferred_establishment_id": school.pk,
        "meeting_requested": True,
    }
    # The response is recorded against the comment period; the period itself does not move.
    comments = deadlines_of(saved, today())["comments"]
    assert (comments.due, comments.done) == (draft_served.draft_served_on + 14 * DAY, received)


def test_a_response_without_a_school_or_meeting(officer, draft_served):
    respond(officer, draft_served)
    event = last_event(draft_served)
    assert event.summary == "Family's response to the draft plan received"
    assert event.data["preferred_establishment_id"] is None
    assert event.data["meeting_requested"] is False


def test_preference_notes_are_cut_to_the_field_length(officer, draft_served):
    respond(officer, draft_served, preference_notes="y" * 500)
    assert reload(draft_served).family_preference_notes == "y" * 300


@pytest.mark.parametrize(
    "received_on",
    [lambda r: r.draft_served_on - DAY, lambda r: today() + DAY, lambda r: None],
    ids=["before-service", "future", "missing"],
)
def test_refuses_a_bad_response_date(officer, draft_served, received_on):
    before = snapshot(draft_served)
    with pytest.raises(ServiceError) as exc:
        respond(officer, draft_served, received_on=received_on(draft_served))
    assert exc.value.field == "received_on"
    assert snapshot(draft_served) == before


# --- consulting schools and settings ---------------------------------------------------------------


def consult(user, request, establishment=None, sent_on=None):
    return services.consultation_send(
        acting_user=user,
        request=request,
        establishment=establishment or EstablishmentFactory(),
        sent_on=sent_on or today() - 8 * DAY,
    )


def test_consulting_a_school_creates_a_consultation(officer, issue_decided):
    school = EstablishmentFactory(name="Brookside Academy")
    sent = today() - 8 * DAY
    consultation = consult(officer, issue_decided, school, sent)
    saved = Consultation.objects.get(pk=consultation.pk)
    assert (saved.request_id, saved.establishment, saved.sent_on) == (issue_decided.pk, school, sent)
    assert saved.answered_on is None
    assert saved.created_by == officer
    event = last_event(issue_decided)
    assert event.kind == EventKind.CONSULTATION_SENT
    assert (event.subject_type, event.subject_id) == ("consultation", consultation.pk)
    assert event.data == {
        "request_id": issue_decided.pk,
        "consultation_id": consultation.pk,
        "establishment_id": school.pk,
    }
    assert f"answer expected by {sent + 15 * DAY:%-d %B %Y}" in event.summary
    assert reload(issue_decided).status == S.ISSUE_DECIDED


def test_the_consultation_is_due_15_days_after_it_was_sent(officer, issue_decided):
    sent = today() - 8 * DAY
    consultation = consult(officer, issue_decided, EstablishmentFactory(name="Brookside Academy"), sent)
    deadline = deadlines_of(issue_decided, today())[f"consultation:{consultation.pk}"]
    assert deadline.due == sent + 15 * DAY
    assert (deadline.status, deadline.is_open, deadline.days_left) == ("due", True, 7)
    saved = reload(issue_decided)
    # Due before the latest draft date, so it is the next thing to chase.
    assert saved.next_step == "Answer from Brookside Academy"
    assert saved.next_due == sent + 15 * DAY


def test_an_unanswered_consultation_past_15_days_is_counted_overdue(officer, issue_decided):
    consultation = consult(officer, issue_decided, sent_on=issue_decided.issue_decided_on)
    deadline = deadlines_of(issue_decided, today())[f"consultation:{consultation.pk}"]
    assert deadline.status == "due"
    # Sent 10 days ago: due in 5 days. Seen 6 days from now it is overdue.
    later = deadlines_of(issue_decided, today() + 6 * DAY)[f"consultation:{consultation.pk}"]
    assert later.status == "overdue"


def test_a_school_may_be_consulted_after_the_draft_is_served(officer, draft_served):
    consultation = consult(officer, draft_served, sent_on=today())
    assert consultation.request_id == draft_served.pk


def test_refuses_a_second_consultation_with_a_school_that_has_not_answered(officer, issue_decided):
    school = EstablishmentFactory()
    consult(officer, issue_decided, school)
    before = snapshot(issue_decided)
    with pytest.raises(ServiceError) as exc:
        consult(officer, issue_decided, school, today())
    assert exc.value.field == "establishment"
    assert "already been consulted" in exc.value.message
    assert snapshot(issue_decided) == before


def test_another_school_may_be_consulted_at_the_same_time(officer, issue_decided):
    consult(officer, issue_decided)
    consult(officer, issue_decided)
    assert issue_decided.consultations.count() == 2


def test_a_school_that_has_answered_may_be_consulted_again(officer, issue_decided):
    school = EstablishmentFactory()
    first = consult(officer, issue_decided, school)
    services.consultation_answer_record(
        acting_user=officer, consultation=first, answered_on=today() - 2 * DAY, outcome="cannot_meet"
    )
    second = consult(officer, issue_decided, school, today())
    assert second.pk != first.pk
    assert issue_decided.consultations.filter(establishment=school).count() == 2


@pytest.mark.parametrize(
    "sent_on",
    [lambda r: r.issue_decided_on - DAY, lambda r: today() + DAY],
    ids=["before-decision-to-issue", "future"],
)
def test_refuses_a_bad_consultation_date(officer, issue_decided, sent_on):
    before = snapshot(issue_decided)
    with pytest.raises(ServiceError) as exc:
        consult(officer, issue_decided, sent_on=sent_on(issue_decided))
    assert exc.value.field == "sent_on"
    assert snapshot(issue_decided) == before


# --- the school's answer ---------------------------------------------------------------------------


@pytest.fixture
def consultation(officer, issue_decided):
    return consult(officer, issue_decided, EstablishmentFactory(name="Brookside Academy"), today() - 8 * DAY)


def answer(user, consultation, **kwargs):
    args = {"answered_on": today() - DAY, "outcome": ConsultationOutcome.CAN_MEET} | kwargs
    return services.consultation_answer_record(acting_user=user, consultation=consultation, **args)


@pytest.mark.parametrize("outcome", ConsultationOutcome.values)
def test_recording_the_answer(officer, consultation, outcome):
    answered = today() - DAY
    answer(officer, consultation, answered_on=answered, outcome=outcome, notes="  Needs a 1:1  ")
    saved = Consultation.objects.get(pk=consultation.pk)
    assert (saved.answered_on, saved.outcome, saved.notes) == (answered, outcome, "Needs a 1:1")
    event = last_event(consultation.request)
    assert event.kind == EventKind.CONSULTATION_ANSWERED
    assert event.data == {
        "request_id": consultation.request_id,
        "consultation_id": consultation.pk,
        "outcome": outcome,
    }
    assert event.summary.startswith("Brookside Academy answered: ")
    deadline = deadlines_of(consultation.request, today())[f"consultation:{consultation.pk}"]
    assert (deadline.status, deadline.is_open) == ("on_time", False)


@pytest.mark.parametrize(("days_to_answer", "status"), [(15, "on_time"), (16, "late")])
def test_an_answer_after_15_days_is_shown_late(officer, child, days_to_answer, status):
    tl = Timeline.ago(100, issue_decided=today() - 30 * DAY)
    request = drive_to(
        S.ISSUE_DECIDED, user=officer, child=child, timeline=tl, with_advice=False, with_consultation=False
    )
    sent = today() - 25 * DAY
    consultation = consult(officer, request, sent_on=sent)
    answer(officer, consultation, answered_on=sent + days_to_answer * DAY)
    deadline = deadlines_of(request, today())[f"consultation:{consultation.pk}"]
    assert deadline.status == status


@pytest.mark.parametrize("outcome", ["", "maybe", None])
def test_refuses_an_unknown_outcome(officer, consultation, outcome):
    before = snapshot(consultation.request)
    with pytest.raises(ServiceError) as exc:
        answer(officer, consultation, outcome=outcome)
    assert exc.value.field == "outcome"
    assert snapshot(consultation.request) == before


@pytest.mark.parametrize(
    "answered_on",
    [lambda c: c.sent_on - DAY, lambda c: today() + DAY, lambda c: None],
    ids=["before-sent", "future", "missing"],
)
def test_refuses_a_bad_answer_date(officer, consultation, answered_on):
    before = snapshot(consultation.request)
    with pytest.raises(ServiceError) as exc:
        answer(officer, consultation, answered_on=answered_on(consultation))
    assert exc.value.field == "answered_on"
    assert snapshot(consultation.request) == before


def test_refuses_a_second_answer(officer, consultation):
    answer(officer, consultation, outcome=ConsultationOutcome.CAN_MEET)
    before = snapshot(consultation.request)
    with pytest.raises(InvalidTransition):
        answer(officer, consultation, outcome=ConsultationOutcome.CANNOT_MEET)
    assert Consultation.objects.get(pk=consultation.pk).outcome == ConsultationOutcome.CAN_MEET
    assert snapshot(consultation.request) == before


# --- who may ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("user_fixture", ["read_only_user", "outsider"])
@pytest.mark.parametrize(
    "action",
    [
        lambda u, c: serve(u, c.request, today()),
        lambda u, c: consult(u, c.request),
        lambda u, c: answer(u, c),
    ],
    ids=["serve", "consult", "answer"],
)
def test_refuses_users_who_cannot_edit_cases(request, consultation, user_fixture, action):
    before = snapshot(consultation.request)
    with pytest.raises(NotPermitted):
        action(request.getfixturevalue(user_fixture), consultation)
    assert snapshot(consultation.request) == before


@pytest.mark.parametrize("user_fixture", ["read_only_user", "outsider"])
def test_refuses_a_response_from_users_who_cannot_edit_cases(request, draft_served, user_fixture):
    before = snapshot(draft_served)
    with pytest.raises(NotPermitted):
        respond(request.getfixturevalue(user_fixture), draft_served)
    assert snapshot(draft_served) == before
