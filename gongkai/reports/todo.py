"""我的待办 entries of the annual report: draft it, approve it, publish it by 31 January."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import agencies_where
from gongkai.accounts.todo import TodoEntry, TodoSection

from .models import AnnualReport


def _flag(due, today):
    if today > due:
        return "overdue"
    return "soon" if (due - today).days <= 30 else ""


def sections(user):
    today = timezone.localdate()
    # The report of last year is due on 31 January; before that, this year's is being written.
    year = today.year - 1 if today <= date(today.year, 1, 31) else today.year
    entries = []
    drafting = list(agencies_where(user, "report.draft"))
    reports = {
        (r.agency_id, r.year): r
        for r in AnnualReport.objects.filter(agency__in=drafting, year__in=[year, year - 1])
    }
    for agency in drafting:
        for y in (year - 1, year):
            report = reports.get((agency.pk, y))
            due = date(y + 1, 1, 31)
            if report is not None and report.status != AnnualReport.Status.DRAFT:
                continue
            if report is None and y < year and today <= due:
                continue
            if report is None and y < year and y < 2019:
                continue
            title = _("%(agency)s %(year)s 年度报告：%(state)s") % {
                "agency": agency.short_name or agency.name, "year": y,
                "state": _("起草中") if report else _("尚未开始"),
            }
            if report is not None and report.sent_back_reason:
                title += _("（已退回：%(reason)s）") % {"reason": report.sent_back_reason}
            if report is None and y < year:
                title = _("%(agency)s %(year)s 年度报告尚未发布") % {"agency": agency.short_name or agency.name, "year": y}
            entries.append(TodoEntry(
                title=title, url=reverse("reports:staff-detail", args=[agency.slug, y]) if report else
                reverse("reports:staff-list", args=[agency.slug]),
                due=due, flag=_flag(due, today),
            ))
    approving = AnnualReport.objects.filter(
        agency__in=agencies_where(user, "report.approve"), status=AnnualReport.Status.SUBMITTED
    ).select_related("agency")
    for report in approving:
        entries.append(TodoEntry(
            title=_("%(agency)s %(year)s 年度报告待审批") % {
                "agency": report.agency.short_name or report.agency.name, "year": report.year,
            },
            url=reverse("reports:staff-detail", args=[report.agency.slug, report.year]),
            due=report.deadline, flag=_flag(report.deadline, today),
        ))
    if not entries:
        return []
    return [TodoSection(title=_("政府信息公开工作年度报告"), entries=entries, order=60)]
