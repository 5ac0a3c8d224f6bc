"""Writes for teams and allocation. Every function is one transaction, audited, and checks permission.

Allocation is the one place two people routinely race (two managers reallocating the same case, two
officers taking the same unallocated case). The current allocation row is locked with select_for_update;
when there is no current row to lock, the partial unique constraint `one_current_allocation_per_child`
refuses the second insert and we turn that into a message instead of a server error.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.models import AuditAction, Role, User
from sendcase.people.events import EventKind, case_event_record
from sendcase.people.models import Child
from sendcase.settings_data.models import Locality

from .models import Allocation, Team, TeamMembership

# Roles that may hold a child's case. A head of service or administrator oversees caseloads but does not
# hold cases, so allocating to them would hide the case from every worklist.
CASE_HOLDING_ROLES = frozenset({Role.CASE_OFFICER, Role.TEAM_MANAGER})
# Creating teams changes the shape of the service, so it is kept above team-manager level.
TEAM_SETUP_ROLES = frozenset({Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR})

THRESHOLD_MAX = 1000


def can_take_cases(user: User | None) -> bool:
    """Whether the user may take an unallocated case for themselves ("Take this case")."""
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.role in CASE_HOLDING_ROLES
    )


def officer_label(officer: User, team: Team) -> str:
    return f"{officer.display_name} ({team.name})"


def _case_holder_team(officer: User, *, field: str = "officer") -> Team:
    """The team an officer holds cases for, or a refusal saying why they cannot hold one."""
    if not officer.is_active:
        raise ServiceError(
            f"{officer.display_name}'s account is switched off. Choose another officer.", field=field
        )
    if officer.role not in CASE_HOLDING_ROLES:
        raise ServiceError(
            f"{officer.display_name} is not a case officer or team manager, so cannot hold cases.",
            field=field,
        )
    membership = TeamMembership.objects.select_related("team").filter(user=officer).first()
    if membership is None:
        raise ServiceError(
            f"{officer.display_name} is not in a team. Add them to a team before allocating cases to them.",
            field=field,
        )
    return membership.team


def _lock_current_allocation(child: Child) -> Allocation | None:
    """The child's current allocation, locked until the transaction ends (a no-op lock on SQLite)."""
    return (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("officer", "team")
        .filter(child_id=child.pk, ended_at__isnull=True)
        .first()
    )


def _allocate(
    *, acting_user: User, child: Child, officer: User, team: Team, current: Allocation | None, reason: str
) -> Allocation:
    """End `current` (if any), create the new allocation, and write the audit entries and the case event."""
    now = timezone.now()
    if current is not None:
        current.ended_at = now
        current.updated_by = acting_user
        current.save(update_fields=["ended_at", "updated_by", "updated_at"])
        audit_record(
            user=acting_user,
            action=AuditAction.UPDATE,
            obj=current,
            summary=f"Allocation to {officer_label(current.officer, current.team)} ended: reallocated. "
            f"{reason}",
        )
    try:
        # A savepoint, so the refusal below leaves the caller's transaction usable on PostgreSQL.
        with transaction.atomic():
            allocation = Allocation.objects.create(
                child=child,
                officer=officer,
                team=team,
                started_at=now,
                reason=reason,
                created_by=acting_user,
                updated_by=acting_user,
            )
    except IntegrityError as exc:
        # Only one_current_allocation_per_child can fail here: another allocation committed between our
        # read and our insert (there was no current row for us to lock).
        raise ServiceError(
            "Someone else allocated this case at the same moment. Reload the page to see who holds it now.",
            code="concurrent_allocation",
        ) from exc
    label = officer_label(officer, team)
    if current is None:
        audit_summary = f"Allocated to {label}."
    else:
        audit_summary = f"Reallocated from {officer_label(current.officer, current.team)} to {label}."
    audit_record(
        user=acting_user,
        action=AuditAction.CREATE,
        obj=allocation,
        summary=f"{audit_summary} {reason}".strip(),
    )
    case_event_record(
        actor=acting_user,
        child=child,
        subject=allocation,
        kind=EventKind.ALLOCATED,
        occurred_on=timezone.localdate(now),
        summary=f"Case allocated to {label}",
        old_state="allocated" if current is not None else "unallocated",
        new_state="allocated",
        reason=reason,
        visible_to_family=True,
        data={
            "allocation_id": allocation.pk,
            "officer_id": officer.pk,
            "team_id": team.pk,
            "previous_allocation_id": current.pk if current is not None else None,
            "previous_officer_id": current.officer_id if current is not None else None,
        },
    )
    return allocation


