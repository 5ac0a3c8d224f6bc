"""The synthetic authority (`manage.py seed_demo`): complete, consistent, deterministic, and made of exactly
the rows the services write.

One authority of 150 children is seeded per module (as of today, so its histories can be replayed
through the services, which refuse future dates) and shared by the read-only checks; anything that
writes runs in its own test transaction on top of it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone

from sendcase import statutory
from sendcase.assessments import services
from sendcase.assessments.models import (
    OPEN_STATUSES,
    AdviceRequest,
    AssessmentRequest,
    Consultation,
    RequestStatus,
    Step,
    StepException,
)
from sendcase.caseload import selectors as caseload_selectors
from sendcase.caseload.models import Allocation
from sendcase.caseload.services import allocation_assign
from sendcase.core.identifiers import validate_nhs_number, validate_postcode, validate_uln, validate_upn
from sendcase.core.models import Role, User
from sendcase.demo import population, proportions, staff
from sendcase.people import services as people_services
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Child, Contact
from sendcase.plans.models import EHCPlan
from sendcase.settings_data.codes import Ethnicity, NeedType, Sex
from tests.factories import ChildFactory

from .replay import (
    ADVICE_FIELDS,
    CESSATION_FIELDS,
    CONSULTATION_FIELDS,
    EXCEPTION_FIELDS,
    PHASE_FIELDS,
    PLACEMENT_FIELDS,
    PLAN_FIELDS,
    PLAN_ROW_FIELDS,
    REQUEST_FIELDS,
    REVIEW_FIELDS,
    VERSION_FIELDS,
    event_rows,
    plan_event_rows,
    plan_events,
    replay,
    replay_plan,
    request_events,
    values,
)

S = RequestStatus
CHILDREN = 150
SEED = 7
# Small enough that 150 children's open cases can put an officer over it (the real default is 60).
THRESHOLD = 5
PASSWORD = "demo-only-password"

# The transitions a request's events may show: (old state, kind) -> new state.
PATH = {
    ("", EventKind.REQUEST_RECEIVED): S.RECEIVED,
    (S.RECEIVED, EventKind.ASSESSMENT_AGREED): S.ASSESSING,
    (S.RECEIVED, EventKind.ASSESSMENT_REFUSED): S.NOT_ASSESSING,
    (S.ASSESSING, EventKind.ISSUE_AGREED): S.ISSUE_DECIDED,
    (S.ASSESSING, EventKind.ISSUE_REFUSED): S.NOT_ISSUING,
    (S.ISSUE_DECIDED, EventKind.DRAFT_SERVED): S.DRAFT_SERVED,
    (S.DRAFT_SERVED, EventKind.FINAL_PLAN_ISSUED): S.FINAL_ISSUED,
    **{(state, EventKind.REQUEST_WITHDRAWN): S.WITHDRAWN for state in OPEN_STATUSES},
    **{(state, EventKind.MOVED_OUT): S.MOVED_OUT for state in OPEN_STATUSES},
}


def _wipe() -> None:
    # TRUNCATE on PostgreSQL (the audit log refuses row deletes there), DELETE on SQLite; then the
    # content types and permissions that migrations made are made again.
    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The output of one seed run; its rows stay in the database for the module."""
    with django_db_blocker.unblock():
        _wipe()
        out = StringIO()
        with override_settings(DEBUG=True, CASELOAD_THRESHOLD=THRESHOLD):
            call_command("seed_demo", children=CHILDREN, seed=SEED, stdout=out)
        try:
            yield {"output": out.getvalue(), "as_of": timezone.localdate()}
        finally:
            _wipe()


@pytest.fixture
def as_of(seeded, db):
    return seeded["as_of"]


def _requests() -> list[AssessmentRequest]:
    return list(AssessmentRequest.objects.select_related("child").order_by("id"))


# --- Completeness -------------------------------------------------------------------------------------


def test_every_stage_is_present(as_of):
    statuses = Counter(AssessmentRequest.objects.values_list("status", flat=True))
    assert set(statuses) == set(S.values), f"missing: {set(S.values) - set(statuses)}"


