"""Citizen accounts: register with a mobile number or an e-mail address and a password, prove the
address with a code sent through the outbox, sign in, and see every one of one's applications.

A forgotten password is reset with a code sent to the account's own address (15 minutes, 5 tries,
like the sign-up code). Asking for one answers the same whether the account exists or not; the
new password ends every session signed in before (applicant.py keeps a digest of the password
in the session) and a notice tells the citizen it was changed.

Codes are kept only as keyed hashes on the account; the outbox holds the code of a message still
to be sent encrypted and apart from its text (outbox.py), and forgets it once sent.

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
from .outbox import SECRET_MINUTES, notice_queue
from .validators import MOBILE

CODE_MINUTES = SECRET_MINUTES  # a code is valid this long (and the outbox stops sending it then)
CODE_ATTEMPTS = 5  # wrong codes allowed before a new one must be requested
RESEND_SECONDS = 60  # the least time between two codes to one address
EXISTS_NOTICE = "account_exists"  # someone registered a name that already has an account
MAX_PASSWORD = 128


def login_of(text: str) -> str:
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


# What a code is for: each has its own hash key, so that a code never serves the other purpose.
VERIFY, RESET = "code", "reset"


def _code_hash(citizen, code: str, purpose: str = VERIFY) -> str:
    return salted_hmac(f"gongkai.citizen-{purpose}", f"{citizen.pk}:{code}").hexdigest()


def _wait_seconds(citizen) -> int:
    """Seconds until another code may be sent to this account (0: now)."""
    return seconds_to_wait(citizen.code_sent_at)


def _notify(citizen, *, kind, subject, body, secret="") -> None:
    channel = Notice.Channel.EMAIL if citizen.by_email else Notice.Channel.SMS
    notice_queue(channel=channel, kind=kind, to=[citizen.login], subject=subject, body=body, secret=secret)


def _send_code(citizen, purpose: str = VERIFY) -> None:
    """A new code for the account (the old one no longer counts); only its hash is kept here."""
    code = f"{secrets.randbelow(10**6):06d}"
    citizen.code_hash = _code_hash(citizen, code, purpose)
    citizen.code_sent_at, citizen.code_attempts = timezone.now(), 0
    citizen.save(update_fields=["code_hash", "code_sent_at", "code_attempts"])
    text = {"code": Notice.SECRET_MARK, "n": CODE_MINUTES}
    if purpose == RESET:
        body = _(
            "您正在重设政府信息公开平台账号的密码，验证码 %(code)s，%(n)d 分钟内有效。如非本人操作，请忽略，密码不会改变。"
        )
        _notify(citizen, kind="password_code", subject=_("重设密码验证码"), body=body % text, secret=code)
    else:
        body = _("您正在注册政府信息公开平台账号，验证码 %(code)s，%(n)d 分钟内有效。如非本人操作，请忽略。")
        _notify(citizen, kind="account_code", subject=_("账号验证码"), body=body % text, secret=code)


def _code_problem(citizen, code: str, purpose: str = VERIFY) -> str:
    """Empty when `code` is the account's outstanding code; otherwise "expired", "spent" (mistyped
    too often) or "wrong" (and the wrong try is counted)."""
    if not citizen.code_hash or timezone.now() - citizen.code_sent_at > timedelta(minutes=CODE_MINUTES):
        return "expired"
    if citizen.code_attempts >= CODE_ATTEMPTS:
        return "spent"
    if not constant_time_compare(_code_hash(citizen, (code or "").strip(), purpose), citizen.code_hash):
        citizen.code_attempts += 1
        citizen.save(update_fields=["code_attempts"])
        return "wrong"
    return ""


def _checked_password(password: str) -> str:
    """The password stored as its hash, once Django's password validators accept it."""
    if not password or len(password) > MAX_PASSWORD:
        raise ValidationError({"password": _("请设置 10 至 128 位的密码。")})
    try:
        validate_password(password)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    return make_password(password)