@transaction.atomic
def allocation_assign(*, acting_user: User, child: Child, officer: User, reason: str = "") -> Allocation:
    """Allocate (or reallocate) a child's case to an officer, in the officer's team.

    Only caseload managers may do this. A reallocation needs a reason, since it is what a family or an
    auditor asks about later; a first allocation does not.
    """
    if not permissions.can_manage_caseload(acting_user):
        raise NotPermitted("Only a team manager or head of service can allocate cases.")
    reason = (reason or "").strip()
    team = _case_holder_team(officer)
    current = _lock_current_allocation(child)
    if current is not None and current.officer_id == officer.pk:
        raise ServiceError(
            f"{officer.display_name} already holds this case.", field="officer", code="unchanged"
        )
    if current is not None and not reason:
        raise ServiceError("Enter why the case is being reallocated", field="reason")
    if len(reason) > 300:
        raise ServiceError("Reason must be 300 characters or fewer", field="reason")
    return _allocate(
        acting_user=acting_user, child=child, officer=officer, team=team, current=current, reason=reason
    )


@transaction.atomic
def allocation_take(*, acting_user: User, child: Child) -> Allocation:
    """A case officer takes an unallocated case for themselves. Taking someone else's case is refused:
    that is a reallocation, which is a manager's decision."""
    if not can_take_cases(acting_user):
        raise NotPermitted("Only a case officer or team manager can take a case.")
    membership = TeamMembership.objects.select_related("team").filter(user=acting_user).first()
    if membership is None:
        raise ServiceError(
            "You are not in a team yet. Ask your team manager to add you to one before you take cases.",
            code="no_team",
        )
    team = membership.team
    current = _lock_current_allocation(child)
    if current is not None:
        if current.officer_id == acting_user.pk:
            raise ServiceError("You already hold this case.", code="unchanged")
        raise ServiceError(
            f"This case has already been allocated to {officer_label(current.officer, current.team)}.",
            code="already_allocated",
        )
    return _allocate(
        acting_user=acting_user, child=child, officer=acting_user, team=team, current=None, reason=""
    )


@transaction.atomic
def allocation_end(*, acting_user: User, child: Child, reason: str) -> Allocation:
    """End the child's current allocation without a new one: the case goes back to the unallocated list."""
    if not permissions.can_manage_caseload(acting_user):
        raise NotPermitted("Only a team manager or head of service can end an allocation.")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Enter why the case is no longer allocated", field="reason")
    if len(reason) > 300:
        raise ServiceError("Reason must be 300 characters or fewer", field="reason")
    current = _lock_current_allocation(child)
    if current is None:
        raise ServiceError("This case is not allocated to anyone.", code="not_allocated")
    now = timezone.now()
    current.ended_at = now
    current.updated_by = acting_user
    current.save(update_fields=["ended_at", "updated_by", "updated_at"])
    label = officer_label(current.officer, current.team)
    audit_record(
        user=acting_user,
        action=AuditAction.UPDATE,
        obj=current,
        summary=f"Allocation to {label} ended. {reason}",
    )
    # The family's timeline says honestly that nobody holds the case now.
    case_event_record(
        actor=acting_user,
        child=child,
        subject=current,
        kind=EventKind.ALLOCATION_ENDED,
        occurred_on=timezone.localdate(now),
        summary=f"Case no longer allocated to {label}",
        old_state="allocated",
        new_state="unallocated",
        reason=reason,
        visible_to_family=True,
        data={"allocation_id": current.pk, "officer_id": current.officer_id, "team_id": current.team_id},
    )
    return current