def test_overdue_and_excepted_cases_are_present(as_of):
    open_requests = AssessmentRequest.objects.filter(status__in=OPEN_STATUSES)
    assert open_requests.filter(overdue_steps__gt=0).exists(), "no open request has an overdue step"
    assert open_requests.filter(next_due__gte=as_of).exists(), "no open request has a step still to come"
    for step in Step.values:
        assert StepException.objects.filter(step=step).exists(), f"no exception to {step}"
    assessing = AdviceRequest.objects.filter(request__status=S.ASSESSING)
    assert assessing.filter(received_on__isnull=False).exists(), "no advice received on an open assessment"
    assert assessing.filter(received_on__isnull=True, exception_reason="").exists(), "no advice awaited"
    overdue = statutory.advice_due  # advice requested more than 6 weeks ago and still awaited
    assert any(
        overdue(a.requested_on) < as_of
        for a in assessing.filter(received_on__isnull=True, exception_reason="")
    ), "no advice overdue"
    assert assessing.filter(received_on__isnull=True).exclude(exception_reason="").exists(), (
        "no advice excepted"
    )
    assert AdviceRequest.objects.filter(times_chased__gt=0).exists(), "no advice chased"
    drafts = Consultation.objects.filter(request__status=S.DRAFT_SERVED)
    assert drafts.filter(answered_on__isnull=True).exists(), "no consultation outstanding on a draft"
    assert drafts.filter(answered_on__isnull=False).exists(), "no consultation answered on a draft"


def test_children_contacts_and_allocations(as_of):
    assert Child.objects.count() == CHILDREN
    children = list(Child.objects.all())
    ages = [(as_of - c.date_of_birth).days / 365.25 for c in children]
    assert min(ages) >= 0 and max(ages) < 26
    assert {c.sex for c in children} <= set(Sex.values)
    assert {c.ethnicity for c in children} <= set(Ethnicity.values)
    assert len({c.ethnicity for c in children}) >= 5
    contacts = Contact.objects.all()
    assert not Child.objects.filter(contacts__isnull=True).exists(), "every child has a contact"
    assert contacts.filter(interpreter_needed=True).exists(), "some contacts need an interpreter"
    assert contacts.filter(preferred_contact="letter").exists(), "some contacts prefer letters"
    assert Contact.objects.filter(is_main_contact=True).count() == CHILDREN
    # A few percent of open cases have nobody holding them; most do.
    open_children = set(
        AssessmentRequest.objects.filter(status__in=OPEN_STATUSES).values_list("child_id", flat=True)
    )
    held = set(Allocation.objects.filter(ended_at__isnull=True).values_list("child_id", flat=True))
    assert open_children - held, "some open cases are unallocated"
    assert len(open_children & held) > len(open_children) * 0.7


def test_one_or_two_officers_over_the_threshold(as_of):
    head = User.objects.get(username="head")
    with override_settings(CASELOAD_THRESHOLD=THRESHOLD):
        loads = caseload_selectors.caseloads(head)
    over = [c for c in loads if c.over_threshold]
    assert 1 <= len(over) <= 2, [(c.officer.username, c.open_cases) for c in loads]
    assert "busy.officer" in {c.officer.username for c in over}
    assert all(c.open_cases <= c.threshold for c in loads if c.officer.username == "officer")


def test_staff_and_logins_are_printed(seeded, as_of):
    output = seeded["output"]
    for username, role in [
        ("officer", Role.CASE_OFFICER),
        ("busy.officer", Role.CASE_OFFICER),
        ("manager", Role.TEAM_MANAGER),
        ("head", Role.HEAD_OF_SERVICE),
        ("board", Role.READ_ONLY),
        ("admin", Role.ADMINISTRATOR),
        ("integration", Role.SERVICE_ACCOUNT),
    ]:
        user = User.objects.get(username=username)
        assert user.role == role
        assert user.check_password(PASSWORD)
        line = next(line for line in output.splitlines() if line.strip().startswith(username + " "))
        assert PASSWORD in line and Role(role).label in line
    # Every other synthetic account exists but cannot sign in.
    others = User.objects.exclude(username__in=staff.DEMO_USERNAMES)
    assert others.exists() and not any(u.has_usable_password() for u in others)


# --- Exactly what the services write ----------------------------------------------------------------


