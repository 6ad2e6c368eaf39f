import pytest

PENALTY_DECISIONS_2020 = [10, 12, 18, 20, 16, 15, 17, 19, 16, 18, 17, 14]  # = 192


@pytest.fixture
def seed(gaoshawo):
    """高沙窝镇's penalty records of 2020 as in the seed report: 12 penalty powers and 192
    decisions, tallied month by month."""
    from gongkai.disclosure.models import DecisionTally, PowerKind, PowerListEntry

    for n in range(1, 13):
        PowerListEntry.objects.create(agency=gaoshawo, year=2020, kind=PowerKind.PENALTY, name=f"行政处罚事项{n}")
    for month, count in enumerate(PENALTY_DECISIONS_2020, start=1):
        DecisionTally.objects.create(agency=gaoshawo, year=2020, month=month, kind=PowerKind.PENALTY, count=count)
    return gaoshawo


@pytest.fixture
def published_2025(people, gaoshawo):
    """高沙窝镇's 2025 report, drafted by alice and approved by henry on 20 January 2026."""
    from datetime import date

    from gongkai.reports import services

    report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2025)
    services.report_save_texts(
        report=report,
        actor=people["alice"],
        overview="2025年，本镇依法公开政府信息。",
        problems="一是公开内容不够全面。改进措施：完善公开目录。",
        other="无。",
    )
    services.report_submit(report=report, actor=people["alice"])
    services.report_approve(report=report, actor=people["henry"], on=date(2026, 1, 20))
    report.refresh_from_db()
    return report
