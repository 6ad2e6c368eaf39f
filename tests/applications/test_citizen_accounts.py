"""Citizen accounts: a citizen registers with a mobile number or an e-mail address, proves it with
the code the outbox sends, and sees all of their applications: those filed while signed in and
older ones claimed with their query code; never another citizen's."""

import difflib
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.models import Application, Citizen, Notice
from gongkai.applications.outbox import outbox_send, sms_params
from tests.worker import run_worker

from .conftest import applicant
from .inbox import CODE, code_sent_to, received

pytestmark = pytest.mark.django_db
PASSWORD = "Gaoshawo-2026"


def post_register(client, login, password=PASSWORD):
    return client.post(reverse("account-register"), {"login": login, "password": password, "password2": password})


def signed_up(client, login):
    assert post_register(client, login).status_code == 302
    r = client.post(reverse("account-verify"), {"code": code_sent_to(login)})
    assert r.status_code == 302 and r["Location"] == reverse("account")
    return Citizen.objects.get(login=login)


def test_ma_registers_with_his_mobile_proves_it_and_sees_his_applications(client, register, gaoshawo, clock):
    r = post_register(client, "139 1234 5678")
    assert r.status_code == 302 and r["Location"] == reverse("account-verify")
    notice = Notice.objects.get(kind="account_code")
    assert notice.channel == "sms" and notice.to == "13912345678"
    assert sms_params(notice) == {"code": code_sent_to("13912345678")}  # the provider's code template
    page = client.get(reverse("account-verify")).content.decode()
    assert "139****5678" in page and "13912345678" not in page

    wrong = "000000" if code_sent_to("13912345678") != "000000" else "111111"
    r = client.post(reverse("account-verify"), {"code": wrong})
    assert r.status_code == 400 and "验证码不正确" in r.content.decode()
    assert client.get(reverse("account")).status_code == 302  # not signed in yet
    client.post(reverse("account-verify"), {"code": code_sent_to("13912345678")})
    assert "账号中还没有申请" in client.get(reverse("account")).content.decode()

    # filed while signed in: listed at once
    client.post(f"/apply/{gaoshawo.slug}/", {k: v for k, v in applicant(info_name="2026年低保名单").items() if v})
    online = Application.objects.get(info_name="2026年低保名单")
    # filed on paper last month: claimed with its query code
    paper = register(info_name="2025年危房改造名单", received_on=clock.days_ago(30))
    r = client.post(reverse("account-claim"), {"code": paper.query_code.lower()})
    assert r.status_code == 302
    home = client.get(reverse("account")).content.decode()
    assert online.number in home and paper.number in home and "2025年危房改造名单" in home
    # the list opens each application's own page, without typing its code again
    assert client.get(reverse("apply-case", args=[paper.pk])).status_code == 200


def test_another_citizen_never_sees_nor_claims_mas_application(client, register, clock):
    signed_up(client, "13912345678")
    case = register(received_on=clock.days_ago(30))
    client.post(reverse("account-claim"), {"code": case.query_code})
    other = Client()
    signed_up(other, "lihua@example.org")
    assert case.number not in other.get(reverse("account")).content.decode()
    assert other.get(reverse("apply-case", args=[case.pk])).status_code == 404
    r = other.post(reverse("account-claim"), {"code": case.query_code})
    assert r.status_code == 400 and "该申请已关联到另一个账号" in r.content.decode()
    assert Application.objects.get(pk=case.pk).citizen.login == "13912345678"
    r = other.post(reverse("account-claim"), {"code": "ABCDEFGHJKLM"})
    assert r.status_code == 400 and "没有找到与该查询码对应的申请" in r.content.decode()


def test_an_email_account_gets_its_code_by_mail_and_signs_in_later(client):
    post_register(client, "LiHua@Example.org")
    run_worker()  # the task queue's worker sends the code
    [message] = mail.outbox
    assert message.to == ["lihua@example.org"] and code_sent_to("lihua@example.org") in message.body
    client.post(reverse("account-verify"), {"code": code_sent_to("lihua@example.org")})
    client.post(reverse("account-logout"))
    assert client.get(reverse("account")).status_code == 302
    r = client.post(reverse("account-login"), {"login": "lihua@example.org", "password": "wrong-password-1"})
    assert r.status_code == 400 and "密码不正确" in r.content.decode()
    r = client.post(reverse("account-login"), {"login": "lihua@example.org", "password": PASSWORD})
    assert r.status_code == 302 and client.get(reverse("account")).status_code == 200


def test_bad_input_is_explained_and_writes_nothing(client):
    r = post_register(client, "12345")
    assert r.status_code == 400 and "请填写 11 位手机号码或电子邮箱" in r.content.decode()
    r = post_register(client, "13912345678", password="short1")
    assert r.status_code == 400 and "密码" in r.content.decode()
    r = client.post(reverse("account-register"), {"login": "13912345678", "password": PASSWORD, "password2": "x"})
    assert r.status_code == 400 and "两次输入的密码不一致" in r.content.decode()
    assert not Citizen.objects.exists() and not Notice.objects.exists()
    signed_up(client, "13912345678")
    assert Citizen.objects.count() == 1 and Notice.objects.filter(kind="account_code").count() == 1


