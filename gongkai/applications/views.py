from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai import lists
from gongkai.accounts import permissions
from gongkai.lists import Filter, Sort
from gongkai.workdays.selectors import work_calendar
from gongkai.accounts.models import Agency
from gongkai.portal import ratelimit
from gongkai.web import add_errors, download

from . import account, applicant, forms, services
from .deadlines import case_deadline
from .letters import letter_docx, letter_pdf, receipt_docx, receipt_pdf
from .forms import ALLOWED_TYPES, sniff_type
from . import outbox
from .models import ApplicantMessage, Application, Attachment, ExtensionRequest, Letter, Notice, ReleasedFile
from .selectors import (
    ACTION_RANK,
    case_warnings,
    cases_filtered,
    cases_for_user,
    flag,
    may_read,
    may_see_personal_data,
)
from .transitions import TRANSITIONS

S = Application.Status


# --- public --------------------------------------------------------------------------------


def _apply_page(request, agency, form, status=200):
    return render(request, "applications/apply.html", {"agency": agency, "form": form}, status=status)


def _refusal_status(form):
    """A person's mistake re-shows the form (200); markup or an overlong text, which a script or
    a pasted web page sends, is refused as a bad request (400)."""
    unsafe = any(form.has_error(name, code) for name in forms.TEXT_FIELDS for code in ("markup", "max_length"))
    return 400 if unsafe else 200


def _too_often(request, agency_slug):
    form = forms.PublicApplicationForm(request.POST)
    form.is_valid()
    form.add_error(None, _("提交过于频繁，请一小时后再试，或直接联系政府信息公开工作机构。"))
    return _apply_page(request, get_object_or_404(Agency, slug=agency_slug), form, status=429)


