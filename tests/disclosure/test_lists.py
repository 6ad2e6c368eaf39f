"""The staff item list at volume: paged, searched, filtered, sorted, with counts that match."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from gongkai.accounts.models import Region
from gongkai.disclosure.models import Category, Item

pytestmark = pytest.mark.django_db


def many_items(town, n, **fields):
    """`n` items of 高沙窝镇 in one INSERT: the list's behaviour at volume, not the review chain."""
    unit = fields.pop("unit", None) or town.units.get(name="民生保障服务中心")
    category = fields.pop("category", None) or Category.objects.get(agency=town, slug="temporary-relief")
    title = fields.pop("title", "临时救助对象名单公示")
    items = [
        Item(
            agency=town,
            unit=unit,
            category=category,
            title=f"{title}（第{i + 1}批）",
            formed_on=fields.get("formed_on", date(2026, 3, 2)),
            **{k: v for k, v in fields.items() if k != "formed_on"},
        )
        for i in range(n)
    ]
    return Item.objects.bulk_create(items)


def queries_for(client, url, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    return response, len(captured)


def test_it_pages_the_whole_list_and_says_how_many(client, town, people):
    many_items(town, 10)
    client.force_login(people["alice"])
    _r, few = queries_for(client, reverse("disclosure:items"), {"agency": "gaoshawo"})
    many_items(town, 110)
    r, many = queries_for(client, reverse("disclosure:items"), {"agency": "gaoshawo", "page": 3})
    assert many == few <= 25  # a fixed budget: the page costs the same whatever the list holds
    body = r.content.decode()
    assert "共 120 条" in body and "第 3 / 3 页" in body
    assert body.count("临时救助对象名单公示（第") == 20


def test_it_filters_by_year_village_and_category_and_the_tabs_count_the_filtered_list(client, town, people):
    village = Region.objects.filter(parent=town.region, level=Region.Level.VILLAGE).order_by("code").first()
    many_items(town, 7, region=village, title="村级低保公示")
    many_items(town, 5, title="镇级低保公示", formed_on=date(2025, 6, 1))
    client.force_login(people["alice"])
    r = client.get(reverse("disclosure:items"), {"agency": "gaoshawo", "village": village.pk, "year": 2026})
    body = r.content.decode()
    assert "共 7 条" in body and "草稿（7）" in body and "镇级低保公示" not in body
    r = client.get(reverse("disclosure:items"), {"agency": "gaoshawo", "year": 2025, "q": "镇级"})
    assert "共 5 条" in r.content.decode()


def test_a_parent_category_finds_the_items_of_its_children(client, town, people):
    child = Category.objects.get(agency=town, slug="temporary-relief")
    many_items(town, 3, category=child)
    client.force_login(people["alice"])
    r = client.get(reverse("disclosure:items"), {"agency": "gaoshawo", "category": child.parent_id})
    assert "共 3 条" in r.content.decode()


def test_items_waiting_for_review_come_before_drafts_and_published_ones(client, town, people):
    many_items(town, 3, title="已公开的旧信息", state=Item.State.PUBLISHED)
    many_items(town, 1, title="等待党政办审核", state=Item.State.OGI_REVIEW)
    many_items(town, 2, title="草稿信息")
    client.force_login(people["alice"])
    body = client.get(reverse("disclosure:items"), {"agency": "gaoshawo"}).content.decode()
    assert body.index("等待党政办审核") < body.index("草稿信息") < body.index("已公开的旧信息")


def test_overdue_filter_shows_what_missed_its_twenty_working_days(client, town, people):
    many_items(town, 2, title="逾期未公开", due_on=date(2026, 1, 5))
    many_items(town, 4, title="尚在期限内", due_on=date.today() + timedelta(days=60))
    client.force_login(people["alice"])
    body = client.get(reverse("disclosure:items"), {"agency": "gaoshawo", "overdue": "1"}).content.decode()
    assert "共 2 条" in body and "尚在期限内" not in body


def test_a_nonsense_page_or_order_shows_the_list_and_a_nonsense_filter_is_refused(client, town, people):
    many_items(town, 3)
    client.force_login(people["alice"])
    r = client.get(reverse("disclosure:items"), {"agency": "gaoshawo", "page": "x", "sort": "evil"})
    assert r.status_code == 200 and "共 3 条" in r.content.decode()
    assert client.get(reverse("disclosure:items"), {"agency": "gaoshawo", "category": "abc"}).status_code == 400
    r = client.get(reverse("disclosure:items"), {"agency": "gaoshawo", "q": "批" * 5000})
    assert r.status_code == 200 and "共 0 条" in r.content.decode()
