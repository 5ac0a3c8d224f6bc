"""Teams, memberships and allocations in the admin, to look at only.

Writes go through the services (the manager's pages and `manage.py team_setup`), which check permission
and write the audit log and the child's case history; editing rows here would skip all three.
"""

from django.contrib import admin

from .models import Allocation, Team, TeamMembership


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = ("name", "locality", "manager", "caseload_threshold")
    search_fields = ("name",)
    list_select_related = ("locality", "manager")


@admin.register(TeamMembership)
class TeamMembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "team")
    list_filter = ("team",)
    search_fields = ("user__username", "user__last_name")
    list_select_related = ("user", "team")


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ("child", "officer", "team", "started_at", "ended_at")
    list_filter = ("team",)
    search_fields = ("child__legal_last_name", "officer__username", "officer__last_name")
    list_select_related = ("child", "officer", "team")
    raw_id_fields = ("child", "officer")