def test_events_follow_each_request_state_path(as_of):
    for request in _requests():
        state = ""
        events = request_events(request)
        assert events[0].kind == EventKind.REQUEST_RECEIVED
        for event in events:
            assert event.subject_type in {
                "assessmentrequest",
                "advicerequest",
                "consultation",
                "stepexception",
            }
            if event.old_state or event.kind == EventKind.REQUEST_RECEIVED:
                assert event.old_state == state, (request.pk, event.kind)
                assert PATH[(state, event.kind)] == event.new_state, (request.pk, event.kind)
                state = event.new_state
            else:
                assert event.new_state == ""
        assert state == request.status, request.pk
        assert request.version == len(events), "each step after the request bumps the version once"


def test_tracking_is_what_refresh_tracking_computes(as_of):
    for request in _requests():
        stored = (request.next_step, request.next_due, request.overdue_steps)
        services.refresh_tracking(request, as_of=as_of)
        assert (request.next_step, request.next_due, request.overdue_steps) == stored, request.pk


def _same_plan_rows(seeded: EHCPlan, child: Child, plan: EHCPlan | None, monkeypatch) -> None:
    """The seeded plan's life, driven through the plan services: the same rows and events (ids mapped)."""
    from sendcase.plans.models import AnnualReview, Cessation, PhaseTransfer, Placement, PlanVersion

    result = replay_plan(seeded, child, plan, monkeypatch)
    again = EHCPlan.objects.get(pk=result.map("ehcplan", seeded.pk))
    assert values(again, PLAN_ROW_FIELDS) == values(seeded, PLAN_ROW_FIELDS), seeded.pk
    for model, names, key in [
        (PlanVersion, VERSION_FIELDS, "plan"),
        (AnnualReview, REVIEW_FIELDS, "plan"),
        (Cessation, CESSATION_FIELDS, "plan"),
        (PhaseTransfer, PHASE_FIELDS, "plan"),
        (Placement, PLACEMENT_FIELDS, "child"),
    ]:
        owner_old, owner_new = (seeded, again) if key == "plan" else (seeded.child, child)
        old = [values(x, names) for x in model.objects.filter(**{key: owner_old}).order_by("id")]
        new = [values(x, names) for x in model.objects.filter(**{key: owner_new}).order_by("id")]
        assert new == old, (seeded.pk, model.__name__)
    assert plan_event_rows(plan_events(child.pk), None) == plan_event_rows(
        plan_events(seeded.child_id), result
    ), seeded.pk


def test_replaying_through_the_services_writes_the_same_rows(as_of, monkeypatch):
    """Each seeded request, driven step by step through the real services on a new child, gives the same
    request, advice, consultations, exceptions, plan and events (ids mapped); then the plan's versions,
    placements, reviews, phase transfers and cessation, driven through the plan services, give the same
    rows and events too."""
    for seeded in _requests():
        child = ChildFactory(date_of_birth=seeded.child.date_of_birth, locality=seeded.child.locality)
        result = replay(seeded, child)
        again = result.request
        assert values(again, REQUEST_FIELDS) == values(seeded, REQUEST_FIELDS), seeded.pk
        for model, names, related in [
            (AdviceRequest, ADVICE_FIELDS, "advicerequest"),
            (Consultation, CONSULTATION_FIELDS, "consultation"),
            (StepException, EXCEPTION_FIELDS, "stepexception"),
        ]:
            old = [values(x, names) for x in model.objects.filter(request=seeded).order_by("id")]
            new = [values(x, names) for x in model.objects.filter(request=again).order_by("id")]
            assert new == old, (seeded.pk, related)
        old_plans = [values(p, PLAN_FIELDS[1:3]) for p in EHCPlan.objects.filter(request=seeded)]
        new_plans = [values(p, PLAN_FIELDS[1:3]) for p in EHCPlan.objects.filter(request=again)]
        assert new_plans == old_plans, seeded.pk
        assert event_rows(request_events(again), None) == event_rows(request_events(seeded), result), (
            seeded.pk
        )
        plan = EHCPlan.objects.filter(request=again).first()
        if plan is not None:
            _same_plan_rows(EHCPlan.objects.get(request=seeded), child, plan, monkeypatch)
    transferred = EHCPlan.objects.filter(request__isnull=True).select_related("child")
    assert transferred.exists()
    for seeded in transferred:
        child = ChildFactory(date_of_birth=seeded.child.date_of_birth, locality=seeded.child.locality)
        _same_plan_rows(seeded, child, None, monkeypatch)


