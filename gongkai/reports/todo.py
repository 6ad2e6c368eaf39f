"""我的待办 entries of the annual report: draft it, approve it, publish it by 31 January."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import agencies_where, agency_ids_where
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
        (r.agency_id, r.year): r for r in AnnualReport.objects.filter(agency__in=drafting, year__in=[year, year - 1])
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
                "agency": agency.short_name or agency.name,
                "year": y,
                "state": _("起草中") if report else _("尚未开始"),
            }
            if report is not None and report.sent_back_reason:
                title += _("（已退回：%(reason)s）") % {"reason": report.sent_back_reason}
            if report is None and y < year:
                title = _("%(agency)s %(year)s 年度报告尚未发布") % {
                    "agency": agency.short_name or agency.name,
                    "year": y,
                }
            entries.append(
                TodoEntry(
                    title=title,
                    url=reverse("reports:staff-detail", args=[agency.slug, y])
                    if report
                    else reverse("reports:staff-list", args=[agency.slug]),
                    due=due,
                    flag=_flag(due, today),
                )
            )
    approving = AnnualReport.objects.filter(
        agency__in=agencies_where(user, "report.approve"), status=AnnualReport.Status.SUBMITTED
    ).select_related("agency")
    for report in approving:
        entries.append(
            TodoEntry(
                title=_("%(agency)s %(year)s 年度报告待审批")
                % {
                    "agency": report.agency.short_name or report.agency.name,
                    "year": report.year,
                },
                url=reverse("reports:staff-detail", args=[report.agency.slug, report.year]),
                due=report.deadline,
                flag=_flag(report.deadline, today),
            )
        )
    out = [TodoSection(title=_("政府信息公开工作年度报告"), entries=entries, order=60)] if entries else []
    return out + supervised_late(user, today)


def supervised_late(user, today):
    """A supervising office's section: agencies below it whose report for the last year that fell
    due (第四十九条: 31 January) is not published."""
    ids = agency_ids_where(user, "supervise")
    year = today.year - 1 if today > date(today.year, 1, 31) else today.year - 2
    if not ids or year < 2019:
        return []
    published = set(
        AnnualReport.objects.filter(
            agency_id__in=ids, year=year, versions__isnull=False, withdrawn_on__isnull=True
        ).values_list("agency_id", flat=True)
    )
    reports = {r.agency_id: r for r in AnnualReport.objects.filter(agency_id__in=ids, year=year)}
    due = date(year + 1, 1, 31)
    entries = []
    for agency in Agency.objects.filter(pk__in=ids).exclude(pk__in=published).order_by("name"):
        report = reports.get(agency.pk)
        state = report.get_status_display() if report else _("尚未开始")
        entries.append(
            TodoEntry(
                title=_("%(agency)s %(year)s 年度报告逾期未发布")
                % {"agency": agency.short_name or agency.name, "year": year},
                url=reverse("reports:staff-detail", args=[agency.slug, year])
                if report
                else reverse("reports:staff-list", args=[agency.slug]),
                due=due,
                flag="overdue",
                note=state,
            )
        )
    if not entries:
        return []
    return [TodoSection(title=_("下级机关逾期未发布的年度报告"), entries=entries, order=61)]
