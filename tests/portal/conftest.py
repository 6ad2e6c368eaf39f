import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

TZ = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


@pytest.fixture
def catalog(people):
    """A few categories of 高沙窝镇 and 大水坑镇, as the OGI office would set them up."""
    from gongkai.accounts.models import Agency
    from gongkai.disclosure.models import Category

    gaoshawo = Agency.objects.get(slug="gaoshawo")
    dashuikeng = Agency.objects.get(slug="dashuikeng")
    made = {}
    for agency in (gaoshawo, dashuikeng):
        for order, (slug, name) in enumerate(
            [("subsidy", "涉农补贴"), ("relief", "临时救助"), ("poverty", "扶贫资金"), ("budget", "财政预算决算")]
        ):
            made[(agency.slug, slug)] = Category.objects.get_or_create(
                agency=agency, slug=slug, defaults={"name": name, "order": order}
            )[0]
    return made


@pytest.fixture
def publish(catalog):
    """publish(title, body=..., agency="gaoshawo", category="subsidy", village=None, when=...) → a
    published, indexed Item, made the way the disclosure services leave one."""
    from gongkai.accounts.models import Agency, Region, Unit
    from gongkai.disclosure.models import Item
    from gongkai.portal.search import index_item

    def make(
        title, body="", agency="gaoshawo", category="subsidy", village=None, when=None, state="published", **extra
    ):
        agency_obj = Agency.objects.get(slug=agency)
        unit = Unit.objects.filter(agency=agency_obj).order_by("pk").first()
        region = Region.objects.get(name=village, parent=agency_obj.region) if village else None
        when = when or datetime(2025, 3, next(_seq) % 28 + 1, 10, 0, tzinfo=TZ)
        item = Item.objects.create(
            agency=agency_obj,
            category=catalog[(agency, category)],
            unit=unit,
            title=title,
            body=body,
            level=Item.Level.VILLAGE if region else Item.Level.TOWN,
            region=region,
            formed_on=date(2025, 1, 2),
            state=state,
            published_at=when if state == "published" else None,
            version=1,
            created_by=unit_clerk(agency_obj),
            **extra,
        )
        index_item(item)
        return item

    return make


def unit_clerk(agency):
    from gongkai.accounts.models import Membership

    member = Membership.objects.filter(agency=agency).order_by("pk").first()
    return member.user if member else None


@pytest.fixture
def reports(people, gaoshawo, dashuikeng):
    """高沙窝镇's 2025 report published on 20 January 2026 and its 2026 report being drafted;
    大水坑镇's 2025 report submitted, not approved; 王乐井乡 none."""
    from gongkai.reports import services

    alice, dave = people["alice"], people["dave"]
    report = services.report_start(agency=gaoshawo, actor=alice, year=2025)
    services.report_save_texts(
        report=report,
        actor=alice,
        overview=report.overview,
        problems="一是公开内容不够全面。改进措施：完善公开目录。",
        other=report.other,
    )
    services.report_submit(report=report, actor=alice)
    services.report_approve(report=report, actor=people["henry"], on=date(2026, 1, 20))
    services.report_start(agency=gaoshawo, actor=alice, year=2026)
    services.report_submit(report=services.report_start(agency=dashuikeng, actor=dave, year=2025), actor=dave)


@pytest.fixture
def event(people):
    """高沙窝镇's 2026 open day, published by alice: in ten days, registration closing in eight, two places."""
    from django.utils import timezone

    from tests.factories import open_day

    alice = people["alice"]
    return open_day(alice.memberships.first().agency, alice, now=timezone.now())
