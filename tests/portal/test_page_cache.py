"""Cached public pages: each change a page shows is there on the next request (one test per kind
of change), nothing personal is ever cached, and feeds and the API answer conditional GETs."""

import json
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.disclosure import services as s

pytestmark = pytest.mark.django_db

ALL_CLEAR = {
    "state_secret": True,
    "work_secret": True,
    "business_secret": True,
    "privacy": True,
    "process_info": True,
    "other_prohibited": True,
}
PAGES = [
    "/",
    "/gk/gaoshawo/",
    "/gk/gaoshawo/catalog/",
    "/gk/gaoshawo/feed.rss",
    "/api/items?agency=gaoshawo",
    "/api/items",
    "/search/?q=公示",
]


@pytest.fixture
def town(people):
    from gongkai.accounts.models import Agency

    gaoshawo = Agency.objects.get(slug="gaoshawo")
    s.catalog_seed(agency=gaoshawo)
    return gaoshawo


@pytest.fixture
def publish(town, people, django_capture_on_commit_callbacks):
    """publish(title) → an item of 高沙窝镇 drafted by bob, reviewed, and published by alice (and
    indexed for search, which happens once the publication commits)."""
    from gongkai.disclosure.models import Category, Channel

    def make(title, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return publish_now(title, **extra)

    def publish_now(title, **extra):
        item = s.item_create(
            actor=people["bob"],
            agency=town,
            channels=[Channel.objects.get(code="website")],
            category=Category.objects.get(agency=town, slug="temporary-relief"),
            unit=town.units.get(name="民生保障服务中心"),
            title=title,
            body="<p>经审核，以下对象符合临时救助条件，现予公示。</p>",
            formed_on=timezone.localdate() - timedelta(days=2),
        )
        s.item_submit(actor=people["bob"], item=item)
        s.item_approve_unit(actor=people["heidi"], item=item)
        s.item_approve_leader(actor=people["carol"], item=item)
        return s.item_publish(actor=people["alice"], item=item, secrecy=ALL_CLEAR, **extra)

    return make


def text(client, url):
    """The page as a reader sees it (JSON with its Chinese unescaped, search marks left out)."""
    response = client.get(url)
    assert response.status_code == 200, url
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return re.sub("</?mark>", "", response.content.decode())


def test_pages_are_served_from_the_cache_until_a_publication_changes_them(client, publish):
    first = publish("高沙窝镇2026年第一季度临时救助对象名单公示")
    for url in PAGES:
        assert "第一季度临时救助" in text(client, url)
    # a change that bypasses every service is not seen: the pages come from the cache
    from gongkai.disclosure.models import Item

    Item.objects.filter(pk=first.pk).update(title="（未经服务的改动）")
    assert "未经服务的改动" not in text(client, "/gk/gaoshawo/")
    publish("高沙窝镇2026年第二季度临时救助对象名单公示")
    for url in PAGES:
        assert "第二季度临时救助" in text(client, url), url


def test_a_correction_shows_on_the_next_request(client, publish, people, django_capture_on_commit_callbacks):
    item = publish("高沙窝镇2026年第一季度临时救助对象名单公示")
    item_url = f"/gk/gaoshawo/items/{item.pk}/"
    for url in [*PAGES, item_url, f"/api/items/{item.pk}"]:
        text(client, url)
    with django_capture_on_commit_callbacks(execute=True):  # the search index follows on commit
        s.item_correct(
            actor=people["alice"],
            item=item,
            note="更正标题中的季度",
            title="高沙窝镇2026年第二季度临时救助对象名单公示",
        )
    for url in [*PAGES, item_url, f"/api/items/{item.pk}"]:
        assert "第二季度临时救助对象名单公示" in text(client, url), url
    for url in PAGES:  # the lists show the corrected title only (the item page keeps its history)
        assert "第一季度" not in text(client, url), url


def test_a_withdrawal_shows_on_the_next_request(client, publish, people):
    keep = publish("高沙窝镇2026年第一季度临时救助对象名单公示")
    gone = publish("高沙窝镇2026年第二季度临时救助对象名单公示")
    assert client.get(f"/gk/gaoshawo/items/{gone.pk}/").status_code == 200
    for url in PAGES:
        text(client, url)
    s.item_withdraw(actor=people["alice"], item=gone, reason="名单有误，核实后重新公开")
    assert client.get(f"/gk/gaoshawo/items/{gone.pk}/").status_code == 404
    for url in PAGES:
        page = text(client, url)
        assert "第二季度" not in page and keep.title in page, url


def test_an_expired_item_leaves_the_cached_pages_when_it_expires(client, publish, clock):
    publish("高沙窝镇2026年第一季度临时救助对象名单公示")
    publish("高沙窝镇开放日报名通知", expires_at=timezone.now() + timedelta(hours=2))
    assert "开放日报名通知" in text(client, "/gk/gaoshawo/")
    clock.traveller.shift(timedelta(hours=3))
    page = text(client, "/gk/gaoshawo/")
    assert "开放日报名通知" not in page and "第一季度" in page


def test_a_category_edit_shows_on_the_next_request(client, town, publish, people):
    from gongkai.disclosure.models import Category

    publish("高沙窝镇2026年第一季度临时救助对象名单公示")
    category = Category.objects.get(agency=town, slug="temporary-relief")
    assert category.name in text(client, "/gk/gaoshawo/catalog/")
    assert category.name in text(client, "/api/agencies/gaoshawo/categories")
    s.category_update(actor=people["alice"], category=category, name="临时救助（含急难救助）")
    assert "临时救助（含急难救助）" in text(client, "/gk/gaoshawo/catalog/")
    assert "临时救助（含急难救助）" in text(client, "/api/agencies/gaoshawo/categories")


def test_an_agency_renamed_shows_on_the_next_request(client, town):
    assert "高沙窝镇" in text(client, "/")
    assert "高沙窝镇" in text(client, "/api/agencies")
    town.name = "高沙窝镇人民政府（新）"
    town.save()
    assert "高沙窝镇人民政府（新）" in text(client, "/")
    assert "高沙窝镇人民政府（新）" in text(client, "/api/agencies")
    assert "高沙窝镇人民政府（新）" in text(client, "/gk/gaoshawo/")


def test_a_report_corrected_republished_or_withdrawn_shows_on_the_next_request(client, reports, people):
    from gongkai.reports import services as r
    from gongkai.reports.models import AnnualReport

    report = AnnualReport.objects.get(agency__slug="gaoshawo", year=2025)
    urls = ["/reports/gaoshawo/", "/reports/gaoshawo/2025/", "/api/agencies/gaoshawo/reports"]
    for url in urls:
        assert "更正中" not in text(client, url) and "correcting" not in text(client, url)
    r.report_send_back(report=report, actor=people["erin"], reason="第三部分总计有误，请核实。")
    assert "更正中" in text(client, "/reports/gaoshawo/") and "更正中" in text(client, "/reports/gaoshawo/2025/")
    assert '"correcting"' in text(client, "/api/agencies/gaoshawo/reports")
    # the corrected version published: public again, as version 2
    AnnualReport.objects.filter(pk=report.pk).update(correction_note="更正第三部分总计。")
    report.refresh_from_db()
    r.report_submit(report=report, actor=people["alice"])
    r.report_approve(report=report, actor=people["henry"], on=date(2026, 2, 3))
    assert "更正中" not in text(client, "/reports/gaoshawo/") and "version=2" in text(client, "/reports/gaoshawo/")
    # withdrawn: the notice instead of the report
    r.report_send_back(report=report, actor=people["erin"], reason="报告数据有误，已撤回。", withdraw=True)
    assert "报告数据有误" in text(client, "/reports/gaoshawo/")
    assert client.get("/reports/gaoshawo/2025/").status_code == 410
    assert '"withdrawn"' in text(client, "/api/agencies/gaoshawo/reports")


def test_a_person_logged_in_never_gets_or_leaves_a_cached_page(client, publish, people):
    publish("高沙窝镇2026年第一季度临时救助对象名单公示")
    text(Client(), "/gk/gaoshawo/")  # cached for the public
    client.force_login(people["alice"])
    page = text(client, "/gk/gaoshawo/")
    assert "退出" in page or "我的待办" in page  # her own header, not the public's
    assert "我的待办" not in text(Client(), "/gk/gaoshawo/")


def test_a_form_on_a_cached_page_takes_each_readers_own_csrf_token(publish):
    item = publish("高沙窝镇2026年第一季度临时救助对象名单公示")
    url = f"/gk/gaoshawo/items/{item.pk}/"
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    text(first, url)  # now cached
    page = text(second, url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert "gk-csrf-token" not in page and second.cookies.get("csrftoken")
    response = second.post(url + "feedback/", {"csrfmiddlewaretoken": token, "rating": "5", "comment": "公示及时。"})
    assert response.status_code == 302
    # the message after the form is shown: that page is rendered for this reader, not taken from the cache
    assert "感谢您的评议" in text(second, url)
    assert "感谢您的评议" not in text(first, url)


def test_the_application_form_still_works_while_pages_are_cached(publish):
    publish("高沙窝镇2026年第一季度临时救助对象名单公示")
    browser = Client(enforce_csrf_checks=True)
    for url in ("/", "/gk/gaoshawo/"):
        text(browser, url)
        text(browser, url)
    page = text(browser, "/apply/gaoshawo/")
    assert "gk-csrf-token" not in page and 'name="csrfmiddlewaretoken"' in page


@pytest.mark.parametrize("url", ["/gk/gaoshawo/feed.rss", "/api/items?agency=gaoshawo"])
def test_feeds_and_the_api_answer_a_conditional_get(client, publish, url):
    publish("高沙窝镇2026年第一季度临时救助对象名单公示")
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    publish("高沙窝镇2026年第二季度临时救助对象名单公示")
    fresh = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    assert "第二季度" in text(client, url)
