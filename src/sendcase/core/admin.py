from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import AuditEntry, User


@admin.register(User)
class SendcaseUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Role", {"fields": ("role", "job_title", "phone")}))
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: nobody may add, change or delete audit entries, administrators included."""

    list_display = ("at", "username", "action", "object_type", "object_id", "child_id", "ip_address")
    list_filter = ("action",)
    search_fields = ("username", "object_id", "summary")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
