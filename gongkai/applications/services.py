"""Writes of the disclosure-application case. One function per transition; each checks that the
transition is allowed, writes the change, its CaseEvent, its clock-ledger entry and its letters in
one transaction, then refreshes the cached due date."""

import secrets
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai import counters
from gongkai.accounts import permissions
from gongkai.core import deadlines as core
from gongkai.core import fees
from gongkai.audit.yearlock import ensure_record_open
from gongkai.encryption import keyed_hash
from gongkai.workdays.selectors import work_calendar

from .deadlines import case_deadline, refresh_due
from .letters import render_letter
from .models import (
    ApplicantMessage,
    Application,
    ApplicationSettings,
    Attachment,
    CaseEvent,
    ClockInterval,
    ExtensionRequest,
    Letter,
    LetterKind,
    ReleasedFile,
    RequestVersion,
    SerialCounter,
    answer_letter_kind,
)
from .outbox import notify_applicant
from .outcomes import ABANDONED, FEE_LAPSED, GRANTED, OUTCOME_CODES, PARTIAL, UNREASONABLE, WITHDRAWN, outcome_label
from .selectors import submitted_with
from .transitions import APPLICANT, TRANSITIONS, TransitionError

S = Application.Status
K = ClockInterval.Kind
QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def today() -> date:
    return timezone.localdate()


# --- numbers -------------------------------------------------------------------------------


def settings_for(agency) -> ApplicationSettings:
    try:
        return agency.application_settings  # loaded with the agency (select_related), or a query
    except ApplicationSettings.DoesNotExist:
        pass
    short = agency.short_name or agency.name
    short = short.removesuffix("镇").removesuffix("乡").removesuffix("县") if len(short) > 2 else short
    obj, _created = ApplicationSettings.objects.get_or_create(
        agency=agency, defaults={"number_prefix": f"{short}政公开申", "letter_prefix": f"{short}政公开告"}
    )
    return obj


def next_serial(*, agency, year: int, kind: str) -> int:
    """The next number of a per-agency-year counter, stepped under the database's row lock in the
    caller's transaction (no duplicates; no gaps, as a rollback undoes the step too)."""
    return counters.step(SerialCounter, keys={"agency": agency.pk, "year": year, "kind": kind}, field="last")


def format_number(prefix: str, year: int, serial: int) -> str:
    return f"{prefix}〔{year}〕第{serial:04d}号"


def _draw_query_code() -> str:
    return "".join(secrets.choice(QUERY_ALPHABET) for _ in range(12))


def new_query_code() -> str:
    """A query code no application has yet."""
    while True:
        code = _draw_query_code()
        if not Application.objects.filter(query_code=code).exists():
            return code


# --- intake --------------------------------------------------------------------------------


def applicant_key(fields: dict) -> str:
    if fields.get("applicant_type", "natural") != "natural" and fields.get("org_credit_code"):
        return keyed_hash("org:" + fields["org_credit_code"])
    return keyed_hash(f"{fields.get('id_type', 'resident')}:{fields.get('id_number', '')}")


APPLICANT_FIELDS = [
    "applicant_type",
    "org_name",
    "org_credit_code",
    "name",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "postcode",
    "info_name",
    "info_doc_number",
    "info_description",
    "delivery",
]


def _new_case(
    *, agency, fields: dict, channel: str, status: str, received_on, token=None, citizen=None, query_code=None
) -> Application:
    """The application as handed in, checked but not yet numbered or saved: built without a write,
    so that the public form can build it before the transaction that files it."""
    case = Application(
        agency=agency,
        year=(received_on or today()).year,
        serial=0,
        number="-",
        query_code=query_code or new_query_code(),
        channel=channel,
        status=status,
        received_on=received_on,
        submission_token=token,
        citizen=citizen,
        **{k: fields.get(k, "") for k in APPLICANT_FIELDS},
    )
    # The agency is a loaded row, the query code is free (new_query_code() checked it, or the
    # public form's filing retries a taken one) and the caller looked the token up: checking them
    # again here would be three more queries per application (the database's constraints stand).
    case.full_clean(exclude=["serial", "number", "applicant_key", "agency", "query_code", "submission_token"])
    case.applicant_key = applicant_key({k: getattr(case, k) for k in APPLICANT_FIELDS})
    return case


def _file(case, *, files, actor, note, basis) -> Application:
    """Number and save a new case with its attachments, its event and its notices (in the caller's
    transaction)."""
    ensure_record_open(case)  # received in a published year: its figures are locked
    case.serial = next_serial(agency=case.agency, year=case.year, kind="application")
    case.number = format_number(settings_for(case.agency).number_prefix, case.year, case.serial)
    case.save()
    for f in files or []:
        Attachment.objects.create(
            case=case, file=f, original_name=f.name[:200], content_type=getattr(f, "detected_type", ""), size=f.size
        )
    CaseEvent.objects.create(
        case=case,
        verb="submitted" if case.status == S.SUBMITTED else "received",
        actor=actor,
        on=case.received_on or today(),
        after={"status": case.status},
        reason=note,
        basis=basis,
    )
    refresh_due(case)
    if case.status == S.SUBMITTED:
        _notify_submitted(case)
    else:
        _notify_received(case)
    return case


