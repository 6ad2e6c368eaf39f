"""我的待办: open applications of the agencies where the person handles applications."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.accounts.todo import TodoEntry, TodoSection
from gongkai.workdays.selectors import work_calendar

from .models import Application
from .selectors import flag, open_cases_by_due


def todo_sections(user):
    agencies = permissions.agencies_where(user, "application.handle")
    ids = list(agencies.values_list("pk", flat=True))
    if not ids:
        return []
    today, calendar = timezone.localdate(), work_calendar()
    entries = []
    for case in open_cases_by_due(ids):
        note = case.get_status_display()
        if case.status == Application.Status.SUBMITTED:
            note = _("网上申请待确认收到")
        entries.append(
            TodoEntry(
                title=f"{case.number} {case.info_summary}",
                url=reverse("applications:case", args=[case.pk]),
                due=case.due_date,
                provisional=case.due_provisional,
                flag=flag(case, today, calendar),
                note=note if len(ids) == 1 else f"{case.agency.short_name or case.agency.name}·{note}",
            )
        )
    return [TodoSection(title=_("政府信息公开申请"), entries=entries, order=20)]
