"""From the public form to the answer, in a real browser."""

from pathlib import Path

import pytest

from gongkai.applications.models import Application

from .conftest import VALID_ID

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(locale="zh-CN")
        yield page
        browser.close()


def submit_application(page, url, info_name="2026年高沙窝镇农村低保对象名单"):
    """马文华 files an application on the public form; returns the query code of the receipt."""
    page.goto(f"{url}/apply/gaoshawo/")
    page.fill("#id_name", "马文华")
    page.fill("#id_id_number", VALID_ID)
    page.fill("#id_phone", "13912345678")
    page.fill("#id_email", "ma@example.org")
    page.fill("#id_info_name", info_name)
    page.select_option("#id_delivery", "email")
    page.click("text=提交申请")
    return page.inner_text("#query-code")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_application_goes_from_the_public_form_to_the_answer(live_server, people, page):
    url = live_server.url
    code = submit_application(page, url)
    assert len(code) == 12

    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "alice-gongkai")
    page.click("button[type=submit]")
    page.goto(f"{url}/staff/applications/")
    page.click(f"text={Application.objects.get().number}")
    assert VALID_ID not in page.inner_text("#id-number")
    page.click("#reveal")
    assert VALID_ID in page.inner_text("#id-number")
    page.click("#action-confirm summary")
    page.click("#action-confirm button[type=submit]")
    assert page.inner_text("#case-status") == "办理中"
    page.click("#action-decide summary")
    page.select_option("#id_decide-outcome", "granted")
    page.fill("#id_decide-reason", "现以电子邮件提供。")
    page.fill("#id_decide-paper_note", "复印件 2 页，随告知书邮寄")
    page.click("#action-decide button[type=submit]")
    assert "已作出答复" in page.inner_text("#case-status")

    page.goto(f"{url}/apply/status/")
    page.fill("#id_code", code)
    page.click("form.public-form button[type=submit]")
    assert code not in page.url
    body = page.inner_text("main")
    assert "政府信息公开告知书" in body and "予以公开" in body and "六十日内" in body
    assert "答复期限" in body and "收到申请（第三十一条）" in body
    assert VALID_ID not in body and "13912345678" not in body
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "applications-status.png"), full_page=True)