def applicant_page_url() -> str:
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_ROOT.rstrip("/") + reverse("apply-status")


def _notify_submitted(case):
    body = _(
        "%(name)s：\n\n您向%(agency)s提交的政府信息公开申请已提交成功，待工作人员确认收到。\n"
        "申请编号：%(number)s\n查询码：%(code)s\n所需信息：%(info)s\n\n"
        "请妥善保管查询码，凭查询码可在申请人页面查看办理进度、告知书，并答复补正、留言或撤回申请：%(url)s\n"
    ) % {
        "name": case.applicant_display,
        "agency": case.agency.name,
        "number": case.number,
        "code": case.query_code,
        "info": case.info_summary,
        "url": applicant_page_url(),
    }
    notify_applicant(case=case, kind="receipt", what=_("申请已提交"), body=body)


def _promise(case, due) -> None:
    """Record the answer date just told to the applicant (see deadlines.effective_due)."""
    case.promised_due = due
    Application.objects.filter(pk=case.pk).update(promised_due=due)
    refresh_due(case)


def _notify_received(case):
    """The receipt: the day the application counts as received and the answer date, which from
    then on is a promise (a plain date, never marked provisional to the applicant)."""
    deadline = case_deadline(case)
    due = deadline.date if deadline else None
    if due is not None:
        _promise(case, due)
    body = _(
        "%(name)s：\n\n%(agency)s已于 %(received)s 收到您的政府信息公开申请。\n申请编号：%(number)s\n查询码：%(code)s\n"
        "所需信息：%(info)s\n本机关将于 %(due)s 前作出答复。\n\n凭查询码可在申请人页面查看办理进度和告知书：%(url)s\n"
    ) % {
        "name": case.applicant_display,
        "agency": case.agency.name,
        "received": case.received_on.isoformat(),
        "number": case.number,
        "code": case.query_code,
        "info": case.info_summary,
        "due": due.isoformat() if due else "—",
        "url": applicant_page_url(),
    }
    notify_applicant(case=case, kind="receipt", what=_("申请已收到"), body=body)


def application_submit(*, agency, fields: dict, files=(), token=None, citizen=None) -> Application:
    """An online application from the public form: submitted, waiting for staff to confirm it.
    `token` (the form's submission token) makes a retry idempotent: the application first filed
    with it is returned (marked `repeated`) and nothing is filed again, also when both arrive at
    once (the token is unique: the second filing fails and is rolled back with its serial). Filed
    by a signed-in citizen, it is listed in their account."""
    # Built and checked before the transaction: the write lock (on SQLite, the whole database's)
    # is held for the writes only. Its query code is drawn without asking whether it is taken
    # (one chance in about 10^12 per application at a million applications): the unique
    # constraint says so, and the filing is made again with another code.
    case = _new_case(
        agency=agency,
        fields=fields,
        channel=Application.Channel.ONLINE,
        status=S.SUBMITTED,
        received_on=None,
        token=token,
        citizen=citizen,
        query_code=_draw_query_code(),
    )
    try:
        return _file_online(case, files)
    except IntegrityError:
        first = submitted_with(agency=agency, token=token)
        if first is not None:
            first.repeated = True  # the caller tells the applicant that nothing was filed again
            return first
        if not Application.objects.filter(query_code=case.query_code).exists():
            raise
    case.pk, case.query_code = None, new_query_code()
    return _file_online(case, files)


def _file_online(case, files) -> Application:
    with transaction.atomic():
        return _file(case, files=files, actor=None, note=_("申请人通过网上申请平台提交"), basis="")


RECEIPT_NOTES = {
    Application.Channel.IN_PERSON: gettext_lazy("申请人当面提交，以提交之日为收到申请之日"),
    Application.Channel.POST_SIGNED: gettext_lazy("以邮寄方式提交，以本机关签收之日为收到申请之日"),
    Application.Channel.POST_ORDINARY: gettext_lazy("以平常信函提交，以本机关与申请人确认之日为收到申请之日"),
    Application.Channel.FAX: gettext_lazy("以传真方式提交，以双方确认之日为收到申请之日"),
    Application.Channel.ONLINE: gettext_lazy("通过互联网渠道提交，以双方确认之日为收到申请之日"),
}


@transaction.atomic
def application_register(*, agency, actor, fields: dict, channel: str, received_on: date, files=()) -> Application:
    """Staff enter an application handed in on paper (or by fax, or by an online channel outside
    this platform); the day of receipt follows 第三十一条."""
    permissions.require(actor, "application.register", agency)
    if received_on is None:
        raise TransitionError({"received_on": _("请填写收到申请的日期。")})
    if received_on > today():
        raise TransitionError({"received_on": _("收到申请的日期不能晚于今天。")})
    case = _new_case(agency=agency, fields=fields, channel=channel, status=S.RECEIVED, received_on=received_on)
    return _file(case, files=files, actor=actor, note=str(RECEIPT_NOTES.get(channel, "")), basis="第三十一条")


# --- transitions ---------------------------------------------------------------------------


def _lock(case) -> Application:
    return Application.objects.select_for_update().select_related("agency").get(pk=case.pk)


def _handle(actor, case):
    permissions.require(actor, "application.handle", case.agency)


