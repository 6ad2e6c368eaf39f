import io
from datetime import timedelta

import pdfplumber
import pytest
from django.core.management import call_command

from gongkai.accounts.models import Region
from gongkai.disclosure.boards import board_sheet_pdf
from gongkai.disclosure.selectors import board_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def changliudun(town, clock):
    """长流墩村's board: two notices at the village, one at its hamlet 西沟子, one 公示 whose
    period has ended (no longer posted) and one on the website only."""
    from gongkai.disclosure.models import Category

    from tests.factories import published_item

    village = Region.objects.get(name="长流墩村")
    hamlet = village.children.get(name="西沟子")
    cat = {c.slug: c for c in Category.objects.filter(agency=town)}
    board = ("village-board", "wechat-group")
    year = clock.today.year
    published_item(
        town,
        f"长流墩村{year}年第三季度村级财务收支公示",
        category=cat["village-finance"],
        region=village,
        channels=board,
    )
    published_item(
        town,
        f"长流墩村{year}年临时救助对象公示",
        category=cat["temporary-relief"],
        region=village,
        channels=board,
        expires_at=clock.now() + timedelta(days=20),
    )
    published_item(
        town,
        f"长流墩村西沟子{year}年土地承包经营权确权情况公示",
        category=cat["land-compensation"],
        region=hamlet,
        channels=board,
    )
    published_item(
        town,
        "长流墩村占地补偿标准公示（已到期）",
        category=cat["land-compensation"],
        region=village,
        channels=board,
        expires_at=clock.now() - timedelta(days=1),
    )
    published_item(town, "高沙窝镇网站通知", category=cat["temporary-relief"], channels=("website",))
    return village


def pdf_text(data):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages), pdf.pages[0].width


def test_the_printed_board_sheet_is_a_pdf_with_the_titles(changliudun, clock):
    data = board_sheet_pdf(village=changliudun)
    assert data.startswith(b"%PDF")
    text, width = pdf_text(data)
    flat = text.replace("\n", "").replace(" ", "")
    today = clock.today
    assert "长流墩村村务公开栏" in flat and f"{today.year}年{today.month}月{today.day}日" in flat
    titles = list(board_items(village=changliudun).values_list("title", flat=True))
    assert len(titles) == 3 and all(t.replace(" ", "") in flat for t in titles)
    assert "已到期" not in flat and "网站通知" not in flat
    assert round(width) == 595  # A4 in points


def test_an_a3_sheet_is_bigger(changliudun):
    _, width = pdf_text(board_sheet_pdf(village=changliudun, paper="A3"))
    assert round(width) == 842


def test_the_cron_command_is_idempotent(changliudun):
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    call_command("publish_scheduled", stdout=out)
    assert out.getvalue().splitlines()[-1] == "已发布 0 条，已到期下线 0 条。"
