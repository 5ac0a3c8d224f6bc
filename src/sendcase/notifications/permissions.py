"""Who may see and act on the outbox and the print queue: team managers, heads of service and
administrators (the people who chase what went wrong). The messages name families and addresses, so
case officers and read-only users do not see the whole authority's outbox."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from sendcase.core import permissions
from sendcase.core.models import User


def can_manage_outbox(user: User | AnonymousUser | None) -> bool:
    return permissions.can_manage_caseload(user)