def _check_date(case, on: date, field="on"):
    if on is None:
        raise TransitionError({field: _("请填写日期。")})
    if on > today():
        raise TransitionError({field: _("日期不能晚于今天。")})
    last = case.events.order_by("-on").values_list("on", flat=True).first()
    floor = max(d for d in (case.received_on, last) if d is not None) if (case.received_on or last) else None
    if floor and on < floor:
        raise TransitionError({field: _("日期不能早于上一办理环节的日期（%(day)s）。") % {"day": floor.isoformat()}})


def _event(case, *, actor, kind, on, before, note="", basis="") -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        verb=kind,
        actor=actor,
        on=on,
        before={"status": before},
        after={"status": case.status},
        reason=note,
        basis=basis,
    )


def _save(case, fields):
    """Every change of an application is saved here: checked, and refused when it would change
    the figures of a published year (Application.counted_figures, registered with the lock)."""
    case.full_clean()
    ensure_record_open(case)
    case.save(update_fields=fields)


# Letters that tell the applicant an answer date: the date becomes a promise.
PROMISING = {LetterKind.EXTENSION, LetterKind.LATER_DEADLINE, LetterKind.DUE_NOTICE}


def letter_issue(*, case, kind, on, event=None, **context) -> Letter:
    """Render a letter from the agency's template, number it and keep its text. The date printed
    is always a plain date: a provisional one is marked for staff only, never in a letter. Where
    the agency requires 审签 the letter waits for it; otherwise the applicant is notified now."""
    year = on.year
    serial = next_serial(agency=case.agency, year=year, kind="letter")
    number = format_number(settings_for(case.agency).letter_prefix, year, serial)
    deadline = case_deadline(case)
    due = deadline.date if deadline else None
    ctx = {
        "case": case,
        "letter_number": number,
        "today": on,
        "outcome_label": outcome_label(case.outcome),
        "due": due,
        "applicant_url": applicant_page_url(),
        **context,
    }
    title, body = render_letter(case.agency, kind, ctx)
    letter = Letter.objects.create(
        case=case,
        kind=kind,
        number=number,
        title=title,
        body=body,
        issued_on=on,
        event=event,
        needs_sign_off=bool(settings_for(case.agency).sign_off),
    )
    if kind in PROMISING and due is not None:
        _promise(case, due)
    if letter.released:
        _notify_letter(letter)
    return letter


def _notify_letter(letter):
    if not letter.to_applicant:
        return
    case = letter.case
    body = _(
        "%(name)s：\n\n%(agency)s就您的政府信息公开申请（%(number)s）出具了《%(title)s》（%(letter_number)s），见附件。\n"
        "凭查询码可在申请人页面查看全部告知书%(more)s：%(url)s\n"
    ) % {
        "name": case.applicant_display,
        "agency": case.agency.name,
        "number": case.number,
        "title": letter.title,
        "letter_number": letter.number,
        "url": applicant_page_url(),
        "more": _("并下载公开的政府信息") if letter.kind in (LetterKind.GRANTED, LetterKind.PARTIAL) else "",
    }
    kind = "decision" if letter.event_id and letter.event.verb in ("decided", "abandoned", "fee_lapsed") else "letter"
    notify_applicant(case=case, kind=kind, what=letter.title, body=body, letter=letter)


@transaction.atomic
def case_confirm_receipt(*, case, actor, on: date) -> Application:
    """第三十一条: an online submission counts as received on the day both sides confirm it."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "confirm")
    _check_date(case, on)
    if on < timezone.localtime(case.submitted_at).date():
        raise TransitionError({"on": _("确认收到的日期不能早于申请提交的日期。")})
    before = case.status
    case.status, case.received_on = S.RECEIVED, on
    _save(case, ["status", "received_on"])
    _event(
        case,
        actor=actor,
        kind="received",
        on=on,
        before=before,
        note=str(RECEIPT_NOTES[case.channel]),
        basis="第三十一条",
    )
    refresh_due(case)
    _notify_received(case)
    return case


@transaction.atomic
def case_request_correction(*, case, actor, on: date, limit: date, note: str) -> Application:
    """第三十条: ask the applicant once, within 7 working days of receipt, to correct the application."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "correction")
    _check_date(case, on)
    if case.intervals.filter(kind=K.CORRECTION).exists():
        raise TransitionError(_("第三十条规定补正只能告知一次，本申请已告知过补正。"))
    last_day = core.correction_request_deadline(work_calendar(), case.received_on)
    if on > last_day:
        raise TransitionError(
            {"on": _("应在收到申请之日起 7 个工作日内（%(day)s 前）告知补正。") % {"day": last_day.isoformat()}}
        )
    if limit is None or limit <= on:
        raise TransitionError({"limit": _("补正期限应晚于告知补正的日期。")})
    if not note.strip():
        raise TransitionError({"note": _("请写明需要补正的事项。")})
    before = case.status
    # The count starts again from the corrected application: the date told at receipt lapses
    # (the 补正 letter says so).
    case.status, case.promised_due = S.CORRECTION, None
    _save(case, ["status", "promised_due"])
    ClockInterval.objects.create(case=case, kind=K.CORRECTION, start=on, limit=limit, basis="第三十条")
    event = _event(case, actor=actor, kind="correction_requested", on=on, before=before, note=note, basis="第三十条")
    letter_issue(case=case, kind=LetterKind.CORRECTION, on=on, event=event, note=note, limit=limit)
    refresh_due(case)
    return case


