from dataclasses import dataclass
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions
from gongkai.accounts.models import Agency

from . import applicant, forms, services
from .deadlines import case_deadline
from .letters import letter_docx, letter_pdf
from .forms import ALLOWED_TYPES, sniff_type
from . import outbox
from .models import ApplicantMessage, Application, Attachment, ExtensionRequest, Letter, Notice, ReleasedFile
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
            # The receipt is shown from the session: the query code never travels in a URL.
            applicant.remember(request, case)
            return redirect("apply-receipt", pk=case.pk)
    return render(request, "applications/apply.html", {"agency": agency, "form": form})


def receipt(request, pk):
    case = applicant._case(request, pk)
    return render(request, "applications/receipt.html", {"case": case})


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


def _promise_broken(case) -> bool:
    deadline = case_deadline(case)
    return bool(case.promised_due and deadline and deadline.date and deadline.date != case.promised_due)


@dataclass(frozen=True)
class Action:
    label: str
    form: type
    service: object
    statuses: tuple
    permission: str = "application.handle"
    offer: object = None  # a further condition on the case for offering the action


ACTIONS = {
    "confirm": Action(gettext_lazy("确认收到申请"), forms.OnForm, services.case_confirm_receipt, (S.SUBMITTED,)),
    "correction": Action(gettext_lazy("告知补正（第三十条）"), forms.CorrectionForm, services.case_request_correction, (S.RECEIVED,)),
    "correction_received": Action(gettext_lazy("收到补正"), forms.CorrectionReceivedForm, services.case_correction_received, (S.CORRECTION,)),
    "abandon": Action(gettext_lazy("逾期未补正，不再处理"), forms.OnForm, services.case_abandon, (S.CORRECTION,)),
    "consult": Action(gettext_lazy("征求意见（第三十二条、第三十四条）"), forms.ConsultForm, services.case_consult, (S.RECEIVED,)),
    "consultation_answered": Action(gettext_lazy("登记征求意见结果"), forms.NoteForm, services.case_consultation_answered, (S.CONSULTING,)
    ),
    "extend": Action(gettext_lazy("延期答复（第三十三条）"), forms.ExtendForm, services.case_extend, (S.RECEIVED, S.CONSULTING), "application.extend"
    ),
    "extension_ask": Action(
        gettext_lazy("申请延期答复（报工作机构负责人审批）"), forms.ExtendForm, services.case_extension_ask, (S.RECEIVED, S.CONSULTING)
    ),
    "due_notice": Action(
        gettext_lazy("告知新的答复期限"), forms.NoteForm, services.case_notify_due, (S.RECEIVED, S.CONSULTING, S.FEE, S.REASONS),
        offer=_promise_broken,
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
        if action.offer is not None and not action.offer(case):
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
        "letters": case.letters.select_related("signed_by"),
        "attachments": case.attachments.all() if personal else [],
        "released_files": case.released_files.all(),
        "versions": case.request_versions.all(),
        "messages_": case.messages.select_related("handled_by"),
        "notices": case.notices.select_related("letter") if personal else [],
        "extension_requests": case.extension_requests.select_related("asked_by", "decided_by"),
        "may_extend": permissions.can(request.user, "application.extend", case.agency),
        "may_handle": permissions.can(request.user, "application.handle", case.agency),
        "extension_form": forms.ExtensionDecisionForm(initial={"on": timezone.localdate()}, prefix="extension"),
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
    form = spec.form(request.POST, request.FILES, prefix=action)
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
    return file_response(attachment.file, attachment.content_type, attachment.original_name)


@login_required
@require_POST
def extension_decide(request, pk, request_id):
    """The 工作机构负责人 approves or refuses a clerk's extension request."""
    case = _case_for(request, pk)
    ext = get_object_or_404(ExtensionRequest, pk=request_id, case=case)
    if not permissions.can(request.user, "application.extend", case.agency):
        raise PermissionDenied(_("只有工作机构负责人可以审批延期答复"))
    form = forms.ExtensionDecisionForm(request.POST, prefix="extension")
    if form.is_valid():
        try:
            services.extension_decide(request=ext, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已审批延期答复申请。"))
    else:
        messages.error(request, _("请填写审批日期和意见。"))
    return redirect("applications:case", pk=case.pk)


@login_required
def letter_sign_off(request, letter_id):
    """审签: the leader reads the letter as it will go out and signs it."""
    letter = get_object_or_404(Letter.objects.select_related("case__agency", "signed_by"), pk=letter_id)
    if not (services.may_sign(request.user, letter.case.agency) or may_read(request.user, letter.case)):
        raise PermissionDenied(_("您没有权限审签该告知书"))
    may_sign = services.may_sign(request.user, letter.case.agency) and letter.needs_sign_off and letter.signed_at is None
    if request.method == "POST":
        if not may_sign:
            raise PermissionDenied(_("您没有权限审签该告知书"))
        try:
            services.letter_sign_off(letter=letter, actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已审签《%(title)s》，告知书可以送达。") % {"title": letter.title})
        return redirect("applications:sign-off", letter_id=letter.pk)
    return render(request, "applications/sign_off.html", {"letter": letter, "may_sign": may_sign})


@login_required
@require_POST
def notice_retry(request, pk, notice_id):
    case = _case_for(request, pk)
    notice = get_object_or_404(Notice, pk=notice_id, case=case)
    try:
        outbox.notice_retry(notice=notice, actor=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已重新发送。"))
    return redirect(reverse("applications:case", args=[case.pk]) + "#notices")


@login_required
@require_POST
def message_handle(request, pk, message_id):
    case = _case_for(request, pk)
    message = get_object_or_404(ApplicantMessage, pk=message_id, case=case)
    services.message_handle(message=message, actor=request.user)
    return redirect(reverse("applications:case", args=[case.pk]) + "#messages")


def file_response(stored, content_type, name):
    """A stored private file as a download, never rendered by the browser."""
    try:
        handle = stored.open("rb")
    except OSError:
        raise Http404(_("文件不存在。"))
    if content_type not in ALLOWED_TYPES:
        content_type = sniff_type(handle.read(8192)) or "application/octet-stream"
        handle.seek(0)
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = as_attachment(name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def released_download(request, pk, file_id):
    case = _case_for(request, pk)
    released = get_object_or_404(ReleasedFile, pk=file_id, case=case)
    return file_response(released.file, released.content_type, released.original_name)
