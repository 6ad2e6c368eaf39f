"""我的待办: open applications of the agencies where the person handles applications, and what
waits for somebody inside the office: extension requests for the 工作机构负责人, letters for the
leader who signs them (审签), notices that could not be sent, answer dates that a new calendar
moved away from the date told to the applicant, and the applicants' messages."""

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.accounts.todo import TodoEntry, TodoSection
from gongkai.workdays.selectors import work_calendar

from .deadlines import OPEN, broken_promises
from .models import ApplicantMessage, Application, CaseEvent, ExtensionRequest, Letter
from .outbox import failure_text, problem_notices
from .selectors import flag, open_cases_by_due
from .services import SIGN_OFF_ACTIONS, settings_for


def _case_url(case):
    return reverse("applications:case", args=[case.pk])


def _prefix(case, many):
    return f"{case.agency.short_name or case.agency.name}·" if many else ""


def _case_note(case):
    if case.status == Application.Status.SUBMITTED:
        return _("网上申请待确认收到")
    if case.last_event_kind == "correction_received" and case.last_event_by_staff is None:
        return _("申请人已在线补正，答复期限已重新计算")
    return case.get_status_display()


def _cases(ids, today, calendar):
    last = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-at", "-pk")
    cases = open_cases_by_due(ids).annotate(
        last_event_kind=Subquery(last.values("verb")[:1]),
        last_event_by_staff=Subquery(last.values("actor_id")[:1]),
    )
    return [
        TodoEntry(
            title=f"{case.number} {case.info_summary}",
            url=_case_url(case),
            due=case.due_date,
            provisional=case.due_provisional,
            flag=flag(case, today, calendar),
            note=_prefix(case, len(ids) > 1) + _case_note(case),
        )
        for case in cases
    ]


def _notices(ids):
    return [
        TodoEntry(
            title=f"{n.case.number} {n.get_channel_display()}：{n.subject}",
            url=_case_url(n.case) + "#notices",
            note=_("%(state)s，已尝试 %(n)s 次：%(error)s")
            % {"state": n.get_state_display(), "n": n.attempts, "error": failure_text(n)[:120]},
            flag="overdue",
        )
        for n in problem_notices(ids)
    ]


def _promises(ids):
    return [
        TodoEntry(
            title=f"{case.number} {case.info_summary}",
            url=_case_url(case) + "#action-due_notice",
            due=min(promised, computed),
            note=(
                _("已告知申请人 %(old)s，按新公布的节假日安排应为 %(new)s：仍须在 %(old)s 前答复，或发出答复期限告知书")
                if computed > promised
                else _(
                    "已告知申请人 %(old)s，按新公布的节假日安排提前为 %(new)s：须在 %(new)s 前答复，并发出答复期限告知书"
                )
            )
            % {"old": promised.isoformat(), "new": computed.isoformat()},
            flag="soon",
        )
        for case, promised, computed in broken_promises(ids)
    ]


def _messages(ids):
    messages = ApplicantMessage.objects.filter(case__agency_id__in=ids, handled_at__isnull=True).select_related("case")
    return [
        TodoEntry(
            title=f"{m.case.number} {m.body[:40]}",
            url=_case_url(m.case) + "#messages",
            note=_("申请人留言（%(at)s）") % {"at": timezone.localtime(m.at).strftime("%Y-%m-%d %H:%M")},
        )
        for m in messages
    ]


def _extension_requests(user):
    ids = permissions.agency_ids_where(user, "application.extend")
    if user.is_superuser:
        ids = None
    pending = ExtensionRequest.objects.filter(state=ExtensionRequest.State.PENDING).select_related("case", "asked_by")
    if ids is not None:
        pending = pending.filter(case__agency_id__in=ids)
    return [
        TodoEntry(
            title=f"{r.case.number} {r.case.info_summary}",
            url=_case_url(r.case) + "#extension-requests",
            due=r.case.due_date,
            provisional=r.case.due_provisional,
            note=_("%(who)s 申请延长 %(days)s 个工作日：%(reason)s")
            % {"who": r.asked_by.get_full_name() or r.asked_by.username, "days": r.days, "reason": r.reason[:60]},
        )
        for r in pending
    ]


def _letters_to_sign(user):
    agencies = set()
    for action in SIGN_OFF_ACTIONS.values():
        agencies |= set(permissions.agencies_where(user, action))
    ids = [
        a.pk
        for a in agencies
        if settings_for(a).sign_off and permissions.can(user, SIGN_OFF_ACTIONS[settings_for(a).sign_off], a)
    ]
    letters = Letter.objects.filter(
        case__agency_id__in=ids, needs_sign_off=True, signed_at__isnull=True
    ).select_related("case")
    return [
        TodoEntry(
            title=f"{letter.case.number}《{letter.title}》",
            url=reverse("applications:sign-off", args=[letter.pk]),
            note=_("待审签（%(day)s 拟发）") % {"day": letter.issued_on.isoformat()},
        )
        for letter in letters
    ]


SUPERVISED_SHOWN = 50


def supervised_overdue(user, today):
    """A supervising office's section: open applications of the agencies below it past their
    answer deadline (case pages show them without personal data)."""
    ids = permissions.agency_ids_where(user, "supervise")
    if not ids:
        return []
    cases = (
        Application.objects.filter(agency_id__in=ids, status__in=OPEN, due_date__lt=today)
        .select_related("agency")
        .order_by("due_date", "pk")
    )
    entries = [
        TodoEntry(
            title=f"{case.number}",
            url=reverse("applications:case", args=[case.pk]),
            due=case.due_date,
            provisional=case.due_provisional,
            flag="overdue",
            note=f"{case.agency.short_name or case.agency.name}·{case.get_status_display()}",
        )
        for case in cases[:SUPERVISED_SHOWN]
    ]
    if not entries:
        return []
    title = _("下级机关逾期未答复的申请（%(n)s 件）") % {"n": cases.count()}
    return [TodoSection(title=title, entries=entries, order=25)]


def todo_sections(user):
    sections = []
    ids = list(permissions.agencies_where(user, "application.handle").values_list("pk", flat=True))
    if ids:
        today, calendar = timezone.localdate(), work_calendar()
        for title, entries, order in (
            (_("未能发送的通知"), _notices(ids), 15),
            (_("答复期限需另行告知申请人"), _promises(ids), 16),
            (_("申请人留言"), _messages(ids), 17),
            (_("政府信息公开申请"), _cases(ids, today, calendar), 20),
        ):
            if entries or order == 20:
                sections.append(TodoSection(title=title, entries=entries, order=order))
    extension = (
        _extension_requests(user)
        if permissions.agency_ids_where(user, "application.extend") or user.is_superuser
        else []
    )
    if extension:
        sections.append(TodoSection(title=_("待审批的延期答复申请"), entries=extension, order=18))
    to_sign = _letters_to_sign(user) if user.is_authenticated else []
    if to_sign:
        sections.append(TodoSection(title=_("待审签的告知书"), entries=to_sign, order=19))
    return sections + supervised_overdue(user, timezone.localdate())