def _open_interval(case, kinds):
    return case.intervals.filter(kind__in=kinds, end__isnull=True).order_by("-start").first()


REQUEST_FIELDS = ("info_name", "info_doc_number", "info_description")
REQUEST_LIMITS = {"info_name": 300, "info_doc_number": 100, "info_description": 2000}


def _change_request(case, fields: dict, on: date, event) -> bool:
    """Replace what the applicant asks for, keeping the text it replaces; True when it changed.
    Every later letter quotes the case's current request."""
    new = {k: (fields.get(k) or "").strip() for k in REQUEST_FIELDS}
    if not any(new.values()):
        raise TransitionError({"info_description": _("请至少填写所需信息的名称、文号或特征性描述中的一项。")})
    for field, limit in REQUEST_LIMITS.items():
        if len(new[field]) > limit:
            raise TransitionError(
                {field: _("不能超过 %(n)d 字（现有 %(m)d 字）。") % {"n": limit, "m": len(new[field])}}
            )
    old = {k: getattr(case, k) for k in REQUEST_FIELDS}
    if new == old:
        return False
    RequestVersion.objects.create(case=case, replaced_on=on, event=event, **old)
    for k, v in new.items():
        setattr(case, k, v)
    _save(case, list(REQUEST_FIELDS))
    return True


def _attach(case, files):
    for f in files or []:
        Attachment.objects.create(
            case=case, file=f, original_name=f.name[:200], content_type=getattr(f, "detected_type", ""), size=f.size
        )


def _correction_done(case, *, actor, on, note, fields, files) -> Application:
    interval = _open_interval(case, [K.CORRECTION])
    interval.end = on
    interval.save(update_fields=["end"])
    before = case.status
    case.status = S.RECEIVED
    _save(case, ["status"])
    event = _event(case, actor=actor, kind="correction_received", on=on, before=before, note=note, basis="第三十条")
    if fields and any((fields.get(k) or "").strip() for k in REQUEST_FIELDS):
        _change_request(case, fields, on, event)
    _attach(case, files)
    refresh_due(case)
    return case


@transaction.atomic
def case_correction_received(
    *, case, actor, on: date, note: str = "", fields: dict | None = None, files=()
) -> Application:
    """The corrected application arrived (on paper, entered by staff, with the corrected request if
    the applicant changed it): the 20 working days start again from this day."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "correction_received")
    _check_date(case, on)
    return _correction_done(case, actor=actor, on=on, note=note, fields=fields, files=files)


@transaction.atomic
def case_applicant_correct(*, case, fields: dict, files=(), note: str = "") -> Application:
    """The applicant answers the 补正 online, before its deadline: the request is replaced by the
    corrected one (the original kept) and the count starts again today (第三十条)."""
    case = _lock(case)
    TRANSITIONS.check(APPLICANT, case, "applicant_correct")
    on = today()
    interval = _open_interval(case, [K.CORRECTION])
    if interval.limit and on > interval.limit:
        raise TransitionError(
            _("补正期限（%(day)s）已过，不能再在线补正。如有正当理由，请联系%(office)s（电话：%(phone)s）。")
            % {
                "day": interval.limit.isoformat(),
                "office": case.agency.ogi_office,
                "phone": case.agency.ogi_phone or "—",
            }
        )
    if not any((fields.get(k) or "").strip() for k in REQUEST_FIELDS):
        raise TransitionError({"info_description": _("请填写补正后的所需信息（名称、文号或特征性描述至少一项）。")})
    text = _("申请人在线提交补正。") + (note.strip()[:2000] if note else "")
    return _correction_done(case, actor=None, on=on, note=text, fields=fields, files=files)


MAX_MESSAGE = 2000


@transaction.atomic
def case_applicant_message(*, case, body: str) -> ApplicantMessage:
    """A message or follow-up from the applicant's page (e.g. a fee paid, a delivery address)."""
    case = _lock(case)
    TRANSITIONS.check(APPLICANT, case, "applicant_message")
    body = (body or "").strip()
    if not body:
        raise TransitionError({"body": _("请填写留言内容。")})
    if len(body) > MAX_MESSAGE:
        raise TransitionError(
            {"body": _("留言不能超过 %(n)d 字（现有 %(m)d 字）。") % {"n": MAX_MESSAGE, "m": len(body)}}
        )
    if case.messages.filter(handled_at__isnull=True).count() >= 10:
        raise TransitionError(
            {
                "body": _("您已有 10 条留言尚未处理，请等待工作人员答复，或直接致电%(phone)s。")
                % {"phone": case.agency.ogi_phone or case.agency.ogi_office}
            }
        )
    message = ApplicantMessage.objects.create(case=case, body=body)
    _event(case, actor=None, kind="message", on=today(), before=case.status, note=body[:200])
    return message


@transaction.atomic
def message_handle(*, message, actor) -> ApplicantMessage:
    message = ApplicantMessage.objects.select_for_update().select_related("case__agency").get(pk=message.pk)
    _handle(actor, message.case)
    if message.handled_at is None:
        message.handled_at, message.handled_by = timezone.now(), actor
        message.save(update_fields=["handled_at", "handled_by"])
        _event(
            message.case,
            actor=actor,
            kind="message_handled",
            on=today(),
            before=message.case.status,
            note=message.body[:200],
        )
    return message


