"""The outbox against a real SMTP server (aiosmtpd on loopback) and a real refused connection:
a notice is marked sent only after the server accepted it, a failure is retried with back-off
and shown in 我的待办, and nothing is dropped."""

import email
import json
import socket
from datetime import date as D
from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.todo import todo_for
from gongkai.applications import services as s
from gongkai.applications.models import Application, Notice, Reminder
from gongkai.applications.outbox import MAX_ATTEMPTS, notice_retry, outbox_send
from gongkai.applications.reminders import send_reminders
from tests.worker import run_worker

from .conftest import applicant

# Cases received on 28 September 2026 (the register fixture), told on 1 December 2026.
pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-01")]


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """The mail settings point at a loopback port where nothing listens yet; `smtp.start()` opens
    a real SMTP server there."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = False

    class Server:
        sink = Sink()
        controller = None

        def start(self):
            self.controller = Controller(self.sink, hostname="127.0.0.1", port=port)
            self.controller.start()

    server = Server()
    yield server
    if server.controller:
        server.controller.stop()


@pytest.fixture(autouse=True)
def october():
    with time_machine.travel(D(2026, 10, 9), tick=False):
        yield


def todo_text(user):
    return "\n".join(f"{section.title}|{e.title}|{e.note}" for section in todo_for(user) for e in section.entries)


def test_a_letter_mailed_while_the_server_is_down_is_retried_and_then_accepted(smtp, register, people):
    case = register()
    s.case_request_correction(
        case=case, actor=people["alice"], on=D(2026, 10, 9), limit=D(2026, 10, 23), note="请写明村名"
    )
    sent, failed = outbox_send()
    # The SMS (console backend) goes; both e-mails (receipt, 补正 letter) are refused.
    assert (sent, failed) == (2, 2)
    waiting = Notice.objects.filter(channel="email")
    assert {n.state for n in waiting} == {"pending"} and {n.attempts for n in waiting} == {1}
    assert all("Connection refused" in n.last_error or "Errno" in n.last_error for n in waiting)
    assert "未能发送的通知" in todo_text(people["alice"])
    # Not again before the back-off (5 minutes) is over.
    assert outbox_send() == (0, 0)
    smtp.start()
    assert outbox_send(now=timezone.now() + timedelta(minutes=6)) == (2, 0)
    assert {n.state for n in Notice.objects.all()} == {"sent"}
    assert "未能发送的通知" not in todo_text(people["alice"])
    letter_mail = next(
        m
        for m in smtp.sink.messages
        if "补正" in str(email.header.make_header(email.header.decode_header(m["Subject"])))
    )
    parts = [p for p in letter_mail.walk() if p.get_content_type() == "application/pdf"]
    assert len(parts) == 1 and parts[0].get_payload(decode=True).startswith(b"%PDF")
    assert letter_mail["To"] == "ma@example.org"


def test_after_the_last_attempt_a_notice_stays_failed_until_sent_again(smtp, register, people):
    case = register(phone="0953-6088001")  # a fixed line: no SMS
    now = timezone.now()
    for attempt in range(MAX_ATTEMPTS):
        outbox_send(now=now + timedelta(days=attempt))
    notice = Notice.objects.get(case=case)
    assert notice.state == "failed" and notice.attempts == MAX_ATTEMPTS
    assert outbox_send(now=now + timedelta(days=30)) == (0, 0)
    assert "发送失败" in todo_text(people["alice"])
    smtp.start()
    notice_retry(notice=notice, actor=people["alice"])
    assert outbox_send() == (1, 0)
    notice.refresh_from_db()
    assert notice.state == "sent" and notice.sent_at is not None and len(smtp.sink.messages) == 1


def test_reminders_to_an_office_without_any_address_are_kept_and_shown(smtp, register, people, gaoshawo):
    smtp.start()
    register()
    for name in ("alice", "grace"):
        people[name].email = ""
        people[name].save()
    gaoshawo.ogi_email = ""
    gaoshawo.save()
    with time_machine.travel(D(2026, 10, 27), tick=False):
        queued, _sent, _failed = send_reminders()
    assert queued == 1 and Reminder.objects.count() == 1
    notice = Notice.objects.get(reminder__isnull=False)
    assert notice.state == "failed" and notice.last_error == "no-address"
    assert "即将到期" in todo_text(people["alice"]) and "没有收件地址" in todo_text(people["alice"])
    with pytest.raises(ValueError, match="仍然没有收件地址"):
        notice_retry(notice=notice, actor=people["alice"])
    gaoshawo.ogi_email = "dangzhengban@example.org"
    gaoshawo.save()
    notice_retry(notice=notice, actor=people["alice"])
    outbox_send()
    notice.refresh_from_db()
    assert notice.state == "sent"
    assert any(m["To"] == "dangzhengban@example.org" for m in smtp.sink.messages)


def test_a_reminder_while_the_mail_server_is_down_is_not_marked_sent(smtp, register, people):
    case = register()
    with time_machine.travel(D(2026, 10, 27), tick=False):
        queued, sent, failed = send_reminders()
        assert queued == 1 and failed >= 1
        reminder = Notice.objects.get(reminder__isnull=False)
        assert reminder.state == "pending" and reminder.sent_at is None and reminder.attempts == 1
        # A second run the same day neither queues it again nor loses it.
        assert send_reminders()[0] == 0
        smtp.start()
        outbox_send(now=timezone.now() + timedelta(minutes=6))
    reminder.refresh_from_db()
    assert reminder.state == "sent" and Reminder.objects.filter(case=case).count() == 1


def aliyun(settings, fake):
    settings.SMS_BACKEND = "gongkai.applications.sms.AliyunBackend"
    settings.SMS_ALIYUN_ACCESS_KEY_ID, settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "LTAI-test", "test-secret"
    settings.SMS_ALIYUN_ENDPOINT, settings.SMS_ALIYUN_PROTOCOL = fake.endpoint, "http"
    settings.SMS_ALIYUN_SIGN_NAME, settings.SMS_ALIYUN_TEMPLATE_CODE = "高沙窝镇", "SMS_000000"


def test_an_sms_goes_out_through_the_provider_and_is_marked_sent(settings, register):
    """Alibaba Cloud's own SDK against a local stand-in that checks the request's signature."""
    from .aliyun_fake import FakeAliyunSMS

    with FakeAliyunSMS("LTAI-test", "test-secret") as fake:
        aliyun(settings, fake)
        case = register()
        outbox_send()
    sms = Notice.objects.get(case=case, channel="sms")
    assert sms.state == "sent" and sms.sent_at is not None and sms.attempts == 1
    [sent] = fake.received
    assert (sent["PhoneNumbers"], sent["SignName"], sent["TemplateCode"]) == ("13912345678", "高沙窝镇", "SMS_000000")
    assert json.loads(sent["TemplateParam"])["number"] == case.number


@pytest.mark.parametrize(
    "secret, refusal, shown",
    [
        ("test-secret", ("isv.BUSINESS_LIMIT_CONTROL", "触发小时级流控Permits:5"), "isv.BUSINESS_LIMIT_CONTROL"),
        ("a-wrong-secret", None, "SignatureDoesNotMatch"),
    ],
)
def test_an_sms_the_provider_refuses_is_kept_with_its_reason_and_retried(
    settings, register, people, secret, refusal, shown
):
    from .aliyun_fake import FakeAliyunSMS

    with FakeAliyunSMS("LTAI-test", "test-secret", refuse=refusal) as fake:
        aliyun(settings, fake)
        settings.SMS_ALIYUN_ACCESS_KEY_SECRET = secret
        case = register()
        outbox_send()
    sms = Notice.objects.get(case=case, channel="sms")
    assert sms.state == "pending" and sms.sent_at is None and sms.attempts == 1 and shown in sms.last_error
    assert "未能发送的通知" in todo_text(people["alice"])


def test_an_sms_the_provider_cannot_take_is_retried(settings, register, people):
    """Alibaba Cloud's own SDK, pointed at a loopback port where nothing listens (the optional
    dependency gongkai[sms]; skipped where it is not installed)."""
    pytest.importorskip("alibabacloud_dysmsapi20170525")
    settings.SMS_BACKEND = "gongkai.applications.sms.AliyunBackend"
    settings.SMS_ALIYUN_ACCESS_KEY_ID, settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "test-id", "test-secret"
    settings.SMS_ALIYUN_ENDPOINT = f"127.0.0.1:{free_port()}"
    settings.SMS_ALIYUN_SIGN_NAME, settings.SMS_ALIYUN_TEMPLATE_CODE = "高沙窝镇", "SMS_000000"
    case = register()
    outbox_send()
    sms = Notice.objects.get(case=case, channel="sms")
    assert sms.state == "pending" and sms.attempts == 1 and sms.sent_at is None and sms.last_error
    assert "13912345678" not in sms.last_error  # the provider's error echoes the number: masked
    assert "未能发送的通知" in todo_text(people["alice"])


# --- the task queue's worker sends ------------------------------------------------------------


def jobs():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path="gongkai.applications.outbox.send_due")


def test_the_public_form_leaves_its_notices_to_the_worker(client, gaoshawo, smtp):
    """The answer to the applicant does not wait for the mail server: the application, its two
    notices and the worker's job are written together; the worker sends and records them."""
    smtp.start()
    r = client.post(reverse("apply", args=["gaoshawo"]), applicant())
    assert r.status_code == 302
    case = Application.objects.get()
    assert smtp.sink.messages == []
    assert {n.state for n in case.notices.all()} == {"pending"} and jobs().count() == 1
    run_worker()
    assert {(n.channel, n.state) for n in case.notices.all()} == {("email", "sent"), ("sms", "sent")}
    [message] = smtp.sink.messages
    assert message["To"] == "ma@example.org" and case.query_code in message.get_payload(decode=True).decode()


