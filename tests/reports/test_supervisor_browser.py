"""The county office reads a township's 主动公开 page in a real browser."""

from datetime import date

import pytest

from gongkai.disclosure.models import Category, Item
from tests.browser import chromium_page, login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_erin_reads_the_gaoshawo_proactive_disclosure_page(live_server, people, gaoshawo):
    from django.apps import apps
    from importlib import import_module

    from gongkai.disclosure.services import catalog_seed

    import_module("gongkai.disclosure.migrations.0001_initial").seed_channels(apps, None)
    catalog_seed(agency=gaoshawo)
    Item.objects.create(
        agency=gaoshawo,
        unit=gaoshawo.units.get(name="民生保障服务中心"),
        category=Category.objects.get(agency=gaoshawo, slug="temporary-relief"),
        title="高沙窝镇2026年临时救助名单公示",
        formed_on=date(2026, 3, 2),
    )
    with chromium_page() as page:
        login(page, live_server.url, "erin")
        page.click("nav >> text=主动公开")
        page.goto(f"{live_server.url}/staff/disclosure/?agency=gaoshawo")
        assert page.locator("h1").inner_text() == "主动公开 · 高沙窝镇人民政府"
        page.click("text=高沙窝镇2026年临时救助名单公示")
        assert "高沙窝镇2026年临时救助名单公示" in page.inner_text("main")
        assert page.locator("text=提交审核").count() == 0
