"""更正 can remove or replace an item's attachments: the public sees the corrected version only,
the old file stays in the item's history for the staff."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.disclosure import services as s
from gongkai.disclosure.models import ItemAttachment

from .conftest import ALL_CLEAR

pytestmark = pytest.mark.django_db


def pdf(text):
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


@pytest.fixture
def published(make_item, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = make_item(title="高沙窝镇2026年临时救助对象名单公示")
    s.item_attach(actor=people["bob"], item=item, upload=SimpleUploadedFile("救助名单.pdf", pdf("救助金额 800 元")))
    s.item_attach(actor=people["bob"], item=item, upload=SimpleUploadedFile("说明.pdf", pdf("申请条件")))
    s.item_submit(actor=people["bob"], item=item)
    s.item_approve_unit(actor=people["heidi"], item=item)
    s.item_approve_leader(actor=people["carol"], item=item)
    return s.item_publish(actor=people["alice"], item=item, secrecy=ALL_CLEAR)


def test_alice_replaces_a_wrong_list_and_the_public_sees_only_the_corrected_one(client, published, people, town):
    old = published.attachments.get(name="救助名单.pdf")
    client.force_login(people["alice"])
    r = client.post(
        reverse("disclosure:item-action", args=[published.pk, "correct"]),
        {
            "title": published.title,
            "body": published.body,
            "note": "救助金额有误，更换名单",
            "remove_attachments": [old.pk],
            "add_attachments": [SimpleUploadedFile("救助名单（更正）.pdf", pdf("救助金额 900 元"))],
        },
    )
    assert r.status_code == 302
    published.refresh_from_db()
    assert published.version == 2
    assert sorted(a.name for a in published.attachments.all()) == ["救助名单（更正）.pdf", "说明.pdf"]
    event = published.events.get(verb="correct")
    assert event.after["attachments_removed"] == ["救助名单.pdf"]
    assert event.after["attachments_added"] == ["救助名单（更正）.pdf"]

    client.logout()
    page = client.get(reverse("portal:item", args=[town.slug, published.pk])).content.decode()
    assert "救助名单（更正）.pdf" in page and "救助名单.pdf" not in page
    assert client.get(reverse("portal:attachment", args=[town.slug, old.pk])).status_code == 404

    client.force_login(people["alice"])
    staff = client.get(reverse("disclosure:item", args=[published.pk])).content.decode()
    history = staff.split('id="attachment-history"')[1].split("</ul>")[0]
    assert "救助名单.pdf" in history and "第 1 版起公开，第 2 版更正时删除或替换" in history
    old_file = client.get(reverse("disclosure:attachment", args=[old.pk]))
    assert old_file.status_code == 200 and b"".join(old_file).startswith(b"%PDF")


def test_a_corrected_attachment_with_personal_data_is_stopped_and_nothing_changes(published, people):
    before = set(ItemAttachment.every_version.values_list("pk", flat=True))
    with pytest.raises(s.PersonalDataFound):
        s.item_correct(
            actor=people["alice"],
            item=published,
            note="补充联系方式",
            add_attachments=[SimpleUploadedFile("联系人.pdf", pdf("联系人手机 13912345678"))],
            remove_attachments=[published.attachments.first().pk],
        )
    published.refresh_from_db()
    assert published.version == 1 and published.attachments.count() == 2
    assert set(ItemAttachment.every_version.values_list("pk", flat=True)) == before


def test_an_attachment_of_another_item_cannot_be_removed_by_a_correction(published, make_item, people):
    other = make_item(title="另一条信息")
    mine = s.item_attach(actor=people["bob"], item=other, upload=SimpleUploadedFile("其他.pdf", pdf("其他")))
    with pytest.raises(Exception, match="要删除的附件不属于这条信息"):
        s.item_correct(actor=people["alice"], item=published, note="更正", remove_attachments=[mine.pk])
