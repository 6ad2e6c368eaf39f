"""A clerk reaches page 3 of a filtered item list in a real browser."""

from datetime import date

import pytest

from gongkai.accounts.models import Region
from tests.browser import chromium_page, login

from .test_lists import many_items


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_alice_filters_the_items_of_one_village_and_reads_page_three(live_server, town, people):
    village = Region.objects.filter(parent=town.region, level=Region.Level.VILLAGE).order_by("code").first()
    many_items(town, 130, region=village, title=f"{village.name}低保公示", formed_on=date(2026, 5, 6))
    many_items(town, 40, title="镇级公示", formed_on=date(2026, 5, 6))
    with chromium_page() as page:
        login(page, live_server.url, "alice")
        page.goto(f"{live_server.url}/staff/disclosure/?agency=gaoshawo")
        page.select_option("#list-village", str(village.pk))
        page.select_option("#list-year", "2026")
        page.click(".list-controls button[type=submit]")
        assert page.locator(".list-count").inner_text().startswith("共 130 条")
        page.click(".pager a[rel=next]")
        page.click(".pager a[rel=next]")
        assert "第 3 / 3 页" in page.locator(".pager").inner_text()
        rows = page.locator("main table tbody tr")
        assert rows.count() == 30
        assert "镇级公示" not in page.locator("main table").inner_text()
        assert page.locator("#list-village").input_value() == str(village.pk)
