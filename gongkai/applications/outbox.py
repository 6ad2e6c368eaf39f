"""The outbox of notices: e-mail and SMS to applicants, reminders to the office.

A notice is written in the transaction of the change it reports, together with a job for the task
queue's worker (django-tasks' database backend, `gongkai db_worker`) that sends it: so no notice
is lost if the process dies after the commit, none is sent for a change that rolled back, and the
request that made the change does not wait for the mail server or the SMS provider. `gongkai
remind` sends whatever is still waiting too. A notice is marked sent only once the mail server or
SMS provider accepted it. A failure is kept with its error and retried with back-off (a deferred
job); a notice that cannot be sent (no address, or still failing after MAX_ATTEMPTS) stays in the
office's 我的待办 until somebody fixes the address and sends it again. Nothing is dropped.

Two runs at once never send one notice twice: a run claims its notices (pending → sending) in one
transaction before sending them.

One job sends everything that is due, not one application's notices: django-tasks writes, claims
and finishes each job in transactions of its own, which cost more than the notices. A notice asks
for a job only when none is waiting (the OutboxWake row, stepped in the transaction that writes the
notice); the job deletes that row before it reads what is due. So a notice committed before the
delete is read by the job, and one written after it finds no row and asks for a new job: no
wake-up is lost. On PostgreSQL the step locks the row until the notice's transaction ends, so the
delete waits for it; SQLite writes one transaction at a time. A row left by a job that died before
it started is noticed by its age, and a new job is asked for.
"""

import logging
import re
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from gongkai import counters
from gongkai.accounts import permissions

from .letters import letter_pdf
from .models import Notice, OutboxWake
from .sms import SMSError, backend
from .validators import MOBILE, mask_phone

log = logging.getLogger("gongkai.outbox")
N = Notice.State

# Minutes to wait before the next attempt, after the 1st, 2nd, … failure.
BACKOFF_MINUTES = (5, 30, 120, 720)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
# A notice claimed by a run that died (killed mid-send) is taken up again after this long; one
# never tried for this long is shown to the office too (is the task queue's worker running?).
LEASE = timedelta(minutes=15)
NO_ADDRESS = "no-address"
MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
# A one-time code is worthless after this long (citizens.CODE_MINUTES): it is not sent any more.
SECRET_MINUTES = 15
EXPIRED = "expired"
WAKE = "outbox"
# Notices claimed and marked sent together; a run that dies mid-chunk sends at most these again.
CHUNK = 50


def _notice(*, channel, kind, to, subject, body, case=None, reminder=None, letter=None, secret="") -> Notice:
    """A new notice for the outbox, not yet saved. Without a recipient it is failed at once, so
    that the office sees it. A one-time `secret` (a code) is written in `body` as
    Notice.SECRET_MARK and kept apart, encrypted, until sent."""
    if secret and Notice.SECRET_MARK not in body:
        raise ValueError("the body must show where the secret goes (Notice.SECRET_MARK)")
    to = [t for t in to if t]
    return Notice(
        case=case,
        reminder=reminder,
        letter=letter,
        channel=channel,
        kind=kind,
        to="\n".join(to),
        subject=subject[:200],
        body=body,
        secret=secret if to and secret else None,
        next_attempt_at=timezone.now(),
        state=N.PENDING if to else N.FAILED,
        last_error="" if to else NO_ADDRESS,
    )


def _to_worker(notices, run_after=None) -> None:
    """Ask the worker to send these notices (written in the caller's transaction); a retry after
    its back-off gets a deferred job."""
    if not any(n.state == N.PENDING for n in notices):
        return
    if run_after:
        send_due.using(run_after=run_after).enqueue()
    else:
        _wake()


def _wake() -> None:
    """Enqueue the worker's job unless one is waiting already (see the module's docstring)."""
    # the wake-up and its job stand or fall together (in the caller's transaction, if any)
    with transaction.atomic(savepoint=False):
        now = int(time.time())
        requests, since = counters.step_returning(
            OutboxWake, keys={"name": WAKE}, field="requests", extra={"since": now}, also=["since"]
        )
        if since < now - LEASE.total_seconds():  # its job never started: count from this new one
            OutboxWake.objects.filter(name=WAKE).update(since=now)
        if requests == 1 or since < now - LEASE.total_seconds():
            send_due.enqueue()


def notice_queue(*, channel, kind, to, subject, body, case=None, reminder=None, letter=None, secret="") -> Notice:
    """Put a notice in the outbox (inside the caller's transaction); the worker sends it after the
    commit. Without a recipient it is failed at once, so that the office sees it."""
    notice = _notice(
        channel=channel,
        kind=kind,
        to=to,
        subject=subject,
        body=body,
        case=case,
        reminder=reminder,
        letter=letter,
        secret=secret,
    )
    notice.save()
    _to_worker([notice])
    return notice


