from django.contrib import admin


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
