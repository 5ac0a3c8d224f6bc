"""final_plan_issue: the final EHC plan, due within 20 weeks of the request (Regs 13(2)) and not before
the family's 15 days on the draft have run (Regs 13(1))."""

import pytest

from sendcase.assessments import services
from sendcase.assessments.deadlines import request_deadlines
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError
from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people.events import EventKind
from sendcase.plans.models import EHCPlan, PlanStatus
from tests.factories import EstablishmentFactory

from .helpers import DAY, S, Timeline, drive_to, last_event, reload, snapshot, today

pytestmark = pytest.mark.django_db

WEEKS_20 = 20 * 7 * DAY


@pytest.fixture
def draft_served(officer, child):
    """Received 200 days ago; draft served 100 days ago; advice and one consultation outstanding."""
    return drive_to(S.DRAFT_SERVED, user=officer, child=child, timeline=Timeline.ago(200))


def issue(user, request, **kwargs):
    args = {"issued_on": request.draft_served_on + 20 * DAY} | kwargs
    return services.final_plan_issue(acting_user=user, request=request, **args)


def test_issuing_creates_the_ehc_plan(officer, draft_served):
    school = EstablishmentFactory()
    issued = draft_served.draft_served_on + 20 * DAY
    plan = issue(officer, draft_served, issued_on=issued, named_establishment=school)
    saved = EHCPlan.objects.get(pk=plan.pk)
    assert saved.child_id == draft_served.child_id
    assert saved.request_id == draft_served.pk
    assert saved.issued_on == issued
    assert saved.named_establishment == school
    assert saved.status == PlanStatus.ACTIVE
    assert saved.created_by == officer


def test_issuing_closes_the_request(officer, draft_served):
    issued = draft_served.draft_served_on + 20 * DAY
    issue(officer, draft_served, issued_on=issued)
    saved = reload(draft_served)
    assert saved.status == S.FINAL_ISSUED
    assert saved.final_issued_on == issued
    assert saved.closed_on == issued
    assert saved.version == draft_served.version + 1
    # Outstanding advice and consultations no longer drive the worklist.
    assert (saved.next_step, saved.next_due, saved.overdue_steps) == ("", None, 0)


def test_issuing_writes_an_event_and_audits_both_records(officer, draft_served):
    school = EstablishmentFactory()
    issued = draft_served.draft_served_on + 20 * DAY
    plan = issue(officer, draft_served, issued_on=issued, named_establishment=school)
    event = last_event(draft_served)
    assert event.kind == EventKind.FINAL_PLAN_ISSUED
    assert (event.old_state, event.new_state) == (S.DRAFT_SERVED, S.FINAL_ISSUED)
    assert event.occurred_on == issued
    assert event.data == {
        "request_id": draft_served.pk,
        "plan_id": plan.pk,
        "within_20_weeks": True,
        "named_establishment_id": school.pk,
    }
    plan_entry = AuditEntry.objects.get(object_type="plans.EHCPlan", object_id=str(plan.pk))
    assert (plan_entry.action, plan_entry.user, plan_entry.child_id) == (
        AuditAction.CREATE,
        officer,
        draft_served.child_id,
    )
    request_entry = (
        AuditEntry.objects.filter(object_type="assessments.AssessmentRequest", object_id=str(draft_served.pk))
        .order_by("id")
        .last()
    )
    assert request_entry.action == AuditAction.UPDATE


def test_without_a_named_school(officer, draft_served):
    plan = issue(officer, draft_served)
    assert plan.named_establishment is None
    assert last_event(draft_served).data["named_establishment_id"] is None


@pytest.mark.parametrize(
    ("days_after_receipt", "within", "status"),
    [
        (120, True, "on_time"),
        (140, True, "on_time"),  # on the due date is on time
        (141, False, "late"),
        (180, False, "late"),
    ],
)
def test_event_says_whether_the_plan_came_within_20_weeks(officer, child, days_after_receipt, within, status):
    request = drive_to(S.DRAFT_SERVED, user=officer, child=child, timeline=Timeline.ago(200))
    issued = request.received_on + days_after_receipt * DAY
    issue(officer, request, issued_on=issued)
    event = last_event(request)
    assert event.data["within_20_weeks"] is within
    assert f"after {days_after_receipt // 7} weeks" in event.summary
    assert event.summary.endswith("(later than 20 weeks)") is not within
    saved = reload(request)
    final = next(d for d in request_deadlines(saved, [], [], [], today()) if d.key == "final_plan")
    assert (final.due, final.done, final.status) == (saved.received_on + WEEKS_20, issued, status)


