"""The applicant's page: reached with the query code, no account needed.

The code is posted in a form, never put in a URL (URLs end up in logs, browser history and
Referer headers). A right code opens the case for this browser session; wrong codes are counted
per client address and refused once too many fell in an hour. The page shows the state, every
letter that has left the office, the answer date with its explanation, and what the applicant can
do now: answer a 补正, write a message, withdraw, download the released material.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.portal import ratelimit

from . import forms, services
from .deadlines import case_deadline
from .models import Application, Citizen, Letter, ReleasedFile
from .transitions import APPLICANT, TRANSITIONS

S = Application.Status
SESSION_KEY = "gongkai_applicant_cases"
MAX_CASES_PER_SESSION = 20
CITIZEN_KEY = "gongkai_citizen"  # the citizen account signed in (account.py)
# A digest of the password the citizen signed in with: a new password ends every older session.
CITIZEN_PASSWORD_KEY = "gongkai_citizen_password"
# The application just filed in this browser, in a signed cookie rather than the session: a
# session is one more database write for every application filed.
FILED_COOKIE, FILED_SALT = "gongkai_filed", "gongkai.applications.filed"


def _password_digest(citizen) -> str:
    return salted_hmac("gongkai.citizen-session", citizen.password).hexdigest()


def citizen_sign_in(request, citizen) -> None:
    """Sign the citizen in, in this browser session (a new session id: a planted one is worth nothing)."""
    request.session.cycle_key()
    request.session[CITIZEN_KEY] = citizen.pk
    request.session[CITIZEN_PASSWORD_KEY] = _password_digest(citizen)


def session_citizen(request):
    """The citizen signed in in this browser session, or None (also once the password changed)."""
    pk = request.session.get(CITIZEN_KEY)
    citizen = Citizen.objects.filter(pk=pk, verified_at__isnull=False).first() if pk else None
    if citizen is None or not constant_time_compare(
        request.session.get(CITIZEN_PASSWORD_KEY, ""), _password_digest(citizen)
    ):
        return None
    return citizen


def remember(request, case) -> None:
    """Open `case` for this browser session (after a right code, or right after filing it)."""
    cases = [pk for pk in request.session.get(SESSION_KEY, []) if pk != case.pk]
    request.session[SESSION_KEY] = [case.pk, *cases][:MAX_CASES_PER_SESSION]


def remember_filed(request, response, case) -> None:
    """Open the application just filed in this browser (with those filed here before it): a
    signed cookie of their ids, read for as long as an idle session lasts (SESSION_COOKIE_AGE from
    the last filing), ended with the browser or by forget()."""
    filed = [case.pk, *(pk for pk in _filed(request) if pk != case.pk)][:MAX_CASES_PER_SESSION]
    response.set_signed_cookie(
        FILED_COOKIE,
        ",".join(map(str, filed)),
        salt=FILED_SALT,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _filed(request) -> list[int]:
    """The ids of the applications filed in this browser, the last within SESSION_COOKIE_AGE."""
    value = request.get_signed_cookie(FILED_COOKIE, "", salt=FILED_SALT, max_age=settings.SESSION_COOKIE_AGE)
    return [int(pk) for pk in value.split(",") if pk.isdigit()]


def _case(request, pk) -> Application:
    """A case opened in this session with its query code, just filed in this browser, or listed
    in the citizen account signed in here."""
    cases = Application.objects.select_related("agency")
    if pk in _filed(request) or pk in request.session.get(SESSION_KEY, []):
        return get_object_or_404(cases, pk=pk)
    citizen = session_citizen(request)
    if citizen is None:
        raise Http404(_("请先输入查询码。"))
    return get_object_or_404(cases, pk=pk, citizen=citizen)


def status(request):
    """The query form: POST the code; a right one opens the applicant's page."""
    limit, period = ratelimit.limits()["query_code"]
    form = forms.StatusQueryForm(request.POST or None)
    if request.method == "POST":
        if ratelimit.exceeded(request, "query_code", limit, period):
            form.is_valid()
            form.add_error(None, _("查询码输错次数过多，请一小时后再试，或联系受理机关。"))
            return render(request, "applications/status.html", {"form": form}, status=429)
        if form.is_valid():
            case = Application.objects.filter(query_code=form.cleaned_data["code"]).first()
            if case is not None:
                remember(request, case)
                return redirect("apply-case", pk=case.pk)
            ratelimit.allow(request, "query_code", limit, period)
            form.add_error("code", _("没有找到与该查询码对应的申请，请核对后重新输入。"))
        return render(request, "applications/status.html", {"form": form}, status=400)
    return render(request, "applications/status.html", {"form": form})