def test_record_and_contact_events_have_the_services_shape(as_of):
    seeded_child = Child.objects.order_by("id").first()
    seeded = {e.kind: e for e in CaseEvent.objects.filter(child=seeded_child).order_by("-id")}
    manager = User.objects.get(username="manager")
    child = people_services.child_create(
        acting_user=manager,
        data={"legal_first_name": "Test", "legal_last_name": "Shape", "date_of_birth": dt.date(2015, 1, 1)},
        confirmed_not_duplicate=True,
    )
    contact = people_services.contact_add(
        acting_user=manager,
        child=child,
        data={
            "first_name": "A",
            "last_name": "Shape",
            "relationship": seeded_child.contacts.first().relationship,
        },
    )
    made = {e.kind: e for e in CaseEvent.objects.filter(child=child)}
    for kind in (EventKind.CHILD_CREATED, EventKind.CONTACT_ADDED):
        a, b = seeded[kind], made[kind]
        assert (a.subject_type, a.summary, a.old_state, a.new_state, a.visible_to_family, a.data) == (
            b.subject_type,
            b.summary,
            b.old_state,
            b.new_state,
            b.visible_to_family,
            b.data,
        )
    assert made[EventKind.CONTACT_ADDED].subject_id == contact.pk


def test_allocation_events_have_the_services_shape(as_of):
    # A first allocation (not a reallocation), compared with the service allocating a new child.
    seeded = CaseEvent.objects.filter(
        subject_type="allocation", old_state="unallocated", new_state="allocated"
    )[0]
    allocation = Allocation.objects.select_related("officer", "team").get(pk=seeded.subject_id)
    made = allocation_assign(
        acting_user=allocation.team.manager, child=ChildFactory(), officer=allocation.officer
    )
    event = CaseEvent.objects.get(subject_type="allocation", subject_id=made.pk)
    assert (event.kind, event.summary, event.old_state, event.new_state, sorted(event.data)) == (
        seeded.kind,
        seeded.summary,
        seeded.old_state,
        seeded.new_state,
        sorted(seeded.data),
    )
    assert seeded.data["officer_id"] == allocation.officer_id
    assert seeded.data["allocation_id"] == allocation.pk
    # A reallocation names the allocation it replaced, and why, as allocation_assign does.
    moved = CaseEvent.objects.filter(subject_type="allocation", old_state="allocated", new_state="allocated")
    for event in moved:
        previous = Allocation.objects.get(pk=event.data["previous_allocation_id"])
        assert previous.child_id == event.child_id and previous.ended_at is not None
        assert event.reason


def test_plans_exist_exactly_for_final_issued_requests(as_of):
    issued = set(AssessmentRequest.objects.filter(status=S.FINAL_ISSUED).values_list("id", flat=True))
    # Plans transferred in from other authorities have no request here.
    plans = list(EHCPlan.objects.filter(request__isnull=False))
    assert not EHCPlan.objects.filter(request__isnull=True, transferred_in_from_la="").exists()
    assert {p.request_id for p in plans} == issued
    assert len(plans) == len(issued)
    assert {p.primary_need for p in plans} <= set(NeedType.values)
    for plan in plans:
        assert plan.issued_on == plan.request.final_issued_on
        assert plan.created_by_id == plan.request.updated_by_id or plan.created_by_id is not None


# --- Dates and identifiers ---------------------------------------------------------------------------