@transaction.atomic
def citizen_register(*, login: str, password: str) -> Citizen | None:
    """Open an account (or renew the password of one never verified) and send its code. None when
    the name already has a verified account: nothing of it changes, its owner is told that someone
    tried, and the caller must answer as for a new account, so that registering never tells which
    names have accounts (the reset does not either)."""
    login = login_of(login)
    hashed = _checked_password(password)
    citizen = Citizen.objects.select_for_update().filter(login=login).first()
    if citizen is not None and citizen.verified_at is not None:
        _tell_owner_of_registration(citizen)
        return None
    if citizen is not None and _wait_seconds(citizen):
        raise _too_soon(_wait_seconds(citizen))
    citizen = citizen or Citizen(login=login)
    citizen.password = hashed
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
    if _wait_seconds(citizen):
        raise _too_soon(_wait_seconds(citizen))
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
    problem = _code_problem(citizen, code)
    if problem == "expired":
        raise ValidationError(_("验证码已过期，请重新获取。"))
    if problem == "spent":
        raise ValidationError(_("验证码错误次数过多，请重新获取。"))
    if problem == "wrong":
        record_event(obj=citizen, actor=None, verb="code_wrong", agency=None)
        return False
    citizen.verified_at, citizen.code_hash = timezone.now(), ""
    citizen.save(update_fields=["verified_at", "code_hash"])
    record_event(obj=citizen, actor=None, verb="verified", agency=None)
    return True


def _too_soon(seconds: int) -> ValidationError:
    return ValidationError(_("验证码刚刚发出，请 %(n)d 秒后再重新获取。") % {"n": max(seconds, 1)})


def told_owner_at(login: str):
    """When the owner of `login` was last told that someone tried to register it (or None)."""
    told = Notice.objects.filter(kind=EXISTS_NOTICE, to=login).order_by("-created_at").first()
    return told.created_at if told else None


def seconds_to_wait(since) -> int:
    """Seconds until another code may go out after one sent at `since` (0: now)."""
    waited = (timezone.now() - since).total_seconds() if since else RESEND_SECONDS
    return max(int(RESEND_SECONDS - waited), 0)


def _tell_owner_of_registration(citizen) -> None:
    # at most one message a minute, refused like a second code would be, so the owner's phone is
    # not a way to flood them and the answer is the same as for a name being registered
    if wait := seconds_to_wait(told_owner_at(citizen.login)):
        raise _too_soon(wait)
    body = _(
        "有人用您的手机号码（电子邮箱）申请注册政府信息公开平台账号。您已有账号，可直接登录；"
        "忘记密码的，可在登录页重设密码。如非本人操作，请忽略，您的账号和密码不会改变。"
    )
    _notify(citizen, kind=EXISTS_NOTICE, subject=_("账号注册提醒"), body=body)
    record_event(obj=citizen, actor=None, verb="registered_again", agency=None)


@transaction.atomic
def citizen_reset_request(*, login: str) -> Citizen | None:
    """Send a code to reset the password of the account `login`. Nothing is sent for a name with
    no verified account, or within a minute of the last code: the caller answers the same in
    every case, so that the answer never tells which names have accounts. (An account never
    verified needs no reset: registering again sets its password.)"""
    login = login_of(login)
    citizen = Citizen.objects.select_for_update().filter(login=login, verified_at__isnull=False).first()
    if citizen is None or _wait_seconds(citizen):
        return None
    _send_code(citizen, RESET)
    record_event(obj=citizen, actor=None, verb="reset_code_sent", agency=None)
    return citizen


@transaction.atomic
def citizen_password_reset(*, login: str, code: str, password: str) -> Citizen | None:
    """Set a new password with the code citizen_reset_request sent: the account, or None when the
    name, the code or its time is not right (a wrong code is counted against the code's tries; the
    caller says the same whatever it was). The sessions signed in with the old password end, and a
    notice tells the citizen their password was changed."""
    hashed = _checked_password(password)
    try:
        login = login_of(login)
    except ValidationError:
        return None
    citizen = Citizen.objects.select_for_update().filter(login=login, verified_at__isnull=False).first()
    if citizen is None:
        return None
    problem = _code_problem(citizen, code, RESET)
    if problem:
        if problem == "wrong":
            record_event(obj=citizen, actor=None, verb="reset_code_wrong", agency=None)
        return None
    citizen.password, citizen.code_hash = hashed, ""
    citizen.save(update_fields=["password", "code_hash"])
    at = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    body = _(
        "您的政府信息公开平台账号密码已于 %(at)s 重新设置，此前在其他设备上的登录均已退出。"
        "如非本人操作，请立即通过登录页的“忘记密码”重新设置密码。"
    ) % {"at": at}
    _notify(citizen, kind="password_changed", subject=_("账号密码已修改"), body=body)
    record_event(obj=citizen, actor=None, verb="password_reset", agency=None)
    return citizen


def citizen_authenticate(*, login: str, password: str):
    """The account whose password this is, or None (also for an unknown name, which costs the
    same time, so that a guess cannot tell which names exist)."""
    try:
        login = login_of(login)
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
