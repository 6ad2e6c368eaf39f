"""Writes of the disclosure-application case. One function per transition; each checks that the
transition is allowed, writes the change, its CaseEvent, its clock-ledger entry and its letters in
one transaction, then refreshes the cached due date."""

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts import permissions
from gongkai.core import deadlines as core
from gongkai.core import fees
from gongkai.audit.yearlock import ensure_year_open
from gongkai.encryption import keyed_hash
from gongkai.workdays.selectors import work_calendar

from .deadlines import case_deadline, refresh_due
from .letters import render_letter
from .models import (
    Application,
    ApplicationSettings,
    Attachment,
    CaseEvent,
    ClockInterval,
    Letter,
    LetterKind,
    SerialCounter,
    answer_letter_kind,
)
from .outcomes import ABANDONED, FEE_LAPSED, OUTCOME_CODES, UNREASONABLE, outcome_label

S = Application.Status
K = ClockInterval.Kind
QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


class TransitionError(ValidationError):
    """A step the case cannot take now; the message says why, in Chinese."""


def today() -> date:
    return timezone.localdate()


# --- numbers -------------------------------------------------------------------------------


def settings_for(agency) -> ApplicationSettings:
    short = agency.short_name or agency.name
    short = short.removesuffix("镇").removesuffix("乡").removesuffix("县") if len(short) > 2 else short
    obj, _created = ApplicationSettings.objects.get_or_create(
        agency=agency, defaults={"number_prefix": f"{short}政公开申", "letter_prefix": f"{short}政公开告"}
    )
    return obj


def next_serial(*, agency, year: int, kind: str) -> int:
    """The next number of a per-agency-year counter, under a row lock (no duplicates, no gaps)."""
    with transaction.atomic():
        counter, _created = SerialCounter.objects.select_for_update().get_or_create(agency=agency, year=year, kind=kind)
        SerialCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
        return SerialCounter.objects.values_list("last", flat=True).get(pk=counter.pk)


def format_number(prefix: str, year: int, serial: int) -> str:
    return f"{prefix}〔{year}〕第{serial:04d}号"


def new_query_code() -> str:
    while True:
        code = "".join(secrets.choice(QUERY_ALPHABET) for _ in range(12))
        if not Application.objects.filter(query_code=code).exists():
            return code


# --- intake --------------------------------------------------------------------------------


def applicant_key(fields: dict) -> str:
    if fields.get("applicant_type", "natural") != "natural" and fields.get("org_credit_code"):
        return keyed_hash("org:" + fields["org_credit_code"])
    return keyed_hash(f"{fields.get('id_type', 'resident')}:{fields.get('id_number', '')}")


APPLICANT_FIELDS = [
    "applicant_type", "org_name", "org_credit_code", "name", "id_type", "id_number", "phone", "email", "address",
    "postcode", "info_name", "info_doc_number", "info_description", "delivery",
]


def _create(*, agency, fields: dict, channel: str, status: str, received_on, files, actor, note, basis) -> Application:
    year = (received_on or today()).year
    case = Application(
        agency=agency, year=year, serial=0, number="-", query_code=new_query_code(), channel=channel, status=status,
        received_on=received_on, **{k: fields.get(k, "") for k in APPLICANT_FIELDS},
    )
    case.full_clean(exclude=["serial", "number", "applicant_key"])
    case.applicant_key = applicant_key({k: getattr(case, k) for k in APPLICANT_FIELDS})
    case.serial = next_serial(agency=agency, year=year, kind="application")
    case.number = format_number(settings_for(agency).number_prefix, year, case.serial)
    case.save()
    for f in files or []:
        Attachment.objects.create(
            case=case, file=f, original_name=f.name[:200], content_type=getattr(f, "detected_type", ""), size=f.size
        )
    CaseEvent.objects.create(
        case=case, verb="submitted" if status == S.SUBMITTED else "received", actor=actor, on=received_on or today(),
        after={"status": status}, reason=note, basis=basis,
    )
    refresh_due(case)
    return case


@transaction.atomic
def application_submit(*, agency, fields: dict, files=()) -> Application:
    """An online application from the public form: submitted, waiting for staff to confirm it."""
    return _create(
        agency=agency, fields=fields, channel=Application.Channel.ONLINE, status=S.SUBMITTED, received_on=None,
        files=files, actor=None, note=_("申请人通过网上申请平台提交"), basis="",
    )


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
    ensure_year_open(agency, received_on.year)  # a published year is locked
    return _create(
        agency=agency, fields=fields, channel=channel, status=S.RECEIVED, received_on=received_on, files=files,
        actor=actor, note=str(RECEIPT_NOTES.get(channel, "")), basis="第三十一条",
    )


