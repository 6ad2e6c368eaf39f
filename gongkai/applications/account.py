"""The pages of a citizen account (citizens.py holds its rules): register, verify the code, sign in
and out, reset a forgotten password, and the list of one's applications with the form that claims
one by its query code.

The account lives in the session under its own key, apart from the staff login: a citizen is
never a staff user. Each step that can be abused is rate-limited per client address: opening an
account and asking for codes together, failed sign-ins and wrong reset codes together, reset
codes asked for (also per account name, whoever asks), and wrong query codes (with the status
page's limit, so the two pages share one budget of guesses)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.portal import ratelimit
from gongkai.web import add_errors, message_errors

from . import citizens, demo, forms
from .applicant import citizen_sign_in, remember, session_citizen
from .models import Citizen, Notice
from .selectors import citizen_applications

PENDING_KEY = "gongkai_citizen_pending"  # registered, code not yet entered
DECOY_KEY = "gongkai_citizen_decoy"  # registered a name that has an account (see _decoy)
RESET_KEY = "gongkai_citizen_reset"  # the name a reset code was asked for, to fill in the next form
signed_in = session_citizen


def _sign_in(request, citizen):
    citizen_sign_in(request, citizen)
    request.session.pop(PENDING_KEY, None)
    request.session.pop(DECOY_KEY, None)


def _form_page(request, template, form, status=200, **context):
    return render(request, f"applications/{template}", {"form": form, **context}, status=status)


def _over_limit(request, scope, form):
    limit, period = ratelimit.limits()[scope]
    if ratelimit.exceeded(request, scope, limit, period):
        form.is_valid()
        form.add_error(None, _("操作过于频繁，请一小时后再试。"))
        return True
    return False


def _count(request, scope, who=None) -> bool:
    """Count one attempt toward `scope`'s limit; False once it is used up."""
    limit, period = ratelimit.limits()[scope]
    return ratelimit.allow(request, scope, limit, period, who=who)


def _unposted(request, form, template, scope, **context):
    """The answer when there is nothing to do yet: the page on GET, 429 once `scope`'s limit is
    used up, 400 with the form's errors; None when a valid form was posted."""
    if request.method != "POST":
        return _form_page(request, template, form, **context)
    if _over_limit(request, scope, form):
        return _form_page(request, template, form, status=429)
    if not form.is_valid():
        return _form_page(request, template, form, status=400)
    return None


def register(request):
    form = forms.AccountRegisterForm(request.POST or None)
    if answer := _unposted(request, form, "account_register.html", "account"):
        return answer
    _count(request, "account")
    try:
        citizen = citizens.citizen_register(login=form.cleaned_data["login"], password=form.cleaned_data["password"])
    except ValidationError as exc:
        add_errors(form, exc)
        return _form_page(request, "account_register.html", form, status=400)
    if citizen is None:  # the name has an account: answered as for a new one (see citizen_register)
        request.session.pop(PENDING_KEY, None)
        request.session[DECOY_KEY] = {"login": citizens.login_of(form.cleaned_data["login"]), "tries": 0}
    else:
        request.session.pop(DECOY_KEY, None)
        request.session[PENDING_KEY] = citizen.pk
    return redirect("account-verify")


def _pending(request):
    pk = request.session.get(PENDING_KEY)
    return Citizen.objects.filter(pk=pk, verified_at__isnull=True).first() if pk else None


# A registration of a name that already has an account goes on to the same code page, whose
# answers follow the same rules as for a real code (wrong, too many tries, expired, too soon to
# resend) but no code is right: what the page says never tells that the name has an account.
def _decoy(request):
    return request.session.get(DECOY_KEY)


def _decoy_sent_at(decoy):
    if decoy.get("resent"):
        return datetime.fromisoformat(decoy["resent"])
    return citizens.told_owner_at(decoy["login"])


def _decoy_verify(request, decoy) -> ValidationError:
    sent = _decoy_sent_at(decoy)
    if sent is None or timezone.now() - sent > timedelta(minutes=citizens.CODE_MINUTES):
        return ValidationError(_("验证码已过期，请重新获取。"))
    if decoy["tries"] >= citizens.CODE_ATTEMPTS:
        return ValidationError(_("验证码错误次数过多，请重新获取。"))
    decoy["tries"] += 1
    request.session.modified = True
    return ValidationError({"code": _("验证码不正确，请核对后重新输入。")})


def _decoy_resend(request, decoy) -> None:
    if wait := citizens.seconds_to_wait(_decoy_sent_at(decoy)):
        messages.error(request, _("验证码刚刚发出，请 %(n)d 秒后再重新获取。") % {"n": wait})
        return
    decoy["resent"], decoy["tries"] = timezone.now().isoformat(), 0
    request.session.modified = True
    messages.success(request, _("新的验证码已发送。"))


