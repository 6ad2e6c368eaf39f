import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.disclosure.models import Category, Channel, DecisionTally, Item

from .conftest import ALL_CLEAR

pytestmark = pytest.mark.django_db


def form_data(town, **overrides):
    data = {
        "agency": "gaoshawo",
        "title": "关于发放2026年耕地地力保护补贴的公示",
        "category": Category.objects.get(agency=town, slug="farm-subsidies").pk,
        "unit": town.units.get(name="民生保障服务中心").pk,
        "level": "town",
        "disclosure": "proactive",
        "validity": "valid",
        "formed_on": "2026-03-02",
        "body": "<p>补贴标准每亩 80 元。</p>",
        "channels": [Channel.objects.get(code="website").pk],
    }
    data.update(overrides)
    return data


def pdf_bytes():
    from weasyprint import HTML

    return HTML(string="<p>补贴名单</p>").write_pdf()


def test_bob_drafts_an_item_and_is_told_the_script_was_removed(client, town, people):
    client.force_login(people["bob"])
    data = form_data(town, body='<p>补贴</p><script>alert("x")</script>')
    r = client.post(reverse("disclosure:item-new"), data, follow=True)
    assert r.status_code == 200
    body = r.content.decode()
    assert "脚本、样式或事件属性已被移除" in body
    item = Item.objects.get(title=data["title"])
    assert "<script" not in item.body and item.state == "draft"


def test_an_unknown_category_gets_a_chinese_message(client, town, people):
    client.force_login(people["bob"])
    r = client.post(reverse("disclosure:item-new"), form_data(town, category="999999"))
    assert r.status_code == 200
    assert "所选类目不存在或不属于本机关的公开目录" in r.content.decode()
    assert not Item.objects.exists()


def test_an_expiry_before_the_scheduled_publication_is_refused(client, town, people):
    client.force_login(people["bob"])
    data = form_data(town, publish_at="2026-04-10T09:00", expires_at="2026-04-01T09:00")
    r = client.post(reverse("disclosure:item-new"), data)
    assert "到期下线时间必须晚于定时发布时间" in r.content.decode()
    assert not Item.objects.exists()