# --- transitions ---------------------------------------------------------------------------


def _lock(case) -> Application:
    return Application.objects.select_for_update().select_related("agency").get(pk=case.pk)


def _check(case, allowed, action_name):
    if case.status not in allowed:
        raise TransitionError(_("申请当前状态为“%(status)s”，不能%(action)s。") % {"status": case.get_status_display(), "action": action_name})


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
        case=case, verb=kind, actor=actor, on=on, before={"status": before}, after={"status": case.status}, reason=note,
        basis=basis,
    )


def _save(case, fields):
    case.full_clean()
    case.save(update_fields=fields)


def letter_issue(*, case, kind, on, event=None, **context) -> Letter:
    """Render a letter from the agency's template, number it and keep its text."""
    year = on.year
    serial = next_serial(agency=case.agency, year=year, kind="letter")
    number = format_number(settings_for(case.agency).letter_prefix, year, serial)
    deadline = case_deadline(case)
    ctx = {
        "case": case, "letter_number": number, "today": on, "outcome_label": outcome_label(case.outcome),
        "due": deadline.date if deadline else None, "provisional": deadline.provisional if deadline else False,
        **context,
    }
    title, body = render_letter(case.agency, kind, ctx)
    return Letter.objects.create(case=case, kind=kind, number=number, title=title, body=body, issued_on=on, event=event)


def _handle(actor, case):
    permissions.require(actor, "application.handle", case.agency)


@transaction.atomic
def case_confirm_receipt(*, case, actor, on: date) -> Application:
    """第三十一条: an online submission counts as received on the day both sides confirm it."""
    case = _lock(case)
    _handle(actor, case)
    _check(case, [S.SUBMITTED], _("确认收到"))
    _check_date(case, on)
    if on < timezone.localtime(case.submitted_at).date():
        raise TransitionError({"on": _("确认收到的日期不能早于申请提交的日期。")})
    before = case.status
    ensure_year_open(case.agency, on.year)  # a published year is locked
    case.status, case.received_on = S.RECEIVED, on
    _save(case, ["status", "received_on"])
    _event(case, actor=actor, kind="received", on=on, before=before, note=str(RECEIPT_NOTES[case.channel]), basis="第三十一条")
    refresh_due(case)
    return case


@transaction.atomic
def case_request_correction(*, case, actor, on: date, limit: date, note: str) -> Application:
    """第三十条: ask the applicant once, within 7 working days of receipt, to correct the application."""
    case = _lock(case)
    _handle(actor, case)
    _check(case, [S.RECEIVED], _("告知补正"))
    _check_date(case, on)
    if case.intervals.filter(kind=K.CORRECTION).exists():
        raise TransitionError(_("第三十条规定补正只能告知一次，本申请已告知过补正。"))
    last_day = core.correction_request_deadline(work_calendar(), case.received_on)
    if on > last_day:
        raise TransitionError({"on": _("应在收到申请之日起 7 个工作日内（%(day)s 前）告知补正。") % {"day": last_day.isoformat()}})
    if limit is None or limit <= on:
        raise TransitionError({"limit": _("补正期限应晚于告知补正的日期。")})
    if not note.strip():
        raise TransitionError({"note": _("请写明需要补正的事项。")})
    before = case.status
    case.status = S.CORRECTION
    _save(case, ["status"])
    ClockInterval.objects.create(case=case, kind=K.CORRECTION, start=on, limit=limit, basis="第三十条")
    event = _event(case, actor=actor, kind="correction_requested", on=on, before=before, note=note, basis="第三十条")
    letter_issue(case=case, kind=LetterKind.CORRECTION, on=on, event=event, note=note, limit=limit)
    refresh_due(case)
    return case


def _open_interval(case, kinds):
    return case.intervals.filter(kind__in=kinds, end__isnull=True).order_by("-start").first()


@transaction.atomic
def case_correction_received(*, case, actor, on: date, note: str = "") -> Application:
    """The corrected application arrived: the 20 working days start again from this day."""
    case = _lock(case)
    _handle(actor, case)
    _check(case, [S.CORRECTION], _("登记收到补正"))
    _check_date(case, on)
    interval = _open_interval(case, [K.CORRECTION])
    interval.end = on
    interval.save(update_fields=["end"])
    before = case.status
    case.status = S.RECEIVED
    _save(case, ["status"])
    _event(case, actor=actor, kind="correction_received", on=on, before=before, note=note, basis="第三十条")
    refresh_due(case)
    return case


