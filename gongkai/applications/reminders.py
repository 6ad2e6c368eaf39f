"""Due-soon and overdue reminders to the agency's OGI staff, each sent once.

The Reminder row is inserted first (unique per case, kind and due date) and the email sent after
its transaction commits: two machines running `gongkai remind` at once cannot both send it. A
reminder never carries the applicant's personal data.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts import permissions
from gongkai.workdays.selectors import work_calendar

from .deadlines import OPEN
from .models import Application, Reminder
from .selectors import flag

SUBJECTS = {
    "soon": gettext_lazy("【即将到期】政府信息公开申请 %(number)s"),
    "overdue": gettext_lazy("【已逾期】政府信息公开申请 %(number)s"),
}


def recipients(agency) -> list[str]:
    users = permissions.holders(agency, "application.handle").exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _claim(case, kind) -> bool:
    try:
        with transaction.atomic():
            Reminder.objects.create(case=case, kind=kind, due_date=case.due_date)
        return True
    except IntegrityError:
        return False


def send_reminders(today=None) -> int:
    today = today or timezone.localdate()
    calendar = work_calendar()
    sent = 0
    cases = Application.objects.filter(status__in=OPEN, due_date__isnull=False).select_related("agency")
    for case in cases.order_by("due_date"):
        kind = flag(case, today, calendar)
        if not kind or not _claim(case, kind):
            continue
        to = recipients(case.agency)
        if not to:
            continue
        url = settings.SITE_ROOT.rstrip("/") + reverse("applications:case", args=[case.pk])
        body = _(
            "%(agency)s\n申请编号：%(number)s\n所需信息：%(info)s\n"
            "办理状态：%(status)s\n答复期限：%(due)s%(provisional)s\n\n%(url)s\n"
        ) % {
            "agency": case.agency.name, "number": case.number, "info": case.info_summary,
            "status": case.get_status_display(), "due": case.due_date.isoformat(),
            "provisional": _("（暂定）") if case.due_provisional else "", "url": url,
        }
        send_mail(SUBJECTS[kind] % {"number": case.number}, body, None, to)
        sent += 1
    return sent
