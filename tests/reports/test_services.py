from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.appeals import services as appeals
from gongkai.appeals.models import Appeal
from gongkai.reports import selectors, services
from gongkai.reports.models import AnnualReport, ReportEvent

pytestmark = pytest.mark.django_db
S = AnnualReport.Status


def test_alice_starts_a_draft_prefilled_with_facts_only(people, gaoshawo):
    report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2026)
    assert report.status == S.DRAFT
    assert "本年新收政府信息公开申请0件" in report.overview
    assert report.other == "本年未收取信息处理费。"
    assert report.problems == ""  # no report of 2025 to carry commitments from
    assert report.events.get().verb == ReportEvent.Kind.STARTED


def test_last_years_commitments_are_carried_into_section_five(people, gaoshawo, published_2025):
    report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2026)
    assert "2025年度报告所列问题及改进措施" in report.problems
    assert "完善公开目录" in report.problems


def test_a_second_draft_of_the_same_year_or_a_future_year_is_refused(people, gaoshawo):
    services.report_start(agency=gaoshawo, actor=people["alice"], year=2026)
    with pytest.raises(ValidationError, match="已存在"):
        services.report_start(agency=gaoshawo, actor=people["alice"], year=2026)
    with pytest.raises(ValidationError, match="尚未开始"):
        services.report_start(agency=gaoshawo, actor=people["alice"], year=2027, today=date(2026, 11, 1))
    with pytest.raises(ValidationError, match="2019"):
        services.report_start(agency=gaoshawo, actor=people["alice"], year=2018)


def test_bob_the_clerk_may_not_draft_and_dave_may_not_touch_another_township(people, gaoshawo):
    with pytest.raises(PermissionDenied):
        services.report_start(agency=gaoshawo, actor=people["bob"], year=2026)
    with pytest.raises(PermissionDenied):
        services.report_start(agency=gaoshawo, actor=people["dave"], year=2026)


def test_an_override_needs_a_written_reason_and_shows_in_the_history(people, gaoshawo):
    report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2026)
    with pytest.raises(ValidationError, match="理由"):
        services.report_override_cell(
            report=report,
            actor=people["alice"],
            table="20.6",
            row="penalty",
            column="decisions",
            value="30",
            reason="  ",
        )
    with pytest.raises(ValidationError, match="整数"):
        services.report_override_cell(
            report=report,
            actor=people["alice"],
            table="20.6",
            row="penalty",
            column="decisions",
            value="3.5",
            reason="台账",
        )
    with pytest.raises(ValidationError, match="没有这个单元格"):
        services.report_override_cell(
            report=report,
            actor=people["alice"],
            table="20.9",
            row="procurement",
            column="items",
            value="1",
            reason="2021 年格式没有第（九）项",
        )
    services.report_override_cell(
        report=report,
        actor=people["alice"],
        table="20.6",
        row="penalty",
        column="decisions",
        value="30",
        reason="该年度前三个月的台账未录入系统",
    )
    value = selectors.draft_value(report)
    assert value.cell("20.6", "penalty", "decisions") == 30
    event = report.events.get(verb=ReportEvent.Kind.OVERRIDDEN)
    assert event.reason == "该年度前三个月的台账未录入系统"
    assert (event.before, event.after) == ({"value": 0}, {"cell": "20.6/penalty/decisions", "value": 30})


def test_a_report_with_validation_errors_cannot_be_submitted(people, gaoshawo):
    report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2026)
    services.report_override_cell(
        report=report,
        actor=people["alice"],
        table="appeals",
        row="review",
        column="upheld",
        value="2",
        reason="纸质台账有两件",
    )
    with pytest.raises(ValidationError, match="R4"):
        services.report_submit(report=report, actor=people["alice"])
    report.refresh_from_db()
    assert report.status == S.DRAFT


def test_henry_approves_and_the_report_is_published_frozen_and_locked(people, gaoshawo, published_2025):
    report = published_2025
    assert report.status == S.PUBLISHED
    version = report.versions.get()
    assert version.published_on == date(2026, 1, 20) and version.approved_by == people["henry"]
    assert bytes(version.docx).startswith(b"PK") and bytes(version.pdf).startswith(b"%PDF")
    assert version.data["tables"]["appeals"]["review"]["total"] == 0
    assert selectors.year_locked(gaoshawo, 2025)
    assert not selectors.is_late(report, year=2025, today=date(2026, 11, 1))
    # a change to a record of the locked year is refused with the reason …
    with pytest.raises(ValidationError, match="已锁定"):
        appeals.appeal_register(
            agency=gaoshawo,
            actor=people["alice"],
            kind=Appeal.Kind.REVIEW,
            appellant="马某",
            body="盐池县人民政府",
            filed_on=date(2025, 5, 1),
        )
    assert not Appeal.objects.exists()
    # … and the published version does not move when records change in an open year
    appeals.appeal_register(
        agency=gaoshawo,
        actor=people["alice"],
        kind=Appeal.Kind.REVIEW,
        appellant="马某",
        body="盐池县人民政府",
        filed_on=date(2026, 5, 1),
    )
    assert selectors.report_value(report).cell("appeals", "review", "total") == 0


def test_only_the_head_approves(people, gaoshawo):
    report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2026)
    services.report_submit(report=report, actor=people["alice"])
    for name in ("alice", "grace", "erin"):
        with pytest.raises(PermissionDenied):
            services.report_approve(report=report, actor=people[name])