@task()
def send_due():
    """The worker's job: send every notice that is due (see the module's docstring)."""
    OutboxWake.objects.filter(name=WAKE).delete()  # committed before anything due is read
    return outbox_send()


@task()
def send_notices(notice_ids):
    """The job of earlier versions, one per change; those still queued at an upgrade send theirs."""
    return outbox_send(only=notice_ids)


def _due(now, only):
    due = Notice.objects.filter(
        Q(state=N.PENDING, next_attempt_at__lte=now) | Q(state=N.SENDING, next_attempt_at__lte=now - LEASE)
    )
    return due if only is None else due.filter(pk__in=only)


def _claim(now, only, size) -> list[Notice]:
    """Take up to `size` due notices for this run (pending → sending), in one transaction; a run
    on another node skips those it holds (PostgreSQL), and SQLite writes one run at a time."""
    with transaction.atomic():
        ids = list(
            _due(now, only)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:size]
        )
        if ids:
            Notice.objects.filter(pk__in=ids).update(state=N.SENDING, next_attempt_at=now)
    if not ids:
        return []
    claimed = Notice.objects.filter(pk__in=ids).select_related("letter__case__agency", "case__agency").in_bulk()
    return [claimed[pk] for pk in ids]


def _text(notice) -> str:
    """The body as the recipient reads it: with the code in place of its mark."""
    if notice.secret:
        return notice.body.replace(Notice.SECRET_MARK, notice.secret)
    return notice.body


class Senders:
    """The mail connection and the SMS backend of one run, opened once for all its notices."""

    def __init__(self):
        self._mail = self._sms = None

    def mail(self):
        if self._mail is None:
            connection = get_connection(fail_silently=False)
            connection.open()  # kept open for the run (SMTP would open and close it per message)
            self._mail = connection
        return self._mail

    def sms(self):
        if self._sms is None:
            self._sms = backend()
        return self._sms

    def reset_mail(self):
        """After a failure the connection may be broken: the next message opens a new one."""
        if self._mail is not None:
            self._mail.close()
            self._mail = None


def _deliver(notice, senders) -> None:
    if notice.channel == Notice.Channel.SMS:
        for number in notice.recipients:
            senders.sms().send(number=number, text=_text(notice), params=sms_params(notice))
        return
    message = EmailMessage(
        notice.subject, _text(notice), settings.DEFAULT_FROM_EMAIL, notice.recipients, connection=senders.mail()
    )
    if notice.letter_id:
        letter = notice.letter
        message.attach(f"{letter.title}-{letter.number}.pdf", letter_pdf(letter), "application/pdf")
    # Raises on a refused connection, a timeout or a rejected recipient: not accepted, not sent.
    message.send(fail_silently=False)


def sms_params(notice) -> dict:
    """The variables of the provider's SMS template: the application number and what happened;
    for an account's verification code (its own template), the code."""
    if notice.secret:
        return {"code": notice.secret}
    return {"number": notice.case.number if notice.case_id else "", "event": notice.subject[:20]}


def _error_text(notice, exc) -> str:
    """The error as it may be kept and shown: providers echo the request in their errors, so the
    mobile number is masked and a code the message carried is replaced by its mark."""
    error = MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group()), f"{type(exc).__name__}: {exc}")
    return error.replace(notice.secret, Notice.SECRET_MARK) if notice.secret else error


def _record_failure(notice, error: str, now) -> None:
    attempts = notice.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        state, next_at = N.FAILED, now
    else:
        state, next_at = N.PENDING, now + timedelta(minutes=BACKOFF_MINUTES[attempts - 1])
    # A code is kept only while it may still be sent: failed for good, it is erased.
    secret = notice.secret if state == N.PENDING else None
    with transaction.atomic():
        Notice.objects.filter(pk=notice.pk).update(
            state=state, attempts=attempts, next_attempt_at=next_at, last_error=error[:1000], secret=secret
        )
        if state == N.PENDING:  # the worker tries again once the back-off is over
            notice.state = state
            _to_worker([notice], run_after=next_at)


def _expire_secrets(now, only=None) -> None:
    """A code not delivered while it was valid is not sent late: the notice fails ("expired")
    and the code is erased. The citizen asks for a new one on the page that waits for it."""
    expired = Notice.objects.filter(
        state__in=[N.PENDING, N.SENDING], created_at__lt=now - timedelta(minutes=SECRET_MINUTES), secret__isnull=False
    )
    if only is not None:
        expired = expired.filter(pk__in=only)
    # looked up first: most runs find none, and a write they need not make would wait for
    # SQLite's write lock
    if expired.exists():
        expired.update(state=N.FAILED, secret=None, last_error=EXPIRED)


