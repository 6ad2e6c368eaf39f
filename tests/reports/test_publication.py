"""Publishing an annual report safely: not before the year ends, never with a template prompt,
facts of section 一 as the records stand, and a send-back of a published report as a correction."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.core.report.formats import PROMPT_RULE
from gongkai.core.report.model import Report
from gongkai.core.report.validate import validate
from gongkai.disclosure.models import Category, Item
from gongkai.reports import selectors, services

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def submitted(people, agency, year, **texts):
    report = services.report_start(agency=agency, actor=people["alice"], year=year, today=date(year, 12, 1))
    fields = {"overview": report.overview, "problems": "无。", "other": "无。", **texts}
    services.report_save_texts(report=report, actor=people["alice"], **fields)
    services.report_submit(report=report, actor=people["alice"])
    return report


def published_items(agency, n, year):
    unit = agency.units.order_by("pk").first()
    category = Category.objects.filter(agency=agency).first()
    Item.objects.bulk_create(
        Item(
            agency=agency,
            unit=unit,
            category=category,
            title=f"公示{i}",
            formed_on=date(year, 3, 1),
            state=Item.State.PUBLISHED,
            published_at=datetime(year, 3, 5, 9, tzinfo=SHANGHAI),
        )
        for i in range(n)
    )


@pytest.fixture
def catalog(gaoshawo):
    from gongkai.disclosure.services import catalog_seed

    catalog_seed(agency=gaoshawo)
    return gaoshawo


def test_a_report_is_not_approved_before_the_year_is_over(people, gaoshawo):
    report = submitted(people, gaoshawo, 2026)
    with pytest.raises(ValidationError, match="2026 年度尚未结束.*2027 年 1 月 1 日以后"):
        services.report_approve(report=report, actor=people["henry"], on=date(2026, 12, 31))
    report.refresh_from_db()
    assert report.status == "submitted" and not report.versions.exists()
    version = services.report_approve(report=report, actor=people["henry"], on=date(2027, 1, 1))
    assert version.number == 1


@pytest.mark.parametrize(
    "text", ["【2025年度报告所列问题及改进措施，请逐项报告落实情况】", "本年共办理××件。", "请填写本年度开展培训的情况"]
)
def test_a_template_prompt_is_an_error_for_a_generated_report(text):
    value = Report(format="2021", year=2024, agency="某镇人民政府", tables={}, sections={"problems": text})
    found = [f for f in validate(value) if f.rule == PROMPT_RULE]
    assert len(found) == 1 and found[0].severity == "error" and found[0].where == "section/problems"
    assert "未删除的模板提示语" in found[0].message


def test_a_template_prompt_is_an_error_in_a_parsed_report_too():
    from gongkai.core.report.parse import parse_text

    text = (CORPUS / "gaoshawo-2020.txt").read_text(encoding="utf-8")
    assert not any(f.rule == PROMPT_RULE for f in parse_text(text).findings)
    value = parse_text(
        text.replace("六、其他需要报告的事项", "六、其他需要报告的事项\n【请填写其他需要报告的事项】", 1)
    )
    assert any(f.rule == PROMPT_RULE and f.severity == "error" for f in value.findings)


def test_the_prefilled_prompt_of_last_years_problems_blocks_submission(people, gaoshawo):
    last = submitted(people, gaoshawo, 2025, problems="一是公开内容不够全面。")
    services.report_approve(report=last, actor=people["henry"], on=date(2026, 1, 20))
    report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2026, today=date(2026, 12, 1))
    assert report.problems.startswith("【2025年度报告所列问题及改进措施")
    with pytest.raises(ValidationError, match=r"\[R12\].*未删除的模板提示语"):
        services.report_submit(report=report, actor=people["alice"])


def test_prefilled_facts_follow_the_records_until_approval(people, catalog):
    published_items(catalog, 3, 2026)
    report = services.report_start(agency=catalog, actor=people["alice"], year=2026, today=date(2026, 12, 1))
    assert "主动公开政府信息3条" in report.overview
    published_items(catalog, 2, 2026)
    assert "主动公开政府信息5条" in selectors.draft_value(report).sections["overview"]
    services.report_submit(report=report, actor=people["alice"])
    services.report_approve(report=report, actor=people["henry"], on=date(2027, 1, 10))
    report.refresh_from_db()
    assert "主动公开政府信息5条" in report.overview
    published_items(catalog, 4, 2026)  # after approval the published text stands
    assert "主动公开政府信息5条" in selectors.report_value(report).sections["overview"]


def test_sentences_the_office_wrote_are_not_rewritten(people, catalog):
    published_items(catalog, 1, 2026)
    report = services.report_start(agency=catalog, actor=people["alice"], year=2026, today=date(2026, 12, 1))
    services.report_save_texts(
        report=report,
        actor=people["alice"],
        overview="本镇全年公开信息情况良好。\n" + report.overview,
        problems="无。",
        other="无。",
    )
    published_items(catalog, 1, 2026)
    overview = selectors.draft_value(report).sections["overview"]
    assert overview.startswith("本镇全年公开信息情况良好。") and "主动公开政府信息2条" in overview


@pytest.fixture
def published_2025(people, gaoshawo):
    report = submitted(people, gaoshawo, 2025)
    services.report_approve(report=report, actor=people["henry"], on=date(2026, 1, 20))
    report.refresh_from_db()
    return report


def test_a_sent_back_published_report_stays_public_marked_correcting(client, people, published_2025):
    services.report_send_back(report=published_2025, actor=people["erin"], reason="第三部分总计有误，请核实。")
    page = client.get(reverse("reports:public-detail", args=["gaoshawo", 2025])).content.decode()
    assert "更正中" in page and "本年新收政府信息公开申请数量" in page
    assert "更正中" in client.get(reverse("reports:public-list", args=["gaoshawo"])).content.decode()
    [entry] = client.get("/api/agencies/gaoshawo/reports").json()
    assert entry["status"] == "correcting" and entry["links"]["html"]
    assert client.get("/api/agencies/gaoshawo/reports/2025").status_code == 200


def test_a_withdrawn_report_shows_its_notice_and_nothing_else(client, people, published_2025):
    services.report_send_back(
        report=published_2025,
        actor=people["erin"],
        reason="报告数据有误，已撤回，更正后重新发布。",
        withdraw=True,
        today=date(2026, 2, 3),
    )
    r = client.get(reverse("reports:public-detail", args=["gaoshawo", 2025]))
    body = r.content.decode()
    assert r.status_code == 410 and "撤回公告" in body and "报告数据有误" in body
    assert "本年新收政府信息公开申请数量" not in body
    assert client.get(reverse("reports:public-pdf", args=["gaoshawo", 2025])).status_code == 410
    [entry] = client.get("/api/agencies/gaoshawo/reports").json()
    assert entry["status"] == "withdrawn" and entry["links"] is None and "报告数据有误" in entry["notice"]
    r = client.get("/api/agencies/gaoshawo/reports/2025")
    assert r.status_code == 410 and "已撤回" in r.json()["detail"]
    # the corrected version is published: public again, listed with its versions
    report = published_2025
    report.correction_note = "更正第三部分总计。"
    report.save()
    services.report_submit(report=report, actor=people["alice"])
    services.report_approve(report=report, actor=people["henry"], on=date(2026, 2, 10))
    page = client.get(reverse("reports:public-detail", args=["gaoshawo", 2025])).content.decode()
    assert "第 2 版" in page and "第 1 版" in page and "更正第三部分总计" in page


def test_only_a_published_report_can_be_withdrawn(people, gaoshawo):
    report = submitted(people, gaoshawo, 2025)
    with pytest.raises(ValidationError, match="只有已发布的报告才能撤回"):
        services.report_send_back(report=report, actor=people["erin"], reason="x", withdraw=True)
