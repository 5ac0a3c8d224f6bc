"""Who may do what. Every view and API handler asks these functions; none checks roles itself."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from .models import Role, User

STAFF_ROLES = frozenset(
    {
        Role.CASE_OFFICER,
        Role.TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
        Role.READ_ONLY,
        Role.ADMINISTRATOR,
        Role.PROGRAMME_OFFICER,
        Role.DATA_OFFICER,
    }
)
PORTAL_ROLES = frozenset({Role.FAMILY, Role.SCHOOL, Role.ADVISER})
CASE_EDITING_ROLES = frozenset(
    {Role.CASE_OFFICER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR, Role.SERVICE_ACCOUNT}
)
CASELOAD_MANAGING_ROLES = frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR})


def _active(user: User | AnonymousUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_staff_member(user: User | AnonymousUser | None) -> bool:
    """Staff of the authority: they may read every child's record in it."""
    return _active(user) and user.role in STAFF_ROLES


def can_read_records(user: User | AnonymousUser | None) -> bool:
    return _active(user) and (user.role in STAFF_ROLES or user.role == Role.SERVICE_ACCOUNT)


def can_edit_cases(user: User | AnonymousUser | None) -> bool:
    return _active(user) and user.role in CASE_EDITING_ROLES


def can_manage_caseload(user: User | AnonymousUser | None) -> bool:
    return _active(user) and user.role in CASELOAD_MANAGING_ROLES


def can_read_audit(user: User | AnonymousUser | None) -> bool:
    return _active(user) and user.role == Role.ADMINISTRATOR


def can_view_caseloads(user: User | AnonymousUser | None) -> bool:
    """Managers, and read-only oversight (board members, auditors), may see every officer's caseload."""
    return can_manage_caseload(user) or (is_staff_member(user) and user.role == Role.READ_ONLY)


def can_change_reference_data(user: User | AnonymousUser | None) -> bool:
    """Establishments and localities: administrators, and commands run on the server (no user)."""
    if user is None:
        return True
    return _active(user) and user.role == Role.ADMINISTRATOR


def require_case_editor(request) -> None:
    """For views: 403 unless the signed-in user may change cases."""
    from django.core.exceptions import PermissionDenied

    if not can_edit_cases(request.user):
        raise PermissionDenied


# --- performance, improvement and data --------------------------------------------------------------


def can_read_performance(user: User | AnonymousUser | None) -> bool:
    """Dashboards, the SEN2 return, the improvement plan and board packs: every member of staff,
    board members (read only) included."""
    return is_staff_member(user)


def can_edit_improvement_plan(user: User | AnonymousUser | None) -> bool:
    """Programme staff and senior leaders change the improvement plan; board members read it."""
    return _active(user) and user.role in {Role.PROGRAMME_OFFICER, Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR}


def can_produce_returns(user: User | AnonymousUser | None) -> bool:
    """Generating and downloading the SEN2 return, and recomputing indicator snapshots."""
    return _active(user) and user.role in {Role.DATA_OFFICER, Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR}


def can_import_data(user: User | AnonymousUser | None) -> bool:
    """Importing spreadsheets, working the quarantine, and merging duplicate children."""
    return _active(user) and user.role in {Role.DATA_OFFICER, Role.ADMINISTRATOR}


# --- portals ----------------------------------------------------------------------------------------


def is_portal_user(user: User | AnonymousUser | None) -> bool:
    return _active(user) and user.role in PORTAL_ROLES


def is_family_user(user: User | AnonymousUser | None) -> bool:
    return _active(user) and user.role == Role.FAMILY


def is_school_user(user: User | AnonymousUser | None) -> bool:
    return _active(user) and user.role == Role.SCHOOL


def is_adviser_user(user: User | AnonymousUser | None) -> bool:
    return _active(user) and user.role == Role.ADVISER


def is_linked_family(user: User | AnonymousUser | None, child_id: int) -> bool:
    """A parent, carer or young person whose account an officer has linked to this child (and not ended)."""
    if not is_family_user(user):
        return False
    from sendcase.portal.models import FamilyLink

    return FamilyLink.objects.filter(user=user, child_id=child_id, ended_at__isnull=True).exists()


# Paths a portal user may open: their portal, signing out, and the public pages. Everything else is a
# staff page and answers 403 (checked in core.middleware before any view runs).
PORTAL_USER_PATHS = ("/portal/", "/sign-out/", "/accessibility/", "/privacy/", "/home/", "/static/")


def portal_user_may_open(path: str) -> bool:
    return path == "/" or path.startswith(PORTAL_USER_PATHS)