@transaction.atomic
def case_withdraw(*, case, reason: str = "") -> Application:
    """The applicant withdraws the application: no further handling. A received case is closed
    with （六）3 其他 and a letter saying so; one not yet received is simply closed."""
    case = _lock(case)
    TRANSITIONS.check(APPLICANT, case, "withdraw")
    on = today()
    note = _("申请人于 %(day)s 撤回申请。") % {"day": on.isoformat()} + (reason.strip()[:500] if reason else "")
    before = case.status
    if case.status == S.SUBMITTED:
        case.status, case.closed_on = S.CLOSED, on
        _save(case, ["status", "closed_on"])
        _event(case, actor=None, kind="withdrawn", on=on, before=before, note=note)
        return case
    for interval in case.intervals.filter(end__isnull=True):
        interval.end = on
        interval.save(update_fields=["end"])
    return _decide(case, actor=None, on=on, outcome=WITHDRAWN, reason=note, kind="withdrawn", before=before, basis="")


def _decide(case, *, actor, on, outcome, reason, kind, before, basis, note=""):
    case.status, case.outcome, case.outcome_reason, case.decided_on = S.DECIDED, outcome, reason, on
    if case.counted_on is None:
        case.counted_outcome, case.counted_on = outcome, on
    _save(case, ["status", "outcome", "outcome_reason", "decided_on", "counted_outcome", "counted_on"])
    event = _event(case, actor=actor, kind=kind, on=on, before=before, note=note or reason, basis=basis)
    letter_issue(case=case, kind=answer_letter_kind(outcome), on=on, event=event)
    return case


@transaction.atomic
def case_abandon(*, case, actor, on: date) -> Application:
    """No correction in time: the application counts as abandoned (（六）1)."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "abandon")
    _check_date(case, on)
    interval = _open_interval(case, [K.CORRECTION])
    if interval.limit and on <= interval.limit:
        raise TransitionError({"on": _("补正期限（%(day)s）尚未届满。") % {"day": interval.limit.isoformat()}})
    return _decide(
        case,
        actor=actor,
        on=on,
        outcome=ABANDONED,
        reason=_("申请人无正当理由逾期不补正，视为放弃申请。"),
        kind="abandoned",
        before=S.CORRECTION,
        basis="第三十条",
    )


@transaction.atomic
def case_consult(*, case, actor, on: date, kind: str, party: str, note: str = "") -> Application:
    """第三十二条 (third party) / 第三十四条 (another agency): the clock stops while they answer."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "consult")
    _check_date(case, on)
    if kind not in (K.THIRD_PARTY, K.OTHER_AGENCY):
        raise TransitionError({"kind": _("请选择征求第三方意见或征求其他机关意见。")})
    if not party.strip():
        raise TransitionError({"party": _("请填写征求意见的对象。")})
    basis = "第三十二条" if kind == K.THIRD_PARTY else "第三十四条"
    before = case.status
    # A pause the law allows moves the date later without a letter to the applicant: a date told
    # before lapses (only the calendar may not move a promise).
    case.status, case.promised_due = S.CONSULTING, None
    _save(case, ["status", "promised_due"])
    limit = work_calendar().due(on, core.CONSULTATION_DAYS).date
    ClockInterval.objects.create(case=case, kind=kind, start=on, basis=basis, party=party, limit=limit)
    event = _event(case, actor=actor, kind="consulted", on=on, before=before, note=f"{party}：{note}", basis=basis)
    if kind == K.THIRD_PARTY:
        letter_issue(case=case, kind=LetterKind.THIRD_PARTY, on=on, event=event, party=party, note=note)
    refresh_due(case)
    return case


@transaction.atomic
def case_consultation_answered(*, case, actor, on: date, note: str = "") -> Application:
    """The consulted party answered, or its 15 working days ran out (silence): the clock runs again."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "consultation_answered")
    _check_date(case, on)
    interval = _open_interval(case, [K.THIRD_PARTY, K.OTHER_AGENCY])
    interval.end = on
    interval.save(update_fields=["end"])
    before = case.status
    case.status = S.RECEIVED
    _save(case, ["status"])
    _event(case, actor=actor, kind="consultation_answered", on=on, before=before, note=note, basis=interval.basis)
    refresh_due(case)
    return case


def _check_extension(case, *, on, days, note):
    """第三十三条第二款, for the extension and for the clerk's request of one (their states and
    who may take them are the transitions "extend" and "extension_ask")."""
    _check_date(case, on)
    if case.extension_days:
        raise TransitionError(_("本申请已经延期一次，延长期限最长为 20 个工作日。"))
    if not 1 <= (days or 0) <= core.MAX_EXTENSION_DAYS:
        raise TransitionError({"days": _("延长期限应为 1 至 20 个工作日。")})
    if case.due_date and on > case.due_date:
        raise TransitionError({"on": _("答复期限（%(day)s）已过，不能再延期。") % {"day": case.due_date.isoformat()}})
    if not note.strip():
        raise TransitionError({"note": _("请写明延期的理由。")})


@transaction.atomic
def case_extend(*, case, actor, on: date, days: int, note: str) -> Application:
    """第三十三条第二款: extend by at most 20 working days with the OGI head's consent; the
    applicant is told by letter."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "extend")
    _check_extension(case, on=on, days=days, note=note)
    before = case.status
    case.extension_days = days
    _save(case, ["extension_days"])
    refresh_due(case)
    event = _event(case, actor=actor, kind="extended", on=on, before=before, note=note, basis="第三十三条第二款")
    letter_issue(case=case, kind=LetterKind.EXTENSION, on=on, event=event, note=note)
    return case


