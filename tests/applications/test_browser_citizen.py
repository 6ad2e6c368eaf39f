"""Citizen accounts in a real browser (Debian's chromium through Playwright): 马文华 registers
with his mobile number, reads the code the SMS console backend printed, signs in, claims the
application he handed in on paper with its query code and follows it in 我的申请; 李华 never sees
it; 马文华 forgets his password, resets it and signs in with the new one."""

import re
from datetime import timedelta

import pytest
from django.core import mail

from gongkai.applications import services as s
from tests.worker import run_worker

from .test_browser import SCREENSHOTS, page  # noqa: F401  (page: the fixture)

PASSWORD, NEW = "Gaoshawo-2026", "Changliudun-2027"


def sms_code(capsys, number):
    """The code in the last text message to `number`, as the console backend printed it (sent by
    the task queue's worker, run here)."""
    run_worker()
    texts = re.findall(rf"SMS to {number}: (.*)", capsys.readouterr().out)
    return re.search(r"(?<!\d)\d{6}(?!\d)", texts[-1]).group()


def submit(page, button="main form.public-form button[type=submit]"):
    page.click(button)
    page.wait_for_load_state()


def sign_in(page, url, login, password):
    page.goto(f"{url}/apply/account/login/")
    page.fill("#id_login", login)
    page.fill("#id_password", password)
    submit(page)


def sign_up(page, url, login):
    page.goto(f"{url}/apply/account/register/")
    page.fill("#id_login", login)
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    submit(page)
    assert page.url.endswith("/apply/account/verify/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_citizen_signs_up_claims_follows_and_resets_the_password(
    live_server,
    people,
    register,
    page,
    capsys,
    clock,  # noqa: F811
):
    url = live_server.url
    case = register(received_on=clock.today, info_name="2026年长流墩村危房改造名单")
    case = s.case_decide(
        case=case, actor=people["alice"], on=clock.today, outcome="granted", reason="现以电子邮件提供。"
    )

    sign_up(page, url, "13912345678")
    assert "139****5678" in page.inner_text("main")
    page.fill("#id_code", sms_code(capsys, "13912345678"))
    submit(page)
    assert "账号中还没有申请" in page.inner_text("main")
    submit(page, "text=退出登录")
    sign_in(page, url, "13912345678", PASSWORD)
    assert page.url.endswith("/apply/account/")

    page.fill("#id_code", case.query_code)
    submit(page, "#claim button[type=submit]")
    row = page.inner_text("#my-applications")
    assert case.number in row and "2026年长流墩村危房改造名单" in row and "已作出答复" in row
    page.click(f"#my-applications a:has-text('{case.number}')")
    assert "政府信息公开告知书" in page.inner_text("#letters")
    assert case.query_code not in page.url

    # 李华, in a browser of her own, sees nothing of it and cannot take it over
    other = page.context.browser.new_page(locale="zh-CN")
    sign_up(other, url, "lihua@example.org")
    run_worker()
    [message] = [m for m in mail.outbox if m.to == ["lihua@example.org"]]
    other.fill("#id_code", re.search(r"(?<!\d)\d{6}(?!\d)", message.body).group())
    submit(other)
    assert case.number not in other.inner_text("main")
    assert other.goto(f"{url}/apply/my/{case.pk}/").status == 404
    other.goto(f"{url}/apply/account/")
    other.fill("#id_code", case.query_code)
    submit(other, "#claim button[type=submit]")
    assert "该申请已关联到另一个账号" in other.inner_text("#claim")

    # 马文华 forgot his password: a code to his mobile, a new password, and he signs in with it
    clock.move_to(clock.now() + timedelta(minutes=2))
    page.goto(f"{url}/apply/account/")
    submit(page, "text=退出登录")
    page.click("#forgot-password")
    page.fill("#id_login", "13912345678")
    submit(page)
    assert "验证码已经发出" in page.inner_text("main")
    page.fill("#id_code", sms_code(capsys, "13912345678"))
    page.fill("#id_password", NEW)
    page.fill("#id_password2", NEW)
    submit(page)
    assert "密码已重新设置" in page.inner_text("main")
    sign_in(page, url, "13912345678", PASSWORD)
    assert "密码不正确" in page.inner_text("main")
    sign_in(page, url, "13912345678", NEW)
    assert case.number in page.inner_text("#my-applications")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "applications-citizen-account.png"), full_page=True)
