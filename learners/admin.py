"""Staff can see the reminders that went out (or failed), never write them: they are the record
that makes each e-mail go out once."""

from django.contrib import admin

from .models import Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "user__email",
        "kind",
        "week_start",
        "hours_logged",
        "goal_hours",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "kind", "week_start"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    date_hierarchy = "week_start"
    readonly_fields = [field.name for field in Reminder._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
