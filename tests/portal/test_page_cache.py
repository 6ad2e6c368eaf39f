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


# ---- open days, village boards, the kiosk, report files ------------------------------------------


def test_open_day_pages_show_a_registration_an_edit_and_an_answer_on_the_next_request(client, event, people):
    open_day = event
    from gongkai.portal import services as portal

    urls = ["/gk/gaoshawo/open-days/", f"/gk/gaoshawo/open-days/{open_day.pk}/"]
    assert "已报名 0 人" in text(client, urls[1]) and "2026年政府开放日" in text(client, urls[0])
    portal.openday_register(open_day=open_day, name="张三", phone="13900000001")
    assert "已报名 1 人" in text(client, urls[1])
    portal.openday_update(open_day=open_day, actor=people["alice"], title="2026年第一期政府开放日")
    for url in urls:
        assert "2026年第一期政府开放日" in text(client, url), url
    opinion = portal.opinion_submit(open_day=open_day, content="建议增加参观点", now=open_day.starts_at)
    assert "建议增加参观点" in text(client, urls[1])
    portal.opinion_answer(opinion=opinion, actor=people["alice"], answer="明年增加养殖园区。")
    assert "明年增加养殖园区。" in text(client, urls[1])


def test_an_open_day_page_changes_when_registration_closes_though_no_one_saves(client, event, clock):
    open_day = event
    url = f"/gk/gaoshawo/open-days/{open_day.pk}/"
    clock.traveller.move_to(open_day.registration_closes_at - timedelta(minutes=2))
    assert 'name="phone"' in text(client, url)  # the registration form
    clock.traveller.shift(timedelta(minutes=3))
    assert 'name="phone"' not in text(client, url)


@pytest.fixture
def board_item(town, people, django_capture_on_commit_callbacks):
    """post(title) → an item of 长流墩村 on its 村务公开栏, published."""
    from gongkai.accounts.models import Region
    from gongkai.disclosure.models import Category, Channel

    village = Region.objects.get(name="长流墩村")
    board, _ = Channel.objects.get_or_create(code=Channel.VILLAGE_BOARD, defaults={"name": "村务公开栏"})

    def post(title):
        with django_capture_on_commit_callbacks(execute=True):
            item = s.item_create(
                actor=people["bob"],
                agency=town,
                channels=[board],
                category=Category.objects.get(agency=town, slug="temporary-relief"),
                unit=town.units.get(name="民生保障服务中心"),
                title=title,
                body="<p>现予公示。</p>",
                level="village",
                region=village,
                formed_on=timezone.localdate() - timedelta(days=2),
            )
            s.item_submit(actor=people["bob"], item=item)
            s.item_approve_unit(actor=people["heidi"], item=item)
            s.item_approve_leader(actor=people["carol"], item=item)
            return s.item_publish(actor=people["alice"], item=item, secrecy=ALL_CLEAR)

    post.village = village
    return post


def test_village_boards_and_the_kiosk_show_a_new_posting_and_a_withdrawal(client, board_item, people):
    village = board_item.village.pk
    first = board_item("长流墩村2026年第一季度临时救助公示")
    urls = [
        "/gk/gaoshawo/boards/",
        f"/gk/gaoshawo/boards/{village}/",
        "/kiosk/gaoshawo/?category=temporary-relief",
        f"/kiosk/gaoshawo/village/{village}/",
    ]
    for url in urls[1:]:
        assert "第一季度" in text(client, url), url
    assert "长流墩村" in text(client, urls[0]) and "第二季度" not in text(client, urls[1])
    second = board_item("长流墩村2026年第二季度临时救助公示")
    for url in urls[1:]:
        assert "第二季度" in text(client, url), url
    assert "第二季度" in text(client, f"/kiosk/gaoshawo/items/{second.pk}/")
    s.item_withdraw(actor=people["alice"], item=first, reason="名单有误")
    for url in urls[1:]:
        assert "第一季度" not in text(client, url), url


def test_the_printable_board_sheet_is_kept_no_longer_than_its_day(client, board_item, clock):
    """The sheet prints its date: the one cached five minutes before midnight is not served after it."""
    board_item("长流墩村2026年第一季度临时救助公示")
    url = f"/gk/gaoshawo/boards/{board_item.village.pk}/sheet.pdf"
    now = timezone.localtime()
    clock.traveller.move_to(now.replace(hour=23, minute=55))
    today = client.get(url)
    assert today.status_code == 200 and today.content.startswith(b"%PDF")
    assert client.get(url)["Content-Disposition"] == today["Content-Disposition"]  # from the cache
    clock.traveller.shift(timedelta(minutes=6))
    assert client.get(url)["Content-Disposition"] != today["Content-Disposition"]  # the new day's sheet


def test_a_report_file_is_cached_answers_a_conditional_get_and_follows_a_new_version(client, reports, people):
    from gongkai.reports import services as r
    from gongkai.reports.models import AnnualReport

    report = AnnualReport.objects.get(agency__slug="gaoshawo", year=2025)
    for ext, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
        url = f"/reports/gaoshawo/2025.{ext}"
        first = client.get(url)
        assert first.status_code == 200 and first.content.startswith(magic)
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    etag = client.get("/reports/gaoshawo/2025.pdf")["ETag"]
    r.report_send_back(report=report, actor=people["erin"], reason="第三部分总计有误，请核实。")
    AnnualReport.objects.filter(pk=report.pk).update(correction_note="更正第三部分总计。")
    report.refresh_from_db()
    r.report_submit(report=report, actor=people["alice"])
    r.report_approve(report=report, actor=people["henry"], on=date(2026, 2, 3))
    fresh = client.get("/reports/gaoshawo/2025.pdf", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    assert "%E7%AC%AC2%E7%89%88" in fresh["Content-Disposition"]  # （第2版）
    r.report_send_back(report=report, actor=people["erin"], reason="报告数据有误，已撤回。", withdraw=True)
    assert client.get("/reports/gaoshawo/2025.pdf").status_code == 410
