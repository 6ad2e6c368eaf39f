import pytest

from gongkai.accounts.models import Agency


@pytest.fixture
def seed(people):
    """高沙窝镇's records of the seed report (2020: 192 penalty decisions, …)."""
    from django.apps import apps
    from importlib import import_module

    from gongkai.disclosure import demo

    # A transactional (browser) test starts from a flushed database: put back the channels the
    # disclosure migration seeds.
    import_module("gongkai.disclosure.migrations.0001_initial").seed_channels(apps, None)
    demo.load()
    return Agency.objects.get(slug="gaoshawo")


@pytest.fixture
def published_2025(people, gaoshawo):
    """高沙窝镇's 2025 report, drafted by alice and approved by henry on 20 January 2026."""
    from datetime import date

    from gongkai.reports import services

    report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2025)
    services.report_save_texts(report=report, actor=people["alice"], overview="2025年，本镇依法公开政府信息。",
                               problems="一是公开内容不够全面。改进措施：完善公开目录。", other="无。")
    services.report_submit(report=report, actor=people["alice"])
    services.report_approve(report=report, actor=people["henry"], on=date(2026, 1, 20))
    report.refresh_from_db()
    return report