@transaction.atomic
def case_ask_reasons(*, case, actor, on: date, note: str) -> Application:
    """第三十五条: the quantity or frequency is clearly beyond reason; ask the applicant why."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "reasons")
    _check_date(case, on)
    before = case.status
    case.status = S.REASONS
    _save(case, ["status"])
    event = _event(case, actor=actor, kind="reasons_asked", on=on, before=before, note=note, basis="第三十五条")
    letter_issue(case=case, kind=LetterKind.REASONS, on=on, event=event, note=note)
    return case


@transaction.atomic
def case_judge_reasons(*, case, actor, on: date, reasonable: bool, later_deadline: date | None = None, note: str = ""):
    """第三十五条: unreasonable → 不予处理 (（五）4); reasonable → a later deadline, applicant told."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "judge")
    _check_date(case, on)
    before = case.status
    if not reasonable:
        return _decide(
            case,
            actor=actor,
            on=on,
            outcome=UNREASONABLE,
            reason=note or _("申请人未能说明正当理由。"),
            kind="decided",
            before=before,
            basis="第三十五条",
        )
    if later_deadline is None or (case.due_date and later_deadline <= case.due_date):
        raise TransitionError({"later_deadline": _("请确定一个晚于原答复期限的合理期限。")})
    case.status, case.later_deadline = S.RECEIVED, later_deadline
    _save(case, ["status", "later_deadline"])
    refresh_due(case)
    event = _event(case, actor=actor, kind="later_deadline", on=on, before=before, note=note, basis="第三十五条")
    letter_issue(case=case, kind=LetterKind.LATER_DEADLINE, on=on, event=event, note=note)
    return case


def monthly_position(case, on: date) -> int:
    """Which application of this applicant in the natural month this one is (按件计收)."""
    month = case.received_on or on
    earlier = Application.objects.filter(
        agency=case.agency,
        applicant_key=case.applicant_key,
        received_on__year=month.year,
        received_on__month=month.month,
    ).exclude(pk=case.pk)
    return (
        earlier.filter(received_on__lt=month).count()
        + earlier.filter(received_on=month, serial__lt=case.serial).count()
        + 1
    )


@transaction.atomic
def case_fee_notice(*, case, actor, on: date, method: str, pages: int | None = None) -> Application:
    """第四十二条: an information processing fee, one method per application; the clock stops
    until it is paid (20 working days to pay)."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "fee")
    _check_date(case, on)
    if case.fee_method:
        raise TransitionError(_("本申请已经发出过收费通知。"))
    if method == fees.PER_PAGE:
        if not pages:
            raise TransitionError({"pages": _("按量计收时请填写页数。")})
        nth, amount = None, fees.per_page_fee(pages)
    elif method == fees.PER_ITEM:
        nth, pages = monthly_position(case, on), None
        amount = fees.per_item_fee(nth)
    else:
        raise TransitionError({"method": _("请选择按件计收或按量计收（只能选择一种）。")})
    if amount <= 0:
        raise TransitionError({"method": _("按所选方式计算，本申请不收费，无需发出收费通知。")})
    before = case.status
    case.status, case.fee_method, case.fee_pages, case.fee_amount = S.FEE, method, pages, amount
    case.promised_due = None  # the fee letter tells the applicant the clock waits for payment
    _save(case, ["status", "fee_method", "fee_pages", "fee_amount", "promised_due"])
    limit = work_calendar().due(on, core.FEE_PAYMENT_DAYS).date
    ClockInterval.objects.create(case=case, kind=K.FEE, start=on, limit=limit, basis="第四十二条")
    explanation = fees.fee_explanation(method, nth=nth, pages=pages)
    event = _event(case, actor=actor, kind="fee_notice", on=on, before=before, note=explanation, basis="第四十二条")
    letter_issue(case=case, kind=LetterKind.FEE, on=on, event=event, limit=limit, fee_explanation=explanation)
    refresh_due(case)
    return case


@transaction.atomic
def case_fee_paid(*, case, actor, on: date) -> Application:
    case = _lock(case)
    TRANSITIONS.check(actor, case, "fee_paid")
    _check_date(case, on)
    interval = _open_interval(case, [K.FEE])
    interval.end = on
    interval.save(update_fields=["end"])
    before = case.status
    case.status, case.fee_paid_on = S.RECEIVED, on
    _save(case, ["status", "fee_paid_on"])
    _event(
        case,
        actor=actor,
        kind="fee_paid",
        on=on,
        before=before,
        note=_("缴纳信息处理费 %(amount)s 元") % {"amount": case.fee_amount},
        basis="第四十二条",
    )
    refresh_due(case)
    return case


@transaction.atomic
def case_fee_lapsed(*, case, actor, on: date) -> Application:
    """Not paid within the deadline: the application is not processed further (（六）2)."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "fee_lapsed")
    _check_date(case, on)
    interval = _open_interval(case, [K.FEE])
    if interval.limit and on <= interval.limit:
        raise TransitionError({"on": _("缴费期限（%(day)s）尚未届满。") % {"day": interval.limit.isoformat()}})
    return _decide(
        case,
        actor=actor,
        on=on,
        outcome=FEE_LAPSED,
        reason=_("申请人逾期未按收费通知要求缴纳费用。"),
        kind="fee_lapsed",
        before=S.FEE,
        basis="第四十二条",
    )


