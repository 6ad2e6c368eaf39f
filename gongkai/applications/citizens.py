"""Citizen accounts: register with a mobile number or an e-mail address and a password, prove the
address with a code sent through the outbox, sign in, and see every one of one's applications.

An account is never needed to apply or to follow an application (the query code is enough). It
only gathers a citizen's applications in one list: those filed while signed in, and older ones
claimed with their query code, which proves the citizen holds that application. An application
already in another account cannot be claimed. The views rate-limit registration, code requests,
sign-in failures and wrong query codes per client address; each code also allows few attempts.

The services write a RecordEvent (the account) or a CaseEvent (the claimed application) in their
own transaction, like every service (tests/audit walks this module too).
"""

import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from gongkai.audit.events import record_event

from .models import Application, CaseEvent, Citizen, Notice
from .outbox import notice_queue
from .validators import MOBILE

CODE_MINUTES = 15  # a code is valid this long
CODE_ATTEMPTS = 5  # wrong codes allowed before a new one must be requested
RESEND_SECONDS = 60  # the least time between two codes to one address
MAX_PASSWORD = 128


def _login_of(text: str) -> str:
    """The account name as stored: the digits of a mobile number, or a lower-case e-mail address;
    a ValidationError saying what to type otherwise."""
    text = (text or "").strip()
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError({"login": _("电子邮箱格式不正确，请检查后重新填写。")}) from None
        return text.lower()
    phone = text.replace(" ", "").replace("-", "").removeprefix("+86")
    if not MOBILE.fullmatch(phone):
        raise ValidationError({"login": _("请填写 11 位手机号码或电子邮箱（验证码将发送到这里）。")})
    return phone


def _code_hash(citizen, code: str) -> str:
    return salted_hmac("gongkai.citizen-code", f"{citizen.pk}:{code}").hexdigest()


def _send_code(citizen) -> None:
    now = timezone.now()
    if citizen.code_sent_at and now - citizen.code_sent_at < timedelta(seconds=RESEND_SECONDS):
        wait = RESEND_SECONDS - int((now - citizen.code_sent_at).total_seconds())
        raise ValidationError(_("验证码刚刚发出，请 %(n)d 秒后再重新获取。") % {"n": max(wait, 1)})
    code = f"{secrets.randbelow(10**6):06d}"
    citizen.code_hash, citizen.code_sent_at, citizen.code_attempts = _code_hash(citizen, code), now, 0
    citizen.save(update_fields=["code_hash", "code_sent_at", "code_attempts"])
    body = _("您正在注册政府信息公开平台账号，验证码 %(code)s，%(n)d 分钟内有效。如非本人操作，请忽略。") % {
        "code": code,
        "n": CODE_MINUTES,
    }
    channel = Notice.Channel.EMAIL if citizen.by_email else Notice.Channel.SMS
    notice_queue(channel=channel, kind="account_code", to=[citizen.login], subject=_("账号验证码"), body=body)


@transaction.atomic
def citizen_register(*, login: str, password: str) -> Citizen:
    """Open an account (or renew the password of one never verified) and send its code."""
    login = _login_of(login)
    if not password or len(password) > MAX_PASSWORD:
        raise ValidationError({"password": _("请设置 10 至 128 位的密码。")})
    try:
        validate_password(password)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    citizen = Citizen.objects.select_for_update().filter(login=login).first()
    if citizen is not None and citizen.verified_at is not None:
        raise ValidationError({"login": _("该手机号码或电子邮箱已注册，请直接登录。")})
    citizen = citizen or Citizen(login=login)
    citizen.password = make_password(password)
    citizen.save()
    _send_code(citizen)
    record_event(obj=citizen, actor=None, verb="registered", agency=None)
    return citizen


@transaction.atomic
def citizen_code_send(*, citizen) -> Citizen:
    """Send a new code (the last one expired, was mistyped too often, or did not arrive)."""
    citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
    if citizen.verified_at is not None:
        raise ValidationError(_("该账号已经验证，请直接登录。"))
    _send_code(citizen)
    record_event(obj=citizen, actor=None, verb="code_sent", agency=None)
    return citizen


@transaction.atomic
def citizen_verify(*, citizen, code: str) -> bool:
    """Check the code: True (the account is verified) or False (wrong, counted). A code that
    expired or was mistyped too often is refused with what to do."""
    citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
    if citizen.verified_at is not None:
        return True
    if not citizen.code_hash or timezone.now() - citizen.code_sent_at > timedelta(minutes=CODE_MINUTES):
        raise ValidationError(_("验证码已过期，请重新获取。"))
    if citizen.code_attempts >= CODE_ATTEMPTS:
        raise ValidationError(_("验证码错误次数过多，请重新获取。"))
    if not constant_time_compare(_code_hash(citizen, (code or "").strip()), citizen.code_hash):
        citizen.code_attempts += 1
        citizen.save(update_fields=["code_attempts"])
        record_event(obj=citizen, actor=None, verb="code_wrong", agency=None)
        return False
    citizen.verified_at, citizen.code_hash = timezone.now(), ""
    citizen.save(update_fields=["verified_at", "code_hash"])
    record_event(obj=citizen, actor=None, verb="verified", agency=None)
    return True


def citizen_authenticate(*, login: str, password: str):
    """The account whose password this is, or None (also for an unknown name, which costs the
    same time, so that a guess cannot tell which names exist)."""
    try:
        login = _login_of(login)
    except ValidationError:
        return None
    citizen = Citizen.objects.filter(login=login).first()
    if citizen is None:
        make_password(password)  # the same work as a real check
        return None
    return citizen if check_password(password, citizen.password) else None


@transaction.atomic
def application_claim(*, citizen, code: str) -> Application:
    """Add an application to the account: its query code proves the citizen holds it."""
    code = (code or "").strip().upper()
    case = Application.objects.select_for_update().filter(query_code=code).first() if code else None
    if case is None:
        raise ValidationError({"code": _("没有找到与该查询码对应的申请，请核对后重新输入。")})
    if case.citizen_id not in (None, citizen.pk):
        raise ValidationError({"code": _("该申请已关联到另一个账号。如有疑问，请联系受理机关。")})
    case.citizen = citizen
    case.save(update_fields=["citizen"])
    CaseEvent.objects.create(
        case=case,
        verb="claimed",
        actor=None,
        on=timezone.localdate(),
        before={"status": case.status},
        after={"status": case.status},
    )
    return case
