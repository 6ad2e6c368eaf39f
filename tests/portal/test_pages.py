"""The public pages a visitor reads, without JavaScript."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def subsidy(publish):
    return publish(
        "2025年涉农补贴发放公示",
        "<p>每亩补贴 100 元。</p><script>alert(1)</script>",
        village="长流墩村",
        doc_number="高政发〔2025〕3号",
    )


def test_the_home_page_lists_the_agencies_and_the_latest_items(client, subsidy):
    body = client.get("/").content.decode()
    assert '<html lang="zh-Hans">' in body and "政府信息公开" in body
    assert "高沙窝镇人民政府" in body and subsidy.title in body
    assert reverse("portal:column", args=["gaoshawo"]) in body


def test_every_portal_page_leads_an_applicant_to_their_applications(client, subsidy):
    for url in ("/", reverse("portal:column", args=["gaoshawo"]), reverse("portal:search")):
        body = client.get(url).content.decode()
        for target, label in ((reverse("apply-status"), "查询申请"), (reverse("account"), "我的申请")):
            assert f'<a href="{target}">{label}</a>' in body, (url, label)
    assert client.get(reverse("apply-status")).status_code == 200
    assert "登录" in client.get(reverse("account"), follow=True).content.decode()


def test_every_page_carries_a_content_security_policy(client, people):
    r = client.get("/")
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "<script>" not in r.content.decode()


def test_the_column_has_the_menu_of_a_government_website(client, subsidy):
    body = client.get(reverse("portal:column", args=["gaoshawo"])).content.decode()
    for label in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府开放日"):
        assert label in body
    assert "涉农补贴" in body and "长流墩村" in body


def test_the_guide_is_generated_from_the_agency_settings(client, people):
    body = client.get(reverse("portal:guide", args=["gaoshawo"])).content.decode()
    assert "高沙窝镇党政办" in body and "0953-6088001" in body and "宁夏盐池县高沙窝镇民生保障服务中心一楼" in body
    assert "20 个工作日" in body and "最长不得超过 20 个工作日" in body
    assert "第 11–30 件，每件 100 元" in body and "30 页以下" in body
    assert "盐池县人民政府" in body  # where to complain: the supervising agency


def test_the_rules_page_describes_the_review_chain(client, people):
    body = client.get(reverse("portal:rules", args=["gaoshawo"])).content.decode()
    assert "保密审查" in body and "村务公开栏" in body


def test_the_catalog_filters_by_category_level_and_village(client, publish, catalog):
    village_item = publish("长流墩村低保名单", category="relief", village="长流墩村")
    town_item = publish("镇级临时救助政策", category="relief")
    other = publish("扶贫资金使用情况", category="poverty")
    url = reverse("portal:catalog-category", args=["gaoshawo", "relief"])
    body = client.get(url).content.decode()
    assert village_item.title in body and town_item.title in body and other.title not in body
    body = client.get(url, {"level": "village"}).content.decode()
    assert village_item.title in body and town_item.title not in body
    body = client.get(
        reverse("portal:catalog", args=["gaoshawo"]), {"village": village_item.region_id}
    ).content.decode()
    assert village_item.title in body and other.title not in body


def test_unknown_agency_or_category_gives_a_chinese_404(client, people, catalog):
    r = client.get(reverse("portal:column", args=["nowhere"]))
    assert r.status_code == 404 and "页面不存在" in r.content.decode()
    r = client.get(reverse("portal:catalog-category", args=["gaoshawo", "nothing"]))
    assert r.status_code == 404 and "页面不存在" in r.content.decode()
    # Parameters are validated, not ignored (issue 14): a 400 that says what to fix.
    r = client.get(reverse("portal:catalog", args=["gaoshawo"]), {"village": "x'--", "year": "9" * 30})
    assert r.status_code == 400 and "请求有误" in r.content.decode()


def test_the_item_page_shows_the_metadata_and_sanitized_body(client, subsidy):
    body = client.get(reverse("portal:item", args=["gaoshawo", subsidy.pk])).content.decode()
    assert subsidy.title in body and "高政发〔2025〕3号" in body and "每亩补贴 100 元" in body
    assert "alert(1)" not in body


def test_a_draft_or_another_agencys_item_is_not_public(client, publish):
    draft = publish("草稿信息", state="draft")
    other = publish("大水坑镇信息", agency="dashuikeng")
    assert client.get(reverse("portal:item", args=["gaoshawo", draft.pk])).status_code == 404
    assert client.get(reverse("portal:item", args=["gaoshawo", other.pk])).status_code == 404


def test_the_correction_history_is_shown(client, subsidy):
    from django.utils import timezone

    from gongkai.disclosure.models import ItemVersion

    ItemVersion.objects.create(
        item=subsidy, number=1, title=subsidy.title, body="<p>每亩 90 元</p>", published_at=timezone.now()
    )
    ItemVersion.objects.create(
        item=subsidy,
        number=2,
        title=subsidy.title,
        body=subsidy.body,
        correction_note="更正补贴标准",
        published_at=timezone.now(),
    )
    body = client.get(reverse("portal:item", args=["gaoshawo", subsidy.pk])).content.decode()
    assert "更正记录" in body and "更正补贴标准" in body and "每亩 90 元" in body


def test_an_attachment_downloads_with_safe_headers(client, subsidy, settings, tmp_path):
    from gongkai.disclosure.models import ItemAttachment

    settings.MEDIA_ROOT = tmp_path
    att = ItemAttachment(item=subsidy, name="补贴明细表.pdf", kind="pdf", mime="text/html", size=8)
    att.file.save("a.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    r = client.get(reverse("portal:attachment", args=["gaoshawo", att.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E8%A1%A5%E8%B4%B4%E6%98%8E%E7%BB%86%E8%A1%A8.pdf" in r["Content-Disposition"]
    inline = client.get(reverse("portal:attachment", args=["gaoshawo", att.pk]), {"inline": "1"})
    assert inline["Content-Disposition"].startswith("inline;")
    assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    page = client.get(reverse("portal:item", args=["gaoshawo", subsidy.pk])).content.decode()
    assert 'type="application/pdf"' in page and "下载附件" in page


def test_the_search_page_shows_highlighted_results(client, subsidy):
    body = client.get(reverse("portal:search"), {"q": "补贴"}).content.decode()
    assert "找到 1 条" in body and "<mark>补贴</mark>" in body


def test_the_search_page_handles_bad_input(client, subsidy):
    for q in ["!!!@@@", "<script>alert(1)</script>", "补" * 300, "'; DROP TABLE x; --"]:
        r = client.get(reverse("portal:search"), {"q": q, "page": "abc", "year": "x"})
        assert r.status_code == 200
        assert "<script>alert" not in r.content.decode()
    body = client.get(reverse("portal:search"), {"q": "补" * 300}).content.decode()
    assert "过长" in body
    body = client.get(reverse("portal:search"), {"q": "火星基地"}).content.decode()
    assert "没有找到" in body and "试试" in body
    assert client.get(reverse("portal:search"), {"q": "补贴", "agency": "nowhere"}).status_code == 404


def test_feeds_list_the_published_items(client, subsidy):
    rss = client.get(reverse("portal:feed-rss", args=["gaoshawo"]))
    assert rss.status_code == 200 and subsidy.title in rss.content.decode()
    atom = client.get(reverse("portal:category-feed-atom", args=["gaoshawo", "subsidy"]))
    assert atom.status_code == 200 and "<feed" in atom.content.decode() and subsidy.title in atom.content.decode()
    assert client.get(reverse("portal:category-feed-rss", args=["gaoshawo", "none"])).status_code == 404


def test_the_api_serves_published_items_and_its_schema(client, subsidy, publish):
    publish("草稿", state="draft")
    items = client.get("/api/items", {"agency": "gaoshawo"}).json()
    assert [i["title"] for i in items["items"]] == [subsidy.title]
    assert items["items"][0]["village"] == "长流墩村"
    one = client.get(f"/api/items/{subsidy.pk}").json()
    assert one["doc_number"] == "高政发〔2025〕3号" and "每亩补贴" in one["text"]
    cats = client.get("/api/agencies/gaoshawo/categories").json()
    assert {"slug": "subsidy", "items": 1}.items() <= next(c for c in cats if c["slug"] == "subsidy").items()
    schema = client.get("/api/openapi.json").json()
    assert "/api/items" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


def test_the_larger_type_works_as_a_plain_link(client, people):
    r = client.get(reverse("portal:large-type"), {"next": "/gk/gaoshawo/"})
    assert r.status_code == 302 and r["Location"] == "/gk/gaoshawo/"
    assert '<html lang="zh-Hans" class="large">' in client.get("/").content.decode()
    client.get(reverse("portal:large-type"), {"next": "https://evil.example/"})
    assert '<html lang="zh-Hans">' in client.get("/").content.decode()
