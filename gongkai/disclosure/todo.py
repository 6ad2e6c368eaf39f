"""我的待办 of 主动公开: each reviewer sees what waits at their step."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.todo import TodoEntry, TodoSection

from .selectors import overdue_unpublished, pending_reviews


def _entry(item, today, note=""):
    flag = ""
    if item.due_on and item.published_at is None:
        days_left = (item.due_on - today).days
        flag = "overdue" if days_left < 0 else ("soon" if days_left <= 5 else "")
    return TodoEntry(
        title=item.title,
        url=reverse("disclosure:item", args=[item.pk]),
        due=item.due_on,
        provisional=item.due_provisional,
        flag=flag,
        note=note or item.unit.name,
    )


def sections(user):
    today = timezone.localdate()
    pending = pending_reviews(user)
    out = []
    titles = [
        ("unit", _("主动公开：待我审核（站所负责人）"), 20),
        ("leader", _("主动公开：待我审核（分管领导）"), 21),
        ("ogi", _("主动公开：待党政办审核发布"), 22),
    ]
    for key, title, order in titles:
        entries = [_entry(item, today) for item in pending[key].order_by("due_on", "pk")[:50]]
        if entries:
            out.append(TodoSection(title=title, entries=entries, order=order))
    returned = [
        _entry(item, today, _("退回理由：%(r)s") % {"r": item.sent_back_reason})
        for item in pending["returned"].order_by("due_on", "pk")[:50]
    ]
    if returned:
        out.append(TodoSection(title=_("主动公开：被退回待修改"), entries=returned, order=19))
    overdue = [
        _entry(item, today, _("逾期未公开 · %(s)s") % {"s": item.get_state_display()})
        for item in overdue_unpublished(user, today=today).order_by("due_on", "pk")[:50]
    ]
    if overdue:
        out.append(TodoSection(title=_("主动公开：已超过 20 个工作日仍未公开"), entries=overdue, order=23))
    supervised = overdue_unpublished(user, today=today, action="supervise")
    entries = [
        _entry(
            item,
            today,
            _("%(agency)s · %(unit)s · %(state)s")
            % {
                "agency": item.agency.short_name or item.agency.name,
                "unit": item.unit.name,
                "state": item.get_state_display(),
            },
        )
        for item in supervised.order_by("due_on", "pk")[:SUPERVISED_SHOWN]
    ]
    if entries:
        total = supervised.count()
        title = _("下级机关逾期未公开的信息（%(n)s 条）") % {"n": total}
        out.append(TodoSection(title=title, entries=entries, order=24))
    return out


SUPERVISED_SHOWN = 50  # the oldest first; the item list's 逾期 filter shows them all