def _decide(case, *, actor, on, outcome, reason, kind, before, basis, note=""):
    ensure_year_open(case.agency, on.year)  # a published year is locked
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
    _handle(actor, case)
    _check(case, [S.CORRECTION], _("按逾期未补正处理"))
    _check_date(case, on)
    interval = _open_interval(case, [K.CORRECTION])
    if interval.limit and on <= interval.limit:
        raise TransitionError({"on": _("补正期限（%(day)s）尚未届满。") % {"day": interval.limit.isoformat()}})
    return _decide(
        case, actor=actor, on=on, outcome=ABANDONED, reason=_("申请人无正当理由逾期不补正，视为放弃申请。"),
        kind="abandoned", before=S.CORRECTION, basis="第三十条",
    )


@transaction.atomic
def case_consult(*, case, actor, on: date, kind: str, party: str, note: str = "") -> Application:
    """第三十二条 (third party) / 第三十四条 (another agency): the clock stops while they answer."""
    case = _lock(case)
    _handle(actor, case)
    _check(case, [S.RECEIVED], _("征求意见"))
    _check_date(case, on)
    if kind not in (K.THIRD_PARTY, K.OTHER_AGENCY):
        raise TransitionError({"kind": _("请选择征求第三方意见或征求其他机关意见。")})
    if not party.strip():
        raise TransitionError({"party": _("请填写征求意见的对象。")})
    basis = "第三十二条" if kind == K.THIRD_PARTY else "第三十四条"
    before = case.status
    case.status = S.CONSULTING
    _save(case, ["status"])
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
    _handle(actor, case)
    _check(case, [S.CONSULTING], _("登记征求意见结果"))
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


@transaction.atomic
def case_extend(*, case, actor, on: date, days: int, note: str) -> Application:
    """第三十三条第二款: extend by at most 20 working days with the OGI head's consent; the
    applicant is told by letter."""
    case = _lock(case)
    permissions.require(actor, "application.extend", case.agency)
    _check(case, [S.RECEIVED, S.CONSULTING], _("延期答复"))
    _check_date(case, on)
    if case.extension_days:
        raise TransitionError(_("本申请已经延期一次，延长期限最长为 20 个工作日。"))
    if not 1 <= (days or 0) <= core.MAX_EXTENSION_DAYS:
        raise TransitionError({"days": _("延长期限应为 1 至 20 个工作日。")})
    if case.due_date and on > case.due_date:
        raise TransitionError({"on": _("答复期限（%(day)s）已过，不能再延期。") % {"day": case.due_date.isoformat()}})
    if not note.strip():
        raise TransitionError({"note": _("请写明延期的理由。")})
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
    _handle(actor, case)
    _check(case, [S.RECEIVED], _("要求说明理由"))
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
    _handle(actor, case)
    _check(case, [S.REASONS], _("认定申请理由"))
    _check_date(case, on)
    before = case.status
    if not reasonable:
        return _decide(
            case, actor=actor, on=on, outcome=UNREASONABLE, reason=note or _("申请人未能说明正当理由。"),
            kind="decided", before=before, basis="第三十五条",
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
        agency=case.agency, applicant_key=case.applicant_key, received_on__year=month.year,
        received_on__month=month.month,
    ).exclude(pk=case.pk)
    return earlier.filter(received_on__lt=month).count() + earlier.filter(received_on=month, serial__lt=case.serial).count() + 1


@transaction.atomic
def case_fee_notice(*, case, actor, on: date, method: str, pages: int | None = None) -> Application:
    """第四十二条: an information processing fee, one method per application; the clock stops
    until it is paid (20 working days to pay)."""
    case = _lock(case)
    _handle(actor, case)
    _check(case, [S.RECEIVED], _("发出收费通知"))
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
    _save(case, ["status", "fee_method", "fee_pages", "fee_amount"])
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
    _handle(actor, case)
    _check(case, [S.FEE], _("登记缴费"))
    _check_date(case, on)
    interval = _open_interval(case, [K.FEE])
    interval.end = on
    interval.save(update_fields=["end"])
    before = case.status
    case.status, case.fee_paid_on = S.RECEIVED, on
    _save(case, ["status", "fee_paid_on"])
    _event(case, actor=actor, kind="fee_paid", on=on, before=before, note=_("缴纳信息处理费 %(amount)s 元") % {"amount": case.fee_amount}, basis="第四十二条")
    refresh_due(case)
    return case


