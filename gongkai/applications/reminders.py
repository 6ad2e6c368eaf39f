"""Due-soon and overdue reminders to the agency's OGI staff, each queued once.

The Reminder row (unique per case, kind and due date) and its notice in the outbox are written in
one transaction: two machines running `gongkai remind` at once cannot both queue it, and the
outbox marks it sent only once the mail server accepted it. A reminder that cannot be sent (no
address, mail server down) stays in the office's 我的待办 and is retried. A reminder never
carries the applicant's personal data.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts import permissions
from gongkai.workdays.selectors import work_calendar

from .deadlines import OPEN
from .models import Application, Notice, Reminder
from .outbox import notice_queue, outbox_send
from .selectors import flag

SUBJECTS = {
    "soon": gettext_lazy("【即将到期】政府信息公开申请 %(number)s"),
    "overdue": gettext_lazy("【已逾期】政府信息公开申请 %(number)s"),
}


def recipients(agency) -> list[str]:
    """The people who handle applications, and the OGI office's own mailbox."""
    users = permissions.holders(agency, "application.handle").exclude(email="")
    return sorted(set(users.values_list("email", flat=True)) | ({agency.ogi_email} if agency.ogi_email else set()))


def _queue(case, kind, body) -> bool:
    """Record the reminder and queue its e-mail together; False when it was queued before."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(case=case, kind=kind, due_date=case.due_date)
            notice_queue(
                channel=Notice.Channel.EMAIL,
                kind="reminder",
                to=recipients(case.agency),
                subject=str(SUBJECTS[kind] % {"number": case.number}),
                body=body,
                case=case,
                reminder=reminder,
            )
        return True
    except IntegrityError:
        return False


def _body(case) -> str:
    url = settings.SITE_ROOT.rstrip("/") + reverse("applications:case", args=[case.pk])
    return _(
        "%(agency)s\n申请编号：%(number)s\n所需信息：%(info)s\n"
        "办理状态：%(status)s\n答复期限：%(due)s%(provisional)s\n\n%(url)s\n"
    ) % {
        "agency": case.agency.name,
        "number": case.number,
        "info": case.info_summary,
        "status": case.get_status_display(),
        "due": case.due_date.isoformat(),
        "provisional": _("（暂定）") if case.due_provisional else "",
        "url": url,
    }


def send_reminders(today=None) -> tuple[int, int, int]:
    """Queue the reminders due today, then send everything waiting in the outbox.
    Returns (reminders queued, notices sent, notices failed)."""
    today = today or timezone.localdate()
    calendar = work_calendar()
    queued = 0
    cases = Application.objects.filter(status__in=OPEN, due_date__isnull=False).select_related("agency")
    for case in cases.order_by("due_date"):
        kind = flag(case, today, calendar)
        if kind and _queue(case, kind, _body(case)):
            queued += 1
    sent, failed = outbox_send()
    return queued, sent, failed