def _last_code_notice(citizen):
    """The last message the code page is about (for a name that has an account: the message telling
    its owner, so that a failed delivery shows the same way)."""
    kinds = ["account_code", citizens.EXISTS_NOTICE]
    return Notice.objects.filter(kind__in=kinds, to=citizen.login).order_by("-created_at", "-pk").first()


def verify(request):
    citizen, decoy = _pending(request), _decoy(request)
    if citizen is None and decoy is None:
        return redirect("account-login")
    form = forms.AccountCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and citizen is None:
        add_errors(form, _decoy_verify(request, decoy))
    elif request.method == "POST" and form.is_valid():
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
    citizen = citizen or Citizen(login=decoy["login"])
    return _form_page(
        request, "account_verify.html", form, status=status, citizen=citizen, notice=_last_code_notice(citizen)
    )


@require_POST
def resend(request):
    citizen, decoy = _pending(request), _decoy(request)
    if citizen is None and decoy is None:
        return redirect("account-login")
    if not _count(request, "account"):
        messages.error(request, _("操作过于频繁，请一小时后再试。"))
    elif citizen is None:
        _decoy_resend(request, decoy)
    else:
        try:
            citizens.citizen_code_send(citizen=citizen)
        except ValidationError as exc:
            message_errors(request, exc)
        else:
            messages.success(request, _("新的验证码已发送。"))
    return redirect("account-verify")


def _demo_citizen():
    """The demo's citizen account (login, password), shown on the sign-in page in debug mode."""
    login, password, _infos = demo.DEMO_CITIZEN
    if settings.DEBUG and Citizen.objects.filter(login=login).exists():
        return {"login": login, "password": password}
    return None


def login(request):
    form = forms.AccountLoginForm(request.POST or None)
    if answer := _unposted(request, form, "account_login.html", "account_login", demo_citizen=_demo_citizen()):
        return answer
    citizen = citizens.citizen_authenticate(login=form.cleaned_data["login"], password=form.cleaned_data["password"])
    if citizen is None:
        _count(request, "account_login")
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
        _count(request, "query_code")
        add_errors(form, exc)
        return home(request, claim_form=form, status=400)
    remember(request, case)
    messages.success(request, _("申请 %(number)s 已添加到您的账号。") % {"number": case.number})
    return redirect("account")


def reset(request):
    """A forgotten password, step 1: a code to the account's address. The page answers the same
    whether or not the name has an account."""
    form = forms.AccountResetForm(request.POST or None)
    if answer := _unposted(request, form, "account_reset.html", "account_reset"):
        return answer
    try:
        login = citizens.login_of(form.cleaned_data["login"])
    except ValidationError as exc:
        add_errors(form, exc)
        return _form_page(request, "account_reset.html", form, status=400)
    _count(request, "account_reset")
    if not _count(request, "account_reset_name", who=login):
        # counted per name whether or not it has an account: this tells nothing either
        form.add_error(None, _("该手机号码或电子邮箱获取验证码过于频繁，请一小时后再试。"))
        return _form_page(request, "account_reset.html", form, status=429)
    citizens.citizen_reset_request(login=login)
    request.session[RESET_KEY] = login
    messages.info(
        request,
        _("如果该手机号码或电子邮箱已注册账号，重设密码的验证码已经发出，%(n)d 分钟内有效。")
        % {"n": citizens.CODE_MINUTES},
    )
    return redirect("account-reset-confirm")


def reset_confirm(request):
    """Step 2: the code and the new password. Wrong codes count with failed sign-ins."""
    form = forms.AccountResetConfirmForm(request.POST or None, initial={"login": request.session.get(RESET_KEY, "")})
    if answer := _unposted(request, form, "account_reset_confirm.html", "account_login"):
        return answer
    data = form.cleaned_data
    try:
        citizen = citizens.citizen_password_reset(login=data["login"], code=data["code"], password=data["password"])
    except ValidationError as exc:
        add_errors(form, exc)
        return _form_page(request, "account_reset_confirm.html", form, status=400)
    if citizen is None:
        _count(request, "account_login")
        form.add_error(
            "code",
            _("验证码不正确或已失效（%(n)d 分钟内有效，最多可输错 %(tries)d 次）。请核对，或重新获取验证码。")
            % {"n": citizens.CODE_MINUTES, "tries": citizens.CODE_ATTEMPTS},
        )
        return _form_page(request, "account_reset_confirm.html", form, status=400)
    request.session.pop(RESET_KEY, None)
    messages.success(request, _("密码已重新设置，请用新密码登录。此前在其他设备上的登录均已退出。"))
    return redirect("account-login")
