"""Who may use the API: authority staff and service accounts. Portal roles are refused (403).

The role rules themselves are in `sendcase.core.permissions`; this only maps HTTP methods onto them.
Object-level limits (which children a user sees) are applied by the selectors the views read through.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from sendcase.core import permissions


class IsStaffOrServiceAccount(BasePermission):
    """Reads: `can_read_records`. Writes: `can_edit_cases` (so read-only staff may not POST)."""

    message = "Only the authority's staff and service accounts can use this API."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if request.method in SAFE_METHODS:
            return permissions.can_read_records(user)
        if not permissions.can_read_records(user):
            return False
        if not permissions.can_edit_cases(user):
            self.message = "Your account can read records but not change them."
            return False
        return True
