from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from gongkai.core.workdays import CalendarFileError

from .forms import CalendarImportForm
from .models import CalendarYear, SpecialDay
from .services import calendar_import_year, special_day_delete, special_day_save


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """A year is entered by importing its file (calendar_import_year, with its event), never by
    editing the row."""

    list_display = ["year", "source", "updated_at"]
    change_list_template = "admin/workdays/calendaryear/change_list.html"

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:workdays_calendaryear_import")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        extra = [path("import/", self.admin_site.admin_view(self.import_view), name="workdays_calendaryear_import")]
        return extra + super().get_urls()

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = CalendarImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            year = form.cleaned_data["year"]
            try:
                count = calendar_import_year(
                    year=year, days=form.cleaned_data["file"], source=form.cleaned_data["source"], actor=request.user
                )
            except CalendarFileError as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(
                    request, _("已导入 %(year)s 年的 %(count)s 个特殊日期。") % {"year": year, "count": count}
                )
                return redirect("admin:workdays_calendaryear_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("导入节假日安排"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/workdays/calendaryear/import.html", context)


@admin.register(SpecialDay)
class SpecialDayAdmin(admin.ModelAdmin):
    """Every change goes through the calendar services: its event, and the due dates recomputed."""

    list_display = ["day", "workday", "name"]
    list_filter = ["workday"]
    date_hierarchy = "day"
    search_fields = ["name"]
    actions = []  # the bulk delete action would bypass the service

    def save_model(self, request, obj, form, change):
        special_day_save(actor=request.user, special_day=obj)

    def delete_model(self, request, obj):
        special_day_delete(actor=request.user, special_day=obj)