@transaction.atomic
def case_fee_lapsed(*, case, actor, on: date) -> Application:
    """Not paid within the deadline: the application is not processed further (（六）2)."""
    case = _lock(case)
    _handle(actor, case)
    _check(case, [S.FEE], _("按逾期未缴费处理"))
    _check_date(case, on)
    interval = _open_interval(case, [K.FEE])
    if interval.limit and on <= interval.limit:
        raise TransitionError({"on": _("缴费期限（%(day)s）尚未届满。") % {"day": interval.limit.isoformat()}})
    return _decide(
        case, actor=actor, on=on, outcome=FEE_LAPSED, reason=_("申请人逾期未按收费通知要求缴纳费用。"),
        kind="fee_lapsed", before=S.FEE, basis="第四十二条",
    )


# Outcomes with a path of their own: the abandonment and fee rules check their deadlines, and
# 第三十五条 asks for reasons first.
SPECIAL_OUTCOMES = {
    ABANDONED: gettext_lazy("逾期未补正"), FEE_LAPSED: gettext_lazy("逾期未缴费"), UNREASONABLE: gettext_lazy("要求说明理由"),
}


@transaction.atomic
def case_decide(*, case, actor, on: date, outcome: str, reason: str) -> Application:
    """The answer (第三十六条): exactly one leaf row of the national table, with its reasons."""
    case = _lock(case)
    _handle(actor, case)
    _check(case, [S.RECEIVED], _("作出答复"))
    _check_date(case, on)
    if outcome not in OUTCOME_CODES:
        raise TransitionError({"outcome": _("请选择一种办理结果。")})
    if outcome in SPECIAL_OUTCOMES:
        raise TransitionError({"outcome": _("该结果请通过“%(path)s”办理。") % {"path": SPECIAL_OUTCOMES[outcome]}})
    if outcome != "granted" and not reason.strip():
        raise TransitionError({"reason": _("请写明理由及依据。")})
    basis = "第三十七条" if outcome == "partial" else "第三十六条"
    return _decide(case, actor=actor, on=on, outcome=outcome, reason=reason, kind="decided", before=S.RECEIVED, basis=basis)


@transaction.atomic
def case_serve(*, case, actor, on: date, method: str) -> Application:
    """送达: how and when the answer reached the applicant (the remedy periods run from it)."""
    case = _lock(case)
    _handle(actor, case)
    _check(case, [S.DECIDED], _("登记送达"))
    _check_date(case, on)
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
    _handle(actor, case)
    _check(case, [S.SERVED], _("办结"))
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
    if not (permissions.can(actor, "application.handle", case.agency) or permissions.can(actor, "appeal.edit", case.agency)):
        permissions.require(actor, "application.handle", case.agency)
    _check(case, [S.DECIDED, S.SERVED, S.CLOSED], _("重新办理"))
    on = on or today()
    _check_date(case, on)
    if not reason.strip() or not basis.strip():
        raise TransitionError(_("请写明重新办理的原因和依据（如复议决定书文号）。"))
    before = case.status
    note = _("%(reason)s（原结果：%(outcome)s）") % {"reason": reason, "outcome": outcome_label(case.outcome)}
    case.status, case.outcome, case.outcome_reason = S.RECEIVED, "", ""
    case.decided_on = case.served_on = case.closed_on = None
    case.served_method = ""
    case.extension_days, case.later_deadline = 0, None
    _save(case, ["status", "outcome", "outcome_reason", "decided_on", "served_on", "closed_on", "served_method",
                 "extension_days", "later_deadline"])
    ClockInterval.objects.create(case=case, kind=K.REOPEN, start=on, end=on, basis=basis)
    _event(case, actor=actor, kind="reopened", on=on, before=before, note=note, basis=basis)
    refresh_due(case)
    return case


# --- personal data ------------------------------------------------------------------------


@transaction.atomic
def application_personal_data_view(*, case, actor, what) -> CaseEvent:
    """Record that `actor` saw `what` of the applicant's personal data unmasked (the full ID
    and phone number, or an attachment): every such view leaves an event on the case."""
    permissions.require(actor, "application.personal_data", case.agency)
    return _event(case, actor=actor, kind="personal_data_viewed", on=today(), before=case.status, note=what)