def test_a_disguised_attachment_is_rejected_and_nothing_is_saved(client, town, people):
    client.force_login(people["bob"])
    fake = SimpleUploadedFile("名单.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="application/pdf")
    r = client.post(reverse("disclosure:item-new"), {**form_data(town), "attachment": fake})
    assert "内容不是 PDF、DOCX、XLSX 或图片" in r.content.decode()
    assert not Item.objects.exists()


def test_a_renamed_image_is_rejected(client, town, people):
    from gongkai.disclosure.content import check_attachment
    from django.core.exceptions import ValidationError

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    with pytest.raises(ValidationError) as exc:
        check_attachment(SimpleUploadedFile("名单.pdf", png))
    assert "扩展名与文件内容" in str(exc.value)


def test_an_oversize_attachment_is_rejected(town, people, settings, monkeypatch):
    from django.core.exceptions import ValidationError

    from gongkai.disclosure import content

    monkeypatch.setattr(content, "MAX_ATTACHMENT_BYTES", 1000)
    with pytest.raises(ValidationError) as exc:
        content.check_attachment(SimpleUploadedFile("大文件.pdf", b"%PDF-1.4" + b"0" * 2000))
    assert "超过" in str(exc.value)


def test_a_pdf_attachment_keeps_its_text_and_feeds_the_guard(make_item, people, tmp_path, settings):
    from gongkai.disclosure import services as s

    settings.MEDIA_ROOT = tmp_path
    from weasyprint import HTML

    data = HTML(string="<p>联系人手机 13912345678</p>").write_pdf()
    item = make_item()
    attachment = s.item_attach(actor=people["bob"], item=item, upload=SimpleUploadedFile("名单.pdf", data))
    assert attachment.kind == "pdf" and "13912345678" in attachment.text
    assert [f.kind for f in s.personal_data_in(item)] == ["mobile"]


def test_a_docx_attachment_keeps_its_text(make_item, people, tmp_path, settings):
    import docx

    from gongkai.disclosure import services as s

    settings.MEDIA_ROOT = tmp_path
    document = docx.Document()
    document.add_paragraph("危房改造对象：王**")
    buffer = io.BytesIO()
    document.save(buffer)
    attachment = s.item_attach(
        actor=people["bob"], item=make_item(), upload=SimpleUploadedFile("对象.docx", buffer.getvalue())
    )
    assert attachment.kind == "docx" and "危房改造对象" in attachment.text


def test_the_review_chain_through_the_pages(client, make_item, people):
    item = make_item(body="<p>联系电话 13912345678</p>")

    def act(who, action, data=None):
        client.force_login(people[who])
        return client.post(reverse("disclosure:item-action", args=[item.pk, action]), data or {})

    assert act("bob", "submit").status_code == 302
    assert act("bob", "approve_unit").status_code == 403
    act("heidi", "approve_unit")
    act("carol", "approve_leader")
    client.force_login(people["alice"])
    page = client.get(reverse("disclosure:item", args=[item.pk])).content.decode()
    assert "个人信息检查" in page and "139****5678" in page
    checks = {f"secrecy_{k}": "on" for k in ALL_CLEAR}
    r = act("alice", "publish", checks)
    assert r.status_code == 400 and "手机号码 1 处" in r.content.decode()
    r = act(
        "alice",
        "publish",
        {k: v for k, v in checks.items() if k != "secrecy_privacy"} | {"personal_data_reason": "公示要求"},
    )
    assert r.status_code == 400 and "个人隐私" in r.content.decode()
    r = act("alice", "publish", {**checks, "personal_data_reason": "《社会救助暂行办法》要求公示联系电话"})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.state == "published"


def test_heidi_sees_the_item_in_her_todo_list(client, make_item, people):
    from gongkai.disclosure import services as s

    item = s.item_submit(actor=people["bob"], item=make_item())
    client.force_login(people["heidi"])
    body = client.get(reverse("staff-home")).content.decode()
    assert "待我审核（站所负责人）" in body and item.title in body
    client.force_login(people["carol"])
    assert item.title not in client.get(reverse("staff-home")).content.decode()


def test_dave_cannot_see_gaoshawo_items(client, make_item, people):
    item = make_item()
    client.force_login(people["dave"])
    assert client.get(reverse("disclosure:item", args=[item.pk])).status_code == 403
    assert client.post(reverse("disclosure:item-action", args=[item.pk, "submit"])).status_code == 403
    assert client.get(reverse("disclosure:items") + "?agency=gaoshawo").content.decode().count(item.title) == 0


def test_the_item_list_filters_by_state(client, make_item, people):
    item = make_item()
    client.force_login(people["alice"])
    body = client.get(reverse("disclosure:items"), {"state": "draft"}).content.decode()
    assert item.title in body
    body = client.get(reverse("disclosure:items"), {"state": "published"}).content.decode()
    assert item.title not in body


def test_tallies_are_previewed_before_import(client, town, people):
    client.force_login(people["alice"])
    url = reverse("disclosure:tally-import") + "?agency=gaoshawo"
    csv_file = SimpleUploadedFile("tallies.csv", "年度,月份,类型,数量\n2025,1,行政处罚,7\n2025,2,行政许可,3\n".encode())
    r = client.post(url, {"file": csv_file})
    assert "确认导入 2 行" in r.content.decode()
    assert not DecisionTally.objects.exists()
    r = client.post(url, {"confirm": "1"}, follow=True)
    assert "已导入 2 行" in r.content.decode()
    assert DecisionTally.objects.get(year=2025, month=1, kind="penalty").count == 7


def test_a_bad_row_blocks_the_whole_import(client, town, people):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (
        ["年度", "月份", "类型", "数量"],
        [2025, 1, "行政处罚", 7],
        [2025, 13, "行政处罚", 2],
        [2025, 3, "罚款", 1],
    ):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(people["alice"])
    url = reverse("disclosure:tally-import") + "?agency=gaoshawo"
    r = client.post(url, {"file": SimpleUploadedFile("tallies.xlsx", buffer.getvalue())})
    body = r.content.decode()
    assert "第 3、4 行有错误" in body and "月份 13 超出范围" in body and "类型“罚款”无法识别" in body
    assert "确认导入" not in body
    r = client.post(url, {"confirm": "1"}, follow=True)
    assert "没有待确认的导入" in r.content.decode()
    assert not DecisionTally.objects.exists()


def test_a_register_record_with_dates_out_of_order_is_refused(client, town, people):
    client.force_login(people["alice"])
    url = reverse("disclosure:register", args=["normative"]) + "?agency=gaoshawo"
    r = client.post(
        url,
        {
            "agency": "gaoshawo",
            "kind": "normative",
            "doc_number": "高政发〔2026〕1号",
            "title": "高沙窝镇村规民约指导意见",
            "made_on": "2026-03-01",
            "published_on": "2026-02-01",
            "validity": "valid",
        },
    )
    assert "公开日期不能早于制发日期" in r.content.decode()


def test_the_board_list_prints_the_same_sheet_the_villagers_see(client, town, people):
    import re

    from gongkai.accounts.models import Region

    client.force_login(people["alice"])
    page = client.get(reverse("disclosure:boards")).content.decode()
    village = Region.objects.get(name="长流墩村")
    a3 = reverse("portal:board-sheet", args=[town.slug, village.pk]) + "?paper=A3"
    assert "长流墩村" in page and a3 in page
    assert not [u for u in re.findall(r'href="([^"]+sheet[^"]*)"', page) if not u.startswith("/gk/")]
    r = client.get(a3)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")


def test_every_staff_page_opens_on_the_demo(client, demo_people):
    from gongkai.disclosure import demo

    demo.load()
    client.force_login(demo_people["alice"])
    urls = [
        reverse("staff-home"),
        reverse("disclosure:items"),
        reverse("disclosure:catalog"),
        reverse("disclosure:boards"),
        reverse("disclosure:tally-import"),
        reverse("disclosure:item-new"),
    ]
    urls += [
        reverse("disclosure:register", args=[k]) for k in ("normative", "powers", "tallies", "fees", "procurement")
    ]
    urls += [reverse("disclosure:register", args=["tallies"]) + "?year=2020"]
    for state in Item.State.values:
        item = Item.objects.filter(state=state).first()
        if item:
            urls.append(reverse("disclosure:item", args=[item.pk]))
    for url in urls:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("disclosure:register", args=["powers"]) + "?year=2020").content.decode()
    assert "处理决定数量：192" in page  # labels from the format declaration, not codes
    assert "待党政办审核发布" in client.get(reverse("staff-home")).content.decode()
