"""The pages of a citizen account (citizens.py holds its rules): register, verify the code, sign in
and out, and the list of one's applications with the form that claims one by its query code.

The account lives in the session under its own key, apart from the staff login: a citizen is
never a staff user. Each step that can be abused is rate-limited per client address: opening an
account and asking for codes together, failed sign-ins, and wrong query codes (with the status
page's limit, so the two pages share one budget of guesses)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.portal import ratelimit
from gongkai.web import add_errors, message_errors

from . import citizens, forms
from .applicant import CITIZEN_KEY, remember
from .models import Citizen, Notice
from .selectors import citizen_applications

SESSION_KEY = CITIZEN_KEY
PENDING_KEY = "gongkai_citizen_pending"  # registered, code not yet entered


def signed_in(request):
    """The citizen signed in in this browser session, or None."""
    pk = request.session.get(SESSION_KEY)
    return Citizen.objects.filter(pk=pk, verified_at__isnull=False).first() if pk else None


def _sign_in(request, citizen):
    request.session.cycle_key()  # a new session id at sign-in: a planted one is worth nothing
    request.session.pop(PENDING_KEY, None)
    request.session[SESSION_KEY] = citizen.pk


def _form_page(request, template, form, status=200, **context):
    return render(request, f"applications/{template}", {"form": form, **context}, status=status)


def _over_limit(request, scope, form):
    limit, period = ratelimit.limits()[scope]
    if ratelimit.exceeded(request, scope, limit, period):
        form.is_valid()
        form.add_error(None, _("操作过于频繁，请一小时后再试。"))
        return True
    return False


def register(request):
    form = forms.AccountRegisterForm(request.POST or None)
    if request.method != "POST":
        return _form_page(request, "account_register.html", form)
    if _over_limit(request, "account", form):
        return _form_page(request, "account_register.html", form, status=429)
    if not form.is_valid():
        return _form_page(request, "account_register.html", form, status=400)
    limit, period = ratelimit.limits()["account"]
    ratelimit.allow(request, "account", limit, period)
    try:
        citizen = citizens.citizen_register(login=form.cleaned_data["login"], password=form.cleaned_data["password"])
    except ValidationError as exc:
        add_errors(form, exc)
        return _form_page(request, "account_register.html", form, status=400)
    request.session[PENDING_KEY] = citizen.pk
    return redirect("account-verify")


def _pending(request):
    pk = request.session.get(PENDING_KEY)
    return Citizen.objects.filter(pk=pk, verified_at__isnull=True).first() if pk else None


def _last_code_notice(citizen):
    return Notice.objects.filter(kind="account_code", to=citizen.login).order_by("-created_at", "-pk").first()


def verify(request):
    citizen = _pending(request)
    if citizen is None:
        return redirect("account-login")
    form = forms.AccountCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            right = citizens.citizen_verify(citizen=citizen, code=form.cleaned_data["code"].strip())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if right:
                _sign_in(request, citizen)
                messages.success(request, _("账号已验证。可以用查询码把以前提交的申请添加到账号中。"))
                return redirect("account")
            form.add_error("code", _("验证码不正确，请核对后重新输入。"))
    status = 400 if request.method == "POST" else 200
    return _form_page(
        request, "account_verify.html", form, status=status, citizen=citizen, notice=_last_code_notice(citizen)
    )


@require_POST
def resend(request):
    citizen = _pending(request)
    if citizen is None:
        return redirect("account-login")
    limit, period = ratelimit.limits()["account"]
    if not ratelimit.allow(request, "account", limit, period):
        messages.error(request, _("操作过于频繁，请一小时后再试。"))
    else:
        try:
            citizens.citizen_code_send(citizen=citizen)
        except ValidationError as exc:
            message_errors(request, exc)
        else:
            messages.success(request, _("新的验证码已发送。"))
    return redirect("account-verify")


def login(request):
    form = forms.AccountLoginForm(request.POST or None)
    if request.method != "POST":
        return _form_page(request, "account_login.html", form)
    if _over_limit(request, "account_login", form):
        return _form_page(request, "account_login.html", form, status=429)
    if not form.is_valid():
        return _form_page(request, "account_login.html", form, status=400)
    citizen = citizens.citizen_authenticate(login=form.cleaned_data["login"], password=form.cleaned_data["password"])
    if citizen is None:
        limit, period = ratelimit.limits()["account_login"]
        ratelimit.allow(request, "account_login", limit, period)
        form.add_error(None, _("手机号码（电子邮箱）或密码不正确。"))
        return _form_page(request, "account_login.html", form, status=400)
    if citizen.verified_at is None:
        request.session[PENDING_KEY] = citizen.pk
        messages.info(request, _("账号尚未验证：请输入发送给您的验证码，或重新获取。"))
        return redirect("account-verify")
    _sign_in(request, citizen)
    return redirect("account")


@require_POST
def logout(request):
    request.session.flush()
    return redirect("account-login")


def home(request, claim_form=None, status=200):
    citizen = signed_in(request)
    if citizen is None:
        return redirect("account-login")
    return render(
        request,
        "applications/account_home.html",
        {
            "citizen": citizen,
            "cases": citizen_applications(citizen),
            "claim_form": claim_form or forms.StatusQueryForm(),
        },
        status=status,
    )


@require_POST
def claim(request):
    citizen = signed_in(request)
    if citizen is None:
        return redirect("account-login")
    form = forms.StatusQueryForm(request.POST)
    if _over_limit(request, "query_code", form):
        return home(request, claim_form=form, status=429)
    if not form.is_valid():
        return home(request, claim_form=form, status=400)
    try:
        case = citizens.application_claim(citizen=citizen, code=form.cleaned_data["code"])
    except ValidationError as exc:
        limit, period = ratelimit.limits()["query_code"]
        ratelimit.allow(request, "query_code", limit, period)
        add_errors(form, exc)
        return home(request, claim_form=form, status=400)
    remember(request, case)
    messages.success(request, _("申请 %(number)s 已添加到您的账号。") % {"number": case.number})
    return redirect("account")
