"""A citizen account's code is never kept in clear: the account holds its keyed hash, the outbox
holds it encrypted and apart from the message text until it is sent, and forgets it once it was
sent, failed for good or expired. Staff reading the outbox see the mark ******; the citizen still
receives the code."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import citizens
from gongkai.applications.models import Citizen, Notice
from gongkai.applications.outbox import outbox_send

from .inbox import SMS, code_sent_to, deliver, received

pytestmark = pytest.mark.django_db
PASSWORD = "Gaoshawo-2026"
CODE = "482913"


@pytest.fixture
def known_code(monkeypatch):
    """The next codes drawn are 482913, so the test can look for it where it must not be."""
    monkeypatch.setattr(citizens.secrets, "randbelow", lambda n: int(CODE))


def stored(notice):
    """The notice's columns as a database dump shows them."""
    table = Notice._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body, secret, subject FROM {table} WHERE id = %s", [notice.pk])
        return " ".join(str(v) for v in cursor.fetchone())


def admin_pages(people, notice):
    """What an administrator reads of the outbox: its list and the notice's own page."""
    staff = Client()
    staff.force_login(people["admin"])
    pages = [
        staff.get(reverse("admin:applications_notice_changelist")),
        staff.get(reverse("admin:applications_notice_change", args=[notice.pk])),
    ]
    assert all(p.status_code == 200 for p in pages)
    return "".join(p.content.decode() for p in pages)


def test_staff_see_the_code_masked_and_the_citizen_receives_it(client, people, known_code):
    client.post(reverse("account-register"), {"login": "13912345678", "password": PASSWORD, "password2": PASSWORD})
    notice = Notice.objects.get(kind="account_code")
    assert notice.state == "pending"
    citizen = Citizen.objects.get()
    assert CODE not in citizen.code_hash and CODE not in stored(notice)  # a dump shows neither
    assert "验证码 ******" in notice.body
    staff_view = admin_pages(people, notice)
    assert "验证码 ******" in staff_view and CODE not in staff_view
    assert "139****5678" in staff_view and "13912345678" not in staff_view

    assert code_sent_to("13912345678") == CODE  # by SMS, the code in place of the mark
    assert SMS == [
        ("13912345678", "您正在注册政府信息公开平台账号，验证码 482913，15 分钟内有效。如非本人操作，请忽略。")
    ]
    notice.refresh_from_db()
    assert notice.state == "sent" and notice.secret is None and CODE not in stored(notice)
    assert CODE not in admin_pages(people, notice)
    r = client.post(reverse("account-verify"), {"code": CODE})
    assert r.status_code == 302 and r["Location"] == reverse("account")


def test_a_mailed_code_reaches_the_mailbox_and_not_the_database(client, people, known_code):
    client.post(
        reverse("account-register"), {"login": "lihua@example.org", "password": PASSWORD, "password2": PASSWORD}
    )
    [text] = received("lihua@example.org")
    assert CODE in text
    notice = Notice.objects.get(kind="account_code")
    assert notice.state == "sent" and CODE not in stored(notice) and CODE not in admin_pages(people, notice)


def test_a_code_not_delivered_in_time_is_forgotten_and_the_citizen_told(client, clock, settings, known_code):
    settings.SMS_BACKEND = "gongkai.applications.sms.AliyunBackend"
    settings.SMS_ALIYUN_ENDPOINT = "127.0.0.1:9"  # nothing listens: the provider cannot be reached
    client.post(reverse("account-register"), {"login": "13912345678", "password": PASSWORD, "password2": PASSWORD})
    outbox_send()
    notice = Notice.objects.get(kind="account_code")
    assert notice.state == "pending" and notice.attempts == 1 and notice.secret == CODE  # to be retried
    clock.move_to(clock.now() + timedelta(minutes=16))
    outbox_send()
    notice.refresh_from_db()
    assert notice.state == "failed" and notice.secret is None and CODE not in stored(notice)
    assert notice.attempts == 1  # not sent late: the code had expired
    page = client.get(reverse("account-verify")).content.decode()
    assert "验证码未能在有效期内发出" in page and "重新获取验证码" in page


def test_a_code_failing_for_good_is_forgotten(settings, known_code):
    settings.SMS_BACKEND = "gongkai.applications.sms.AliyunBackend"
    settings.SMS_ALIYUN_ENDPOINT = "127.0.0.1:9"
    citizens.citizen_register(login="13912345678", password=PASSWORD)
    notice = Notice.objects.get(kind="account_code")
    Notice.objects.filter(pk=notice.pk).update(attempts=4)  # the last try left
    outbox_send()
    notice.refresh_from_db()
    assert notice.state == "failed" and notice.secret is None


def test_codes_written_in_clear_before_are_hidden_by_the_migration():
    """Notices queued before codes were kept apart carry the code in their text."""
    text = "您正在注册政府信息公开平台账号，验证码 {}，15 分钟内有效。如非本人操作，请忽略。"

    def queued(to, code, state):
        return Notice.objects.create(
            channel="sms",
            kind="account_code",
            to=to,
            subject="账号验证码",
            body=text.format(code),
            state=state,
            next_attempt_at=timezone.now(),
        )

    waiting, sent = queued("13912345678", "135790", "pending"), queued("13912345679", "246802", "sent")
    importlib.import_module("gongkai.applications.migrations.0009_notice_secret").hide_codes(apps, None)
    waiting.refresh_from_db()
    sent.refresh_from_db()
    assert waiting.body == text.format("******") and waiting.secret == "135790"
    assert sent.body == text.format("******") and sent.secret is None
    assert "135790" not in stored(waiting)
    deliver()
    assert SMS == [("13912345678", text.format("135790"))]


def test_the_provider_gets_the_code_in_its_code_template(settings, known_code):
    """Alibaba Cloud's SDK against the local stand-in: the code travels as the ${code} variable of
    the verification template, and the outbox keeps it no longer."""
    import json

    from .aliyun_fake import FakeAliyunSMS
    from .test_outbox import aliyun

    with FakeAliyunSMS("LTAI-test", "test-secret") as fake:
        aliyun(settings, fake)
        settings.SMS_ALIYUN_CODE_TEMPLATE_CODE = "SMS_111111"
        citizens.citizen_register(login="13912345678", password=PASSWORD)
        outbox_send()
    [sent] = fake.received
    assert sent["TemplateCode"] == "SMS_111111" and json.loads(sent["TemplateParam"]) == {"code": CODE}
    notice = Notice.objects.get(kind="account_code")
    assert notice.state == "sent" and notice.secret is None and CODE not in stored(notice)


def test_a_provider_error_that_echoes_the_code_is_kept_without_it(settings, known_code):
    """A refusal that quotes the request (number and template variables) is stored masked."""
    from .aliyun_fake import FakeAliyunSMS
    from .test_outbox import aliyun

    refusal = ("isv.BUSINESS_LIMIT_CONTROL", f'触发流控 PhoneNumbers=13912345678 TemplateParam={{"code":"{CODE}"}}')
    with FakeAliyunSMS("LTAI-test", "test-secret", refuse=refusal) as fake:
        aliyun(settings, fake)
        citizens.citizen_register(login="13912345678", password=PASSWORD)
        outbox_send()
    notice = Notice.objects.get(kind="account_code")
    assert "isv.BUSINESS_LIMIT_CONTROL" in notice.last_error and "139****5678" in notice.last_error
    assert CODE not in notice.last_error and "******" in notice.last_error
