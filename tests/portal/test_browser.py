"""The portal in Debian's chromium, on the demo county: what a visitor does and sees.

live_server tests are transactional (the database is emptied after each), so each test loads the
demo itself. Screenshots of the main pages go to screenshots/ (git-ignored)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=live_server.url)
    pg = context.new_page()
    errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.errors = errors
    yield pg
    context.close()


def shot(pg, name, full=True):
    SHOTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def no_csp_violations(pg):
    assert not [e for e in pg.errors if "Content Security Policy" in e], pg.errors


def test_search_finds_the_subsidy_items_of_gaoshawo(page):
    page.goto("/")
    assert "高沙窝镇人民政府" in page.content()
    shot(page, "home")
    page.fill("#q-main", "补贴")
    page.press("#q-main", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    results = page.locator("ol.results > li")
    assert results.count() >= 5
    assert "高沙窝镇" in page.locator("ol.results").inner_text()
    assert page.locator("ol.results mark", has_text="补贴").count() >= 5
    shot(page, "search")
    page.fill("#q", "低保")  # a two-character word
    page.click("form.search-box button[type=submit]")
    page.wait_for_url(re.compile(r"q=%E4%BD%8E%E4%BF%9D"))
    assert page.locator("ol.results > li").count() >= 1 and "低保" in page.locator("ol.results").inner_text()
    page.goto("/search/?q=%E7%81%AB%E6%98%9F%E5%9F%BA%E5%9C%B0")  # 火星基地
    assert "没有找到" in page.content()
    page.goto("/gk/gaoshawo/")
    shot(page, "column")
    page.goto("/gk/gaoshawo/guide/")
    shot(page, "guide")
    page.goto("/gk/gaoshawo/catalog/farm-subsidies/")
    assert page.locator("table.catalog tbody tr").count() >= 1
    shot(page, "catalog")
    no_csp_violations(page)


def test_apply_then_receipt_then_status_by_query_code(page):
    from gongkai.applications import services
    from gongkai.applications.models import Application
    from gongkai.applications.deadlines import case_deadline

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto("/apply/gaoshawo/")
    assert page.locator("#field-org_name, [data-org-only]").first.is_hidden()
    page.fill("#id_phone", "1391234567")  # a mobile number one digit short
    page.locator("#id_phone").blur()
    assert "11 位" in page.locator("#id_phone ~ .live-error").inner_text()
    page.fill("#id_name", "马文华")
    page.select_option("#id_id_type", "resident")
    page.fill("#id_id_number", "640323199001011235")
    page.locator("#id_id_number").blur()
    assert "校验码" in page.locator("#id_id_number ~ .live-error").inner_text()
    page.fill("#id_id_number", "11010519491231002X")
    page.locator("#id_id_number").blur()
    assert page.locator("#id_id_number ~ .live-error").inner_text() == ""
    page.fill("#id_phone", "13912345678")
    page.fill("#id_email", "ma@example.org")
    page.fill("#id_address", "宁夏盐池县高沙窝镇长流墩村")
    page.fill("#id_info_name", "2026年长流墩村低保对象名单")
    page.fill("#id_info_description", "2026年第三季度长流墩村低保对象名单及补助标准")
    page.select_option("#id_delivery", "email")
    shot(page, "apply-phone")
    page.click("#apply-form button[type=submit]")
    page.wait_for_url(re.compile(r"/apply/receipt/"))
    code = page.locator("#query-code").inner_text()
    assert page.locator("#case-number").inner_text() and len(code) >= 12
    assert "马文华" not in page.content() and "13912345678" not in page.content()
    shot(page, "receipt")
    case = Application.objects.get(query_code=code)
    # alice confirms receipt today (第三十一条: online, the day both sides confirm)
    case = services.case_confirm_receipt(
        case=case, actor=case.agency.memberships.get(role="ogi").user, on=services.today()
    )
    due = case_deadline(case)
    page.goto("/apply/status/")
    page.fill("#id_code", code.lower())
    page.click("form.public-form button[type=submit]")
    page.wait_for_selector("#due-date")
    assert page.locator("#due-date").inner_text() == due.date.isoformat()
    assert "计算说明" in page.content() and "马文华" not in page.content()
    shot(page, "status")
    assert code not in page.url
    page.goto("/apply/status/")
    page.fill("#id_code", "ABCDEFGHJKLM")
    page.click("form.public-form button[type=submit]")
    assert "没有找到" in page.content()
    no_csp_violations(page)


def test_the_kiosk_browses_by_village_and_returns_home_when_idle(page):
    page.set_viewport_size({"width": 1080, "height": 1920})
    # A long timeout while the layout is checked (a loaded machine can take seconds for it) ...
    page.goto("/kiosk/gaoshawo/?idle=120")
    shot(page, "kiosk-home", full=False)
    tile = page.locator("a.k-tile", has_text="长流墩村")
    box = tile.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 48
    tile.click()
    page.wait_for_url(re.compile(r"/kiosk/gaoshawo/village/\d+/"))
    assert page.locator("a.k-row").count() >= 1
    for btn in page.locator(".k-btn").all():
        assert btn.bounding_box()["height"] >= 48
    shot(page, "kiosk-village", full=False)
    page.locator("a.k-row").first.click()
    page.wait_for_url(re.compile(r"/kiosk/gaoshawo/items/\d+/"))
    # ... then a short one: no touch for 3 seconds, back to the kiosk's home page.
    page.goto(page.url.split("?")[0] + "?idle=3")
    page.wait_for_url(re.compile(r"/kiosk/gaoshawo/$"), timeout=15000)
    assert "涉农补贴、扶贫资金查询" in page.content()
    no_csp_violations(page)


def test_feedback_is_shown_after_moderation(page, live_server):
    from gongkai.disclosure.models import Item
    from gongkai.portal.models import Feedback

    item = Item.objects.public().filter(agency__slug="gaoshawo").order_by("-published_at").first()
    page.goto(f"/gk/gaoshawo/items/{item.pk}/")
    page.check("input[name=rating][value='5']")
    page.fill("#id_comment", "<b>加粗</b>")
    page.locator("#id_comment").blur()
    assert "网页代码" in page.locator("#id_comment ~ .live-error").inner_text()
    page.fill("#id_comment", "公示内容清楚，建议同时张贴到村公开栏。")
    page.click("#feedback button[type=submit]")
    page.wait_for_url(re.compile(r"#feedback$"))
    assert "审核后公开" in page.content()
    assert "建议同时张贴到村公开栏" not in page.locator("#feedback .card").all_inner_texts().__str__()
    # alice, the OGI office, approves it with a reply
    page.goto("/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "alice-gongkai")
    page.click("form button[type=submit]")
    page.goto("/staff/portal/feedback/")
    card = page.locator(".card", has_text="建议同时张贴到村公开栏")
    card.locator("input[value=approve]").check()
    card.locator("textarea").fill("已在长流墩村公开栏同步张贴。")
    card.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/portal/feedback/"))
    assert Feedback.objects.get().status == "approved"
    page.goto(f"/gk/gaoshawo/items/{item.pk}/")
    text = page.locator("#feedback").inner_text()
    assert "建议同时张贴到村公开栏" in text and "已在长流墩村公开栏同步张贴。" in text
    shot(page, "item-feedback")
    # the larger-type toggle works and persists
    page.click("[data-large-toggle]")
    assert "large" in page.evaluate("document.documentElement.className")
    page.reload()
    assert "large" in page.evaluate("document.documentElement.className")
    no_csp_violations(page)


def test_a_visitor_downloads_the_2025_report_of_gaoshawo_and_reads_its_tables(page, tmp_path):
    """From the home page through 高沙窝镇's column to its 2025 annual report; the DOCX and the PDF
    downloaded carry section 三 with the published numbers."""
    import subprocess

    import docx

    from gongkai.reports.models import ReportVersion

    frozen = ReportVersion.objects.get(report__agency__slug="gaoshawo", report__year=2025).data
    columns = ["natural", "commercial", "research", "social", "legal", "other", "total"]
    new_row = [str(frozen["tables"]["applications"]["new"][c]) for c in columns]  # 一、本年新收… of section 三

    page.goto("/")
    page.click("ul.agency-grid >> text=高沙窝镇人民政府")
    page.wait_for_url(re.compile(r"/gk/gaoshawo/$"))
    page.click("nav.column-menu >> text=政府信息公开年报")
    page.wait_for_url(re.compile(r"/reports/gaoshawo/$"))
    row = page.locator("#report-2025")
    assert [row.locator(f"a:text-is('{kind}')").count() for kind in ("HTML", "DOCX", "PDF")] == [1, 1, 1]
    assert page.locator("#report-2026").count() == 0  # the 2026 draft is not public
    shot(page, "portal-reports-list")
    page.click("#report-2025 th a")
    page.wait_for_url(re.compile(r"/reports/gaoshawo/2025/$"))
    assert "三、收到和处理政府信息公开申请情况" in page.inner_text("main")
    new_cells = page.locator("#table-applications tbody tr").filter(has_text="本年新收政府信息公开申请数量")
    assert [t.strip() for t in new_cells.locator("td").all_inner_texts()] == new_row
    shot(page, "portal-report-2025")

    with page.expect_download() as docx_download:
        page.click("#download-docx")
    docx_path = tmp_path / docx_download.value.suggested_filename
    docx_download.value.save_as(docx_path)
    with page.expect_download() as pdf_download:
        page.click("#download-pdf")
    pdf_path = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf_path)
    assert docx_path.name == "高沙窝镇人民政府2025年政府信息公开工作年度报告.docx"  # Chinese names (issue 13)
    assert pdf_path.name == "高沙窝镇人民政府2025年政府信息公开工作年度报告.pdf"

    document = docx.Document(str(docx_path))
    assert "三、收到和处理政府信息公开申请情况" in [p.text.strip() for p in document.paragraphs]
    rows = [[c.text.strip() for c in r.cells] for t in document.tables for r in t.rows]
    (docx_row,) = [r for r in rows if r[0] == "一、本年新收政府信息公开申请数量"]
    assert docx_row[-len(columns) :] == new_row

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "三、收到和处理政府信息公开申请情况" in text
    (pdf_line,) = [line for line in text.splitlines() if "本年新收政府信息公开申请数量" in line]
    assert pdf_line.split()[-len(columns) :] == new_row
    no_csp_violations(page)
