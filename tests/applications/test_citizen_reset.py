"""A citizen who forgot their password resets it with a code sent to the account's own mobile
number or e-mail address: the same answer whether the account exists or not, 15 minutes and 5
tries per code, asking rate-limited per address and per account name, Django's password rules,
every older session ended, an audit event and a notice that the password was changed."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import Citizen, Notice
from gongkai.audit.models import RecordEvent

from .inbox import code_sent_to, received
from .test_citizen_accounts import PASSWORD, signed_up

pytestmark = pytest.mark.django_db
NEW = "Changliudun-2027"


def ask_code(client, login):
    return client.post(reverse("account-reset"), {"login": login})


def set_password(client, login, code, password=NEW):
    data = {"login": login, "code": code, "password": password, "password2": password}
    return client.post(reverse("account-reset-confirm"), data)


def sign_in(client, login, password):
    return client.post(reverse("account-login"), {"login": login, "password": password})


def later(clock):
    """Past the minute that must pass between two codes to one account."""
    clock.move_to(clock.now() + timedelta(minutes=2))


def test_ma_resets_his_password_and_his_other_sessions_end(client, register, clock):
    signed_up(client, "13912345678")
    later(clock)
    case = register(received_on=clock.days_ago(30))
    client.post(reverse("account-claim"), {"code": case.query_code})
    phone = Client()  # signed in on his phone too
    assert sign_in(phone, "13912345678", PASSWORD).status_code == 302
    assert phone.get(reverse("apply-case", args=[case.pk])).status_code == 200

    browser = Client()
    login_page = browser.get(reverse("account-login")).content.decode()
    assert reverse("account-reset") in login_page and "忘记密码" in login_page
    r = ask_code(browser, "139 1234 5678")
    assert r.status_code == 302 and r["Location"] == reverse("account-reset-confirm")
    page = browser.get(reverse("account-reset-confirm")).content.decode()
    assert "如果该手机号码或电子邮箱已注册账号，重设密码的验证码已经发出" in page
    assert 'value="13912345678"' in page  # the name is filled in
    code = code_sent_to("13912345678")
    assert "重设" in received("13912345678")[-1]

    wrong = f"{(int(code) + 1) % 10**6:06d}"
    r = set_password(browser, "13912345678", wrong)
    assert r.status_code == 400 and "验证码不正确或已失效" in r.content.decode()
    r = set_password(browser, "13912345678", code)
    assert r.status_code == 302 and r["Location"] == reverse("account-login")
    assert "密码已重新设置，请用新密码登录" in browser.get(reverse("account-login")).content.decode()

    # every session signed in with the old password has ended, this one too
    assert phone.get(reverse("account")).status_code == 302
    assert phone.get(reverse("apply-case", args=[case.pk])).status_code == 404
    assert client.get(reverse("account")).status_code == 302
    assert sign_in(browser, "13912345678", PASSWORD).status_code == 400
    assert sign_in(browser, "13912345678", NEW)["Location"] == reverse("account")
    assert case.number in browser.get(reverse("account")).content.decode()

    assert "密码已于" in received("13912345678")[-1]  # told of the change
    changed = Notice.objects.get(kind="password_changed")
    assert changed.state == "sent" and changed.subject == "账号密码已修改"
    verbs = list(RecordEvent.objects.filter(object_type__contains="citizen").values_list("verb", flat=True))
    assert verbs[-3:] == ["reset_code_sent", "reset_code_wrong", "password_reset"]


def plain(page, login):
    """The page without what differs anyway: the name typed and the form's CSRF token."""
    text = page if isinstance(page, str) else page.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text).replace(login, "LOGIN")


def test_the_answer_does_not_tell_whether_an_account_exists(client, clock):
    signed_up(Client(), "lihua@example.org")
    later(clock)
    pages = []
    for login in ("lihua@example.org", "nobody@example.org"):
        browser = Client()
        r = ask_code(browser, login)
        page = browser.get(r["Location"]).content.decode()
        wrong = set_password(browser, login, "000000")
        pages.append((r.status_code, r["Location"], plain(page, login), wrong.status_code, plain(wrong, login)))
    assert pages[0] == pages[1]
    assert Notice.objects.filter(kind="password_code").count() == 1  # only the real account got a code
    assert len(received("lihua@example.org")) == 2 and not received("nobody@example.org")