def test_dates_are_ordered_and_never_after_as_of(as_of):
    for r in _requests():
        chain = [
            r.child.date_of_birth,
            r.received_on,
            r.assessment_decided_on,
            r.issue_decided_on,
            r.draft_served_on,
            r.final_issued_on,
        ]
        present = [d for d in chain if d is not None]
        assert present == sorted(present), r.pk
        assert max(present) <= as_of
        if r.final_issued_on:
            assert r.final_issued_on >= statutory.earliest_final_plan_after_draft(r.draft_served_on)
        if r.closed_on:
            assert r.received_on <= r.closed_on <= as_of
        for advice in r.advice_requests.all():
            assert r.assessment_decided_on <= advice.requested_on <= as_of
            for later in (advice.received_on, advice.last_chased_on):
                assert later is None or advice.requested_on <= later <= as_of
        for c in r.consultations.all():
            assert r.issue_decided_on <= c.sent_on <= as_of
            assert c.answered_on is None or c.sent_on <= c.answered_on <= as_of
        for e in r.exceptions.all():
            assert r.received_on <= e.starts_on <= as_of
            for later in (e.ends_on, e.family_told_on):
                assert later is None or e.starts_on <= later <= as_of
    assert not CaseEvent.objects.filter(occurred_on__gt=as_of).exists()
    now = timezone.now()
    for a in Allocation.objects.all():
        assert a.started_at <= now and (a.ended_at is None or a.started_at < a.ended_at <= now)
    # Each child's events are in date order when read in the order they were written.
    for child_id in Child.objects.values_list("id", flat=True):
        # The first version of a plan transferred in carries the date the other authority made it.
        days = list(
            CaseEvent.objects.filter(child_id=child_id)
            .exclude(kind=EventKind.PLAN_VERSION_ISSUED, data__kind="transfer_in")
            .order_by("id")
            .values_list("occurred_on", flat=True)
        )
        assert days == sorted(days), child_id


def test_identifiers_are_valid_and_synthetic(as_of):
    children = list(Child.objects.all())
    upns = [c.upn for c in children if c.upn]
    nhs = [c.nhs_number for c in children if c.nhs_number]
    assert len(upns) > CHILDREN * 0.7 and len(nhs) > CHILDREN * 0.9
    assert len(set(upns)) == len(upns) and len(set(nhs)) == len(nhs)
    for upn in upns:
        assert validate_upn(upn) == upn
    for number in nhs:
        assert validate_nhs_number(number) == number and number.startswith("999")
    for child in children:
        assert validate_postcode(child.postcode) == child.postcode
        if child.uln:
            assert validate_uln(child.uln) == child.uln
    for contact in Contact.objects.exclude(email=""):
        assert contact.email.endswith("@example.com")


# --- Determinism and proportions ----------------------------------------------------------------------


def _names(plans) -> list[tuple[str, str, dt.date]]:
    return [(p.child.legal_first_name, p.child.legal_last_name, p.child.date_of_birth) for p in plans]


def test_same_seed_same_authority(as_of):
    reference = staff.load_reference()
    props = proportions.load()
    first = population.generate(children=CHILDREN, seed=SEED, as_of=as_of, props=props, reference=reference)
    second = population.generate(children=CHILDREN, seed=SEED, as_of=as_of, props=props, reference=reference)
    other = population.generate(
        children=CHILDREN, seed=SEED + 1, as_of=as_of, props=props, reference=reference
    )
    assert _names(first) == _names(second)
    assert [p.main.actions for p in first] == [p.main.actions for p in second]
    assert _names(first) != _names(other)
    # And the database holds what the generator makes for that seed.
    stored = list(
        Child.objects.order_by("id").values_list("legal_first_name", "legal_last_name", "date_of_birth")
    )
    assert stored == _names(first)


def test_proportions_follow_the_published_figures(as_of):
    """Loose bounds on a larger population made in memory (no database writes)."""
    props = proportions.load()
    reference = staff.load_reference()
    plans = population.generate(children=3000, seed=11, as_of=as_of, props=props, reference=reference)
    natural = [p for p in plans if not p.scenario and not p.kind]
    decided = Counter()
    for plan in natural:
        for request in plan.requests:
            for action in request.actions:
                if action.kind == "assessment_decision_record":
                    decided["assess" if action.args["assess"] else "not_assess"] += 1
    expected = props.request_outcome.share("assess") / (
        props.request_outcome.share("assess") + props.request_outcome.share("not_assess")
    )
    share = decided["assess"] / (decided["assess"] + decided["not_assess"])
    # Prior refused requests add to "not assess"; allow for them and for chance.
    assert abs(share - expected) < 0.06, (share, expected)
    finals = [
        (r.received_on, a.on, "final_exception" in r.flags)
        for p in natural
        for r in p.requests
        for a in r.actions
        if a.kind == "final_plan_issue"
    ]
    on_time = sum(
        1
        for received, issued, _ in finals
        if issued <= statutory.assessment_deadlines(received).final_plan_due
    )
    assert abs(on_time / len(finals) - props.within_20_weeks) < 0.06
    excepted = sum(1 for *_, flag in finals if flag) / len(finals)
    assert abs(excepted - props.with_exceptions) < 0.04
    needs = Counter(p.need for p in natural)
    assert needs.most_common(1)[0][0] == "ASD"
    sexes = Counter(p.child.sex for p in natural)
    assert abs(sexes["M"] / len(natural) - props.sex.share("M")) < 0.05
    # Roughly the published share of decisions inside 6 weeks.
    late = sum(
        1
        for p in natural
        for r in p.requests
        for a in r.actions
        if a.kind == "assessment_decision_record"
        and a.on > statutory.assessment_deadlines(r.received_on).decision_due
    )
    assert abs(1 - late / sum(decided.values()) - props.decision_within_6_weeks) < 0.08


