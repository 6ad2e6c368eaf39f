from datetime import date

import pytest


@pytest.fixture
def town(people):
    """高沙窝镇 with its statutory catalog."""
    from gongkai.accounts.models import Agency
    from gongkai.disclosure.services import catalog_seed

    gaoshawo = Agency.objects.get(slug="gaoshawo")
    catalog_seed(agency=gaoshawo)
    return gaoshawo


@pytest.fixture
def make_item(town, people):
    """bob drafts an item of 民生保障服务中心 (default: a 临时救助 notice on the website)."""
    from gongkai.disclosure.models import Category, Channel
    from gongkai.disclosure.services import item_create

    def make(**overrides):
        channels = overrides.pop("channels", None) or [Channel.objects.get(code="website")]
        fields = {
            "category": Category.objects.get(agency=town, slug="temporary-relief"),
            "unit": town.units.get(name="民生保障服务中心"),
            "title": "高沙窝镇2026年第一季度临时救助对象名单公示",
            "body": "<p>经审核，以下对象符合临时救助条件，现予公示。</p>",
            "formed_on": date(2026, 3, 2),
        }
        fields.update(overrides)
        return item_create(actor=people["bob"], agency=town, channels=channels, **fields)

    return make


ALL_CLEAR = {
    "state_secret": True,
    "work_secret": True,
    "business_secret": True,
    "privacy": True,
    "process_info": True,
    "other_prohibited": True,
}
