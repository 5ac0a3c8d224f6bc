"""request_record: a new request for an EHC needs assessment starts the 20-week clock (Regs 5(1), 13(2))."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from sendcase.assessments import services
from sendcase.assessments.models import AssessmentRequest, RequestSource, RequestStatus
from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent
from tests.factories import ChildFactory, EstablishmentFactory

from .helpers import DAY, OPEN_STATES, drive_to, today

pytestmark = pytest.mark.django_db


def record(user, child, **kwargs):
    args = {"received_on": today() - 10 * DAY, "source": RequestSource.PARENT} | kwargs
    return services.request_record(acting_user=user, child=child, **args)


def test_creates_a_received_request_with_every_detail(officer, child):
    school = EstablishmentFactory()
    received = today() - 10 * DAY
    request = record(
        officer,
        child,
        received_on=received,
        source=RequestSource.SCHOOL,
        requester_name="Ms Senco",
        requesting_establishment=school,
        summary="Speech and language needs",
    )
    saved = AssessmentRequest.objects.get(pk=request.pk)
    assert saved.child == child
    assert saved.status == RequestStatus.RECEIVED
    assert saved.received_on == received
    assert saved.source == RequestSource.SCHOOL
    assert saved.requester_name == "Ms Senco"
    assert saved.requesting_establishment == school
    assert saved.summary == "Speech and language needs"
    assert saved.version == 1
    assert saved.closed_on is None
    assert saved.assessment_decided_on is None
    assert saved.created_by == officer
    assert saved.updated_by == officer


def test_next_step_is_the_decision_due_six_weeks_after_receipt(officer, child):
    received = today() - 10 * DAY
    request = AssessmentRequest.objects.get(pk=record(officer, child, received_on=received).pk)
    assert request.next_step == "Decide whether to assess"
    assert request.next_due == received + dt.timedelta(days=42)
    assert request.overdue_steps == 0


def test_received_today_is_accepted(officer, child):
    request = record(officer, child, received_on=today())
    assert request.next_due == today() + dt.timedelta(days=42)


def test_received_on_the_childs_date_of_birth_is_accepted(officer):
    child = ChildFactory(date_of_birth=today() - 400 * DAY)
    request = record(officer, child, received_on=child.date_of_birth)
    assert request.received_on == child.date_of_birth


@pytest.mark.parametrize(
    ("days_ago", "overdue"),
    [
        (42, 0),  # the decision is due today: not yet overdue
        (43, 1),  # the decision is one day overdue
        (140, 1),  # the final plan is due today
        (141, 2),  # the decision and the final plan are both overdue
    ],
)
def test_an_old_request_is_recorded_with_its_overdue_steps(officer, child, days_ago, overdue):
    received = today() - days_ago * DAY
    request = record(officer, child, received_on=received)
    assert request.overdue_steps == overdue
    # Tracking always points at the nearest open step, overdue or not.
    assert request.next_due == received + 42 * DAY


def test_writes_a_request_received_case_event(officer, child):
    received = today() - 10 * DAY
    request = record(officer, child, received_on=received, source=RequestSource.HEALTH)
    event = CaseEvent.objects.get(child=child)
    assert event.kind == EventKind.REQUEST_RECEIVED
    assert event.old_state == ""
    assert event.new_state == RequestStatus.RECEIVED
    assert event.occurred_on == received
    assert event.actor == officer
    assert event.subject_type == "assessmentrequest"
    assert event.subject_id == request.pk
    assert event.data == {"request_id": request.pk, "source": "health"}
    assert event.visible_to_family is True
    assert "health" in event.summary


def test_writes_an_audit_entry(officer, child):
    request = record(officer, child)
    entry = AuditEntry.objects.get(object_type="assessments.AssessmentRequest", object_id=str(request.pk))
    assert entry.action == AuditAction.CREATE
    assert entry.user == officer
    assert entry.username == "officer"
    assert entry.child_id == child.pk


@pytest.mark.parametrize("source", RequestSource.values)
def test_every_request_source_is_accepted(officer, child, source):
    assert record(officer, child, source=source).source == source


def assert_nothing_written(child):
    assert not AssessmentRequest.objects.filter(child=child).exists()
    assert not CaseEvent.objects.filter(child=child).exists()
    assert not AuditEntry.objects.filter(child_id=child.pk).exists()


@pytest.mark.parametrize("source", ["", "teacher", "PARENT", None])
def test_refuses_an_unknown_source(officer, child, source):
    with pytest.raises(ServiceError) as exc:
        record(officer, child, source=source)
    assert exc.value.field == "source"
    assert_nothing_written(child)


def test_refuses_a_future_date(officer, child):
    with pytest.raises(ServiceError) as exc:
        record(officer, child, received_on=today() + DAY)
    assert exc.value.field == "received_on"
    assert "today or in the past" in exc.value.message
    assert_nothing_written(child)


def test_refuses_a_missing_date(officer, child):
    with pytest.raises(ServiceError) as exc:
        record(officer, child, received_on=None)
    assert exc.value.field == "received_on"
    assert_nothing_written(child)


def test_refuses_a_date_before_the_child_was_born(officer):
    child = ChildFactory(date_of_birth=today() - 400 * DAY)
    with pytest.raises(ServiceError) as exc:
        record(officer, child, received_on=child.date_of_birth - DAY)
    assert exc.value.field == "received_on"
    assert "date of birth" in exc.value.message
    assert_nothing_written(child)


@pytest.mark.parametrize("open_state", OPEN_STATES)
def test_refuses_a_second_request_while_one_is_open(officer, child, open_state):
    first = drive_to(open_state, user=officer, child=child)
    events_before = CaseEvent.objects.count()
    with pytest.raises(ServiceError) as exc:
        record(officer, child, received_on=today())
    assert exc.value.field == "received_on"
    assert "already has an open request" in exc.value.message
    assert list(AssessmentRequest.objects.filter(child=child)) == [first]
    assert CaseEvent.objects.count() == events_before


@pytest.mark.parametrize(
    "closed_state",
    [
        RequestStatus.NOT_ASSESSING,
        RequestStatus.NOT_ISSUING,
        RequestStatus.WITHDRAWN,
        RequestStatus.MOVED_OUT,
        RequestStatus.FINAL_ISSUED,
    ],
)
def test_a_new_request_may_follow_a_closed_one(officer, child, closed_state):
    drive_to(closed_state, user=officer, child=child)
    second = record(officer, child, received_on=today())
    assert second.status == RequestStatus.RECEIVED
    assert AssessmentRequest.objects.filter(child=child).count() == 2


def test_another_childs_open_request_does_not_block(officer, child):
    drive_to(RequestStatus.RECEIVED, user=officer)
    assert record(officer, child).status == RequestStatus.RECEIVED


@pytest.mark.parametrize("user_fixture", ["read_only_user", "outsider"])
def test_refuses_users_who_cannot_edit_cases(request, child, user_fixture):
    user = request.getfixturevalue(user_fixture)
    with pytest.raises(NotPermitted):
        record(user, child)
    assert_nothing_written(child)


def test_refuses_an_anonymous_user(child):
    with pytest.raises(NotPermitted):
        record(AnonymousUser(), child)
    assert_nothing_written(child)


def test_refuses_a_deactivated_officer(officer, child):
    officer.is_active = False
    officer.save()
    with pytest.raises(NotPermitted):
        record(officer, child)
    assert_nothing_written(child)


@pytest.mark.parametrize("user_fixture", ["manager", "head_of_service", "administrator", "service_account"])
def test_other_editing_roles_may_record(request, child, user_fixture):
    user = request.getfixturevalue(user_fixture)
    assert record(user, child).created_by == user