def test_a_reset_code_lasts_15_minutes_and_5_tries(client, clock):
    signed_up(client, "13912345678")
    later(clock)
    ask_code(client, "13912345678")
    code = code_sent_to("13912345678")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        set_password(client, "13912345678", wrong)
    r = set_password(client, "13912345678", code)
    assert r.status_code == 400 and "最多可输错 5 次" in r.content.decode()

    later(clock)
    ask_code(client, "13912345678")
    fresh = code_sent_to("13912345678")
    clock.move_to(clock.now() + timedelta(minutes=16))
    r = set_password(client, "13912345678", fresh)
    assert r.status_code == 400 and "15 分钟内有效" in r.content.decode()
    assert sign_in(Client(), "13912345678", PASSWORD).status_code == 302  # the old password still holds


def test_a_verification_code_does_not_reset_a_password(client, clock):
    """Codes carry their purpose: the sign-up code of an account never resets another's password."""
    signed_up(client, "13912345678")
    later(clock)
    other = Client()
    other.post(reverse("account-register"), {"login": "13912345670", "password": PASSWORD, "password2": PASSWORD})
    sign_up_code = code_sent_to("13912345670")
    assert set_password(other, "13912345670", sign_up_code).status_code == 400  # not verified: no reset
    ask_code(client, "13912345678")
    code = code_sent_to("13912345678")
    assert set_password(client, "13912345670", code).status_code == 400
    assert not Notice.objects.filter(kind="password_changed").exists()


def test_a_weak_new_password_is_refused_and_the_code_still_works(client, clock):
    signed_up(client, "13912345678")
    later(clock)
    ask_code(client, "13912345678")
    code = code_sent_to("13912345678")
    r = set_password(client, "13912345678", code, password="short1")
    assert r.status_code == 400 and "密码" in r.content.decode()
    r = client.post(
        reverse("account-reset-confirm"),
        {"login": "13912345678", "code": code, "password": NEW, "password2": "Other-password-9"},
    )
    assert r.status_code == 400 and "两次输入的密码不一致" in r.content.decode()
    assert Citizen.objects.get().code_attempts == 0
    assert set_password(client, "13912345678", code).status_code == 302


def test_asking_for_codes_is_limited_per_address_and_per_account(client, settings):
    settings.PORTAL_RATE_ACCOUNT_RESET, settings.PORTAL_RATE_ACCOUNT_RESET_NAME = (4, 3600), (2, 3600)
    signed_up(client, "13912345678")
    # one name asked for from many addresses
    for n in range(2):
        assert ask_code(Client(REMOTE_ADDR=f"203.0.113.{n + 1}"), "13912345678").status_code == 302
    r = ask_code(Client(REMOTE_ADDR="203.0.113.9"), "13912345678")
    assert r.status_code == 429 and "获取验证码过于频繁" in r.content.decode()
    for _ in range(2):  # a name nobody has: the same limit
        assert ask_code(Client(REMOTE_ADDR="203.0.113.9"), "13912345600").status_code == 302
    assert ask_code(Client(REMOTE_ADDR="203.0.113.8"), "13912345600").status_code == 429
    # many names asked for from one address
    spammer = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(4):
        assert ask_code(spammer, f"1381234560{n}").status_code == 302
    r = ask_code(spammer, "13812345609")
    assert r.status_code == 429 and "操作过于频繁" in r.content.decode()


def test_wrong_reset_codes_count_with_failed_sign_ins(client, settings):
    settings.PORTAL_RATE_ACCOUNT_LOGIN = (3, 3600)
    signed_up(client, "13912345678")
    ask_code(client, "13912345678")
    code = code_sent_to("13912345678")
    for guess in ("000001", "000002", "000003"):
        set_password(client, "13912345678", guess if guess != code else "000004")
    assert set_password(client, "13912345678", code).status_code == 429
