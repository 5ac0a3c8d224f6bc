"""Allocation, reallocation, taking and ending a case; teams and thresholds. Each write is audited."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from sendcase.caseload import services
from sendcase.caseload.models import Allocation, Team, TeamMembership
from sendcase.caseload.selectors import current_allocation
from sendcase.caseload.services import (
    allocation_assign,
    allocation_end,
    allocation_take,
    team_create,
    team_member_set,
    team_threshold_set,
)
from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.models import AuditAction, AuditEntry, Role
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent
from tests.factories import AllocationFactory, TeamMembershipFactory, UserFactory

from .conftest import allocate


def _allocation_events(child):
    return list(
        CaseEvent.objects.filter(
            child=child, kind__in=[EventKind.ALLOCATED, EventKind.ALLOCATION_ENDED]
        ).order_by("id")
    )


def _audit_for(allocation):
    return list(
        AuditEntry.objects.filter(object_type="caseload.Allocation", object_id=str(allocation.pk)).order_by(
            "id"
        )
    )


# --- allocating and reallocating -------------------------------------------------------------------


def test_first_allocation_is_current_audited_and_on_the_family_timeline(manager, officer, team, child):
    allocation = allocation_assign(acting_user=manager, child=child, officer=officer)

    assert allocation.ended_at is None
    assert allocation.team == team
    assert allocation.created_by == manager
    assert current_allocation(child) == allocation

    [event] = _allocation_events(child)
    assert event.summary == f"Case allocated to {officer.display_name} (North team)"
    assert event.visible_to_family is True
    assert event.actor == manager
    assert (event.subject_type, event.subject_id) == ("allocation", allocation.pk)
    assert (event.old_state, event.new_state) == ("unallocated", "allocated")

    [entry] = _audit_for(allocation)
    assert entry.action == AuditAction.CREATE
    assert entry.user == manager
    assert entry.child_id == child.pk


def test_reallocation_ends_the_previous_allocation_and_records_both(manager, officer, other_officer, child):
    first = allocation_assign(acting_user=manager, child=child, officer=officer)
    second = allocation_assign(
        acting_user=manager, child=child, officer=other_officer, reason="Officer on leave"
    )

    first.refresh_from_db()
    assert first.ended_at is not None
    assert first.ended_at <= second.started_at
    assert first.updated_by == manager
    assert list(Allocation.objects.filter(child=child, ended_at__isnull=True)) == [second]
    assert current_allocation(child) == second

    events = _allocation_events(child)
    assert len(events) == 2
    assert events[1].summary == f"Case allocated to {other_officer.display_name} (North team)"
    assert events[1].reason == "Officer on leave"
    assert events[1].old_state == "allocated"
    assert events[1].data["previous_officer_id"] == officer.pk
    assert events[1].data["previous_allocation_id"] == first.pk

    [ended_entry] = [e for e in _audit_for(first) if e.action == AuditAction.UPDATE]
    assert "Officer on leave" in ended_entry.summary
    [created_entry] = _audit_for(second)
    assert created_entry.summary.startswith(f"Reallocated from {officer.display_name} (North team)")


def test_reallocation_needs_a_reason(manager, officer, other_officer, child):
    allocation_assign(acting_user=manager, child=child, officer=officer)
    with pytest.raises(ServiceError) as caught:
        allocation_assign(acting_user=manager, child=child, officer=other_officer, reason="  ")
    assert caught.value.field == "reason"
    assert current_allocation(child).officer == officer


def test_allocating_to_the_officer_who_already_holds_it_is_refused(manager, officer, child):
    allocation_assign(acting_user=manager, child=child, officer=officer)
    with pytest.raises(ServiceError) as caught:
        allocation_assign(acting_user=manager, child=child, officer=officer, reason="Again")
    assert caught.value.field == "officer"
    assert Allocation.objects.filter(child=child).count() == 1
    assert len(_allocation_events(child)) == 1


def test_an_officer_with_no_team_cannot_be_allocated(manager, child):
    loner = UserFactory(username="loner", role=Role.CASE_OFFICER)
    with pytest.raises(ServiceError) as caught:
        allocation_assign(acting_user=manager, child=child, officer=loner)
    assert caught.value.field == "officer"
    assert "not in a team" in caught.value.message
    assert not Allocation.objects.exists()


@pytest.mark.parametrize("role", [Role.HEAD_OF_SERVICE, Role.READ_ONLY, Role.ADMINISTRATOR, Role.FAMILY])
def test_only_case_officers_and_team_managers_hold_cases(manager, team, child, role):
    user = UserFactory(username=f"not-a-holder-{role}", role=role)
    TeamMembershipFactory(user=user, team=team)
    with pytest.raises(ServiceError) as caught:
        allocation_assign(acting_user=manager, child=child, officer=user)
    assert caught.value.field == "officer"
    assert not Allocation.objects.exists()


def test_a_switched_off_officer_cannot_be_allocated(manager, officer, child):
    officer.is_active = False
    officer.save()
    with pytest.raises(ServiceError) as caught:
        allocation_assign(acting_user=manager, child=child, officer=officer)
    assert caught.value.field == "officer"


def test_a_team_manager_can_hold_a_case(manager, child):
    allocation = allocation_assign(acting_user=manager, child=child, officer=manager)
    assert allocation.officer == manager


@pytest.mark.parametrize("acting", ["head_of_service", "administrator", "manager"])
def test_caseload_managers_may_allocate(request, acting, officer, child):
    user = request.getfixturevalue(acting)
    assert allocation_assign(acting_user=user, child=child, officer=officer).officer == officer


@pytest.mark.parametrize("acting", ["officer", "read_only_user", "outsider", "service_account"])
def test_others_may_not_allocate_and_nothing_is_written(request, acting, other_officer, child):
    user = request.getfixturevalue(acting)
    with pytest.raises(NotPermitted):
        allocation_assign(acting_user=user, child=child, officer=other_officer)
    assert not Allocation.objects.exists()
    assert not CaseEvent.objects.exists()
    assert not AuditEntry.objects.filter(object_type="caseload.Allocation").exists()


# --- taking an unallocated case --------------------------------------------------------------------


def test_a_case_officer_takes_an_unallocated_case(officer, team, child):
    allocation = allocation_take(acting_user=officer, child=child)
    assert (allocation.officer, allocation.team, allocation.ended_at) == (officer, team, None)
    [event] = _allocation_events(child)
    assert event.summary == f"Case allocated to {officer.display_name} (North team)"
    assert event.actor == officer
    assert len(_audit_for(allocation)) == 1


def test_taking_someone_elses_case_is_refused(officer, other_officer, child):
    held = allocate(child, other_officer)
    with pytest.raises(ServiceError) as caught:
        allocation_take(acting_user=officer, child=child)
    assert caught.value.code == "already_allocated"
    assert other_officer.display_name in caught.value.message
    assert current_allocation(child) == held


def test_taking_a_case_you_hold_is_refused(officer, child):
    allocate(child, officer)
    with pytest.raises(ServiceError) as caught:
        allocation_take(acting_user=officer, child=child)
    assert caught.value.code == "unchanged"
    assert Allocation.objects.count() == 1


@pytest.mark.parametrize("acting", ["read_only_user", "outsider", "head_of_service", "service_account"])
def test_only_case_holders_may_take(request, acting, child):
    with pytest.raises(NotPermitted):
        allocation_take(acting_user=request.getfixturevalue(acting), child=child)
    assert not Allocation.objects.exists()


def test_an_officer_with_no_team_cannot_take(child):
    loner = UserFactory(username="loner", role=Role.CASE_OFFICER)
    with pytest.raises(ServiceError) as caught:
        allocation_take(acting_user=loner, child=child)
    assert caught.value.code == "no_team"
    assert not Allocation.objects.exists()


# --- ending an allocation --------------------------------------------------------------------------


def test_ending_an_allocation_returns_the_case_to_unallocated(manager, officer, child):
    allocation = allocation_assign(acting_user=manager, child=child, officer=officer)
    ended = allocation_end(acting_user=manager, child=child, reason="Case closed")

    assert ended.pk == allocation.pk
    assert ended.ended_at is not None
    assert current_allocation(child) is None
    last = _allocation_events(child)[-1]
    assert (last.old_state, last.new_state) == ("allocated", "unallocated")
    assert last.kind == EventKind.ALLOCATION_ENDED
    assert last.visible_to_family is True
    assert any(e.action == AuditAction.UPDATE and "Case closed" in e.summary for e in _audit_for(allocation))
    # Unallocated again, so an officer can take it.
    assert allocation_take(acting_user=officer, child=child).officer == officer


def test_ending_needs_a_reason_and_a_current_allocation(manager, officer, child):
    with pytest.raises(ServiceError) as caught:
        allocation_end(acting_user=manager, child=child, reason="Nobody holds it")
    assert caught.value.code == "not_allocated"
    allocate(child, officer)
    with pytest.raises(ServiceError) as caught:
        allocation_end(acting_user=manager, child=child, reason="")
    assert caught.value.field == "reason"
    assert current_allocation(child).officer == officer


def test_a_case_officer_cannot_end_an_allocation(officer, child):
    allocate(child, officer)
    with pytest.raises(NotPermitted):
        allocation_end(acting_user=officer, child=child, reason="Too busy")
    assert current_allocation(child).officer == officer


# --- concurrency -----------------------------------------------------------------------------------


def test_the_database_refuses_a_second_current_allocation(officer, other_officer, team, child):
    AllocationFactory(child=child, officer=officer, team=team)
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationFactory(child=child, officer=other_officer, team=team)
    # Ended allocations are history: any number of them may sit beside the current one.
    allocate(child, other_officer, ended=True)
    assert Allocation.objects.filter(child=child).count() == 2


def test_an_allocation_committed_between_read_and_insert_is_refused_with_a_message(
    monkeypatch, manager, officer, other_officer, child
):
    # Another transaction allocated the case after ours looked for a current row to lock and found none
    # (the only gap select_for_update cannot close): the partial unique constraint must refuse our insert,
    # and the service must say so rather than fail with a database error, writing nothing.
    held = allocate(child, officer)
    monkeypatch.setattr(services, "_lock_current_allocation", lambda child: None)

    with pytest.raises(ServiceError) as caught:
        allocation_assign(acting_user=manager, child=child, officer=other_officer, reason="Cover")

    assert caught.value.code == "concurrent_allocation"
    assert list(Allocation.objects.filter(child=child)) == [held]
    assert not CaseEvent.objects.filter(child=child).exists()
    assert not AuditEntry.objects.filter(object_type="caseload.Allocation").exists()


def test_two_officers_taking_the_same_case_leaves_one_holder(monkeypatch, officer, other_officer, child):
    allocation_take(acting_user=officer, child=child)
    monkeypatch.setattr(services, "_lock_current_allocation", lambda child: None)
    with pytest.raises(ServiceError) as caught:
        allocation_take(acting_user=other_officer, child=child)
    assert caught.value.code == "concurrent_allocation"
    assert current_allocation(child).officer == officer


# --- teams and thresholds --------------------------------------------------------------------------


def test_head_of_service_creates_a_team(head_of_service, manager):
    team = team_create(
        acting_user=head_of_service, name=" East team ", manager=manager, caseload_threshold=45
    )
    assert (team.name, team.manager, team.caseload_threshold) == ("East team", manager, 45)
    assert AuditEntry.objects.filter(object_type="caseload.Team", object_id=str(team.pk)).count() == 1


def test_team_names_are_unique_whatever_the_case(head_of_service, team):
    with pytest.raises(ServiceError) as caught:
        team_create(acting_user=head_of_service, name="north TEAM")
    assert caught.value.field == "name"


@pytest.mark.parametrize("threshold", [0, -5, 1001, True])
def test_team_threshold_must_be_sensible(head_of_service, threshold):
    with pytest.raises(ServiceError) as caught:
        team_create(acting_user=head_of_service, name="West team", caseload_threshold=threshold)
    assert caught.value.field == "caseload_threshold"
    assert not Team.objects.filter(name="West team").exists()


@pytest.mark.parametrize("acting", ["manager", "officer", "read_only_user"])
def test_only_head_of_service_or_administrator_create_teams(request, acting):
    with pytest.raises(NotPermitted):
        team_create(acting_user=request.getfixturevalue(acting), name="West team")


def test_moving_an_officer_moves_their_current_cases_with_them(manager, officer, team, south_team, child):
    from tests.factories import ChildFactory

    current = allocate(child, officer)
    old = allocate(ChildFactory(), officer, ended=True)

    membership = team_member_set(acting_user=manager, user=officer, team=south_team)

    assert membership.team == south_team
    assert TeamMembership.objects.get(user=officer).team == south_team
    current.refresh_from_db()
    old.refresh_from_db()
    assert current.team == south_team
    assert old.team == team  # history is not rewritten
    entry = AuditEntry.objects.get(object_type="caseload.TeamMembership", object_id=str(membership.pk))
    assert "1 current case" in entry.summary


def test_a_new_officer_is_put_in_a_team(manager, team):
    newcomer = UserFactory(username="newcomer", role=Role.CASE_OFFICER)
    membership = team_member_set(acting_user=manager, user=newcomer, team=team)
    assert membership.team == team


def test_team_members_must_be_case_holders_and_set_by_managers(manager, officer, read_only_user, south_team):
    with pytest.raises(ServiceError) as caught:
        team_member_set(acting_user=manager, user=read_only_user, team=south_team)
    assert caught.value.field == "user"
    with pytest.raises(NotPermitted):
        team_member_set(acting_user=officer, user=officer, team=south_team)
    assert TeamMembership.objects.get(user=officer).team.name == "North team"


def test_a_team_manager_sets_their_own_teams_threshold_only(manager, team, south_team):
    assert team_threshold_set(acting_user=manager, team=team, threshold=40).caseload_threshold == 40
    with pytest.raises(NotPermitted):
        team_threshold_set(acting_user=manager, team=south_team, threshold=40)
    south_team.refresh_from_db()
    assert south_team.caseload_threshold is None


def test_head_of_service_sets_and_clears_any_threshold(head_of_service, south_team):
    team_threshold_set(acting_user=head_of_service, team=south_team, threshold=30)
    cleared = team_threshold_set(acting_user=head_of_service, team=south_team, threshold=None)
    assert cleared.caseload_threshold is None
    assert AuditEntry.objects.filter(object_type="caseload.Team", object_id=str(south_team.pk)).count() == 2
    with pytest.raises(ServiceError):
        team_threshold_set(acting_user=head_of_service, team=south_team, threshold=0)
