"""Publishing safely, in a real browser: the head cannot approve in December of the report's own
year, a 【…】 prompt stops submission, and a sent-back published report shows 更正中 publicly."""

from datetime import date

import pytest
import time_machine

from gongkai.reports import services
from tests.browser import chromium_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_henry_cannot_approve_the_2026_report_in_december_2026(live_server, people, gaoshawo):
    with time_machine.travel("2026-12-15 10:00 +0800", tick=True):
        report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2026)
        services.report_save_texts(
            report=report, actor=people["alice"], overview=report.overview, problems="无。", other="无。"
        )
        services.report_submit(report=report, actor=people["alice"])
        with chromium_page() as page:
            login(page, live_server.url, "henry")
            page.goto(f"{live_server.url}/staff/reports/gaoshawo/2026/")
            assert page.inner_text("#report-status") == "待审批"
            assert "2026 年度尚未结束" in page.inner_text("#approval-wait")
            assert page.locator("#approve-report").count() == 0
            # a forged POST is refused too, with the same reason
            token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
            page.request.post(
                f"{live_server.url}/staff/reports/gaoshawo/2026/approve/",
                form={"csrfmiddlewaretoken": token},
                headers={"Referer": live_server.url},
            )
    report.refresh_from_db()
    assert report.status == "submitted" and not report.versions.exists()


def test_alice_cannot_submit_a_report_with_a_template_prompt(live_server, people, gaoshawo):
    services.report_start(agency=gaoshawo, actor=people["alice"], year=2025, today=date(2026, 1, 5))
    with chromium_page() as page:
        login(page, live_server.url, "alice")
        page.goto(f"{live_server.url}/staff/reports/gaoshawo/2025/")
        page.fill("textarea[name=problems]", "【2024年度报告所列问题及改进措施，请逐项报告落实情况】")
        page.click("text=保存文字部分")
        assert "未删除的模板提示语" in page.inner_text("#findings")
        page.click("#submit-report")
        assert "R12" in page.inner_text(".messages")
        assert page.inner_text("#report-status") == "起草中"


def test_a_published_report_sent_back_by_erin_shows_correcting_on_the_portal(live_server, people, gaoshawo):
    report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2025, today=date(2026, 1, 5))
    services.report_save_texts(
        report=report, actor=people["alice"], overview="全年依法公开。", problems="无。", other="无。"
    )
    services.report_submit(report=report, actor=people["alice"])
    services.report_approve(report=report, actor=people["henry"], on=date(2026, 1, 20))
    with chromium_page() as page:
        login(page, live_server.url, "erin")
        page.goto(f"{live_server.url}/staff/reports/gaoshawo/2025/")
        page.fill("textarea[name=reason]", "第三部分与业务记录不符，请更正。")
        page.check("input[name=public_copy][value=correct]")
        page.click("#send-back-report")
        assert page.inner_text("#report-status") == "起草中"
        page.goto(f"{live_server.url}/reports/gaoshawo/")
        assert "更正中" in page.inner_text("#report-2025")
        page.click("#report-2025 th a")
        assert "更正中" in page.inner_text("#correcting")
        assert "本年新收政府信息公开申请数量" in page.inner_text("main")