def test_a_correction_unlocks_the_year_and_publishes_a_second_version(people, gaoshawo, published_2025):
    report, alice = published_2025, people["alice"]
    with pytest.raises(ValidationError, match="更正说明"):
        services.report_correction_start(report=report, actor=alice, note="")
    services.report_correction_start(report=report, actor=alice, note="补录 2025 年行政复议案件 1 件。")
    assert not selectors.year_locked(gaoshawo, 2025)
    appeal = appeals.appeal_register(
        agency=gaoshawo,
        actor=alice,
        kind=Appeal.Kind.REVIEW,
        appellant="马某",
        body="盐池县人民政府",
        filed_on=date(2025, 5, 1),
    )
    appeals.appeal_decide(appeal=appeal, actor=alice, result=Appeal.Result.UPHELD, decided_on=date(2025, 6, 1))
    services.report_submit(report=report, actor=alice)
    v2 = services.report_approve(report=report, actor=people["henry"], on=date(2026, 3, 2))
    assert v2.number == 2 and v2.correction_note == "补录 2025 年行政复议案件 1 件。"
    first, second = report.versions.order_by("number")
    assert first.data["tables"]["appeals"]["review"]["upheld"] == 0
    assert second.data["tables"]["appeals"]["review"]["upheld"] == 1
    assert selectors.year_locked(gaoshawo, 2025)
    assert not selectors.is_late(report, year=2025, today=date(2026, 11, 1))  # first published in time


def test_erin_sends_a_report_back_with_a_reason_before_and_after_publication(people, gaoshawo, published_2025):
    erin = people["erin"]
    with pytest.raises(ValidationError, match="理由"):
        services.report_send_back(report=published_2025, actor=erin, reason="")
    services.report_send_back(report=published_2025, actor=erin, reason="第五部分未报告上年整改落实情况")
    published_2025.refresh_from_db()
    assert published_2025.status == S.DRAFT and "整改" in published_2025.sent_back_reason
    # the published version stays public until the corrected one is out
    assert selectors.public_version(agency=gaoshawo, year=2025).number == 1
    assert published_2025.versions.count() == 1
    with pytest.raises(ValidationError, match="更正说明"):
        services.report_submit(report=published_2025, actor=people["alice"])
    draft = services.report_start(agency=gaoshawo, actor=people["alice"], year=2026)
    # section 五 starts with last year's problems under a 【…】 prompt: written up before submission
    services.report_save_texts(
        report=draft,
        actor=people["alice"],
        overview=draft.overview,
        problems="上年所列问题已逐项整改。",
        other=draft.other,
    )
    services.report_submit(report=draft, actor=people["alice"])
    services.report_send_back(report=draft, actor=erin, reason="请补充开放日情况")
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    with pytest.raises(PermissionDenied):
        services.report_send_back(report=published_2025, actor=people["dave"], reason="x")


def test_a_report_not_published_by_31_january_is_late(people, gaoshawo):
    report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2025, today=date(2025, 12, 1))
    assert selectors.status_label(report, year=2025, today=date(2026, 1, 31)) == "起草中"
    assert selectors.status_label(report, year=2025, today=date(2026, 2, 1)) == "逾期"
    assert selectors.status_label(None, year=2026, today=date(2026, 11, 1)) == "未开始"


def test_an_imported_past_report_serves_r5_and_the_comparison(people, gaoshawo):
    from pathlib import Path

    content = Path("tests/fixtures/corpus/gaoshawo-2020.txt").read_bytes()
    report = services.report_import(
        agency=gaoshawo, actor=people["alice"], year=2020, filename="gaoshawo-2020.txt", content=content
    )
    assert report.status == S.PUBLISHED and report.source == AnnualReport.Source.IMPORTED
    assert selectors.year_locked(gaoshawo, 2020)
    value = selectors.report_value(report)
    assert value.cell("20.6", "penalty", "decisions") == 192
    previous = selectors.previous_value(agency=gaoshawo, year=2021)
    assert previous.year == 2020
    with pytest.raises(ValidationError, match="已有报告"):
        services.report_import(agency=gaoshawo, actor=people["alice"], year=2020, filename="x.txt", content=content)
    with pytest.raises(ValidationError, match="不是 2019 年度"):
        services.report_import(agency=gaoshawo, actor=people["alice"], year=2019, filename="x.txt", content=content)
    with pytest.raises(ValidationError):
        services.report_import(agency=gaoshawo, actor=people["alice"], year=2021, filename="x.txt", content=b"\x00\x01")


def test_r5_compares_with_last_years_published_report(people, gaoshawo, published_2025):
    report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2026)
    services.report_override_cell(
        report=report,
        actor=people["alice"],
        table="applications",
        row="carried_over",
        column="natural",
        value="1",
        reason="测试",
    )
    findings = selectors.findings_for(selectors.draft_value(report), agency=gaoshawo)
    assert any(f.rule == "R5" and f.where == "applications/carried_over/natural" for f in findings)


def test_the_comparison_flags_big_changes(people, gaoshawo, published_2025):
    report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2026)
    services.report_override_cell(
        report=report, actor=people["alice"], table="20.6", row="penalty", column="decisions", value="12", reason="测试"
    )
    rows = selectors.comparison(selectors.draft_value(report), selectors.previous_value(agency=gaoshawo, year=2026))
    flagged = [r for r in rows if r["stands_out"]]
    assert [(r["table"], r["row"], r["column"], r["before"], r["now"]) for r in flagged] == [
        ("20.6", "penalty", "decisions", 0, 12)
    ]