def test_a_change_that_rolls_back_leaves_no_notice_and_no_job(register):
    with pytest.raises(RuntimeError), transaction.atomic():
        register()
        assert Notice.objects.exists() and jobs().exists()
        raise RuntimeError("the change fails after its notices were queued")
    assert not Notice.objects.exists() and not jobs().exists()


def test_the_worker_retries_a_refused_mail_after_its_back_off_and_the_clerk_sees_it(smtp, register, people):
    case = register(phone="0953-6088001")  # a fixed line: e-mail only
    run_worker()
    notice = Notice.objects.get(case=case)
    assert (notice.state, notice.attempts) == ("pending", 1)
    assert "未能发送的通知" in todo_text(people["alice"])
    retry = jobs().get(status="READY")
    assert retry.run_after == notice.next_attempt_at == timezone.now() + timedelta(minutes=5)
    smtp.start()
    run_worker()  # not before the back-off is over
    assert smtp.sink.messages == []
    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False):
        run_worker()
    notice.refresh_from_db()
    assert notice.state == "sent" and len(smtp.sink.messages) == 1
    assert "未能发送的通知" not in todo_text(people["alice"])


def test_a_notice_no_worker_takes_up_is_shown_to_the_clerk(register, people):
    register()
    assert "未能发送的通知" not in todo_text(people["alice"])
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        assert "gongkai db_worker" in todo_text(people["alice"])
        run_worker()
        assert "未能发送的通知" not in todo_text(people["alice"])
