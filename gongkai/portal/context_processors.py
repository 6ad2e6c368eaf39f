from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.accounts import permissions

LARGE_TYPE_COOKIE = "gk_large"


def reports_url(agency=None):
    """The annual-report listing of an agency (none without an agency)."""
    if agency is None:
        return None
    return reverse("reports:public-list", kwargs={"slug": agency.slug})


# The staff navigation: (URL name, label, actions of which any one shows the link). One line per
# page; the permission module decides, so a person sees only pages they may open.
STAFF_NAV = [
    ("staff-home", _("我的待办"), ()),
    ("applications:list", _("依申请公开"), ("application.view",)),
    ("disclosure:items", _("主动公开"), ("item.read",)),
    ("reports:staff-index", _("年度报告"), ("report.read",)),
    ("appeals:index", _("复议诉讼"), ("appeal.edit",)),
    ("deadline-calculator", _("期限计算器"), ("calendar.use",)),
    ("reports:supervise", _("督查汇总"), ("supervise",)),
    ("portal:staff-feedback", _("评议审核"), ("feedback.moderate",)),
    ("portal:staff-open-days", _("开放日管理"), ("openday.edit",)),
]


def portal(request):
    return {"large_type": request.COOKIES.get(LARGE_TYPE_COOKIE) == "1", "staff_nav": lambda: staff_nav(request.user)}


def staff_nav(user):
    """[(url, label)] of the staff pages this person may open (evaluated only when a template
    asks, i.e. in the header of a page seen by someone logged in)."""
    if not user.is_authenticated:
        return []
    links = []
    for name, label, actions in STAFF_NAV:
        if actions and not any(permissions.may_somewhere(user, action) for action in actions):
            continue
        links.append((reverse(name), label))
    return links
