"""Details a reader meets: line breaks kept, per-village counts on the kiosk, catalogue counts with
children, a favicon."""

import pytest

from gongkai.disclosure.content import sanitize_body

pytestmark = pytest.mark.django_db

LIST = "经审核，以下对象符合临时救助条件：\n1. 马某某\n2. 李某某\n\n公示期为 7 天。"


def test_a_typed_list_keeps_its_lines_and_paragraphs():
    clean, _removed = sanitize_body(LIST)
    assert clean == "<p>经审核，以下对象符合临时救助条件：<br>1. 马某某<br>2. 李某某</p><p>公示期为 7 天。</p>"
    assert sanitize_body("<p>已有段落</p>\n<p>第二段</p>")[0] == "<p>已有段落</p>\n<p>第二段</p>"


def test_the_public_page_and_the_kiosk_show_each_name_on_its_line(client, publish):
    item = publish("长流墩村临时救助对象公示", body=LIST, village="长流墩村", category="relief")
    for url in (f"/gk/gaoshawo/items/{item.pk}/", f"/kiosk/gaoshawo/items/{item.pk}/"):
        body = client.get(url).content.decode()
        assert "1. 马某某<br>2. 李某某" in body, url


def test_a_kiosk_village_page_counts_that_villages_items(client, publish):
    from gongkai.accounts.models import Region

    for n in range(2):
        publish(f"长流墩村临时救助公示{n}", village="长流墩村", category="relief")
    for n in range(3):
        publish(f"镇级临时救助公示{n}", category="relief")
    village = Region.objects.get(name="长流墩村")
    body = client.get(f"/kiosk/gaoshawo/village/{village.pk}/").content.decode()
    assert "临时救助（2）" in body and "临时救助（5）" not in body


def test_a_parent_category_counts_the_items_of_its_children(client, publish, catalog):
    from gongkai.disclosure.models import Category

    parent = Category.objects.create(
        agency=catalog[("gaoshawo", "relief")].agency, slug="key-areas", name="重点领域信息"
    )
    child = catalog[("gaoshawo", "relief")]
    child.parent = parent
    child.save()
    publish("临时救助公示", category="relief")
    from gongkai.portal.selectors import category_tree

    counts = {c.name: n for c, _depth, n in category_tree(parent.agency)}
    assert counts["重点领域信息"] == 1 and counts["临时救助"] == 1


def test_the_favicon_is_served(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r["Content-Type"] == "image/x-icon" and r.content[:4] == b"\x00\x00\x01\x00"
