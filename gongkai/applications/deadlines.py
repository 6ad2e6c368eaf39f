"""The bridge between a case and the one deadline function (gongkai.core.deadlines)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import deadlines as core
from gongkai.workdays.selectors import work_calendar

from .models import Application, ClockInterval

K = ClockInterval.Kind
LABELS = {
    K.CORRECTION: gettext_lazy("告知申请人补正"),
    K.THIRD_PARTY: gettext_lazy("征求第三方意见"),
    K.OTHER_AGENCY: gettext_lazy("征求其他机关意见"),
    K.FEE: gettext_lazy("等待缴纳信息处理费"),
    K.REOPEN: gettext_lazy("复议或诉讼后重新办理"),
}
EXPECTED_DAYS = {
    K.THIRD_PARTY: core.CONSULTATION_DAYS,
    K.OTHER_AGENCY: core.CONSULTATION_DAYS,
    K.FEE: core.FEE_PAYMENT_DAYS,
}


def ledger(case, rows=None) -> list[core.Interval]:
    rows = case.intervals.all() if rows is None else rows
    out = []
    for r in rows:
        restart = r.kind in (K.CORRECTION, K.REOPEN)
        label = str(LABELS[r.kind])
        if r.party:
            label = _("%(label)s（%(party)s）") % {"label": label, "party": r.party}
        out.append(
            core.Interval(
                core.RESTART if restart else core.PAUSE,
                r.start,
                r.end,
                r.basis,
                label,
                None if restart else EXPECTED_DAYS.get(r.kind),
            )
        )
    return out


def case_deadline(case, calendar=None) -> core.Deadline | None:
    """The answer deadline of a case, with its explanation; None before receipt."""
    if case.received_on is None:
        return None
    return core.answer_deadline(
        calendar or work_calendar(),
        receipt=case.received_on,
        intervals=ledger(case),
        extension_days=case.extension_days,
        later_deadline=case.later_deadline,
    )


def effective_due(computed, promised):
    """The date the office works to: the law's date, but never later than a date already
    promised to the applicant in a letter (only a new letter moves a promise later)."""
    if computed is not None and promised is not None and computed > promised:
        return promised
    return computed


def refresh_due(case, calendar=None) -> bool:
    """Store the cached due date of a case; True when it changed. Decided cases keep theirs."""
    if case.status in (Application.Status.DECIDED, Application.Status.SERVED, Application.Status.CLOSED):
        return False
    d = case_deadline(case, calendar)
    due, provisional = (d.date, d.provisional) if d else (None, False)
    due = effective_due(due, case.promised_due)
    if (case.due_date, case.due_provisional) == (due, provisional):
        return False
    case.due_date, case.due_provisional = due, provisional
    Application.objects.filter(pk=case.pk).update(due_date=due, due_provisional=provisional)
    return True


OPEN = [
    Application.Status.RECEIVED,
    Application.Status.CORRECTION,
    Application.Status.CONSULTING,
    Application.Status.FEE,
    Application.Status.REASONS,
]


def recompute_open_cases(years=None) -> int:
    """Refresh every open case's due date (after the calendar of `years` changed)."""
    calendar = work_calendar()
    qs = Application.objects.filter(status__in=OPEN).prefetch_related("intervals")
    if years:
        # A calendar change can only move a date counted across those years.
        qs = qs.filter(received_on__year__lte=max(years))
    return sum(refresh_due(case, calendar) for case in qs.iterator(chunk_size=500))


def broken_promises(agency_ids, calendar=None):
    """Open cases whose date told to the applicant differs from what the calendar now gives:
    [(case, promised, computed)]. Later: the office still answers by the promise, or sends a
    new letter; earlier: the law's date binds, and the applicant should be told."""
    calendar = calendar or work_calendar()
    out = []
    cases = Application.objects.filter(agency_id__in=agency_ids, status__in=OPEN, promised_due__isnull=False)
    for case in cases.select_related("agency").prefetch_related("intervals"):
        d = case_deadline(case, calendar)
        if d is not None and d.date is not None and d.date != case.promised_due:
            out.append((case, case.promised_due, d.date))
    return out


def on_calendar_changed(sender, years=None, **kwargs):
    recompute_open_cases(years)
