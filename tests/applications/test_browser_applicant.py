"""The applicant's side and the office's extension request, in a real browser (Debian's
chromium through Playwright). Mail is captured by Django's locmem backend of the test run, sent
by the task queue's worker as in production (run here in the test's process)."""

from datetime import timedelta

import pytest
from django.core import mail

from gongkai.applications import services as s
from gongkai.applications.models import Application
from tests.browser import login
from tests.worker import run_worker

from .conftest import VALID_ID
from .test_browser import SCREENSHOTS, page, submit_application  # noqa: F401  (page: the fixture)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def open_with_code(page, url, code):
    page.goto(f"{url}/apply/status/")
    page.fill("#id_code", code)
    page.click("form.public-form button[type=submit]")
    page.wait_for_selector("#case-status")
    assert code not in page.url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_applicant_corrects_online_and_downloads_the_answer(live_server, people, page, tmp_path):  # noqa: F811
    url = live_server.url
    code = submit_application(page, url, info_name="低保的材料")  # the vague request of issue 12
    assert code not in page.url
    run_worker()
    receipt = [m for m in mail.outbox if m.to == ["ma@example.org"]]
    assert len(receipt) == 1 and code in receipt[0].body and "申请已提交" in receipt[0].subject

    # The office confirms receipt and asks for a 补正 (第三十条).
    case = Application.objects.get()
    alice, today = people["alice"], s.today()
    case = s.case_confirm_receipt(case=case, actor=alice, on=today)
    s.case_request_correction(
        case=case, actor=alice, on=today, limit=today + timedelta(days=14), note="请写明年份和村名"
    )
    run_worker()
    assert any("补正申请通知书" in m.subject and m.attachments for m in mail.outbox)

    open_with_code(page, url, code)
    assert page.inner_text("#case-status") == "待申请人补正"
    assert "请写明年份和村名" in page.inner_text("#letters")
    scan = tmp_path / "户口簿.pdf"
    scan.write_bytes(PDF)
    page.fill("#id_info_name", "2026年长流墩村农村低保对象名单")
    page.fill("#id_info_description", "2026年第三季度长流墩村低保对象名单及补助标准")
    page.set_input_files("#id_files", str(scan))
    page.click("#submit-correction")
    page.wait_for_selector("#due-date")
    assert page.inner_text("#case-status") == "办理中"
    assert "2026年长流墩村农村低保对象名单" in page.inner_text("#request")
    case.refresh_from_db()
    assert case.attachments.filter(original_name="户口簿.pdf").exists()
    assert case.request_versions.get().info_name == "低保的材料"

    # The office grants it with the released list.
    released = tmp_path / "长流墩村低保名单.pdf"
    released.write_bytes(PDF)
    from django.core.files.uploadedfile import SimpleUploadedFile

    s.case_decide(
        case=case,
        actor=alice,
        on=s.today(),
        outcome="granted",
        reason="",
        files=[SimpleUploadedFile(released.name, PDF, "application/pdf")],
    )
    page.reload()
    letters = page.inner_text("#letters")
    assert "政府信息公开告知书" in letters and "“2026年长流墩村农村低保对象名单”" in letters
    assert "低保的材料" not in letters.split("政府信息公开告知书", 1)[1]
    with page.expect_download() as letter_download:
        page.locator("#letters a", has_text="下载 PDF").last.click()
    assert letter_download.value.path().read_bytes().startswith(b"%PDF")
    with page.expect_download() as material:
        page.click("#released a")
    assert material.value.suggested_filename == "长流墩村低保名单.pdf"
    assert material.value.path().read_bytes() == PDF
    run_worker()
    decision = [m for m in mail.outbox if "政府信息公开告知书" in m.subject]
    assert decision and decision[0].attachments[0][2] == "application/pdf"
    body = page.inner_text("main")
    assert VALID_ID not in body and "13912345678" not in body
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "applications-applicant.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_clerks_extension_request_reaches_the_head_and_the_letter_follows_approval(
    live_server, people, page, register
):  # noqa: F811
    url = live_server.url
    case = register(received_on=s.today())
    login(page, url, "alice")
    page.goto(f"{url}/staff/applications/{case.pk}/")
    page.click("#action-extension_ask summary")
    page.fill("#id_extension_ask-days", "10")
    page.fill("#id_extension_ask-note", "需要调取 2019 年档案")
    page.click("#action-extension_ask button[type=submit]")
    assert "待审批" in page.inner_text("#extension-requests")
    assert "延期答复告知书" not in page.inner_text("main")
    page.context.clear_cookies()  # alice leaves; grace signs in

    login(page, url, "grace")
    page.goto(f"{url}/staff/")
    todo = page.inner_text("main")
    assert "待审批的延期答复申请" in todo and "申请延长 10 个工作日" in todo
    page.click(f"text={case.number}")
    page.select_option("#id_extension-approve", "yes")
    page.fill("#id_extension-note", "同意")
    page.click("form.extension-decision button[type=submit]")
    assert "已同意" in page.inner_text("#extension-requests")
    assert "延期答复告知书" in page.inner_text("#letters")
    case.refresh_from_db()
    assert case.extension_days == 10