# --- The command's rules ------------------------------------------------------------------------------


def test_refuses_known_passwords_without_debug(as_of):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", children=5, seed=1, stdout=StringIO())


def test_if_empty_leaves_a_seeded_database_alone(as_of):
    before = Child.objects.count()
    out = StringIO()
    call_command("seed_demo", children=5, seed=1, if_empty=True, stdout=out)
    assert "nothing seeded" in out.getvalue()
    assert Child.objects.count() == before


def test_refuses_a_second_seed_and_a_future_date(as_of):
    with pytest.raises(CommandError, match="already holds children"):
        call_command("seed_demo", children=5, seed=1, demo_password="x" * 16, stdout=StringIO())
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    with pytest.raises(CommandError, match="after today"):
        call_command("seed_demo", children=5, as_of=tomorrow, demo_password="x" * 16, stdout=StringIO())


# --- Seeded cases carry on with the real services ------------------------------------------------------


def _holder(request: AssessmentRequest) -> User:
    allocation = Allocation.objects.filter(child=request.child, ended_at__isnull=True).first()
    return allocation.officer if allocation else User.objects.get(username="manager")


def test_a_seeded_request_moves_on_through_the_services(as_of):
    received = AssessmentRequest.objects.filter(status=S.RECEIVED).order_by("id").first()
    officer = _holder(received)
    moved = services.assessment_decision_record(
        acting_user=officer,
        request=received,
        assess=True,
        decided_on=timezone.localdate(),
        expected_version=received.version,
    )
    assert moved.status == S.ASSESSING
    advice = services.advice_request_record(
        acting_user=officer,
        request=moved,
        adviser_type="educational_psychology",
        requested_on=timezone.localdate(),
    )
    moved.refresh_from_db()
    assert moved.version == received.version + 2
    assert moved.next_due is not None
    assert CaseEvent.objects.filter(
        data__request_id=moved.pk, kind=EventKind.ADVICE_REQUESTED, subject_id=advice.pk
    ).exists()

    # A decision to issue moves on to a draft today, and a draft whose family's 15 days have run (every
    # demo has one) is finalised today.
    today = timezone.localdate()
    deciding = AssessmentRequest.objects.filter(status=S.ISSUE_DECIDED).order_by("id").first()
    served = services.draft_plan_serve(acting_user=_holder(deciding), request=deciding, served_on=today)
    assert served.status == S.DRAFT_SERVED
    ready = [
        r
        for r in AssessmentRequest.objects.filter(status=S.DRAFT_SERVED).order_by("id")
        if statutory.earliest_final_plan_after_draft(r.draft_served_on) <= today
    ]
    assert ready, "the demo always has a draft ready to finalise"
    plan = services.final_plan_issue(acting_user=_holder(ready[0]), request=ready[0], issued_on=today)
    assert plan.request_id == ready[0].pk
    assert AssessmentRequest.objects.get(pk=ready[0].pk).status == S.FINAL_ISSUED


def test_unallocated_seeded_case_can_be_allocated(as_of):
    held = Allocation.objects.filter(ended_at__isnull=True).values("child_id")
    request = AssessmentRequest.objects.filter(status__in=OPEN_STATUSES).exclude(child_id__in=held).first()
    manager = User.objects.get(username="manager")
    officer = User.objects.get(username="officer")
    allocation = allocation_assign(acting_user=manager, child=request.child, officer=officer)
    assert allocation.officer == officer
    assert (
        not Allocation.objects.filter(Q(child=request.child), ended_at__isnull=True)
        .exclude(pk=allocation.pk)
        .exists()
    )
