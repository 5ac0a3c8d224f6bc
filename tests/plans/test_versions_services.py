"""Drafting and issuing plan versions: start, save, stale saves refused, issue, immutability."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.utils import timezone

from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError, StaleEdit
from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent
from sendcase.plans import content as c
from sendcase.plans.models import PlanStatus, PlanVersion, VersionKind, VersionStatus
from sendcase.plans.selectors import current_draft, latest_issued, versions_of
from sendcase.plans.services import versions as services
from tests.factories import EstablishmentFactory

from .test_versions_support import complete_content, first_version, issued_plan

pytestmark = pytest.mark.django_db


def test_the_first_draft_starts_from_the_assessment(officer):
    plan = issued_plan(officer)
    draft = services.draft_start(acting_user=officer, plan=plan)
    assert (draft.number, draft.status, draft.kind, draft.based_on) == (1, "draft", "original", None)
    assert draft.lock_version == 1
    assert draft.content["B"]["needs"] == []
    # The assessment helper asked for educational psychology advice but never received it.
    assert draft.content["K"]["advice"] == []
    assert c.validate_content(draft.content) == []
    event = CaseEvent.objects.filter(kind=EventKind.PLAN_DRAFT_STARTED).get()
    assert event.child_id == plan.child_id and event.data["version_id"] == draft.pk
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="plans.PlanVersion", object_id=str(draft.pk)
    ).exists()


def test_the_first_draft_lists_advice_received_and_the_school_named(officer):
    from sendcase.assessments import services as assessment_services
    from tests.assessments.helpers import Timeline, drive_to

    tl = Timeline.ago()
    request = drive_to("draft_served", user=officer, timeline=tl)
    advice = request.advice_requests.get()
    assessment_services.advice_receipt_record(
        acting_user=officer, advice=advice, received_on=tl.advice_requested + dt.timedelta(days=20)
    )
    school = EstablishmentFactory()
    plan = assessment_services.final_plan_issue(
        acting_user=officer, request=request, issued_on=tl.final, named_establishment=school
    )
    draft = services.draft_start(acting_user=officer, plan=plan)
    assert draft.content["K"]["advice"] == [
        {
            "adviser": "Dr Example",
            "date": (tl.advice_requested + dt.timedelta(days=20)).isoformat(),
            "title": "Educational psychology advice",
        }
    ]
    assert draft.content["I"]["establishment_id"] == school.pk


def test_only_one_draft_at_a_time(officer):
    plan = issued_plan(officer)
    services.draft_start(acting_user=officer, plan=plan)
    with pytest.raises(InvalidTransition, match="Version 1 is already being drafted"):
        services.draft_start(acting_user=officer, plan=plan)
    assert plan.versions.count() == 1


def test_save_validates_and_bumps_the_lock(officer):
    plan = issued_plan(officer)
    draft = services.draft_start(acting_user=officer, plan=plan)
    saved = services.draft_save(
        acting_user=officer, version=draft, expected_lock_version=1, content=complete_content()
    )
    assert saved.lock_version == 2 and saved.content == complete_content()
    event = CaseEvent.objects.filter(kind=EventKind.PLAN_DRAFT_SAVED).get()
    assert event.data["sections"] == ["A", "B", "E", "F", "I"]
    assert event.visible_to_family is False
    bad = complete_content()
    bad["F"]["items"][0]["frequency"] = ""
    with pytest.raises(services.ContentInvalid) as caught:
        services.draft_save(acting_user=officer, version=saved, expected_lock_version=2, content=bad)
    assert caught.value.field == "F.items[0].frequency"
    assert PlanVersion.objects.get(pk=draft.pk).lock_version == 2


def test_saving_unchanged_content_writes_nothing(officer):
    plan = issued_plan(officer)
    draft = services.draft_start(acting_user=officer, plan=plan)
    events = CaseEvent.objects.count()
    same = services.draft_save(
        acting_user=officer, version=draft, expected_lock_version=1, content=copy.deepcopy(draft.content)
    )
    assert same.lock_version == 1 and CaseEvent.objects.count() == events


def test_a_named_establishment_must_exist(officer):
    plan = issued_plan(officer)
    draft = services.draft_start(acting_user=officer, plan=plan)
    with pytest.raises(services.ContentInvalid) as caught:
        services.draft_save(
            acting_user=officer, version=draft, expected_lock_version=1, content=complete_content(987654)
        )
    assert caught.value.field == "I.establishment_id"


def test_two_editors_the_second_save_is_refused_and_nothing_is_overwritten(officer, other_officer):
    plan = issued_plan(officer)
    draft = services.draft_start(acting_user=officer, plan=plan)
    # Both open the draft at lock_version 1.
    mine = PlanVersion.objects.get(pk=draft.pk)
    theirs = PlanVersion.objects.get(pk=draft.pk)
    first = complete_content()
    second = complete_content()
    second["A"]["views"] = "Written by the second editor"
    services.draft_save(acting_user=officer, version=mine, expected_lock_version=1, content=first)
    with pytest.raises(StaleEdit, match="nothing was overwritten"):
        services.draft_save(
            acting_user=other_officer, version=theirs, expected_lock_version=1, content=second
        )
    stored = PlanVersion.objects.get(pk=draft.pk)
    assert stored.content == first and stored.lock_version == 2
    assert CaseEvent.objects.filter(kind=EventKind.PLAN_DRAFT_SAVED).count() == 1


def test_compare_and_set_refuses_a_save_that_loses_the_race(officer, monkeypatch):
    """Even when the lock check before the update passes, the conditional update is what decides."""
    plan = issued_plan(officer)
    draft = services.draft_start(acting_user=officer, plan=plan)
    real_diff = c.diff

    def racing_diff(old, new):
        # Another editor's save lands between this save's read and its update.
        PlanVersion.objects.filter(pk=draft.pk).update(lock_version=2, content={"raced": True})
        return real_diff(old, new)

    monkeypatch.setattr(services.c, "diff", racing_diff)
    with pytest.raises(StaleEdit):
        services.draft_save(
            acting_user=officer, version=draft, expected_lock_version=1, content=complete_content()
        )
    # The refused save wrote nothing (the simulated rival, inside the same transaction, is rolled back too).
    stored = PlanVersion.objects.get(pk=draft.pk)
    assert stored.content == draft.content and stored.lock_version == 1
    assert not CaseEvent.objects.filter(kind=EventKind.PLAN_DRAFT_SAVED).exists()


def test_issue_the_first_version_on_the_plans_issue_date(officer):
    school = EstablishmentFactory()
    plan = issued_plan(officer)
    draft = services.draft_start(acting_user=officer, plan=plan)
    draft = services.draft_save(
        acting_user=officer, version=draft, expected_lock_version=1, content=complete_content(school.pk)
    )
    with pytest.raises(ServiceError, match="This is the plan issued on") as caught:
        services.version_issue(acting_user=officer, version=draft, issued_on=plan.issued_on + dt.timedelta(1))
    assert caught.value.field == "issued_on"
    issued = services.version_issue(acting_user=officer, version=draft, issued_on=plan.issued_on)
    assert (issued.status, issued.issued_on) == (VersionStatus.ISSUED, plan.issued_on)
    plan.refresh_from_db()
    assert plan.primary_need == "ASD" and plan.named_establishment_id == school.pk
    event = CaseEvent.objects.filter(kind=EventKind.PLAN_VERSION_ISSUED).get()
    assert event.occurred_on == plan.issued_on and event.visible_to_family
    assert (event.old_state, event.new_state) == ("draft", "issued")


def test_an_incomplete_draft_cannot_be_issued(officer):
    plan = issued_plan(officer)
    draft = services.draft_start(acting_user=officer, plan=plan)
    with pytest.raises(services.ContentInvalid) as caught:
        services.version_issue(acting_user=officer, version=draft, issued_on=plan.issued_on)
    assert {e.path for e in caught.value.errors} == {"B.needs", "E.outcomes", "F.items", "I.establishment_id"}
    assert PlanVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT


def test_issue_refuses_a_future_date_and_a_stale_check(officer):
    plan = issued_plan(officer)
    first_version(officer, plan)
    draft = services.draft_start(acting_user=officer, plan=plan, kind=VersionKind.AMENDMENT)
    with pytest.raises(ServiceError, match="today or in the past"):
        services.version_issue(
            acting_user=officer, version=draft, issued_on=timezone.localdate() + dt.timedelta(days=1)
        )
    with pytest.raises(ServiceError, match="on or after the date version 1 was issued"):
        services.version_issue(acting_user=officer, version=draft, issued_on=plan.issued_on - dt.timedelta(1))
    with pytest.raises(StaleEdit):
        services.version_issue(
            acting_user=officer, version=draft, issued_on=timezone.localdate(), expected_lock_version=7
        )


def test_issued_versions_are_immutable(officer):
    plan = issued_plan(officer)
    issued = first_version(officer, plan)
    changed = complete_content()
    changed["A"]["views"] = "rewritten"
    with pytest.raises(InvalidTransition, match="cannot be changed"):
        services.draft_save(
            acting_user=officer, version=issued, expected_lock_version=issued.lock_version, content=changed
        )
    with pytest.raises(InvalidTransition):
        services.version_issue(acting_user=officer, version=issued, issued_on=timezone.localdate())
    with pytest.raises(InvalidTransition):
        services.draft_withdraw(acting_user=officer, version=issued)
    assert PlanVersion.objects.get(pk=issued.pk).content == complete_content()


def test_a_new_draft_starts_from_the_latest_issued_version(officer):
    plan = issued_plan(officer)
    v1 = first_version(officer, plan)
    v2 = services.draft_start(acting_user=officer, plan=plan, kind=VersionKind.AMENDMENT)
    assert (v2.number, v2.based_on_id, v2.kind) == (2, v1.pk, "amendment")
    assert v2.content == v1.content
    amended = copy.deepcopy(v2.content)
    amended["B"]["needs"][0]["code"] = "SEMH"
    v2 = services.draft_save(acting_user=officer, version=v2, expected_lock_version=1, content=amended)
    services.version_issue(acting_user=officer, version=v2, issued_on=timezone.localdate())
    plan.refresh_from_db()
    assert plan.primary_need == "SEMH"
    v3 = services.draft_start(acting_user=officer, plan=plan, kind=VersionKind.REASSESSMENT)
    assert v3.based_on_id == v2.pk and v3.content["B"]["needs"][0]["code"] == "SEMH"
    assert latest_issued(plan).pk == v2.pk and current_draft(plan).pk == v3.pk
    assert [v.number for v in versions_of(plan)] == [3, 2, 1]
    assert PlanVersion.objects.get(pk=v1.pk).content == complete_content()  # the original is untouched


def test_amendment_needs_an_issued_version(officer):
    plan = issued_plan(officer)
    with pytest.raises(ServiceError, match="no issued version"):
        services.draft_start(acting_user=officer, plan=plan, kind=VersionKind.AMENDMENT)
    with pytest.raises(ServiceError):
        services.draft_start(acting_user=officer, plan=plan, kind="made-up")


def test_withdraw_a_draft_then_start_again(officer):
    plan = issued_plan(officer)
    draft = services.draft_start(acting_user=officer, plan=plan)
    with pytest.raises(StaleEdit):
        services.draft_withdraw(acting_user=officer, version=draft, expected_lock_version=5)
    withdrawn = services.draft_withdraw(acting_user=officer, version=draft, reason="Started in error")
    assert withdrawn.status == VersionStatus.WITHDRAWN
    again = services.draft_start(acting_user=officer, plan=plan)
    assert again.number == 2  # numbers are never reused
    assert CaseEvent.objects.filter(kind=EventKind.PLAN_DRAFT_WITHDRAWN, reason="Started in error").exists()


def test_a_ceased_plan_cannot_get_a_new_draft(officer):
    plan = issued_plan(officer)
    plan.status = PlanStatus.CEASED
    plan.save()
    with pytest.raises(InvalidTransition, match="ceased"):
        services.draft_start(acting_user=officer, plan=plan)


def test_only_editors_may_write(officer, read_only_user, outsider):
    plan = issued_plan(officer)
    draft = services.draft_start(acting_user=officer, plan=plan)
    for user in (read_only_user, outsider):
        with pytest.raises(NotPermitted):
            services.draft_start(acting_user=user, plan=plan)
        with pytest.raises(NotPermitted):
            services.draft_save(
                acting_user=user, version=draft, expected_lock_version=1, content=complete_content()
            )
        with pytest.raises(NotPermitted):
            services.version_issue(acting_user=user, version=draft, issued_on=plan.issued_on)
        with pytest.raises(NotPermitted):
            services.draft_withdraw(acting_user=user, version=draft)
    assert PlanVersion.objects.get(pk=draft.pk).lock_version == 1