def _steps(login):
    """What a stranger sees registering `login`: each answer's status and the page's text (with
    the login's masked form taken out), through a wrong code, resends, too many tries and expiry."""
    # each stranger from an address of its own: the rate limits count per address
    client, seen, start = Client(REMOTE_ADDR=f"203.0.113.{login[-2:]}"), [], timezone.now()

    def see(r):
        page = r.content.decode() if r.status_code != 302 else r["Location"]
        seen.append(
            (r.status_code, re.sub(r"csrfmiddlewaretoken\" value=\"[^\"]+", "", page).replace(mask(login), "*"))
        )

    with time_machine.travel(start, tick=False):  # "try again in N seconds" says the same N
        see(post_register(client, login, password="Stranger-2026-x"))
        see(client.get(reverse("account-verify")))
        for _ in range(6):  # five wrong codes, then a sixth refused as too many
            see(client.post(reverse("account-verify"), {"code": "000000"}))
        see(client.post(reverse("account-resend"), follow=True))  # too soon
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        see(client.post(reverse("account-resend"), follow=True))
        see(client.post(reverse("account-verify"), {"code": "000000"}))
    with time_machine.travel(start + timedelta(minutes=30), tick=False):
        see(client.post(reverse("account-verify"), {"code": "000000"}))
    return seen


def mask(login):
    return Citizen(login=login).masked_login


def test_registering_a_name_that_has_an_account_tells_only_its_owner(client):
    """A stranger cannot learn whether a mobile number has an account by registering it: every
    answer is the one a number without an account gets. The owner is told; nothing changes."""
    owner = signed_up(client, "13912345678")
    codes_before = Notice.objects.filter(kind="account_code").count()

    taken, free = _steps("13912345678"), _steps("13987654321")
    assert [s for s, _page in taken] == [s for s, _page in free] == [302, 200] + [400] * 6 + [200, 200, 400, 400]
    for a, b in zip(taken, free):
        assert a == b, "\n".join(difflib.unified_diff(a[1].splitlines(), b[1].splitlines(), lineterm=""))
    assert "错误次数过多" in taken[7][1] and "验证码刚刚发出" in taken[8][1] and "验证码已过期" in taken[-1][1]

    told = received("13912345678")[-1]
    assert "您已有账号" in told and not CODE.search(told)  # no code goes to the owner
    assert Notice.objects.filter(kind="account_code").count() == codes_before + 2  # the free number's two codes
    owner.refresh_from_db()
    assert owner.verified_at is not None
    r = client.post(reverse("account-login"), {"login": "13912345678", "password": "Stranger-2026-x"})
    assert r.status_code == 400
    r = client.post(reverse("account-login"), {"login": "13912345678", "password": PASSWORD})
    assert r.status_code == 302


def test_a_code_expires_and_too_many_wrong_codes_need_a_new_one(client):
    post_register(client, "13912345678")
    code = code_sent_to("13912345678")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        client.post(reverse("account-verify"), {"code": wrong})
    r = client.post(reverse("account-verify"), {"code": code})
    assert r.status_code == 400 and "错误次数过多，请重新获取" in r.content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        client.post(reverse("account-resend"))
        fresh = code_sent_to("13912345678")
    with time_machine.travel(timezone.now() + timedelta(minutes=20), tick=False):
        r = client.post(reverse("account-verify"), {"code": fresh})
    assert r.status_code == 400 and "验证码已过期" in r.content.decode()
    assert Citizen.objects.get().verified_at is None


def test_registrations_and_failed_sign_ins_are_rate_limited(client, settings):
    settings.PORTAL_RATE_ACCOUNT, settings.PORTAL_RATE_ACCOUNT_LOGIN = (2, 3600), (3, 3600)
    assert post_register(client, "13912345671").status_code == 302
    assert post_register(client, "13912345672").status_code == 302
    r = post_register(client, "13912345673")
    assert r.status_code == 429 and "操作过于频繁" in r.content.decode()
    for _ in range(3):
        client.post(reverse("account-login"), {"login": "13912345671", "password": "Wrong-password-9"})
    r = client.post(reverse("account-login"), {"login": "13912345671", "password": PASSWORD})
    assert r.status_code == 429


def test_an_sms_code_that_cannot_be_sent_is_said_on_the_page(client, settings):
    settings.SMS_BACKEND = "gongkai.applications.sms.AliyunBackend"
    settings.SMS_ALIYUN_ENDPOINT = "127.0.0.1:9"  # nothing listens: the provider cannot be reached
    post_register(client, "13912345678")
    outbox_send()
    assert "验证码暂未能发送成功" in client.get(reverse("account-verify")).content.decode()
