"""The annual report in a real browser: drill down from a cell, approve, publish, download."""

import io
from pathlib import Path

import pytest

from gongkai.reports import services

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

    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(locale="zh-CN", accept_downloads=True)
        yield context.new_page()
        browser.close()


def login(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-gongkai")
    page.click("main button[type=submit]")


def logout(page):
    page.click("header form button[type=submit]")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_alice_asks_why_192_and_sees_the_monthly_tallies(live_server, seed, people, page):
    services.report_start(agency=seed, actor=people["alice"], year=2020)
    login(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/staff/reports/gaoshawo/2020/")
    page.click('td[data-cell="20.6/penalty/decisions"] a >> nth=0')
    assert page.inner_text("#cell-value") == "192"
    months = page.locator("#records li")
    assert months.count() == 12
    assert sum(int(t.rsplit(" ", 1)[1]) for t in months.all_inner_texts()) == 192
    page.screenshot(path=str(SCREENSHOTS / "reports-drill-down.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_report_goes_from_draft_to_approval_to_the_public_download(live_server, people, gaoshawo, page):
    import docx

    services.report_start(agency=gaoshawo, actor=people["alice"], year=2025)
    url = live_server.url
    login(page, url, "alice")
    page.goto(f"{url}/staff/reports/gaoshawo/2025/")
    page.click("#submit-report")
    assert page.inner_text("#report-status") == "待审批"
    logout(page)

    login(page, url, "henry")
    page.goto(f"{url}/staff/")
    page.click("text=2025 年度报告待审批")
    page.screenshot(path=str(SCREENSHOTS / "reports-approve.png"), full_page=True)
    page.click("#approve-report")
    assert page.inner_text("#report-status") == "已发布"
    logout(page)

    page.goto(f"{url}/reports/gaoshawo/")
    page.click("text=2025 年政府信息公开工作年度报告")
    assert "本年新收政府信息公开申请数量" in page.inner_text("main")
    page.screenshot(path=str(SCREENSHOTS / "reports-public.png"), full_page=True)
    with page.expect_download() as download:
        page.click("#download-docx")
    document = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert any(c.text == "行政复议" for t in document.tables for row in t.rows for c in row.cells)
    with page.expect_download() as download:
        page.click("#download-pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
