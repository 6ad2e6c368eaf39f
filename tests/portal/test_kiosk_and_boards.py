"""The kiosk (一体查询机) and the village boards (村务公开栏), read without JavaScript."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(publish):
    from gongkai.disclosure.models import Channel

    board, _ = Channel.objects.get_or_create(code=Channel.VILLAGE_BOARD, defaults={"name": "村务公开栏"})
    item = publish("长流墩村2025年耕地地力保护补贴发放公示", "<p>按每亩标准发放。</p>", village="长流墩村")
    item.channels.add(board)
    publish("高沙窝村扶贫资金项目公示", category="poverty", village="高沙窝村")
    publish("镇财政预算", category="budget")
    return item


def test_the_kiosk_puts_subsidies_and_poverty_funds_first(client, posted):
    body = client.get(reverse("portal:kiosk-agency", args=["gaoshawo"])).content.decode()
    assert body.index("涉农补贴") < body.index("按村（社区）查询") and "扶贫资金" in body
    assert "长流墩村" in body and 'data-idle-seconds="60"' in body
    assert "Content-Security-Policy" in client.get(reverse("portal:kiosk")).headers


def test_the_kiosk_browses_a_village_and_a_category(client, posted):
    url = reverse("portal:kiosk-village", args=["gaoshawo", posted.region_id])
    body = client.get(url).content.decode()
    assert posted.title in body and "高沙窝村扶贫资金项目公示" not in body
    body = client.get(url, {"category": "poverty"}).content.decode()
    assert posted.title not in body and "暂无公开信息" in body
    body = client.get(reverse("portal:kiosk-item", args=["gaoshawo", posted.pk])).content.decode()
    assert "按每亩标准发放" in body


def test_the_kiosk_timeout_is_configurable(client, posted, settings):
    assert (
        'data-idle-seconds="5"'
        in client.get(reverse("portal:kiosk-agency", args=["gaoshawo"]), {"idle": "5"}).content.decode()
    )
    settings.KIOSK_IDLE_SECONDS = 90
    assert 'data-idle-seconds="90"' in client.get(reverse("portal:kiosk"), {"idle": "x"}).content.decode()


def test_unknown_kiosk_village_is_a_404(client, posted):
    from gongkai.accounts.models import Region

    other = Region.objects.get(name="大水坑村")
    assert client.get(reverse("portal:kiosk-village", args=["gaoshawo", other.pk])).status_code == 404


def test_each_village_board_has_a_page_and_a_printable_sheet(client, posted):
    body = client.get(reverse("portal:boards", args=["gaoshawo"])).content.decode()
    assert "长流墩村" in body
    body = client.get(reverse("portal:board", args=["gaoshawo", posted.region_id])).content.decode()
    assert posted.title in body and "镇财政预算" not in body
    r = client.get(reverse("portal:board-sheet", args=["gaoshawo", posted.region_id]), {"paper": "A3"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF") and r["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in r["Content-Disposition"]
