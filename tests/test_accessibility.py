"""axe-core (vendored under tests/fixtures/axe, MPL-2.0) on the public pages and the main staff
pages: no serious or critical WCAG 2.1 A/AA violation; keyboard use with a visible focus."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.browser import ARGS

AXE = (Path(__file__).resolve().parent / "fixtures" / "axe" / "axe.min.js").read_text(encoding="utf-8")
RUN = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""
TZ = ZoneInfo("Asia/Shanghai")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(people, gaoshawo, settings, tmp_path):
    """高沙窝镇 with its catalogue, two published items (one in a village) and a published report."""
    from django.apps import apps
    from importlib import import_module

    from gongkai.disclosure.models import Category, Item
    from gongkai.disclosure.services import catalog_seed
    from gongkai.portal.search import index_item
    from gongkai.reports import services

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    import_module("gongkai.disclosure.migrations.0001_initial").seed_channels(apps, None)
    catalog_seed(agency=gaoshawo)
    unit = gaoshawo.units.get(name="民生保障服务中心")
    relief = Category.objects.get(agency=gaoshawo, slug="temporary-relief")
    village = gaoshawo.region.children.order_by("code").first()
    items = []
    for title, region in (("高沙窝镇2026年城乡低保动态管理情况公示", None), ("长流墩村临时救助对象公示", village)):
        item = Item.objects.create(
            agency=gaoshawo,
            unit=unit,
            category=relief,
            title=title,
            region=region,
            body="<p>经审核，以下对象符合条件：</p><p>1. 马某某</p>",
            formed_on=date(2026, 3, 2),
            state=Item.State.PUBLISHED,
            version=1,
            published_at=datetime(2026, 3, 5, 9, tzinfo=TZ),
        )
        index_item(item)
        items.append(item)
    report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2025, today=date(2026, 1, 5))
    services.report_save_texts(
        report=report, actor=people["alice"], overview="全年依法公开政府信息。", problems="无。", other="无。"
    )
    services.report_submit(report=report, actor=people["alice"])
    services.report_approve(report=report, actor=people["henry"], on=date(2026, 1, 20))
    return {"item": items[0], "village": village}


def violations(page, url):
    page.goto(url)
    page.evaluate(AXE)
    return page.evaluate(RUN)


def open_browser():
    from playwright.sync_api import sync_playwright

    p = sync_playwright().start()
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    # The pages' CSP forbids injected scripts; the audit bypasses it, the pages stay as served.
    return p, browser, browser.new_context(locale="zh-CN", bypass_csp=True).new_page()


def test_public_and_staff_pages_have_no_serious_violations(live_server, site):
    item, village = site["item"], site["village"]
    public = [
        "/",
        "/gk/gaoshawo/",
        "/gk/gaoshawo/catalog/",
        f"/gk/gaoshawo/items/{item.pk}/",
        "/search/?q=低保",
        "/gk/gaoshawo/guide/",
        "/reports/gaoshawo/",
        "/reports/gaoshawo/2025/",
        "/kiosk/gaoshawo/",
        f"/kiosk/gaoshawo/village/{village.pk}/",
        "/accounts/login/",
        "/apply/account/login/",
        "/apply/account/register/",
        "/apply/account/reset/",
        "/apply/account/reset/confirm/",
    ]
    staff = [
        "/staff/",
        "/staff/disclosure/?agency=gaoshawo",
        f"/staff/disclosure/items/{item.pk}/",
        "/staff/applications/",
        "/staff/reports/gaoshawo/",
        "/staff/reports/gaoshawo/2025/",
        "/staff/deadline/",
    ]
    p, browser, page = open_browser()
    try:
        found = {url: violations(page, live_server.url + url) for url in public}
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_username", "alice")
        page.fill("#id_password", "alice-gongkai")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        found.update({url: violations(page, live_server.url + url) for url in staff})
    finally:
        browser.close()
        p.stop()
    assert {url: v for url, v in found.items() if v} == {}


def test_a_keyboard_user_skips_to_the_content_and_sees_where_the_focus_is(live_server, site):
    p, browser, page = open_browser()
    try:
        page.goto(live_server.url + "/gk/gaoshawo/")
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.textContent.trim(), getComputedStyle(document.activeElement).outlineStyle]"
        )
        assert focused[0] == "跳到正文" and focused[1] != "none"
        page.keyboard.press("Enter")
        assert page.url.endswith("#main")
        page.keyboard.press("Tab")
        style = page.evaluate("() => getComputedStyle(document.activeElement)")
        outline = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"
        )
        assert outline[0] != "none" and outline[1] != "0px", style
    finally:
        browser.close()
        p.stop()