def outbox_send(*, now=None, only=None, limit=2000) -> tuple[int, int]:
    """Send the notices that are due, at most `limit` (a job asks for the next job when more are
    due); (sent, failed) of this run."""
    _expire_secrets(now or timezone.now(), only)
    sent = failed = 0
    senders = Senders()
    try:
        while sent + failed < limit:
            moment = now or timezone.now()  # a long run also takes what fell due meanwhile
            chunk = _claim(moment, only, min(CHUNK, limit - sent - failed))
            if not chunk:
                return sent, failed
            done, failures = _send_chunk(chunk, moment, senders)
            sent, failed = sent + done, failed + failures
    finally:
        senders.reset_mail()
    if only is None and _due(now or timezone.now(), None).exists():
        _wake()  # the limit was reached with more due: the next job takes them
    return sent, failed


def _send_chunk(chunk, now, senders) -> tuple[int, int]:
    """Deliver claimed notices; those accepted are marked sent together; (sent, failed)."""
    accepted, failed = [], 0
    for notice in chunk:
        try:
            _deliver(notice, senders)
        except (OSError, SMSError, ValueError) as exc:  # smtplib's errors are OSErrors
            senders.reset_mail()
            error = _error_text(notice, exc)
            log.warning("notice %s not sent: %s", notice.pk, error)
            _record_failure(notice, error, now)
            failed += 1
        else:
            accepted.append(notice.pk)
    if accepted:
        Notice.objects.filter(pk__in=accepted).update(
            state=N.SENT, attempts=F("attempts") + 1, sent_at=timezone.now(), last_error="", secret=None
        )
    return len(accepted), failed


def _recipients_now(notice) -> list[str]:
    """A reminder goes to whoever handles applications now (an address may have been added)."""
    if notice.reminder_id:
        # imported here: reminders imports this module
        from .reminders import recipients

        return recipients(notice.case.agency)
    return notice.recipients


@transaction.atomic
def notice_retry(*, notice, actor) -> Notice:
    """Staff send a failed notice again (after fixing the address): back in the queue at once."""
    notice = Notice.objects.select_for_update(of=("self",)).select_related("case__agency").get(pk=notice.pk)
    permissions.require(actor, "application.handle", notice.case.agency)
    if notice.state == N.SENT:
        raise ValueError(_("该通知已发送。"))
    to = _recipients_now(notice)
    if not to:
        raise ValueError(_("仍然没有收件地址：请先为政府信息公开工作人员填写电子邮箱，或核对申请人的联系方式。"))
    notice.to, notice.state, notice.next_attempt_at, notice.attempts = "\n".join(to), N.PENDING, timezone.now(), 0
    notice.save(update_fields=["to", "state", "next_attempt_at", "attempts"])
    _to_worker([notice])
    return notice


def problem_notices(agency_ids):
    """Notices of these agencies that did not go out: failed, waiting after a failure, or never
    tried long after they were due (no worker is sending)."""
    stuck = Q(state=N.PENDING, attempts=0, next_attempt_at__lt=timezone.now() - LEASE)
    return (
        Notice.objects.filter(case__agency_id__in=agency_ids)
        .filter(Q(state=N.FAILED) | Q(state=N.PENDING, attempts__gt=0) | stuck)
        .select_related("case__agency")
        .order_by("created_at")
    )


def failure_text(notice) -> str:
    if notice.last_error == NO_ADDRESS:
        return _("没有收件地址")
    if notice.last_error == EXPIRED:
        return _("验证码已过期，未再发送")
    if notice.state == N.PENDING and not notice.attempts:
        return _("超过 15 分钟仍未发送：请确认任务队列的工作进程（gongkai db_worker）正在运行")
    return notice.last_error


# --- what the applicant is told ---------------------------------------------------------------


def notify_applicant(*, case, kind, what, body, letter=None) -> list[Notice]:
    """E-mail (with the letter attached) and SMS to the applicant, as far as they gave an address
    or a mobile number; an online applicant who gave neither is told on their page only.
    `what` is the short name of what happened (the SMS says only that)."""
    notices = []
    subject = _("%(what)s（%(number)s）") % {"what": what, "number": case.number}
    if case.email:
        notices.append(
            _notice(
                channel=Notice.Channel.EMAIL,
                kind=kind,
                to=[case.email],
                subject=subject,
                body=body,
                case=case,
                letter=letter,
            )
        )
    if MOBILE.fullmatch(case.phone or ""):
        text = _("【%(agency)s】您的政府信息公开申请（%(number)s）：%(what)s。详情请凭查询码在申请人页面查看。") % {
            "agency": case.agency.short_name or case.agency.name,
            "number": case.number,
            "what": what,
        }
        notices.append(
            _notice(channel=Notice.Channel.SMS, kind=kind, to=[case.phone], subject=what, body=text, case=case)
        )
    notices = Notice.objects.bulk_create(notices)  # one statement for both
    _to_worker(notices)
    return notices