@ratelimit.rate_limited("application", _too_often)
def apply(request, agency_slug):
    """The public application form (the one route for it): a retry of a submission whose answer
    was lost shows the first receipt instead of filing again."""
    agency = get_object_or_404(Agency.objects.select_related("application_settings"), slug=agency_slug)
    form = forms.PublicApplicationForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _apply_page(request, agency, form)
    if form.is_robot():  # a robot filled the field people never see: file nothing, say little
        form.is_valid()
        form.add_error(None, _("提交未成功，请刷新页面后重新填写。"))
        return _apply_page(request, agency, form, status=400)
    if not form.is_valid():
        # the same form sent again after its answer was lost is valid again; this one never was
        return _apply_page(request, agency, form, status=_refusal_status(form))
    try:
        case = services.application_submit(
            agency=agency,
            fields=form.applicant_fields(),
            files=form.cleaned_data["attachments"],
            token=form.token(),
            citizen=account.signed_in(request),
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return _apply_page(request, agency, form)
    if getattr(case, "repeated", False):
        messages.info(request, _("这份申请已经提交过，以下是第一次提交时的回执，没有重复提交。"))
    # The receipt is opened by a signed cookie: the query code never travels in a URL.
    response = redirect("apply-receipt", pk=case.pk)
    applicant.remember_filed(request, response, case)
    return response


def receipt(request, pk):
    case = applicant._case(request, pk)
    return render(request, "applications/receipt.html", {"case": case})


def receipt_file(request, pk, fmt):
    """The printable 回执 (DOCX or PDF) of an application opened in this browser session."""
    return _receipt_response(applicant._case(request, pk), fmt)


# --- staff ---------------------------------------------------------------------------------


CASE_SORTS = {
    "action": Sort(gettext_lazy("待办在前"), (ACTION_RANK, F("due_date").asc(nulls_last=True), "-submitted_at", "-pk")),
    "received": Sort(gettext_lazy("收到申请日（新到旧）"), (F("received_on").desc(nulls_first=True), "-serial", "-pk")),
    "due": Sort(gettext_lazy("答复期限"), (F("due_date").asc(nulls_last=True), "pk")),
    "number": Sort(gettext_lazy("申请编号"), ("number", "pk")),
}


@login_required
def case_list(request):
    if not permissions.may_somewhere(request.user, "application.view"):
        raise PermissionDenied(_("您没有权限查看政府信息公开申请"))
    cases = cases_for_user(request.user)
    agency = None
    if request.GET.get("agency"):
        agency = get_object_or_404(Agency, slug=request.GET["agency"])
        if not permissions.can(request.user, "application.view", agency):
            raise PermissionDenied(_("您没有权限查看该机关的申请"))
        cases = cases.filter(agency=agency)
    today = timezone.localdate()
    years = list(range(today.year, 2018, -1))
    filters = [
        Filter("status", _("状态"), S.choices, lists.choice(request, "status", S.values)),
        Filter("year", _("年度"), [(str(y), str(y)) for y in years], lists.year_choice(request, years)),
        Filter("overdue", _("逾期"), [("1", _("已逾期未答复"))], lists.choice(request, "overdue", ["1"])),
    ]
    chosen = {f.name: f.value for f in filters}
    cases = cases_filtered(
        cases, status=chosen["status"], year=chosen["year"] or None, overdue=chosen["overdue"] == "1", today=today
    )
    listing = lists.listing(
        request,
        cases,
        sorts=CASE_SORTS,
        filters=filters,
        search_fields=("number", "info_name", "info_doc_number"),
        keep={"agency": agency.slug} if agency else {},
    )
    calendar = work_calendar()
    rows = [(c, flag(c, today, calendar)) for c in listing.page.object_list]
    can_register = permissions.agencies_where(request.user, "application.register").exists()
    return render(
        request,
        "applications/list.html",
        {
            "rows": rows,
            "listing": listing,
            "can_register": can_register,
            "agency": agency,
            "search_hint": _("申请编号、信息名称、文号"),
        },
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
                agency=agency,
                actor=request.user,
                fields=data,
                channel=channel,
                received_on=received_on,
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已登记申请 %(number)s。") % {"number": case.number})
            return redirect("applications:case", pk=case.pk)
    return render(request, "applications/new.html", {"form": form, "agency": agency, "agencies": agencies})


# How the case page takes each step of services' TRANSITIONS: the form it reads and the service it
# calls. Who may and from which states is the step's declaration, not the page's.
STEPS = {
    "confirm": (forms.OnForm, services.case_confirm_receipt),
    "correction": (forms.CorrectionForm, services.case_request_correction),
    "correction_received": (forms.CorrectionReceivedForm, services.case_correction_received),
    "abandon": (forms.OnForm, services.case_abandon),
    "consult": (forms.ConsultForm, services.case_consult),
    "consultation_answered": (forms.NoteForm, services.case_consultation_answered),
    "extend": (forms.ExtendForm, services.case_extend),
    "extension_ask": (forms.ExtendForm, services.case_extension_ask),
    "due_notice": (forms.NoteForm, services.case_notify_due),
    "reasons": (forms.RequiredNoteForm, services.case_ask_reasons),
    "judge": (forms.JudgeForm, services.case_judge_reasons),
    "fee": (forms.FeeForm, services.case_fee_notice),
    "fee_paid": (forms.OnForm, services.case_fee_paid),
    "fee_lapsed": (forms.OnForm, services.case_fee_lapsed),
    "decide": (forms.DecideForm, services.case_decide),
    "serve": (forms.ServeForm, services.case_serve),
    "close": (forms.NoteForm, services.case_close),
    "reopen": (forms.ReopenForm, services.case_reopen),
}


def _case_for(request, pk):
    case = get_object_or_404(Application.objects.select_related("agency"), pk=pk)
    if not may_read(request.user, case):
        raise PermissionDenied(_("您没有权限查看该申请"))
    return case


def _available(request, case, bound=None):
    today = timezone.localdate()
    forms_ = []
    for name in TRANSITIONS.offered(request.user, case):
        if name not in STEPS:
            continue
        form = bound[1] if bound and bound[0] == name else STEPS[name][0](initial={"on": today}, prefix=name)
        forms_.append((name, TRANSITIONS[name].label, form))
    if bound and bound[0] not in [f[0] for f in forms_]:
        # A step refused because of the case's state: show the form with the reason.
        forms_.insert(0, (bound[0], TRANSITIONS[bound[0]].label, bound[1]))
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
    if action not in STEPS:
        raise Http404
    if not TRANSITIONS.permitted(request.user, case, action):
        raise PermissionDenied(_("您没有权限执行此操作"))
    form_class, service = STEPS[action]
    form = form_class(request.POST, request.FILES, prefix=action)
    if form.is_valid():
        try:
            with transaction.atomic():
                service(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已办理：%(action)s。") % {"action": TRANSITIONS[action].label})
            return redirect("applications:case", pk=case.pk)
    return case_page(request, pk, bound=(action, form), status_code=400)


@login_required
def receipt_download(request, pk, fmt):
    return _receipt_response(_case_for(request, pk), fmt)


DOCUMENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _receipt_response(case, fmt):
    if fmt not in DOCUMENT_TYPES:
        raise Http404
    deadline = case_deadline(case)
    data = receipt_docx(case, deadline) if fmt == "docx" else receipt_pdf(case, deadline)
    return download(data, f"{_('政府信息公开申请回执')}-{case.number}.{fmt}", DOCUMENT_TYPES[fmt])


def _letter_response(letter, fmt):
    name = f"{letter.title}-{letter.case.number}"
    if fmt == "docx":
        data, ctype = letter_docx(letter), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data, ctype = letter_pdf(letter), "application/pdf"
    return download(data, f"{name}.{fmt}", ctype)


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
    may_sign = (
        services.may_sign(request.user, letter.case.agency) and letter.needs_sign_off and letter.signed_at is None
    )
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
        raise Http404(_("文件不存在。")) from None
    if content_type not in ALLOWED_TYPES:
        content_type = sniff_type(handle.read(8192)) or "application/octet-stream"
        handle.seek(0)
    return download(handle, name, content_type, response_class=FileResponse)


@login_required
def released_download(request, pk, file_id):
    case = _case_for(request, pk)
    released = get_object_or_404(ReleasedFile, pk=file_id, case=case)
    return file_response(released.file, released.content_type, released.original_name)
