from django.contrib import admin

from .models import CalendarYear, SpecialDay
from .signals import calendar_changed


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "updated_at"]


@admin.register(SpecialDay)
class SpecialDayAdmin(admin.ModelAdmin):
    list_display = ["day", "workday", "name"]
    list_filter = ["workday"]
    date_hierarchy = "day"
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        calendar_changed.send(sender=SpecialDay, years=[obj.day.year])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar_changed.send(sender=SpecialDay, years=[obj.day.year])