# Outcomes with a path of their own: the abandonment and fee rules check their deadlines, and
# 第三十五条 asks for reasons first.
SPECIAL_OUTCOMES = {
    ABANDONED: gettext_lazy("逾期未补正"),
    FEE_LAPSED: gettext_lazy("逾期未缴费"),
    UNREASONABLE: gettext_lazy("要求说明理由"),
}


@transaction.atomic
def case_decide(*, case, actor, on: date, outcome: str, reason: str, files=(), paper_note: str = "") -> Application:
    """The answer (第三十六条): exactly one leaf row of the national table, with its reasons, and
    for 予以公开 / 部分公开 the released material (files the applicant downloads from their page,
    or a note of the paper copy and how it was handed over)."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "decide")
    _check_date(case, on)
    if outcome not in OUTCOME_CODES:
        raise TransitionError({"outcome": _("请选择一种办理结果。")})
    if outcome in SPECIAL_OUTCOMES:
        raise TransitionError({"outcome": _("该结果请通过“%(path)s”办理。") % {"path": SPECIAL_OUTCOMES[outcome]}})
    if outcome != GRANTED and not reason.strip():
        raise TransitionError({"reason": _("请写明理由及依据。")})
    basis = "第三十七条" if outcome == PARTIAL else "第三十六条"
    if (files or paper_note.strip()) and outcome not in RELEASING:
        raise TransitionError({"files": _("只有予以公开或部分公开的答复才提供政府信息。")})
    if paper_note.strip():
        case.paper_copy_note = paper_note.strip()[:2000]
        _save(case, ["paper_copy_note"])
    for f in files or []:
        ReleasedFile.objects.create(
            case=case, file=f, original_name=f.name[:200], content_type=getattr(f, "detected_type", ""), size=f.size
        )
    return _decide(
        case, actor=actor, on=on, outcome=outcome, reason=reason, kind="decided", before=S.RECEIVED, basis=basis
    )


RELEASING = (GRANTED, PARTIAL)


@transaction.atomic
def case_serve(*, case, actor, on: date, method: str) -> Application:
    """送达: how and when the answer reached the applicant (the remedy periods run from it)."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "serve")
    _check_date(case, on)
    unsigned = [letter.title for letter in case.letters.all() if not letter.released]
    if unsigned:
        raise TransitionError(_("以下告知书尚未审签，不能送达：%(titles)s。") % {"titles": _("、").join(unsigned)})
    if not method.strip():
        raise TransitionError({"method": _("请填写送达方式。")})
    before = case.status
    case.status, case.served_on, case.served_method = S.SERVED, on, method
    _save(case, ["status", "served_on", "served_method"])
    _event(case, actor=actor, kind="served", on=on, before=before, note=method)
    return case


@transaction.atomic
def case_close(*, case, actor, on: date, note: str = "") -> Application:
    case = _lock(case)
    TRANSITIONS.check(actor, case, "close")
    _check_date(case, on)
    before = case.status
    case.status, case.closed_on = S.CLOSED, on
    _save(case, ["status", "closed_on"])
    _event(case, actor=actor, kind="closed", on=on, before=before, note=note)
    return case


@transaction.atomic
def case_reopen(*, case, actor, reason: str, basis: str, on: date | None = None) -> Application:
    """A 行政复议 decision or a court judgment corrected the answer: handle the application again.
    The 20 working days count afresh from `on`. Called by the appeals register."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "reopen")
    on = on or today()
    _check_date(case, on)
    if not reason.strip() or not basis.strip():
        raise TransitionError(_("请写明重新办理的原因和依据（如复议决定书文号）。"))
    before = case.status
    note = _("%(reason)s（原结果：%(outcome)s）") % {"reason": reason, "outcome": outcome_label(case.outcome)}
    case.status, case.outcome, case.outcome_reason = S.RECEIVED, "", ""
    case.decided_on = case.served_on = case.closed_on = None
    case.served_method = ""
    case.extension_days, case.later_deadline, case.promised_due = 0, None, None
    _save(
        case,
        [
            "status",
            "outcome",
            "outcome_reason",
            "decided_on",
            "served_on",
            "closed_on",
            "served_method",
            "extension_days",
            "later_deadline",
            "promised_due",
        ],
    )
    ClockInterval.objects.create(case=case, kind=K.REOPEN, start=on, end=on, basis=basis)
    _event(case, actor=actor, kind="reopened", on=on, before=before, note=note, basis=basis)
    refresh_due(case)
    return case


# --- inside the office: extension requests, 审签, a new answer date ---------------------------


@transaction.atomic
def case_extension_ask(*, case, actor, on: date, days: int, note: str) -> ExtensionRequest:
    """The clerk asks the 工作机构负责人 to extend (第三十三条第二款); nothing is told to the
    applicant until it is approved."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "extension_ask")
    _check_extension(case, on=on, days=days, note=note)
    if case.extension_requests.filter(state=ExtensionRequest.State.PENDING).exists():
        raise TransitionError(_("已有一项延期申请等待工作机构负责人审批。"))
    request = ExtensionRequest.objects.create(case=case, days=days, reason=note.strip(), asked_by=actor, asked_on=on)
    _event(
        case,
        actor=actor,
        kind="extension_asked",
        on=on,
        before=case.status,
        note=_("申请延长 %(days)s 个工作日：%(reason)s") % {"days": days, "reason": note.strip()},
        basis="第三十三条第二款",
    )
    return request


