"""Staff pages of the portal: moderating 监督评议, managing 政府开放日 and answering opinions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai import lists
from gongkai.accounts import permissions
from gongkai.lists import Filter, Sort
from gongkai.web import add_errors

from . import selectors, services
from .forms import AnswerForm, ModerationForm, OpenDayForm
from .models import Feedback, OpenDay, OpenDayOpinion


PENDING_SHOWN = 50  # oldest first; each moderation brings the next one up
FEEDBACK_SORTS = {
    "recent": Sort(gettext_lazy("审核时间（新到旧）"), (F("moderated_at").desc(nulls_last=True), "-pk")),
    "created": Sort(gettext_lazy("提交时间（新到旧）"), ("-created_at", "-pk")),
}


@login_required
def feedback_list(request):
    if not permissions.agencies_where(request.user, "feedback.moderate").exists():
        raise PermissionDenied(_("您没有审核监督评议的权限"))
    pending = selectors.pending_feedback(request.user)[:PENDING_SHOWN]
    done = [(v, label) for v, label in Feedback.Status.choices if v != Feedback.Status.PENDING]
    status = lists.choice(request, "status", [v for v, _label in done])
    recent = permissions.scope(
        Feedback.objects.exclude(status=Feedback.Status.PENDING), request.user, "feedback.moderate"
    ).select_related("item")
    if status:
        recent = recent.filter(status=status)
    listing = lists.listing(
        request,
        recent,
        sorts=FEEDBACK_SORTS,
        search_fields=("comment", "reply", "item__title"),
        filters=[Filter("status", _("状态"), done, status)],
    )
    return render(
        request,
        "portal/staff/feedback.html",
        {
            "pending": pending,
            "pending_total": selectors.pending_feedback(request.user).count(),
            "recent": listing.page.object_list,
            "listing": listing,
            "form": ModerationForm(),
            "search_hint": _("意见、答复或信息标题"),
        },
    )


@login_required
@require_POST
def feedback_moderate(request, pk):
    feedback = get_object_or_404(Feedback.objects.select_related("agency", "item"), pk=pk)
    permissions.require(request.user, "feedback.moderate", feedback.agency)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择审核意见。"))
        return redirect("portal:staff-feedback")
    try:
        services.feedback_moderate(
            feedback=feedback,
            actor=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            reply=form.cleaned_data["reply"],
        )
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    else:
        messages.success(request, _("已审核。"))
    return redirect("portal:staff-feedback")


def _edit_agencies(user):
    agencies = permissions.agencies_where(user, "openday.edit")
    if not agencies.exists():
        raise PermissionDenied(_("您没有管理政府开放日的权限"))
    return agencies


@login_required
def open_day_list(request):
    agencies = _edit_agencies(request.user)
    events = OpenDay.objects.filter(agency__in=agencies).select_related("agency").order_by("-starts_at")
    return render(request, "portal/staff/open_days.html", {"events": events})


@login_required
def open_day_new(request):
    agencies = list(_edit_agencies(request.user))
    form = OpenDayForm(request.POST or None)
    agency = agencies[0]
    if request.method == "POST" and len(agencies) > 1:
        agency = next((a for a in agencies if str(a.pk) == request.POST.get("agency")), agencies[0])
    if request.method == "POST" and form.is_valid():
        try:
            event = services.openday_create(agency=agency, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(request, _("已创建政府开放日活动。"))
            return redirect("portal:staff-openday", event.pk)
    return render(request, "portal/staff/open_day_form.html", {"form": form, "agencies": agencies, "event": None})


@login_required
def open_day_edit(request, pk):
    event = get_object_or_404(OpenDay.objects.select_related("agency"), pk=pk)
    permissions.require(request.user, "openday.edit", event.agency)
    form = OpenDayForm(request.POST or None, instance=OpenDay.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.openday_update(open_day=event, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(request, _("已保存。"))
            return redirect("portal:staff-openday", event.pk)
    return render(
        request,
        "portal/staff/open_day_form.html",
        {
            "form": form,
            "event": event,
            "registrations": event.registrations.all(),
            "opinions": event.opinions.all(),
            "answer_form": AnswerForm(),
        },
    )


@login_required
@require_POST
def opinion_answer(request, pk):
    opinion = get_object_or_404(OpenDayOpinion.objects.select_related("open_day__agency"), pk=pk)
    permissions.require(request.user, "openday.edit", opinion.open_day.agency)
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.opinion_answer(opinion=opinion, actor=request.user, answer=form.cleaned_data["answer"])
        messages.success(request, _("已答复，答复在活动页面公开。"))
    else:
        messages.error(request, _("请填写答复内容。"))
    return redirect("portal:staff-openday", opinion.open_day_id)
