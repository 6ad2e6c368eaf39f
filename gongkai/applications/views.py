from dataclasses import dataclass
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions
from gongkai.accounts.models import Agency

from . import forms, services
from .deadlines import case_deadline
from .letters import letter_docx, letter_pdf
from .forms import ALLOWED_TYPES, sniff_type
from .models import Application, Attachment, Letter
from .selectors import case_warnings, cases_for_user, flag, may_read, may_see_personal_data

S = Application.Status


# --- public --------------------------------------------------------------------------------


def apply(request, agency_slug):
    agency = get_object_or_404(Agency, slug=agency_slug)
    form = forms.ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.application_submit(
                agency=agency, fields=form.applicant_fields(), files=form.cleaned_data["attachments"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("apply-receipt", code=case.query_code)
    return render(request, "applications/apply.html", {"agency": agency, "form": form})


def receipt(request, code):
    case = get_object_or_404(Application.objects.select_related("agency"), query_code=code)
    return render(request, "applications/receipt.html", {"case": case})


def status(request):
    form = forms.StatusQueryForm(request.GET or None)
    case = deadline = None
    if form.is_valid():
        case = Application.objects.select_related("agency").filter(query_code=form.cleaned_data["code"]).first()
        if case is None:
            form.add_error("code", _("没有找到与该查询码对应的申请，请核对后重新输入。"))
        else:
            deadline = case_deadline(case)
    context = {"form": form, "case": case, "deadline": deadline, "letters": case.letters.all() if case else []}
    return render(request, "applications/status.html", context)


def status_letter(request, code, letter_id):
    letter = get_object_or_404(Letter.objects.select_related("case__agency"), pk=letter_id, case__query_code=code)
    if letter.kind == "third_party":
        raise Http404  # addressed to the third party, not to the applicant
    return _letter_response(letter, "pdf")


# --- staff ---------------------------------------------------------------------------------


@login_required
def case_list(request):
    if not (permissions.agencies_where(request.user, "application.read").exists()
            or permissions.agencies_where(request.user, "application.overview").exists()):
        raise PermissionDenied(_("您没有权限查看政府信息公开申请"))
    cases = cases_for_user(request.user).order_by("-received_on", "-serial")
    agency = None
    if request.GET.get("agency"):
        agency = get_object_or_404(Agency, slug=request.GET["agency"])
        if not (permissions.can(request.user, "application.read", agency)
                or permissions.can(request.user, "application.overview", agency)):
            raise PermissionDenied(_("您没有权限查看该机关的申请"))
        cases = cases.filter(agency=agency)
    wanted = request.GET.get("status", "")
    if wanted in S.values:
        cases = cases.filter(status=wanted)
    today = timezone.localdate()
    rows = [(c, flag(c, today)) for c in cases[:500]]
    can_register = permissions.agencies_where(request.user, "application.register").exists()
    return render(
        request, "applications/list.html",
        {"rows": rows, "statuses": S.choices, "wanted": wanted, "can_register": can_register, "agency": agency},
    )


@login_required
def new_paper(request):
    agencies = permissions.agencies_where(request.user, "application.register")
    if not agencies.exists():
        raise PermissionDenied(_("您没有权限登记申请"))
    agency = agencies.filter(slug=request.GET.get("agency") or request.POST.get("agency")).first() or agencies.first()
    form = forms.PaperApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.applicant_fields()
        channel, received_on = data.pop("channel"), data.pop("received_on")
        try:
            case = services.application_register(
                agency=agency, actor=request.user, fields=data, channel=channel, received_on=received_on,
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已登记申请 %(number)s。") % {"number": case.number})
            return redirect("applications:case", pk=case.pk)
    return render(request, "applications/new.html", {"form": form, "agency": agency, "agencies": agencies})


@dataclass(frozen=True)
class Action:
    label: str
    form: type
    service: object
    statuses: tuple
    permission: str = "application.handle"


ACTIONS = {
    "confirm": Action(gettext_lazy("确认收到申请"), forms.OnForm, services.case_confirm_receipt, (S.SUBMITTED,)),
    "correction": Action(gettext_lazy("告知补正（第三十条）"), forms.CorrectionForm, services.case_request_correction, (S.RECEIVED,)),
    "correction_received": Action(gettext_lazy("收到补正"), forms.NoteForm, services.case_correction_received, (S.CORRECTION,)),
    "abandon": Action(gettext_lazy("逾期未补正，不再处理"), forms.OnForm, services.case_abandon, (S.CORRECTION,)),
    "consult": Action(gettext_lazy("征求意见（第三十二条、第三十四条）"), forms.ConsultForm, services.case_consult, (S.RECEIVED,)),
    "consultation_answered": Action(gettext_lazy("登记征求意见结果"), forms.NoteForm, services.case_consultation_answered, (S.CONSULTING,)
    ),
    "extend": Action(gettext_lazy("延期答复（第三十三条）"), forms.ExtendForm, services.case_extend, (S.RECEIVED, S.CONSULTING), "application.extend"
    ),
    "reasons": Action(gettext_lazy("要求说明理由（第三十五条）"), forms.RequiredNoteForm, services.case_ask_reasons, (S.RECEIVED,)),
    "judge": Action(gettext_lazy("认定申请理由（第三十五条）"), forms.JudgeForm, services.case_judge_reasons, (S.REASONS,)),
    "fee": Action(gettext_lazy("发出收费通知（第四十二条）"), forms.FeeForm, services.case_fee_notice, (S.RECEIVED,)),
    "fee_paid": Action(gettext_lazy("登记缴费"), forms.OnForm, services.case_fee_paid, (S.FEE,)),
    "fee_lapsed": Action(gettext_lazy("逾期未缴费，不再处理"), forms.OnForm, services.case_fee_lapsed, (S.FEE,)),
    "decide": Action(gettext_lazy("作出答复（第三十六条）"), forms.DecideForm, services.case_decide, (S.RECEIVED,)),
    "serve": Action(gettext_lazy("登记送达"), forms.ServeForm, services.case_serve, (S.DECIDED,)),
    "close": Action(gettext_lazy("办结"), forms.NoteForm, services.case_close, (S.SERVED,)),
    "reopen": Action(gettext_lazy("重新办理（复议、诉讼纠正后）"), forms.ReopenForm, services.case_reopen, (S.DECIDED, S.SERVED, S.CLOSED)),
}


def _case_for(request, pk):
    case = get_object_or_404(Application.objects.select_related("agency"), pk=pk)
    if not may_read(request.user, case):
        raise PermissionDenied(_("您没有权限查看该申请"))
    return case


def _add_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _available(request, case, bound=None):
    forms_ = []
    today = timezone.localdate()
    for name, action in ACTIONS.items():
        if case.status not in action.statuses or not permissions.can(request.user, action.permission, case.agency):
            continue
        if bound and bound[0] == name:
            forms_.append((name, action.label, bound[1]))
        else:
            forms_.append((name, action.label, action.form(initial={"on": today}, prefix=name)))
    if bound and bound[0] not in [f[0] for f in forms_]:
        # A step refused because of the case's state: show the form with the reason.
        forms_.insert(0, (bound[0], ACTIONS[bound[0]].label, bound[1]))
    return forms_


@login_required
def case_page(request, pk, bound=None, status_code=200, revealed=False):
    case = _case_for(request, pk)
    personal = may_see_personal_data(request.user, case)
    context = {
        "case": case,
        "personal": personal,
        "revealed": revealed,
        "deadline": case_deadline(case),
        "flag": flag(case, timezone.localdate()),
        "warnings": case_warnings(case) if permissions.can(request.user, "application.handle", case.agency) else [],
        "actions": _available(request, case, bound),
        "events": case.events.select_related("actor"),
        "intervals": case.intervals.all(),
        "letters": case.letters.all(),
        "attachments": case.attachments.all() if personal else [],
    }
    return render(request, "applications/case.html", context, status=status_code)


@login_required
@require_POST
def case_reveal(request, pk):
    """The applicant's full ID and phone number, shown once per request and recorded."""
    case = _case_for(request, pk)
    services.application_personal_data_view(case=case, actor=request.user, what=_("证件号码和联系电话"))
    return case_page(request, pk, revealed=True)


@login_required
@require_POST
def case_act(request, pk, action):
    case = _case_for(request, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    if not permissions.can(request.user, spec.permission, case.agency):
        raise PermissionDenied(_("您没有权限执行此操作"))
    form = spec.form(request.POST, prefix=action)
    if form.is_valid():
        try:
            with transaction.atomic():
                spec.service(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已办理：%(action)s。") % {"action": spec.label})
            return redirect("applications:case", pk=case.pk)
    return case_page(request, pk, bound=(action, form), status_code=400)


def _letter_response(letter, fmt):
    name = f"{letter.title}-{letter.case.number}"
    if fmt == "docx":
        data, ctype = letter_docx(letter), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data, ctype = letter_pdf(letter), "application/pdf"
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = as_attachment(f"{name}.{fmt}")
    return response


def as_attachment(filename):
    """Content-Disposition that always downloads: an ASCII fallback name, and the real (Chinese)
    name as RFC 5987 filename*."""
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@login_required
def letter_download(request, pk, letter_id, fmt):
    case = _case_for(request, pk)
    letter = get_object_or_404(Letter.objects.select_related("case__agency"), pk=letter_id, case=case)
    return _letter_response(letter, fmt)


@login_required
def attachment_download(request, pk, attachment_id):
    """A file the applicant handed in, for the staff who may see the applicant's personal data:
    always as a download, with the type checked on upload (or sniffed again), never rendered."""
    case = _case_for(request, pk)
    if not may_see_personal_data(request.user, case):
        raise PermissionDenied(_("您没有权限查看申请人提交的附件"))
    attachment = get_object_or_404(Attachment, pk=attachment_id, case=case)
    services.application_personal_data_view(
        case=case, actor=request.user, what=_("附件：%(name)s") % {"name": attachment.original_name}
    )
    try:
        handle = attachment.file.open("rb")
    except OSError:
        raise Http404(_("附件文件不存在。"))
    content_type = attachment.content_type
    if content_type not in ALLOWED_TYPES:
        content_type = sniff_type(handle.read(8192)) or "application/octet-stream"
        handle.seek(0)
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = as_attachment(attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