def public_deadline(case):
    """The answer date as the applicant is told it: a plain date (the one promised in a letter if
    that is earlier), with the explanation but without the staff's provisional marks."""
    deadline = case_deadline(case)
    if deadline is None:
        return None, []
    lines = [line for line in deadline.explanation if "尚未录入" not in line]
    lines = [line.replace("（暂定）", "") for line in lines]
    return case.due_date if case.due_date else deadline.date, lines


def _letters(case):
    return [letter for letter in case.letters.select_related("signed_by") if letter.to_applicant and letter.released]


def answer_out(case) -> bool:
    """Has the answer left the office (decided, and every letter signed where 审签 is required)?"""
    if case.status not in (S.DECIDED, S.SERVED, S.CLOSED):
        return False
    return not case.letters.filter(needs_sign_off=True, signed_at__isnull=True).exists()


def _correction_limit(case):
    interval = case.intervals.filter(kind="correction", end__isnull=True).first()
    return interval.limit if interval else None


def case_page(request, pk, correction_form=None, message_form=None, withdraw_form=None, status_code=200):
    case = _case(request, pk)
    due, explanation = public_deadline(case)
    decided = answer_out(case)
    steps = TRANSITIONS.offered(APPLICANT, case)
    context = {
        "case": case,
        "due": due,
        "explanation": explanation,
        "letters": _letters(case),
        "released_files": case.released_files.all() if decided else [],
        "correction_limit": _correction_limit(case) if case.status == S.CORRECTION else None,
        "correction_form": correction_form
        or (
            forms.ApplicantCorrectionForm(
                initial={
                    "info_name": case.info_name,
                    "info_doc_number": case.info_doc_number,
                    "info_description": case.info_description,
                }
            )
            if "applicant_correct" in steps
            else None
        ),
        "message_form": message_form or (forms.MessageForm() if "applicant_message" in steps else None),
        "withdraw_form": withdraw_form or (forms.WithdrawForm() if "withdraw" in steps else None),
        "applicant_messages": case.messages.all(),
        "decided": decided,
    }
    return render(request, "applications/applicant.html", context, status=status_code)


def _submit(request, pk, form, service, done, form_key):
    case = _case(request, pk)
    if form.is_valid():
        try:
            service(case, form)
        except ValidationError as exc:
            for field, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, done)
            return redirect("apply-case", pk=case.pk)
    return case_page(request, pk, status_code=400, **{form_key: form})


@require_POST
def correct(request, pk):
    form = forms.ApplicantCorrectionForm(request.POST, request.FILES)
    return _submit(
        request,
        pk,
        form,
        lambda case, f: services.case_applicant_correct(case=case, **f.service_kwargs()),
        _("补正已提交，答复期限自今日起重新计算。"),
        "correction_form",
    )


@require_POST
def message(request, pk):
    form = forms.MessageForm(request.POST)
    return _submit(
        request,
        pk,
        form,
        lambda case, f: services.case_applicant_message(case=case, body=f.cleaned_data["body"]),
        _("留言已送达受理机关。"),
        "message_form",
    )


@require_POST
def withdraw(request, pk):
    form = forms.WithdrawForm(request.POST)
    return _submit(
        request,
        pk,
        form,
        lambda case, f: services.case_withdraw(case=case, reason=f.cleaned_data["reason"]),
        _("申请已撤回。"),
        "withdraw_form",
    )


def letter_pdf(request, pk, letter_id):
    # imported here: views imports this module
    from .views import _letter_response

    case = _case(request, pk)
    letter = get_object_or_404(Letter.objects.select_related("case__agency"), pk=letter_id, case=case)
    if not (letter.to_applicant and letter.released):
        raise Http404
    return _letter_response(letter, "pdf")


def released(request, pk, file_id):
    # imported here: views imports this module
    from .views import file_response

    case = _case(request, pk)
    if not answer_out(case):
        raise Http404
    f = get_object_or_404(ReleasedFile, pk=file_id, case=case)
    return file_response(f.file, f.content_type, f.original_name)


@require_POST
def forget(request):
    """Close the applicant's cases in this browser (e.g. on a shared computer)."""
    request.session.pop(SESSION_KEY, None)
    response = redirect("apply-status")
    response.delete_cookie(FILED_COOKIE, samesite="Lax")
    return response