@transaction.atomic
def extension_decide(*, request, actor, on: date, approve: bool, note: str = "") -> ExtensionRequest:
    """The 工作机构负责人 agrees (the extension and its letter follow) or refuses (recorded)."""
    request = ExtensionRequest.objects.select_for_update().select_related("case__agency").get(pk=request.pk)
    permissions.require(actor, "application.extend", request.case.agency)
    if request.state != ExtensionRequest.State.PENDING:
        raise TransitionError(_("该延期申请已经审批（%(state)s）。") % {"state": request.get_state_display()})
    if approve:
        case_extend(case=request.case, actor=actor, on=on, days=request.days, note=request.reason)
    else:
        case = _lock(request.case)
        _check_date(case, on)
        if not note.strip():
            raise TransitionError({"note": _("不同意延期时，请写明意见。")})
        _event(
            case,
            actor=actor,
            kind="extension_refused",
            on=on,
            before=case.status,
            note=note.strip(),
            basis="第三十三条第二款",
        )
    request.state = ExtensionRequest.State.APPROVED if approve else ExtensionRequest.State.REFUSED
    request.decided_by, request.decided_on, request.decision_note = actor, on, note.strip()
    request.save(update_fields=["state", "decided_by", "decided_on", "decision_note"])
    return request


SIGN_OFF_ACTIONS = {
    ApplicationSettings.SignOff.LEADER: "letter.sign_off_leader",
    ApplicationSettings.SignOff.HEAD: "letter.sign_off_head",
}


def may_sign(user, agency) -> bool:
    rule = settings_for(agency).sign_off
    return bool(rule) and permissions.can(user, SIGN_OFF_ACTIONS[rule], agency)


@transaction.atomic
def letter_sign_off(*, letter, actor) -> Letter:
    """审签: the leader the agency named signs the letter; only then it can be served, and the
    applicant is notified."""
    letter = Letter.objects.select_for_update().select_related("case__agency").get(pk=letter.pk)
    case = letter.case
    if not letter.needs_sign_off:
        raise TransitionError(_("该告知书不需要审签。"))
    if not may_sign(actor, case.agency):
        raise PermissionDenied(
            _("本机关的告知书由%(who)s审签，您没有审签权限。")
            % {"who": settings_for(case.agency).get_sign_off_display()}
        )
    if letter.signed_at is not None:
        raise TransitionError(
            _("该告知书已由 %(name)s 审签。") % {"name": letter.signed_by.get_full_name() or letter.signed_by}
        )
    letter.signed_by, letter.signed_at = actor, timezone.now()
    letter.save(update_fields=["signed_by", "signed_at"])
    _event(
        case,
        actor=actor,
        kind="letter_signed",
        on=today(),
        before=case.status,
        note=_("《%(title)s》（%(number)s）") % {"title": letter.title, "number": letter.number},
    )
    _notify_letter(letter)
    return letter


@transaction.atomic
def case_notify_due(*, case, actor, on: date, note: str = "") -> Application:
    """The calendar moved the answer date away from the one told to the applicant: tell the
    applicant the date that now holds (a new letter, which becomes the promise)."""
    case = _lock(case)
    TRANSITIONS.check(actor, case, "due_notice")
    _check_date(case, on)
    deadline = case_deadline(case)
    if deadline is None or deadline.date is None or case.promised_due is None or deadline.date == case.promised_due:
        raise TransitionError(_("答复期限与已告知申请人的日期一致，无需另行告知。"))
    promised = case.promised_due
    event = _event(
        case,
        actor=actor,
        kind="due_notice",
        on=on,
        before=case.status,
        note=_("原告知 %(old)s，现为 %(new)s") % {"old": promised.isoformat(), "new": deadline.date.isoformat()},
    )
    letter_issue(case=case, kind=LetterKind.DUE_NOTICE, on=on, event=event, promised=promised, note=note)
    return case


# --- personal data ------------------------------------------------------------------------


@transaction.atomic
def application_personal_data_view(*, case, actor, what) -> CaseEvent:
    """Record that `actor` saw `what` of the applicant's personal data unmasked (the full ID
    and phone number, or an attachment): every such view leaves an event on the case."""
    permissions.require(actor, "application.personal_data", case.agency)
    return _event(case, actor=actor, kind="personal_data_viewed", on=today(), before=case.status, note=what)
