from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai import lists
from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import agencies_where, can, require
from gongkai.lists import Filter, Sort
from gongkai.web import add_errors

from . import selectors, services
from .forms import AppealForm, DecideForm
from .models import Appeal


def _agency(request, slug, action="report.read"):
    agency = get_object_or_404(Agency, slug=slug)
    require(request.user, action, agency)
    return agency


def _save(request, form, write, done, appeal=None):
    """Call the service `write` with the form's data. Returns what it returned (after a success
    message), or None with the refusal's reason on the form; `appeal` is then re-read, since its
    refused change was rolled back and the page shows what is stored."""
    try:
        result = write(actor=request.user, **form.cleaned_data)
    except ValidationError as e:
        if appeal is not None:
            appeal.refresh_from_db()
        add_errors(form, e)
        return None
    messages.success(request, done)
    return result


@login_required
def index(request):
    agencies = list(agencies_where(request.user, "report.read").order_by("name"))
    if len(agencies) == 1:
        return redirect("appeals:list", agencies[0].slug)
    return render(request, "appeals/index.html", {"agencies": agencies})


# Cases still pending (尚未审结) need following up: they come first.
APPEAL_SORTS = {
    "action": Sort(
        gettext_lazy("未审结在前"), (Case(When(result=Appeal.Result.PENDING, then=0), default=1), "-filed_on", "-pk")
    ),
    "filed": Sort(gettext_lazy("受理日期（新到旧）"), ("-filed_on", "-pk")),
}


@login_required
def appeal_list(request, slug):
    agency = _agency(request, slug)
    appeals = selectors.appeals_of(agency=agency)
    years = [d.year for d in appeals.dates("filed_on", "year", order="DESC")]
    filters = [
        Filter("kind", _("类别"), Appeal.Kind.choices, lists.choice(request, "kind", Appeal.Kind.values)),
        Filter("result", _("结果"), Appeal.Result.choices, lists.choice(request, "result", Appeal.Result.values)),
        Filter("year", _("受理（立案）年度"), [(str(y), str(y)) for y in years], lists.year_choice(request, years)),
    ]
    chosen = {f.name: f.value for f in filters}
    if chosen["kind"]:
        appeals = appeals.filter(kind=chosen["kind"])
    if chosen["result"]:
        appeals = appeals.filter(result=chosen["result"])
    if chosen["year"]:
        appeals = appeals.filter(filed_on__year=int(chosen["year"]))
    listing = lists.listing(
        request, appeals, sorts=APPEAL_SORTS, filters=filters, search_fields=("number", "appellant", "body", "summary")
    )
    return render(
        request,
        "appeals/list.html",
        {
            "agency": agency,
            "appeals": listing.page.object_list,
            "listing": listing,
            "search_hint": _("案号、申请人、复议机关"),
            "may_edit": can(request.user, "appeal.edit", agency),
            "counting_rule": selectors.COUNTING_RULE,
        },
    )


@login_required
def appeal_new(request, slug):
    agency = _agency(request, slug, "appeal.edit")
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        appeal = _save(request, form, partial(services.appeal_register, agency=agency), _("案件已登记。"))
        if appeal is not None:
            return redirect("appeals:detail", slug, appeal.pk)
    return render(request, "appeals/new.html", {"agency": agency, "form": form})


@login_required
def appeal_detail(request, slug, pk):
    agency = _agency(request, slug)
    appeal = get_object_or_404(Appeal, agency=agency, pk=pk)
    form = DecideForm(request.POST or None)
    offered = services.TRANSITIONS.offered(request.user, appeal)
    if request.method == "POST":
        if not services.TRANSITIONS.permitted(request.user, appeal, "decide"):
            raise PermissionDenied(_("您没有权限执行此操作"))
        decide = partial(services.appeal_decide, appeal=appeal)
        if form.is_valid() and _save(request, form, decide, _("已登记结果。"), appeal):
            return redirect("appeals:detail", slug, appeal.pk)
    return render(
        request,
        "appeals/detail.html",
        {
            "agency": agency,
            "appeal": appeal,
            "form": form,
            "may_edit": "edit" in offered,
            "may_decide": "decide" in offered,
            "events": appeal.events.select_related("actor"),
        },
    )


@login_required
def appeal_edit(request, slug, pk):
    """Correct the particulars of a case; its result is recorded on the detail page."""
    agency = _agency(request, slug, "appeal.edit")
    appeal = get_object_or_404(Appeal, agency=agency, pk=pk)
    # The form validates a copy: a ModelForm writes its data into its instance, and the service
    # compares the stored values with the new ones to record what changed.
    form = AppealForm(request.POST or None, instance=Appeal.objects.get(pk=appeal.pk))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(request, form, partial(services.appeal_update, appeal=appeal), _("已保存修改。"), appeal)
    ):
        return redirect("appeals:detail", slug, appeal.pk)
    return render(request, "appeals/edit.html", {"agency": agency, "appeal": appeal, "form": form})
