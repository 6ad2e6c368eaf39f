from django.contrib import admin

from .models import RecordEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """The admin of records the year lock or the review chain governs (registers, tallies, items,
    applications, appeals, reports): administrators may look, never write. Every write goes
    through the app's services, which check the lock and the transitions and leave their event;
    the admin's own forms would do neither."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RecordEvent)
class RecordEventAdmin(ReadOnlyAdmin):
    """The trail of registers, tallies, catalog, calendar and portal writes, for administrators to read."""

    list_display = ["at", "agency", "actor", "verb", "object_type", "object_repr"]
    list_filter = ["verb", "object_type", "agency"]
    search_fields = ["object_repr", "reason"]
    date_hierarchy = "at"