def _clean_threshold(value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= THRESHOLD_MAX:
        raise ServiceError(
            f"Caseload threshold must be a whole number between 1 and {THRESHOLD_MAX}",
            field="caseload_threshold",
        )
    return value


@transaction.atomic
def team_create(
    *,
    acting_user: User,
    name: str,
    locality: Locality | None = None,
    manager: User | None = None,
    caseload_threshold: int | None = None,
) -> Team:
    """Create a team. `caseload_threshold` None means the service default (settings.CASELOAD_THRESHOLD)."""
    if not (permissions.can_manage_caseload(acting_user) and acting_user.role in TEAM_SETUP_ROLES):
        raise NotPermitted("Only a head of service or administrator can create teams.")
    name = (name or "").strip()
    if not name:
        raise ServiceError("Enter the team's name", field="name")
    if len(name) > 100:
        raise ServiceError("Team name must be 100 characters or fewer", field="name")
    if Team.objects.filter(name__iexact=name).exists():
        raise ServiceError(f"There is already a team called {name}", field="name")
    if manager is not None and manager.role not in (Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE):
        raise ServiceError(
            f"{manager.display_name} is not a team manager or head of service", field="manager"
        )
    team = Team.objects.create(
        name=name,
        locality=locality,
        manager=manager,
        caseload_threshold=_clean_threshold(caseload_threshold),
        created_by=acting_user,
        updated_by=acting_user,
    )
    audit_record(user=acting_user, action=AuditAction.CREATE, obj=team, summary=f"Team {name} created")
    return team


@transaction.atomic
def team_member_set(*, acting_user: User, user: User, team: Team) -> TeamMembership:
    """Put a case officer or team manager in a team (an officer is in one team at a time).

    Their current cases move with them: the allocation's team is the team holding the case now, which is
    what the manager's views count by. The officer does not change, so the family's timeline does not.
    """
    if not permissions.can_manage_caseload(acting_user):
        raise NotPermitted("Only a team manager or head of service can change teams.")
    if user.role not in CASE_HOLDING_ROLES:
        raise ServiceError(f"{user.display_name} is not a case officer or team manager", field="user")
    membership = TeamMembership.objects.select_for_update().filter(user=user).first()
    previous_team_name = None
    if membership is None:
        membership = TeamMembership.objects.create(user=user, team=team)
    elif membership.team_id == team.pk:
        return membership
    else:
        previous_team_name = Team.objects.filter(pk=membership.team_id).values_list("name", flat=True).first()
        membership.team = team
        membership.save(update_fields=["team"])
    moved = Allocation.objects.filter(officer=user, ended_at__isnull=True).update(
        team=team, updated_by=acting_user, updated_at=timezone.now()
    )
    summary = f"{user.display_name} put in {team.name}"
    if previous_team_name:
        summary += f" (was {previous_team_name}); {moved} current case(s) moved with them"
    audit_record(user=acting_user, action=AuditAction.UPDATE, obj=membership, summary=summary)
    return membership


@transaction.atomic
def team_threshold_set(*, acting_user: User, team: Team, threshold: int | None) -> Team:
    """Set the team's caseload threshold; None goes back to the service default."""
    if not permissions.can_manage_caseload(acting_user):
        raise NotPermitted("Only a team manager or head of service can set caseload thresholds.")
    # A team manager sets their own team's threshold, not their neighbours'.
    if acting_user.role == Role.TEAM_MANAGER and team.manager_id != acting_user.pk:
        raise NotPermitted("You can only set the threshold for a team you manage.")
    threshold = _clean_threshold(threshold)
    team = Team.objects.select_for_update().get(pk=team.pk)
    old = team.caseload_threshold
    team.caseload_threshold = threshold
    team.updated_by = acting_user
    team.save(update_fields=["caseload_threshold", "updated_by", "updated_at"])
    audit_record(
        user=acting_user,
        action=AuditAction.UPDATE,
        obj=team,
        summary=f"Caseload threshold for {team.name} changed from {old or 'default'} "
        f"to {threshold or 'default'}",
    )
    return team