def test_a_late_plan_under_an_exception_is_excepted_but_still_not_within_20_weeks(officer, child):
    request = drive_to(S.DRAFT_SERVED, user=officer, child=child, timeline=Timeline.ago(200))
    services.exception_record(
        acting_user=officer,
        request=request,
        step="final_plan",
        reason="absence_from_area",
        starts_on=request.received_on + 30 * DAY,
    )
    issue(officer, request, issued_on=request.received_on + 150 * DAY)
    # The exception stops the limit applying; the plan still was not issued within 20 weeks (SEN2).
    assert last_event(request).data["within_20_weeks"] is False
    saved = reload(request)
    final = next(
        d
        for d in request_deadlines(saved, [], [], list(saved.exceptions.all()), today())
        if d.key == "final_plan"
    )
    assert final.status == "excepted"


def test_cannot_issue_before_the_family_has_had_15_days(officer, draft_served):
    before = snapshot(draft_served)
    with pytest.raises(ServiceError) as exc:
        issue(officer, draft_served, issued_on=draft_served.draft_served_on + 14 * DAY)
    assert exc.value.field == "issued_on"
    assert "15 days to comment" in exc.value.message
    assert snapshot(draft_served) == before
    assert not EHCPlan.objects.exists()


def test_may_issue_on_the_15th_day_after_service(officer, draft_served):
    plan = issue(officer, draft_served, issued_on=draft_served.draft_served_on + 15 * DAY)
    assert plan.issued_on == draft_served.draft_served_on + 15 * DAY


def test_cannot_issue_at_all_while_the_comment_period_is_still_running(officer, child):
    tl = Timeline.ago(
        60, issue_decided=today() - 10 * DAY, consultation_sent=today() - 9 * DAY, served=today() - 5 * DAY
    )
    request = drive_to(S.DRAFT_SERVED, user=officer, child=child, timeline=tl)
    before = snapshot(request)
    with pytest.raises(ServiceError) as exc:
        issue(officer, request, issued_on=today())
    assert exc.value.field == "issued_on"
    assert snapshot(request) == before


@pytest.mark.parametrize("issued_on", [lambda r: today() + DAY, lambda r: None], ids=["future", "missing"])
def test_refuses_a_bad_issue_date(officer, draft_served, issued_on):
    before = snapshot(draft_served)
    with pytest.raises(ServiceError) as exc:
        issue(officer, draft_served, issued_on=issued_on(draft_served))
    assert exc.value.field == "issued_on"
    assert snapshot(draft_served) == before


def test_refuses_a_child_who_already_has_a_plan_in_force(officer, draft_served):
    existing = EHCPlan.objects.create(child=draft_served.child, issued_on=today() - 400 * DAY)
    before = snapshot(draft_served)
    with pytest.raises(ServiceError) as exc:
        issue(officer, draft_served)
    assert exc.value.field == "issued_on"
    assert "already has an EHC plan in force" in exc.value.message
    assert snapshot(draft_served) == before
    assert list(EHCPlan.objects.all()) == [existing]


@pytest.mark.parametrize("status", [PlanStatus.CEASED, PlanStatus.TRANSFERRED_OUT])
def test_a_plan_no_longer_in_force_does_not_block(officer, draft_served, status):
    EHCPlan.objects.create(child=draft_served.child, issued_on=today() - 400 * DAY, status=status)
    plan = issue(officer, draft_served)
    assert draft_served.child.plans.filter(status=PlanStatus.ACTIVE).get() == plan


def test_another_childs_plan_does_not_block(officer, draft_served):
    other = drive_to(S.FINAL_ISSUED, user=officer)
    assert other.child_id != draft_served.child_id
    assert issue(officer, draft_served).status == PlanStatus.ACTIVE


def test_cannot_issue_twice(officer, draft_served):
    issue(officer, draft_served)
    with pytest.raises(InvalidTransition):
        issue(officer, draft_served)
    assert EHCPlan.objects.count() == 1


@pytest.mark.parametrize("user_fixture", ["read_only_user", "outsider"])
def test_refuses_users_who_cannot_edit_cases(request, draft_served, user_fixture):
    before = snapshot(draft_served)
    with pytest.raises(NotPermitted):
        issue(request.getfixturevalue(user_fixture), draft_served)
    assert snapshot(draft_served) == before
    assert not EHCPlan.objects.exists()
